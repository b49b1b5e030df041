// The stage windows a baseline comparison reads: each stage from when it went live to when the next one did,
// and the current stage up to now, all derived from the rollout's recorded transitions (no stored state).

import { rfc3339, shortSha } from "../format.ts";
import type { Transition } from "../rollout/model.ts";
import type { TemplateValues } from "./template.ts";

export interface StageWindow {
  /** 1-based stage number. */
  stage: number;
  percent: number;
  /** When the stage went live. */
  start: Date;
  /** When the next stage went live, or now for the current stage. */
  end: Date;
}

/** What the windows are derived from: the parts of a Rollout (src/rollout/model.ts) they need. */
export interface RolloutTimeline {
  transitions: readonly Pick<Transition, "event" | "stage" | "percent" | "createdAt">[];
  stageIndex: number;
  percent: number;
  stageStartedAt: Date;
}

/** A Prometheus range duration covering `seconds`, never shorter than one second. */
export function promDuration(seconds: number): string {
  return `${Math.max(1, Math.ceil(seconds))}s`;
}

const MOVES = new Set(["started", "advanced", "promoted"]);

/**
 * One window per stage that went live (a `started`, `advanced` or `promoted` transition), oldest first; the
 * last is the current stage up to `now`. Pauses and resumes do not split a window: the traffic split did not
 * change. Windows of no length (two transitions in the same second) are left out.
 */
export function stageWindows(r: RolloutTimeline, now: Date): StageWindow[] {
  const starts = r.transitions
    .filter((t) => MOVES.has(t.event))
    .map((t) => ({ stage: t.stage, percent: t.percent, start: t.createdAt }));
  if (starts.length === 0)
    starts.push({ stage: r.stageIndex + 1, percent: r.percent, start: r.stageStartedAt });
  return starts
    .map((s, i) => ({ ...s, end: starts[i + 1]?.start ?? now }))
    .filter((w) => w.end.getTime() > w.start.getTime());
}

/** The template variables that describe one stage window. */
export type WindowVar = "stage" | "percent" | "window" | "stage_started_at" | "stage_started_unix";

/** The template values for one window: `{{window}}` its length, `{{stage_started_*}}` its start, its stage. */
export function windowValues(values: Omit<TemplateValues, WindowVar>, w: StageWindow): TemplateValues {
  return {
    ...values,
    stage: String(w.stage),
    percent: String(w.percent),
    window: promDuration((w.end.getTime() - w.start.getTime()) / 1000),
    stage_started_at: rfc3339(w.start),
    stage_started_unix: String(Math.floor(w.start.getTime() / 1000)),
  };
}

/** What the template values of a rollout's current stage are made from. */
export interface StageSubject extends RolloutTimeline {
  sha: string;
  baselineSha?: string;
  /** The plan, in percent, which the traffic split is checked against. */
  stages?: readonly number[];
}

/** The rollout's template values, the window being the current stage up to `now`. */
export function templateValues(r: StageSubject, environment: string, now: Date): TemplateValues {
  const version = {
    sha: r.sha,
    short_sha: shortSha(r.sha),
    baseline_sha: r.baselineSha ?? "",
    baseline_short_sha: shortSha(r.baselineSha ?? ""),
    environment,
  };
  return windowValues(version, {
    stage: r.stageIndex + 1,
    percent: r.percent,
    start: r.stageStartedAt,
    end: now,
  });
}
