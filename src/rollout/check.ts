// `check`: every gate evaluated now, for the rollout in flight at its stage, or, with none in flight, for the
// version a start would roll out as if it had been at the first stage for one bake time. Bake time is not
// waited for and nothing is recorded; a misconfigured gate fails the step, a shadow one too, since checking
// the gates is the point.

import { formatPercent, shortSha as short } from "../format.ts";
import type { Decision } from "./decide.ts";
import { type GateVerdict, isInFlight, type Rollout, rolloutView } from "./model.ts";

export interface CheckInput {
  current?: Rollout;
  /** The version a start would roll out (from `ref` or the event), when none is in flight. */
  target?: { sha: string; baselineSha?: string };
  stages: number[];
  now: Date;
  bakeTimeSeconds: number;
}

/** What a check evaluates: a rollout's timeline, and whether it is a real one. */
export interface CheckSubject {
  sha: string;
  baselineSha?: string;
  stages: number[];
  stageIndex: number;
  percent: number;
  stageStartedAt: Date;
  transitions: Rollout["transitions"];
  inFlight: boolean;
  rollout?: Rollout;
}

export function checkSubject(input: CheckInput): CheckSubject | undefined {
  const { current, target, stages } = input;
  if (current && isInFlight(current)) {
    return {
      sha: current.sha,
      ...(current.baselineSha && { baselineSha: current.baselineSha }),
      stages: current.stages,
      stageIndex: current.stageIndex,
      percent: current.percent,
      stageStartedAt: current.stageStartedAt,
      transitions: current.transitions,
      inFlight: true,
      rollout: current,
    };
  }
  if (!target) return undefined;
  return {
    sha: target.sha,
    ...(target.baselineSha && { baselineSha: target.baselineSha }),
    stages,
    stageIndex: 0,
    percent: stages[0] as number,
    stageStartedAt: new Date(input.now.getTime() - input.bakeTimeSeconds * 1000),
    transitions: [],
    inFlight: false,
  };
}

const ORDER = ["pass", "fail", "inconclusive", "error"] as const;

function tally(gates: readonly GateVerdict[]): string {
  if (gates.length === 0) return "no gates configured";
  return ORDER.map((v) => [v, gates.filter((g) => g.verdict === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${n} ${v}`)
    .join(", ");
}

export function checkDecision(s: CheckSubject, gates: readonly GateVerdict[]): Decision {
  const where = `stage ${s.stageIndex + 1}/${s.stages.length} (${formatPercent(s.percent)})`;
  const what = s.inFlight ? `at ${where}` : `, not rolling out yet, as if at ${where}`;
  const count = `${gates.length} gate${gates.length === 1 ? "" : "s"}`;
  const reason = `checked ${count} for ${short(s.sha)}${s.inFlight ? " " : ""}${what}: ${tally(gates)}; nothing recorded`;
  const broken = gates.filter((g) => g.misconfigured === true);
  const error =
    broken.length > 0
      ? `${reason}; misconfigured: ${broken.map((g) => `${g.name}: ${g.message}`).join("; ")}`
      : undefined;
  // The real desired state: the rollout's percent, or 0 for a version not rolling out.
  const percent = s.inFlight ? s.percent : 0;
  return {
    kind: "none",
    stageIndex: s.stageIndex,
    stageCount: s.stages.length,
    percent,
    previousPercent: percent,
    reason,
    ...(error && { error }),
    subject: s.rollout
      ? rolloutView(s.rollout)
      : { sha: s.sha, stages: s.stages, ...(s.baselineSha && { baselineSha: s.baselineSha }) },
  };
}
