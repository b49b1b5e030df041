// A small seeded Monte Carlo of the guarantee itself: rollouts whose canary is healthy (r ≤ 1 + max-increase)
// looked at 120 times each must be rolled back in at most 1 − confidence of cases, and regressions must be
// caught. The same simulation shows that broken statistics — a mis-scaled e-value, a null that ignores
// max-increase, a cumulative z-test looked at every run — break the bound, so a broken judge fails here; and
// that errors in bursts break it too unless the dispersion is set.
// bench/statistics.ts runs the full-size version.

import { describe, expect, it } from "vitest";
import { sequentialVerdict } from "../../../src/stats/judge.ts";
import { binomial, mixSeed, poisson, Random } from "../../../harness/random.ts";
import {
  DEFAULT_MIXTURE,
  logEValue,
  type Mixture,
  type WindowCounts,
} from "../../../src/stats/sequential.ts";

const MAX_INCREASE = 0.2;
const CONFIDENCE = 0.95;
const ALPHA = 1 - CONFIDENCE;
/** Canary traffic share per stage, and looks (workflow runs) per stage: 120 looks per rollout. */
const SHARES = [0.05, 0.25, 0.5];
const LOOKS_PER_STAGE = 40;
/** Requests per look (both arms), and the baseline's error rate: about 1,000 errors per stage. */
const REQUESTS_PER_LOOK = 1250;
const BASELINE_RATE = 0.02;
const ROLLOUTS = 1000;

/** A statistic: given every window so far, roll back now? */
type Statistic = (windows: readonly WindowCounts[]) => boolean;

/** Draws the errors among `requests` at error rate `rate`. */
type Errors = (rng: Random, requests: number, rate: number) => number;

/** Independent errors. */
const independent: Errors = (rng, requests, rate) => binomial(rng, requests, rate);

/** Errors in bursts (a retried failure counted once per attempt): clusters of geometric size, mean 2. */
const bursts: Errors = (rng, requests, rate) => {
  const mean = 2;
  let total = 0;
  for (let events = poisson(rng, (requests * rate) / mean); events > 0; events--) {
    total++;
    while (rng.next() > 1 / mean) total++;
  }
  return total;
};

/** The share of ROLLOUTS rolled back at some look, when the canary's error rate is `ratio` × the baseline's. */
function rollbackRate(
  ratio: number,
  statistic: Statistic,
  seed: number,
  errors: Errors = independent,
): number {
  const rng = new Random(seed);
  let rolledBack = 0;
  for (let i = 0; i < ROLLOUTS; i++) {
    const windows: WindowCounts[] = [];
    let caught = false;
    for (const share of SHARES) {
      const w: WindowCounts = { canaryErrors: 0, canaryTotal: 0, baselineErrors: 0, baselineTotal: 0 };
      windows.push(w);
      for (let look = 0; look < LOOKS_PER_STAGE && !caught; look++) {
        const n = poisson(rng, REQUESTS_PER_LOOK * share);
        const m = poisson(rng, REQUESTS_PER_LOOK * (1 - share));
        w.canaryTotal += n;
        w.baselineTotal += m;
        w.canaryErrors += errors(rng, n, ratio * BASELINE_RATE);
        w.baselineErrors += errors(rng, m, BASELINE_RATE);
        caught = statistic(windows);
      }
      if (caught) break;
    }
    if (caught) rolledBack++;
  }
  return rolledBack / ROLLOUTS;
}

const judgeFails: Statistic = (windows) =>
  sequentialVerdict(windows, { maxIncrease: MAX_INCREASE, confidence: CONFIDENCE }).verdict === "fail";

/** Broken: the same e-value with mixture weights summing to 10 instead of 1 (a threshold 10× too low). */
const inflated: Mixture = {
  ...DEFAULT_MIXTURE,
  logWeight: DEFAULT_MIXTURE.logWeight.map((w) => w + Math.log(10)),
};
const inflatedFails: Statistic = (windows) =>
  logEValue(windows, Math.log1p(MAX_INCREASE), "above", inflated) >= Math.log(1 / ALPHA);

/** Broken: tests r ≤ 1 rather than r ≤ 1 + max-increase. */
const ignoresMargin: Statistic = (windows) => logEValue(windows, 0, "above") >= Math.log(1 / ALPHA);

/** Broken: a one-sided z-test of all data against r = 1 + max-increase, at level α at every look. */
const cumulativeZ: Statistic = (windows) => {
  let excess = 0;
  let variance = 0;
  for (const w of windows) {
    const r0 = 1 + MAX_INCREASE;
    const p0 = (r0 * w.canaryTotal) / (r0 * w.canaryTotal + w.baselineTotal);
    const k = w.canaryErrors + w.baselineErrors;
    excess += w.canaryErrors - k * p0;
    variance += k * p0 * (1 - p0);
  }
  return variance > 5 && excess / Math.sqrt(variance) > 1.6448536269514722;
};

describe("Monte Carlo: false rollbacks stay below 1 − confidence at any number of looks", () => {
  it("healthy at the edge of the tolerance (r = 1 + max-increase), the worst case", () => {
    const rate = rollbackRate(1 + MAX_INCREASE, judgeFails, mixSeed(6, 1));
    expect(rate).toBeLessThanOrEqual(ALPHA);
    // Not vacuous: at the edge the test does spend a good part of its budget.
    expect(rate).toBeGreaterThan(ALPHA / 5);
  });

  it("healthy and equal (r = 1)", () => {
    expect(rollbackRate(1, judgeFails, mixSeed(6, 2))).toBeLessThanOrEqual(ALPHA / 5);
  });

  it("a release at the edge passes (upper bound below 1 + max-increase) at most 1 − confidence of the time", () => {
    const passes: Statistic = (windows) =>
      sequentialVerdict(windows, { maxIncrease: MAX_INCREASE, confidence: CONFIDENCE }).verdict === "pass";
    expect(rollbackRate(1 + MAX_INCREASE, passes, mixSeed(6, 3))).toBeLessThanOrEqual(ALPHA);
  });

  it("regressions are caught: 1.5× mostly, 2× always", () => {
    expect(rollbackRate(1.5, judgeFails, mixSeed(6, 4))).toBeGreaterThan(0.8);
    expect(rollbackRate(2, judgeFails, mixSeed(6, 5))).toBe(1);
  });

  it("errors in bursts need the dispersion: without it the bound breaks, with it it holds", () => {
    // Geometric bursts of mean 2 have a variance-to-mean ratio of 2·2 − 1 = 3.
    const tempered: Statistic = (windows) =>
      sequentialVerdict(windows, { maxIncrease: MAX_INCREASE, confidence: CONFIDENCE, dispersion: 3 })
        .verdict === "fail";
    const seed = mixSeed(6, 6);
    expect(rollbackRate(1 + MAX_INCREASE, judgeFails, seed, bursts)).toBeGreaterThan(2 * ALPHA);
    expect(rollbackRate(1 + MAX_INCREASE, tempered, seed, bursts)).toBeLessThanOrEqual(ALPHA);
    expect(rollbackRate(2, tempered, mixSeed(6, 7), bursts)).toBe(1);
  });

  it("the simulation catches broken statistics", () => {
    const seed = mixSeed(6, 1); // the same rollouts as the first test
    expect(rollbackRate(1 + MAX_INCREASE, inflatedFails, seed)).toBeGreaterThan(2 * ALPHA);
    expect(rollbackRate(1 + MAX_INCREASE, ignoresMargin, seed)).toBeGreaterThan(0.9);
    expect(rollbackRate(1 + MAX_INCREASE, cumulativeZ, seed)).toBeGreaterThan(2 * ALPHA);
  });
});
