// One run at a time may record a transition in an environment. The lock is a git ref: GitHub creates a ref
// atomically and refuses one that exists, so of two runs racing, exactly one creates it. The ref points at a
// commit the holder makes for the purpose, whose committer date tells others when it was taken, so a lock
// left by a runner that died expires instead of wedging the rollout. Taking an expired lock over moves the ref,
// unforced, to a commit whose parent is the expired one: GitHub accepts only a fast-forward, so that too is won by
// exactly one run. docs/concurrency.md explains the design.

import { createHash } from "node:crypto";
import type { GitHubApi } from "./port.ts";
import { REQUEST_TIMEOUT_MS, statusOf } from "./client.ts";

export const LOCK_EXPIRY_SECONDS = 10 * 60;
/** Slack between the last write under the lock and its expiry, beyond a request's timeout: clocks, latency. */
export const LOCK_WRITE_MARGIN_MS = 60_000;
const WAIT_MS = 30_000;

export type LockOutcome =
  | {
      kind: "held";
      ref: string;
      release: () => Promise<void>;
      /** The tree of `baseSha`, which the lock commit reuses (and the first claim on the state ref too). */
      tree: string;
      tookOver?: string;
      /**
       * From when another run may take the lock over: the expiry after the held commit's date, counted on the
       * wall clock (which writeOnce reads too) from just before the commit was created, so no later than the
       * expiry GitHub's date for it gives, on a runner clock in step with GitHub's.
       */
      expiresAt: Date;
      /**
       * The last moment to start a write under the lock: a write started then, hanging until its request
       * times out, is over LOCK_WRITE_MARGIN_MS before the lock expires (writeOnce's `until`).
       */
      writeUntil: Date;
    }
  | { kind: "busy"; ref: string; holder: string }
  | { kind: "unavailable"; reason: string };

export interface LockOptions {
  environment: string;
  /** Any commit of the repository; its tree is reused for the lock commit. */
  baseSha: string;
  runId: number;
  runAttempt: number;
  now: () => Date;
  sleep?: (ms: number) => Promise<void>;
  waitMs?: number;
  log?: (message: string) => void;
}

/** `phased-rollout/<kind>/<environment>-<hash>`: readable, and safe for any environment name. */
export function environmentRef(kind: "locks" | "state", environment: string): string {
  const readable =
    environment
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .replace(/^[.-]+|\.+$/g, "")
      .slice(0, 60) || "env";
  const hash = createHash("sha256").update(environment).digest("hex").slice(0, 8);
  return `phased-rollout/${kind}/${readable}-${hash}`;
}

export function lockRef(environment: string): string {
  return environmentRef("locks", environment);
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function acquireLock(api: GitHubApi, opts: LockOptions): Promise<LockOutcome> {
  const ref = lockRef(opts.environment);
  const sleep = opts.sleep ?? defaultSleep;
  const log = opts.log ?? (() => undefined);
  const message = `phased-rollout lock for ${opts.environment}\n\nrun ${opts.runId}, attempt ${opts.runAttempt}; expires ${LOCK_EXPIRY_SECONDS}s after the committer date`;
  // The commits this run made to point the ref at: when each was made (wall clock; its committer date, from
  // which its expiry counts, is no earlier) and the holder it would take over.
  const ours = new Map<string, { madeAt: number; tookOver?: string }>();
  const commit = async (tree: string, parents: string[] = [], tookOver?: string): Promise<string> => {
    const madeAt = opts.now().getTime();
    const sha = await api.createCommit(message, tree, parents);
    ours.set(sha, { madeAt, ...(tookOver !== undefined && { tookOver }) });
    return sha;
  };
  let tree: string;
  let mine: string;
  try {
    tree = await api.treeOf(opts.baseSha);
    mine = await commit(tree);
  } catch (error) {
    const status = statusOf(error);
    if (status === 403 || status === 404) {
      return {
        kind: "unavailable",
        reason: `the token cannot write git objects (HTTP ${status}; the lock needs contents: write)`,
      };
    }
    throw error;
  }
  // Only our own lock: after an expiry another run may hold it.
  const releaseOf = (sha: string) => async () => {
    if ((await api.getRef(ref)) === sha) await api.deleteRef(ref);
  };
  const held = (sha: string): LockOutcome => {
    const { madeAt, tookOver } = ours.get(sha) ?? { madeAt: opts.now().getTime() };
    const expiry = madeAt + LOCK_EXPIRY_SECONDS * 1000;
    const times = {
      expiresAt: new Date(expiry),
      writeUntil: new Date(expiry - REQUEST_TIMEOUT_MS - LOCK_WRITE_MARGIN_MS),
    };
    if (tookOver === undefined) return { kind: "held", ref, release: releaseOf(sha), tree, ...times };
    log(`took over a lock older than ${LOCK_EXPIRY_SECONDS}s (${tookOver})`);
    return { kind: "held", ref, release: releaseOf(sha), tree, tookOver, ...times };
  };
  const deadline = opts.now().getTime() + (opts.waitMs ?? WAIT_MS);
  for (let attempt = 0; ; attempt++) {
    let created: "created" | "exists";
    try {
      created = await api.createRef(ref, mine);
    } catch (error) {
      const status = statusOf(error);
      if (status === 403 || status === 404) {
        return {
          kind: "unavailable",
          reason: `the token cannot create refs (HTTP ${status}; the lock needs contents: write)`,
        };
      }
      throw error;
    }
    if (created === "created") return held(mine);
    const holder = await api.getRef(ref);
    if (holder === undefined) {
      // Released meanwhile, or a refusal with no ref there ("Reference update failed" comes and goes): try again.
      if (opts.now().getTime() >= deadline) {
        return { kind: "busy", ref, holder: "none that GitHub shows, yet it refused to create the lock ref" };
      }
      if (attempt > 0) await sleep(Math.min(5000, 500 * 2 ** attempt));
      continue;
    }
    // One of our own writes landed although its answer said otherwise (a retry after a lost answer).
    if (ours.has(holder)) return held(holder);
    const info = await api.getCommit(holder);
    // A holder we cannot read may be a commit not yet visible to this read; it is waited on, never taken over.
    const age = info ? (opts.now().getTime() - new Date(info.date).getTime()) / 1000 : 0;
    const who = info?.message.split("\n").at(-1) ?? `an unreadable lock commit ${holder.slice(0, 7)}`;
    if (age > LOCK_EXPIRY_SECONDS) {
      // Compare-and-swap: a commit on top of the expired one is a fast-forward only while the ref still points at
      // it, so of runs taking over the same expired lock exactly one moves the ref; the others are refused.
      const takeover = await commit(tree, [holder], who);
      const moved = await api.advanceRef(ref, takeover);
      if (moved === "moved") return held(takeover);
      if (moved === "refused") log(`another run took over the expired lock first (${who})`);
      continue;
    }
    if (opts.now().getTime() >= deadline) return { kind: "busy", ref, holder: who };
    log(`another run holds the lock (${who}); waiting`);
    await sleep(Math.min(5000, 500 * 2 ** attempt));
  }
}
