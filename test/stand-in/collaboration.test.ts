import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type StandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
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
});
