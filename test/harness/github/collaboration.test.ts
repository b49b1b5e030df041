import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type StandIn, startGitHubStandIn, validateResponse } from "../../../harness/github/index.ts";
import { client, type Json, octokit } from "./helpers.ts";

let standIn: StandIn;
let api: ReturnType<typeof client>;
let head: string;

beforeEach(async () => {
  standIn = await startGitHubStandIn({ owner: "acme", repo: "shop" });
  api = client(standIn);
  standIn.setBranch("main");
  head = standIn.addCommit({ message: "feature" });
  standIn.addPullRequest({ number: 5, headSha: head, headRef: "feature" });
});

afterEach(async () => {
  standIn.assertNoInvalidRequests();
  await standIn.close();
});

// https://docs.github.com/rest/issues/comments
describe("issue comments", () => {
  it("creates, gets and updates comments on a pull request", async () => {
    const created = await api.post<Json>("~/issues/5/comments", { body: "Rolling out" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      body: "Rolling out",
      user: { login: "github-actions[bot]", type: "Bot" },
      author_association: "NONE",
    });
    expect(created.headers.get("location")).toBe(created.body.url);
    const id = created.body.id as number;
    expect((await api.get<Json>(`~/issues/comments/${id}`)).body.body).toBe("Rolling out");
    standIn.advanceClock(5);
    const updated = await api.patch<Json>(`~/issues/comments/${id}`, { body: "Rolled out" });
    expect(updated.body.body).toBe("Rolled out");
    expect(updated.body.updated_at).not.toBe(updated.body.created_at);
    expect(standIn.comments(5).map((c) => c.body)).toEqual(["Rolled out"]);
  });

  it("rejects bodies over 65536 characters", async () => {
    expect((await api.post("~/issues/5/comments", { body: "x".repeat(65536) })).status).toBe(201);
    const res = await api.post<Json>("~/issues/5/comments", { body: "x".repeat(65537) });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      message: "Validation Failed",
      errors: [
        {
          resource: "IssueComment",
          field: "data",
          message: "Body is too long (maximum is 65536 characters)",
        },
      ],
    });
    const id = standIn.comments(5)[0]?.id;
    expect((await api.patch(`~/issues/comments/${id}`, { body: "y".repeat(70000) })).status).toBe(422);
  });

  it("lists in ascending id order with pagination and since", async () => {
    for (let i = 1; i <= 5; i++) {
      standIn.seedComment({ issueNumber: 5, body: `c${i}`, user: "octocat" });
      standIn.advanceClock(60);
    }
    const page1 = await api.get<Json[]>("~/issues/5/comments?per_page=2");
    expect(page1.body.map((c) => c.body)).toEqual(["c1", "c2"]);
    expect(page1.headers.get("link")).toContain('page=3>; rel="last"');
    const page3 = await api.get<Json[]>("~/issues/5/comments?per_page=2&page=3");
    expect(page3.body.map((c) => c.body)).toEqual(["c5"]);
    const since = standIn.comments(5)[3]?.updatedAt;
    const recent = await api.get<Json[]>(`~/issues/5/comments?since=${since}`);
    expect(recent.body.map((c) => c.body)).toEqual(["c4", "c5"]);
  });

  it("404s for issues that do not exist", async () => {
    expect((await api.post("~/issues/77/comments", { body: "x" })).status).toBe(404);
    standIn.addIssue(77);
    expect((await api.post("~/issues/77/comments", { body: "x" })).status).toBe(201);
  });

  it("reports author_association from the collaborator list", async () => {
    standIn.setCollaborator("dev", "write");
    expect(
      standIn.seedComment({ issueNumber: 5, body: "/rollout promote", user: "dev" }).authorAssociation,
    ).toBe("COLLABORATOR");
    expect(standIn.seedComment({ issueNumber: 5, body: "hi", user: "acme" }).authorAssociation).toBe("OWNER");
  });
});

// https://docs.github.com/rest/reactions/reactions#create-reaction-for-an-issue-comment
describe("reactions", () => {
  it("answers 201 for a new reaction and 200 when it already exists", async () => {
    const comment = standIn.seedComment({ issueNumber: 5, body: "/rollout status", user: "dev" });
    const first = await api.post<Json>(`~/issues/comments/${comment.id}/reactions`, {
      content: "eyes",
    });
    expect(first.status).toBe(201);
    const again = await api.post<Json>(`~/issues/comments/${comment.id}/reactions`, {
      content: "eyes",
    });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    await api.post(`~/issues/comments/${comment.id}/reactions`, { content: "rocket" });
    expect(standIn.reactions(comment.id).map((r) => r.content)).toEqual(["eyes", "rocket"]);
    const rendered = await api.get<Json>(`~/issues/comments/${comment.id}`);
    expect(rendered.body.reactions).toMatchObject({ total_count: 2, eyes: 1, rocket: 1, "+1": 0 });
  });

  it("accepts only GitHub's reaction contents", async () => {
    const comment = standIn.seedComment({ issueNumber: 5, body: "x" });
    for (const content of ["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"]) {
      expect((await api.post(`~/issues/comments/${comment.id}/reactions`, { content })).status).toBe(201);
    }
    const bad = await api.post<Json>(`~/issues/comments/${comment.id}/reactions`, {
      content: "tada",
    });
    expect(bad.status).toBe(422);
    expect(standIn.invalidRequests()).toHaveLength(1);
    standIn.resetLog();
    expect((await api.post("~/issues/comments/9/reactions", { content: "eyes" })).status).toBe(404);
  });
});

// https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user
describe("repository permission for a user", () => {
  const permission = async (login: string) => {
    const res = await api.get<Json>(`~/collaborators/${login}/permission`);
    return [res.body.permission, res.body.role_name, (res.body.user as Json).role_name];
  };

  it("maps maintain to write and triage to read, keeping the role in role_name", async () => {
    const roles = ["admin", "maintain", "write", "triage", "read"] as const;
    for (const role of roles) standIn.setCollaborator(`user-${role}`, role);
    expect(await permission("user-admin")).toEqual(["admin", "admin", "admin"]);
    expect(await permission("user-maintain")).toEqual(["write", "maintain", "maintain"]);
    expect(await permission("user-write")).toEqual(["write", "write", "write"]);
    expect(await permission("user-triage")).toEqual(["read", "triage", "triage"]);
    expect(await permission("user-read")).toEqual(["read", "read", "read"]);
  });

  it("reads anyone as read on a public repository and none on a private one", async () => {
    expect(await permission("stranger")).toEqual(["read", "read", "read"]);
    await standIn.close();
    standIn = await startGitHubStandIn({ visibility: "private" });
    api = client(standIn);
    expect(await permission("stranger")).toEqual(["none", "", ""]);
  });

  it("sets the user's permissions flags from the role", async () => {
    standIn.setCollaborator("m", "maintain");
    const res = await api.get<Json>("~/collaborators/m/permission");
    expect((res.body.user as Json).permissions).toEqual({
      admin: false,
      maintain: true,
      push: true,
      triage: true,
      pull: true,
    });
  });
});

// https://docs.github.com/rest/pulls/pulls#get-a-pull-request
describe("pull requests", () => {
  it("gives head.sha, head.repo.fork, merged and merge_commit_sha", async () => {
    const merge = standIn.addCommit();
    standIn.addPullRequest({ number: 6, headSha: head, fork: true, author: "outsider" });
    standIn.addPullRequest({ number: 7, headSha: head, merged: true, mergeCommitSha: merge });
    const gh = octokit(standIn);
    const own = await gh.rest.pulls.get({ owner: "acme", repo: "shop", pull_number: 5 });
    expect(own.data.head.sha).toBe(head);
    expect(own.data.head.repo?.fork).toBe(false);
    expect(own.data.merged).toBe(false);
    const fork = await gh.rest.pulls.get({ owner: "acme", repo: "shop", pull_number: 6 });
    expect(fork.data.head.repo?.fork).toBe(true);
    expect(fork.data.head.repo?.full_name).toBe("outsider/shop");
    const merged = await gh.rest.pulls.get({ owner: "acme", repo: "shop", pull_number: 7 });
    expect(merged.data).toMatchObject({ merged: true, merge_commit_sha: merge, state: "closed" });
    expect((await api.get("~/pulls/8")).status).toBe(404);
  });

  // A fork's head lives in another repository (head.repo's id and full_name differ from base.repo's), and its
  // commits are readable through the base repository, as GitHub fetches them into refs/pull/<n>/head.
  it("gives a fork's head its own repository and a commit dated as seeded, read through the base", async () => {
    const committed = "2026-11-20T10:00:00Z";
    const forkHead = standIn.addCommit({ message: "from a fork", date: committed });
    standIn.addPullRequest({ number: 9, headSha: forkHead, fork: true, author: "outsider" });
    const pull = await api.get<Json>("~/pulls/9");
    const head = (pull.body.head as Json).repo as Json;
    const base = (pull.body.base as Json).repo as Json;
    expect([head.fork, head.full_name, base.full_name]).toEqual([true, "outsider/shop", "acme/shop"]);
    expect(head.id).not.toBe(base.id);
    const commit = await api.get<Json>(`~/git/commits/${forkHead}`);
    expect((commit.body.committer as Json).date).toBe(committed);
    // The clock moves everything alike: the commit keeps its place before a comment seeded after it.
    const comment = standIn.seedComment({ issueNumber: 9, body: "/rollout start", user: "dev" });
    standIn.advanceClock(3600);
    const later = await api.get<Json>(`~/git/commits/${forkHead}`);
    const stored = standIn.comments(9).find((c) => c.id === comment.id);
    expect(Date.parse((later.body.committer as Json).date as string)).toBeLessThan(
      Date.parse(stored?.createdAt ?? ""),
    );
  });
});

// GitHub refuses the permission read when the token's identity cannot push; the body is the one GitHub sends
// (yegor256/rultor#1407, with the `status` field GitHub adds to error bodies today). The OpenAPI description
// declares only 200 and 404 for this operation.
describe("repository permission for a user, read by a token without push access", () => {
  const refusal = {
    message: "Must have push access to view collaborator permission.",
    documentation_url:
      "https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user",
    status: "403",
  };

  it("answers 403 when the token's identity was denied push access", async () => {
    standIn.setCollaborator("dev", "write");
    standIn.setPushAccess("github-actions[bot]", false);
    const res = await api.get<Json>("~/collaborators/dev/permission");
    expect(res.status).toBe(403);
    expect(res.body).toEqual(refusal);
    standIn.setPushAccess("github-actions[bot]", true);
    expect((await api.get("~/collaborators/dev/permission")).status).toBe(200);
  });

  it("answers 403 to a personal token of a user with the read or triage role", async () => {
    await standIn.close();
    standIn = await startGitHubStandIn({
      owner: "acme",
      repo: "shop",
      tokens: { "reader-token": "rita", "writer-token": "wendy" },
    });
    standIn.setCollaborator("rita", "triage");
    standIn.setCollaborator("wendy", "write");
    const asReader = await client(standIn, "reader-token").get<Json>("~/collaborators/wendy/permission");
    expect([asReader.status, asReader.body]).toEqual([403, refusal]);
    const asWriter = await client(standIn, "writer-token").get<Json>("~/collaborators/rita/permission");
    expect([asWriter.status, asWriter.body.role_name]).toEqual([200, "triage"]);
  });
});

// GitHub Enterprise Server before 3.5 has no `role_name` (ghes-3.4.json in @octokit/openapi 10.0.0 lacks it,
// ghes-3.5.json requires it): maintain reads as write and triage as read, and nothing tells them apart.
describe("repository permission for a user on GitHub Enterprise Server 3.4", () => {
  it("answers without role_name, as 3.4's description says, and maps maintain and triage down", async () => {
    await standIn.close();
    standIn = await startGitHubStandIn({ owner: "acme", repo: "shop", release: "ghes-3.4" });
    api = client(standIn);
    for (const role of ["admin", "maintain", "write", "triage", "read"] as const) {
      standIn.setCollaborator(`user-${role}`, role);
    }
    const seen: unknown[] = [];
    for (const role of ["admin", "maintain", "write", "triage", "read"]) {
      const res = await api.get<Json>(`~/collaborators/user-${role}/permission`);
      expect(res.body).not.toHaveProperty("role_name");
      expect(res.body.user).not.toHaveProperty("role_name");
      seen.push(res.body.permission);
    }
    expect(seen).toEqual(["admin", "write", "write", "read", "read"]);
  });

  it("checks the answer against 3.4's schema, which api.github.com's would reject", () => {
    const body = { permission: "write", user: null };
    expect(validateResponse("repos/get-collaborator-permission-level", 200, body, "ghes-3.4").ok).toBe(true);
    expect(validateResponse("repos/get-collaborator-permission-level", 200, body).ok).toBe(false);
  });
});
