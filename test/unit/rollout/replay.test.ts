import { describe, expect, it } from "vitest";
import {
  outcomeOf,
  replayLooks,
  stageDecision,
  tally,
  wouldDecide,
  type ReplayedRollout,
} from "../../../src/rollout/replay.ts";
import { minutes, rolloutOf, SHA_A, SHA_B } from "../fixtures.ts";

const completed = rolloutOf(SHA_A, [
  { event: "started", stage: 1, percent: 1, at: 0 },
  { event: "advanced", stage: 2, percent: 5, at: 40, note: "gates passed" },
  { event: "paused", stage: 2, percent: 5, at: 50, actor: "ann" },
  { event: "resumed", stage: 2, percent: 5, at: 55, actor: "ann" },
  { event: "advanced", stage: 3, percent: 25, at: 80, note: "gates passed" },
  { event: "promoted", stage: 5, percent: 100, at: 100, actor: "ann" },
  { event: "completed", stage: 5, percent: 100, at: 110, actor: "ann" },
]);

describe("outcomeOf", () => {
  it("tells a gate's rollback from a person's by the actor, and leaves rollouts in flight out", () => {
    expect(outcomeOf(completed)).toBe("completed");
    const byGate = rolloutOf(SHA_B, [
      { event: "started", stage: 1, percent: 1, at: 0 },
      { event: "rolled back", stage: 1, percent: 0, at: 31, note: "http-5xx failed" },
    ]);
    expect(outcomeOf(byGate)).toBe("rolled back by a gate");
    const byHand = rolloutOf(SHA_B, [
      { event: "started", stage: 1, percent: 1, at: 0 },
      { event: "rolled back", stage: 1, percent: 0, at: 31, actor: "ann" },
    ]);
    expect(outcomeOf(byHand)).toBe("rolled back by hand");
    const superseded = rolloutOf(SHA_B, [
      { event: "started", stage: 1, percent: 1, at: 0 },
      { event: "superseded", stage: 1, percent: 0, at: 5, note: "by aaaaaaa" },
    ]);
    expect(outcomeOf(superseded)).toBe("superseded");
    expect(outcomeOf(rolloutOf(SHA_B, [{ event: "started", stage: 1, percent: 1, at: 0 }]))).toBeUndefined();
  });
});

describe("replayLooks", () => {
  it("looks once bake time has passed and at each stage's end; pauses do not split a stage", () => {
    const looks = replayLooks(completed, 30 * 60);
    expect(looks.map((l) => [l.stage, l.at.getTime()])).toEqual([
      [1, minutes(30).getTime()],
      [1, minutes(40).getTime()],
      [2, minutes(70).getTime()],
      [2, minutes(80).getTime()],
      // Promoted after 20 minutes: only the stage's end; the last stage ends at completion.
      [3, minutes(100).getTime()],
      [5, minutes(110).getTime()],
    ]);
    // Each look sees the rollout as it stood: at its stage, with the transitions up to the stage's start.
    const third = looks[4];
    expect(third?.subject).toMatchObject({ stageIndex: 2, percent: 25, stageStartedAt: minutes(80) });
    expect(third?.subject.transitions.map((t) => t.event)).toEqual([
      "started",
      "advanced",
      "paused",
      "resumed",
      "advanced",
    ]);
  });
});

describe("wouldDecide and stageDecision", () => {
  const v = (verdict: "pass" | "fail" | "inconclusive" | "error" | "beyond retention", shadow = false) => ({
    name: "g",
    verdict,
    shadow,
  });

  it("decides as decide() does: fail rolls back, missing evidence holds, shadows never decide", () => {
    expect(wouldDecide([v("pass"), v("fail")], false)).toBe("rollback");
    expect(wouldDecide([v("pass"), v("fail", true)], false)).toBe("advance");
    expect(wouldDecide([v("pass")], true)).toBe("complete");
    expect(wouldDecide([v("pass"), v("error")], false)).toBe("hold");
    expect(wouldDecide([v("pass"), v("beyond retention")], false)).toBe("beyond retention");
    // A failing gate rolls back even when another's data is gone.
    expect(wouldDecide([v("fail"), v("beyond retention")], false)).toBe("rollback");
  });

  it("a stage's decision is its first rollback, else its last look's", () => {
    const a = { would: "hold" as const, at: minutes(30) };
    const b = { would: "rollback" as const, at: minutes(40) };
    const c = { would: "advance" as const, at: minutes(50) };
    expect(stageDecision([a, b, c])).toBe(b);
    expect(stageDecision([a, c])).toBe(c);
  });
});

describe("tally", () => {
  const r = (sha: string, outcome: ReplayedRollout["outcome"], back?: number): ReplayedRollout => ({
    sha,
    deploymentId: 1,
    outcome,
    endedAt: minutes(60),
    stages: [
      { stage: 1, percent: 1, would: back === undefined ? "advance" : "rollback", at: minutes(back ?? 40) },
    ],
  });

  it("counts healthy rollouts rolled back, rollbacks caught with how much sooner, and rollbacks missed", () => {
    const t = tally([
      r("a", "completed"),
      r("b", "completed", 30),
      r("c", "rolled back by a gate", 30),
      r("d", "rolled back by hand", 75),
      r("e", "rolled back by hand"),
      r("f", "superseded", 30),
    ]);
    expect(t).toMatchObject({
      rollouts: 6,
      healthyRolledBack: ["b"],
      rollbacksCaught: ["c", "d"],
      rollbacksMissed: ["e"],
      soonerSeconds: [
        { sha: "c", seconds: 30 * 60 },
        { sha: "d", seconds: -15 * 60 },
      ],
    });
  });
});
