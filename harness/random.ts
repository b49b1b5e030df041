// A deterministic, seedable pseudo-random generator and the exact samplers the Monte Carlo proofs need
// (test/unit/stats, bench/statistics.ts). Pure: no I/O, no dependency, the same numbers on every platform.
//
// The generator is xoshiro128** (Blackman & Vigna, 2018) seeded through splitmix32; doubles take 53 bits
// from two outputs. The Poisson and binomial samplers are exact: inversion for small means, and Hörmann's
// transformed rejection with squeeze (PTRS and BTRS, Hörmann 1993) for large ones.

/** One step of splitmix32: a well-mixed 32-bit output for each seed state. */
function splitmix32(state: number): [next: number, output: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

/** Mixes integers (a seed and stream indices) into one 32-bit seed, so each stream gets its own sequence. */
export function mixSeed(...parts: readonly number[]): number {
  let state = 0x2545f491;
  let out = 0;
  for (const part of parts) {
    [state, out] = splitmix32((state ^ Math.imul(part | 0, 0x27d4eb2d)) | 0);
    state = (state ^ out) | 0;
  }
  return out >>> 0;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** xoshiro128**: a small, fast generator with a 2^128 − 1 period; deterministic for a given seed. */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    let state = seed | 0;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      let out: number;
      [state, out] = splitmix32(state);
      words.push(out);
    }
    [this.s0, this.s1, this.s2, this.s3] = words as [number, number, number, number];
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.uint32() >>> 5; // 27 bits
    const lo = this.uint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }
}

const LOG_FACTORIAL_TABLE: Float64Array = (() => {
  const table = new Float64Array(256);
  for (let i = 2; i < table.length; i++) table[i] = (table[i - 1] as number) + Math.log(i);
  return table;
})();

/** log(k!) for an integer k ≥ 0: a table below 256, Stirling's series (error < 1e-15 relative) above. */
export function logFactorial(k: number): number {
  if (k < 256) return LOG_FACTORIAL_TABLE[k] as number;
  const k2 = k * k;
  return (
    k * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI * k) + (1 / 12 - (1 / 360 - 1 / (1260 * k2)) / k2) / k
  );
}

/** An exact Poisson(mean) draw. */
export function poisson(rng: Random, mean: number): number {
  if (!(mean >= 0) || !Number.isFinite(mean)) throw new RangeError(`poisson: mean ${mean} is not usable`);
  if (mean === 0) return 0;
  if (mean < 10) {
    // Inversion by sequential search.
    let k = 0;
    let p = Math.exp(-mean);
    let cdf = p;
    const u = rng.next();
    while (u > cdf) {
      k++;
      p *= mean / k;
      cdf += p;
      if (p === 0 && cdf < u) break; // rounding left the tail short: the remaining mass is negligible
    }
    return k;
  }
  // PTRS: transformed rejection with squeeze (Hörmann 1993), as in NumPy.
  const slam = Math.sqrt(mean);
  const logMean = Math.log(mean);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.next() - 0.5;
    const v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (
      Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <=
      -mean + k * logMean - logFactorial(k)
    )
      return k;
  }
}

/** An exact Binomial(n, p) draw (n a non-negative integer). */
export function binomial(rng: Random, n: number, p: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomial: n ${n} is not a non-negative integer`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial: p ${p} is not a probability`);
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  if (p > 0.5) return n - binomial(rng, n, 1 - p);
  const q = 1 - p;
  if (n * p < 10) {
    // Inversion by sequential search from 0, with the pmf recurrence.
    const ratio = p / q;
    let k = 0;
    let prob = Math.exp(n * Math.log1p(-p));
    let cdf = prob;
    const u = rng.next();
    while (u > cdf && k < n) {
      prob *= (ratio * (n - k)) / (k + 1);
      k++;
      cdf += prob;
      if (prob === 0 && cdf < u) break;
    }
    return k;
  }
  // BTRS: transformed rejection with squeeze (Hörmann 1993).
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = Math.log(p / q);
  const m = Math.floor((n + 1) * p);
  const h = logFactorial(m) + logFactorial(n - m);
  for (;;) {
    const u = rng.next() - 0.5;
    const v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    const lv = Math.log((v * alpha) / (a / (us * us) + b));
    if (lv <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq) return k;
  }
}
