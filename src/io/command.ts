// What a run was asked to do: the command grammar shared by the `command` input and PR comments,
// and the mapping from the triggering event to a command.

import type { Command, CommandSource } from "../rollout/model.ts";
import type { RunContext } from "./context.ts";

export type CommandKind = Command["kind"];

export const COMMAND_KINDS = [
  "start",
  "advance",
  "promote",
  "pause",
  "resume",
  "rollback",
  "status",
  "help",
  "check",
  "replay",
] as const satisfies readonly CommandKind[];

/** Commands the `command` input accepts; `help` only makes sense as a comment reply. */
export const INPUT_COMMANDS = ["auto", ...COMMAND_KINDS.filter((k) => k !== "help")] as const;

export class CommandError extends Error {}

const MAX_REASON = 200;

function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

export function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i))) return true;
  return false;
}

function withoutControlCharacters(text: string): string {
  let out = "";
  for (const ch of text) out += isControl(ch.charCodeAt(0)) ? " " : ch;
  return out;
}

/** Trims, collapses whitespace and drops control characters, so a reason is safe in one line. */
export function sanitizeReason(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const clean = withoutControlCharacters(text).replace(/\s+/g, " ").trim();
  if (clean === "") return undefined;
  const chars = Array.from(clean);
  return chars.length > MAX_REASON ? `${chars.slice(0, MAX_REASON - 1).join("")}…` : clean;
}

/**
 * Parses "promote to 50", "promote --full", "pause waiting for QA", "rollback", ... .
 * Command words are case-insensitive; throws CommandError naming what is wrong.
 */
export function parseCommand(text: string): Command {
  const trimmed = text.trim();
  const [word = "", ...rest] = trimmed.split(/\s+/);
  const kind = word.toLowerCase();
  const args = trimmed.slice(word.length).trim();
  switch (kind) {
    case "start":
    case "advance":
    case "resume":
    case "status":
    case "help":
    case "replay":
    case "check":
      if (args !== "") throw new CommandError(`"${kind}" takes no arguments, got "${echo(args)}"`);
      return { kind };
    case "pause":
    case "rollback": {
      const reason = sanitizeReason(args);
      return reason === undefined ? { kind } : { kind, reason };
    }
    case "promote":
      return parsePromote(rest);
    default:
      throw new CommandError(
        `"${echo(word)}" is not a command; use one of ${COMMAND_KINDS.filter((k) => k !== "help").join(", ")}`,
      );
  }
}

function parsePromote(args: string[]): Command {
  const words = args.map((a) => a.toLowerCase());
  const force = words.includes("--force");
  const rest = words.filter((w) => w !== "--force");
  const withForce = force ? { force: true } : {};
  const [first = "", second] = rest;
  if (rest.length === 0) return { kind: "promote", ...withForce };
  if (rest.length === 1 && first === "--full") return { kind: "promote", to: "full", ...withForce };
  if (rest.length === 2 && first === "to" && second !== undefined) {
    const pct = second.replace(/%$/, "");
    if (/^\d+(\.\d+)?$/.test(pct) && Number(pct) > 0 && Number(pct) <= 100) {
      return { kind: "promote", to: Number(pct), ...withForce };
    }
  }
  throw new CommandError(
    `"promote ${echo(args.join(" "))}" is not understood; use "promote", "promote to <percent>" or "promote --full", optionally with --force`,
  );
}

/** User text quoted back in an error: one line, bounded. */
function echo(text: string): string {
  return sanitizeReason(text)?.slice(0, 60) ?? "";
}

export function formatCommand(command: Command): string {
  switch (command.kind) {
    case "promote": {
      const base =
        command.to === "full"
          ? "promote --full"
          : command.to === undefined
            ? "promote"
            : `promote to ${command.to}`;
      return command.force ? `${base} --force` : base;
    }
    case "pause":
    case "rollback":
      return command.reason ? `${command.kind} ${command.reason}` : command.kind;
    default:
      return command.kind;
  }
}

export interface ResolvedCommand {
  command: Command;
  source: CommandSource;
}

/**
 * The command a run means, per the trigger table in the README.
 * Returns undefined when the event is one the action ignores.
 */
export function commandForEvent(ctx: RunContext, input: Command | "auto"): ResolvedCommand | undefined {
  if (input !== "auto") return { command: input, source: "input" };
  switch (ctx.eventName) {
    case "push":
    case "release":
    case "workflow_run":
      return { command: { kind: "start" }, source: "event" };
    case "schedule":
      return { command: { kind: "advance" }, source: "event" };
    case "workflow_dispatch":
      return { command: { kind: "advance" }, source: "input" };
    default:
      return undefined;
  }
}

export type CommentCommand = { command: Command } | { error: string; word: CommandKind };

const MAX_COMMENT_LINE = 1000;

/**
 * Reads the first line of a PR comment: `<prefix> <command> [args]`. Undefined for anything that is not
 * addressed to the action with a known command word (ordinary comments, the prefix mid-sentence,
 * `/rolloutpromote`), so those cause no API call at all. A known command with bad arguments is an error
 * to reply with.
 */
export function parseComment(body: string, prefix: string): CommentCommand | undefined {
  const firstLine = (body.split(/\r?\n/, 1)[0] ?? "").trim();
  if (firstLine.length > MAX_COMMENT_LINE) return undefined;
  if (firstLine.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) return undefined;
  const rest = firstLine.slice(prefix.length);
  if (!/^\s/.test(rest)) return undefined;
  const text = rest.trim();
  const word = (text.split(/\s+/, 1)[0] ?? "").toLowerCase();
  if (!(COMMAND_KINDS as readonly string[]).includes(word)) return undefined;
  try {
    return { command: parseCommand(text) };
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    return { error: error.message, word: word as CommandKind };
  }
}
