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

/** What a run reads before deciding: the state (checked against the state ref), and for a start its version. */
export interface Snapshot extends StateRead {
  /** For start: the version to roll out, its newest earlier rollout, and the baseline it would replace. */
  target?: { sha: string; earlier?: Rollout; baselineSha?: string };
  /** Any commit of the repository, for the lock commit's tree: the target, the current rollout, or the event's. */
  baseSha: string;
  warnings: string[];
}

export interface SnapshotQuery {
  environment: string;
  repository: Repository;
  /** The plan the inputs give, which a rollout in flight keeps its own of. */
  stages: number[];
  /** Whether the command starts a version (which is then looked up), and which one. */
  start?: { sha?: string; ref?: string };
  /** The event's commit: the version a start rolls out when neither `sha` nor `ref` names one. */
  eventSha: string;
}

const SHA_RE = /^[0-9a-f]{40}$/;

/** The version a start rolls out: the trigger's (a pull request's head), `ref` resolved, or the event's commit. */
async function startVersion(api: GitHubApi, q: SnapshotQuery): Promise<string> {
  const { sha, ref } = q.start ?? {};
  if (sha) return sha;
  if (!ref) return q.eventSha;
  if (SHA_RE.test(ref.toLowerCase())) return ref.toLowerCase();
  try {
    return await api.resolveRef(ref);
  } catch (error) {
    throw new Error(`ref: "${ref}" could not be resolved to a commit: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Reads where the environment's rollout stands, and for a start the version and its history. */
export async function readSnapshot(api: GitHubApi, q: SnapshotQuery, opts: ReadOptions): Promise<Snapshot> {
  const log = opts.log ?? (() => undefined);
  const read = await readState(api, q.environment, q.repository, opts);
  const warnings: string[] = [];
  const cur = read.state.current;
  if (read.behind) return { ...read, baseSha: cur?.sha ?? q.eventSha, warnings };
  if (cur) {
    log(
      `Current rollout: ${cur.sha} (deployment ${cur.deploymentId}), ${cur.phase}, stage ${cur.stageIndex + 1}/${cur.stages.length} at ${cur.percent}%`,
    );
    if (cur.foreignStatuses > 0) {
      log(`${cur.foreignStatuses} status(es) on it were not written by phased-rollout and are ignored.`);
    }
    if (cur.stages.join() !== q.stages.join() && !q.start) {
      warnings.push(
        `The stages input (${q.stages.join(", ")}) differs from the plan this rollout started with (${cur.stages.join(", ")}); the rollout keeps its plan.`,
      );
    }
  } else {
    log(`No rollout in ${q.environment} yet.`);
  }
  if (!q.start) return { ...read, baseSha: cur?.sha ?? q.eventSha, warnings };
  const sha = await startVersion(api, q);
  const earlier = cur?.sha === sha ? cur : await findRolloutOf(api, q.environment, sha, q.repository);
  log(`Version to start: ${sha}${earlier ? ` (had a rollout: ${earlier.phase})` : ""}`);
  const baselineSha = read.state.baselineForNext;
  return {
    ...read,
    target: { sha, ...(earlier && { earlier }), ...(baselineSha && { baselineSha }) },
    baseSha: sha,
    warnings,
  };
}
