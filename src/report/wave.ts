// The wave and the freeze calendar in a run's report: where each environment of the wave stands, the freeze in
// force and when it ends, and the next window if one opens within the bake time. The summary and PR replies
// each add it with one line.

import { formatPercent, formatTime } from "../format.ts";
import type { Decision, FreezeInForce } from "../rollout/decide.ts";
import type { WaveRow } from "../rollout/wave.ts";
import { cell } from "./markdown.ts";
import type { Report } from "./report.ts";

/** The freeze calendar at the run's instant (rollout/freeze.ts freezeAt). */
export interface FreezeNews {
  inForce?: FreezeInForce;
  next?: { name: string; from: Date; to: Date; timeZone: string };
}

const STATE_AFTER: Partial<Record<Decision["kind"], WaveRow["state"]>> = {
  start: "rolling",
  advance: "rolling",
  resume: "rolling",
  pause: "paused",
  complete: "complete",
  rollback: "rolled back",
};

/** This environment's row as the run left it: a recorded transition changes it, now. */
function afterRun(row: WaveRow, r: Report): WaveRow {
  const state = STATE_AFTER[r.decision.kind];
  if (!row.here || !r.changed || !r.rollout || !state) return row;
  const sha = r.rollout.sha;
  return {
    environment: row.environment,
    here: true,
    state,
    sha,
    shortSha: sha.slice(0, 7),
    stage: r.decision.stageIndex + 1,
    stageCount: r.decision.stageCount,
    percent: r.decision.percent,
    since: r.now,
  };
}

function waveTable(rows: readonly WaveRow[], r: Report): string[] {
  return [
    "| Environment | Version | Stage | State | Since |",
    "|---|---|---|---|---|",
    ...rows.map((w) => {
      const x = afterRun(w, r);
      const name = x.here ? `**${cell(x.environment)}** (this run)` : cell(x.environment);
      const stage =
        x.stage === undefined ? "—" : `${x.stage}/${x.stageCount ?? "?"} (${formatPercent(x.percent ?? 0)})`;
      const since = x.since ? formatTime(x.since) : "—";
      return `| ${name} | ${x.shortSha ? `\`${x.shortSha}\`` : "—"} | ${stage} | ${x.state} | ${since} |`;
    }),
  ];
}

function freezeLines(f: FreezeNews): string[] {
  const lines: string[] = [];
  if (f.inForce) {
    const names = f.inForce.names.map((n) => `"${cell(n)}"`).join(", then ");
    lines.push(
      `**Freeze in force**: ${names}, until ${f.inForce.endless ? "at least " : ""}${formatTime(f.inForce.until, f.inForce.timeZone)}. Start, advance and promote hold; rollback, pause and status work.`,
    );
  }
  if (f.next) {
    lines.push(
      `**Next freeze**: "${cell(f.next.name)}" from ${formatTime(f.next.from, f.next.timeZone)} until ${formatTime(f.next.to, f.next.timeZone)}, within this stage's bake time.`,
    );
  }
  return lines;
}

/** The wave and the freeze, as markdown lines ending in a blank one; none when the run has neither. */
export function waveSection(r: Report, heading = "###"): string[] {
  const lines: string[] = [];
  if (r.freeze) {
    const f = freezeLines(r.freeze);
    if (f.length > 0) lines.push(f.join("  \n"), "");
  }
  if (r.wave && r.wave.length > 0) lines.push(`${heading} Wave`, "", ...waveTable(r.wave, r), "");
  return lines;
}
