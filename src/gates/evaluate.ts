// Turns query results into verdicts (pure), and runs every gate of a run concurrently.

import { cloudwatch } from "./cloudwatch.ts";
import type { CountGate, GateConfig, Policy, ProviderName, ValueGate } from "./config.ts";
import { datadog } from "./datadog.ts";
import { type HttpOptions, ProviderError } from "./http.ts";
import { httpJson } from "./httpjson.ts";
import { newrelic } from "./newrelic.ts";
import { prometheus } from "./prometheus.ts";
import type { Provider, QueryRequest, QueryResult, QueryRole } from "./provider.ts";
import { sentry } from "./sentry.ts";
import { fillSecrets, render, type TemplateValues } from "./template.ts";

export type Verdict = "pass" | "fail" | "inconclusive" | "error";

export interface GateResult {
  name: string;
  provider: ProviderName;
  /** How to show value and threshold: an error rate as a percentage, or a plain number. */
  unit: "ratio" | "number";
  verdict: Verdict;
  /** The measured figure: the error rate for count gates, the query's value otherwise. */
  value: number | null;
  threshold: number | null;
  /** Requests the figure rests on (count gates). */
  samples: number | null;
  message: string;
  /** Queries as sent, secrets shown as ${NAME}. */
  queries: string[];
  /** From the gate's `dry-run: true`: reported, but never part of the decision. */
  shadow: boolean;
}

export const PROVIDER_IMPLEMENTATIONS: Record<ProviderName, Provider> = {
  prometheus,
  datadog,
  newrelic,
  cloudwatch,
  sentry,
  http: httpJson,
};

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Math.abs(n) >= 1000 ? Math.round(n).toLocaleString("en-US") : String(Number(n.toPrecision(4)));
}

function pct(rate: number): string {
  return `${Number((rate * 100).toPrecision(3))}%`;
}

function applyPolicy(
  policy: Policy,
  held: Verdict,
  message: string,
  key: string,
): { verdict: Verdict; message: string } {
  if (policy === "hold") return { verdict: held, message };
  return { verdict: policy, message: `${message} (${key}: ${policy})` };
}

function noData(gate: GateConfig, message: string) {
  return applyPolicy(gate.onNoData, "inconclusive", message, "on-no-data");
}

export function failed(gate: GateConfig, message: string, queries: string[]): GateResult {
  const { verdict, message: m } = applyPolicy(gate.onError, "error", message, "on-error");
  return {
    name: gate.name,
    provider: gate.provider,
    unit: gate.kind === "count" ? "ratio" : "number",
    verdict,
    value: null,
    threshold: gate.kind === "count" ? gate.maxErrorRate : (gate.max ?? gate.min ?? null),
    samples: null,
    message: m,
    queries,
    shadow: gate.shadow,
  };
}

export function judgeValue(gate: ValueGate, result: QueryResult, queries: string[]): GateResult {
  const base = {
    name: gate.name,
    provider: gate.provider,
    unit: "number" as const,
    threshold: gate.max ?? gate.min ?? null,
    samples: null,
    queries,
    shadow: gate.shadow,
  };
  const v = result.value;
  if (v === undefined || Number.isNaN(v)) {
    const what = v === undefined ? "the query returned no data" : "the query returned NaN";
    return { ...base, value: null, ...noData(gate, what) };
  }
  if (gate.max !== undefined && v > gate.max) {
    return {
      ...base,
      value: v,
      verdict: "fail",
      message: `${fmt(v)} is above the maximum ${fmt(gate.max)}`,
    };
  }
  if (gate.min !== undefined && v < gate.min) {
    return {
      ...base,
      value: v,
      threshold: gate.min,
      verdict: "fail",
      message: `${fmt(v)} is below the minimum ${fmt(gate.min)}`,
    };
  }
  const bounds = [
    gate.min !== undefined && `≥ ${fmt(gate.min)}`,
    gate.max !== undefined && `≤ ${fmt(gate.max)}`,
  ]
    .filter(Boolean)
    .join(" and ");
  return { ...base, value: v, verdict: "pass", message: `${fmt(v)} is within ${bounds}` };
}

export function judgeCounts(
  gate: CountGate,
  errors: QueryResult,
  total: QueryResult,
  queries: string[],
): GateResult {
  const base = {
    name: gate.name,
    provider: gate.provider,
    unit: "ratio" as const,
    threshold: gate.maxErrorRate,
    queries,
    shadow: gate.shadow,
  };
  const t = total.value;
  if (t === undefined || t === 0 || Number.isNaN(t)) {
    const what = t === 0 ? "zero requests" : t === undefined ? "no data for the total" : "the total is NaN";
    return {
      ...base,
      value: null,
      samples: t === 0 ? 0 : null,
      ...noData(gate, `${what}: nothing to judge yet`),
    };
  }
  // A version that never failed has no error series at all: with a total in hand, that is zero errors.
  const e = errors.value ?? 0;
  if (Number.isNaN(e)) {
    return {
      ...base,
      value: null,
      samples: Math.round(t),
      ...noData(gate, "the error count is NaN"),
    };
  }
  if (!Number.isFinite(t) || !Number.isFinite(e) || t < 0 || e < 0) {
    return failed(gate, `counts are not usable (errors ${fmt(e)}, total ${fmt(t)})`, queries);
  }
  // increase() extrapolates, so errors may exceed the total by a hair; more than that is a broken query.
  if (e > t * 1.05 + 1)
    return failed(gate, `errors (${fmt(e)}) exceed the total (${fmt(t)}); check the queries`, queries);
  const samples = Math.round(t);
  const rate = Math.min(1, e / t);
  if (t < gate.minRequests) {
    return {
      ...base,
      value: rate,
      samples,
      verdict: "inconclusive",
      message: `only ${fmt(t)} requests so far; at least ${fmt(gate.minRequests)} are needed to judge`,
    };
  }
  if (rate > gate.maxErrorRate) {
    return {
      ...base,
      value: rate,
      samples,
      verdict: "fail",
      message: `error rate ${pct(rate)} (${fmt(e)} of ${fmt(t)}) is above ${pct(gate.maxErrorRate)}`,
    };
  }
  return {
    ...base,
    value: rate,
    samples,
    verdict: "pass",
    message: `error rate ${pct(rate)} (${fmt(e)} of ${fmt(t)}) is within ${pct(gate.maxErrorRate)}`,
  };
}

function withWarnings(result: GateResult, ...answers: QueryResult[]): GateResult {
  const warnings = answers.flatMap((a) => a.warnings);
  return warnings.length
    ? { ...result, message: `${result.message} (warning: ${warnings.join("; ")})` }
    : result;
}

function authHeaders(
  gate: GateConfig,
  values: TemplateValues,
  secrets: Map<string, string>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(gate.headers)) headers[k] = render(v, values, secrets).sent;
  if (gate.bearerToken) headers.authorization = `Bearer ${fillSecrets(gate.bearerToken, secrets)}`;
  if (gate.basicAuth) {
    const user = fillSecrets(gate.basicAuth.username, secrets);
    const pass = fillSecrets(gate.basicAuth.password, secrets);
    headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;
  }
  return headers;
}

export interface EvaluateOptions {
  values: TemplateValues;
  secrets: Map<string, string>;
  now: Date;
  http?: HttpOptions;
  /** Stand-ins for some providers (tests); the others are the real ones. */
  providers?: Partial<Record<ProviderName, Provider>>;
  /** Where AWS_REGION is read for CloudWatch and SigV4 gates; the process's environment by default. */
  env?: NodeJS.ProcessEnv;
}

/** When the stage went live, from the template values; the evaluation time if they do not say. */
function stageStart(values: TemplateValues, now: Date): Date {
  const unix = Number(values.stage_started_unix);
  return values.stage_started_unix !== "" && Number.isFinite(unix) ? new Date(unix * 1000) : now;
}

export async function evaluateGate(gate: GateConfig, opts: EvaluateOptions): Promise<GateResult> {
  const provider = opts.providers?.[gate.provider] ?? PROVIDER_IMPLEMENTATIONS[gate.provider];
  const url = render(gate.url, opts.values, opts.secrets).sent;
  const headers = authHeaders(gate, opts.values, opts.secrets);
  const texts: [QueryRole, string][] =
    gate.kind === "value"
      ? [["value", gate.query]]
      : [
          ["errors", gate.errors],
          ["total", gate.total],
        ];
  const rendered = texts.map(([role, t]) => ({ role, ...render(t, opts.values, opts.secrets) }));
  const shown = rendered.map((r) => r.shown);
  const cache = new Map<string, Promise<unknown>>();
  const base: Omit<QueryRequest, "role" | "query" | "shown"> = {
    gate,
    url,
    headers,
    now: opts.now,
    since: stageStart(opts.values, opts.now),
    render: (t) => render(t, opts.values, opts.secrets),
    secrets: opts.secrets,
    env: opts.env ?? process.env,
    cache,
  };
  try {
    const answers = await Promise.all(
      rendered.map((r) =>
        provider.query({ ...base, role: r.role, query: r.sent, shown: r.shown }, opts.http ?? {}),
      ),
    );
    const queries = answers.map((a, i) => a.shown ?? (shown[i] as string));
    if (gate.kind === "value")
      return withWarnings(judgeValue(gate, answers[0] as QueryResult, queries), ...answers);
    const [errors, total] = answers as [QueryResult, QueryResult];
    return withWarnings(judgeCounts(gate, errors, total, queries), errors, total);
  } catch (error) {
    const message =
      error instanceof ProviderError
        ? `${gate.provider} did not answer usefully: ${error.message}`
        : `unexpected error while querying ${gate.provider}: ${error instanceof Error ? error.message : String(error)}`;
    return failed(gate, message, shown);
  }
}

/** Evaluates all gates at once; never throws: a gate that cannot be judged says so in its verdict. */
export function evaluateGates(gates: GateConfig[], opts: EvaluateOptions): Promise<GateResult[]> {
  return Promise.all(gates.map((g) => evaluateGate(g, opts)));
}
