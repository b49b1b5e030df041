import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type StandIn, startGitHubStandIn, validateResponse } from "../../../harness/github/index.ts";
import { client, ISO_SECONDS, type Json, octokit } from "./helpers.ts";

let standIn: StandIn;
let api: ReturnType<typeof client>;
let main: string;
let tree: string;

beforeEach(async () => {
  standIn = await startGitHubStandIn();
  api = client(standIn);
  main = standIn.setBranch("main");
  tree = standIn.gitCommit(main)?.tree ?? "";
});

afterEach(async () => {
  standIn.assertNoInvalidRequests();
  await standIn.close();
});

async function createCommit(body: Json) {
  const res = await api.post<Json>("~/git/commits", body);
  expect(validateResponse("git/create-commit", res.status, res.body).errors).toEqual([]);
  return res;
}

// https://docs.github.com/rest/git/commits
describe("git commits", () => {
  it("seeded commits have a stable tree, also shown by repos/get-commit", async () => {
    expect(tree).toMatch(/^[0-9a-f]{40}$/);
    const again = await startGitHubStandIn();
    try {
      const sha = again.setBranch("main");
      expect(again.gitCommit(sha)?.tree).toBe(tree);
    } finally {
      await again.close();
    }
    const viaRepos = await api.get<Json>(`~/commits/${main}`);
    expect(((viaRepos.body.commit as Json).tree as Json).sha).toBe(tree);
    expect(standIn.gitCommit(standIn.addCommit())?.tree).not.toBe(tree);
  });

  it("creates a commit: 201 with the git commit shape, location, message and dates kept", async () => {
    const res = await createCommit({
      message: "rollout-lock\n\nowner: run 42",
      tree,
      parents: [main],
      author: { name: "Rollout", email: "rollout@example.com", date: "2030-01-02T03:04:05Z" },
      committer: { name: "Rollout bot", email: "bot@example.com", date: "2030-01-02T03:04:06Z" },
    });
    expect(res.status).toBe(201);
    const sha = res.body.sha as string;
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(res.headers.get("location")).toBe(`${standIn.url}/repos/octo-org/service/git/commits/${sha}`);
    expect(res.body).toMatchObject({
      url: `${standIn.url}/repos/octo-org/service/git/commits/${sha}`,
      html_url: `${standIn.url}/octo-org/service/commit/${sha}`,
      message: "rollout-lock\n\nowner: run 42",
      tree: { sha: tree },
      author: { name: "Rollout", email: "rollout@example.com", date: "2030-01-02T03:04:05Z" },
      committer: { name: "Rollout bot", email: "bot@example.com", date: "2030-01-02T03:04:06Z" },
      parents: [{ sha: main }],
      verification: { verified: false, reason: "unsigned" },
    });
    expect(standIn.gitCommit(sha)).toEqual({
      sha,
      message: "rollout-lock\n\nowner: run 42",
      tree,
      parents: [main],
      author: { name: "Rollout", email: "rollout@example.com", date: "2030-01-02T03:04:05Z" },
      committer: { name: "Rollout bot", email: "bot@example.com", date: "2030-01-02T03:04:06Z" },
    });
    const got = await api.get<Json>(`~/git/commits/${sha}`);
    expect(got.status).toBe(200);
    expect(validateResponse("git/get-commit", 200, got.body).errors).toEqual([]);
    expect(got.body).toEqual(res.body);
  });

  it("defaults author to the token's user and now, committer to the author", async () => {
    const before = Date.now() - 1000;
    const res = await createCommit({ message: "lock", tree });
    const author = res.body.author as Json;
    expect(author.name).toBe("github-actions[bot]");
    expect(author.email).toBe("41898282+github-actions[bot]@users.noreply.github.com");
    expect(author.date).toMatch(ISO_SECONDS);
    expect(new Date(author.date as string).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(res.body.committer).toEqual(author);
    expect(res.body.parents).toEqual([]);
  });

  it("gives identical input the identical SHA, as git does", async () => {
    const body = {
      message: "m",
      tree,
      parents: [main],
      author: { name: "a", email: "a@example.com", date: "2030-01-01T00:00:00Z" },
    };
    const first = await createCommit(body);
    const second = await createCommit(body);
    const other = await createCommit({ ...body, message: "n" });
    expect(second.body.sha).toBe(first.body.sha);
    expect(other.body.sha).not.toBe(first.body.sha);
  });

  it("accepts the tree of a created commit", async () => {
    const first = await createCommit({ message: "one", tree, parents: [main] });
    const firstTree = (first.body.tree as Json).sha;
    const second = await createCommit({ message: "two", tree: firstTree, parents: [first.body.sha] });
    expect(second.status).toBe(201);
  });

  it("answers 422 Tree SHA does not exist for an unknown tree (a commit SHA is not a tree)", async () => {
    for (const bad of ["f".repeat(40), main, "nope"]) {
      const res = await createCommit({ message: "m", tree: bad });
      expect(res.status, bad).toBe(422);
      expect(res.body.message).toBe("Tree SHA does not exist");
    }
  });

  it("answers 422 for parents that are not commits", async () => {
    const missing = await createCommit({ message: "m", tree, parents: ["a".repeat(40)] });
    expect(missing.status).toBe(422);
    expect(missing.body.message).toBe("Parent SHA does not exist or is not a commit object");
    const malformed = await createCommit({ message: "m", tree, parents: ["abc"] });
    expect(malformed.status).toBe(422);
    expect(malformed.body.message).toMatch(/^Each SHA in the 'parents' parameter must be exactly 40/);
  });

  it("requires message and tree; dates must be ISO 8601", async () => {
    const res = await api.post<Json>("~/git/commits", { tree });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe('Invalid request.\n\n"message" wasn\'t supplied.');
    const badDate = await api.post<Json>("~/git/commits", {
      message: "m",
      tree,
      committer: { name: "x", email: "x@example.com", date: "yesterday" },
    });
    expect(badDate.status).toBe(422);
    expect(standIn.invalidRequests()).toHaveLength(2);
    standIn.resetLog();
  });

  it("gets seeded commits too; unknown SHAs are 404", async () => {
    const seeded = await api.get<Json>(`~/git/commits/${main}`);
    expect(seeded.status).toBe(200);
    expect(seeded.body).toMatchObject({ sha: main, tree: { sha: tree }, parents: [] });
    const missing = await api.get<Json>(`~/git/commits/${"0".repeat(40)}`);
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe("Not Found");
    expect(validateResponse("git/get-commit", 404, missing.body).errors).toEqual([]);
    expect((await api.get(`~/git/commits/main`)).status).toBe(404);
  });

  it("lets a ref point at a created commit, and take over by force", async () => {
    const mine = await createCommit({ message: "lock: run 1", tree, parents: [main] });
    const created = await api.post<Json>("~/git/refs", {
      ref: "refs/heads/rollout-lock",
      sha: mine.body.sha,
    });
    expect(created.status).toBe(201);
    expect(standIn.refs()["refs/heads/rollout-lock"]).toBe(mine.body.sha);
    const viaRepos = await api.get<Json>("~/commits/rollout-lock");
    expect((viaRepos.body.commit as Json).message).toBe("lock: run 1");
    expect(viaRepos.body.author).toMatchObject({ login: "github-actions[bot]" });

    // A sibling is not a fast-forward: only force moves the ref.
    const theirs = await createCommit({ message: "lock: run 2", tree, parents: [main] });
    const refused = await api.patch<Json>("~/git/refs/heads/rollout-lock", { sha: theirs.body.sha });
    expect(refused.status).toBe(422);
    expect(refused.body.message).toBe("Update is not a fast forward");
    const forced = await api.patch<Json>("~/git/refs/heads/rollout-lock", {
      sha: theirs.body.sha,
      force: true,
    });
    expect(forced.status).toBe(200);
    expect(standIn.refs()["refs/heads/rollout-lock"]).toBe(theirs.body.sha);
    // A child of the current tip is a fast-forward.
    const child = await createCommit({ message: "lock: run 2 renewed", tree, parents: [theirs.body.sha] });
    const ff = await api.patch<Json>("~/git/refs/heads/rollout-lock", { sha: child.body.sha });
    expect(ff.status).toBe(200);
  });

  it("update (even forced) and delete of a missing ref are 422 Reference does not exist", async () => {
    const forced = await api.patch<Json>("~/git/refs/heads/gone", { sha: main, force: true });
    expect(forced.status).toBe(422);
    expect(forced.body.message).toBe("Reference does not exist");
    const deleted = await api.delete<Json>("~/git/refs/heads/gone");
    expect(deleted.status).toBe(422);
    expect(deleted.body.message).toBe("Reference does not exist");
    expect(validateResponse("git/update-ref", 422, forced.body).errors).toEqual([]);
    expect(validateResponse("git/delete-ref", 422, deleted.body).errors).toEqual([]);
    expect(standIn.refs()).toEqual({ "refs/heads/main": main });
  });

  it("ages created and seeded commits with advanceClock", async () => {
    const now = await createCommit({ message: "lock", tree, parents: [main] });
    const explicit = await createCommit({
      message: "lock 2",
      tree,
      committer: { name: "x", email: "x@example.com", date: "2030-06-01T12:00:00Z" },
    });
    const seeded = standIn.addCommit({ message: "old", date: "2030-06-01T12:00:00Z" });
    const dateOf = async (sha: unknown) =>
      new Date(((await api.get<Json>(`~/git/commits/${String(sha)}`)).body.committer as Json).date as string);
    const before = await dateOf(now.body.sha);

    standIn.advanceClock(3600);

    expect((await dateOf(now.body.sha)).getTime()).toBe(before.getTime() - 3600_000);
    expect((await dateOf(explicit.body.sha)).toISOString()).toBe("2030-06-01T11:00:00.000Z");
    expect(standIn.gitCommit(explicit.body.sha as string)?.committer.date).toBe("2030-06-01T11:00:00Z");
    expect(standIn.gitCommit(seeded)?.author.date).toBe("2030-06-01T11:00:00Z");
    const viaRepos = await api.get<Json>(`~/commits/${seeded}`);
    expect(((viaRepos.body.commit as Json).committer as Json).date).toBe("2030-06-01T11:00:00Z");
    // New commits are stamped with the wall clock, not the aged one.
    const fresh = await createCommit({ message: "fresh", tree });
    expect(Math.abs(Date.now() - (await dateOf(fresh.body.sha)).getTime())).toBeLessThan(5000);
  });

  it("works through @octokit/rest", async () => {
    const gh = octokit(standIn);
    const { owner, repo } = standIn;
    const created = await gh.rest.git.createCommit({
      owner,
      repo,
      message: "via octokit",
      tree,
      parents: [main],
    });
    expect(created.status).toBe(201);
    const got = await gh.rest.git.getCommit({ owner, repo, commit_sha: created.data.sha });
    expect(got.data.message).toBe("via octokit");
    await gh.rest.git.createRef({ owner, repo, ref: "refs/heads/l", sha: created.data.sha });
    await gh.rest.git.updateRef({ owner, repo, ref: "heads/l", sha: main, force: true });
    await gh.rest.git.deleteRef({ owner, repo, ref: "heads/l" });
    expect(standIn.refs()["refs/heads/l"]).toBeUndefined();
  });
});

describe("faults on the git operations", () => {
  it("fails create-commit before the write, or after it (the commit exists, the client saw an error)", async () => {
    const before = standIn.injectFault({ operationId: "git/create-commit", attempts: [1], status: 502 });
    const failed = await api.post<Json>("~/git/commits", { message: "a", tree });
    expect(failed.status).toBe(502);
    expect(before.fired()).toBe(1);

    standIn.injectFault({ operationId: "git/create-commit", attempts: [1], afterWrite: true, status: 500 });
    const body = {
      message: "b",
      tree,
      author: { name: "a", email: "a@example.com", date: "2030-01-01T00:00:00Z" },
    };
    const lost = await api.post<Json>("~/git/commits", body);
    expect(lost.status).toBe(500);
    const retried = await api.post<Json>("~/git/commits", body);
    expect(retried.status).toBe(201);
    expect(standIn.writes().map((w) => w.status)).toEqual([502, 500, 201]);
    expect(standIn.gitCommit(retried.body.sha as string)?.message).toBe("b");
  });

  it("faults get-commit, update-ref and delete-ref by operationId or path", async () => {
    const commit = await api.post<Json>("~/git/commits", { message: "lock", tree, parents: [main] });
    await api.post("~/git/refs", { ref: "refs/heads/lock", sha: commit.body.sha });

    standIn.injectFault({ operationId: "git/get-commit", attempts: [1], status: 503 });
    expect((await api.get(`~/git/commits/${String(commit.body.sha)}`)).status).toBe(503);
    expect((await api.get(`~/git/commits/${String(commit.body.sha)}`)).status).toBe(200);

    standIn.injectFault({ operationId: "git/update-ref", attempts: [1], status: 403, retryAfter: 60 });
    const throttled = await api.patch("~/git/refs/heads/lock", { sha: main, force: true });
    expect(throttled.status).toBe(403);
    expect(throttled.headers.get("retry-after")).toBe("60");
    expect(standIn.refs()["refs/heads/lock"]).toBe(commit.body.sha);

    standIn.injectFault({ method: "DELETE", path: "/repos/{owner}/{repo}/git/refs/{ref}", afterWrite: true });
    await expect(api.delete("~/git/refs/heads/lock")).rejects.toThrow();
    expect(standIn.refs()["refs/heads/lock"]).toBeUndefined();
  });
});
