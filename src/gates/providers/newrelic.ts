// New Relic through NerdGraph: one NRQL query per figure, POST https://api.newrelic.com/graphql (EU:
// api.eu.newrelic.com) with the user key in API-Key. GraphQL reports most failures with HTTP 200 and an
// `errors` list; those are errors here, never data. Throttling, timeouts and server faults come that way too,
// and are retried as New Relic's own client retries them (newrelic/newrelic-client-go, internal/http).

import { z } from "zod";
import {
  type HttpResponse,
  isOutageStatus,
  ProviderError,
  parseJson,
  quote,
  record,
  send,
  statusError,
} from "../request.ts";
import { optionsOf, type Provider, type ProviderSpec, type QueryResult } from "../provider.ts";
import { GateConfigError, text } from "../schema.ts";

export interface NewRelicOptions {
  accountId: number;
  apiKey: string;
}

export const NERDGRAPH_URLS = {
  us: "https://api.newrelic.com/graphql",
  eu: "https://api.eu.newrelic.com/graphql",
} as const;

export const newrelicSpec: ProviderSpec = {
  url: "optional",
  auth: false,
  keys: {
    "account-id": z.union([
      z.int().positive(),
      z.string().regex(/^\d+$/, "must be the account's number, such as 1234567").transform(Number),
    ]),
    "api-key": text,
    region: z.enum(["us", "eu"]).optional(),
  },
  build(k, { label }) {
    const region = k.region as "us" | "eu" | undefined;
    if (region !== undefined && k.url !== undefined) {
      throw new GateConfigError(`${label}: give "region" or "url", not both ("url" is for a proxy)`);
    }
    return {
      url: (k.url as string | undefined) ?? NERDGRAPH_URLS[region ?? "us"],
      options: {
        accountId: k["account-id"] as number,
        apiKey: k["api-key"] as string,
      } satisfies NewRelicOptions,
      credentials: true,
    };
  },
};

const SINCE_RE = /\bSINCE\b/i;

/** NRQL defaults to the last hour; without a SINCE of its own the query covers the stage's life. */
export function withWindow(nrql: string, since: Date, until: Date): string {
  if (SINCE_RE.test(nrql)) return nrql;
  return `${nrql.trim()} SINCE ${since.getTime()} UNTIL ${until.getTime()}`;
}

// Fields NerdGraph adds beside the figure itself.
const META_FIELDS = new Set(["beginTimeSeconds", "endTimeSeconds", "facet", "comparison"]);

function numberOf(field: string, v: unknown): number | undefined {
  if (v === null) return undefined;
  if (typeof v === "number") return v;
  // percentile() answers {"99": 0.42}; one percentile is one number.
  const inner = record(v);
  if (inner) {
    const values = Object.values(inner);
    if (values.length === 1) return numberOf(field, values[0]);
  }
  throw new ProviderError(`result field "${field}" is ${quote(v)}, not a number`, false);
}

export function readNerdGraphAnswer(status: number, body: unknown): QueryResult {
  const root = record(body);
  const errors = Array.isArray(root?.errors) ? root.errors : [];
  if (errors.length > 0) {
    const messages = errors.map((e) => {
      const r = record(e);
      const cls = record(r?.extensions)?.errorClass;
      const msg = typeof r?.message === "string" ? r.message : quote(e);
      return typeof cls === "string" ? `${cls}: ${msg}` : msg;
    });
    const outage = isOutageStatus(status) || hasRetryableClass(errors);
    throw new ProviderError(`HTTP ${status}, NerdGraph errors: ${messages.join("; ")}`, false, !outage);
  }
  if (status >= 400) {
    const what = status === 401 || status === 403 ? "authentication failed (check api-key)" : "error";
    throw statusError(status, `HTTP ${status}, ${what}`);
  }
  const nrql = record(record(record(record(root?.data)?.actor)?.account)?.nrql);
  if (!nrql)
    throw new ProviderError("answer has no data.actor.account.nrql (is the account-id right?)", false);
  const results = nrql.results;
  if (!Array.isArray(results)) throw new ProviderError("answer's nrql.results is not a list", false);
  if (results.length === 0) return { value: undefined, warnings: [] };
  if (results.length > 1) {
    throw new ProviderError(
      `query returned ${results.length} rows; a gate needs one (no FACET or TIMESERIES)`,
      false,
    );
  }
  const row = record(results[0]) ?? {};
  const fields = Object.keys(row).filter((f) => !META_FIELDS.has(f));
  if (fields.length !== 1) {
    throw new ProviderError(
      `query returned ${fields.length === 0 ? "no field" : `the fields ${fields.join(", ")}`}; a gate needs one aggregate, such as count(*)`,
      false,
    );
  }
  const field = fields[0] as string;
  return { value: numberOf(field, row[field]), warnings: [] };
}

/**
 * The errorClass values worth another attempt, as newrelic-client-go@dc87be36 retries them: TOO_MANY_REQUESTS
 * (internal/http/retry.go, RetryPolicy) and TIMEOUT, INTERNAL_SERVER_ERROR, SERVER_ERROR
 * (internal/http/graphql.go, IsRetryableError), all answered with HTTP 200.
 */
export const RETRYABLE_ERROR_CLASSES: ReadonlySet<string> = new Set([
  "TOO_MANY_REQUESTS",
  "TIMEOUT",
  "INTERNAL_SERVER_ERROR",
  "SERVER_ERROR",
]);

/** Whether any of the answer's GraphQL errors carries a retryable errorClass. */
function isRetryable(res: HttpResponse): boolean {
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    return false;
  }
  const errors = record(body)?.errors;
  return Array.isArray(errors) && hasRetryableClass(errors);
}

function hasRetryableClass(errors: unknown[]): boolean {
  return errors.some((e) => {
    const cls = record(record(e)?.extensions)?.errorClass;
    return typeof cls === "string" && RETRYABLE_ERROR_CLASSES.has(cls);
  });
}

/** The seconds NRQL's timeout argument takes (newrelic-client-go@dc87be36, pkg/nrdb/nrdb_api.go). */
export const NRQL_TIMEOUT_SECONDS = { min: 5, max: 120 } as const;

/** NerdGraph's own limit on the query: a second inside the request's, so its TIMEOUT arrives first, kept in range. */
export function nrqlTimeoutSeconds(timeoutMs: number): number {
  const inside = Math.floor(timeoutMs / 1000) - 1;
  return Math.min(NRQL_TIMEOUT_SECONDS.max, Math.max(NRQL_TIMEOUT_SECONDS.min, inside));
}

const GRAPHQL = `query ($accountId: Int!, $nrql: Nrql!, $timeout: Seconds) {
  actor { account(id: $accountId) { nrql(query: $nrql, timeout: $timeout) { results } } }
}`;

export const newrelic: Provider = {
  spec: newrelicSpec,
  async query(req, http) {
    const opts = optionsOf<NewRelicOptions>(req.gate);
    const nrql = withWindow(req.query, req.since, req.now);
    const timeout = nrqlTimeoutSeconds(req.gate.timeoutMs);
    const res = await send(
      {
        url: req.url,
        method: "POST",
        headers: {
          ...req.headers,
          "api-key": req.render(opts.apiKey).sent,
          "content-type": "application/json",
          accept: "application/json",
        },
        body: JSON.stringify({ query: GRAPHQL, variables: { accountId: opts.accountId, nrql, timeout } }),
        timeoutMs: req.gate.timeoutMs,
        retries: req.gate.retries,
        retryable: isRetryable,
      },
      http,
    );
    const answer = readNerdGraphAnswer(res.status, parseJson(res, "NerdGraph"));
    const least = NRQL_TIMEOUT_SECONDS.min + 1;
    const warnings =
      req.gate.timeoutMs < least * 1000
        ? [
            `timeout ${req.gate.timeoutMs / 1000}s is shorter than NerdGraph's shortest NRQL timeout (${NRQL_TIMEOUT_SECONDS.min}s) plus a second; set timeout to at least ${least}s`,
          ]
        : [];
    return {
      ...answer,
      warnings: [...answer.warnings, ...warnings],
      shown: withWindow(req.shown, req.since, req.now),
    };
  },
};
