import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClient, REQUEST_TIMEOUT_MS } from "../../../src/store/client.ts";
import type { GitHubApi } from "../../../src/store/port.ts";
import { restApi } from "../../../src/store/rest.ts";
import {
  acquireLock,
  LOCK_EXPIRY_SECONDS,
  LOCK_WRITE_MARGIN_MS,
  type LockOutcome,
  lockRef,
} from "../../../src/store/lock.ts";
import { type StandIn, startGitHubStandIn } from "../../../harness/github/index.ts";

/**
 * Refs and commits in memory, with GitHub's atomic create and fast-forward-only update; `clock` is the test's
 * "now".
 */
function gitApi(clock: { now: number }) {
  const refs = new Map<string, string>();
  const commits = new Map<string, { message: string; date: string; parents: string[]; tree: string }>();
  const descends = (sha: string, from: string): boolean =>
    sha === from || (commits.get(sha)?.parents ?? []).some((p) => descends(p, from));
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
    createCommit: async (message, _tree, parents = []) => {
      const sha = String(++n).padStart(40, "0");
      commits.set(sha, { message, date: new Date(clock.now).toISOString(), parents, tree: "tree" });
      return sha;
    },
    getCommit: async (sha) => commits.get(sha),
    getRef: async (ref) => refs.get(ref),
    createRef: async (ref, sha) => {
      if (refs.has(ref)) return "exists";
      refs.set(ref, sha);
      return "created";
    },
    advanceRef: async (ref, sha) => {
      const current = refs.get(ref);
      if (current === undefined) return "missing";
      if (!descends(sha, current)) return "refused";
      refs.set(ref, sha);
      return "moved";
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

  it("says until when writes under it are safe: its expiry, less a request's timeout and a margin", async () => {
    const clock = { now: Date.parse("2026-11-21T00:00:00Z") };
    const { api } = gitApi(clock);
    const first = await acquireLock(api, options(clock, 1));
    const firstMade = clock.now;
    clock.now += (LOCK_EXPIRY_SECONDS + 1) * 1000;
    const takeover = await acquireLock(api, options(clock, 2));
    // Counted on the run's one clock (which writeOnce reads too), from just before the held commit was made.
    for (const [lock, made] of [
      [first, firstMade],
      [takeover, clock.now],
    ] as const) {
      if (lock.kind !== "held") throw new Error("expected the lock");
      expect(lock.expiresAt.getTime()).toBe(made + LOCK_EXPIRY_SECONDS * 1000);
      expect(lock.writeUntil.getTime()).toBe(
        lock.expiresAt.getTime() - REQUEST_TIMEOUT_MS - LOCK_WRITE_MARGIN_MS,
      );
    }
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

/** The real client against the stand-in; its warnings go to `warnings`. */
function standInApi(github: StandIn, warnings: string[] = []): GitHubApi {
  const log = {
    debug: () => undefined,
    info: () => undefined,
    warn: (m: string) => warnings.push(m),
    error: () => undefined,
  };
  return restApi(
    createClient({ token: "t", baseUrl: github.url, log, retries: 1, timeoutMs: 200 }),
    "acme",
    "shop",
    { log, now: () => new Date() },
  );
}

/** A run's options: wall-clock time that its sleeps move on, so waiting out the lock takes no real time. */
function runOn(
  environment: string,
  baseSha: string,
  runId: number,
  seen: { logs?: string[]; sleeps?: number[] } = {},
) {
  let skew = 0;
  return {
    environment,
    baseSha,
    runId,
    runAttempt: 1,
    now: () => new Date(Date.now() + skew),
    sleep: async (ms: number) => {
      seen.sleeps?.push(ms);
      skew += ms;
    },
    waitMs: 5_000,
    log: (m: string) => seen.logs?.push(m),
  };
}

// Takeovers against the GitHub stand-in over HTTP, through the real client: its update-ref is fast-forward only
// unless forced, as GitHub's is, and it validates every request against GitHub's OpenAPI description.
describe("taking over an expired lock", () => {
  const environment = "production";
  const ref = lockRef(environment);
  let github: StandIn;
  let base: string;
  let stale: string;
  let warnings: string[];

  beforeEach(async () => {
    github = await startGitHubStandIn({ owner: "acme", repo: "shop" });
    base = github.setBranch("main");
    stale = github.addCommit({
      message: `phased-rollout lock for ${environment}\n\nrun 1, attempt 1; expires 600s after the committer date`,
      date: new Date(Date.now() - (LOCK_EXPIRY_SECONDS + 60) * 1000),
    });
    github.setRef(`refs/${ref}`, stale);
    warnings = [];
  });

  afterEach(async () => {
    github.assertNoInvalidRequests();
    await github.close();
  });

  const client = () => standInApi(github, warnings);
  const run = (runId: number, logs: string[] = []) => runOn(environment, base, runId, { logs });

  /** `api` whose ref update says it has come, waits for its turn, then says it is done. */
  function queued(
    api: GitHubApi,
    come: () => void,
    turn: Promise<unknown>,
    done: () => void = () => undefined,
  ): GitHubApi {
    return {
      ...api,
      advanceRef: async (r, sha) => {
        come();
        await turn;
        try {
          return await api.advanceRef(r, sha);
        } finally {
          done();
        }
      },
    };
  }

  function signal() {
    let fire!: () => void;
    const fired = new Promise<void>((resolve) => (fire = resolve));
    return { fire, fired };
  }

  const updates = () => github.log().filter((e) => e.operationId === "git/update-ref");
  const holderOf = (outcome: LockOutcome) => (outcome.kind === "held" ? outcome : undefined);

  it("of two runs that read the expired holder at the same instant, exactly one takes it over", async () => {
    // Both runs read the expired holder and make their takeover commits; only then does either update the ref,
    // run 11 first, run 12 once run 11's update has been answered.
    const bothRead = signal();
    let come = 0;
    const arrive = () => {
      if (++come === 2) bothRead.fire();
    };
    const firstDone = signal();
    const logsA: string[] = [];
    const logsB: string[] = [];
    const api = client();
    const a = acquireLock(queued(api, arrive, bothRead.fired, firstDone.fire), run(11, logsA));
    const b = acquireLock(
      queued(api, arrive, Promise.all([bothRead.fired, firstDone.fired])),
      run(12, logsB),
    );
    const [won, lost] = await Promise.all([a, b]);

    expect(won).toMatchObject({ kind: "held", tookOver: expect.stringContaining("run 1, attempt 1") });
    expect(logsA).toContain(
      `took over a lock older than ${LOCK_EXPIRY_SECONDS}s (run 1, attempt 1; expires 600s after the committer date)`,
    );
    // The loser was refused, did not throw, and gave up waiting on the winner's lock without taking it.
    expect(lost).toMatchObject({ kind: "busy", holder: expect.stringContaining("run 11, attempt 1") });
    expect(logsB.join("\n")).toContain("another run took over the expired lock first");
    expect(logsB.join("\n")).not.toContain("took over a lock older");
    expect(updates().map((e) => e.status)).toEqual([200, 422]);
    expect(updates().every((e) => (e.body as { force?: boolean }).force === false)).toBe(true);

    const now = github.refs()[`refs/${ref}`];
    expect(github.gitCommit(now!)).toMatchObject({
      parents: [stale],
      message: expect.stringContaining("run 11, attempt 1"),
    });
    // The takeover commit is fresh: expiry is judged by its committer date, not the expired one's.
    expect(Date.now() - Date.parse(github.gitCommit(now!)!.committer.date)).toBeLessThan(60_000);
    await holderOf(won)?.release();
    expect(github.refs()).not.toHaveProperty(`refs/${ref}`);
  });

  it("finds its own takeover when the update was stored but its answer lost", async () => {
    github.injectFault({ operationId: "git/update-ref", afterWrite: true, hang: true, attempts: [1] });
    const logs: string[] = [];
    const out = await acquireLock(client(), run(11, logs));
    expect(out).toMatchObject({ kind: "held", tookOver: expect.stringContaining("run 1") });
    expect(updates(), "one update reached GitHub").toHaveLength(1);
    expect(warnings.join("\n")).toMatch(
      /GitHub did not confirm a write .*PATCH \/repos\/acme\/shop\/git\/refs\//,
    );
    expect(github.gitCommit(github.refs()[`refs/${ref}`]!)?.parents).toEqual([stale]);
    await holderOf(out)?.release();
    expect(github.refs()).not.toHaveProperty(`refs/${ref}`);
  });

  it("holds the lock when its resent update answers 'not a fast forward' because the first one landed", async () => {
    // The first update lands without an answer, the look for it fails too, and the resend is refused: the ref
    // already points at this run's commit, which the refusal alone does not say.
    github.injectFault({ operationId: "git/update-ref", afterWrite: true, status: 502, attempts: [1] });
    github.injectFault({
      operationId: "git/update-ref",
      status: 422,
      body: {
        message: "Update is not a fast forward",
        documentation_url: "https://docs.github.com/rest/git/refs#update-a-reference",
        status: "422",
      },
      attempts: [2],
    });
    const api = client();
    let lookups: ReturnType<StandIn["injectFault"]> | undefined;
    const out = await acquireLock(
      {
        ...api,
        advanceRef: (r, sha) => {
          // Both tries of the look that follows the lost answer fail (the client retries a read once).
          lookups = github.injectFault({ operationId: "git/get-ref", status: 500, attempts: [1, 2] });
          return api.advanceRef(r, sha);
        },
      },
      run(11),
    );
    expect(lookups?.fired()).toBe(2);
    expect(out).toMatchObject({ kind: "held", tookOver: expect.stringContaining("run 1") });
    expect(updates().map((e) => e.status)).toEqual([502, 422]);
    expect(github.gitCommit(github.refs()[`refs/${ref}`]!)?.parents).toEqual([stale]);
  });

  it("creates the lock again when the expired one is deleted before the takeover", async () => {
    const api = client();
    const out = await acquireLock(
      {
        ...api,
        advanceRef: async (r, sha) => {
          // The dead run's release lands late.
          await api.deleteRef(r);
          return api.advanceRef(r, sha);
        },
      },
      run(11),
    );
    expect(out.kind).toBe("held");
    expect(out).not.toHaveProperty("tookOver");
    expect(updates().map((e) => e.status)).toEqual([422]);
    const now = github.refs()[`refs/${ref}`];
    expect(github.gitCommit(now!)?.parents).toEqual([]);
    await holderOf(out)?.release();
    expect(github.refs()).not.toHaveProperty(`refs/${ref}`);
  });

  it("takes over a takeover that expired in turn, on top of it", async () => {
    const first = await acquireLock(client(), run(11));
    const taken = github.refs()[`refs/${ref}`]!;
    github.advanceClock(LOCK_EXPIRY_SECONDS + 60);
    const second = await acquireLock(client(), run(12));
    expect(first).toMatchObject({ kind: "held" });
    expect(second).toMatchObject({ kind: "held", tookOver: expect.stringContaining("run 11") });
    const now = github.refs()[`refs/${ref}`]!;
    expect(github.gitCommit(now)?.parents).toEqual([taken]);
    expect(github.gitCommit(taken)?.parents).toEqual([stale]);
  });

  it("waits on a holder it cannot read instead of taking it over", async () => {
    const api = client();
    const out = await acquireLock({ ...api, getCommit: async () => undefined }, run(11));
    expect(out).toMatchObject({ kind: "busy", holder: `an unreadable lock commit ${stale.slice(0, 7)}` });
    expect(github.refs()[`refs/${ref}`]).toBe(stale);
  });
});

// GitHub answers a create-ref that loses a race `422 Reference update failed` as well as `Reference already
// exists` (github/rest-api-description#4887, where it also comes and goes with no ref there at all). Each
// means someone else may hold the ref: the run waits or gives up, never fails.
describe("other answers to a lost create", () => {
  const environment = "production";
  const ref = lockRef(environment);
  let github: StandIn;
  let base: string;

  beforeEach(async () => {
    github = await startGitHubStandIn({ owner: "acme", repo: "shop" });
    base = github.setBranch("main");
  });

  afterEach(async () => {
    github.assertNoInvalidRequests();
    await github.close();
  });

  const client = () => standInApi(github);
  const run = (runId: number, sleeps: number[] = []) => runOn(environment, base, runId, { sleeps });

  const creates = () => github.log().filter((e) => e.operationId === "git/create-ref");

  it("waits on the holder when its create is answered 'Reference update failed', then gives up", async () => {
    github.answerLostRefCreates("Reference update failed");
    const first = await acquireLock(client(), run(1));
    expect(first.kind).toBe("held");
    const second = await acquireLock(client(), run(2));
    expect(second).toMatchObject({ kind: "busy", holder: expect.stringContaining("run 1, attempt 1") });
    expect(
      creates()
        .slice(1)
        .every((e) => e.status === 422),
    ).toBe(true);
  });

  it("tries again when 'Reference update failed' came with no ref there, and takes the lock", async () => {
    github.injectFault({
      operationId: "git/create-ref",
      status: 422,
      body: { message: "Reference update failed", status: "422" },
      attempts: [1],
    });
    const out = await acquireLock(client(), run(1));
    expect(out.kind).toBe("held");
    expect(creates().map((e) => e.status)).toEqual([422, 201]);
    expect(github.refs()[`refs/${ref}`]).toBeDefined();
  });

  it("gives up by its deadline, pausing between tries, when every create fails with no ref there", async () => {
    github.injectFault({
      operationId: "git/create-ref",
      status: 422,
      body: { message: "Reference update failed", status: "422" },
    });
    const sleeps: number[] = [];
    const out = await acquireLock(client(), run(1, sleeps));
    expect(out).toMatchObject({ kind: "busy", holder: expect.stringContaining("refused to create") });
    // The first retry is at once (the holder may just have released it), the others after a pause.
    expect(creates().length).toBeLessThanOrEqual(sleeps.length + 2);
    expect(creates().length).toBeLessThan(20);
  });
});
