// The port's calls over GitHub's REST API.

import { rfc3339 } from "../format.ts";
import type { DeploymentRecord, DeploymentState, StatusRecord } from "../rollout/model.ts";
import { type Client, type ClientOptions, statusOf } from "./client.ts";
import { type GitHubApi, PermissionUnreadableError } from "./port.ts";
import { writeOnce } from "./write-once.ts";

/** GitHub's ids, which its description types as possibly wider than a double; these stay far below 2^53. */
function idOf(id: number | bigint): number {
  return Number(id);
}

function toDeployment(d: {
  id: number | bigint;
  sha: string;
  ref: string;
  environment: string;
  task: string;
  payload: unknown;
  created_at: string;
  creator: { login: string } | null;
}): DeploymentRecord {
  return {
    id: idOf(d.id),
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
  id: number | bigint;
  state: DeploymentState;
  description?: string | null;
  log_url?: string;
  target_url?: string;
  created_at: string;
  creator: { login: string } | null;
}): StatusRecord {
  return {
    id: idOf(s.id),
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

export interface RestOptions {
  log?: ClientOptions["log"] | undefined;
  /** The run's clock: when a comment was first sent, and write deadlines. */
  now: () => Date;
}

export function restApi(client: Client, owner: string, repo: string, opts: RestOptions): GitHubApi {
  const { log, now } = opts;
  return {
    async listDeployments(q) {
      const res = await client.request("GET /repos/{owner}/{repo}/deployments", {
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
        const res = await client.request("GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses", {
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
        const res = await client.request("POST /repos/{owner}/{repo}/deployments", {
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
        const found = await client.request("GET /repos/{owner}/{repo}/deployments", {
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
      return writeOnce(send, landed, { log, until: d.until, now });
    },
    async createStatus(s) {
      const send = async () => {
        const res = await client.request("POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses", {
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
        const found = await client.request("GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses", {
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
      return writeOnce(send, landed, { log, until: s.until, now });
    },
    async resolveRef(ref) {
      const res = await client.request("GET /repos/{owner}/{repo}/commits/{ref}", {
        owner,
        repo,
        ref,
        per_page: 1,
      });
      return res.data.sha;
    },
    async getPermission(username) {
      try {
        const res = await client.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", {
          owner,
          repo,
          username,
        });
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
      const res = await client.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
        owner,
        repo,
        pull_number: number,
      });
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
      const firstAttempt = now().getTime();
      const send = async () => {
        const res = await client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
          owner,
          repo,
          issue_number: issueNumber,
          body,
          request: NO_AUTO_RETRY,
        });
        return { id: idOf(res.data.id), url: res.data.html_url };
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
        const mine = (page: { body?: string; created_at: string; id: number | bigint; html_url: string }[]) =>
          page.find((c) => sameText(c.body, body) && Date.parse(c.created_at) >= since);
        // Oldest first, and `since` matches edits too: look at the first page, then the newest ones.
        const first = await client.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", query);
        let found = mine(first.data);
        const last = lastPage(first.headers.link);
        for (let page = last; !found && page > Math.max(1, last - MAX_COMMENT_PAGES); page--) {
          found = mine(
            (
              await client.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
                ...query,
                page,
              })
            ).data,
          );
        }
        return found && { id: idOf(found.id), url: found.html_url };
      };
      return writeOnce(send, landed, { log, now });
    },
    async addReaction(commentId, content) {
      await client.request("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", {
        owner,
        repo,
        comment_id: commentId,
        content,
      });
    },
    async getRef(ref) {
      try {
        const res = await client.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { owner, repo, ref });
        return res.data.object.sha;
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    },
    async createRef(ref, sha) {
      const send = async (): Promise<"created" | "exists"> => {
        try {
          await client.request("POST /repos/{owner}/{repo}/git/refs", {
            owner,
            repo,
            ref: `refs/${ref}`,
            sha,
            request: NO_AUTO_RETRY,
          });
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
        const found = await client
          .request("GET /repos/{owner}/{repo}/git/ref/{ref}", { owner, repo, ref })
          .catch(() => undefined);
        return found?.data.object.sha === sha ? ("created" as const) : undefined;
      };
      return writeOnce(send, landed, { log, now });
    },
    async advanceRef(ref, sha) {
      const pointsHere = async () =>
        (await client.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { owner, repo, ref })).data.object
          .sha === sha;
      const send = async (): Promise<"moved" | "refused" | "missing"> => {
        try {
          await client.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", {
            owner,
            repo,
            ref,
            sha,
            force: false,
            request: NO_AUTO_RETRY,
          });
          return "moved";
        } catch (error) {
          if (statusOf(error) !== 422) throw error;
          if (/reference does not exist/i.test((error as Error).message)) return "missing";
          // Not a fast-forward: another run moved it first, or this is a resend of our own update that landed.
          return (await pointsHere().catch(() => false)) ? "moved" : "refused";
        }
      };
      const landed = async () => ((await pointsHere().catch(() => false)) ? ("moved" as const) : undefined);
      return writeOnce(send, landed, { log, now });
    },
    async deleteRef(ref) {
      try {
        await client.request("DELETE /repos/{owner}/{repo}/git/refs/{ref}", { owner, repo, ref });
      } catch (error) {
        const status = statusOf(error);
        if (status !== 404 && status !== 422) throw error;
      }
    },
    async treeOf(commitSha) {
      const res = await client.request("GET /repos/{owner}/{repo}/commits/{ref}", {
        owner,
        repo,
        ref: commitSha,
        per_page: 1,
      });
      return res.data.commit.tree.sha;
    },
    async createCommit(message, tree, parents = []) {
      const res = await client.request("POST /repos/{owner}/{repo}/git/commits", {
        owner,
        repo,
        message,
        tree,
        parents,
      });
      return res.data.sha;
    },
    async getCommit(sha) {
      try {
        const res = await client.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", {
          owner,
          repo,
          commit_sha: sha,
        });
        return { message: res.data.message, date: res.data.committer.date, tree: res.data.tree.sha };
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    },
  };
}
