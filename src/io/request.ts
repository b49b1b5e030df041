// What a run was asked: the settings, the event, and the command it means, or why there is nothing to do.
// For a pull-request comment, also whether the commenter may ask, acknowledged (👀) or refused (👎) here.

import type { Command, CommandSource } from "../rollout/model.ts";
import type { Answer } from "../report/publish.ts";
import {
  errorReply,
  headRefusalReason,
  headRefusalReply,
  helpReply,
  permissionUnreadable,
  permissionUnreadableReply,
  refusalReply,
  unsureRoleReply,
} from "../report/comment.ts";
import type { RunResult } from "../report/publish.ts";
import type { Runtime } from "../runtime.ts";
import { type GitHubApi, type Permission, PermissionUnreadableError } from "../store/port.ts";
import { type CommentCommand, commandForEvent, formatCommand, parseComment } from "./command.ts";
import {
  type CommentEvent,
  forkRefusal,
  lateRefusal,
  mayCommand,
  readCommentEvent,
  standingOf,
  startTarget,
} from "./comment.ts";
import { type RunContext, readContext, runUrl } from "./context.ts";
import { inputsFrom, readSettings, type Settings } from "./inputs.ts";

/** A command the run carries out, and who asked for it. */
export interface Asked {
  command: Command;
  source: CommandSource;
  actor: string;
  reason?: string;
  /** For the log: where the command came from. */
  from: string;
  /** For start: the version the trigger names (a pull request's head), instead of `ref`. */
  startSha?: string;
}

export type Request =
  | { kind: "ignored"; reason: string }
  | { kind: "command"; settings: Settings; ctx: RunContext; asked: Asked }
  | {
      kind: "comment";
      settings: Settings;
      ctx: RunContext;
      comment: CommentEvent;
      parsed: CommentCommand;
      /** The command as the comment gave it: `/rollout promote to 50`. */
      text: string;
    };

/**
 * Reads the inputs and the event. An event the action does not act on, and any comment that is not a command
 * (edits, deletions, issues, ordinary comments), is ignored here, before any API call.
 */
export function readRequest(rt: Runtime): Request {
  const settings = readSettings(inputsFrom(rt.env));
  rt.setSecret(settings.token);
  const ctx = readContext(rt.env);
  rt.debug(`settings: ${JSON.stringify({ ...settings, token: "***", gatesText: undefined })}`);
  if (ctx.eventName === "issue_comment") return readComment(settings, ctx);
  const resolved = commandForEvent(ctx, settings.command);
  if (!resolved)
    return { kind: "ignored", reason: `the ${ctx.eventName} event is not one phased-rollout acts on` };
  const from = resolved.source === "event" ? `from the ${ctx.eventName} event` : "from the command input";
  return {
    kind: "command",
    settings,
    ctx,
    asked: {
      ...resolved,
      actor: ctx.actor,
      ...(settings.reason && { reason: settings.reason }),
      from,
    },
  };
}

function readComment(settings: Settings, ctx: RunContext): Request {
  const comment = readCommentEvent(ctx.payload);
  if (!comment)
    return { kind: "ignored", reason: "the issue_comment payload lacks the comment or the issue" };
  if (comment.action !== "created") {
    return { kind: "ignored", reason: `comments that were ${comment.action} are ignored` };
  }
  if (!comment.isPullRequest)
    return { kind: "ignored", reason: "the comment is on an issue, not a pull request" };
  const parsed = parseComment(comment.body, settings.commentPrefix);
  if (!parsed) {
    return {
      kind: "ignored",
      reason: `the comment does not start with "${settings.commentPrefix} <command>"`,
    };
  }
  const said = "command" in parsed ? formatCommand(parsed.command) : parsed.word;
  return { kind: "comment", settings, ctx, comment, parsed, text: `${settings.commentPrefix} ${said}` };
}

export type Admission =
  | { kind: "proceed"; asked: Asked; answer?: Answer }
  /** Answered already: refused, a command with bad arguments, or help. */
  | { kind: "answered"; result: RunResult; answer: Answer };

/**
 * A command from the event or the input proceeds. A comment's author must hold the role `permission` names:
 * otherwise 👎 and a reply say why, and nothing else is written. An accepted comment gets 👀 now and its answer
 * when the run is done; `/rollout start` also checks what it would roll out (forks, a head pushed since).
 */
export async function admit(
  request: Exclude<Request, { kind: "ignored" }>,
  api: GitHubApi,
  rt: Runtime,
): Promise<Admission> {
  if (request.kind === "command") return { kind: "proceed", asked: request.asked };
  const { settings, ctx, comment, parsed, text } = request;
  const link = runUrl(ctx);
  const to = { issueNumber: comment.issueNumber, commentId: comment.commentId, asked: text };
  const refused = (
    reply: string,
    reason: string,
    also: { notice?: string; failure?: string } = {},
  ): Admission => ({
    kind: "answered",
    result: { kind: "ignored", reason, ...also },
    answer: { ...to, reaction: "-1", reply, refusal: true },
  });

  let permission: Permission | undefined;
  try {
    permission = comment.authorType === "User" ? await api.getPermission(comment.author) : undefined;
  } catch (error) {
    if (!(error instanceof PermissionUnreadableError)) throw error;
    // The workflow must change, not the commenter: the step fails too.
    const why = permissionUnreadable(comment.author, error.message);
    return refused(permissionUnreadableReply(comment.author, text, why, link), why, { failure: why });
  }
  const standing = standingOf(permission);
  const may = mayCommand(standing, settings.permission);
  const role = standing.least === standing.most ? standing.least : `${standing.least} or ${standing.most}`;
  rt.info(`@${comment.author} (${comment.authorType}, role ${role}) asked: ${text}`);
  const needs = `it needs the ${settings.permission} role or higher`;
  if (may === "unsure") {
    const reason = `@${comment.author} may not run ${text}: ${needs}, and GitHub's answer (${standing.permission}) cannot tell ${standing.least} from ${standing.most}`;
    return refused(unsureRoleReply(comment.author, text, settings.permission, standing, link), reason, {
      notice: reason,
    });
  }
  if (may === "no") {
    const has = standing.least === "none" ? "no role" : standing.least;
    const reason = `@${comment.author} may not run ${text}: ${needs}, and they have ${has} on this repository`;
    return refused(refusalReply(comment.author, text, settings.permission, standing.least, link), reason, {
      notice: reason,
    });
  }

  await acknowledge(api, rt, settings.dryRun, comment.commentId);
  if ("error" in parsed) {
    return {
      kind: "answered",
      result: { kind: "ignored", reason: parsed.error, failure: `${text}: ${parsed.error}` },
      answer: { ...to, reaction: "confused", reply: errorReply(text, parsed.error, link) },
    };
  }
  const command = parsed.command;
  if (command.kind === "help") {
    return {
      kind: "answered",
      result: { kind: "ignored", reason: "help lists the commands" },
      answer: {
        ...to,
        reaction: "rocket",
        reply: helpReply(settings.commentPrefix, settings.permission, settings.environment, link),
      },
    };
  }
  const asked: Asked = { command, source: "comment", actor: comment.author, from: "from a comment" };
  if (command.kind === "check") {
    // With no rollout in flight, a check evaluates the pull request's head as a start would roll it out; it
    // writes nothing, so the refusals that guard a start do not apply.
    const pull = await api.getPull(comment.issueNumber);
    return { kind: "proceed", asked: { ...asked, startSha: startTarget(pull).sha }, answer: to };
  }
  // Only start rolls out the pull request; every other command acts on the environment's rollout.
  if (command.kind !== "start") return { kind: "proceed", asked, answer: to };
  const pull = await api.getPull(comment.issueNumber);
  const target = startTarget(pull);
  const refusal =
    forkRefusal(pull, target, settings.allowForks) ??
    lateRefusal(target.sha, comment.createdAt, (await api.getCommit(target.sha))?.date);
  if (refusal) {
    const reason = `${text} was not run: ${headRefusalReason(refusal)}`;
    return refused(headRefusalReply(comment.author, text, refusal, link), reason, { notice: reason });
  }
  return { kind: "proceed", asked: { ...asked, startSha: target.sha }, answer: to };
}

/** 👀 on the comment: it was heard and may run. In a dry run, only said in the log. */
async function acknowledge(api: GitHubApi, rt: Runtime, dryRun: boolean, commentId: number): Promise<void> {
  if (dryRun) {
    rt.info(`Dry run: would react eyes to comment ${commentId}.`);
    return;
  }
  await api.addReaction(commentId, "eyes");
}
