// GitHub behaviours the action must survive (issue 10), through the bundled action: statuses written under
// several tokens, list endpoints that trail writes, and the other answers GitHub's refs API gives.

import { afterEach, describe, expect, it } from "vitest";
import { healthy } from "../support/traffic.ts";
import { type ActionRun, TOKEN } from "./runner.ts";
import { describeRun, Scenario } from "./scenario.ts";

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
