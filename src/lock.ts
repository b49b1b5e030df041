// One run at a time may record a transition in an environment. The lock is a git ref: GitHub creates a ref
// atomically and refuses one that exists, so of two runs racing, exactly one creates it. The ref points at a
// commit the holder makes for the purpose, whose committer date tells others when it was taken, so a lock
// left by a runner that died expires instead of wedging the rollout. docs/concurrency.md explains the design.

import { createHash } from "node:crypto";
import { type GitHubApi, statusOf } from "./github.ts";

export const LOCK_EXPIRY_SECONDS = 10 * 60;
const WAIT_MS = 30_000;

export type LockOutcome =
  | { kind: "held"; ref: string; release: () => Promise<void>; tookOver?: string }
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

/** `phased-rollout/locks/<environment>-<hash>`: readable, and safe for any environment name. */
export function lockRef(environment: string): string {
  const readable =
    environment
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .replace(/^[.-]+|\.+$/g, "")
      .slice(0, 60) || "env";
  const hash = createHash("sha256").update(environment).digest("hex").slice(0, 8);
  return `phased-rollout/locks/${readable}-${hash}`;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function acquireLock(api: GitHubApi, opts: LockOptions): Promise<LockOutcome> {
  const ref = lockRef(opts.environment);
  const sleep = opts.sleep ?? defaultSleep;
  const log = opts.log ?? (() => undefined);
  let mine: string;
  try {
    const tree = await api.treeOf(opts.baseSha);
    mine = await api.createCommit(
      `phased-rollout lock for ${opts.environment}\n\nrun ${opts.runId}, attempt ${opts.runAttempt}; expires ${LOCK_EXPIRY_SECONDS}s after the committer date`,
      tree,
    );
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
  const release = async () => {
    // Only our own lock: after an expiry another run may hold it.
    if ((await api.getRef(ref)) === mine) await api.deleteRef(ref);
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
    if (created === "created") return { kind: "held", ref, release };
    const holder = await api.getRef(ref);
    if (holder === undefined) continue;
    // Our own create landed although its answer said otherwise (a retry after a lost answer).
    if (holder === mine) return { kind: "held", ref, release };
    const info = await api.getCommit(holder);
    const age = info
      ? (opts.now().getTime() - new Date(info.date).getTime()) / 1000
      : Number.POSITIVE_INFINITY;
    const who = info?.message.split("\n").at(-1) ?? "an unknown run";
    if (age > LOCK_EXPIRY_SECONDS) {
      // The update is not conditional: confirm it is ours before acting on it.
      if ((await api.forceRef(ref, mine)) && (await api.getRef(ref)) === mine) {
        log(`took over a lock older than ${LOCK_EXPIRY_SECONDS}s (${who})`);
        return { kind: "held", ref, release, tookOver: who };
      }
      continue;
    }
    if (opts.now().getTime() >= deadline) return { kind: "busy", ref, holder: who };
    log(`another run holds the lock (${who}); waiting`);
    await sleep(Math.min(5000, 500 * 2 ** attempt));
  }
}
