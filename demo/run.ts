// `npm run demo`: two complete rollouts on embedded defaults, no accounts needed. The bundled action
// (dist/index.js) runs once per simulated workflow run against a local stand-in of GitHub's REST API and an
// in-process server answering Prometheus's query API over synthetic traffic, so the real provider code runs.

import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startFakePrometheus } from "../test/support/fake-prometheus.ts";
import { healthy, regressed } from "../test/support/traffic.ts";
import type { ActionRun } from "../test/e2e/runner.ts";
import { ROOT } from "../test/e2e/runner.ts";
import { countGate, latencyGate, Scenario } from "../test/e2e/scenario.ts";

const OUT = join(ROOT, "demo-output");
const BAKE_MINUTES = 30;

let step = 0;

function show(label: string, r: ActionRun): void {
  step += 1;
  if (r.exitCode !== 0) {
    process.stderr.write(`${r.stdout}\n${r.stderr}\n`);
    throw new Error(`run ${step} (${label}) failed with exit code ${String(r.exitCode)}`);
  }
  const o = r.outputs;
  const gates = JSON.parse(o.gates ?? "[]") as { name: string; verdict: string }[];
  const verdicts = gates.length ? `  gates: ${gates.map((g) => `${g.name}=${g.verdict}`).join(", ")}` : "";
  const traffic = `${o["previous-percent"] ?? "-"}% → ${o.percent ?? "-"}%`;
  console.log(
    `  ${String(step).padStart(2)}. ${label.padEnd(22)} ${(o.decision ?? "?").padEnd(9)} ${traffic.padEnd(12)} ${o.reason ?? ""}`,
  );
  if (verdicts) console.log(`      ${verdicts}`);
  const file = join(OUT, `${String(step).padStart(2, "0")}-${o.decision ?? "run"}.md`);
  writeFileSync(file, r.summary);
}

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const prometheus = await startFakePrometheus({ versions: [healthy, regressed] });
  const gates = countGate(prometheus.url) + latencyGate(prometheus.url);
  const s = await Scenario.create(gates);
  try {
    console.log(`GitHub stand-in at ${s.github.url}; Prometheus-compatible server at ${prometheus.url}`);
    console.log(
      `Plan 1% → 5% → 25% → 50% → 100%, bake time ${BAKE_MINUTES}m, gates: http-5xx (≤ 1%), p99-latency (≤ 0.5s)\n`,
    );

    console.log(`Rollout 1: ${healthy.sha.slice(0, 7)}, a healthy version (0.2% errors, fast)`);
    show("push", await s.push(healthy.sha));
    show("schedule (5m later)", (s.wait(5), await s.schedule()));
    for (;;) {
      s.wait(BAKE_MINUTES + 1);
      const r = await s.schedule();
      show(`schedule (+${BAKE_MINUTES + 1}m)`, r);
      if (r.outputs.decision !== "advance") break;
    }

    console.log(`\nRollout 2: ${regressed.sha.slice(0, 7)}, a regression (5% errors, slow)`);
    show("push", await s.push(regressed.sha));
    s.wait(BAKE_MINUTES + 1);
    show(`schedule (+${BAKE_MINUTES + 1}m)`, await s.schedule());
    show("push (same commit)", await s.push(regressed.sha));

    console.log("\nWhat GitHub holds (one deployment per rollout, one status per transition):");
    for (const d of s.github.deployments({ environment: "production" }).reverse()) {
      console.log(`  deployment ${d.id} · ${d.sha.slice(0, 7)}`);
      for (const st of d.statuses) console.log(`    ${st.state.padEnd(12)} ${st.description}`);
    }
    s.github.assertNoInvalidRequests();
    console.log(`\nJob summaries written to ${OUT}/ (one Markdown file per run).`);
  } finally {
    await s.close();
    await prometheus.close();
  }
}

await main();
