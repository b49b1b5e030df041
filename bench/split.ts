// Monte Carlo proof of the traffic-split check (src/stats/split.ts, docs/statistics.md "The traffic-split
// check"): seeded simulations of whole rollouts in which users — not requests — are assigned to the canary, users
// make very different numbers of requests, and after every transition the previous split still shows for a few
// minutes. Every workflow run is a look.
//
// Per row (a stage plan, a traffic rate, a population of users):
//   - false alarms on correctly applied rollouts: with the check as configured (the population's dispersion, the
//     default settling period), with every stage held 3× as long, and — on the same rollouts — with requests
//     treated as independent (dispersion 1), without the settling allowance, and at the default dispersion;
//   - for mis-applied splits — the apply step failed (the canary stuck at the previous stage's share from a
//     random stage on), twice the plan, half of it, canary at 0 — the share of rollouts caught and the median
//     looks to catch it.
// `runSplitBench()` returns the tables; run directly (`node bench/split.ts`) it prints them and merges them into
// bench-results.json under "split"; `--markdown` prints docs/statistics.md's tables from the last run;
// SPLIT_ROLLOUTS=n runs a smaller version without touching the file. Exits 1 when the check as configured raises
// more than 1 − confidence false alarms in any row, or checkSplit() disagrees with the bench's own sums.

import { cpus } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { binomial, mixSeed, poisson, Random } from "../harness/random.ts";
import {
  checkSplit,
  DEFAULT_SETTLE_SECONDS,
  DEFAULT_SPLIT_DISPERSION,
  DEFAULT_SPLIT_TOLERANCE,
  type EdgeTerms,
  edgeTerms,
  effectiveCounts,
  reachesThreshold,
  SPLIT_MIXTURE,
  splitThreshold,
  windowEdges,
} from "../src/stats/split.ts";
import { mergeResults, readResults, RESULTS } from "./results.ts";

const SELF = fileURLToPath(import.meta.url);

export const SEED = 20_260_714;
export const ROLLOUTS = 10_000;
/** Workflow runs every 5 minutes (GitHub's shortest schedule), 10 per stage: a stage lasts 50 minutes. */
export const LOOK_MINUTES = 5;
export const LOOKS_PER_STAGE = 10;
/** The "held" scenario: every stage held this many times as long (more looks, longer windows). */
export const HELD = 3;
/**
 * The transient after each transition: the previous split holds for an apply delay drawn uniformly from 0 to
 * 4 minutes, then moves linearly to the new one over 2 minutes (sticky sessions draining) — at most 6 minutes,
 * inside the default settling allowance of 10.
 */
export const APPLY_DELAY_MINUTES = 4;
export const DRAIN_MINUTES = 2;
/** Every population makes 20 requests per user per hour on average; they differ in how the load is spread. */
export const MEAN_REQUESTS_PER_USER_HOUR = 20;
export const CONFIDENCE = 0.95;
/** checkSplit() itself is run at every look of this many rollouts per scenario, and must agree. */
const CROSS_CHECKS = 3;

export type Users = "equal" | "lognormal" | "pareto";
export const USERS_LABEL: Record<Users, string> = {
  equal: "equal users",
  lognormal: "lognormal users",
  pareto: "Pareto users",
};

export interface Row {
  name: string;
  /** Canary percent per stage. */
  plan: number[];
  requestsPerSecond: number;
  users: Users;
}

const PLANS = [
  [1, 5, 25, 50, 100],
  [10, 50, 100],
  [2, 10, 100],
];

export const ROWS: Row[] = PLANS.flatMap((plan) =>
  [10, 200].flatMap((requestsPerSecond) =>
    (["equal", "lognormal", "pareto"] as const).map((users) => ({
      name: `${plan.join("-")}, ${requestsPerSecond} req/s, ${USERS_LABEL[users]}`,
      plan,
      requestsPerSecond,
      users,
    })),
  ),
);

export type Misapplication = "stuck" | "double" | "half" | "zero";
export const MISAPPLICATIONS: readonly Misapplication[] = ["stuck", "double", "half", "zero"];
export const MISAPPLICATION_LABELS: Record<Misapplication, string> = {
  stuck: "apply step failed",
  double: "2× the plan",
  half: "½× the plan",
  zero: "canary at 0",
};

/** The statistics compared on correctly applied rollouts; `configured` is the check as the docs set it up. */
export type Variant = "configured" | "independent" | "noSettling" | "defaultDispersion";
const VARIANTS: readonly Variant[] = ["configured", "independent", "noSettling", "defaultDispersion"];

// ---------------------------------------------------------------------------------------
// Users.

/** Users grouped into classes of equal request rate (per second): exact for the sums the simulation needs. */
export interface Population {
  rates: Float64Array;
  counts: Int32Array;
  /** All users' requests per second. */
  total: number;
  users: number;
  /** φ over an hour: Σ(w + w²) / Σ w with w a user's requests per hour — what the docs ask users to measure. */
  dispersion: number;
  /** The busiest user's share of all requests. */
  topUserShare: number;
}

/** The standard normal quantile function (Acklam's rational approximation, relative error below 1.2e-9). */
function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const poly = (k: number[], x: number) => k.reduce((acc, v) => acc * x + v, 0);
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - 0.02425) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

/**
 * The row's users: `equal` all at the mean rate; `lognormal` with σ = 1.5 (moderately skewed); `pareto` with
 * tail index 1.3 (heavy-tailed: a few users carry much of the traffic). Rates sit at the distribution's
 * quantiles (i − ½)/n, so a population is the same in every row with its traffic, and scaled to the row's
 * requests per second exactly. The busiest 64 users keep their own class; the rest share classes 10% apart in
 * rate, at their mean rate.
 */
export function population(users: Users, requestsPerSecond: number): Population {
  const n = Math.round((requestsPerSecond * 3600) / MEAN_REQUESTS_PER_USER_HOUR);
  const perHour = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = (i + 0.5) / n;
    if (users === "equal") perHour[i] = 1;
    else if (users === "lognormal") perHour[i] = Math.exp(1.5 * normalQuantile(u));
    else perHour[i] = 1 / Math.pow(1 - u, 1 / 1.3);
  }
  const sum = perHour.reduce((a, b) => a + b, 0);
  for (let i = 0; i < n; i++) perHour[i] = ((perHour[i] as number) * requestsPerSecond * 3600) / sum;
  const classes = new Map<number, { rate: number; count: number }>();
  for (let i = 0; i < n; i++) {
    const w = perHour[i] as number;
    const key = users !== "equal" && i >= n - 64 ? -1 - i : Math.round(Math.log(w) / Math.log(1.1));
    const c = classes.get(key) ?? { rate: 0, count: 0 };
    c.rate += w;
    c.count += 1;
    classes.set(key, c);
  }
  const list = [...classes.values()];
  const rates = Float64Array.from(list, (c) => c.rate / c.count / 3600);
  const counts = Int32Array.from(list, (c) => c.count);
  let total = 0;
  let squares = 0;
  let top = 0;
  rates.forEach((r, k) => {
    const w = r * 3600;
    total += w * (counts[k] as number);
    squares += w * w * (counts[k] as number);
    top = Math.max(top, w);
  });
  return {
    rates,
    counts,
    total: total / 3600,
    users: n,
    dispersion: 1 + squares / total,
    topUserShare: top / total,
  };
}

/**
 * The canary's request rate at each share, for one rollout: users are hashed to the canary once, and a share
 * takes every user below it (a user in at 5% stays in at 25%), so the draws are nested binomials per class.
 */
function canaryRates(pop: Population, shares: readonly number[], rng: Random): Map<number, number> {
  const sorted = [...new Set(shares)].sort((a, b) => a - b);
  const inCanary = new Int32Array(pop.counts.length);
  const out = new Map<number, number>();
  let drawnAt = 0;
  let rate = 0;
  for (const q of sorted) {
    if (q >= 1) {
      out.set(q, pop.total);
      continue;
    }
    if (q > drawnAt) {
      const p = (q - drawnAt) / (1 - drawnAt);
      for (let k = 0; k < inCanary.length; k++) {
        const more = binomial(rng, (pop.counts[k] as number) - (inCanary[k] as number), p);
        inCanary[k] = (inCanary[k] as number) + more;
        rate += more * (pop.rates[k] as number);
      }
      drawnAt = q;
    }
    out.set(q, rate);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Rollouts.

/** ∫₀ˣ of the share of the way from the old split to the new one, in minutes: 0 until the delay, then a ramp. */
function movedMinutes(x: number, delay: number): number {
  if (x <= delay) return 0;
  if (x <= delay + DRAIN_MINUTES) return (x - delay) ** 2 / (2 * DRAIN_MINUTES);
  return DRAIN_MINUTES / 2 + (x - delay - DRAIN_MINUTES);
}

interface Scenario {
  /** The share the traffic layer applies at each stage (index), given the plan's shares. */
  applied: (stage: number) => number;
  /** Looks are counted from this stage's start (the mis-application's). */
  from: number;
  looksPerStage: number;
  variants: readonly Variant[];
}

/** Per variant: the look (1-based, counted from the scenario's `from` stage) of the first alarm, or 0. */
type Outcome = Record<Variant, number>;

interface Statistic {
  dispersion: number;
  settleSeconds: number;
}

function statisticOf(variant: Variant, pop: Population): Statistic {
  switch (variant) {
    case "configured":
      return { dispersion: pop.dispersion, settleSeconds: DEFAULT_SETTLE_SECONDS };
    case "independent":
      return { dispersion: 1, settleSeconds: DEFAULT_SETTLE_SECONDS };
    case "noSettling":
      return { dispersion: pop.dispersion, settleSeconds: 0 };
    case "defaultDispersion":
      return { dispersion: DEFAULT_SPLIT_DISPERSION, settleSeconds: DEFAULT_SETTLE_SECONDS };
  }
}

function simulate(
  row: Row,
  pop: Population,
  scenario: Scenario,
  rollouts: number,
  seed: number,
  crossChecks: number,
): Outcome[] {
  const rng = new Random(seed);
  const plan = row.plan.map((p) => p / 100);
  const threshold = splitThreshold(plan.length, CONFIDENCE);
  const logThreshold = Math.log(threshold);
  const statistics = scenario.variants.map((v) => statisticOf(v, pop));
  // The edges of each stage do not depend on the data: their terms are computed once.
  const terms = plan.map((q, s) => {
    const e = windowEdges(q, s === 0 ? 0 : (plan[s - 1] as number), DEFAULT_SPLIT_TOLERANCE);
    return {
      above: e.above.edge < 1 ? edgeTerms(e.above.edge, e.above.settlingEdge, "above") : null,
      below: e.below.edge > 0 ? edgeTerms(e.below.edge, e.below.settlingEdge, "below") : null,
    };
  });
  const scratch = new Float64Array(SPLIT_MIXTURE.theta.length);
  const alarms = (counts: ReturnType<typeof effectiveCounts>, t: EdgeTerms | null): boolean =>
    t !== null && reachesThreshold(counts, t, logThreshold, SPLIT_MIXTURE, scratch);
  const lookSeconds = LOOK_MINUTES * 60;
  const outcomes: Outcome[] = [];
  for (let i = 0; i < rollouts; i++) {
    const applied = plan.map((_, s) => scenario.applied(s));
    const rates = canaryRates(pop, [0, ...applied], rng);
    const outcome = Object.fromEntries(scenario.variants.map((v) => [v, 0])) as Outcome;
    const check = i < crossChecks;
    const history: { stage: number; canary: number; baseline: number; seconds: number }[] = [];
    let before = 0;
    let look = 0;
    let pastAlarm = false;
    for (let s = 0; s < plan.length; s++) {
      const after = rates.get(applied[s] as number) as number;
      const delay = APPLY_DELAY_MINUTES * rng.next();
      let canary = 0;
      let baseline = 0;
      for (let k = 1; k <= scenario.looksPerStage; k++) {
        const moved = movedMinutes(k * LOOK_MINUTES, delay) - movedMinutes((k - 1) * LOOK_MINUTES, delay);
        const canaryMean = 60 * (before * LOOK_MINUTES + (after - before) * moved);
        const c = poisson(rng, canaryMean);
        canary += c;
        baseline += poisson(rng, Math.max(0, pop.total * lookSeconds - canaryMean));
        if (s < scenario.from) continue;
        look++;
        const seconds = k * lookSeconds;
        const t = terms[s] as (typeof terms)[number];
        statistics.forEach((stat, v) => {
          const variant = scenario.variants[v] as Variant;
          if (outcome[variant] > 0) return;
          const counts = effectiveCounts(canary, baseline, seconds, stat);
          if (alarms(counts, t.above) || alarms(counts, t.below)) outcome[variant] = look;
        });
        if (check) {
          // checkSplit() over every window so far, as the gate would call it, must agree with the sums above on
          // the first variant, look by look: a mismatch now in this window, or at the end of an earlier one.
          const stat = statistics[0] as Statistic;
          const counts = effectiveCounts(canary, baseline, seconds, stat);
          const now = alarms(counts, t.above) || alarms(counts, t.below);
          if (k === scenario.looksPerStage) pastAlarm ||= now;
          const d = checkSplit({
            plan,
            windows: [...history, { stage: s + 1, canary, baseline, seconds }],
            confidence: CONFIDENCE,
            ...stat,
          });
          if ((d.verdict === "mismatch") !== (now || pastAlarm)) {
            throw new Error(
              `${row.name}: checkSplit() says ${d.verdict} at look ${look} where the bench's sums say ` +
                (now || pastAlarm ? "mismatch" : "no mismatch"),
            );
          }
        }
      }
      history.push({ stage: s + 1, canary, baseline, seconds: scenario.looksPerStage * lookSeconds });
      before = after;
    }
    outcomes.push(outcome);
  }
  return outcomes;
}

/** The median, or null when there are none. */
function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface Caught {
  /** Share of the rollouts with a mismatch at some look after the mis-application began. */
  caught: number;
  /** Median looks (runs, 5 minutes apart) from the mis-application to the mismatch, over the caught ones. */
  medianLooks: number | null;
}

export interface RowResult {
  row: Row;
  users: number;
  dispersion: number;
  topUserShare: number;
  /** Share of correctly applied rollouts with a mismatch at some look. */
  falseAlarms: Record<Variant, number> & { held: number };
  misapplied: Record<Misapplication, Caught>;
  seconds: number;
}

export function runRow(row: Row, rowIndex: number, rollouts: number, crossChecks = CROSS_CHECKS): RowResult {
  const started = performance.now();
  const pop = population(row.users, row.requestsPerSecond);
  const plan = row.plan.map((p) => p / 100);
  const seed = (s: number) => mixSeed(SEED, rowIndex, s + 1);
  const correct = (s: number) => plan[s] as number;

  const share = (outcomes: Outcome[]) => outcomes.filter((o) => o.configured > 0).length / outcomes.length;
  const all = simulate(
    row,
    pop,
    { applied: correct, from: 0, looksPerStage: LOOKS_PER_STAGE, variants: VARIANTS },
    rollouts,
    seed(0),
    crossChecks,
  );
  const held = simulate(
    row,
    pop,
    { applied: correct, from: 0, looksPerStage: HELD * LOOKS_PER_STAGE, variants: ["configured"] },
    rollouts,
    seed(1),
    crossChecks,
  );
  const falseAlarms = {
    ...(Object.fromEntries(
      VARIANTS.map((v) => [v, all.filter((o) => o[v] > 0).length / all.length]),
    ) as Record<Variant, number>),
    held: share(held),
  };

  const misapplied = Object.fromEntries(
    MISAPPLICATIONS.map((m, i) => {
      let outcomes: Outcome[];
      if (m === "stuck") {
        // The apply step fails from a random stage k ≥ 2 on: the canary keeps the share of stage k − 1.
        // Each failing stage gets an equal part of the rollouts, each part its own seeded stream.
        const parts = plan.length - 1;
        outcomes = [];
        for (let k = 1; k <= parts; k++) {
          const n = Math.floor((rollouts * k) / parts) - Math.floor((rollouts * (k - 1)) / parts);
          const applied = (s: number) => (s < k ? (plan[s] as number) : (plan[k - 1] as number));
          outcomes.push(
            ...simulate(
              row,
              pop,
              { applied, from: k, looksPerStage: LOOKS_PER_STAGE, variants: ["configured"] },
              n,
              mixSeed(SEED, rowIndex, 100 + k),
              // checkSplit() also judges the stages before the failure, which these sums leave out.
              0,
            ),
          );
        }
      } else {
        const factor = m === "double" ? 2 : m === "half" ? 0.5 : 0;
        const applied = (s: number) => Math.min(1, factor * (plan[s] as number));
        outcomes = simulate(
          row,
          pop,
          { applied, from: 0, looksPerStage: LOOKS_PER_STAGE, variants: ["configured"] },
          rollouts,
          seed(2 + i),
          crossChecks,
        );
      }
      const looks = outcomes.map((o) => o.configured).filter((l) => l > 0);
      return [m, { caught: looks.length / outcomes.length, medianLooks: median(looks) }];
    }),
  ) as Record<Misapplication, Caught>;

  return {
    row,
    users: pop.users,
    dispersion: pop.dispersion,
    topUserShare: pop.topUserShare,
    falseAlarms,
    misapplied,
    seconds: (performance.now() - started) / 1000,
  };
}

// ---------------------------------------------------------------------------------------
// Orchestration: rows spread over worker threads, one per CPU.

interface Task {
  rowIndex: number;
  rollouts: number;
}

function workerLoop(): void {
  const port = parentPort;
  if (!port) return;
  port.on("message", (task: Task | null) => {
    if (task === null) {
      port.close();
      return;
    }
    port.postMessage(runRow(ROWS[task.rowIndex] as Row, task.rowIndex, task.rollouts));
  });
}

export interface SplitBench {
  timestamp: string;
  node: string;
  cpus: number;
  threads: number;
  seed: number;
  rolloutsPerScenario: number;
  looksPerStage: number;
  lookMinutes: number;
  held: number;
  confidence: number;
  tolerance: number;
  settleSeconds: number;
  defaultDispersion: number;
  rows: RowResult[];
  checks: { passed: boolean; problems: string[] };
  seconds: number;
}

/** What `bench` exits 1 on: the check as configured above 1 − confidence false alarms in some row. */
export function problemsOf(rows: readonly RowResult[]): string[] {
  const alpha = 1 - CONFIDENCE;
  const problems: string[] = [];
  for (const r of rows) {
    for (const key of ["configured", "held"] as const) {
      if (r.falseAlarms[key] > alpha) {
        problems.push(`${r.row.name}: ${key} false alarms ${pct(r.falseAlarms[key])} (> ${pct(alpha)})`);
      }
    }
  }
  return problems;
}

export async function runSplitBench(
  options: { rollouts?: number; threads?: number } = {},
): Promise<SplitBench> {
  const started = performance.now();
  const rollouts = options.rollouts ?? ROLLOUTS;
  const threads = Math.max(1, Math.min(options.threads ?? cpus().length, ROWS.length));
  const results: RowResult[] = new Array<RowResult>(ROWS.length);
  // Longest rows first (more stages, more traffic), so the threads finish together.
  const cost = (r: Row) => r.plan.length * (r.requestsPerSecond > 50 ? 2 : 1);
  const queue = ROWS.map((_, i) => i).sort((a, b) => cost(ROWS[b] as Row) - cost(ROWS[a] as Row));
  await Promise.all(
    Array.from({ length: threads }, () => {
      const worker = new Worker(SELF, { workerData: { splitWorker: true } });
      return new Promise<void>((resolvePromise, reject) => {
        let current = -1;
        const feed = () => {
          const next = queue.shift();
          if (next === undefined) {
            worker.postMessage(null);
            return;
          }
          current = next;
          worker.postMessage({ rowIndex: next, rollouts } satisfies Task);
        };
        worker.on("message", (result: RowResult) => {
          results[current] = result;
          feed();
        });
        worker.on("error", reject);
        worker.on("exit", (code) => {
          if (code === 0) resolvePromise();
          else reject(new Error(`split worker exited with code ${code}`));
        });
        feed();
      });
    }),
  );
  const problems = problemsOf(results);
  return {
    timestamp: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    threads,
    seed: SEED,
    rolloutsPerScenario: rollouts,
    looksPerStage: LOOKS_PER_STAGE,
    lookMinutes: LOOK_MINUTES,
    held: HELD,
    confidence: CONFIDENCE,
    tolerance: DEFAULT_SPLIT_TOLERANCE,
    settleSeconds: DEFAULT_SETTLE_SECONDS,
    defaultDispersion: DEFAULT_SPLIT_DISPERSION,
    rows: results,
    checks: { passed: problems.length === 0, problems },
    seconds: (performance.now() - started) / 1000,
  };
}

// ---------------------------------------------------------------------------------------
// Printing and merging.

function pct(x: number): string {
  return `${(x * 100).toFixed(x < 0.1 ? 2 : 1)}%`;
}

function looks(x: number | null): string {
  return x === null ? "–" : String(Math.round(x * 10) / 10);
}

function dispersionCell(r: RowResult): string {
  return Math.round(r.dispersion).toLocaleString("en-US");
}

const FALSE_ALARM_HEADER = [
  "row",
  "φ",
  "busiest user",
  "false alarms",
  `held ${HELD}×`,
  "requests independent (φ = 1)",
  "no settling allowance",
  `default φ = ${DEFAULT_SPLIT_DISPERSION}`,
];

function falseAlarmCells(r: RowResult): string[] {
  return [
    r.row.name,
    dispersionCell(r),
    pct(r.topUserShare),
    pct(r.falseAlarms.configured),
    pct(r.falseAlarms.held),
    pct(r.falseAlarms.independent),
    pct(r.falseAlarms.noSettling),
    pct(r.falseAlarms.defaultDispersion),
  ];
}

const MISAPPLIED_HEADER = ["row", ...MISAPPLICATIONS.flatMap((m) => [MISAPPLICATION_LABELS[m], "looks"])];

function misappliedCells(r: RowResult): string[] {
  return [
    r.row.name,
    ...MISAPPLICATIONS.flatMap((m) => [pct(r.misapplied[m].caught), looks(r.misapplied[m].medianLooks)]),
  ];
}

function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join("  "),
    )
    .map((line) => `  ${line.trimEnd()}`)
    .join("\n");
}

export function formatSplitBench(bench: SplitBench): string {
  return [
    "False alarms on correctly applied rollouts (share of rollouts with a mismatch at some look):",
    table([FALSE_ALARM_HEADER, ...bench.rows.map(falseAlarmCells)]),
    "",
    "Mis-applied splits: share of rollouts caught, and median looks (runs 5 minutes apart) to catch them:",
    table([MISAPPLIED_HEADER, ...bench.rows.map(misappliedCells)]),
    "",
    ...bench.rows.map(
      (r) => `  ${r.row.name}: ${r.users.toLocaleString("en-US")} users, ${r.seconds.toFixed(1)} s`,
    ),
    "",
  ].join("\n");
}

function mdTable(rows: string[][], align: ("l" | "r")[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length, 3)));
  const pad = (cell: string, i: number) =>
    align[i] === "r" ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0);
  const rule = widths.map((w, i) => (align[i] === "r" ? `${"-".repeat(w - 1)}:` : "-".repeat(w)));
  const [head, ...body] = rows;
  return [head ?? [], rule, ...body].map((r) => `| ${r.map(pad).join(" | ")} |`).join("\n");
}

/** The tables of docs/statistics.md, from a bench result (`node bench/split.ts --markdown`). */
export function markdownSplitBench(bench: SplitBench): string {
  const right = (n: number) => Array.from({ length: n }, () => "r" as const);
  return [
    mdTable(
      [FALSE_ALARM_HEADER, ...bench.rows.map(falseAlarmCells)],
      ["l", ...right(FALSE_ALARM_HEADER.length - 1)],
    ),
    "",
    mdTable(
      [MISAPPLIED_HEADER, ...bench.rows.map(misappliedCells)],
      ["l", ...right(MISAPPLIED_HEADER.length - 1)],
    ),
    "",
  ].join("\n");
}

async function main(): Promise<void> {
  if (process.argv.includes("--markdown")) {
    const saved = readResults().split as SplitBench | undefined;
    if (!saved) throw new Error(`${RESULTS} has no "split": run node bench/split.ts first`);
    console.log(markdownSplitBench(saved));
    return;
  }
  const env = process.env.SPLIT_ROLLOUTS;
  const rollouts = env ? Number(env) : ROLLOUTS;
  console.log(
    `Traffic-split check Monte Carlo: ${rollouts.toLocaleString("en-US")} rollouts per scenario, ` +
      `${LOOKS_PER_STAGE} looks per stage ${LOOK_MINUTES} minutes apart, per-user assignment, the previous ` +
      `split showing for up to ${APPLY_DELAY_MINUTES + DRAIN_MINUTES} minutes after each transition; ` +
      `split-tolerance ${DEFAULT_SPLIT_TOLERANCE}, confidence ${CONFIDENCE}, seed ${SEED}, ${cpus().length} CPU(s)\n`,
  );
  const bench = await runSplitBench({ rollouts });
  console.log(formatSplitBench(bench));
  console.log(`total ${bench.seconds.toFixed(1)} s on ${bench.threads} thread(s)`);
  if (env === undefined) {
    mergeResults("split", bench);
    console.log(`merged into ${RESULTS} under "split"`);
  }
  if (!bench.checks.passed) {
    console.error(bench.checks.problems.join("\n"));
    process.exitCode = 1;
  }
}

const data = workerData as { splitWorker?: boolean } | null;
if (!isMainThread && data?.splitWorker) workerLoop();
else if (isMainThread && process.argv[1] && resolve(process.argv[1]) === SELF) await main();
