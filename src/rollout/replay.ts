// Replay: what the configured gates would have decided over a finished rollout's stages, next to what happened.
// Pure: which rollouts count as finished and how they ended, when a live run would have looked at each stage,
// what the gates' verdicts at a look would have decided, and the tally over rollouts. The looks are evaluated
// by src/gates/replay.ts with the gates' own code path.

import type { Rollout, Transition, Verdict } from "./model.ts";

/** How a finished rollout ended, from its last transition. */
export type Outcome = "completed" | "rolled back by a gate" | "rolled back by hand" | "superseded";

/** How it ended, or undefined for a rollout still in flight (or whose start was never recorded). */
export function outcomeOf(r: Rollout): Outcome | undefined {
  switch (r.phase) {
    case "complete":
      return "completed";
    case "superseded":
      return "superseded";
    case "rolled-back": {
      const last = r.transitions.findLast((t) => t.event === "rolled back");
      // The action records a gate's rollback without an actor; a person's command carries theirs.
      return last?.actor ? "rolled back by hand" : "rolled back by a gate";
    }
    default:
      return undefined;
  }
}

/** When the rollout ended: its last transition that closed it. */
export function endedAt(r: Rollout): Date {
  const last = r.transitions.findLast(
    (t) => t.event === "completed" || t.event === "rolled back" || t.event === "superseded",
  );
  return last?.createdAt ?? r.stageStartedAt;
}

const MOVES = new Set(["started", "advanced", "promoted"]);

/** One moment a live `advance` would have evaluated the gates: in stage `stage`, at `at`. */
export interface ReplayLook {
  stage: number;
  percent: number;
  /** When the stage went live, and when the look is made (the stage's end, or bake time into it). */
  stageStart: Date;
  at: Date;
  /** The rollout as it stood at the look: its transitions up to the stage's start, at that stage. */
  subject: Pick<
    Rollout,
    "sha" | "baselineSha" | "stages" | "transitions" | "stageIndex" | "percent" | "stageStartedAt"
  >;
}

/**
 * The looks a live run would have made: in every stage the rollout went through, one once bake time had passed
 * (when the stage lasted that long) and one at the stage's end, with the whole window's evidence.
 */
export function replayLooks(r: Rollout, bakeSeconds: number): ReplayLook[] {
  const moves = r.transitions.filter((t) => MOVES.has(t.event));
  const end = endedAt(r);
  const looks: ReplayLook[] = [];
  for (const [i, t] of moves.entries()) {
    const stageEnd = moves[i + 1]?.createdAt ?? end;
    if (stageEnd.getTime() <= t.createdAt.getTime()) continue;
    const subject = {
      sha: r.sha,
      ...(r.baselineSha && { baselineSha: r.baselineSha }),
      stages: r.stages,
      transitions: r.transitions.filter((x: Transition) => x.statusId <= t.statusId),
      stageIndex: t.stage - 1,
      percent: t.percent,
      stageStartedAt: t.createdAt,
    };
    const baked = t.createdAt.getTime() + bakeSeconds * 1000;
    const times = baked < stageEnd.getTime() ? [new Date(baked), stageEnd] : [stageEnd];
    for (const at of times)
      looks.push({ stage: t.stage, percent: t.percent, stageStart: t.createdAt, at, subject });
  }
  return looks;
}

/** A gate's verdict at a look, or that its data had aged out of the provider's retention (not asked). */
export interface LookVerdict {
  name: string;
  verdict: Verdict | "beyond retention";
  shadow: boolean;
}

/** What the gates would have decided at a look. */
export type Would = "advance" | "complete" | "rollback" | "hold" | "beyond retention";

/** As decide() would: a failing gate rolls back, missing evidence holds, all passing moves on; shadows never decide. */
export function wouldDecide(verdicts: readonly LookVerdict[], lastStage: boolean): Would {
  const deciding = verdicts.filter((v) => !v.shadow);
  if (deciding.some((v) => v.verdict === "fail")) return "rollback";
  if (deciding.some((v) => v.verdict === "beyond retention")) return "beyond retention";
  if (deciding.some((v) => v.verdict !== "pass")) return "hold";
  return lastStage ? "complete" : "advance";
}

/** A stage as replayed: the decision at its last look, or the rollback at the first failing one. */
export interface ReplayedStage {
  stage: number;
  percent: number;
  would: Would;
  /** When the gates would have decided so (the look). */
  at: Date;
}

/** The stage's replayed decision from its looks' decisions, in time order. */
export function stageDecision<L extends { would: Would; at: Date }>(looks: readonly L[]): L {
  const failed = looks.find((l) => l.would === "rollback");
  const last = looks.at(-1);
  if (!last) throw new RangeError("a stage has at least one look");
  return failed ?? last;
}

export interface ReplayedRollout {
  sha: string;
  deploymentId: number;
  outcome: Outcome;
  /** When the rollout ended (completed, rolled back or superseded). */
  endedAt: Date;
  stages: ReplayedStage[];
}

/** What the gates would have done to the rollout as a whole: its first replayed rollback, if any. */
export function replayedRollback(r: Pick<ReplayedRollout, "stages">): ReplayedStage | undefined {
  return r.stages.find((s) => s.would === "rollback");
}

export interface ReplayTally {
  rollouts: number;
  /** Completed rollouts these gates would have rolled back (false rollbacks, if the release was healthy). */
  healthyRolledBack: string[];
  /** Rolled-back rollouts (by a gate or by hand) these gates would have rolled back too, and those they miss. */
  rollbacksCaught: string[];
  rollbacksMissed: string[];
  /** Per caught rollback: seconds the replayed rollback comes before the real one (negative: after). */
  soonerSeconds: { sha: string; seconds: number }[];
  /** Rollouts with a stage whose data had aged out of a gate's retention. */
  beyondRetention: string[];
}

export function tally(rollouts: readonly ReplayedRollout[]): ReplayTally {
  const t: ReplayTally = {
    rollouts: rollouts.length,
    healthyRolledBack: [],
    rollbacksCaught: [],
    rollbacksMissed: [],
    soonerSeconds: [],
    beyondRetention: [],
  };
  for (const r of rollouts) {
    const back = replayedRollback(r);
    if (r.stages.some((s) => s.would === "beyond retention")) t.beyondRetention.push(r.sha);
    if (r.outcome === "completed" && back) t.healthyRolledBack.push(r.sha);
    if (r.outcome === "rolled back by a gate" || r.outcome === "rolled back by hand") {
      if (back) {
        t.rollbacksCaught.push(r.sha);
        t.soonerSeconds.push({ sha: r.sha, seconds: (r.endedAt.getTime() - back.at.getTime()) / 1000 });
      } else {
        t.rollbacksMissed.push(r.sha);
      }
    }
  }
  return t;
}
