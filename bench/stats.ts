// Small summaries of timing samples.

export interface Summary {
  n: number;
  medianMs: number;
  p90Ms: number;
  minMs: number;
  maxMs: number;
  /** Every sample in run order, rounded to 0.1 ms. */
  samplesMs: number[];
}

/** The q-quantile (0 ≤ q ≤ 1) with linear interpolation between closest ranks. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

export function summarize(samples: readonly number[]): Summary {
  return {
    n: samples.length,
    medianMs: round1(quantile(samples, 0.5)),
    p90Ms: round1(quantile(samples, 0.9)),
    minMs: round1(Math.min(...samples)),
    maxMs: round1(Math.max(...samples)),
    samplesMs: samples.map(round1),
  };
}
