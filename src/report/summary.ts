// What a run tells people and later steps: outputs, the job summary, log lines.

import * as core from "@actions/core";
import type { Decision } from "../rollout/decide.ts";
import type { BaselineRecord, GateResult } from "../gates/run.ts";
import { OUTPUTS } from "../io/names.ts";
import { formatDuration, formatPercent } from "../format.ts";
import { describeProjection, formatRatio } from "../stats/judge.ts";
import type { HeadRefusal, Standing } from "../io/comment.ts";
import type { Role } from "../io/inputs.ts";
import type { Rollout } from "../rollout/model.ts";
import { clip } from "../format.ts";

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
      r.gates.map(
        ({ name, provider, verdict, value, threshold, samples, message, queries, shadow, baseline }) => ({
          name,
          provider,
          verdict,
          value,
          threshold,
          samples,
          message,
          queries,
          shadow,
          ...(baseline && { baseline }),
        }),
      ),
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

// Gate messages quote monitoring servers; bounded so summaries and replies stay within GitHub's limits.
const MAX_GATE_MESSAGE = 300;
const MAX_REASON = 2000;

function cell(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/\r\n?|\n/g, " ");
}

/**
 * Text shown as inline code: the fence is one backtick longer than any run of backticks inside (padded when
 * the text starts or ends with one), and line breaks become spaces. In a table cell pipes are escaped too
 * (GFM tables split on them even inside code; elsewhere the backslash would show). Backslashes are literal
 * in code, so they stay.
 */
export function code(text: string, where: "table" | "text" = "text"): string {
  const oneLine = text.replace(/\r\n?|\n/g, " ");
  const flat = where === "table" ? oneLine.replace(/\|/g, "\\|") : oneLine;
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

function figure(n: number | null, unit: GateResult["unit"]): string {
  if (n === null) return "—";
  if (unit === "ratio") return `${Number((n * 100).toPrecision(3))}%`;
  if (unit === "factor") return formatRatio(n);
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
    return `| ${cell(g.name)} | ${g.provider} | ${figure(g.value, g.unit)} | ${figure(g.threshold, g.unit)} | ${
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
  return r === null ? "—" : `${Number((r * 100).toPrecision(3))}%`;
}

/** An e-value for people: "0.42", "1,146", "3.2e41". */
export function formatEValue(e: number): string {
  if (e >= 1e6) return e.toExponential(1).replace("e+", "e");
  if (e >= 100) return Math.round(e).toLocaleString("en-US");
  return String(Number(e.toPrecision(2)));
}

function percentOf(x: number): string {
  return `${Number((x * 100).toPrecision(3))}%`;
}

const JUDGE_WORDS = {
  fail: (b: BaselineRecord) =>
    `roll back: with ${percentOf(b.confidence)} confidence, the new version fails more than ${formatRatio(b.tolerableRatio)} as often as the baseline`,
  pass: (b: BaselineRecord) =>
    `pass: with ${percentOf(b.confidence)} confidence, the new version fails at most ${formatRatio(b.tolerableRatio)} as often as the baseline`,
  inconclusive: () => "hold: not enough evidence yet to tell either way; the next runs add to it",
} as const;

/** The decision record of a comparison with the baseline, for the job summary. */
export function baselineRecord(g: GateResult, b: BaselineRecord): string {
  const conf = percentOf(b.confidence);
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
    `- **Ratio of error rates** (new ÷ baseline): ${b.ratio === null ? "not defined yet" : `**${formatRatio(b.ratio)}**`}, ${conf} confidence bounds ${interval}; tolerated: up to ${formatRatio(b.tolerableRatio)} (max-increase ${percentOf(b.maxIncrease)})`,
    `- **Evidence of an increase** (e-value): ${formatEValue(b.eValue)} against the rollback threshold ${formatEValue(b.threshold)} = 1 / (1 − ${b.confidence})`,
    `- **Evidence against an increase**: ${formatEValue(b.eValueNoIncrease)} against ${formatEValue(b.threshold)} to pass`,
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
  return lines.join("\n");
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
  if (d.error) lines.push("> [!CAUTION]", `> ${cell(clip(d.error, MAX_REASON))}`, "");
  for (const w of r.warnings) lines.push("> [!WARNING]", `> ${cell(w)}`, "");
  lines.push(
    `**Decision: ${d.kind}**${r.changed ? "" : " (nothing recorded)"} — ${cell(clip(d.reason, MAX_REASON))}`,
    "",
  );
  if (r.rollout) {
    lines.push(`Plan: ${planLine(r.rollout.stages, d.stageIndex, d.percent)}`, "");
    lines.push("| | |", "|---|---|");
    lines.push(`| Command | ${code(r.command, "table")} |`);
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
  for (const g of r.gates) if (g.baseline) lines.push(baselineRecord(g, g.baseline), "");
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
    `${icon} ${code(asked)} → **${d.kind}**${r.dryRun ? " (dry run: nothing written)" : ""}`,
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
  lines.push(cell(clip(d.error ?? d.reason, MAX_REASON)), "");
  if (r.gates.length > 0) {
    lines.push(gateTable(r.gates), "");
  }
  lines.push(`[Workflow run](${r.runUrl})`, "", MARKER);
  return bounded(lines.join("\n"));
}

/**
 * A refused command: 👎, why, and what to do about it. Every reply links its run: a reader can see what
 * answered, and the body is unique per run, which is what lets a reply whose answer was lost be found instead
 * of posted twice (src/github.ts, createComment).
 */
function refused(paragraphs: string[], runUrl: string): string {
  const [first = "", ...rest] = paragraphs;
  return [
    `👎 ${first}`,
    ...rest.flatMap((p) => ["", p]),
    "",
    "Nothing was changed.",
    "",
    `[Workflow run](${runUrl})`,
    "",
    MARKER,
  ].join("\n");
}

export function refusalReply(
  author: string,
  asked: string,
  needed: string,
  has: string,
  runUrl: string,
): string {
  const role = has === "none" ? "no role" : has;
  return refused(
    [
      `@${author}, ${code(asked)} needs the **${needed}** role (or higher) on this repository; you have **${role}**.`,
    ],
    runUrl,
  );
}

/** GitHub's answer fits the role needed and one below it: refused rather than guessed (docs/comments.md). */
export function unsureRoleReply(
  author: string,
  asked: string,
  needed: Role,
  s: Standing,
  runUrl: string,
): string {
  const source =
    s.blur === "custom-role"
      ? `Your role is the custom role ${code(s.roleName ?? "")}, which GitHub reports only by its base, **${s.permission}**`
      : `GitHub reports your role as **${s.permission}**: this GitHub Enterprise Server sends no \`role_name\` (it arrived in 3.5), and its \`permission\` reports maintain as write and triage as read`;
  return refused(
    [
      `@${author}, ${code(asked)} needs the **${needed}** role (or higher) on this repository. ${source}, so phased-rollout cannot tell **${s.least}** from **${s.most}** and refuses rather than guess.`,
      `To let this through, set the workflow's \`permission: ${s.least}\` input${
        s.blur === "custom-role" ? "" : ", or upgrade to GitHub Enterprise Server 3.5 or later"
      }.`,
    ],
    runUrl,
  );
}

/**
 * Why a command was not run when GitHub would not show the commenter's permission (403): the step fails with
 * it and the reply says it. What the token needs is in docs/comments.md.
 */
export function permissionUnreadable(author: string, githubMessage: string): string {
  return [
    `phased-rollout could not check the permission of @${author}: GitHub answered 403 (${code(githubMessage)}).`,
    "The `github-token` lacks the access that check needs: GitHub shows a collaborator's permission only to a token whose identity can push to the repository.",
    "With the workflow's `GITHUB_TOKEN`, grant `contents: write` in its `permissions:` (the rollout lock needs it too); with a GitHub App token, give the App `Contents: Read and write`; with a personal access token, use one of someone with the write role or higher.",
  ].join(" ");
}

export function permissionUnreadableReply(
  author: string,
  asked: string,
  why: string,
  runUrl: string,
): string {
  return refused([`@${author}, ${code(asked)} was not run: ${why}`], runUrl);
}

/** Why `/rollout start` did not roll out the pull request, in one line for the log and the outputs. */
export function headRefusalReason(r: HeadRefusal): string {
  switch (r.kind) {
    case "fork":
      return `the pull request comes from a fork${r.headRepo ? ` (${r.headRepo})` : ""} and allow-forks is not true`;
    case "late":
      return `the pull request's head ${short(r.sha)} was committed at ${r.committedAt}, after the comment was written (${r.commentedAt})`;
    case "undated":
      return `the dates of ${short(r.sha)} and of the comment could not both be read, so the commit cannot be shown to predate the comment`;
  }
}

export function headRefusalReply(author: string, asked: string, r: HeadRefusal, runUrl: string): string {
  const notRun = `@${author}, ${code(asked)} was not run:`;
  switch (r.kind) {
    case "fork":
      return refused(
        [
          `${notRun} this pull request comes from a fork${r.headRepo ? ` (${code(r.headRepo)})` : ""}, and its code has run nowhere this repository trusts.`,
          "phased-rollout rolls out a fork's head only when the workflow sets `allow-forks: true`. Merge the pull request and roll out its merge commit, or push its commits to a branch of this repository and open a pull request from there.",
        ],
        runUrl,
      );
    case "late":
      return refused(
        [
          `${notRun} the pull request's head ${code(short(r.sha))} was committed at ${r.committedAt}, after the comment was written (${r.commentedAt}). A comment rolls out only a head that was there when it was written.`,
          `Review the new head, then comment ${code(asked)} again.`,
        ],
        runUrl,
      );
    case "undated":
      return refused(
        [
          `${notRun} ${headRefusalReason(r)}.`,
          `Comment ${code(asked)} again, or start the version from the workflow's **Run workflow**.`,
        ],
        runUrl,
      );
  }
}

export function errorReply(
  asked: string,
  message: string,
  ctx: { serverUrl: string; owner: string; repo: string; runId: number },
): string {
  return bounded(
    [
      `😕 ${code(asked)} failed: ${cell(message)}`,
      "",
      `[Workflow run](${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/actions/runs/${ctx.runId})`,
      "",
      MARKER,
    ].join("\n"),
  );
}

export function helpReply(prefix: string, permission: string, environment: string, runUrl: string): string {
  const rows: [string, string][] = [
    ["status", "where the rollout stands; changes nothing"],
    ["start", "roll out this pull request's head commit (its merge commit once merged)"],
    ["promote", "go to the next stage now, skipping bake time; a failing gate still blocks"],
    ["promote to <percent>", "jump to that stage of the plan"],
    ["promote --full", "release to everyone and complete the rollout now"],
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
    ...rows.map(([c, what]) => `| ${code(`${prefix} ${c}`, "table")} | ${what} |`),
    "",
    `Anyone with the **${permission}** role or higher on this repository may use them.`,
    "",
    `[Workflow run](${runUrl})`,
    "",
    MARKER,
  ].join("\n");
}
