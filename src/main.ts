// run(): inputs → rollout state → gates → decision → record → report, with one catch.

import * as core from "@actions/core";
import {
  type CommentEvent,
  forkRefusal,
  lateRefusal,
  mayCommand,
  readCommentEvent,
  standingOf,
  startTarget,
} from "./io/comment.ts";
import {
  type Command,
  type CommandSource,
  commandForEvent,
  formatCommand,
  parseComment,
} from "./io/command.ts";
import { ContextError, type RunContext, readContext, runUrl } from "./io/context.ts";
import { type DecideInput, type Decision, decide, yieldTo } from "./rollout/decide.ts";
import { evaluateGates, type GateResult } from "./gates/run.ts";
import type { HttpOptions } from "./gates/request.ts";
import { fillSecrets, redact, resolveSecrets, SecretError, type TemplateValues } from "./gates/template.ts";
import { stageWindows, windowValues } from "./gates/windows.ts";
import { apiPath, createClient, GitHubTimeoutError } from "./store/client.ts";
import { type GitHubApi, type Permission, PermissionUnreadableError, type Reaction } from "./store/port.ts";
import { restApi } from "./store/rest.ts";
import { InputError, readSettings, type Settings } from "./io/inputs.ts";
import { type Recorded, recordDecision } from "./store/commit.ts";
import { OUTPUTS } from "./io/names.ts";
import {
  commentReply,
  errorReply,
  headRefusalReason,
  headRefusalReply,
  helpReply,
  permissionUnreadable,
  permissionUnreadableReply,
  publish,
  refusalReply,
  type Report,
  rolloutView,
  unsureRoleReply,
} from "./report/summary.ts";
import { findRolloutOf, fingerprint, readEnvironment } from "./store/snapshot.ts";
import type { Rollout } from "./rollout/model.ts";
import { CLAIM_EXPIRY_SECONDS, type Claim, claimTransition, settleClaim } from "./store/claim.ts";
import { readState } from "./store/snapshot.ts";
import { acquireLock, LOCK_EXPIRY_SECONDS } from "./store/lock.ts";

export interface Dependencies {
  env: NodeJS.ProcessEnv;
  now: () => Date;
  api?: (settings: Settings, ctx: RunContext) => GitHubApi;
  http?: HttpOptions;
}

function defaultApi(settings: Settings, ctx: RunContext): GitHubApi {
  const log = {
    debug: (m: string) => {
      core.debug(m);
    },
    info: (m: string) => {
      core.debug(m);
    },
    warn: (m: string) => {
      core.warning(m);
    },
    error: (m: string) => {
      core.debug(m);
    },
  };
  const client = createClient({ token: settings.token, baseUrl: ctx.apiUrl, log });
  return restApi(client, ctx.owner, ctx.repo, log);
}

const SHA_RE = /^[0-9a-f]{40}$/;

/** The rollout's template values, the window being the current stage up to now. */
function templateValues(r: Rollout, settings: Settings, now: Date): TemplateValues {
  const version = {
    sha: r.sha,
    short_sha: r.sha.slice(0, 7),
    baseline_sha: r.baselineSha ?? "",
    baseline_short_sha: (r.baselineSha ?? "").slice(0, 7),
    environment: settings.environment,
  };
  return windowValues(version, {
    stage: r.stageIndex + 1,
    percent: r.percent,
    start: r.stageStartedAt,
    end: now,
  });
}

function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  return core.group(name, fn);
}

interface Execution {
  settings: Settings;
  ctx: RunContext;
  api: GitHubApi;
  secrets: Map<string, string>;
  command: Command;
  source: CommandSource;
  actor: string;
  reason?: string;
  /** For start: the version to roll out, when the trigger names it (a PR's head), instead of `ref`. */
  startSha?: string;
  deps: Partial<Dependencies>;
}

/** Reads the rollout, evaluates gates when the decision needs them, decides and records. */
async function execute(x: Execution): Promise<Report> {
  const { settings, ctx, api, secrets, command, deps } = x;
  const now = deps.now ?? (() => new Date());
  const warnings: string[] = [];
  const info = (message: string) => {
    core.info(message);
  };

  const { state, head, behind, target } = await group("Read rollout state", async () => {
    const read = await readState(api, settings.environment, ctx, { now, log: info });
    const { state, head } = read;
    if (read.behind) return { state, head, behind: read.behind, target: undefined };
    const cur = state.current;
    if (cur) {
      core.info(
        `Current rollout: ${cur.sha} (deployment ${cur.deploymentId}), ${cur.phase}, stage ${cur.stageIndex + 1}/${cur.stages.length} at ${cur.percent}%`,
      );
      if (cur.foreignStatuses > 0) {
        core.info(
          `${cur.foreignStatuses} status(es) on it were not written by phased-rollout and are ignored.`,
        );
      }
      if (cur.stages.join() !== settings.stages.join() && command.kind !== "start") {
        warnings.push(
          `The stages input (${settings.stages.join(", ")}) differs from the plan this rollout started with (${cur.stages.join(", ")}); the rollout keeps its plan.`,
        );
      }
    } else {
      core.info(`No rollout in ${settings.environment} yet.`);
    }
    if (command.kind !== "start") return { state, head, target: undefined };
    const sha = x.startSha ?? (await resolveTarget(api, settings, ctx));
    const earlier = cur?.sha === sha ? cur : await findRolloutOf(api, settings.environment, sha, ctx);
    core.info(`Version to start: ${sha}${earlier ? ` (had a rollout: ${earlier.phase})` : ""}`);
    return {
      state,
      head,
      target: {
        sha,
        ...(earlier && { earlier }),
        ...(state.baselineForNext && { baselineSha: state.baselineForNext }),
      },
    };
  });

  const input: DecideInput = {
    command,
    source: x.source,
    ...(state.current && { current: state.current }),
    ...(state.replacing && { replacing: state.replacing }),
    ...(target && { target }),
    stages: settings.stages,
    now: now(),
    bakeTimeSeconds: settings.bakeTimeSeconds,
    ...(settings.stallAfterSeconds !== undefined && { stallAfterSeconds: settings.stallAfterSeconds }),
    force: settings.force || (command.kind === "promote" && command.force === true),
    actor: x.actor,
    ...(x.reason && { reason: x.reason }),
    runId: ctx.runId,
  };
  let gates: GateResult[] = [];
  // Lists behind the state ref would decide on a past state: nothing is decided, and no percent published.
  let outcome = behind ? yieldTo(undefined, settings.stages, behind) : decide(input);
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
        // Comparisons with the baseline read every stage so far, from the recorded stage start times.
        windows: stageWindows(rollout, evaluatedAt),
        secrets,
        now: evaluatedAt,
        env: deps.env ?? process.env,
        ...(deps.http && { http: deps.http }),
      });
      const secretValues = [...secrets.values()];
      const clean = results.map((g) => ({ ...g, message: redact(g.message, secretValues) }));
      for (const g of clean) {
        core.info(`${g.name}: ${g.verdict} — ${g.message}`);
        // A hold on a broken monitor must be seen on the run's page, not only in its log.
        if (g.verdict === "error") {
          warnings.push(
            `${g.shadow ? "Shadow gate" : "Gate"} "${g.name}" (${g.provider}) is in error: ${g.message}`,
          );
        }
      }
      return clean;
    });
    outcome = decide({ ...input, gates, now: now() });
    if (outcome.kind === "need-gates") throw new Error("the decision asked for gates twice");
  }
  core.info(`Decision: ${outcome.kind} — ${outcome.reason}`);

  let recorded: Recorded | undefined;
  let decision: Decision = outcome;
  let unknown = behind !== undefined;
  if (outcome.record && !settings.dryRun) {
    const rec = outcome.record;
    const result = await group("Record the transition", async () => {
      const lock = await acquireLock(api, {
        environment: settings.environment,
        baseSha: target?.sha ?? state.current?.sha ?? ctx.sha,
        runId: ctx.runId,
        runAttempt: ctx.runAttempt,
        now,
        log: (m) => {
          core.info(m);
        },
      });
      if (lock.kind === "busy") {
        const why = `another run holds the rollout lock (${lock.holder}); nothing recorded, the next run decides again`;
        return { decision: yieldTo(state.current, settings.stages, why) };
      }
      if (lock.kind === "unavailable") {
        warnings.push(
          `Recording without a lock: ${lock.reason}. Without it the transition is not claimed on the state ref either, so a run that reads GitHub's lists before they catch up could record it again. Keep a concurrency group on every workflow that runs this action.`,
        );
      }
      const meanwhile = (what: string) =>
        `another run recorded ${what} while this one was deciding; nothing more recorded`;
      try {
        const rollout = rec.newRollout ? undefined : (state.current ?? target?.earlier);
        const claim: Claim = {
          event: rec.event,
          ...(rollout && { deploymentId: rollout.deploymentId }),
          sha: rec.newRollout?.sha ?? rollout?.sha ?? ctx.sha,
          runId: ctx.runId,
          runAttempt: ctx.runAttempt,
        };
        // Claimed on top of the state ref this run read before deciding: refused if anyone recorded since.
        const claimed =
          lock.kind === "held"
            ? await claimTransition(api, { environment: settings.environment, head, claim, tree: lock.tree })
            : { kind: "unavailable" as const, reason: lock.reason };
        if (claimed.kind === "lost") {
          const fresh = await readState(api, settings.environment, ctx, { now, log: info });
          const won = fresh.head.kind === "found" ? fresh.head.head.claim : undefined;
          const why = meanwhile(won ? `"${won.event}" (run ${won.runId})` : "a transition");
          if (fresh.behind) {
            return {
              decision: yieldTo(undefined, settings.stages, `${why}; ${fresh.behind}`),
              unknown: true,
            };
          }
          const current = fresh.state.current;
          return { decision: yieldTo(current, settings.stages, why), fresh: current };
        }
        if (claimed.kind === "unavailable") {
          if (lock.kind === "held") {
            warnings.push(
              `Recording without claiming the transition on the state ref: ${claimed.reason}. A run that reads GitHub's lists before they catch up could record it again.`,
            );
          }
          // Without a claim, a re-read under the lock is the only check left; it trusts lists that can lag.
          const fresh = await readEnvironment(api, settings.environment, ctx);
          if (fingerprint(fresh) !== fingerprint(state)) {
            const last = fresh.current?.transitions.at(-1);
            const why = meanwhile(last ? `"${last.event}" (run ${last.runId})` : "a change");
            return { decision: yieldTo(fresh.current, settings.stages, why), fresh: fresh.current };
          }
        }
        try {
          const done = await recordDecision(outcome, rollout, {
            api,
            environment: settings.environment,
            logUrl: runUrl(ctx),
            runId: ctx.runId,
            log: (m) => {
              core.info(m);
            },
            // A write still in flight when the lock expires could land after another run took it over.
            until: lock.kind === "held" ? lock.writeUntil : undefined,
          });
          return { decision: outcome, recorded: done };
        } catch (error) {
          // Writes no more after this: the next run waits out the lists' lag instead of the claim's expiry.
          if (claimed.kind === "claimed") {
            await settleClaim(api, settings.environment, claimed, claim).catch((e: unknown) => {
              core.warning(
                `The claim on the state ref could not be marked unrecorded (${e instanceof Error ? e.message : String(e)}); runs decide nothing until it lapses, ${CLAIM_EXPIRY_SECONDS / 60} minutes after it was made.`,
              );
            });
          }
          throw error;
        }
      } finally {
        // The transition is recorded by now; a lock that cannot be deleted expires by itself.
        if (lock.kind === "held") {
          await lock.release().catch((error: unknown) => {
            warnings.push(
              `The rollout lock ${lock.ref} could not be released (${error instanceof Error ? error.message : String(error)}); it expires in ${LOCK_EXPIRY_SECONDS / 60} minutes.`,
            );
          });
        }
      }
    });
    decision = result.decision;
    recorded = result.recorded;
    if (result.fresh) state.current = result.fresh;
    if (result.unknown) unknown = true;
  } else if (outcome.record) {
    core.info(`Dry run: would record "${outcome.record.event}" at ${outcome.percent}%.`);
  }

  // Not knowing where the rollout stands, the run names none, so no percent goes to the apply step.
  const subject = recorded ?? (unknown ? undefined : subjectOf(decision, state.current, target));
  for (const w of warnings) core.warning(w);
  return {
    decision,
    ...(subject && { rollout: subject }),
    gates,
    changed: recorded !== undefined,
    environment: settings.environment,
    command: formatCommand(command),
    ...(x.source !== "event" && { requestedBy: x.actor }),
    ...(decision.record?.note && x.source !== "event" && { note: decision.record.note }),
    dryRun: settings.dryRun,
    runUrl: runUrl(ctx),
    now: now(),
    warnings,
  };
}

function ignore(reason: string): void {
  core.info(`Nothing to do: ${reason}.`);
  core.setOutput(OUTPUTS.decision, "none");
  core.setOutput(OUTPUTS.changed, "false");
  core.setOutput(OUTPUTS.reason, reason);
  core.setOutput(OUTPUTS.gates, "[]");
}

export async function run(deps: Partial<Dependencies> = {}): Promise<void> {
  const env = deps.env ?? process.env;
  try {
    const settings = readSettings();
    core.setSecret(settings.token);
    const secrets = resolveSecrets(settings.gates, env);
    addDerivedSecrets(settings, secrets);
    for (const value of secrets.values()) core.setSecret(value);
    const ctx = readContext(env);
    core.debug(
      `settings: ${JSON.stringify({ ...settings, token: "***", gates: settings.gates.map((g) => `${g.name} (${g.provider})`) })}`,
    );
    const api = () => (deps.api ?? defaultApi)(settings, ctx);

    if (ctx.eventName === "issue_comment") {
      await runComment({ settings, ctx, secrets, deps, api });
      return;
    }
    const resolved = commandForEvent(ctx, settings.command);
    if (!resolved) {
      ignore(`the ${ctx.eventName} event is not one phased-rollout acts on`);
      return;
    }
    const { command, source } = resolved;
    core.info(
      `Command: ${formatCommand(command)} (from ${source === "event" ? `the ${ctx.eventName} event` : "the command input"})`,
    );
    const report = await execute({
      settings,
      ctx,
      api: api(),
      secrets,
      command,
      source,
      actor: ctx.actor,
      ...(settings.reason && { reason: settings.reason }),
      deps,
    });
    await group("Report", () => publish(report));
    if (report.decision.error) core.setFailed(report.decision.error);
  } catch (error) {
    core.setFailed(describeError(error));
    if (error instanceof Error && !isUserError(error) && error.stack) core.debug(error.stack);
  }
}

interface CommentRun {
  settings: Settings;
  ctx: RunContext;
  secrets: Map<string, string>;
  deps: Partial<Dependencies>;
  api: () => GitHubApi;
}

/** A `/rollout ...` comment: check who asked, acknowledge, run the command, answer on the pull request. */
async function runComment({ settings, ctx, secrets, deps, api: makeApi }: CommentRun): Promise<void> {
  const event = readCommentEvent(ctx.payload);
  if (!event) {
    ignore("the issue_comment payload lacks the comment or the issue");
    return;
  }
  if (event.action !== "created") {
    ignore(`comments that were ${event.action} are ignored`);
    return;
  }
  if (!event.isPullRequest) {
    ignore("the comment is on an issue, not a pull request");
    return;
  }
  const parsed = parseComment(event.body, settings.commentPrefix);
  if (!parsed) {
    ignore(`the comment does not start with "${settings.commentPrefix} <command>"`);
    return;
  }

  const api = makeApi();
  const said = "command" in parsed ? formatCommand(parsed.command) : parsed.word;
  const asked = `${settings.commentPrefix} ${said}`;
  const feedback = commentFeedback(api, event.issueNumber, event.commentId, settings.dryRun);
  const refuse = async (reply: string, reason: string) => {
    await feedback.react("-1");
    await feedback.reply(reply);
    ignore(reason);
  };

  if (!(await mayAsk(event, asked, settings, api, runUrl(ctx), refuse))) return;
  await feedback.react("eyes");
  const secretValues = [...secrets.values(), settings.token];
  try {
    if ("error" in parsed) {
      await feedback.reply(errorReply(asked, parsed.error, ctx));
      await feedback.react("confused");
      ignore(parsed.error);
      core.setFailed(`${asked}: ${parsed.error}`);
      return;
    }
    const command = parsed.command;
    if (command.kind === "help") {
      await feedback.reply(
        helpReply(settings.commentPrefix, settings.permission, settings.environment, runUrl(ctx)),
      );
      await feedback.react("rocket");
      ignore("help lists the commands");
      return;
    }
    // Only start rolls out the pull request; every other command acts on the environment's rollout.
    let startSha: string | undefined;
    if (command.kind === "start") {
      const pull = await api.getPull(event.issueNumber);
      const target = startTarget(pull);
      const refusal =
        forkRefusal(pull, target, settings.allowForks) ??
        lateRefusal(target.sha, event.createdAt, (await api.getCommit(target.sha))?.date);
      if (refusal) {
        const reason = `${asked} was not run: ${headRefusalReason(refusal)}`;
        await refuse(headRefusalReply(event.author, asked, refusal, runUrl(ctx)), reason);
        core.notice(reason);
        return;
      }
      startSha = target.sha;
    }
    const report = await execute({
      settings,
      ctx,
      api,
      secrets,
      command,
      source: "comment",
      actor: event.author,
      ...(startSha && { startSha }),
      deps,
    });
    await group("Report", () => publish(report));
    await feedback.reply(redact(commentReply(report, asked), secretValues));
    await feedback.react(report.decision.error ? "confused" : "rocket");
    if (report.decision.error) core.setFailed(report.decision.error);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await feedback.reply(errorReply(asked, redact(message, secretValues), ctx)).catch(() => undefined);
    await feedback.react("confused").catch(() => undefined);
    throw error;
  }
}

/**
 * Whether the commenter may run the command; when not, they are answered with 👎 and a reply saying why, and
 * nothing else is written. A token GitHub will not show permissions to also fails the step: the workflow must
 * change, not the commenter.
 */
async function mayAsk(
  event: CommentEvent,
  asked: string,
  settings: Settings,
  api: GitHubApi,
  link: string,
  refuse: (reply: string, reason: string) => Promise<void>,
): Promise<boolean> {
  let permission: Permission | undefined;
  try {
    permission = event.authorType === "User" ? await api.getPermission(event.author) : undefined;
  } catch (error) {
    if (!(error instanceof PermissionUnreadableError)) throw error;
    const why = permissionUnreadable(event.author, error.message);
    await refuse(permissionUnreadableReply(event.author, asked, why, link), why).catch((e: unknown) => {
      core.warning(`The refusal could not be posted: ${describeError(e)}`);
    });
    core.setFailed(why);
    return false;
  }
  const standing = standingOf(permission);
  const may = mayCommand(standing, settings.permission);
  const role = standing.least === standing.most ? standing.least : `${standing.least} or ${standing.most}`;
  core.info(`@${event.author} (${event.authorType}, role ${role}) asked: ${asked}`);
  if (may === "yes") return true;
  const needs = `it needs the ${settings.permission} role or higher`;
  if (may === "unsure") {
    const reason = `@${event.author} may not run ${asked}: ${needs}, and GitHub's answer (${standing.permission}) cannot tell ${standing.least} from ${standing.most}`;
    await refuse(unsureRoleReply(event.author, asked, settings.permission, standing, link), reason);
    core.notice(reason);
    return false;
  }
  const has = standing.least === "none" ? "no role" : standing.least;
  const reason = `@${event.author} may not run ${asked}: ${needs}, and they have ${has} on this repository`;
  await refuse(refusalReply(event.author, asked, settings.permission, standing.least, link), reason);
  core.notice(reason);
  return false;
}

/** Reactions and the reply on the commenting PR; in a dry run they are only logged. */
function commentFeedback(api: GitHubApi, issueNumber: number, commentId: number, dryRun: boolean) {
  return {
    async react(content: Reaction) {
      if (dryRun) {
        core.info(`Dry run: would react ${content} to comment ${commentId}.`);
        return;
      }
      await api.addReaction(commentId, content);
    },
    async reply(body: string) {
      if (dryRun) {
        core.info(`Dry run: would reply on #${issueNumber}:\n${body}`);
        return;
      }
      const posted = await api.createComment(issueNumber, body);
      core.info(`Replied on #${issueNumber}: ${posted.url}`);
    },
  };
}

/**
 * Basic auth goes out as base64(user:password): a server that quotes the request back would show that form,
 * so it is masked and redacted like the secrets it is made of. The key cannot clash with a `${NAME}`.
 */
function addDerivedSecrets(settings: Settings, secrets: Map<string, string>): void {
  for (const gate of settings.gates) {
    if (!gate.basicAuth) continue;
    const user = fillSecrets(gate.basicAuth.username, secrets);
    const pass = fillSecrets(gate.basicAuth.password, secrets);
    secrets.set(`basic auth of ${gate.name}`, Buffer.from(`${user}:${pass}`).toString("base64"));
  }
}

/** A GitHub API failure says which call failed, not only "Server Error". */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `unexpected failure: ${String(error)}`;
  // Octokit reports a request that got no answer in time as a 500 it never received; the cause tells.
  if (error.cause instanceof GitHubTimeoutError) return `${error.cause.message}, after retries`;
  const e = error as Error & { status?: unknown; request?: { method?: string; url?: string } };
  if (typeof e.status === "number" && e.request?.url) {
    const path = apiPath(e.request.url);
    return `GitHub API ${e.request.method ?? ""} ${path} answered ${e.status} (${e.message}) after retries`;
  }
  return e.message;
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
