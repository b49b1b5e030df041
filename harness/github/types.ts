export type DeploymentState =
  "error" | "failure" | "inactive" | "in_progress" | "queued" | "pending" | "success";

export type CommitStatusState = "error" | "failure" | "pending" | "success";

export type RepositoryRole = "admin" | "maintain" | "write" | "triage" | "read";

export type ReactionContent = "+1" | "-1" | "laugh" | "confused" | "heart" | "hooray" | "rocket" | "eyes";

/** A point in time as the caller's (real) clock sees it. */
export type TimeInput = Date | string | number;

export interface StandInOptions {
  owner?: string;
  repo?: string;
  defaultBranch?: string;
  /** Public repositories answer `read` for anyone's permission; private ones `none`. */
  visibility?: "public" | "private";
  /**
   * Which GitHub to answer as: `ghes-3.4` answers collaborator permissions without `role_name`, as GitHub
   * Enterprise Server did before 3.5, and checks those answers against 3.4's description.
   */
  release?: "api.github.com" | "ghes-3.4";
  /** Login behind every accepted token unless `tokens` names it. */
  tokenUser?: string;
  /** When given, only these tokens are accepted (token → login); others get 401. */
  tokens?: Record<string, string>;
  /** Primary rate limit per token and hour; GITHUB_TOKEN has 1,000 per repository. */
  rateLimit?: number;
  /** List endpoints leave out what was written less than this many ms ago (see `setListLag`). */
  listLagMs?: number;
  /** Statuses one deployment accepts before GitHub-style 422s. */
  maxStatusesPerDeployment?: number;
  host?: string;
  port?: number;
}

export interface SeedCommit {
  sha?: string;
  message?: string;
  parents?: string[];
  /** Author and committer date. */
  date?: TimeInput;
  /** Tree SHA; a stable fake derived from the commit SHA when omitted. */
  tree?: string;
}

export interface GitPersonView {
  name: string;
  email: string;
  /** ISO 8601, as GitHub renders it. */
  date: string;
}

/** A commit as the Git database API holds it. */
export interface GitCommitView {
  sha: string;
  message: string;
  tree: string;
  parents: string[];
  author: GitPersonView;
  committer: GitPersonView;
}

export interface SeedStatus {
  state: DeploymentState;
  description?: string;
  environment?: string;
  logUrl?: string;
  environmentUrl?: string;
  creator?: string;
  createdAt?: TimeInput;
}

export interface SeedDeployment {
  /** Commit SHA; registered as a commit if unknown. Defaults to what `ref` resolves to. */
  sha?: string;
  ref?: string;
  task?: string;
  environment?: string;
  payload?: unknown;
  description?: string | null;
  creator?: string;
  transientEnvironment?: boolean;
  productionEnvironment?: boolean;
  createdAt?: TimeInput;
  statuses?: SeedStatus[];
}

export interface DeploymentStatusView {
  id: number;
  deploymentId: number;
  state: DeploymentState;
  description: string;
  environment: string;
  logUrl: string;
  environmentUrl: string;
  targetUrl: string;
  creator: string;
  createdAt: string;
}

export interface DeploymentView {
  id: number;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  originalEnvironment: string;
  payload: unknown;
  description: string | null;
  creator: string;
  transientEnvironment: boolean;
  productionEnvironment: boolean;
  createdAt: string;
  updatedAt: string;
  /** State of the newest status, or null when it has none. */
  state: DeploymentState | null;
  /** Oldest first. */
  statuses: DeploymentStatusView[];
}

export interface DeploymentFilter {
  sha?: string;
  ref?: string;
  task?: string;
  environment?: string;
}

export interface SeedPullRequest {
  number: number;
  headSha: string;
  headRef?: string;
  baseRef?: string;
  /** Head branch lives in a fork. */
  fork?: boolean;
  state?: "open" | "closed";
  merged?: boolean;
  mergeCommitSha?: string | null;
  author?: string;
  title?: string;
  body?: string | null;
  draft?: boolean;
}

export interface SeedComment {
  issueNumber: number;
  body: string;
  user?: string;
  authorAssociation?: string;
  createdAt?: TimeInput;
}

export interface CommentView {
  id: number;
  issueNumber: number;
  body: string;
  user: string;
  authorAssociation: string;
  createdAt: string;
  updatedAt: string;
}

export interface ReactionView {
  id: number;
  commentId: number;
  content: ReactionContent;
  user: string;
  createdAt: string;
}

export interface LogEntry {
  seq: number;
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  operationId: string | null;
  status: number;
  /** The request asked to change something (any method other than GET/HEAD). */
  write: boolean;
  /** GitHub would reject it as malformed: unknown route, no auth, or failed OpenAPI validation. */
  invalid: boolean;
  /** Why it was invalid. */
  reason?: string;
  /** The stand-in's own answer did not match the OpenAPI response schema (a stand-in bug). */
  responseErrors?: string[];
  /** Id of the fault that shaped this answer. */
  fault?: number;
  user: string | null;
  body: unknown;
  time: string;
}

export interface FaultSpec {
  operationId?: string;
  method?: string;
  /** Exact path, route template ("/repos/{owner}/{repo}/deployments") or RegExp. */
  path?: string | RegExp;
  /** 1-based numbers of the matching calls to fault; all of them when omitted. */
  attempts?: number[];
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Seconds, sent as `retry-after`. */
  retryAfter?: number;
  delayMs?: number;
  /** Destroy the socket instead of answering. */
  reset?: boolean;
  /** Perform the request first, then answer `status` or, without one, drop the connection. */
  afterWrite?: boolean;
  /** Never answer; the connection stays open until the stand-in closes. With `afterWrite`, after performing it. */
  hang?: boolean;
  /** Perform the request, send the status, the headers and half the body, then nothing more. */
  stall?: boolean;
}

export interface FaultHandle {
  id: number;
  /** Calls that matched so far (faulted or not). */
  matched(): number;
  /** Calls this fault actually shaped. */
  fired(): number;
  remove(): void;
}

export interface StandInState {
  refs: Record<string, string>;
  deployments: DeploymentView[];
  comments: CommentView[];
  reactions: ReactionView[];
  collaborators: Record<string, RepositoryRole>;
}
