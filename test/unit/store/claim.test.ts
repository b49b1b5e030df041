// The state ref: a run claims its transition there before writing it, with a compare-and-swap GitHub settles,
// and a run whose deployment lists trail the ref waits for them or decides nothing. Against the GitHub stand-in
// over HTTP (its list endpoints can lag writes, as GitHub's do; refs and commits are read back current).

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CLAIM_EXPIRY_SECONDS,
  type Claim,
  claimTransition,
  formatClaim,
  type HeadRead,
  LIST_LAG_BUDGET_MS,
  listsShow,
  parseClaim,
  readHead,
  settleClaim,
  stateRef,
} from "../../../src/store/claim.ts";
import { readState } from "../../../src/store/snapshot.ts";
import { createClient } from "../../../src/store/client.ts";
import type { GitHubApi } from "../../../src/store/port.ts";
import { restApi } from "../../../src/store/rest.ts";
import { formatDescription, makePayload } from "../../../src/rollout/codec.ts";
import { type StandIn, startGitHubStandIn } from "../../../harness/github/index.ts";
import { rolloutOf, SHA_A } from "../fixtures.ts";

const SHA = "a".repeat(40);

describe("claim messages", () => {
  it("read back what they record, for a start and for a transition of a rollout", () => {
    const start: Claim = { event: "started", sha: SHA, runId: 41, runAttempt: 2 };
    const advance: Claim = {
      event: "rolled back",
      deploymentId: 100000007,
      sha: SHA,
      runId: 42,
      runAttempt: 1,
    };
    expect(parseClaim(formatClaim(start, "production"))).toEqual(start);
    expect(parseClaim(formatClaim(advance, "eu west"))).toEqual(advance);
    expect(formatClaim(advance, "eu west").split("\n")[0]).toBe(
      'phased-rollout: run 42 claims "rolled back" in eu west',
    );
  });

  it("are told apart from lock commits and anything else on the ref", () => {
    for (const message of [
      "phased-rollout lock for production\n\nrun 1, attempt 1; expires 600s after the committer date",
      "Initial commit",
      formatClaim({ event: "advanced", sha: SHA, runId: 1, runAttempt: 1 }, "p").replaceAll(
        "advanced",
        "exploded",
      ),
      formatClaim({ event: "advanced", sha: SHA, runId: 1, runAttempt: 1 }, "p").replace(SHA, "main"),
    ]) {
      expect(parseClaim(message), message).toBeUndefined();
    }
  });
});

describe("listsShow", () => {
  const r = rolloutOf(SHA_A, [
    { event: "started", stage: 1, percent: 1, at: 0, runId: 5 },
    { event: "advanced", stage: 2, percent: 5, at: 40, runId: 6 },
  ]);
  const claim = (c: Partial<Claim>): Claim => ({
    event: "advanced",
    deploymentId: r.deploymentId,
    sha: SHA_A,
    runId: 6,
    runAttempt: 1,
    ...c,
  });

  it("is true once the claimed transition, or the error status its run left, is listed", () => {
    expect(listsShow({ current: r }, claim({}))).toBe(true);
    expect(listsShow({ current: r }, claim({ event: "started", deploymentId: undefined, runId: 5 }))).toBe(
      true,
    );
    const failed = rolloutOf(SHA_A, [
      { event: "started", stage: 1, percent: 1, at: 0, runId: 5 },
      { event: "failed", stage: 1, percent: 1, at: 40, runId: 6 },
    ]);
    expect(listsShow({ current: failed }, claim({ deploymentId: failed.deploymentId }))).toBe(true);
  });

  it("is false when the error status is another attempt's: a re-run's claim is not settled by it", () => {
    const failedOnce = rolloutOf(SHA_A, [
      { event: "started", stage: 1, percent: 1, at: 0, runId: 5 },
      { event: "failed", stage: 1, percent: 1, at: 40, runId: 6, runAttempt: 1 },
    ]);
    const current = { current: failedOnce };
    expect(listsShow(current, claim({ deploymentId: failedOnce.deploymentId, runAttempt: 2 }))).toBe(false);
    expect(listsShow(current, claim({ deploymentId: failedOnce.deploymentId, runAttempt: 1 }))).toBe(true);
  });

  it("is false while the lists show the rollout without it, an older rollout, or none", () => {
    expect(listsShow({ current: r }, claim({ runId: 7 }))).toBe(false);
    expect(listsShow({ current: r }, claim({ event: "paused" }))).toBe(false);
    expect(listsShow({ current: r }, claim({ deploymentId: r.deploymentId + 1 }))).toBe(false);
    expect(listsShow({ current: r }, claim({ deploymentId: undefined, event: "started", runId: 7 }))).toBe(
      false,
    );
    expect(listsShow({}, claim({}))).toBe(false);
  });

  it("is true when the lists already show a newer rollout than the claimed one", () => {
    expect(listsShow({ current: r }, claim({ deploymentId: r.deploymentId - 1, runId: 99 }))).toBe(true);
  });
});

const OWNER = "acme";
const REPO = "shop";
const ENV = "production";
const runUrl = (runId: number) => `https://github.com/${OWNER}/${REPO}/actions/runs/${runId}/attempts/1`;

let github: StandIn;
/** The tree of a commit of the repository, as the lock hands it to the first claim. */
let tree: string;
let deploymentId: number;
let api: GitHubApi;

beforeEach(async () => {
  github = await startGitHubStandIn({ owner: OWNER, repo: REPO });
  tree = github.gitCommit(github.setBranch("main"))?.tree ?? "";
  [deploymentId] = github.seedDeployments([
    {
      sha: SHA,
      environment: ENV,
      task: "rollout",
      payload: makePayload([1, 5, 25, 50, 100], undefined, 1),
      createdAt: Date.now() - 3600_000,
      statuses: [
        {
          state: "in_progress",
          description: "stage 1/5 · 1% · started",
          logUrl: runUrl(1),
          createdAt: Date.now() - 3600_000,
        },
      ],
    },
  ]) as [number];
  api = restApi(createClient({ token: "t", baseUrl: github.url, retries: 1, timeoutMs: 2000 }), OWNER, REPO, {
    now: () => new Date(),
  });
});

afterEach(async () => {
  github.assertNoInvalidRequests();
  await github.close();
});

const calls = (operationId: string) => github.log().filter((e) => e.operationId === operationId);

/** A run's clock: the wall clock, moved on by its own sleeps, which take no real time. */
function runClock(onSleep: (n: number) => void = () => undefined) {
  let skew = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => new Date(Date.now() + skew),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      skew += ms;
      onSleep(sleeps.length);
    },
  };
}

/** Run `runId` claims "advanced" to stage 2 and writes its status, as a run recording a transition does. */
async function advanceAs(runId: number, head: HeadRead): Promise<void> {
  const claim: Claim = { event: "advanced", deploymentId, sha: SHA, runId, runAttempt: 1 };
  expect((await claimTransition(api, { environment: ENV, head, claim, tree })).kind).toBe("claimed");
  await api.createStatus({
    deploymentId,
    state: "in_progress",
    description: formatDescription({ event: "advanced", stage: 2, stageCount: 5, percent: 5 }),
    logUrl: runUrl(runId),
  });
}

describe("readState", () => {
  it("trusts the lists of a repository whose state ref does not exist yet: one more read", async () => {
    const read = await readState(api, ENV, { owner: OWNER, repo: REPO }, runClock());
    expect(read.head).toEqual({ kind: "absent" });
    expect(read.behind).toBeUndefined();
    expect(read.state.current?.percent).toBe(1);
    expect(github.log().map((e) => e.operationId)).toEqual([
      "git/get-ref",
      "repos/list-deployments",
      "repos/list-deployment-statuses",
    ]);
  });

  it("reads the claim on the ref and decides on lists that show it: two more reads", async () => {
    await advanceAs(7, await readHead(api, ENV));
    github.resetLog();
    const read = await readState(api, ENV, { owner: OWNER, repo: REPO }, runClock());
    expect(read.behind).toBeUndefined();
    expect(read.head).toMatchObject({ kind: "found", head: { claim: { runId: 7, event: "advanced" } } });
    expect(read.state.current?.percent).toBe(5);
    expect(github.log()).toHaveLength(4);
  });

  it("waits for lists that trail the claim, and decides on them once they show it", async () => {
    github.setListLag(60_000);
    await advanceAs(7, await readHead(api, ENV));
    github.resetLog();
    // The lists catch up while the run sleeps for the second time.
    const clock = runClock((n) => n === 2 && github.setListLag(0));
    const read = await readState(api, ENV, { owner: OWNER, repo: REPO }, clock);
    expect(read.behind).toBeUndefined();
    expect(read.state.current?.percent).toBe(5);
    expect(clock.sleeps).toHaveLength(2);
    expect(calls("repos/list-deployment-statuses")).toHaveLength(3);
  });

  it("decides nothing when the lists have not caught up within the lag budget, in a bounded number of reads", async () => {
    github.setListLag(60_000);
    await advanceAs(7, await readHead(api, ENV));
    github.resetLog();
    const clock = runClock();
    const read = await readState(api, ENV, { owner: OWNER, repo: REPO }, clock);
    expect(read.behind).toMatch(/GitHub's lists do not show yet the "advanced" that run 7 claimed/);
    // Still the stale view: the caller must not act on it.
    expect(read.state.current?.percent).toBe(1);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(LIST_LAG_BUDGET_MS);
    expect(github.log().length).toBeLessThanOrEqual(12);
  });

  it("does not wait for a claim older than the lag budget that the lists still lack", async () => {
    github.setListLag(3600_000);
    await advanceAs(7, await readHead(api, ENV));
    github.advanceClock(120);
    const clock = runClock();
    const read = await readState(api, ENV, { owner: OWNER, repo: REPO }, clock);
    expect(read.behind).toMatch(/run 7 claimed 2m( \d+s)? ago/);
    expect(read.behind).toMatch(/stopped before recording it/);
    expect(clock.sleeps).toEqual([]);
  });

  it("lets a claim that was never recorded lapse after its expiry, and goes on from the lists", async () => {
    const claim: Claim = { event: "advanced", deploymentId, sha: SHA, runId: 7, runAttempt: 1 };
    const head = await readHead(api, ENV);
    expect((await claimTransition(api, { environment: ENV, head, claim, tree })).kind).toBe("claimed");
    github.advanceClock(CLAIM_EXPIRY_SECONDS + 60);
    const logs: string[] = [];
    const read = await readState(
      api,
      ENV,
      { owner: OWNER, repo: REPO },
      { ...runClock(), log: (m) => logs.push(m) },
    );
    expect(read.behind).toBeUndefined();
    expect(read.state.current?.percent).toBe(1);
    expect(logs.join("\n")).toContain('Run 7 claimed "advanced"');
  });

  it("after a run marked its claim unrecorded, waits out the lag budget once, then trusts the lists", async () => {
    github.setListLag(60_000);
    const claim: Claim = { event: "advanced", deploymentId, sha: SHA, runId: 7, runAttempt: 1 };
    const claimed = await claimTransition(api, {
      environment: ENV,
      head: await readHead(api, ENV),
      claim,
      tree,
    });
    if (claimed.kind !== "claimed") throw new Error("expected the claim");
    await settleClaim(api, ENV, claimed, claim);
    expect(parseClaim(github.gitCommit(github.refs()[`refs/${stateRef(ENV)}`]!)?.message ?? "")).toEqual({
      ...claim,
      settled: true,
    });
    const clock = runClock();
    const read = await readState(api, ENV, { owner: OWNER, repo: REPO }, clock);
    expect(read.behind).toBeUndefined();
    expect(read.state.current?.percent).toBe(1);
    expect(clock.sleeps).toHaveLength(1);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(LIST_LAG_BUDGET_MS);
    expect(calls("repos/list-deployment-statuses")).toHaveLength(2);

    github.advanceClock(LIST_LAG_BUDGET_MS / 1000);
    const later = runClock();
    expect((await readState(api, ENV, { owner: OWNER, repo: REPO }, later)).behind).toBeUndefined();
    expect(later.sleeps).toEqual([]);
  });

  it("trusts the lists when the token may not read the ref", async () => {
    github.injectFault({
      operationId: "git/get-ref",
      status: 403,
      body: { message: "Resource not accessible by integration" },
    });
    const read = await readState(api, ENV, { owner: OWNER, repo: REPO }, runClock());
    expect(read.head).toMatchObject({ kind: "unreadable" });
    expect(read.behind).toBeUndefined();
  });
});

describe("claimTransition", () => {
  const claim = (runId: number): Claim => ({
    event: "advanced",
    deploymentId,
    sha: SHA,
    runId,
    runAttempt: 1,
  });
  const ref = `refs/${stateRef(ENV)}`;

  it("creates the state ref with the first claim, then moves it forward on top of the last one", async () => {
    expect(stateRef(ENV)).toMatch(/^phased-rollout\/state\/production-[0-9a-f]{8}$/);
    await claimTransition(api, {
      environment: ENV,
      head: await readHead(api, ENV),
      claim: claim(7),
      tree,
    });
    const first = github.refs()[ref]!;
    expect(github.gitCommit(first)?.parents).toEqual([]);
    await claimTransition(api, {
      environment: ENV,
      head: await readHead(api, ENV),
      claim: claim(8),
      tree,
    });
    const second = github.refs()[ref]!;
    expect(github.gitCommit(second)?.parents).toEqual([first]);
    expect(parseClaim(github.gitCommit(second)?.message ?? "")).toEqual(claim(8));
    // The first claim reuses the lock's tree, later ones the previous claim's: no read for either.
    expect(github.gitCommit(second)?.tree).toBe(tree);
    expect(calls("repos/get-commit")).toHaveLength(0);
    expect(calls("git/update-ref").every((e) => (e.body as { force?: boolean }).force === false)).toBe(true);
  });

  it("of two runs that read the same head, one claims and the other loses ('Update is not a fast forward')", async () => {
    await claimTransition(api, {
      environment: ENV,
      head: await readHead(api, ENV),
      claim: claim(7),
      tree,
    });
    const head = await readHead(api, ENV);
    const a = await claimTransition(api, { environment: ENV, head, claim: claim(8), tree });
    const b = await claimTransition(api, { environment: ENV, head, claim: claim(9), tree });
    expect([a.kind, b.kind]).toEqual(["claimed", "lost"]);
    expect(calls("git/update-ref").map((e) => e.status)).toEqual([200, 422]);
    expect(parseClaim(github.gitCommit(github.refs()[ref]!)?.message ?? "")?.runId).toBe(8);
  });

  for (const answer of ["Reference already exists", "Reference update failed"] as const) {
    it(`of two first claims, one creates the ref and the other loses ('${answer}')`, async () => {
      github.answerLostRefCreates(answer);
      const head = await readHead(api, ENV);
      const [a, b] = await Promise.all([
        claimTransition(api, { environment: ENV, head, claim: claim(8), tree }),
        claimTransition(api, { environment: ENV, head, claim: claim(9), tree }),
      ]);
      expect([a.kind, b.kind].sort()).toEqual(["claimed", "lost"]);
      expect(
        calls("git/create-ref")
          .map((e) => e.status)
          .sort(),
      ).toEqual([201, 422]);
      expect(calls("git/create-ref").find((e) => e.status === 422)).toBeDefined();
    });
  }

  it("finds its own claim when GitHub stored the create but the answer was lost", async () => {
    github.injectFault({ operationId: "git/create-ref", afterWrite: true, status: 502, attempts: [1] });
    const out = await claimTransition(api, {
      environment: ENV,
      head: await readHead(api, ENV),
      claim: claim(7),
      tree,
    });
    expect(out.kind).toBe("claimed");
  });

  it("marks a claim unrecorded only while no other run has claimed since", async () => {
    const head = await readHead(api, ENV);
    const mine = await claimTransition(api, { environment: ENV, head, claim: claim(7), tree });
    if (mine.kind !== "claimed") throw new Error("expected the claim");
    await claimTransition(api, {
      environment: ENV,
      head: await readHead(api, ENV),
      claim: claim(8),
      tree,
    });
    const theirs = github.refs()[ref];
    await settleClaim(api, ENV, mine, claim(7));
    expect(github.refs()[ref]).toBe(theirs);
  });

  it("is unavailable, not a failure, when the token may not write git objects", async () => {
    github.injectFault({
      operationId: "git/create-commit",
      status: 403,
      body: { message: "Resource not accessible by integration" },
    });
    const out = await claimTransition(api, {
      environment: ENV,
      head: await readHead(api, ENV),
      claim: claim(7),
      tree,
    });
    expect(out).toMatchObject({ kind: "unavailable", reason: expect.stringContaining("contents: write") });
  });
});
