// Pull-request comments as commands: who may command, and the event fields that matter.

import { booleanField, numberField, stringField } from "./context.ts";
import type { Permission } from "./github.ts";
import { ROLES, type Role } from "./inputs.ts";

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
}

function positive(n: number | undefined): n is number {
  return n !== undefined && Number.isSafeInteger(n) && n > 0;
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
  return {
    action,
    issueNumber,
    commentId,
    body,
    author,
    authorType: stringField(payload, "comment", "user", "type") ?? "User",
    isPullRequest: pr !== undefined && pr !== null,
    merged: typeof stringField(pr, "merged_at") === "string" || booleanField(pr, "merged") === true,
  };
}

const RANK: Record<Role | "none", number> = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

/** The commenter's role: `role_name` tells maintain and triage apart; a custom role falls back to `permission`. */
export function roleOf(p: Permission | undefined): Role | "none" {
  if (!p) return "none";
  if ((ROLES as readonly string[]).includes(p.roleName)) return p.roleName as Role;
  return (ROLES as readonly string[]).includes(p.permission) ? (p.permission as Role) : "none";
}

export function mayCommand(role: Role | "none", least: Role): boolean {
  return RANK[role] >= RANK[least];
}
