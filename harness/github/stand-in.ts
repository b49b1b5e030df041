import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ErrorObject } from "ajv";
import { type HandlerContext, handlers, type RateInfo, type Reply } from "./handlers.ts";
import {
  documentationUrlFor,
  matchRoute,
  type Release,
  type RouteMatch,
  validateResponse,
  validatorsFor,
} from "./openapi.ts";
import { Renderer } from "./render.ts";
import { ApiError, type GitPerson, type LostRefCreate, Store } from "./store.ts";
import type {
  CommentView,
  CommitStatusState,
  DeploymentFilter,
  DeploymentStatusView,
  DeploymentView,
  FaultHandle,
  FaultSpec,
  GitCommitView,
  LogEntry,
  ReactionView,
  RepositoryRole,
  SeedComment,
  SeedCommit,
  SeedDeployment,
  SeedPullRequest,
  SeedStatus,
  StandInOptions,
  StandInState,
  TimeInput,
} from "./types.ts";

const HOUR_MS = 3600 * 1000;
const MAX_BODY_BYTES = 25 * 1024 * 1024;

interface Fault {
  id: number;
  spec: FaultSpec;
  pattern: RegExp | null;
  matched: number;
  fired: number;
}

interface Bucket {
  used: number;
  resetAt: number;
}

/** Why a request is malformed, answered the way GitHub answers it. */
class InvalidRequest extends ApiError {
  reason: string;
  constructor(status: number, message: string, reason: string, documentationUrl: string) {
    super(status, message, { documentation_url: documentationUrl, status: String(status) });
    this.reason = reason;
  }
}

// GitHub's 422 wording for requests its schema rejects, e.g.
// `Invalid request.\n\n"sha" wasn't supplied.` and `For 'properties/state', ...`.
function describeInvalid(error: ErrorObject, where: "body" | "params"): string {
  const path = error.instancePath.split("/").filter(Boolean);
  const label =
    where === "params"
      ? path.join("/")
      : path.map((part) => (/^\d+$/.test(part) ? "items" : `properties/${part}`)).join("/");
  const value = JSON.stringify(error.data);
  switch (error.keyword) {
    case "required":
      return `"${String(error.params.missingProperty)}" wasn't supplied.`;
    case "enum":
      return `For '${label}', ${value} is not a member of ${JSON.stringify(error.params.allowedValues)}.`;
    case "type":
      return `For '${label}', ${value} is not ${article(String(error.params.type))}.`;
    case "oneOf":
    case "anyOf":
      return `For '${label}', ${value} is not a possible value.`;
    default:
      return `For '${label}', ${value} ${error.message ?? "is not valid"}.`;
  }
}

function article(type: string): string {
  const name = type === "integer" ? "an integer" : type === "array" ? "an array" : `a ${type}`;
  return name.replace(",null", "");
}

function firstQueryValues(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of url.searchParams) if (!(key in out)) out[key] = value;
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class GitHubStandIn {
  /** Base URL to use as GITHUB_API_URL, e.g. http://127.0.0.1:43210. */
  url = "";
  readonly owner: string;
  readonly repo: string;
  readonly release: Release;
  private readonly store: Store;
  private render: Renderer;
  private readonly server: Server;
  private readonly tokenUser: string;
  private readonly tokens: Record<string, string> | null;
  private readonly rateLimit: number;
  private readonly buckets = new Map<string, Bucket>();
  private entries: LogEntry[] = [];
  private seq = 0;
  private faults: Fault[] = [];
  private faultCounter = 0;

  constructor(options: StandInOptions = {}) {
    this.owner = options.owner ?? "octo-org";
    this.repo = options.repo ?? "service";
    this.release = options.release ?? "api.github.com";
    this.store = new Store({
      owner: this.owner,
      repo: this.repo,
      defaultBranch: options.defaultBranch ?? "main",
      visibility: options.visibility ?? "public",
      maxStatuses: options.maxStatusesPerDeployment ?? 1000,
      roleNames: this.release === "api.github.com",
    });
    this.store.listLagMs = options.listLagMs ?? 0;
    this.render = new Renderer(this.store, "http://127.0.0.1");
    this.tokenUser = options.tokenUser ?? "github-actions[bot]";
    this.tokens = options.tokens ?? null;
    this.rateLimit = options.rateLimit ?? 1000;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
          res.end(JSON.stringify({ message: `stand-in crashed: ${String(error)}` }));
        } else {
          res.destroy();
        }
      });
    });
  }

  async listen(host: string, port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    this.url = `http://${host}:${address.port}`;
    this.render = new Renderer(this.store, this.url);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** Registers a commit (deterministic SHA unless given) and returns its SHA. */
  addCommit(input: SeedCommit = {}): string {
    return this.store.addCommit(input);
  }

  /** Points refs/heads/<name> at `sha` (a new commit when omitted); returns the SHA. */
  setBranch(name: string, sha?: string): string {
    const target = sha ?? this.store.addCommit();
    this.store.setRef(`refs/heads/${name}`, target);
    return target.toLowerCase();
  }

  /** Points refs/tags/<name> at `sha` (a new commit when omitted); returns the SHA. */
  setTag(name: string, sha?: string): string {
    const target = sha ?? this.store.addCommit();
    this.store.setRef(`refs/tags/${name}`, target);
    return target.toLowerCase();
  }

  /** Sets a fully qualified ref (refs/...). */
  setRef(ref: string, sha: string): void {
    this.store.setRef(ref, sha);
  }

  /** A commit's Git database view (message, tree, parents, author/committer with ISO dates). */
  gitCommit(sha: string): GitCommitView | undefined {
    const c = this.store.commits.get(sha.toLowerCase());
    if (!c) return undefined;
    const person = (p: GitPerson) => ({ name: p.name, email: p.email, date: this.store.iso(p.date) });
    return {
      sha: c.sha,
      message: c.message,
      tree: c.tree,
      parents: [...c.parents],
      author: person(c.author),
      committer: person(c.committer),
    };
  }

  /**
   * How a create-ref that loses to an existing ref is answered: "Reference already exists" (the default) or
   * "Reference update failed", which GitHub gives when two creates race.
   */
  answerLostRefCreates(message: LostRefCreate): void {
    this.store.lostRefCreate = message;
  }

  /**
   * Lag mode: list endpoints (deployments, deployment statuses, issue comments) leave out what was written
   * through the API less than `ms` ago, as GitHub's read replicas may; time passes with the wall clock and
   * `advanceClock`. Single-object reads, refs and commits stay current; seeded records are listed at once.
   */
  setListLag(ms: number): void {
    this.store.listLagMs = ms;
  }

  /** refs/... → SHA. */
  refs(): Record<string, string> {
    return Object.fromEntries([...this.store.refs].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Commit statuses (context → state) that create-deployment checks `required_contexts` against. */
  setCommitStatuses(sha: string, statuses: Record<string, CommitStatusState>): void {
    const commit = this.store.commits.get(this.store.ensureCommit(sha));
    if (!commit) return;
    for (const [context, state] of Object.entries(statuses)) commit.statuses.set(context, state);
  }

  /**
   * Makes `ref` behind the default branch: with auto_merge, create-deployment answers 202
   * ("merged", once) or 409 ("conflict"); null clears it.
   */
  setBehindDefaultBranch(ref: string, outcome: "merged" | "conflict" | null): void {
    if (outcome === null) this.store.behind.delete(ref);
    else this.store.behind.set(ref, outcome);
  }

  /** Bulk seeding, oldest first (ids ascend in array order); returns the new ids. */
  seedDeployments(list: SeedDeployment[]): number[] {
    return list.map((input) => this.store.seedDeployment(input).id);
  }

  seedDeployment(input: SeedDeployment): DeploymentView {
    return this.store.deploymentView(this.store.seedDeployment(input));
  }

  /** Appends a status as if written at `createdAt`, without create-status side effects. */
  seedStatus(deploymentId: number, input: SeedStatus): DeploymentStatusView {
    const deployment = this.store.deploymentsById.get(deploymentId);
    if (!deployment) throw new Error(`no deployment ${deploymentId}`);
    return this.store.statusView(this.store.seedStatus(deployment, input));
  }

  /** Newest first, as the API lists them. */
  deployments(filter: DeploymentFilter = {}): DeploymentView[] {
    return this.store.listDeployments(filter).map((d) => this.store.deploymentView(d));
  }

  deployment(id: number): DeploymentView | undefined {
    const found = this.store.deploymentsById.get(id);
    return found ? this.store.deploymentView(found) : undefined;
  }

  /** Oldest first. */
  statuses(deploymentId: number): DeploymentStatusView[] {
    return this.deployment(deploymentId)?.statuses ?? [];
  }

  /**
   * Whether the identity behind `login`'s tokens can push to the repository (it can unless denied here or a
   * collaborator with the read or triage role). Without it GitHub refuses to show anyone's permission.
   */
  setPushAccess(login: string, push: boolean): void {
    if (push) this.store.noPush.delete(login.toLowerCase());
    else this.store.noPush.add(login.toLowerCase());
  }

  /** Grants a repository role; null removes the collaborator. */
  setCollaborator(login: string, role: RepositoryRole | null): void {
    if (role === null) this.store.collaborators.delete(login.toLowerCase());
    else this.store.collaborators.set(login.toLowerCase(), role);
  }

  addPullRequest(input: SeedPullRequest): void {
    this.store.addPullRequest(input);
  }

  /** An issue that is not a pull request, so comments can be made on it. */
  addIssue(issueNumber: number): void {
    this.store.issues.add(issueNumber);
  }

  seedComment(input: SeedComment): CommentView {
    return this.store.commentView(this.store.addComment(input));
  }

  comments(issueNumber?: number): CommentView[] {
    return this.store.comments
      .filter((c) => issueNumber === undefined || c.issueNumber === issueNumber)
      .map((c) => this.store.commentView(c));
  }

  reactions(commentId?: number): ReactionView[] {
    return this.store.reactions
      .filter((r) => commentId === undefined || r.commentId === commentId)
      .map((r) => this.store.reactionView(r));
  }

  state(): StandInState {
    return {
      refs: this.refs(),
      deployments: this.deployments(),
      comments: this.comments(),
      reactions: this.reactions(),
      collaborators: Object.fromEntries(this.store.collaborators),
    };
  }

  log(): LogEntry[] {
    return [...this.entries];
  }

  writes(): LogEntry[] {
    return this.entries.filter((e) => e.write);
  }

  invalidRequests(): LogEntry[] {
    return this.entries.filter((e) => e.invalid || (e.responseErrors?.length ?? 0) > 0);
  }

  /** Throws when any request was malformed or any answer broke the OpenAPI response schema. */
  assertNoInvalidRequests(): void {
    const bad = this.invalidRequests();
    if (bad.length === 0) return;
    const lines = bad.map((e) => {
      const why = e.invalid ? e.reason : `response broke schema: ${e.responseErrors?.join("; ")}`;
      return `  ${e.method} ${e.path} → ${e.status}: ${why}`;
    });
    throw new Error(`${bad.length} invalid request(s) to the GitHub stand-in:\n${lines.join("\n")}`);
  }

  resetLog(): void {
    this.entries = [];
  }

  /** Moves "now" forward: everything stored appears `seconds` older to a wall-clock reader. */
  advanceClock(seconds: number): void {
    this.store.clockOffsetMs += seconds * 1000;
  }

  /**
   * Sets GitHub's clock to `at`, from which it runs on with the wall clock: new records are stamped on it, and
   * stored ones keep their times (so they age by the jump). For a test whose action runs on the same clock
   * (harness/clock.ts, see `now()`); once anything is stored it only moves forward.
   */
  setClock(at: TimeInput): void {
    const jump = new Date(at).getTime() - this.now().getTime();
    if (jump < 0 && (this.store.deployments.length > 0 || this.store.comments.length > 0)) {
      throw new Error(`setClock(${String(at)}) would move GitHub's clock back past records it holds`);
    }
    this.store.shiftMs += jump;
    this.store.clockOffsetMs += jump;
  }

  /** GitHub's clock now: the wall clock, unless setClock moved it. */
  now(): Date {
    return new Date(Date.now() + this.store.shiftMs);
  }

  injectFault(spec: FaultSpec & { pathPattern?: string }): FaultHandle {
    this.faultCounter += 1;
    const fault: Fault = {
      id: this.faultCounter,
      spec,
      pattern:
        spec.path instanceof RegExp ? spec.path : spec.pathPattern ? new RegExp(spec.pathPattern) : null,
      matched: 0,
      fired: 0,
    };
    this.faults.push(fault);
    return {
      id: fault.id,
      matched: () => fault.matched,
      fired: () => fault.fired,
      remove: () => this.removeFault(fault.id),
    };
  }

  removeFault(id: number): void {
    this.faults = this.faults.filter((f) => f.id !== id);
  }

  clearFaults(): void {
    this.faults = [];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413).end();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", this.url);
    const method = (req.method ?? "GET").toUpperCase();

    if (url.pathname === "/_stand-in" || url.pathname.startsWith("/_stand-in/")) {
      const [status, body] = this.control(method, url, raw);
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(body ?? null));
      return;
    }

    const match = matchRoute(method, url.pathname);
    const fault = this.pickFault(method, url.pathname, match);
    const entry: LogEntry = {
      seq: ++this.seq,
      method,
      path: url.pathname,
      query: firstQueryValues(url),
      operationId: match?.route.operationId ?? null,
      status: 0,
      write: method !== "GET" && method !== "HEAD",
      invalid: false,
      user: null,
      body: parseLoosely(raw),
      time: new Date().toISOString(),
    };
    this.entries.push(entry);

    if (fault) {
      fault.fired += 1;
      entry.fault = fault.id;
      if (fault.spec.delayMs) await sleep(fault.spec.delayMs);
      if (fault.spec.hang && !fault.spec.afterWrite) return;
      if (!fault.spec.afterWrite && (fault.spec.reset || fault.spec.status !== undefined)) {
        return this.sendFault(fault, res, entry, this.peekRate(req));
      }
    }

    const { reply, rate } = this.process(url, raw, req, match, entry);
    if (fault?.spec.hang) {
      entry.status = 0;
      return;
    }
    if (fault?.spec.stall) return this.send(res, entry, reply, rate, true, true);
    if (fault?.spec.afterWrite) return this.sendFault(fault, res, entry, rate);
    this.send(res, entry, reply, rate);
  }

  private process(
    url: URL,
    raw: string,
    req: IncomingMessage,
    match: RouteMatch | null,
    entry: LogEntry,
  ): { reply: Reply; rate: RateInfo } {
    const docs = documentationUrlFor(match?.route.operationId ?? null);
    const token = tokenOf(req);
    // GET /rate_limit "does not count against your REST API rate limit".
    let rate = this.consume(token, match?.route.operationId !== "rate-limit/get");
    try {
      if (!match) {
        throw new InvalidRequest(404, "Not Found", "no such operation in the OpenAPI extract", docs);
      }
      const operationId = match.route.operationId;
      if ("owner" in match.params && !this.isOurRepo(match.params)) {
        throw new InvalidRequest(404, "Not Found", "unknown repository", docs);
      }
      if (token === null) {
        throw new InvalidRequest(401, "Requires authentication", "no authorization header", docs);
      }
      const user = this.tokens ? this.tokens[token] : this.tokenUser;
      if (!user) throw new InvalidRequest(401, "Bad credentials", "unknown token", docs);
      entry.user = user;
      if (rate.remaining < 0) {
        rate = { ...rate, remaining: 0, used: rate.limit };
        throw new ApiError(403, `API rate limit exceeded for user ${user}.`, {
          documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
        });
      }

      const validators = validatorsFor(operationId);
      const params: Record<string, unknown> = { ...firstQueryValues(url), ...match.params };
      if (!validators.params(params)) {
        const error = validators.params.errors?.[0];
        const detail = error ? describeInvalid(error, "params") : "invalid parameters";
        throw new InvalidRequest(422, `Invalid request.\n\n${detail}`, detail, docs);
      }

      let body: Record<string, unknown> = {};
      if (validators.operation.requestBody) {
        let parsed: unknown = {};
        if (raw.trim() !== "") {
          try {
            parsed = JSON.parse(raw);
          } catch {
            throw new InvalidRequest(400, "Problems parsing JSON", "body is not JSON", docs);
          }
        }
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
          throw new InvalidRequest(400, "Body should be a JSON object", "body is not an object", docs);
        }
        if (validators.body && !validators.body(parsed)) {
          const error = validators.body.errors?.[0];
          const detail = error ? describeInvalid(error, "body") : "invalid body";
          throw new InvalidRequest(422, `Invalid request.\n\n${detail}`, detail, docs);
        }
        body = parsed as Record<string, unknown>;
      }

      const handler = handlers[operationId];
      if (!handler) throw new Error(`no handler for ${operationId}`);
      const ctx: HandlerContext = {
        store: this.store,
        render: this.render,
        params,
        body,
        user,
        url,
        rate,
      };
      return { reply: handler(ctx), rate };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error instanceof InvalidRequest) {
        entry.invalid = true;
        entry.reason = error.reason;
      }
      const body = {
        ...error.body,
        documentation_url: error.body.documentation_url ?? docs,
        status: String(error.status),
      };
      return { reply: { status: error.status, body }, rate };
    }
  }

  private isOurRepo(params: Record<string, string>): boolean {
    return (
      params.owner?.toLowerCase() === this.owner.toLowerCase() &&
      params.repo?.toLowerCase() === this.repo.toLowerCase()
    );
  }

  private peekRate(req: IncomingMessage): RateInfo {
    return this.consume(tokenOf(req), false);
  }

  // Anonymous callers share GitHub's 60 requests an hour.
  private consume(token: string | null, counts: boolean): RateInfo {
    const limit = token === null ? 60 : this.rateLimit;
    const now = this.store.now();
    let bucket = this.buckets.get(token ?? "");
    if (!bucket || now >= bucket.resetAt) {
      bucket = { used: 0, resetAt: now + HOUR_MS };
      this.buckets.set(token ?? "", bucket);
    }
    if (counts) bucket.used += 1;
    return {
      limit,
      used: bucket.used,
      remaining: limit - bucket.used,
      reset: Math.floor((bucket.resetAt - this.store.clockOffsetMs) / 1000),
    };
  }

  private pickFault(method: string, path: string, match: RouteMatch | null): Fault | null {
    let chosen: Fault | null = null;
    for (const fault of this.faults) {
      const { spec } = fault;
      if (spec.operationId !== undefined && spec.operationId !== match?.route.operationId) continue;
      if (spec.method !== undefined && spec.method.toUpperCase() !== method) continue;
      if (typeof spec.path === "string" && spec.path !== path && spec.path !== match?.route.template) {
        continue;
      }
      if (fault.pattern && !fault.pattern.test(path)) continue;
      fault.matched += 1;
      const due = spec.attempts === undefined || spec.attempts.includes(fault.matched);
      if (due && chosen === null) chosen = fault;
    }
    return chosen;
  }

  private sendFault(fault: Fault, res: ServerResponse, entry: LogEntry, rate: RateInfo) {
    const { spec } = fault;
    if (spec.reset || spec.status === undefined) {
      entry.status = 0;
      res.destroy();
      return;
    }
    const headers: Record<string, string> = { ...spec.headers };
    if (spec.retryAfter !== undefined) headers["retry-after"] = String(spec.retryAfter);
    const body = spec.body ?? defaultFaultBody(spec.status, spec.retryAfter !== undefined);
    this.send(res, entry, { status: spec.status, body, headers }, rate, false);
  }

  private send(
    res: ServerResponse,
    entry: LogEntry,
    reply: Reply,
    rate: RateInfo,
    check = true,
    stall = false,
  ): void {
    entry.status = reply.status;
    if (check && entry.operationId && reply.body !== undefined && !entry.invalid) {
      const declared = validateResponse(entry.operationId, reply.status, reply.body, this.release);
      const isDeclared = !declared.errors.some((e) => e.includes("declares no"));
      if (!declared.ok && isDeclared) entry.responseErrors = declared.errors;
    }
    const headers: Record<string, string> = {
      "x-github-api-version-selected": "2022-11-28",
      "x-github-media-type": "github.v3; format=json",
      "x-github-request-id": randomUUID().toUpperCase(),
      "x-ratelimit-limit": String(rate.limit),
      "x-ratelimit-remaining": String(Math.max(0, rate.remaining)),
      "x-ratelimit-used": String(Math.min(rate.used, rate.limit)),
      "x-ratelimit-reset": String(rate.reset),
      "x-ratelimit-resource": "core",
      ...reply.headers,
    };
    if (reply.status === 204 || reply.body === undefined) {
      res.writeHead(reply.status, headers).end();
      return;
    }
    headers["content-type"] = "application/json; charset=utf-8";
    const text = JSON.stringify(reply.body);
    if (stall) {
      res.writeHead(reply.status, headers).write(text.slice(0, Math.floor(text.length / 2)));
      return;
    }
    res.writeHead(reply.status, headers).end(text);
  }

  private static readonly CALLABLE = new Set([
    "addCommit",
    "setBranch",
    "setTag",
    "setRef",
    "answerLostRefCreates",
    "setListLag",
    "refs",
    "gitCommit",
    "setCommitStatuses",
    "setBehindDefaultBranch",
    "seedDeployments",
    "seedDeployment",
    "seedStatus",
    "deployments",
    "deployment",
    "statuses",
    "setCollaborator",
    "setPushAccess",
    "addPullRequest",
    "addIssue",
    "seedComment",
    "comments",
    "reactions",
    "state",
    "log",
    "writes",
    "invalidRequests",
    "resetLog",
    "advanceClock",
    "setClock",
    "now",
    "removeFault",
    "clearFaults",
  ]);

  private control(method: string, url: URL, raw: string): [number, unknown] {
    const reply = (status: number, body: unknown): [number, unknown] => [status, body];
    const name = url.pathname.replace(/^\/_stand-in\/?/, "");
    try {
      if (method === "GET" && (name === "" || name === "info")) {
        return reply(200, {
          url: this.url,
          owner: this.owner,
          repo: this.repo,
          methods: [...GitHubStandIn.CALLABLE, "injectFault"].sort(),
        });
      }
      if (method === "GET" && (name === "state" || name === "log" || name === "refs")) {
        return reply(200, this[name]());
      }
      if (method === "GET" && name === "deployments") {
        return reply(200, this.deployments(Object.fromEntries(url.searchParams)));
      }
      if (method !== "POST") return reply(404, { message: "Not Found" });
      const parsed: unknown = raw.trim() === "" ? {} : JSON.parse(raw);
      const args =
        typeof parsed === "object" && parsed !== null && "args" in parsed
          ? (parsed as { args: unknown[] }).args
          : [];
      if (name === "injectFault") {
        const handle = this.injectFault(args[0] ?? {});
        return reply(200, { id: handle.id });
      }
      if (!GitHubStandIn.CALLABLE.has(name)) return reply(404, { message: `no method ${name}` });
      const fn = (this as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
      return reply(200, fn?.apply(this, args) ?? null);
    } catch (error) {
      return reply(400, { message: error instanceof Error ? error.message : String(error) });
    }
  }
}

function tokenOf(req: IncomingMessage): string | null {
  const auth = req.headers.authorization;
  return auth ? auth.replace(/^(token|bearer)\s+/i, "").trim() : null;
}

function parseLoosely(raw: string): unknown {
  if (raw === "") return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function defaultFaultBody(status: number, throttled: boolean): unknown {
  if ((status === 403 || status === 429) && throttled) {
    return {
      message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
      documentation_url:
        "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
      status: String(status),
    };
  }
  const messages: Record<number, string> = {
    500: "Server Error",
    502: "Server Error",
    503: "Service Unavailable",
    504: "We couldn't respond to your request in time. Sorry about that.",
  };
  return {
    message: messages[status] ?? "Fault injected by the GitHub stand-in",
    status: String(status),
  };
}

export async function startGitHubStandIn(options: StandInOptions = {}): Promise<GitHubStandIn> {
  const standIn = new GitHubStandIn(options);
  await standIn.listen(options.host ?? "127.0.0.1", options.port ?? 0);
  return standIn;
}
