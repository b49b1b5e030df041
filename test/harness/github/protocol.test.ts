import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type StandIn, startGitHubStandIn } from "../../../harness/github/index.ts";
import { client, ISO_SECONDS, type Json, octokit } from "./helpers.ts";

let standIn: StandIn;
let api: ReturnType<typeof client>;

beforeEach(async () => {
  standIn = await startGitHubStandIn({ owner: "acme", repo: "shop" });
  api = client(standIn);
  standIn.setBranch("main");
});

afterEach(async () => {
  await standIn.close();
});

describe("authentication", () => {
  it("answers 401 Requires authentication without an authorization header", async () => {
    const res = await client(standIn, null).get<Json>("~/deployments");
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ message: "Requires authentication", status: "401" });
    expect(res.body.documentation_url).toMatch(/^https:\/\/docs\.github\.com\/rest/);
    expect(standIn.log()[0]).toMatchObject({ status: 401, invalid: true, user: null });
  });

  it("accepts `token` and `Bearer` schemes", async () => {
    const res = await fetch(`${standIn.url}/repos/acme/shop/deployments`, {
      headers: { authorization: "Bearer abc" },
    });
    expect(res.status).toBe(200);
  });
});

describe("request validation against the OpenAPI extract", () => {
  it("answers 422 Invalid request for a body that breaks the schema, and logs it invalid", async () => {
    const res = await api.post<Json>("~/deployments", { ref: "main", auto_merge: "no" });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(
      "Invalid request.\n\nFor 'properties/auto_merge', \"no\" is not a boolean.",
    );
    expect(res.body.documentation_url).toBe(
      "https://docs.github.com/rest/deployments/deployments#create-a-deployment",
    );
    expect(standIn.deployments()).toHaveLength(0);
    expect(standIn.invalidRequests()).toHaveLength(1);
    expect(() => standIn.assertNoInvalidRequests()).toThrow(/auto_merge/);
  });

  it("answers 400 Problems parsing JSON for a malformed body", async () => {
    const res = await api.raw<Json>("POST", "~/deployments", "{ref: main");
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("Problems parsing JSON");
    expect(standIn.log()[0]).toMatchObject({ invalid: true, reason: "body is not JSON" });
  });

  it("validates query and path parameters", async () => {
    const res = await api.get<Json>("~/deployments?per_page=lots");
    expect(res.status).toBe(422);
    expect(res.body.message).toBe("Invalid request.\n\nFor 'per_page', \"lots\" is not an integer.");
    expect((await api.get("~/deployments/abc")).status).toBe(422);
    expect(standIn.invalidRequests()).toHaveLength(2);
  });

  it("answers 404 Not Found for routes outside the extract and counts them invalid", async () => {
    const unknown = await api.get<Json>("~/releases/latest");
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe("Not Found");
    const wrongMethod = await api.raw<Json>("PUT", "~/deployments", "{}");
    expect(wrongMethod.status).toBe(404);
    const otherRepo = await api.get<Json>("/repos/acme/other/deployments");
    expect(otherRepo.status).toBe(404);
    expect(standIn.invalidRequests().map((e) => e.reason)).toEqual([
      "no such operation in the OpenAPI extract",
      "no such operation in the OpenAPI extract",
      "unknown repository",
    ]);
  });

  it("treats owner and repo case-insensitively, as GitHub does", async () => {
    expect((await api.get("/repos/ACME/Shop/deployments")).status).toBe(200);
    standIn.assertNoInvalidRequests();
  });

  it("records method, path, operationId, status and whether it was a write", async () => {
    await api.post("~/deployments", { ref: "main", auto_merge: false, required_contexts: [] });
    await api.get("~/deployments?environment=production");
    expect(standIn.log()).toMatchObject([
      {
        method: "POST",
        path: "/repos/acme/shop/deployments",
        operationId: "repos/create-deployment",
        status: 201,
        write: true,
        invalid: false,
        user: "github-actions[bot]",
        body: { ref: "main", auto_merge: false, required_contexts: [] },
      },
      {
        method: "GET",
        query: { environment: "production" },
        operationId: "repos/list-deployments",
        status: 200,
        write: false,
      },
    ]);
    expect(standIn.writes()).toHaveLength(1);
    standIn.resetLog();
    expect(standIn.log()).toEqual([]);
  });
});

// https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api
describe("rate limits", () => {
  it("sends x-ratelimit-* headers counting down per token", async () => {
    const a = client(standIn, "token-a");
    const b = client(standIn, "token-b");
    const first = await a.get("~/deployments");
    const second = await a.get("~/deployments");
    const other = await b.get("~/deployments");
    expect(first.headers.get("x-ratelimit-limit")).toBe("1000");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("999");
    expect(second.headers.get("x-ratelimit-remaining")).toBe("998");
    expect(second.headers.get("x-ratelimit-used")).toBe("2");
    expect(second.headers.get("x-ratelimit-resource")).toBe("core");
    expect(other.headers.get("x-ratelimit-remaining")).toBe("999");
    const reset = Number(first.headers.get("x-ratelimit-reset"));
    expect(reset).toBeGreaterThan(Date.now() / 1000 + 3500);
    expect(reset).toBeLessThanOrEqual(Date.now() / 1000 + 3600);
    const failed = await a.get("~/deployments/1");
    expect(failed.headers.get("x-ratelimit-remaining")).toBe("997");
  });

  it("does not count GET /rate_limit, which reports the budget", async () => {
    await api.get("~/deployments");
    const res = await api.get<Json>("/rate_limit");
    expect((res.body.resources as Json).core).toMatchObject({
      limit: 1000,
      used: 1,
      remaining: 999,
    });
    expect(res.body.rate).toEqual((res.body.resources as Json).core);
    expect((await api.get("/rate_limit")).headers.get("x-ratelimit-remaining")).toBe("999");
  });

  it("answers 403 once the budget is spent, until the hour resets", async () => {
    await standIn.close();
    standIn = await startGitHubStandIn({ rateLimit: 2 });
    api = client(standIn);
    expect((await api.get("~/deployments")).status).toBe(200);
    expect((await api.get("~/deployments")).status).toBe(200);
    const limited = await api.get<Json>("~/deployments");
    expect(limited.status).toBe(403);
    expect(limited.body.message).toMatch(/^API rate limit exceeded/);
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    standIn.advanceClock(3600);
    expect((await api.get("~/deployments")).status).toBe(200);
  });
});

describe("records look like GitHub's", () => {
  it("uses deterministic ids, legacy node_ids, stand-in URLs and second-precision timestamps", async () => {
    const res = await api.post<Json>("~/deployments", { ref: "main" });
    const status = await api.post<Json>(`~/deployments/${res.body.id}/statuses`, {
      state: "queued",
    });
    expect(res.body.id).toBe(100000001);
    expect(status.body.id).toBe(200000001);
    expect(Buffer.from(String(res.body.node_id), "base64").toString()).toBe("010:Deployment100000001");
    expect(res.body.url).toBe(`${standIn.url}/repos/acme/shop/deployments/100000001`);
    expect(status.body.deployment_url).toBe(res.body.url);
    for (const value of [res.body.created_at, res.body.updated_at, status.body.created_at]) {
      expect(value).toMatch(ISO_SECONDS);
    }
    const again = await startGitHubStandIn({ owner: "acme", repo: "shop" });
    try {
      again.setBranch("main");
      const same = await client(again).post<Json>("~/deployments", { ref: "main" });
      expect(same.body.id).toBe(res.body.id);
      expect(same.body.sha).toBe(res.body.sha);
    } finally {
      await again.close();
    }
  });

  it("serves @octokit/rest, pagination included", async () => {
    const sha = standIn.setBranch("main");
    standIn.seedDeployments(Array.from({ length: 120 }, () => ({ sha, environment: "production" })));
    const gh = octokit(standIn);
    const all = await gh.paginate(gh.rest.repos.listDeployments, {
      owner: "acme",
      repo: "shop",
      environment: "production",
      per_page: 50,
    });
    expect(all).toHaveLength(120);
    expect(all[0]?.id).toBeGreaterThan(all[119]?.id ?? Number.POSITIVE_INFINITY);
    standIn.assertNoInvalidRequests();
  });
});

describe("control surface over HTTP", () => {
  it("seeds, inspects, advances the clock and injects faults from another process", async () => {
    const call = async (name: string, ...args: unknown[]) => {
      const res = await fetch(`${standIn.url}/_stand-in/${name}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ args }),
      });
      return { status: res.status, body: await res.json() };
    };
    const info = (await (await fetch(`${standIn.url}/_stand-in`)).json()) as Json;
    expect(info).toMatchObject({ owner: "acme", repo: "shop" });
    expect(info.methods).toContain("seedDeployments");

    const sha = (await call("addCommit")).body as string;
    const ids = (await call("seedDeployments", [{ sha, environment: "production" }])).body as number[];
    expect(ids).toHaveLength(1);
    await call("setCollaborator", "dev", "write");
    const deployments = (await (
      await fetch(`${standIn.url}/_stand-in/deployments?environment=production`)
    ).json()) as Json[];
    expect(deployments.map((d) => d.id)).toEqual(ids);

    const before = standIn.deployments()[0]?.createdAt ?? "";
    await call("advanceClock", 120);
    const after = standIn.deployments()[0]?.createdAt ?? "";
    expect(Date.parse(before) - Date.parse(after)).toBe(120_000);

    const fault = (await call("injectFault", { operationId: "repos/list-deployments", status: 503 }))
      .body as Json;
    expect((await api.get("~/deployments")).status).toBe(503);
    await call("removeFault", fault.id);
    expect((await api.get("~/deployments")).status).toBe(200);

    const log = (await (await fetch(`${standIn.url}/_stand-in/log`)).json()) as Json[];
    expect(log.map((e) => e.status)).toEqual([503, 200]);
    const state = (await (await fetch(`${standIn.url}/_stand-in/state`)).json()) as Json;
    expect(state.collaborators).toEqual({ dev: "write" });
    expect((await call("noSuchMethod")).status).toBe(404);
    expect((await call("seedDeployment", {})).status).toBe(400);
  });
});
