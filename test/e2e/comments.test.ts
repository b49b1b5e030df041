// `/rollout` commands from pull-request comments, end to end through dist/index.js.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RepositoryRole, StandInOptions } from "../../harness/github/types.ts";
import { type FakePrometheus, startFakePrometheus } from "../../harness/monitoring/fake-prometheus.ts";
import { fakeSha, healthy, regressed, version } from "../../harness/traffic.ts";
import { commentEvent } from "../../harness/events.ts";
import type { ActionRun } from "../../harness/runner.ts";
import { countGate, describeRun, Scenario } from "../../harness/scenario.ts";

const PR = 42;
const prHead = version("pr-head", { sha: fakeSha("pr-head") });

let prom: FakePrometheus;
let s: Scenario;

beforeAll(async () => {
  prom = await startFakePrometheus({ versions: [healthy, regressed, prHead] });
});
afterAll(() => prom.close());
beforeEach(async () => {
  s = await prepare();
});
afterEach(() => s.close());

async function prepare(options: StandInOptions = {}): Promise<Scenario> {
  const sc = await Scenario.create(countGate(prom.url), "production", options);
  sc.github.addCommit({ sha: prHead.sha });
  sc.github.addPullRequest({ number: PR, headSha: prHead.sha });
  for (const [login, role] of [
    ["wendy-writer", "write"],
    ["mia-maintainer", "maintain"],
    ["ada-admin", "admin"],
    ["tom-triager", "triage"],
    ["rita-reader", "read"],
  ] as [string, RepositoryRole][]) {
    sc.github.setCollaborator(login, role);
  }
  return sc;
}

async function commentOn(
  sc: Scenario,
  body: string,
  user: string,
  extra: Partial<Parameters<typeof commentEvent>[0]> = {},
  inputs: Record<string, string> = {},
  at?: Date,
) {
  const issueNumber = extra.issueNumber ?? PR;
  const seeded = sc.github.seedComment({ issueNumber, body, user, ...(at && { createdAt: at }) });
  const payload = commentEvent({
    issueNumber,
    commentId: seeded.id,
    body,
    user,
    createdAt: seeded.createdAt,
    ...extra,
  });
  const run = await sc.run("issue_comment", payload, "d".repeat(40), inputs, { actor: user });
  const reactions = sc.github.reactions(seeded.id).map((r) => r.content);
  const replies = sc.github.comments(issueNumber).filter((c) => c.id > seeded.id);
  return { run, reactions, replies: replies.map((c) => c.body), commentId: seeded.id };
}

function comment(
  body: string,
  user: string,
  extra: Partial<Parameters<typeof commentEvent>[0]> = {},
  inputs: Record<string, string> = {},
  at?: Date,
) {
  return commentOn(s, body, user, extra, inputs, at);
}

/** The operations of the writes the stand-in saw since its log was last reset, in name order. */
function writtenBy(sc: Scenario): (string | null)[] {
  return sc.github
    .writes()
    .map((w) => w.operationId)
    .sort();
}

function ok(r: ActionRun): ActionRun {
  if (r.exitCode !== 0) throw new Error(`the action failed:\n${describeRun(r)}`);
  return r;
}

// Each accepted command writes a reaction, a status, a reply and a reaction, and the client spaces writes a
// second apart (GitHub's advice against secondary rate limits): the role matrix runs its scenarios side by side.
describe("who may command", { timeout: 180_000 }, () => {
  const commands = [
    "status",
    "pause not today",
    "resume",
    "promote",
    "rollback bad numbers",
    "start",
    "help",
  ];

  it.concurrent.for(["wendy-writer", "mia-maintainer", "ada-admin"])(
    "%s may run every command",
    async (user, { expect, onTestFinished }) => {
      const s = await prepare();
      onTestFinished(() => s.close());
      // A version Prometheus has no series for: promote meets no evidence however long the runs take (a
      // served version gathers enough requests to pass within half a minute of wall time on a busy machine).
      const unmonitored = fakeSha("unmonitored");
      ok(await s.push(unmonitored));
      for (const c of commands) {
        const { run, reactions, replies } = await commentOn(s, `/rollout ${c}`, user);
        ok(run);
        expect(reactions, c).toEqual(["eyes", "rocket"]);
        expect(replies, c).toHaveLength(1);
      }
      const descriptions = s.statusesOf(unmonitored).map((x) => x.description);
      expect(descriptions).toEqual([
        "stage 1/5 · 1% · started",
        `stage 1/5 · 1% · paused by @${user}: not today`,
        `stage 1/5 · 1% · resumed by @${user}`,
        `stage 2/5 · 5% · promoted by @${user}: without evidence from http-5xx`,
        `stage 2/5 · 0% · rolled back by @${user}: bad numbers`,
      ]);
      // /rollout start rolls out the pull request's head commit.
      expect(s.statusesOf(prHead.sha).map((x) => x.description)).toEqual([
        `stage 1/5 · 1% · started by @${user}`,
      ]);
    },
  );

  it.concurrent.for([
    ["tom-triager", "triage"],
    ["rita-reader", "read"],
    ["stranger-danger", "read"],
  ])(
    "%s is refused every command with a thumbs-down and a reply, and nothing else is written",
    async ([user = "", has = ""], { expect, onTestFinished }) => {
      const s = await prepare();
      onTestFinished(() => s.close());
      ok(await s.push(healthy.sha));
      for (const c of commands) {
        s.github.resetLog();
        const { run, reactions, replies } = await commentOn(s, `/rollout ${c}`, user);
        ok(run);
        expect(reactions, c).toEqual(["-1"]);
        expect(replies, c).toHaveLength(1);
        expect(replies[0]).toContain(
          `needs the **write** role (or higher) on this repository; you have **${has}**`,
        );
        expect(writtenBy(s)).toEqual(["issues/create-comment", "reactions/create-for-issue-comment"]);
      }
      expect(s.statusesOf(healthy.sha)).toHaveLength(1);
      expect(s.statusesOf(prHead.sha)).toHaveLength(0);
    },
  );

  it("a stricter permission input turns writers away", async () => {
    ok(await s.push(healthy.sha));
    const base = { permission: "maintain" };
    const seeded = s.github.seedComment({ issueNumber: PR, body: "/rollout pause", user: "wendy-writer" });
    const payload = commentEvent({
      issueNumber: PR,
      commentId: seeded.id,
      body: "/rollout pause",
      user: "wendy-writer",
    });
    ok(await s.run("issue_comment", payload, "d".repeat(40), base));
    expect(s.github.reactions(seeded.id).map((r) => r.content)).toEqual(["-1"]);
    const seeded2 = s.github.seedComment({ issueNumber: PR, body: "/rollout pause", user: "mia-maintainer" });
    const payload2 = commentEvent({
      issueNumber: PR,
      commentId: seeded2.id,
      body: "/rollout pause",
      user: "mia-maintainer",
    });
    ok(await s.run("issue_comment", payload2, "d".repeat(40), base));
    expect(s.github.reactions(seeded2.id).map((r) => r.content)).toEqual(["eyes", "rocket"]);
  });

  it("bots are refused", async () => {
    ok(await s.push(healthy.sha));
    const { reactions } = await comment("/rollout promote", "renovate[bot]", { userType: "Bot" });
    expect(reactions).toEqual(["-1"]);
    expect(s.statusesOf(healthy.sha)).toHaveLength(1);
  });
});

describe("comments that are not commands", () => {
  it.each([
    ["an ordinary comment", "LGTM, ship it", {}],
    ["the prefix mid-sentence", "please /rollout promote", {}],
    ["no space after the prefix", "/rolloutpromote", {}],
    ["an unknown command word", "/rollout yolo", {}],
    ["a command on the second line", "thanks!\n/rollout promote", {}],
    ["an edit", "/rollout promote", { action: "edited" as const }],
    ["a deletion", "/rollout rollback", { action: "deleted" as const }],
    ["a plain issue", "/rollout promote", { onPullRequest: false, issueNumber: 7 }],
  ])("%s makes no API call at all", async (_what, body, extra) => {
    ok(await s.push(healthy.sha));
    if ("issueNumber" in extra) s.github.addIssue(7);
    s.github.resetLog();
    const { run, reactions, replies } = await comment(body, "wendy-writer", extra);
    ok(run);
    expect(run.outputs.decision).toBe("none");
    expect(reactions).toEqual([]);
    expect(replies).toEqual([]);
    expect(s.github.log()).toHaveLength(0);
  });
});

describe("commands", () => {
  it("pause holds scheduled runs until resume", async () => {
    ok(await s.push(healthy.sha));
    ok((await comment("/rollout pause checking dashboards", "wendy-writer")).run);
    s.wait(40);
    const held = ok(await s.schedule());
    expect(held.outputs).toMatchObject({ decision: "hold", percent: "1" });
    ok((await comment("/Rollout RESUME", "wendy-writer")).run);
    const moved = ok(await s.schedule());
    expect(moved.outputs).toMatchObject({ decision: "advance", percent: "5" });
  });

  it("promote to a percent and rollback land as statuses, and the reply shows before → after", async () => {
    ok(await s.push(healthy.sha));
    const { replies } = await comment("/rollout promote to 25", "ada-admin");
    expect(s.statusesOf(healthy.sha).at(-1)?.description).toBe(
      "stage 3/5 · 25% · promoted by @ada-admin: without evidence from http-5xx",
    );
    expect(replies[0]).toContain("1% → **25%**");
    expect(replies[0]).toContain(healthy.sha.slice(0, 7));
    expect(replies[0]).toMatch(/\[Workflow run\]\(https:\/\/github\.com\/octo-org\/shop\/actions\/runs\/\d+/);
    await comment("/rollout rollback", "ada-admin");
    const last = s.statusesOf(healthy.sha).at(-1);
    expect([last?.state, last?.description]).toEqual([
      "failure",
      "stage 3/5 · 0% · rolled back by @ada-admin",
    ]);
  });

  it("a failing gate blocks promote unless --force", async () => {
    ok(await s.push(regressed.sha));
    s.wait(10);
    const blocked = await comment("/rollout promote", "wendy-writer");
    ok(blocked.run);
    expect(blocked.run.outputs.decision).toBe("hold");
    expect(blocked.replies[0]).toContain("❌ fail");
    expect(s.statusesOf(regressed.sha)).toHaveLength(1);
    const forced = await comment("/rollout promote --force", "wendy-writer");
    expect(forced.reactions).toEqual(["eyes", "rocket"]);
    expect(s.statusesOf(regressed.sha).at(-1)?.description).toBe(
      "stage 2/5 · 5% · promoted by @wendy-writer: forced past failing http-5xx",
    );
  });

  it("bad arguments get a confused reaction and say what is wrong", async () => {
    ok(await s.push(healthy.sha));
    const { run, reactions, replies } = await comment("/rollout promote to lots", "wendy-writer");
    expect(run.exitCode).toBe(1);
    expect(reactions).toEqual(["eyes", "confused"]);
    expect(replies[0]).toContain('"promote to lots" is not understood');
    expect(s.statusesOf(healthy.sha)).toHaveLength(1);
  });

  it("status and help reply without writing a status", async () => {
    ok(await s.push(healthy.sha));
    s.github.resetLog();
    const status = await comment("/rollout status", "wendy-writer");
    expect(status.replies[0]).toContain("Plan: **▶ 1%** → 5% → 25% → 50% → 100%");
    const help = await comment("/rollout help", "wendy-writer");
    expect(help.replies[0]).toContain("`/rollout promote to <percent>`");
    expect(help.replies[0]).toContain("**write** role or higher");
    expect(s.github.writes().filter((w) => w.operationId === "repos/create-deployment-status")).toHaveLength(
      0,
    );
  });

  it("start on a merged pull request rolls out its merge commit", async () => {
    const merge = fakeSha("merge-commit");
    s.github.addCommit({ sha: merge });
    s.github.addPullRequest({ number: 43, headSha: prHead.sha, merged: true, mergeCommitSha: merge });
    const { run } = await comment("/rollout start", "wendy-writer", { issueNumber: 43, merged: true });
    expect(ok(run).outputs).toMatchObject({ decision: "start", sha: merge });
  });

  it("a custom comment prefix is honoured", async () => {
    ok(await s.push(healthy.sha));
    const seeded = s.github.seedComment({ issueNumber: PR, body: "/ship pause", user: "wendy-writer" });
    const payload = commentEvent({
      issueNumber: PR,
      commentId: seeded.id,
      body: "/ship pause",
      user: "wendy-writer",
    });
    ok(await s.run("issue_comment", payload, "d".repeat(40), { "comment-prefix": "/ship" }));
    expect(s.statusesOf(healthy.sha).at(-1)?.description).toBe("stage 1/5 · 1% · paused by @wendy-writer");
  });
});

// GitHub answers 403 "Must have push access to view collaborator permission." when the token's identity cannot
// push (yegor256/rultor#1407); GitHub Enterprise Server before 3.5 sends no role_name (docs/comments.md).
describe("permission checks GitHub will not answer fully", () => {
  it("a token without push access: 👎, a reply that says why and how to fix it, a failed step, nothing else", async () => {
    ok(await s.push(healthy.sha));
    s.github.setPushAccess("github-actions[bot]", false);
    s.github.resetLog();
    const { run, reactions, replies } = await comment("/rollout pause", "wendy-writer");
    expect(run.exitCode).toBe(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(reactions).toEqual(["-1"]);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain("could not check the permission of @wendy-writer");
    expect(replies[0]).toContain("Must have push access to view collaborator permission.");
    expect(replies[0]).toContain("`contents: write`");
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain("could not check the permission of @wendy-writer");
    expect(run.errors[0]).toContain("contents: write");
    expect(run.outputs.decision).toBe("none");
    expect(writtenBy(s)).toEqual(["issues/create-comment", "reactions/create-for-issue-comment"]);
    expect(s.statusesOf(healthy.sha)).toHaveLength(1);
  });

  describe("on GitHub Enterprise Server 3.4 (no role_name)", () => {
    let ghes: Scenario;
    beforeEach(async () => {
      ghes = await prepare({ release: "ghes-3.4" });
      ok(await ghes.push(healthy.sha));
    });
    afterEach(() => ghes.close());

    it("with permission: write, writers and maintainers command and triagers are refused", async () => {
      for (const user of ["wendy-writer", "mia-maintainer"]) {
        const { run, reactions } = await commentOn(ghes, "/rollout status", user);
        expect(ok(run) && reactions, user).toEqual(["eyes", "rocket"]);
      }
      const triager = await commentOn(ghes, "/rollout pause", "tom-triager");
      expect(triager.reactions).toEqual(["-1"]);
      expect(triager.replies[0]).toContain(
        "needs the **write** role (or higher) on this repository; you have **read**",
      );
    });

    it("with permission: maintain, a maintainer cannot be told from a writer: refused, saying so", async () => {
      ghes.github.resetLog();
      const maintainer = await commentOn(
        ghes,
        "/rollout pause",
        "mia-maintainer",
        {},
        { permission: "maintain" },
      );
      ok(maintainer.run);
      expect(maintainer.reactions).toEqual(["-1"]);
      expect(maintainer.replies[0]).toContain("needs the **maintain** role (or higher)");
      expect(maintainer.replies[0]).toContain("`role_name`");
      expect(maintainer.replies[0]).toContain("3.5");
      expect(maintainer.replies[0]).toContain("`permission: write`");
      expect(writtenBy(ghes)).toEqual(["issues/create-comment", "reactions/create-for-issue-comment"]);
      const admin = await commentOn(ghes, "/rollout pause", "ada-admin", {}, { permission: "maintain" });
      expect(ok(admin.run) && admin.reactions).toEqual(["eyes", "rocket"]);
      ghes.github.assertNoInvalidRequests();
    });
  });
});

// SPEC: a comment never rolls out a commit that was not the pull request's head when it was written, and a
// fork's pull request is refused unless allow-forks (github/branch-deploy's commit safety checks).
describe("what /rollout start rolls out", () => {
  const MINUTE = 60_000;

  function pullWithHead(number: number, name: string, committedMinutesAgo: number, fork = false) {
    const sha = fakeSha(name);
    s.github.addCommit({ sha, date: new Date(Date.now() - committedMinutesAgo * MINUTE) });
    s.github.addPullRequest({ number, headSha: sha, ...(fork && { fork: true, author: "outsider" }) });
    return sha;
  }

  it("a fork's pull request is refused, saying why, and nothing is written but the answer", async () => {
    const head = pullWithHead(50, "fork-head", 10, true);
    s.github.resetLog();
    const { run, reactions, replies } = await comment("/rollout start", "wendy-writer", { issueNumber: 50 });
    ok(run);
    expect(run.outputs.decision).toBe("none");
    expect(reactions).toEqual(["eyes", "-1"]);
    expect(replies[0]).toContain("from a fork (`outsider/shop`)");
    expect(replies[0]).toContain("`allow-forks: true`");
    expect(s.statusesOf(head)).toHaveLength(0);
    expect(writtenBy(s)).toEqual([
      "issues/create-comment",
      "reactions/create-for-issue-comment",
      "reactions/create-for-issue-comment",
    ]);
  });

  it("a fork's pull request is rolled out with allow-forks: true", async () => {
    const head = pullWithHead(51, "fork-head-allowed", 10, true);
    const { run, reactions } = await comment(
      "/rollout start",
      "wendy-writer",
      { issueNumber: 51 },
      { "allow-forks": "true" },
    );
    expect(ok(run).outputs).toMatchObject({ decision: "start", sha: head });
    expect(reactions).toEqual(["eyes", "rocket"]);
  });

  it("a head committed after the comment was written is refused, saying how to proceed", async () => {
    const head = pullWithHead(52, "pushed-late", 5);
    const { run, reactions, replies } = await comment(
      "/rollout start",
      "wendy-writer",
      { issueNumber: 52 },
      {},
      new Date(Date.now() - 10 * MINUTE),
    );
    ok(run);
    expect(run.outputs.decision).toBe("none");
    expect(reactions).toEqual(["eyes", "-1"]);
    expect(replies[0]).toContain(`head \`${head.slice(0, 7)}\` was committed at`);
    expect(replies[0]).toContain("after the comment was written");
    expect(replies[0]).toContain("comment `/rollout start` again");
    expect(s.statusesOf(head)).toHaveLength(0);
  });

  it("a head committed before the comment is rolled out, for one extra read", async () => {
    const head = pullWithHead(53, "committed-first", 10);
    s.github.resetLog();
    const { run } = await comment(
      "/rollout start",
      "wendy-writer",
      { issueNumber: 53 },
      {},
      new Date(Date.now() - 5 * MINUTE),
    );
    expect(ok(run).outputs).toMatchObject({ decision: "start", sha: head });
    const reads = s.github.log().filter((e) => !e.write);
    expect(reads.filter((e) => e.path.endsWith(`/git/commits/${head}`))).toHaveLength(1);
    expect(reads.filter((e) => e.operationId === "pulls/get")).toHaveLength(1);
  });

  it("other commands act on the environment's rollout: a fork's pull request may pause it, for no extra read", async () => {
    ok(await s.push(healthy.sha));
    const head = pullWithHead(54, "fork-elsewhere", 10, true);
    s.github.resetLog();
    const { run, reactions } = await comment("/rollout pause", "wendy-writer", { issueNumber: 54 });
    expect(ok(run).outputs.decision).toBe("pause");
    expect(reactions).toEqual(["eyes", "rocket"]);
    const reads = s.github.log().filter((e) => !e.write);
    expect(reads.map((e) => e.operationId)).not.toContain("pulls/get");
    // The run reads the state ref's commit as every run does; the pull request's head is never looked at.
    expect(reads.filter((e) => e.path.endsWith(`/git/commits/${head}`))).toEqual([]);
  });
});
