// The environment's finished rollouts, newest first, for `replay`: one list of deployments and one list of
// statuses per rollout read, whatever the repository's history.

import type { GitHubApi } from "./port.ts";
import { readPayload, TASK } from "../rollout/codec.ts";
import { deriveRollout } from "../rollout/fold.ts";
import type { Repository, Rollout } from "../rollout/model.ts";
import { outcomeOf } from "../rollout/replay.ts";

/** GitHub's largest page of deployments. */
const PAGE = 100;

/**
 * The newest `count` finished rollouts of the environment (completed, rolled back, superseded), newest first:
 * the newest page of rollout deployments, then the statuses of each of ours, newest first, until `count` are
 * found. 1 + (rollouts read) calls; in-flight rollouts and deployments not ours are passed over.
 */
export async function readFinishedRollouts(
  api: GitHubApi,
  environment: string,
  repository: Repository,
  count: number,
): Promise<Rollout[]> {
  const deployments = await api.listDeployments({ environment, task: TASK, perPage: PAGE });
  const ours = [...deployments]
    .sort((a, b) => b.id - a.id)
    .flatMap((d) => {
      const payload = readPayload(d.payload);
      return payload ? [{ d, payload }] : [];
    });
  const finished: Rollout[] = [];
  for (const { d, payload } of ours) {
    if (finished.length >= count) break;
    const rollout = deriveRollout(d, payload, await api.listStatuses(d.id), repository);
    if (outcomeOf(rollout) !== undefined) finished.push(rollout);
  }
  return finished;
}
