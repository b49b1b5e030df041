// Turns query results into verdicts (pure), and runs every gate of a run concurrently.

import { clip, rfc3339 } from "../format.ts";
import { judge, type Projection } from "../stats/judge.ts";
import type { Decision as JudgeDecision } from "../stats/index.ts";
import { cloudwatch } from "./providers/cloudwatch.ts";
import {
  type Comparison,
  type CountGate,
  type GateConfig,
  gateTexts,
  type Policy,
  type ProviderName,
  type ValueGate,
} from "./config.ts";
import { datadog } from "./providers/datadog.ts";
import { type HttpOptions, ProviderError } from "./request.ts";
import { httpJson } from "./providers/http.ts";
import { newrelic } from "./providers/newrelic.ts";
import { prometheus } from "./providers/prometheus.ts";
import type { Provider, QueryRequest, QueryResult, QueryRole } from "./provider.ts";
import { sentry } from "./providers/sentry.ts";
import { fillSecrets, render, type TemplateValues } from "./template.ts";
import { type StageWindow, windowValues } from "./windows.ts";

export type Verdict = "pass" | "fail" | "inconclusive" | "error";

/** Errors and requests of one side of a comparison. */
export interface ArmFigures {
  errors: number;
  total: number;
  /** errors / total, or null without requests. */
  rate: number | null;
}

/** One stage window of a comparison: the counts of both sides over it. */
export interface WindowFigures {
  stage: number;
  percent: number;
  /** RFC 3339: when the stage went live, and when the next did (or the evaluation time). */
  from: string;
  to: string;
  canary: ArmFigures;
  baseline: ArmFigures;
}

/** The decision record of a comparison with the baseline (docs/statistics.md), JSON-safe. */
export interface BaselineRecord {
  /** The version compared against (`{{baseline_sha}}`; empty when the rollout replaces none). */
  sha: string;
  /** Totals over all windows, as judged (rounded to whole requests). */
  canary: ArmFigures;
  baseline: ArmFigures;
  /** Estimated ratio of the canary's error rate to the baseline's; null while undefined. */
  ratio: number | null;
  /** Its confidence sequence [lower, upper], each end valid at `confidence` at every look; upper null: unbounded. */
  interval: [number, number | null];
  /** Evidence of an increase beyond `tolerableRatio`: the gate fails when it reaches `threshold`. */
  eValue: number;
  /** Evidence against such an increase: the judge passes when it reaches `threshold`. */
  eValueNoIncrease: number;
  /** 1 / (1 − confidence). */
  threshold: number;
  confidence: number;
  maxIncrease: number;
  /** 1 + maxIncrease. */
  tolerableRatio: number;
  /** The judge's own verdict, before the gate's guard and on-no-data policy. */
  verdict: "pass" | "fail" | "inconclusive";
  /**
   * For an inconclusive verdict, if the rates seen so far hold: which way it is heading and how many more
   * canary requests (and hours, at the current stage's pace) would settle it; null when out of reach.
   */
  projection: Projection | null;
  windows: WindowFigures[];
  /** How counts were adjusted or windows left out. */
  notes: string[];
}

export interface GateResult {
  name: string;
  provider: ProviderName;
  /** How to show value and threshold: an error rate as a percentage, a plain number, or a ratio (1.2×). */
  unit: "ratio" | "number" | "factor";
  verdict: Verdict;
  /** The measured figure: the error rate for count gates, the estimated ratio of error rates for comparisons, the query's value otherwise. */
  value: number | null;
  threshold: number | null;
  /** Requests the figure rests on (count gates). */
  samples: number | null;
  message: string;
  /** Queries as sent, secrets shown as ${NAME}. */
  queries: string[];
  /** From the gate's `dry-run: true`: reported, but never part of the decision. */
  shadow: boolean;
  /** Comparisons with the baseline: the decision record (absent when nothing was compared). */
  baseline?: BaselineRecord;
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
  if (typeof v !== "number" || Number.isNaN(v)) {
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
  // An infinity inside the bounds (-Inf under a max) says the query divided by nothing: not evidence of health.
  if (!Number.isFinite(v)) {
    return { ...base, value: null, ...noData(gate, `the query returned ${fmt(v)}`) };
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
  const warnings = [...new Set(answers.flatMap((a) => a.warnings))];
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
  /**
   * The rollout's stage windows, oldest first, the last one the current stage up to `now` (see windows.ts).
   * Comparisons with the baseline query each; without them, the current stage from the template values.
   */
  windows?: StageWindow[];
}

/** When the stage went live, from the template values; the evaluation time if they do not say. */
function stageStart(values: TemplateValues, now: Date): Date {
  const unix = Number(values.stage_started_unix);
  return values.stage_started_unix !== "" && Number.isFinite(unix) ? new Date(unix * 1000) : now;
}

async function judgeGate(gate: GateConfig, opts: EvaluateOptions): Promise<GateResult> {
  const provider = opts.providers?.[gate.provider] ?? PROVIDER_IMPLEMENTATIONS[gate.provider];
  if (gate.kind === "count" && gate.baseline) return compareGate(gate, gate.baseline, provider, opts);
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
const MAX_MESSAGE = 1000;

/** One gate's verdict. Never throws; the message is bounded, since servers may quote whole pages back. */
export async function evaluateGate(gate: GateConfig, opts: EvaluateOptions): Promise<GateResult> {
  const r = await judgeGate(gate, opts);
  if (r.message.length <= MAX_MESSAGE) return r;
  // Keep the policy note at the end ("(on-error: pass)"): it says why a gate passed without evidence.
  const policy = /\s\((?:on-no-data|on-error): \w+\)$/.exec(r.message)?.[0] ?? "";
  const text = r.message.slice(0, r.message.length - policy.length);
  return { ...r, message: `${clip(text, MAX_MESSAGE - policy.length)}${policy}` };
}

/** Evaluates all gates at once. */
export function evaluateGates(gates: GateConfig[], opts: EvaluateOptions): Promise<GateResult[]> {
  return Promise.all(gates.map((g) => evaluateGate(g, opts)));
}

// ---------------------------------------------------------------------------------------------------------
// Comparisons with the baseline: four queries per stage window, the sequential judge over all windows.

const ARMS = ["canary", "baseline"] as const;
const ROLES = ["errors", "total"] as const;
const SEVERITY: Record<Verdict, number> = { pass: 0, inconclusive: 1, error: 2, fail: 3 };

const BASELINE_SHA_RE = /\{\{\s*baseline_(short_)?sha\s*\}\}/;

function usesBaselineSha(gate: GateConfig): boolean {
  return gateTexts(gate).some((t) => BASELINE_SHA_RE.test(t));
}

function windowLabel(w: StageWindow): string {
  return `stage ${w.stage} (${fmt(w.percent)}%)`;
}

/** The record a reviewer reads: counts per side, the ratio and its interval, the e-values against the threshold. */
function recordOf(d: JudgeDecision, windows: StageWindow[], sha: string, notes: string[]): BaselineRecord {
  return {
    sha,
    canary: { errors: d.canary.errors, total: d.canary.total, rate: d.canary.rate },
    baseline: { errors: d.baseline.errors, total: d.baseline.total, rate: d.baseline.rate },
    ratio: d.ratio.estimate,
    interval: [d.ratio.lower, d.ratio.upper],
    eValue: d.evidence.increase.eValue,
    eValueNoIncrease: d.evidence.noIncrease.eValue,
    // 1 / (1 − 0.95) is 19.999999999999982 in binary; the record shows the number meant.
    threshold: Number(d.evidence.threshold.toPrecision(12)),
    confidence: d.confidence,
    maxIncrease: d.maxIncrease,
    tolerableRatio: d.tolerableRatio,
    verdict: d.verdict,
    projection: d.projection,
    windows: d.stages.map((s, i) => {
      const w = windows[i] as StageWindow;
      return {
        stage: w.stage,
        percent: w.percent,
        from: rfc3339(w.start),
        to: rfc3339(w.end),
        canary: s.canary,
        baseline: s.baseline,
      };
    }),
    notes: [...notes, ...d.notes],
  };
}

/**
 * A count gate with a `baseline:` block. Every stage window of the rollout is asked for the canary's and the
 * baseline's errors and totals (templates filled per window, the window's end as the query time), all at once;
 * the judge (src/stats) decides over all windows together, so evidence carries across runs and stages without
 * stored state. `max-error-rate`/`min-requests`, when given, still guard the canary's own error rate in the
 * current stage: the worse of the two verdicts counts.
 */
async function compareGate(
  gate: CountGate,
  cmp: Comparison,
  provider: Provider,
  opts: EvaluateOptions,
): Promise<GateResult> {
  const base = {
    name: gate.name,
    provider: gate.provider,
    unit: "factor" as const,
    threshold: 1 + cmp.maxIncrease,
    shadow: gate.shadow,
  };
  const baselineSha = opts.values.baseline_sha;
  if (baselineSha === "" && usesBaselineSha(cmp.arm)) {
    return {
      ...base,
      value: null,
      samples: null,
      queries: [],
      ...noData(
        gate,
        `there is nothing to compare against: ${opts.values.short_sha || "this version"} replaces no earlier version in ${opts.values.environment || "the environment"} (no rollout there completed before it started), so {{baseline_sha}} is empty`,
      ),
    };
  }
  const windows: StageWindow[] =
    opts.windows && opts.windows.length > 0
      ? opts.windows
      : [
          {
            stage: Number(opts.values.stage) || 1,
            percent: Number(opts.values.percent) || 0,
            start: stageStart(opts.values, opts.now),
            end: opts.now,
          },
        ];
  const asks = windows.flatMap((w, index) => {
    const values = windowValues(opts.values, w);
    // One cache per window: the HTTP JSON provider answers both sides from one request when they share it.
    const cache = new Map<string, Promise<unknown>>();
    return ARMS.flatMap((arm) => {
      const g = arm === "canary" ? gate : cmp.arm;
      const url = render(g.url, values, opts.secrets).sent;
      const headers = authHeaders(g, values, opts.secrets);
      return ROLES.map((role) => {
        const text = render(g[role], values, opts.secrets);
        const request: QueryRequest = {
          gate: g,
          role,
          query: text.sent,
          shown: text.shown,
          url,
          headers,
          now: w.end,
          since: w.start,
          evaluatedAt: opts.now,
          render: (t) => render(t, values, opts.secrets),
          secrets: opts.secrets,
          env: opts.env ?? process.env,
          cache,
        };
        return { index, arm, role, request };
      });
    });
  });
  const shown = asks.map((a) => a.request.shown);
  let answers: QueryResult[];
  try {
    answers = await Promise.all(asks.map((a) => provider.query(a.request, opts.http ?? {})));
  } catch (error) {
    const message =
      error instanceof ProviderError
        ? `${gate.provider} did not answer usefully: ${error.message}`
        : `unexpected error while querying ${gate.provider}: ${error instanceof Error ? error.message : String(error)}`;
    return failed(gate, message, shown);
  }
  const queries = answers.map((a, i) => a.shown ?? (shown[i] as string));
  const figure = (index: number, arm: (typeof ARMS)[number], role: (typeof ROLES)[number]) =>
    (answers[asks.findIndex((a) => a.index === index && a.arm === arm && a.role === role)] as QueryResult)
      .value;

  const notes: string[] = [];
  const used: StageWindow[] = [];
  const stages = [];
  for (const [index, w] of windows.entries()) {
    const label = windowLabel(w);
    const raw = {
      canary: { errors: figure(index, "canary", "errors"), total: figure(index, "canary", "total") },
      baseline: { errors: figure(index, "baseline", "errors"), total: figure(index, "baseline", "total") },
    };
    if (ARMS.some((arm) => Number.isNaN(raw[arm].errors) || Number.isNaN(raw[arm].total))) {
      notes.push(`${label}: a query returned NaN, so the window is left out`);
      continue;
    }
    const counts = {
      // No series at all is nothing counted: a version that never failed has no error series.
      canary: { errors: raw.canary.errors ?? 0, total: raw.canary.total ?? 0 },
      baseline: { errors: raw.baseline.errors ?? 0, total: raw.baseline.total ?? 0 },
    };
    for (const arm of ARMS) {
      const { errors: e, total: t } = counts[arm];
      if (!Number.isFinite(t) || !Number.isFinite(e) || t < 0 || e < 0) {
        return failed(
          gate,
          `${label}: the ${arm}'s counts are not usable (errors ${fmt(e)}, total ${fmt(t)})`,
          queries,
        );
      }
      // increase() extrapolates, so errors may exceed the total by a hair; more than that is a broken query.
      if (e > t * 1.05 + 1) {
        return failed(
          gate,
          `${label}: the ${arm}'s errors (${fmt(e)}) exceed its total (${fmt(t)}); check the queries`,
          queries,
        );
      }
    }
    used.push(w);
    const hours = Math.max(0, w.end.getTime() - w.start.getTime()) / 3_600_000;
    stages.push({ ...counts, label, hours });
  }

  const decision = judge({
    stages,
    maxIncrease: cmp.maxIncrease,
    confidence: cmp.confidence,
    dispersion: cmp.dispersion,
    // The projection continues the current stage; when its window was left out, there is none.
    lastIsCurrent: used.at(-1) === windows.at(-1),
  });
  const sideBySide = decision.stages.some((s) => s.canary.total > 0 && s.baseline.total > 0);
  let outcome: { verdict: Verdict; message: string } = sideBySide
    ? { verdict: decision.verdict, message: decision.explanation }
    : noData(gate, decision.explanation);
  if (cmp.guard) {
    const current = windows.length - 1;
    const guard = judgeCounts(
      gate,
      { value: figure(current, "canary", "errors"), warnings: [] },
      { value: figure(current, "canary", "total"), warnings: [] },
      [],
    );
    outcome = {
      verdict: SEVERITY[guard.verdict] > SEVERITY[outcome.verdict] ? guard.verdict : outcome.verdict,
      message: `${outcome.message} Guard on the canary alone in this stage: ${guard.message}.`,
    };
  }
  return withWarnings(
    {
      ...base,
      ...outcome,
      value: decision.ratio.estimate,
      samples: decision.canary.total,
      queries,
      baseline: recordOf(decision, used, baselineSha, notes),
    },
    ...answers,
  );
}
