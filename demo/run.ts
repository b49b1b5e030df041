// `npm run demo`: three complete rollouts and a wave through three environments, on embedded defaults, no accounts
// needed, then a replay of the first three rollouts' gates. The bundled action
// (dist/index.js) runs once per simulated workflow run against a local stand-in of GitHub's REST API and an
// in-process server answering Prometheus's query API over synthetic traffic, so the real provider code runs.

import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startFakePrometheus } from "../harness/monitoring/fake-prometheus.ts";
import { healthy, regressed, type Version, version } from "../harness/traffic.ts";
import type { ActionRun } from "../harness/runner.ts";
import { ROOT } from "../harness/runner.ts";
import { comparisonGate, countGate, latencyGate, Scenario } from "../harness/scenario.ts";

const BAKE_MINUTES = 30;
const JUDGE = "canary-vs-baseline";

/**
 * Rollout 3's service, in requests per second: at 1%, the canary's ~43 errors an hour are past the ~30 the judge
 * needs to catch a 2× regression (docs/statistics.md), so the second scheduled run rolls it back.
 */
const SERVICE_RPS = 300;

/** Twice the healthy version's 0.2% errors, yet well under the fixed 1% threshold; as fast. */
export const subtle: Version = version("subtle regression", { errorRatio: 0.004 });

export interface DemoOptions {
  /** Where the job summaries go, one Markdown file per run; emptied first. Default: demo-output/. */
  out?: string;
  log?: (line: string) => void;
}

interface GateRecord {
  name: string;
  verdict: string;
  message: string;
  queries?: string[];
}

interface ReplayOutput {
  rollouts: { sha: string; outcome: string; stages: { percent: number; would: string }[] }[];
  summary: { sentence: string };
}

export function gatesOf(r: ActionRun): GateRecord[] {
  return JSON.parse(r.outputs.gates || "[]") as GateRecord[];
}

/** The service's traffic at a stage: the canary takes its percent, the version it replaces the rest. */
function split(percent: number, stable: Version, canary: Version): Version[] {
  const share = percent / 100;
  return [
    { ...stable, rps: SERVICE_RPS * (1 - share) },
    { ...canary, rps: SERVICE_RPS * share },
  ];
}

/** Runs the three rollouts and the wave and returns each one's runs, in order, then the replay's run on its own. */
export async function runDemo(options: DemoOptions = {}): Promise<ActionRun[][]> {
  const out = options.out ?? join(ROOT, "demo-output");
  const log = options.log ?? ((line: string) => console.log(line));
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  let step = 0;
  const rollouts: ActionRun[][] = [];
  const show = (label: string, r: ActionRun, judged = false): ActionRun => {
    step += 1;
    if (r.exitCode !== 0) {
      throw new Error(
        `run ${step} (${label}) failed with exit code ${String(r.exitCode)}:\n${r.stdout}\n${r.stderr}`,
      );
    }
    rollouts.at(-1)?.push(r);
    const o = r.outputs;
    const gates = gatesOf(r);
    const traffic = `${o["previous-percent"] ?? "-"}% → ${o.percent ?? "-"}%`;
    const judge = judged ? gates.find((g) => g.name === JUDGE) : undefined;
    // The judge's message gets a line of its own below, so the reason stops where it would repeat it.
    const reason = judge ? (o.reason ?? "").split(`: ${JUDGE}: `)[0] : o.reason;
    log(
      `  ${String(step).padStart(2)}. ${label.padEnd(22)} ${(o.decision ?? "?").padEnd(9)} ${traffic.padEnd(12)} ${reason ?? ""}`,
    );
    if (gates.length) log(`        gates: ${gates.map((g) => `${g.name}=${g.verdict}`).join(", ")}`);
    if (judge) log(`        judge: ${judge.message}`);
    writeFileSync(join(out, `${String(step).padStart(2, "0")}-${o.decision ?? "run"}.md`), r.summary);
    return r;
  };
  const rollout = (title: string) => {
    rollouts.push([]);
    log(`${rollouts.length > 1 ? "\n" : ""}Rollout ${rollouts.length}: ${title}`);
  };

  const prometheus = await startFakePrometheus({ versions: [healthy, regressed] });

  // The demo ends with `command: replay`: the three rollouts' gates (the judge included) run again over their
  // stage windows, as if live, next to what happened. Every version serves as it did during its rollout.
  const replayAll = async (sc: Scenario, replayGates: string) => {
    prometheus.setVersions([...split(1, healthy, subtle), regressed]);
    log(
      "\nReplay: what these three gates would have decided on rollouts 1 to 3 (command: replay, writes nothing)",
    );
    const writes = sc.github.writes().length;
    const r = await sc.dispatch("replay", { gates: replayGates });
    step += 1;
    if (r.exitCode !== 0 || sc.github.writes().length !== writes) {
      throw new Error(`the replay failed or wrote to GitHub:\n${r.stdout}\n${r.stderr}`);
    }
    rollouts.push([r]);
    const record = JSON.parse(r.outputs.replay ?? "{}") as ReplayOutput;
    for (const x of record.rollouts) {
      const stages = x.stages.map((st) => `${st.percent}% ${st.would}`).join(", ");
      log(`  ${x.sha.slice(0, 7)} ${x.outcome.padEnd(22)} gates would: ${stages}`);
    }
    log(`  ${record.summary.sentence}`);
    writeFileSync(join(out, `${String(step).padStart(2, "0")}-replay.md`), r.summary);
  };
  const gates = countGate(prometheus.url) + latencyGate(prometheus.url);
  const s = await Scenario.create(gates);
  try {
    log(`GitHub stand-in at ${s.github.url}; Prometheus-compatible server at ${prometheus.url}`);
    log(
      `Plan 1% → 5% → 25% → 50% → 100%, bake time ${BAKE_MINUTES}m, gates: http-5xx (≤ 1%), p99-latency (≤ 0.5s)\n`,
    );

    log(
      "Before the first rollout: command: check asks every gate now, as if at the first stage, and writes nothing",
    );
    s.github.addCommit({ sha: healthy.sha });
    const checked = show("dispatch check", await s.dispatch("check", { ref: healthy.sha }));
    for (const g of gatesOf(checked)) log(`        ${g.name} sent: ${g.queries?.at(-1) ?? ""}`);
    log("");

    rollout(`${healthy.sha.slice(0, 7)}, a healthy version (0.2% errors, fast)`);
    show("push", await s.push(healthy.sha));
    show("schedule (5m later)", (s.wait(5), await s.schedule()));
    for (;;) {
      s.wait(BAKE_MINUTES + 1);
      const r = show(`schedule (+${BAKE_MINUTES + 1}m)`, await s.schedule());
      if (r.outputs.decision !== "advance") break;
    }

    // The last summary of rollout 1 charts its stages: the timeline a reviewer sees.
    const chart = /```mermaid\n([\s\S]*?)```/.exec(rollouts.at(-1)?.at(-1)?.summary ?? "")?.[1] ?? "";
    log("\n  Its timeline, as the job summary charts it (Mermaid, rendered by GitHub):");
    for (const line of chart.trimEnd().split("\n")) log(`    ${line}`);

    rollout(`${regressed.sha.slice(0, 7)}, a regression (5% errors, slow)`);
    show("push", await s.push(regressed.sha));
    s.wait(BAKE_MINUTES + 1);
    show(`schedule (+${BAKE_MINUTES + 1}m)`, await s.schedule());
    show("push (same commit)", await s.push(regressed.sha));

    rollout(
      `${subtle.sha.slice(0, 7)}, a subtle regression (0.4% errors: under the 1% threshold, twice the baseline's 0.2%)`,
    );
    log(
      `  ${SERVICE_RPS} requests/s, 1% to the canary and 99% to the baseline ${healthy.sha.slice(0, 7)}; a third gate, ` +
        `${JUDGE}, rolls back at 95% confidence that the canary fails more than 1.2× as often`,
    );
    // Rollout 3 never leaves its first stage, so one split serves it throughout.
    prometheus.setVersions(split(1, healthy, subtle));
    const withJudge = { gates: gates + comparisonGate(prometheus.url) };
    const start = show("push", await s.push(subtle.sha, withJudge));
    if (start.outputs["baseline-sha"] !== healthy.sha) {
      throw new Error(
        `rollout 3 compares with ${start.outputs["baseline-sha"] ?? "nothing"}, not ${healthy.sha}`,
      );
    }
    for (let runs = 0; ; runs++) {
      if (runs === 6) throw new Error(`rollout 3 was still held after ${runs} scheduled runs`);
      s.wait(BAKE_MINUTES + 1);
      const r = show(`schedule (+${BAKE_MINUTES + 1}m)`, await s.schedule(withJudge), true);
      if (r.outputs.decision !== "hold") break;
    }

    await demoWave(rollout, show, log);
    await replayAll(s, withJudge.gates);

    log("\nWhat GitHub holds (one deployment per rollout, one status per transition):");
    for (const d of s.github.deployments({ environment: "production" }).reverse()) {
      log(`  deployment ${d.id} · ${d.sha.slice(0, 7)}`);
      for (const st of d.statuses) log(`    ${st.state.padEnd(12)} ${st.description}`);
    }
    s.github.assertNoInvalidRequests();
    log(`\nJob summaries written to ${out}/ (one Markdown file per run).`);
    return rollouts;
  } finally {
    await s.close();
    await prometheus.close();
  }
}

const WAVE_FREEZE = `
- name: weekend
  cron: "0 17 * * FRI"
  duration: 64h
  timezone: Europe/Berlin
`;

/**
 * Rollout 4: one workflow with a job per environment (examples/wave.yml) carries a version from staging to eu
 * to us, each after the one before, and the weekend freeze holds us from Friday 17:00 in Berlin until Monday.
 * No gates, so the wave's own decisions show; a fixed clock, so the freeze opens whatever day the demo runs.
 */
async function demoWave(
  rollout: (title: string) => void,
  show: (label: string, r: ActionRun) => ActionRun,
  log: (line: string) => void,
): Promise<void> {
  const s = await Scenario.create("", "staging");
  try {
    rollout(`a wave: ${healthy.sha.slice(0, 7)} through staging, eu and us (each after the one before)`);
    log(`  plan 50% → 100%, bake time ${BAKE_MINUTES}m; freeze: weekend, Friday 17:00 Europe/Berlin for 64h`);
    s.setClock("2026-11-20T10:00:00Z");
    const job = (environment: string, after?: string) => ({
      environment,
      ...(after && { after }),
      stages: "50, 100",
      "bake-time": `${BAKE_MINUTES}m`,
      freeze: WAVE_FREEZE,
    });
    const jobs = [job("staging"), job("eu", "staging"), job("us", "eu")];
    const workflowRun = async (label: string, push?: string) => {
      for (const inputs of jobs) {
        const r = push ? await s.push(push, inputs) : await s.schedule(inputs);
        show(`${label}: ${inputs.environment}`.padEnd(22), r);
      }
    };
    await workflowRun("push", healthy.sha);
    for (let i = 0; i < 4; i++) {
      s.wait(BAKE_MINUTES + 1);
      await workflowRun(`+${BAKE_MINUTES + 1}m`);
    }
    s.setClock("2026-11-20T16:05:00Z");
    await workflowRun("Fri 17:05 CET");
    s.setClock("2026-11-23T08:05:00Z");
    await workflowRun("Mon 09:05 CET");
    s.wait(BAKE_MINUTES + 1);
    await workflowRun(`+${BAKE_MINUTES + 1}m`);
    s.github.assertNoInvalidRequests();
  } finally {
    await s.close();
  }
}

if (import.meta.main) await runDemo();
