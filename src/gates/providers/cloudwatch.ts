// Amazon CloudWatch through GetMetricData (AWS JSON 1.0, as the AWS SDK speaks it), signed with SigV4
// from the standard AWS environment variables. A query is a metric (MetricStat) or a metric-math or
// Metrics Insights expression; one period spans the stage's whole life, so a count's Sum and a latency's
// p99 are both taken over exactly the stage. The period is one CloudWatch serves for data of the window's age.

import { z } from "zod";
import { awsEndpoint, credentialsFrom, REGION_RE, regionFrom, signedHeaders } from "../aws.ts";
import {
  type HttpResponse,
  isOutageStatus,
  ProviderError,
  parseJson,
  quote,
  record,
  send,
} from "../request.ts";
import { optionsOf, type Provider, type ProviderSpec, type QueryResult } from "../provider.ts";
import { GateConfigError, text } from "../schema.ts";

export interface MetricSpec {
  namespace: string;
  metric: string;
  dimensions: Record<string, string>;
  stat: string;
  unit?: string;
}

/** A metric (MetricStat) or an expression (metric math, SEARCH, or a Metrics Insights SELECT). */
export type CloudWatchQuery = { metric: MetricSpec } | { expression: string };

export interface CloudWatchOptions {
  region?: string;
  /** The gate gave its own url (a VPC endpoint, a proxy); otherwise the region's endpoint is used. */
  customUrl: boolean;
  queries: Partial<Record<"query" | "errors" | "total", CloudWatchQuery>>;
}

const metricSchema = z.strictObject({
  namespace: text,
  metric: text,
  dimensions: z.record(z.string().min(1), z.union([z.string(), z.number()]).transform(String)).default({}),
  stat: text.optional(),
  unit: text.optional(),
});

const querySchema = z.union([text, metricSchema]);

type RawQuery = z.output<typeof querySchema>;

function toQuery(raw: RawQuery, defaultStat: string): CloudWatchQuery {
  if (typeof raw === "string") return { expression: raw };
  return {
    metric: {
      namespace: raw.namespace,
      metric: raw.metric,
      dimensions: raw.dimensions,
      stat: raw.stat ?? defaultStat,
      ...(raw.unit !== undefined && { unit: raw.unit }),
    },
  };
}

/** One line for reports: the expression, or the metric as CloudWatch's console writes it. */
export function describeQuery(q: CloudWatchQuery): string {
  if ("expression" in q) return q.expression;
  const m = q.metric;
  const dims = Object.entries(m.dimensions)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  return `${m.stat}(${m.namespace} ${m.metric}${dims ? ` {${dims}}` : ""}${m.unit ? ` ${m.unit}` : ""})`;
}

export const cloudwatchSpec: ProviderSpec = {
  url: "optional",
  auth: false,
  keys: {
    region: text.regex(REGION_RE, "must be an AWS region such as us-east-1").optional(),
  },
  forms: { query: querySchema, errors: querySchema, total: querySchema },
  build(k, { label, kind }) {
    const region = k.region as string | undefined;
    // Counts are summed over the stage; a single value defaults to the average.
    const stat = kind === "count" ? "Sum" : "Average";
    const queries: CloudWatchOptions["queries"] =
      kind === "count"
        ? { errors: toQuery(k.errors as RawQuery, stat), total: toQuery(k.total as RawQuery, stat) }
        : { query: toQuery(k.query as RawQuery, stat) };
    for (const [key, q] of Object.entries(queries)) {
      if (kind === "count" && "metric" in q && q.metric.stat !== "Sum" && q.metric.stat !== "SampleCount") {
        throw new GateConfigError(
          `${label}: "${key}" is a count, so its stat must be Sum or SampleCount, got ${q.metric.stat}`,
        );
      }
    }
    const custom = k.url as string | undefined;
    // Without a url or region, the region comes from AWS_REGION when the gate runs (checked before any request).
    const url = custom ?? awsEndpoint("monitoring", region ?? "us-east-1");
    const described = Object.fromEntries(Object.entries(queries).map(([key, q]) => [key, describeQuery(q)]));
    return {
      url,
      options: { ...(region !== undefined && { region }), customUrl: custom !== undefined, queries },
      credentials: true,
      aws: { region },
      ...described,
    };
  },
};

const TARGET = "GraniteServiceVersion20100801.GetMetricData";
const DAY_S = 86_400;

/**
 * The periods CloudWatch serves by the age of a query's StartTime (botocore@0e6e2404's cloudwatch
 * service-2.json, MetricStat.Period): a multiple of 60 s up to 15 days back, of 300 s up to 63 days, of
 * 3600 s beyond. Any other period gets no data points back, with no error.
 */
export const RESOLUTION_BY_AGE = [
  { fromDays: 0, multipleOf: 60 },
  { fromDays: 15, multipleOf: 300 },
  { fromDays: 63, multipleOf: 3600 },
] as const;

/** CloudWatch keeps hourly data points 455 days (15 months), and nothing older (GetMetricData's documentation). */
export const RETENTION_DAYS = 455;

// Time for the request to reach CloudWatch and for clocks to disagree: near a boundary the coarser resolution,
// whose periods are multiples of the finer ones, so CloudWatch serves them for younger data as well.
const AGE_MARGIN_S = 3600;

/** One period covering a stage window, as CloudWatch can serve it; or none, and why when it is not just young. */
export type MetricWindow = { start: number; period: number } | { none: true; warning?: string };

function days(seconds: number): string {
  return String(Math.floor(seconds / DAY_S));
}

/**
 * The one period (start and length in seconds) that covers the window from `since` to `until`, for data as old
 * as it is at `at`. Both ends round down to the resolution (CloudWatch rounds StartTime down the same way), so the windows
 * of consecutive stages tile without sharing a bucket, and the newest bucket, whose data is still arriving, is
 * left out. A window with no whole period at its resolution has none; one older than CloudWatch keeps is an error.
 */
export function periodFor(since: Date, until: Date, at: Date): MetricWindow {
  const age = (at.getTime() - since.getTime()) / 1000;
  if (age > RETENTION_DAYS * DAY_S) {
    throw new ProviderError(
      `the window starts ${days(age)} days ago, and CloudWatch keeps data for ${RETENTION_DAYS} days: there is nothing to read`,
      false,
    );
  }
  const rule =
    RESOLUTION_BY_AGE.findLast((r) => age + AGE_MARGIN_S > r.fromDays * DAY_S) ?? RESOLUTION_BY_AGE[0];
  const step = rule.multipleOf;
  const start = Math.floor(since.getTime() / 1000 / step) * step;
  const end = Math.floor(until.getTime() / 1000 / step) * step;
  if (end - start >= step) return { start, period: end - start };
  if (step === RESOLUTION_BY_AGE[0].multipleOf) return { none: true };
  return {
    none: true,
    warning: `the window from ${since.toISOString()} to ${until.toISOString()} holds no whole ${step / 60}-minute period, the finest CloudWatch keeps for data ${days(age)} days old, so it has nothing to read`,
  };
}

/** JSON 1.0 writes the floats JSON has no word for as strings. */
function numberOf(v: unknown): number {
  if (typeof v === "number") return v;
  if (v === "NaN") return Number.NaN;
  if (v === "Infinity") return Number.POSITIVE_INFINITY;
  if (v === "-Infinity") return Number.NEGATIVE_INFINITY;
  throw new ProviderError(`answer has a value ${quote(v)} that is not a number`, false);
}

function errorOf(
  res: HttpResponse,
  body: Record<string, unknown> | undefined,
): { type: string; message: string } {
  const rawType =
    typeof body?.__type === "string" ? body.__type : (res.headers.get("x-amzn-errortype") ?? "");
  // "com.amazonaws.cloudwatch#InvalidParameterValueException" → "InvalidParameterValueException"
  const type = rawType.split("#").pop()?.split(":")[0] ?? "";
  const message =
    typeof body?.message === "string"
      ? body.message
      : typeof body?.Message === "string"
        ? body.Message
        : "no message";
  return { type, message };
}

const THROTTLING = /^(Throttling|ThrottlingException|TooManyRequestsException|RequestLimitExceeded)$/;

function isThrottled(res: HttpResponse): boolean {
  if (res.status !== 400) return false;
  try {
    return THROTTLING.test(errorOf(res, record(JSON.parse(res.text))).type);
  } catch {
    return false;
  }
}

export function readMetricData(res: HttpResponse, body: unknown, sum: boolean): QueryResult {
  const root = record(body);
  if (res.status >= 400) {
    const { type, message } = errorOf(res, root);
    const auth =
      res.status === 403 || /Signature|Token|Credentials|AccessDenied|UnrecognizedClient/.test(type);
    throw new ProviderError(
      `HTTP ${res.status}, ${auth ? "authentication failed: " : ""}${type || "error"}: ${message}`,
      false,
      // AWS throttles with a 400.
      !isOutageStatus(res.status) && !isThrottled(res),
    );
  }
  const results = Array.isArray(root?.MetricDataResults) ? root.MetricDataResults.map(record) : undefined;
  if (!results) throw new ProviderError("answer has no MetricDataResults", false);
  const warnings = (Array.isArray(root?.Messages) ? root.Messages : [])
    .map((m) => record(m))
    .map((m) => [m?.Code, m?.Value].filter((x) => typeof x === "string").join(": "))
    .filter((m) => m !== "");
  if (results.length === 0) return { value: undefined, warnings };
  if (results.length > 1) {
    throw new ProviderError(
      `query returned ${results.length} time series; aggregate to one, for example SUM(SEARCH(...))`,
      false,
    );
  }
  const result = results[0] ?? {};
  const status = typeof result.StatusCode === "string" ? result.StatusCode : "Complete";
  if (status !== "Complete") {
    const messages = (Array.isArray(result.Messages) ? result.Messages : [])
      .map((m) => record(m)?.Value)
      .filter((m) => typeof m === "string");
    throw new ProviderError(
      `CloudWatch answered ${status}${messages.length ? `: ${messages.join("; ")}` : ""}; not judging part of the data`,
      false,
      false,
    );
  }
  const values = Array.isArray(result.Values) ? result.Values.map(numberOf) : [];
  if (values.length === 0) return { value: undefined, warnings };
  if (!sum && values.length > 1) {
    throw new ProviderError(`query returned ${values.length} datapoints for one period; expected one`, false);
  }
  return { value: values.reduce((a, b) => a + b, 0), warnings };
}

function metricDataQuery(q: CloudWatchQuery, period: number, render: (t: string) => string) {
  if ("expression" in q)
    return { Id: "q", Expression: render(q.expression), Period: period, ReturnData: true };
  const m = q.metric;
  return {
    Id: "q",
    MetricStat: {
      Metric: {
        Namespace: render(m.namespace),
        MetricName: render(m.metric),
        Dimensions: Object.entries(m.dimensions).map(([Name, Value]) => ({ Name, Value: render(Value) })),
      },
      Period: period,
      Stat: m.stat,
      ...(m.unit !== undefined && { Unit: m.unit }),
    },
    ReturnData: true,
  };
}

export const cloudwatch: Provider = {
  spec: cloudwatchSpec,
  async query(req, http) {
    const opts = optionsOf<CloudWatchOptions>(req.gate);
    const key = req.role === "value" ? "query" : req.role;
    const q = opts.queries[key];
    if (!q) throw new ProviderError(`gate has no CloudWatch ${key} query`, false);
    const region = regionFrom(opts.region, req.env);
    if (!region) throw new ProviderError("no AWS region: set region in the gate, or AWS_REGION", false);
    const url = opts.customUrl ? req.url : awsEndpoint("monitoring", region);
    // One period over the whole window: a single datapoint that covers the stage. A past stage of a comparison
    // ends before the evaluation, but its data is as old as it is now.
    const window = periodFor(req.since, req.now, req.evaluatedAt);
    if ("none" in window) return { value: undefined, warnings: window.warning ? [window.warning] : [] };
    const { start, period } = window;
    const body = JSON.stringify({
      MetricDataQueries: [metricDataQuery(q, period, (t) => req.render(t).sent)],
      StartTime: start,
      EndTime: start + period,
    });
    const headers = await signedHeaders(
      {
        url,
        method: "POST",
        headers: {
          ...req.headers,
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": TARGET,
          accept: "application/json",
        },
        body,
      },
      "monitoring",
      region,
      credentialsFrom(req.secrets),
    );
    const res = await send(
      {
        url,
        method: "POST",
        headers,
        body,
        timeoutMs: req.gate.timeoutMs,
        retries: req.gate.retries,
        retryable: isThrottled,
      },
      http,
    );
    return readMetricData(res, parseJson(res, "CloudWatch"), req.role !== "value");
  },
};
