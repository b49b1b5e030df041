import type { DeploymentRecord, StatusRecord } from "../../src/rollout/model.ts";
import { deriveRollout } from "../../src/rollout/fold.ts";
import { formatDescription, makePayload, readPayload, stateFor } from "../../src/rollout/codec.ts";
import type { Rollout, TransitionEvent } from "../../src/rollout/model.ts";

export const SHA_A = "a".repeat(40);
export const SHA_B = "b".repeat(40);
export const SHA_C = "c".repeat(40);
export const STAGES = [1, 5, 25, 50, 100];
export const T0 = new Date("2026-11-21T00:00:00Z");
/** The repository whose workflow runs the fixtures' statuses link to. */
export const REPO = { owner: "o", repo: "r" };

export function minutes(n: number): Date {
  return new Date(T0.getTime() + n * 60_000);
}

export interface Step {
  event: TransitionEvent;
  stage: number;
  percent: number;
  at: number;
  actor?: string;
  note?: string;
  runId?: number;
  runAttempt?: number;
}

let nextId = 1000;

export function deployment(
  sha: string,
  opts: { stages?: number[]; baseline?: string; id?: number } = {},
): DeploymentRecord {
  return {
    id: opts.id ?? nextId++,
    sha,
    ref: sha,
    environment: "production",
    task: "rollout",
    payload: makePayload(opts.stages ?? STAGES, opts.baseline, 1),
    createdAt: T0.toISOString(),
  };
}

export function status(step: Step, stageCount = STAGES.length): StatusRecord {
  return {
    id: nextId++,
    state: stateFor(step.event),
    description: formatDescription({ ...step, stageCount }),
    logUrl: `https://github.com/o/r/actions/runs/${step.runId ?? 1}/attempts/${step.runAttempt ?? 1}`,
    createdAt: minutes(step.at).toISOString(),
  };
}

/** A rollout that went through the given steps. */
export function rolloutOf(
  sha: string,
  steps: Step[],
  opts: { stages?: number[]; baseline?: string } = {},
): Rollout {
  const d = deployment(sha, opts);
  const payload = readPayload(d.payload);
  if (!payload) throw new Error("fixture payload does not parse");
  return deriveRollout(
    d,
    payload,
    steps.map((s) => status(s, (opts.stages ?? STAGES).length)),
    REPO,
  );
}
