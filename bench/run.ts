// `npm run bench`: what a run of the bundled action (dist/index.js) costs, measured the way the Actions
// runner starts it (harness/runner.ts) against the local GitHub stand-in and the in-process
// Prometheus-compatible server:
//   1. cold start of a run that only reads state (`command: status`), next to a bare `node -e 0`;
//   2. GitHub API calls per `advance` as the environment's history grows (1, 100, 10,000 rollouts);
//   3. wall time of an advance with five count gates on a provider answering in 200 ms, and with none;
//   4. races: N runs of advance at once on one rollout, repeated (bench/race.ts): one transition each time;
//   5. runs started 0–3 s after a transition while GitHub's lists trail writes by 2 s (bench/race.ts): no
//      transition recorded twice, no percent from before it;
//   6. GitHub reads and writes of a held run, an advance and a start, each run by the action after the last;
//   8. GitHub calls of a follower's held runs (`after: staging`) as staging's history grows (bench/wave.ts).
// Prints a table and merges the figures into bench-results.json under "action". Exits 1 when a run fails or
// a count is off; timings are reported, never judged.

import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { cpus } from "node:os";
import { startFakePrometheus } from "../harness/monitoring/fake-prometheus.ts";
import type { SeedDeployment } from "../harness/github/types.ts";
import type { StandIn } from "../harness/github/index.ts";
import { healthy } from "../harness/traffic.ts";
import type { ActionRun } from "../harness/runner.ts";
import { DIST, ROOT } from "../harness/runner.ts";
import { countGate, Scenario } from "../harness/scenario.ts";
import { type ChildTiming, timedSpawn } from "./child-timing.ts";
import { lagBench, printLagRace, printRace, raceBench } from "./race.ts";
import { mergeResults } from "./results.ts";
import { printWave, waveBench } from "./wave.ts";
import { round1, type Summary, summarize } from "./stats.ts";

const COLD_WARMUP = 3;
const COLD_RUNS = 20;
const HISTORY_SIZES = [1, 100, 10_000];
const GATE_COUNT = 5;
const GATE_DELAY_MS = 200;
const GATE_WARMUP = 1;
const GATE_RUNS = 7;
/** How long the in-flight stage has been live: past the default 30m bake time. */
const STAGE_AGE_MINUTES = 40;

const STAGES = [1, 5, 25, 50, 100];
const MINUTE_MS = 60_000;

const problems: string[] = [];

function check(ok: boolean, message: string): boolean {
  if (!ok) problems.push(message);
  return ok;
}

/** Records a problem when the run did not exit 0, with its output on stderr to debug it. */
function checkRun(label: string, r: ActionRun): boolean {
  if (r.exitCode === 0) return true;
  problems.push(`${label}: exit code ${String(r.exitCode)}`);
  process.stderr.write(`--- ${label} (exit ${String(r.exitCode)})\n${r.stdout}\n${r.stderr}\n`);
  return false;
}

/** Records a problem for each malformed request the action sent to the stand-in (or bad answer it got). */
function checkRequests(label: string, github: StandIn): void {
  try {
    github.assertNoInvalidRequests();
  } catch (error) {
    problems.push(`${label}: ${(error as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------
// Seeding

function shaOf(name: string): string {
  return createHash("sha1").update(`phased-rollout bench ${name}`).digest("hex");
}

function payload(runId: number, baseline: string | null) {
  return { "phased-rollout": { schema: 1, stages: STAGES, baseline, run_id: runId } };
}

/**
 * `count` rollout deployments in `environment`, oldest first: all completed but the newest, which is at
 * stage 1 (1%) since STAGE_AGE_MINUTES ago, so the next advance really advances.
 */
function seedHistory(github: StandIn, environment: string, count: number, inFlightSha: string): void {
  const now = Date.now();
  const list: SeedDeployment[] = [];
  let previous: string | null = null;
  for (let i = 0; i < count - 1; i++) {
    const sha = shaOf(`${environment} ${i}`);
    const createdAt = now - (count - i) * 120 * MINUTE_MS;
    list.push({
      sha,
      task: "rollout",
      environment,
      payload: payload(i + 1, previous),
      createdAt,
      statuses: [
        {
          state: "in_progress",
          description: "stage 1/5 · 1% · started",
          logUrl: "https://github.com/octo-org/shop/actions/runs/1/attempts/1",
          createdAt,
        },
        {
          state: "success",
          description: "stage 5/5 · 100% · completed: gates passed",
          logUrl: "https://github.com/octo-org/shop/actions/runs/1/attempts/1",
          createdAt: createdAt + 90 * MINUTE_MS,
        },
      ],
    });
    previous = sha;
  }
  const startedAt = now - STAGE_AGE_MINUTES * MINUTE_MS;
  list.push({
    sha: inFlightSha,
    task: "rollout",
    environment,
    payload: payload(count, previous),
    createdAt: startedAt,
    statuses: [
      {
        state: "in_progress",
        description: "stage 1/5 · 1% · started",
        logUrl: "https://github.com/octo-org/shop/actions/runs/1/attempts/1",
        createdAt: startedAt,
      },
    ],
  });
  github.seedDeployments(list);
}

// ---------------------------------------------------------------------------------------
// 1. Cold start

interface ColdStart {
  command: string;
  warmupRuns: number;
  bareNode: Summary;
  action: Summary;
  firstStdoutLine: Summary;
  ratio: number;
  bundleLoadMs: number;
  apiCallsPerRun: number;
}

function bareNode(): Promise<ChildTiming> {
  return timedSpawn(
    () =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, ["-e", "0"], {
          env: { PATH: process.env.PATH ?? "" },
          stdio: ["ignore", "pipe", "pipe"],
        });
        child.on("error", reject);
        child.on("close", () => {
          resolve();
        });
      }),
  ).then(({ timing }) => timing);
}

async function coldStart(): Promise<ColdStart> {
  const s = await Scenario.create("");
  try {
    const sha = shaOf("cold start");
    s.github.seedDeployments([
      {
        sha,
        task: "rollout",
        environment: s.environment,
        payload: payload(1, null),
        statuses: [
          {
            state: "in_progress",
            description: "stage 1/5 · 1% · started",
            logUrl: "https://github.com/octo-org/shop/actions/runs/1/attempts/1",
          },
          {
            state: "success",
            description: "stage 5/5 · 100% · completed: gates passed",
            logUrl: "https://github.com/octo-org/shop/actions/runs/1/attempts/1",
          },
        ],
      },
    ]);
    s.github.resetLog();
    const bare: number[] = [];
    const wall: number[] = [];
    const first: number[] = [];
    // Interleaved, so drift on the machine touches both series alike.
    for (let i = 0; i < COLD_WARMUP + COLD_RUNS; i++) {
      const b = await bareNode();
      const { result: r, timing } = await timedSpawn(() => s.dispatch("status"));
      const label = `status run ${i + 1}`;
      if (checkRun(label, r)) {
        check(
          r.outputs.sha === sha && r.outputs.percent === "100",
          `${label}: did not read the seeded rollout`,
        );
      }
      check(b.exitCode === 0, `node -e 0 run ${i + 1}: exit code ${String(b.exitCode)}`);
      if (i < COLD_WARMUP) continue;
      bare.push(b.wallMs);
      wall.push(timing.wallMs);
      if (check(timing.firstStdoutMs !== null, `${label}: printed nothing`))
        first.push(timing.firstStdoutMs ?? 0);
    }
    checkRequests("status runs", s.github);
    const total = COLD_WARMUP + COLD_RUNS;
    const apiCallsPerRun = s.github.log().length / total;
    check(
      Number.isInteger(apiCallsPerRun),
      `status runs: ${s.github.log().length} API calls in ${total} runs`,
    );
    const bareS = summarize(bare);
    const wallS = summarize(wall);
    const firstS = summarize(first);
    return {
      command: "status",
      warmupRuns: COLD_WARMUP,
      bareNode: bareS,
      action: wallS,
      firstStdoutLine: firstS,
      ratio: Math.round((wallS.medianMs / bareS.medianMs) * 100) / 100,
      bundleLoadMs: round1(firstS.medianMs - bareS.medianMs),
      apiCallsPerRun,
    };
  } finally {
    await s.close();
  }
}

// ---------------------------------------------------------------------------------------
// 2. GitHub API calls per advance

interface ApiCalls {
  history: number;
  reads: number;
  writes: number;
  byOperation: Record<string, number>;
  decision: string;
  percent: string;
  wallMs: number;
}

async function apiCalls(history: number): Promise<ApiCalls> {
  const s = await Scenario.create("");
  try {
    seedHistory(s.github, s.environment, history, shaOf(`in flight ${history}`));
    s.github.resetLog();
    const { result: r, timing } = await timedSpawn(() => s.schedule());
    const label = `advance with ${history} rollout(s)`;
    checkRun(label, r);
    const log = s.github.log();
    const byOperation: Record<string, number> = {};
    for (const e of log) {
      const op = e.operationId ?? `${e.method} ${e.path}`;
      byOperation[op] = (byOperation[op] ?? 0) + 1;
    }
    const result: ApiCalls = {
      history,
      reads: log.filter((e) => !e.write).length,
      writes: log.filter((e) => e.write).length,
      byOperation,
      decision: r.outputs.decision ?? "",
      percent: r.outputs.percent ?? "",
      wallMs: round1(timing.wallMs),
    };
    check(result.decision === "advance", `${label}: decision "${result.decision}", expected "advance"`);
    check(result.percent === "5", `${label}: percent ${result.percent}, expected 5`);
    // The status, the lock (its commit, its ref, deleting the ref) and the claim (a commit and the state ref).
    check(
      result.writes === 6,
      `${label}: ${result.writes} writes, expected 6 (the status, the lock and the claim)`,
    );
    check(result.reads > 0, `${label}: no reads counted`);
    checkRequests(label, s.github);
    return result;
  } finally {
    await s.close();
  }
}

// ---------------------------------------------------------------------------------------
// 6. Reads and writes per run: the kinds of run a rollout is made of, each run by the action after the one
// before, so the state ref is there as it is in a repository that uses the action.

interface RunCalls {
  run: string;
  decision: string;
  reads: number;
  writes: number;
  byOperation: Record<string, number>;
}

const EXPECTED_CALLS: Record<string, { reads: number; writes: number }> = {
  "held run": { reads: 4, writes: 0 },
  advance: { reads: 6, writes: 6 },
  "start (replacing a rollout in flight)": { reads: 7, writes: 8 },
};

async function callsPerRun(): Promise<RunCalls[]> {
  const s = await Scenario.create("");
  try {
    const out: RunCalls[] = [];
    const measure = async (run: string, decision: string, go: () => Promise<ActionRun>) => {
      s.github.resetLog();
      const r = await go();
      if (!checkRun(run, r)) return;
      check(
        r.outputs.decision === decision,
        `${run}: decision "${r.outputs.decision ?? ""}", expected "${decision}"`,
      );
      const log = s.github.log();
      const byOperation: Record<string, number> = {};
      for (const e of log) {
        const op = e.operationId ?? `${e.method} ${e.path}`;
        byOperation[op] = (byOperation[op] ?? 0) + 1;
      }
      const calls = { reads: log.filter((e) => !e.write).length, writes: log.filter((e) => e.write).length };
      const expected = EXPECTED_CALLS[run];
      check(
        expected?.reads === calls.reads && expected.writes === calls.writes,
        `${run}: ${calls.reads} reads and ${calls.writes} writes, expected ${expected?.reads ?? "?"} and ${expected?.writes ?? "?"}`,
      );
      out.push({ run, decision: r.outputs.decision ?? "", ...calls, byOperation });
    };
    const first = shaOf("calls: first version");
    const second = shaOf("calls: second version");
    checkRun("calls: the first start", await s.push(first));
    await measure("held run", "hold", () => s.schedule());
    s.wait(STAGE_AGE_MINUTES);
    await measure("advance", "advance", () => s.schedule());
    await measure("start (replacing a rollout in flight)", "start", () => s.push(second));
    checkRequests("calls per run", s.github);
    return out;
  } finally {
    await s.close();
  }
}

// ---------------------------------------------------------------------------------------
// 3. Gates

interface GateRuns {
  gates: number;
  wall: Summary;
  /** Prometheus queries per run (each count gate sends two). */
  queriesPerRun: number[];
  /** First to last query arriving at the provider, per run: near 0 when they are sent concurrently. */
  arrivalSpreadMs: number[];
}

interface GateBench {
  providerDelayMs: number;
  warmupRuns: number;
  zeroGates: GateRuns;
  fiveGates: GateRuns;
  gateShareMs: number;
}

function gatesYaml(promUrl: string, count: number): string {
  return Array.from({ length: count }, (_, i) =>
    countGate(promUrl).replace("name: http-5xx", `name: http-5xx-${i + 1}`),
  ).join("");
}

async function gateBench(): Promise<GateBench> {
  const prom = await startFakePrometheus({ versions: [healthy], delayMs: GATE_DELAY_MS });
  const s = await Scenario.create(gatesYaml(prom.url, GATE_COUNT));
  try {
    const runs = new Map<number, { wall: number[]; queries: number[]; spread: number[] }>();
    for (const count of [0, GATE_COUNT]) runs.set(count, { wall: [], queries: [], spread: [] });
    let seq = 0;
    for (let i = 0; i < GATE_WARMUP + GATE_RUNS; i++) {
      for (const count of [0, GATE_COUNT]) {
        // A fresh environment per run, each with a rollout at 1% past its bake time.
        seq += 1;
        const environment = `bench-${seq}`;
        seedHistory(s.github, environment, 1, healthy.sha);
        const before = prom.requests.length;
        const inputs = { environment, ...(count === 0 && { gates: "" }) };
        const { result: r, timing } = await timedSpawn(() => s.schedule(inputs));
        const label = `advance with ${count} gates, run ${i + 1}`;
        if (checkRun(label, r)) {
          check(r.outputs.decision === "advance", `${label}: decision "${r.outputs.decision ?? ""}"`);
          const verdicts = (JSON.parse(r.outputs.gates ?? "[]") as { verdict: string }[]).map(
            (g) => g.verdict,
          );
          check(
            verdicts.length === count && verdicts.every((v) => v === "pass"),
            `${label}: gate verdicts [${verdicts.join(", ")}], expected ${count} × pass`,
          );
        }
        const sent = prom.requests.slice(before);
        check(sent.length === 2 * count, `${label}: ${sent.length} queries, expected ${2 * count}`);
        if (i < GATE_WARMUP) continue;
        const bucket = runs.get(count)!;
        bucket.wall.push(timing.wallMs);
        bucket.queries.push(sent.length);
        const times = sent.map((q) => q.receivedAt * 1000);
        bucket.spread.push(times.length ? round1(Math.max(...times) - Math.min(...times)) : 0);
      }
    }
    checkRequests("gate runs", s.github);
    const view = (count: number): GateRuns => {
      const b = runs.get(count)!;
      return { gates: count, wall: summarize(b.wall), queriesPerRun: b.queries, arrivalSpreadMs: b.spread };
    };
    const zeroGates = view(0);
    const fiveGates = view(GATE_COUNT);
    return {
      providerDelayMs: GATE_DELAY_MS,
      warmupRuns: GATE_WARMUP,
      zeroGates,
      fiveGates,
      gateShareMs: round1(fiveGates.wall.medianMs - zeroGates.wall.medianMs),
    };
  } finally {
    await s.close();
    await prom.close();
  }
}

// ---------------------------------------------------------------------------------------
// Output

function ms(x: number): string {
  return `${x < 100 ? x.toFixed(1) : x.toFixed(0)} ms`;
}

/** Left-aligns the first column, right-aligns the rest. */
function table(rows: string[][], indent = "  "): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join("   "),
    )
    .map((line) => `${indent}${line.trimEnd()}`)
    .join("\n");
}

async function main(): Promise<void> {
  const started = performance.now();
  if (!existsSync(DIST)) {
    console.log("dist/index.js is missing: running npm run build first.");
    const build = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
    if (build.status !== 0) throw new Error("npm run build failed");
  }
  const bundleBytes = statSync(DIST).size;
  const cpu = cpus();
  console.log(
    `phased-rollout bench · Node ${process.version} · ${cpu.length} CPU(s) (${cpu[0]?.model.trim() ?? "?"})`,
  );
  console.log(
    `dist/index.js: ${(bundleBytes / 1024 / 1024).toFixed(2)} MiB (${bundleBytes.toLocaleString("en-US")} bytes)\n`,
  );

  const cold = await coldStart();
  console.log(
    `1. Cold start: command "status", one rollout; median of ${COLD_RUNS} runs after ${COLD_WARMUP} warm-ups`,
  );
  console.log(
    table([
      ["", "median", "p90"],
      ["node -e 0 (same binary)", ms(cold.bareNode.medianMs), ms(cold.bareNode.p90Ms)],
      ["action: first stdout line", ms(cold.firstStdoutLine.medianMs), ms(cold.firstStdoutLine.p90Ms)],
      ["action: spawn → exit", ms(cold.action.medianMs), ms(cold.action.p90Ms)],
    ]),
  );
  console.log(`  action / node -e 0: ${cold.ratio.toFixed(2)}×`);
  console.log(
    `  bundle load + input parsing ≈ first line − node -e 0 = ${ms(cold.bundleLoadMs)}; ` +
      `the rest (${ms(round1(cold.action.medianMs - cold.firstStdoutLine.medianMs))}) is ${cold.apiCallsPerRun} API reads and the report\n`,
  );

  const calls: ApiCalls[] = [];
  for (const n of HISTORY_SIZES) calls.push(await apiCalls(n));
  check(
    new Set(calls.map((c) => c.reads)).size === 1,
    `reads per advance change with history: ${calls.map((c) => `${c.history} → ${c.reads}`).join(", ")}`,
  );
  console.log(
    `2. GitHub API calls per advance (no gates; newest rollout at 1% for ${STAGE_AGE_MINUTES}m, the rest completed)`,
  );
  console.log(
    table([
      ["rollouts in environment", "reads", "writes", "decision", "percent", "wall"],
      ...calls.map((c) => [
        c.history.toLocaleString("en-US"),
        String(c.reads),
        String(c.writes),
        c.decision,
        `${c.percent}%`,
        ms(c.wallMs),
      ]),
    ]),
  );
  const ops = calls.at(-1)?.byOperation ?? {};
  console.log(
    `  at ${HISTORY_SIZES.at(-1)?.toLocaleString("en-US")}: ${Object.entries(ops)
      .map(([op, n]) => `${op} ×${n}`)
      .join(", ")}\n`,
  );

  const gates = await gateBench();
  console.log(
    `3. Advance with gates: provider answers in ${GATE_DELAY_MS} ms; median of ${GATE_RUNS} runs each, interleaved`,
  );
  const row = (label: string, g: GateRuns) => [
    label,
    ms(g.wall.medianMs),
    ms(g.wall.p90Ms),
    String(g.queriesPerRun[0] ?? 0),
    g.gates ? ms(Math.max(...g.arrivalSpreadMs)) : "-",
  ];
  console.log(
    table([
      ["", "median", "p90", "queries/run", "query spread (max)"],
      row("no gates", gates.zeroGates),
      row(`${GATE_COUNT} count gates`, gates.fiveGates),
    ]),
  );
  console.log(
    `  gate share (median difference): ${ms(gates.gateShareMs)} ` +
      `(${GATE_COUNT * 2} queries of ${GATE_DELAY_MS} ms; one after another would take ${GATE_COUNT * 2 * GATE_DELAY_MS} ms)\n`,
  );

  const { bench: race } = await raceBench();
  printRace(race);
  problems.push(...race.problems);

  const lagging = await lagBench();
  printLagRace(lagging);
  problems.push(...lagging.problems);

  const perRun = await callsPerRun();
  console.log("6. GitHub API calls per run, each run by the action after the last (the state ref in place)");
  console.log(
    table([["run", "reads", "writes"], ...perRun.map((c) => [c.run, String(c.reads), String(c.writes)])]),
  );
  for (const c of perRun) {
    const calls = Object.entries(c.byOperation).map(([op, n]) => `${op} ×${n}`);
    console.log(`  ${c.run}: ${calls.join(", ")}`);
  }
  console.log("");

  const wave = await waveBench();
  printWave(wave.runs);
  problems.push(...wave.problems);

  const totalSeconds = Math.round((performance.now() - started) / 100) / 10;
  mergeResults("action", {
    timestamp: new Date().toISOString(),
    node: process.version,
    cpus: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? null,
    platform: `${process.platform}-${process.arch}`,
    bundle: { path: "dist/index.js", bytes: bundleBytes },
    coldStart: cold,
    apiCallsPerAdvance: calls,
    gates,
    race,
    listsTrailingWrites: lagging,
    callsPerRun: perRun,
    followerHeldRuns: wave.runs,
    benchSeconds: totalSeconds,
    problems,
  });
  console.log(`Figures written to bench-results.json ("action") in ${totalSeconds} s.`);
  if (problems.length > 0) {
    console.error(`\n${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    process.exitCode = 1;
  }
}

await main();
