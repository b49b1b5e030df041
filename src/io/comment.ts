// Pull-request comments as commands: who may command, what `/rollout start` may roll out, and the event fields
// that matter.

import { booleanField, numberField, stringField } from "./context.ts";
import type { Permission, PullRequest } from "../store/port.ts";
import { PERMISSION_ROLES, type Role } from "./inputs.ts";
import { rfc3339 } from "../format.ts";

export interface CommentEvent {
  action: string;
  issueNumber: number;
  commentId: number;
  body: string;
  author: string;
  /** "User", "Bot" or "Organization", as GitHub reports the commenter. */
  authorType: string;
  isPullRequest: boolean;
  /** The PR was merged (the payload's issue carries `pull_request.merged_at`). */
  merged: boolean;
  /** When the comment was written (`comment.created_at`); undefined when the payload has no readable time. */
  createdAt?: Date;
}

function positive(n: number | undefined): n is number {
  return n !== undefined && Number.isSafeInteger(n) && n > 0;
}

function timeOf(text: string | undefined): Date | undefined {
  const ms = text === undefined ? Number.NaN : Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** The fields of an `issue_comment` payload the action uses, or undefined if any is missing or odd. */
export function readCommentEvent(payload: Record<string, unknown>): CommentEvent | undefined {
  const action = stringField(payload, "action");
  const issueNumber = numberField(payload, "issue", "number");
  const commentId = numberField(payload, "comment", "id");
  const body = stringField(payload, "comment", "body");
  const author = stringField(payload, "comment", "user", "login");
  if (action === undefined || !positive(issueNumber) || !positive(commentId)) return undefined;
  if (body === undefined || author === undefined) return undefined;
  const pr = (payload.issue as Record<string, unknown> | undefined)?.pull_request;
  const createdAt = timeOf(stringField(payload, "comment", "created_at"));
  return {
    action,
    issueNumber,
    commentId,
    body,
    author,
    authorType: stringField(payload, "comment", "user", "type") ?? "User",
    isPullRequest: pr !== undefined && pr !== null,
    merged: typeof stringField(pr, "merged_at") === "string" || booleanField(pr, "merged") === true,
    ...(createdAt && { createdAt }),
  };
}

export type Rank = Role | "none";

const RANK: Record<Rank, number> = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

/**
 * What GitHub tells of the commenter's role: exact from `role_name`, or a range when only the legacy
 * `permission` speaks, which reports maintain as write and triage as read.
 */
export interface Standing {
  least: Rank;
  most: Rank;
  /** Why least and most differ: no `role_name` (GitHub Enterprise Server before 3.5), or a custom role. */
  blur?: "no-role-name" | "custom-role";
  permission: string;
  roleName?: string;
}

// The legacy permission's range: https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user
const LEGACY: Record<string, [Rank, Rank]> = {
  admin: ["admin", "admin"],
  write: ["write", "maintain"],
  read: ["read", "triage"],
};

function isRole(name: string | undefined): name is Role {
  return (PERMISSION_ROLES as readonly (string | undefined)[]).includes(name);
}

export function standingOf(p: Permission | undefined): Standing {
  if (!p) return { least: "none", most: "none", permission: "none" };
  const { permission, roleName } = p;
  if (isRole(roleName)) return { least: roleName, most: roleName, permission, roleName };
  const [least, most] = LEGACY[permission] ?? ["none", "none"];
  const blur = roleName === undefined ? "no-role-name" : "custom-role";
  return {
    least,
    most,
    permission,
    ...(least !== most && { blur }),
    ...(roleName !== undefined && { roleName }),
  };
}

/** "unsure" when the commenter may or may not have the role, and GitHub's answer cannot settle it. */
export function mayCommand(s: Standing, needed: Role): "yes" | "no" | "unsure" {
  if (RANK[s.least] >= RANK[needed]) return "yes";
  return RANK[s.most] >= RANK[needed] ? "unsure" : "no";
}

/** The commit `/rollout start` rolls out: a merged pull request's merge commit, otherwise its head. */
export function startTarget(pull: PullRequest): { sha: string; isHead: boolean } {
  if (pull.merged && pull.mergeCommitSha) return { sha: pull.mergeCommitSha, isHead: false };
  return { sha: pull.headSha, isHead: true };
}

/** Why `/rollout start` must not roll out its target. */
export type HeadRefusal =
  | { kind: "fork"; headRepo?: string }
  | { kind: "late"; sha: string; committedAt: string; commentedAt: string }
  | { kind: "undated"; sha: string };

/**
 * A fork's head is refused unless `allow-forks`: its code ran nowhere this repository trusts. A merged pull
 * request's merge commit is this repository's own, made by whoever merged it.
 */
export function forkRefusal(
  pull: PullRequest,
  target: { isHead: boolean },
  allowForks: boolean,
): HeadRefusal | undefined {
  if (!target.isHead || !pull.fromFork || allowForks) return undefined;
  return { kind: "fork", ...(pull.headRepo && { headRepo: pull.headRepo }) };
}

/**
 * A target committed after the comment was written is refused (github/branch-deploy's rule): it is not what
 * the commenter saw. The committer date is the committer's claim, not GitHub's record of the push; what that
 * can and cannot prove is in docs/comments.md.
 */
export function lateRefusal(
  sha: string,
  commentedAt: Date | undefined,
  committedAt: string | undefined,
): HeadRefusal | undefined {
  const committed = timeOf(committedAt);
  if (!commentedAt || !committed) return { kind: "undated", sha };
  // Both have whole seconds; a commit in the comment's own second is not after it.
  if (committed.getTime() > commentedAt.getTime()) {
    return { kind: "late", sha, committedAt: rfc3339(committed), commentedAt: rfc3339(commentedAt) };
  }
  return undefined;
}
