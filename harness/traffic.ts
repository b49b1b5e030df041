// Deterministic synthetic traffic: versions with a constant request rate and error ratio,
// rendered as OpenMetrics for promtool backfill and evaluated in-process by the fake
// Prometheus, plus the arithmetic tests need to predict what PromQL will answer.
import { createHash } from "node:crypto";

/** Seconds between two samples of every series, as a default Prometheus scrape would give. */
export const SAMPLE_INTERVAL_SECONDS = 15;

/** Histogram bucket bounds (seconds) of `http_request_duration_seconds`, +Inf implied. */
export const LATENCY_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** How request durations are spread: the share of requests at or under each bound. */
export interface LatencyProfile {
  /** Cumulative share per bound of LATENCY_BUCKETS, same length, non-decreasing, ≤ 1. */
  cumulative: readonly number[];
  /** Mean duration in seconds (feeds `_sum`). */
  meanSeconds: number;
}

export interface Version {
  /** Human name, used in messages only. */
  name: string;
  /** The commit this version is built from: 40 lowercase hex digits. */
  sha: string;
  /** Requests per second; 0 means the version emits no series at all. */
  rps: number;
  /** Share of requests answered with code 500, in [0, 1]. */
  errorRatio: number;
  latency?: LatencyProfile;
  /** Unix seconds the version starts serving (counters are 0 here); default: the span's start. */
  start?: number;
  /** Unix seconds the version stops serving; default: the span's end. */
  end?: number;
  /**
   * Changes of the request rate, oldest first: from `at` (unix seconds) on, the version serves `rps` requests a
   * second; before the first, its own `rps`. A traffic split moving between versions (harness/mesh.ts).
   */
  rates?: readonly RateChange[];
}

/** From `at` (unix seconds) on, `rps` requests a second. */
export interface RateChange {
  at: number;
  rps: number;
}

/** A time span in unix seconds. `to` may be Infinity (the fake serves an endless stream). */
export interface Span {
  from: number;
  to: number;
}

/** One time series of the model: a counter growing at `perSecond` (then as `changes` say) over [start, end]. */
export interface Series {
  name: string;
  labels: Readonly<Record<string, string>>;
  perSecond: number;
  /** From `at` on, the counter grows at `perSecond` instead: the version's rate changes, scaled. */
  changes?: readonly { at: number; perSecond: number }[];
  /** First and last sample times, unix seconds, both on the sample grid. */
  start: number;
  end: number;
  /** Counters of request counts hold integers; `_sum` holds seconds, a float. */
  integer: boolean;
}

/** A 40-hex sha derived from a name, so fixtures are stable across runs and machines. */
export function fakeSha(name: string): string {
  return createHash("sha1").update(`phased-rollout synthetic version ${name}`).digest("hex");
}

/** Most requests fast: p99 ≈ 0.242 s. */
export const fastLatency: LatencyProfile = {
  cumulative: [0.05, 0.2, 0.5, 0.75, 0.9, 0.995, 0.999, 1, 1, 1, 1],
  meanSeconds: 0.045,
};

/** A slow version: p99 ≈ 2.33 s, well over a 0.5 s gate. */
export const slowLatency: LatencyProfile = {
  cumulative: [0.01, 0.05, 0.2, 0.4, 0.6, 0.8, 0.9, 0.95, 0.995, 1, 1],
  meanSeconds: 0.32,
};

export const healthy: Version = {
  name: "healthy",
  sha: fakeSha("healthy"),
  rps: 20,
  errorRatio: 0.002,
  latency: fastLatency,
};

/** 5% errors and slow: fails both example gates. */
export const regressed: Version = {
  name: "regressed",
  sha: fakeSha("regressed"),
  rps: 20,
  errorRatio: 0.05,
  latency: slowLatency,
};

/** Deployed but never serving: no series at all, so every query returns an empty result. */
export const silent: Version = {
  name: "silent",
  sha: fakeSha("silent"),
  rps: 0,
  errorRatio: 0,
};

/** 0.05 rps: 90 requests in 30 minutes, far under a 500-request minimum. */
export const lowTraffic: Version = {
  name: "lowTraffic",
  sha: fakeSha("lowTraffic"),
  rps: 0.05,
  errorRatio: 0.002,
  latency: fastLatency,
};

/** The version being replaced: healthy, another sha. */
export const baseline: Version = {
  name: "baseline",
  sha: fakeSha("baseline"),
  rps: 20,
  errorRatio: 0.002,
  latency: fastLatency,
};

export const fixtures = { healthy, regressed, silent, lowTraffic, baseline } as const;

/** Build a version with a derived sha; fields given override the healthy defaults. */
export function version(name: string, fields: Partial<Version> = {}): Version {
  return { ...healthy, name, sha: fakeSha(name), ...fields };
}

// ---------------------------------------------------------------------------------------
// Constant-rate expectations: what a perfect counter would count.

/** Requests and errors a version serves in `windowSeconds` at its constant rate. */
export function nominalCounts(
  v: Version,
  windowSeconds: number,
): { total: number; errors: number; ok: number } {
  const total = v.rps * windowSeconds;
  const errors = v.rps * v.errorRatio * windowSeconds;
  return { total, errors, ok: total - errors };
}

/** |increase() − nominal| bound: < 1 count per integer series, scaled by window/(window − 15 s). */
export function countTolerance(windowSeconds: number, series = 1): number {
  return (series * windowSeconds) / (windowSeconds - SAMPLE_INTERVAL_SECONDS);
}

/** The q-quantile PromQL's histogram_quantile gives for a profile with exact bucket rates. */
export function nominalQuantile(profile: LatencyProfile, q: number): number {
  return bucketQuantile(
    q,
    [...LATENCY_BUCKETS.map((le, i) => ({ le, count: profile.cumulative[i] ?? 1 }))].concat({
      le: Number.POSITIVE_INFINITY,
      count: 1,
    }),
  );
}

// ---------------------------------------------------------------------------------------
// The discrete model: series sampled every 15 s with integer counters.

function gridCeil(t: number): number {
  return Math.ceil(t / SAMPLE_INTERVAL_SECONDS) * SAMPLE_INTERVAL_SECONDS;
}

function gridFloor(t: number): number {
  return Math.floor(t / SAMPLE_INTERVAL_SECONDS) * SAMPLE_INTERVAL_SECONDS;
}

function sortedLabels(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The highest request rate a version ever serves: 0 means it emits no series at all. */
function peakRps(v: Version): number {
  return Math.max(v.rps, ...(v.rates ?? []).map((c) => c.rps));
}

/** Every series a version emits within `span`, in a stable order; none for a silent version. */
export function seriesOf(v: Version, span: Span): Series[] {
  if (peakRps(v) <= 0) return [];
  const start = gridCeil(Math.max(span.from, v.start ?? span.from));
  const endRaw = Math.min(span.to, v.end ?? span.to);
  const end = Number.isFinite(endRaw) ? gridFloor(endRaw) : Number.POSITIVE_INFINITY;
  if (end < start) return [];
  // Each series grows at the version's request rate times a fixed fraction: its code's, its bucket's.
  const s = (name: string, labels: Record<string, string>, fraction: number, integer = true): Series => ({
    name,
    labels: sortedLabels(labels),
    perSecond: v.rps * fraction,
    ...(v.rates && { changes: v.rates.map((c) => ({ at: c.at, perSecond: c.rps * fraction })) }),
    start,
    end,
    integer,
  });
  const out: Series[] = [];
  // A code that never occurs has no series, as with a real client library's labelled counter.
  if (v.errorRatio < 1) {
    out.push(s("http_requests_total", { version: v.sha, code: "200" }, 1 - v.errorRatio));
  }
  if (v.errorRatio > 0) {
    out.push(s("http_requests_total", { version: v.sha, code: "500" }, v.errorRatio));
  }
  if (v.latency) {
    const base = "http_request_duration_seconds";
    for (const [i, le] of LATENCY_BUCKETS.entries()) {
      const share = v.latency.cumulative[i] ?? 1;
      out.push(s(`${base}_bucket`, { version: v.sha, le: formatLe(le) }, share));
    }
    out.push(s(`${base}_bucket`, { version: v.sha, le: "+Inf" }, 1));
    out.push(s(`${base}_sum`, { version: v.sha }, v.latency.meanSeconds, false));
    out.push(s(`${base}_count`, { version: v.sha }, 1));
  }
  return out;
}

/** All series of all versions within a span. */
export function seriesOfAll(versions: readonly Version[], span: Span): Series[] {
  return versions.flatMap((v) => seriesOf(v, span));
}

function formatLe(le: number): string {
  if (le === Number.POSITIVE_INFINITY) return "+Inf";
  // OpenMetrics wants a canonical float for le; integral bounds keep ".0" (e.g. "1.0").
  return Number.isInteger(le) ? le.toFixed(1) : String(le);
}

/** What the counter has counted from its start to `t`: its rate integrated, through every change. */
function counted(series: Series, t: number): number {
  let total = 0;
  let from = series.start;
  let rate = series.perSecond;
  for (const c of series.changes ?? []) {
    if (c.at >= t) break;
    if (c.at > from) {
      total += rate * (c.at - from);
      from = c.at;
    }
    rate = c.perSecond;
  }
  return total + rate * Math.max(0, t - from);
}

/** The counter's value at grid time `t` (unix seconds, start ≤ t ≤ end). */
export function valueAt(series: Series, t: number): number {
  const exact = counted(series, t);
  // The epsilon keeps 0.6 * 5 (= 2.9999999999999996 in binary) from flooring to 2.
  return series.integer ? Math.floor(exact + 1e-9) : exact;
}

/** Sample times of a series within [lo, hi] (unix seconds, both inclusive), ascending. */
export function sampleTimes(series: Series, lo: number, hi: number): number[] {
  const first = gridCeil(Math.max(lo, series.start));
  const last = gridFloor(Math.min(hi, series.end));
  const out: number[] = [];
  for (let t = first; t <= last; t += SAMPLE_INTERVAL_SECONDS) out.push(t);
  return out;
}

/** The exact number of events the discrete model counts between two grid times. */
export function modelIncrease(series: Series, fromT: number, toT: number): number {
  const clamp = (t: number) => Math.min(Math.max(t, series.start), series.end);
  return valueAt(series, gridFloor(clamp(toT))) - valueAt(series, gridFloor(clamp(fromT)));
}

// ---------------------------------------------------------------------------------------
// PromQL arithmetic, as Prometheus implements it (promql/functions.go, quantile.go).

/** Prometheus's extrapolatedRate; range (at − window, at] as in v3 (v2 also takes the left edge). */
export function extrapolatedIncrease(
  series: Series,
  atMs: number,
  windowMs: number,
  isRate: boolean,
): number | undefined {
  const rangeStartMs = atMs - windowMs;
  let lo = rangeStartMs / 1000;
  if (Number.isInteger(lo) && lo % SAMPLE_INTERVAL_SECONDS === 0) lo += 0.001;
  const times = sampleTimes(series, lo, atMs / 1000);
  if (times.length < 2) return undefined;
  const firstT = times[0] as number;
  const lastT = times[times.length - 1] as number;
  const firstV = valueAt(series, firstT);
  // Model counters never reset, so the counter-reset correction of Prometheus is a no-op.
  const result = valueAt(series, lastT) - firstV;
  let durationToStart = (firstT * 1000 - rangeStartMs) / 1000;
  const durationToEnd = (atMs - lastT * 1000) / 1000;
  const sampledInterval = lastT - firstT;
  const averageBetweenSamples = sampledInterval / (times.length - 1);
  if (result > 0 && firstV >= 0) {
    // A counter cannot go below zero: don't extrapolate past the point where it would.
    const durationToZero = sampledInterval * (firstV / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  const threshold = averageBetweenSamples * 1.1;
  let extrapolateTo = sampledInterval;
  extrapolateTo += durationToStart < threshold ? durationToStart : averageBetweenSamples / 2;
  extrapolateTo += durationToEnd < threshold ? durationToEnd : averageBetweenSamples / 2;
  let factor = extrapolateTo / sampledInterval;
  if (isRate) factor /= windowMs / 1000;
  return result * factor;
}

export interface Bucket {
  le: number;
  count: number;
}

/** Prometheus's bucketQuantile for classic histograms (linear interpolation in a bucket). */
export function bucketQuantile(q: number, input: readonly Bucket[]): number {
  if (Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const sorted = [...input].sort((a, b) => a.le - b.le);
  const last = sorted[sorted.length - 1];
  if (!last || last.le !== Number.POSITIVE_INFINITY) return Number.NaN;
  // Coalesce equal bounds, then force monotonic counts, as Prometheus does.
  const buckets: Bucket[] = [];
  for (const b of sorted) {
    const prev = buckets[buckets.length - 1];
    if (prev && prev.le === b.le) prev.count += b.count;
    else buckets.push({ ...b });
  }
  let max = Number.NEGATIVE_INFINITY;
  for (const b of buckets) {
    if (b.count > max) max = b.count;
    else b.count = max;
  }
  if (buckets.length < 2) return Number.NaN;
  const observations = (buckets[buckets.length - 1] as Bucket).count;
  if (observations === 0) return Number.NaN;
  let rank = q * observations;
  let b = buckets.findIndex((x, i) => i < buckets.length - 1 && x.count >= rank);
  if (b === -1) b = buckets.length - 1;
  if (b === buckets.length - 1) return (buckets[buckets.length - 2] as Bucket).le;
  const bucket = buckets[b] as Bucket;
  if (b === 0 && bucket.le <= 0) return bucket.le;
  let bucketStart = 0;
  let count = bucket.count;
  if (b > 0) {
    const prev = buckets[b - 1] as Bucket;
    bucketStart = prev.le;
    count -= prev.count;
    rank -= prev.count;
  }
  return bucketStart + (bucket.le - bucketStart) * (rank / count);
}

// ---------------------------------------------------------------------------------------
// Predictions for the gate queries over the discrete model (what a real Prometheus answers).

export type CodeFilter = "all" | "5xx" | "non5xx";

function codeMatches(code: string | undefined, filter: CodeFilter): boolean {
  if (filter === "all") return true;
  const is5xx = code !== undefined && /^5..$/.test(code);
  return filter === "5xx" ? is5xx : !is5xx;
}

/** What `sum(increase(http_requests_total{version=..,code..}[w]))` gives; undefined = empty. */
export function predictedIncrease(
  v: Version,
  span: Span,
  at: number,
  windowSeconds: number,
  codes: CodeFilter = "all",
): number | undefined {
  let sum: number | undefined;
  for (const s of seriesOf(v, span)) {
    if (s.name !== "http_requests_total" || !codeMatches(s.labels.code, codes)) continue;
    const inc = extrapolatedIncrease(s, Math.round(at * 1000), windowSeconds * 1000, false);
    if (inc !== undefined) sum = (sum ?? 0) + inc;
  }
  return sum;
}

/** What the p-quantile gate query gives; undefined = empty result, NaN = no requests. */
export function predictedQuantile(
  v: Version,
  span: Span,
  at: number,
  windowSeconds: number,
  q: number,
): number | undefined {
  const buckets: Bucket[] = [];
  for (const s of seriesOf(v, span)) {
    if (s.name !== "http_request_duration_seconds_bucket") continue;
    const r = extrapolatedIncrease(s, Math.round(at * 1000), windowSeconds * 1000, true);
    if (r !== undefined) buckets.push({ le: parseLe(s.labels.le ?? ""), count: r });
  }
  return buckets.length === 0 ? undefined : bucketQuantile(q, buckets);
}

export function parseLe(le: string): number {
  return le === "+Inf" ? Number.POSITIVE_INFINITY : Number(le);
}

// ---------------------------------------------------------------------------------------
// OpenMetrics writer (input of `promtool tsdb create-blocks-from openmetrics`).

function labelText(labels: Readonly<Record<string, string>>): string {
  const parts = Object.entries(labels).map(
    ([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`,
  );
  return `{${parts.join(",")}}`;
}

/** OpenMetrics for promtool: series contiguous, time ascending, a histogram's point kept together. */
export function renderOpenMetrics(versions: readonly Version[], span: Span): string {
  if (!Number.isFinite(span.to)) throw new Error("renderOpenMetrics needs a finite span.to");
  const all = seriesOfAll(versions, span);
  const lines: string[] = [];
  const counters = all.filter((s) => s.name === "http_requests_total");
  lines.push("# TYPE http_requests counter", "# HELP http_requests Requests served.");
  for (const s of counters) {
    const l = labelText(s.labels);
    for (const t of sampleTimes(s, s.start, s.end)) {
      lines.push(`http_requests_total${l} ${valueAt(s, t)} ${t}`);
    }
  }
  const hist = all.filter((s) => s.name.startsWith("http_request_duration_seconds_"));
  if (hist.length > 0) {
    lines.push(
      "# TYPE http_request_duration_seconds histogram",
      "# HELP http_request_duration_seconds Request latency.",
    );
    const byVersion = new Map<string, Series[]>();
    for (const s of hist) {
      const key = s.labels.version ?? "";
      byVersion.set(key, [...(byVersion.get(key) ?? []), s]);
    }
    for (const group of byVersion.values()) {
      const first = group[0] as Series;
      for (const t of sampleTimes(first, first.start, first.end)) {
        for (const s of group) lines.push(`${s.name}${labelText(s.labels)} ${valueAt(s, t)} ${t}`);
      }
    }
  }
  lines.push("# EOF", "");
  return lines.join("\n");
}
