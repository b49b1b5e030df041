// The GitHub client: one factory with retries, rate limits and a deadline per request, and how its failures read.

import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/core";
import Bottleneck from "bottleneck/light.js";

export interface ClientOptions {
  token: string;
  baseUrl: string;
  fetch?: typeof globalThis.fetch;
  log?: {
    debug(m: string): void;
    info(m: string): void;
    warn(m: string): void;
    error(m: string): void;
  };
  /** Retries for server errors and rate limits; tests lower it. */
  retries?: number;
  /** How long one request may take, its answer's body included; tests shorten it. */
  timeoutMs?: number;
}

const RetryingOctokit = Octokit.plugin(retry, throttling);
export type Client = InstanceType<typeof RetryingOctokit>;

const MAX_RATE_LIMIT_WAIT_SECONDS = 120;

/**
 * Per request, answer body included. Without it a connection that hangs would hold the run, and the rollout
 * lock, until the job's timeout (6 hours by default); GitHub answers the calls the action makes in well under
 * a second.
 */
export const REQUEST_TIMEOUT_MS = 30_000;

/** GitHub did not answer one request in time; the message names the call. */
export class GitHubTimeoutError extends Error {
  // Not "AbortError": Octokit rethrows those as they are, and plugin-retry only retries its own RequestError.
  override name = "GitHubTimeoutError";

  constructor(method: string, url: string, ms: number, cause?: unknown) {
    super(`GitHub did not answer ${method} ${apiPath(url)} within ${seconds(ms)}`, { cause });
  }
}

/** The path of an API URL, without host and query: what names a call in messages. */
export function apiPath(url: string): string {
  return url.replace(/^https?:\/\/[^/]+/, "").replace(/\?.*$/, "");
}

function seconds(ms: number): string {
  return ms === 1000 ? "1 second" : `${ms / 1000} seconds`;
}

/**
 * Gives every request `ms` to complete, headers and body. Octokit turns the thrown GitHubTimeoutError into a
 * RequestError with status 500 (the error as `cause`), which plugin-retry retries and writeOnce treats as
 * uncertain. The body is read here, under the same deadline, because Octokit reads it itself and turns a
 * failed read into an empty answer with the real status: a stalled 200 would pass as success.
 */
export function withTimeout(fetch: typeof globalThis.fetch, ms: number): typeof globalThis.fetch {
  return async (input, init) => {
    const timeout = AbortSignal.timeout(ms);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      // Raced as well as passed on, so a fetch that ignores its signal cannot hang the run either.
      const res = await untilAborted(fetch(input, { ...init, signal }), signal);
      const body = await untilAborted(res.arrayBuffer(), signal);
      const copy = new Response(NULL_BODY_STATUSES.has(res.status) ? null : body, {
        status: res.status,
        statusText: res.statusText,
        headers: res.headers,
      });
      Object.defineProperty(copy, "url", { value: res.url });
      return copy;
    } catch (error) {
      if (timeout.aborted && !init?.signal?.aborted) {
        const url = input instanceof Request ? input.url : String(input);
        throw new GitHubTimeoutError(init?.method ?? "GET", url, ms, error);
      }
      throw error;
    }
  };
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** `work`, or a rejection with the signal's reason as soon as it aborts. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      reject(signal.reason as Error);
    };
    if (signal.aborted) abort();
    else signal.addEventListener("abort", abort, { once: true });
    void work.then(resolve, reject).finally(() => {
      signal.removeEventListener("abort", abort);
    });
  });
}

export function createClient(opts: ClientOptions): Client {
  const retries = opts.retries ?? 3;
  const fetch = withTimeout(opts.fetch ?? globalThis.fetch, opts.timeoutMs ?? REQUEST_TIMEOUT_MS);
  return new RetryingOctokit({
    auth: opts.token,
    baseUrl: opts.baseUrl,
    userAgent: "phased-rollout",
    ...(opts.log && { log: opts.log }),
    // Not `request.retries`: plugin-retry then retries every failure, 422s included, not only 5xx.
    request: { fetch },
    retry: { retries },
    throttle: {
      // The plugin spaces all writes 1 s apart (3 s for comments), GitHub's advice for bulk writers. A run makes
      // a handful, so that would only add seconds to every transition; secondary limits are still honoured.
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 100 }),
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 500 }),
      onRateLimit: (retryAfter, options, _octokit, retryCount) => {
        opts.log?.warn(
          `GitHub rate limit hit on ${options.method} ${options.url}; retry ${retryCount + 1} in ${retryAfter}s`,
        );
        return retryCount < retries && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS;
      },
      onSecondaryRateLimit: (retryAfter, options, _octokit, retryCount) => {
        opts.log?.warn(
          `GitHub secondary rate limit on ${options.method} ${options.url}; retry ${retryCount + 1} in ${retryAfter}s`,
        );
        return retryCount < retries && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS;
      },
    },
  });
}

/** The HTTP status of an Octokit error, if it has one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
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
