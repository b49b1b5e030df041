// The step's outputs: what later steps act on.

import { OUTPUTS } from "../io/names.ts";
import type { Report } from "./report.ts";

/** The outputs of a run: what it decided and, when it found or started a rollout, where that stands. */
export function outputValues(
  r: Pick<Report, "decision" | "gates" | "changed" | "rollout" | "replay"> & Partial<Pick<Report, "dryRun">>,
): Record<string, string> {
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
  if (r.replay) out[OUTPUTS.replay] = JSON.stringify(r.replay);
  if (r.rollout) {
    const traffic = trafficOf(r);
    Object.assign(out, {
      [OUTPUTS.percent]: traffic.percent,
      [OUTPUTS.previousPercent]: traffic.previousPercent,
      [OUTPUTS.stage]: traffic.stage,
      [OUTPUTS.stageCount]: String(d.stageCount),
      [OUTPUTS.sha]: r.rollout.sha,
      [OUTPUTS.baselineSha]: r.rollout.baselineSha ?? "",
      [OUTPUTS.deploymentId]: r.rollout.deploymentId === undefined ? "" : String(r.rollout.deploymentId),
    });
  }
  return out;
}

/**
 * The traffic outputs: the decision's, or in a dry run that would have recorded a transition, where the rollout
 * really stands, so an apply step never moves traffic for a dry run (empty for a start: nothing rolls out yet).
 */
function trafficOf(r: Pick<Report, "decision" | "rollout"> & Partial<Pick<Report, "dryRun">>): {
  percent: string;
  previousPercent: string;
  stage: string;
} {
  const d = r.decision;
  if (!r.dryRun || !d.record) {
    return {
      percent: String(d.percent),
      previousPercent: String(d.previousPercent),
      stage: String(d.stageIndex + 1),
    };
  }
  const { percent, stageIndex } = r.rollout ?? {};
  if (d.record.newRollout || percent === undefined || stageIndex === undefined) {
    return { percent: "", previousPercent: "", stage: "" };
  }
  return { percent: String(percent), previousPercent: String(percent), stage: String(stageIndex + 1) };
}
