import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type StandIn, startGitHubStandIn } from "../../../harness/github/index.ts";
import { client, ISO_SECONDS, type Json } from "./helpers.ts";

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

// https://docs.github.com/rest/deployments/deployments#create-a-deployment
describe("create a deployment", () => {
  it("applies GitHub's defaults", async () => {
    const res = await api.post<Json>("~/deployments", { ref: "main" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      sha: main,
      ref: "main",
      task: "deploy",
      environment: "production",
      original_environment: "production",
      production_environment: true,
      transient_environment: false,
      payload: {},
      description: "",
    });
    expect((res.body.creator as Json).login).toBe("github-actions[bot]");
    expect(res.body.created_at).toMatch(ISO_SECONDS);
    expect(res.body.updated_at).toBe(res.body.created_at);
  });

  it("defaults production_environment to true only for the name production", async () => {
    const staging = await api.post<Json>("~/deployments", { ref: "main", environment: "staging" });
    expect(staging.body.production_environment).toBe(false);
    const explicit = await api.post<Json>("~/deployments", {
      ref: "main",
      environment: "canary",
      production_environment: true,
      transient_environment: true,
    });
    expect(explicit.body).toMatchObject({
      production_environment: true,
      transient_environment: true,
    });
  });

  it("returns the payload as sent, object or JSON string", async () => {
    const object = await api.post<Json>("~/deployments", {
      ref: "main",
      payload: { stages: [1, 100] },
    });
    expect(object.body.payload).toEqual({ stages: [1, 100] });
    const text = await api.post<Json>("~/deployments", { ref: "main", payload: '{"a":1}' });
    expect(text.body.payload).toBe('{"a":1}');
    expect(standIn.deployments()[0]?.payload).toBe('{"a":1}');
  });

  it("resolves branches, tags and SHAs, and rejects unknown refs", async () => {
    const tagged = standIn.setTag("v2", standIn.addCommit());
    expect((await api.post<Json>("~/deployments", { ref: "v2" })).body.sha).toBe(tagged);
    expect((await api.post<Json>("~/deployments", { ref: main })).body.sha).toBe(main);
    expect((await api.post<Json>("~/deployments", { ref: main.slice(0, 7) })).body.sha).toBe(main);
    const missing = await api.post<Json>("~/deployments", { ref: "nope" });
    expect(missing.status).toBe(422);
    expect(missing.body.message).toBe("No ref found for: nope");
  });

  it("names the token's user as creator", async () => {
    await standIn.close();
    standIn = await startGitHubStandIn({ tokens: { "t-1": "rollout-bot[bot]", "t-2": "alice" } });
    standIn.setBranch("main");
    const res = await client(standIn, "t-2").post<Json>("~/deployments", { ref: "main" });
    expect((res.body.creator as Json).login).toBe("alice");
    expect(standIn.deployments()[0]?.creator).toBe("alice");
    const bad = await client(standIn, "t-3").get<Json>("~/deployments");
    expect(bad.status).toBe(401);
    expect(bad.body.message).toBe("Bad credentials");
    expect(standIn.invalidRequests()).toHaveLength(1);
    standIn.resetLog();
  });

  describe("auto_merge (default true)", () => {
    it("answers 202 with a message and creates nothing when the ref is behind", async () => {
      const topic = standIn.setBranch("topic", standIn.addCommit());
      standIn.setBehindDefaultBranch("topic", "merged");
      const res = await api.post<Json>("~/deployments", { ref: "topic" });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ message: "Auto-merged main into topic on deployment." });
      expect(standIn.deployments()).toHaveLength(0);
      const merged = standIn.refs()["refs/heads/topic"] ?? "";
      const commit = await api.get<Json>(`~/commits/${merged}`);
      expect((commit.body.parents as Json[]).map((p) => p.sha)).toEqual([topic, main]);
      const retry = await api.post<Json>("~/deployments", { ref: "topic" });
      expect(retry.status).toBe(201);
      expect(retry.body.sha).toBe(merged);
    });

    it("answers 409 on a merge conflict", async () => {
      standIn.setBranch("topic", standIn.addCommit());
      standIn.setBehindDefaultBranch("topic", "conflict");
      const res = await api.post<Json>("~/deployments", { ref: "topic" });
      expect(res.status).toBe(409);
      expect(res.body.message).toBe("Conflict merging main into topic.");
    });

    it("is skipped with auto_merge: false", async () => {
      standIn.setBranch("topic", standIn.addCommit());
      standIn.setBehindDefaultBranch("topic", "conflict");
      const res = await api.post<Json>("~/deployments", { ref: "topic", auto_merge: false });
      expect(res.status).toBe(201);
    });
  });

  describe("required_contexts (default: every context on the commit)", () => {
    it("answers 409 when any submitted context is not successful", async () => {
      standIn.setCommitStatuses(main, { ci: "success", lint: "failure" });
      const res = await api.post<Json>("~/deployments", { ref: "main" });
      expect(res.status).toBe(409);
      expect(res.body.message).toBe("Conflict: Commit status checks failed for main.");
      expect(res.body.errors).toEqual([
        {
          contexts: [
            { context: "ci", state: "success" },
            { context: "lint", state: "failure" },
          ],
          resource: "Deployment",
          field: "required_contexts",
          code: "invalid",
        },
      ]);
    });

    it("checks only the listed contexts, including unsubmitted ones", async () => {
      standIn.setCommitStatuses(main, { ci: "success", lint: "pending" });
      expect((await api.post("~/deployments", { ref: "main", required_contexts: ["ci"] })).status).toBe(201);
      const missing = await api.post("~/deployments", { ref: "main", required_contexts: ["e2e"] });
      expect(missing.status).toBe(409);
    });

    it("bypasses the checks with an empty list", async () => {
      standIn.setCommitStatuses(main, { ci: "error" });
      expect((await api.post("~/deployments", { ref: "main", required_contexts: [] })).status).toBe(201);
    });

    it("succeeds when the commit has no statuses", async () => {
      expect((await api.post("~/deployments", { ref: "main" })).status).toBe(201);
    });
  });
});

describe("list deployments", () => {
  it("filters by sha, ref, task and environment, newest first", async () => {
    const other = standIn.setBranch("release", standIn.addCommit());
    const ids = standIn.seedDeployments([
      { sha: main, ref: "main", environment: "production", task: "rollout" },
      { sha: other, ref: "release", environment: "staging", task: "rollout" },
      { sha: main, ref: "main", environment: "production", task: "deploy" },
      { sha: main, ref: "main", environment: "production", task: "rollout" },
    ]);
    const ids_of = async (query: string) =>
      (await api.get<Json[]>(`~/deployments${query}`)).body.map((d) => d.id);
    expect(await ids_of("")).toEqual([...ids].reverse());
    expect(await ids_of(`?sha=${other}`)).toEqual([ids[1]]);
    expect(await ids_of("?ref=main&task=rollout")).toEqual([ids[3], ids[0]]);
    expect(await ids_of("?environment=staging")).toEqual([ids[1]]);
    expect(await ids_of("?environment=qa")).toEqual([]);
  });

  it("pages with per_page (default 30, max 100) and a GitHub-style Link header", async () => {
    standIn.seedDeployments(Array.from({ length: 250 }, () => ({ sha: main })));
    const first = await api.get<Json[]>("~/deployments");
    expect(first.body).toHaveLength(30);
    const capped = await api.get<Json[]>("~/deployments?per_page=500");
    expect(capped.body).toHaveLength(100);

    const page2 = await api.get<Json[]>("~/deployments?per_page=100&page=2&environment=production");
    const link = page2.headers.get("link") ?? "";
    const base = `${standIn.url}/repos/${standIn.owner}/${standIn.repo}/deployments`;
    expect(link).toBe(
      [
        `<${base}?per_page=100&page=1&environment=production>; rel="prev"`,
        `<${base}?per_page=100&page=3&environment=production>; rel="next"`,
        `<${base}?per_page=100&page=3&environment=production>; rel="last"`,
        `<${base}?per_page=100&page=1&environment=production>; rel="first"`,
      ].join(", "),
    );
    const last = await api.get<Json[]>("~/deployments?per_page=100&page=3");
    expect(last.body).toHaveLength(50);
    expect(last.headers.get("link")).not.toContain('rel="next"');
    const beyond = await api.get<Json[]>("~/deployments?per_page=100&page=9");
    expect(beyond.body).toEqual([]);
    const single = await api.get<Json[]>(`~/deployments?sha=${"0".repeat(40)}`);
    expect(single.headers.get("link")).toBeNull();
  });
});

describe("get and delete a deployment", () => {
  it("404s for unknown ids", async () => {
    const res = await api.get<Json>("~/deployments/42");
    expect(res.status).toBe(404);
    expect(res.body.message).toBe("Not Found");
  });

  // https://docs.github.com/rest/deployments/deployments#delete-a-deployment
  it("deletes only inactive deployments unless it is the only one", async () => {
    const [active, inactive, noStatus] = standIn.seedDeployments([
      { sha: main, statuses: [{ state: "success" }] },
      { sha: main, statuses: [{ state: "success" }, { state: "inactive" }] },
      { sha: main },
    ]);
    const refused = await api.delete<Json>(`~/deployments/${active}`);
    expect(refused.status).toBe(422);
    expect(refused.body.message).toMatch(/cannot delete an active deployment/);
    expect((await api.delete(`~/deployments/${inactive}`)).status).toBe(204);
    expect((await api.delete(`~/deployments/${noStatus}`)).status).toBe(204);
    expect((await api.delete(`~/deployments/${active}`)).status).toBe(204);
    expect(standIn.deployments()).toEqual([]);
    expect((await api.delete(`~/deployments/${active}`)).status).toBe(404);
  });
});

// https://docs.github.com/rest/deployments/statuses#create-a-deployment-status
describe("deployment statuses", () => {
  async function deploy(environment = "production", extra: Json = {}): Promise<number> {
    const res = await api.post<Json>("~/deployments", {
      ref: "main",
      environment,
      auto_merge: false,
      required_contexts: [],
      ...extra,
    });
    return res.body.id as number;
  }

  // FACTS.md "Who wrote a status": creator is the identity of the token that wrote it, not the deployment's.
  it("names each status's creator after the token that wrote it", async () => {
    await standIn.close();
    standIn = await startGitHubStandIn({ tokens: { "t-bot": "github-actions[bot]", "t-pat": "alice" } });
    standIn.setBranch("main");
    const bot = client(standIn, "t-bot");
    const pat = client(standIn, "t-pat");
    const id = (await bot.post<Json>("~/deployments", { ref: "main", required_contexts: [] })).body.id;
    await bot.post(`~/deployments/${String(id)}/statuses`, { state: "in_progress" });
    const paused = await pat.post<Json>(`~/deployments/${String(id)}/statuses`, { state: "in_progress" });
    expect((paused.body.creator as Json).login).toBe("alice");
    const listed = await bot.get<Json[]>(`~/deployments/${String(id)}/statuses`);
    expect(listed.body.map((x) => (x.creator as Json).login)).toEqual(["alice", "github-actions[bot]"]);
    expect(standIn.deployment(id as number)?.creator).toBe("github-actions[bot]");
  });

  it("accepts exactly GitHub's states", async () => {
    const id = await deploy();
    for (const state of ["error", "failure", "inactive", "in_progress", "queued", "pending", "success"]) {
      expect((await api.post(`~/deployments/${id}/statuses`, { state })).status).toBe(201);
    }
    const bad = await api.post<Json>(`~/deployments/${id}/statuses`, { state: "rolled_back" });
    expect(bad.status).toBe(422);
    expect(bad.body.message).toMatch(/^Invalid request\.\n\nFor 'properties\/state', "rolled_back"/);
    expect(standIn.invalidRequests()).toHaveLength(1);
    standIn.resetLog();
  });

  it("rejects descriptions over 140 characters like GitHub", async () => {
    const id = await deploy();
    const ok = await api.post(`~/deployments/${id}/statuses`, {
      state: "success",
      description: "é".repeat(140),
    });
    expect(ok.status).toBe(201);
    const res = await api.post<Json>(`~/deployments/${id}/statuses`, {
      state: "success",
      description: "x".repeat(141),
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      message: "Validation Failed",
      errors: [
        {
          resource: "DeploymentStatus",
          code: "custom",
          field: "description",
          message: "description is too long (maximum is 140 characters)",
        },
      ],
    });
    expect(standIn.statuses(id)).toHaveLength(1);
  });

  it("copies log_url into target_url and keeps environment_url", async () => {
    const id = await deploy();
    const res = await api.post<Json>(`~/deployments/${id}/statuses`, {
      state: "in_progress",
      log_url: "https://ci.example.com/runs/7",
      environment_url: "https://app.example.com",
    });
    expect(res.body).toMatchObject({
      log_url: "https://ci.example.com/runs/7",
      target_url: "https://ci.example.com/runs/7",
      environment_url: "https://app.example.com",
      environment: "production",
    });
    expect(res.headers.get("location")).toBe(res.body.url);
    const bare = await api.post<Json>(`~/deployments/${id}/statuses`, { state: "queued" });
    expect(bare.body).toMatchObject({
      log_url: "",
      target_url: "",
      environment_url: "",
      description: "",
    });
  });

  it("lists statuses newest first and moves the deployment's updated_at", async () => {
    const id = await deploy();
    standIn.advanceClock(60);
    const first = await api.post<Json>(`~/deployments/${id}/statuses`, { state: "queued" });
    standIn.advanceClock(60);
    const second = await api.post<Json>(`~/deployments/${id}/statuses`, { state: "in_progress" });
    const listed = await api.get<Json[]>(`~/deployments/${id}/statuses`);
    expect(listed.body.map((s) => s.id)).toEqual([second.body.id, first.body.id]);
    const deployment = await api.get<Json>(`~/deployments/${id}`);
    expect(deployment.body.updated_at).toBe(second.body.created_at);
    expect(deployment.body.updated_at).not.toBe(deployment.body.created_at);
  });

  it("changes the deployment's environment with `environment`, keeping original_environment", async () => {
    const id = await deploy("staging");
    await api.post(`~/deployments/${id}/statuses`, {
      state: "in_progress",
      environment: "production",
    });
    const res = await api.get<Json>(`~/deployments/${id}`);
    expect(res.body).toMatchObject({ environment: "production", original_environment: "staging" });
    const next = await api.post<Json>(`~/deployments/${id}/statuses`, { state: "success" });
    expect(next.body.environment).toBe("production");
    const listed = await api.get<Json[]>("~/deployments?environment=production");
    expect(listed.body.map((d) => d.id)).toEqual([id]);
  });

  describe("auto_inactive", () => {
    it("marks earlier successful non-production deployments of the environment inactive", async () => {
      const older = await deploy("staging");
      await api.post(`~/deployments/${older}/statuses`, { state: "success" });
      const failed = await deploy("staging");
      await api.post(`~/deployments/${failed}/statuses`, { state: "failure" });
      const elsewhere = await deploy("qa");
      await api.post(`~/deployments/${elsewhere}/statuses`, { state: "success" });
      const newer = await deploy("staging");
      await api.post(`~/deployments/${newer}/statuses`, { state: "in_progress" });
      expect(standIn.deployment(older)?.state).toBe("success");
      await api.post(`~/deployments/${newer}/statuses`, { state: "success" });
      expect(standIn.deployment(older)?.state).toBe("inactive");
      expect(standIn.deployment(failed)?.state).toBe("failure");
      expect(standIn.deployment(elsewhere)?.state).toBe("success");
      expect(standIn.deployment(newer)?.state).toBe("success");
    });

    it("leaves production and transient environments alone", async () => {
      const production = await deploy("production");
      await api.post(`~/deployments/${production}/statuses`, { state: "success" });
      const transient = await deploy("preview", { transient_environment: true });
      await api.post(`~/deployments/${transient}/statuses`, { state: "success" });
      const nextProduction = await deploy("production");
      await api.post(`~/deployments/${nextProduction}/statuses`, { state: "success" });
      const nextPreview = await deploy("preview");
      await api.post(`~/deployments/${nextPreview}/statuses`, { state: "success" });
      expect(standIn.deployment(production)?.state).toBe("success");
      expect(standIn.deployment(transient)?.state).toBe("success");
    });

    it("is off with auto_inactive: false", async () => {
      const older = await deploy("staging");
      await api.post(`~/deployments/${older}/statuses`, { state: "success" });
      const newer = await deploy("staging");
      await api.post(`~/deployments/${newer}/statuses`, { state: "success", auto_inactive: false });
      expect(standIn.deployment(older)?.state).toBe("success");
    });
  });

  it("caps the statuses one deployment accepts", async () => {
    await standIn.close();
    standIn = await startGitHubStandIn({ maxStatusesPerDeployment: 3 });
    api = client(standIn);
    main = standIn.setBranch("main");
    const id = await deploy();
    for (let i = 0; i < 3; i++) {
      expect((await api.post(`~/deployments/${id}/statuses`, { state: "in_progress" })).status).toBe(201);
    }
    expect((await api.post(`~/deployments/${id}/statuses`, { state: "in_progress" })).status).toBe(422);
  });

  it("404s for statuses of unknown deployments or ids", async () => {
    const id = await deploy();
    expect((await api.get(`~/deployments/${id}/statuses/5`)).status).toBe(404);
    expect((await api.get("~/deployments/5/statuses")).status).toBe(404);
    expect((await api.post("~/deployments/5/statuses", { state: "success" })).status).toBe(404);
  });
});
