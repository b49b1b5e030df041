// Folds a deployment and its statuses into where the rollout stands. Pure.

import { parseDescription, type RolloutPayload, runOf, stateFor } from "./codec.ts";
import type {
  DeploymentRecord,
  Phase,
  Repository,
  Rollout,
  StatusRecord,
  Transition,
  TransitionEvent,
} from "./model.ts";

/**
 * A status is a transition of ours if it reads like one and links to a workflow run of this repository, whoever
 * wrote it: teams run comment and dispatch commands under a PAT or an App's token and the schedule under
 * GITHUB_TOKEN. Whether it can follow the rollout's phase is checked by the fold.
 */
function toTransition(s: StatusRecord, stageCount: number, repository: Repository): Transition | undefined {
  const parts = parseDescription(s.description);
  if (!parts || stateFor(parts.event) !== s.state || parts.stageCount !== stageCount) return undefined;
  const run = runOf(s.logUrl, repository);
  if (run === undefined) return undefined;
  return {
    statusId: s.id,
    event: parts.event,
    stage: parts.stage,
    stageCount: parts.stageCount,
    percent: parts.percent,
    ...(parts.actor && { actor: parts.actor }),
    ...(parts.note && { note: parts.note }),
    createdAt: new Date(s.createdAt),
    ...run,
  };
}

/** Folds a deployment and its statuses into where the rollout stands. Pure. */
export function deriveRollout(
  d: DeploymentRecord,
  payload: RolloutPayload,
  statuses: StatusRecord[],
  repository: Repository,
): Rollout {
  const stages = payload.stages;
  const sorted = [...statuses].sort((a, b) => a.id - b.id);
  const transitions: Transition[] = [];
  const createdAt = new Date(d.createdAt);
  const rollout: Rollout = {
    deploymentId: d.id,
    sha: d.sha,
    environment: d.environment,
    stages,
    ...(payload.baseline && { baselineSha: payload.baseline }),
    createdAt,
    transitions,
    phase: "pending",
    stageIndex: 0,
    percent: 0,
    stageStartedAt: createdAt,
    foreignStatuses: 0,
  };
  for (const s of sorted) {
    const t = toTransition(s, stages.length, repository);
    // A transition whose percent is not its stage's, or that cannot follow the phase the rollout is in, was not
    // written by the action for this plan: a person or another tool imitated the format.
    const consistent =
      t !== undefined &&
      (t.event === "rolled back" || t.event === "superseded" || t.event === "failed"
        ? true
        : stages[t.stage - 1] === t.percent);
    if (!t || !consistent || !FOLLOWS[t.event].includes(rollout.phase)) {
      rollout.foreignStatuses++;
      continue;
    }
    transitions.push(t);
    apply(rollout, t);
  }
  return rollout;
}

/** The phases each transition may follow. */
const FOLLOWS: Record<TransitionEvent, readonly Phase[]> = {
  started: ["pending"],
  advanced: ["rolling"],
  promoted: ["rolling"],
  paused: ["rolling"],
  resumed: ["paused"],
  completed: ["rolling"],
  "rolled back": ["pending", "rolling", "paused", "complete"],
  superseded: ["pending", "rolling", "paused"],
  failed: ["pending", "rolling", "paused", "complete", "rolled-back", "superseded"],
};

function apply(rollout: Rollout, t: Transition): void {
  switch (t.event) {
    case "started":
    case "advanced":
    case "promoted":
      rollout.phase = "rolling";
      rollout.stageIndex = t.stage - 1;
      rollout.percent = t.percent;
      rollout.stageStartedAt = t.createdAt;
      break;
    case "paused":
      rollout.phase = "paused";
      rollout.pausedBy = t;
      break;
    case "resumed":
      rollout.phase = "rolling";
      delete rollout.pausedBy;
      break;
    case "completed":
      rollout.phase = "complete";
      rollout.stageIndex = rollout.stages.length - 1;
      rollout.percent = 100;
      break;
    case "rolled back":
    case "superseded":
      rollout.phase = t.event === "rolled back" ? "rolled-back" : "superseded";
      rollout.stageIndex = t.stage - 1;
      rollout.percent = 0;
      break;
    case "failed":
      // An error status reports a run that could not finish; it moves nothing.
      break;
  }
}
