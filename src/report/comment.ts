// Replies on the pull request a command came from: the result, a refusal, an error, or the help.

import { clip, formatPercent, shortSha as short } from "../format.ts";
import type { HeadRefusal, Standing } from "../io/comment.ts";
import type { Role } from "../io/inputs.ts";
import { cell, code } from "./markdown.ts";
import type { Report } from "./report.ts";
import { gateTable, MAX_REASON, planLine } from "./summary.ts";
import { replaySection } from "./replay.ts";
import { waveSection } from "./wave.ts";

const MARKER = "<!-- phased-rollout -->";
// GitHub accepts 65,536 characters per comment; stay well inside it whatever the gates say.
const MAX_REPLY = 60_000;

function bounded(text: string): string {
  return text.length <= MAX_REPLY ? text : `${text.slice(0, MAX_REPLY - 40)}\n\n…(cut to fit a comment)\n`;
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
  lines.push(...waveSection(r, "####"));
  if (r.replay) lines.push(replaySection(r.replay, "####"), "");
  if (r.gates.length > 0) {
    lines.push(gateTable(r.gates), "");
  }
  lines.push(`[Workflow run](${r.runUrl})`, "", MARKER);
  return bounded(lines.join("\n"));
}

/**
 * A refused command: 👎, why, and what to do about it. Every reply links its run: a reader can see what
 * answered, and the body is unique per run, which is what lets a reply whose answer was lost be found instead
 * of posted twice (src/store/rest.ts, createComment).
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

export function errorReply(asked: string, message: string, runUrl: string): string {
  return bounded(
    [`😕 ${code(asked)} failed: ${cell(message)}`, "", `[Workflow run](${runUrl})`, "", MARKER].join("\n"),
  );
}

export function helpReply(prefix: string, permission: string, environment: string, runUrl: string): string {
  const rows: [string, string][] = [
    ["status", "where the rollout stands; changes nothing"],
    ["check", "evaluate every gate now: each query as sent, its value and verdict; changes nothing"],
    [
      "replay",
      "run the gates over the last finished rollouts: what they would have decided; changes nothing",
    ],
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
