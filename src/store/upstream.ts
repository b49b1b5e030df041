// The wave's reads of the environments `after` lists: rollout/wave.ts's read plan carried out against GitHub, a
// fixed number of requests per upstream environment whatever its history, in rounds whose reads go out together.

import { readPayload, TASK } from "../rollout/codec.ts";
import { deriveRollout } from "../rollout/fold.ts";
import type { DeploymentRecord, Repository, Rollout } from "../rollout/model.ts";
import {
  type ListedRollout,
  MAX_READS_PER_UPSTREAM,
  nextReads,
  type RolloutFacts,
  startReads,
  summarizeUpstream,
  type UpstreamReads,
  type UpstreamSummary,
  type WaveDecision,
  waveCandidate,
  waveDecision,
  waveQuestion,
  type WaveQuestion,
  type WaveRead,
  type WaveTrigger,
} from "../rollout/wave.ts";
import type { GitHubApi } from "./port.ts";
import { DEPLOYMENTS_PAGE, findRolloutOf } from "./snapshot.ts";

/** The rollout deployments of a list that are ours (their payload reads), as the wave's plan sees them. */
function listed(
  deployments: readonly DeploymentRecord[],
  known: Map<number, DeploymentRecord>,
): ListedRollout[] {
  return deployments.flatMap((d) => {
    const payload = readPayload(d.payload);
    if (!payload) return [];
    known.set(d.id, d);
    return [{ deploymentId: d.id, sha: d.sha, ...(payload.baseline && { baselineSha: payload.baseline }) }];
  });
}

async function perform(
  api: GitHubApi,
  reads: UpstreamReads,
  read: WaveRead,
  known: Map<number, DeploymentRecord>,
  repository: Repository,
): Promise<void> {
  switch (read.kind) {
    case "newest": {
      const page = await api.listDeployments({
        environment: read.environment,
        task: TASK,
        perPage: DEPLOYMENTS_PAGE,
      });
      reads.newest = listed(page, known);
      return;
    }
    case "version": {
      const page = await api.listDeployments({
        environment: read.environment,
        task: TASK,
        sha: read.sha,
        perPage: DEPLOYMENTS_PAGE,
      });
      reads.versions.set(
        read.sha,
        listed(
          page.filter((d) => d.sha === read.sha),
          known,
        ),
      );
      return;
    }
    case "rollout": {
      const d = known.get(read.deploymentId);
      const payload = d && readPayload(d.payload);
      // The plan asks only for rollouts a list showed it, which `listed` kept.
      if (!d || !payload)
        throw new Error(`the wave asked for deployment ${read.deploymentId}, which no list showed`);
      reads.rollouts.set(d.id, deriveRollout(d, payload, await api.listStatuses(d.id), repository));
      return;
    }
  }
}

/**
 * What the wave needs to know of each environment in `after`, in its order. Each round sends every read the plan
 * still asks for, of all environments at once (the GitHub client keeps them to its concurrency limit); the plan
 * asks at most MAX_READS_PER_UPSTREAM of each environment, so at most that many rounds.
 */
export async function readUpstreams(
  api: GitHubApi,
  after: readonly string[],
  question: WaveQuestion,
  repository: Repository,
): Promise<UpstreamSummary[]> {
  const all = after.map((environment) => startReads(environment));
  const known = new Map<number, DeploymentRecord>();
  for (let round = 0; ; round++) {
    const wanted = all.flatMap((reads) => nextReads(reads, question).map((read) => ({ reads, read })));
    if (wanted.length === 0) break;
    if (round === MAX_READS_PER_UPSTREAM) {
      throw new Error(`the wave's reads of ${after.join(", ")} did not end within ${round} rounds`);
    }
    await Promise.all(wanted.map(({ reads, read }) => perform(api, reads, read, known, repository)));
  }
  return all.map((reads) => summarizeUpstream(reads, question));
}

export interface WaveQuery {
  environment: string;
  after: readonly string[];
  trigger: WaveTrigger;
  /** This environment's newest rollout. */
  here?: Rollout | undefined;
  /** For a push or a person's start: the version, and its newest earlier rollout here (the snapshot's). */
  sha?: string | undefined;
  earlier?: Rollout | undefined;
  repository: Repository;
}

export interface WaveRun {
  /** What the wave says: decide() takes it as it is. */
  decision: WaveDecision;
  /** One per environment in `after`, in its order: the summary's wave. */
  upstreams: UpstreamSummary[];
}

/**
 * Reads the upstream environments for this run's question and decides what the wave says. A scheduled run that
 * finds a version to start also looks up this environment's earlier rollout of it (one or two more reads, none
 * when it is the rollout here).
 */
export async function readWave(api: GitHubApi, q: WaveQuery): Promise<WaveRun> {
  const question = waveQuestion(q.trigger, q.here, q.sha);
  const upstreams = await readUpstreams(api, q.after, question, q.repository);
  let earlier: RolloutFacts | undefined = q.earlier;
  if (question.ask === "candidate") {
    const candidate = waveCandidate(upstreams);
    if (candidate !== undefined) {
      earlier =
        q.here?.sha === candidate ? q.here : await findRolloutOf(api, q.environment, candidate, q.repository);
    }
  }
  const decision = waveDecision({
    trigger: q.trigger,
    environment: q.environment,
    upstreams,
    ...(q.here && { here: q.here }),
    ...(q.sha !== undefined && { sha: q.sha }),
    ...(earlier && { earlier }),
  });
  return { decision, upstreams };
}
