// The job summary's account of a baseline gate's traffic-split check: the share seen per stage window against
// the band the plan allows, and what a mismatch did to the gate.

import { formatDuration, formatFraction } from "../format.ts";
import type { SplitRecord } from "../gates/result.ts";
import { cell } from "./markdown.ts";

const VERDICT = { ok: "✅ ok", mismatch: "❌ mismatch", inconclusive: "⏸️ inconclusive" } as const;

const EFFECT: Record<SplitRecord["effect"], string> = {
  none: "",
  hold: "the gate holds until the split is right (on-split-mismatch: hold)",
  fail: "the gate fails (on-split-mismatch: fail)",
  warn: "a warning only",
};

/** "2.5–7.5%": a band of shares. */
function band([lo, hi]: [number, number]): string {
  return `${formatFraction(lo).replace(/%$/, "")}–${formatFraction(hi)}`;
}

function count(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

export function splitSection(s: SplitRecord): string {
  const conf = formatFraction(s.confidence);
  const lines = [
    `##### Traffic split: ${VERDICT[s.verdict]}`,
    "",
    `${cell(s.explanation)}${s.effect === "none" ? "" : ` **Effect**: ${EFFECT[s.effect]}.`}`,
    "",
    `| stage | allowed | share seen | ${conf} bounds | canary / baseline requests | verdict |`,
    "|---|---|--:|---|--:|---|",
    ...s.windows.map(
      (w) =>
        `| ${w.stage} (${formatFraction(w.planned)}) | ${band(w.band)} | ${w.share === null ? "—" : formatFraction(w.share)} | ${formatFraction(w.interval[0])} to ${formatFraction(w.interval[1])} | ${count(w.canary)} / ${count(w.baseline)} | ${VERDICT[w.verdict]} |`,
    ),
    "",
    `split-tolerance ${s.tolerance}, split-dispersion ${s.dispersion}, split-settle ${formatDuration(s.settleSeconds)}; at most ${formatFraction(1 - s.confidence)} of correctly applied rollouts ever see a mismatch.`,
  ];
  return lines.join("\n");
}
