// run(): inputs → rollout state → gates → decision → record → report, with one catch.

import * as core from "@actions/core";
import { type Command, commandForEvent, formatCommand } from "./commands.ts";
import { ContextError, type RunContext, readContext, runUrl } from "./context.ts";
import { type DecideInput, type Decision, decide } from "./decide.ts";
import { evaluateGates, type GateResult } from "./gates/evaluate.ts";
import type { HttpOptions } from "./gates/http.ts";
import { redact, resolveSecrets, SecretError, type TemplateValues } from "./gates/template.ts";
import { createClient, type GitHubApi, restApi } from "./github.ts";
import { InputError, readSettings, type Settings } from "./inputs.ts";
import { promDuration } from "./plan.ts";
import { type Recorded, recordDecision } from "./record.ts";
import { publish, type Report, rolloutView } from "./report.ts";
import { findRolloutOf, type Rollout, readEnvironment } from "./state.ts";

export interface Dependencies {
  env: NodeJS.ProcessEnv;
  now: () => Date;
  api?: (settings: Settings, ctx: RunContext) => GitHubApi;
  http?: HttpOptions;
}

function defaultApi(settings: Settings, ctx: RunContext): GitHubApi {
  const client = createClient({
    token: settings.token,
    baseUrl: ctx.apiUrl,
    log: {
      debug: (m) => {
        core.debug(m);
      },
      info: (m) => {
        core.debug(m);
      },
      warn: (m) => {
        core.warning(m);
      },
      error: (m) => {
        core.debug(m);
      },
    },
  });
  return restApi(client, ctx.owner, ctx.repo);
}

const SHA_RE = /^[0-9a-f]{40}$/;

function templateValues(r: Rollout, settings: Settings, now: Date): TemplateValues {
  const started = r.stageStartedAt;
  return {
    sha: r.sha,
    short_sha: r.sha.slice(0, 7),
    baseline_sha: r.baselineSha ?? "",
    environment: settings.environment,
    stage: String(r.stageIndex + 1),
    percent: String(r.percent),
    window: promDuration((now.getTime() - started.getTime()) / 1000),
    stage_started_at: started.toISOString().replace(/\.\d{3}Z$/, "Z"),
    stage_started_unix: String(Math.floor(started.getTime() / 1000)),
  };
}

function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  return core.group(name, fn);
}

export async function run(deps: Partial<Dependencies> = {}): Promise<void> {
  const env = deps.env ?? process.env;
  const now = deps.now ?? (() => new Date());
  try {
    const settings = readSettings();
    core.setSecret(settings.token);
    const secrets = resolveSecrets(settings.gates, env);
    for (const value of secrets.values()) core.setSecret(value);
    const ctx = readContext(env);
    core.debug(
      `settings: ${JSON.stringify({ ...settings, token: "***", gates: settings.gates.map((g) => `${g.name} (${g.provider})`) })}`,
    );

    const resolved = commandForEvent(ctx, settings.command);
    if (!resolved) {
      core.info(`The ${ctx.eventName} event is not one phased-rollout acts on; nothing to do.`);
      core.setOutput("decision", "none");
      core.setOutput("changed", "false");
      core.setOutput("reason", `the ${ctx.eventName} event is not one phased-rollout acts on`);
      core.setOutput("gates", "[]");
      return;
    }
    const { command, source } = resolved;
    core.info(
      `Command: ${formatCommand(command)} (from ${source === "event" ? `the ${ctx.eventName} event` : "the command input"})`,
    );

    const api = (deps.api ?? defaultApi)(settings, ctx);
    const warnings: string[] = [];

    const { state, target } = await group("Read rollout state", async () => {
      const state = await readEnvironment(api, settings.environment);
      const cur = state.current;
      if (cur) {
        core.info(
          `Current rollout: ${cur.sha} (deployment ${cur.deploymentId}), ${cur.phase}, stage ${cur.stageIndex + 1}/${cur.stages.length} at ${cur.percent}%`,
        );
        if (cur.foreignStatuses > 0)
          core.info(
            `${cur.foreignStatuses} status(es) on it were not written by phased-rollout and are ignored.`,
          );
        if (cur.stages.join() !== settings.stages.join() && command.kind !== "start") {
          warnings.push(
            `The stages input (${settings.stages.join(", ")}) differs from the plan this rollout started with (${cur.stages.join(", ")}); the rollout keeps its plan.`,
          );
        }
      } else {
        core.info(`No rollout in ${settings.environment} yet.`);
      }
      if (command.kind !== "start") return { state, target: undefined };
      const sha = await resolveTarget(api, settings, ctx);
      const earlier = cur?.sha === sha ? cur : await findRolloutOf(api, settings.environment, sha);
      core.info(`Version to start: ${sha}${earlier ? ` (had a rollout: ${earlier.phase})` : ""}`);
      return {
        state,
        target: {
          sha,
          ...(earlier && { earlier }),
          ...(state.baselineForNext && { baselineSha: state.baselineForNext }),
        },
      };
    });

    const input: DecideInput = {
      command,
      source,
      ...(state.current && { current: state.current }),
      ...(target && { target }),
      stages: settings.stages,
      now: now(),
      bakeTimeSeconds: settings.bakeTimeSeconds,
      force: settings.force,
      actor: ctx.actor,
      ...(settings.reason && { reason: settings.reason }),
      runId: ctx.runId,
    };
    let gates: GateResult[] = [];
    let outcome = decide(input);
    if (outcome.kind === "need-gates") {
      const rollout = outcome.rollout;
      gates = await group("Evaluate gates", async () => {
        if (settings.gates.length === 0) {
          warnings.push("No gates are configured: stages advance on bake time alone.");
          return [];
        }
        const evaluatedAt = now();
        const results = await evaluateGates(settings.gates, {
          values: templateValues(rollout, settings, evaluatedAt),
          secrets,
          now: evaluatedAt,
          ...(deps.http && { http: deps.http }),
        });
        const secretValues = [...secrets.values()];
        const clean = results.map((g) => ({ ...g, message: redact(g.message, secretValues) }));
        for (const g of clean) core.info(`${g.name}: ${g.verdict} — ${g.message}`);
        return clean;
      });
      outcome = decide({ ...input, gates, now: now() });
      if (outcome.kind === "need-gates") throw new Error("the decision asked for gates twice");
    }
    const decision: Decision = outcome;
    core.info(`Decision: ${decision.kind} — ${decision.reason}`);

    let recorded: Recorded | undefined;
    if (decision.record && !settings.dryRun) {
      const rec = decision.record;
      recorded = await group("Record the transition", () =>
        recordDecision(decision, rec.newRollout ? undefined : (state.current ?? target?.earlier), {
          api,
          environment: settings.environment,
          logUrl: runUrl(ctx),
          runId: ctx.runId,
          log: (m) => {
            core.info(m);
          },
        }),
      );
    } else if (decision.record) {
      core.info(`Dry run: would record "${decision.record.event}" at ${decision.percent}%.`);
    }

    const subject = recorded ?? subjectOf(decision, state.current, target);
    const report: Report = {
      decision,
      ...(subject && { rollout: subject }),
      gates,
      changed: recorded !== undefined,
      environment: settings.environment,
      command: formatCommand(command),
      dryRun: settings.dryRun,
      runUrl: runUrl(ctx),
      now: now(),
      warnings,
    };
    for (const w of warnings) core.warning(w);
    await group("Report", () => publish(report));
    if (decision.error) core.setFailed(decision.error);
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : `unexpected failure: ${String(error)}`);
    if (error instanceof Error && !isUserError(error) && error.stack) core.debug(error.stack);
  }
}

/** Errors whose message is the whole story: a stack trace would only hide it. */
function isUserError(error: Error): boolean {
  return error instanceof InputError || error instanceof SecretError || error instanceof ContextError;
}

async function resolveTarget(api: GitHubApi, settings: Settings, ctx: RunContext): Promise<string> {
  const ref = settings.ref;
  if (!ref) return ctx.sha;
  if (SHA_RE.test(ref.toLowerCase())) return ref.toLowerCase();
  try {
    return await api.resolveRef(ref);
  } catch (error) {
    throw new Error(`ref: "${ref}" could not be resolved to a commit: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function subjectOf(
  decision: Decision,
  current: Rollout | undefined,
  target: { sha: string; earlier?: Rollout; baselineSha?: string } | undefined,
) {
  if (decision.record?.newRollout) {
    const n = decision.record.newRollout;
    return { sha: n.sha, stages: n.stages, ...(n.baselineSha && { baselineSha: n.baselineSha }) };
  }
  if (current && (!target || current.sha === target.sha)) return rolloutView(current);
  if (target?.earlier) return rolloutView(target.earlier);
  return current ? rolloutView(current) : undefined;
}

export type { Command };
