// The seeded generator and the exact samplers the Monte Carlo proofs rest on.

import { describe, expect, it } from "vitest";
import { binomial, logFactorial, mixSeed, poisson, Random } from "../../harness/random.ts";

function draws(seed: number, count: number): number[] {
  const rng = new Random(seed);
  return Array.from({ length: count }, () => rng.uint32());
}

/** log of the Binomial(n, p) probability of k, by summing logs. */
function binomialPmf(k: number, n: number, p: number): number {
  let logChoose = 0;
  for (let i = 1; i <= k; i++) logChoose += Math.log(n - k + i) - Math.log(i);
  return Math.exp(logChoose + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

function poissonPmf(k: number, mean: number): number {
  let log = -mean;
  for (let i = 1; i <= k; i++) log += Math.log(mean) - Math.log(i);
  return Math.exp(log);
}

/**
 * Draws `count` samples and checks every value's frequency against its exact probability, within 4.5
 * standard errors (plus a little for the rarest values), and that no value has probability 0.
 */
function checkDistribution(sample: () => number, pmf: (k: number) => number, count: number): void {
  const freq = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const k = sample();
    freq.set(k, (freq.get(k) ?? 0) + 1);
  }
  for (const k of freq.keys()) expect(pmf(k), `value ${k} drawn`).toBeGreaterThan(0);
  const lo = Math.min(...freq.keys());
  const hi = Math.max(...freq.keys());
  for (let k = lo; k <= hi; k++) {
    const p = pmf(k);
    const observed = (freq.get(k) ?? 0) / count;
    const se = Math.sqrt((p * (1 - p)) / count);
    expect(Math.abs(observed - p), `P(${k}) = ${p}, observed ${observed}`).toBeLessThan(4.5 * se + 3 / count);
  }
}

describe("Random (xoshiro128** seeded by splitmix32)", () => {
  it("matches an independent implementation (Python, arbitrary-precision integers)", () => {
    expect(draws(42, 5)).toEqual([2837322924, 544945897, 479756282, 3500138142, 339756180]);
    expect(draws(0, 5)).toEqual([3809008728, 1133695204, 53579671, 2891528803, 139681546]);
    expect(draws(2 ** 32 - 1, 5)).toEqual([835879718, 1921286648, 2356205009, 1885780724, 980451116]);
  });

  it("is deterministic per seed, and seeds differ", () => {
    expect(draws(7, 100)).toEqual(draws(7, 100));
    expect(draws(7, 100)).not.toEqual(draws(8, 100));
    expect(mixSeed(1, 2, 3)).toBe(mixSeed(1, 2, 3));
    const seeds = new Set<number>();
    for (let a = 0; a < 20; a++) for (let b = 0; b < 20; b++) seeds.add(mixSeed(99, a, b));
    expect(seeds.size).toBe(400);
  });

  it("next() is uniform on [0, 1)", () => {
    const rng = new Random(1);
    const bins = new Array<number>(10).fill(0);
    let sum = 0;
    let min = 1;
    let max = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      min = Math.min(min, u);
      max = Math.max(max, u);
      sum += u;
      bins[Math.floor(u * 10)]!++;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.003);
    for (const b of bins) expect(Math.abs(b / n - 0.1)).toBeLessThan(0.003);
  });
});

describe("logFactorial", () => {
  it("agrees with summed logarithms, table and Stirling alike", () => {
    let direct = 0;
    for (let k = 1; k <= 100_000; k++) {
      direct += Math.log(k);
      if (k < 300 || k % 9973 === 0 || k === 100_000) {
        expect(Math.abs(logFactorial(k) - direct)).toBeLessThan(1e-12 * Math.max(1, direct));
      }
    }
    expect(logFactorial(0)).toBe(0);
    expect(logFactorial(1)).toBe(0);
  });
});

describe("poisson", () => {
  it.each([0.3, 4, 9.99, 10, 27.5])("mean %f: every value at its exact probability", (mean) => {
    const rng = new Random(mixSeed(11, Math.round(mean * 100)));
    checkDistribution(
      () => poisson(rng, mean),
      (k) => poissonPmf(k, mean),
      60_000,
    );
  });

  it("has the right mean and variance for large means", () => {
    const rng = new Random(3);
    for (const mean of [1000, 1e6]) {
      const n = 20_000;
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const k = poisson(rng, mean);
        s += k;
        s2 += k * k;
      }
      const m = s / n;
      const v = s2 / n - m * m;
      expect(Math.abs(m - mean)).toBeLessThan(5 * Math.sqrt(mean / n));
      expect(Math.abs(v / mean - 1)).toBeLessThan(0.05);
    }
  });

  it("rejects unusable means", () => {
    const rng = new Random(1);
    expect(poisson(rng, 0)).toBe(0);
    expect(() => poisson(rng, -1)).toThrow(RangeError);
    expect(() => poisson(rng, Number.NaN)).toThrow(RangeError);
  });
});

describe("binomial", () => {
  it.each([
    [20, 0.1],
    [1000, 0.004],
    [60, 0.3],
    [500, 0.1],
    [40, 0.85],
  ])("n %i, p %f: every value at its exact probability", (n, p) => {
    const rng = new Random(mixSeed(12, n, Math.round(p * 1000)));
    checkDistribution(
      () => binomial(rng, n, p),
      (k) => binomialPmf(k, n, p),
      60_000,
    );
  });

  it("has the right mean and variance for large n", () => {
    const rng = new Random(5);
    for (const [n, p] of [
      [1_000_000, 0.01],
      [50_000_000, 0.3],
    ] as const) {
      const draws = 20_000;
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < draws; i++) {
        const k = binomial(rng, n, p);
        if (k < 0 || k > n) throw new Error(`binomial(${n}, ${p}) drew ${k}`);
        s += k;
        s2 += k * k;
      }
      const m = s / draws;
      const v = s2 / draws - m * m;
      expect(Math.abs(m - n * p)).toBeLessThan(5 * Math.sqrt((n * p * (1 - p)) / draws));
      expect(Math.abs(v / (n * p * (1 - p)) - 1)).toBeLessThan(0.05);
    }
  });

  it("handles the edges and rejects bad arguments", () => {
    const rng = new Random(1);
    expect(binomial(rng, 0, 0.5)).toBe(0);
    expect(binomial(rng, 10, 0)).toBe(0);
    expect(binomial(rng, 10, 1)).toBe(10);
    expect(() => binomial(rng, 1.5, 0.5)).toThrow(RangeError);
    expect(() => binomial(rng, -1, 0.5)).toThrow(RangeError);
    expect(() => binomial(rng, 10, 1.5)).toThrow(RangeError);
  });
});
