import type { Renderer } from "./render.ts";
import {
  ApiError,
  type CreateDeploymentInput,
  type CreateGitCommitInput,
  type CreateStatusInput,
  type Store,
} from "./store.ts";
import type { ReactionContent } from "./types.ts";

export interface RateInfo {
  limit: number;
  used: number;
  remaining: number;
  /** Epoch seconds, wall clock. */
  reset: number;
}

export interface HandlerContext {
  store: Store;
  render: Renderer;
  /** Path and query parameters, coerced to their schema types. */
  params: Record<string, unknown>;
  body: Record<string, unknown>;
  user: string;
  url: URL;
  rate: RateInfo;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = (ctx: HandlerContext) => Reply;

function int(ctx: HandlerContext, name: string): number {
  return Number(ctx.params[name]);
}

function str(ctx: HandlerContext, name: string): string | undefined {
  const value = ctx.params[name];
  return value === undefined || value === null ? undefined : String(value);
}

// https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api: per_page is
// capped at 100 (default 30); the Link header carries prev/next/last/first as they apply.
function paginate<T>(ctx: HandlerContext, items: T[]): { page: T[]; headers: Record<string, string> } {
  const requested = ctx.params.per_page === undefined ? 30 : int(ctx, "per_page");
  const perPage = Math.min(100, Math.max(1, requested));
  const page = Math.max(1, ctx.params.page === undefined ? 1 : int(ctx, "page"));
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number) => {
    const url = new URL(ctx.url.pathname + ctx.url.search, ctx.render.base);
    url.searchParams.set("page", String(n));
    return `<${url.toString()}>`;
  };
  const parts: string[] = [];
  if (page > 1) parts.push(`${link(Math.min(page - 1, last))}; rel="prev"`);
  if (page < last) parts.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`);
  if (page > 1) parts.push(`${link(1)}; rel="first"`);
  const start = (page - 1) * perPage;
  return {
    page: items.slice(start, start + perPage),
    headers: parts.length > 0 ? { link: parts.join(", ") } : {},
  };
}

function list<T>(ctx: HandlerContext, items: T[], render: (item: T) => unknown): Reply {
  const { page, headers } = paginate(ctx, items);
  return { status: 200, body: page.map(render), headers };
}

export const handlers: Record<string, Handler> = {
  "repos/list-deployments": (ctx) => {
    const filter = {
      ...(str(ctx, "sha") === undefined ? {} : { sha: str(ctx, "sha") }),
      ...(str(ctx, "ref") === undefined ? {} : { ref: str(ctx, "ref") }),
      ...(str(ctx, "task") === undefined ? {} : { task: str(ctx, "task") }),
      ...(str(ctx, "environment") === undefined ? {} : { environment: str(ctx, "environment") }),
    };
    const listed = ctx.store.listDeployments(filter).filter((d) => ctx.store.listed(d));
    return list(ctx, listed, (d) => ctx.render.deployment(d));
  },

  "repos/create-deployment": (ctx) => {
    const result = ctx.store.createDeployment(ctx.body as unknown as CreateDeploymentInput, ctx.user);
    if (typeof result === "string") return { status: 202, body: { message: result } };
    return { status: 201, body: ctx.render.deployment(result) };
  },

  "repos/get-deployment": (ctx) => ({
    status: 200,
    body: ctx.render.deployment(ctx.store.deployment(int(ctx, "deployment_id"))),
  }),

  "repos/delete-deployment": (ctx) => {
    ctx.store.deleteDeployment(int(ctx, "deployment_id"));
    return { status: 204 };
  },

  "repos/list-deployment-statuses": (ctx) => {
    const d = ctx.store.deployment(int(ctx, "deployment_id"));
    const listed = d.statuses.filter((s) => ctx.store.listed(s)).reverse();
    return list(ctx, listed, (s) => ctx.render.status(s));
  },

  "repos/create-deployment-status": (ctx) => {
    const status = ctx.store.createStatus(
      int(ctx, "deployment_id"),
      ctx.body as unknown as CreateStatusInput,
      ctx.user,
    );
    const body = ctx.render.status(status);
    return { status: 201, body, headers: { location: String(body.url) } };
  },

  "repos/get-deployment-status": (ctx) => {
    const d = ctx.store.deployment(int(ctx, "deployment_id"));
    const status = d.statuses.find((s) => s.id === int(ctx, "status_id"));
    if (!status) throw new ApiError(404, "Not Found");
    return { status: 200, body: ctx.render.status(status) };
  },

  "repos/get-commit": (ctx) => {
    const ref = str(ctx, "ref") ?? "";
    const sha = ctx.store.resolve(ref);
    const commit = sha === null ? undefined : ctx.store.commits.get(sha);
    if (!commit) throw new ApiError(422, `No commit found for SHA: ${ref}`);
    return { status: 200, body: ctx.render.commit(commit) };
  },

  // https://docs.github.com/rest/git/commits#create-a-commit
  "git/create-commit": (ctx) => {
    const input = ctx.body as unknown as CreateGitCommitInput;
    const commit = ctx.store.createGitCommit(input, ctx.user, ctx.render.noreplyEmail(ctx.user));
    const body = ctx.render.gitCommit(commit);
    return { status: 201, body, headers: { location: String(body.url) } };
  },

  // https://docs.github.com/rest/git/commits#get-a-commit-object: a full SHA; unknown → 404.
  "git/get-commit": (ctx) => {
    const commit = ctx.store.commits.get((str(ctx, "commit_sha") ?? "").toLowerCase());
    if (!commit) throw new ApiError(404, "Not Found");
    return { status: 200, body: ctx.render.gitCommit(commit) };
  },

  "git/create-ref": (ctx) => {
    const ref = String(ctx.body.ref);
    const sha = String(ctx.body.sha);
    ctx.store.createRef(ref, sha);
    const body = ctx.render.gitRef(ref, sha.toLowerCase());
    return { status: 201, body, headers: { location: String(body.url) } };
  },

  "git/get-ref": (ctx) => {
    const ref = `refs/${str(ctx, "ref")}`;
    const sha = ctx.store.refs.get(ref);
    if (sha === undefined) throw new ApiError(404, "Not Found");
    return { status: 200, body: ctx.render.gitRef(ref, sha) };
  },

  "git/update-ref": (ctx) => {
    const ref = `refs/${str(ctx, "ref")}`;
    ctx.store.updateRef(ref, String(ctx.body.sha), ctx.body.force === true);
    return { status: 200, body: ctx.render.gitRef(ref, ctx.store.refs.get(ref) ?? "") };
  },

  "git/delete-ref": (ctx) => {
    ctx.store.deleteRef(`refs/${str(ctx, "ref")}`);
    return { status: 204 };
  },

  // https://docs.github.com/rest/issues/comments#list-issue-comments: "ordered by ascending ID".
  "issues/list-comments": (ctx) => {
    const issue = int(ctx, "issue_number");
    ctx.store.requireIssue(issue);
    const since = str(ctx, "since");
    const sinceMs = since === undefined ? null : new Date(since).getTime();
    const items = ctx.store.comments.filter(
      (c) =>
        c.issueNumber === issue &&
        ctx.store.listed(c) &&
        (sinceMs === null || ctx.store.wall(c.updatedAt) >= sinceMs),
    );
    return list(ctx, items, (c) => ctx.render.comment(c));
  },

  "issues/create-comment": (ctx) => {
    const issue = int(ctx, "issue_number");
    ctx.store.requireIssue(issue);
    const body = String(ctx.body.body);
    ctx.store.checkCommentBody(body);
    const comment = ctx.store.addComment({ issueNumber: issue, body, user: ctx.user });
    comment.writtenAt = ctx.store.now();
    const rendered = ctx.render.comment(comment);
    return { status: 201, body: rendered, headers: { location: String(rendered.url) } };
  },

  "issues/get-comment": (ctx) => ({
    status: 200,
    body: ctx.render.comment(ctx.store.comment(int(ctx, "comment_id"))),
  }),

  "issues/update-comment": (ctx) => {
    const comment = ctx.store.comment(int(ctx, "comment_id"));
    const body = String(ctx.body.body);
    ctx.store.checkCommentBody(body);
    comment.body = body;
    comment.updatedAt = ctx.store.now();
    return { status: 200, body: ctx.render.comment(comment) };
  },

  // https://docs.github.com/rest/reactions/reactions#create-reaction-for-an-issue-comment: "A
  // response with an HTTP 200 status means that you already added the reaction type".
  "reactions/create-for-issue-comment": (ctx) => {
    const content = String(ctx.body.content) as ReactionContent;
    const [reaction, created] = ctx.store.react(int(ctx, "comment_id"), content, ctx.user);
    return { status: created ? 201 : 200, body: ctx.render.reaction(reaction) };
  },

  "reactions/list-for-issue-comment": (ctx) => {
    const id = int(ctx, "comment_id");
    ctx.store.comment(id);
    const content = str(ctx, "content");
    const items = ctx.store.reactions.filter(
      (r) => r.commentId === id && (content === undefined || r.content === content),
    );
    return list(ctx, items, (r) => ctx.render.reaction(r));
  },

  "pulls/get": (ctx) => {
    const pull = ctx.store.pulls.get(int(ctx, "pull_number"));
    if (!pull) throw new ApiError(404, "Not Found");
    return { status: 200, body: ctx.render.pull(pull) };
  },

  // https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user; a caller
  // that cannot push gets 403 (yegor256/rultor#1407), which the OpenAPI description does not declare.
  "repos/get-collaborator-permission-level": (ctx) => {
    if (!ctx.store.canPush(ctx.user)) {
      throw new ApiError(403, "Must have push access to view collaborator permission.");
    }
    return { status: 200, body: ctx.render.collaboratorPermission(str(ctx, "username") ?? "") };
  },

  "rate-limit/get": (ctx) => {
    const core = {
      limit: ctx.rate.limit,
      used: ctx.rate.used,
      remaining: ctx.rate.remaining,
      reset: ctx.rate.reset,
    };
    const other = (limit: number) => ({ limit, used: 0, remaining: limit, reset: ctx.rate.reset });
    return {
      status: 200,
      body: {
        resources: {
          core,
          search: other(30),
          graphql: other(1000),
          integration_manifest: other(5000),
          code_search: other(10),
        },
        rate: core,
      },
    };
  },
};
