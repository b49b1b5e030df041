// Whole rollouts through the bundled action, against the GitHub stand-in and a real Prometheus.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type RunningPrometheus,
  skipWithoutPrometheus,
  startPrometheus,
} from "../../harness/monitoring/real-prometheus.ts";
import { baseline, healthy, lowTraffic, regressed, silent } from "../../harness/traffic.ts";
import type { ActionRun } from "../../harness/runner.ts";
import { countGate, describeRun, latencyGate, Scenario } from "../../harness/scenario.ts";

const skip = skipWithoutPrometheus();

function ok(r: ActionRun): ActionRun {
  if (r.exitCode !== 0) throw new Error(`the action failed:\n${describeRun(r)}`);
  return r;
}

describe.skipIf(skip)("rollouts gated on a real Prometheus", () => {
  let prom: RunningPrometheus;
  let s: Scenario;

  beforeAll(async () => {
    prom = await startPrometheus({ versions: [healthy, regressed, silent, lowTraffic, baseline] });
  });
  afterAll(async () => {
    await prom?.close();
  });
  beforeEach(async () => {
    s = await Scenario.create(countGate(prom.url) + latencyGate(prom.url));
    return () => s.close();
  });

  it("takes a healthy version from 1% to 100% one stage per run, holding during bake time", async () => {
    const start = ok(await s.push(healthy.sha));
    expect(start.outputs).toMatchObject({
      decision: "start",
      percent: "1",
      "previous-percent": "0",
      stage: "1",
      "stage-count": "5",
      changed: "true",
      sha: healthy.sha,
    });

    s.github.resetLog();
    const early = ok(await s.schedule());
    expect(early.outputs).toMatchObject({
      decision: "hold",
      percent: "1",
      changed: "false",
      sha: healthy.sha,
    });
    expect(early.outputs.reason).toContain("bake time");
    expect(s.github.writes()).toHaveLength(0);

    const seen: string[] = [];
    for (const expected of ["5", "25", "50", "100"]) {
      s.wait(31);
      const r = ok(await s.schedule());
      expect(r.outputs.decision, describeRun(r)).toBe("advance");
      expect(r.outputs.percent).toBe(expected);
      seen.push(r.outputs.percent as string);
      const gates = JSON.parse(r.outputs.gates as string) as {
        name: string;
        verdict: string;
        samples: number | null;
      }[];
      expect(gates.map((g) => [g.name, g.verdict])).toEqual([
        ["http-5xx", "pass"],
        ["p99-latency", "pass"],
      ]);
      expect(gates[0]?.samples).toBeGreaterThan(30_000);
    }
    s.wait(31);
    const done = ok(await s.schedule());
    expect(done.outputs).toMatchObject({
      decision: "complete",
      percent: "100",
      "previous-percent": "100",
      changed: "true",
    });
    expect(done.summary).toContain("| http-5xx | prometheus |");
    expect(done.summary).toContain("✅ pass");

    const after = ok(await s.schedule());
    expect(after.outputs).toMatchObject({ decision: "none", percent: "100", changed: "false" });

    const statuses = s.statusesOf(healthy.sha);
    expect(statuses.map((x) => [x.state, x.description])).toEqual([
      ["in_progress", "stage 1/5 · 1% · started"],
      ["in_progress", "stage 2/5 · 5% · advanced: gates passed"],
      ["in_progress", "stage 3/5 · 25% · advanced: gates passed"],
      ["in_progress", "stage 4/5 · 50% · advanced: gates passed"],
      ["in_progress", "stage 5/5 · 100% · advanced: gates passed"],
      ["success", "stage 5/5 · 100% · completed: gates passed"],
    ]);
    expect(statuses.every((x) => /\/octo-org\/shop\/actions\/runs\/\d+\/attempts\/1$/.test(x.logUrl))).toBe(
      true,
    );
    const [deployment] = s.github.deployments({ sha: healthy.sha });
    expect(deployment).toMatchObject({ task: "rollout", environment: "production" });
    expect(deployment?.payload).toEqual({
      "phased-rollout": { schema: 1, stages: [1, 5, 25, 50, 100], baseline: null, run_id: 1001 },
    });
    s.github.assertNoInvalidRequests();
  });

  it("rolls a regression back to 0% and records the baseline it replaced", async () => {
    s.github.seedDeployment({
      sha: baseline.sha,
      task: "rollout",
      environment: "production",
      payload: { "phased-rollout": { schema: 1, stages: [1, 5, 25, 50, 100], baseline: null, run_id: 1 } },
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
    });
    const start = ok(await s.push(regressed.sha));
    expect(start.outputs["baseline-sha"]).toBe(baseline.sha);
    s.wait(31);
    const r = ok(await s.schedule());
    expect(r.outputs).toMatchObject({
      decision: "rollback",
      percent: "0",
      "previous-percent": "1",
      changed: "true",
      "baseline-sha": baseline.sha,
    });
    expect(r.outputs.reason).toContain("http-5xx");
    const gates = JSON.parse(r.outputs.gates as string) as { verdict: string; value: number }[];
    expect(gates[0]?.verdict).toBe("fail");
    expect(gates[0]?.value).toBeCloseTo(0.05, 2);
    expect(r.summary).toContain("❌ fail");
    const last = s.statusesOf(regressed.sha).at(-1);
    expect(last?.state).toBe("failure");
    expect(last?.description).toMatch(/^stage 1\/5 · 0% · rolled back: http-5xx, p99-latency failed$/);

    // A later push of the same commit never retries it; an explicit start does.
    const again = ok(await s.push(regressed.sha));
    expect(again.outputs).toMatchObject({ decision: "none", percent: "0", changed: "false" });
    const retry = ok(await s.dispatch("start", { ref: regressed.sha }));
    expect(retry.outputs).toMatchObject({ decision: "start", percent: "1" });
    expect(s.github.deployments({ sha: regressed.sha })).toHaveLength(2);
    s.github.assertNoInvalidRequests();
  });

  it("holds a silent version at its first stage run after run, writing nothing", async () => {
    ok(await s.push(silent.sha));
    for (let i = 0; i < 3; i++) {
      s.wait(45);
      s.github.resetLog();
      const r = ok(await s.schedule());
      expect(r.outputs).toMatchObject({ decision: "hold", percent: "1", changed: "false" });
      const gates = JSON.parse(r.outputs.gates as string) as { verdict: string }[];
      expect(gates.map((g) => g.verdict)).toEqual(["inconclusive", "inconclusive"]);
      expect(s.github.writes()).toHaveLength(0);
    }
    expect(s.statusesOf(silent.sha)).toHaveLength(1);
  });

  it("holds a low-traffic version until it has enough requests", async () => {
    // Only the count gate: a p99 over ninety requests is noise, which is why count gates carry min-requests.
    await s.close();
    s = await Scenario.create(countGate(prom.url));
    ok(await s.push(lowTraffic.sha));
    s.wait(31);
    const r = ok(await s.schedule());
    expect(r.outputs.decision).toBe("hold");
    const gates = JSON.parse(r.outputs.gates as string) as {
      name: string;
      verdict: string;
      message: string;
    }[];
    expect(gates[0]).toMatchObject({ name: "http-5xx", verdict: "inconclusive" });
    expect(gates[0]?.message).toContain("at least 500");
    expect(r.outputs.percent).toBe("1");
  });
});
