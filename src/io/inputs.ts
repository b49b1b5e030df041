// The action's inputs, read once into typed settings. Every error names the input, the value and what is allowed.

import { clip, formatDuration } from "../format.ts";
import type { GateConfig } from "../gates/config.ts";
import type { FreezeWindow } from "../rollout/freeze.ts";
import type { Command } from "../rollout/model.ts";
import { parseDuration, parseStages } from "../rollout/plan.ts";
import {
  CommandError,
  hasControlCharacters,
  INPUT_COMMANDS,
  parseCommand,
  sanitizeReason,
} from "./command.ts";
import { INPUT_DEFAULTS, INPUTS, type InputName } from "./names.ts";

/** Repository roles, least to most: who may command from comments (`permission`). */
export const PERMISSION_ROLES = ["read", "triage", "write", "maintain", "admin"] as const;
export type Role = (typeof PERMISSION_ROLES)[number];

export interface Settings {
  token: string;
  environment: string;
  stages: number[];
  bakeTimeSeconds: number;
  stallAfterSeconds?: number;
  /** The `gates` input as given; readGatesInput() reads it, loading only what its gates need. */
  gatesText?: string;
  command: Command | "auto";
  ref?: string;
  force: boolean;
  reason?: string;
  dryRun: boolean;
  commentPrefix: string;
  permission: Role;
  /** Let `/rollout start` roll out the head of a pull request from a fork. */
  allowForks: boolean;
  /** The `after` and `freeze` inputs as given; readAfterInput() and readFreezeInput() read them. */
  afterText?: string;
  freezeText?: string;
  /** Finished rollouts `replay` looks at, 1 to MAX_REPLAY_COUNT. */
  replayCount: number;
}

/** The most finished rollouts `replay` looks at: they and the rollouts in flight among them fit one page of 100. */
export const MAX_REPLAY_COUNT = 50;

export class InputError extends Error {}

export type Reader = (name: InputName) => string | undefined;

/**
 * Inputs as the runner passes them: `INPUT_<NAME>`, upper-cased with spaces (not hyphens) as `_`, trimmed, as
 * @actions/core's getInput reads them. An empty value means "use the default".
 */
export function inputsFrom(env: NodeJS.ProcessEnv): Reader {
  return (name) => env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`]?.trim() || undefined;
}

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

/**
 * `stall-after`: a duration longer than bake-time, or `off`. The runner passes action.yml's default (4h) as if it
 * were given, so a bake-time of 4h or more with the default is refused too, saying the default is the reason.
 */
function readStallAfter(read: Reader, bakeText: string, bakeTimeSeconds: number): number | undefined {
  const text = withDefault(read, INPUTS.stallAfter);
  if (text.toLowerCase() === "off") return undefined;
  let seconds: number;
  try {
    seconds = parseDuration(text);
  } catch (error) {
    fail(INPUTS.stallAfter, text, `${(error as Error).message}, or off`);
  }
  if (seconds <= bakeTimeSeconds) {
    const shown =
      text === INPUT_DEFAULTS[INPUTS.stallAfter] ? `"${text}" (the default)` : `"${clip(text, 80)}"`;
    throw new InputError(
      `${INPUTS.stallAfter}: ${shown} must be longer than bake-time (${bakeText}), or a stage would stall before it may advance; set stall-after to more than ${bakeText} (such as ${formatDuration(bakeTimeSeconds * 2)}), or to off`,
    );
  }
  return seconds;
}

export function readSettings(read: Reader): Settings {
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

  const stallAfterSeconds = readStallAfter(read, bakeText, bakeTimeSeconds);

  const gatesText = read(INPUTS.gates);

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
  if (!(PERMISSION_ROLES as readonly string[]).includes(permission)) {
    fail(INPUTS.permission, permission, `must be one of ${PERMISSION_ROLES.join(", ")}`);
  }

  const replayText = withDefault(read, INPUTS.replayCount);
  const replayCount = Number(replayText);
  if (!/^\d+$/.test(replayText) || replayCount < 1 || replayCount > MAX_REPLAY_COUNT) {
    fail(INPUTS.replayCount, replayText, `must be a whole number from 1 to ${MAX_REPLAY_COUNT}`);
  }

  const reason = sanitizeReason(read(INPUTS.reason));
  const afterText = read(INPUTS.after);
  const freezeText = read(INPUTS.freeze);
  return {
    token,
    environment,
    stages,
    bakeTimeSeconds,
    ...(stallAfterSeconds !== undefined && { stallAfterSeconds }),
    ...(gatesText !== undefined && { gatesText }),
    command,
    ...(ref !== undefined && { ref }),
    force: bool(read, INPUTS.force),
    ...(reason !== undefined && { reason }),
    dryRun: bool(read, INPUTS.dryRun),
    commentPrefix,
    permission: permission as Role,
    allowForks: bool(read, INPUTS.allowForks),
    ...(afterText !== undefined && { afterText }),
    ...(freezeText !== undefined && { freezeText }),
    replayCount,
  };
}

/**
 * The `gates` input's gates. The YAML reader, the schema and the providers the gates name are loaded here, and
 * only for a run that acts: an ordinary comment never pays for them.
 */
export async function readGatesInput(text: string | undefined): Promise<GateConfig[]> {
  if (text === undefined || text.trim() === "") return [];
  const { GateConfigError, readGates } = await import("../gates/config.ts");
  try {
    return await readGates(text);
  } catch (error) {
    if (!(error instanceof GateConfigError)) throw error;
    throw new InputError(`${INPUTS.gates}: ${clip(error.message, 900)}`);
  }
}

/** The `after` input: the environments that must complete a version before `environment` starts it. */
export async function readAfterInput(text: string | undefined, environment: string): Promise<string[]> {
  if (text === undefined || text.trim() === "") return [];
  const { parseAfter, WaveConfigError } = await import("../rollout/wave.ts");
  try {
    return parseAfter(text, environment);
  } catch (error) {
    if (!(error instanceof WaveConfigError)) throw error;
    throw new InputError(`${INPUTS.after}: ${error.message}`);
  }
}

// A configuration variable holds at most 48 KB; a calendar longer than this is a mistake.
const MAX_FREEZE_TEXT = 64 * 1024;

/**
 * The `freeze` input's windows. The YAML reader and the cron library are loaded here, and only for a run that
 * acts, as the gates' are.
 */
export async function readFreezeInput(text: string | undefined): Promise<FreezeWindow[]> {
  if (text === undefined || text.trim() === "") return [];
  if (text.length > MAX_FREEZE_TEXT) {
    throw new InputError(
      `${INPUTS.freeze}: is ${text.length} characters long; at most ${MAX_FREEZE_TEXT} are accepted`,
    );
  }
  const [{ readYaml, YamlError }, { FreezeConfigError, parseFreeze }] = await Promise.all([
    import("../yaml.ts"),
    import("../rollout/freeze.ts"),
  ]);
  try {
    return parseFreeze(readYaml(text));
  } catch (error) {
    if (!(error instanceof YamlError || error instanceof FreezeConfigError)) throw error;
    throw new InputError(`${INPUTS.freeze}: ${clip(error.message, 900)}`);
  }
}
