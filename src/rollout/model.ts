// What a rollout is, as the pure core sees it: the records GitHub keeps, the transitions read from them, and
// where a rollout stands. Types and small predicates only; codec.ts encodes them, fold.ts derives them.

export type DeploymentState =
  "error" | "failure" | "inactive" | "in_progress" | "queued" | "pending" | "success";

export interface DeploymentRecord {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  task: string;
  payload: unknown;
  createdAt: string;
  creator?: string;
}

export interface StatusRecord {
  id: number;
  state: DeploymentState;
  description: string;
  logUrl: string;
  createdAt: string;
  creator?: string;
}

/** The repository whose workflow runs the action's statuses link to. */
export interface Repository {
  owner: string;
  repo: string;
}

export type TransitionEvent =
  | "started"
  | "advanced"
  | "promoted"
  | "paused"
  | "resumed"
  | "rolled back"
  | "completed"
  | "superseded"
  | "failed";

export const TRANSITION_EVENTS = [
  "started",
  "advanced",
  "promoted",
  "paused",
  "resumed",
  "rolled back",
  "completed",
  "superseded",
  "failed",
] as const satisfies readonly TransitionEvent[];

export function isTransitionEvent(text: string): text is TransitionEvent {
  return (TRANSITION_EVENTS as readonly string[]).includes(text);
}

/** What a status's description says of its transition (codec.ts writes and reads it). */
export interface DescriptionParts {
  event: TransitionEvent;
  stage: number;
  stageCount: number;
  percent: number;
  actor?: string;
  note?: string;
}

export interface Transition extends DescriptionParts {
  statusId: number;
  createdAt: Date;
  runId: number;
  /** The run's attempt, from `/attempts/<n>` in the log URL the action writes. */
  runAttempt?: number;
}

/** Where a rollout stands. `pending`: the deployment exists but its start was never recorded. */
export type Phase = "pending" | "rolling" | "paused" | "complete" | "rolled-back" | "superseded";

export interface Rollout {
  deploymentId: number;
  sha: string;
  environment: string;
  stages: number[];
  baselineSha?: string;
  createdAt: Date;
  /** Transitions this action recorded, under whichever token, oldest first; other statuses are left out. */
  transitions: Transition[];
  phase: Phase;
  /** 0-based index into `stages` of the stage the rollout is at (or was at when it ended). */
  stageIndex: number;
  /** Traffic the new version should have now. */
  percent: number;
  stageStartedAt: Date;
  pausedBy?: Transition;
  /** Statuses on the deployment that are not transitions of this rollout: other tools', people's, unreadable. */
  foreignStatuses: number;
}

export function isInFlight(r: Rollout): boolean {
  return r.phase === "rolling" || r.phase === "paused" || r.phase === "pending";
}

export interface EnvironmentState {
  /** The newest rollout in the environment, which is the one commands act on. */
  current?: Rollout;
  /** The version the next rollout would replace: newest completed rollout, as of now. */
  baselineForNext?: string;
  /** When the current rollout's start was never recorded: the rollout in flight it was meant to replace. */
  replacing?: Rollout;
}

/** What a run was asked to do (io/command.ts parses it from the `command` input and from comments). */
export type Command =
  | { kind: "start" }
  | { kind: "advance" }
  | { kind: "promote"; to?: number | "full"; force?: boolean }
  | { kind: "pause"; reason?: string }
  | { kind: "resume" }
  | { kind: "rollback"; reason?: string }
  | { kind: "status" }
  | { kind: "replay" }
  | { kind: "check" }
  | { kind: "help" };

/** How the command was reached: `auto` on push never retries a rolled-back version. */
export type CommandSource = "input" | "event" | "comment";

export type Verdict = "pass" | "fail" | "inconclusive" | "error";

/** What the decision needs to know of a gate's evaluation (gates/result.ts has the whole of it). */
export interface GateVerdict {
  name: string;
  verdict: Verdict;
  /** Evaluated and reported, but never part of the decision (`dry-run: true`). */
  shadow: boolean;
  message: string;
  /** The gate's request is itself wrong (rejected, or answered in a shape no gate can judge): a red run. */
  misconfigured?: boolean;
}

/** The rollout a run reports on: where it stands, as far as outputs and summaries need it. */
export interface RolloutView {
  sha: string;
  /** Absent for a start not recorded (a dry run). */
  deploymentId?: number;
  baselineSha?: string;
  stages: number[];
  stageStartedAt?: Date;
  /** Where the rollout stood when this run read it (a dry run reports these, as nothing moved). */
  stageIndex?: number;
  percent?: number;
  /** The transitions recorded so far, oldest first: the summary's timeline of the stages. */
  history?: Pick<Transition, "event" | "stage" | "percent" | "createdAt">[];
}

export function rolloutView(r: Rollout): RolloutView {
  return {
    history: r.transitions.map(({ event, stage, percent, createdAt }) => ({
      event,
      stage,
      percent,
      createdAt,
    })),
    sha: r.sha,
    deploymentId: r.deploymentId,
    ...(r.baselineSha && { baselineSha: r.baselineSha }),
    stages: r.stages,
    stageStartedAt: r.stageStartedAt,
    stageIndex: r.stageIndex,
    percent: r.percent,
  };
}
