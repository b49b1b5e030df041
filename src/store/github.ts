// The GitHub client: one factory, and the handful of REST calls the action makes, behind a narrow interface.

import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import Bottleneck from "bottleneck/light.js";
import { rfc3339 } from "../format.ts";
import type { DeploymentRecord, DeploymentState, StatusRecord } from "../rollout/model.ts";

/** No attempt at a write, first or resent, starts after `until` (see writeOnce). */
export interface WriteDeadline {
  until?: Date;
}

export interface NewDeployment extends WriteDeadline {
  sha: string;
  environment: string;
  task: string;
  payload: Record<string, unknown>;
  description: string;
}

export interface NewStatus extends WriteDeadline {
  deploymentId: number;
  state: DeploymentState;
  description: string;
  logUrl: string;
}

export type Reaction = "eyes" | "rocket" | "confused" | "-1";

export interface Permission {
  /** admin, write, read or none: GitHub folds maintain into write and triage into read here. */
  permission: string;
  /**
   * The real role: admin, maintain, write, triage, read, or a custom role's name. Undefined on GitHub Enterprise
   * Server before 3.5, which does not send it.
   */
  roleName?: string;
}

/** GitHub would not show a collaborator's permission to this token (403): its identity cannot push. */
export class PermissionUnreadableError extends Error {
  override name = "PermissionUnreadableError";
}

export interface PullRequest {
  headSha: string;
  merged: boolean;
  mergeCommitSha?: string;
  /** The head branch lives in another repository than the base (or in one since deleted). */
  fromFork: boolean;
  /** owner/name of the head's repository; undefined when it was deleted. */
  headRepo?: string;
}

/** Every GitHub call the rollout makes; tests pass their own, production passes `restApi(octokit)`. */
export interface GitHubApi {
  listDeployments(q: {
    environment: string;
    task: string;
    sha?: string;
    perPage: number;
  }): Promise<DeploymentRecord[]>;
  listStatuses(deploymentId: number): Promise<StatusRecord[]>;
  createDeployment(d: NewDeployment): Promise<DeploymentRecord>;
  createStatus(s: NewStatus): Promise<StatusRecord>;
  resolveRef(ref: string): Promise<string>;
  /** Undefined when GitHub does not know the user; PermissionUnreadableError when the token may not look. */
  getPermission(username: string): Promise<Permission | undefined>;
  getPull(number: number): Promise<PullRequest>;
  createComment(issueNumber: number, body: string): Promise<{ id: number; url: string }>;
  addReaction(commentId: number, content: Reaction): Promise<void>;
  /** Git refs and commits, for the lock and the state ref: `ref` is given without its `refs/` prefix. */
  getRef(ref: string): Promise<string | undefined>;
  /**
   * "exists" when GitHub refused because the ref is, or may be, there (it answers a lost race either way):
   * its create is atomic, which makes it a lock. The caller reads the ref to see who holds it.
   */
  createRef(ref: string, sha: string): Promise<"created" | "exists">;
  /**
   * Moves the ref to `sha` only as a fast-forward (`sha` descends from where the ref points now): "refused" when
   * it points elsewhere, "missing" when it vanished meanwhile.
   */
  advanceRef(ref: string, sha: string): Promise<"moved" | "refused" | "missing">;
  deleteRef(ref: string): Promise<void>;
  treeOf(commitSha: string): Promise<string>;
  createCommit(message: string, tree: string, parents?: string[]): Promise<string>;
  getCommit(sha: string): Promise<{ message: string; date: string; tree: string } | undefined>;
}

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

function toDeployment(d: {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  task: string;
  payload: unknown;
  created_at: string;
  creator: { login: string } | null;
}): DeploymentRecord {
  return {
    id: d.id,
    sha: d.sha,
    ref: d.ref,
    environment: d.environment,
    task: d.task,
    payload: d.payload,
    createdAt: d.created_at,
    ...(d.creator && { creator: d.creator.login }),
  };
}

function toStatus(s: {
  id: number;
  state: DeploymentState;
  description?: string | null;
  log_url?: string;
  target_url?: string;
  created_at: string;
  creator: { login: string } | null;
}): StatusRecord {
  return {
    id: s.id,
    state: s.state,
    description: text(s.description),
    logUrl: text(s.log_url) || text(s.target_url),
    createdAt: s.created_at,
    ...(s.creator && { creator: s.creator.login }),
  };
}

/** GitHub sends "" or null for fields its schema calls strings; both read as empty. */
function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

// GitHub caps statuses per deployment; our writes stay far below it, so a few pages always suffice.
const MAX_STATUS_PAGES = 3;

// Writes whose answer may be lost are retried by writeOnce, which first looks for them: plugin-retry would resend blindly.
const NO_AUTO_RETRY = { retries: 0 };

/** The HTTP status of an Octokit error, if it has one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/** A failure after which the write may or may not have happened: no answer, a timeout, or a server error. */
function uncertain(error: unknown): boolean {
  const status = statusOf(error);
  return status === undefined || status === 500 || status === 502 || status === 503 || status === 504;
}

const WRITE_ATTEMPTS = 4;

// Looking for a comment: how far the runner's clock may run ahead of GitHub's, and how many of the newest pages to read.
const CLOCK_SKEW_MS = 60_000;
const MAX_COMMENT_PAGES = 5;

/** The same text up to line endings and surrounding blanks, which GitHub may normalise. */
function sameText(stored: string | undefined, sent: string): boolean {
  const norm = (s: string) => s.replace(/\r\n/g, "\n").trim();
  return stored !== undefined && norm(stored) === norm(sent);
}

/** The `last` page of a `Link` header, or 1 when there is a single page. */
function lastPage(link: string | undefined): number {
  const match = /<[^>]*[?&]page=(\d+)[^>]*>;\s*rel="last"/.exec(link ?? "");
  return match ? Number(match[1]) : 1;
}

/** A write not attempted because its deadline passed: GitHub was too slow to finish it in time. */
export class WriteDeadlineError extends Error {
  override name = "WriteDeadlineError";
}

export interface WriteOnceOptions {
  log?: ClientOptions["log"] | undefined;
  sleep?: (ms: number) => Promise<void>;
  /**
   * No attempt, first or resent, starts after this. Writes under the rollout lock pass the time by which the
   * lock could be taken over, less a request's timeout, so that a slow GitHub cannot land a write after another
   * run has taken the lock (and decided without seeing it).
   */
  until?: Date | undefined;
  now?: () => Date;
}

/**
 * Sends a write at most once per attempt, and before each new attempt checks whether the last one landed
 * after all (the connection dropped after GitHub stored it), so a lost answer never writes twice.
 */
export async function writeOnce<T>(
  send: () => Promise<T>,
  landed: () => Promise<T | undefined>,
  opts: WriteOnceOptions = {},
): Promise<T> {
  const { log, until } = opts;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = opts.now ?? (() => new Date());
  const inTime = (what: string): void => {
    if (until && now().getTime() > until.getTime()) {
      throw new WriteDeadlineError(
        `${what} was not sent: GitHub was too slow, and the rollout lock could have been taken over since (deadline ${until.toISOString()})`,
      );
    }
  };
  for (let attempt = 1; ; attempt++) {
    inTime(attempt === 1 ? "the write" : `attempt ${attempt} of the write`);
    try {
      return await send();
    } catch (error) {
      if (!uncertain(error) || attempt >= WRITE_ATTEMPTS) throw error;
      log?.warn(`GitHub did not confirm a write (${(error as Error).message}); checking whether it landed`);
      await sleep(1000 * 2 ** (attempt - 1));
      const found = await landed().catch(() => undefined);
      if (found !== undefined) return found;
    }
  }
}

export function restApi(client: Client, owner: string, repo: string, log?: ClientOptions["log"]): GitHubApi {
  return {
    async listDeployments(q) {
      const res = await client.rest.repos.listDeployments({
        owner,
        repo,
        environment: q.environment,
        task: q.task,
        ...(q.sha && { sha: q.sha }),
        per_page: q.perPage,
      });
      return res.data.map(toDeployment);
    },
    async listStatuses(deploymentId) {
      const out: StatusRecord[] = [];
      for (let page = 1; page <= MAX_STATUS_PAGES; page++) {
        const res = await client.rest.repos.listDeploymentStatuses({
          owner,
          repo,
          deployment_id: deploymentId,
          per_page: 100,
          page,
        });
        out.push(...res.data.map(toStatus));
        if (res.data.length < 100) break;
      }
      return out;
    },
    async createDeployment(d) {
      const send = async () => {
        const res = await client.rest.repos.createDeployment({
          owner,
          repo,
          ref: d.sha,
          environment: d.environment,
          task: d.task,
          payload: d.payload,
          description: d.description,
          auto_merge: false,
          required_contexts: [],
          transient_environment: false,
          request: NO_AUTO_RETRY,
        });
        if (res.status !== 201 || !("id" in res.data)) {
          const message = "message" in res.data ? res.data.message : `HTTP ${res.status}`;
          throw Object.assign(new Error(`GitHub did not create the deployment: ${message}`), {
            status: res.status,
          });
        }
        return toDeployment(res.data);
      };
      const landed = async () => {
        const found = await client.rest.repos.listDeployments({
          owner,
          repo,
          sha: d.sha,
          environment: d.environment,
          task: d.task,
          per_page: 20,
        });
        const mine = found.data.find((x) => JSON.stringify(x.payload) === JSON.stringify(d.payload));
        return mine && toDeployment(mine);
      };
      return writeOnce(send, landed, { log, until: d.until });
    },
    async createStatus(s) {
      const send = async () => {
        const res = await client.rest.repos.createDeploymentStatus({
          owner,
          repo,
          deployment_id: s.deploymentId,
          state: s.state,
          description: s.description,
          log_url: s.logUrl,
          // On success GitHub may mark older deployments inactive in its UI; our own records ignore those statuses.
          auto_inactive: s.state === "success",
          request: NO_AUTO_RETRY,
        });
        return toStatus(res.data);
      };
      const landed = async () => {
        const found = await client.rest.repos.listDeploymentStatuses({
          owner,
          repo,
          deployment_id: s.deploymentId,
          per_page: 10,
        });
        const mine = found.data.find(
          (x) => x.state === s.state && x.description === s.description && x.log_url === s.logUrl,
        );
        return mine && toStatus(mine);
      };
      return writeOnce(send, landed, { log, until: s.until });
    },
    async resolveRef(ref) {
      const res = await client.rest.repos.getCommit({ owner, repo, ref, per_page: 1 });
      return res.data.sha;
    },
    async getPermission(username) {
      try {
        const res = await client.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username });
        // Optional in fact, whatever the types say: GitHub Enterprise Server before 3.5 leaves it out.
        const roleName: unknown = (res.data as { role_name?: unknown }).role_name;
        return { permission: res.data.permission, ...(typeof roleName === "string" && { roleName }) };
      } catch (error) {
        const status = statusOf(error);
        if (status === 404) return undefined;
        // "Must have push access to view collaborator permission."; a rate limit that outlasted the retries is not.
        const message = (error as Error).message;
        if (status === 403 && !/rate limit/i.test(message)) {
          throw new PermissionUnreadableError(message, { cause: error });
        }
        throw error;
      }
    },
    async getPull(number) {
      const res = await client.rest.pulls.get({ owner, repo, pull_number: number });
      const merge = text(res.data.merge_commit_sha);
      // A fork deleted since the pull request was opened leaves `head.repo` null, whatever the types say.
      const headRepo = res.data.head.repo as { id: number; full_name: string } | null;
      return {
        headSha: res.data.head.sha,
        merged: res.data.merged,
        ...(merge && { mergeCommitSha: merge }),
        // The ids, not `head.repo.fork`: a pull request inside a repository that is itself a fork is no fork's.
        fromFork: headRepo === null || headRepo.id !== res.data.base.repo.id,
        ...(headRepo && { headRepo: headRepo.full_name }),
      };
    },
    async createComment(issueNumber, body) {
      const firstAttempt = Date.now();
      const send = async () => {
        const res = await client.rest.issues.createComment({
          owner,
          repo,
          issue_number: issueNumber,
          body,
          request: NO_AUTO_RETRY,
        });
        return { id: res.data.id, url: res.data.html_url };
      };
      // Our reply: the same body (a hidden marker and the run's link make it unique), created since we first sent it.
      const landed = async () => {
        const since = Math.floor(firstAttempt / 1000) * 1000 - CLOCK_SKEW_MS;
        const query = {
          owner,
          repo,
          issue_number: issueNumber,
          since: rfc3339(new Date(since)),
          per_page: 100,
        };
        const mine = (page: { body?: string; created_at: string; id: number; html_url: string }[]) =>
          page.find((c) => sameText(c.body, body) && Date.parse(c.created_at) >= since);
        // Oldest first, and `since` matches edits too: look at the first page, then the newest ones.
        const first = await client.rest.issues.listComments(query);
        let found = mine(first.data);
        const last = lastPage(first.headers.link);
        for (let page = last; !found && page > Math.max(1, last - MAX_COMMENT_PAGES); page--) {
          found = mine((await client.rest.issues.listComments({ ...query, page })).data);
        }
        return found && { id: found.id, url: found.html_url };
      };
      return writeOnce(send, landed, { log });
    },
    async addReaction(commentId, content) {
      await client.rest.reactions.createForIssueComment({ owner, repo, comment_id: commentId, content });
    },
    async getRef(ref) {
      try {
        const res = await client.rest.git.getRef({ owner, repo, ref });
        return res.data.object.sha;
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    },
    async createRef(ref, sha) {
      const send = async (): Promise<"created" | "exists"> => {
        try {
          await client.rest.git.createRef({ owner, repo, ref: `refs/${ref}`, sha, request: NO_AUTO_RETRY });
          return "created";
        } catch (error) {
          // A create that lost a race is answered "Reference already exists" or "Reference update failed"
          // (github/rest-api-description#4887); the caller looks at the ref either way.
          if (statusOf(error) === 422 && /already exists|update failed/i.test((error as Error).message)) {
            return "exists";
          }
          throw error;
        }
      };
      // A lost answer: if the ref points at our commit, it was us who created it.
      const landed = async () => {
        const found = await client.rest.git.getRef({ owner, repo, ref }).catch(() => undefined);
        return found?.data.object.sha === sha ? ("created" as const) : undefined;
      };
      return writeOnce(send, landed, { log });
    },
    async advanceRef(ref, sha) {
      const pointsHere = async () =>
        (await client.rest.git.getRef({ owner, repo, ref })).data.object.sha === sha;
      const send = async (): Promise<"moved" | "refused" | "missing"> => {
        try {
          await client.rest.git.updateRef({ owner, repo, ref, sha, force: false, request: NO_AUTO_RETRY });
          return "moved";
        } catch (error) {
          if (statusOf(error) !== 422) throw error;
          if (/reference does not exist/i.test((error as Error).message)) return "missing";
          // Not a fast-forward: another run moved it first, or this is a resend of our own update that landed.
          return (await pointsHere().catch(() => false)) ? "moved" : "refused";
        }
      };
      const landed = async () => ((await pointsHere().catch(() => false)) ? ("moved" as const) : undefined);
      return writeOnce(send, landed, { log });
    },
    async deleteRef(ref) {
      try {
        await client.rest.git.deleteRef({ owner, repo, ref });
      } catch (error) {
        const status = statusOf(error);
        if (status !== 404 && status !== 422) throw error;
      }
    },
    async treeOf(commitSha) {
      const res = await client.rest.repos.getCommit({ owner, repo, ref: commitSha, per_page: 1 });
      return res.data.commit.tree.sha;
    },
    async createCommit(message, tree, parents = []) {
      const res = await client.rest.git.createCommit({ owner, repo, message, tree, parents });
      return res.data.sha;
    },
    async getCommit(sha) {
      try {
        const res = await client.rest.git.getCommit({ owner, repo, commit_sha: sha });
        return { message: res.data.message, date: res.data.committer.date, tree: res.data.tree.sha };
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    },
  };
}
