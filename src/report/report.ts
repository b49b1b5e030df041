// What one run reports, built once and published once: outputs, the job summary, and a comment's reply.

import type { ReplayRecord } from "../gates/replay.ts";
import type { GateResult } from "../gates/result.ts";
import type { Decision } from "../rollout/decide.ts";
import type { RolloutView } from "../rollout/model.ts";
import type { WaveRow } from "../rollout/wave.ts";
import type { FreezeNews } from "./wave.ts";

export interface Report {
  decision: Decision;
  /** The rollout the decision concerns, after recording (undefined when none was found). */
  rollout?: RolloutView;
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
  /** With `after`: each environment of the wave, upstream first (report/wave.ts). */
  wave?: WaveRow[];
  /** With `freeze`: the window in force, and the next one within the bake time. */
  freeze?: FreezeNews;
  /** `replay` only: the gates over past rollouts. */
  replay?: ReplayRecord;
}
