// The canary-vs-baseline judge: from per-stage counts of each arm to a verdict and a decision record a
// reviewer can read. Pure; docs/statistics.md explains the statistics and their assumptions.

import { formatFraction, formatRatio } from "../format.ts";
import { describeProjection } from "./words.ts";
import {
  confidenceBound,
  DEFAULT_MIXTURE,
  informative,
  logEValue,
  logRatioEstimate,
  type Mixture,
  type WindowCounts,
} from "./sequential.ts";

/** Errors and requests of one arm in one window. Non-integer counts (increase() extrapolates) are rounded. */
export interface ArmCounts {
  errors: number;
  total: number;
}

/**
 * The counts of one stage's window: from when the stage went live to now (the current stage) or to when the
 * next stage went live (earlier stages), for the new version (canary) and the version it replaces.
 */
export interface StageCounts {
  canary: ArmCounts;
  baseline: ArmCounts;
  /** How to name the stage in the record, e.g. "stage 2 (5%)". */
  label?: string;
  /** How long the window lasted, in hours, when known: the projection's time at the last stage's pace. */
  hours?: number;
}

export interface JudgeInput {
  /**
   * One entry per stage (window) with data; each window must cover a stable traffic split. The verdict does
   * not depend on their order, but the projection does: it continues the last one, the stage still running.
   */
  stages: readonly StageCounts[];
  /** δ: the relative increase of the error rate tolerated, e.g. 0.2 for +20% (ratio 1.2). */
  maxIncrease: number;
  /** 1 − the false-rollback rate bound, in (0, 1); default 0.95. */
  confidence?: number;
  /**
   * φ ≥ 1 (default 1): how much more variable the error counts are than independent errors allow — about
   * the variance-to-mean ratio of errors per short interval, e.g. ~3 when every failure is retried twice
   * and each attempt counted. The evidence is tempered by it (counts divided by φ), which keeps the bound
   * when errors come in bursts; docs/statistics.md has the measurements.
   */
  dispersion?: number;
  /** The mixing distribution of the e-values (default DEFAULT_MIXTURE). */
  mixture?: Mixture;
  /**
   * Whether the last stage given is the one still running (default true). The projection continues it, so
   * without one (the current window could not be counted) there is none.
   */
  lastIsCurrent?: boolean;
}

/** What the verdict depends on besides the counts. */
export interface VerdictOptions {
  maxIncrease: number;
  confidence?: number;
  dispersion?: number;
  mixture?: Mixture;
}

export type StatisticalVerdict = "pass" | "fail" | "inconclusive";

export interface ArmSummary extends ArmCounts {
  /** errors / total, or null without requests. */
  rate: number | null;
}

export interface StageRecord {
  label: string;
  /** Counts as used: rounded to integers, errors at most the total. */
  canary: ArmSummary;
  baseline: ArmSummary;
  /** π: the canary's share of the window's requests, or null without requests. */
  canaryShare: number | null;
  /** Whether the window carries evidence: both arms served requests and at least one failed. */
  informative: boolean;
}

export interface EValue {
  /** The e-value, saturating at ~1e308 for overwhelming evidence; logEValue is exact. */
  eValue: number;
  /** Its natural logarithm. */
  logEValue: number;
}

/**
 * How much more evidence an inconclusive verdict needs if the error rates seen so far hold: a projection,
 * not a promise, and no part of the guarantee.
 */
export interface Projection {
  /** The verdict the evidence is heading for: the side of the tolerated ratio the estimate is on. */
  towards: "pass" | "fail";
  /** More canary requests, in the last stage and at its traffic split, after which that verdict is reached. */
  canaryRequests: number;
  /** How long they take at the last stage's pace (its canary requests ÷ its hours); null without a duration. */
  hours: number | null;
}

export interface Judgement {
  verdict: StatisticalVerdict;
  /** One sentence a reviewer understands. */
  explanation: string;
  confidence: number;
  maxIncrease: number;
  dispersion: number;
  /** 1 + maxIncrease: the largest ratio of error rates tolerated. */
  tolerableRatio: number;
  /** Totals over all stages, as used. */
  canary: ArmSummary;
  baseline: ArmSummary;
  stages: StageRecord[];
  /**
   * r = canary error rate / baseline error rate: the conditional maximum-likelihood estimate over all stages
   * (null when undefined or unbounded), and its confidence sequence [lower, upper], each end valid at
   * `confidence` however many runs looked (upper null: no upper bound yet).
   */
  ratio: { estimate: number | null; lower: number; upper: number | null };
  evidence: {
    /** Against "r ≤ tolerableRatio": rollback when it reaches the threshold. */
    increase: EValue;
    /** Against "r ≥ tolerableRatio": pass when it reaches the threshold. */
    noIncrease: EValue;
    /** 1 / (1 − confidence). */
    threshold: number;
  };
  /**
   * For an inconclusive verdict: how many more canary requests would settle it if the rates seen so far
   * hold. Null for pass and fail, and when more of the same would not settle it within 10,000 times the
   * canary requests so far (see project()).
   */
  projection: Projection | null;
  /** How the counts were adjusted (rounding, errors capped at the total), empty when not at all. */
  notes: string[];
}

const MAX_LOG = Math.log(Number.MAX_VALUE);

function eValue(log: number): EValue {
  return { eValue: log >= MAX_LOG ? Number.MAX_VALUE : Math.exp(log), logEValue: log };
}

function checkCount(value: number, what: string): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${what} must be a finite number ≥ 0, got ${String(value)}`);
  }
}

/** Rounds to the nearest integer (increase() extrapolates to fractions) and caps errors at the total. */
function useArm(arm: ArmCounts, what: string, notes: string[]): ArmSummary {
  checkCount(arm.errors, `${what} errors`);
  checkCount(arm.total, `${what} total`);
  const total = Math.round(arm.total);
  let errors = Math.round(arm.errors);
  if (total !== arm.total || errors !== arm.errors) {
    notes.push(
      `${what}: ${fmtCount(arm.errors)} errors of ${fmtCount(arm.total)} rounded to ${fmtCount(errors)} of ${fmtCount(total)}`,
    );
  }
  if (errors > total) {
    notes.push(`${what}: ${fmtCount(errors)} errors capped at the total ${fmtCount(total)}`);
    errors = total;
  }
  return { errors, total, rate: total > 0 ? errors / total : null };
}

/** A count for a note: thousands grouped, and up to two decimals when increase() left a fraction. */
function fmtCount(n: number): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: 2 });
}

/** An e-value from its log, readable beyond the range of doubles: "0.42", "1,146", "3.2e41", "1.1e5213". */
function formatE(log: number): string {
  const log10 = log / Math.LN10;
  if (log10 >= 6) {
    const exponent = Math.floor(log10);
    const mantissa = Math.pow(10, log10 - exponent);
    return mantissa >= 9.95 ? `1e${exponent + 1}` : `${mantissa.toFixed(1)}e${exponent}`;
  }
  const e = Math.exp(log);
  return e >= 100 ? Math.round(e).toLocaleString("en-US") : String(Number(e.toPrecision(3)));
}

function windowOf(s: Pick<StageRecord, "canary" | "baseline">): WindowCounts {
  return {
    canaryErrors: s.canary.errors,
    canaryTotal: s.canary.total,
    baselineErrors: s.baseline.errors,
    baselineTotal: s.baseline.total,
  };
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Tempers windows by the dispersion φ: errors divided by φ, requests (and so π) unchanged. */
export function temper(windows: readonly WindowCounts[], dispersion: number): WindowCounts[] {
  if (dispersion === 1) return [...windows];
  return windows.map((w) => ({
    ...w,
    canaryErrors: w.canaryErrors / dispersion,
    baselineErrors: w.baselineErrors / dispersion,
  }));
}

/**
 * The verdict alone, from integer window counts: what judge() decides, without the record and without
 * checking its arguments. Fails when the log e-value against r ≤ 1 + maxIncrease reaches
 * log(1 / (1 − confidence)); passes when the one against r ≥ 1 + maxIncrease does. Cheap enough to call at
 * every look of a Monte Carlo simulation.
 */
export function sequentialVerdict(
  windows: readonly WindowCounts[],
  options: VerdictOptions,
): { verdict: StatisticalVerdict; logIncrease: number; logNoIncrease: number } {
  const { maxIncrease, confidence = 0.95, dispersion = 1, mixture = DEFAULT_MIXTURE } = options;
  const tempered = temper(windows, dispersion);
  const logThreshold = -Math.log(1 - confidence);
  const logTolerable = Math.log1p(maxIncrease);
  const logIncrease = logEValue(tempered, logTolerable, "above", mixture);
  const logNoIncrease = logEValue(tempered, logTolerable, "below", mixture);
  const verdict: StatisticalVerdict =
    logIncrease >= logThreshold ? "fail" : logNoIncrease >= logThreshold ? "pass" : "inconclusive";
  return { verdict, logIncrease, logNoIncrease };
}

/** A projection reaches at most this many times the canary requests so far; beyond, it says nothing useful. */
const PROJECTION_REACH = 10_000;

interface ProjectionInput {
  stages: readonly StageRecord[];
  canary: ArmSummary;
  baseline: ArmSummary;
  logEstimate: number;
  /** The last stage's length in hours, when known. */
  hours: number | undefined;
  options: Required<VerdictOptions>;
}

/**
 * How many more canary requests an inconclusive verdict needs if the rates seen so far hold: the last stage
 * goes on at its traffic split (m/n baseline requests per canary request), each arm failing at its error
 * rate pooled over all stages, and the e-value on the estimate's side of the tolerated ratio, tempered like
 * the verdict's, is followed to the threshold. Null when the last stage has no traffic side by side (the
 * 100% stage: waiting there adds no evidence, so no earlier stage is projected instead), without an estimate,
 * with the estimate or the pooled rates' ratio at the tolerated ratio or on different sides of it (rates that
 * differ between stages: more of the same would not settle it), and beyond PROJECTION_REACH.
 */
function project(input: ProjectionInput): Projection | null {
  const { stages, canary, baseline, logEstimate, options } = input;
  const { maxIncrease, confidence, dispersion, mixture } = options;
  const last = stages.at(-1);
  if (!last || last.canary.total === 0 || last.baseline.total === 0 || Number.isNaN(logEstimate)) return null;
  const logTolerable = Math.log1p(maxIncrease);
  const canaryRate = canary.errors / canary.total;
  const baselineRate = baseline.errors / baseline.total;
  const excess = canaryRate - (1 + maxIncrease) * baselineRate;
  let towards: Projection["towards"];
  if (logEstimate > logTolerable && excess > 0) towards = "fail";
  else if (logEstimate < logTolerable && excess < 0) towards = "pass";
  else return null;

  const earlier = stages.slice(0, -1).map(windowOf);
  const perCanary = last.baseline.total / last.canary.total;
  const side = towards === "fail" ? "above" : "below";
  const logThreshold = -Math.log(1 - confidence);
  const settles = (more: number): boolean => {
    const current: WindowCounts = {
      canaryErrors: last.canary.errors + more * canaryRate,
      canaryTotal: last.canary.total + more,
      baselineErrors: last.baseline.errors + more * perCanary * baselineRate,
      baselineTotal: last.baseline.total + more * perCanary,
    };
    return logEValue(temper([...earlier, current], dispersion), logTolerable, side, mixture) >= logThreshold;
  };
  const reach = PROJECTION_REACH * canary.total;
  if (!settles(reach)) return null;
  // The split stays m/n, so each log likelihood ratio is linear in the added requests and the log e-value, a
  // log-sum-exp of them, convex; it is below the threshold now, so the amounts that settle it form a ray.
  // Bracket its start geometrically from the requests so far, then bisect to 0.2%: a few dozen e-values.
  let lo = 0;
  let hi = reach;
  let probe = canary.total;
  while (probe > lo && probe < hi) {
    if (settles(probe)) {
      hi = probe;
      probe = Math.floor(probe / 2);
    } else {
      lo = probe;
      probe *= 2;
    }
  }
  while (hi - lo > Math.max(1, hi * 0.002)) {
    const mid = Math.floor((lo + hi) / 2);
    if (settles(mid)) hi = mid;
    else lo = mid;
  }
  const hours = input.hours !== undefined && input.hours > 0 ? (hi * input.hours) / last.canary.total : null;
  return { towards, canaryRequests: hi, hours };
}

/**
 * Judges the canary against the baseline. Fails when the e-value against "the canary's error rate is at most
 * (1 + maxIncrease) times the baseline's" reaches 1 / (1 − confidence); passes when the e-value against "at
 * least (1 + maxIncrease) times" does (the upper confidence bound is then below 1 + maxIncrease); otherwise
 * inconclusive. Both errors are bounded by 1 − confidence however many runs call this on growing data.
 * Throws RangeError on negative or non-finite counts and on parameters out of range.
 */
export function judge(input: JudgeInput): Judgement {
  const { maxIncrease, confidence = 0.95, dispersion = 1, mixture = DEFAULT_MIXTURE } = input;
  const { lastIsCurrent = true } = input;
  if (!(Number.isFinite(maxIncrease) && maxIncrease >= 0)) {
    throw new RangeError(`maxIncrease must be a finite number ≥ 0, got ${String(maxIncrease)}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must be between 0 and 1 (exclusive), got ${String(confidence)}`);
  }
  if (!(Number.isFinite(dispersion) && dispersion >= 1)) {
    throw new RangeError(`dispersion must be a finite number ≥ 1, got ${String(dispersion)}`);
  }
  const alpha = 1 - confidence;
  const threshold = 1 / alpha;
  const tolerableRatio = 1 + maxIncrease;

  const notes: string[] = [];
  const stages: StageRecord[] = input.stages.map((s, i) => {
    const label = s.label ?? `stage ${i + 1}`;
    if (s.hours !== undefined) checkCount(s.hours, `${label} hours`);
    const canary = useArm(s.canary, `${label} canary`, notes);
    const baseline = useArm(s.baseline, `${label} baseline`, notes);
    const requests = canary.total + baseline.total;
    const record = { label, canary, baseline, canaryShare: requests > 0 ? canary.total / requests : null };
    return { ...record, informative: informative(windowOf(record)) };
  });
  const windows = stages.map(windowOf);
  const sum = (f: (s: StageRecord) => number) => stages.reduce((acc, s) => acc + f(s), 0);
  const canaryErrors = sum((s) => s.canary.errors);
  const canaryTotal = sum((s) => s.canary.total);
  const baselineErrors = sum((s) => s.baseline.errors);
  const baselineTotal = sum((s) => s.baseline.total);
  const canary: ArmSummary = {
    errors: canaryErrors,
    total: canaryTotal,
    rate: canaryTotal > 0 ? canaryErrors / canaryTotal : null,
  };
  const baseline: ArmSummary = {
    errors: baselineErrors,
    total: baselineTotal,
    rate: baselineTotal > 0 ? baselineErrors / baselineTotal : null,
  };

  const { verdict, logIncrease, logNoIncrease } = sequentialVerdict(windows, {
    maxIncrease,
    confidence,
    dispersion,
    mixture,
  });
  const tempered = temper(windows, dispersion);
  const logEstimate = logRatioEstimate(tempered);
  const logLower = confidenceBound(tempered, "lower", alpha, mixture);
  const logUpper = confidenceBound(tempered, "upper", alpha, mixture);
  const ratio = {
    estimate: Number.isNaN(logEstimate) ? null : finiteOrNull(Math.exp(logEstimate)),
    lower: Math.exp(logLower),
    upper: finiteOrNull(Math.exp(logUpper)),
  };

  const evidence = {
    increase: eValue(logIncrease),
    noIncrease: eValue(logNoIncrease),
    threshold,
  };
  const projection =
    verdict === "inconclusive" && lastIsCurrent
      ? project({
          stages,
          canary,
          baseline,
          logEstimate,
          hours: input.stages.at(-1)?.hours,
          options: { maxIncrease, confidence, dispersion, mixture },
        })
      : null;
  const explanation = explain({
    verdict,
    confidence,
    maxIncrease,
    canary,
    baseline,
    stages,
    logEstimate,
    ratio,
    evidence,
    projection,
  });
  return {
    verdict,
    explanation,
    confidence,
    maxIncrease,
    dispersion,
    tolerableRatio,
    canary,
    baseline,
    stages,
    ratio,
    evidence,
    projection,
    notes,
  };
}

interface ExplainInput {
  verdict: StatisticalVerdict;
  confidence: number;
  maxIncrease: number;
  canary: ArmSummary;
  baseline: ArmSummary;
  stages: StageRecord[];
  logEstimate: number;
  ratio: Judgement["ratio"];
  evidence: Judgement["evidence"];
  projection: Projection | null;
}

function explain(d: ExplainInput): string {
  const tolerated = `the +${formatFraction(d.maxIncrease)} increase tolerated`;
  const conf = formatFraction(d.confidence);
  if (!d.stages.some((s) => s.informative)) {
    const both = d.stages.some((s) => s.canary.total > 0 && s.baseline.total > 0);
    if (d.canary.total === 0)
      return "inconclusive: the canary has served no requests yet, so there is nothing to judge.";
    if (!both) {
      return "inconclusive: the baseline served no requests while the canary did, so there is nothing to compare against.";
    }
    return (
      `inconclusive: neither version has failed a request yet (${fmtCount(d.canary.total)} canary and ` +
      `${fmtCount(d.baseline.total)} baseline requests side by side), so there is no evidence either way.`
    );
  }
  const estimate =
    d.logEstimate === Infinity
      ? "every error seen side by side came from the canary"
      : d.logEstimate === -Infinity
        ? "no error seen side by side came from the canary"
        : `the canary's error rate is ${formatRatio(Math.exp(d.logEstimate))} the baseline's`;
  const lower = formatRatio(d.ratio.lower);
  const upper = d.ratio.upper === null ? "unbounded" : formatRatio(d.ratio.upper);
  const { threshold } = d.evidence;
  if (d.verdict === "fail") {
    return (
      `fail: ${estimate}, at least ${lower} with ${conf} confidence, beyond ${tolerated} ` +
      `(evidence of an increase ${formatE(d.evidence.increase.logEValue)} reached the rollback threshold ${formatE(Math.log(threshold))}).`
    );
  }
  if (d.verdict === "pass") {
    return (
      `pass: ${estimate}, at most ${upper} with ${conf} confidence, within ${tolerated} ` +
      `(evidence against an increase ${formatE(d.evidence.noIncrease.logEValue)} reached ${formatE(Math.log(threshold))}).`
    );
  }
  return (
    `inconclusive: ${estimate} (${conf} confidence: ${lower} to ${upper}); too few errors yet to tell ` +
    `whether it exceeds ${tolerated} (evidence ${formatE(d.evidence.increase.logEValue)} for and ` +
    `${formatE(d.evidence.noIncrease.logEValue)} against an increase, ${formatE(Math.log(threshold))} needed)` +
    `${d.projection ? `; if the rates seen so far hold, ${describeProjection(d.projection)}` : ""}.`
  );
}
