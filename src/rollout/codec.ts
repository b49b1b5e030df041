// The encoding of rollouts in GitHub's records: the deployment's task and payload, each status's state and
// description, and the workflow-run link every status carries. Pure; the only module that knows the format.

import { clip, formatPercent } from "../format.ts";
import type { DeploymentState, DescriptionParts, Repository, TransitionEvent } from "./model.ts";

export const TASK = "rollout";
export const PAYLOAD_KEY = "phased-rollout";
export const SCHEMA_VERSION = 1;
export const MAX_DESCRIPTION = 140;

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

// `<server>/<owner>/<repo>/actions/runs/<id>[/attempts/<n>]`, on any host: github.com, a GHE.com subdomain or
// an Enterprise Server.
const RUN_URL_RE =
  /^https?:\/\/[^/?#\s]+\/([^/?#\s]+)\/([^/?#\s]+)\/actions\/runs\/(\d+)(?:\/attempts\/(\d+))?(?:[/?#]|$)/;

/** A workflow run's page, the form runOf() reads back: `<server>/<owner>/<repo>/actions/runs/<id>/attempts/<n>`. */
export function runLink(server: string, repository: Repository, runId: number, attempt: number): string {
  return `${server}/${repository.owner}/${repository.repo}/actions/runs/${runId}/attempts/${attempt}`;
}

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
