// Generators for plans, deployment statuses (ours, near-misses and foreign ones) and the rollouts derived
// from them, shared by the state and decision properties.

import fc from "fast-check";
import type { DeploymentRecord, DeploymentState, StatusRecord } from "../../src/rollout/model.ts";
import { deriveRollout } from "../../src/rollout/fold.ts";
import { formatDescription, makePayload, readPayload, stateFor } from "../../src/rollout/codec.ts";
import type { Rollout, TransitionEvent } from "../../src/rollout/model.ts";
import { hostileString } from "./fuzz.ts";

export const EVENTS: TransitionEvent[] = [
  "started",
  "advanced",
  "promoted",
  "paused",
  "resumed",
  "rolled back",
  "completed",
  "superseded",
  "failed",
];

export const STATES: DeploymentState[] = [
  "error",
  "failure",
  "inactive",
  "in_progress",
  "queued",
  "pending",
  "success",
];

export const SHA = "0123456789abcdef0123456789abcdef01234567";
export const OTHER_SHA = "fedcba9876543210fedcba9876543210fedcba98";
export const T0 = Date.parse("2026-11-21T00:00:00Z");

/** A plan the stages input accepts: strictly increasing percents in (0, 100], ending with 100. */
export const plan: fc.Arbitrary<number[]> = fc.oneof(
  fc.constantFrom<number[]>([1, 5, 25, 50, 100], [100], [50, 100], [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]),
  fc
    .uniqueArray(fc.integer({ min: 1, max: 99_999 }), { maxLength: 12 })
    .map((xs) => [...xs.map((x) => x / 1000), 100].sort((a, b) => a - b))
    .map((xs) => xs.filter((x, i) => i === 0 || x > (xs[i - 1] as number))),
);

/** GitHub logins: letters, digits and single hyphens, at most 39 characters; bots end in [bot]. */
export const login: fc.Arbitrary<string> = fc.oneof(
  fc
    .array(fc.stringMatching(/^[A-Za-z0-9]{1,10}$/), { minLength: 1, maxLength: 4 })
    .map((parts) => parts.join("-").slice(0, 39).replace(/-$/, "")),
  fc.constantFrom("octocat", "dependabot[bot]", "github-actions[bot]", "a", "a".repeat(39)),
);

export interface Step {
  event: TransitionEvent;
  /** 1-based stage. */
  stage: number;
  percent: number;
  actor?: string;
  note?: string;
  runId: number;
}

/** The repository whose workflow runs our statuses link to. */
export const REPO = { owner: "o", repo: "r" };

/** A status exactly as phased-rollout writes it for `step` in a plan of `stageCount` stages. */
export function ourStatus(step: Step, stageCount: number, id: number, at: number): StatusRecord {
  return {
    id,
    state: stateFor(step.event),
    description: formatDescription({ ...step, stageCount }),
    logUrl: `https://github.com/o/r/actions/runs/${step.runId}/attempts/1`,
    createdAt: new Date(at).toISOString(),
  };
}

/** A transition phased-rollout could record in this plan: any event, at a stage of the plan, right percent. */
export function stepIn(stages: number[]): fc.Arbitrary<Step> {
  return fc
    .record({
      event: fc.constantFrom(...EVENTS),
      index: fc.nat(stages.length - 1),
      actor: fc.option(login, { nil: undefined }),
      note: fc.option(hostileString(80), { nil: undefined }),
      runId: fc.integer({ min: 1, max: 50 }),
    })
    .map(({ event, index, actor, note, runId }) => ({
      event,
      stage: event === "completed" ? stages.length : index + 1,
      percent:
        event === "rolled back" || event === "superseded"
          ? 0
          : event === "completed"
            ? 100
            : (stages[index] as number),
      ...(actor !== undefined && { actor }),
      ...(note !== undefined && { note }),
      runId,
    }));
}

/**
 * A status someone or something else wrote: free text, one of ours for another plan, a state that does not
 * go with its event, or a percent that is not the plan's. None of these is a transition of this rollout.
 */
export function foreignStatus(stages: number[]): fc.Arbitrary<Omit<StatusRecord, "id">> {
  const n = stages.length;
  const free = fc.record({
    state: fc.constantFrom(...STATES),
    description: hostileString(160),
    logUrl: fc.oneof(fc.webUrl(), hostileString(40)),
    createdAt: fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      hostileString(20),
    ),
  });
  const wrongState = fc
    .tuple(stepIn(stages), fc.constantFrom(...STATES))
    .filter(([s, state]) => stateFor(s.event) !== state)
    .map(([s, state]) => ({ ...ourStatus(s, n, 0, T0), state }));
  const otherPlan = fc
    .tuple(
      stepIn(stages),
      fc.integer({ min: 1, max: 999 }).filter((c) => c !== n),
    )
    .map(([s, count]) => ourStatus({ ...s, stage: Math.min(s.stage, count) }, count, 0, T0));
  const wrongPercent = fc
    .tuple(
      stepIn(stages),
      fc.integer({ min: 0, max: 100_000 }).map((p) => p / 1000),
    )
    .filter(
      ([s, p]) => !["rolled back", "superseded", "failed"].includes(s.event) && p !== stages[s.stage - 1],
    )
    .map(([s, percent]) => ourStatus({ ...s, percent }, n, 0, T0));
  return fc.oneof(free, wrongState.map(withoutId), otherPlan.map(withoutId), wrongPercent.map(withoutId));
}

function withoutId(s: StatusRecord): Omit<StatusRecord, "id"> {
  const { id: _id, ...rest } = s;
  return rest;
}

export function deploymentFor(stages: number[], sha = SHA, id = 42): DeploymentRecord {
  return {
    id,
    sha,
    ref: sha,
    environment: "production",
    task: "rollout",
    payload: makePayload(stages, undefined, 1),
    createdAt: new Date(T0).toISOString(),
  };
}

/** The plan fixed at start, read back as the action reads it. */
export function payloadOf(d: DeploymentRecord) {
  const p = readPayload(d.payload);
  if (!p) throw new Error("the generated payload does not read back");
  return p;
}

export interface History {
  stages: number[];
  /** Our statuses, ids increasing, one minute apart. */
  ours: StatusRecord[];
  /** Foreign statuses with ids among ours. */
  foreign: StatusRecord[];
}

/** A plan, a run of our transitions in it, and foreign statuses mixed among them. */
export const history: fc.Arbitrary<History> = plan.chain((stages) =>
  fc
    .tuple(
      fc.array(stepIn(stages), { maxLength: 12 }),
      fc.array(fc.tuple(foreignStatus(stages), fc.nat(30)), { maxLength: 8 }),
    )
    .map(([steps, foreign]) => ({
      stages,
      ours: steps.map((s, i) => ourStatus(s, stages.length, 100 + i * 10, T0 + (i + 1) * 60_000)),
      // Ids between ours (ours are 100, 110, ...), so a foreign status can stand anywhere in the order.
      foreign: foreign.map(([f, slot], j) => ({ ...f, id: 91 + slot * 10 + (j % 9) })),
    })),
);

/** A rollout as the action derives it from a history of statuses (some foreign). */
export const derivedRollout: fc.Arbitrary<Rollout> = history.map((h) => {
  const d = deploymentFor(h.stages);
  return deriveRollout(d, payloadOf(d), [...h.foreign, ...h.ours], REPO);
});
