import { describe, expect, it } from "vitest";
import {
  formatDescription,
  MAX_DESCRIPTION,
  parseDescription,
  readPayload,
  runOf,
} from "../../../src/rollout/codec.ts";
import { deployment, REPO, SHA_A, SHA_B, STAGES } from "../fixtures.ts";

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
