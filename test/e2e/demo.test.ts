// `npm run demo` end to end: the rollouts it shows and their decisions, so the demo the README points to
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

  it("carries a version through staging, eu and us, and a freeze holds us until Monday", () => {
    const jobs = (rollouts[3] ?? []).map((r) => r.outputs.decision);
    // One workflow run per row: the staging job, the eu job (after: staging), the us job (after: eu).
    expect(jobs).toEqual([
      ...["start", "none", "none"],
      ...["advance", "none", "none"],
      ...["complete", "start", "none"],
      ...["none", "advance", "none"],
      ...["none", "complete", "start"],
      ...["none", "none", "hold"],
      ...["none", "none", "advance"],
      ...["none", "none", "complete"],
    ]);
    const frozen = rollouts[3]?.[17];
    expect(frozen?.outputs.reason).toContain(
      'during the freeze "weekend", until Mon 2026-11-23 09:00 Europe/Berlin (08:00 UTC)',
    );
    expect(frozen?.summary).toContain("### Wave");
    expect(lines).toContainEqual(expect.stringContaining("Rollout 4: a wave"));
  });

  it("ends with a replay of the three rollouts, which writes nothing", () => {
    const replay = rollouts[4]?.[0];
    expect(replay?.outputs.decision).toBe("none");
    const record = JSON.parse(replay?.outputs.replay ?? "{}") as {
      rollouts: { sha: string; outcome: string; stages: { would: string }[] }[];
    };
    expect(record.rollouts.map((r) => r.outcome)).toEqual([
      "rolled back by a gate",
      "rolled back by a gate",
      "completed",
    ]);
    // Both regressions caught by the gates that caught them then; the healthy version, which had no version
    // before it to compare with, is never rolled back.
    expect(record.rollouts.map((r) => r.stages.at(-1)?.would)).toEqual(["rollback", "rollback", "hold"]);
    expect(replay?.outputs.reason).toMatch(
      /^replayed 3 finished rollouts; these gates would have rolled back 0 that completed; caught 2 of 2 rollbacks/,
    );
    expect(lines).toContainEqual(
      expect.stringContaining("Replay: what these three gates would have decided"),
    );
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
    expect(runs).toHaveLength(13 + 24 + 1);
    expect(readdirSync(out)).toHaveLength(runs.length + 1);
    expect(readdirSync(out)).toContain("01-none.md");
    expect(readdirSync(out)).toContain("14-rollback.md");
    expect(readdirSync(out)).toContain("39-replay.md");
  });
});
