// The environment's state ref: the last transition a run claimed, on a git ref next to the lock. GitHub's lists
// of deployments and statuses can trail a write by seconds, while a ref and a commit are read back current. So
// a run claims its transition on the ref before it writes it, with an unforced update that GitHub settles as a
// compare-and-swap, and a run whose lists do not show the transition the ref records waits for them briefly,
// or decides nothing. docs/concurrency.md explains the design.

import type { GitHubApi } from "./port.ts";
import { statusOf } from "./client.ts";
import { environmentRef, LOCK_EXPIRY_SECONDS } from "./lock.ts";
import { type EnvironmentState, isTransitionEvent, type TransitionEvent } from "../rollout/model.ts";

/**
 * A claim whose transition the lists never show lapses this long after it was made. Claims are made under the
 * rollout lock, whose holder starts no write after its expiry less a request's timeout and a margin, so by then
 * the transition is either written (and listed, lists lagging by seconds) or never will be.
 */
export const CLAIM_EXPIRY_SECONDS = LOCK_EXPIRY_SECONDS;
/** How long after a claim a run waits for GitHub's lists to show it before it decides nothing. */
export const LIST_LAG_BUDGET_MS = 10_000;
/** How often, and from how long after, a run whose lists lag reads them again (see readState). */
export const MAX_REREADS = 4;
export const FIRST_WAIT_MS = 500;

/** What a run claims before it writes its transition. */
export interface Claim {
  event: TransitionEvent;
  /** The rollout's deployment; none for a start, whose deployment is created after the claim. */
  deploymentId?: number;
  /** The version the rollout rolls out. */
  sha: string;
  runId: number;
  runAttempt: number;
  /**
   * The run gave up writing it (a write failed): it wrote nothing after this claim's commit, so lists that are
   * LIST_LAG_BUDGET_MS past it show whatever did land.
   */
  settled?: true;
}

/** `phased-rollout/state/<environment>-<hash>`, next to the lock. */
export function stateRef(environment: string): string {
  return environmentRef("state", environment);
}

const CLAIM_SCHEMA = "1";

/** The claim commit's message: a line for people, then the fields. */
export function formatClaim(claim: Claim, environment: string): string {
  const title = claim.settled
    ? `phased-rollout: run ${claim.runId} could not record "${claim.event}" in ${environment}`
    : `phased-rollout: run ${claim.runId} claims "${claim.event}" in ${environment}`;
  return [
    title,
    "",
    `schema: ${CLAIM_SCHEMA}`,
    `event: ${claim.event}`,
    `deployment: ${claim.deploymentId ?? "new"}`,
    `sha: ${claim.sha}`,
    `run: ${claim.runId}`,
    `attempt: ${claim.runAttempt}`,
    ...(claim.settled ? ["settled: yes"] : []),
  ].join("\n");
}

/** The claim a commit message records, or undefined when the commit is not a claim. */
export function parseClaim(message: string): Claim | undefined {
  const fields = new Map<string, string>();
  for (const line of message.split("\n").slice(1)) {
    const m = /^([a-z]+): (.+)$/.exec(line);
    if (m?.[1] && m[2]) fields.set(m[1], m[2]);
  }
  const event = fields.get("event") ?? "";
  const deployment = fields.get("deployment") ?? "";
  const sha = fields.get("sha") ?? "";
  const runId = Number(fields.get("run"));
  const runAttempt = Number(fields.get("attempt"));
  if (fields.get("schema") !== CLAIM_SCHEMA || !isTransitionEvent(event) || !/^[0-9a-f]{40}$/.test(sha)) {
    return undefined;
  }
  if (!(deployment === "new" || /^\d{1,15}$/.test(deployment))) return undefined;
  if (!Number.isSafeInteger(runId) || runId <= 0 || !Number.isSafeInteger(runAttempt) || runAttempt <= 0) {
    return undefined;
  }
  return {
    event,
    ...(deployment !== "new" && { deploymentId: Number(deployment) }),
    sha,
    runId,
    runAttempt,
    ...(fields.get("settled") === "yes" && { settled: true as const }),
  };
}

/** The commit the state ref points at. */
export interface Head {
  sha: string;
  /** Reused by the next claim, so the chain of claims holds one tree. */
  tree: string;
  /** Its committer date: when it was claimed, on GitHub's clock. */
  claimedAt: Date;
  /** Undefined when the commit is not a claim (someone moved the ref by hand): nothing to check the lists against. */
  claim?: Claim;
}

export type HeadRead =
  { kind: "absent" } | { kind: "unreadable"; reason: string } | { kind: "found"; head: Head };

/** The state ref and its commit: two reads (one when there is no ref yet). */
export async function readHead(api: GitHubApi, environment: string): Promise<HeadRead> {
  const ref = stateRef(environment);
  try {
    const sha = await api.getRef(ref);
    if (sha === undefined) return { kind: "absent" };
    const commit = await api.getCommit(sha);
    if (!commit) return { kind: "unreadable", reason: `its commit ${sha.slice(0, 7)} cannot be read` };
    const claim = parseClaim(commit.message);
    return {
      kind: "found",
      head: { sha, tree: commit.tree, claimedAt: new Date(commit.date), ...(claim && { claim }) },
    };
  } catch (error) {
    if (statusOf(error) === 403) {
      return { kind: "unreadable", reason: "the token may not read it (HTTP 403; it needs contents: read)" };
    }
    throw error;
  }
}

/**
 * Whether lists read into `state` show the claimed transition: its run attempt's status on the claimed rollout
 * (or the error status that attempt left when it could not record it), or a newer rollout than the claimed one.
 */
export function listsShow(state: EnvironmentState, claim: Claim): boolean {
  const cur = state.current;
  if (!cur) return false;
  if (claim.deploymentId === undefined) {
    if (cur.sha !== claim.sha) return false;
  } else if (cur.deploymentId !== claim.deploymentId) {
    return cur.deploymentId > claim.deploymentId;
  }
  return cur.transitions.some(
    (t) =>
      t.runId === claim.runId &&
      (t.runAttempt ?? claim.runAttempt) === claim.runAttempt &&
      (t.event === claim.event || t.event === "failed"),
  );
}

export type ClaimOutcome =
  | { kind: "claimed"; commit: string; tree: string }
  | { kind: "lost" }
  | { kind: "unavailable"; reason: string };

export interface ClaimOptions {
  environment: string;
  /** The state ref as the run read it before deciding: the claim is built on it, and fails if it moved. */
  head: HeadRead;
  claim: Claim;
  /** A tree of the repository for the first claim to reuse: the lock commit's. */
  tree: string;
}

const LOST = { kind: "lost" } as const;

/**
 * Claims the transition: a commit on top of the head the run decided on, moved to without force, which GitHub
 * accepts only while the ref still points at that head; with no ref yet, an atomic create. "lost" means another
 * run claimed a transition since: this run must record nothing.
 */
export async function claimTransition(api: GitHubApi, opts: ClaimOptions): Promise<ClaimOutcome> {
  const { environment, head, claim } = opts;
  if (head.kind === "unreadable") return { kind: "unavailable", reason: `the state ref ${head.reason}` };
  const ref = stateRef(environment);
  const message = formatClaim(claim, environment);
  try {
    if (head.kind === "found") {
      const { tree } = head.head;
      const commit = await api.createCommit(message, tree, [head.head.sha]);
      return (await api.advanceRef(ref, commit)) === "moved" ? { kind: "claimed", commit, tree } : LOST;
    }
    const { tree } = opts;
    const commit = await api.createCommit(message, tree);
    const claimed = { kind: "claimed", commit, tree } as const;
    if ((await api.createRef(ref, commit)) === "created") return claimed;
    // A resend of this run's own create that landed is refused like a rival's: the ref tells them apart.
    return (await api.getRef(ref)) === commit ? claimed : LOST;
  } catch (error) {
    const status = statusOf(error);
    if (status === 403 || status === 404) {
      return {
        kind: "unavailable",
        reason: `the token cannot write git objects or refs (HTTP ${status}; the state ref needs contents: write)`,
      };
    }
    throw error;
  }
}

/**
 * Marks a claim whose transition could not be written (the write failed, or may have): a commit on top of it
 * saying so, after which this run writes nothing more. The next run then trusts lists that are
 * LIST_LAG_BUDGET_MS past it, instead of waiting for the claim to lapse. Refused when another run claimed since.
 */
export async function settleClaim(
  api: GitHubApi,
  environment: string,
  claimed: { commit: string; tree: string },
  claim: Claim,
): Promise<void> {
  const commit = await api.createCommit(formatClaim({ ...claim, settled: true }, environment), claimed.tree, [
    claimed.commit,
  ]);
  await api.advanceRef(stateRef(environment), commit);
}
