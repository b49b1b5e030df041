// The job summary as a reviewer reads it, from dist/index.js: read with a GFM parser (every table keeps its
// columns) and its Mermaid timeline with Mermaid's own parser, so a broken table or chart fails here.

import { JSDOM } from "jsdom";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakePrometheus, startFakePrometheus } from "../../harness/monitoring/fake-prometheus.ts";
import { healthy, regressed } from "../../harness/traffic.ts";
import type { ActionRun } from "../../harness/runner.ts";
import { comparisonGate, countGate, describeRun, latencyGate, Scenario } from "../../harness/scenario.ts";
import { codeBlocks, nodesOf, parseGfm } from "../support/gfm.ts";

let prom: FakePrometheus;
let s: Scenario | undefined;
let parseMermaid: (text: string) => Promise<unknown>;

beforeAll(async () => {
  prom = await startFakePrometheus({ versions: [healthy, regressed] });
  const dom = new JSDOM("<!doctype html><html><body></body></html>");
  Object.assign(globalThis, { window: dom.window, document: dom.window.document });
  const mermaid = (await import("mermaid")).default;
  parseMermaid = (text) => mermaid.parse(text);
});
afterAll(() => prom.close());
afterEach(async () => {
  await s?.close();
  s = undefined;
});

function ok(r: ActionRun): ActionRun {
  expect(r.exitCode, describeRun(r)).toBe(0);
  return r;
}

async function wellFormed(summary: string): Promise<void> {
  for (const t of nodesOf(parseGfm(summary), "table")) {
    expect(new Set(t.children.map((row) => row.children.length)).size, summary).toBe(1);
  }
  const charts = codeBlocks(summary).filter((b) => b.lang === "mermaid");
  expect(charts).toHaveLength(1);
  await expect(parseMermaid(charts[0]?.value ?? "")).resolves.toMatchObject({ diagramType: "gantt" });
}

describe("the job summary", () => {
  it("after an advance: a timeline of the stages, ticks for finished ones, the version linked, units", async () => {
    s = await Scenario.create(countGate(prom.url) + latencyGate(prom.url));
    ok(await s.push(healthy.sha));
    s.wait(31);
    const r = ok(await s.schedule());
    expect(r.outputs.decision).toBe("advance");
    await wellFormed(r.summary);
    expect(r.summary).toContain("Plan: ✓ 1% → **▶ 5%** → 25% → 50% → 100%");
    expect(r.summary).not.toContain("~~");
    // The latency gate's metric is in seconds: value and threshold say so.
    expect(r.summary).toMatch(/\| p99-latency \| prometheus \| [\d.]+ s \| 0\.5 s \|/);
    expect(r.summary).toContain(
      `[\`${healthy.sha}\`](https://github.com/octo-org/shop/commit/${healthy.sha})`,
    );
    const chart = codeBlocks(r.summary).find((b) => b.lang === "mermaid")?.value ?? "";
    expect(chart).toMatch(/1 · 1% · baked 31m : done, s1, .*, 18\d\ds/);
    expect(chart).toMatch(/2 · 5% · live \d+s : active, s2, /);
  });

  it("after a rollback: what to do next, and the comparison with the baseline linked", async () => {
    s = await Scenario.create(countGate(prom.url) + comparisonGate(prom.url));
    s.seedCompletedRollout(healthy.sha);
    ok(await s.push(regressed.sha));
    s.wait(31);
    const r = ok(await s.schedule());
    expect(r.outputs.decision).toBe("rollback");
    await wellFormed(r.summary);
    expect(r.summary).toContain("**Next:** the new version gets no traffic.");
    // The comparison's evidence, pictured against its threshold.
    expect(r.summary).toMatch(
      /- \*\*Evidence so far\*\*: to roll back `[█░]{20}` [\d.,e]+ of 20(, reached)?; to pass `[█░]{20}` /,
    );
    expect(r.summary).toContain(
      `[compare](https://github.com/octo-org/shop/compare/${healthy.sha}...${regressed.sha})`,
    );
  });
});
