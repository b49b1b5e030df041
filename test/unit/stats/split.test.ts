// The traffic-split check (src/stats/split.ts) against values computed independently: exact fractions worked by
// hand, the e-value multiplied out request by request, exact expectations over the binomial (the supermartingale
// property at the band's edges, the settling allowance included), closed-form interval ends, the edge cases, and
// a small seeded Monte Carlo of per-user assignment that a test treating requests as independent fails.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { binomial, poisson, Random } from "../../../harness/random.ts";
import type { Mixture } from "../../../src/stats/sequential.ts";
import {
  checkSplit,
  DEFAULT_SETTLE_SECONDS,
  DEFAULT_SPLIT_DISPERSION,
  dispersionAt,
  edgeTerms,
  effectiveCounts,
  logEValueWithTerms,
  reachesThreshold,
  SPLIT_MIXTURE,
  splitBand,
  splitLogEValue,
  splitThreshold,
  type SplitInput,
  type SplitWindow,
  windowEdges,
} from "../../../src/stats/split.ts";

/** A mixture with the given points (θ) and weights, built by hand. */
function mixtureOf(points: [theta: number, weight: number][]): Mixture {
  return {
    theta: Float64Array.from(points.map(([t]) => t)),
    expm1Up: Float64Array.from(points.map(([t]) => Math.expm1(t))),
    expm1Down: Float64Array.from(points.map(([t]) => Math.expm1(-t))),
    logWeight: Float64Array.from(points.map(([, w]) => Math.log(w))),
  };
}

const LN2 = Math.LN2;
const ONE_POINT = mixtureOf([[LN2, 1]]);

/** log of the Binomial(k, p) probability of x, by summing logs (independent of src/stats). */
function logBinomialPmf(x: number, k: number, p: number): number {
  let logChoose = 0;
  for (let i = 1; i <= x; i++) logChoose += Math.log(k - x + i) - Math.log(i);
  if (p === 0) return x === 0 ? 0 : -Infinity;
  return logChoose + x * Math.log(p) + (k - x) * Math.log1p(-p);
}

function window(stage: number, canary: number, baseline: number, seconds: number): SplitWindow {
  return { stage, canary, baseline, seconds };
}

describe("the band, the dispersion, the settling allowance and the threshold", () => {
  it("the band is relative to the stage's share, capped at 100%", () => {
    expect(splitBand(0.1, 0.5)).toEqual([0.05, 0.15000000000000002]);
    expect(splitBand(0.5, 0.5)).toEqual([0.25, 0.75]);
    expect(splitBand(1, 0.5)).toEqual([0.5, 1]);
    expect(splitBand(0.8, 0.5)).toEqual([0.4, 1]);
    expect(splitBand(0.001, 0.2)).toEqual([0.0008, 0.0012]);
    // A tolerance of 1 or more leaves no lower edge: too little canary traffic cannot be told.
    expect(splitBand(0.1, 1)).toEqual([0, 0.2]);
  });

  it("the settling period widens the band towards the previous share, on the side it lies", () => {
    const e = windowEdges(0.1, 0.02, 0.5);
    expect(e.below).toEqual({ edge: 0.05, settlingEdge: 0.02 });
    expect(e.above).toEqual({ edge: 0.15000000000000002, settlingEdge: 0.15000000000000002 });
    // A previous share above the band (not in an increasing plan, but allowed) widens the upper edge.
    expect(windowEdges(0.1, 0.5, 0.5).above).toEqual({ edge: 0.15000000000000002, settlingEdge: 0.5 });
  });

  it("the dispersion is the configured hour's up to an hour, and grows linearly beyond", () => {
    expect(dispersionAt(3, 0)).toBe(3);
    expect(dispersionAt(3, 1800)).toBe(3);
    expect(dispersionAt(3, 3600)).toBe(3);
    expect(dispersionAt(3, 7200)).toBe(5);
    expect(dispersionAt(1, 36_000)).toBe(1);
  });

  it("effective counts: requests divided by the dispersion, the first settle-seconds' share settling", () => {
    expect(effectiveCounts(10, 5, 7200, { dispersion: 3, settleSeconds: 600 })).toEqual({
      canary: 2,
      total: 3,
      settling: 3 / 12,
    });
    // Younger than the settling period: every request may still carry the previous split.
    expect(effectiveCounts(4, 6, 300, { dispersion: 1, settleSeconds: 600 })).toEqual({
      canary: 4,
      total: 10,
      settling: 10,
    });
    expect(effectiveCounts(4, 6, 300, { dispersion: 1, settleSeconds: 0 }).settling).toBe(0);
    expect(effectiveCounts(0, 0, 0, { dispersion: 1, settleSeconds: 600 })).toEqual({
      canary: 0,
      total: 0,
      settling: 0,
    });
  });

  it("the threshold shares 1 − confidence over both edges of every stage", () => {
    expect(splitThreshold(5, 0.95)).toBeCloseTo(200, 10);
    expect(splitThreshold(3, 0.95)).toBeCloseTo(120, 10);
    expect(splitThreshold(1, 0.9)).toBeCloseTo(20, 10);
  });
});

describe("e-values: exact values", () => {
  // Stage 10%, tolerance 0.5: band [5%, 15%]. One grid point θ = ln 2.

  it("too much canary traffic: e^{θc} / (1 + 0.15·(e^θ − 1))^t = 4 / 1.15³ = 32000/12167", () => {
    const counts = { canary: 2, total: 3, settling: 0 };
    expect(Math.exp(splitLogEValue(counts, 0.15, 0.15, "above", ONE_POINT))).toBeCloseTo(32000 / 12167, 13);
  });

  it("too little: e^{−θc} / (1 + 0.05·(e^−θ − 1))^t = (1/4)·(40/39)³ = 16000/59319", () => {
    const counts = { canary: 2, total: 3, settling: 0 };
    expect(Math.exp(splitLogEValue(counts, 0.05, 0.05, "below", ONE_POINT))).toBeCloseTo(16000 / 59319, 13);
  });

  it("settling requests are held to the previous share: (40/39)² · (100/99) = 160000/150579", () => {
    // No canary request among 3, one of which may still carry the previous stage's 2%.
    const counts = { canary: 0, total: 3, settling: 1 };
    expect(Math.exp(splitLogEValue(counts, 0.05, 0.02, "below", ONE_POINT))).toBeCloseTo(160000 / 150579, 13);
  });

  it("a two-point mixture is the weighted mean of the likelihood ratios", () => {
    // θ = ln 2 with weight 1/4 (LR 32000/12167), θ = ln 3 with weight 3/4 (LR 9 / 1.3³ = 9000/2197).
    const m = mixtureOf([
      [LN2, 0.25],
      [Math.log(3), 0.75],
    ]);
    const counts = { canary: 2, total: 3, settling: 0 };
    const expected = 0.25 * (32000 / 12167) + 0.75 * (9000 / 2197);
    expect(Math.exp(splitLogEValue(counts, 0.15, 0.15, "above", m))).toBeCloseTo(expected, 12);
  });

  it("precomputed terms give the same as the direct form", () => {
    const counts = { canary: 17.5, total: 211, settling: 40 };
    for (const side of ["above", "below"] as const) {
      const [edge, settlingEdge] = side === "above" ? [0.15, 0.2] : [0.05, 0.01];
      const terms = edgeTerms(edge, settlingEdge, side, SPLIT_MIXTURE);
      expect(logEValueWithTerms(counts, terms, SPLIT_MIXTURE)).toBe(
        splitLogEValue(counts, edge, settlingEdge, side, SPLIT_MIXTURE),
      );
    }
  });

  it("reachesThreshold says what the e-value says, with or without its shortcut", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 5000, noNaN: true }),
        fc.double({ min: 0, max: 5000, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom("above" as const, "below" as const),
        fc.double({ min: -2, max: 12, noNaN: true }),
        (canary, baseline, settlingShare, side, logThreshold) => {
          const total = canary + baseline;
          const counts = { canary, total, settling: settlingShare * total };
          const terms = side === "above" ? edgeTerms(0.15, 0.15, side) : edgeTerms(0.05, 0.02, side);
          expect(reachesThreshold(counts, terms, logThreshold)).toBe(
            logEValueWithTerms(counts, terms) >= logThreshold,
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it("checkSplit reports them for a window, with the dispersion applied", () => {
    // φ = 3 over an hour, a two-hour window: φ = 5, so 10 canary of 15 requests count as 2 of 3.
    const d = checkSplit({
      plan: [0.1, 1],
      windows: [window(1, 10, 5, 7200)],
      dispersion: 3,
      settleSeconds: 0,
      mixture: ONE_POINT,
    });
    const w = d.windows[0]!;
    expect(w.dispersion).toBe(5);
    expect(w.effectiveRequests).toBe(3);
    expect(w.evidence.above.eValue).toBeCloseTo(32000 / 12167, 13);
    expect(w.evidence.below.eValue).toBeCloseTo(16000 / 59319, 13);
    expect(d.threshold).toBe(80);
  });
});

describe("an independent check: the e-value multiplied out request by request", () => {
  // The likelihood ratio of one request under a logit shift ±θ of the edge p0 is p1/p0 for a canary request and
  // (1 − p1)/(1 − p0) for a baseline one, with p1 = p0·e^{±θ} / (1 − p0 + p0·e^{±θ}). Multiply, then mix.
  function byRequests(
    canary: number,
    total: number,
    settling: number,
    edge: number,
    settlingEdge: number,
    side: "above" | "below",
    points: [number, number][],
  ): number {
    let e = 0;
    for (const [theta, weight] of points) {
      const t = side === "above" ? theta : -theta;
      let lr = 1;
      // Settling requests first (the window's start), then the rest; which of them were canary does not matter.
      for (let i = 0; i < total; i++) {
        const p0 = i < settling ? settlingEdge : edge;
        const p1 = (p0 * Math.exp(t)) / (1 - p0 + p0 * Math.exp(t));
        lr *= i < canary ? p1 / p0 : (1 - p1) / (1 - p0);
      }
      e += weight * lr;
    }
    return e;
  }

  const points: [number, number][] = [
    [0.2, 0.3],
    [0.7, 0.5],
    [2.5, 0.2],
  ];
  const m = mixtureOf(points);

  it.each([
    [3, 40, 0, 0.15, 0.15, "above"],
    [12, 40, 0, 0.15, 0.15, "above"],
    [0, 60, 10, 0.05, 0.02, "below"],
    [1, 60, 60, 0.05, 0.01, "below"],
    [30, 50, 5, 0.75, 0.75, "above"],
    [5, 50, 20, 0.25, 0.125, "below"],
  ] as const)("canary %i of %i, %i settling, edges %f / %f, %s", (c, t, b, edge, settlingEdge, side) => {
    const expected = byRequests(c, t, b, edge, settlingEdge, side, points);
    const got = Math.exp(splitLogEValue({ canary: c, total: t, settling: b }, edge, settlingEdge, side, m));
    expect(got / expected).toBeCloseTo(1, 12);
  });
});

describe("the e-value is a test supermartingale: exact expectations over the binomial", () => {
  // E[e-value] over the canary count when the settled requests are canary with probability p and the settling
  // ones with probability p': a sum over two binomials. At the edges it is exactly 1; inside the band, below 1.
  function expectation(
    settled: number,
    settling: number,
    p: number,
    pSettling: number,
    side: "above" | "below",
    edge: number,
    settlingEdge: number,
  ): number {
    let sum = 0;
    for (let x = 0; x <= settled; x++) {
      for (let y = 0; y <= settling; y++) {
        const logP = logBinomialPmf(x, settled, p) + logBinomialPmf(y, settling, pSettling);
        if (logP === -Infinity) continue;
        const counts = { canary: x + y, total: settled + settling, settling };
        sum += Math.exp(logP + splitLogEValue(counts, edge, settlingEdge, side));
      }
    }
    return sum;
  }

  it.each([1, 4, 25, 60])("%i requests: exactly 1 at each edge", (n) => {
    expect(expectation(n, 0, 0.15, 0, "above", 0.15, 0.15)).toBeCloseTo(1, 12);
    expect(expectation(n, 0, 0.05, 0, "below", 0.05, 0.05)).toBeCloseTo(1, 12);
    // With settling requests at the previous share (2%) and the rest at the lower edge.
    expect(expectation(n, 7, 0.05, 0.02, "below", 0.05, 0.02)).toBeCloseTo(1, 12);
  });

  it.each([4, 25, 60])(
    "%i requests: below 1 anywhere inside the band, settling at any share in between",
    (n) => {
      for (const p of [0.05, 0.1, 0.149]) {
        expect(expectation(n, 5, p, 0.02, "above", 0.15, 0.15)).toBeLessThan(1);
      }
      for (const p of [0.051, 0.1, 0.15]) {
        for (const pSettling of [0.02, 0.04, 0.1]) {
          expect(expectation(n, 5, p, pSettling, "below", 0.05, 0.02)).toBeLessThan(1);
        }
      }
      // Outside the band the evidence grows.
      expect(expectation(n, 5, 0.3, 0.3, "above", 0.15, 0.15)).toBeGreaterThan(1);
      expect(expectation(n, 5, 0, 0, "below", 0.05, 0.02)).toBeGreaterThan(1);
    },
  );

  it("counting more requests as settling than there were only lowers the e-value", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 500 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (c, extra, a, b) => {
          const total = c + extra;
          const [few, more] = [Math.min(a, b) * total, Math.max(a, b) * total];
          const at = (settling: number, side: "above" | "below") =>
            side === "above"
              ? splitLogEValue({ canary: c, total, settling }, 0.15, 0.3, side)
              : splitLogEValue({ canary: c, total, settling }, 0.05, 0.01, side);
          expect(at(more, "above")).toBeLessThanOrEqual(at(few, "above") + 1e-9);
          expect(at(more, "below")).toBeLessThanOrEqual(at(few, "below") + 1e-9);
        },
      ),
    );
  });
});

describe("the always-valid interval", () => {
  it("matches the closed form for one grid point and no settling", () => {
    // Lower end L: c·θ − t·log1p(L·(e^θ − 1)) = log K, so L = expm1((c·θ − log K) / t) / expm1(θ);
    // upper end U: −c·θ − t·log1p(U·(e^−θ − 1)) = log K. K = 2·stages / (1 − confidence) = 80.
    const d = checkSplit({
      plan: [0.5, 1],
      windows: [window(1, 60, 40, 7200)],
      settleSeconds: 0,
      dispersion: 1,
      mixture: ONE_POINT,
    });
    const K = 80;
    const lower = Math.expm1((60 * LN2 - Math.log(K)) / 100) / Math.expm1(LN2);
    const upper = Math.expm1((-60 * LN2 - Math.log(K)) / 100) / Math.expm1(-LN2);
    const [l, u] = d.windows[0]!.interval;
    expect(l).toBeCloseTo(lower, 8);
    expect(u).toBeCloseTo(upper, 8);
    expect(d.windows[0]!.share).toBe(0.6);
  });

  it("brackets the observed share, and each end is where its e-value reaches the threshold", () => {
    const d = checkSplit({ plan: [0.05, 0.25, 1], windows: [window(1, 900, 19_100, 3000)], dispersion: 2 });
    const w = d.windows[0]!;
    const [l, u] = w.interval;
    expect(l).toBeLessThan(w.share!);
    expect(u).toBeGreaterThan(w.share!);
    const counts = effectiveCounts(900, 19_100, 3000, {
      dispersion: 2,
      settleSeconds: DEFAULT_SETTLE_SECONDS,
    });
    const logK = Math.log(d.threshold);
    // The lower end tests "share ≤ l", whose settling requests may carry up to max(previous, l) = l.
    expect(splitLogEValue(counts, l, l, "above")).toBeLessThan(logK);
    expect(splitLogEValue(counts, l * 0.999, l * 0.999, "above")).toBeGreaterThanOrEqual(logK);
    // The upper end tests "share ≥ u"; settling requests may carry down to the previous share, 0.
    expect(splitLogEValue(counts, u, 0, "below")).toBeLessThan(logK);
    expect(splitLogEValue(counts, u * 1.001, 0, "below")).toBeGreaterThanOrEqual(logK);
  });

  it("is [0, 1] without traffic and has no lower end above 0 without canary requests", () => {
    const d = checkSplit({ plan: [0.1, 1], windows: [window(1, 0, 0, 600)] });
    expect(d.windows[0]!.interval).toEqual([0, 1]);
    expect(d.windows[0]!.share).toBeNull();
    const none = checkSplit({ plan: [0.1, 1], windows: [window(1, 0, 5000, 7200)], dispersion: 1 });
    expect(none.windows[0]!.interval[0]).toBe(0);
    expect(none.windows[0]!.interval[1]).toBeLessThan(0.01);
  });
});

describe("verdicts", () => {
  const plan = [0.01, 0.05, 0.25, 0.5, 1];

  it("mismatch, too little: the apply step left the canary at the previous stage's 1% in the 5% stage", () => {
    const d = checkSplit({
      plan,
      windows: [window(1, 10_000, 990_000, 3600), window(2, 1000, 99_000, 3000)],
      dispersion: 20,
    });
    expect(d.verdict).toBe("mismatch");
    expect(d.side).toBe("below");
    expect(d.window).toBe(1);
    expect(d.windows[0]!.verdict).toBe("ok");
    expect(d.windows[1]!.verdict).toBe("mismatch");
    expect(d.windows[1]!.evidence.below.eValue).toBeGreaterThanOrEqual(d.threshold);
    expect(d.windows[1]!.interval[1]).toBeLessThan(0.025);
    expect(d.windows[1]!.band).toEqual([0.025, 0.075]);
    expect(d.explanation).toMatch(/^mismatch: the canary served 1% of requests in stage 2 \(5%\)/);
    expect(d.explanation).toMatch(/below the 2\.5–7\.5% the plan allows/);
    expect(d.explanation).toMatch(/did not do its job/);
  });

  it("mismatch, too much: twice the plan", () => {
    const d = checkSplit({ plan, windows: [window(1, 2000, 98_000, 3000)], dispersion: 5 });
    expect(d.verdict).toBe("mismatch");
    expect(d.side).toBe("above");
    expect(d.window).toBe(0);
    expect(d.explanation).toMatch(/above the 0\.5–1\.5% the plan allows/);
  });

  it("ok: the interval lies inside the band", () => {
    const d = checkSplit({ plan, windows: [window(1, 10_000, 990_000, 3600)], dispersion: 20 });
    expect(d.verdict).toBe("ok");
    expect(d.side).toBeNull();
    const [l, u] = d.windows[0]!.interval;
    expect(l).toBeGreaterThanOrEqual(0.005);
    expect(u).toBeLessThanOrEqual(0.015);
    expect(d.explanation).toMatch(/^ok: the canary served 1% of requests in stage 1 \(1%\), between/);
  });

  it("inconclusive: too few requests to tell", () => {
    const d = checkSplit({ plan, windows: [window(1, 2, 98, 600)] });
    expect(d.verdict).toBe("inconclusive");
    expect(d.explanation).toMatch(/^inconclusive: the canary served 2% of requests in stage 1 \(1%\)/);
    expect(d.explanation).toMatch(/too few requests yet/);
  });

  it("the settling period forgives the previous split right after a transition", () => {
    // Five minutes into the 25% stage, still at the 5% stage's split: no mismatch yet...
    const early = checkSplit({ plan, windows: [window(3, 5000, 95_000, 300)], dispersion: 1 });
    expect(early.verdict).not.toBe("mismatch");
    // ...while the same counts over a whole hour are one.
    const late = checkSplit({ plan, windows: [window(3, 5000, 95_000, 3600)], dispersion: 1 });
    expect(late.verdict).toBe("mismatch");
    expect(late.side).toBe("below");
    // Without the allowance the early counts would already be a mismatch.
    const strict = checkSplit({
      plan,
      windows: [window(3, 5000, 95_000, 300)],
      dispersion: 1,
      settleSeconds: 0,
    });
    expect(strict.verdict).toBe("mismatch");
  });

  it("the previous share defaults to the preceding window's stage, 0 before the first", () => {
    const d = checkSplit({ plan, windows: [window(1, 10, 990, 60), window(3, 10, 990, 60)] });
    expect(d.windows.map((w) => w.previous)).toEqual([0, 0.01]);
    const given = checkSplit({ plan, windows: [{ ...window(3, 10, 990, 60), previous: 0.05 }] });
    expect(given.windows[0]!.previous).toBe(0.05);
  });

  it("a mismatch in any window makes the verdict; the latest one is reported", () => {
    const d = checkSplit({
      plan,
      windows: [window(1, 0, 100_000, 3600), window(2, 5000, 95_000, 3600)],
      dispersion: 1,
    });
    expect(d.verdict).toBe("mismatch");
    expect(d.window).toBe(0);
    expect(d.windows[1]!.verdict).toBe("ok");
  });
});

describe("edge cases", () => {
  it("zero traffic: inconclusive, both e-values 1", () => {
    const d = checkSplit({ plan: [0.01, 1], windows: [window(1, 0, 0, 1800)] });
    expect(d.verdict).toBe("inconclusive");
    expect(d.windows[0]!.evidence.above.eValue).toBe(1);
    expect(d.windows[0]!.evidence.below.eValue).toBe(1);
    expect(d.explanation).toMatch(/no requests/);
    expect(checkSplit({ plan: [0.01, 1], windows: [] }).verdict).toBe("inconclusive");
  });

  it("the 100% stage: all traffic on the canary is fine, a baseline still serving half is at the edge", () => {
    const full = checkSplit({ plan: [0.5, 1], windows: [window(2, 100_000, 0, 3600)], dispersion: 1 });
    expect(full.windows[0]!.band).toEqual([0.5, 1]);
    expect(full.verdict).toBe("ok");
    // Nothing can be "too much" at 100%: the upper edge is 1.
    expect(full.windows[0]!.evidence.above.logEValue).toBeLessThanOrEqual(0);
    const stuck = checkSplit({ plan: [0.5, 1], windows: [window(2, 30_000, 70_000, 3600)], dispersion: 1 });
    expect(stuck.verdict).toBe("mismatch");
    expect(stuck.side).toBe("below");
  });

  it("a tiny 0.1% stage: a few hundred requests say nothing, millions do", () => {
    const plan = [0.001, 0.01, 1];
    const few = checkSplit({ plan, windows: [window(1, 0, 500, 1800)] });
    expect(few.verdict).toBe("inconclusive");
    const many = checkSplit({ plan, windows: [window(1, 0, 2_000_000, 3600)], dispersion: 10 });
    expect(many.verdict).toBe("mismatch");
    expect(many.side).toBe("below");
    const right = checkSplit({ plan, windows: [window(1, 20_000, 19_980_000, 3600)], dispersion: 10 });
    expect(right.verdict).toBe("ok");
  });

  it("huge and fractional counts stay finite and JSON-safe", () => {
    const d = checkSplit({ plan: [0.01, 1], windows: [window(1, 3e13, 1e15, 3600)], dispersion: 1 });
    expect(d.verdict).toBe("mismatch");
    expect(d.windows[0]!.evidence.above.eValue).toBe(Number.MAX_VALUE);
    expect(Number.isFinite(d.windows[0]!.evidence.above.logEValue)).toBe(true);
    const json = JSON.parse(JSON.stringify(d));
    expect(json).toEqual(d);
    const fractional = checkSplit({ plan: [0.01, 1], windows: [window(1, 10.5, 990.25, 600)] });
    expect(fractional.windows[0]!.canary).toBe(10.5);
    expect(JSON.parse(JSON.stringify(fractional))).toEqual(fractional);
  });

  it("rejects bad input with a message naming it", () => {
    const ok: SplitInput = { plan: [0.01, 1], windows: [window(1, 1, 99, 60)] };
    expect(() => checkSplit({ ...ok, windows: [window(1, -1, 99, 60)] })).toThrow(/canary requests/);
    expect(() => checkSplit({ ...ok, windows: [window(1, 1, Number.NaN, 60)] })).toThrow(/baseline requests/);
    expect(() => checkSplit({ ...ok, windows: [window(1, 1, 99, -5)] })).toThrow(/seconds/);
    expect(() => checkSplit({ ...ok, windows: [window(3, 1, 99, 60)] })).toThrow(/stage 3 .*plan has 2/);
    expect(() => checkSplit({ ...ok, plan: [0.5, 0.1] })).toThrow(/plan/);
    expect(() => checkSplit({ ...ok, plan: [0, 1] })).toThrow(/plan/);
    expect(() => checkSplit({ ...ok, plan: [] })).toThrow(/plan/);
    expect(() => checkSplit({ ...ok, tolerance: 0 })).toThrow(/tolerance/);
    expect(() => checkSplit({ ...ok, confidence: 1 })).toThrow(/confidence/);
    expect(() => checkSplit({ ...ok, dispersion: 0.5 })).toThrow(/dispersion/);
    expect(() => checkSplit({ ...ok, settleSeconds: -1 })).toThrow(/settleSeconds/);
    expect(() => checkSplit({ ...ok, windows: [{ ...window(1, 1, 99, 60), previous: 2 }] })).toThrow(
      /previous/,
    );
  });

  it("defaults: tolerance 0.5, confidence 0.95, the default dispersion and settling period", () => {
    const d = checkSplit({ plan: [0.01, 0.05, 1], windows: [window(1, 10, 990, 60)] });
    expect(d.tolerance).toBe(0.5);
    expect(d.confidence).toBe(0.95);
    expect(d.dispersion).toBe(DEFAULT_SPLIT_DISPERSION);
    expect(d.settleSeconds).toBe(DEFAULT_SETTLE_SECONDS);
    expect(d.threshold).toBe(120);
  });
});

describe("monotonicity", () => {
  it("more canary requests raise the evidence of too much and lower the evidence of too little", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 7200 }),
        (c, b, seconds) => {
          const at = (canary: number) =>
            checkSplit({ plan: [0.05, 1], windows: [window(1, canary, b, seconds)], dispersion: 2 })
              .windows[0]!.evidence;
          const [x, y] = [at(c), at(c + 1)];
          expect(y.above.logEValue).toBeGreaterThanOrEqual(x.above.logEValue - 1e-9);
          expect(y.below.logEValue).toBeLessThanOrEqual(x.below.logEValue + 1e-9);
        },
      ),
      { numRuns: 200 },
    );
  });
});

// A small seeded Monte Carlo of the two things that make the split hard: per-user assignment with users whose
// request counts are heavy-tailed, and the previous split showing at the start of each stage. Correctly applied
// rollouts must raise at most 1 − confidence alarms; the same statistic treating requests as independent, or
// without the settling allowance, must not. bench/split.ts is the full-size version.
describe("seeded false alarms under per-user assignment", () => {
  const PLAN = [0.05, 0.25, 0.5, 1];
  const LOOKS = 12;
  const LOOK_SECONDS = 300;
  const ROLLOUTS = 300;
  const ALPHA = 0.05;

  interface Population {
    /** Requests per hour of each user class, and how many users each holds. */
    rates: number[];
    users: number[];
  }

  /** 400 users with Pareto(1.2) request rates, 8,000 requests an hour in all: a few users carry much of it. */
  function heavy(rng: Random): Population {
    const w = Array.from({ length: 400 }, () => 1 / Math.pow(1 - rng.next(), 1 / 1.2));
    const sum = w.reduce((a, b) => a + b, 0);
    return { rates: w.map((x) => (x * 8000) / sum), users: w.map(() => 1) };
  }

  /** 20,000 users making 20 requests an hour each: 400,000 an hour, where the transient shows. */
  const busy: Population = { rates: [20], users: [20_000] };

  /**
   * The share of ROLLOUTS with an alarm at some look. Each rollout hashes users to the canary afresh (nested:
   * a user in at 5% stays in at 25%); after each transition the previous stage's split holds for 2 to 5 minutes.
   */
  function falseAlarms(population: Population, dispersionOf: (phi: number) => number, settleSeconds: number) {
    const rng = new Random(20_260_707);
    const { rates, users } = population;
    const total = rates.reduce((s, w, k) => s + w * users[k]!, 0);
    // The request-weighted mean of a user's requests in an hour (+1: Poisson), what the docs ask users to set.
    const phi = 1 + rates.reduce((s, w, k) => s + w * w * users[k]!, 0) / total;
    const dispersion = dispersionOf(phi);
    const threshold = Math.log(splitThreshold(PLAN.length, 1 - ALPHA));
    let alarms = 0;
    for (let r = 0; r < ROLLOUTS; r++) {
      // Canary users per class at each share, drawn nested.
      const inCanary = users.map(() => 0);
      let drawnAt = 0;
      const rateAt = (q: number): number => {
        if (q > drawnAt) {
          for (let k = 0; k < users.length; k++) {
            const left = users[k]! - inCanary[k]!;
            inCanary[k]! += binomial(rng, left, (q - drawnAt) / (1 - drawnAt));
          }
          drawnAt = q;
        }
        return rates.reduce((s, w, k) => s + w * inCanary[k]!, 0) / 3600;
      };
      let previous = 0;
      let before = 0;
      let alarmed = false;
      for (const q of PLAN) {
        const after = rateAt(q);
        const delay = 120 + 180 * rng.next();
        const edges = windowEdges(q, previous, 0.5);
        let canary = 0;
        let all = 0;
        for (let look = 1; look <= LOOKS && !alarmed; look++) {
          const old = Math.max(0, Math.min(LOOK_SECONDS, delay - (look - 1) * LOOK_SECONDS));
          const canaryMean = before * old + after * (LOOK_SECONDS - old);
          const c = poisson(rng, canaryMean);
          canary += c;
          all += c + poisson(rng, (total / 3600) * LOOK_SECONDS - canaryMean);
          const counts = effectiveCounts(canary, all - canary, look * LOOK_SECONDS, {
            dispersion,
            settleSeconds,
          });
          alarmed =
            (edges.above.edge < 1 &&
              splitLogEValue(counts, edges.above.edge, edges.above.settlingEdge, "above") >= threshold) ||
            splitLogEValue(counts, edges.below.edge, edges.below.settlingEdge, "below") >= threshold;
        }
        previous = q;
        before = after;
      }
      if (alarmed) alarms++;
    }
    return alarms / ROLLOUTS;
  }

  it("heavy-tailed users, with their dispersion and the settling allowance: at most 1 − confidence", () => {
    expect(falseAlarms(heavy(new Random(1)), (phi) => phi, DEFAULT_SETTLE_SECONDS)).toBeLessThanOrEqual(
      ALPHA,
    );
  });

  it("heavy-tailed users, treating requests as independent (dispersion 1): the bound breaks", () => {
    expect(falseAlarms(heavy(new Random(1)), () => 1, DEFAULT_SETTLE_SECONDS)).toBeGreaterThan(3 * ALPHA);
  });

  it("busy service, with the settling allowance: at most 1 − confidence; without it, the bound breaks", () => {
    expect(falseAlarms(busy, (phi) => phi, DEFAULT_SETTLE_SECONDS)).toBeLessThanOrEqual(ALPHA);
    expect(falseAlarms(busy, (phi) => phi, 0)).toBeGreaterThan(3 * ALPHA);
  });
});
