// The canary-vs-baseline gate end to end: the bundled action (dist/index.js), the GitHub stand-in, and the
// in-process Prometheus stand-in serving synthetic traffic per version.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakePrometheus, startFakePrometheus } from "../../harness/monitoring/fake-prometheus.ts";
import { version } from "../../harness/traffic.ts";
import type { ActionRun } from "../../harness/runner.ts";
import { comparisonGate, describeRun, Scenario } from "../../harness/scenario.ts";

// 20 requests per second each; 2% errors for the baseline and the healthy canary, 6% for the regressed one.
const base = version("baseline-gate: baseline", { errorRatio: 0.02 });
const good = version("baseline-gate: healthy canary", { errorRatio: 0.02 });
const bad = version("baseline-gate: 3x canary", { errorRatio: 0.06 });

interface GateOutput {
  name: string;
  verdict: string;
  value: number | null;
  threshold: number | null;
  samples: number | null;
  message: string;
  queries: string[];
  baseline?: {
    sha: string;
    canary: { errors: number; total: number };
    baseline: { errors: number; total: number };
    ratio: number | null;
    interval: [number, number | null];
    eValue: number;
    threshold: number;
    verdict: string;
    projection: { towards: string; canaryRequests: number; hours: number | null } | null;
    windows: { stage: number; percent: number; from: string; to: string; canary: { total: number } }[];
  };
}

// Every version serves 20 requests a second whatever the stage, a split no plan chose: here the split check only
// warns, so the judge's own verdicts show (test/e2e/split.test.ts tests the split over a mesh that follows the plan).
const SPLIT_WARNS = "  on-split-mismatch: warn\n";

let prom: FakePrometheus;
let s: Scenario;

beforeAll(async () => {
  prom = await startFakePrometheus({ versions: [base, good, bad] });
});
afterAll(() => prom.close());
beforeEach(async () => {
  s = await Scenario.create(comparisonGate(prom.url, SPLIT_WARNS));
});
afterEach(() => s.close());

function ok(r: ActionRun): ActionRun {
  if (r.exitCode !== 0) throw new Error(`the action failed:\n${describeRun(r)}`);
  return r;
}

function gateOf(r: ActionRun): GateOutput {
  const gates = JSON.parse(r.outputs.gates as string) as GateOutput[];
  expect(gates).toHaveLength(1);
  return gates[0] as GateOutput;
}

/** The baseline's rollout completed earlier, so the next rollout replaces it. */
function seedBaseline(): void {
  s.seedCompletedRollout(base.sha);
}

/** Prometheus requests a run made: runs are sequential, so the ones after `from`. */
function queriesSince(from: number) {
  return prom.requests.slice(from).map((q) => ({ query: q.query ?? "", time: Number(q.time) }));
}

describe("canary vs baseline", () => {
  it("holds while the evidence is inconclusive, then passes a healthy canary once enough traffic is in", async () => {
    seedBaseline();
    const start = ok(await s.push(good.sha, { "bake-time": "1m" }));
    expect(start.outputs["baseline-sha"]).toBe(base.sha);

    // Two minutes: 2,400 requests and ~48 errors per version, too few to tell a +20% increase apart.
    s.wait(2);
    const early = ok(await s.schedule({ "bake-time": "1m" }));
    expect(early.outputs).toMatchObject({ decision: "hold", percent: "1", changed: "false" });
    const held = gateOf(early);
    expect(held).toMatchObject({ verdict: "inconclusive", threshold: 1.2 });
    expect(held.message).toMatch(/^inconclusive: .*too few errors yet/);
    expect(early.outputs.reason).toContain("canary-vs-baseline");
    // With both versions at a steady 2%, the rates seen so far do hold: the projection heads for a pass, and
    // the canary requests it asks for come in before the run at 31 minutes, which passes.
    const projection = held.baseline?.projection;
    expect(projection?.towards).toBe("pass");
    expect(projection?.canaryRequests).toBeGreaterThan(10_000);
    expect(projection?.canaryRequests).toBeLessThan(37_000 - 2_400);
    // 2,400 canary requests in the stage's 2 minutes: 72,000 an hour.
    expect(projection?.hours).toBeCloseTo((projection?.canaryRequests ?? 0) / 72_000, 2);
    expect(held.message).toMatch(
      /; if the rates seen so far hold, about [\d,]+ more canary requests \(about \d+ minutes at this stage's pace\) would be enough to pass\. Traffic split: /,
    );
    expect(early.summary).toMatch(
      /- \*\*To settle it\*\*: about [\d,]+ more canary requests \(about \d+ minutes at this stage's pace\) would be enough to pass, if the rates seen so far hold/,
    );

    s.wait(29);
    const r = ok(await s.schedule({ "bake-time": "1m" }));
    expect(r.outputs).toMatchObject({ decision: "advance", percent: "5", changed: "true" });
    const g = gateOf(r);
    expect(g.verdict).toBe("pass");
    expect(g.value).toBeGreaterThan(0.9);
    expect(g.value).toBeLessThan(1.1);
    expect(g.threshold).toBe(1.2);
    expect(g.message).toMatch(/^pass: the canary's error rate is 1(\.\d+)?× the baseline's, at most/);
    // 31 minutes at 20 requests per second.
    expect(g.samples).toBeGreaterThan(36_000);
    expect(g.samples).toBeLessThan(38_000);
    expect(g.baseline).toMatchObject({ sha: base.sha, threshold: 20, verdict: "pass", projection: null });
    expect(g.baseline?.interval[1]).toBeLessThan(1.2);
    expect(g.baseline?.canary.errors).toBeGreaterThan(700);
    expect(r.summary).toContain(
      `#### canary-vs-baseline: new version vs baseline \`${base.sha.slice(0, 7)}\``,
    );
    expect(r.summary).toContain("**Verdict**: pass: with 95% confidence");
    expect(r.summary).not.toContain("To settle it");
    expect(r.summary).toMatch(/\| canary-vs-baseline \| prometheus \| 1(\.\d+)?× \| 1\.2× \|/);
  });

  it("rolls back a canary that fails three times as often as the baseline", async () => {
    seedBaseline();
    ok(await s.push(bad.sha));
    s.wait(31);
    const r = ok(await s.schedule());
    expect(r.outputs).toMatchObject({ decision: "rollback", percent: "0", changed: "true" });
    const g = gateOf(r);
    expect(g.verdict).toBe("fail");
    expect(g.value).toBeGreaterThan(2.8);
    expect(g.value).toBeLessThan(3.2);
    expect(g.message).toMatch(/^fail: the canary's error rate is 3(\.\d+)?× the baseline's, at least/);
    expect(g.baseline?.eValue).toBeGreaterThanOrEqual(20);
    expect(g.baseline?.interval[0]).toBeGreaterThan(1.2);
    expect(r.summary).toContain(
      "**Verdict**: roll back: with 95% confidence, the new version fails more than 1.2×",
    );
    expect(s.statusesOf(bad.sha).at(-1)?.description).toBe(
      "stage 1/5 · 0% · rolled back: canary-vs-baseline failed",
    );
  });

  it("carries the evidence of an earlier stage into a later one: one window per stage", async () => {
    seedBaseline();
    ok(await s.push(good.sha));
    s.wait(31);
    ok(await s.schedule());
    s.wait(20);
    const before = prom.requests.length;
    const r = ok(await s.schedule());
    // Stage 2 has been live 20 of the 30 minutes of bake time: this run holds without asking the gates.
    expect(r.outputs).toMatchObject({ decision: "hold", percent: "5" });
    expect(prom.requests.length).toBe(before);

    // 32 minutes in all, so the two windows differ in length and their queries can be told apart.
    s.wait(12);
    const from = prom.requests.length;
    const next = ok(await s.schedule());
    expect(next.outputs).toMatchObject({ decision: "advance", "previous-percent": "5", percent: "25" });
    const g = gateOf(next);
    // Four queries per window, two windows: stage 1 (31 minutes, up to when stage 2 went live) and stage 2 (32
    // minutes, up to now).
    const sent = queriesSince(from);
    expect(sent).toHaveLength(8);
    expect(g.queries).toHaveLength(8);
    expect(g.baseline?.windows.map((w) => [w.stage, w.percent])).toEqual([
      [1, 1],
      [2, 5],
    ]);
    const [w1, w2] = g.baseline?.windows ?? [];
    const stage2Start = Date.parse(w2?.from ?? "") / 1000;
    expect(w1?.to).toBe(w2?.from);
    expect((Date.parse(w1?.to ?? "") - Date.parse(w1?.from ?? "")) / 1000).toBeGreaterThanOrEqual(31 * 60);
    expect(sent.filter((q) => q.time === stage2Start)).toHaveLength(4);
    const stage1Seconds = (Date.parse(w1?.to ?? "") - Date.parse(w1?.from ?? "")) / 1000;
    expect(sent.filter((q) => q.query.includes(`[${stage1Seconds}s]`))).toHaveLength(4);
    expect(new Set(sent.map((q) => q.query.includes(base.sha)))).toEqual(new Set([true, false]));
    // The canary's requests of both stages, 63 minutes at 20 per second, are all in the record.
    expect(g.samples).toBe((w1?.canary.total ?? 0) + (w2?.canary.total ?? 0));
    expect(g.samples).toBeGreaterThan(72_000);
    expect(next.summary).toContain("Evidence from 2 stage windows");
  });

  it("without a baseline version the gate is inconclusive and nothing is queried", async () => {
    const start = ok(await s.push(good.sha));
    expect(start.outputs["baseline-sha"]).toBe("");
    s.wait(31);
    const from = prom.requests.length;
    const r = ok(await s.schedule());
    expect(r.outputs).toMatchObject({ decision: "hold", percent: "1", changed: "false" });
    const g = gateOf(r);
    expect(g).toMatchObject({ verdict: "inconclusive", value: null, samples: null, threshold: 1.2 });
    expect(g.message).toContain("there is nothing to compare against");
    expect(g.baseline).toBeUndefined();
    expect(prom.requests.length).toBe(from);
  });

  it("an absolute guard alongside still applies to the canary's own error rate", async () => {
    seedBaseline();
    const gates = comparisonGate(prom.url, `  max-error-rate: 0.01\n${SPLIT_WARNS}`);
    ok(await s.push(good.sha, { gates }));
    s.wait(31);
    const r = ok(await s.schedule({ gates }));
    // The judge passes (both at 2%), but 2% is above the 1% guard.
    expect(r.outputs).toMatchObject({ decision: "rollback", percent: "0" });
    const g = gateOf(r);
    expect(g).toMatchObject({ verdict: "fail", threshold: 1.2 });
    expect(g.baseline?.verdict).toBe("pass");
    expect(g.message).toContain("Guard on the canary alone in this stage: error rate 2% ");
  });
});
