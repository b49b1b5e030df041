// The job summary's account of a replay: per finished rollout what happened and what the gates would have
// decided at each stage, a tally, and a small Mermaid chart of it.

import { clip, formatPercent, shortSha } from "../format.ts";
import type { ReplayRecord, ReplayRolloutRecord } from "../gates/replay.ts";
import type { Would } from "../rollout/replay.ts";
import { cell } from "./markdown.ts";

const WOULD: Record<Would, string> = {
  advance: "✅ advance",
  complete: "✅ complete",
  hold: "⏸️ hold",
  rollback: "❌ rollback",
  "beyond retention": "🗄️ beyond retention",
};

/** What the replay says of one rollout as a whole, against what happened. */
function verdictOf(r: ReplayRolloutRecord): string {
  const back = r.stages.find((s) => s.would === "rollback");
  const rolledBack = r.outcome === "rolled back by a gate" || r.outcome === "rolled back by hand";
  if (back)
    return `rolled back at stage ${back.stage}${rolledBack ? " (caught)" : r.outcome === "completed" ? " (a completed rollout)" : ""}`;
  if (r.stages.some((s) => s.would === "beyond retention")) return "unknown: data past retention";
  return rolledBack ? "no rollback (missed)" : "no rollback";
}

/** A Mermaid pie of the rollouts by what happened and what the gates would have done; empty slices left out. */
function chart(rec: ReplayRecord): string[] {
  const t = rec.summary;
  const completed = rec.rollouts.filter((r) => r.outcome === "completed").length;
  const slices: [string, number][] = [
    ["completed, gates agree", completed - t.healthyRolledBack.length],
    ["completed, gates would roll back", t.healthyRolledBack.length],
    ["rollback caught", t.rollbacksCaught.length],
    ["rollback missed", t.rollbacksMissed.length],
    ["superseded", rec.rollouts.filter((r) => r.outcome === "superseded").length],
  ];
  return [
    "```mermaid",
    "pie title What these gates would have done",
    ...slices.filter(([, n]) => n > 0).map(([label, n]) => `  "${label}" : ${n}`),
    "```",
  ];
}

export function replaySection(rec: ReplayRecord, heading = "###"): string {
  const lines = [
    `${heading} Replay of the last ${rec.rollouts.length} finished rollouts in ${rec.environment}`,
    "",
  ];
  lines.push(cell(rec.summary.sentence), "");
  if (rec.rollouts.length === 0) return lines.join("\n");
  lines.push(...chart(rec), "");
  lines.push("| rollout | what happened | these gates would have | per stage |", "|---|---|---|---|");
  for (const r of rec.rollouts) {
    const stages = r.stages.map((s) => `${formatPercent(s.percent)} ${WOULD[s.would]}`).join(" → ");
    lines.push(`| \`${shortSha(r.sha)}\` | ${r.outcome} | ${verdictOf(r)} | ${stages || "—"} |`);
  }
  lines.push("", "<details><summary>Every stage's gates</summary>", "");
  lines.push("| rollout | stage | looked at | would | gates |", "|---|---|---|---|---|");
  for (const r of rec.rollouts) {
    for (const s of r.stages) {
      const gates = s.gates.map((g) => `${g.name}: ${g.verdict} — ${clip(g.message, 160)}`).join("<br>");
      lines.push(
        `| \`${shortSha(r.sha)}\` | ${s.stage} (${formatPercent(s.percent)}) | ${s.at} | ${WOULD[s.would]} | ${cell(gates)} |`,
      );
    }
  }
  lines.push("", "</details>");
  return lines.join("\n");
}
