// The action's inputs, read once into typed settings. Every error names the input, the value and what is allowed.

import * as core from "@actions/core";
import {
  type Command,
  CommandError,
  hasControlCharacters,
  INPUT_COMMANDS,
  parseCommand,
  sanitizeReason,
} from "./command.ts";
import { type GateConfig, GateConfigError, parseGates } from "../gates/config.ts";
import { INPUT_DEFAULTS, INPUTS, type InputName } from "./names.ts";
import { parseDuration, parseStages } from "../rollout/plan.ts";
import { clip } from "../format.ts";

export const ROLES = ["read", "triage", "write", "maintain", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface Settings {
  token: string;
  environment: string;
  stages: number[];
  bakeTimeSeconds: number;
  stallAfterSeconds?: number;
  gates: GateConfig[];
  command: Command | "auto";
  ref?: string;
  force: boolean;
  reason?: string;
  dryRun: boolean;
  commentPrefix: string;
  permission: Role;
  /** Let `/rollout start` roll out the head of a pull request from a fork. */
  allowForks: boolean;
}

export class InputError extends Error {}

type Reader = (name: InputName) => string | undefined;

/** Reads an input as the runner passes it; an empty value means "use the default". */
export const readFromCore: Reader = (name) => core.getInput(name) || undefined;

function fail(name: InputName, value: string, problem: string): never {
  const shown = clip(value, 80);
  throw new InputError(`${name}: "${shown}" ${problem}`);
}

function withDefault(read: Reader, name: InputName): string {
  return read(name)?.trim() ?? INPUT_DEFAULTS[name];
}

function bool(read: Reader, name: InputName): boolean {
  const value = withDefault(read, name);
  if (/^(true|yes|on)$/i.test(value)) return true;
  if (/^(false|no|off)$/i.test(value)) return false;
  return fail(name, value, "must be true or false");
}

export function readSettings(read: Reader = readFromCore): Settings {
  const token = read(INPUTS.githubToken)?.trim();
  if (!token) {
    throw new InputError(
      `${INPUTS.githubToken}: is empty; pass a token with deployments: write (the default is \${{ github.token }})`,
    );
  }

  const environment = withDefault(read, INPUTS.environment);
  if (environment.length > 255 || hasControlCharacters(environment)) {
    fail(INPUTS.environment, environment, "must be a single line of at most 255 characters");
  }

  const stagesText = withDefault(read, INPUTS.stages);
  let stages: number[];
  try {
    stages = parseStages(stagesText);
  } catch (error) {
    fail(INPUTS.stages, stagesText, (error as Error).message);
  }

  const bakeText = withDefault(read, INPUTS.bakeTime);
  let bakeTimeSeconds: number;
  try {
    bakeTimeSeconds = parseDuration(bakeText);
  } catch (error) {
    fail(INPUTS.bakeTime, bakeText, (error as Error).message);
  }

  const stallText = read(INPUTS.stallAfter)?.trim();
  let stallAfterSeconds: number | undefined;
  if (stallText !== undefined) {
    try {
      stallAfterSeconds = parseDuration(stallText);
    } catch (error) {
      fail(INPUTS.stallAfter, stallText, (error as Error).message);
    }
    if (stallAfterSeconds <= bakeTimeSeconds) {
      fail(INPUTS.stallAfter, stallText, `must be longer than bake-time (${bakeText})`);
    }
  }

  let gates: GateConfig[];
  try {
    gates = parseGates(read(INPUTS.gates));
  } catch (error) {
    if (!(error instanceof GateConfigError)) throw error;
    throw new InputError(`${INPUTS.gates}: ${clip(error.message, 900)}`);
  }

  const commandText = withDefault(read, INPUTS.command);
  let command: Command | "auto" = "auto";
  if (commandText.toLowerCase() !== "auto") {
    try {
      command = parseCommand(commandText);
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
      fail(
        INPUTS.command,
        commandText,
        `is not allowed: ${error.message} (allowed: ${INPUT_COMMANDS.join(", ")})`,
      );
    }
    if (command.kind === "help") fail(INPUTS.command, commandText, "is only for PR comments");
  }

  const ref = read(INPUTS.ref)?.trim();
  if (ref !== undefined && !/^[\w./-]+$/.test(ref)) {
    fail(INPUTS.ref, ref, "must be a branch, tag or commit SHA");
  }

  const commentPrefix = withDefault(read, INPUTS.commentPrefix);
  if (!/^\S{1,50}$/.test(commentPrefix)) {
    fail(INPUTS.commentPrefix, commentPrefix, "must be one word of at most 50 characters, such as /rollout");
  }

  const permission = withDefault(read, INPUTS.permission).toLowerCase();
  if (!(ROLES as readonly string[]).includes(permission)) {
    fail(INPUTS.permission, permission, `must be one of ${ROLES.join(", ")}`);
  }

  const reason = sanitizeReason(read(INPUTS.reason));
  return {
    token,
    environment,
    stages,
    bakeTimeSeconds,
    ...(stallAfterSeconds !== undefined && { stallAfterSeconds }),
    gates,
    command,
    ...(ref !== undefined && { ref }),
    force: bool(read, INPUTS.force),
    ...(reason !== undefined && { reason }),
    dryRun: bool(read, INPUTS.dryRun),
    commentPrefix,
    permission: permission as Role,
    allowForks: bool(read, INPUTS.allowForks),
  };
}
