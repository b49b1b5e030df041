// What a run tells people and later steps: outputs, the job summary, log lines.

import * as core from "@actions/core";
import type { Decision } from "./decide.ts";
import type { GateResult } from "./gates/evaluate.ts";
import { OUTPUTS } from "./names.ts";
import { formatDuration, formatPercent } from "./plan.ts";
import type { Rollout } from "./state.ts";

export interface Report {
  decision: Decision;
  /** The rollout the decision concerns, after recording (undefined when none was found). */
  rollout?: {
    sha: string;
    deploymentId?: number;
    baselineSha?: string;
    stages: number[];
    stageStartedAt?: Date;
  };
  gates: GateResult[];
  changed: boolean;
  environment: string;
  command: string;
  /** Who asked, for manual commands (input or comment), and what they gave as the reason. */
  requestedBy?: string;
  note?: string;
  dryRun: boolean;
  runUrl: string;
  now: Date;
  warnings: string[];
}

export function outputValues(r: Report): Record<string, string> {
  const d = r.decision;
  const out: Record<string, string> = {
    [OUTPUTS.decision]: d.kind,
    [OUTPUTS.changed]: String(r.changed),
    [OUTPUTS.reason]: d.reason,
    [OUTPUTS.gates]: JSON.stringify(
      r.gates.map(({ name, provider, verdict, value, threshold, samples, message, queries, shadow }) => ({
        name,
        provider,
        verdict,
        value,
        threshold,
        samples,
        message,
        queries,
        shadow,
      })),
    ),
  };
  if (r.rollout) {
    Object.assign(out, {
      [OUTPUTS.percent]: String(d.percent),
      [OUTPUTS.previousPercent]: String(d.previousPercent),
      [OUTPUTS.stage]: String(d.stageIndex + 1),
      [OUTPUTS.stageCount]: String(d.stageCount),
      [OUTPUTS.sha]: r.rollout.sha,
      [OUTPUTS.baselineSha]: r.rollout.baselineSha ?? "",
      [OUTPUTS.deploymentId]: r.rollout.deploymentId === undefined ? "" : String(r.rollout.deploymentId),
    });
  }
  return out;
}

function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function figure(n: number | null, asPercent: boolean): string {
  if (n === null) return "—";
  if (asPercent) return `${Number((n * 100).toPrecision(3))}%`;
  return Number.isFinite(n) ? String(Number(n.toPrecision(4))) : String(n);
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
    const isRate = g.unit === "ratio";
    return `| ${cell(g.name)} | ${g.provider} | ${figure(g.value, isRate)} | ${figure(g.threshold, isRate)} | ${
      g.samples === null ? "—" : g.samples.toLocaleString("en-US")
    } | ${VERDICT_ICON[g.verdict]}${g.shadow ? " (shadow, not deciding)" : ""} | ${cell(g.message)} |`;
  });
  return [
    "| Gate | Provider | Value | Threshold | Samples | Verdict | Why |",
    "|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}

export function planLine(stages: number[], stageIndex: number, percent: number): string {
  return stages
    .map((s, i) => {
      const label = formatPercent(s);
      if (i === stageIndex && percent > 0) return `**▶ ${label}**`;
      return i < stageIndex || (percent === 100 && i === stageIndex) ? `~~${label}~~` : label;
    })
    .join(" → ");
}

export function summaryMarkdown(r: Report): string {
  const d = r.decision;
  const lines: string[] = [];
  const title = r.rollout
    ? `Phased rollout of \`${r.rollout.sha.slice(0, 7)}\` in ${r.environment}`
    : `Phased rollout in ${r.environment}`;
  lines.push(`## ${title}`, "");
  if (r.dryRun) lines.push("> [!NOTE]", "> Dry run: nothing was written to GitHub.", "");
  if (d.error) lines.push("> [!CAUTION]", `> ${cell(d.error)}`, "");
  for (const w of r.warnings) lines.push("> [!WARNING]", `> ${cell(w)}`, "");
  lines.push(`**Decision: ${d.kind}**${r.changed ? "" : " (nothing recorded)"} — ${cell(d.reason)}`, "");
  if (r.rollout) {
    lines.push(`Plan: ${planLine(r.rollout.stages, d.stageIndex, d.percent)}`, "");
    lines.push("| | |", "|---|---|");
    lines.push(`| Command | \`${cell(r.command)}\` |`);
    if (r.requestedBy) {
      lines.push(`| Requested by | @${cell(r.requestedBy)}${r.note ? `: ${cell(r.note)}` : ""} |`);
    }
    lines.push(`| Traffic | ${formatPercent(d.previousPercent)} → **${formatPercent(d.percent)}** |`);
    lines.push(`| Stage | ${d.stageIndex + 1} of ${d.stageCount} |`);
    if (r.rollout.stageStartedAt && d.kind !== "start") {
      const live = (r.now.getTime() - r.rollout.stageStartedAt.getTime()) / 1000;
      lines.push(`| Stage live for | ${formatDuration(live)} |`);
    }
    lines.push(`| Version | \`${r.rollout.sha}\` |`);
    lines.push(`| Replaces | ${r.rollout.baselineSha ? `\`${r.rollout.baselineSha}\`` : "—"} |`);
    if (r.rollout.deploymentId !== undefined) lines.push(`| Deployment | ${r.rollout.deploymentId} |`);
    lines.push(`| Run | ${r.runUrl} |`, "");
  }
  if (r.gates.length > 0) lines.push("### Gates", "", gateTable(r.gates), "");
  return `${lines.join("\n")}\n`;
}

export async function publish(r: Report): Promise<void> {
  for (const [name, value] of Object.entries(outputValues(r))) core.setOutput(name, value);
  if (process.env.GITHUB_STEP_SUMMARY) {
    await core.summary.addRaw(summaryMarkdown(r)).write();
  }
}

export function rolloutView(r: Rollout) {
  return {
    sha: r.sha,
    deploymentId: r.deploymentId,
    ...(r.baselineSha && { baselineSha: r.baselineSha }),
    stages: r.stages,
    stageStartedAt: r.stageStartedAt,
  };
}

const MARKER = "<!-- phased-rollout -->";
// GitHub accepts 65,536 characters per comment; stay well inside it whatever the gates say.
const MAX_REPLY = 60_000;
const MAX_GATE_MESSAGE = 300;

function bounded(text: string): string {
  return text.length <= MAX_REPLY ? text : `${text.slice(0, MAX_REPLY - 40)}\n\n…(cut to fit a comment)\n`;
}

function short(sha: string): string {
  return sha.slice(0, 7);
}

/** The reply to a `/rollout` command: version, stage and traffic before → after, gates, and the run. */
export function commentReply(r: Report, asked: string): string {
  const d = r.decision;
  const icon = d.error ? "😕" : r.changed ? "🚀" : "ℹ️";
  const lines = [
    `${icon} \`${cell(asked)}\` → **${d.kind}**${r.dryRun ? " (dry run: nothing written)" : ""}`,
    "",
  ];
  if (r.rollout) {
    const prevStage = d.previousPercent === d.percent ? d.stageIndex + 1 : undefined;
    lines.push(
      `**${short(r.rollout.sha)}** in ${cell(r.environment)}: ${formatPercent(d.previousPercent)} → **${formatPercent(d.percent)}**, stage ${prevStage ?? d.stageIndex + 1} of ${d.stageCount}${
        r.rollout.baselineSha ? ` (replacing ${short(r.rollout.baselineSha)})` : ""
      }`,
      "",
      `Plan: ${planLine(r.rollout.stages, d.stageIndex, d.percent)}`,
      "",
    );
  }
  lines.push(cell(d.error ?? d.reason), "");
  if (r.gates.length > 0) {
    const gates = r.gates.map((g) =>
      g.message.length > MAX_GATE_MESSAGE ? { ...g, message: `${g.message.slice(0, MAX_GATE_MESSAGE)}…` } : g,
    );
    lines.push(gateTable(gates), "");
  }
  lines.push(`[Workflow run](${r.runUrl})`, "", MARKER);
  return bounded(lines.join("\n"));
}

export function refusalReply(author: string, asked: string, needed: string, has: string): string {
  return [
    `👎 @${author}, \`${cell(asked)}\` needs the **${needed}** role (or higher) on this repository; you have **${
      has === "none" ? "no role" : has
    }**. Nothing was changed.`,
    "",
    MARKER,
  ].join("\n");
}

export function errorReply(
  asked: string,
  message: string,
  ctx: { serverUrl: string; owner: string; repo: string; runId: number },
): string {
  return bounded(
    [
      `😕 \`${cell(asked)}\` failed: ${cell(message)}`,
      "",
      `[Workflow run](${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/actions/runs/${ctx.runId})`,
      "",
      MARKER,
    ].join("\n"),
  );
}

export function helpReply(prefix: string, permission: string, environment: string): string {
  const rows: [string, string][] = [
    ["status", "where the rollout stands; changes nothing"],
    ["start", "roll out this pull request's head commit (its merge commit once merged)"],
    ["promote", "go to the next stage now, skipping bake time; a failing gate still blocks"],
    ["promote to <percent>", "jump to that stage of the plan"],
    ["promote --full", "jump to 100%"],
    ["promote … --force", "promote past a failing gate (recorded)"],
    ["pause [reason]", "hold at the current stage until resumed"],
    ["resume", "end a pause"],
    ["rollback [reason]", "send the new version's traffic to 0% and close the rollout"],
    ["help", "this list"],
  ];
  return [
    `Commands for the rollout in **${cell(environment)}**, in the first line of a new comment:`,
    "",
    "| command | what it does |",
    "|---|---|",
    ...rows.map(([c, what]) => `| \`${prefix} ${c}\` | ${what} |`),
    "",
    `Anyone with the **${permission}** role or higher on this repository may use them.`,
    "",
    MARKER,
  ].join("\n");
}
