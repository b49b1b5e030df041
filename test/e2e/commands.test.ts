// Manual commands, events, inputs and failure modes through the bundled action. Gates are answered by the
// in-process Prometheus stand-in (checked against the real engine in test/harness/real-prometheus.test.ts), so these run anywhere.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakePrometheus, startFakePrometheus } from "../../harness/monitoring/fake-prometheus.ts";
import { healthy, regressed } from "../../harness/traffic.ts";
import { releaseEvent, workflowRunEvent } from "../../harness/events.ts";
import { type ActionRun, TOKEN } from "../../harness/runner.ts";
import { lockRef as lockRefFor } from "../../src/store/lock.ts";
import { countGate, describeRun, Scenario } from "../../harness/scenario.ts";

let prom: FakePrometheus;
let s: Scenario;

beforeAll(async () => {
  prom = await startFakePrometheus({ versions: [healthy, regressed] });
});
afterAll(() => prom.close());
beforeEach(async () => {
  s = await Scenario.create(countGate(prom.url));
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

describe("manual commands from workflow_dispatch", () => {
  it("promote ignores bake time; promote to N and --full jump; a percent off the plan fails the step", async () => {
    ok(await s.push(healthy.sha));
    const next = ok(await s.dispatch("promote", { reason: "looks fine" }));
    expect(next.outputs).toMatchObject({ decision: "advance", percent: "5", changed: "true" });
    const jump = ok(await s.dispatch("promote to 50"));
    expect(jump.outputs).toMatchObject({ decision: "advance", percent: "50", stage: "4" });
    const off = await s.dispatch("promote to 30");
    failedWith(off, "30% is not a stage of the plan");
    expect(off.outputs.percent).toBe("50");
    const full = ok(await s.dispatch("promote --full"));
    expect(full.outputs).toMatchObject({ decision: "complete", percent: "100", stage: "5", changed: "true" });
    const statuses = s.statusesOf(healthy.sha);
    expect(statuses.slice(1).map((x) => x.description)).toEqual([
      // Promoted seconds after each stage went live: the gate had no evidence yet, and the record says so.
      "stage 2/5 · 5% · promoted by @release-captain: without evidence from http-5xx; looks fine",
      "stage 4/5 · 50% · promoted by @release-captain: without evidence from http-5xx",
      "stage 5/5 · 100% · completed by @release-captain: without evidence from http-5xx",
    ]);
    expect(statuses.at(-1)?.state).toBe("success");
    // Complete at once: a scheduled run finds nothing left to do, and the version is the next one's baseline.
    s.wait(60 * 60);
    expect(ok(await s.schedule()).outputs).toMatchObject({
      decision: "none",
      percent: "100",
      changed: "false",
    });
    const successor = ok(await s.push(regressed.sha));
    expect(successor.outputs).toMatchObject({ decision: "start", "baseline-sha": healthy.sha });
  });

  it("a failing gate blocks promote unless forced, and the force is on record", async () => {
    ok(await s.push(regressed.sha));
    // Within bake time, but with enough traffic behind the stage for the gate to judge.
    s.wait(10);
    s.github.resetLog();
    const blocked = ok(await s.dispatch("promote"));
    expect(blocked.outputs).toMatchObject({ decision: "hold", percent: "1", changed: "false" });
    expect(blocked.outputs.reason).toContain("force");
    expect(s.github.writes()).toHaveLength(0);
    const forced = ok(await s.dispatch("promote", { force: "true", reason: "hotfix is the lesser evil" }));
    expect(forced.outputs).toMatchObject({ decision: "advance", percent: "5" });
    expect(s.statusesOf(regressed.sha).at(-1)?.description).toBe(
      "stage 2/5 · 5% · promoted by @release-captain: forced past failing http-5xx; hotfix is the lesser evil",
    );
  });

  it("pause holds every scheduled run until resume", async () => {
    ok(await s.push(healthy.sha));
    const paused = ok(await s.dispatch("pause", { reason: "waiting for the data team" }));
    expect(paused.outputs).toMatchObject({ decision: "pause", percent: "1", changed: "true" });
    for (let i = 0; i < 2; i++) {
      s.wait(60);
      const r = ok(await s.schedule());
      expect(r.outputs).toMatchObject({ decision: "hold", percent: "1", changed: "false" });
      expect(r.outputs.reason).toContain(
        "paused at stage 1/5 (1%) by @release-captain: waiting for the data team",
      );
    }
    ok(await s.dispatch("resume"));
    const moved = ok(await s.schedule());
    expect(moved.outputs).toMatchObject({ decision: "advance", percent: "5" });
    expect(s.statusesOf(healthy.sha).map((x) => x.state)).toEqual([
      "in_progress",
      "in_progress",
      "in_progress",
      "in_progress",
    ]);
  });

  it("rollback sends traffic to 0% with who and why, and status writes nothing", async () => {
    ok(await s.push(healthy.sha));
    s.github.resetLog();
    const st = ok(await s.dispatch("status"));
    expect(st.outputs).toMatchObject({ decision: "none", percent: "1", stage: "1", sha: healthy.sha });
    expect(s.github.writes()).toHaveLength(0);
    const r = ok(await s.dispatch("rollback", { reason: "customer reports\nof 500s" }));
    expect(r.outputs).toMatchObject({ decision: "rollback", percent: "0", "previous-percent": "1" });
    const last = s.statusesOf(healthy.sha).at(-1);
    expect([last?.state, last?.description]).toEqual([
      "failure",
      "stage 1/5 · 0% · rolled back by @release-captain: customer reports of 500s",
    ]);
  });

  it("an empty command input on dispatch means advance", async () => {
    ok(await s.push(healthy.sha));
    const r = ok(await s.dispatch(""));
    expect(r.outputs.decision).toBe("hold");
    expect(r.outputs.reason).toContain("bake time");
  });
});

describe("events", () => {
  it("release and workflow_run start the event's commit; a new version supersedes the one in flight", async () => {
    s.github.addCommit({ sha: healthy.sha });
    const rel = ok(await s.run("release", releaseEvent(healthy.sha), healthy.sha));
    expect(rel.outputs).toMatchObject({ decision: "start", sha: healthy.sha });
    s.github.addCommit({ sha: regressed.sha });
    const wr = ok(await s.run("workflow_run", workflowRunEvent(regressed.sha), "e".repeat(40)));
    expect(wr.outputs).toMatchObject({ decision: "start", sha: regressed.sha });
    const old = s.statusesOf(healthy.sha).at(-1);
    expect([old?.state, old?.description]).toEqual([
      "inactive",
      `stage 1/5 · 0% · superseded: replaced by ${regressed.sha.slice(0, 7)}`,
    ]);
  });

  it("a push of the version already rolling out advances it instead of starting again", async () => {
    ok(await s.push(healthy.sha));
    s.wait(31);
    const r = ok(await s.push(healthy.sha));
    expect(r.outputs).toMatchObject({ decision: "advance", percent: "5" });
    expect(s.github.deployments({ sha: healthy.sha })).toHaveLength(1);
  });

  it("events the action does not act on do nothing and call no API", async () => {
    s.github.resetLog();
    const r = ok(await s.run("issues", { action: "opened" }, healthy.sha));
    expect(r.outputs.decision).toBe("none");
    expect(s.github.log()).toHaveLength(0);
  });

  it("start with a branch name resolves it to its commit", async () => {
    s.github.addCommit({ sha: healthy.sha });
    s.github.setBranch("release/2026-11", healthy.sha);
    const r = ok(await s.dispatch("start", { ref: "release/2026-11" }));
    expect(r.outputs).toMatchObject({ decision: "start", sha: healthy.sha });
  });
});

describe("re-runs, dry runs and history", () => {
  it("a re-run of the run that advanced records nothing new", async () => {
    ok(await s.push(healthy.sha));
    s.wait(31);
    ok(await s.schedule());
    s.github.resetLog();
    const again = ok(await s.rerun("schedule", {}, "f".repeat(40)));
    expect(again.outputs).toMatchObject({ decision: "advance", percent: "5", changed: "false" });
    expect(s.github.writes()).toHaveLength(0);
    expect(s.statusesOf(healthy.sha)).toHaveLength(2);
  });

  it("dry-run decides and reports but writes nothing, and never moves the percent", async () => {
    s.github.addCommit({ sha: healthy.sha });
    s.github.resetLog();
    const r = ok(await s.push(healthy.sha, { "dry-run": "true" }));
    // Nothing of the version is rolling out: an apply step guarded by percent != '' does not run.
    expect(r.outputs).toMatchObject({ decision: "start", percent: "", changed: "false", sha: healthy.sha });
    expect(r.summary).toContain("Dry run");
    expect(s.github.writes()).toHaveLength(0);

    ok(await s.push(healthy.sha));
    s.wait(31);
    s.github.resetLog();
    const advance = ok(await s.schedule({ "dry-run": "true" }));
    expect(advance.outputs).toMatchObject({
      decision: "advance",
      percent: "1",
      "previous-percent": "1",
      stage: "1",
      changed: "false",
    });
    expect(advance.outputs.reason).toMatch(/^advanced [0-9a-f]{7} to stage 2\/5 \(5%\)/);
    expect(advance.summary).toContain("Dry run: nothing was written to GitHub; traffic stays at 1%.");
    expect(s.github.writes()).toHaveLength(0);
  });

  it("reads state with the same few calls however many deployments the environment has", async () => {
    const old = Array.from({ length: 2000 }, (_, i) => ({
      sha: (i % 2 ? "1" : "2").repeat(40),
      task: "rollout",
      environment: "production",
      payload: { "phased-rollout": { schema: 1, stages: [1, 5, 25, 50, 100], baseline: null, run_id: i } },
      statuses: [
        {
          state: "in_progress" as const,
          description: "stage 1/5 · 1% · started",
          logUrl: "https://github.com/octo-org/shop/actions/runs/1/attempts/1",
        },
        {
          state: "success" as const,
          description: "stage 5/5 · 100% · completed: gates passed",
          logUrl: "https://github.com/octo-org/shop/actions/runs/1/attempts/1",
        },
      ],
    }));
    s.github.seedDeployments(old);
    ok(await s.push(healthy.sha));
    s.wait(31);
    s.github.resetLog();
    const r = ok(await s.schedule());
    expect(r.outputs.decision).toBe("advance");
    // Four reads to decide (the state ref and its commit, then the lists); a transition adds the lock, the
    // claim on the state ref, the write and the release.
    const READS = [
      "git/get-ref",
      "git/get-commit",
      "repos/list-deployments",
      "repos/list-deployment-statuses",
    ];
    expect(s.github.log().map((e) => e.operationId)).toEqual([
      ...READS,
      "repos/get-commit",
      "git/create-commit",
      "git/create-ref",
      "git/create-commit",
      "git/update-ref",
      "repos/create-deployment-status",
      "git/get-ref",
      "git/delete-ref",
    ]);
    s.github.resetLog();
    ok(await s.schedule());
    expect(s.github.log().map((e) => e.operationId)).toEqual(READS);
  });

  it("retries GitHub's server errors and secondary rate limits", async () => {
    ok(await s.push(healthy.sha));
    s.github.injectFault({ operationId: "repos/list-deployments", attempts: [1], status: 502 });
    s.github.injectFault({
      operationId: "repos/list-deployment-statuses",
      attempts: [1],
      status: 403,
      retryAfter: 1,
      body: { message: "You have exceeded a secondary rate limit." },
    });
    const r = ok(await s.schedule());
    expect(r.outputs.decision).toBe("hold");
  });
});

describe("a transition that cannot be recorded", () => {
  it("leaves an error status, fails the step, and the next run finishes the start", async () => {
    s.github.injectFault({
      operationId: "repos/create-deployment-status",
      attempts: [1],
      status: 422,
      body: { message: "Validation Failed" },
    });
    const r = await s.push(healthy.sha);
    expect(r.exitCode, describeRun(r)).toBe(1);
    expect(s.statusesOf(healthy.sha).map((x) => [x.state, x.description])).toEqual([
      ["error", 'stage 1/5 · 0% · failed: could not record "started": Validation Failed'],
    ]);
    const next = ok(await s.schedule());
    expect(next.outputs).toMatchObject({ decision: "start", percent: "1", changed: "true" });
    expect(s.statusesOf(healthy.sha).at(-1)?.description).toBe(
      "stage 1/5 · 1% · started: start recorded late",
    );
  });
});

describe("state written by others", () => {
  it("statuses that people or other tools wrote never move the rollout", async () => {
    ok(await s.push(healthy.sha));
    const [d] = s.github.deployments({ sha: healthy.sha });
    if (!d) throw new Error("no deployment");
    s.github.seedStatus(d.id, { state: "success", description: "deployed by hand", creator: "octocat" });
    s.github.seedStatus(d.id, {
      state: "in_progress",
      description: "stage 4/5 · 50% · advanced",
      creator: "octocat",
    });
    s.github.seedStatus(d.id, { state: "failure", description: "" });
    const st = ok(await s.dispatch("status"));
    expect(st.outputs).toMatchObject({ decision: "none", percent: "1", stage: "1" });
    s.wait(31);
    const r = ok(await s.schedule());
    expect(r.outputs).toMatchObject({ decision: "advance", "previous-percent": "1", percent: "5" });
  });

  it("a changed stages input does not change the plan of the rollout in flight", async () => {
    ok(await s.push(healthy.sha));
    s.wait(31);
    const r = ok(await s.schedule({ stages: "10, 100" }));
    expect(r.outputs).toMatchObject({ decision: "advance", percent: "5", "stage-count": "5" });
    expect(r.warnings.join()).toContain("differs from the plan this rollout started with");
  });
});

describe("races and lost answers", () => {
  it("of runs racing on one rollout, exactly one records the transition; the others report it", async () => {
    ok(await s.push(healthy.sha));
    s.wait(31);
    const runs = await Promise.all([s.schedule(), s.schedule(), s.dispatch("advance")]);
    for (const r of runs) ok(r);
    // A loser either lost under the lock ("none": another run recorded it) or read after the winner wrote
    // (a "hold" in the stage that just went live): either way it reports the winner's state.
    const decisions = runs.map((r) => r.outputs.decision);
    expect(decisions.filter((d) => d === "advance")).toHaveLength(1);
    expect(decisions.filter((d) => d !== "advance").every((d) => d === "none" || d === "hold")).toBe(true);
    expect(runs.every((r) => r.outputs.percent === "5")).toBe(true);
    expect(runs.filter((r) => r.outputs.changed === "true")).toHaveLength(1);
    expect(s.statusesOf(healthy.sha)).toHaveLength(2);
    expect(Object.keys(s.github.refs()).filter((r) => r.includes("phased-rollout/locks"))).toEqual([]);
  });

  it("takes over a lock left by a runner that died", async () => {
    ok(await s.push(healthy.sha));
    s.github.resetLog();
    const stale = s.github.addCommit({ message: "phased-rollout lock for production\n\nrun 1, attempt 1" });
    const refsBefore = Object.keys(s.github.refs()).length;
    s.github.setRef(`refs/${lockRefFor("production")}`, stale);
    s.wait(31);
    const r = ok(await s.schedule());
    expect(r.outputs.decision).toBe("advance");
    expect(r.stdout).toContain("took over a lock older than 600s");
    expect(Object.keys(s.github.refs())).toHaveLength(refsBefore);
  });

  it("a status whose answer was lost after GitHub stored it is not written twice", async () => {
    ok(await s.push(healthy.sha));
    s.wait(31);
    s.github.injectFault({
      operationId: "repos/create-deployment-status",
      attempts: [1],
      afterWrite: true,
      reset: true,
    });
    const r = ok(await s.schedule());
    expect(r.outputs).toMatchObject({ decision: "advance", percent: "5", changed: "true" });
    expect(s.statusesOf(healthy.sha).map((x) => x.description)).toEqual([
      "stage 1/5 · 1% · started",
      "stage 2/5 · 5% · advanced: gates passed",
    ]);
  });

  it("without contents: write it records anyway, warning that there is no lock", async () => {
    ok(await s.push(healthy.sha));
    s.wait(31);
    s.github.injectFault({
      operationId: "git/create-commit",
      status: 403,
      body: { message: "Resource not accessible by integration" },
    });
    const r = ok(await s.schedule());
    expect(r.outputs.decision).toBe("advance");
    expect(r.warnings.join()).toContain("Recording without a lock");
  });
});

describe("bad input fails before any API call, with one readable message", () => {
  it.each([
    [{ stages: "5, 1" }, 'stages: "5, 1" must be strictly increasing'],
    [{ stages: "1, 50" }, 'stages: "1, 50" must end with 100'],
    [{ "bake-time": "soon" }, 'bake-time: "soon" is not a duration'],
    [
      { "bake-time": "6h" },
      'stall-after: "4h" (the default) must be longer than bake-time (6h), or a stage would stall before it may advance; set stall-after to more than 6h (such as 12h), or to off',
    ],
    [{ command: "launch" }, 'command: "launch" is not allowed'],
    [{ command: "promote to 500" }, 'command: "promote to 500" is not allowed'],
    [{ force: "maybe" }, 'force: "maybe" must be true or false'],
    [{ permission: "owner" }, 'permission: "owner" must be one of read, triage, write, maintain, admin'],
    [
      {
        gates:
          "- name: x\n  provider: prometheus\n  url: http://p\n  errors: a\n  total: b\n  max-eror-rate: 0.01\n",
      },
      'gates: gate 1 "x": unknown key "max-eror-rate"',
    ],
    [{ gates: "- name: [unclosed" }, "gates: is not valid YAML"],
    [
      { gates: "- name: x\n\tprovider: prometheus\n" },
      "gates: line 2 is indented with a tab, and YAML indents with spaces only: replace the tab with spaces",
    ],
    [
      {
        gates:
          "- name: x\n  provider: prometheus\n  url: http://p\n  errors: a\n  total: b\n  max-error-rate: 1%\n",
      },
      'gates: gate 1 "x": "max-error-rate" is a fraction, not a percent: write 0.01 for 1%, got "1%"',
    ],
    [
      {
        gates:
          "- name: x\n  provider: prometheus\n  url: http://p\n  errors: a\n  total: b\n  max-error-rate: 1\n",
      },
      'gates: gate 1 "x": "max-error-rate" is 1, which no error rate exceeds, so the gate could never fail; it is a fraction: 0.01 fails above 1%',
    ],
    [
      {
        gates:
          "- name: x\n  provider: prometheus\n  url: http://p\n  errors: a\n  total: b\n  max-error-rate: 0.01\n  min-requests: -5\n",
      },
      'gates: gate 1 "x": "min-requests" must be at least 0, got -5',
    ],
    [
      { gates: "- name: x\n  provider: dynatrace\n  url: http://p\n  query: q\n  max: 1\n" },
      'gate 1 "x": "provider"',
    ],
  ])("%j", async (inputs, message) => {
    s.github.resetLog();
    const r = await s.push(healthy.sha, inputs);
    failedWith(r, message);
    expect(r.errors).toHaveLength(1);
    expect(r.stdout).not.toMatch(/at .*\(.*:\d+:\d+\)/);
    expect(s.github.log()).toHaveLength(0);
  });

  it("a secret the gates use but the step does not pass is named", async () => {
    const gates = `${countGate(prom.url)}  headers:\n    Authorization: Bearer \${PROM_TOKEN}\n`;
    s.github.resetLog();
    const r = await s.push(healthy.sha, { gates });
    failedWith(r, "the environment variable PROM_TOKEN is not set");
    expect(s.github.log()).toHaveLength(0);
  });

  it("a secret passed but empty is said to be undefined or out of the job's reach", async () => {
    const gates = `${countGate(prom.url)}  headers:\n    Authorization: Bearer \${PROM_TOKEN}\n`;
    s.github.resetLog();
    const r = await s.push(healthy.sha, { gates }, { env: { PROM_TOKEN: "" } });
    failedWith(
      r,
      'gates: gate "http-5xx" uses ${PROM_TOKEN}, but the environment variable PROM_TOKEN is empty: the secret it is set from is undefined (add it under Settings → Secrets and variables → Actions, spelt as in the workflow), or it is an environment secret this job cannot see (give the job environment: with that environment\'s name)',
    );
    expect(s.github.log()).toHaveLength(0);
  });
});

describe("secrets", () => {
  it("never shows a gate secret or the GitHub token, even with debug logging", async () => {
    const secret = "prom-s3cr3t-value-0123456789";
    const gates = `${countGate(`${prom.url}/?tenant=\${PROM_TENANT}`)}  bearer-token: \${PROM_TOKEN}\n`;
    const env = { PROM_TOKEN: secret, PROM_TENANT: "tenant-zzz-secret" };
    const runs: ActionRun[] = [];
    s.github.addCommit({ sha: regressed.sha });
    runs.push(ok(await s.run("push", {}, regressed.sha, { gates }, { env, debug: true })));
    s.wait(31);
    runs.push(ok(await s.run("schedule", {}, "f".repeat(40), { gates }, { env, debug: true })));
    expect(runs[1]?.outputs.decision).toBe("rollback");
    const seen = prom.requests.at(-1);
    expect(seen?.headers.authorization).toBe(`Bearer ${secret}`);
    expect(prom.requests.some((q) => JSON.stringify(q.headers).includes(TOKEN))).toBe(false);
    const statuses = JSON.stringify(s.github.state());
    for (const r of runs) {
      const visible = [
        r.stdout.replace(/::add-mask::.*\n/g, ""),
        r.stderr,
        r.summary,
        JSON.stringify(r.outputs),
      ].join("\n");
      for (const value of [secret, "tenant-zzz-secret", TOKEN]) {
        expect(visible).not.toContain(value);
        expect(statuses).not.toContain(value);
      }
    }
  });
});

describe("stall-after", () => {
  it("is 4h unless set: a stage without evidence turns the run red after four hours", async () => {
    const silentSha = "6".repeat(40);
    ok(await s.push(silentSha));
    s.wait(3 * 60 + 50);
    expect(ok(await s.schedule()).outputs.decision).toBe("hold");
    s.wait(20);
    const stalled = await s.schedule();
    expect(stalled.exitCode).toBe(1);
    expect(stalled.errors.join()).toContain("for evidence, past stall-after (4h)");
    const off = ok(await s.schedule({ "stall-after": "off" }));
    expect(off.outputs.decision).toBe("hold");
  });

  it("fails the step loudly once a stage has waited too long for evidence, writing nothing", async () => {
    const silentSha = "5".repeat(40);
    ok(await s.push(silentSha, { "stall-after": "2h" }));
    s.wait(61);
    const waiting = ok(await s.schedule({ "stall-after": "2h" }));
    expect(waiting.outputs.decision).toBe("hold");
    s.wait(61);
    s.github.resetLog();
    const stalled = await s.schedule({ "stall-after": "2h" });
    expect(stalled.exitCode).toBe(1);
    expect(stalled.outputs).toMatchObject({ decision: "hold", percent: "1", changed: "false" });
    expect(stalled.errors.join()).toContain("past stall-after (2h)");
    expect(stalled.summary).toContain("[!CAUTION]");
    expect(s.github.writes()).toHaveLength(0);
  });
});

describe("shadow gates", () => {
  it("a failing dry-run gate is reported but neither rolls back nor holds", async () => {
    const gates = countGate(prom.url, "  dry-run: true\n");
    ok(await s.push(regressed.sha, { gates }));
    s.wait(31);
    const r = ok(await s.schedule({ gates }));
    expect(r.outputs).toMatchObject({ decision: "advance", percent: "5" });
    const [g] = JSON.parse(r.outputs.gates as string) as { verdict: string; shadow: boolean }[];
    expect(g).toMatchObject({ verdict: "fail", shadow: true });
    expect(r.summary).toContain("(shadow, not deciding)");
  });
});

describe("without gates", () => {
  it("advances on bake time alone and warns", async () => {
    const r0 = ok(await s.push(healthy.sha, { gates: "" }));
    expect(r0.outputs.decision).toBe("start");
    s.wait(31);
    const r = ok(await s.schedule({ gates: "" }));
    expect(r.outputs).toMatchObject({ decision: "advance", percent: "5", gates: "[]" });
    expect(r.warnings.join()).toContain("No gates are configured");
  });
});
