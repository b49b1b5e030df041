// Rollout histories of environments in a wave, made by replaying what the action records, and a store that
// answers the wave's reads from them the way GitHub's deployment lists do (newest page, or filtered by sha).

import {
  type ListedRollout,
  nextReads,
  type RolloutFacts,
  startReads,
  summarizeUpstream,
  type UpstreamSummary,
  type WaveQuestion,
  type WaveRead,
} from "../../src/rollout/wave.ts";

export const STAGES = [1, 5, 25, 50, 100] as const;
const T0 = Date.parse("2026-11-21T00:00:00Z");
/** The page size the action lists deployments with. */
export const PAGE = 20;

/** A 40-character SHA whose short form reads as the letter or word given ("a" → "aaaaaaa"). */
export function sha(name: string): string {
  return name.repeat(Math.ceil(40 / name.length)).slice(0, 40);
}

export function short(s: string): string {
  return s.slice(0, 7);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Facts = Mutable<RolloutFacts> & { transitions: { createdAt: Date }[] };

/** What the action can do to an environment's newest rollout, and how a rollout begins. */
export type Op =
  | { op: "start"; sha: string }
  /** A start whose deployment was created but whose first status was never written (phase pending). */
  | { op: "open"; sha: string }
  | { op: "advance" }
  | { op: "complete" }
  | { op: "rollback" }
  | { op: "pause" }
  | { op: "resume" };

/** Deployment ids grow across the whole repository, as GitHub gives them. */
export class Ids {
  constructor(private last = 1000) {}
  next(): number {
    return ++this.last;
  }
}

const inFlight = (r: RolloutFacts) => r.phase === "pending" || r.phase === "rolling" || r.phase === "paused";

/**
 * Replays ops on one environment as the action records them: a start records the baseline readEnvironment
 * gives (the newest rollout's version if complete, else that rollout's own baseline) and supersedes a rollout
 * in flight; ops that cannot apply to the newest rollout's phase are skipped, as decide() refuses them.
 */
export class Environment {
  readonly rollouts: Facts[] = [];

  constructor(
    readonly name: string,
    private readonly ids: Ids,
  ) {}

  get newest(): Facts | undefined {
    return this.rollouts.at(-1);
  }

  apply(op: Op): this {
    const r = this.newest;
    const at = new Date(T0 + this.ids.next() * 60_000);
    const mark = (x: Facts) => x.transitions.push({ createdAt: at });
    switch (op.op) {
      case "start":
      case "open": {
        if (r && inFlight(r) && r.sha === op.sha) return this;
        const baselineSha = r ? (r.phase === "complete" ? r.sha : r.baselineSha) : undefined;
        if (r && inFlight(r) && op.op === "start") {
          r.phase = "superseded";
          r.percent = 0;
          mark(r);
        }
        const started = op.op === "start";
        this.rollouts.push({
          deploymentId: this.ids.next(),
          sha: op.sha,
          phase: started ? "rolling" : "pending",
          stages: STAGES,
          stageIndex: 0,
          percent: started ? STAGES[0] : 0,
          ...(baselineSha && { baselineSha }),
          createdAt: at,
          transitions: started ? [{ createdAt: at }] : [],
        });
        return this;
      }
      case "advance":
        if (r?.phase !== "rolling" || r.stageIndex >= STAGES.length - 1) return this;
        r.stageIndex++;
        r.percent = STAGES[r.stageIndex] as number;
        mark(r);
        return this;
      case "complete":
        if (r?.phase !== "rolling") return this;
        r.phase = "complete";
        r.stageIndex = STAGES.length - 1;
        r.percent = 100;
        mark(r);
        return this;
      case "rollback":
        if (!r || !(inFlight(r) || r.phase === "complete")) return this;
        r.phase = "rolled-back";
        r.percent = 0;
        mark(r);
        return this;
      case "pause":
        if (r?.phase !== "rolling") return this;
        r.phase = "paused";
        mark(r);
        return this;
      case "resume":
        if (r?.phase !== "paused") return this;
        r.phase = "rolling";
        mark(r);
        return this;
    }
  }

  /** Starts `version` and takes it to `end`: complete, rolled back or stopped at a 1-based stage. */
  roll(version: string, end: "complete" | "rolled-back" | "rolling" | "paused" | "pending", stage = 1): this {
    if (end === "pending") return this.apply({ op: "open", sha: version });
    this.apply({ op: "start", sha: version });
    for (let s = 1; s < (end === "complete" ? STAGES.length : stage); s++) this.apply({ op: "advance" });
    if (end === "complete") this.apply({ op: "complete" });
    if (end === "rolled-back") this.apply({ op: "rollback" });
    if (end === "paused") this.apply({ op: "pause" });
    return this;
  }
}

/** The newest rollout of `version` in a history, if any. */
export function newestOf(rollouts: readonly RolloutFacts[], version: string): RolloutFacts | undefined {
  return rollouts.filter((r) => r.sha === version).sort((a, b) => b.deploymentId - a.deploymentId)[0];
}

/** From the whole history: the newest completed rollout, if that version was not rolled out again since. */
export function releasedOracle(rollouts: readonly RolloutFacts[]): RolloutFacts | undefined {
  const completed = rollouts
    .filter((r) => r.phase === "complete")
    .sort((a, b) => b.deploymentId - a.deploymentId)[0];
  return completed && newestOf(rollouts, completed.sha) === completed ? completed : undefined;
}

function listed(r: RolloutFacts): ListedRollout {
  return { deploymentId: r.deploymentId, sha: r.sha, ...(r.baselineSha && { baselineSha: r.baselineSha }) };
}

/** The newest `PAGE` of a list, oldest first: the wave must not rely on the order GitHub answers in. */
function page(rollouts: readonly RolloutFacts[]): ListedRollout[] {
  return [...rollouts]
    .sort((a, b) => b.deploymentId - a.deploymentId)
    .slice(0, PAGE)
    .reverse()
    .map(listed);
}

/** Answers the wave's reads of one environment from its history, as the store will, and records each read. */
export function readUpstream(
  env: Environment,
  question: WaveQuestion,
): { summary: UpstreamSummary; reads: WaveRead[] } {
  const reads = startReads(env.name);
  const made: WaveRead[] = [];
  for (let round = 0; ; round++) {
    const wanted = nextReads(reads, question);
    if (wanted.length === 0) return { summary: summarizeUpstream(reads, question), reads: made };
    if (round > 10) throw new Error(`the read plan does not end: ${JSON.stringify(made)}`);
    for (const w of wanted) {
      made.push(w);
      if (w.kind === "newest") reads.newest = page(env.rollouts);
      if (w.kind === "version") reads.versions.set(w.sha, page(env.rollouts.filter((r) => r.sha === w.sha)));
      if (w.kind === "rollout") {
        const found = env.rollouts.find((r) => r.deploymentId === w.deploymentId);
        if (!found) throw new Error(`read of a deployment the lists never showed: ${w.deploymentId}`);
        reads.rollouts.set(w.deploymentId, structuredClone(found));
      }
    }
  }
}
