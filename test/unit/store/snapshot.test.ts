import { describe, expect, it } from "vitest";
import type { DeploymentRecord, StatusRecord } from "../../../src/rollout/model.ts";
import type { GitHubApi } from "../../../src/store/port.ts";
import { findRolloutOf, readEnvironment } from "../../../src/store/snapshot.ts";
import { deployment, REPO, SHA_A, SHA_B, SHA_C, status } from "../fixtures.ts";

function fakeApi(deployments: DeploymentRecord[], statuses: Map<number, StatusRecord[]>) {
  const calls: string[] = [];
  const api: GitHubApi = {
    async listDeployments(q) {
      calls.push(`list ${q.sha ?? ""}`);
      return deployments
        .filter((d) => d.environment === q.environment && d.task === q.task && (!q.sha || d.sha === q.sha))
        .sort((a, b) => b.id - a.id)
        .slice(0, q.perPage);
    },
    async listStatuses(id) {
      calls.push(`statuses ${id}`);
      return [...(statuses.get(id) ?? [])].reverse();
    },
    createDeployment: () => Promise.reject(new Error("no writes")),
    createStatus: () => Promise.reject(new Error("no writes")),
    resolveRef: () => Promise.reject(new Error("no refs")),
    getPermission: () => Promise.reject(new Error("no permissions")),
    getPull: () => Promise.reject(new Error("no pulls")),
    createComment: () => Promise.reject(new Error("no writes")),
    addReaction: () => Promise.reject(new Error("no writes")),
    getRef: () => Promise.reject(new Error("no refs")),
    createRef: () => Promise.reject(new Error("no writes")),
    advanceRef: () => Promise.reject(new Error("no writes")),
    deleteRef: () => Promise.reject(new Error("no writes")),
    treeOf: () => Promise.reject(new Error("no git")),
    createCommit: () => Promise.reject(new Error("no writes")),
    getCommit: () => Promise.reject(new Error("no git")),
  };
  return { api, calls };
}

describe("readEnvironment", () => {
  it("reads the current rollout in two calls however long the history is", async () => {
    const deployments: DeploymentRecord[] = [];
    const statuses = new Map<number, StatusRecord[]>();
    for (let i = 0; i < 5000; i++) {
      const d = deployment(i % 2 ? SHA_B : SHA_C, { id: i + 1 });
      deployments.push(d);
      statuses.set(d.id, [
        status({ event: "started", stage: 1, percent: 1, at: 0 }),
        status({ event: "completed", stage: 5, percent: 100, at: 60 }),
      ]);
    }
    const cur = deployment(SHA_A, { id: 10_000, baseline: SHA_B });
    deployments.push(cur);
    statuses.set(cur.id, [status({ event: "started", stage: 1, percent: 1, at: 0 })]);
    const { api, calls } = fakeApi(deployments, statuses);
    const state = await readEnvironment(api, "production", REPO);
    expect(state.current?.sha).toBe(SHA_A);
    expect(state.baselineForNext).toBe(SHA_B);
    expect(calls).toEqual(["list ", "statuses 10000"]);
  });

  it("takes the current rollout as the next baseline once it completed", async () => {
    const d = deployment(SHA_A, { id: 7, baseline: SHA_B });
    const { api } = fakeApi(
      [d],
      new Map([
        [
          7,
          [
            status({ event: "started", stage: 1, percent: 1, at: 0 }),
            status({ event: "completed", stage: 5, percent: 100, at: 9 }),
          ],
        ],
      ]),
    );
    expect((await readEnvironment(api, "production", REPO)).baselineForNext).toBe(SHA_A);
  });

  it("skips deployments that are not ours", async () => {
    const mine = deployment(SHA_A, { id: 1 });
    const theirs: DeploymentRecord = { ...deployment(SHA_B, { id: 2 }), payload: { foo: 1 } };
    const { api } = fakeApi(
      [mine, theirs],
      new Map([[1, [status({ event: "started", stage: 1, percent: 1, at: 0 })]]]),
    );
    expect((await readEnvironment(api, "production", REPO)).current?.sha).toBe(SHA_A);
  });

  it("finds the newest earlier rollout of a version", async () => {
    const older = deployment(SHA_A, { id: 1 });
    const newer = deployment(SHA_A, { id: 3 });
    const other = deployment(SHA_B, { id: 4 });
    const { api } = fakeApi(
      [older, newer, other],
      new Map([
        [
          3,
          [
            status({ event: "started", stage: 1, percent: 1, at: 0 }),
            status({ event: "rolled back", stage: 1, percent: 0, at: 5 }),
          ],
        ],
      ]),
    );
    const found = await findRolloutOf(api, "production", SHA_A, REPO);
    expect([found?.deploymentId, found?.phase]).toEqual([3, "rolled-back"]);
    expect(await findRolloutOf(api, "production", "d".repeat(40), REPO)).toBeUndefined();
  });
});
