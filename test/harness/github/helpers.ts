import { Octokit } from "@octokit/rest";
import type { StandIn } from "../../../harness/github/index.ts";

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A raw client, so tests see exactly what the stand-in answers. */
export function client(standIn: StandIn, token: string | null = "test-token") {
  const repo = `/repos/${standIn.owner}/${standIn.repo}`;
  async function call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    rawBody?: string,
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: "application/vnd.github+json" };
    if (token !== null) headers.authorization = `token ${token}`;
    const payload = rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined) headers["content-type"] = "application/json";
    const url = path.startsWith("http") ? path : `${standIn.url}${path.replace(/^~/, repo)}`;
    const response = await fetch(url, { method, headers, body: payload });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text === "" ? undefined : JSON.parse(text)) as T,
    };
  }
  return {
    get: <T = unknown>(path: string) => call<T>("GET", path),
    post: <T = unknown>(path: string, body?: unknown) => call<T>("POST", path, body),
    patch: <T = unknown>(path: string, body?: unknown) => call<T>("PATCH", path, body),
    delete: <T = unknown>(path: string) => call<T>("DELETE", path),
    raw: <T = unknown>(method: string, path: string, rawBody: string) =>
      call<T>(method, path, undefined, rawBody),
  };
}

export function octokit(standIn: StandIn, token = "test-token"): Octokit {
  return new Octokit({ auth: token, baseUrl: standIn.url });
}

/** Body shape the tests read from deployments and statuses. */
export interface Json {
  [key: string]: unknown;
}

export const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
