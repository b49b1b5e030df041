// New Relic's answers as newrelic/newrelic-client-go, New Relic's own Go client, records them: NerdGraph NRQL
// bodies from pkg/nrdb's unit tests, the GraphQL errors internal/http retries (HTTP 200 with an errorClass),
// the client's retry policy, and the range its API takes for NRQL's timeout.

import type { FixtureBody, Recording, RecordingSource } from "./types.ts";

const REPOSITORY = "newrelic/newrelic-client-go";
const COMMIT = "dc87be368874e66d6e82141c48376cf669fcfb8e";

function source(path: string): RecordingSource {
  return { repository: REPOSITORY, commit: COMMIT, path };
}

/** The text of a Go function (`func Name(...) ... {` to its closing brace at column 0). */
function goFunction(text: string, signature: RegExp): string {
  const start = text.search(signature);
  if (start < 0) throw new Error(`no function matching ${String(signature)}`);
  const end = text.indexOf("\n}\n", start);
  if (end < 0) throw new Error(`function matching ${String(signature)} has no end`);
  return text.slice(start, end + 2);
}

/** A Go raw string assigned to `name` (`name = \`...\``), parsed as JSON. */
function goRawJson(text: string, name: string): unknown {
  const m = new RegExp(`\\b${name}\\s*=\\s*\``).exec(text);
  if (!m) throw new Error(`no raw string ${name}`);
  const from = m.index + m[0].length;
  const to = text.indexOf("`", from);
  return JSON.parse(text.slice(from, to));
}

/** A NerdGraph NRQL answer from pkg/nrdb's unit tests, with the NRQL and the account the test asks for. */
function nrqlAnswer(variable: string, test: string): (text: string) => FixtureBody {
  return (text) => {
    const fn = goFunction(text, new RegExp(`func ${test}\\(`));
    const query = /query := "([^"]*)"/.exec(fn)?.[1];
    const account = /accountID := (\d+)/.exec(fn)?.[1];
    const status = /newMockResponse\(t, \w+, http\.Status(\w+)\)/.exec(fn)?.[1];
    if (!query || !account || !status)
      throw new Error(`${test} no longer names its query, account and status`);
    return {
      test,
      request: { accountId: Number(account), nrql: query },
      status: status === "OK" ? 200 : status,
      response: goRawJson(text, variable),
    };
  };
}

/** A GraphQL error internal/http's tests answer with on every attempt, and what the client does with it. */
function retriedError(test: string): (text: string) => FixtureBody {
  return (text) => {
    const fn = goFunction(text, new RegExp(`func ${test}\\(`));
    const body = /w\.Write\(\[\]byte\(`([^`]*)`\)\)/.exec(fn)?.[1];
    const attempts = /assert\.Equal\(t, (\d+), attempts\)/.exec(fn)?.[1];
    if (!body || !attempts) throw new Error(`${test} no longer answers a body and counts attempts`);
    return {
      test,
      // The handler never calls WriteHeader, so Go's net/http answers 200.
      status: /WriteHeader\(/.test(fn) ? "not 200" : 200,
      body: JSON.parse(body),
      attempts: Number(attempts),
      errorSays: [...fn.matchAll(/assert\.Contains\(t, err\.Error\(\), "([^"]*)"\)/g)].map((x) => x[1]),
    };
  };
}

export const recordings: Recording[] = [
  {
    name: "nrql-count",
    about:
      "One aggregate over the whole window: NerdGraph's results list holds one row, {count: n}; what a gate reads",
    source: source("pkg/nrdb/nrdb_customized_unit_test.go"),
    extract: nrqlAnswer("testNRDBQueryNullResponse", "TestUnitPerformNRQLQueryNullFields"),
  },
  {
    name: "nrql-facet",
    about: "A FACET query: one row per facet value beside otherResult and totalResult; a gate needs one row",
    source: source("pkg/nrdb/nrdb_customized_unit_test.go"),
    extract: nrqlAnswer("testNRDBQuerySingleResponse", "TestUnitPerformNRQLQuerySingleOtherAndTotalResult"),
  },
  {
    name: "nrql-facet-timeseries",
    about:
      "A FACET TIMESERIES query: rows carry beginTimeSeconds and endTimeSeconds beside the aggregate; several rows",
    source: source("pkg/nrdb/nrdb_customized_unit_test.go"),
    extract: nrqlAnswer("testNRDBQueryArrayResponse", "TestUnitPerformNRQLQueryArrayOtherAndTotalResult"),
  },
  {
    name: "graphql-too-many-requests",
    about:
      "NerdGraph's throttling arrives with HTTP 200 and errorClass TOO_MANY_REQUESTS; the client retries it (1 + 3 attempts)",
    source: source("internal/http/client_test.go"),
    extract: retriedError("TestRetryOnNerdGraphTooManyRequests"),
  },
  {
    name: "graphql-timeout",
    about:
      "A query timeout arrives with HTTP 200 and errorClass TIMEOUT; the client retries it (1 + 3 attempts)",
    source: source("internal/http/client_test.go"),
    extract: retriedError("TestRetryOnNerdGraphTimeout"),
  },
  {
    name: "graphql-internal-server-error",
    about:
      "A server fault arrives with HTTP 200 and errorClass INTERNAL_SERVER_ERROR; the client retries it (1 + 3 attempts)",
    source: source("internal/http/client_test.go"),
    extract: retriedError("TestRetryOnNerdGraphInternalServerError"),
  },
  {
    name: "retryable-error-classes",
    about:
      "The errorClass values the client retries when any entry of errors[] carries one (GraphQLErrorResponse.IsRetryableError)",
    source: source("internal/http/graphql.go"),
    extract(text) {
      const fn = goFunction(text, /func \(r \*GraphQLErrorResponse\) IsRetryableError\(/);
      const classes = [...fn.matchAll(/errorClass == "([A-Z_]+)"/g)].map((m) => m[1]);
      if (classes.length === 0) throw new Error("IsRetryableError names no errorClass");
      return {
        function: "GraphQLErrorResponse.IsRetryableError",
        anyError: /range r\.Errors/.test(fn),
        classes,
      };
    },
  },
  {
    name: "retryable-responses",
    about:
      "The HTTP answers the client retries (RetryPolicy): statuses, and a 200 whose first error's errorClass is TOO_MANY_REQUESTS",
    source: source("internal/http/retry.go"),
    extract(text) {
      const fn = goFunction(text, /func RetryPolicy\(/);
      const statuses = [...fn.matchAll(/resp\.StatusCode == (\d+)/g)].map((m) => Number(m[1]));
      const from = /resp\.StatusCode >= (\d+)/.exec(fn)?.[1];
      const path = /fastjson\.GetString\(json, ((?:"[^"]+"(?:, )?)+)\)/.exec(fn)?.[1];
      const compared = /if errorClass == (\w+)\.Error\(\)/.exec(fn)?.[1];
      if (statuses.length === 0 || !from || !path || !compared) throw new Error("RetryPolicy changed shape");
      return {
        function: "RetryPolicy",
        statuses,
        statusesFrom: Number(from),
        errorClassAt: [...path.matchAll(/"([^"]+)"/g)].map((m) => m[1]),
        errorClassIs: compared,
      };
    },
  },
  {
    name: "nrql-timeout-range",
    about:
      "The range of seconds NRQL's timeout argument takes, as the client documents it, and its GraphQL type",
    source: source("pkg/nrdb/nrdb_api.go"),
    extract(text) {
      const m =
        /\/\/ (\w+) facilitates making a NRQL query with the specification of a timeout between (\d+) and (\d+) seconds\./.exec(
          text,
        );
      const type = /\$timeout: (\w+)/.exec(text)?.[1];
      if (!m || !type) throw new Error("nrdb_api.go no longer documents the timeout's range");
      return { function: m[1], minSeconds: Number(m[2]), maxSeconds: Number(m[3]), graphqlType: type };
    },
  },
];
