import { JSDOM } from "jsdom";
import { beforeAll, describe, expect, it } from "vitest";
import type { RolloutView } from "../../../src/rollout/model.ts";
import { stageBars, timelineChart } from "../../../src/report/timeline.ts";
import { codeBlocks } from "../../support/gfm.ts";
import { minutes, SHA_A } from "../fixtures.ts";

let parseMermaid: (text: string) => Promise<unknown>;

beforeAll(async () => {
  // Mermaid's parser wants a DOM, as in the browser GitHub renders it in.
  const dom = new JSDOM("<!doctype html><html><body></body></html>");
  Object.assign(globalThis, { window: dom.window, document: dom.window.document });
  const mermaid = (await import("mermaid")).default;
  parseMermaid = (text) => mermaid.parse(text);
});

const view = (history: RolloutView["history"]): RolloutView => ({
  sha: SHA_A,
  stages: [1, 5, 25, 50, 100],
  history,
});

describe("timelineChart", () => {
  const history: RolloutView["history"] = [
    { event: "started", stage: 1, percent: 1, createdAt: minutes(0) },
    { event: "advanced", stage: 2, percent: 5, createdAt: minutes(35) },
    { event: "paused", stage: 2, percent: 5, createdAt: minutes(40) },
    { event: "advanced", stage: 3, percent: 25, createdAt: minutes(80) },
  ];

  it("has one bar per stage: when it began and how long it baked, the current one live", () => {
    expect(stageBars(history ?? [], minutes(95)).map((b) => [b.stage, b.start, b.end, b.running])).toEqual([
      [1, minutes(0), minutes(35), false],
      [2, minutes(35), minutes(80), false],
      [3, minutes(80), minutes(95), true],
    ]);
  });

  it("is a mermaid block that Mermaid's own parser accepts", async () => {
    const md = timelineChart(view(history), minutes(95));
    const [block] = codeBlocks(md);
    expect(block?.lang).toBe("mermaid");
    await expect(parseMermaid(block?.value ?? "")).resolves.toMatchObject({ diagramType: "gantt" });
    expect(block?.value).toContain("1 · 1% · baked 35m : done, s1, 2026-11-21T00:00:00, 2100s");
    expect(block?.value).toContain("3 · 25% · live 15m : active, s3, 2026-11-21T01:20:00, 900s");
  });

  it("ends at a rollback", () => {
    const back = [
      ...(history ?? []),
      { event: "rolled back" as const, stage: 3, percent: 0, createdAt: minutes(90) },
    ];
    expect(stageBars(back, minutes(200)).at(-1)).toMatchObject({ end: minutes(90), running: false });
  });

  it("is empty before any stage is recorded", () => {
    expect(timelineChart(view([]), minutes(0))).toBe("");
    expect(timelineChart(view(undefined), minutes(0))).toBe("");
  });

  it("the parser does refuse a broken chart, so the test above can fail", async () => {
    await expect(
      parseMermaid("gantt\n  dateFormat YYYY-MM-DD\n  section A\n  task : done, a1, 2026-01-01, 1d\n  )("),
    ).rejects.toThrow();
  });
});
