// The arithmetic of src/stats/sequential.ts against values computed independently: exact fractions worked by
// hand (and checked with Python's fractions module), closed forms, and exact expectations over the binomial.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addWindowLogLikelihoodRatios,
  canaryShareOfErrors,
  confidenceBound,
  createMixture,
  DEFAULT_MIXTURE,
  informative,
  logEValue,
  logMixture,
  logRatioEstimate,
  type Mixture,
  sigmoid,
  type WindowCounts,
} from "../../../src/stats/sequential.ts";

/** A mixture with the given points (θ) and weights, built by hand. */
function mixtureOf(points: [theta: number, weight: number][]): Mixture {
  return {
    theta: Float64Array.from(points.map(([t]) => t)),
    expm1Up: Float64Array.from(points.map(([t]) => Math.expm1(t))),
    expm1Down: Float64Array.from(points.map(([t]) => Math.expm1(-t))),
    logWeight: Float64Array.from(points.map(([, w]) => Math.log(w))),
  };
}

function win(
  canaryErrors: number,
  canaryTotal: number,
  baselineErrors: number,
  baselineTotal: number,
): WindowCounts {
  return { canaryErrors, canaryTotal, baselineErrors, baselineTotal };
}

/** log of the Binomial(k, p) probability of x, by summing logs (independent of src/stats). */
function logBinomialPmf(x: number, k: number, p: number): number {
  let logChoose = 0;
  for (let i = 1; i <= x; i++) logChoose += Math.log(k - x + i) - Math.log(i);
  return logChoose + x * Math.log(p) + (k - x) * Math.log1p(-p);
}

describe("helpers", () => {
  it("sigmoid is stable at the extremes", () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(800)).toBe(1);
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(-30)).toBeCloseTo(Math.exp(-30), 25);
  });

  it("p(r) = r·n / (r·n + m)", () => {
    expect(canaryShareOfErrors(win(0, 100, 0, 100), Math.log(1.2))).toBeCloseTo(6 / 11, 15);
    expect(canaryShareOfErrors(win(0, 1, 0, 3), 0)).toBeCloseTo(1 / 4, 15);
    expect(canaryShareOfErrors(win(0, 50, 0, 950), Math.log(3))).toBeCloseTo(150 / 1100, 15);
    // π near 0 and near 1 stay strictly inside (0, 1).
    const tiny = canaryShareOfErrors(win(0, 1, 0, 1e15), 0);
    expect(tiny).toBeGreaterThan(0);
    expect(tiny).toBeCloseTo(1e-15, 25);
    expect(canaryShareOfErrors(win(0, 1e15, 0, 1), 0)).toBeLessThanOrEqual(1);
  });

  it("a window informs only with traffic in both arms and at least one error", () => {
    expect(informative(win(1, 10, 0, 10))).toBe(true);
    expect(informative(win(0, 10, 0, 10))).toBe(false);
    expect(informative(win(3, 10, 0, 0))).toBe(false);
    expect(informative(win(0, 0, 3, 10))).toBe(false);
  });
});

describe("logEValue: exact values", () => {
  // n = m = 100 (π = 1/2), tolerated ratio r0 = 1.2, so p0 = 1.2/2.2 = 6/11; 3 canary errors among 4.
  const w = win(3, 100, 1, 100);

  it("one grid point above: the likelihood ratio of ρ = 2.4 (p1 = 12/17) against 6/11", () => {
    // (p1/p0)^3 · ((1 − p1)/(1 − p0)) = (22/17)^3 · 11/17 = 117128/83521.
    const m = mixtureOf([[Math.LN2, 1]]);
    expect(Math.exp(logEValue([w], Math.log(1.2), "above", m))).toBeCloseTo(117128 / 83521, 13);
  });

  it("one grid point below: ρ = 0.6 (p1 = 3/8)", () => {
    // (11/16)^3 · (11/8) = 14641/32768.
    const m = mixtureOf([[Math.LN2, 1]]);
    expect(Math.exp(logEValue([w], Math.log(1.2), "below", m))).toBeCloseTo(14641 / 32768, 13);
  });

  it("a two-point mixture is the weighted mean of the likelihood ratios", () => {
    // ρ = 2.4 with weight 1/4, ρ = 1.5 (p1 = 3/5, LR 14641/12500) with weight 3/4.
    const m = mixtureOf([
      [Math.LN2, 0.25],
      [Math.log(1.25), 0.75],
    ]);
    expect(Math.exp(logEValue([w], Math.log(1.2), "above", m))).toBeCloseTo(5132592883 / 4176050000, 12);
  });

  it("windows multiply inside the mixture", () => {
    // r0 = 1, ρ = 3. Window 1: π = 1/4, p0 = 1/4, p1 = 1/2, 1 of 2 errors: LR 4/3.
    // Window 2: π = 1/2, p0 = 1/2, p1 = 3/4, 2 of 3 errors: LR 9/8. Product 3/2.
    const m = mixtureOf([[Math.log(3), 1]]);
    const windows = [win(1, 1, 1, 3), win(2, 1, 1, 1)];
    expect(Math.exp(logEValue(windows, 0, "above", m))).toBeCloseTo(3 / 2, 14);
    // The incremental form gives the same.
    const acc = new Float64Array(1);
    for (const x of windows) addWindowLogLikelihoodRatios(x, 0, m, "above", acc);
    expect(Math.exp(logMixture(acc, m))).toBeCloseTo(3 / 2, 14);
  });

  it("uninformative windows contribute exactly 1", () => {
    const base = logEValue([w], Math.log(1.2), "above");
    expect(
      logEValue([w, win(0, 500, 0, 500), win(7, 10, 0, 0), win(0, 0, 4, 9)], Math.log(1.2), "above"),
    ).toBe(base);
    expect(logEValue([], 0, "above")).toBe(0);
    expect(logEValue([win(0, 10, 0, 10)], 0, "below")).toBe(0);
  });

  it("the default mixture's weights sum to 1 over a geometric grid", () => {
    const m = DEFAULT_MIXTURE;
    const total = m.logWeight.reduce((a, b) => a + Math.exp(b), 0);
    expect(total).toBeCloseTo(1, 14);
    expect(m.theta.length).toBe(28);
    expect(m.theta[0]).toBeCloseTo(0.01, 14);
    expect(m.theta[m.theta.length - 1]).toBeCloseTo(3, 12);
    for (let j = 1; j < m.theta.length; j++) expect(m.theta[j]!).toBeGreaterThan(m.theta[j - 1]!);
    expect(() => createMixture({ points: 0 })).toThrow(RangeError);
    expect(() => createMixture({ min: 2, max: 1 })).toThrow(RangeError);
  });
});

describe("the e-value is a test supermartingale: exact expectations over the binomial", () => {
  // For k errors in a window, E[e-value] = Σ_x Binomial(k, p)(x) · e-value(x). At the tolerated ratio
  // (p = p0) it is exactly 1 for every grid point, hence for the mixture; below it (p < p0), less than 1.
  const n = 300;
  const m = 700;
  const r0 = 1.25;
  const p0 = (r0 * n) / (r0 * n + m);

  function expectation(k: number, p: number, side: "above" | "below"): number {
    let sum = 0;
    for (let x = 0; x <= k; x++) {
      sum += Math.exp(logBinomialPmf(x, k, p) + logEValue([win(x, n, k - x, m)], Math.log(r0), side));
    }
    return sum;
  }

  it.each([1, 2, 5, 17, 40])("k = %i: exactly 1 at the boundary", (k) => {
    expect(expectation(k, p0, "above")).toBeCloseTo(1, 12);
    expect(expectation(k, p0, "below")).toBeCloseTo(1, 12);
  });

  it.each([1, 5, 40])("k = %i: below 1 on the null side (monotone likelihood ratio)", (k) => {
    const pAt = (r: number) => (r * n) / (r * n + m);
    for (const r of [0.5, 1, 1.2]) expect(expectation(k, pAt(r), "above")).toBeLessThan(1);
    for (const r of [1.3, 2, 5]) expect(expectation(k, pAt(r), "below")).toBeLessThan(1);
    // ...and above 1 on the alternative side: the evidence grows there.
    expect(expectation(k, pAt(2), "above")).toBeGreaterThan(1);
    expect(expectation(k, pAt(0.5), "below")).toBeGreaterThan(1);
  });
});

describe("logRatioEstimate", () => {
  it("one window: the ratio of the rates, x·m / (y·n)", () => {
    expect(Math.exp(logRatioEstimate([win(10, 200, 20, 800)]))).toBeCloseTo(2, 12);
    expect(Math.exp(logRatioEstimate([win(3, 1000, 300, 99_000)]))).toBeCloseTo(0.99, 12);
  });

  it("windows with the same split pool; otherwise the score equation holds at the estimate", () => {
    expect(Math.exp(logRatioEstimate([win(4, 100, 6, 300), win(6, 200, 10, 600)]))).toBeCloseTo(
      (10 * 900) / (16 * 300),
      12,
    );
    const windows = [win(5, 10, 40, 990), win(30, 500, 60, 1500), win(2, 3, 1, 1)];
    const eta = logRatioEstimate(windows);
    const score = windows.reduce(
      (s, w) => s + w.canaryErrors - (w.canaryErrors + w.baselineErrors) * canaryShareOfErrors(w, eta),
      0,
    );
    expect(Math.abs(score)).toBeLessThan(1e-9);
  });

  it("is ±Infinity at the extremes and NaN without information", () => {
    expect(logRatioEstimate([win(5, 10, 0, 10)])).toBe(Infinity);
    expect(logRatioEstimate([win(0, 10, 5, 10)])).toBe(-Infinity);
    expect(logRatioEstimate([win(0, 10, 0, 10), win(3, 10, 0, 0)])).toBeNaN();
    expect(logRatioEstimate([])).toBeNaN();
  });
});

describe("confidenceBound", () => {
  it("matches the closed form for a single window and a single grid point", () => {
    // With one point θ, the lower end L solves x·θ − k·log1p(p(L)·(e^θ − 1)) = log(1/α), so
    // p(L) = expm1((x·θ − log(1/α)) / k) / expm1(θ) and L = (m/n) · p / (1 − p).
    const theta = Math.log(2);
    const m = mixtureOf([[theta, 1]]);
    const w = win(60, 1000, 40, 1000);
    const alpha = 0.05;
    const p = Math.expm1((60 * theta - Math.log(20)) / 100) / Math.expm1(theta);
    const expected = p / (1 - p);
    expect(Math.exp(confidenceBound([w], "lower", alpha, m))).toBeCloseTo(expected, 8);
    // Upper end: −x·θ − k·log1p(p(U)·(e^−θ − 1)) = log(1/α).
    const q = Math.expm1((-60 * theta - Math.log(20)) / 100) / Math.expm1(-theta);
    expect(Math.exp(confidenceBound([w], "upper", alpha, m))).toBeCloseTo(q / (1 - q), 8);
  });

  it("brackets the estimate, and the e-value is at the threshold at each end", () => {
    const windows = [win(30, 1000, 500, 99_000), win(80, 5000, 700, 95_000)];
    const lower = confidenceBound(windows, "lower", 0.05);
    const upper = confidenceBound(windows, "upper", 0.05);
    const estimate = logRatioEstimate(windows);
    expect(lower).toBeLessThan(estimate);
    expect(upper).toBeGreaterThan(estimate);
    expect(logEValue(windows, lower, "above")).toBeLessThan(Math.log(20));
    expect(logEValue(windows, lower - 1e-6, "above")).toBeGreaterThanOrEqual(Math.log(20));
    expect(logEValue(windows, upper, "below")).toBeLessThan(Math.log(20));
    expect(logEValue(windows, upper + 1e-6, "below")).toBeGreaterThanOrEqual(Math.log(20));
  });

  it("is unbounded on a side the data do not bound", () => {
    expect(confidenceBound([win(0, 100, 3, 100)], "lower", 0.05)).toBe(-Infinity);
    expect(confidenceBound([win(4, 100, 0, 100)], "upper", 0.05)).toBe(Infinity);
    expect(confidenceBound([win(0, 100, 0, 100)], "upper", 0.05)).toBe(Infinity);
    expect(confidenceBound([win(0, 100, 0, 100)], "lower", 0.05)).toBe(-Infinity);
  });

  it("narrows as confidence drops", () => {
    const windows = [win(40, 2000, 60, 8000)];
    expect(confidenceBound(windows, "lower", 0.2)).toBeGreaterThan(confidenceBound(windows, "lower", 0.01));
    expect(confidenceBound(windows, "upper", 0.2)).toBeLessThan(confidenceBound(windows, "upper", 0.01));
  });
});

describe("monotonicity", () => {
  const counts = fc.record({
    n: fc.integer({ min: 1, max: 1_000_000 }),
    m: fc.integer({ min: 1, max: 1_000_000 }),
    x: fc.integer({ min: 0, max: 500 }),
    y: fc.integer({ min: 0, max: 500 }),
  });

  it("one more canary error raises the evidence of an increase and lowers the evidence against", () => {
    fc.assert(
      fc.property(counts, fc.double({ min: -1, max: 2, noNaN: true }), ({ n, m, x, y }, eta) => {
        const a = [win(x, n, y, m)];
        const b = [win(x + 1, n, y, m)];
        expect(logEValue(b, eta, "above")).toBeGreaterThanOrEqual(logEValue(a, eta, "above") - 1e-9);
        expect(logEValue(b, eta, "below")).toBeLessThanOrEqual(logEValue(a, eta, "below") + 1e-9);
      }),
    );
  });

  it("testing a larger ratio lowers the evidence above it and raises the evidence below it", () => {
    fc.assert(
      fc.property(
        counts,
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: 0.001, max: 2, noNaN: true }),
        ({ n, m, x, y }, eta, step) => {
          const w = [win(x, n, y, m)];
          expect(logEValue(w, eta + step, "above")).toBeLessThanOrEqual(logEValue(w, eta, "above") + 1e-9);
          expect(logEValue(w, eta + step, "below")).toBeGreaterThanOrEqual(logEValue(w, eta, "below") - 1e-9);
        },
      ),
    );
  });

  it("a baseline error (the canary's share of errors falls) lowers the evidence of an increase", () => {
    fc.assert(
      fc.property(counts, ({ n, m, x, y }) => {
        const a = [win(x, n, y, m)];
        const b = [win(x, n, y + 1, m)];
        expect(logEValue(b, Math.log(1.2), "above")).toBeLessThanOrEqual(
          logEValue(a, Math.log(1.2), "above") + 1e-9,
        );
      }),
    );
  });
});

describe("numerics", () => {
  it("stays finite and exact-enough with huge counts", () => {
    // 10^15 requests per arm, error rates 0.1% and 0.2%: overwhelming evidence, no overflow.
    const w = win(2e12, 1e15, 1e12, 1e15);
    const up = logEValue([w], Math.log(1.2), "above");
    expect(Number.isFinite(up)).toBe(true);
    expect(up).toBeGreaterThan(1e9);
    expect(Math.exp(logRatioEstimate([w]))).toBeCloseTo(2, 9);
    const lower = Math.exp(confidenceBound([w], "lower", 0.05));
    const upper = Math.exp(confidenceBound([w], "upper", 0.05));
    // The grid's smallest step (θ = 0.01) is the interval's resolution.
    expect(lower).toBeGreaterThan(2 * Math.exp(-0.011));
    expect(upper).toBeLessThan(2 * Math.exp(0.011));
    // Equal rates with huge counts: strong evidence against a 20% increase, none for one.
    const same = win(1e12, 1e15, 1e12, 1e15);
    expect(logEValue([same], Math.log(1.2), "above")).toBeLessThan(0);
    expect(logEValue([same], Math.log(1.2), "below")).toBeGreaterThan(1e6);
  });

  it("handles a canary share near 0 and near 1", () => {
    // One canary request in a trillion, and it failed: weak but finite evidence.
    const tiny = logEValue([win(1, 1, 1000, 1e12)], Math.log(1.2), "above");
    expect(Number.isFinite(tiny)).toBe(true);
    expect(tiny).toBeGreaterThan(0);
    // Nearly all traffic on the canary: the baseline's few requests still count.
    const huge = logEValue([win(1000, 1e12, 1, 1)], Math.log(1.2), "above");
    expect(Number.isFinite(huge)).toBe(true);
  });
});
