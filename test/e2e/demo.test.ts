// `npm run demo` end to end: the three rollouts it shows and their decisions, so the demo the README points to
// cannot rot unseen.

import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatesOf, runDemo, subtle } from "../../demo/run.ts";
import { healthy } from "../../harness/traffic.ts";
import type { ActionRun } from "../../harness/runner.ts";

let out: string;
let lines: string[];
let rollouts: ActionRun[][];

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "phased-rollout-demo-"));
  lines = [];
  rollouts = await runDemo({ out, log: (line) => lines.push(line) });
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

const decisions = (runs: ActionRun[] | undefined) => (runs ?? []).map((r) => r.outputs.decision);
const verdicts = (r: ActionRun | undefined) =>
  Object.fromEntries(gatesOf(r as ActionRun).map((g) => [g.name, g.verdict]));

describe("npm run demo", () => {
  it("rolls a healthy version out to 100%", () => {
    expect(decisions(rollouts[0])).toEqual([
      "start",
      "hold",
      "advance",
      "advance",
      "advance",
      "advance",
      "complete",
    ]);
  });

  it("rolls a regression back on the fixed thresholds, and a push does not retry it", () => {
    expect(decisions(rollouts[1])).toEqual(["start", "rollback", "none"]);
    expect(verdicts(rollouts[1]?.[1])).toEqual({ "http-5xx": "fail", "p99-latency": "fail" });
  });

  it("rolls a subtle regression back on the comparison with the baseline, which the fixed threshold passes", () => {
    const runs = rollouts[2] ?? [];
    expect(decisions(runs)).toEqual(["start", "hold", "rollback"]);
    expect(runs[0]?.outputs["baseline-sha"]).toBe(healthy.sha);
    const [, held, rolledBack] = runs;
    expect(verdicts(held)).toEqual({
      "http-5xx": "pass",
      "p99-latency": "pass",
      "canary-vs-baseline": "inconclusive",
    });
    expect(verdicts(rolledBack)).toEqual({
      "http-5xx": "pass",
      "p99-latency": "pass",
      "canary-vs-baseline": "fail",
    });
    expect(rolledBack?.outputs.reason).toMatch(
      /^rolled back [0-9a-f]{7} from stage 1\/5 \(1%\): canary-vs-baseline: fail: /,
    );

    // The judge's messages are printed, one per scheduled run: heading for a rollback, then rolling back.
    const judged = lines.filter((l) => l.trimStart().startsWith("judge: "));
    expect(judged).toHaveLength(2);
    expect(judged[0]).toMatch(/judge: inconclusive: .* would be enough to roll back\.$/);
    expect(judged[1]).toMatch(
      /judge: fail: the canary's error rate is 2(\.\d+)?× the baseline's, at least 1\.\d+× with 95% confidence/,
    );
    expect(lines).toContainEqual(expect.stringContaining(`Rollout 3: ${subtle.sha.slice(0, 7)}`));
  });

  it("checks the gates before the first rollout, writing nothing", () => {
    const at = lines.findIndex((l) => l.includes("dispatch check"));
    expect(at, lines.join("\n")).toBeGreaterThanOrEqual(0);
    expect(lines[at]).toMatch(
      /none .*checked 2 gates for \w{7}, not rolling out yet, as if at stage 1\/5 \(1%\): 2 pass; nothing recorded/,
    );
    expect(lines[at + 1]).toBe("        gates: http-5xx=pass, p99-latency=pass");
    expect(lines[at + 2]).toContain(
      `http-5xx sent: sum(increase(http_requests_total{version="${healthy.sha}"}`,
    );
  });

  it("shows the first rollout's timeline as a Mermaid gantt chart", () => {
    const at = lines.findIndex((l) => l.includes("Its timeline"));
    expect(lines[at + 1]?.trim()).toBe("gantt");
    expect(lines.slice(at, at + 14).filter((l) => / : done, s\d+, /.test(l))).toHaveLength(5);
  });

  it("writes one job summary per run, the check's included", () => {
    const runs = rollouts.flat();
    expect(runs).toHaveLength(13);
    expect(readdirSync(out)).toHaveLength(runs.length + 1);
    expect(readdirSync(out)).toContain("01-none.md");
    expect(readdirSync(out)).toContain("14-rollback.md");
  });
});
