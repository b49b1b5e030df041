// A stand-in for Datadog's scalar query API, answering as Datadog's own recordings do
// (harness/recorded/datadog: cassettes of DataDog/datadog-api-client-typescript) and its API reference:
//   https://docs.datadoghq.com/api/latest/metrics/#query-scalar-data-across-multiple-products
//   (POST /api/v2/query/scalar: ScalarFormulaQueryRequest in, ScalarFormulaQueryResponse out:
//   data.attributes.columns[] with `type: "number"` and `values: (number | null)[]`, or `errors`)
//   https://docs.datadoghq.com/api/latest/rate-limits/ (429 with X-RateLimit-Limit, -Period, -Remaining,
//   -Reset in seconds until the window resets, and -Name)
//   https://docs.datadoghq.com/api/latest/#api-and-application-keys (DD-API-KEY, DD-APPLICATION-KEY; 403
//   {"errors": ["Forbidden"]} without them)
// It takes only requests shaped like the recorded ones (a formula over named queries, no field the recordings
// never sent): what Datadog answers to anything else is not on record. Its answers are the recorded count's,
// with the column named after the formula and the figure set for the query.
// A query's figure is set per query text, fixed or computed from the request (its from and to); a null stands
// for a window with no points (Datadog writes NaN results, such as 0/0, as null too).

import { type Fault, type Recorded, type Reply, type StandInServer, startStandInServer } from "./server.ts";
import { recorded } from "../recorded.ts";

export const DD_API_KEY = "dd-api-key-0123456789abcdef0123";
export const DD_APP_KEY = "dd-app-key-0123456789abcdef0123456789abcd";

export type Figure = number | null | { groups: number[] };
/** A figure, or how to work it out from the request (a count over its from..to, say). */
export type Answer = Figure | ((request: ScalarRequest) => Figure);

export interface DatadogStandIn extends StandInServer {
  /** The figure the query answers with (its text exactly as sent); unset queries answer no data. */
  set(query: string, figure: Answer): void;
  /** Bodies of the scalar requests received, parsed. */
  scalarRequests(): ScalarRequest[];
}

export interface ScalarRequest {
  from: number;
  to: number;
  query: string;
  aggregator: string;
  /** The query's name, which the formula refers to. */
  name: string;
  /** The formulas asked for, by their text. */
  formulas: string[];
}

interface Exchange {
  request: {
    body: { data: { attributes: Record<string, unknown> & { queries: Record<string, unknown>[] } } };
  };
  response: {
    body: { data: Record<string, unknown> & { attributes: { columns: Record<string, unknown>[] } } };
  };
}
const RECORDED = ["scalar-metrics", "scalar-count", "scalar-no-data"].map((n) =>
  recorded<Exchange>("datadog", n),
);
const COUNT = recorded<Exchange>("datadog", "scalar-count");
/** Every field the recorded requests sent, in attributes and in a metrics query. */
const ATTRIBUTES = new Set(RECORDED.flatMap((r) => Object.keys(r.request.body.data.attributes)));
const QUERY_FIELDS = new Set(
  RECORDED.flatMap((r) => r.request.body.data.attributes.queries)
    .filter((q) => q.data_source === "metrics")
    .flatMap((q) => Object.keys(q)),
);

const AGGREGATORS = new Set(["avg", "min", "max", "sum", "last", "mean", "area", "l2norm", "percentile"]);

function parseScalar(rec: Recorded): ScalarRequest | string {
  let body: unknown;
  try {
    body = JSON.parse(rec.body);
  } catch {
    return "Invalid JSON body";
  }
  const data = (body as { data?: { type?: unknown; attributes?: Record<string, unknown> } }).data;
  if (data?.type !== "scalar_request") return "data.type must be scalar_request";
  const a = data.attributes ?? {};
  const unknown = Object.keys(a).filter((k) => !ATTRIBUTES.has(k));
  if (unknown.length > 0) return `the stand-in has no recording of data.attributes.${unknown.join(", ")}`;
  if (!Number.isInteger(a.from) || !Number.isInteger(a.to))
    return "from and to must be integers (milliseconds)";
  if ((a.from as number) >= (a.to as number)) return "from must be before to";
  const queries = a.queries as Record<string, unknown>[];
  if (!Array.isArray(queries) || queries.length !== 1) return "the stand-in takes exactly one query";
  const q = queries[0] ?? {};
  const extra = Object.keys(q).filter((k) => !QUERY_FIELDS.has(k));
  if (extra.length > 0) return `the stand-in has no recording of queries[0].${extra.join(", ")}`;
  if (q.data_source !== "metrics") return "queries[0].data_source must be metrics";
  if (typeof q.query !== "string" || q.query === "") return "queries[0].query is required";
  if (typeof q.aggregator !== "string" || !AGGREGATORS.has(q.aggregator))
    return "queries[0].aggregator is invalid";
  if (typeof q.name !== "string" || q.name === "") return "queries[0].name is required: formulas refer to it";
  const formulas = a.formulas as { formula?: unknown; limit?: unknown }[];
  if (!Array.isArray(formulas) || formulas.length === 0)
    return "the stand-in answers only what Datadog's recordings show: every recorded request sends formulas";
  const texts: string[] = [];
  for (const f of formulas) {
    if (typeof f.formula !== "string" || f.formula.trim() === "") return "formulas[].formula is required";
    const names = f.formula.match(/[A-Za-z_]\w*/g) ?? [];
    if (names.some((n) => n !== q.name)) return `formula ${JSON.stringify(f.formula)} names a query not sent`;
    texts.push(f.formula);
  }
  return {
    from: a.from as number,
    to: a.to as number,
    query: q.query,
    aggregator: q.aggregator,
    name: q.name,
    formulas: texts,
  };
}

/** The recorded count answer, its one number column renamed and refilled; a group column before it if asked. */
function scalarAnswer(name: string, values: (number | null)[], groups?: number): Record<string, unknown> {
  const { data } = COUNT.response.body;
  const number = data.attributes.columns.find((c) => c.type === "number") ?? {};
  const columns: unknown[] = [];
  if (groups !== undefined) {
    columns.push({
      name: "service",
      type: "group",
      values: Array.from({ length: groups }, (_, i) => [`svc-${i}`]),
    });
  }
  columns.push({ ...number, name, values });
  return { data: { ...data, attributes: { ...data.attributes, columns } } };
}

function rateLimited(resetSeconds: number): Reply {
  return {
    status: 429,
    headers: {
      "x-ratelimit-limit": "100",
      "x-ratelimit-period": "60",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": String(resetSeconds),
      "x-ratelimit-name": "timeseries_query",
    },
    body: { errors: ["Rate limit of 100 requests in 60 seconds reached. Please try again later."] },
  };
}

export async function startDatadogStandIn(): Promise<DatadogStandIn> {
  const figures = new Map<string, Answer>();
  const handler = (rec: Recorded, fault: Fault | undefined): Reply => {
    if (rec.method !== "POST" || rec.path !== "/api/v2/query/scalar")
      return { status: 404, body: { errors: ["Not found"] } };
    if (
      fault?.kind === "auth" ||
      rec.headers["dd-api-key"] !== DD_API_KEY ||
      rec.headers["dd-application-key"] !== DD_APP_KEY
    ) {
      return { status: 403, body: { errors: ["Forbidden"] } };
    }
    if (fault?.kind === "rate-limit") return rateLimited(fault.resetSeconds ?? 1);
    if (fault?.kind === "server-error")
      return { status: fault.status ?? 500, body: { errors: ["Internal Server Error"] } };
    const q = parseScalar(rec);
    if (typeof q === "string") return { status: 400, body: { errors: [q] } };
    const answer = figures.get(q.query);
    const figure = typeof answer === "function" ? answer(q) : answer;
    const values =
      figure === undefined
        ? []
        : figure === null
          ? [null]
          : typeof figure === "number"
            ? [figure]
            : figure.groups;
    const grouped = figure !== undefined && figure !== null && typeof figure === "object";
    // A column per formula, named after it, as in the recordings.
    const body = scalarAnswer(q.formulas[0] ?? q.name, values, grouped ? values.length : undefined);
    if (fault?.kind === "partial")
      body.errors = `Error while processing query ${q.name}: timeout reading from storage`;
    return { status: 200, body };
  };
  const server = await startStandInServer(handler);
  return {
    ...server,
    set(query, figure) {
      figures.set(query, figure);
    },
    scalarRequests() {
      return server.requests
        .filter((r) => r.path === "/api/v2/query/scalar")
        .map(parseScalar)
        .filter((q): q is ScalarRequest => typeof q !== "string");
    },
  };
}
