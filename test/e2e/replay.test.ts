// `command: replay` end to end: the bundled action reads a recorded history of finished rollouts from the GitHub
// stand-in, runs the gates over each stage window as a live run would have at the time (the Prometheus stand-in
// answers at the `time` asked), reports what they would have decided next to what happened, and writes nothing.

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakePrometheus, startFakePrometheus } from "../../harness/monitoring/fake-prometheus.ts";
import { version } from "../../harness/traffic.ts";
import { commentEvent } from "../../harness/events.ts";
import type { ActionRun } from "../../harness/runner.ts";
import { minutesAgo, seedHistory, seedRollout } from "../../harness/history.ts";
import { countGate, describeRun, Scenario } from "../../harness/scenario.ts";

// The gate: errors above 1% fail. A healthy version errs 0.5%, a broken one 5%, a marginal one 2%.
const healthy = version("replay: healthy", { errorRatio: 0.005 });
const broken = version("replay: broken", { errorRatio: 0.05 });
const handBroken = version("replay: broken, rolled back by hand", { errorRatio: 0.05 });
const marginal = version("replay: marginal", { errorRatio: 0.02 });
const inFlight = version("replay: in flight", { errorRatio: 0.005 });

interface ReplayOutput {
  environment: string;
  count: number;
  rollouts: {
    sha: string;
    outcome: string;
    endedAt: string;
    stages: {
      stage: number;
      percent: number;
      would: string;
      at: string;
      gates: { name: string; verdict: string; message: string }[];
    }[];
  }[];
  summary: {
    rollouts: number;
    healthyRolledBack: string[];
    rollbacksCaught: string[];
    rollbacksMissed: string[];
    soonerSeconds: { sha: string; seconds: number }[];
    beyondRetention: string[];
    sentence: string;
  };
}

let prom: FakePrometheus;
let s: Scenario | undefined;

beforeAll(async () => {
  prom = await startFakePrometheus({ versions: [healthy, broken, handBroken, marginal, inFlight] });
});
afterAll(() => prom.close());
afterEach(async () => {
  await s?.close();
  s = undefined;
});

const ago = minutesAgo;
const history = { healthy, broken, handBroken, marginal, inFlight };

function replayOf(r: ActionRun): ReplayOutput {
  if (r.exitCode !== 0) throw new Error(`the action failed:\n${describeRun(r)}`);
  return JSON.parse(r.outputs.replay ?? "null") as ReplayOutput;
}

describe("command: replay", () => {
  it("replays the gates over each finished rollout's stages, as a live run would have looked, and writes nothing", async () => {
    s = await Scenario.create(countGate(prom.url, "  retention: 3h\n"));
    const now = Date.now();
    seedHistory(s, now, history);
    const asked = prom.requests.length;

    const r = await s.dispatch("replay");
    const replay = replayOf(r);
    expect(s.github.writes(), describeRun(r)).toEqual([]);
    expect(r.outputs.decision).toBe("none");
    // The apply step beside it must see the environment's real desired state, never a 0 that would move traffic.
    expect(r.outputs).toMatchObject({ percent: "1", stage: "1", sha: inFlight.sha, changed: "false" });

    expect(replay.rollouts.map((x) => [x.sha, x.outcome])).toEqual([
      [marginal.sha, "completed"],
      [handBroken.sha, "rolled back by hand"],
      [broken.sha, "rolled back by a gate"],
      [healthy.sha, "completed"],
    ]);
    const [m, hand, gate, old] = replay.rollouts;
    // Stage 1 lasted 18 minutes, less than bake time: one look, at its end, and it fails.
    expect(m?.stages.map((x) => [x.stage, x.would, x.at])).toEqual([
      [
        1,
        "rollback",
        ago(now, 20)
          .toISOString()
          .replace(/\.\d{3}Z$/, "Z"),
      ],
    ]);
    expect(m?.stages[0]?.gates[0]).toMatchObject({ name: "http-5xx", verdict: "fail" });
    // Caught in stage 1, once bake time had passed: 15 minutes before the person did.
    expect(hand?.stages.map((x) => [x.stage, x.would])).toEqual([[1, "rollback"]]);
    expect(gate?.stages.map((x) => [x.stage, x.would])).toEqual([[1, "rollback"]]);
    expect(old?.stages.map((x) => [x.stage, x.would])).toEqual([
      [1, "beyond retention"],
      [2, "beyond retention"],
      [3, "beyond retention"],
      [4, "beyond retention"],
      [5, "complete"],
    ]);
    expect(old?.stages[0]?.gates[0]?.message).toMatch(
      /^not asked: this window began .*, older than the 3h retention of prometheus$/,
    );

    expect(replay.summary).toMatchObject({
      rollouts: 4,
      healthyRolledBack: [marginal.sha],
      rollbacksCaught: [handBroken.sha, broken.sha],
      rollbacksMissed: [],
      beyondRetention: [healthy.sha],
    });
    expect(replay.summary.soonerSeconds.map((x) => Math.round(x.seconds / 60))).toEqual([15, 1]);
    expect(r.outputs.reason).toBe(
      "replayed 4 finished rollouts; these gates would have rolled back 1 that completed; caught 2 of 2 rollbacks (15m sooner, 1m sooner); 1 had data past the provider's retention",
    );

    // The provider was asked at each look's time, and never for a window past retention.
    const times = prom.requests.slice(asked).map((q) => Number(q.time));
    expect(times.length).toBeGreaterThan(0);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(ago(now, 181).getTime() / 1000);

    expect(r.summary).toContain("### Replay of the last 4 finished rollouts in production");
    expect(r.summary).toContain("```mermaid\npie title What these gates would have done");
    expect(r.summary).toMatch(
      /\| `[0-9a-f]{7}` \| completed \| rolled back at stage 1 \(a completed rollout\) \|/,
    );
  });

  it("replay-count limits the rollouts read, and a replay without gates is a red run", async () => {
    s = await Scenario.create(countGate(prom.url));
    const now = Date.now();
    seedRollout(s, now, broken.sha, [
      { minutesAgo: 120, state: "in_progress", description: "stage 1/5 · 1% · started" },
      { minutesAgo: 89, state: "failure", description: "stage 1/5 · 0% · rolled back: http-5xx failed" },
    ]);
    seedRollout(s, now, marginal.sha, [
      { minutesAgo: 38, state: "in_progress", description: "stage 1/5 · 1% · started" },
      { minutesAgo: 20, state: "in_progress", description: "stage 5/5 · 100% · promoted by @ann" },
      { minutesAgo: 19, state: "success", description: "stage 5/5 · 100% · completed by @ann" },
    ]);
    const one = replayOf(await s.dispatch("replay", { "replay-count": "1" }));
    expect(one.rollouts.map((x) => x.sha)).toEqual([marginal.sha]);
    // The environment's state, as status reads it (for the outputs), then one list of deployments and one list
    // of statuses for the one rollout replayed: nothing else, and no writes.
    const reads = s.github.log().map((e) => `${e.method} ${e.operationId ?? e.path}`);
    expect(reads.filter((x) => x.includes("status")).length).toBe(2);
    expect(reads.filter((x) => x.includes("list-deployments")).length).toBe(2);
    expect(s.github.writes()).toEqual([]);

    const none = await s.dispatch("replay", { gates: "" });
    expect(none.exitCode).not.toBe(0);
    expect(none.stderr + none.stdout).toContain(
      "gates: is empty; replay runs the configured gates over past rollouts",
    );
    expect(s.github.writes()).toEqual([]);
  });

  it("a gate the provider refuses makes the replay a red run that names it, and writes nothing", async () => {
    s = await Scenario.create(countGate(`${prom.url}/graph`));
    seedHistory(s, Date.now(), history);
    const r = await s.dispatch("replay");
    expect(r.exitCode, describeRun(r)).toBe(1);
    expect(r.errors.join("\n")).toMatch(
      /misconfigured: http-5xx: prometheus refused the request to .*\/graph\/api\/v1\/query/,
    );
    expect(s.github.writes()).toEqual([]);
  });

  it("from a /rollout replay comment: a reply with the replay, and no deployment or status written", async () => {
    s = await Scenario.create(countGate(prom.url, "  retention: 3h\n"));
    seedHistory(s, Date.now(), history);
    s.github.addPullRequest({ number: 7, headSha: inFlight.sha });
    s.github.setCollaborator("wendy-writer", "write");
    const seeded = s.github.seedComment({ issueNumber: 7, body: "/rollout replay", user: "wendy-writer" });
    s.github.resetLog();
    const payload = commentEvent({
      issueNumber: 7,
      commentId: seeded.id,
      body: "/rollout replay",
      user: "wendy-writer",
      createdAt: seeded.createdAt,
    });
    const r = await s.run("issue_comment", payload, "d".repeat(40), {}, { actor: "wendy-writer" });
    expect(replayOf(r).rollouts).toHaveLength(4);
    const written = s.github.writes().map((w) => w.operationId ?? "");
    expect(written.filter((op) => op.includes("deployment"))).toEqual([]);
    const replies = s.github.comments(7).filter((c) => c.id > seeded.id);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.body).toContain("#### Replay of the last 4 finished rollouts in production");
    expect(replies[0]?.body).toContain("caught 2 of 2 rollbacks");
  });
});
