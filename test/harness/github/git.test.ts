import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type StandIn, startGitHubStandIn } from "../../../harness/github/index.ts";
import { client, type Json, octokit } from "./helpers.ts";

let standIn: StandIn;
let api: ReturnType<typeof client>;
let main: string;

beforeEach(async () => {
  standIn = await startGitHubStandIn();
  api = client(standIn);
  main = standIn.setBranch("main");
});

afterEach(async () => {
  standIn.assertNoInvalidRequests();
  await standIn.close();
});

// https://docs.github.com/rest/git/refs
describe("git refs", () => {
  it("creates a ref once; the second create is 422 Reference already exists", async () => {
    const created = await api.post<Json>("~/git/refs", {
      ref: "refs/heads/rollout-lock",
      sha: main,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ref: "refs/heads/rollout-lock",
      object: { type: "commit", sha: main },
    });
    const again = await api.post<Json>("~/git/refs", { ref: "refs/heads/rollout-lock", sha: main });
    expect(again.status).toBe(422);
    expect(again.body.message).toBe("Reference already exists");
    expect(standIn.refs()["refs/heads/rollout-lock"]).toBe(main);
  });

  it("lets exactly one of many concurrent creates win", async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => api.post("~/git/refs", { ref: "refs/locks/x", sha: main })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 422)).toHaveLength(9);
  });

  // github/rest-api-description#4887: a create can be answered 422 "Reference update failed" instead.
  it("in race mode, answers a create that loses to an existing ref 422 Reference update failed", async () => {
    standIn.answerLostRefCreates("Reference update failed");
    const results = await Promise.all(
      Array.from({ length: 4 }, () => api.post<Json>("~/git/refs", { ref: "refs/locks/x", sha: main })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const lost = results.filter((r) => r.status === 422);
    expect(lost.map((r) => r.body.message)).toEqual(Array(3).fill("Reference update failed"));
    standIn.answerLostRefCreates("Reference already exists");
    const again = await api.post<Json>("~/git/refs", { ref: "refs/locks/x", sha: main });
    expect(again.body.message).toBe("Reference already exists");
  });

  it("requires refs/ and at least two slashes", async () => {
    for (const ref of ["heads/x", "refs/x", "main"]) {
      const res = await api.post<Json>("~/git/refs", { ref, sha: main });
      expect(res.status, ref).toBe(422);
      expect(res.body.message).toBe("Reference name must contain at least three slash-separated components.");
    }
    const bad = await api.post<Json>("~/git/refs", { ref: "refs/heads/a..b", sha: main });
    expect(bad.status).toBe(422);
    expect(bad.body.message).toBe("refs/heads/a..b is not a valid ref name.");
  });

  it("requires the sha to be an existing commit", async () => {
    const res = await api.post<Json>("~/git/refs", { ref: "refs/heads/x", sha: "a".repeat(40) });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe("Object does not exist");
  });

  it("requires ref and sha in the body", async () => {
    const res = await api.post<Json>("~/git/refs", { ref: "refs/heads/x" });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe('Invalid request.\n\n"sha" wasn\'t supplied.');
    expect(standIn.invalidRequests()).toHaveLength(1);
    standIn.resetLog();
  });

  it("gets a ref by heads/<name>, with the slash raw or encoded", async () => {
    expect((await api.get<Json>("~/git/ref/heads/main")).body).toMatchObject({
      ref: "refs/heads/main",
    });
    expect((await api.get<Json>("~/git/ref/heads%2Fmain")).status).toBe(200);
    expect((await api.get("~/git/ref/heads/nope")).status).toBe(404);
    expect((await api.get("~/git/ref/refs/heads/main")).status).toBe(404);
  });

  it("updates fast-forward only unless forced", async () => {
    const child = standIn.addCommit({ parents: [main] });
    const unrelated = standIn.addCommit();
    await api.post("~/git/refs", { ref: "refs/heads/lock", sha: main });
    expect((await api.patch("~/git/refs/heads/lock", { sha: child })).status).toBe(200);
    const refused = await api.patch<Json>("~/git/refs/heads/lock", { sha: unrelated });
    expect(refused.status).toBe(422);
    expect(refused.body.message).toBe("Update is not a fast forward");
    const forced = await api.patch<Json>("~/git/refs/heads/lock", { sha: unrelated, force: true });
    expect(forced.status).toBe(200);
    expect((forced.body.object as Json).sha).toBe(unrelated);
    const missing = await api.patch<Json>("~/git/refs/heads/none", { sha: main });
    expect(missing.status).toBe(422);
    expect(missing.body.message).toBe("Reference does not exist");
  });

  it("deletes unconditionally, 422 when the ref is gone", async () => {
    await api.post("~/git/refs", { ref: "refs/heads/lock", sha: main });
    expect((await api.delete("~/git/refs/heads/lock")).status).toBe(204);
    const again = await api.delete<Json>("~/git/refs/heads/lock");
    expect(again.status).toBe(422);
    expect(again.body.message).toBe("Reference does not exist");
    expect(standIn.refs()).toEqual({ "refs/heads/main": main });
  });

  it("works through @octokit/rest, which encodes the slash in {ref}", async () => {
    const gh = octokit(standIn);
    const owner = standIn.owner;
    const repo = standIn.repo;
    await gh.rest.git.createRef({ owner, repo, ref: "refs/heads/via-octokit", sha: main });
    const got = await gh.rest.git.getRef({ owner, repo, ref: "heads/via-octokit" });
    expect(got.data.object.sha).toBe(main);
    await gh.rest.git.deleteRef({ owner, repo, ref: "heads/via-octokit" });
    expect(standIn.refs()["refs/heads/via-octokit"]).toBeUndefined();
  });
});

// https://docs.github.com/rest/commits/commits#get-a-commit
describe("get a commit", () => {
  it("resolves branch, heads/ branch, tag, full and short SHA", async () => {
    const tag = standIn.setTag("v1.2.3", standIn.addCommit({ message: "release" }));
    const resolve = async (ref: string) => (await api.get<Json>(`~/commits/${ref}`)).body.sha;
    expect(await resolve("main")).toBe(main);
    expect(await resolve("heads/main")).toBe(main);
    expect(await resolve("v1.2.3")).toBe(tag);
    expect(await resolve("tags/v1.2.3")).toBe(tag);
    expect(await resolve(tag)).toBe(tag);
    expect(await resolve(tag.slice(0, 8))).toBe(tag);
    const commit = await api.get<Json>(`~/commits/${tag}`);
    expect((commit.body.commit as Json).message).toBe("release");
  });

  it("answers 422 No commit found for unknown refs", async () => {
    const res = await api.get<Json>("~/commits/no-such-branch");
    expect(res.status).toBe(422);
    expect(res.body.message).toBe("No commit found for SHA: no-such-branch");
  });

  it("uses deterministic SHAs for seeded commits", async () => {
    const again = await startGitHubStandIn();
    try {
      expect(again.setBranch("main")).toBe(main);
    } finally {
      await again.close();
    }
  });
});
