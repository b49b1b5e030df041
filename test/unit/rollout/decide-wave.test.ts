// decide() with the wave's say (rollout/wave.ts waveDecision): a wait writes nothing, a refusal fails the step,
// a start opens the version the wave names, and `proceed` leaves the decision as it is without `after`.

import { describe, expect, it } from "vitest";
import type { Decision, FreezeInForce, Step } from "../../../src/rollout/decide.ts";
import type { Command, Rollout } from "../../../src/rollout/model.ts";
import type { WaveDecision } from "../../../src/rollout/wave.ts";
import { type DecideInputWithGates, decideInput, decideWith } from "../../support/decide.ts";
import { rolloutOf, SHA_A, SHA_B, SHA_C, STAGES } from "../fixtures.ts";

/** The common input, with the wave's say. */
function input(
  command: Command,
  current: Rollout | undefined,
  wave: WaveDecision,
  extra: Partial<DecideInputWithGates> = {},
): DecideInputWithGates {
  return decideInput(command, current, { wave, ...extra });
}

function final(outcome: Step): Decision {
  if (outcome.kind === "need-gates") throw new Error("expected a decision, got need-gates");
  return outcome;
}

const complete = (sha: string, baseline?: string) =>
  rolloutOf(
    sha,
    [
      { event: "started", stage: 1, percent: 1, at: 0 },
      { event: "completed", stage: 5, percent: 100, at: 50 },
    ],
    baseline ? { baseline } : {},
  );
const rolling = (sha: string, at = 0) => rolloutOf(sha, [{ event: "started", stage: 1, percent: 1, at }]);

describe("a wave that waits", () => {
  const wait: WaveDecision = {
    kind: "wait",
    reason: "bbbbbbb waits for staging: it is at stage 2/5 (5%) in staging",
    warnings: [],
  };

  it("decides none and records nothing; percent stays this environment's own", () => {
    const d = final(decideWith(input({ kind: "start" }, complete(SHA_A), wait, { target: { sha: SHA_B } })));
    expect(d).toMatchObject({ kind: "none", percent: 100, previousPercent: 100, reason: wait.reason });
    expect(d.record).toBeUndefined();
    expect(d.error).toBeUndefined();
    expect(d.subject?.sha).toBe(SHA_A);
  });

  it("decides none with no rollout here at all", () => {
    const d = final(decideWith(input({ kind: "advance" }, undefined, wait)));
    expect(d).toMatchObject({ kind: "none", percent: 0, reason: wait.reason });
  });
});

describe("a wave that refuses a person's start", () => {
  const refuse: WaveDecision = {
    kind: "refuse",
    reason:
      "bbbbbbb cannot start in production before it completes in staging (it is at stage 2/5 (5%) in staging); complete it there first (promote --full completes it at once)",
    warnings: [],
  };

  it("fails the step with the reason, and records nothing", () => {
    const d = final(
      decideWith(
        input({ kind: "start" }, complete(SHA_A), refuse, { source: "input", target: { sha: SHA_B } }),
      ),
    );
    expect(d).toMatchObject({ kind: "none", percent: 100, reason: refuse.reason, error: refuse.reason });
    expect(d.record).toBeUndefined();
  });

  it("says that force does not override after, when it was given", () => {
    const d = final(
      decideWith(
        input({ kind: "start" }, undefined, refuse, {
          source: "input",
          force: true,
          reason: "urgent",
          target: { sha: SHA_B },
        }),
      ),
    );
    expect(d.error).toBe(`${refuse.reason}; force does not override after`);
  });
});

describe("a wave that starts a version", () => {
  const start: WaveDecision = {
    kind: "start",
    sha: SHA_B,
    reason: "bbbbbbb completed in staging",
    warnings: [],
  };

  it("turns a scheduled advance with nothing in flight into the automatic start of that version", () => {
    const d = final(decideWith(input({ kind: "advance" }, complete(SHA_A), start)));
    expect(d.kind).toBe("start");
    expect(d.record).toMatchObject({
      event: "started",
      stageIndex: 0,
      percent: 1,
      newRollout: { sha: SHA_B, stages: STAGES, baselineSha: SHA_A },
    });
    expect(d.record?.actor).toBeUndefined();
    expect(d.record?.supersede).toBeUndefined();
    expect(d.reason).toBe(
      "started bbbbbbb at stage 1/5 (1%), replacing aaaaaaa: bbbbbbb completed in staging",
    );
  });

  it("replaces the version a rolled-back rollout here was replacing: the one still at 100%", () => {
    const back = rolloutOf(
      SHA_C,
      [
        { event: "started", stage: 1, percent: 1, at: 0 },
        { event: "rolled back", stage: 1, percent: 0, at: 40 },
      ],
      { baseline: SHA_A },
    );
    const d = final(decideWith(input({ kind: "advance" }, back, start)));
    expect(d.record?.newRollout).toMatchObject({ sha: SHA_B, baselineSha: SHA_A });
  });

  it("starts a pushed version that completed upstream, saying so", () => {
    const pushed = { sha: SHA_B, baselineSha: SHA_A };
    const d = final(decideWith(input({ kind: "start" }, complete(SHA_A), start, { target: pushed })));
    expect(d.kind).toBe("start");
    expect(d.reason).toBe(
      "started bbbbbbb at stage 1/5 (1%), replacing aaaaaaa: bbbbbbb completed in staging",
    );
  });

  it("holds in a freeze: a wave's start gains traffic like any other", () => {
    const freeze: FreezeInForce = {
      names: ["weekend"],
      until: new Date("2026-11-23T08:00:00Z"),
      endless: false,
      timeZone: "UTC",
    };
    const d = final(decideWith(input({ kind: "advance" }, complete(SHA_A), start, { freeze })));
    expect(d).toMatchObject({ kind: "hold", percent: 100 });
    expect(d.record).toBeUndefined();
    expect(d.reason).toContain('bbbbbbb not started during the freeze "weekend"');
    // A follower's schedule starts it by itself once the freeze lifts: no re-run to ask for.
    expect(d.reason).toMatch(/; the first scheduled run after it lifts starts it$/);
  });
});

describe("a wave with no say", () => {
  const proceed: WaveDecision = { kind: "proceed", warnings: [] };

  it("advances the rollout in flight here, whatever completed upstream since", () => {
    const step = decideWith(input({ kind: "advance" }, rolling(SHA_A), proceed));
    expect(step.kind).toBe("need-gates");
  });
});
