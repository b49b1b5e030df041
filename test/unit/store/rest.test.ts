// The GitHub client's request timeout, against the GitHub stand-in over real HTTP: a request that gets no answer
// (or half a body) in time is an uncertain failure, so reads are retried, writes are looked for before they are
// sent again, and a GitHub that never answers ends the call with a message naming it, in bounded time.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type ClientOptions,
  createClient,
  GitHubTimeoutError,
  withTimeout,
} from "../../../src/store/client.ts";
import type { GitHubApi } from "../../../src/store/port.ts";
import { restApi } from "../../../src/store/rest.ts";
import { WriteDeadlineError } from "../../../src/store/write-once.ts";
import { acquireLock } from "../../../src/store/lock.ts";
import { describeError } from "../../../src/store/client.ts";
import { type StandIn, startGitHubStandIn } from "../../../harness/github/index.ts";

// Short, so the tests are quick, but well above what the stand-in takes to answer on a busy machine.
const TIMEOUT_MS = 500;
const PR = 7;

let github: StandIn;
let sha: string;
let warnings: string[];

beforeEach(async () => {
  github = await startGitHubStandIn({ owner: "acme", repo: "shop" });
  sha = github.setBranch("main");
  github.addPullRequest({ number: PR, headSha: sha });
  warnings = [];
});

afterEach(async () => {
  github.assertNoInvalidRequests();
  await github.close();
});

function api(options: Partial<ClientOptions> = {}): GitHubApi {
  const log = {
    debug: () => undefined,
    info: () => undefined,
    warn: (m: string) => warnings.push(m),
    error: () => undefined,
  };
  const client = createClient({
    token: "t",
    baseUrl: github.url,
    log,
    retries: 1,
    timeoutMs: TIMEOUT_MS,
    ...options,
  });
  return restApi(client, "acme", "shop", { log, now: () => new Date() });
}

const calls = (operationId: string) => github.log().filter((e) => e.operationId === operationId);

function seed(): number {
  const [id] = github.seedDeployments([
    { sha, environment: "production", task: "rollout", statuses: [{ state: "in_progress" }] },
  ]);
  return id!;
}

describe("a GitHub that answers late or not at all", () => {
  it("retries a read that got no answer, and returns the answer of the retry", async () => {
    seed();
    github.injectFault({ operationId: "repos/list-deployments", hang: true, attempts: [1] });
    const found = await api().listDeployments({ environment: "production", task: "rollout", perPage: 10 });
    expect(found.map((d) => d.sha)).toEqual([sha]);
    expect(calls("repos/list-deployments").map((e) => e.status)).toEqual([0, 200]);
  });

  it("retries a read whose body stalls half-way, instead of taking it for an empty answer", async () => {
    // Octokit reads the body itself and turns a failed read into "" with the status 200.
    const id = seed();
    github.injectFault({ operationId: "repos/list-deployment-statuses", stall: true, attempts: [1] });
    const statuses = await api().listStatuses(id);
    expect(statuses.map((s) => s.state)).toEqual(["in_progress"]);
    expect(calls("repos/list-deployment-statuses")).toHaveLength(2);
  });

  const writes: [string, (gh: GitHubApi, id: number) => Promise<unknown>, (id: number) => number][] = [
    [
      "repos/create-deployment",
      (gh) =>
        gh.createDeployment({
          sha,
          environment: "production",
          task: "rollout",
          payload: { phasedRollout: 1, runId: 9 },
          description: "rollout",
        }),
      () => github.deployments().length,
    ],
    [
      "repos/create-deployment-status",
      (gh, id) =>
        gh.createStatus({
          deploymentId: id,
          state: "in_progress",
          description: "stage 2/3 at 50%",
          logUrl: "https://github.com/acme/shop/actions/runs/9/attempts/1",
        }),
      (id) => github.statuses(id).length,
    ],
    [
      "git/create-ref",
      (gh) => gh.createRef("phased-rollout/locks/production", sha),
      () => Object.keys(github.refs()).length,
    ],
    ["issues/create-comment", (gh) => gh.createComment(PR, REPLY), () => github.comments(PR).length],
  ];

  for (const [operationId, write, count] of writes) {
    it(`${operationId}: a write stored without an answer is found, not sent again`, async () => {
      const id = seed();
      const before = count(id);
      github.injectFault({ operationId, afterWrite: true, hang: true, attempts: [1] });
      const result = await write(api(), id);
      expect(result).toBeDefined();
      expect(calls(operationId), "one write reached GitHub").toHaveLength(1);
      expect(count(id)).toBe(before + 1);
      expect(warnings.join("\n")).toMatch(
        /GitHub did not confirm a write \(GitHub did not answer POST \/repos\/acme\/shop\/.* within 0.5 seconds\)/,
      );
    });
  }

  it("resends a write that got no answer and was not stored", async () => {
    const id = seed();
    github.injectFault({ operationId: "repos/create-deployment-status", hang: true, attempts: [1] });
    const status = await api().createStatus({
      deploymentId: id,
      state: "in_progress",
      description: "stage 2/3 at 50%",
      logUrl: "https://github.com/acme/shop/actions/runs/9/attempts/1",
    });
    expect(status.description).toBe("stage 2/3 at 50%");
    expect(calls("repos/create-deployment-status").map((e) => e.status)).toEqual([0, 201]);
    expect(github.statuses(id).map((s) => s.state)).toEqual(["in_progress", "in_progress"]);
  });

  it("fails a call GitHub never answers within its retries, naming the call and the wait", async () => {
    github.injectFault({ path: /./, hang: true });
    const error = await api()
      .listDeployments({ environment: "production", task: "rollout", perPage: 10 })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(
      "GitHub did not answer GET /repos/acme/shop/deployments within 0.5 seconds",
    );
    expect((error as Error).cause).toBeInstanceOf(GitHubTimeoutError);
    expect(describeError(error)).toBe(
      "GitHub did not answer GET /repos/acme/shop/deployments within 0.5 seconds, after retries",
    );
    // Two timeouts and plugin-retry's one-second wait between them: it ends (vitest's timeout is the bound).
    expect(calls("repos/list-deployments")).toHaveLength(2);
  });

  it("bounds a fetch that ignores its abort signal as well", async () => {
    let sent = 0;
    const never: typeof fetch = () => {
      sent += 1;
      return new Promise<Response>(() => undefined);
    };
    const error = await api({ fetch: never, retries: 0 })
      .getPull(7)
      .catch((e: unknown) => e);
    expect(describeError(error)).toBe(
      "GitHub did not answer GET /repos/acme/shop/pulls/7 within 0.5 seconds, after retries",
    );
    expect(sent).toBe(1);
  });

  it("lets a lock release that gets no answer fail (the run only warns), instead of hanging", async () => {
    const gh = api();
    const now = () => new Date();
    const options = { environment: "production", baseSha: sha, runId: 9, runAttempt: 1, now };
    const first = await acquireLock(gh, options);
    if (first.kind !== "held") throw new Error(`expected the lock, got ${first.kind}`);
    await first.release();
    expect(github.refs()).not.toHaveProperty(`refs/${first.ref}`);

    const second = await acquireLock(gh, { ...options, runId: 10 });
    if (second.kind !== "held") throw new Error(`expected the lock, got ${second.kind}`);
    github.injectFault({ path: /\/git\/refs?\//, hang: true });
    const error = await second.release().catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^GitHub did not answer GET \/repos\/acme\/shop\/git\/ref\//);
    expect(github.refs()).toHaveProperty(`refs/${second.ref}`);
  });
});

const REPLY = [
  "🚀 `/rollout promote` → **advance**",
  "",
  "[Workflow run](https://github.com/acme/shop/actions/runs/9/attempts/1)",
  "",
  "<!-- phased-rollout -->",
].join("\n");

describe("a comment reply", () => {
  it("stored without an answer is posted exactly once, however busy the pull request", async () => {
    // The look for it must read past the first page, and must not take the same text from an earlier run (edited
    // since, so `since` lists it) for this reply.
    const earlier = github.seedComment({
      issueNumber: PR,
      body: REPLY,
      createdAt: new Date(Date.now() - 10 * 60_000),
    });
    const octokit = createClient({ token: "t", baseUrl: github.url });
    await octokit.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
      owner: "acme",
      repo: "shop",
      comment_id: earlier.id,
      body: REPLY,
    });
    for (let i = 0; i < 150; i++) github.seedComment({ issueNumber: PR, body: `chatter ${i}` });
    github.injectFault({
      operationId: "issues/create-comment",
      afterWrite: true,
      status: 502,
      attempts: [1],
    });

    const posted = await api().createComment(PR, REPLY);

    expect(
      calls("issues/create-comment").map((e) => e.status),
      "sent once",
    ).toEqual([502]);
    const replies = github.comments(PR).filter((c) => c.body === REPLY);
    expect(replies.map((c) => c.id)).toEqual([earlier.id, posted.id]);
    expect(posted.url).toMatch(
      new RegExp(`/pull/${PR}#issuecomment-${posted.id}$|/issues/${PR}#issuecomment-${posted.id}$`),
    );
    const looks = calls("issues/list-comments");
    expect(looks.map((e) => e.query.page ?? "1")).toEqual(["1", "2"]);
    expect(looks.every((e) => e.query.since !== undefined)).toBe(true);
    expect(warnings.join("\n")).toMatch(/GitHub did not confirm a write \(Server Error\)/);
  });

  it("that GitHub did not store is sent again, once", async () => {
    github.injectFault({ operationId: "issues/create-comment", reset: true, attempts: [1] });
    const posted = await api().createComment(PR, REPLY);
    expect(calls("issues/create-comment").map((e) => e.status)).toEqual([0, 201]);
    expect(github.comments(PR).map((c) => c.id)).toEqual([posted.id]);
  });

  it("is not resent after an answer that says GitHub refused it", async () => {
    github.injectFault({ operationId: "issues/create-comment", status: 422, attempts: [1] });
    await expect(api().createComment(PR, REPLY)).rejects.toMatchObject({ status: 422 });
    expect(calls("issues/create-comment")).toHaveLength(1);
    expect(calls("issues/list-comments")).toHaveLength(0);
  });

  it("reactions stay on plain retries: GitHub answers a repeated one with the existing reaction", async () => {
    const command = github.seedComment({ issueNumber: PR, body: "/rollout promote" });
    github.injectFault({
      operationId: "reactions/create-for-issue-comment",
      afterWrite: true,
      status: 502,
      attempts: [1],
    });
    await api().addReaction(command.id, "eyes");
    expect(calls("reactions/create-for-issue-comment").map((e) => e.status)).toEqual([502, 200]);
    expect(github.reactions(command.id).map((r) => r.content)).toEqual(["eyes"]);
  });
});

describe("withTimeout", () => {
  const answer = (status: number, body: string | null) =>
    Promise.resolve(new Response(body, { status, headers: { "x-one": "1" } }));

  it("passes the answer on whole: status, headers and body, or no body", async () => {
    const ok = await withTimeout(() => answer(201, '{"id":1}'), 1000)("https://api.github.test/x");
    expect([ok.status, ok.headers.get("x-one"), await ok.text()]).toEqual([201, "1", '{"id":1}']);
    const empty = await withTimeout(() => answer(204, null), 1000)("https://api.github.test/x");
    expect([empty.status, empty.body]).toEqual([204, null]);
  });

  it("leaves an abort by the caller's own signal an abort", async () => {
    const controller = new AbortController();
    controller.abort();
    const fetchFn = withTimeout((_, init) => {
      init?.signal?.throwIfAborted();
      return answer(200, "{}");
    }, 1000);
    const error = await fetchFn("https://api.github.test/x", { signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).name).toBe("AbortError");
  });
});

describe("writes under a deadline (the rollout lock's writeUntil)", () => {
  const status = (deploymentId: number, until: Date) => ({
    deploymentId,
    state: "in_progress" as const,
    description: "stage 2/3 at 50%",
    logUrl: "https://github.com/acme/shop/actions/runs/9/attempts/1",
    until,
  });

  it("sends nothing once the deadline has passed", async () => {
    const id = seed();
    await expect(api().createStatus(status(id, new Date(Date.now() - 1)))).rejects.toThrow(
      WriteDeadlineError,
    );
    await expect(
      api().createDeployment({
        sha,
        environment: "production",
        task: "rollout",
        payload: {},
        description: "d",
        until: new Date(Date.now() - 1),
      }),
    ).rejects.toThrow(/was not sent: GitHub was too slow, and the rollout lock could have been taken over/);
    expect(calls("repos/create-deployment-status")).toHaveLength(0);
    expect(calls("repos/create-deployment")).toHaveLength(0);
  });

  it("does not resend a write the deadline overtook, after checking that it did not land", async () => {
    const id = seed();
    github.injectFault({ operationId: "repos/create-deployment-status", hang: true, attempts: [1] });
    await expect(api().createStatus(status(id, new Date(Date.now() + 1000)))).rejects.toThrow(
      /attempt 2 of the write was not sent/,
    );
    expect(calls("repos/create-deployment-status").map((e) => e.status)).toEqual([0]);
    expect(calls("repos/list-deployment-statuses").length).toBeGreaterThan(0);
    expect(github.statuses(id)).toHaveLength(1);
  });

  it("still returns a write that landed although the deadline passed while it was unconfirmed", async () => {
    const id = seed();
    github.injectFault({
      operationId: "repos/create-deployment-status",
      afterWrite: true,
      hang: true,
      attempts: [1],
    });
    const written = await api().createStatus(status(id, new Date(Date.now() + 1000)));
    expect(written.description).toBe("stage 2/3 at 50%");
    expect(calls("repos/create-deployment-status")).toHaveLength(1);
  });

  it("is not set on writes outside the lock", async () => {
    const id = seed();
    const { until: _, ...plain } = status(id, new Date(0));
    await expect(api().createStatus(plain)).resolves.toMatchObject({ state: "in_progress" });
  });
});
