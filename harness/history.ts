// A recorded history of finished rollouts, as the action records them (one deployment each, one status per
// transition at its time), for `replay` to read from the GitHub stand-in: a healthy rollout that completed long
// ago, one a gate rolled back, one a person rolled back, one promoted to everyone and completed, and one in flight.

import type { Version } from "./traffic.ts";
import { OWNER, REPO, type Scenario } from "./scenario.ts";

type State = "in_progress" | "success" | "failure" | "inactive";

export interface HistoryVersions {
  /** Completed 2 hours ago after 5 stages of 35 minutes, started 5 hours ago. */
  healthy: Version;
  /** Rolled back by a gate after 31 minutes at 1%, ended 89 minutes ago. */
  broken: Version;
  /** Advanced after 35 minutes, rolled back by @ann 10 minutes into 5%, ended 40 minutes ago. */
  handBroken: Version;
  /** Promoted by @ann after 18 minutes at 1% and completed, ended 19 minutes ago. */
  marginal: Version;
  /** Started 10 minutes ago, still in flight. */
  inFlight: Version;
}

export const STAGES = [1, 5, 25, 50, 100];

export function minutesAgo(now: number, minutes: number): Date {
  return new Date(now - minutes * 60_000);
}

/** A rollout as the action records it: one deployment, one status per transition, each at its time. */
export function seedRollout(
  sc: Scenario,
  now: number,
  sha: string,
  steps: { minutesAgo: number; state: State; description: string }[],
): void {
  sc.github.seedDeployment({
    sha,
    task: "rollout",
    environment: sc.environment,
    payload: { "phased-rollout": { schema: 1, stages: STAGES, baseline: null, run_id: 1 } },
    createdAt: minutesAgo(now, steps[0]?.minutesAgo ?? 0),
    statuses: steps.map((st, i) => ({
      state: st.state,
      description: st.description,
      logUrl: `https://github.com/${OWNER}/${REPO}/actions/runs/${100 + i}/attempts/1`,
      createdAt: minutesAgo(now, st.minutesAgo),
    })),
  });
}

/** The whole history, oldest first, relative to `now` (ms). */
export function seedHistory(sc: Scenario, now: number, v: HistoryVersions): void {
  seedRollout(sc, now, v.healthy.sha, [
    { minutesAgo: 300, state: "in_progress", description: "stage 1/5 · 1% · started" },
    { minutesAgo: 265, state: "in_progress", description: "stage 2/5 · 5% · advanced: gates passed" },
    { minutesAgo: 230, state: "in_progress", description: "stage 3/5 · 25% · advanced: gates passed" },
    { minutesAgo: 195, state: "in_progress", description: "stage 4/5 · 50% · advanced: gates passed" },
    { minutesAgo: 160, state: "in_progress", description: "stage 5/5 · 100% · advanced: gates passed" },
    { minutesAgo: 125, state: "success", description: "stage 5/5 · 100% · completed: gates passed" },
  ]);
  seedRollout(sc, now, v.broken.sha, [
    { minutesAgo: 120, state: "in_progress", description: "stage 1/5 · 1% · started" },
    { minutesAgo: 89, state: "failure", description: "stage 1/5 · 0% · rolled back: http-5xx failed" },
  ]);
  seedRollout(sc, now, v.handBroken.sha, [
    { minutesAgo: 85, state: "in_progress", description: "stage 1/5 · 1% · started" },
    { minutesAgo: 50, state: "in_progress", description: "stage 2/5 · 5% · advanced: gates passed" },
    { minutesAgo: 40, state: "failure", description: "stage 2/5 · 0% · rolled back by @ann: errors up" },
  ]);
  seedRollout(sc, now, v.marginal.sha, [
    { minutesAgo: 38, state: "in_progress", description: "stage 1/5 · 1% · started" },
    { minutesAgo: 20, state: "in_progress", description: "stage 5/5 · 100% · promoted by @ann" },
    { minutesAgo: 19, state: "success", description: "stage 5/5 · 100% · completed by @ann" },
  ]);
  seedRollout(sc, now, v.inFlight.sha, [
    { minutesAgo: 10, state: "in_progress", description: "stage 1/5 · 1% · started" },
  ]);
}
