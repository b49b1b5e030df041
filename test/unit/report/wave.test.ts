// The wave and the freeze in the job summary and PR replies (report/wave.ts).

import { describe, expect, it } from "vitest";
import { commentReply } from "../../../src/report/comment.ts";
import type { Report } from "../../../src/report/report.ts";
import { summaryMarkdown } from "../../../src/report/summary.ts";
import { waveSection } from "../../../src/report/wave.ts";
import type { WaveRow } from "../../../src/rollout/wave.ts";

const A = "a".repeat(40);
const NOW = new Date("2026-11-20T16:30:00Z");

const staging: WaveRow = {
  environment: "staging",
  here: false,
  state: "complete",
  sha: A,
  shortSha: "aaaaaaa",
  stage: 2,
  stageCount: 2,
  percent: 100,
  since: new Date("2026-11-20T14:00:00Z"),
};
const eu: WaveRow = { environment: "eu", here: true, state: "none" };

const report = (extra: Partial<Report> = {}): Report => ({
  decision: { kind: "none", stageIndex: 0, stageCount: 2, percent: 0, previousPercent: 0, reason: "r" },
  gates: [],
  changed: false,
  environment: "eu",
  command: "advance",
  dryRun: false,
  runUrl: "https://github.com/o/r/actions/runs/1",
  now: NOW,
  warnings: [],
  ...extra,
});

describe("the wave in the report", () => {
  it("lists every environment of the wave with version, stage, state and since when", () => {
    const md = summaryMarkdown(report({ wave: [staging, eu] }));
    expect(md).toContain(
      [
        "### Wave",
        "",
        "| Environment | Version | Stage | State | Since |",
        "|---|---|---|---|---|",
        "| staging | `aaaaaaa` | 2/2 (100%) | complete | Fri 2026-11-20 14:00 UTC |",
        "| **eu** (this run) | — | — | none | — |",
      ].join("\n"),
    );
  });

  it("shows this environment as the run left it when it recorded a transition", () => {
    const md = summaryMarkdown(
      report({
        wave: [staging, eu],
        changed: true,
        rollout: { sha: A, stages: [50, 100] },
        decision: {
          kind: "start",
          stageIndex: 0,
          stageCount: 2,
          percent: 50,
          previousPercent: 0,
          reason: "r",
        },
      }),
    );
    expect(md).toContain(
      "| **eu** (this run) | `aaaaaaa` | 1/2 (50%) | rolling | Fri 2026-11-20 16:30 UTC |",
    );
  });

  it("is in a PR reply too", () => {
    expect(commentReply(report({ wave: [staging, eu] }), "/rollout status")).toContain(
      "| staging | `aaaaaaa` | 2/2 (100%) | complete |",
    );
  });

  it("says nothing for a run with neither after nor freeze", () => {
    expect(waveSection(report())).toEqual([]);
    expect(summaryMarkdown(report())).not.toContain("Wave");
  });
});

describe("the freeze in the report", () => {
  it("shows the freeze in force and when it ends, and the next window", () => {
    const md = summaryMarkdown(
      report({
        freeze: {
          inForce: {
            names: ["weekend", "year-end"],
            until: new Date("2027-01-04T00:00:00Z"),
            endless: false,
            timeZone: "UTC",
          },
          next: {
            name: "january",
            from: new Date("2027-01-04T00:10:00Z"),
            to: new Date("2027-01-04T01:00:00Z"),
            timeZone: "Europe/Berlin",
          },
        },
      }),
    );
    expect(md).toContain(
      '**Freeze in force**: "weekend", then "year-end", until Mon 2027-01-04 00:00 UTC. Start, advance and promote hold; rollback, pause and status work.',
    );
    expect(md).toContain(
      '**Next freeze**: "january" from Mon 2027-01-04 01:10 Europe/Berlin (00:10 UTC) until Mon 2027-01-04 02:00 Europe/Berlin (01:00 UTC), within this stage\'s bake time.',
    );
  });

  it("shows nothing when no window is in force or near", () => {
    expect(summaryMarkdown(report({ freeze: {} }))).not.toContain("freeze");
  });
});
