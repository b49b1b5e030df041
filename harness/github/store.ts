import { createHash } from "node:crypto";
import type {
  CommentView,
  CommitStatusState,
  DeploymentFilter,
  DeploymentState,
  DeploymentStatusView,
  DeploymentView,
  ReactionContent,
  ReactionView,
  RepositoryRole,
  SeedComment,
  SeedCommit,
  SeedDeployment,
  SeedPullRequest,
  SeedStatus,
  TimeInput,
} from "./types.ts";

/** An answer GitHub gives instead of doing the thing: status plus JSON body. */
export class ApiError extends Error {
  status: number;
  body: Record<string, unknown>;
  constructor(status: number, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.body = { message, ...extra };
  }
}

/** A git author or committer line; `date` is a stored (virtual) stamp. */
export interface GitPerson {
  name: string;
  email: string;
  date: number;
}

export interface CommitRecord {
  sha: string;
  message: string;
  parents: string[];
  /** SHA of the commit's tree: a stable fake for seeded commits, the given one for created ones. */
  tree: string;
  author: GitPerson;
  committer: GitPerson;
  /** The GitHub account the commit is attributed to (top-level author/committer of get-commit). */
  user: string;
  statuses: Map<string, CommitStatusState>;
}

export interface CreateGitCommitInput {
  message: string;
  tree: string;
  parents?: string[];
  author?: { name: string; email: string; date?: string };
  committer?: { name?: string; email?: string; date?: string };
  signature?: string;
}

export interface StatusRecord {
  id: number;
  deploymentId: number;
  state: DeploymentState;
  description: string;
  environment: string;
  logUrl: string;
  environmentUrl: string;
  targetUrl: string;
  creator: string;
  createdAt: number;
  /** When it was written through the API (a stored stamp); seeded records have none and are listed at once. */
  writtenAt?: number;
}

export interface DeploymentRecord {
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
  createdAt: number;
  updatedAt: number;
  statuses: StatusRecord[];
  writtenAt?: number;
}

export interface CommentRecord {
  id: number;
  issueNumber: number;
  body: string;
  user: string;
  authorAssociation: string;
  createdAt: number;
  updatedAt: number;
  writtenAt?: number;
}

export interface ReactionRecord {
  id: number;
  commentId: number;
  content: ReactionContent;
  user: string;
  createdAt: number;
}

export interface PullRecord {
  number: number;
  headSha: string;
  headRef: string;
  baseRef: string;
  fork: boolean;
  state: "open" | "closed";
  merged: boolean;
  mergeCommitSha: string | null;
  author: string;
  title: string;
  body: string | null;
  draft: boolean;
  createdAt: number;
}

export interface CreateDeploymentInput {
  ref: string;
  task?: string;
  auto_merge?: boolean;
  required_contexts?: string[];
  payload?: unknown;
  environment?: string;
  description?: string | null;
  transient_environment?: boolean;
  production_environment?: boolean;
}

export interface CreateStatusInput {
  state: DeploymentState;
  target_url?: string;
  log_url?: string;
  description?: string;
  environment?: string;
  environment_url?: string;
  auto_inactive?: boolean;
}

// Distinct id ranges keep a status id from passing for a deployment id in a test.
const ID_BASE = {
  deployment: 100_000_000,
  status: 200_000_000,
  comment: 300_000_000,
  reaction: 400_000_000,
};

export type LostRefCreate = "Reference already exists" | "Reference update failed";

export const MAX_DESCRIPTION = 140;
export const MAX_COMMENT_BODY = 65536;

function toMs(input: TimeInput): number {
  const ms = input instanceof Date ? input.getTime() : new Date(input).getTime();
  if (Number.isNaN(ms)) throw new Error(`not a time: ${String(input)}`);
  return ms;
}

export class Store {
  readonly owner: string;
  readonly repo: string;
  readonly defaultBranch: string;
  readonly visibility: "public" | "private";
  readonly maxStatuses: number;
  /** False on GitHub Enterprise Server before 3.5, whose permission answers have no `role_name`. */
  readonly roleNames: boolean;
  /** Logins whose tokens were denied push access (see canPush). */
  noPush = new Set<string>();
  /**
   * What a create-ref that finds the ref there answers: GitHub says "Reference already exists", or, when two
   * creates race, "Reference update failed" (github/rest-api-description#4887).
   */
  lostRefCreate: LostRefCreate = "Reference already exists";
  /**
   * List endpoints leave out what was written through the API less than this many ms ago on the stand-in's
   * clock (advanceClock lets them catch up), as GitHub's read replicas may; single-object reads, refs and
   * commits stay current.
   */
  listLagMs = 0;
  /** Virtual time runs ahead of the wall clock by this much; records keep virtual stamps. */
  clockOffsetMs = 0;
  /**
   * GitHub's clock, which renders every time, runs this far from the wall clock: set by setClock, for a test that
   * starts the action's clock at another instant too (harness/clock.ts). 0 otherwise.
   */
  shiftMs = 0;
  commits = new Map<string, CommitRecord>();
  /** Tree SHAs of known commits: what create-commit accepts as `tree`. */
  trees = new Set<string>();
  refs = new Map<string, string>();
  behind = new Map<string, "merged" | "conflict">();
  deployments: DeploymentRecord[] = [];
  deploymentsById = new Map<number, DeploymentRecord>();
  comments: CommentRecord[] = [];
  commentsById = new Map<number, CommentRecord>();
  reactions: ReactionRecord[] = [];
  collaborators = new Map<string, RepositoryRole>();
  pulls = new Map<number, PullRecord>();
  issues = new Set<number>();
  private commitCounter = 0;
  private counters = { deployment: 0, status: 0, comment: 0, reaction: 0 };

  constructor(options: {
    owner: string;
    repo: string;
    defaultBranch: string;
    visibility: "public" | "private";
    maxStatuses: number;
    roleNames: boolean;
  }) {
    this.owner = options.owner;
    this.repo = options.repo;
    this.defaultBranch = options.defaultBranch;
    this.visibility = options.visibility;
    this.maxStatuses = options.maxStatuses;
    this.roleNames = options.roleNames;
  }

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  /** A caller's time (on GitHub's clock: the wall clock unless setClock moved it) as a stored (virtual) stamp. */
  stamp(input: TimeInput | undefined): number {
    return input === undefined ? this.now() : toMs(input) + this.clockOffsetMs - this.shiftMs;
  }

  /** A stored stamp as GitHub renders it: ISO 8601 on GitHub's clock, no milliseconds. */
  iso(stamp: number): string {
    return new Date(this.wall(stamp)).toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  /** Whether a list endpoint shows the record yet (see listLagMs). */
  listed(record: { writtenAt?: number }): boolean {
    return record.writtenAt === undefined || this.now() - record.writtenAt >= this.listLagMs;
  }

  private nextId(kind: keyof typeof ID_BASE): number {
    this.counters[kind] += 1;
    return ID_BASE[kind] + this.counters[kind];
  }

  addCommit(input: SeedCommit = {}): string {
    this.commitCounter += 1;
    const sha =
      input.sha?.toLowerCase() ??
      createHash("sha1").update(`stand-in commit ${this.commitCounter}`).digest("hex");
    if (!/^[0-9a-f]{40}$/.test(sha)) throw new Error(`not a 40-hex SHA: ${sha}`);
    const existing = this.commits.get(sha);
    if (existing) return sha;
    const date = this.stamp(input.date);
    const person = { name: "Octo Cat", email: "octocat@users.noreply.github.com", date };
    this.putCommit({
      sha,
      message: input.message ?? `Commit ${this.commitCounter}`,
      parents: (input.parents ?? []).map((p) => p.toLowerCase()),
      tree: input.tree?.toLowerCase() ?? fakeTreeSha(sha),
      author: person,
      committer: { ...person },
      user: "octocat",
      statuses: new Map(),
    });
    return sha;
  }

  private putCommit(record: CommitRecord): void {
    this.commits.set(record.sha, record);
    this.trees.add(record.tree);
  }

  // https://docs.github.com/rest/git/commits#create-a-commit: the tree must exist (422 "Tree SHA
  // does not exist", the wording seen in real Octokit error reports), parents must be commits;
  // author defaults to the authenticated user and now, committer to the author.
  createGitCommit(input: CreateGitCommitInput, login: string, email: string): CommitRecord {
    const tree = input.tree.toLowerCase();
    if (!this.trees.has(tree)) throw new ApiError(422, "Tree SHA does not exist");
    const parents = (input.parents ?? []).map((p) => p.toLowerCase());
    if (parents.some((p) => !/^[0-9a-f]{40}$/.test(p))) {
      throw new ApiError(
        422,
        "Each SHA in the 'parents' parameter must be exactly 40 characters and contain only [0-9a-f].",
      );
    }
    if (parents.some((p) => !this.commits.has(p))) {
      throw new ApiError(422, "Parent SHA does not exist or is not a commit object");
    }
    const now = this.now();
    const author: GitPerson = {
      name: input.author?.name ?? login,
      email: input.author?.email ?? email,
      date: input.author?.date === undefined ? now : this.stamp(input.author.date),
    };
    const committer: GitPerson = {
      name: input.committer?.name ?? author.name,
      email: input.committer?.email ?? author.email,
      date: input.committer?.date === undefined ? author.date : this.stamp(input.committer.date),
    };
    // The SHA of the git object these fields make, so identical input gives the identical commit.
    const line = (p: GitPerson) => `${p.name} <${p.email}> ${Math.floor(this.wall(p.date) / 1000)} +0000`;
    const text = [
      `tree ${tree}`,
      ...parents.map((p) => `parent ${p}`),
      `author ${line(author)}`,
      `committer ${line(committer)}`,
      "",
      input.message,
    ].join("\n");
    const object = `commit ${Buffer.byteLength(text)}\0${text}`;
    const sha = createHash("sha1").update(object).digest("hex");
    const existing = this.commits.get(sha);
    if (existing) return existing;
    const record: CommitRecord = {
      sha,
      message: input.message,
      parents,
      tree,
      author,
      committer,
      user: login,
      statuses: new Map(),
    };
    this.putCommit(record);
    return record;
  }

  /** A stored stamp as epoch milliseconds on GitHub's clock (the wall clock unless setClock moved it). */
  wall(stamp: number): number {
    return stamp - this.clockOffsetMs + this.shiftMs;
  }

  ensureCommit(sha: string): string {
    return this.commits.has(sha.toLowerCase()) ? sha.toLowerCase() : this.addCommit({ sha });
  }

  setRef(ref: string, sha: string): void {
    if (!ref.startsWith("refs/")) throw new Error(`ref must start with refs/: ${ref}`);
    this.refs.set(ref, this.ensureCommit(sha));
  }

  /** Branch, tag, full or abbreviated SHA, or refs/... as GitHub accepts them; null if unknown. */
  resolve(commitish: string): string | null {
    const lower = commitish.toLowerCase();
    if (/^[0-9a-f]{40}$/.test(lower)) return this.commits.has(lower) ? lower : null;
    const candidates = commitish.startsWith("refs/")
      ? [commitish]
      : [`refs/heads/${commitish}`, `refs/tags/${commitish}`, `refs/${commitish}`];
    for (const ref of candidates) {
      const sha = this.refs.get(ref);
      if (sha) return sha;
    }
    if (/^[0-9a-f]{7,39}$/.test(lower)) {
      const found = [...this.commits.keys()].filter((sha) => sha.startsWith(lower));
      if (found.length === 1) return found[0] ?? null;
    }
    return null;
  }

  isAncestor(ancestor: string, descendant: string): boolean {
    const seen = new Set<string>();
    const queue = [descendant];
    while (queue.length > 0) {
      const sha = queue.pop();
      if (sha === undefined || seen.has(sha)) continue;
      if (sha === ancestor) return true;
      seen.add(sha);
      queue.push(...(this.commits.get(sha)?.parents ?? []));
    }
    return false;
  }

  // https://docs.github.com/rest/git/refs#create-a-reference: "If it doesn't start with 'refs'
  // and have at least two slashes, it will be rejected."
  createRef(ref: string, sha: string): void {
    if (!ref.startsWith("refs") || ref.split("/").length < 3) {
      throw new ApiError(422, "Reference name must contain at least three slash-separated components.");
    }
    if (!isValidRefName(ref)) throw new ApiError(422, `${ref} is not a valid ref name.`);
    if (this.refs.has(ref)) throw new ApiError(422, this.lostRefCreate);
    if (!this.commits.has(sha.toLowerCase())) throw new ApiError(422, "Object does not exist");
    this.refs.set(ref, sha.toLowerCase());
  }

  updateRef(ref: string, sha: string, force: boolean): void {
    const current = this.refs.get(ref);
    if (current === undefined) throw new ApiError(422, "Reference does not exist");
    const target = sha.toLowerCase();
    if (!this.commits.has(target)) throw new ApiError(422, "Object does not exist");
    if (!force && current !== target && !this.isAncestor(current, target)) {
      throw new ApiError(422, "Update is not a fast forward");
    }
    this.refs.set(ref, target);
  }

  deleteRef(ref: string): void {
    if (!this.refs.has(ref)) throw new ApiError(422, "Reference does not exist");
    this.refs.delete(ref);
  }

  seedDeployment(input: SeedDeployment): DeploymentRecord {
    let sha: string;
    if (input.sha !== undefined) {
      sha = this.ensureCommit(input.sha);
    } else if (input.ref !== undefined) {
      const resolved = this.resolve(input.ref);
      if (resolved === null) throw new Error(`seedDeployment: unknown ref ${input.ref}`);
      sha = resolved;
    } else {
      throw new Error("seedDeployment needs sha or ref");
    }
    const environment = input.environment ?? "production";
    const createdAt = this.stamp(input.createdAt);
    const record: DeploymentRecord = {
      id: this.nextId("deployment"),
      sha,
      ref: input.ref ?? sha,
      task: input.task ?? "deploy",
      environment,
      originalEnvironment: environment,
      payload: input.payload ?? {},
      description: input.description === undefined ? "" : input.description,
      creator: input.creator ?? "github-actions[bot]",
      transientEnvironment: input.transientEnvironment ?? false,
      productionEnvironment: input.productionEnvironment ?? environment === "production",
      createdAt,
      updatedAt: createdAt,
      statuses: [],
    };
    this.deployments.push(record);
    this.deploymentsById.set(record.id, record);
    for (const status of input.statuses ?? []) this.seedStatus(record, status);
    return record;
  }

  seedStatus(deployment: DeploymentRecord, input: SeedStatus): StatusRecord {
    const environment =
      input.environment ?? deployment.statuses.at(-1)?.environment ?? deployment.environment;
    const url = input.logUrl ?? "";
    const status: StatusRecord = {
      id: this.nextId("status"),
      deploymentId: deployment.id,
      state: input.state,
      description: input.description ?? "",
      environment,
      logUrl: url,
      targetUrl: url,
      environmentUrl: input.environmentUrl ?? "",
      creator: input.creator ?? deployment.creator,
      createdAt: this.stamp(input.createdAt),
    };
    deployment.statuses.push(status);
    deployment.environment = environment;
    deployment.updatedAt = Math.max(deployment.updatedAt, status.createdAt);
    return status;
  }

  deployment(id: number): DeploymentRecord {
    const found = this.deploymentsById.get(id);
    if (!found) throw new ApiError(404, "Not Found");
    return found;
  }

  /** Newest first, as GitHub lists them. */
  listDeployments(filter: DeploymentFilter): DeploymentRecord[] {
    const out: DeploymentRecord[] = [];
    for (let i = this.deployments.length - 1; i >= 0; i--) {
      const d = this.deployments[i];
      if (!d) continue;
      if (filter.sha !== undefined && d.sha !== filter.sha) continue;
      if (filter.ref !== undefined && d.ref !== filter.ref) continue;
      if (filter.task !== undefined && d.task !== filter.task) continue;
      if (filter.environment !== undefined && d.environment !== filter.environment) continue;
      out.push(d);
    }
    return out;
  }

  // https://docs.github.com/rest/deployments/deployments#create-a-deployment
  createDeployment(input: CreateDeploymentInput, creator: string): DeploymentRecord | string {
    const sha = this.resolve(input.ref);
    if (sha === null) throw new ApiError(422, `No ref found for: ${input.ref}`);

    const behind = this.behind.get(input.ref);
    if (input.auto_merge !== false && behind !== undefined) {
      if (behind === "conflict") {
        throw new ApiError(409, `Conflict merging ${this.defaultBranch} into ${input.ref}.`);
      }
      // The merge lands as a new commit on the branch; nothing is deployed this time.
      this.behind.delete(input.ref);
      const branch = `refs/heads/${input.ref}`;
      const base = this.refs.get(`refs/heads/${this.defaultBranch}`);
      if (this.refs.has(branch)) {
        const merge = this.addCommit({
          parents: base === undefined ? [sha] : [sha, base],
          message: `Merge ${this.defaultBranch} into ${input.ref}`,
        });
        this.refs.set(branch, merge);
      }
      return `Auto-merged ${this.defaultBranch} into ${input.ref} on deployment.`;
    }

    const statuses = this.commits.get(sha)?.statuses ?? new Map<string, CommitStatusState>();
    const required = input.required_contexts ?? [...statuses.keys()];
    const contexts = required.map((context) => ({
      context,
      state: statuses.get(context) ?? "missing",
    }));
    if (contexts.some((c) => c.state !== "success")) {
      throw new ApiError(409, `Conflict: Commit status checks failed for ${input.ref}.`, {
        errors: [{ contexts, resource: "Deployment", field: "required_contexts", code: "invalid" }],
      });
    }

    const environment = input.environment ?? "production";
    const created = this.seedDeployment({
      sha,
      ref: input.ref,
      task: input.task ?? "deploy",
      environment,
      payload: input.payload ?? {},
      description: input.description === undefined ? "" : input.description,
      creator,
      transientEnvironment: input.transient_environment ?? false,
      productionEnvironment: input.production_environment ?? environment === "production",
    });
    created.writtenAt = this.now();
    return created;
  }

  // https://docs.github.com/rest/deployments/deployments#delete-a-deployment: with more than one
  // deployment only inactive ones can go, and "adding any non-successful deployment status" is
  // what makes a deployment inactive.
  deleteDeployment(id: number): void {
    const d = this.deployment(id);
    if (this.deployments.length > 1 && d.statuses.at(-1)?.state === "success") {
      throw new ApiError(
        422,
        "We cannot delete an active deployment unless it is the only deployment in a given environment.",
      );
    }
    this.deployments.splice(this.deployments.indexOf(d), 1);
    this.deploymentsById.delete(id);
  }

  // https://docs.github.com/rest/deployments/statuses#create-a-deployment-status
  createStatus(deploymentId: number, input: CreateStatusInput, creator: string): StatusRecord {
    const d = this.deployment(deploymentId);
    const description = input.description ?? "";
    if ([...description].length > MAX_DESCRIPTION) {
      throw new ApiError(422, "Validation Failed", {
        errors: [
          {
            resource: "DeploymentStatus",
            code: "custom",
            field: "description",
            message: `description is too long (maximum is ${MAX_DESCRIPTION} characters)`,
          },
        ],
      });
    }
    if (d.statuses.length >= this.maxStatuses) {
      throw new ApiError(422, "Validation Failed", {
        errors: [
          {
            resource: "DeploymentStatus",
            code: "custom",
            field: "deployment",
            message: `deployment has reached the maximum number of statuses (${this.maxStatuses})`,
          },
        ],
      });
    }
    // "Setting log_url will automatically set target_url to the same value."
    const url = input.log_url ?? input.target_url ?? "";
    const status = this.seedStatus(d, {
      state: input.state,
      description,
      ...(input.environment === undefined ? {} : { environment: input.environment }),
      logUrl: url,
      environmentUrl: input.environment_url ?? "",
      creator,
    });
    status.writtenAt = this.now();
    if (input.state === "success" && input.auto_inactive !== false) {
      this.autoInactivate(d, status, creator);
    }
    return status;
  }

  // auto_inactive, per the create-status docs and their "Inactive deployments" note: a `success`
  // adds `inactive` to earlier non-transient, non-production deployments of the same environment
  // whose latest state is success.
  private autoInactivate(current: DeploymentRecord, status: StatusRecord, creator: string): void {
    for (const prior of this.deployments) {
      if (prior.id >= current.id) break;
      if (prior.environment !== status.environment) continue;
      if (prior.transientEnvironment || prior.productionEnvironment) continue;
      if (prior.statuses.at(-1)?.state !== "success") continue;
      const inactive = this.seedStatus(prior, {
        state: "inactive",
        environment: status.environment,
        creator,
      });
      inactive.writtenAt = status.writtenAt;
    }
  }

  requireIssue(issueNumber: number): void {
    if (!this.issues.has(issueNumber)) throw new ApiError(404, "Not Found");
  }

  comment(id: number): CommentRecord {
    const found = this.commentsById.get(id);
    if (!found) throw new ApiError(404, "Not Found");
    return found;
  }

  addComment(input: SeedComment): CommentRecord {
    const createdAt = this.stamp(input.createdAt);
    const user = input.user ?? "octocat";
    const record: CommentRecord = {
      id: this.nextId("comment"),
      issueNumber: input.issueNumber,
      body: input.body,
      user,
      authorAssociation: input.authorAssociation ?? this.associationOf(user),
      createdAt,
      updatedAt: createdAt,
    };
    this.issues.add(input.issueNumber);
    this.comments.push(record);
    this.commentsById.set(record.id, record);
    return record;
  }

  checkCommentBody(body: string): void {
    if ([...body].length > MAX_COMMENT_BODY) {
      throw new ApiError(422, "Validation Failed", {
        errors: [
          {
            resource: "IssueComment",
            code: "unprocessable",
            field: "data",
            message: `Body is too long (maximum is ${MAX_COMMENT_BODY} characters)`,
          },
        ],
      });
    }
  }

  associationOf(login: string): string {
    if (login.toLowerCase() === this.owner.toLowerCase()) return "OWNER";
    return this.collaborators.has(login.toLowerCase()) ? "COLLABORATOR" : "NONE";
  }

  /** Returns the reaction and whether it was new (201) or already there (200). */
  react(commentId: number, content: ReactionContent, user: string): [ReactionRecord, boolean] {
    this.comment(commentId);
    const existing = this.reactions.find(
      (r) => r.commentId === commentId && r.content === content && r.user === user,
    );
    if (existing) return [existing, false];
    const record: ReactionRecord = {
      id: this.nextId("reaction"),
      commentId,
      content,
      user,
      createdAt: this.now(),
    };
    this.reactions.push(record);
    return [record, true];
  }

  /**
   * Whether a token's identity can push, which GitHub requires before it shows anyone's permission: not a
   * collaborator with the read or triage role, nor a login denied push access with setPushAccess.
   */
  canPush(login: string): boolean {
    const role = this.collaborators.get(login.toLowerCase());
    return !this.noPush.has(login.toLowerCase()) && role !== "read" && role !== "triage";
  }

  /** GitHub's legacy `permission` for a role, and the role name it reports. */
  permissionOf(login: string): { permission: string; roleName: string } {
    const role = this.collaborators.get(login.toLowerCase());
    if (role === undefined) {
      return this.visibility === "public"
        ? { permission: "read", roleName: "read" }
        : { permission: "none", roleName: "" };
    }
    const legacy: Record<RepositoryRole, string> = {
      admin: "admin",
      maintain: "write",
      write: "write",
      triage: "read",
      read: "read",
    };
    return { permission: legacy[role], roleName: role };
  }

  addPullRequest(input: SeedPullRequest): PullRecord {
    const record: PullRecord = {
      number: input.number,
      headSha: this.ensureCommit(input.headSha),
      headRef: input.headRef ?? `feature-${input.number}`,
      baseRef: input.baseRef ?? this.defaultBranch,
      fork: input.fork ?? false,
      state: input.state ?? (input.merged ? "closed" : "open"),
      merged: input.merged ?? false,
      mergeCommitSha: input.mergeCommitSha ?? null,
      author: input.author ?? "octocat",
      title: input.title ?? `Pull request ${input.number}`,
      body: input.body ?? null,
      draft: input.draft ?? false,
      createdAt: this.now(),
    };
    if (record.mergeCommitSha) this.ensureCommit(record.mergeCommitSha);
    this.pulls.set(record.number, record);
    this.issues.add(record.number);
    return record;
  }

  statusView(s: StatusRecord): DeploymentStatusView {
    return {
      id: s.id,
      deploymentId: s.deploymentId,
      state: s.state,
      description: s.description,
      environment: s.environment,
      logUrl: s.logUrl,
      environmentUrl: s.environmentUrl,
      targetUrl: s.targetUrl,
      creator: s.creator,
      createdAt: this.iso(s.createdAt),
    };
  }

  deploymentView(d: DeploymentRecord): DeploymentView {
    return {
      id: d.id,
      sha: d.sha,
      ref: d.ref,
      task: d.task,
      environment: d.environment,
      originalEnvironment: d.originalEnvironment,
      payload: structuredClone(d.payload),
      description: d.description,
      creator: d.creator,
      transientEnvironment: d.transientEnvironment,
      productionEnvironment: d.productionEnvironment,
      createdAt: this.iso(d.createdAt),
      updatedAt: this.iso(d.updatedAt),
      state: d.statuses.at(-1)?.state ?? null,
      statuses: d.statuses.map((s) => this.statusView(s)),
    };
  }

  commentView(c: CommentRecord): CommentView {
    return {
      id: c.id,
      issueNumber: c.issueNumber,
      body: c.body,
      user: c.user,
      authorAssociation: c.authorAssociation,
      createdAt: this.iso(c.createdAt),
      updatedAt: this.iso(c.updatedAt),
    };
  }

  reactionView(r: ReactionRecord): ReactionView {
    return {
      id: r.id,
      commentId: r.commentId,
      content: r.content,
      user: r.user,
      createdAt: this.iso(r.createdAt),
    };
  }
}

/** The stable fake tree SHA of a seeded commit. */
export function fakeTreeSha(commitSha: string): string {
  return createHash("sha1").update(`tree ${commitSha}`).digest("hex");
}

// The parts of git-check-ref-format that matter for names an action would build.
function isValidRefName(ref: string): boolean {
  if (/[\s~^:?*[\\]/.test(ref)) return false;
  if ([...ref].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) return false;
  if (ref.includes("..") || ref.includes("//") || ref.includes("@{")) return false;
  if (ref.endsWith("/") || ref.endsWith(".") || ref.endsWith(".lock")) return false;
  return !ref.split("/").some((part) => part.startsWith("."));
}
