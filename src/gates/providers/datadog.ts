// Datadog through the scalar query API: POST /api/v2/query/scalar on the site's API host. The window is
// the stage's life up to the last whole minute (the newest bucket is still filling); counts are summed
// over it with `.as_count()`, and a null is missing data, never zero.

import { z } from "zod";
import { asText, ProviderError, parseJson, quote, record, send, statusError } from "../request.ts";
import { optionsOf, type Provider, type ProviderSpec, type QueryResult } from "../provider.ts";
import { GateConfigError, text } from "../schema.ts";

export interface DatadogOptions {
  apiKey: string;
  appKey: string;
  /** How the window's points become one number: always `sum` for counts. */
  aggregator: Aggregator;
}

export const SITES = [
  "datadoghq.com",
  "us3.datadoghq.com",
  "us5.datadoghq.com",
  "datadoghq.eu",
  "ap1.datadoghq.com",
  "ap2.datadoghq.com",
  "uk1.datadoghq.com",
  "ddog-gov.com",
  "us2.ddog-gov.com",
] as const;

/** Short names people use for sites, as in Datadog's own site selector. */
const SITE_ALIASES: Record<string, (typeof SITES)[number]> = {
  us1: "datadoghq.com",
  us3: "us3.datadoghq.com",
  us5: "us5.datadoghq.com",
  eu: "datadoghq.eu",
  eu1: "datadoghq.eu",
  ap1: "ap1.datadoghq.com",
  ap2: "ap2.datadoghq.com",
  uk1: "uk1.datadoghq.com",
  gov: "ddog-gov.com",
  us1_fed: "ddog-gov.com",
};

export const AGGREGATORS = [
  "avg",
  "min",
  "max",
  "sum",
  "last",
  "mean",
  "area",
  "l2norm",
  "percentile",
] as const;
type Aggregator = (typeof AGGREGATORS)[number];

/** The site's API base URL, from a site name as Datadog writes it, an alias, or the app's host. */
export function siteUrl(site: string): string | undefined {
  const s = site
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, "")
    .replace(/^(app|api)\./, "")
    .replace(/\/+$/, "");
  const known = SITE_ALIASES[s] ?? (SITES as readonly string[]).find((x) => x === s);
  return known ? `https://api.${known}` : undefined;
}

export const datadogSpec: ProviderSpec = {
  url: "optional",
  auth: false,
  keys: {
    site: text.optional(),
    "api-key": text,
    "app-key": text,
    aggregator: z.enum(AGGREGATORS).optional(),
  },
  build(k, { label, kind }) {
    const site = k.site as string | undefined;
    if (site !== undefined && k.url !== undefined) {
      throw new GateConfigError(`${label}: give "site" or "url", not both ("url" is for a proxy)`);
    }
    const url = (k.url as string | undefined) ?? siteUrl(site ?? "datadoghq.com");
    if (!url) {
      throw new GateConfigError(
        `${label}: "site" ${JSON.stringify(site)} is not a Datadog site; use one of ${SITES.join(", ")} (or us1, us3, us5, eu1, ap1, ap2, uk1, gov)`,
      );
    }
    const aggregator = k.aggregator as Aggregator | undefined;
    if (kind === "count") {
      if (aggregator !== undefined && aggregator !== "sum") {
        throw new GateConfigError(
          `${label}: counts are summed over the window; "aggregator" must be sum or left out, got ${aggregator}`,
        );
      }
      for (const key of ["errors", "total"]) {
        const q = k[key] as string;
        if (!q.includes(".as_count()")) {
          throw new GateConfigError(
            `${label}: "${key}" must use .as_count(), so Datadog sums counts instead of averaging rates (for example sum:trace.http.request.hits{service:web}.as_count())`,
          );
        }
      }
    }
    return {
      url,
      options: {
        apiKey: k["api-key"] as string,
        appKey: k["app-key"] as string,
        aggregator: kind === "count" ? "sum" : (aggregator ?? "avg"),
      } satisfies DatadogOptions,
      credentials: true,
    };
  },
};

const MINUTE_MS = 60_000;
/** The query's name, and the formula that returns it. */
const QUERY_NAME = "a";

/** Datadog's rate-limit headers: X-RateLimit-Reset is the seconds until the window resets. */
export function rateLimitDelayMs(headers: Headers): number | undefined {
  const reset = Number(headers.get("x-ratelimit-reset") ?? "");
  return Number.isFinite(reset) && headers.has("x-ratelimit-reset") ? reset * 1000 : undefined;
}

function errorText(body: Record<string, unknown> | undefined): string | undefined {
  const errors = body?.errors;
  if (typeof errors === "string" && errors.trim() !== "") return errors;
  if (Array.isArray(errors) && errors.length > 0) return errors.map(asText).join("; ");
  return undefined;
}

export function readDatadogAnswer(status: number, headers: Headers, body: unknown): QueryResult {
  const root = record(body);
  const problem = errorText(root);
  if (status >= 400) {
    const what =
      status === 401 || status === 403
        ? "authentication failed (check api-key, app-key and site)"
        : status === 429
          ? `rate limited${headers.has("x-ratelimit-reset") ? `; the limit resets in ${headers.get("x-ratelimit-reset") ?? ""}s` : ""}`
          : "error";
    throw statusError(status, `HTTP ${status}, ${what}: ${problem ?? "no message"}`);
  }
  // An answer that carries errors is not judged on whatever part of it did arrive.
  if (problem) throw new ProviderError(`query failed: ${problem}`, false);
  const attributes = record(record(root?.data)?.attributes);
  if (!attributes) throw new ProviderError("answer has no data.attributes", false);
  const columns = Array.isArray(attributes.columns) ? attributes.columns.map(record) : [];
  const numbers = columns.filter(
    (c) => c !== undefined && (c.type === "number" || (c.type === undefined && Array.isArray(c.values))),
  );
  if (numbers.length === 0) return { value: undefined, warnings: [] };
  if (numbers.length > 1) {
    throw new ProviderError(`answer has ${numbers.length} number columns; a gate needs one query`, false);
  }
  const values = numbers[0]?.values;
  if (!Array.isArray(values) || values.length === 0) return { value: undefined, warnings: [] };
  if (values.length > 1) {
    throw new ProviderError(
      `query returned ${values.length} groups; aggregate to one (drop "by {...}") for a gate`,
      false,
    );
  }
  const v: unknown = values[0];
  // Null is a bucket with no points: missing data, never zero.
  if (v === null || v === undefined) return { value: undefined, warnings: [] };
  if (typeof v !== "number")
    throw new ProviderError(`answer has a value ${quote(v)} that is not a number`, false);
  return { value: v, warnings: [] };
}

export const datadog: Provider = {
  spec: datadogSpec,
  async query(req, http) {
    const opts = optionsOf<DatadogOptions>(req.gate);
    const from = req.since.getTime();
    // The newest minute is still filling; leave it out rather than judge a partial bucket.
    const to = Math.floor(req.now.getTime() / MINUTE_MS) * MINUTE_MS;
    if (to - from < MINUTE_MS) return { value: undefined, warnings: [] };
    // As every request Datadog's own client recorded: a formula over the named query, whose column the answer
    // carries. Without `limit`, which the API marks optional: a grouped answer is refused whatever its size.
    const body = {
      data: {
        type: "scalar_request",
        attributes: {
          formulas: [{ formula: QUERY_NAME }],
          from,
          to,
          queries: [
            { data_source: "metrics", name: QUERY_NAME, query: req.query, aggregator: opts.aggregator },
          ],
        },
      },
    };
    const res = await send(
      {
        url: `${req.url.replace(/\/+$/, "")}/api/v2/query/scalar`,
        method: "POST",
        headers: {
          ...req.headers,
          "dd-api-key": req.render(opts.apiKey).sent,
          "dd-application-key": req.render(opts.appKey).sent,
          "content-type": "application/json",
          accept: "application/json",
        },
        body: JSON.stringify(body),
        timeoutMs: req.gate.timeoutMs,
        retries: req.gate.retries,
        retryDelayMs: (r) => (r.status === 429 ? rateLimitDelayMs(r.headers) : undefined),
      },
      http,
    );
    return readDatadogAnswer(res.status, res.headers, parseJson(res, "Datadog"));
  },
};
