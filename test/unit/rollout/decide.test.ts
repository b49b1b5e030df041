import { describe, expect, it } from "vitest";
import type { Command } from "../../../src/rollout/model.ts";
import type { Decision, Step } from "../../../src/rollout/decide.ts";
import { decideInput as input, decideWith, gate } from "../../support/decide.ts";
import type { GateResult, Verdict } from "../../../src/gates/result.ts";
import type { Rollout } from "../../../src/rollout/model.ts";
import { minutes, rolloutOf, SHA_A, SHA_B, STAGES } from "../fixtures.ts";

function final(outcome: Step): Decision {
  if (outcome.kind === "need-gates") throw new Error("expected a decision, got need-gates");
  return outcome;
}

const at = (stage: number, since: number, more: Parameters<typeof rolloutOf>[1] = []) =>
  rolloutOf(SHA_A, [
    { event: "started", stage: 1, percent: 1, at: 0 },
    ...(stage > 1
      ? [{ event: "advanced" as const, stage, percent: STAGES[stage - 1] as number, at: since }]
      : []),
    ...more,
  ]);

describe("advance", () => {
  it("holds during bake time without asking for gates", () => {
    const d = final(decideWith(input({ kind: "advance" }, at(2, 90))));
    expect(d.kind).toBe("hold");
    expect(d.record).toBeUndefined();
    expect(d.percent).toBe(5);
    expect(d.reason).toContain("10m of its 30m bake time");
  });

  it("asks for gates once bake time has passed", () => {
    expect(decideWith(input({ kind: "advance" }, at(2, 60))).kind).toBe("need-gates");
  });

  it("advances one stage when every gate passes", () => {
    const d = final(
      decideWith(input({ kind: "advance" }, at(2, 60), { gates: [gate("pass"), gate("pass", "p2")] })),
    );
    expect(d.kind).toBe("advance");
    expect(d.record).toMatchObject({ event: "advanced", stageIndex: 2, percent: 25 });
    expect([d.previousPercent, d.percent, d.stageIndex, d.stageCount]).toEqual([5, 25, 2, 5]);
  });

  it("advances on bake time alone with no gates", () => {
    const d = final(decideWith(input({ kind: "advance" }, at(1, 0), { gates: [] })));
    expect(d.kind).toBe("advance");
    expect(d.record?.note).toContain("no gates");
  });

  it("rolls back when any gate fails, even if others lack evidence", () => {
    const d = final(
      decideWith(
        input({ kind: "advance" }, at(3, 60), {
          gates: [gate("inconclusive"), gate("fail", "http-5xx")],
        }),
      ),
    );
    expect(d.kind).toBe("rollback");
    expect(d.record).toMatchObject({ event: "rolled back", percent: 0, stageIndex: 2 });
    expect(d.percent).toBe(0);
    expect(d.previousPercent).toBe(25);
    expect(d.reason).toContain("http-5xx");
  });

  it.each(["inconclusive", "error"] as const)("holds on %s: missing evidence never advances", (verdict) => {
    const d = final(
      decideWith(input({ kind: "advance" }, at(2, 60), { gates: [gate("pass"), gate(verdict)] })),
    );
    expect(d.kind).toBe("hold");
    expect(d.record).toBeUndefined();
    expect(d.percent).toBe(5);
  });

  it("completes at the last stage", () => {
    const d = final(decideWith(input({ kind: "advance" }, at(5, 60), { gates: [gate("pass")] })));
    expect(d.kind).toBe("complete");
    expect(d.record).toMatchObject({ event: "completed", percent: 100 });
  });

  it("holds while paused, and reports who paused", () => {
    const r = at(2, 10, [{ event: "paused", stage: 2, percent: 5, at: 20, actor: "bob", note: "QA" }]);
    const d = final(decideWith(input({ kind: "advance" }, r)));
    expect(d.kind).toBe("hold");
    expect(d.reason).toContain("@bob");
    expect(d.percent).toBe(5);
  });

  it("does nothing on a finished rollout but still reports the desired percent", () => {
    const done = at(5, 10, [{ event: "completed", stage: 5, percent: 100, at: 50 }]);
    expect(final(decideWith(input({ kind: "advance" }, done)))).toMatchObject({
      kind: "none",
      percent: 100,
    });
    const back = at(2, 10, [{ event: "rolled back", stage: 2, percent: 0, at: 50 }]);
    expect(final(decideWith(input({ kind: "advance" }, back)))).toMatchObject({
      kind: "none",
      percent: 0,
    });
  });

  it("records a start an earlier run left unrecorded", () => {
    const d = final(decideWith(input({ kind: "advance" }, rolloutOf(SHA_A, []))));
    expect(d.kind).toBe("start");
    expect(d.record).toMatchObject({ event: "started", percent: 1 });
    expect(d.record?.newRollout).toBeUndefined();
  });

  it("says there is nothing to do without a rollout", () => {
    expect(final(decideWith(input({ kind: "advance" }, undefined))).kind).toBe("none");
  });
});

describe("re-runs", () => {
  it("records nothing when this run already recorded the latest transition", () => {
    const r = rolloutOf(SHA_A, [
      { event: "started", stage: 1, percent: 1, at: 0 },
      { event: "advanced", stage: 2, percent: 5, at: 60, runId: 99 },
    ]);
    const d = final(decideWith(input({ kind: "advance" }, r, { gates: [gate("pass")] })));
    expect(d.record).toBeUndefined();
    expect(d.kind).toBe("advance");
    expect(d.percent).toBe(5);
    expect(d.reason).toContain("re-run");
  });
});

describe("start", () => {
  const target = (sha: string, extra: object = {}) => ({ target: { sha, ...extra } });

  it("opens a rollout at the first stage with the baseline it replaces", () => {
    const d = final(decideWith(input({ kind: "start" }, undefined, target(SHA_A, { baselineSha: SHA_B }))));
    expect(d.kind).toBe("start");
    expect(d.record?.newRollout).toEqual({ sha: SHA_A, stages: STAGES, baselineSha: SHA_B });
    expect([d.percent, d.previousPercent, d.stageIndex]).toEqual([1, 0, 0]);
  });

  it("supersedes another version in flight", () => {
    const other = rolloutOf(SHA_B, [{ event: "started", stage: 1, percent: 1, at: 0 }]);
    const d = final(decideWith(input({ kind: "start" }, other, target(SHA_A))));
    expect(d.record?.supersede?.sha).toBe(SHA_B);
  });

  it("advances instead when a push finds its version already rolling out", () => {
    const d = decideWith(input({ kind: "start" }, at(2, 60), target(SHA_A)));
    expect(d.kind).toBe("need-gates");
  });

  it("never retries a rolled-back version on push, but does when asked", () => {
    const back = at(2, 10, [{ event: "rolled back", stage: 2, percent: 0, at: 50 }]);
    const auto = final(decideWith(input({ kind: "start" }, back, target(SHA_A, { earlier: back }))));
    expect(auto.kind).toBe("none");
    expect(auto.percent).toBe(0);
    const asked = final(
      decideWith(input({ kind: "start" }, back, { ...target(SHA_A, { earlier: back }), source: "input" })),
    );
    expect(asked.kind).toBe("start");
    expect(asked.record?.note).toContain("retry");
    expect(asked.record?.actor).toBe("alice");
  });

  it("does not restart a version that already had a rollout, on push", () => {
    const older = at(5, 10, [{ event: "completed", stage: 5, percent: 100, at: 50 }]);
    const current = rolloutOf(SHA_B, [{ event: "started", stage: 1, percent: 1, at: 0 }]);
    const d = final(decideWith(input({ kind: "start" }, current, target(SHA_A, { earlier: older }))));
    expect(d.kind).toBe("none");
  });
});

describe("promote", () => {
  const manual = { source: "input" as const };

  it("ignores bake time and goes to the next stage", () => {
    const r = at(2, 95);
    expect(decideWith(input({ kind: "promote" }, r, manual)).kind).toBe("need-gates");
    const d = final(decideWith(input({ kind: "promote" }, r, { ...manual, gates: [gate("pass")] })));
    expect(d.record).toMatchObject({
      event: "promoted",
      stageIndex: 2,
      percent: 25,
      actor: "alice",
    });
    expect(d.kind).toBe("advance");
  });

  it("jumps to a named percent or to 100%", () => {
    const r = at(2, 95);
    expect(final(decideWith(input({ kind: "promote", to: 50 }, r, { ...manual, gates: [] }))).percent).toBe(
      50,
    );
    expect(
      final(decideWith(input({ kind: "promote", to: "full" }, r, { ...manual, gates: [] }))).percent,
    ).toBe(100);
  });

  it("refuses a percent that is not a stage, or not ahead", () => {
    const r = at(3, 95);
    const off = final(decideWith(input({ kind: "promote", to: 30 }, r, manual)));
    expect(off.error).toContain("30% is not a stage");
    expect(final(decideWith(input({ kind: "promote", to: 5 }, r, manual))).error).toContain("already at 25%");
  });

  it("is blocked by a failing gate unless forced, and says so in the record", () => {
    const r = at(2, 95);
    const blocked = final(
      decideWith(input({ kind: "promote" }, r, { ...manual, gates: [gate("fail", "http-5xx")] })),
    );
    expect(blocked.kind).toBe("hold");
    expect(blocked.reason).toContain("force");
    const forced = final(
      decideWith(
        input({ kind: "promote" }, r, {
          ...manual,
          force: true,
          gates: [gate("fail", "http-5xx")],
        }),
      ),
    );
    expect(forced.record?.note).toContain("forced past failing http-5xx");
  });

  it("is not blocked by gates without evidence, and records what was missing", () => {
    const d = final(
      decideWith(input({ kind: "promote" }, at(2, 95), { ...manual, gates: [gate("inconclusive", "lat")] })),
    );
    expect(d.kind).toBe("advance");
    expect(d.record?.note).toContain("without evidence from lat");
  });

  it("promote --full completes the rollout at once, from any stage", () => {
    const d = final(decideWith(input({ kind: "promote", to: "full" }, at(2, 95), { ...manual, gates: [] })));
    expect(d.kind).toBe("complete");
    expect(d.record).toMatchObject({ event: "completed", stageIndex: 4, percent: 100, actor: "alice" });
    expect(d).toMatchObject({ percent: 100, previousPercent: 5, stageIndex: 4 });
    expect(d.reason).toContain("promote --full");
  });

  it("promote --full is still blocked by a failing gate unless forced", () => {
    const failing = { ...manual, gates: [gate("fail", "http-5xx")] };
    expect(final(decideWith(input({ kind: "promote", to: "full" }, at(2, 95), failing))).kind).toBe("hold");
    const forced = final(
      decideWith(input({ kind: "promote", to: "full" }, at(2, 95), { ...failing, force: true })),
    );
    expect(forced.record).toMatchObject({ event: "completed", percent: 100 });
    expect(forced.record?.note).toContain("forced past failing http-5xx");
  });

  it("completes when promoted at the last stage", () => {
    expect(final(decideWith(input({ kind: "promote" }, at(5, 95), { ...manual, gates: [] }))).kind).toBe(
      "complete",
    );
  });
});

describe("pause, resume, rollback, status", () => {
  const manual = { source: "input" as const };

  it("pauses and resumes with who and why", () => {
    const p = final(decideWith(input({ kind: "pause", reason: "QA" }, at(2, 10), manual)));
    expect(p.record).toMatchObject({ event: "paused", percent: 5, actor: "alice", note: "QA" });
    const paused = at(2, 10, [{ event: "paused", stage: 2, percent: 5, at: 20 }]);
    expect(final(decideWith(input({ kind: "pause" }, paused, manual))).kind).toBe("none");
    expect(final(decideWith(input({ kind: "resume" }, paused, manual))).record?.event).toBe("resumed");
    expect(final(decideWith(input({ kind: "resume" }, at(2, 10), manual))).kind).toBe("none");
  });

  it("rolls back an in-flight or completed rollout, but not twice", () => {
    const d = final(decideWith(input({ kind: "rollback", reason: "errors" }, at(3, 10), manual)));
    expect(d.record).toMatchObject({ event: "rolled back", percent: 0, note: "errors" });
    const done = at(5, 10, [{ event: "completed", stage: 5, percent: 100, at: 50 }]);
    expect(final(decideWith(input({ kind: "rollback" }, done, manual))).kind).toBe("rollback");
    const back = at(2, 10, [{ event: "rolled back", stage: 2, percent: 0, at: 50 }]);
    expect(final(decideWith(input({ kind: "rollback" }, back, manual))).kind).toBe("none");
  });

  it("status reports without recording", () => {
    const d = final(decideWith(input({ kind: "status" }, at(2, 10), manual)));
    expect(d).toMatchObject({ kind: "none", percent: 5, stageIndex: 1 });
    expect(d.record).toBeUndefined();
  });
});

describe("invariants", () => {
  const commands: Command[] = [
    { kind: "advance" },
    { kind: "promote" },
    { kind: "promote", to: "full" },
    { kind: "pause" },
    { kind: "resume" },
    { kind: "rollback" },
    { kind: "status" },
  ];
  const rollouts: Rollout[] = [
    rolloutOf(SHA_A, []),
    at(1, 0),
    at(3, 90),
    at(3, 10, [{ event: "paused", stage: 3, percent: 25, at: 20 }]),
    at(5, 10, [{ event: "completed", stage: 5, percent: 100, at: 50 }]),
    at(2, 10, [{ event: "rolled back", stage: 2, percent: 0, at: 50 }]),
  ];
  const verdictSets: GateResult[][] = [
    [],
    [gate("pass")],
    [gate("fail")],
    [gate("inconclusive")],
    [gate("error")],
  ];

  it("never advances on missing evidence and always reports a percent of the plan, 0 or 100", () => {
    for (const command of commands) {
      for (const r of rollouts) {
        for (const gates of verdictSets) {
          for (const force of [false, true]) {
            const d = decideWith(input(command, r, { gates, force, source: "input" }));
            if (d.kind === "need-gates") throw new Error("gates were given");
            expect([0, ...STAGES]).toContain(d.percent);
            const lacking = gates.some((g) => g.verdict === "inconclusive" || g.verdict === "error");
            if (command.kind === "advance" && lacking) expect(["advance", "complete"]).not.toContain(d.kind);
            if (d.record) expect(d.record.percent).toBe(d.percent);
            if (command.kind === "status") expect(d.record).toBeUndefined();
          }
        }
      }
    }
  });
});

describe("a broken gate", () => {
  const broken = (): GateResult => ({
    ...gate("error", "http-5xx"),
    message: "prometheus rejected the request: HTTP 400, bad_data: parse error",
    misconfigured: true,
  });

  it("holds, records nothing and fails the step, naming the gate and what the provider said", () => {
    const d = final(decideWith(input({ kind: "advance" }, at(2, 60), { gates: [gate("pass"), broken()] })));
    expect(d.kind).toBe("hold");
    expect(d.record).toBeUndefined();
    expect(d.error).toBe(
      "holding at stage 2/5 (5%): a gate is misconfigured, so the rollout cannot be judged; fix it, then run command: check — http-5xx: prometheus rejected the request: HTTP 400, bad_data: parse error",
    );
  });

  it("does not stop a rollback that another gate's evidence asks for", () => {
    const d = final(decideWith(input({ kind: "advance" }, at(2, 60), { gates: [gate("fail"), broken()] })));
    expect(d.kind).toBe("rollback");
  });

  it("blocks a promote and fails the step, since nobody knows what the gate would say; force passes it, on record", () => {
    const d = final(decideWith(input({ kind: "promote" }, at(2, 60), { gates: [gate("pass"), broken()] })));
    expect(d.kind).toBe("hold");
    expect(d.record).toBeUndefined();
    expect(d.error).toBe(
      "promote blocked at stage 2/5 (5%): a gate is misconfigured, so what it would say is unknown; fix it (command: check shows it), or set force: true to promote anyway — http-5xx: prometheus rejected the request: HTTP 400, bad_data: parse error",
    );
    const forced = final(
      decideWith(
        input({ kind: "promote" }, at(2, 60), {
          gates: [gate("pass"), broken()],
          force: true,
          reason: "INC-7",
        }),
      ),
    );
    expect(forced.kind).toBe("advance");
    expect(forced.record?.note).toBe("forced past misconfigured http-5xx; INC-7");
  });

  it("in a shadow gate is reported, not decided on", () => {
    const d = final(
      decideWith(
        input({ kind: "advance" }, at(2, 60), { gates: [gate("pass"), { ...broken(), shadow: true }] }),
      ),
    );
    expect(d.kind).toBe("advance");
    expect(d.error).toBeUndefined();
  });
});

describe("shadow gates and stall-after", () => {
  const shadow = (verdict: Verdict): GateResult => ({ ...gate(verdict, `shadow-${verdict}`), shadow: true });

  it("a shadow gate neither rolls back nor holds", () => {
    const failingShadow = final(
      decideWith(input({ kind: "advance" }, at(2, 60), { gates: [gate("pass"), shadow("fail")] })),
    );
    expect(failingShadow.kind).toBe("advance");
    const silentShadow = final(
      decideWith(input({ kind: "advance" }, at(2, 60), { gates: [shadow("inconclusive")] })),
    );
    expect(silentShadow.kind).toBe("advance");
    expect(silentShadow.record?.note).toBe("bake time passed, no gates");
  });

  it("a hold for want of evidence past stall-after fails the step but records nothing", () => {
    const r = at(2, 0);
    const early = final(
      decideWith(
        input({ kind: "advance" }, r, { gates: [gate("inconclusive")], stallAfterSeconds: 2 * 3600 }),
      ),
    );
    expect(early.error).toBeUndefined();
    const late = final(
      decideWith(
        input({ kind: "advance" }, r, {
          gates: [gate("inconclusive")],
          stallAfterSeconds: 3600,
          now: minutes(100),
        }),
      ),
    );
    expect(late.kind).toBe("hold");
    expect(late.record).toBeUndefined();
    expect(late.error).toContain("past stall-after (1h)");
  });
});
