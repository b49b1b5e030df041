// A stand-in for New Relic's NerdGraph NRQL endpoint, answering in the shapes of New Relic's docs:
//   https://docs.newrelic.com/docs/apis/nerdgraph/examples/nerdgraph-nrql-tutorial/
//   (POST /graphql, `actor { account(id) { nrql(query) { results } } }` → data.actor.account.nrql.results,
//   rows such as {"count": 1000}, {"average.duration": null}, {"percentile.duration": {"99": 0.42}})
//   https://docs.newrelic.com/docs/apis/nerdgraph/nerdgraph-usage-limits/ (429 past 25 concurrent requests)
//   https://docs.newrelic.com/docs/nrql/using-nrql/query-time-range/ (SINCE/UNTIL in epoch milliseconds)
//   GraphQL's error shape (https://spec.graphql.org/October2021/#sec-Errors): `errors[]` with `message`,
//   `path` and `extensions.errorClass`, delivered with HTTP 200 and partial or null data.
// and in the shapes newrelic/newrelic-client-go records (harness/recorded/newrelic/): besides the 429 of
// the concurrency limit, NerdGraph throttles and times out with HTTP 200 and an errorClass (graphql-too-many-
// requests, graphql-timeout, graphql-internal-server-error: the answers `answerError` gives), and NRQL's
// `timeout` argument (a `Seconds` variable) takes 5 to 120 (nrql-timeout-range). What NerdGraph answers to a
// timeout outside that range is not recorded; the stand-in refuses it as invalid input.
// Rows are set per NRQL text without its SINCE/UNTIL tail, which the stand-in reads and records; rows may be
// computed from the call (a count over its SINCE..UNTIL, say).

import { recorded } from "../recorded.ts";
import { type Fault, type Recorded, type Reply, type StandInServer, startStandInServer } from "./server.ts";

export const NR_API_KEY = "NRAK-0123456789ABCDEFGHIJKLMNOPQ";
export const NR_ACCOUNT = 1234567;

export interface NrqlCall {
  nrql: string;
  /** The NRQL without SINCE ... UNTIL ... */
  base: string;
  since: number | undefined;
  until: number | undefined;
  accountId: unknown;
  /** NRQL's timeout argument in seconds, as a variable or written into the query; undefined when not given. */
  timeout: unknown;
}

export type Rows = Record<string, unknown>[];

export interface NewRelicStandIn extends StandInServer {
  /** The result rows a query answers with; unset queries answer [] (as NRQL does for a FACET with no data). */
  set(nrql: string, rows: Rows | ((call: NrqlCall) => Rows)): void;
  calls(): NrqlCall[];
  /** The next `times` authorised requests get NerdGraph's HTTP 200 answer with this errorClass, as recorded. */
  answerError(errorClass: RecordedErrorClass, times?: number): void;
}

const WINDOW_RE = /\s+SINCE\s+(\d+)\s+UNTIL\s+(\d+)\s*$/i;

/** The GraphQL errors newrelic-client-go's tests answer with, by errorClass: HTTP 200 and a body. */
const RECORDED_ERRORS = Object.fromEntries(
  ["graphql-too-many-requests", "graphql-timeout", "graphql-internal-server-error"].map((name) => {
    const r = recorded<{ status: number; body: { errors: { extensions: { errorClass: string } }[] } }>(
      "newrelic",
      name,
    );
    return [r.body.errors[0]?.extensions.errorClass ?? name, { status: r.status, body: r.body }];
  }),
) as Record<RecordedErrorClass, { status: number; body: unknown }>;

export type RecordedErrorClass = "TOO_MANY_REQUESTS" | "TIMEOUT" | "INTERNAL_SERVER_ERROR";
const TIMEOUT_RANGE = recorded<{ minSeconds: number; maxSeconds: number }>("newrelic", "nrql-timeout-range");

function callOf(rec: Recorded): NrqlCall | string {
  let body: { query?: unknown; variables?: { accountId?: unknown; nrql?: unknown; timeout?: unknown } };
  try {
    body = JSON.parse(rec.body) as typeof body;
  } catch {
    return "Unexpected token in JSON";
  }
  if (
    typeof body.query !== "string" ||
    !/account\(id: \$accountId\)/.test(body.query) ||
    !/nrql\(query: \$nrql/.test(body.query)
  ) {
    return "Cannot query field on type Actor";
  }
  const nrql = body.variables?.nrql;
  if (typeof nrql !== "string") return "Variable $nrql of required type Nrql! was not provided.";
  const m = WINDOW_RE.exec(nrql);
  const timeout = /nrql\(query: \$nrql, timeout: (\$timeout|\d+)/.exec(body.query)?.[1];
  return {
    nrql,
    base: m ? nrql.slice(0, m.index) : nrql,
    since: m ? Number(m[1]) : undefined,
    until: m ? Number(m[2]) : undefined,
    accountId: body.variables?.accountId,
    timeout:
      timeout === "$timeout" ? body.variables?.timeout : timeout === undefined ? undefined : Number(timeout),
  };
}

export async function startNewRelicStandIn(): Promise<NewRelicStandIn> {
  const rows = new Map<string, Rows | ((call: NrqlCall) => Rows)>();
  const errorsAhead: RecordedErrorClass[] = [];
  const handler = (rec: Recorded, fault: Fault | undefined): Reply => {
    if (rec.method !== "POST" || rec.path !== "/graphql") return { status: 404, body: "Not Found" };
    if (fault?.kind === "auth" || rec.headers["api-key"] !== NR_API_KEY) {
      return {
        status: 401,
        body: { errors: [{ message: "Invalid API key", extensions: { errorClass: "UNAUTHORIZED" } }] },
      };
    }
    if (fault?.kind === "rate-limit") {
      return {
        status: 429,
        headers: { "retry-after": String(fault.resetSeconds ?? 1) },
        body: "Too Many Requests",
      };
    }
    const recordedError = errorsAhead.shift();
    if (recordedError) return RECORDED_ERRORS[recordedError];
    if (fault?.kind === "server-error")
      return { status: fault.status ?? 502, body: "<html><h1>502 Bad Gateway</h1></html>" };
    const call = callOf(rec);
    if (typeof call === "string") {
      return {
        status: 200,
        body: { errors: [{ message: call, extensions: { errorClass: "INVALID_INPUT" } }] },
      };
    }
    const t = call.timeout;
    if (
      t !== undefined &&
      !(
        Number.isInteger(t) &&
        (t as number) >= TIMEOUT_RANGE.minSeconds &&
        (t as number) <= TIMEOUT_RANGE.maxSeconds
      )
    ) {
      return {
        status: 200,
        body: {
          data: { actor: { account: { nrql: null } } },
          errors: [
            {
              message: `timeout must be between ${TIMEOUT_RANGE.minSeconds} and ${TIMEOUT_RANGE.maxSeconds} seconds, got ${String(t)}`,
              path: ["actor", "account", "nrql"],
              extensions: { errorClass: "INVALID_INPUT" },
            },
          ],
        },
      };
    }
    if (call.accountId !== NR_ACCOUNT) {
      return {
        status: 200,
        body: {
          data: { actor: { account: null } },
          errors: [
            {
              message: "Account access denied",
              path: ["actor", "account"],
              extensions: { errorClass: "FORBIDDEN" },
            },
          ],
        },
      };
    }
    if (fault?.kind === "partial") {
      return {
        status: 200,
        body: {
          data: { actor: { account: { nrql: null } } },
          errors: [
            {
              message: "NRDB query duration exceeded the timeout",
              path: ["actor", "account", "nrql"],
              extensions: { errorClass: "TIMEOUT" },
            },
          ],
        },
      };
    }
    if (/^\s*SELECT\s+bogus/i.test(call.base)) {
      return {
        status: 200,
        body: {
          data: { actor: { account: { nrql: null } } },
          errors: [
            {
              message: "NRQL Syntax Error: Error at line 1 position 8, unexpected 'bogus'",
              path: ["actor", "account", "nrql"],
              extensions: { errorClass: "INVALID_INPUT" },
            },
          ],
        },
      };
    }
    const answer = rows.get(call.base) ?? [];
    const results = typeof answer === "function" ? answer(call) : answer;
    return { status: 200, body: { data: { actor: { account: { nrql: { results } } } } } };
  };
  const server = await startStandInServer(handler);
  return {
    ...server,
    set(nrql, r) {
      rows.set(nrql, r);
    },
    answerError(errorClass, times = 1) {
      for (let i = 0; i < times; i++) errorsAhead.push(errorClass);
    },
    calls() {
      return server.requests
        .filter((r) => r.path === "/graphql")
        .map(callOf)
        .filter((c): c is NrqlCall => typeof c !== "string");
    },
  };
}
