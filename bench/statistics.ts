// Monte Carlo proof of the sequential canary judge (src/stats, docs/statistics.md): seeded simulations of
// whole rollouts, every workflow run a look, judged side by side by
//   (a) the sequential judge (src/stats: mixture e-value against r ≤ 1 + max-increase, rollback at
//       1 / (1 − confidence));
//   (b) a fixed threshold on the canary's error rate in the stage's window (the count gate's
//       max-error-rate + min-requests), tuned per row on rollouts of its own so that its false-rollback rate
//       is the judge's target 1 − confidence: at r = 1 + max-increase (the least healthy release the
//       judge's guarantee covers) and, for reference, at r = 1; min-requests is tuned too;
//   (c) a one-sided z-test of the stage's window against r = 1 + max-increase, level 1 − confidence, every
//       look;
//   (d) the same z-test on everything since the rollout started (stratified by stage), every look.
// Per row: the share of rollouts rolled back — healthy (r = 1), at the edge of what is tolerated
// (r = 1 + max-increase), and regressions 1.5×, 2×, 3× — and the canary requests served before the
// rollback. `runStatisticsBench()` returns the table; run directly (`node bench/statistics.ts`), it prints
// it and merges it into bench-results.json under "statistics". Exits 1 when the judge breaks its bound in
// any row, or fails to catch 2× regressions sooner than the tuned fixed thresholds in a main row.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { judge } from "../src/stats/judge.ts";
import { binomial, mixSeed, poisson, Random } from "../src/stats/random.ts";
import {
  addWindowLogLikelihoodRatios,
  DEFAULT_MIXTURE,
  logMixture,
  type WindowCounts,
} from "../src/stats/sequential.ts";

const SELF = fileURLToPath(import.meta.url);
const RESULTS = join(resolve(import.meta.dirname, ".."), "bench-results.json");

export const SEED = 20_260_601;
export const ROLLOUTS = 10_000;
export const RUNS_PER_STAGE = 10;
/** Ratios of the canary's error rate to the baseline's that are regressions to catch. */
export const REGRESSIONS = [1.5, 2, 3] as const;
/** min-requests candidates for the fixed threshold; per row, the one that catches 2× soonest is kept. */
const MIN_REQUESTS_CANDIDATES = [1, 100, 300, 1000, 3000, 10_000, 30_000];
const Z_CRITICAL_95 = 1.6448536269514722;
/** The z-tests' normal approximation is used only with ≥ 5 expected errors on each side, as textbooks ask. */
const Z_MIN_EXPECTED = 5;
/** judge() itself is run at every look of this many rollouts per scenario, and must agree. */
const CROSS_CHECKS = 5;

export interface Row {
  name: string;
  /** Canary traffic percent per stage; a 100% stage leaves no baseline to compare with. */
  plan: number[];
  /** Requests per second to the service, both versions together. */
  requestsPerSecond: number;
  /** Minutes between workflow runs (looks). */
  runMinutes: number;
  /** The baseline's error rate: nominal value. */
  baselineErrorRate: number;
  /**
   * Day-to-day variation: each rollout's baseline error rate is drawn log-uniformly between
   * nominal / spread and nominal × spread (1: always the nominal, known in advance).
   */
  spread: number;
  maxIncrease: number;
  confidence: number;
  /** Main rows are held to the 2× comparison; reference rows show the fixed threshold's best case. */
  kind: "main" | "reference";
}

const PLAN = [1, 5, 25, 50, 100];
const common = { runMinutes: 10, maxIncrease: 0.2, confidence: 0.95 };

export const ROWS: Row[] = [
  {
    name: "1-5-25-50-100, 10 req/s, 0.1% ×/÷ 2",
    plan: PLAN,
    requestsPerSecond: 10,
    baselineErrorRate: 0.001,
    spread: 2,
    kind: "main",
    ...common,
  },
  {
    name: "1-5-25-50-100, 10 req/s, 1% ×/÷ 2",
    plan: PLAN,
    requestsPerSecond: 10,
    baselineErrorRate: 0.01,
    spread: 2,
    kind: "main",
    ...common,
  },
  {
    name: "1-5-25-50-100, 10 req/s, 5% ×/÷ 2",
    plan: PLAN,
    requestsPerSecond: 10,
    baselineErrorRate: 0.05,
    spread: 2,
    kind: "main",
    ...common,
  },
  {
    name: "1-5-25-50-100, 200 req/s, 0.1% ×/÷ 2",
    plan: PLAN,
    requestsPerSecond: 200,
    baselineErrorRate: 0.001,
    spread: 2,
    kind: "main",
    ...common,
  },
  {
    name: "10-50-100, 10 req/s, 1% ×/÷ 2",
    plan: [10, 50, 100],
    requestsPerSecond: 10,
    baselineErrorRate: 0.01,
    spread: 2,
    kind: "main",
    ...common,
  },
  {
    name: "2-10-100, 50 req/s, 0.5% ×/÷ 2",
    plan: [2, 10, 100],
    requestsPerSecond: 50,
    baselineErrorRate: 0.005,
    spread: 2,
    kind: "main",
    ...common,
  },
  {
    name: "1-5-25-50-100, 10 req/s, 1% constant",
    plan: PLAN,
    requestsPerSecond: 10,
    baselineErrorRate: 0.01,
    spread: 1,
    kind: "reference",
    ...common,
  },
  {
    name: "1-5-25-50-100, 200 req/s, 0.1% constant",
    plan: PLAN,
    requestsPerSecond: 200,
    baselineErrorRate: 0.001,
    spread: 1,
    kind: "reference",
    ...common,
  },
];

export type Method = "sequential" | "fixedEdge" | "fixedHealthy" | "windowZ" | "cumulativeZ";
export const METHODS: readonly Method[] = [
  "sequential",
  "fixedEdge",
  "fixedHealthy",
  "windowZ",
  "cumulativeZ",
];

interface Rule {
  minRequests: number;
  /** Roll back when the window's error rate is above this. */
  threshold: number;
}

interface Outcome {
  /** Canary requests served before each method rolled back, or −1. */
  rolledBack: Record<Method, number>;
  /** Sequential judge: canary requests served before its first `pass`, or −1. */
  passed: number;
  /** Per min-requests candidate: the largest window error rate looked at (calibration). */
  maxRate: Float64Array;
  /** Per rule of SimulationOptions.rules: canary requests served before it fired, or −1 (tuning). */
  ruleFired: Float64Array;
}

interface SimulationOptions {
  row: Row;
  ratio: number;
  rules: readonly Rule[];
  fixedEdge: Rule | null;
  fixedHealthy: Rule | null;
  /** Run the statistical methods at every look (off while tuning the fixed thresholds). */
  judges: boolean;
  crossChecks: number;
}

function toStages(windows: readonly WindowCounts[]) {
  return windows.map((h) => ({
    canary: { errors: h.canaryErrors, total: h.canaryTotal },
    baseline: { errors: h.baselineErrors, total: h.baselineTotal },
  }));
}

function simulate(options: SimulationOptions, rollouts: number, seed: number): Outcome[] {
  const { row, ratio, rules, judges } = options;
  const rng = new Random(seed);
  const mixture = DEFAULT_MIXTURE;
  const points = mixture.theta.length;
  const logTolerable = Math.log1p(row.maxIncrease);
  const logThreshold = -Math.log(1 - row.confidence);
  const r0 = 1 + row.maxIncrease;
  const requestsPerRun = row.requestsPerSecond * row.runMinutes * 60;
  const frozenAbove = new Float64Array(points);
  const frozenBelow = new Float64Array(points);
  const acc = new Float64Array(points);
  const outcomes: Outcome[] = [];
  for (let i = 0; i < rollouts; i++) {
    const baselineRate = row.baselineErrorRate * Math.pow(row.spread, 2 * rng.next() - 1);
    const canaryRate = Math.min(1, ratio * baselineRate);
    const rolledBack: Record<Method, number> = {
      sequential: -1,
      fixedEdge: -1,
      fixedHealthy: -1,
      windowZ: -1,
      cumulativeZ: -1,
    };
    let passed = -1;
    const maxRate = new Float64Array(MIN_REQUESTS_CANDIDATES.length);
    const ruleFired = new Float64Array(rules.length).fill(-1);
    frozenAbove.fill(0);
    frozenBelow.fill(0);
    let cumX = 0;
    let cumK = 0;
    let cumExpected = 0;
    let cumVariance = 0;
    let served = 0;
    const finished: WindowCounts[] = [];
    const check = i < options.crossChecks;
    for (const percent of row.plan) {
      const share = percent / 100;
      const w: WindowCounts = { canaryErrors: 0, canaryTotal: 0, baselineErrors: 0, baselineTotal: 0 };
      let p0 = 0;
      for (let run = 0; run < RUNS_PER_STAGE; run++) {
        const dn = poisson(rng, requestsPerRun * share);
        const dm = poisson(rng, requestsPerRun * (1 - share));
        w.canaryTotal += dn;
        w.baselineTotal += dm;
        w.canaryErrors += binomial(rng, dn, canaryRate);
        w.baselineErrors += binomial(rng, dm, baselineRate);
        served += dn;
        const x = w.canaryErrors;
        const k = w.canaryErrors + w.baselineErrors;
        const n = w.canaryTotal;
        p0 = n > 0 ? (r0 * n) / (r0 * n + w.baselineTotal) : 0;

        if (judges) {
          // (a) The sequential judge, incrementally: finished stages are frozen sums.
          if (rolledBack.sequential < 0) {
            const passedBefore = passed >= 0;
            acc.set(frozenAbove);
            addWindowLogLikelihoodRatios(w, logTolerable, mixture, "above", acc);
            const fail = logMixture(acc, mixture) >= logThreshold;
            let pass = false;
            if (fail) rolledBack.sequential = served;
            else if (!passedBefore) {
              acc.set(frozenBelow);
              addWindowLogLikelihoodRatios(w, logTolerable, mixture, "below", acc);
              pass = logMixture(acc, mixture) >= logThreshold;
              if (pass) passed = served;
            }
            if (check) {
              const d = judge({
                stages: toStages([...finished, w]),
                maxIncrease: row.maxIncrease,
                confidence: row.confidence,
              });
              const expected = fail ? "fail" : pass ? "pass" : passedBefore ? null : "inconclusive";
              if (expected !== null && d.verdict !== expected) {
                throw new Error(
                  `${row.name}: judge() says ${d.verdict} where the bench's sums say ${expected}`,
                );
              }
            }
          }
          // (c) z-test of the stage's window against the tolerated ratio, conditional on its errors.
          if (rolledBack.windowZ < 0 && k * p0 >= Z_MIN_EXPECTED && k * (1 - p0) >= Z_MIN_EXPECTED) {
            if ((x - k * p0) / Math.sqrt(k * p0 * (1 - p0)) > Z_CRITICAL_95) rolledBack.windowZ = served;
          }
          // (d) The same on everything so far, stratified by stage.
          if (rolledBack.cumulativeZ < 0) {
            const expected = cumExpected + k * p0;
            if (expected >= Z_MIN_EXPECTED && cumK + k - expected >= Z_MIN_EXPECTED) {
              const z = (cumX + x - expected) / Math.sqrt(cumVariance + k * p0 * (1 - p0));
              if (z > Z_CRITICAL_95) rolledBack.cumulativeZ = served;
            }
          }
        }
        // (b) Fixed thresholds on the window's error rate.
        if (n > 0) {
          const rate = x / n;
          for (let c = 0; c < MIN_REQUESTS_CANDIDATES.length; c++) {
            if (n >= (MIN_REQUESTS_CANDIDATES[c] as number) && rate > (maxRate[c] as number))
              maxRate[c] = rate;
          }
          for (let j = 0; j < rules.length; j++) {
            const rule = rules[j] as Rule;
            if ((ruleFired[j] as number) < 0 && n >= rule.minRequests && rate > rule.threshold)
              ruleFired[j] = served;
          }
          const { fixedEdge, fixedHealthy } = options;
          if (
            fixedEdge &&
            rolledBack.fixedEdge < 0 &&
            n >= fixedEdge.minRequests &&
            rate > fixedEdge.threshold
          ) {
            rolledBack.fixedEdge = served;
          }
          if (
            fixedHealthy &&
            rolledBack.fixedHealthy < 0 &&
            n >= fixedHealthy.minRequests &&
            rate > fixedHealthy.threshold
          ) {
            rolledBack.fixedHealthy = served;
          }
        }
      }
      if (judges) {
        addWindowLogLikelihoodRatios(w, logTolerable, mixture, "above", frozenAbove);
        addWindowLogLikelihoodRatios(w, logTolerable, mixture, "below", frozenBelow);
        const k = w.canaryErrors + w.baselineErrors;
        cumX += w.canaryErrors;
        cumK += k;
        cumExpected += k * p0;
        cumVariance += k * p0 * (1 - p0);
      }
      if (check) finished.push({ ...w });
    }
    outcomes.push({ rolledBack, passed, maxRate, ruleFired });
  }
  return outcomes;
}

/** The median, or null when there are none; Infinity when at least half are Infinity. */
function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The smallest threshold that at most a share α of the calibration rollouts' largest rates exceed. */
function thresholdFor(maxima: readonly number[], alpha: number): number {
  const sorted = [...maxima].sort((a, b) => b - a);
  return sorted[Math.floor(alpha * sorted.length)] as number;
}

export interface MethodStats {
  /** Share of the rollouts rolled back. */
  rolledBack: number;
  /**
   * Median canary requests served before the rollback, over all rollouts of the scenario, the ones never
   * rolled back counting as never caught: null when half or more were never rolled back.
   */
  medianCanaryRequests: number | null;
  /** The same median over the rollouts rolled back only (null: none). */
  medianCanaryRequestsWhenCaught: number | null;
}

export interface TunedRule extends Rule {
  /** The ratio its false-rollback rate was tuned at. */
  tunedAt: number;
  /** Its false-rollback rate on the calibration rollouts. */
  calibrationFalseRollbacks: number;
}

export interface RowResult {
  row: Row;
  fixedEdge: TunedRule;
  fixedHealthy: TunedRule;
  /** Per scenario: "healthy" (r = 1), "edge" (r = 1 + max-increase), "1.5x", "2x", "3x". */
  scenarios: Record<string, { ratio: number; methods: Record<Method, MethodStats>; judgePassed: number }>;
  seconds: number;
}

function stats(outcomes: readonly Outcome[], method: Method): MethodStats {
  const all = outcomes.map((o) => o.rolledBack[method]);
  const fired = all.filter((v) => v >= 0);
  const overall = median(all.map((v) => (v < 0 ? Infinity : v)));
  return {
    rolledBack: fired.length / outcomes.length,
    medianCanaryRequests: overall === null || overall === Infinity ? null : overall,
    medianCanaryRequestsWhenCaught: median(fired),
  };
}

export function runRow(row: Row, rowIndex: number, rollouts: number): RowResult {
  const started = performance.now();
  const alpha = 1 - row.confidence;
  const base = { row, rules: [], fixedEdge: null, fixedHealthy: null, judges: false, crossChecks: 0 };
  // Tune the fixed thresholds on rollouts of their own: thresholds on healthy (r = 1) or edge
  // (r = 1 + max-increase) ones, so that a share α of them is rolled back; then min-requests on 2× ones.
  const tuneThresholds = (ratio: number, set: number): { thresholds: number[]; calibration: Outcome[] } => {
    const calibration = simulate({ ...base, ratio }, rollouts, mixSeed(SEED, rowIndex, set));
    const thresholds = MIN_REQUESTS_CANDIDATES.map((_, c) =>
      thresholdFor(
        calibration.map((o) => o.maxRate[c] as number),
        alpha,
      ),
    );
    return { thresholds, calibration };
  };
  const edge = tuneThresholds(1 + row.maxIncrease, 100);
  const healthy = tuneThresholds(1, 101);
  const rules: Rule[] = [
    ...MIN_REQUESTS_CANDIDATES.map((minRequests, c) => ({
      minRequests,
      threshold: edge.thresholds[c] as number,
    })),
    ...MIN_REQUESTS_CANDIDATES.map((minRequests, c) => ({
      minRequests,
      threshold: healthy.thresholds[c] as number,
    })),
  ];
  const tuning = simulate({ ...base, ratio: 2, rules }, rollouts, mixSeed(SEED, rowIndex, 102));
  const pick = (offset: number, tunedAt: number, calibration: Outcome[]): TunedRule => {
    // The candidate with the smallest median over all 2× rollouts (the ones never caught counting as
    // infinitely late); on a tie (say, none catches half), the one catching the most.
    let best = 0;
    let bestScore: [number, number] = [Infinity, 0];
    for (let c = 0; c < MIN_REQUESTS_CANDIDATES.length; c++) {
      const fired = tuning.map((o) => o.ruleFired[offset + c] as number);
      const score: [number, number] = [
        median(fired.map((v) => (v < 0 ? Infinity : v))) ?? Infinity,
        -fired.filter((v) => v >= 0).length,
      ];
      if (score[0] < bestScore[0] || (score[0] === bestScore[0] && score[1] < bestScore[1])) {
        bestScore = score;
        best = c;
      }
    }
    const rule = rules[offset + best] as Rule;
    const calibrationFalseRollbacks =
      calibration.filter((o) => (o.maxRate[best] as number) > rule.threshold).length / calibration.length;
    return { ...rule, tunedAt, calibrationFalseRollbacks };
  };
  const fixedEdge = pick(0, 1 + row.maxIncrease, edge.calibration);
  const fixedHealthy = pick(MIN_REQUESTS_CANDIDATES.length, 1, healthy.calibration);

  const scenarios: RowResult["scenarios"] = {};
  const list: [string, number][] = [
    ["healthy", 1],
    ["edge", 1 + row.maxIncrease],
    ...REGRESSIONS.map((r): [string, number] => [`${r}x`, r]),
  ];
  list.forEach(([label, ratio], s) => {
    const outcomes = simulate(
      { row, ratio, rules: [], fixedEdge, fixedHealthy, judges: true, crossChecks: CROSS_CHECKS },
      rollouts,
      mixSeed(SEED, rowIndex, s),
    );
    const methods = Object.fromEntries(METHODS.map((m) => [m, stats(outcomes, m)])) as Record<
      Method,
      MethodStats
    >;
    scenarios[label] = {
      ratio,
      methods,
      judgePassed: outcomes.filter((o) => o.passed >= 0).length / outcomes.length,
    };
  });
  return { row, fixedEdge, fixedHealthy, scenarios, seconds: (performance.now() - started) / 1000 };
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

export interface StatisticsBench {
  timestamp: string;
  node: string;
  cpus: number;
  threads: number;
  seed: number;
  rolloutsPerScenario: number;
  runsPerStage: number;
  methods: Record<Method, string>;
  rows: RowResult[];
  checks: { passed: boolean; problems: string[] };
  seconds: number;
}

/** Worse-or-equal: null (not caught by half) is the worst. */
function notSooner(a: number | null, b: number | null): boolean {
  if (a === null) return true;
  return b !== null && a >= b;
}

export async function runStatisticsBench(
  options: { rollouts?: number; threads?: number } = {},
): Promise<StatisticsBench> {
  const started = performance.now();
  const rollouts = options.rollouts ?? ROLLOUTS;
  const threads = Math.max(1, Math.min(options.threads ?? cpus().length, ROWS.length));
  const results: RowResult[] = new Array<RowResult>(ROWS.length);
  // Longest rows first, so the threads finish together.
  const queue = ROWS.map((_, i) => i).sort(
    (a, b) => (ROWS[b] as Row).plan.length - (ROWS[a] as Row).plan.length,
  );
  await Promise.all(
    Array.from({ length: threads }, () => {
      const worker = new Worker(SELF, { workerData: { statisticsWorker: true } });
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
          else reject(new Error(`statistics worker exited with code ${code}`));
        });
        feed();
      });
    }),
  );

  const problems: string[] = [];
  for (const r of results) {
    const alpha = 1 - r.row.confidence;
    for (const label of ["healthy", "edge"]) {
      const rate = r.scenarios[label]!.methods.sequential.rolledBack;
      if (rate > alpha)
        problems.push(`${r.row.name}: the judge rolled back ${rate} of ${label} releases (> ${alpha})`);
    }
    if (r.row.kind !== "main") continue;
    const s2 = r.scenarios["2x"]!.methods;
    for (const fixed of ["fixedEdge", "fixedHealthy"] as const) {
      if (notSooner(s2.sequential.medianCanaryRequests, s2[fixed].medianCanaryRequests)) {
        problems.push(
          `${r.row.name}: 2× caught by the judge at a median of ${s2.sequential.medianCanaryRequests} canary ` +
            `requests, by ${fixed} at ${s2[fixed].medianCanaryRequests}`,
        );
      }
    }
  }
  return {
    timestamp: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    threads,
    seed: SEED,
    rolloutsPerScenario: rollouts,
    runsPerStage: RUNS_PER_STAGE,
    methods: {
      sequential:
        "mixture e-value (src/stats) against r ≤ 1 + max-increase, rollback at 1 / (1 − confidence)",
      fixedEdge:
        "canary error rate in the stage's window above a threshold, once min-requests are in; threshold set so that 1 − confidence of separate r = 1 + max-increase rollouts roll back, min-requests the candidate catching separate 2× rollouts soonest",
      fixedHealthy: "the same, the threshold set on r = 1 rollouts",
      windowZ:
        "one-sided z-test, conditional on the errors, of the stage's window against r = 1 + max-increase, level 1 − confidence, every look",
      cumulativeZ: "the same z-test on all stages so far (stratified), every look",
    },
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

function requests(x: number | null): string {
  if (x === null) return "never";
  return x >= 10_000 ? `${Math.round(x / 1000)}k` : String(Math.round(x));
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

export const METHOD_LABELS: Record<Method, string> = {
  sequential: "sequential judge",
  fixedEdge: "fixed threshold, tuned at edge",
  fixedHealthy: "fixed threshold, tuned at r=1",
  windowZ: "z-test, stage window",
  cumulativeZ: "z-test, cumulative",
};

export function formatStatisticsBench(bench: StatisticsBench): string {
  const lines: string[] = [];
  for (const r of bench.rows) {
    const edge = `${1 + r.row.maxIncrease}×`;
    lines.push(
      `${r.row.kind === "reference" ? "[reference] " : ""}${r.row.name}: max-increase ${r.row.maxIncrease}, ` +
        `confidence ${r.row.confidence}, ${r.row.runMinutes} min between runs (${r.seconds.toFixed(1)} s)`,
    );
    for (const f of [r.fixedEdge, r.fixedHealthy]) {
      lines.push(
        `  fixed threshold tuned at r = ${f.tunedAt}: error rate > ${pct(f.threshold)} once ≥ ${f.minRequests} ` +
          `canary requests in the stage (${pct(f.calibrationFalseRollbacks)} of its calibration rollouts rolled back)`,
      );
    }
    const header = [
      "rolled back / median canary requests",
      "r=1",
      edge,
      "1.5×",
      "2×",
      "3×",
      "@1.5×",
      "@2×",
      "@3×",
    ];
    const rows = METHODS.map((m) => {
      const s = (label: string) => r.scenarios[label]!.methods[m];
      return [
        METHOD_LABELS[m],
        pct(s("healthy").rolledBack),
        pct(s("edge").rolledBack),
        ...REGRESSIONS.map((x) => pct(s(`${x}x`).rolledBack)),
        ...REGRESSIONS.map((x) => requests(s(`${x}x`).medianCanaryRequests)),
      ];
    });
    lines.push(table([header, ...rows]));
    lines.push(
      `  judge passed (upper bound below ${edge}): ${pct(r.scenarios.healthy!.judgePassed)} of healthy rollouts, ` +
        `${pct(r.scenarios.edge!.judgePassed)} at ${edge}, ${pct(r.scenarios["1.5x"]!.judgePassed)} at 1.5×`,
    );
    lines.push("");
  }
  return lines.join("\n");
}

function mergeResults(statistics: object): void {
  let existing: Record<string, unknown> = {};
  if (existsSync(RESULTS)) {
    const parsed: unknown = JSON.parse(readFileSync(RESULTS, "utf8"));
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new Error(`${RESULTS} does not hold a JSON object; not overwriting it`);
    }
    existing = parsed as Record<string, unknown>;
  }
  writeFileSync(RESULTS, `${JSON.stringify({ ...existing, statistics }, null, 2)}\n`);
}

async function main(): Promise<void> {
  const env = process.env.STATISTICS_ROLLOUTS;
  const rollouts = env ? Number(env) : ROLLOUTS;
  console.log(
    `Sequential judge Monte Carlo: ${rollouts.toLocaleString("en-US")} rollouts per scenario, ` +
      `${RUNS_PER_STAGE} runs (looks) per stage, seed ${SEED}, ${cpus().length} CPU(s)\n` +
      "Share of rollouts rolled back at r = canary/baseline error-rate ratio 1 (healthy), 1 + max-increase " +
      "(the edge of what is tolerated), 1.5×, 2×, 3×; then the median canary requests served before the " +
      'rollback, over all regressed rollouts ("never": half or more were never rolled back).\n',
  );
  const bench = await runStatisticsBench({ rollouts });
  console.log(formatStatisticsBench(bench));
  console.log(`total ${bench.seconds.toFixed(1)} s on ${bench.threads} thread(s)`);
  if (env === undefined) {
    mergeResults(bench);
    console.log(`merged into ${RESULTS} under "statistics"`);
  }
  if (!bench.checks.passed) {
    console.error(bench.checks.problems.join("\n"));
    process.exitCode = 1;
  }
}

const data = workerData as { statisticsWorker?: boolean } | null;
if (!isMainThread && data?.statisticsWorker) workerLoop();
else if (isMainThread && process.argv[1] && resolve(process.argv[1]) === SELF) await main();
