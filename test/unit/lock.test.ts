import { describe, expect, it } from "vitest";
import type { GitHubApi } from "../../src/github.ts";
import { acquireLock, LOCK_EXPIRY_SECONDS, lockRef } from "../../src/lock.ts";

/** Refs and commits in memory, with GitHub's atomic create; `clock` is the test's "now". */
function gitApi(clock: { now: number }) {
  const refs = new Map<string, string>();
  const commits = new Map<string, { message: string; date: string }>();
  let n = 0;
  const unused = () => Promise.reject(new Error("not used"));
  const api: GitHubApi = {
    listDeployments: unused,
    listStatuses: unused,
    createDeployment: unused,
    createStatus: unused,
    resolveRef: unused,
    getPermission: unused,
    getPull: unused,
    createComment: unused,
    addReaction: unused,
    treeOf: async () => "tree",
    createCommit: async (message) => {
      const sha = String(++n).padStart(40, "0");
      commits.set(sha, { message, date: new Date(clock.now).toISOString() });
      return sha;
    },
    getCommit: async (sha) => commits.get(sha),
    getRef: async (ref) => refs.get(ref),
    createRef: async (ref, sha) => {
      if (refs.has(ref)) return "exists";
      refs.set(ref, sha);
      return "created";
    },
    forceRef: async (ref, sha) => {
      if (!refs.has(ref)) return false;
      refs.set(ref, sha);
      return true;
    },
    deleteRef: async (ref) => {
      refs.delete(ref);
    },
  };
  return { api, refs };
}

function options(clock: { now: number }, runId: number) {
  return {
    environment: "production",
    baseSha: "a".repeat(40),
    runId,
    runAttempt: 1,
    now: () => new Date(clock.now),
    sleep: async (ms: number) => {
      clock.now += ms;
    },
    waitMs: 10_000,
  };
}

describe("lockRef", () => {
  it("is a valid ref name for any environment, and distinct for distinct names", () => {
    expect(lockRef("production")).toMatch(/^phased-rollout\/locks\/production-[0-9a-f]{8}$/);
    expect(lockRef("eu west / canary")).toMatch(/^phased-rollout\/locks\/eu-west-canary-[0-9a-f]{8}$/);
    expect(lockRef("a/b")).not.toBe(lockRef("a b"));
    expect(lockRef("..")).toMatch(/^phased-rollout\/locks\/env-/);
  });
});

describe("acquireLock", () => {
  it("gives the lock to one of two runs; the other waits, then gives up without it", async () => {
    const clock = { now: Date.parse("2026-11-21T00:00:00Z") };
    const { api, refs } = gitApi(clock);
    const [a, b] = await Promise.all([
      acquireLock(api, options(clock, 1)),
      acquireLock(api, options(clock, 2)),
    ]);
    const kinds = [a.kind, b.kind].sort();
    expect(kinds).toEqual(["busy", "held"]);
    expect(refs.size).toBe(1);
    const held = [a, b].find((x) => x.kind === "held");
    if (held?.kind !== "held") throw new Error("no holder");
    await held.release();
    expect(refs.size).toBe(0);
    expect((await acquireLock(api, options(clock, 3))).kind).toBe("held");
  });

  it("takes over a lock older than the expiry, and not a younger one", async () => {
    const clock = { now: Date.parse("2026-11-21T00:00:00Z") };
    const { api } = gitApi(clock);
    expect((await acquireLock(api, options(clock, 1))).kind).toBe("held");
    clock.now += (LOCK_EXPIRY_SECONDS - 60) * 1000;
    expect((await acquireLock(api, options(clock, 2))).kind).toBe("busy");
    clock.now += 120_000;
    const late = await acquireLock(api, options(clock, 3));
    expect(late.kind).toBe("held");
    expect(late.kind === "held" && late.tookOver).toContain("run 1");
  });

  it("does not release a lock another run took over", async () => {
    const clock = { now: Date.parse("2026-11-21T00:00:00Z") };
    const { api, refs } = gitApi(clock);
    const first = await acquireLock(api, options(clock, 1));
    clock.now += (LOCK_EXPIRY_SECONDS + 1) * 1000;
    const second = await acquireLock(api, options(clock, 2));
    if (first.kind !== "held" || second.kind !== "held") throw new Error("expected both to hold in turn");
    await first.release();
    expect(refs.size).toBe(1);
  });

  it("says so when the token may not write git objects", async () => {
    const clock = { now: 0 };
    const { api } = gitApi(clock);
    api.createCommit = () =>
      Promise.reject(Object.assign(new Error("Resource not accessible"), { status: 403 }));
    const out = await acquireLock(api, options(clock, 1));
    expect(out).toMatchObject({ kind: "unavailable" });
    expect(out.kind === "unavailable" && out.reason).toContain("contents: write");
  });
});
