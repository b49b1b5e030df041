// The job summary: the plan, where the rollout stands, every gate's figures and the baseline's evidence.

import { clip, formatDuration, formatFraction, formatPercent, formatRatio } from "../format.ts";
import type { BaselineRecord, GateResult } from "../gates/result.ts";
import { describeProjection } from "../stats/words.ts";
import { cell, code } from "./markdown.ts";
import { replaySection } from "./replay.ts";
import { splitSection } from "./split.ts";
import { evidenceBar, formatEValue } from "./evidence.ts";
import { baselineLinks, commitLink } from "./links.ts";
import { queriesSection } from "./queries.ts";
import { timelineChart } from "./timeline.ts";

export { formatEValue };

const NEXT_AFTER_ROLLBACK =
  "**Next:** the new version gets no traffic. Fix the cause and push a new commit, which starts a new rollout; or, once the cause is known to be elsewhere, run `command: start` with `ref` set to this version to try it again.";
import type { Report } from "./report.ts";
import { waveSection } from "./wave.ts";

// Gate messages quote monitoring servers; bounded so summaries and replies stay within GitHub's limits.
const MAX_GATE_MESSAGE = 300;
export const MAX_REASON = 2000;

function figure(n: number | null, unit: GateResult["unit"], valueUnit?: string): string {
  if (n === null) return "—";
  if (unit === "ratio") return formatFraction(n);
  if (unit === "factor") return formatRatio(n);
  const plain = Number.isFinite(n) ? String(Number(n.toPrecision(4))) : String(n);
  return valueUnit ? `${plain} ${valueUnit}` : plain;
}

const VERDICT_ICON = {
  pass: "✅ pass",
  fail: "❌ fail",
  inconclusive: "⏸️ inconclusive",
  error: "⚠️ error",
} as const;

export function gateTable(gates: GateResult[]): string {
  if (gates.length === 0) return "";
  const rows = gates.map((g) => {
    return `| ${cell(g.name)} | ${g.provider} | ${figure(g.value, g.unit, g.valueUnit)} | ${figure(g.threshold, g.unit, g.valueUnit)} | ${
      g.samples === null ? "—" : g.samples.toLocaleString("en-US")
    } | ${VERDICT_ICON[g.verdict]}${g.shadow ? " (shadow, not deciding)" : ""} | ${cell(clip(g.message, MAX_GATE_MESSAGE))} |`;
  });
  return [
    "| Gate | Provider | Value | Threshold | Samples | Verdict | Why |",
    "|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

function rate(r: number | null): string {
  return r === null ? "—" : formatFraction(r);
}

const JUDGE_WORDS = {
  fail: (b: BaselineRecord) =>
    `roll back: with ${formatFraction(b.confidence)} confidence, the new version fails more than ${formatRatio(b.tolerableRatio)} as often as the baseline`,
  pass: (b: BaselineRecord) =>
    `pass: with ${formatFraction(b.confidence)} confidence, the new version fails at most ${formatRatio(b.tolerableRatio)} as often as the baseline`,
  inconclusive: () => "hold: not enough evidence yet to tell either way; the next runs add to it",
} as const;

/** The decision record of a comparison with the baseline, for the job summary. */
export function baselineRecord(g: GateResult, b: BaselineRecord): string {
  const conf = formatFraction(b.confidence);
  const [lower, upper] = b.interval;
  const interval = `${formatRatio(lower)} to ${upper === null ? "unbounded" : formatRatio(upper)}`;
  const lines = [
    `#### ${cell(g.name)}: new version vs baseline${b.sha ? ` \`${b.sha.slice(0, 7)}\`` : ""}`,
    "",
    "| | errors | requests | error rate |",
    "|---|--:|--:|--:|",
    `| new version (canary) | ${count(b.canary.errors)} | ${count(b.canary.total)} | ${rate(b.canary.rate)} |`,
    `| baseline | ${count(b.baseline.errors)} | ${count(b.baseline.total)} | ${rate(b.baseline.rate)} |`,
    "",
    `- **Ratio of error rates** (new ÷ baseline): ${b.ratio === null ? "not defined yet" : `**${formatRatio(b.ratio)}**`}, ${conf} confidence bounds ${interval}; tolerated: up to ${formatRatio(b.tolerableRatio)} (max-increase ${formatFraction(b.maxIncrease)})`,
    `- **Evidence of an increase** (e-value): ${formatEValue(b.eValue)} against the rollback threshold ${formatEValue(b.threshold)} = 1 / (1 − ${b.confidence})`,
    `- **Evidence against an increase**: ${formatEValue(b.eValueNoIncrease)} against ${formatEValue(b.threshold)} to pass`,
    `- **Evidence so far**: to roll back ${evidenceBar(b.eValue, b.threshold)}; to pass ${evidenceBar(b.eValueNoIncrease, b.threshold)}`,
    `- **Verdict**: ${JUDGE_WORDS[b.verdict](b)}${
      g.verdict === (b.verdict as string) ? "" : ` (the gate: ${g.verdict}, see its message above)`
    }`,
  ];
  if (b.verdict === "inconclusive" && b.projection) {
    lines.push(`- **To settle it**: ${describeProjection(b.projection)}, if the rates seen so far hold`);
  }
  if (b.windows.length > 0) {
    lines.push(
      "",
      `<details><summary>Evidence from ${b.windows.length} stage window${b.windows.length > 1 ? "s" : ""}</summary>`,
      "",
      "| stage | from | to | canary errors / requests | baseline errors / requests |",
      "|---|---|---|--:|--:|",
      ...b.windows.map(
        (w) =>
          `| ${w.stage} (${formatPercent(w.percent)}) | ${w.from} | ${w.to} | ${count(w.canary.errors)} / ${count(w.canary.total)} | ${count(w.baseline.errors)} / ${count(w.baseline.total)} |`,
      ),
      ...(b.notes.length > 0 ? ["", ...b.notes.map((n) => `- ${cell(n)}`)] : []),
      "",
      "</details>",
    );
  }
  if (b.split) lines.push("", splitSection(b.split));
  return lines.join("\n");
}

export function planLine(stages: number[], stageIndex: number, percent: number): string {
  return stages
    .map((s, i) => {
      const label = formatPercent(s);
      if (i === stageIndex && percent > 0) return `**▶ ${label}**`;
      // A tick, not a strike-through: struck through reads as skipped.
      return i < stageIndex || (percent === 100 && i === stageIndex) ? `✓ ${label}` : label;
    })
    .join(" → ");
}

/** A dry run that would have recorded a transition moved nothing: the traffic is still where it was. */
function dryRunNote(r: Report): string {
  const d = r.decision;
  const before = r.rollout?.percent;
  if (!d.record) return "Dry run: nothing was written to GitHub.";
  if (d.record.newRollout || before === undefined) {
    return "Dry run: nothing was written to GitHub; the new version gets no traffic, and `percent` is empty.";
  }
  return `Dry run: nothing was written to GitHub; traffic stays at ${formatPercent(before)}.`;
}

function trafficCell(r: Report): string {
  const d = r.decision;
  if (r.dryRun && d.record) {
    const before = d.record.newRollout ? undefined : r.rollout?.percent;
    return `${before === undefined ? "none" : formatPercent(before)} (a real run: **${formatPercent(d.percent)}**)`;
  }
  return `${formatPercent(d.previousPercent)} → **${formatPercent(d.percent)}**`;
}

export function summaryMarkdown(r: Report): string {
  const d = r.decision;
  const lines: string[] = [];
  const title = r.rollout
    ? `Phased rollout of \`${r.rollout.sha.slice(0, 7)}\` in ${r.environment}`
    : `Phased rollout in ${r.environment}`;
  lines.push(`## ${title}`, "");
  if (r.dryRun) lines.push("> [!NOTE]", `> ${dryRunNote(r)}`, "");
  if (d.error) lines.push("> [!CAUTION]", `> ${cell(clip(d.error, MAX_REASON))}`, "");
  for (const w of r.warnings) lines.push("> [!WARNING]", `> ${cell(w)}`, "");
  lines.push(
    `**Decision: ${d.kind}**${r.changed ? "" : " (nothing recorded)"} — ${cell(clip(d.reason, MAX_REASON))}`,
    "",
  );
  if (d.kind === "rollback") lines.push(NEXT_AFTER_ROLLBACK, "");
  if (r.rollout) {
    lines.push(`Plan: ${planLine(r.rollout.stages, d.stageIndex, d.percent)}`, "");
    lines.push("| | |", "|---|---|");
    lines.push(`| Command | ${code(r.command, "table")} |`);
    if (r.requestedBy) {
      lines.push(`| Requested by | @${cell(r.requestedBy)}${r.note ? `: ${cell(r.note)}` : ""} |`);
    }
    lines.push(`| Traffic | ${trafficCell(r)} |`);
    lines.push(`| Stage | ${d.stageIndex + 1} of ${d.stageCount} |`);
    if (r.rollout.stageStartedAt && d.kind !== "start") {
      const live = (r.now.getTime() - r.rollout.stageStartedAt.getTime()) / 1000;
      lines.push(`| Stage live for | ${formatDuration(live)} |`);
    }
    lines.push(`| Version | ${commitLink(r.runUrl, r.rollout.sha)} |`);
    lines.push(
      `| Replaces | ${r.rollout.baselineSha ? baselineLinks(r.runUrl, r.rollout.baselineSha, r.rollout.sha) : "—"} |`,
    );
    if (r.rollout.deploymentId !== undefined) lines.push(`| Deployment | ${r.rollout.deploymentId} |`);
    lines.push(`| Run | ${r.runUrl} |`, "");
  }
  lines.push(...waveSection(r));
  if (r.gates.length > 0) lines.push("### Gates", "", gateTable(r.gates), "");
  for (const g of r.gates) if (g.baseline) lines.push(baselineRecord(g, g.baseline), "");
  if (r.replay) lines.push(replaySection(r.replay), "");
  const timeline = r.rollout ? timelineChart(r.rollout, r.now) : "";
  if (timeline) lines.push("### Timeline", "", timeline, "");
  const queries = queriesSection(r.gates, { all: r.command === "check" });
  if (queries) lines.push(queries, "");
  return `${lines.join("\n")}\n`;
}
