// The GitHub client: one factory, and the handful of REST calls the action makes, behind a narrow interface.

import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";

export type DeploymentState =
  "error" | "failure" | "inactive" | "in_progress" | "queued" | "pending" | "success";

export interface DeploymentRecord {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  task: string;
  payload: unknown;
  createdAt: string;
  creator?: string;
}

export interface StatusRecord {
  id: number;
  state: DeploymentState;
  description: string;
  logUrl: string;
  createdAt: string;
  creator?: string;
}

export interface NewDeployment {
  sha: string;
  environment: string;
  task: string;
  payload: Record<string, unknown>;
  description: string;
}

export interface NewStatus {
  deploymentId: number;
  state: DeploymentState;
  description: string;
  logUrl: string;
}

export type Reaction = "eyes" | "rocket" | "confused" | "-1";

export interface Permission {
  /** admin, write, read or none: GitHub folds maintain into write and triage into read here. */
  permission: string;
  /** The real role: admin, maintain, write, triage, read, or a custom role's name. */
  roleName: string;
}

export interface PullRequest {
  headSha: string;
  merged: boolean;
  mergeCommitSha?: string;
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
  /** Undefined when GitHub does not know the user. */
  getPermission(username: string): Promise<Permission | undefined>;
  getPull(number: number): Promise<PullRequest>;
  createComment(issueNumber: number, body: string): Promise<{ id: number; url: string }>;
  addReaction(commentId: number, content: Reaction): Promise<void>;
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
}

const RetryingOctokit = Octokit.plugin(retry, throttling);
export type Client = InstanceType<typeof RetryingOctokit>;

const MAX_RATE_LIMIT_WAIT_SECONDS = 120;

export function createClient(opts: ClientOptions): Client {
  const retries = opts.retries ?? 3;
  return new RetryingOctokit({
    auth: opts.token,
    baseUrl: opts.baseUrl,
    userAgent: "phased-rollout",
    ...(opts.log && { log: opts.log }),
    // Not `request.retries`: plugin-retry then retries every failure, 422s included, not only 5xx.
    ...(opts.fetch && { request: { fetch: opts.fetch } }),
    retry: { retries },
    throttle: {
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

/** GitHub sends "" or null for fields its schema calls strings; both read as empty. */
function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

// GitHub caps statuses per deployment; our writes stay far below it, so a few pages always suffice.
const MAX_STATUS_PAGES = 3;

export function restApi(client: Client, owner: string, repo: string): GitHubApi {
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
        for (const s of res.data) {
          out.push({
            id: s.id,
            state: s.state,
            description: text(s.description),
            logUrl: text(s.log_url) || text(s.target_url),
            createdAt: s.created_at,
            ...(s.creator && { creator: s.creator.login }),
          });
        }
        if (res.data.length < 100) break;
      }
      return out;
    },
    async createDeployment(d) {
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
      });
      if (res.status !== 201 || !("id" in res.data)) {
        const message = "message" in res.data ? res.data.message : `HTTP ${res.status}`;
        throw new Error(`GitHub did not create the deployment: ${message}`);
      }
      return toDeployment(res.data);
    },
    async createStatus(s) {
      const res = await client.rest.repos.createDeploymentStatus({
        owner,
        repo,
        deployment_id: s.deploymentId,
        state: s.state,
        description: s.description,
        log_url: s.logUrl,
        // On success GitHub may mark older deployments inactive in its UI; our own records ignore those statuses.
        auto_inactive: s.state === "success",
      });
      return {
        id: res.data.id,
        state: res.data.state,
        description: text(res.data.description),
        logUrl: text(res.data.log_url),
        createdAt: res.data.created_at,
      };
    },
    async resolveRef(ref) {
      const res = await client.rest.repos.getCommit({ owner, repo, ref, per_page: 1 });
      return res.data.sha;
    },
    async getPermission(username) {
      try {
        const res = await client.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username });
        return { permission: res.data.permission, roleName: text(res.data.role_name) };
      } catch (error) {
        if ((error as { status?: number }).status === 404) return undefined;
        throw error;
      }
    },
    async getPull(number) {
      const res = await client.rest.pulls.get({ owner, repo, pull_number: number });
      const merge = text(res.data.merge_commit_sha);
      return { headSha: res.data.head.sha, merged: res.data.merged, ...(merge && { mergeCommitSha: merge }) };
    },
    async createComment(issueNumber, body) {
      const res = await client.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
      return { id: res.data.id, url: res.data.html_url };
    },
    async addReaction(commentId, content) {
      await client.rest.reactions.createForIssueComment({ owner, repo, comment_id: commentId, content });
    },
  };
}
