// Report text with hostile gate names and messages, reasons and environments: comment replies stay within
// GitHub's 65,536 characters, every table row stays one row, and nothing a user typed starts a line that
// the runner would read as a workflow command.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Command } from "../../src/rollout/model.ts";
import { type Decision, decide } from "../../src/rollout/decide.ts";
import type { GateResult, Verdict } from "../../src/gates/result.ts";
import { commentReply, errorReply, helpReply, refusalReply } from "../../src/report/comment.ts";
import { outputValues } from "../../src/report/outputs.ts";
import type { Report } from "../../src/report/report.ts";
import { summaryMarkdown } from "../../src/report/summary.ts";
import { check, hostileString, reportCases, thrown, withoutControl } from "./fuzz.ts";
import { derivedRollout, login, plan, SHA, T0 } from "./rollouts.ts";

reportCases("report");

const COMMENT_LIMIT = 65_536;
const SUMMARY_LIMIT = 1024 * 1024;
const GATE_HEADER = "| Gate | Provider | Value | Threshold | Samples | Verdict | Why |";

/** Markdown line endings, as CommonMark (and so GitHub) reads them. */
const LINES = /\r\n|\n|\r/;

/** Pipes that separate table cells: not escaped with a backslash. */
function pipes(row: string): number {
  let n = 0;
  for (let i = 0; i < row.length; i++) {
    if (row[i] === "\\") i++;
    else if (row[i] === "|") n++;
  }
  return n;
}

/** The gate table's rows, as GitHub splits the text into lines. */
function gateRows(markdown: string): string[] {
  const lines = markdown.split(LINES);
  const start = lines.indexOf(GATE_HEADER);
  if (start < 0) return [];
  const rows: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (line === "") break;
    rows.push(line);
  }
  return rows;
}

const VERDICTS: Verdict[] = ["pass", "fail", "inconclusive", "error"];

function gate(messageLength: number): fc.Arbitrary<GateResult> {
  return fc.record({
    // Names are at most 100 characters (the schema's limit); messages are whatever a server sent.
    name: fc
      .oneof(
        hostileString(100),
        fc.constantFrom("a|b", "x\\", "\\|", "`|`", "<!-- x", "line\nbreak", "cr\rhere"),
      )
      .map((n) => n.slice(0, 100)),
    provider: fc.constantFrom(
      "prometheus" as const,
      "datadog" as const,
      "newrelic" as const,
      "http" as const,
    ),
    unit: fc.constantFrom("ratio" as const, "number" as const),
    verdict: fc.constantFrom(...VERDICTS),
    value: fc.option(fc.double(), { nil: null }),
    threshold: fc.option(fc.double(), { nil: null }),
    samples: fc.option(fc.oneof(fc.nat(), fc.constantFrom(-1, 2 ** 53, Number.MAX_SAFE_INTEGER)), {
      nil: null,
    }),
    message: fc.oneof(
      hostileString(200),
      fc.integer({ min: 0, max: messageLength }).map((n) => "m|\\`".repeat(Math.ceil(n / 4)).slice(0, n)),
    ),
    queries: fc.array(hostileString(40), { maxLength: 2 }),
    shadow: fc.boolean(),
  });
}

/** Text without lone carriage returns: a known problem (see the end of the file), kept apart. */
const noCR = (t: string): string => t.replace(/\r(?!\n)/g, " ");
const noLoneCR = (g: GateResult): GateResult => ({ ...g, name: noCR(g.name), message: noCR(g.message) });

const decision: fc.Arbitrary<Decision> = fc
  .record({
    kind: fc.constantFrom<Decision["kind"]>(
      "start",
      "advance",
      "hold",
      "complete",
      "rollback",
      "pause",
      "resume",
      "none",
    ),
    stages: plan,
    index: fc.nat(),
    previous: fc.nat(),
    reason: fc.oneof(
      hostileString(300),
      fc.integer({ min: 0, max: 100_000 }).map((n) => "r".repeat(n)),
    ),
    error: fc.option(hostileString(300), { nil: undefined }),
  })
  .map(({ stages, index, previous, error, reason, ...d }) => ({
    ...d,
    reason: noCR(reason),
    stageIndex: index % stages.length,
    stageCount: stages.length,
    percent: stages[index % stages.length] as number,
    previousPercent: stages[previous % stages.length] as number,
    ...(error !== undefined && { error: noCR(error) }),
  }));

function report(
  gates: fc.Arbitrary<GateResult[]>,
  decisions: fc.Arbitrary<Decision> = decision,
): fc.Arbitrary<Report> {
  return fc
    .record({
      decision: decisions,
      stages: plan,
      gates,
      changed: fc.boolean(),
      environment: hostileString(255).map((e) => withoutControl(e) || "production"),
      command: hostileString(60),
      requestedBy: fc.option(login, { nil: undefined }),
      note: fc.option(hostileString(200), { nil: undefined }),
      dryRun: fc.boolean(),
      warnings: fc.array(hostileString(200), { maxLength: 3 }),
      withRollout: fc.boolean(),
    })
    .map(({ stages, withRollout, requestedBy, note, command, warnings, ...r }) => ({
      ...r,
      command: noCR(command),
      warnings: warnings.map(noCR),
      ...(withRollout && {
        rollout: {
          sha: SHA,
          deploymentId: 42,
          baselineSha: "f".repeat(40),
          stages,
          stageStartedAt: new Date(T0),
        },
      }),
      ...(requestedBy !== undefined && { requestedBy }),
      ...(note !== undefined && { note: noCR(note) }),
      runUrl: "https://github.com/o/r/actions/runs/1/attempts/1",
      now: new Date(T0 + 3_600_000),
    }));
}

/** Decisions the way decide makes them, from rollouts, commands and gates with hostile text. */
function decided(
  gates: fc.Arbitrary<GateResult[]>,
): fc.Arbitrary<{ decision: Decision; gates: GateResult[] }> {
  return fc
    .record({
      current: derivedRollout,
      command: fc.constantFrom<Command>(
        { kind: "advance" },
        { kind: "promote" },
        { kind: "promote", to: 50 },
        { kind: "status" },
        { kind: "pause" },
        { kind: "rollback" },
      ),
      gates,
      reason: fc.option(hostileString(200).map(noCR), { nil: undefined }),
      force: fc.boolean(),
      actor: login,
    })
    .map(({ current, command, gates: g, reason, force, actor }) => {
      const base = {
        command,
        source: "comment" as const,
        current,
        stages: current.stages,
        now: new Date(T0 + 100 * 3_600_000),
        bakeTimeSeconds: 0,
        force,
        actor,
        runId: 0,
        ...(reason !== undefined && { reason }),
      };
      const first = decide(base);
      const d = first.kind === "need-gates" ? first.decide(g, base.now) : first;
      return { decision: d, gates: g };
    });
}

function assertComment(text: string): void {
  expect(text.length).toBeLessThanOrEqual(COMMENT_LIMIT);
  expect(Array.from(text).length).toBeLessThanOrEqual(COMMENT_LIMIT);
}

describe("comment replies", () => {
  it("commentReply stays within 65,536 characters and keeps every gate row one row", () => {
    check(
      fc.property(
        report(fc.array(gate(3000).map(noLoneCR), { maxLength: 50 })),
        hostileString(80),
        (r, asked) => {
          const text = commentReply(r, asked);
          assertComment(text);
          if (text.includes("…(cut to fit a comment)")) return;
          const rows = gateRows(text);
          expect(rows.length).toBe(r.gates.length);
          for (const row of rows) expect(pipes(row), row.slice(0, 200)).toBe(8);
        },
      ),
      300,
    );
  });

  it("replies built from real decisions (reasons listing hostile gate messages) stay within the limit", () => {
    check(
      fc.property(
        decided(fc.array(gate(20_000).map(noLoneCR), { maxLength: 50 })),
        report(fc.constant([])),
        ({ decision: d, gates }, r) => {
          const text = commentReply({ ...r, decision: d, gates }, "/rollout advance");
          assertComment(text);
          // What the runner would log in a dry run never starts a line with a workflow command.
          const info = text.split("### Gates")[0] ?? "";
          for (const line of info.split(LINES)) expect(line.startsWith("::")).toBe(false);
        },
      ),
      200,
    );
  });

  it("errorReply, refusalReply and helpReply stay within the limit", () => {
    check(
      fc.property(
        hostileString(80),
        fc.oneof(
          hostileString(300),
          fc.integer({ min: 0, max: 200_000 }).map((n) => "e".repeat(n)),
        ),
        login,
        fc.string({ minLength: 1, maxLength: 50 }).filter((p) => /^\S{1,50}$/.test(p)),
        hostileString(255),
        (asked, message, author, prefix, environment) => {
          assertComment(errorReply(asked, message, "https://github.com/o/r/actions/runs/1/attempts/1"));
          const run = "https://github.com/o/r/actions/runs/1/attempts/1";
          assertComment(refusalReply(author, asked, "write", "read", run));
          assertComment(helpReply(prefix, "maintain", environment, run));
        },
      ),
      300,
    );
  });
});

describe("job summary and outputs", () => {
  it("summaryMarkdown never throws; the gate table has one intact row per gate", () => {
    check(
      fc.property(report(fc.array(gate(2000).map(noLoneCR), { maxLength: 50 })), (r) => {
        let text = "";
        expect(thrown(() => (text = summaryMarkdown(r)))).toBeUndefined();
        const rows = gateRows(text);
        expect(rows.length).toBe(r.gates.length);
        for (const row of rows) expect(pipes(row), row.slice(0, 200)).toBe(8);
        // The other table: two cells a row.
        const info = text.split("### Gates")[0] ?? "";
        for (const line of info.split(LINES))
          if (/^\| (Command|Requested by|Traffic|Stage|Version|Replaces|Run) /.test(line))
            expect(pipes(line)).toBe(3);
      }),
      300,
    );
  });

  it("outputs are strings, and the gates output is JSON with one entry per gate", () => {
    check(
      fc.property(report(fc.array(gate(500), { maxLength: 10 })), (r) => {
        const out = outputValues(r);
        for (const v of Object.values(out)) expect(typeof v).toBe("string");
        const gates = JSON.parse(out.gates ?? "") as unknown[];
        expect(gates).toHaveLength(r.gates.length);
      }),
      300,
    );
  });
});

describe("known problems", () => {
  it("a lone carriage return in a gate message never breaks its row", () => {
    check(
      fc.property(
        gate(10).map((g) => ({ ...g, message: `before\rafter ${g.message}` })),
        report(fc.constant([])),
        (g, r) => {
          const rows = gateRows(summaryMarkdown({ ...r, gates: [g] }));
          expect(rows).toHaveLength(1);
          expect(pipes(rows[0] ?? "")).toBe(8);
        },
      ),
      20,
    );
  });

  it("the gate table survives a long reason, one intact row per gate", () => {
    check(
      fc.property(
        fc.integer({ min: 30_000, max: 200_000 }),
        fc.array(gate(300).map(noLoneCR), { minLength: 1, maxLength: 50 }),
        report(fc.constant([])),
        (n, gates, r) => {
          const { error: _error, ...rest } = r.decision;
          const text = commentReply(
            { ...r, gates, decision: { ...rest, reason: "r".repeat(n) } },
            "/rollout advance",
          );
          assertComment(text);
          const rows = gateRows(text);
          expect(rows).toHaveLength(gates.length);
          for (const row of rows) expect(pipes(row)).toBe(8);
        },
      ),
      20,
    );
  });

  it("the job summary stays under GitHub's 1 MiB, whatever the gates said", () => {
    check(
      fc.property(
        fc.array(gate(10), { minLength: 50, maxLength: 50 }),
        report(fc.constant([])),
        (gates, r) => {
          const loud = gates.map((g) => ({ ...g, message: "m".repeat(30_000) }));
          expect(Buffer.byteLength(summaryMarkdown({ ...r, gates: loud }))).toBeLessThanOrEqual(
            SUMMARY_LIMIT,
          );
        },
      ),
      3,
    );
  });
});
