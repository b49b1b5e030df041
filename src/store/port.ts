// The GitHub calls the rollout makes, behind a narrow interface: tests pass their own, production passes
// restApi(octokit) from rest.ts.

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
