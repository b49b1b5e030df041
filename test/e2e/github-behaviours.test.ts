// GitHub behaviours the action must survive (issue 10), through the bundled action: statuses written under
// several tokens, list endpoints that trail writes, and the other answers GitHub's refs API gives.

import { afterEach, describe, expect, it } from "vitest";
import { stateRef } from "../../src/store/claim.ts";
import { makePayload } from "../../src/rollout/codec.ts";
import { healthy } from "../../harness/traffic.ts";
import { type ActionRun, TOKEN } from "../../harness/runner.ts";
import { describeRun, Scenario } from "../../harness/scenario.ts";

/** A person's personal access token, as a dispatch or comment workflow may use instead of GITHUB_TOKEN. */
const PAT = "github_pat_releaseCaptain00000000000000";

let s: Scenario | undefined;
afterEach(async () => {
  s?.github.assertNoInvalidRequests();
  await s?.close();
  s = undefined;
});

function ok(r: ActionRun): ActionRun {
  if (r.exitCode !== 0) throw new Error(`the action failed:\n${describeRun(r)}`);
  return r;
}

describe("statuses written under another token", () => {
  it("scheduled runs under GITHUB_TOKEN see a pause, resume, promote and rollback made with a PAT", async () => {
    s = await Scenario.create("", "production", {
      tokens: { [TOKEN]: "github-actions[bot]", [PAT]: "release-captain" },
    });
    const scenario = s;
    const asCaptain = (command: string) => scenario.dispatch(command, { "github-token": PAT });

    ok(await s.push(healthy.sha));
    expect(ok(await asCaptain("pause")).outputs).toMatchObject({ decision: "pause", changed: "true" });
    s.wait(31);
    // Past bake time: only the pause keeps it where it is.
    const paused = ok(await s.schedule());
    expect(paused.outputs).toMatchObject({ decision: "hold", percent: "1", changed: "false" });
    expect(paused.outputs.reason).toContain("paused at stage 1/5 (1%) by @release-captain");

    expect(ok(await asCaptain("resume")).outputs).toMatchObject({ decision: "resume", changed: "true" });
    const advanced = ok(await s.schedule());
    expect(advanced.outputs).toMatchObject({ decision: "advance", "previous-percent": "1", percent: "5" });

    expect(ok(await asCaptain("promote")).outputs).toMatchObject({ decision: "advance", percent: "25" });
    const afterPromote = ok(await s.schedule());
    expect(afterPromote.outputs).toMatchObject({ decision: "hold", percent: "25", stage: "3" });

    expect(ok(await asCaptain("rollback")).outputs).toMatchObject({ decision: "rollback", percent: "0" });
    const afterRollback = ok(await s.schedule());
    expect(afterRollback.outputs).toMatchObject({ decision: "none", percent: "0", changed: "false" });

    // GitHub records each status's creator from the token that wrote it.
    expect(s.statusesOf(healthy.sha).map((x) => [x.creator, x.description.replace(/:.*/, "")])).toEqual([
      ["github-actions[bot]", "stage 1/5 · 1% · started"],
      ["release-captain", "stage 1/5 · 1% · paused by @release-captain"],
      ["release-captain", "stage 1/5 · 1% · resumed by @release-captain"],
      ["github-actions[bot]", "stage 2/5 · 5% · advanced"],
      ["release-captain", "stage 3/5 · 25% · promoted by @release-captain"],
      ["release-captain", "stage 3/5 · 0% · rolled back by @release-captain"],
    ]);
  });
});

describe("lists that trail writes", () => {
  const descriptions = () => s?.statusesOf(healthy.sha).map((x) => x.description.replace(/:.*/, ""));

  it("a run whose lists do not show the last transition records nothing and publishes no percent", async () => {
    s = await Scenario.create("");
    ok(await s.push(healthy.sha));
    s.wait(31);
    // From now on a write stays out of the lists for ten minutes; the start is older than that.
    s.github.setListLag(10 * 60_000);
    expect(ok(await s.schedule()).outputs).toMatchObject({ decision: "advance", percent: "5" });
    s.wait(2);
    const stale = ok(await s.schedule());
    expect(stale.outputs).toMatchObject({ decision: "none", changed: "false" });
    expect(stale.outputs.percent, "no percent for the apply step to act on").toBeUndefined();
    expect(stale.outputs.reason).toMatch(
      /GitHub's lists do not show yet the "advanced" that run \d+ claimed 2m/,
    );
    expect(descriptions()).toEqual(["stage 1/5 · 1% · started", "stage 2/5 · 5% · advanced"]);
    s.wait(10);
    const caughtUp = ok(await s.schedule());
    expect(caughtUp.outputs).toMatchObject({ decision: "hold", percent: "5", changed: "false" });
  });

  it("a run started right after a transition waits for the lists, and records nothing twice", async () => {
    s = await Scenario.create("");
    ok(await s.push(healthy.sha));
    s.wait(31);
    s.github.setListLag(3000);
    expect(ok(await s.schedule()).outputs).toMatchObject({ decision: "advance", percent: "5" });
    const next = ok(await s.schedule());
    expect(next.outputs).toMatchObject({ decision: "hold", percent: "5", changed: "false" });
    expect(descriptions()).toEqual(["stage 1/5 · 1% · started", "stage 2/5 · 5% · advanced"]);
  });

  it("after a rollback, a run reading lagging lists never tells the apply step the old percent", async () => {
    s = await Scenario.create("");
    ok(await s.push(healthy.sha));
    ok(await s.dispatch("promote"));
    s.wait(11);
    s.github.setListLag(10 * 60_000);
    expect(ok(await s.dispatch("rollback")).outputs).toMatchObject({ decision: "rollback", percent: "0" });
    s.wait(2);
    const held = ok(await s.schedule());
    expect(held.outputs.percent).toBeUndefined();
    expect(held.outputs.decision).toBe("none");
    s.wait(10);
    expect(ok(await s.schedule()).outputs).toMatchObject({ decision: "none", percent: "0" });
  });

  it("a rollout recorded before the state ref existed goes on; its first transition creates the ref", async () => {
    s = await Scenario.create("");
    s.github.seedDeployment({
      sha: healthy.sha,
      task: "rollout",
      environment: "production",
      payload: makePayload([1, 5, 25, 50, 100], undefined, 1),
      createdAt: Date.now() - 40 * 60_000,
      statuses: [
        {
          state: "in_progress",
          description: "stage 1/5 · 1% · started",
          logUrl: "https://github.com/octo-org/shop/actions/runs/1/attempts/1",
          createdAt: Date.now() - 40 * 60_000,
        },
      ],
    });
    expect(ok(await s.schedule()).outputs).toMatchObject({ decision: "advance", percent: "5" });
    const refs = Object.keys(s.github.refs()).filter((r) => r.startsWith("refs/phased-rollout/"));
    expect(refs).toEqual([`refs/${stateRef("production")}`]);
    expect(ok(await s.schedule()).outputs).toMatchObject({ decision: "hold", percent: "5" });
  });
});

describe("other answers from the Git refs API", () => {
  it("of runs racing while GitHub answers lost creates 'Reference update failed', one records, none fails", async () => {
    s = await Scenario.create("");
    ok(await s.push(healthy.sha));
    s.wait(31);
    s.github.answerLostRefCreates("Reference update failed");
    const runs = await Promise.all([s.schedule(), s.schedule(), s.dispatch("advance")]);
    for (const r of runs) ok(r);
    expect(runs.filter((r) => r.outputs.changed === "true")).toHaveLength(1);
    expect(runs.every((r) => r.outputs.percent === "5")).toBe(true);
    expect(s.statusesOf(healthy.sha)).toHaveLength(2);
  });
});
