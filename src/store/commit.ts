// Writes a decision's transition to GitHub: a new deployment when starting, then one status.

import type { Decision, Record } from "../rollout/decide.ts";
import type { GitHubApi } from "./port.ts";
import { formatPercent } from "../format.ts";
import { formatDescription, makePayload, stateFor, TASK } from "../rollout/codec.ts";
import type { Rollout } from "../rollout/model.ts";

export interface Recorded {
  deploymentId: number;
  sha: string;
  baselineSha?: string;
  stages: number[];
  stageStartedAt: Date;
}

export interface RecordContext {
  api: GitHubApi;
  environment: string;
  logUrl: string;
  runId: number;
  log: (message: string) => void;
  /** Under the rollout lock: no transition write starts after this (see writeOnce). */
  until?: Date | undefined;
}

function description(record: Record, stageCount: number): string {
  return formatDescription({
    event: record.event,
    stage: record.stageIndex + 1,
    stageCount,
    percent: record.percent,
    ...(record.actor && { actor: record.actor }),
    ...(record.note && { note: record.note }),
  });
}

/**
 * Leaves an `error` status saying which transition could not be recorded, when GitHub still answers. It moves
 * nothing: the next run reads the same state and reaches the same decision.
 */
async function reportUnfinished(
  ctx: RecordContext,
  target: { id: number; stages: number[] },
  record: Record,
  rollout: Rollout | undefined,
  error: unknown,
): Promise<void> {
  const why = error instanceof Error ? error.message : String(error);
  const text = formatDescription({
    event: "failed",
    stage: (rollout?.stageIndex ?? 0) + 1,
    stageCount: target.stages.length,
    percent: rollout?.percent ?? 0,
    note: `could not record "${record.event}": ${why}`,
  });
  try {
    await ctx.api.createStatus({
      deploymentId: target.id,
      state: "error",
      description: text,
      logUrl: ctx.logUrl,
    });
    ctx.log(`deployment ${target.id}: error "${text}"`);
  } catch {
    ctx.log(`deployment ${target.id}: the error status could not be written either`);
  }
}

/** Records the transition; `rollout` is the one it applies to unless the record opens a new one. */
export async function recordDecision(
  decision: Decision,
  rollout: Rollout | undefined,
  ctx: RecordContext,
): Promise<Recorded> {
  const record = decision.record;
  if (!record) throw new Error("recordDecision needs a decision with a transition");
  let target: { id: number; sha: string; stages: number[]; baselineSha?: string };
  if (record.newRollout) {
    const { sha, stages, baselineSha } = record.newRollout;
    const d = await ctx.api.createDeployment({
      sha,
      environment: ctx.environment,
      task: TASK,
      payload: makePayload(stages, baselineSha, ctx.runId),
      until: ctx.until,
      description: `phased rollout of ${sha.slice(0, 7)}: ${stages.map(formatPercent).join(" → ")}`,
    });
    ctx.log(`created deployment ${d.id} for ${sha}`);
    target = { id: d.id, sha, stages, ...(baselineSha && { baselineSha }) };
  } else if (rollout) {
    target = {
      id: rollout.deploymentId,
      sha: rollout.sha,
      stages: rollout.stages,
      ...(rollout.baselineSha && { baselineSha: rollout.baselineSha }),
    };
  } else {
    throw new Error("a transition needs a rollout to record on");
  }
  // The old version is marked replaced before the new one's start is recorded: if this run stops between the
  // two, the next one finds the new rollout pending and finishes both.
  if (record.supersede) {
    const old = record.supersede;
    const note = `replaced by ${target.sha.slice(0, 7)}`;
    const oldText = formatDescription({
      event: "superseded",
      stage: old.stageIndex + 1,
      stageCount: old.stages.length,
      percent: 0,
      note,
    });
    await ctx.api.createStatus({
      deploymentId: old.deploymentId,
      state: "inactive",
      description: oldText,
      logUrl: ctx.logUrl,
      until: ctx.until,
    });
    ctx.log(`deployment ${old.deploymentId}: inactive "${oldText}"`);
  }
  const text = description(record, target.stages.length);
  let status;
  try {
    status = await ctx.api.createStatus({
      deploymentId: target.id,
      state: stateFor(record.event),
      description: text,
      logUrl: ctx.logUrl,
      until: ctx.until,
    });
  } catch (error) {
    await reportUnfinished(ctx, target, record, rollout, error);
    throw error;
  }
  ctx.log(`deployment ${target.id}: ${status.state} "${text}"`);
  const stageMoved = record.event === "started" || record.event === "advanced" || record.event === "promoted";
  return {
    deploymentId: target.id,
    sha: target.sha,
    ...(target.baselineSha && { baselineSha: target.baselineSha }),
    stages: target.stages,
    stageStartedAt: stageMoved
      ? new Date(status.createdAt)
      : (rollout?.stageStartedAt ?? new Date(status.createdAt)),
  };
}
