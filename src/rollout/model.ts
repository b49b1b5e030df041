// Rollout state ⇄ deployments and deployment statuses. The only module that knows the encoding.

import type { DeploymentRecord, DeploymentState, GitHubApi, StatusRecord } from "../store/github.ts";
import { formatPercent } from "./plan.ts";
import { clip } from "../format.ts";

export const TASK = "rollout";
export const PAYLOAD_KEY = "phased-rollout";
export const SCHEMA_VERSION = 1;
export const MAX_DESCRIPTION = 140;

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

const EVENT_STATE: Record<TransitionEvent, DeploymentState> = {
  started: "in_progress",
  advanced: "in_progress",
  promoted: "in_progress",
  paused: "in_progress",
  resumed: "in_progress",
  "rolled back": "failure",
  completed: "success",
  superseded: "inactive",
  failed: "error",
};

export function stateFor(event: TransitionEvent): DeploymentState {
  return EVENT_STATE[event];
}

export function isTransitionEvent(text: string): text is TransitionEvent {
  return Object.hasOwn(EVENT_STATE, text);
}

export interface Transition {
  statusId: number;
  event: TransitionEvent;
  stage: number;
  stageCount: number;
  percent: number;
  actor?: string;
  note?: string;
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

export interface RolloutPayload {
  schema: number;
  stages: number[];
  baseline: string | null;
  run_id: number;
}

export function makePayload(stages: number[], baseline: string | undefined, runId: number) {
  const payload: RolloutPayload = {
    schema: SCHEMA_VERSION,
    stages,
    baseline: baseline ?? null,
    run_id: runId,
  };
  return { [PAYLOAD_KEY]: payload };
}

/** The plan fixed at start, or undefined when the deployment is not one of ours. */
export function readPayload(raw: unknown): RolloutPayload | undefined {
  let value = raw;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (value === null || typeof value !== "object") return undefined;
  const p = (value as Record<string, unknown>)[PAYLOAD_KEY];
  if (p === null || typeof p !== "object") return undefined;
  const { schema, stages, baseline, run_id } = p as Record<string, unknown>;
  if (schema !== SCHEMA_VERSION) return undefined;
  if (!Array.isArray(stages) || stages.length === 0) return undefined;
  if (
    !stages.every(
      (s, i) => typeof s === "number" && s > 0 && s <= 100 && (i === 0 || s > (stages[i - 1] as number)),
    )
  ) {
    return undefined;
  }
  if (stages.at(-1) !== 100) return undefined;
  return {
    schema,
    stages: stages as number[],
    baseline: typeof baseline === "string" && /^[0-9a-f]{40}$/.test(baseline) ? baseline : null,
    run_id: typeof run_id === "number" ? run_id : 0,
  };
}

export interface DescriptionParts {
  event: TransitionEvent;
  stage: number;
  stageCount: number;
  percent: number;
  actor?: string;
  note?: string;
}

/** "stage 3/5 · 25% · advanced: gates passed" — read in GitHub's UI, parsed back by `parseDescription`. */
export function formatDescription(parts: DescriptionParts): string {
  const head = `stage ${parts.stage}/${parts.stageCount} · ${formatPercent(parts.percent)} · ${parts.event}${
    parts.actor ? ` by @${parts.actor}` : ""
  }`;
  if (!parts.note) return head.slice(0, MAX_DESCRIPTION);
  const full = `${head}: ${parts.note}`;
  return clip(full, MAX_DESCRIPTION);
}

const DESCRIPTION_RE =
  /^stage (\d{1,3})\/(\d{1,3}) · (\d{1,3}(?:\.\d+)?)% · (started|advanced|promoted|paused|resumed|rolled back|completed|superseded|failed)(?: by @([^\s:]{1,60}))?(?:: (.*))?$/s;

export function parseDescription(text: string): DescriptionParts | undefined {
  const m = DESCRIPTION_RE.exec(text);
  if (!m) return undefined;
  const stage = Number(m[1]);
  const stageCount = Number(m[2]);
  const percent = Number(m[3]);
  if (stage < 1 || stage > stageCount || percent > 100) return undefined;
  return {
    event: m[4] as TransitionEvent,
    stage,
    stageCount,
    percent,
    ...(m[5] && { actor: m[5] }),
    ...(m[6] && { note: m[6] }),
  };
}

/** The repository whose workflow runs the action's statuses link to. */
export interface Repository {
  owner: string;
  repo: string;
}

// `<server>/<owner>/<repo>/actions/runs/<id>[/attempts/<n>]`, on any host: github.com, a GHE.com subdomain or
// an Enterprise Server.
const RUN_URL_RE =
  /^https?:\/\/[^/?#\s]+\/([^/?#\s]+)\/([^/?#\s]+)\/actions\/runs\/(\d+)(?:\/attempts\/(\d+))?(?:[/?#]|$)/;

/** The workflow run a log URL links to, if that run belongs to `repository` (names are case-insensitive). */
export function runOf(
  url: string,
  repository: Repository,
): { runId: number; runAttempt?: number } | undefined {
  const m = RUN_URL_RE.exec(url);
  if (!m) return undefined;
  const same = (a: string | undefined, b: string) => a?.toLowerCase() === b.toLowerCase();
  if (!same(m[1], repository.owner) || !same(m[2], repository.repo)) return undefined;
  return { runId: Number(m[3]), ...(m[4] && { runAttempt: Number(m[4]) }) };
}

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

export function isInFlight(r: Rollout): boolean {
  return r.phase === "rolling" || r.phase === "paused" || r.phase === "pending";
}

/** Deployments fetched per look-up; only the newest few matter, however long the history. */
export const DEPLOYMENTS_PAGE = 20;

export interface EnvironmentState {
  /** The newest rollout in the environment, which is the one commands act on. */
  current?: Rollout;
  /** The version the next rollout would replace: newest completed rollout, as of now. */
  baselineForNext?: string;
  /** When the current rollout's start was never recorded: the rollout in flight it was meant to replace. */
  replacing?: Rollout;
}

async function loadRollout(
  api: GitHubApi,
  d: DeploymentRecord,
  repository: Repository,
): Promise<Rollout | undefined> {
  const payload = readPayload(d.payload);
  if (!payload) return undefined;
  return deriveRollout(d, payload, await api.listStatuses(d.id), repository);
}

function newestOurs(deployments: DeploymentRecord[]): DeploymentRecord | undefined {
  return [...deployments].sort((a, b) => b.id - a.id).find((d) => readPayload(d.payload) !== undefined);
}

/**
 * Reads the environment's current rollout with two REST calls, whatever the length of its history:
 * the newest page of rollout deployments, then the statuses of the newest one of ours.
 */
export async function readEnvironment(
  api: GitHubApi,
  environment: string,
  repository: Repository,
): Promise<EnvironmentState> {
  const deployments = await api.listDeployments({
    environment,
    task: TASK,
    perPage: DEPLOYMENTS_PAGE,
  });
  const newest = newestOurs(deployments);
  if (!newest) return {};
  const current = await loadRollout(api, newest, repository);
  if (!current) return {};
  // The newest completed rollout is the current one if it completed, else whatever it replaced.
  const baselineForNext = current.phase === "complete" ? current.sha : current.baselineSha;
  // Only for a half-recorded start (rare) is the rollout before it read: it may still need marking replaced.
  let replacing: Rollout | undefined;
  if (current.phase === "pending") {
    const previous = newestOurs(deployments.filter((d) => d.id < current.deploymentId));
    const before = previous && (await loadRollout(api, previous, repository));
    if (before && isInFlight(before) && before.sha !== current.sha) replacing = before;
  }
  return { current, ...(baselineForNext && { baselineForNext }), ...(replacing && { replacing }) };
}

/** What a run saw: the newest rollout and its newest status. Another run's transition changes it. */
export function fingerprint(state: EnvironmentState): string {
  const cur = state.current;
  return cur ? `${cur.deploymentId}:${cur.transitions.at(-1)?.statusId ?? "none"}` : "none";
}

/** The newest earlier rollout of `sha` in the environment, if any (one or two calls). */
export async function findRolloutOf(
  api: GitHubApi,
  environment: string,
  sha: string,
  repository: Repository,
): Promise<Rollout | undefined> {
  const deployments = await api.listDeployments({
    environment,
    task: TASK,
    sha,
    perPage: DEPLOYMENTS_PAGE,
  });
  const newest = newestOurs(deployments.filter((d) => d.sha === sha));
  return newest ? loadRollout(api, newest, repository) : undefined;
}
