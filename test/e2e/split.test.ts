// The traffic-split check of a baseline gate end to end: the bundled action, the GitHub stand-in, and the
// Prometheus stand-in serving a service whose requests are split as the apply step applied the rollout's
// percent (harness/mesh.ts) — correctly, late, or not at all after the first stage.

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { meshVersions, type MeshOptions } from "../../harness/mesh.ts";
import { type FakePrometheus, startFakePrometheus } from "../../harness/monitoring/fake-prometheus.ts";
import { version } from "../../harness/traffic.ts";
import type { ActionRun } from "../../harness/runner.ts";
import { comparisonGate, describeRun, Scenario } from "../../harness/scenario.ts";

const base = version("split: baseline", { errorRatio: 0.02 });
const good = version("split: canary", { errorRatio: 0.02 });

interface SplitRecord {
  verdict: string;
  side: string | null;
  explanation: string;
  onMismatch: string;
  tolerance: number;
  windows: { stage: number; planned: number; share: number | null; verdict: string }[];
}

interface GateOutput {
  verdict: string;
  message: string;
  baseline?: { verdict: string; split?: SplitRecord };
}

let prom: FakePrometheus;
let s: Scenario | undefined;
let mesh: Omit<MeshOptions, "versions"> = { rps: 2000 };

beforeAll(async () => {
  prom = await startFakePrometheus({
    versions: () =>
      s
        ? meshVersions(s.github.deployments({ environment: "production" }), {
            ...mesh,
            versions: [base, good],
          })
        : [],
  });
});
afterAll(() => prom.close());
afterEach(async () => {
  await s?.close();
  s = undefined;
});

async function scenario(options: Omit<MeshOptions, "versions">, extra = ""): Promise<Scenario> {
  mesh = options;
  s = await Scenario.create(comparisonGate(prom.url, extra));
  s.seedCompletedRollout(base.sha);
  return s;
}

function ok(r: ActionRun): ActionRun {
  if (r.exitCode !== 0) throw new Error(`the action failed:\n${describeRun(r)}`);
  return r;
}

function gateOf(r: ActionRun): GateOutput {
  const gates = JSON.parse(r.outputs.gates ?? "[]") as GateOutput[];
  expect(gates, describeRun(r)).toHaveLength(1);
  return gates[0] as GateOutput;
}

/** The apply step works for the start and fails at every later transition: the canary stays at stage 1. */
const stuckAfterStart = (percent: number, n: number) => (n === 0 ? percent : undefined);

describe("the traffic split of a baseline gate", () => {
  it("a correctly applied split passes, and the record and the summary show it per stage", async () => {
    // 10,000 requests a second: enough, at the default split-dispersion, to place stage 2's share in its band.
    const sc = await scenario({ rps: 10_000, lagSeconds: 30 });
    ok(await sc.push(good.sha));
    sc.wait(31);
    const first = ok(await sc.schedule());
    expect(first.outputs).toMatchObject({ decision: "advance", percent: "5" });
    sc.wait(31);
    const r = ok(await sc.schedule());
    expect(r.outputs, describeRun(r)).toMatchObject({ decision: "advance", percent: "25" });
    const split = gateOf(r).baseline?.split;
    expect(split).toMatchObject({ verdict: "ok", side: null, onMismatch: "hold", tolerance: 0.5 });
    // At 1% the interval is wider than the band's 0.5–1.5%: no alarm, no proof either.
    expect(split?.windows.map((w) => [w.stage, w.planned, w.verdict])).toEqual([
      [1, 0.01, "inconclusive"],
      [2, 0.05, "ok"],
    ]);
    // The apply step's 30 s lag leaves a trace of stage 1's 1% in the window.
    expect(split?.windows[1]?.share).toBeCloseTo(0.05, 2);
    expect(split?.explanation).toMatch(
      /^ok: the canary served (4\.9\d|5(\.\d+)?)% of requests in stage 2 \(5%\)/,
    );
    expect(r.warnings.filter((w) => w.includes("split"))).toEqual([]);
    expect(r.summary).toContain("##### Traffic split");
    expect(r.summary).toMatch(/\| 2 \(5%\) \| 2\.5–7\.5% \| (4\.9\d|5(\.\d+)?)% \|/);
  });

  it("holds a split stuck at the previous stage, with a warning naming the share seen against the plan", async () => {
    const sc = await scenario({ rps: 2000, lagSeconds: 30, apply: stuckAfterStart });
    ok(await sc.push(good.sha));
    sc.wait(31);
    expect(ok(await sc.schedule()).outputs).toMatchObject({ decision: "advance", percent: "5" });
    sc.wait(31);
    const r = ok(await sc.schedule());
    expect(r.outputs, describeRun(r)).toMatchObject({ decision: "hold", percent: "5", changed: "false" });
    const g = gateOf(r);
    expect(g.verdict).toBe("inconclusive");
    expect(g.baseline?.split).toMatchObject({ verdict: "mismatch", side: "below" });
    const warning = r.warnings.find((w) => w.includes("canary-vs-baseline"));
    expect(warning).toMatch(
      /^Gate "canary-vs-baseline": the traffic is not split as planned, so the rollout holds \(on-split-mismatch: hold\): the canary served 1(\.\d+)?% of requests in stage 2 \(5%\), at most 1\.\d+% with 95% confidence, below the 2\.5–7\.5% the plan allows/,
    );
    expect(g.message).toContain("the canary served 1");
    expect(r.outputs.reason).toContain("the canary served 1");
    expect(r.summary).toContain("mismatch");
    // Nothing was recorded: the rollout stays at stage 2, and the next run applies 5% again.
    expect(sc.statusesOf(good.sha).at(-1)?.description).toBe("stage 2/5 · 5% · advanced: gates passed");
  });

  it("rolls back on a split stuck at the previous stage with on-split-mismatch: fail", async () => {
    const sc = await scenario(
      { rps: 2000, lagSeconds: 30, apply: stuckAfterStart },
      "  on-split-mismatch: fail\n",
    );
    ok(await sc.push(good.sha));
    sc.wait(31);
    expect(ok(await sc.schedule()).outputs).toMatchObject({ decision: "advance", percent: "5" });
    sc.wait(31);
    const r = ok(await sc.schedule());
    expect(r.outputs, describeRun(r)).toMatchObject({ decision: "rollback", percent: "0", changed: "true" });
    const g = gateOf(r);
    expect(g.verdict).toBe("fail");
    // The judge itself saw no increase: the split alone failed the gate.
    expect(g.baseline?.verdict).not.toBe("fail");
    expect(g.message).toMatch(/on-split-mismatch: fail/);
    expect(sc.statusesOf(good.sha).at(-1)?.description).toBe(
      "stage 2/5 · 0% · rolled back: canary-vs-baseline failed",
    );
  });

  it("right after a transition, the old split within split-settle raises no alarm; without the allowance it would", async () => {
    const young = async (extra: string) => {
      // The apply step takes 4 minutes: a run 5 minutes into stage 2 sees mostly stage 1's split.
      const sc = await scenario({ rps: 4000, lagSeconds: 240 }, extra);
      const inputs = { "bake-time": "1m" };
      ok(await sc.push(good.sha, inputs));
      sc.wait(31);
      expect(ok(await sc.schedule(inputs)).outputs).toMatchObject({ decision: "advance", percent: "5" });
      sc.wait(5);
      const r = ok(await sc.schedule(inputs));
      await sc.close();
      s = undefined;
      return r;
    };
    const settled = await young("");
    const split = gateOf(settled).baseline?.split;
    expect(split?.verdict, split?.explanation).not.toBe("mismatch");
    expect(split?.windows[1]?.share).toBeLessThan(0.025);
    expect(settled.warnings.filter((w) => w.includes("not split as planned"))).toEqual([]);

    const unsettled = await young("  split-settle: 0s\n");
    expect(gateOf(unsettled).baseline?.split).toMatchObject({ verdict: "mismatch", side: "below" });
    expect(unsettled.outputs.decision).toBe("hold");
    expect(unsettled.warnings.some((w) => w.includes("not split as planned"))).toBe(true);
  });
});
