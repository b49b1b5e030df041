// Waves through the bundled action: one scheduled workflow, a job per environment, carries each version from
// staging to eu (`after: staging`), and only versions staging completed. No gates: stages move on bake time and
// promote, which keeps these runs short; the wave's decisions do not depend on gates.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commentEvent } from "../../harness/events.ts";
import type { ActionRun } from "../../harness/runner.ts";
import { describeRun, Scenario } from "../../harness/scenario.ts";

const A = "a".repeat(40);
const B = "b".repeat(40);
const STAGING = { environment: "staging", stages: "50, 100", "bake-time": "10m" };
const EU = { environment: "eu", stages: "50, 100", "bake-time": "10m", after: "staging" };

let s: Scenario;
beforeEach(async () => {
  s = await Scenario.create("", "staging");
});
afterEach(() => s.close());

function ok(r: ActionRun): ActionRun {
  if (r.exitCode !== 0) throw new Error(`the action failed:\n${describeRun(r)}`);
  return r;
}

/** A push of `sha`: the workflow's staging job, then its eu job. */
async function push(sha: string): Promise<{ staging: ActionRun; eu: ActionRun }> {
  const staging = ok(await s.push(sha, STAGING));
  const eu = ok(await s.push(sha, EU));
  return { staging, eu };
}

function eu(sha: string) {
  return s.github.deployments({ sha, environment: "eu" });
}

describe("after: a version reaches eu only once staging completed it", () => {
  it("a push starts staging only; eu waits without writing; staging completes and eu's next scheduled run starts it", async () => {
    s.github.resetLog();
    const pushed = await push(A);
    expect(pushed.staging.outputs).toMatchObject({ decision: "start", sha: A, changed: "true" });
    const writesByStaging = s.github.writes().length;
    expect(pushed.eu.outputs).toMatchObject({ decision: "none", changed: "false" });
    expect(pushed.eu.outputs.reason).toContain("waits for staging");
    expect(s.github.writes()).toHaveLength(writesByStaging);

    // Staging still rolling: eu's scheduled run waits too, and writes nothing.
    s.github.resetLog();
    const early = ok(await s.schedule(EU));
    expect(early.outputs).toMatchObject({ decision: "none", changed: "false" });
    expect(s.github.writes()).toHaveLength(0);
    expect(eu(A)).toHaveLength(0);

    s.wait(11);
    expect(ok(await s.schedule(STAGING)).outputs).toMatchObject({ decision: "advance", percent: "100" });
    s.wait(11);
    expect(ok(await s.schedule(STAGING)).outputs).toMatchObject({ decision: "complete" });

    const started = ok(await s.schedule(EU));
    expect(started.outputs).toMatchObject({ decision: "start", sha: A, percent: "50", changed: "true" });
    expect(started.outputs.reason).toContain("completed in staging");
    expect(eu(A)).toHaveLength(1);
  });

  it("a version rolled back in staging never reaches eu, by push or by schedule", async () => {
    await push(A);
    expect(ok(await s.dispatch("rollback", { ...STAGING, reason: "errors" })).outputs.decision).toBe(
      "rollback",
    );
    s.wait(60);
    const scheduled = ok(await s.schedule(EU));
    expect(scheduled.outputs).toMatchObject({ decision: "none", changed: "false" });
    const again = ok(await s.push(A, EU));
    expect(again.outputs).toMatchObject({ decision: "none", changed: "false" });
    expect(again.outputs.reason).toContain("rolled back");
    expect(eu(A)).toHaveLength(0);
  });

  it("a newer version completing in staging does not supersede eu's rollout in flight; it starts after", async () => {
    await push(A);
    ok(await s.dispatch("promote --full", STAGING));
    expect(ok(await s.schedule(EU)).outputs).toMatchObject({ decision: "start", sha: A });

    await push(B);
    ok(await s.dispatch("promote --full", STAGING));
    // Within eu's bake time: A holds, and B waits for it.
    const held = ok(await s.schedule(EU));
    expect(held.outputs).toMatchObject({ decision: "hold", sha: A, changed: "false" });
    expect(eu(B)).toHaveLength(0);
    expect(eu(A)[0]?.statuses.at(-1)?.state).toBe("in_progress");

    s.wait(11);
    expect(ok(await s.schedule(EU)).outputs).toMatchObject({ decision: "advance", sha: A, percent: "100" });
    s.wait(11);
    expect(ok(await s.schedule(EU)).outputs).toMatchObject({ decision: "complete", sha: A });
    const next = ok(await s.schedule(EU));
    expect(next.outputs).toMatchObject({ decision: "start", sha: B, "baseline-sha": A });
  });

  it("a person's start in eu of what staging has not completed fails the step and writes nothing", async () => {
    await push(A);
    s.github.resetLog();
    const r = await s.dispatch("start", { ...EU, ref: A });
    expect(r.exitCode, describeRun(r)).toBe(1);
    expect(r.errors.join("\n")).toContain("cannot start in eu before it completes in staging");
    expect(s.github.writes()).toHaveLength(0);
  });

  it("the job summary shows the wave: each environment's version, stage and state", async () => {
    await push(A);
    const r = ok(await s.schedule(EU));
    expect(r.summary).toMatch(/\| staging \| `aaaaaaa` \| 1\/2 \(50%\) \| rolling \|/);
    expect(r.summary).toMatch(/\| \*\*eu\*\* \(this run\) \| — \| — \| none \|/);
  });

  it("a /rollout status reply on a pull request shows the wave too", async () => {
    await push(A);
    s.github.setCollaborator("wendy-writer", "write");
    s.github.addPullRequest({ number: 7, headSha: A });
    const body = "/rollout status";
    const seeded = s.github.seedComment({ issueNumber: 7, body, user: "wendy-writer" });
    const payload = commentEvent({
      issueNumber: 7,
      commentId: seeded.id,
      body,
      user: "wendy-writer",
      createdAt: seeded.createdAt,
    });
    ok(await s.run("issue_comment", payload, "d".repeat(40), EU, { actor: "wendy-writer" }));
    const reply = s.github.comments(7).find((c) => c.id > seeded.id)?.body ?? "";
    expect(reply).toContain("#### Wave");
    expect(reply).toMatch(/\| staging \| `aaaaaaa` \| 1\/2 \(50%\) \| rolling \|/);
  });
});
