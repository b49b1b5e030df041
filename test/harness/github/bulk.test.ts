import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StandIn, startGitHubStandIn } from "../../../harness/github/index.ts";
import { client, type Json } from "./helpers.ts";

let standIn: StandIn;

beforeAll(async () => {
  standIn = await startGitHubStandIn();
});

afterAll(async () => {
  standIn.assertNoInvalidRequests();
  await standIn.close();
});

describe("bulk seeding", () => {
  it("seeds 10,000 deployments with statuses and serves them newest first", async () => {
    const shas = Array.from({ length: 100 }, () => standIn.addCommit());
    const start = Date.now() - 10_000 * 60_000;
    const ids = standIn.seedDeployments(
      Array.from({ length: 10_000 }, (_, i) => ({
        sha: shas[i % shas.length] as string,
        environment: i % 2 === 0 ? "production" : "staging",
        task: "rollout",
        payload: { schema: 1, stages: [1, 5, 25, 50, 100] },
        createdAt: new Date(start + i * 60_000),
        statuses: [
          { state: "in_progress" as const, createdAt: new Date(start + i * 60_000) },
          { state: "success" as const, createdAt: new Date(start + i * 60_000 + 30_000) },
        ],
      })),
    );
    expect(ids).toHaveLength(10_000);
    expect(new Set(ids).size).toBe(10_000);

    const api = client(standIn);
    const newest = await api.get<Json[]>("~/deployments?environment=production&per_page=100");
    expect(newest.body).toHaveLength(100);
    expect(newest.body[0]?.id).toBe(ids[9998]);
    expect(newest.headers.get("link")).toContain('page=50>; rel="last"');
    const statuses = await api.get<Json[]>(`~/deployments/${ids[9998]}/statuses`);
    expect(statuses.body.map((s) => s.state)).toEqual(["success", "in_progress"]);
    expect(standIn.deployments({ environment: "staging" })).toHaveLength(5000);
  });
});
