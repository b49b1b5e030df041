// recordDecision passes the lock's write deadline to every write of the transition (the deployment, the
// superseded rollout's status, the new status), and not to the error status left when recording failed.

import { describe, expect, it } from "vitest";
import type { Decision } from "../../../src/rollout/decide.ts";
import type { GitHubApi, NewDeployment, NewStatus } from "../../../src/store/port.ts";
import { recordDecision } from "../../../src/store/commit.ts";
import type { Rollout } from "../../../src/rollout/model.ts";

const SHA = "1".repeat(40);
const OLD = "2".repeat(40);
const UNTIL = new Date("2026-11-21T00:08:30Z");
const LOG_URL = "https://github.com/acme/shop/actions/runs/9/attempts/1";

function recorder(failStatus = false) {
  const deployments: NewDeployment[] = [];
  const statuses: NewStatus[] = [];
  const unused = () => Promise.reject(new Error("not used"));
  const api: GitHubApi = {
    listDeployments: unused,
    listStatuses: unused,
    resolveRef: unused,
    getPermission: unused,
    getPull: unused,
    createComment: unused,
    addReaction: unused,
    treeOf: unused,
    createCommit: unused,
    getCommit: unused,
    getRef: unused,
    createRef: unused,
    advanceRef: unused,
    deleteRef: unused,
    createDeployment: async (d) => {
      deployments.push(d);
      return {
        id: 2,
        sha: d.sha,
        ref: d.sha,
        environment: d.environment,
        task: d.task,
        payload: d.payload,
        createdAt: "2026-11-21T00:00:00Z",
      };
    },
    createStatus: async (s) => {
      statuses.push(s);
      if (failStatus && s.state === "in_progress") throw new Error("GitHub is down");
      return {
        id: statuses.length,
        state: s.state,
        description: s.description,
        logUrl: s.logUrl,
        createdAt: "2026-11-21T00:00:01Z",
      };
    },
  };
  return { api, deployments, statuses };
}

const old: Rollout = {
  deploymentId: 1,
  sha: OLD,
  environment: "production",
  stages: [1, 50, 100],
  createdAt: new Date("2026-11-20T00:00:00Z"),
  transitions: [],
  phase: "rolling",
  stageIndex: 1,
  percent: 50,
  stageStartedAt: new Date("2026-11-20T01:00:00Z"),
  foreignStatuses: 0,
};

const start: Decision = {
  kind: "start",
  record: {
    event: "started",
    stageIndex: 0,
    percent: 1,
    newRollout: { sha: SHA, stages: [1, 50, 100] },
    supersede: old,
  },
  stageIndex: 0,
  stageCount: 3,
  percent: 1,
  previousPercent: 0,
  reason: "started",
};

const ctx = (api: GitHubApi, until?: Date) => ({
  api,
  environment: "production",
  logUrl: LOG_URL,
  runId: 9,
  log: () => undefined,
  until,
});

describe("recordDecision", () => {
  it("gives every write of the transition the lock's deadline", async () => {
    const { api, deployments, statuses } = recorder();
    await recordDecision(start, undefined, ctx(api, UNTIL));
    expect(deployments.map((d) => d.until)).toEqual([UNTIL]);
    expect(statuses.map((s) => [s.state, s.until])).toEqual([
      ["inactive", UNTIL],
      ["in_progress", UNTIL],
    ]);
  });

  it("writes without a deadline when it holds no lock", async () => {
    const { api, deployments, statuses } = recorder();
    await recordDecision(start, undefined, ctx(api));
    expect([...deployments, ...statuses].every((w) => w.until === undefined)).toBe(true);
  });

  it("leaves the error status, which moves nothing, without the deadline", async () => {
    const { api, statuses } = recorder(true);
    await expect(recordDecision(start, undefined, ctx(api, UNTIL))).rejects.toThrow("GitHub is down");
    expect(statuses.map((s) => [s.state, s.until])).toEqual([
      ["inactive", UNTIL],
      ["in_progress", UNTIL],
      ["error", undefined],
    ]);
  });
});
