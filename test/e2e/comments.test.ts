// `/rollout` commands from pull-request comments, end to end through dist/index.js.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RepositoryRole } from "../support/github-stand-in/index.ts";
import { type FakePrometheus, startFakePrometheus } from "../support/fake-prometheus.ts";
import { fakeSha, healthy, regressed, version } from "../support/traffic.ts";
import { commentEvent } from "./events.ts";
import type { ActionRun } from "./runner.ts";
import { countGate, describeRun, Scenario } from "./scenario.ts";

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

async function prepare(): Promise<Scenario> {
  const sc = await Scenario.create(countGate(prom.url));
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
) {
  const issueNumber = extra.issueNumber ?? PR;
  const seeded = sc.github.seedComment({ issueNumber, body, user });
  const payload = commentEvent({ issueNumber, commentId: seeded.id, body, user, ...extra });
  const run = await sc.run("issue_comment", payload, "d".repeat(40), {}, { actor: user });
  const reactions = sc.github.reactions(seeded.id).map((r) => r.content);
  const replies = sc.github.comments(issueNumber).filter((c) => c.id > seeded.id);
  return { run, reactions, replies: replies.map((c) => c.body), commentId: seeded.id };
}

function comment(body: string, user: string, extra: Partial<Parameters<typeof commentEvent>[0]> = {}) {
  return commentOn(s, body, user, extra);
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
      ok(await s.push(healthy.sha));
      for (const c of commands) {
        const { run, reactions, replies } = await commentOn(s, `/rollout ${c}`, user);
        ok(run);
        expect(reactions, c).toEqual(["eyes", "rocket"]);
        expect(replies, c).toHaveLength(1);
      }
      const descriptions = s.statusesOf(healthy.sha).map((x) => x.description);
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
        expect(
          s.github
            .writes()
            .map((w) => w.operationId)
            .sort(),
        ).toEqual(["issues/create-comment", "reactions/create-for-issue-comment"]);
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
