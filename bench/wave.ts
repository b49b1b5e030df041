// `npm run bench`, section 8 (bench/run.ts), or alone with `node bench/wave.ts`: the GitHub API calls of a
// follower's held runs (an environment with `after: staging`) as staging's history grows (1, 100, 10,000
// rollouts): the wave reads each upstream environment with a fixed number of requests, whatever its history.
// Alone, it merges its figures into bench-results.json under "wave"; bench/run.ts puts them under "action".

import { createHash } from "node:crypto";
import type { SeedDeployment } from "../harness/github/types.ts";
import type { StandIn } from "../harness/github/index.ts";
import { Scenario } from "../harness/scenario.ts";
import { mergeResults } from "./results.ts";

const HISTORY_SIZES = [1, 100, 10_000];
const STAGES = [1, 5, 25, 50, 100];
const MINUTE_MS = 60_000;
const LOG_URL = "https://github.com/octo-org/shop/actions/runs/1/attempts/1";
/** The follower's inputs: its stage went live 40 minutes ago, within a bake time of an hour. */
const FOLLOWER = { environment: "eu", after: "staging", "bake-time": "1h" };

export interface FollowerCalls {
  run: string;
  upstreamHistory: number;
  decision: string;
  reads: number;
  writes: number;
  byOperation: Record<string, number>;
}

const shaOf = (name: string) => createHash("sha1").update(`phased-rollout wave bench ${name}`).digest("hex");

function rollout(
  environment: string,
  sha: string,
  baseline: string | null,
  createdAt: number,
  complete: boolean,
): SeedDeployment {
  const statuses: NonNullable<SeedDeployment["statuses"]> = [
    { state: "in_progress", description: "stage 1/5 · 1% · started", logUrl: LOG_URL, createdAt },
  ];
  if (complete) {
    statuses.push({
      state: "success",
      description: "stage 5/5 · 100% · completed: gates passed",
      logUrl: LOG_URL,
      createdAt: createdAt + 90 * MINUTE_MS,
    });
  }
  return {
    sha,
    task: "rollout",
    environment,
    payload: { "phased-rollout": { schema: 1, stages: STAGES, baseline, run_id: 1 } },
    createdAt,
    statuses,
  };
}

/**
 * Staging: `count` completed rollouts, oldest first. Eu: one rollout of staging's newest version, in flight
 * (`inFlight`) or complete. Returns staging's newest version.
 */
function seed(github: StandIn, count: number, inFlight: boolean): string {
  const now = Date.now();
  const list: SeedDeployment[] = [];
  let previous: string | null = null;
  for (let i = 0; i < count; i++) {
    const sha = shaOf(`staging ${count} ${i}`);
    list.push(rollout("staging", sha, previous, now - (count - i + 2) * 120 * MINUTE_MS, true));
    previous = sha;
  }
  const newest = previous as string;
  const startedAt = inFlight ? now - 40 * MINUTE_MS : now - 200 * MINUTE_MS;
  list.push(rollout("eu", newest, null, startedAt, !inFlight));
  github.seedDeployments(list);
  return newest;
}

async function measure(run: string, history: number, inFlight: boolean): Promise<FollowerCalls> {
  const s = await Scenario.create("", "eu");
  try {
    seed(s.github, history, inFlight);
    s.github.resetLog();
    const r = await s.schedule(FOLLOWER);
    if (r.exitCode !== 0) throw new Error(`${run}: exit ${String(r.exitCode)}\n${r.stdout}\n${r.stderr}`);
    s.github.assertNoInvalidRequests();
    const log = s.github.log();
    const byOperation: Record<string, number> = {};
    for (const e of log) {
      const op = e.operationId ?? `${e.method} ${e.path}`;
      byOperation[op] = (byOperation[op] ?? 0) + 1;
    }
    return {
      run,
      upstreamHistory: history,
      decision: r.outputs.decision ?? "",
      reads: log.filter((e) => !e.write).length,
      writes: log.filter((e) => e.write).length,
      byOperation,
    };
  } finally {
    await s.close();
  }
}

/** The follower's held runs, and what is wrong with their figures (empty when nothing). */
export async function waveBench(): Promise<{ runs: FollowerCalls[]; problems: string[] }> {
  const runs: FollowerCalls[] = [];
  for (const n of HISTORY_SIZES) runs.push(await measure("rollout in flight, within bake time", n, true));
  for (const n of HISTORY_SIZES) runs.push(await measure("nothing new upstream", n, false));
  const problems: string[] = [];
  for (const r of runs) {
    const expected = r.run.startsWith("rollout") ? "hold" : "none";
    if (r.decision !== expected) problems.push(`${r.run} (${r.upstreamHistory}): decision "${r.decision}"`);
    if (r.writes !== 0) problems.push(`${r.run} (${r.upstreamHistory}): ${r.writes} writes, expected none`);
  }
  for (const kind of new Set(runs.map((r) => r.run))) {
    const reads = new Set(runs.filter((r) => r.run === kind).map((r) => r.reads));
    if (reads.size !== 1) problems.push(`${kind}: reads change with staging's history`);
  }
  return { runs, problems };
}

export function printWave(runs: readonly FollowerCalls[]): void {
  console.log("8. A follower's held runs (eu, after: staging): GitHub API calls as staging's history grows");
  const rows = [
    ["run", "staging rollouts", "decision", "reads", "writes"],
    ...runs.map((r) => [
      r.run,
      r.upstreamHistory.toLocaleString("en-US"),
      r.decision,
      String(r.reads),
      String(r.writes),
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? "").length))) ?? [];
  for (const row of rows) {
    console.log(
      `  ${row.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("   ")}`,
    );
  }
  const last = runs.filter((r) => r.upstreamHistory === HISTORY_SIZES.at(-1));
  for (const r of last) {
    console.log(
      `  ${r.run}: ${Object.entries(r.byOperation)
        .map(([op, n]) => `${op} ×${n}`)
        .join(", ")}`,
    );
  }
  console.log("");
}

if (import.meta.main) {
  const { runs, problems } = await waveBench();
  printWave(runs);
  mergeResults("wave", { timestamp: new Date().toISOString(), followerHeldRuns: runs, problems });
  if (problems.length > 0) {
    console.error(problems.map((p) => `  - ${p}`).join("\n"));
    process.exitCode = 1;
  }
}
