import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type StandIn, startGitHubStandIn } from "../../../harness/github/index.ts";
import { client, type Json } from "./helpers.ts";

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

describe("fault injection", () => {
  it("fails chosen attempts of an operation with a status and retry-after", async () => {
    const fault = standIn.injectFault({
      operationId: "repos/list-deployments",
      attempts: [1, 3],
      status: 429,
      retryAfter: 7,
    });
    const first = await api.get<Json>("~/deployments");
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("7");
    expect(first.body.message).toMatch(/secondary rate limit/);
    expect((await api.get("~/deployments")).status).toBe(200);
    expect((await api.get("~/deployments")).status).toBe(429);
    expect((await api.get("~/deployments")).status).toBe(200);
    expect((await api.get("~/deployments/1")).status).toBe(404);
    expect(fault.matched()).toBe(4);
    expect(fault.fired()).toBe(2);
    expect(standIn.log().map((e) => e.fault ?? null)).toEqual([fault.id, null, fault.id, null, null]);
  });

  it("keeps rate-limit headers on faulted answers; fault headers win", async () => {
    standIn.injectFault({ operationId: "repos/list-deployments", attempts: [1], status: 502 });
    const faulted = await api.get("~/deployments");
    expect(faulted.status).toBe(502);
    expect(faulted.headers.get("x-ratelimit-limit")).toBe("1000");
    standIn.injectFault({
      operationId: "repos/get-commit",
      status: 403,
      headers: { "x-ratelimit-remaining": "0" },
      body: { message: "API rate limit exceeded for installation." },
    });
    const limited = await api.get("~/commits/main");
    expect(limited.status).toBe(403);
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
  });

  it("matches by method and path template, exact path or RegExp, and can be removed", async () => {
    const byTemplate = standIn.injectFault({
      method: "POST",
      path: "/repos/{owner}/{repo}/deployments",
      status: 502,
    });
    expect((await api.post("~/deployments", { ref: "main" })).status).toBe(502);
    expect((await api.get("~/deployments")).status).toBe(200);
    byTemplate.remove();
    standIn.injectFault({ path: /\/statuses$/, status: 500, body: { message: "boom" } });
    const created = await api.post<Json>("~/deployments", { ref: "main" });
    const res = await api.post<Json>(`~/deployments/${created.body.id}/statuses`, {
      state: "queued",
    });
    expect(res).toMatchObject({ status: 500, body: { message: "boom" } });
    expect(standIn.statuses(created.body.id as number)).toEqual([]);
    standIn.clearFaults();
    standIn.injectFault({
      path: `/repos/${standIn.owner}/${standIn.repo}/deployments`,
      status: 503,
    });
    expect((await api.get("~/deployments")).status).toBe(503);
  });

  it("resets the connection without doing anything", async () => {
    standIn.injectFault({ operationId: "git/create-ref", reset: true, attempts: [1] });
    await expect(api.post("~/git/refs", { ref: "refs/heads/lock", sha: main })).rejects.toThrow();
    expect(standIn.refs()["refs/heads/lock"]).toBeUndefined();
    expect((await api.post("~/git/refs", { ref: "refs/heads/lock", sha: main })).status).toBe(201);
  });

  it("performs the write, then drops the connection (afterWrite)", async () => {
    standIn.injectFault({
      operationId: "repos/create-deployment-status",
      afterWrite: true,
      attempts: [1],
    });
    const created = await api.post<Json>("~/deployments", { ref: "main" });
    const id = created.body.id as number;
    await expect(api.post(`~/deployments/${id}/statuses`, { state: "in_progress" })).rejects.toThrow();
    expect(standIn.statuses(id).map((s) => s.state)).toEqual(["in_progress"]);
    expect(standIn.log().at(-1)).toMatchObject({ status: 0, write: true });
  });

  it("performs the write, then answers an error status (afterWrite with status)", async () => {
    standIn.injectFault({ operationId: "git/create-ref", afterWrite: true, status: 502 });
    const res = await api.post("~/git/refs", { ref: "refs/heads/lock", sha: main });
    expect(res.status).toBe(502);
    expect(standIn.refs()["refs/heads/lock"]).toBe(main);
  });

  it("delays answers", async () => {
    standIn.injectFault({ operationId: "repos/get-commit", delayMs: 150 });
    const started = performance.now();
    const res = await api.get("~/commits/main");
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  const send = (method: string, path: string, body?: unknown) =>
    fetch(`${standIn.url}/repos/${standIn.owner}/${standIn.repo}${path}`, {
      method,
      headers: { authorization: "token test-token", "content-type": "application/json" },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(200),
    });

  it("never answers (hang), with or without performing the write first", async () => {
    standIn.injectFault({ operationId: "git/create-ref", hang: true, attempts: [1] });
    await expect(send("POST", "/git/refs", { ref: "refs/heads/lock", sha: main })).rejects.toThrow(/timeout/);
    expect(standIn.refs()["refs/heads/lock"]).toBeUndefined();
    standIn.injectFault({ operationId: "git/create-ref", hang: true, afterWrite: true, attempts: [1] });
    await expect(send("POST", "/git/refs", { ref: "refs/heads/lock", sha: main })).rejects.toThrow(/timeout/);
    expect(standIn.refs()["refs/heads/lock"]).toBe(main);
    expect(standIn.log().map((e) => e.status)).toEqual([0, 0]);
  });

  it("performs the request, then sends the headers and half the body (stall)", async () => {
    standIn.injectFault({ operationId: "repos/create-deployment", stall: true });
    const res = await send("POST", "/deployments", { ref: "main" });
    expect(res.status).toBe(201);
    await expect(res.text()).rejects.toThrow(/timeout/);
    expect(standIn.deployments()).toHaveLength(1);
  });
});

describe("virtual clock", () => {
  it("makes every stored timestamp appear older by the advanced amount", async () => {
    const created = await api.post<Json>("~/deployments", { ref: "main" });
    const id = created.body.id as number;
    await api.post(`~/deployments/${id}/statuses`, { state: "in_progress" });
    const before = await api.get<Json>(`~/deployments/${id}`);
    standIn.advanceClock(1800);
    const after = await api.get<Json>(`~/deployments/${id}`);
    const shift = Date.parse(String(before.body.created_at)) - Date.parse(String(after.body.created_at));
    expect(shift).toBe(1800 * 1000);
    const status = (await api.get<Json[]>(`~/deployments/${id}/statuses`)).body[0];
    expect(Date.now() - Date.parse(String(status?.created_at))).toBeGreaterThanOrEqual(1799 * 1000);
    expect(standIn.deployment(id)?.createdAt).toBe(after.body.created_at);
  });

  it("stamps new records with the wall clock", async () => {
    standIn.advanceClock(86400);
    const created = await api.post<Json>("~/deployments", { ref: "main" });
    const age = Date.now() - Date.parse(String(created.body.created_at));
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(5000);
  });

  it("takes seeded times as wall-clock times", () => {
    const oneHourAgo = new Date(Date.now() - 3600_000);
    standIn.advanceClock(600);
    const seeded = standIn.seedDeployment({ sha: main, createdAt: oneHourAgo });
    expect(seeded.createdAt).toBe(oneHourAgo.toISOString().replace(/\.\d{3}Z$/, "Z"));
    standIn.advanceClock(600);
    expect(Date.parse(standIn.deployment(seeded.id)?.createdAt ?? "")).toBe(
      Math.floor(oneHourAgo.getTime() / 1000) * 1000 - 600_000,
    );
  });
});

describe("setClock: GitHub's clock at another instant, for a test whose action runs on it too", () => {
  it("stamps new records and renders seeded ones on that clock, and ages stored ones by each move", async () => {
    standIn.setClock("2026-03-27T15:00:00Z");
    expect(Math.abs(standIn.now().getTime() - Date.parse("2026-03-27T15:00:00Z"))).toBeLessThan(5000);
    const seeded = standIn.seedDeployment({ sha: main, createdAt: "2026-03-27T14:00:00Z" });
    expect(seeded.createdAt).toBe("2026-03-27T14:00:00Z");
    const created = await api.post<Json>("~/deployments", { ref: "main" });
    const id = created.body.id as number;
    const stamped = Date.parse(String(created.body.created_at));
    expect(Math.abs(stamped - Date.parse("2026-03-27T15:00:00Z"))).toBeLessThan(5000);

    standIn.setClock("2026-03-30T08:00:00Z");
    expect(Math.abs(standIn.now().getTime() - Date.parse("2026-03-30T08:00:00Z"))).toBeLessThan(5000);
    // Stored records keep their times: to a reader on the new clock they are older by the jump.
    expect(Date.parse(String((await api.get<Json>(`~/deployments/${id}`)).body.created_at))).toBe(stamped);
    expect(standIn.deployment(seeded.id)?.createdAt).toBe("2026-03-27T14:00:00Z");
    standIn.advanceClock(600);
    expect(standIn.deployment(seeded.id)?.createdAt).toBe("2026-03-27T13:50:00Z");
    expect(() => standIn.setClock("2026-03-01T00:00:00Z")).toThrow(/back past records/);
  });
});

// GitHub's list endpoints can trail a write by seconds (read replicas; octokit/octokit.rb#728,
// PyGithub/PyGithub#2457), while a ref or a commit is read back current (Git ref updates commit on every
// replica before they return: https://githubengineering.com/stretching-spokes/).
describe("list lag", () => {
  it("leaves writes younger than the lag out of lists; single reads, refs and seeds are current", async () => {
    const [seeded] = standIn.seedDeployments([
      { sha: main, environment: "production", statuses: [{ state: "in_progress" }] },
    ]);
    standIn.setListLag(60_000);
    const created = await api.post<Json>("~/deployments", { ref: "main", required_contexts: [] });
    const id = created.body.id as number;
    const status = await api.post<Json>(`~/deployments/${String(id)}/statuses`, { state: "success" });
    const onSeeded = await api.post<Json>(`~/deployments/${String(seeded)}/statuses`, { state: "failure" });
    standIn.addIssue(3);
    await api.post(`~/issues/3/comments`, { body: "hello" });

    const listed = await api.get<Json[]>("~/deployments");
    expect(listed.body.map((d) => d.id)).toEqual([seeded]);
    const seededStatuses = await api.get<Json[]>(`~/deployments/${String(seeded)}/statuses`);
    expect(seededStatuses.body.map((s) => s.state)).toEqual(["in_progress"]);
    expect((await api.get<Json[]>(`~/deployments/${String(id)}/statuses`)).body).toEqual([]);
    expect((await api.get<Json[]>(`~/issues/3/comments`)).body).toEqual([]);

    expect((await api.get<Json>(`~/deployments/${String(id)}`)).status).toBe(200);
    const single = await api.get<Json>(
      `~/deployments/${String(seeded)}/statuses/${String(onSeeded.body.id)}`,
    );
    expect(single.body.state).toBe("failure");
    await api.post("~/git/refs", { ref: "refs/locks/x", sha: main });
    expect((await api.get<Json>("~/git/ref/locks/x")).status).toBe(200);
    expect(standIn.statuses(id).map((s) => s.id)).toEqual([status.body.id]);

    standIn.advanceClock(60);
    expect((await api.get<Json[]>("~/deployments")).body.map((d) => d.id)).toEqual([id, seeded]);
    expect((await api.get<Json[]>(`~/deployments/${String(id)}/statuses`)).body).toHaveLength(1);
    expect((await api.get<Json[]>(`~/issues/3/comments`)).body).toHaveLength(1);
  });
});
