// `replay`: the configured gates run over the stage windows of finished rollouts as a live `advance` would have
// run them — evaluateRollout(), the same providers and judge — at each moment a live run would have looked.
// Windows older than a gate's retention are not asked for: the provider would answer them empty, which is not
// the same as no traffic. The pure parts are in src/rollout/replay.ts.

import { clip, formatDuration, rfc3339 } from "../format.ts";
import type { Rollout } from "../rollout/model.ts";
import {
  endedAt,
  type LookVerdict,
  outcomeOf,
  type Outcome,
  type ReplayLook,
  type ReplayTally,
  replayLooks,
  stageDecision,
  tally,
  type Would,
  wouldDecide,
} from "../rollout/replay.ts";
import type { GateConfig } from "./config.ts";
import { evaluateRollout, type RolloutGates } from "./run.ts";

/** Prometheus keeps 15 days unless told otherwise (`--storage.tsdb.retention.time`). */
export const PROMETHEUS_DEFAULT_RETENTION_SECONDS = 15 * 86_400;

/** How long the gate's provider keeps data, as declared, or the provider's default where it has a known one. */
export function retentionOf(gate: GateConfig): number | undefined {
  return (
    gate.retentionSeconds ??
    (gate.provider === "prometheus" ? PROMETHEUS_DEFAULT_RETENTION_SECONDS : undefined)
  );
}

export interface ReplayGate {
  name: string;
  verdict: LookVerdict["verdict"];
  shadow: boolean;
  message: string;
  /** The provider refused the request itself: the gate is wrong, not the version. */
  misconfigured?: boolean;
}

export interface ReplayStageRecord {
  stage: number;
  percent: number;
  /** When the stage went live and ended. */
  from: string;
  to: string;
  /** What the gates would have decided, and when (RFC 3339). */
  would: Would;
  at: string;
  gates: ReplayGate[];
}

export interface ReplayRolloutRecord {
  sha: string;
  deploymentId: number;
  baselineSha: string | null;
  outcome: Outcome;
  endedAt: string;
  stages: ReplayStageRecord[];
}

export interface ReplayRecord {
  environment: string;
  /** replay-count as given, and how many finished rollouts were found. */
  count: number;
  rollouts: ReplayRolloutRecord[];
  summary: ReplayTally & { sentence: string };
}

/** Each gate's part at a look: asked (its verdict), or beyond its retention (not asked). */
async function look(
  subject: Parameters<typeof evaluateRollout>[0],
  gates: GateConfig[],
  oldest: (g: GateConfig) => Date,
  at: Date,
  o: RolloutGates,
): Promise<ReplayGate[]> {
  const now = o.now().getTime();
  const aged = (g: GateConfig) => {
    const keeps = retentionOf(g);
    return keeps !== undefined && now - oldest(g).getTime() > keeps * 1000;
  };
  const asked = gates.filter((g) => !aged(g));
  const evaluated = asked.length > 0 ? (await evaluateRollout(subject, asked, { ...o, at })).gates : [];
  return gates.map((g) => {
    if (aged(g)) {
      const keeps = retentionOf(g) as number;
      return {
        name: g.name,
        verdict: "beyond retention" as const,
        shadow: g.shadow,
        message: `not asked: this window began ${rfc3339(oldest(g))}, older than the ${formatDuration(keeps)} retention of ${g.provider}${g.retentionSeconds === undefined ? " (its default; set retention: on the gate if yours keeps longer)" : ""}`,
      };
    }
    const r = evaluated.find((e) => e.name === g.name);
    return {
      name: g.name,
      verdict: r?.verdict ?? "error",
      shadow: g.shadow,
      message: clip(r?.message ?? "not evaluated", 300),
      ...(r?.misconfigured && { misconfigured: true }),
    };
  });
}

/** The gates over one finished rollout's stages, as a live run would have looked at them. */
async function replayRollout(
  r: Rollout,
  outcome: Outcome,
  gates: GateConfig[],
  bakeSeconds: number,
  o: RolloutGates,
): Promise<ReplayRolloutRecord> {
  const looks = replayLooks(r, bakeSeconds);
  const firstStart = looks[0]?.stageStart ?? r.stageStartedAt;
  const byStage = new Map<number, ReplayLook[]>();
  for (const l of looks)
    byStage.set(l.stageStart.getTime(), [...(byStage.get(l.stageStart.getTime()) ?? []), l]);
  const stages: ReplayStageRecord[] = [];
  for (const group of byStage.values()) {
    const seen: { would: Would; at: Date; gates: ReplayGate[] }[] = [];
    for (const l of group) {
      // A comparison reads every stage so far; any other gate only the current one.
      const oldest = (g: GateConfig) => (g.kind === "count" && g.baseline ? firstStart : l.stageStart);
      const verdicts = await look(l.subject, gates, oldest, l.at, o);
      seen.push({ would: wouldDecide(verdicts, l.stage === r.stages.length), at: l.at, gates: verdicts });
      // A live run that rolled back would not have looked again.
      if (seen.at(-1)?.would === "rollback") break;
    }
    const decided = stageDecision(seen);
    const first = group[0] as (typeof group)[number];
    stages.push({
      stage: first.stage,
      percent: first.percent,
      from: rfc3339(first.stageStart),
      to: rfc3339((group.at(-1) as (typeof group)[number]).at),
      would: decided.would,
      at: rfc3339(decided.at),
      gates: decided.gates,
    });
    // Nor would it have gone on to later stages.
    if (decided.would === "rollback") break;
  }
  return {
    sha: r.sha,
    deploymentId: r.deploymentId,
    baselineSha: r.baselineSha ?? null,
    outcome,
    endedAt: rfc3339(endedAt(r)),
    stages,
  };
}

/** "12m sooner", "1h later", "at the same time". */
export function describeSooner(seconds: number): string {
  if (Math.abs(seconds) < 1) return "at the same time";
  return `${formatDuration(Math.abs(seconds))} ${seconds > 0 ? "sooner" : "later"}`;
}

/** One sentence for the reason output and the summary's head. */
export function replaySentence(t: ReplayTally, sooner: string): string {
  if (t.rollouts === 0) return "replay: no finished rollouts in this environment to replay";
  const parts = [
    `replayed ${t.rollouts} finished rollout${t.rollouts === 1 ? "" : "s"}`,
    `these gates would have rolled back ${t.healthyRolledBack.length} that completed`,
    `caught ${t.rollbacksCaught.length} of ${t.rollbacksCaught.length + t.rollbacksMissed.length} rollbacks${sooner}`,
  ];
  if (t.beyondRetention.length > 0) {
    parts.push(`${t.beyondRetention.length} had data past the provider's retention`);
  }
  return parts.join("; ");
}

/** The gates over each finished rollout, newest first. Asks providers only; writes nothing anywhere. */
export async function replayRollouts(
  rollouts: readonly Rollout[],
  gates: GateConfig[],
  o: RolloutGates & { environment: string; bakeSeconds: number; count: number },
): Promise<ReplayRecord> {
  const records: ReplayRolloutRecord[] = [];
  for (const r of rollouts) {
    const outcome = outcomeOf(r);
    if (!outcome) continue;
    o.log(`Replaying ${r.sha} (deployment ${r.deploymentId}, ${outcome})`);
    records.push(await replayRollout(r, outcome, gates, o.bakeSeconds, o));
  }
  const t = tally(
    records.map((x) => ({
      ...x,
      endedAt: new Date(x.endedAt),
      stages: x.stages.map((s) => ({ ...s, at: new Date(s.at) })),
    })),
  );
  const sooner =
    t.soonerSeconds.length === 0
      ? ""
      : ` (${t.soonerSeconds.map((s) => describeSooner(s.seconds)).join(", ")})`;
  return {
    environment: o.environment,
    count: o.count,
    rollouts: records,
    summary: { ...t, sentence: replaySentence(t, sooner) },
  };
}
