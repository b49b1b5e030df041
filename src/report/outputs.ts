// The step's outputs: what later steps act on.

import { OUTPUTS } from "../io/names.ts";
import type { Report } from "./report.ts";

/** The outputs of a run: what it decided and, when it found or started a rollout, where that stands. */
export function outputValues(
  r: Pick<Report, "decision" | "gates" | "changed" | "rollout" | "replay">,
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
