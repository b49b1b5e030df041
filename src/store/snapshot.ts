// Where the environment's rollout stands, read from GitHub with a fixed number of calls whatever its history.

import { formatDuration } from "../format.ts";
import {
  type Claim,
  CLAIM_EXPIRY_SECONDS,
  FIRST_WAIT_MS,
  type HeadRead,
  LIST_LAG_BUDGET_MS,
  listsShow,
  MAX_REREADS,
  readHead,
} from "./claim.ts";
import type { GitHubApi } from "./port.ts";
import { readPayload, TASK } from "../rollout/codec.ts";
import { deriveRollout } from "../rollout/fold.ts";
import {
  type DeploymentRecord,
  type EnvironmentState,
  isInFlight,
  type Repository,
  type Rollout,
} from "../rollout/model.ts";

/** Deployments fetched per look-up; only the newest few matter, however long the history. */
export const DEPLOYMENTS_PAGE = 20;

async function loadRollout(
  api: GitHubApi,
  d: DeploymentRecord,
  repository: Repository,
): Promise<Rollout | undefined> {
  const payload = readPayload(d.payload);
  if (!payload) return undefined;
  return deriveRollout(d, payload, await api.listStatuses(d.id), repository);
}

function newestOurs(deployments: DeploymentRecord[]): DeploymentRecord | undefined {
  return [...deployments].sort((a, b) => b.id - a.id).find((d) => readPayload(d.payload) !== undefined);
}

/**
 * Reads the environment's current rollout with two REST calls, whatever the length of its history:
 * the newest page of rollout deployments, then the statuses of the newest one of ours.
 */
export async function readEnvironment(
  api: GitHubApi,
  environment: string,
  repository: Repository,
): Promise<EnvironmentState> {
  const deployments = await api.listDeployments({
    environment,
    task: TASK,
    perPage: DEPLOYMENTS_PAGE,
  });
  const newest = newestOurs(deployments);
  if (!newest) return {};
  const current = await loadRollout(api, newest, repository);
  if (!current) return {};
  // The newest completed rollout is the current one if it completed, else whatever it replaced.
  const baselineForNext = current.phase === "complete" ? current.sha : current.baselineSha;
  // Only for a half-recorded start (rare) is the rollout before it read: it may still need marking replaced.
  let replacing: Rollout | undefined;
  if (current.phase === "pending") {
    const previous = newestOurs(deployments.filter((d) => d.id < current.deploymentId));
    const before = previous && (await loadRollout(api, previous, repository));
    if (before && isInFlight(before) && before.sha !== current.sha) replacing = before;
  }
  return { current, ...(baselineForNext && { baselineForNext }), ...(replacing && { replacing }) };
}

/** What a run saw: the newest rollout and its newest status. Another run's transition changes it. */
export function fingerprint(state: EnvironmentState): string {
  const cur = state.current;
  return cur ? `${cur.deploymentId}:${cur.transitions.at(-1)?.statusId ?? "none"}` : "none";
}

/** The newest earlier rollout of `sha` in the environment, if any (one or two calls). */
export async function findRolloutOf(
  api: GitHubApi,
  environment: string,
  sha: string,
  repository: Repository,
): Promise<Rollout | undefined> {
  const deployments = await api.listDeployments({
    environment,
    task: TASK,
    sha,
    perPage: DEPLOYMENTS_PAGE,
  });
  const newest = newestOurs(deployments.filter((d) => d.sha === sha));
  return newest ? loadRollout(api, newest, repository) : undefined;
}

export interface StateRead {
  state: EnvironmentState;
  head: HeadRead;
  /** Set when GitHub's lists do not show the transition the state ref records: decide nothing on `state`. */
  behind?: string;
}

export interface ReadOptions {
  /** The runner's clock, against which a claim's age is judged. */
  now: () => Date;
  sleep?: (ms: number) => Promise<void>;
  log?: (message: string) => void;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function ago(ms: number): string {
  return `${formatDuration(ms / 1000)} ago`;
}

function behindReason(claim: Claim, ageMs: number): string {
  const what = `GitHub's lists do not show yet the "${claim.event}" that run ${claim.runId} claimed ${ago(ageMs)}`;
  const why =
    ageMs <= LIST_LAG_BUDGET_MS
      ? "they can trail a write by seconds"
      : `they trail far behind, or that run stopped before recording it (a claim lapses ${formatDuration(CLAIM_EXPIRY_SECONDS)} after it was made)`;
  return `${what}: ${why}; nothing decided, nothing recorded, the next run reads them again`;
}

/**
 * Reads where the environment's rollout stands, and whether the lists it comes from can be trusted: they must
 * show the transition the state ref records. When they do not, it reads them again a few times until that claim
 * is LIST_LAG_BUDGET_MS old; a claim older than CLAIM_EXPIRY_SECONDS that they still lack was never recorded.
 * Four reads when the lists are current, three without a state ref, at most eight more when they lag.
 */
export async function readState(
  api: GitHubApi,
  environment: string,
  repository: Repository,
  opts: ReadOptions,
): Promise<StateRead> {
  const sleep = opts.sleep ?? defaultSleep;
  const log = opts.log ?? (() => undefined);
  // The ref first: a transition claimed after this read can only make the lists look newer than the ref, which
  // the claim on top of this head then settles (it is refused). One request after another, as GitHub asks.
  const head = await readHead(api, environment);
  const first = await readEnvironment(api, environment, repository);
  if (head.kind === "unreadable") log(`The state ref cannot be read (${head.reason}); trusting the lists.`);
  if (head.kind !== "found" || !head.head.claim) return { state: first, head };
  const claim = head.head.claim;
  let state = first;
  for (let reread = 0; ; reread++) {
    if (listsShow(state, claim)) return { state, head };
    const age = opts.now().getTime() - head.head.claimedAt.getTime();
    if (claim.settled) {
      // Whatever of it landed did so before the settling commit: lists that are the lag budget past it show it.
      if (reread > 0 || age >= LIST_LAG_BUDGET_MS) return { state, head };
      log(
        `Run ${claim.runId} could not record "${claim.event}" ${ago(age)}; reading the lists again once they have caught up.`,
      );
      await sleep(LIST_LAG_BUDGET_MS - Math.max(0, age));
      state = await readEnvironment(api, environment, repository);
      continue;
    }
    if (age > CLAIM_EXPIRY_SECONDS * 1000) {
      log(
        `Run ${claim.runId} claimed "${claim.event}" ${ago(age)} and never recorded it; the claim has lapsed, the lists stand.`,
      );
      return { state, head };
    }
    const wait = Math.min(FIRST_WAIT_MS * 2 ** reread, LIST_LAG_BUDGET_MS - age);
    if (reread >= MAX_REREADS || wait <= 0) return { state, head, behind: behindReason(claim, age) };
    log(
      `GitHub's lists do not show yet the "${claim.event}" that run ${claim.runId} claimed ${ago(age)}; reading them again in ${wait} ms.`,
    );
    await sleep(wait);
    state = await readEnvironment(api, environment, repository);
  }
}
