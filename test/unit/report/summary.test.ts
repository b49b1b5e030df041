import { nodesOf, parseGfm } from "../../support/gfm.ts";
import { describe, expect, it } from "vitest";
import type { Decision } from "../../../src/rollout/decide.ts";
import type { BaselineRecord, GateResult } from "../../../src/gates/result.ts";
import { OUTPUTS } from "../../../src/io/names.ts";
import { baselineRecord, gateTable, planLine, summaryMarkdown } from "../../../src/report/summary.ts";
import { code } from "../../../src/report/markdown.ts";
import { headRefusalReply, helpReply, unsureRoleReply } from "../../../src/report/comment.ts";
import { outputValues } from "../../../src/report/outputs.ts";
import type { Report } from "../../../src/report/report.ts";
import { standingOf } from "../../../src/io/comment.ts";

const SHA = "0123456789abcdef0123456789abcdef01234567";
const BASE = "fedcba9876543210fedcba9876543210fedcba98";
const NOW = new Date("2026-11-21T01:00:00Z");

const countResult = (extra: Partial<GateResult> = {}): GateResult => ({
  name: "http-5xx",
  provider: "prometheus",
  unit: "ratio",
  verdict: "pass",
  value: 0.0015,
  threshold: 0.01,
  samples: 12345,
  message: "error rate 0.15% (19 of 12,345) is within 1%",
  queries: ["sum(increase(errors[1800s]))", "sum(increase(total[1800s]))"],
  shadow: false,
  ...extra,
});

const valueResult = (extra: Partial<GateResult> = {}): GateResult => ({
  name: "p99-latency",
  provider: "prometheus",
  unit: "number",
  verdict: "inconclusive",
  value: null,
  threshold: 0.5,
  samples: null,
  message: "the query returned no data",
  queries: ["histogram_quantile(...)"],
  shadow: false,
  ...extra,
});

const decision = (extra: Partial<Decision> = {}): Decision => ({
  kind: "hold",
  stageIndex: 2,
  stageCount: 5,
  percent: 25,
  previousPercent: 25,
  reason: "the stage has been live 10m of the 30m bake time",
  ...extra,
});

const report = (extra: Partial<Report> = {}): Report => ({
  decision: decision(),
  rollout: {
    sha: SHA,
    deploymentId: 4242,
    baselineSha: BASE,
    stages: [1, 5, 25, 50, 100],
    stageStartedAt: new Date("2026-11-21T00:30:00Z"),
  },
  gates: [countResult(), valueResult()],
  changed: false,
  environment: "production",
  command: "advance",
  dryRun: false,
  runUrl: "https://github.com/o/r/actions/runs/1",
  now: NOW,
  warnings: [],
  ...extra,
});

/** Splits a markdown table row into cells the way GitHub does: a pipe after a backslash escape is text. */
function cells(row: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < row.length; i++) {
    const ch = row[i] as string;
    if (ch === "\\" && i + 1 < row.length) {
      cur += ch + row[i + 1];
      i++;
    } else if (ch === "|") {
      out.push(cur.trim());
      cur = "";
    } else cur += ch;
  }
  out.push(cur.trim());
  return out.slice(1, -1);
}

describe("outputValues", () => {
  it("sets every output on a hold, percent included", () => {
    const out = outputValues(report());
    // replay is set by command: replay alone.
    expect(Object.keys(out).sort()).toEqual(
      Object.values(OUTPUTS)
        .filter((o) => o !== "replay")
        .sort(),
    );
    expect(out).toMatchObject({
      decision: "hold",
      percent: "25",
      "previous-percent": "25",
      stage: "3",
      "stage-count": "5",
      changed: "false",
      sha: SHA,
      "baseline-sha": BASE,
      "deployment-id": "4242",
      reason: "the stage has been live 10m of the 30m bake time",
    });
  });

  it("writes the gates as JSON: {name, provider, verdict, value, threshold, samples, message, queries, shadow}", () => {
    const gates = JSON.parse(outputValues(report()).gates as string) as Record<string, unknown>[];
    expect(gates).toEqual([
      {
        name: "http-5xx",
        provider: "prometheus",
        verdict: "pass",
        value: 0.0015,
        threshold: 0.01,
        samples: 12345,
        message: "error rate 0.15% (19 of 12,345) is within 1%",
        queries: ["sum(increase(errors[1800s]))", "sum(increase(total[1800s]))"],
        shadow: false,
      },
      {
        name: "p99-latency",
        provider: "prometheus",
        verdict: "inconclusive",
        value: null,
        threshold: 0.5,
        samples: null,
        message: "the query returned no data",
        queries: ["histogram_quantile(...)"],
        shadow: false,
      },
    ]);
    for (const g of gates) {
      expect(Object.keys(g)).toEqual([
        "name",
        "provider",
        "verdict",
        "value",
        "threshold",
        "samples",
        "message",
        "queries",
        "shadow",
      ]);
    }
  });

  it("writes an empty JSON list without gates", () => {
    expect(outputValues(report({ gates: [] })).gates).toBe("[]");
  });

  it("sets percent 0 after a rollback and 100 when complete, with changed true", () => {
    const rolledBack = outputValues(
      report({
        decision: decision({ kind: "rollback", percent: 0, previousPercent: 25 }),
        changed: true,
      }),
    );
    expect(rolledBack).toMatchObject({
      decision: "rollback",
      percent: "0",
      "previous-percent": "25",
      changed: "true",
    });
    const complete = outputValues(
      report({
        decision: decision({ kind: "complete", stageIndex: 4, percent: 100, previousPercent: 50 }),
      }),
    );
    expect(complete).toMatchObject({ decision: "complete", percent: "100", stage: "5" });
  });

  it("leaves baseline-sha and deployment-id empty when unknown (first rollout, dry-run start)", () => {
    const out = outputValues(report({ rollout: { sha: SHA, stages: [1, 5, 25, 50, 100] }, dryRun: true }));
    expect(out["baseline-sha"]).toBe("");
    expect(out["deployment-id"]).toBe("");
  });

  it("sets only decision, changed, reason and gates when no rollout was found", () => {
    const out = outputValues(
      report({
        rollout: undefined,
        gates: [],
        decision: decision({ kind: "none", reason: "no rollout in production" }),
      }),
    );
    expect(out).toEqual({
      decision: "none",
      changed: "false",
      reason: "no rollout in production",
      gates: "[]",
    });
  });

  it("keeps the rollout's real state in a dry run: the decision that would be taken is in decision and reason", () => {
    const wouldAdvance = decision({
      kind: "advance",
      stageIndex: 3,
      percent: 50,
      previousPercent: 25,
      reason: "advanced 0123456 to stage 4/5 (50%): gates passed",
      record: { event: "advanced", stageIndex: 3, percent: 50 },
    });
    const rollout = { ...report().rollout, stageIndex: 2, percent: 25 } as Report["rollout"];
    const out = outputValues(report({ decision: wouldAdvance, rollout, dryRun: true }));
    expect(out).toMatchObject({
      decision: "advance",
      reason: "advanced 0123456 to stage 4/5 (50%): gates passed",
      percent: "25",
      "previous-percent": "25",
      stage: "3",
      changed: "false",
      sha: SHA,
    });
    // The same decision recorded for real moves the percent.
    expect(outputValues(report({ decision: wouldAdvance, rollout, changed: true }))).toMatchObject({
      percent: "50",
      stage: "4",
    });
  });

  it("leaves percent empty in a dry-run start: nothing of the new version is rolling out", () => {
    const wouldStart = decision({
      kind: "start",
      stageIndex: 0,
      percent: 1,
      previousPercent: 0,
      record: {
        event: "started",
        stageIndex: 0,
        percent: 1,
        newRollout: { sha: SHA, stages: [1, 5, 25, 50, 100] },
      },
    });
    const out = outputValues(
      report({ decision: wouldStart, rollout: { sha: SHA, stages: [1, 5, 25, 50, 100] }, dryRun: true }),
    );
    expect(out).toMatchObject({
      decision: "start",
      percent: "",
      "previous-percent": "",
      stage: "",
      sha: SHA,
    });
  });

  it("formats fractional percents plainly", () => {
    const out = outputValues(report({ decision: decision({ percent: 0.5, previousPercent: 0.1 }) }));
    expect(out.percent).toBe("0.5");
    expect(out["previous-percent"]).toBe("0.1");
  });
});

describe("planLine", () => {
  it("ticks finished stages (struck through reads as skipped) and marks the current one", () => {
    expect(planLine([1, 5, 25, 50, 100], 2, 25)).toBe("✓ 1% → ✓ 5% → **▶ 25%** → 50% → 100%");
  });

  it("marks the first stage at start", () => {
    expect(planLine([1, 5, 100], 0, 1)).toBe("**▶ 1%** → 5% → 100%");
  });

  it("marks no stage as live after a rollback", () => {
    expect(planLine([1, 5, 100], 1, 0)).not.toContain("▶");
  });
});

describe("gateTable", () => {
  it("is empty without gates", () => {
    expect(gateTable([])).toBe("");
  });

  it("has a header and one row per gate with rates as percents and samples grouped", () => {
    const lines = gateTable([countResult(), valueResult()]).split("\n");
    expect(lines).toHaveLength(4);
    expect(cells(lines[0] as string)).toEqual([
      "Gate",
      "Provider",
      "Value",
      "Threshold",
      "Samples",
      "Verdict",
      "Why",
    ]);
    expect(cells(lines[2] as string)).toEqual([
      "http-5xx",
      "prometheus",
      "0.15%",
      "1%",
      "12,345",
      "✅ pass",
      "error rate 0.15% (19 of 12,345) is within 1%",
    ]);
    expect(cells(lines[3] as string)).toEqual([
      "p99-latency",
      "prometheus",
      "—",
      "0.5",
      "—",
      "⏸️ inconclusive",
      "the query returned no data",
    ]);
  });

  it("shows every verdict", () => {
    const table = gateTable([
      countResult({ verdict: "fail" }),
      countResult({ verdict: "error", value: null, samples: null, message: "cannot connect" }),
    ]);
    expect(table).toContain("❌ fail");
    expect(table).toContain("⚠️ error");
  });

  it("shows a count gate's threshold as a rate when the gate is in error or has no data", () => {
    const rows = gateTable([
      countResult({ verdict: "error", value: null, samples: null, message: "boom" }),
      countResult({
        verdict: "inconclusive",
        value: null,
        samples: null,
        message: "no data for the total: nothing to judge yet",
      }),
    ]).split("\n");
    expect(cells(rows[2] as string)[3]).toBe("1%");
    expect(cells(rows[3] as string)[3]).toBe("1%");
  });

  it("escapes | and newlines so a message cannot break the table", () => {
    const row = gateTable([
      valueResult({ name: "a|b", message: 'bad_data: parse error near `code=~"5..|4.."`\nline 2' }),
    ]).split("\n")[2] as string;
    expect(row).not.toContain("\n");
    const c = cells(row);
    expect(c).toHaveLength(7);
    expect(c[0]).toBe("a\\|b");
    expect(c[6]).toBe('bad_data: parse error near `code=~"5..\\|4.."` line 2');
  });

  it("keeps the row's cells when a message holds a backslash before a pipe", () => {
    const row = gateTable([valueResult({ message: "regex 5\\|4 rejected" })]).split("\n")[2];
    expect(cells(row as string)).toHaveLength(7);
  });

  it("shows infinite values as text", () => {
    const row = gateTable([
      valueResult({
        verdict: "fail",
        value: Number.POSITIVE_INFINITY,
        message: "Infinity is above",
      }),
    ]).split("\n")[2] as string;
    expect(cells(row)[2]).toBe("Infinity");
  });
});

describe("summaryMarkdown", () => {
  it("has the title, decision, plan, where the rollout stands and the gate table", () => {
    const md = summaryMarkdown(report());
    expect(md).toContain("## Phased rollout of `0123456` in production");
    expect(md).toContain(
      "**Decision: hold** (nothing recorded) — the stage has been live 10m of the 30m bake time",
    );
    expect(md).toContain("Plan: ✓ 1% → ✓ 5% → **▶ 25%** → 50% → 100%");
    expect(md).toContain("| Command | `advance` |");
    expect(md).toContain("| Traffic | 25% → **25%** |");
    expect(md).toContain("| Stage | 3 of 5 |");
    expect(md).toContain("| Stage live for | 30m |");
    // Each version links to its commit; the baseline also to the comparison of the two.
    expect(md).toContain(`| Version | [\`${SHA}\`](https://github.com/o/r/commit/${SHA}) |`);
    expect(md).toContain(
      `| Replaces | [\`${BASE}\`](https://github.com/o/r/commit/${BASE}) · [compare](https://github.com/o/r/compare/${BASE}...${SHA}) |`,
    );
    expect(md).toContain("| Deployment | 4242 |");
    expect(md).toContain("| Run | https://github.com/o/r/actions/runs/1 |");
    expect(md).toContain("### Gates");
    expect(md).toContain(gateTable(report().gates));
    expect(md.endsWith("\n")).toBe(true);
    expect(md).not.toContain("Dry run");
  });

  it("drops '(nothing recorded)' when a transition was recorded", () => {
    const md = summaryMarkdown(
      report({ changed: true, decision: decision({ kind: "advance", previousPercent: 5 }) }),
    );
    expect(md).toContain("**Decision: advance** — ");
    expect(md).toContain("| Traffic | 5% → **25%** |");
  });

  it("says when nothing was written (dry run) and shows warnings on one line", () => {
    const md = summaryMarkdown(
      report({ dryRun: true, warnings: ["no gates: stages advance on bake time alone\nreally"] }),
    );
    expect(md).toContain("> [!NOTE]\n> Dry run: nothing was written to GitHub.");
    expect(md).toContain("> [!WARNING]\n> no gates: stages advance on bake time alone really");
  });

  it("does not show stage live time at start, and a dash without a baseline", () => {
    const md = summaryMarkdown(
      report({
        decision: decision({ kind: "start", stageIndex: 0, percent: 1, previousPercent: 0 }),
        rollout: { sha: SHA, stages: [1, 5, 100], stageStartedAt: NOW },
        changed: true,
      }),
    );
    expect(md).not.toContain("Stage live for");
    expect(md).toContain("| Replaces | — |");
    expect(md).not.toContain("| Deployment |");
  });

  it("escapes a reason with pipes and newlines", () => {
    const md = summaryMarkdown(report({ decision: decision({ reason: "a | b\nc" }) }));
    expect(md).toContain("— a \\| b c");
  });

  it("is short without a rollout and without gates", () => {
    const md = summaryMarkdown(
      report({
        rollout: undefined,
        gates: [],
        decision: decision({ kind: "none", reason: "none" }),
      }),
    );
    expect(md).toContain("## Phased rollout in production");
    expect(md).not.toContain("Plan:");
    expect(md).not.toContain("### Gates");
  });
});

describe("baselineRecord", () => {
  const record = (extra: Partial<BaselineRecord> = {}): BaselineRecord => ({
    sha: BASE,
    canary: { errors: 3, total: 2_400, rate: 3 / 2_400 },
    baseline: { errors: 40, total: 40_000, rate: 0.001 },
    ratio: 1.25,
    interval: [0.2, 4.1],
    eValue: 0.8,
    eValueNoIncrease: 1.3,
    threshold: 20,
    confidence: 0.95,
    maxIncrease: 0.2,
    tolerableRatio: 1.2,
    verdict: "inconclusive",
    projection: { towards: "pass", canaryRequests: 51_234, hours: 13.2 },
    windows: [],
    notes: [],
    ...extra,
  });
  const gate = countResult({ name: "cmp", unit: "factor", verdict: "inconclusive", value: 1.25 });
  const settle = (b: BaselineRecord) =>
    baselineRecord(gate, b)
      .split("\n")
      .filter((l) => l.startsWith("- **To settle it**"));

  it("says how much more evidence an inconclusive verdict needs, if the rates seen so far hold", () => {
    const md = baselineRecord(gate, record());
    expect(md).toContain("- **Verdict**: hold: not enough evidence yet to tell either way");
    expect(settle(record())).toEqual([
      "- **To settle it**: about 52,000 more canary requests (about 14 hours at this stage's pace) would be enough to pass, if the rates seen so far hold",
    ]);
    // The bullet follows the verdict.
    const lines = md.split("\n");
    expect(lines.findIndex((l) => l.startsWith("- **To settle it**"))).toBe(
      lines.findIndex((l) => l.startsWith("- **Verdict**")) + 1,
    );
  });

  it("shows a value gate's unit with its value and threshold", () => {
    const table = gateTable([
      countResult({ name: "p99", unit: "number", value: 0.42, threshold: 0.5, valueUnit: "s" }),
    ]);
    expect(table).toContain("| p99 | prometheus | 0.42 s | 0.5 s |");
  });

  it("pictures both evidences against the threshold", () => {
    expect(baselineRecord(gate, record({ eValue: 0.8, eValueNoIncrease: Math.sqrt(20) }))).toContain(
      "- **Evidence so far**: to roll back `░░░░░░░░░░░░░░░░░░░░` 0.8 of 20; to pass `██████████░░░░░░░░░░` 4.5 of 20",
    );
  });

  it("towards a rollback, and without a pace", () => {
    expect(settle(record({ projection: { towards: "fail", canaryRequests: 730, hours: null } }))).toEqual([
      "- **To settle it**: about 730 more canary requests would be enough to roll back, if the rates seen so far hold",
    ]);
  });

  it("has no such line without a projection, or once the judge has decided", () => {
    expect(settle(record({ projection: null }))).toEqual([]);
    expect(settle(record({ verdict: "pass" }))).toEqual([]);
  });
});

describe("code", () => {
  it("fences with one backtick more than the longest run inside, padding text that starts or ends with one", () => {
    expect(code("/rollout promote")).toBe("`/rollout promote`");
    expect(code("a`b")).toBe("``a`b``");
    expect(code("``x")).toBe("``` ``x ```");
    expect(code("x`")).toBe("`` x` ``");
  });

  it("keeps backslashes literal and puts everything on one line", () => {
    expect(code("C:\\path\nnext")).toBe("`C:\\path next`");
  });

  it("escapes pipes only in a table cell, where GFM splits on them even inside code", () => {
    expect(code("a|b")).toBe("`a|b`");
    expect(code("a|b", "table")).toBe("`a\\|b`");
  });
});

describe("helpReply", () => {
  it("keeps one row per command when the prefix holds a pipe or a backtick", () => {
    for (const prefix of ["/roll|out", "!`deploy`"]) {
      const rows = helpReply(
        prefix,
        "write",
        "production",
        "https://github.com/o/r/actions/runs/1/attempts/1",
      )
        .split("\n")
        .filter((line) => line.startsWith("| ") && !line.startsWith("| command"));
      expect(rows).toHaveLength(12);
      for (const row of rows) {
        // Two cells: the separators are the unescaped pipes.
        expect(row.replace(/\\\|/g, "").split("|")).toHaveLength(4);
        expect(row).toContain(prefix.replace(/\|/g, "\\|"));
      }
    }
  });
});

describe("refusal replies", () => {
  const RUN = "https://github.com/acme/shop/actions/runs/9/attempts/1";

  it("a custom role GitHub reports only by its base: why it is refused and which input lets it through", () => {
    const reply = unsureRoleReply(
      "mia",
      "/rollout pause",
      "maintain",
      standingOf({ permission: "write", roleName: "release | manager" }),
      RUN,
    );
    expect(reply).toContain("custom role `release | manager`");
    expect(reply).toContain("cannot tell **write** from **maintain**");
    expect(reply).toContain("`permission: write`");
    expect(reply).not.toContain("GitHub Enterprise Server");
    expect(reply.startsWith("👎 @mia,")).toBe(true);
    expect(reply).toContain(`[Workflow run](${RUN})`);
  });

  it("a head whose date cannot be read: not run, and what to do instead", () => {
    const reply = headRefusalReply("wendy", "/rollout start", { kind: "undated", sha: SHA }, RUN);
    expect(reply).toContain("`/rollout start` was not run");
    expect(reply).toContain("0123456");
    expect(reply).toContain("Nothing was changed.");
  });
});

describe("summaryMarkdown for a reviewer", () => {
  it("after a rollback, says what to do next", () => {
    const md = summaryMarkdown(
      report({ changed: true, decision: decision({ kind: "rollback", percent: 0, previousPercent: 25 }) }),
    );
    expect(md).toContain(
      "**Next:** the new version gets no traffic. Fix the cause and push a new commit, which starts a new rollout; or, once the cause is known to be elsewhere, run `command: start` with `ref` set to this version to try it again.",
    );
    expect(summaryMarkdown(report())).not.toContain("**Next:**");
  });

  it("never cuts a long reason mid-word", () => {
    const long = `${"evidence ".repeat(400)}end`;
    const md = summaryMarkdown(report({ decision: decision({ reason: long }) }));
    const line = md.split("\n").find((l) => l.startsWith("**Decision:")) ?? "";
    expect(line).toMatch(/ evidence…$/);
  });

  it("parses as GitHub-flavoured Markdown: every table keeps its columns", () => {
    const tables = nodesOf(parseGfm(summaryMarkdown(report())), "table");
    expect(tables.length).toBeGreaterThanOrEqual(2);
    for (const t of tables) {
      const widths = t.children.map((row) => row.children.length);
      expect(new Set(widths).size, JSON.stringify(widths)).toBe(1);
    }
  });
});
