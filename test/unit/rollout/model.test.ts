import { describe, expect, it } from "vitest";
import type { DeploymentRecord, GitHubApi, StatusRecord } from "../../../src/store/github.ts";
import {
  deriveRollout,
  findRolloutOf,
  formatDescription,
  MAX_DESCRIPTION,
  parseDescription,
  readEnvironment,
  readPayload,
  runOf,
} from "../../../src/rollout/model.ts";
import { deployment, minutes, REPO, rolloutOf, SHA_A, SHA_B, SHA_C, STAGES, status } from "../fixtures.ts";

describe("status descriptions", () => {
  it("reads well and parses back", () => {
    const text = formatDescription({
      event: "advanced",
      stage: 3,
      stageCount: 5,
      percent: 25,
      note: "gates passed",
    });
    expect(text).toBe("stage 3/5 · 25% · advanced: gates passed");
    expect(parseDescription(text)).toEqual({
      event: "advanced",
      stage: 3,
      stageCount: 5,
      percent: 25,
      note: "gates passed",
    });
  });

  it("carries the actor of manual transitions", () => {
    const text = formatDescription({
      event: "paused",
      stage: 2,
      stageCount: 5,
      percent: 5,
      actor: "octo-cat",
      note: "QA",
    });
    expect(text).toBe("stage 2/5 · 5% · paused by @octo-cat: QA");
    expect(parseDescription(text)?.actor).toBe("octo-cat");
  });

  it("never exceeds GitHub's 140 characters, and the truncated text still parses", () => {
    const text = formatDescription({
      event: "rolled back",
      stage: 3,
      stageCount: 5,
      percent: 0,
      actor: "a".repeat(39),
      note: "x".repeat(500),
    });
    expect(text.length).toBe(MAX_DESCRIPTION);
    expect(parseDescription(text)?.event).toBe("rolled back");
  });

  it("rejects text that is not ours", () => {
    for (const text of [
      "",
      "Deployed by hand",
      "stage 6/5 · 5% · advanced",
      "stage 1/5 · 500% · started",
      "stage 1/5 · 1% · exploded",
    ]) {
      expect(parseDescription(text)).toBeUndefined();
    }
  });

  it("finds the run id in a log URL that links to a run of the repository", () => {
    expect(runOf("https://github.com/o/r/actions/runs/123/attempts/2", REPO)).toEqual({
      runId: 123,
      runAttempt: 2,
    });
    expect(runOf("https://github.com/O/R/actions/runs/123", REPO)).toEqual({ runId: 123 });
    expect(runOf("https://ghes.example.com/o/r/actions/runs/5/job/6", REPO)).toEqual({ runId: 5 });
    expect(runOf("https://github.com/o/r2/actions/runs/123/attempts/2", REPO)).toBeUndefined();
    expect(runOf("https://github.com/o/r/actions/runs/12x", REPO)).toBeUndefined();
    expect(runOf("https://example.com/", REPO)).toBeUndefined();
  });
});

describe("payload", () => {
  it("accepts ours, as an object or a JSON string", () => {
    const d = deployment(SHA_A, { baseline: SHA_B });
    expect(readPayload(d.payload)?.baseline).toBe(SHA_B);
    expect(readPayload(JSON.stringify(d.payload))?.stages).toEqual(STAGES);
  });

  it("ignores deployments of other tools and broken plans", () => {
    expect(readPayload({})).toBeUndefined();
    expect(readPayload("not json")).toBeUndefined();
    expect(readPayload({ "phased-rollout": { schema: 1, stages: [5, 1, 100] } })).toBeUndefined();
    expect(readPayload({ "phased-rollout": { schema: 1, stages: [1, 50] } })).toBeUndefined();
    expect(readPayload({ "phased-rollout": { schema: 99, stages: [100] } })).toBeUndefined();
  });
});

describe("deriveRollout", () => {
  it("follows start, advances, pause and resume", () => {
    const r = rolloutOf(SHA_A, [
      { event: "started", stage: 1, percent: 1, at: 0 },
      { event: "advanced", stage: 2, percent: 5, at: 30 },
      { event: "paused", stage: 2, percent: 5, at: 40, actor: "alice", note: "checking" },
    ]);
    expect(r.phase).toBe("paused");
    expect(r.stageIndex).toBe(1);
    expect(r.percent).toBe(5);
    expect(r.stageStartedAt).toEqual(minutes(30));
    expect(r.pausedBy?.actor).toBe("alice");
  });

  it("keeps the stage start across pause and resume", () => {
    const r = rolloutOf(SHA_A, [
      { event: "started", stage: 1, percent: 1, at: 0 },
      { event: "paused", stage: 1, percent: 1, at: 10 },
      { event: "resumed", stage: 1, percent: 1, at: 20 },
    ]);
    expect(r.phase).toBe("rolling");
    expect(r.stageStartedAt).toEqual(minutes(0));
  });

  it("ends at 0% when rolled back and at 100% when complete", () => {
    const back = rolloutOf(SHA_A, [
      { event: "started", stage: 1, percent: 1, at: 0 },
      { event: "rolled back", stage: 1, percent: 0, at: 30 },
    ]);
    expect([back.phase, back.percent]).toEqual(["rolled-back", 0]);
    const done = rolloutOf(SHA_A, [
      { event: "started", stage: 1, percent: 1, at: 0 },
      { event: "advanced", stage: 5, percent: 100, at: 30 },
      { event: "completed", stage: 5, percent: 100, at: 60 },
    ]);
    expect([done.phase, done.percent]).toEqual(["complete", 100]);
  });

  it("is pending when the start status was never written", () => {
    expect(rolloutOf(SHA_A, []).phase).toBe("pending");
  });

  it("counts a status whoever wrote it: the action's token, a person's PAT or an App", () => {
    const d = { ...deployment(SHA_A), creator: "github-actions[bot]" };
    const payload = readPayload(d.payload);
    if (!payload) throw new Error("payload");
    const started = {
      ...status({ event: "started", stage: 1, percent: 1, at: 0 }),
      creator: "github-actions[bot]",
    };
    const paused = {
      ...status({ event: "paused", stage: 1, percent: 1, at: 5, actor: "alice" }),
      creator: "alice",
    };
    const resumed = {
      ...status({ event: "resumed", stage: 1, percent: 1, at: 6 }),
      creator: "deploy-bot[bot]",
    };
    const r = deriveRollout(d, payload, [started, paused, resumed], REPO);
    expect(r.transitions.map((t) => t.event)).toEqual(["started", "paused", "resumed"]);
    expect([r.phase, r.foreignStatuses]).toEqual(["rolling", 0]);
  });

  it("counts only statuses that link to a workflow run of this repository, on any GitHub host", () => {
    const d = deployment(SHA_A);
    const payload = readPayload(d.payload);
    if (!payload) throw new Error("payload");
    const at = (logUrl: string, step: Parameters<typeof status>[0]) => ({ ...status(step), logUrl });
    const started = at("https://github.example.com/O/R/actions/runs/7/attempts/1", {
      event: "started",
      stage: 1,
      percent: 1,
      at: 0,
    });
    const elsewhere = [
      "https://github.com/o/other/actions/runs/8/attempts/1",
      "https://github.com/other/r/actions/runs/8/attempts/1",
      "https://github.com/o/r-fork/actions/runs/8/attempts/1",
      "https://github.com/x/o/r/actions/runs/8/attempts/1",
      "https://github.com/o/r/pull/8",
      "",
    ].map((url, i) => at(url, { event: "advanced", stage: 2, percent: 5, at: 10 + i }));
    const r = deriveRollout(d, payload, [started, ...elsewhere], REPO);
    expect(r.transitions.map((t) => [t.event, t.runId])).toEqual([["started", 7]]);
    expect([r.percent, r.foreignStatuses]).toEqual([1, elsewhere.length]);
    const ghe = deriveRollout(
      d,
      payload,
      [at("https://acme.ghe.com/o/r/actions/runs/9", { event: "started", stage: 1, percent: 1, at: 0 })],
      REPO,
    );
    expect(ghe.phase).toBe("rolling");
  });

  it("ignores statuses that people or other tools wrote, whatever their order", () => {
    const d = deployment(SHA_A);
    const payload = readPayload(d.payload);
    if (!payload) throw new Error("payload");
    const ours = status({ event: "started", stage: 1, percent: 1, at: 0 });
    const foreign: StatusRecord[] = [
      {
        id: ours.id + 1,
        state: "success",
        description: "deployed by hand",
        logUrl: "",
        createdAt: minutes(5).toISOString(),
      },
      // right words, wrong state: not ours
      {
        id: ours.id + 2,
        state: "success",
        description: "stage 2/5 · 5% · advanced",
        logUrl: "",
        createdAt: minutes(6).toISOString(),
      },
      // right shape, percent not in the plan
      {
        id: ours.id + 3,
        state: "in_progress",
        description: "stage 2/5 · 7% · advanced",
        logUrl: "",
        createdAt: minutes(7).toISOString(),
      },
      {
        id: ours.id + 4,
        state: "inactive",
        description: "",
        logUrl: "",
        createdAt: minutes(8).toISOString(),
      },
    ];
    const r = deriveRollout(d, payload, [...foreign, ours].reverse(), REPO);
    expect(r.phase).toBe("rolling");
    expect(r.percent).toBe(1);
    expect(r.foreignStatuses).toBe(4);
  });
});

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
