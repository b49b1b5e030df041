// `node bench/weight.ts`: what the action weighs. CPU time (user + system) of whole processes, started as the
// Actions runner starts them, on the two paths most runs take:
//   - an ordinary pull-request comment, which the action ignores without an API call;
//   - a scheduled advance that holds (the stage is still baking), against the local GitHub stand-in;
// each next to `node -e 0` on the same binary, and, when BRANCH_DEPLOY_DIR names a checkout of
// github/branch-deploy (its action.yml and dist/; keep it outside this repository), to that bundle on its
// equivalent paths: an ordinary comment, and a `.deploy` from a reader, which it refuses after four API calls
// (it too reads GitHub through Octokit and the same toolkit, and changes nothing). Runs are interleaved, the ratios are the
// medians of the per-round ratios. Also the sizes: the core chunk (dist/index.js, loaded by every run), and
// the whole of dist/. Prints a table and merges the figures into bench-results.json under "weight".

import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { commentEvent } from "../harness/events.ts";
import { type ActionRun, ROOT, runAction } from "../harness/runner.ts";
import { countGate, Scenario } from "../harness/scenario.ts";
import { healthy } from "../harness/traffic.ts";
import { startFakePrometheus } from "../harness/monitoring/fake-prometheus.ts";
import { mergeResults } from "./results.ts";

const WARMUP = 2;
const ROUNDS = Number(process.env.WEIGHT_ROUNDS ?? 15);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** CPU ms of `node -e 0` on the binary that runs the action, through the same `times` as the runner's. */
function bareNode(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", '"$0" -e 0; times >&3', process.execPath], {
      stdio: ["ignore", "ignore", "ignore", "pipe"],
    });
    let times = "";
    child.stdio[3]?.on("data", (d: Buffer) => {
      times += d.toString();
    });
    child.on("error", reject);
    child.on("close", () => {
      const line = times.trim().split("\n")[1] ?? "";
      const [user = 0, sys = 0] = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map(
        (m) => Number(m[1]) * 60_000 + Number(m[2]) * 1000,
      );
      resolve(user + sys);
    });
  });
}

function cpuOf(label: string, r: ActionRun): number {
  if (r.exitCode !== 0 || r.cpuMs === undefined) {
    throw new Error(`${label}: exit ${String(r.exitCode)}, no CPU time\n${r.stdout}\n${r.stderr}`);
  }
  return r.cpuMs;
}

const ORDINARY = { issueNumber: 7, commentId: 70, body: "Looks good to me, thanks!", user: "octocat" };

/** A comment through the action whose action.yml is in `actionDir`; its CPU time, whatever its exit code. */
async function comment(actionDir: string, apiUrl: string, o: typeof ORDINARY): Promise<ActionRun> {
  const r = await runAction({
    actionDir,
    apiUrl,
    eventName: "issue_comment",
    payload: commentEvent(o),
    sha: "0".repeat(40),
    runId: 1,
    actor: o.user,
    cpu: true,
  });
  if (r.cpuMs === undefined) throw new Error(`a comment run gave no CPU time\n${r.stdout}\n${r.stderr}`);
  return r;
}

function sizeOf(path: string): number {
  return statSync(path).size;
}

function distSize(dir: string): number {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".js"))
    .reduce((sum, f) => sum + sizeOf(join(dir, f)), 0);
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
const msText = (ms: number) => `${ms.toFixed(0)} ms`;

async function main(): Promise<void> {
  const peer = process.env.BRANCH_DEPLOY_DIR;
  if (peer && !existsSync(join(peer, "action.yml"))) {
    throw new Error(
      `BRANCH_DEPLOY_DIR=${peer} has no action.yml: point it at a checkout of github/branch-deploy`,
    );
  }
  const prom = await startFakePrometheus({ versions: [healthy] });
  const s = await Scenario.create(countGate(prom.url));
  try {
    const start = await s.push(healthy.sha);
    if (start.outputs.decision !== "start")
      throw new Error(`the push did not start a rollout:\n${start.stdout}`);
    // For branch-deploy's refusal: a reader's `.deploy` on a pull request whose comment exists.
    s.github.setCollaborator("reader-rita", "read");
    s.github.addPullRequest({ number: 8, headSha: s.github.addCommit() });
    const deploy = s.github.seedComment({ issueNumber: 8, body: ".deploy", user: "reader-rita" });
    const refused = { issueNumber: 8, commentId: deploy.id, body: ".deploy", user: "reader-rita" };
    const series = {
      bare: [] as number[],
      ignored: [] as number[],
      held: [] as number[],
      peerIgnored: [] as number[],
      peerRefusal: [] as number[],
    };
    for (let i = 0; i < WARMUP + ROUNDS; i++) {
      const bare = await bareNode();
      const ignored = cpuOf("ignored comment", await comment(ROOT, s.github.url, ORDINARY));
      const heldRun = await s.schedule({}, { cpu: true });
      if (heldRun.outputs.decision !== "hold")
        throw new Error(`the advance did not hold:\n${heldRun.stdout}`);
      const held = cpuOf("held advance", heldRun);
      // branch-deploy fails its step when it refuses a command: only its CPU time counts here.
      const peerIgnored = peer ? cpuOf("branch-deploy", await comment(peer, s.github.url, ORDINARY)) : 0;
      const peerRefusal = peer ? ((await comment(peer, s.github.url, refused)).cpuMs ?? 0) : 0;
      if (i < WARMUP) continue;
      series.bare.push(bare);
      series.ignored.push(ignored);
      series.held.push(held);
      series.peerIgnored.push(peerIgnored);
      series.peerRefusal.push(peerRefusal);
    }
    const ratio = (a: number[], b: number[]) => median(a.map((x, i) => x / (b[i] as number)));
    const core = sizeOf(join(ROOT, "dist", "index.js"));
    const total = distSize(join(ROOT, "dist"));
    const peerBundle = peer ? distSize(join(peer, "dist")) : undefined;
    const results = {
      rounds: ROUNDS,
      cpuMs: {
        nodeE0: median(series.bare),
        ignoredComment: median(series.ignored),
        heldAdvance: median(series.held),
        ...(peer && {
          branchDeployIgnoredComment: median(series.peerIgnored),
          branchDeployRefusedDeploy: median(series.peerRefusal),
        }),
      },
      ratios: {
        ignoredCommentToNode: ratio(series.ignored, series.bare),
        heldAdvanceToNode: ratio(series.held, series.bare),
        ...(peer && {
          ignoredCommentToBranchDeploy: ratio(series.ignored, series.peerIgnored),
          heldAdvanceToBranchDeployRefusal: ratio(series.held, series.peerRefusal),
        }),
      },
      bytes: {
        coreChunk: core,
        dist: total,
        ...(peerBundle !== undefined && { branchDeployDist: peerBundle }),
      },
    };
    console.log(
      `\n7. Weight: CPU time (user + system) of whole processes, median of ${ROUNDS} interleaved rounds`,
    );
    console.log(`  node -e 0 (same binary)                 ${msText(results.cpuMs.nodeE0)}`);
    console.log(
      `  ordinary comment, ignored                ${msText(results.cpuMs.ignoredComment)}  (${results.ratios.ignoredCommentToNode.toFixed(2)}× node -e 0)`,
    );
    console.log(
      `  scheduled advance that holds             ${msText(results.cpuMs.heldAdvance)}  (${results.ratios.heldAdvanceToNode.toFixed(2)}× node -e 0)`,
    );
    if (peer) {
      console.log(
        `  github/branch-deploy, ordinary comment   ${msText(median(series.peerIgnored))}  → the ignored comment: ${(results.ratios.ignoredCommentToBranchDeploy ?? 0).toFixed(2)}× of it`,
      );
      console.log(
        `  github/branch-deploy, refused .deploy    ${msText(median(series.peerRefusal))}  → the held advance: ${(results.ratios.heldAdvanceToBranchDeployRefusal ?? 0).toFixed(2)}× of it`,
      );
    } else {
      console.log("  github/branch-deploy: not measured (set BRANCH_DEPLOY_DIR to a checkout of it)");
    }
    console.log(
      `  core chunk dist/index.js ${mb(core)}; all of dist/ ${mb(total)}${peerBundle ? `; branch-deploy's dist/ ${mb(peerBundle)}` : ""}`,
    );
    mergeResults("weight", results);
  } finally {
    await s.close();
    await prom.close();
  }
}

await main();
