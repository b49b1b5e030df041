// The traffic-split check: is the canary's share of requests in each stage window where the plan says, within a
// relative tolerance? A sequential test with false alarms at most 1 − confidence however many runs look,
// built like the judge's (sequential.ts) and reusing its mixture. Pure. docs/statistics.md, "The traffic-split
// check", derives it.
//
// Model. Each request is the canary's with a probability p — the share the traffic layer applied. The band
// [lo, hi] = [q·(1 − tolerance), min(1, q·(1 + tolerance))] around the stage's share q is a composite null, so
// there are two one-sided tests, one against each edge: for a logit shift θ > 0 the likelihood ratio of
// "too much" (p above hi) is e^{θ·c} / (1 + hi·(e^θ − 1))^t for c canary requests among t, a supermartingale
// for every p ≤ hi (Karlin–Rubin, as for the judge); "too little" mirrors it with e^{−θ}. A mixture over θ
// makes each an e-process; Ville's inequality bounds the chance that it ever reaches its threshold.
//
// Two things the plain binomial gets wrong, and how the test meets them:
//   1. Assignment is per user, and users make very different numbers of requests, so the canary's count varies
//      more than a binomial's: by the dispersion φ, the request-weighted mean of a user's requests in the
//      window. Counts are divided by φ (as the judge's `dispersion` tempers errors). φ is configured for one
//      hour and grows linearly beyond (a user's requests in a longer window can only pile up so fast).
//   2. Right after a transition the previous split still shows. For the first settleSeconds of a window the
//      share may lie anywhere between the previous stage's share and the band, so those requests (a share
//      settleSeconds / window of them, all of them in a younger window) are held to the wider edge.

import { formatFraction } from "../format.ts";
import { createMixture, logMixture, type Mixture, type Side, sigmoid } from "./sequential.ts";

/** A user's requests in an hour, request-weighted: Σ r² / Σ r over users' hourly counts r (see the docs). */
export const DEFAULT_SPLIT_DISPERSION = 100;
/** How long the previous split may still show after a transition (the apply step's lag, draining, caches). */
export const DEFAULT_SETTLE_SECONDS = 600;
export const DEFAULT_SPLIT_TOLERANCE = 0.5;
/** The window length the configured dispersion describes; longer windows scale it up linearly. */
export const DISPERSION_REFERENCE_SECONDS = 3600;
/**
 * The split's mixture over logit shifts θ: wider than the judge's (scale 1 instead of 0.5, up to θ = 5), because
 * the splits worth catching are gross — twice the plan, a fifth of it, nothing — and a canary left at 0% is
 * best told by large θ.
 */
export const SPLIT_MIXTURE: Mixture = createMixture({ scale: 1, max: 5 });

/** One stage window's counts, as the baseline gate already queries them. */
export interface SplitWindow {
  /** 1-based index into the plan. */
  stage: number;
  /** Requests the canary and the baseline served in the window (≥ 0; fractions from increase() are fine). */
  canary: number;
  baseline: number;
  /** The window's length: from when the stage went live to the window's end (now, for the current stage). */
  seconds: number;
  /**
   * The share before this stage went live, which the window's first settleSeconds may still show. Default: the
   * preceding window's stage share, 0 for the first window.
   */
  previous?: number;
  /** How to name the window in sentences; default "stage N (P%)". */
  label?: string;
}

export interface SplitInput {
  /** Every stage's planned canary share (percent / 100), strictly increasing, each in (0, 1]. */
  plan: readonly number[];
  /** The stage windows so far, oldest first; the last is the current stage. */
  windows: readonly SplitWindow[];
  /** Relative tolerance: at 10% and 0.5, a share from 5% to 15% is fine. Default 0.5. */
  tolerance?: number;
  /** 1 − the false-alarm bound over the whole rollout, in (0, 1). Default 0.95. */
  confidence?: number;
  /** φ ≥ 1 over an hour (DEFAULT_SPLIT_DISPERSION); 1 means requests are assigned one by one. */
  dispersion?: number;
  /** How long the previous split may show after each transition, in seconds (DEFAULT_SETTLE_SECONDS). */
  settleSeconds?: number;
  mixture?: Mixture;
}

export type SplitVerdict = "ok" | "mismatch" | "inconclusive";

export interface SplitEValue {
  /** The e-value, saturating at ~1.8e308; logEValue is exact. */
  eValue: number;
  logEValue: number;
}

export interface SplitWindowRecord {
  label: string;
  stage: number;
  /** The stage's planned share and the one before it. */
  planned: number;
  previous: number;
  /** [lo, hi]: the shares the tolerance allows. */
  band: [number, number];
  canary: number;
  baseline: number;
  seconds: number;
  /** canary / (canary + baseline), null without requests. */
  share: number | null;
  /**
   * Always-valid bounds on the share the traffic layer applied once settled: every end of every window's
   * interval holds at once, at every look, with probability at least `confidence`.
   */
  interval: [number, number];
  /** φ at this window's length, and the requests the evidence counts: (canary + baseline) / φ. */
  dispersion: number;
  effectiveRequests: number;
  /** Of those, how many may still carry the previous split. */
  settlingRequests: number;
  /** Evidence that the share is above the band (too much canary traffic) and below it (too little). */
  evidence: { above: SplitEValue; below: SplitEValue };
  verdict: SplitVerdict;
  side: Side | null;
}

export interface SplitDecision {
  /** mismatch: some window's e-value reached the threshold; ok: the current window's interval is in its band. */
  verdict: SplitVerdict;
  /** For a mismatch: the canary's share is above the band (too much traffic) or below it (too little). */
  side: Side | null;
  /** For a mismatch: the index in `windows` of the (latest) window that showed it. */
  window: number | null;
  /** One sentence, saying what share was seen. */
  explanation: string;
  tolerance: number;
  confidence: number;
  dispersion: number;
  settleSeconds: number;
  /** 2 · stages / (1 − confidence): each edge of each stage has an even share of the false-alarm budget. */
  threshold: number;
  windows: SplitWindowRecord[];
}

/** The shares a stage's tolerance allows: [q·(1 − tolerance), min(1, q·(1 + tolerance))], the lower end ≥ 0. */
export function splitBand(planned: number, tolerance: number): [number, number] {
  return [Math.max(0, planned * (1 - tolerance)), Math.min(1, planned * (1 + tolerance))];
}

/** The edges one side's test holds requests to: settled ones to the band's edge, settling ones to a wider one. */
export interface Edge {
  edge: number;
  settlingEdge: number;
}

/** Both sides' edges for a stage whose share was `previous` before it went live. */
export function windowEdges(
  planned: number,
  previous: number,
  tolerance: number,
): { band: [number, number]; above: Edge; below: Edge } {
  const [lo, hi] = splitBand(planned, tolerance);
  return {
    band: [lo, hi],
    above: { edge: hi, settlingEdge: Math.max(previous, hi) },
    below: { edge: lo, settlingEdge: Math.min(previous, lo) },
  };
}

/**
 * φ for a window of this length: the configured hour's value up to an hour (shorter windows have at most as
 * many requests per user), and 1 + (φ − 1)·seconds/3600 beyond (a user's requests grow at most linearly once
 * their correlation in time fades).
 */
export function dispersionAt(dispersion: number, seconds: number): number {
  if (seconds <= DISPERSION_REFERENCE_SECONDS) return dispersion;
  return 1 + (dispersion - 1) * (seconds / DISPERSION_REFERENCE_SECONDS);
}

/** A window's counts as the evidence sees them: divided by φ, with the part that may still be settling. */
export interface EffectiveCounts {
  canary: number;
  total: number;
  /** At most `total`: the window's requests in its first settleSeconds, at the window's average pace. */
  settling: number;
}

export function effectiveCounts(
  canary: number,
  baseline: number,
  seconds: number,
  options: { dispersion: number; settleSeconds: number },
): EffectiveCounts {
  const phi = dispersionAt(options.dispersion, seconds);
  const total = (canary + baseline) / phi;
  const fraction =
    options.settleSeconds <= 0 ? 0 : seconds <= options.settleSeconds ? 1 : options.settleSeconds / seconds;
  return { canary: canary / phi, total, settling: fraction * total };
}

/** Per grid point, log(1 + edge·(e^{±θ} − 1)) for settled and settling requests: what a look multiplies. */
export interface EdgeTerms {
  side: Side;
  settled: Float64Array;
  settling: Float64Array;
}

export function edgeTerms(
  edge: number,
  settlingEdge: number,
  side: Side,
  mixture: Mixture = SPLIT_MIXTURE,
): EdgeTerms {
  const expm1 = side === "above" ? mixture.expm1Up : mixture.expm1Down;
  const settled = new Float64Array(expm1.length);
  const settling = new Float64Array(expm1.length);
  for (let j = 0; j < expm1.length; j++) {
    settled[j] = Math.log1p(edge * (expm1[j] as number));
    settling[j] = Math.log1p(settlingEdge * (expm1[j] as number));
  }
  return { side, settled, settling };
}

/**
 * log Σ_j w_j · exp(±θ_j·c − (t − s)·log(1 + edge·(e^{±θ_j} − 1)) − s·log(1 + settlingEdge·(e^{±θ_j} − 1))),
 * with c, t, s the effective canary, total and settling counts. `scratch` (grid length) saves an allocation.
 */
export function logEValueWithTerms(
  counts: EffectiveCounts,
  terms: EdgeTerms,
  mixture: Mixture = SPLIT_MIXTURE,
  scratch: Float64Array = new Float64Array(mixture.theta.length),
): number {
  const sign = terms.side === "above" ? 1 : -1;
  const settled = counts.total - counts.settling;
  for (let j = 0; j < scratch.length; j++) {
    scratch[j] =
      sign * counts.canary * (mixture.theta[j] as number) -
      settled * (terms.settled[j] as number) -
      counts.settling * (terms.settling[j] as number);
  }
  return logMixture(scratch, mixture);
}

/**
 * Whether the log e-value reaches `logThreshold`, as logEValueWithTerms() would say, but skipping the
 * exponentials when no grid point's likelihood ratio alone reaches it: the mixture's weights sum to 1, so it is
 * at most the largest of them. For simulations that look millions of times.
 */
export function reachesThreshold(
  counts: EffectiveCounts,
  terms: EdgeTerms,
  logThreshold: number,
  mixture: Mixture = SPLIT_MIXTURE,
  scratch: Float64Array = new Float64Array(mixture.theta.length),
): boolean {
  const sign = terms.side === "above" ? 1 : -1;
  const settled = counts.total - counts.settling;
  let max = -Infinity;
  for (let j = 0; j < scratch.length; j++) {
    const v =
      sign * counts.canary * (mixture.theta[j] as number) -
      settled * (terms.settled[j] as number) -
      counts.settling * (terms.settling[j] as number);
    scratch[j] = v;
    if (v > max) max = v;
  }
  // The weights sum to 1 up to rounding: leave the bound a margin.
  return max >= logThreshold - 1e-9 && logMixture(scratch, mixture) >= logThreshold;
}

/**
 * The log e-value of one side for one window: against "the share is at most `edge`" (above) or "at least" (below),
 * settling requests held to `settlingEdge`. A supermartingale with initial value 1 under that null, so it reaches
 * log K with probability at most 1/K however often it is looked at.
 */
export function splitLogEValue(
  counts: EffectiveCounts,
  edge: number,
  settlingEdge: number,
  side: Side,
  mixture: Mixture = SPLIT_MIXTURE,
): number {
  return logEValueWithTerms(counts, edgeTerms(edge, settlingEdge, side, mixture), mixture);
}

/** Every edge of every stage of the plan gets an even share of 1 − confidence: threshold 2·stages / (1 − confidence). */
export function splitThreshold(stages: number, confidence: number): number {
  // 2 / (1 − 0.95) is 39.99999999999996 in binary; the record shows the number meant.
  return Number(((2 * stages) / (1 - confidence)).toPrecision(12));
}

const MAX_LOG = Math.log(Number.MAX_VALUE);

function eValue(log: number): SplitEValue {
  return { eValue: log >= MAX_LOG ? Number.MAX_VALUE : Math.exp(log), logEValue: log };
}

/** The logit grid the interval is searched on: shares from about 4e-18 to 1 − 4e-18. */
const LOGIT_LIMIT = 40;

/**
 * One end of the window's interval for the settled share: the lower end is the largest share the "too much" test
 * still rejects (with settling requests held to the larger of it and the previous share), the upper end the
 * smallest the "too little" test rejects. Each test's e-value is monotone in the share tested, so bisection on
 * the logit finds the end; the observed share is never rejected, so it starts there.
 */
function intervalEnd(
  counts: EffectiveCounts,
  previous: number,
  end: "lower" | "upper",
  logThreshold: number,
  mixture: Mixture,
): number {
  if (counts.total === 0) return end === "lower" ? 0 : 1;
  const side: Side = end === "lower" ? "above" : "below";
  const rejects = (logit: number): boolean => {
    const p = sigmoid(logit);
    const settlingEdge = side === "above" ? Math.max(previous, p) : Math.min(previous, p);
    return splitLogEValue(counts, p, settlingEdge, side, mixture) >= logThreshold;
  };
  const observed = counts.canary / counts.total;
  const clamp = (x: number) => Math.max(-LOGIT_LIMIT, Math.min(LOGIT_LIMIT, x));
  let inside = clamp(Math.log(observed) - Math.log1p(-observed));
  let outside = end === "lower" ? -LOGIT_LIMIT : LOGIT_LIMIT;
  if (!rejects(outside)) return end === "lower" ? 0 : 1;
  if (rejects(inside)) return sigmoid(inside); // only at the grid's limit: the observed share is 0 or 1
  for (let i = 0; i < 200 && Math.abs(outside - inside) > 1e-10; i++) {
    const mid = 0.5 * (inside + outside);
    if (rejects(mid)) outside = mid;
    else inside = mid;
  }
  return sigmoid(inside);
}

function checkNumber(value: number, what: string, ok: (x: number) => boolean, allowed: string): void {
  if (typeof value !== "number" || !Number.isFinite(value) || !ok(value)) {
    throw new RangeError(`${what} must be ${allowed}, got ${String(value)}`);
  }
}

/** A band for a sentence: "2.5–7.5%". */
function formatBand([lo, hi]: [number, number]): string {
  return `${Number((lo * 100).toPrecision(3))}–${formatFraction(hi)}`;
}

/**
 * Checks the canary's observed share of requests in every stage window against the plan. `mismatch` when some
 * window's evidence that the share is outside the band reaches the threshold: at most 1 − confidence of
 * correctly applied rollouts ever see one, however many runs call this on growing windows — provided the
 * dispersion is at least the traffic's and the previous split shows for at most settleSeconds. `ok` when the
 * current window's interval lies inside its band; otherwise `inconclusive`. Throws RangeError on bad input.
 */
export function checkSplit(input: SplitInput): SplitDecision {
  const {
    plan,
    tolerance = DEFAULT_SPLIT_TOLERANCE,
    confidence = 0.95,
    dispersion = DEFAULT_SPLIT_DISPERSION,
    settleSeconds = DEFAULT_SETTLE_SECONDS,
    mixture = SPLIT_MIXTURE,
  } = input;
  if (
    plan.length === 0 ||
    plan.some((q, i) => !(q > 0 && q <= 1) || (i > 0 && q <= (plan[i - 1] as number)))
  ) {
    throw new RangeError(`plan must be shares in (0, 1], strictly increasing, got [${plan.join(", ")}]`);
  }
  checkNumber(tolerance, "tolerance", (x) => x > 0, "a number > 0 (0.5 allows ±50% of the stage's share)");
  checkNumber(confidence, "confidence", (x) => x > 0 && x < 1, "between 0 and 1 (exclusive)");
  checkNumber(dispersion, "dispersion", (x) => x >= 1, "a finite number ≥ 1");
  checkNumber(settleSeconds, "settleSeconds", (x) => x >= 0, "a finite number of seconds ≥ 0");

  const threshold = splitThreshold(plan.length, confidence);
  const logThreshold = Math.log(threshold);
  const windows: SplitWindowRecord[] = input.windows.map((w, i) => {
    const planned = plan[w.stage - 1];
    if (!Number.isInteger(w.stage) || planned === undefined) {
      throw new RangeError(
        `window ${i + 1}: stage ${String(w.stage)} is not in the plan; the plan has ${plan.length} stages`,
      );
    }
    const label = w.label ?? `stage ${w.stage} (${formatFraction(planned)})`;
    checkNumber(w.canary, `${label}: canary requests`, (x) => x >= 0, "a finite number ≥ 0");
    checkNumber(w.baseline, `${label}: baseline requests`, (x) => x >= 0, "a finite number ≥ 0");
    checkNumber(w.seconds, `${label}: seconds`, (x) => x >= 0, "a finite number ≥ 0");
    const before = input.windows[i - 1];
    const previous = w.previous ?? (before ? (plan[before.stage - 1] ?? 0) : 0);
    checkNumber(previous, `${label}: previous`, (x) => x >= 0 && x <= 1, "a share in [0, 1]");

    const edges = windowEdges(planned, previous, tolerance);
    const counts = effectiveCounts(w.canary, w.baseline, w.seconds, { dispersion, settleSeconds });
    const above = splitLogEValue(counts, edges.above.edge, edges.above.settlingEdge, "above", mixture);
    const below = splitLogEValue(counts, edges.below.edge, edges.below.settlingEdge, "below", mixture);
    const interval: [number, number] = [
      intervalEnd(counts, previous, "lower", logThreshold, mixture),
      intervalEnd(counts, previous, "upper", logThreshold, mixture),
    ];
    const [lo, hi] = edges.band;
    const side: Side | null = above >= logThreshold ? "above" : below >= logThreshold ? "below" : null;
    const verdict: SplitVerdict =
      side !== null
        ? "mismatch"
        : counts.total > 0 && interval[0] >= lo && interval[1] <= hi
          ? "ok"
          : "inconclusive";
    const requests = w.canary + w.baseline;
    return {
      label,
      stage: w.stage,
      planned,
      previous,
      // 0.05 · 1.5 is 0.07500000000000001 in binary; the record shows the number meant.
      band: [Number(edges.band[0].toPrecision(12)), Number(edges.band[1].toPrecision(12))],
      canary: w.canary,
      baseline: w.baseline,
      seconds: w.seconds,
      share: requests > 0 ? w.canary / requests : null,
      interval,
      dispersion: dispersionAt(dispersion, w.seconds),
      effectiveRequests: counts.total,
      settlingRequests: counts.settling,
      evidence: { above: eValue(above), below: eValue(below) },
      verdict,
      side,
    };
  });

  const mismatched = windows.findLastIndex((w) => w.verdict === "mismatch");
  const current = windows.at(-1);
  const shown = mismatched >= 0 ? windows[mismatched] : current;
  const verdict: SplitVerdict = mismatched >= 0 ? "mismatch" : (current?.verdict ?? "inconclusive");
  return {
    verdict,
    side: shown && mismatched >= 0 ? shown.side : null,
    window: mismatched >= 0 ? mismatched : null,
    explanation: explain(verdict, shown, confidence, tolerance),
    tolerance,
    confidence,
    dispersion,
    settleSeconds,
    threshold,
    windows,
  };
}

function explain(
  verdict: SplitVerdict,
  w: SplitWindowRecord | undefined,
  confidence: number,
  tolerance: number,
): string {
  if (!w) return "inconclusive: no stage window to check yet.";
  if (w.share === null)
    return `inconclusive: no requests in ${w.label}'s window yet, so its split cannot be checked.`;
  const seen = `the canary served ${formatFraction(w.share)} of requests in ${w.label}`;
  const conf = formatFraction(confidence);
  const band = `the ${formatBand(w.band)} the plan allows (split-tolerance ${tolerance})`;
  const [lower, upper] = w.interval;
  if (verdict === "mismatch") {
    const bound =
      w.side === "above" ? `at least ${formatFraction(lower)}` : `at most ${formatFraction(upper)}`;
    return (
      `mismatch: ${seen}, ${bound} with ${conf} confidence, ${w.side === "above" ? "above" : "below"} ${band}: ` +
      "the traffic is not where the plan says, so the step that applies `percent` did not do its job."
    );
  }
  if (verdict === "ok") {
    return `ok: ${seen}, between ${formatFraction(lower)} and ${formatFraction(upper)} with ${conf} confidence, within ${band}.`;
  }
  return (
    `inconclusive: ${seen} (${conf} confidence: ${formatFraction(lower)} to ${formatFraction(upper)}); ` +
    `too few requests yet to tell whether it is within ${band}.`
  );
}
