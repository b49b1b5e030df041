// `node bench/replay.ts`: what `command: replay` costs. GitHub reads (one list of deployments, one list of
// statuses per rollout read: they must not grow with the repository's history), GitHub writes (none, ever),
// provider queries per rollout, and wall time, for replay-count 1, 10 and 50 over histories of 60 and 300
// finished rollouts in the GitHub stand-in, one count gate on the Prometheus stand-in.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { startFakePrometheus } from "../harness/monitoring/fake-prometheus.ts";
import type { SeedDeployment } from "../harness/github/types.ts";
import { version } from "../harness/traffic.ts";
import { DIST, ROOT } from "../harness/runner.ts";
import { countGate, OWNER, REPO, Scenario } from "../harness/scenario.ts";
import { timedSpawn } from "./child-timing.ts";
import { mergeResults } from "./results.ts";
import { round1 } from "./stats.ts";

const HISTORIES = [60, 300];
const COUNTS = [1, 10, 50];
const MINUTE_MS = 60_000;
/** The reads that find where the environment stands, as `status` makes them: the state ref, deployments, statuses. */
const STATE_READS = 3;

interface ReplayCost {
  history: number;
  replayCount: number;
  rolloutsReplayed: number;
  reads: number;
  statusLists: number;
  writes: number;
  providerQueries: number;
  wallMs: number;
}

/** `count` finished rollouts, oldest first, each started, advanced once and completed (or, every fifth, rolled back). */
function history(count: number): SeedDeployment[] {
  const now = Date.now();
  const log = `https://github.com/${OWNER}/${REPO}/actions/runs/1/attempts/1`;
  return Array.from({ length: count }, (_, i) => {
    const started = now - (count - i) * 80 * MINUTE_MS;
    const sha = version(`replay bench ${i}`).sha;
    const back = i % 5 === 4;
    return {
      sha,
      task: "rollout",
      environment: "production",
      payload: {
        "phased-rollout": { schema: 1, stages: [1, 5, 25, 50, 100], baseline: null, run_id: i + 1 },
      },
      createdAt: started,
      statuses: [
        { state: "in_progress" as const, description: "stage 1/5 · 1% · started", createdAt: started },
        {
          state: "in_progress" as const,
          description: "stage 2/5 · 5% · advanced: gates passed",
          createdAt: started + 35 * MINUTE_MS,
        },
        back
          ? {
              state: "failure" as const,
              description: "stage 2/5 · 0% · rolled back: http-5xx failed",
              createdAt: started + 70 * MINUTE_MS,
            }
          : {
              state: "success" as const,
              description: "stage 5/5 · 100% · completed by @release-captain",
              createdAt: started + 70 * MINUTE_MS,
            },
      ].map((s) => ({ ...s, logUrl: log })),
    };
  });
}

async function main(): Promise<void> {
  if (!existsSync(DIST)) {
    const build = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
    if (build.status !== 0) throw new Error("npm run build failed");
  }
  const prom = await startFakePrometheus({ versions: [] });
  const problems: string[] = [];
  const rows: ReplayCost[] = [];
  try {
    for (const size of HISTORIES) {
      for (const n of COUNTS) {
        const s = await Scenario.create(countGate(prom.url, "  retention: 1d\n"));
        try {
          s.github.seedDeployments(history(size));
          s.github.resetLog();
          const asked = prom.requests.length;
          const { result: r, timing } = await timedSpawn(() =>
            s.dispatch("replay", { "replay-count": String(n) }),
          );
          if (r.exitCode !== 0) problems.push(`replay-count ${n} over ${size}: exit ${String(r.exitCode)}`);
          const log = s.github.log();
          const replayed =
            (JSON.parse(r.outputs.replay ?? "{}") as { rollouts?: unknown[] }).rollouts?.length ?? 0;
          const row: ReplayCost = {
            history: size,
            replayCount: n,
            rolloutsReplayed: replayed,
            reads: log.filter((e) => !e.write).length,
            statusLists: log.filter((e) => e.operationId === "repos/list-deployment-statuses").length,
            writes: log.filter((e) => e.write).length,
            providerQueries: prom.requests.length - asked,
            wallMs: round1(timing.wallMs),
          };
          rows.push(row);
          if (row.writes !== 0) problems.push(`replay-count ${n} over ${size}: ${row.writes} GitHub writes`);
          // Where the environment stands (state ref, deployments, the newest one's statuses), for the outputs;
          // then the deployments again and one list of statuses per rollout replayed.
          if (row.reads !== STATE_READS + 1 + row.rolloutsReplayed) {
            problems.push(
              `replay-count ${n} over ${size}: ${row.reads} reads for ${row.rolloutsReplayed} rollouts`,
            );
          }
        } finally {
          await s.close();
        }
      }
    }
  } finally {
    await prom.close();
  }
  console.log(
    "Replay: GitHub calls, provider queries and wall time (one count gate; 2 stages of 35 minutes each)",
  );
  console.log(
    "  finished rollouts | replay-count | replayed | GitHub reads | status lists | writes | queries | wall",
  );
  for (const r of rows) {
    console.log(
      `  ${String(r.history).padStart(17)} | ${String(r.replayCount).padStart(12)} | ${String(r.rolloutsReplayed).padStart(8)} | ${String(r.reads).padStart(12)} | ${String(r.statusLists).padStart(12)} | ${String(r.writes).padStart(6)} | ${String(r.providerQueries).padStart(7)} | ${r.wallMs} ms`,
    );
  }
  mergeResults("replay", { timestamp: new Date().toISOString(), rows, problems });
  if (problems.length > 0) {
    console.error(`${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    process.exitCode = 1;
  }
}

await main();
