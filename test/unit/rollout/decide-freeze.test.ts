// decide() during a freeze: no rollout gains traffic (start, advance and promote hold), a failing gate still
// rolls back, rollback, pause and resume work as ever, and force with a reason overrides for start and promote.

import { describe, expect, it } from "vitest";
import type { Decision, FreezeInForce, Step } from "../../../src/rollout/decide.ts";
import type { Command, Rollout } from "../../../src/rollout/model.ts";
import { type DecideInputWithGates, decideInput, decideWith, gate } from "../../support/decide.ts";
import { minutes, rolloutOf, SHA_A, SHA_B, STAGES } from "../fixtures.ts";

// The weekend window of the SPEC, in force on 2026-11-21 (a Saturday; fixtures' T0) until Monday 09:00 in Berlin.
const WEEKEND: FreezeInForce = {
  names: ["weekend"],
  until: new Date("2026-11-23T08:00:00Z"),
  endless: false,
  timeZone: "Europe/Berlin",
};
const UNTIL = "Mon 2026-11-23 09:00 Europe/Berlin (08:00 UTC)";

/** The common input, in the weekend freeze. */
function input(
  command: Command,
  current: Rollout | undefined,
  extra: Partial<DecideInputWithGates> = {},
): DecideInputWithGates {
  return decideInput(command, current, { freeze: WEEKEND, ...extra });
}

function final(outcome: Step): Decision {
  if (outcome.kind === "need-gates") throw new Error("expected a decision, got need-gates");
  return outcome;
}

/** A rollout of SHA_A at `stage`, live since minute `since`. */
const at = (stage: number, since: number, more: Parameters<typeof rolloutOf>[1] = []) =>
  rolloutOf(SHA_A, [
    { event: "started", stage: 1, percent: 1, at: 0 },
    ...(stage > 1
      ? [{ event: "advanced" as const, stage, percent: STAGES[stage - 1] as number, at: since }]
      : []),
    ...more,
  ]);

describe("advance in a freeze", () => {
  it("holds within bake time, naming the window and when the freeze lifts, without asking for gates", () => {
    const d = final(decideWith(input({ kind: "advance" }, at(2, 90))));
    expect(d).toMatchObject({ kind: "hold", percent: 5, previousPercent: 5 });
    expect(d.record).toBeUndefined();
    expect(d.reason).toBe(
      `holding at stage 2/5 (5%) during the freeze "weekend", until ${UNTIL}; the stage has been live 10m of its 30m bake time`,
    );
  });

  it("still evaluates the gates once the stage has baked, and holds when they pass", () => {
    expect(decideWith(input({ kind: "advance" }, at(2, 60))).kind).toBe("need-gates");
    const d = final(decideWith(input({ kind: "advance" }, at(2, 60), { gates: [gate("pass")] })));
    expect(d).toMatchObject({ kind: "hold", percent: 5 });
    expect(d.record).toBeUndefined();
    expect(d.reason).toBe(
      `holding at stage 2/5 (5%) during the freeze "weekend", until ${UNTIL}; gates passed`,
    );
  });

  it("does not complete a rollout at its last stage", () => {
    const d = final(decideWith(input({ kind: "advance" }, at(5, 60), { gates: [gate("pass")] })));
    expect(d).toMatchObject({ kind: "hold", percent: 100 });
    expect(d.record).toBeUndefined();
  });

  it("rolls back on a failing gate: a freeze protects production, not the new version", () => {
    const d = final(
      decideWith(input({ kind: "advance" }, at(3, 60), { gates: [gate("pass"), gate("fail", "http-5xx")] })),
    );
    expect(d).toMatchObject({ kind: "rollback", percent: 0 });
    expect(d.record).toMatchObject({ event: "rolled back", percent: 0 });
  });

  it("holds on missing evidence, and still fails the step past stall-after", () => {
    const d = final(
      decideWith(
        input({ kind: "advance" }, at(2, 0), {
          gates: [gate("inconclusive", "http-5xx")],
          now: minutes(5 * 60),
          stallAfterSeconds: 4 * 3600,
        }),
      ),
    );
    expect(d.kind).toBe("hold");
    expect(d.reason).toContain('during the freeze "weekend"');
    expect(d.reason).toContain("until the gates have evidence: http-5xx: inconclusive");
    expect(d.error).toContain("past stall-after (4h)");
  });

  it("does not record a start an earlier run left unrecorded: that would take traffic from 0%", () => {
    const d = final(decideWith(input({ kind: "advance" }, rolloutOf(SHA_A, []))));
    expect(d.kind).toBe("hold");
    expect(d.record).toBeUndefined();
    expect(d.reason).toBe(
      `the start of aaaaaaa, which an earlier run left unrecorded, waits for the end of the freeze "weekend", until ${UNTIL}`,
    );
  });

  it("is no freeze once it has lifted: the decision as without one", () => {
    const d = final(
      decideWith(input({ kind: "advance" }, at(2, 60), { gates: [gate("pass")], freeze: undefined })),
    );
    expect(d.kind).toBe("advance");
  });

  it("says when a freeze has no end in sight", () => {
    const endless = { ...WEEKEND, endless: true, names: ["daily", "weekend"], timeZone: "UTC" };
    const d = final(decideWith(input({ kind: "advance" }, at(2, 90), { freeze: endless })));
    expect(d.reason).toContain(
      'during the freeze "daily", then "weekend", until at least Mon 2026-11-23 08:00 UTC',
    );
  });
});

describe("promote in a freeze", () => {
  const manual = { source: "input" as const };

  it("holds without asking for gates, and says that force with a reason overrides", () => {
    const d = final(decideWith(input({ kind: "promote" }, at(2, 90), manual)));
    expect(d).toMatchObject({ kind: "hold", percent: 5 });
    expect(d.error).toBeUndefined();
    expect(d.reason).toBe(
      `promote held at stage 2/5 (5%) during the freeze "weekend", until ${UNTIL}; force: true with a reason overrides a freeze`,
    );
  });

  it("refuses force without a reason, with a message that says to give one", () => {
    const d = final(
      decideWith(input({ kind: "promote", to: "full" }, at(2, 90), { ...manual, force: true })),
    );
    expect(d.kind).toBe("hold");
    expect(d.record).toBeUndefined();
    expect(d.error).toBe(
      `promote --full is frozen by "weekend" until ${UNTIL}; force: true overrides a freeze only with a reason: give one (the reason input) to say why, and it is recorded`,
    );
  });

  it("goes ahead with force and a reason, and the record says it overrode the freeze", () => {
    const step = decideWith(
      input({ kind: "promote" }, at(2, 90), { ...manual, force: true, reason: "hotfix" }),
    );
    expect(step.kind).toBe("need-gates");
    const d = final(
      decideWith(
        input({ kind: "promote" }, at(2, 90), {
          ...manual,
          force: true,
          reason: "hotfix",
          gates: [gate("fail", "http-5xx")],
        }),
      ),
    );
    expect(d).toMatchObject({ kind: "advance", percent: 25 });
    expect(d.record).toMatchObject({
      event: "promoted",
      actor: "alice",
      note: 'overrode freeze "weekend"; forced past failing http-5xx; hotfix',
    });
    expect(d.reason).toContain('overrode freeze "weekend"');
  });

  it("does not let a scheduled run's force pass a freeze (only a person's command)", () => {
    const d = final(decideWith(input({ kind: "advance" }, at(2, 90), { force: true, reason: "always" })));
    expect(d.kind).toBe("hold");
  });
});

describe("start in a freeze", () => {
  const target = { sha: SHA_B, baselineSha: SHA_A };

  it("holds a push, writes nothing, and says how to start it once the freeze lifts", () => {
    const done = at(5, 10, [{ event: "completed", stage: 5, percent: 100, at: 50 }]);
    const d = final(decideWith(input({ kind: "start" }, done, { target })));
    expect(d).toMatchObject({ kind: "hold", percent: 100 });
    expect(d.record).toBeUndefined();
    expect(d.reason).toBe(
      `bbbbbbb not started during the freeze "weekend", until ${UNTIL}; re-run this workflow run once it lifts, or start it then with command: start`,
    );
  });

  it("holds with no rollout in the environment at all", () => {
    const d = final(decideWith(input({ kind: "start" }, undefined, { target })));
    expect(d).toMatchObject({ kind: "hold", percent: 0, previousPercent: 0 });
  });

  it("holds a person's start, refuses force without a reason, and starts with both, on record", () => {
    const manual = { source: "input" as const, target };
    expect(final(decideWith(input({ kind: "start" }, undefined, manual))).reason).toContain(
      "force: true with a reason overrides a freeze",
    );
    const bare = final(decideWith(input({ kind: "start" }, undefined, { ...manual, force: true })));
    expect(bare.kind).toBe("hold");
    expect(bare.error).toContain("force: true overrides a freeze only with a reason");
    const d = final(
      decideWith(input({ kind: "start" }, undefined, { ...manual, force: true, reason: "security fix" })),
    );
    expect(d.kind).toBe("start");
    expect(d.record).toMatchObject({
      event: "started",
      actor: "alice",
      note: 'overrode freeze "weekend": security fix',
    });
  });

  it("still advances a push of the version in flight as an advance would: held by the freeze", () => {
    const d = final(decideWith(input({ kind: "start" }, at(2, 90), { target: { sha: SHA_A } })));
    expect(d.kind).toBe("hold");
    expect(d.reason).toContain('during the freeze "weekend"');
  });
});

describe("what a freeze leaves alone", () => {
  const manual = { source: "input" as const };

  it("rolls back, pauses and resumes as ever, and reports status", () => {
    expect(final(decideWith(input({ kind: "rollback" }, at(3, 60), manual)))).toMatchObject({
      kind: "rollback",
      percent: 0,
    });
    expect(final(decideWith(input({ kind: "pause" }, at(3, 60), manual))).kind).toBe("pause");
    const paused = at(3, 60, [{ event: "paused", stage: 3, percent: 25, at: 70 }]);
    expect(final(decideWith(input({ kind: "resume" }, paused, manual))).kind).toBe("resume");
    expect(final(decideWith(input({ kind: "status" }, at(3, 60), manual))).kind).toBe("none");
  });
});
