// The rollout's stages as a Mermaid gantt chart, which GitHub renders in job summaries: when each stage went
// live and how long it baked, the current one still running.

import { formatDuration, formatPercent } from "../format.ts";
import type { RolloutView } from "../rollout/model.ts";

type History = NonNullable<RolloutView["history"]>;

const MOVES = new Set(["started", "advanced", "promoted"]);
const ENDS = new Set(["completed", "rolled back", "superseded", "failed"]);

interface Bar {
  stage: number;
  percent: number;
  start: Date;
  end: Date;
  running: boolean;
}

/** One bar per stage that went live: from its move to the next move, the rollout's end, or now. */
export function stageBars(history: History, now: Date): Bar[] {
  const bars: Bar[] = [];
  for (const [i, t] of history.entries()) {
    if (!MOVES.has(t.event)) continue;
    const next = history.slice(i + 1).find((n) => MOVES.has(n.event) || ENDS.has(n.event));
    bars.push({
      stage: t.stage,
      percent: t.percent,
      start: t.createdAt,
      end: next?.createdAt ?? now,
      running: next === undefined,
    });
  }
  return bars;
}

/** Mermaid's dateFormat for these timestamps: UTC to the second. */
function stamp(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "");
}

/** The chart as a fenced `mermaid` block, or "" for a rollout with no stage recorded. */
export function timelineChart(view: RolloutView, now: Date): string {
  const bars = stageBars(view.history ?? [], now);
  if (bars.length === 0) return "";
  const lines = [
    "```mermaid",
    "gantt",
    `  title Stages of ${view.sha.slice(0, 7)} (UTC)`,
    "  dateFormat YYYY-MM-DDTHH:mm:ss",
    "  axisFormat %H:%M",
    "  section Stages",
  ];
  for (const [i, b] of bars.entries()) {
    const seconds = Math.max(1, Math.round((b.end.getTime() - b.start.getTime()) / 1000));
    // A task's name ends at its colon: the label holds none.
    const label = `${b.stage} · ${formatPercent(b.percent)} · ${b.running ? "live" : "baked"} ${formatDuration(seconds)}`;
    lines.push(`  ${label} : ${b.running ? "active" : "done"}, s${i + 1}, ${stamp(b.start)}, ${seconds}s`);
  }
  lines.push("```");
  return lines.join("\n");
}
