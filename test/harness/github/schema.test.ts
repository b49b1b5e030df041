import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  extract,
  type StandIn,
  startGitHubStandIn,
  validateResponse,
} from "../../../harness/github/index.ts";
import { type ApiResponse, client, type Json } from "./helpers.ts";

// Every answer the stand-in gives, for every operation it serves, must match GitHub's published
// response schema: this is what keeps the stand-in from drifting away from the real API.

let standIn: StandIn;
let api: ReturnType<typeof client>;
const seen: Array<{ operationId: string; response: ApiResponse }> = [];

async function record(operationId: string, pending: Promise<ApiResponse>): Promise<ApiResponse> {
  const response = await pending;
  seen.push({ operationId, response });
  return response;
}

beforeAll(async () => {
  standIn = await startGitHubStandIn({ owner: "acme", repo: "shop" });
  api = client(standIn);
  const main = standIn.setBranch("main");
  const next = standIn.addCommit({ parents: [main], message: "next" });
  standIn.setTag("v1.0.0", main);
  standIn.setCollaborator("maintainer", "maintain");
  standIn.addPullRequest({ number: 12, headSha: next, headRef: "feature", fork: true });
  standIn.addPullRequest({ number: 13, headSha: main, merged: true, mergeCommitSha: next });

  const created = await record(
    "repos/create-deployment",
    api.post("~/deployments", {
      ref: "main",
      task: "rollout",
      environment: "production",
      auto_merge: false,
      required_contexts: [],
      payload: { schema: 1, stages: [1, 5, 25, 50, 100] },
      description: "rollout of main",
    }),
  );
  const deploymentId = (created.body as Json).id as number;
  await record(
    "repos/create-deployment",
    api.post("~/deployments", { ref: "v1.0.0", payload: '{"legacy":true}', auto_merge: false }),
  );
  standIn.setBehindDefaultBranch("feature-behind", "merged");
  standIn.setBranch("feature-behind", next);
  await record("repos/create-deployment", api.post("~/deployments", { ref: "feature-behind" }));
  await record("repos/create-deployment", api.post("~/deployments", { ref: "nope" }));
  await record("repos/list-deployments", api.get("~/deployments?environment=production"));
  await record("repos/get-deployment", api.get(`~/deployments/${deploymentId}`));
  await record("repos/get-deployment", api.get("~/deployments/1"));

  const status = await record(
    "repos/create-deployment-status",
    api.post(`~/deployments/${deploymentId}/statuses`, {
      state: "in_progress",
      description: "stage 1/5 · 1% · started",
      log_url: "https://ci.example.com/run/1",
      environment_url: "https://shop.example.com",
    }),
  );
  await record(
    "repos/create-deployment-status",
    api.post(`~/deployments/${deploymentId}/statuses`, { state: "queued" }),
  );
  await record(
    "repos/create-deployment-status",
    api.post(`~/deployments/${deploymentId}/statuses`, {
      state: "failure",
      description: "x".repeat(141),
    }),
  );
  await record(
    "repos/list-deployment-statuses",
    api.get(`~/deployments/${deploymentId}/statuses?per_page=1`),
  );
  await record("repos/list-deployment-statuses", api.get("~/deployments/1/statuses"));
  const statusId = (status.body as Json).id as number;
  await record("repos/get-deployment-status", api.get(`~/deployments/${deploymentId}/statuses/${statusId}`));
  await record("repos/get-deployment-status", api.get(`~/deployments/${deploymentId}/statuses/1`));

  const doomed = standIn.seedDeployment({ sha: main, statuses: [{ state: "inactive" }] });
  await record("repos/delete-deployment", api.delete(`~/deployments/${doomed.id}`));
  await record("repos/delete-deployment", api.delete("~/deployments/1"));
  const active = standIn.seedDeployment({ sha: main, statuses: [{ state: "success" }] });
  await record("repos/delete-deployment", api.delete(`~/deployments/${active.id}`));

  await record("repos/get-commit", api.get("~/commits/main"));
  await record("repos/get-commit", api.get(`~/commits/${next}`));
  await record("repos/get-commit", api.get("~/commits/does-not-exist"));

  const mainTree = standIn.gitCommit(main)?.tree;
  const lockCommit = await record(
    "git/create-commit",
    api.post("~/git/commits", {
      message: "lock held by run 1",
      tree: mainTree,
      parents: [main],
      committer: { name: "rollout", email: "rollout@example.com", date: "2030-01-02T03:04:05Z" },
    }),
  );
  await record("git/create-commit", api.post("~/git/commits", { message: "m", tree: "f".repeat(40) }));
  await record("git/get-commit", api.get(`~/git/commits/${(lockCommit.body as Json).sha as string}`));
  await record("git/get-commit", api.get(`~/git/commits/${main}`));
  await record("git/get-commit", api.get(`~/git/commits/${"0".repeat(40)}`));

  await record("git/create-ref", api.post("~/git/refs", { ref: "refs/heads/lock", sha: main }));
  await record("git/create-ref", api.post("~/git/refs", { ref: "refs/heads/lock", sha: main }));
  await record("git/get-ref", api.get("~/git/ref/heads/lock"));
  await record("git/get-ref", api.get("~/git/ref/heads%2Fmain"));
  await record("git/get-ref", api.get("~/git/ref/heads/missing"));
  await record("git/update-ref", api.patch("~/git/refs/heads/lock", { sha: next }));
  await record("git/update-ref", api.patch("~/git/refs/heads/missing", { sha: next }));
  await record("git/delete-ref", api.delete("~/git/refs/heads/lock"));
  await record("git/delete-ref", api.delete("~/git/refs/heads/lock"));

  const comment = await record(
    "issues/create-comment",
    api.post("~/issues/12/comments", { body: "Rollout started" }),
  );
  await record("issues/create-comment", api.post("~/issues/999/comments", { body: "hi" }));
  await record("issues/create-comment", api.post("~/issues/12/comments", { body: "x".repeat(65537) }));
  const commentId = (comment.body as Json).id as number;
  await record("issues/list-comments", api.get("~/issues/12/comments"));
  await record("issues/list-comments", api.get("~/issues/999/comments"));
  await record("issues/get-comment", api.get(`~/issues/comments/${commentId}`));
  await record("issues/get-comment", api.get("~/issues/comments/1"));
  await record(
    "issues/update-comment",
    api.patch(`~/issues/comments/${commentId}`, { body: "Rollout at stage 2" }),
  );
  await record(
    "reactions/create-for-issue-comment",
    api.post(`~/issues/comments/${commentId}/reactions`, { content: "eyes" }),
  );
  await record(
    "reactions/create-for-issue-comment",
    api.post(`~/issues/comments/${commentId}/reactions`, { content: "eyes" }),
  );
  await record("reactions/list-for-issue-comment", api.get(`~/issues/comments/${commentId}/reactions`));
  await record("reactions/list-for-issue-comment", api.get("~/issues/comments/1/reactions"));

  await record("pulls/get", api.get("~/pulls/12"));
  await record("pulls/get", api.get("~/pulls/13"));
  await record("pulls/get", api.get("~/pulls/404"));
  await record("repos/get-collaborator-permission-level", api.get("~/collaborators/maintainer/permission"));
  await record("repos/get-collaborator-permission-level", api.get("~/collaborators/stranger/permission"));
  await record("rate-limit/get", api.get("/rate_limit"));
});

afterAll(async () => {
  await standIn.close();
});

describe("responses match GitHub's OpenAPI description", () => {
  it("exercises every operation in the extract with a success answer", () => {
    const succeeded = new Set(seen.filter((s) => s.response.status < 300).map((s) => s.operationId));
    expect([...succeeded].sort()).toEqual(Object.keys(extract.operations).sort());
  });

  it("every answer validates against the declared response schema", () => {
    const problems: string[] = [];
    let checked = 0;
    for (const { operationId, response } of seen) {
      const declared = extract.operations[operationId]?.responses[String(response.status)];
      if (!declared) {
        problems.push(`${operationId} answered ${response.status}, which it does not declare`);
        continue;
      }
      checked++;
      const result = validateResponse(operationId, response.status, response.body);
      if (!result.ok) problems.push(`${operationId} ${response.status}: ${result.errors.join("; ")}`);
    }
    expect(problems).toEqual([]);
    expect(checked).toBe(seen.length);
  });

  it("answers with the operationId GitHub uses for each route", () => {
    for (const entry of standIn.log()) {
      const match = seen.find((s) => s.operationId === entry.operationId);
      expect(match, `${entry.method} ${entry.path}`).toBeDefined();
    }
  });

  it("found no invalid request and no answer that breaks the schema", () => {
    expect(() => standIn.assertNoInvalidRequests()).not.toThrow();
  });

  it("the extract is self-contained and records where it came from", () => {
    expect(extract.source.package).toBe("@octokit/openapi");
    expect(extract.source.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(extract.source.openapi).toMatch(/^3\./);
    const text = JSON.stringify(extract);
    for (const [, name] of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) {
      expect(extract.components.schemas, name).toHaveProperty(name as string);
    }
    expect(text).not.toMatch(/#\/components\/(parameters|responses|requestBodies)\//);
  });
});

describe("the response validator has teeth", () => {
  it("rejects bodies GitHub would never send", async () => {
    const good = await api.get<Json>(`~/deployments/${standIn.deployments().at(-1)?.id}`);
    expect(validateResponse("repos/get-deployment", 200, good.body).ok).toBe(true);
    const { creator: _creator, ...withoutCreator } = good.body;
    expect(validateResponse("repos/get-deployment", 200, withoutCreator).ok).toBe(false);
    expect(validateResponse("repos/get-deployment", 200, { ...good.body, id: "1" }).ok).toBe(false);
    expect(validateResponse("repos/get-deployment", 200, { ...good.body, description: null }).ok).toBe(true);
    expect(validateResponse("repos/get-deployment", 200, { ...good.body, created_at: "yesterday" }).ok).toBe(
      false,
    );
    expect(validateResponse("repos/get-deployment", 418, good.body).ok).toBe(false);
  });
});
