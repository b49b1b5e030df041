// The rules that turn figures into a gate's verdict. Pure: no I/O, no clock.

import { clip, formatFraction } from "../format.ts";
import type { CountGate, GateConfig, Policy, ValueGate } from "./config.ts";
import type { QueryResult } from "./provider.ts";
import { ProviderError } from "./request.ts";
import type { GateResult, Verdict } from "./result.ts";
import { unitOfQuery } from "./units.ts";

/** A figure in a gate's message: four significant digits, thousands grouped. */
export function formatFigure(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Math.abs(n) >= 1000 ? Math.round(n).toLocaleString("en-US") : String(Number(n.toPrecision(4)));
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

/** No evidence: inconclusive, unless the gate's `on-no-data` says otherwise. */
export function noData(gate: GateConfig, message: string): { verdict: Verdict; message: string } {
  return applyPolicy(gate.onNoData, "inconclusive", message, "on-no-data");
}

/** A query that matched nothing is most often a label that differs: point at the query, which the summary shows. */
const NO_SERIES =
  "the query matched no series: check its metric name and labels against the monitoring (the job summary shows the query as sent)";
const NO_TOTAL =
  "the total query matched no series: no requests of this version yet, or a label (such as the version) matches none; the job summary shows the query as sent";

/** A gate that could not be judged: `error`, unless the gate's `on-error` says otherwise. */
export function unjudged(gate: GateConfig, message: string, queries: string[]): GateResult {
  const { verdict, message: m } = applyPolicy(gate.onError, "error", message, "on-error");
  const comparison = gate.kind === "count" ? gate.baseline : undefined;
  return {
    name: gate.name,
    provider: gate.provider,
    unit: comparison ? "factor" : gate.kind === "count" ? "ratio" : "number",
    verdict,
    value: null,
    threshold: comparison
      ? 1 + comparison.maxIncrease
      : gate.kind === "count"
        ? gate.maxErrorRate
        : (gate.max ?? gate.min ?? null),
    samples: null,
    message: m,
    queries,
    shadow: gate.shadow,
  };
}

/** A URL as it was requested, each secret in it (as sent, or URL-encoded) shown as `${NAME}`. */
export function maskedUrl(url: string, secrets: ReadonlyMap<string, string>): string {
  let out = url;
  // Longest first, so a secret that contains another is never left half-shown.
  const sorted = [...secrets].filter(([, v]) => v.length >= 3).sort(([, a], [, b]) => b.length - a.length);
  for (const [name, value] of sorted) {
    for (const form of new Set([
      value,
      encodeURIComponent(value),
      new URLSearchParams({ v: value }).toString().slice(2),
    ])) {
      out = out.split(form).join(`\${${name}}`);
    }
  }
  return out;
}

/**
 * A gate whose query failed: unjudged. When the request itself was wrong it is marked misconfigured and stays an
 * `error` whatever `on-error` says: a typo must neither roll back a healthy version nor pass unseen.
 */
export function failedQuery(
  gate: GateConfig,
  error: unknown,
  queries: string[],
  requested: string | undefined,
): GateResult {
  const message = providerFailure(gate, error, requested);
  if (error instanceof ProviderError && error.misconfigured) {
    return { ...unjudged({ ...gate, onError: "hold" }, message, queries), misconfigured: true };
  }
  return unjudged(gate, message, queries);
}

/** What a provider's failure to answer reads like in a gate's message; `requested` the URL, secrets masked. */
export function providerFailure(gate: GateConfig, error: unknown, requested?: string): string {
  if (!(error instanceof ProviderError)) {
    return `unexpected error while querying ${gate.provider}: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (!error.misconfigured) return `${gate.provider} did not answer usefully: ${error.message}`;
  const to = requested === undefined ? "" : ` to ${requested}`;
  return error.message.startsWith("HTTP ")
    ? `${gate.provider} refused the request${to}: ${error.message}`
    : `${gate.provider} answered the request${to}, but ${error.message}`;
}

/**
 * Why an error count and a total cannot be judged, or undefined when they can. `whose` names the side in a
 * comparison ("the canary's "); increase() extrapolates, so errors may exceed the total by a hair, but more
 * than that is a broken query.
 */
export function unusableCounts(e: number, t: number, whose = ""): string | undefined {
  if (!Number.isFinite(t) || !Number.isFinite(e) || t < 0 || e < 0) {
    return `${whose}counts are not usable (errors ${formatFigure(e)}, total ${formatFigure(t)})`;
  }
  if (e > t * 1.05 + 1) {
    const total = whose ? "its total" : "the total";
    return `${whose}errors (${formatFigure(e)}) exceed ${total} (${formatFigure(t)}); check the queries`;
  }
  return undefined;
}

export function judgeValue(gate: ValueGate, result: QueryResult, queries: string[]): GateResult {
  const valueUnit = typeof gate.query === "string" ? unitOfQuery(gate.provider, gate.query) : undefined;
  const base = {
    name: gate.name,
    provider: gate.provider,
    unit: "number" as const,
    ...(valueUnit && { valueUnit }),
    threshold: gate.max ?? gate.min ?? null,
    samples: null,
    queries,
    shadow: gate.shadow,
  };
  const v = result.value;
  if (typeof v !== "number" || Number.isNaN(v)) {
    const what = v === undefined ? NO_SERIES : "the query returned NaN";
    return { ...base, value: null, ...noData(gate, what) };
  }
  if (gate.max !== undefined && v > gate.max) {
    return {
      ...base,
      value: v,
      verdict: "fail",
      message: `${formatFigure(v)} is above the maximum ${formatFigure(gate.max)}`,
    };
  }
  if (gate.min !== undefined && v < gate.min) {
    return {
      ...base,
      value: v,
      threshold: gate.min,
      verdict: "fail",
      message: `${formatFigure(v)} is below the minimum ${formatFigure(gate.min)}`,
    };
  }
  // An infinity inside the bounds (-Inf under a max) says the query divided by nothing: not evidence of health.
  if (!Number.isFinite(v)) {
    return { ...base, value: null, ...noData(gate, `the query returned ${formatFigure(v)}`) };
  }
  const bounds = [
    gate.min !== undefined && `≥ ${formatFigure(gate.min)}`,
    gate.max !== undefined && `≤ ${formatFigure(gate.max)}`,
  ]
    .filter(Boolean)
    .join(" and ");
  return { ...base, value: v, verdict: "pass", message: `${formatFigure(v)} is within ${bounds}` };
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
    const what =
      t === 0
        ? "zero requests: nothing to judge yet"
        : t === undefined
          ? NO_TOTAL
          : "the total is NaN: nothing to judge yet";
    return { ...base, value: null, samples: t === 0 ? 0 : null, ...noData(gate, what) };
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
  const unusable = unusableCounts(e, t);
  if (unusable) return unjudged(gate, unusable, queries);
  const samples = Math.round(t);
  const rate = Math.min(1, e / t);
  const figures = `${formatFraction(rate)} (${formatFigure(e)} of ${formatFigure(t)})`;
  if (t < gate.minRequests) {
    return {
      ...base,
      value: rate,
      samples,
      verdict: "inconclusive",
      message: `only ${formatFigure(t)} requests so far; at least ${formatFigure(gate.minRequests)} are needed to judge`,
    };
  }
  if (rate > gate.maxErrorRate) {
    return {
      ...base,
      value: rate,
      samples,
      verdict: "fail",
      message: `error rate ${figures} is above ${formatFraction(gate.maxErrorRate)}`,
    };
  }
  return {
    ...base,
    value: rate,
    samples,
    verdict: "pass",
    message: `error rate ${figures} is within ${formatFraction(gate.maxErrorRate)}`,
  };
}

/** The warnings providers attached to answers they still gave, after the gate's message. */
export function withWarnings(result: GateResult, ...answers: QueryResult[]): GateResult {
  const warnings = [...new Set(answers.flatMap((a) => a.warnings))];
  return warnings.length
    ? { ...result, message: `${result.message} (warning: ${warnings.join("; ")})` }
    : result;
}

const MAX_MESSAGE = 1000;

/** The message bounded, since servers may quote whole pages back; the policy note at its end is kept. */
export function bounded(r: GateResult): GateResult {
  if (r.message.length <= MAX_MESSAGE) return r;
  // "(on-error: pass)" says why a gate passed without evidence: it must survive the cut.
  const policy = /\s\((?:on-no-data|on-error): \w+\)$/.exec(r.message)?.[0] ?? "";
  const text = r.message.slice(0, r.message.length - policy.length);
  return { ...r, message: `${clip(text, MAX_MESSAGE - policy.length)}${policy}` };
}
