// The wave's reads of upstream environments through the GitHub port: the read plan of rollout/wave.ts carried
// out against deployments and statuses as GitHub lists them, in parallel rounds, a fixed number per environment.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makePayload } from "../../../src/rollout/codec.ts";
import type { DeploymentRecord, Rollout, StatusRecord } from "../../../src/rollout/model.ts";
import type { RolloutFacts, WaveQuestion } from "../../../src/rollout/wave.ts";
import type { GitHubApi } from "../../../src/store/port.ts";
import { readUpstreams, readWave } from "../../../src/store/upstream.ts";
import { REPO, status, type Step } from "../fixtures.ts";
import { Environment, Ids, type Op, PAGE, readUpstream, sha, STAGES } from "../../support/wave-history.ts";

/** The records GitHub would hold for a history the wave simulator made: one deployment and its statuses each. */
function records(env: Environment): {
  deployments: DeploymentRecord[];
  statuses: Map<number, StatusRecord[]>;
} {
  const deployments: DeploymentRecord[] = [];
  const statuses = new Map<number, StatusRecord[]>();
  for (const r of env.rollouts) {
    deployments.push({
      id: r.deploymentId,
      sha: r.sha,
      ref: r.sha,
      environment: env.name,
      task: "rollout",
      payload: makePayload([...STAGES], r.baselineSha, 1),
      createdAt: r.createdAt.toISOString(),
    });
    statuses.set(r.deploymentId, statusesOf(r));
  }
  return { deployments, statuses };
}

function statusesOf(r: RolloutFacts): StatusRecord[] {
  if (r.phase === "pending") return [];
  const stage = r.stageIndex + 1;
  const reached = r.phase === "complete" ? STAGES.length - 1 : stage;
  const steps: Step[] = [{ event: "started", stage: 1, percent: STAGES[0], at: 0 }];
  for (let s = 2; s <= reached; s++)
    steps.push({ event: "advanced", stage: s, percent: STAGES[s - 1] as number, at: s });
  const end: Step | undefined = {
    complete: { event: "completed", stage: STAGES.length, percent: 100, at: 10 } as const,
    "rolled-back": { event: "rolled back", stage, percent: 0, at: 10 } as const,
    superseded: { event: "superseded", stage, percent: 0, at: 10 } as const,
    paused: { event: "paused", stage, percent: STAGES[stage - 1] as number, at: 10 } as const,
    rolling: undefined,
  }[r.phase];
  return (end ? [...steps, end] : steps).map((s) => status(s));
}

interface Call {
  environment: string;
  kind: "list" | "list by sha" | "statuses";
}

/** A port over the records: lists newest first and cut to `perPage`, statuses newest first, as GitHub answers. */
function fakeApi(envs: Environment[]) {
  const deployments: DeploymentRecord[] = [];
  const statuses = new Map<number, StatusRecord[]>();
  for (const env of envs) {
    const r = records(env);
    deployments.push(...r.deployments);
    for (const [id, list] of r.statuses) statuses.set(id, list);
  }
  const calls: Call[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const tick = async () => {
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 1));
    inFlight--;
  };
  const refuse = () => Promise.reject(new Error("not a read the wave makes"));
  const api: GitHubApi = {
    async listDeployments(q) {
      calls.push({ environment: q.environment, kind: q.sha ? "list by sha" : "list" });
      await tick();
      return deployments
        .filter((d) => d.environment === q.environment && d.task === q.task && (!q.sha || d.sha === q.sha))
        .sort((a, b) => b.id - a.id)
        .slice(0, q.perPage);
    },
    async listStatuses(id) {
      const d = deployments.find((x) => x.id === id);
      calls.push({ environment: d?.environment ?? "?", kind: "statuses" });
      await tick();
      return [...(statuses.get(id) ?? [])].reverse();
    },
    createDeployment: refuse,
    createStatus: refuse,
    resolveRef: refuse,
    getPermission: refuse,
    getPull: refuse,
    createComment: refuse,
    addReaction: refuse,
    getRef: refuse,
    createRef: refuse,
    advanceRef: refuse,
    deleteRef: refuse,
    treeOf: refuse,
    createCommit: refuse,
    getCommit: refuse,
  };
  return { api, calls, mostInFlight: () => mostInFlight };
}

const A = sha("a");
const B = sha("b");
const C = sha("c");

function wave(...names: string[]): Environment[] {
  const ids = new Ids();
  return names.map((n) => new Environment(n, ids));
}

describe("readUpstreams", () => {
  it("reads each upstream environment's newest page and its newest rollout, in parallel rounds", async () => {
    const [staging, canary] = wave("staging", "canary") as [Environment, Environment];
    staging.roll(A, "complete").roll(B, "rolling", 2);
    canary.roll(A, "complete");
    const { api, calls, mostInFlight } = fakeApi([staging, canary]);
    const [s, c] = await readUpstreams(api, ["staging", "canary"], { ask: "candidate" }, REPO);
    expect(s).toMatchObject({ environment: "staging", current: { sha: B, phase: "rolling", stageIndex: 1 } });
    expect(s?.released).toMatchObject({ sha: A, phase: "complete" });
    expect(c?.released).toMatchObject({ sha: A, phase: "complete" });
    expect(calls.filter((x) => x.environment === "staging").map((x) => x.kind)).toEqual([
      "list",
      "statuses",
      "statuses",
    ]);
    expect(calls.filter((x) => x.environment === "canary").map((x) => x.kind)).toEqual(["list", "statuses"]);
    expect(mostInFlight()).toBe(2);
  });

  it("reads no more than five times per environment however long its history", async () => {
    const [staging] = wave("staging") as [Environment];
    staging.roll(A, "complete");
    for (let i = 0; i < 500; i++) staging.roll(i % 2 ? B : C, "rolled-back", 2);
    const { api, calls } = fakeApi([staging]);
    const [s] = await readUpstreams(api, ["staging"], { ask: "candidate", lastHere: sha("d") }, REPO);
    expect(s?.released?.sha).toBe(A);
    // Both A and d, the version rolled out here last, are older than the newest page: each is listed by sha.
    expect(calls.map((x) => x.kind)).toEqual(["list", "statuses", "list by sha", "statuses", "list by sha"]);
  });

  it("agrees with the read plan over random histories, within its bound", async () => {
    const version = fc.constantFrom(A, B, C, sha("d"));
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ op: fc.constantFrom("start" as const, "open" as const), sha: version }),
      fc.constantFrom<Op>({ op: "advance" }, { op: "complete" }, { op: "rollback" }, { op: "pause" }),
    );
    const question: fc.Arbitrary<WaveQuestion> = fc.oneof(
      fc.constant({ ask: "view" as const }),
      fc.record({ ask: fc.constant("candidate" as const), lastHere: version }),
      fc.record({ ask: fc.constant("version" as const), sha: version, lastHere: version }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 4 * PAGE }), question, async (ops, q) => {
        const [staging] = wave("staging") as [Environment];
        for (const o of ops) staging.apply(o);
        const { api, calls } = fakeApi([staging]);
        const [ours] = await readUpstreams(api, ["staging"], q, REPO);
        const plan = readUpstream(staging, q);
        expect(calls.length).toBe(plan.reads.length);
        expect(calls.length).toBeLessThanOrEqual(5);
        const ids = (u: typeof ours) => ({
          current: u?.current?.deploymentId,
          released: u?.released?.deploymentId,
          target: u?.target === undefined ? "unasked" : (u.target?.deploymentId ?? null),
          releasedIsNewer: u?.releasedIsNewer,
          phase: u?.current?.phase,
        });
        expect(ids(ours)).toEqual(ids(plan.summary));
      }),
      { numRuns: 150 },
    );
  });
});

describe("readWave", () => {
  it("looks up this environment's rollout of the candidate, and lets a scheduled run start it only once", async () => {
    const [staging, prod] = wave("staging", "production") as [Environment, Environment];
    staging.roll(A, "complete").roll(B, "complete");
    prod.roll(A, "complete");
    const { api, calls } = fakeApi([staging, prod]);
    const here = (await readHere(api)) as Rollout;
    const read = await readWave(api, {
      environment: "production",
      after: ["staging"],
      trigger: "schedule",
      here,
      repository: REPO,
    });
    expect(read.decision).toMatchObject({ kind: "start", sha: B });
    expect(read.upstreams.map((u) => u.current?.sha)).toEqual([B]);
    // This environment's rollout of B (none): one list by sha, and no statuses to read.
    expect(calls.filter((c) => c.environment === "production").map((c) => c.kind)).toEqual([
      "list",
      "statuses",
      "list by sha",
    ]);
  });

  it("costs no look-up here when the candidate is the version rolled out here last", async () => {
    const [staging, prod] = wave("staging", "production") as [Environment, Environment];
    staging.roll(A, "complete");
    prod.roll(A, "complete");
    const { api, calls } = fakeApi([staging, prod]);
    const here = (await readHere(api)) as Rollout;
    const read = await readWave(api, {
      environment: "production",
      after: ["staging"],
      trigger: "schedule",
      here,
      repository: REPO,
    });
    expect(read.decision.kind).toBe("wait");
    expect(calls.filter((c) => c.environment === "production")).toHaveLength(2);
  });
});

/** production's newest rollout, as the snapshot reads it. */
async function readHere(api: GitHubApi): Promise<Rollout | undefined> {
  const { readEnvironment } = await import("../../../src/store/snapshot.ts");
  return (await readEnvironment(api, "production", REPO)).current;
}
