// Freezes through the bundled action, on a fixed clock (Scenario.setClock: GitHub's and the action's), never the
// wall clock: the SPEC's weekend window holds start, advance and promote, not rollback; force with a reason
// overrides start and promote and is recorded; weekly windows keep their local time across daylight-saving
// changes in two time zones; a bad window fails the run before any API call, naming the window.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakePrometheus } from "../../harness/monitoring/fake-prometheus.ts";
import type { ActionRun } from "../../harness/runner.ts";
import { countGate, describeRun, Scenario } from "../../harness/scenario.ts";
import { regressed } from "../../harness/traffic.ts";

const A = "a".repeat(40);
const B = "b".repeat(40);

function weekend(timezone: string): string {
  return `
- name: weekend
  cron: "0 17 * * FRI"
  duration: 64h
  timezone: ${timezone}
- name: year-end
  from: 2026-12-23T00:00:00Z
  to: 2027-01-04T00:00:00Z
`;
}

const inputs = (timezone = "Europe/Berlin") => ({
  stages: "10, 50, 100",
  "bake-time": "30m",
  freeze: weekend(timezone),
});

let s: Scenario;
beforeEach(async () => {
  s = await Scenario.create("");
});
afterEach(() => s.close());

function ok(r: ActionRun): ActionRun {
  if (r.exitCode !== 0) throw new Error(`the action failed:\n${describeRun(r)}`);
  return r;
}

function failedWith(r: ActionRun, text: string): void {
  expect(r.exitCode, describeRun(r)).toBe(1);
  expect(r.errors.join("\n")).toContain(text);
}

const lastStatus = (sha: string) => s.statusesOf(sha).at(-1);

describe("a freeze holds every gain of traffic, and nothing else", () => {
  const UNTIL = '"weekend", until Mon 2026-11-23 09:00 Europe/Berlin (08:00 UTC)';

  it("holds advance, promote and a push's start; status, pause and rollback work; nothing is written by a hold", async () => {
    // Friday 20 November 2026, 16:30 in Berlin: half an hour before the weekend opens.
    s.setClock("2026-11-20T15:30:00Z");
    const started = ok(await s.push(A, inputs()));
    expect(started.outputs).toMatchObject({ decision: "start", percent: "10" });
    expect(started.summary).toContain(
      '**Next freeze**: "weekend" from Fri 2026-11-20 17:00 Europe/Berlin (16:00 UTC) until Mon 2026-11-23 09:00 Europe/Berlin (08:00 UTC), within this stage\'s bake time.',
    );

    s.wait(45);
    s.github.resetLog();
    const advance = ok(await s.schedule(inputs()));
    expect(advance.outputs).toMatchObject({ decision: "hold", percent: "10", changed: "false" });
    expect(advance.outputs.reason).toContain(`during the freeze ${UNTIL}`);
    expect(advance.summary).toContain(`**Freeze in force**: ${UNTIL}.`);
    const promote = ok(await s.dispatch("promote", inputs()));
    expect(promote.outputs).toMatchObject({ decision: "hold", percent: "10", changed: "false" });
    expect(promote.outputs.reason).toContain("force: true with a reason overrides a freeze");
    const push = ok(await s.push(B, inputs()));
    expect(push.outputs).toMatchObject({ decision: "hold", sha: A, changed: "false" });
    expect(push.outputs.reason).toContain(`${B.slice(0, 7)} not started during the freeze ${UNTIL}`);
    expect(ok(await s.dispatch("status", inputs())).outputs).toMatchObject({
      decision: "none",
      percent: "10",
    });
    expect(s.github.writes()).toHaveLength(0);

    const pause = ok(await s.dispatch("pause", { ...inputs(), reason: "looking into it" }));
    expect(pause.outputs).toMatchObject({ decision: "pause", percent: "10", changed: "true" });
    const rollback = ok(await s.dispatch("rollback", { ...inputs(), reason: "errors on checkout" }));
    expect(rollback.outputs).toMatchObject({ decision: "rollback", percent: "0", changed: "true" });
    expect(lastStatus(A)?.state).toBe("failure");
  });

  it("force with a reason overrides it for promote and start, and the status records the override", async () => {
    s.setClock("2026-11-21T12:00:00Z");
    const frozen = ok(await s.push(A, inputs()));
    expect(frozen.outputs).toMatchObject({ decision: "hold", changed: "false" });
    expect(s.github.deployments()).toHaveLength(0);

    // force alone is not enough: the override must say why.
    failedWith(
      await s.dispatch("start", { ...inputs(), ref: A, force: "true" }),
      'start is frozen by "weekend" until Mon 2026-11-23 09:00 Europe/Berlin (08:00 UTC); force: true overrides a freeze only with a reason',
    );
    expect(s.github.deployments()).toHaveLength(0);

    const start = ok(
      await s.dispatch("start", { ...inputs(), ref: A, force: "true", reason: "hotfix INC-7" }),
    );
    expect(start.outputs).toMatchObject({ decision: "start", sha: A, percent: "10", changed: "true" });
    expect(lastStatus(A)?.description).toBe(
      'stage 1/3 · 10% · started by @release-captain: overrode freeze "weekend": hotfix INC-7',
    );
    const promote = ok(await s.dispatch("promote", { ...inputs(), force: "true", reason: "hotfix INC-7" }));
    expect(promote.outputs).toMatchObject({ decision: "advance", percent: "50", changed: "true" });
    expect(lastStatus(A)?.description).toBe(
      'stage 2/3 · 50% · promoted by @release-captain: overrode freeze "weekend"; hotfix INC-7',
    );
    // A scheduled advance is never forced: it holds until Monday.
    s.wait(60);
    expect(ok(await s.schedule(inputs())).outputs).toMatchObject({ decision: "hold", percent: "50" });
  });
});

describe("a failing gate still rolls back during a freeze", () => {
  it("rolls back a regression whose stage baked into the weekend", async () => {
    // The monitoring stand-in runs on the scenario's clock, its counters from Friday morning.
    const clock = { now: () => new Date("2026-11-20T15:30:00Z") };
    const prom = await startFakePrometheus({
      versions: [regressed],
      clock: () => clock.now().getTime() / 1000,
      from: Date.parse("2026-11-20T09:00:00Z") / 1000,
    });
    const g = await Scenario.create(countGate(prom.url));
    clock.now = () => g.now();
    try {
      g.setClock("2026-11-20T15:30:00Z");
      expect(ok(await g.push(regressed.sha, inputs())).outputs.decision).toBe("start");
      g.wait(35); // 16:05Z: the weekend is in force, and the stage has baked
      const r = ok(await g.schedule(inputs()));
      expect(r.outputs).toMatchObject({ decision: "rollback", percent: "0", changed: "true" });
      expect(r.outputs.reason).toContain("http-5xx");
      expect(g.statusesOf(regressed.sha).at(-1)?.state).toBe("failure");
    } finally {
      await g.close();
      await prom.close();
    }
  });
});

describe("weekly windows across a daylight-saving change, in two time zones", () => {
  it("Europe/Berlin: opens Friday 17:00 CET and lifts Monday 10:00 CEST, 64 hours later", async () => {
    s.setClock("2026-03-27T15:29:00Z");
    ok(await s.push(A, inputs()));
    s.wait(31); // 16:00Z: 17:00 CET
    const held = ok(await s.schedule(inputs()));
    expect(held.outputs.decision).toBe("hold");
    expect(held.outputs.reason).toContain(
      'the freeze "weekend", until Mon 2026-03-30 10:00 Europe/Berlin (08:00 UTC)',
    );
    s.setClock("2026-03-30T07:59:00Z");
    expect(ok(await s.schedule(inputs())).outputs.decision).toBe("hold");
    s.wait(1);
    expect(ok(await s.schedule(inputs())).outputs).toMatchObject({ decision: "advance", percent: "50" });
  });

  it("America/New_York: opens Friday 17:00 EST and lifts Monday 10:00 EDT, 64 hours later", async () => {
    const ny = inputs("America/New_York");
    s.setClock("2026-03-06T21:29:00Z");
    ok(await s.push(A, ny));
    s.wait(30); // 21:59Z: 16:59 EST, still open
    expect(ok(await s.schedule(ny)).outputs).toMatchObject({ decision: "advance", percent: "50" });
    s.wait(1); // 22:00Z: 17:00 EST
    const held = ok(await s.schedule(ny));
    expect(held.outputs.reason).toContain(
      'the freeze "weekend", until Mon 2026-03-09 10:00 America/New_York (14:00 UTC)',
    );
    s.setClock("2026-03-09T14:00:00Z");
    expect(ok(await s.schedule(ny)).outputs).toMatchObject({ decision: "advance", percent: "100" });
  });
});

describe("a bad window fails the run before any API call, naming the window", () => {
  it.each([
    [
      "an unknown zone",
      "- name: weekend\n  cron: 0 17 * * FRI\n  duration: 64h\n  timezone: Europe/Berlim",
      'window 1 "weekend": "timezone" "Europe/Berlim" is not a known IANA time zone; did you mean "Europe/Berlin"?',
    ],
    ["an impossible cron", "- name: never\n  cron: 0 17 31 2 *\n  duration: 1h", 'window 1 "never"'],
    [
      "to before from",
      "- name: year-end\n  from: 2027-01-04T00:00:00Z\n  to: 2026-12-23T00:00:00Z",
      'window 1 "year-end": "to"',
    ],
    [
      "two windows of one name",
      "- name: x\n  from: 2026-12-23T00:00:00Z\n  to: 2026-12-24T00:00:00Z\n- name: X\n  cron: 0 17 * * FRI\n  duration: 1h",
      'windows 1 and 2 are both named "x"',
    ],
  ])("%s", async (_what, freeze, message) => {
    s.github.resetLog();
    const r = await s.push(A, { freeze });
    failedWith(r, `freeze: ${message}`);
    expect(s.github.log()).toHaveLength(0);
  });
});
