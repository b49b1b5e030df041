// The New Relic provider against a stand-in that answers in the shapes of New Relic's docs:
//   https://docs.newrelic.com/docs/apis/nerdgraph/examples/nerdgraph-nrql-tutorial/
//   https://docs.newrelic.com/docs/apis/nerdgraph/nerdgraph-usage-limits/
//   https://docs.newrelic.com/docs/nrql/using-nrql/query-time-range/
//   https://spec.graphql.org/October2021/#sec-Errors (errors[] beside data, with HTTP 200)
// and against the answers newrelic/newrelic-client-go records (harness/recorded/newrelic/, cut by
// scripts/recordings/newrelic.ts): NRQL bodies, the GraphQL errors it retries, and NRQL's timeout range.

import { optionsOf } from "../../../../src/gates/provider.ts";
import type { NewRelicOptions } from "../../../../src/gates/providers/newrelic.ts";
import { recordSleeps } from "../../../../harness/monitoring/server.ts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type CountGate, GateConfigError, parseGate, type ValueGate } from "../../../../src/gates/config.ts";
import { evaluateGate } from "../../../../src/gates/run.ts";
import {
  NERDGRAPH_URLS,
  NRQL_TIMEOUT_SECONDS,
  nrqlTimeoutSeconds,
  readNerdGraphAnswer,
  RETRYABLE_ERROR_CLASSES,
  withWindow,
} from "../../../../src/gates/providers/newrelic.ts";
import { recorded, shapeOf } from "../../../../harness/recorded.ts";
import {
  NR_ACCOUNT,
  NR_API_KEY,
  type NewRelicStandIn,
  startNewRelicStandIn,
} from "../../../../harness/monitoring/newrelic.ts";
import { NOW, SHA, STARTED, VALUES } from "./request.ts";
import { ALL_PROVIDERS } from "../../../support/providers.ts";

let nr: NewRelicStandIn;
beforeAll(async () => {
  nr = await startNewRelicStandIn();
});
afterAll(() => nr.close());
beforeEach(() => {
  nr.requests.length = 0;
});

const ERRORS =
  "SELECT count(*) FROM Transaction WHERE appName = 'web' AND tags.version = '{{sha}}' AND error IS true";
const TOTAL = "SELECT count(*) FROM Transaction WHERE appName = 'web' AND tags.version = '{{sha}}'";
const P99 = "SELECT percentile(duration, 99) FROM Transaction WHERE tags.version = '{{sha}}'";
const AVG = "SELECT average(duration) FROM Transaction WHERE tags.version = '{{sha}}'";
const sent = (q: string) => q.replace("{{sha}}", SHA);

const secrets = new Map([["NEW_RELIC_API_KEY", NR_API_KEY]]);
const sleeps: number[] = [];
const opts = {
  values: VALUES,
  secrets,
  now: NOW,
  http: recordSleeps(sleeps),
};

function countGate(extra: Record<string, unknown> = {}): CountGate {
  return parseGate(
    {
      name: "nr-errors",
      provider: "newrelic",
      url: `${nr.url}/graphql`,
      "account-id": NR_ACCOUNT,
      "api-key": "${NEW_RELIC_API_KEY}",
      errors: ERRORS,
      total: TOTAL,
      "max-error-rate": 0.02,
      "min-requests": 50,
      ...extra,
    },
    0,
    ALL_PROVIDERS,
  ) as CountGate;
}

function valueGate(extra: Record<string, unknown> = {}): ValueGate {
  return parseGate(
    {
      name: "nr-p99",
      provider: "newrelic",
      url: `${nr.url}/graphql`,
      "account-id": NR_ACCOUNT,
      "api-key": "${NEW_RELIC_API_KEY}",
      query: P99,
      max: 0.5,
      ...extra,
    },
    0,
    ALL_PROVIDERS,
  ) as ValueGate;
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GateConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a GateConfigError");
}

describe("newrelic gate config", () => {
  const base = {
    name: "n",
    provider: "newrelic",
    "account-id": 1,
    "api-key": "k",
    query: "SELECT 1",
    max: 1,
  };

  it("uses the US endpoint by default and the EU one for region: eu", () => {
    expect(parseGate(base, 0, ALL_PROVIDERS).url).toBe(NERDGRAPH_URLS.us);
    expect(parseGate({ ...base, region: "eu" }, 0, ALL_PROVIDERS).url).toBe(
      "https://api.eu.newrelic.com/graphql",
    );
    expect(
      optionsOf<NewRelicOptions>(parseGate({ ...base, "account-id": "42" }, 0, ALL_PROVIDERS)).accountId,
    ).toBe(42);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["no account-id", { "account-id": undefined }, 'gate 1 "n": "account-id" is required'],
    ["a non-numeric account-id", { "account-id": "acme" }, '"account-id"'],
    ["no api-key", { "api-key": undefined }, '"api-key" is required'],
    ["an unknown region", { region: "ap" }, '"region"'],
    ["region and url", { region: "eu", url: "https://proxy" }, 'give "region" or "url", not both'],
  ])("rejects %s", (_what, extra, message) => {
    expect(errorOf(() => parseGate({ ...base, ...extra }, 0, ALL_PROVIDERS))).toContain(message);
  });
});

describe("withWindow", () => {
  it("adds the stage's window in epoch milliseconds unless the query has a SINCE of its own", () => {
    expect(withWindow("SELECT count(*) FROM T ", STARTED, NOW)).toBe(
      `SELECT count(*) FROM T SINCE ${STARTED.getTime()} UNTIL ${NOW.getTime()}`,
    );
    expect(withWindow("SELECT count(*) FROM T since 30 minutes ago", STARTED, NOW)).toBe(
      "SELECT count(*) FROM T since 30 minutes ago",
    );
  });
});

describe("newrelic queries", () => {
  it("posts NRQL with variables and the API key, and covers the stage's window", async () => {
    nr.set(sent(ERRORS), [{ count: 4 }]);
    nr.set(sent(TOTAL), [{ count: 800 }]);
    const res = await evaluateGate(countGate(), opts);
    expect(res).toMatchObject({ verdict: "pass", value: 0.005, samples: 800 });
    expect(nr.requests.map((r) => r.headers["api-key"])).toEqual([NR_API_KEY, NR_API_KEY]);
    const calls = nr.calls();
    expect(calls.map((c) => [c.base, c.since, c.until, c.accountId])).toEqual([
      [sent(ERRORS), STARTED.getTime(), NOW.getTime(), NR_ACCOUNT],
      [sent(TOTAL), STARTED.getTime(), NOW.getTime(), NR_ACCOUNT],
    ]);
    // The report shows the query as sent, window included.
    expect(res.queries[1]).toBe(`${sent(TOTAL)} SINCE ${STARTED.getTime()} UNTIL ${NOW.getTime()}`);
  });

  it("fails on a high error rate", async () => {
    nr.set(sent(ERRORS), [{ count: 30 }]);
    nr.set(sent(TOTAL), [{ count: 600 }]);
    expect(await evaluateGate(countGate(), opts)).toMatchObject({ verdict: "fail", value: 0.05 });
  });

  it("holds on count(*) = 0, which is how NRQL says no data", async () => {
    nr.set(sent(ERRORS), [{ count: 0 }]);
    nr.set(sent(TOTAL), [{ count: 0 }]);
    const res = await evaluateGate(countGate(), opts);
    expect(res).toMatchObject({ verdict: "inconclusive", samples: 0 });
    expect(res.message).toContain("zero requests");
  });

  it("holds on average() = null and on an empty result list", async () => {
    nr.set(sent(AVG), [{ "average.duration": null }]);
    expect((await evaluateGate(valueGate({ query: AVG }), opts)).verdict).toBe("inconclusive");
    expect(
      (await evaluateGate(valueGate({ query: "SELECT average(x) FROM Nothing FACET y" }), opts)).verdict,
    ).toBe("inconclusive");
  });

  it("reads a percentile's nested answer", async () => {
    nr.set(sent(P99), [{ "percentile.duration": { "99": 0.61 } }]);
    expect(await evaluateGate(valueGate(), opts)).toMatchObject({ verdict: "fail", value: 0.61 });
  });

  it("turns errors[] that arrive with HTTP 200 into the error verdict, never into data", async () => {
    nr.set(sent(P99), [{ "percentile.duration": { "99": 0.1 } }]);
    // A TIMEOUT is retried (see below): one on every attempt.
    nr.fail({ kind: "partial" }, 3);
    const res = await evaluateGate(valueGate(), opts);
    expect(res.verdict).toBe("error");
    expect(nr.requests).toHaveLength(3);
    expect(res.message).toContain(
      "HTTP 200, NerdGraph errors: TIMEOUT: NRDB query duration exceeded the timeout",
    );
    const syntax = await evaluateGate(valueGate({ query: "SELECT bogus FROM Transaction" }), opts);
    expect(syntax.message).toContain("INVALID_INPUT: NRQL Syntax Error");
    const account = await evaluateGate(valueGate({ "account-id": 999 }), opts);
    expect(account.message).toContain("FORBIDDEN: Account access denied");
  });

  it("says authentication failed on a bad key", async () => {
    const res = await evaluateGate(valueGate(), {
      ...opts,
      secrets: new Map([["NEW_RELIC_API_KEY", "NRAK-wrong"]]),
    });
    expect(res.verdict).toBe("error");
    expect(res.message).toContain("UNAUTHORIZED: Invalid API key");
    expect(nr.requests).toHaveLength(1);
  });

  it("retries a 429 (the concurrency limit) after Retry-After", async () => {
    sleeps.length = 0;
    nr.set(sent(P99), [{ "percentile.duration": { "99": 0.2 } }]);
    nr.fail({ kind: "rate-limit", resetSeconds: 3 }, 1);
    expect(await evaluateGate(valueGate(), opts)).toMatchObject({ verdict: "pass", value: 0.2 });
    expect(sleeps).toEqual([3000]);
  });

  it("holds with the error verdict when NerdGraph keeps failing, and on a slow answer", async () => {
    nr.fail({ kind: "server-error" }, 3);
    const down = await evaluateGate(valueGate(), opts);
    expect(down.verdict).toBe("error");
    expect(down.message).toContain("HTTP 502 with a body that is not NerdGraph JSON");
    nr.fail({ kind: "slow", ms: 1500 }, 1);
    expect((await evaluateGate(valueGate({ timeout: 0.2, retries: 0 }), opts)).message).toContain(
      "no answer within 0.2s",
    );
  });
});

describe("readNerdGraphAnswer", () => {
  const ok = (results: unknown) => ({ data: { actor: { account: { nrql: { results } } } } });
  it("rejects FACET or TIMESERIES rows and rows with several fields", () => {
    expect(() => readNerdGraphAnswer(200, ok([{ count: 1 }, { count: 2 }]))).toThrow(
      "2 rows; a gate needs one",
    );
    expect(() => readNerdGraphAnswer(200, ok([{ count: 1, "average.duration": 2 }]))).toThrow(
      "the fields count, average.duration",
    );
    expect(readNerdGraphAnswer(200, ok([{ beginTimeSeconds: 1, endTimeSeconds: 2, count: 5 }])).value).toBe(
      5,
    );
  });

  it("says when the account is missing from the answer", () => {
    expect(() => readNerdGraphAnswer(200, { data: { actor: { account: null } } })).toThrow(
      "is the account-id right?",
    );
  });
});

type RecordedNrql = { request: { nrql: string }; status: number; response: { data: unknown } };
type RecordedError = { status: number; body: { errors: unknown[] }; attempts: number };

describe("newrelic against newrelic-client-go's recordings", () => {
  const resultsOf = (body: unknown) =>
    (body as { data: { actor: { account: { nrql: { results: unknown } } } } }).data.actor.account.nrql
      .results;

  it("reads a recorded one-row answer and refuses the recorded FACET answers", () => {
    const count = recorded<RecordedNrql>("newrelic", "nrql-count");
    expect(readNerdGraphAnswer(count.status, count.response).value).toBe(1542);
    const facet = recorded<RecordedNrql>("newrelic", "nrql-facet");
    expect(() => readNerdGraphAnswer(facet.status, facet.response)).toThrow("2 rows; a gate needs one");
    const series = recorded<RecordedNrql>("newrelic", "nrql-facet-timeseries");
    expect(() => readNerdGraphAnswer(series.status, series.response)).toThrow("2 rows; a gate needs one");
  });

  it("turns each recorded GraphQL error into an error naming its class", () => {
    for (const name of ["graphql-too-many-requests", "graphql-timeout", "graphql-internal-server-error"]) {
      const r = recorded<RecordedError>("newrelic", name);
      expect(() => readNerdGraphAnswer(r.status, r.body)).toThrow(
        /HTTP 200, NerdGraph errors: [A-Z_]+: some error/,
      );
    }
  });

  it("retries the errorClass values newrelic-client-go retries, and only those", () => {
    const graphql = recorded<{ classes: string[] }>("newrelic", "retryable-error-classes");
    const http = recorded<{ errorClassIs: string }>("newrelic", "retryable-responses");
    const throttled = recorded<RecordedError>("newrelic", "graphql-too-many-requests");
    // RetryPolicy compares the first error's class with ErrClassTooManyRequests; its test answers TOO_MANY_REQUESTS.
    expect(http.errorClassIs).toBe("ErrClassTooManyRequests");
    const cls = (throttled.body.errors[0] as { extensions: { errorClass: string } }).extensions.errorClass;
    expect([...RETRYABLE_ERROR_CLASSES].sort()).toEqual([...graphql.classes, cls].sort());
  });

  it("keeps NRQL's timeout in the range newrelic-client-go documents", () => {
    const range = recorded<{ minSeconds: number; maxSeconds: number }>("newrelic", "nrql-timeout-range");
    expect(NRQL_TIMEOUT_SECONDS).toEqual({ min: range.minSeconds, max: range.maxSeconds });
    // A second less than the request's own timeout, so NerdGraph's TIMEOUT arrives before the request gives up.
    expect(
      [2_000, 5_000, 6_000, 10_000, 10_500, 121_000, 600_000].map((ms) => nrqlTimeoutSeconds(ms)),
    ).toEqual([5, 5, 5, 9, 9, 120, 120]);
  });

  it("answers from the stand-in in the recorded shape", async () => {
    nr.set("SELECT count(*) FROM Transaction", [{ count: 7 }]);
    const res = await fetch(`${nr.url}/graphql`, {
      method: "POST",
      headers: { "api-key": NR_API_KEY, "content-type": "application/json" },
      body: JSON.stringify({
        query:
          "query ($accountId: Int!, $nrql: Nrql!, $timeout: Seconds) { actor { account(id: $accountId) { nrql(query: $nrql, timeout: $timeout) { results } } } }",
        variables: { accountId: NR_ACCOUNT, nrql: "SELECT count(*) FROM Transaction", timeout: 9 },
      }),
    });
    const count = recorded<RecordedNrql>("newrelic", "nrql-count");
    expect(shapeOf(resultsOf(await res.json()))).toEqual(shapeOf(resultsOf(count.response)));
  });
});

describe("newrelic retries what NerdGraph says is worth retrying", () => {
  it("retries TOO_MANY_REQUESTS and TIMEOUT answered with HTTP 200, then judges", async () => {
    sleeps.length = 0;
    nr.set(sent(P99), [{ "percentile.duration": { "99": 0.2 } }]);
    nr.answerError("TOO_MANY_REQUESTS");
    nr.answerError("TIMEOUT");
    expect(await evaluateGate(valueGate(), opts)).toMatchObject({ verdict: "pass", value: 0.2 });
    expect(nr.requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it("gives up after the gate's retries and says what NerdGraph kept answering", async () => {
    nr.answerError("INTERNAL_SERVER_ERROR", 3);
    const res = await evaluateGate(valueGate({ retries: 2 }), opts);
    expect(res.verdict).toBe("error");
    expect(res.message).toContain("INTERNAL_SERVER_ERROR: some error");
    expect(nr.requests).toHaveLength(3);
  });

  it("does not retry an error a second attempt cannot mend", async () => {
    const res = await evaluateGate(valueGate({ query: "SELECT bogus FROM Transaction" }), opts);
    expect(res.message).toContain("INVALID_INPUT: NRQL Syntax Error");
    expect(nr.requests).toHaveLength(1);
  });
});

describe("newrelic's NRQL timeout", () => {
  it.each<[string, number, number]>([
    ["5s", 5, 5],
    ["10s (the default)", 10, 9],
    ["5m", 300, 120],
  ])("sends a timeout NerdGraph accepts for a gate timeout of %s", async (_what, seconds, nrql) => {
    nr.set(sent(P99), [{ "percentile.duration": { "99": 0.2 } }]);
    const res = await evaluateGate(valueGate({ timeout: seconds }), opts);
    expect(res).toMatchObject({ verdict: "pass", value: 0.2 });
    expect(nr.calls().map((c) => c.timeout)).toEqual([nrql]);
  });

  it("says when the gate's timeout is shorter than the least NRQL takes", async () => {
    nr.set(sent(P99), [{ "percentile.duration": { "99": 0.2 } }]);
    const res = await evaluateGate(valueGate({ timeout: 3 }), opts);
    expect(res.verdict).toBe("pass");
    expect(nr.calls().map((c) => c.timeout)).toEqual([5]);
    expect(res.message).toContain(
      "timeout 3s is shorter than NerdGraph's shortest NRQL timeout (5s) plus a second; set timeout to at least 6s",
    );
  });
});
