// The arithmetic of the sequential canary judge: mixture likelihood ratios (e-values) for the ratio r of the
// canary's error rate to the baseline's, their confidence sequence, and the conditional maximum-likelihood
// estimate. Pure and allocation-light, because the Monte Carlo proof calls it millions of times.
// docs/statistics.md derives all of it.
//
// Model. In a window where the canary served n requests and the baseline m, each error is the canary's with
// probability p(r) = r·n / (r·n + m) = σ(log r + log n − log m), independently of the others (the errors of
// the two arms are thinned Poisson streams). So with x canary errors among k, for an alternative ratio
// ρ = r'·e^θ the likelihood ratio against r' is
//
//     LR(θ; r') = e^{x·θ} / (1 + p(r')·(e^θ − 1))^k,
//
// which log1p/expm1 evaluate without overflow or cancellation for any count. Windows (stages) multiply.

/**
 * Counts of one window (a stage): the canary's errors and requests, and the baseline's. Integers, except
 * errors divided by a dispersion (judge.ts, temper()).
 */
export interface WindowCounts {
  canaryErrors: number;
  canaryTotal: number;
  baselineErrors: number;
  baselineTotal: number;
}

/**
 * A discrete mixing distribution over θ = |log(ρ / r')| > 0, the log-distance of an alternative ratio ρ from
 * the ratio r' under test: the same grid serves alternatives above r' (ρ = r'·e^θ) and below (ρ = r'·e^−θ).
 */
export interface Mixture {
  readonly theta: Float64Array;
  /** e^θ − 1 and e^−θ − 1, precomputed. */
  readonly expm1Up: Float64Array;
  readonly expm1Down: Float64Array;
  /** Natural logs of the weights, which sum to 1. */
  readonly logWeight: Float64Array;
}

export interface MixtureOptions {
  /** Grid points (default 28). */
  points?: number;
  /**
   * Smallest and largest θ on the grid (defaults 0.01 and 3, i.e. ρ/r' from 1.01 to 20). The smallest is
   * also the resolution of the confidence sequence: with unlimited data it narrows to about e^±min.
   */
  min?: number;
  max?: number;
  /** Scale τ of the half-normal prior density on θ (default 0.5). */
  scale?: number;
}

/**
 * The default mixture: a half-normal prior on θ with scale τ, discretised on a geometric grid (each point
 * weighted by the prior mass of its cell). Geometric spacing keeps the grid fine where the likelihood is
 * sharp relative to θ; the half-normal puts the weight on increases that matter for a rollout (1.3× to 5×
 * the tolerated ratio) without giving up the others.
 */
export function createMixture(options: MixtureOptions = {}): Mixture {
  const points = options.points ?? 28;
  const min = options.min ?? 0.01;
  const max = options.max ?? 3;
  const scale = options.scale ?? 0.5;
  if (!(points >= 1 && Number.isInteger(points))) throw new RangeError(`mixture points ${points}`);
  if (!(min > 0 && max >= min && scale > 0)) throw new RangeError("mixture bounds must be 0 < min ≤ max");
  const theta = new Float64Array(points);
  const weight = new Float64Array(points);
  const ratio = points === 1 ? 1 : Math.pow(max / min, 1 / (points - 1));
  let total = 0;
  for (let j = 0; j < points; j++) {
    const t = min * Math.pow(ratio, j);
    theta[j] = t;
    // Cell [t/√ratio, t·√ratio] times the half-normal density at t.
    const width = t * (Math.sqrt(ratio) - 1 / Math.sqrt(ratio)) || 1;
    const w = width * Math.exp(-0.5 * (t / scale) ** 2);
    weight[j] = w;
    total += w;
  }
  const logWeight = new Float64Array(points);
  const expm1Up = new Float64Array(points);
  const expm1Down = new Float64Array(points);
  for (let j = 0; j < points; j++) {
    logWeight[j] = Math.log((weight[j] as number) / total);
    expm1Up[j] = Math.expm1(theta[j] as number);
    expm1Down[j] = Math.expm1(-(theta[j] as number));
  }
  return { theta, expm1Up, expm1Down, logWeight };
}

export const DEFAULT_MIXTURE: Mixture = createMixture();

/** Alternatives above the ratio under test (evidence of an increase) or below it (evidence against one). */
export type Side = "above" | "below";

/** 1 / (1 + e^−z) without overflow. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * Whether a window carries information about r: both arms served traffic and at least one error happened.
 * Otherwise every canary share p(r) is 0 or 1, or there is nothing to split, and the likelihood ratio is 1.
 */
export function informative(w: WindowCounts): boolean {
  return w.canaryTotal > 0 && w.baselineTotal > 0 && w.canaryErrors + w.baselineErrors > 0;
}

/** p(r') for a window: the probability that an error is the canary's when the ratio is e^logRatio. */
export function canaryShareOfErrors(w: WindowCounts, logRatio: number): number {
  return sigmoid(logRatio + Math.log(w.canaryTotal) - Math.log(w.baselineTotal));
}

/**
 * Adds one window's log-likelihood ratios, for every grid point, to `acc` (length = grid points):
 * log LR_j = ±x·θ_j − k·log1p(p(r')·(e^±θ_j − 1)), where e^logRatio = r' is the ratio under test.
 */
export function addWindowLogLikelihoodRatios(
  w: WindowCounts,
  logRatio: number,
  mixture: Mixture,
  side: Side,
  acc: Float64Array,
): void {
  if (!informative(w)) return;
  const x = w.canaryErrors;
  const k = w.canaryErrors + w.baselineErrors;
  const p = canaryShareOfErrors(w, logRatio);
  const { theta } = mixture;
  const expm1 = side === "above" ? mixture.expm1Up : mixture.expm1Down;
  const sign = side === "above" ? 1 : -1;
  for (let j = 0; j < theta.length; j++) {
    acc[j] = (acc[j] as number) + sign * x * (theta[j] as number) - k * Math.log1p(p * (expm1[j] as number));
  }
}

/** log Σ_j w_j·exp(acc_j): the log of the mixture of the accumulated likelihood ratios. */
export function logMixture(acc: Float64Array, mixture: Mixture): number {
  let max = -Infinity;
  for (let j = 0; j < acc.length; j++) {
    const v = (acc[j] as number) + (mixture.logWeight[j] as number);
    if (v > max) max = v;
  }
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let j = 0; j < acc.length; j++)
    sum += Math.exp((acc[j] as number) + (mixture.logWeight[j] as number) - max);
  return max + Math.log(sum);
}

/**
 * The log e-value against "the ratio is r' = e^logRatio": the mixture over the grid of the likelihood ratios
 * of every window, for alternatives on one side. Under any ratio on the other side of r' (or equal to it) it
 * is a non-negative supermartingale with initial value 1, so it reaches 1/α with probability at most α,
 * however often it is looked at (Ville's inequality).
 */
export function logEValue(
  windows: readonly WindowCounts[],
  logRatio: number,
  side: Side,
  mixture: Mixture = DEFAULT_MIXTURE,
): number {
  const acc = new Float64Array(mixture.theta.length);
  for (const w of windows) addWindowLogLikelihoodRatios(w, logRatio, mixture, side, acc);
  return logMixture(acc, mixture);
}

/**
 * The conditional maximum-likelihood estimate of log r over all windows: the root of
 * Σ x_s − k_s·p_s(r) = 0. +Infinity when every informative error is the canary's, −Infinity when none is,
 * NaN when no window is informative.
 */
export function logRatioEstimate(windows: readonly WindowCounts[]): number {
  const used = windows.filter(informative);
  if (used.length === 0) return Number.NaN;
  let x = 0;
  let k = 0;
  for (const w of used) {
    x += w.canaryErrors;
    k += w.canaryErrors + w.baselineErrors;
  }
  if (x === 0) return -Infinity;
  if (x === k) return Infinity;
  const score = (eta: number): number => {
    let s = 0;
    for (const w of used)
      s += w.canaryErrors - (w.canaryErrors + w.baselineErrors) * canaryShareOfErrors(w, eta);
    return s;
  };
  // The score decreases in log r; bracket the root, then bisect to full double precision.
  let lo = -1;
  let hi = 1;
  while (score(lo) < 0) lo *= 2;
  while (score(hi) > 0) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, Math.abs(lo)); i++) {
    const mid = 0.5 * (lo + hi);
    if (score(mid) > 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * One end of the confidence sequence for log r at level 1 − α: the ratios r' that the one-sided e-value does
 * not reject. The e-value for alternatives above r' falls as r' grows (and the one for alternatives below
 * rises), so the set is an interval and bisection finds its end. Returns −Infinity / +Infinity when the
 * data bound r on that side by nothing finite (within e^±50).
 */
export function confidenceBound(
  windows: readonly WindowCounts[],
  end: "lower" | "upper",
  alpha: number,
  mixture: Mixture = DEFAULT_MIXTURE,
): number {
  const threshold = -Math.log(alpha);
  const side: Side = end === "lower" ? "above" : "below";
  const rejects = (eta: number): boolean => logEValue(windows, eta, side, mixture) >= threshold;
  const estimate = logRatioEstimate(windows);
  if (Number.isNaN(estimate)) return end === "lower" ? -Infinity : Infinity;
  // The mixture likelihood ratio at the estimate is at most 1, so the estimate is never rejected.
  const LIMIT = 50;
  let inside = Math.min(LIMIT, Math.max(-LIMIT, estimate));
  const dir = end === "lower" ? -1 : 1;
  let step = 0.5;
  let outside = inside + dir * step;
  while (!rejects(outside)) {
    inside = outside;
    if (Math.abs(outside) >= LIMIT) return dir * Infinity;
    step *= 2;
    outside = Math.max(-LIMIT, Math.min(LIMIT, inside + dir * step));
  }
  for (let i = 0; i < 100 && Math.abs(outside - inside) > 1e-10; i++) {
    const mid = 0.5 * (inside + outside);
    if (rejects(mid)) outside = mid;
    else inside = mid;
  }
  return inside;
}
