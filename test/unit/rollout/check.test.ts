import { describe, expect, it } from "vitest";
import type { GateVerdict } from "../../../src/rollout/model.ts";
import { checkDecision, checkSubject } from "../../../src/rollout/check.ts";
import { minutes, rolloutOf, SHA_A, SHA_B, STAGES } from "../fixtures.ts";

const verdict = (name: string, v: GateVerdict["verdict"], more: Partial<GateVerdict> = {}): GateVerdict => ({
  name,
  verdict: v,
  shadow: false,
  message: `${name} says ${v}`,
  ...more,
});

const rolling = rolloutOf(SHA_A, [
  { event: "started", stage: 1, percent: 1, at: 0 },
  { event: "advanced", stage: 2, percent: 5, at: 10 },
]);
const done = rolloutOf(SHA_A, [
  { event: "started", stage: 1, percent: 1, at: 0 },
  { event: "completed", stage: 5, percent: 100, at: 10 },
]);

describe("checkSubject: what a check evaluates", () => {
  it("the rollout in flight, at its stage, since the stage went live (bake time ignored)", () => {
    const s = checkSubject({ current: rolling, stages: STAGES, now: minutes(12), bakeTimeSeconds: 3600 });
    expect(s).toMatchObject({ sha: SHA_A, stageIndex: 1, percent: 5, inFlight: true });
    expect(s?.stageStartedAt).toEqual(minutes(10));
  });

  it("with none in flight, the version a start would roll out, as if at the first stage for one bake time", () => {
    const s = checkSubject({
      current: done,
      target: { sha: SHA_B, baselineSha: SHA_A },
      stages: STAGES,
      now: minutes(100),
      bakeTimeSeconds: 30 * 60,
    });
    expect(s).toMatchObject({ sha: SHA_B, baselineSha: SHA_A, stageIndex: 0, percent: 1, inFlight: false });
    expect(s?.stageStartedAt).toEqual(minutes(70));
    expect(s?.transitions).toEqual([]);
  });

  it("nothing without a version", () => {
    expect(checkSubject({ stages: STAGES, now: minutes(0), bakeTimeSeconds: 60 })).toBeUndefined();
  });
});

describe("checkDecision: a report, never a transition", () => {
  const subject = checkSubject({ current: rolling, stages: STAGES, now: minutes(12), bakeTimeSeconds: 60 });
  if (!subject) throw new Error("no subject");

  it("records nothing and leaves percent at the real desired state", () => {
    const d = checkDecision(subject, [verdict("http-5xx", "pass"), verdict("p99", "inconclusive")]);
    expect(d).toMatchObject({ kind: "none", percent: 5, previousPercent: 5, stageIndex: 1 });
    expect(d.record).toBeUndefined();
    expect(d.error).toBeUndefined();
    expect(d.reason).toBe(
      "checked 2 gates for aaaaaaa at stage 2/5 (5%): 1 pass, 1 inconclusive; nothing recorded",
    );
  });

  it("fails on a misconfigured gate, shadow or not", () => {
    const d = checkDecision(subject, [
      verdict("http-5xx", "pass"),
      verdict("p99", "error", {
        misconfigured: true,
        shadow: true,
        message: "prometheus refused the request",
      }),
    ]);
    expect(d.error).toBe(
      "checked 2 gates for aaaaaaa at stage 2/5 (5%): 1 pass, 1 error; nothing recorded; misconfigured: p99: prometheus refused the request",
    );
  });

  it("says when the version has no rollout yet, with percent 0", () => {
    const fresh = checkSubject({
      target: { sha: SHA_B },
      stages: STAGES,
      now: minutes(60),
      bakeTimeSeconds: 60,
    });
    if (!fresh) throw new Error("no subject");
    const d = checkDecision(fresh, []);
    expect(d).toMatchObject({ kind: "none", percent: 0, previousPercent: 0 });
    expect(d.reason).toBe(
      "checked 0 gates for bbbbbbb, not rolling out yet, as if at stage 1/5 (1%): no gates configured; nothing recorded",
    );
  });
});
