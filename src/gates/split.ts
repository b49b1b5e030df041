// A baseline gate's check of the traffic split: the canary's share of requests in each stage window against the
// plan (src/stats/split.ts), and what a mismatch does to the gate under `on-split-mismatch`.

import { checkSplit, type SplitWindow } from "../stats/split.ts";
import type { Comparison } from "./config.ts";
import type { SplitRecord, Verdict } from "./result.ts";

const SEVERITY: Record<Verdict, number> = { pass: 0, inconclusive: 1, error: 2, fail: 3 };

export interface SplitOutcome {
  verdict: Verdict;
  message: string;
  record: SplitRecord;
  /** For the run's page: a split that is not the plan's, and what the gate made of it. */
  warnings: string[];
}

/**
 * Checks the split over the comparison's windows and folds it into the gate's verdict: a mismatch in the current
 * stage holds (`inconclusive`), fails or only warns, as `on-split-mismatch` says; one in a stage that is over only
 * warns, since holding cannot fix it. `current` is the index of the current stage's window, null when its counts
 * were left out. `plan` is the rollout's stages in percent.
 */
export function withSplit(
  gate: { name: string; shadow: boolean },
  cmp: Pick<Comparison, "confidence" | "split">,
  plan: readonly number[],
  windows: SplitWindow[],
  current: number | null,
  outcome: { verdict: Verdict; message: string },
): SplitOutcome {
  const { onMismatch, tolerance, dispersion, settleSeconds } = cmp.split;
  const decision = checkSplit({
    plan: plan.map((p) => p / 100),
    windows,
    confidence: cmp.confidence,
    ...(tolerance !== undefined && { tolerance }),
    ...(dispersion !== undefined && { dispersion }),
    ...(settleSeconds !== undefined && { settleSeconds }),
  });
  const record = (effect: SplitRecord["effect"]): SplitRecord => ({ ...decision, onMismatch, effect });
  if (decision.verdict !== "mismatch") return { ...outcome, record: record("none"), warnings: [] };

  const seen = decision.explanation.replace(/^mismatch: /, "");
  const who = `${gate.shadow ? "Shadow gate" : "Gate"} "${gate.name}"`;
  const inCurrent = current !== null && decision.windows[current]?.verdict === "mismatch";
  if (!inCurrent || onMismatch === "warn") {
    const why = inCurrent
      ? "the traffic is not split as planned (on-split-mismatch: warn, so this only warns)"
      : "the traffic was not split as planned in a stage that is over, which holding cannot fix, so this only warns";
    return {
      verdict: outcome.verdict,
      message: `${outcome.message} Traffic split: ${seen}`,
      record: record("warn"),
      warnings: [`${who}: ${why}: ${seen}`],
    };
  }
  const imposed: Verdict = onMismatch === "fail" ? "fail" : "inconclusive";
  const leads = SEVERITY[imposed] >= SEVERITY[outcome.verdict];
  const split = `traffic split (on-split-mismatch: ${onMismatch}): ${seen}`;
  const does =
    onMismatch === "fail"
      ? "so the gate fails"
      : outcome.verdict === "fail"
        ? "which would hold the rollout, but the gate fails on its own evidence"
        : "so the rollout holds";
  return {
    verdict: leads ? imposed : outcome.verdict,
    message: leads ? `${split} ${outcome.message}` : `${outcome.message} Also ${split}`,
    record: record(onMismatch),
    warnings: [
      `${who}: the traffic is not split as planned, ${does} (on-split-mismatch: ${onMismatch}): ${seen}`,
    ],
  };
}
