// `command: check` through dist/index.js (SPEC.md, "Commands"): every gate evaluated now, bake time ignored,
// for the rollout in flight or, with none, for the version a start would roll out; each query as sent, its
// value and verdict in the summary and the `gates` output; nothing written to GitHub; a misconfigured gate
// fails the step. From workflow_dispatch, from a CI job (a push with `command: check`) and from a comment.

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakePrometheus, startFakePrometheus } from "../../harness/monitoring/fake-prometheus.ts";
import { commentEvent } from "../../harness/events.ts";
import { healthy, version } from "../../harness/traffic.ts";
import type { ActionRun } from "../../harness/runner.ts";
import { countGate, describeRun, latencyGate, Scenario } from "../../harness/scenario.ts";
import { codeBlocks } from "../support/gfm.ts";

let prom: FakePrometheus;
let s: Scenario | undefined;

beforeAll(async () => {
  prom = await startFakePrometheus({ versions: [healthy] });
});
afterAll(() => prom.close());
afterEach(async () => {
  await s?.close();
  s = undefined;
});

interface GateOut {
  name: string;
  verdict: string;
  value: number | null;
  queries: string[];
}

function gatesOf(r: ActionRun): GateOut[] {
  return JSON.parse(r.outputs.gates ?? "[]") as GateOut[];
}

function green(r: ActionRun): ActionRun {
  expect(r.exitCode, describeRun(r)).toBe(0);
  return r;
}

describe("command: check", () => {
  it("from workflow_dispatch before any rollout: the version of ref as if at the first stage, writing nothing", async () => {
    s = await Scenario.create(countGate(prom.url) + latencyGate(prom.url));
    s.github.addCommit({ sha: healthy.sha });
    s.github.resetLog();
    const r = green(await s.dispatch("check", { ref: healthy.sha }));
    expect(s.github.writes()).toEqual([]);
    expect(r.outputs).toMatchObject({ decision: "none", changed: "false", percent: "0" });
    expect(r.outputs.reason).toBe(
      `checked 2 gates for ${healthy.sha.slice(0, 7)}, not rolling out yet, as if at stage 1/5 (1%): 2 pass; nothing recorded`,
    );
    const gates = gatesOf(r);
    expect(gates.map((g) => [g.name, g.verdict])).toEqual([
      ["http-5xx", "pass"],
      ["p99-latency", "pass"],
    ]);
    expect(gates[0]?.value).toBeGreaterThan(0);
    // Every query as sent, passing or not, in code blocks to paste: the version filled in, the window in seconds.
    const sent = codeBlocks(r.summary).map((b) => b.value);
    expect(sent).toHaveLength(3);
    for (const q of sent) expect(q).toMatch(new RegExp(`version="${healthy.sha}".*\\[\\d+s\\]`));
  });

  it("for the rollout in flight, at its stage, without waiting for bake time", async () => {
    s = await Scenario.create(countGate(prom.url));
    green(await s.push(healthy.sha));
    s.wait(5);
    s.github.resetLog();
    const r = green(await s.dispatch("check"));
    expect(s.github.writes()).toEqual([]);
    expect(r.outputs).toMatchObject({ decision: "none", changed: "false", percent: "1", stage: "1" });
    expect(r.outputs.reason).toMatch(
      /^checked 1 gate for \w{7} at stage 1\/5 \(1%\): 1 (pass|inconclusive); nothing recorded$/,
    );
    expect(gatesOf(r)).toHaveLength(1);
    expect(s.statusesOf(healthy.sha).map((x) => x.description)).toEqual(["stage 1/5 · 1% · started"]);
  });

  it("from a CI job (a push with command: check), secrets shown as ${NAME}", async () => {
    const gates = `
- name: http-5xx
  provider: prometheus
  url: ${prom.url}
  headers:
    X-Scope-OrgID: \${PROM_TENANT}
  errors: sum(increase(http_requests_total{version="{{sha}}",code=~"5..",tenant!="\${PROM_TENANT}"}[{{window}}]))
  total: sum(increase(http_requests_total{version="{{sha}}"}[{{window}}]))
  max-error-rate: 0.01
`;
    s = await Scenario.create(gates);
    s.github.resetLog();
    const r = green(
      await s.push(healthy.sha, { command: "check" }, { env: { PROM_TENANT: "tenant-5e3c7" } }),
    );
    expect(s.github.writes()).toEqual([]);
    expect(r.outputs.decision).toBe("none");
    const sent = codeBlocks(r.summary).map((b) => b.value);
    expect(
      sent.some((q) => q.includes('tenant!="${PROM_TENANT}"')),
      sent.join("\n"),
    ).toBe(true);
    expect(r.summary).not.toContain("tenant-5e3c7");
  });

  it("fails the step on a misconfigured gate, naming it, and still writes nothing", async () => {
    s = await Scenario.create(countGate(`${prom.url}/graph?g0.expr=up`));
    s.github.addCommit({ sha: healthy.sha });
    s.github.resetLog();
    const r = await s.dispatch("check", { ref: healthy.sha });
    expect(r.exitCode, describeRun(r)).toBe(1);
    expect(r.errors.join("\n")).toContain(
      `misconfigured: http-5xx: prometheus refused the request to ${prom.url}/graph/api/v1/query?g0.expr=up: HTTP 404`,
    );
    expect(s.github.writes()).toEqual([]);
  });

  it("from a /rollout check comment: a reply with the verdicts, and no deployment or status written", async () => {
    const head = version("check pr-head");
    s = await Scenario.create(countGate(prom.url));
    s.github.addCommit({ sha: head.sha });
    s.github.addPullRequest({ number: 7, headSha: head.sha });
    s.github.setCollaborator("wendy-writer", "write");
    const seeded = s.github.seedComment({ issueNumber: 7, body: "/rollout check", user: "wendy-writer" });
    s.github.resetLog();
    const payload = commentEvent({
      issueNumber: 7,
      commentId: seeded.id,
      body: "/rollout check",
      user: "wendy-writer",
      createdAt: seeded.createdAt,
    });
    const r = green(await s.run("issue_comment", payload, "d".repeat(40), {}, { actor: "wendy-writer" }));
    expect(r.outputs.decision).toBe("none");
    expect(r.outputs.reason).toContain(`checked 1 gate for ${head.sha.slice(0, 7)}, not rolling out yet`);
    const written = s.github.writes().map((w) => w.operationId);
    expect(written.filter((op) => op?.includes("deployment"))).toEqual([]);
    const replies = s.github.comments(7).filter((c) => c.id > seeded.id);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.body).toContain("http-5xx");
  });
});
