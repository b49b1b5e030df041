import { describe, expect, it } from "vitest";
import { readPayload } from "../../../src/rollout/codec.ts";
import { deriveRollout } from "../../../src/rollout/fold.ts";
import type { StatusRecord } from "../../../src/rollout/model.ts";
import { deployment, minutes, REPO, rolloutOf, SHA_A, status } from "../fixtures.ts";

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
