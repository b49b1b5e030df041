// The run's environment as the Actions runner provides it, read once into a plain object.

import { readFileSync } from "node:fs";
import { runLink } from "../rollout/codec.ts";

export interface RunContext {
  eventName: string;
  payload: Record<string, unknown>;
  /** The commit the event is about (for workflow_run, the triggering run's head). */
  sha: string;
  ref: string;
  owner: string;
  repo: string;
  actor: string;
  runId: number;
  runAttempt: number;
  serverUrl: string;
  apiUrl: string;
}

export class ContextError extends Error {}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new ContextError(`${name} is not set; this action must run in a GitHub Actions job`);
  return value;
}

function readPayload(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ContextError(`GITHUB_EVENT_PATH "${path}" cannot be read: ${(error as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch {
    throw new ContextError(`GITHUB_EVENT_PATH "${path}" does not hold JSON`);
  }
}

function field(obj: unknown, ...path: string[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

export function stringField(obj: unknown, ...path: string[]): string | undefined {
  const v = field(obj, ...path);
  return typeof v === "string" ? v : undefined;
}

export function numberField(obj: unknown, ...path: string[]): number | undefined {
  const v = field(obj, ...path);
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

export function booleanField(obj: unknown, ...path: string[]): boolean | undefined {
  const v = field(obj, ...path);
  return typeof v === "boolean" ? v : undefined;
}

export function readContext(env: NodeJS.ProcessEnv): RunContext {
  const repository = required(env, "GITHUB_REPOSITORY");
  const [owner, repo, extra] = repository.split("/");
  if (!owner || !repo || extra !== undefined) {
    throw new ContextError(`GITHUB_REPOSITORY "${repository}" is not of the form owner/repo`);
  }
  const eventName = required(env, "GITHUB_EVENT_NAME");
  const payload = readPayload(env.GITHUB_EVENT_PATH);
  const headSha = eventName === "workflow_run" ? stringField(payload, "workflow_run", "head_sha") : undefined;
  if (headSha !== undefined && !/^[0-9a-f]{40}$/.test(headSha)) {
    throw new ContextError(`the workflow_run event's head_sha "${headSha.slice(0, 60)}" is not a commit SHA`);
  }
  const runId = Number(env.GITHUB_RUN_ID ?? "0");
  const runAttempt = Number(env.GITHUB_RUN_ATTEMPT ?? "1");
  return {
    eventName,
    payload,
    sha: headSha ?? required(env, "GITHUB_SHA"),
    ref: env.GITHUB_REF ?? "",
    owner,
    repo,
    actor: env.GITHUB_TRIGGERING_ACTOR || env.GITHUB_ACTOR || "unknown",
    runId: Number.isSafeInteger(runId) ? runId : 0,
    runAttempt: Number.isSafeInteger(runAttempt) && runAttempt > 0 ? runAttempt : 1,
    serverUrl: (env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, ""),
    apiUrl: (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, ""),
  };
}

/** This run's page (its attempt): where every status, reply and summary links. */
export function runUrl(ctx: RunContext): string {
  return runLink(ctx.serverUrl, ctx, ctx.runId, ctx.runAttempt);
}
