// A repository with a GitHub stand-in, the gates the README recommends, and a helper that runs the bundled
// action for one workflow run at a time, with ever-increasing run ids as GitHub gives them.

import { type StandIn, startGitHubStandIn } from "./github/index.ts";
import type { StandInOptions } from "./github/types.ts";
import { dispatchEvent, pushEvent, scheduleEvent } from "./events.ts";
import { type ActionRun, type RunOptions, runAction } from "./runner.ts";
import { HARNESS_NOW } from "./clock-name.ts";

export const OWNER = "octo-org";
export const REPO = "shop";

export function countGate(promUrl: string, extra = ""): string {
  return `
- name: http-5xx
  provider: prometheus
  url: ${promUrl}
  errors: sum(increase(http_requests_total{version="{{sha}}",code=~"5.."}[{{window}}]))
  total: sum(increase(http_requests_total{version="{{sha}}"}[{{window}}]))
  max-error-rate: 0.01
  min-requests: 500
${extra}`;
}

export function latencyGate(promUrl: string): string {
  return `
- name: p99-latency
  provider: prometheus
  url: ${promUrl}
  query: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{version="{{sha}}"}[{{window}}])))
  max: 0.5
`;
}

/** A count gate with a `baseline:` block: the canary's error rate against the version it replaces. */
export function comparisonGate(promUrl: string, extra = ""): string {
  return `
- name: canary-vs-baseline
  provider: prometheus
  url: ${promUrl}
  errors: sum(increase(http_requests_total{version="{{sha}}",code=~"5.."}[{{window}}]))
  total: sum(increase(http_requests_total{version="{{sha}}"}[{{window}}]))
  baseline:
    errors: sum(increase(http_requests_total{version="{{baseline_sha}}",code=~"5.."}[{{window}}]))
    total: sum(increase(http_requests_total{version="{{baseline_sha}}"}[{{window}}]))
  max-increase: 0.2
  confidence: 0.95
${extra}`;
}

export class Scenario {
  readonly github: StandIn;
  readonly gates: string;
  private runId = 1000;
  readonly environment: string;
  /** Set by setClock: the action then runs on GitHub's clock, not the wall clock. */
  private clocked = false;

  private constructor(github: StandIn, gates: string, environment: string) {
    this.github = github;
    this.gates = gates;
    this.environment = environment;
  }

  /** `github` adds stand-in options, such as `tokens` for runs under several identities. */
  static async create(
    gates: string,
    environment = "production",
    github: StandInOptions = {},
  ): Promise<Scenario> {
    const standIn = await startGitHubStandIn({ owner: OWNER, repo: REPO, ...github });
    return new Scenario(standIn, gates, environment);
  }

  close(): Promise<void> {
    return this.github.close();
  }

  async run(
    eventName: string,
    payload: object,
    sha: string,
    inputs: Record<string, string> = {},
    extra: Partial<RunOptions> = {},
  ): Promise<ActionRun> {
    this.runId += 1;
    return runAction({
      apiUrl: this.github.url,
      repository: `${OWNER}/${REPO}`,
      eventName,
      payload,
      sha,
      runId: this.runId,
      inputs: { gates: this.gates, environment: this.environment, ...inputs },
      ...extra,
      env: { ...this.clockEnv(), ...extra.env },
    });
  }

  /**
   * Runs the world from `at` on: GitHub's clock and the action's (harness/clock.ts) both, so a test of a
   * calendar does not depend on the day it runs. Records already stored age by the jump; `wait` then moves both.
   */
  setClock(at: string | Date): void {
    this.github.setClock(at);
    this.clocked = true;
  }

  /** What the action reads as now: GitHub's clock. */
  now(): Date {
    return this.github.now();
  }

  private clockEnv(): Record<string, string> {
    return this.clocked ? { [HARNESS_NOW]: this.github.now().toISOString() } : {};
  }

  /** Runs again as attempt 2 of the previous run: what "Re-run jobs" does. */
  async rerun(eventName: string, payload: object, sha: string, inputs: Record<string, string> = {}) {
    return runAction({
      apiUrl: this.github.url,
      repository: `${OWNER}/${REPO}`,
      eventName,
      payload,
      sha,
      runId: this.runId,
      runAttempt: 2,
      inputs: { gates: this.gates, environment: this.environment, ...inputs },
      env: this.clockEnv(),
    });
  }

  push(sha: string, inputs: Record<string, string> = {}, extra: Partial<RunOptions> = {}) {
    this.github.addCommit({ sha });
    return this.run("push", pushEvent(sha), sha, inputs, extra);
  }

  /** A scheduled run: GITHUB_SHA is the default branch's head, which is not what is rolled out. */
  schedule(inputs: Record<string, string> = {}, extra: Partial<RunOptions> = {}) {
    return this.run("schedule", scheduleEvent(), "f".repeat(40), inputs, extra);
  }

  /** A rollout of `sha` that completed earlier: the version the next rollout replaces (its baseline). */
  seedCompletedRollout(sha: string): void {
    this.github.seedDeployment({
      sha,
      task: "rollout",
      environment: this.environment,
      payload: { "phased-rollout": { schema: 1, stages: [1, 5, 25, 50, 100], baseline: null, run_id: 1 } },
      // A whole history, since a completion that follows no start would not read as one.
      statuses: [
        { state: "in_progress" as const, description: "stage 1/5 · 1% · started" },
        { state: "in_progress" as const, description: "stage 5/5 · 100% · promoted by @release-captain" },
        { state: "success" as const, description: "stage 5/5 · 100% · completed: gates passed" },
      ].map((x) => ({ ...x, logUrl: "https://github.com/octo-org/shop/actions/runs/1/attempts/1" })),
    });
  }

  dispatch(command: string, inputs: Record<string, string> = {}, actor = "release-captain") {
    return this.run(
      "workflow_dispatch",
      dispatchEvent({ command }),
      "f".repeat(40),
      { command, ...inputs },
      { actor },
    );
  }

  /** Moves the stand-in's clock forward, so the current stage has been live that much longer. */
  wait(minutes: number): void {
    if (this.clocked) this.github.setClock(new Date(this.github.now().getTime() + minutes * 60_000));
    else this.github.advanceClock(minutes * 60);
  }

  statusesOf(sha: string) {
    return this.github.deployments({ sha, environment: this.environment }).flatMap((d) => d.statuses);
  }
}

export function describeRun(r: ActionRun): string {
  return `exit ${r.exitCode}\n${r.stdout}\n${r.stderr}`;
}
