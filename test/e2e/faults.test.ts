// Fault injection through dist/index.js. Every GitHub call an advance and a start make is faulted, one at a
// time, in each way GitHub fails: 500/502/503, a 403 or 429 secondary rate limit with retry-after, a slow
// answer, a dropped connection and, for writes, an answer lost after the write was stored; a few calls get no
// answer or half a body, which the action's request timeout ends. Each run must end in exactly the state a
// clean run leaves: one transition, no duplicate status or deployment, no lock left.
// A GitHub that keeps failing must fail the step with a clear message, write nothing half-way (an `error`
// status at most), and leave a state the next clean run finishes. A monitoring server that misbehaves must
// give `error` or `inconclusive` and hold. The cases run side by side, each against its own GitHub stand-in;
// the last line printed counts them.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { formatClaim, parseClaim, stateRef } from "../../src/store/claim.ts";
import { formatDescription, makePayload, TASK } from "../../src/rollout/codec.ts";
import { type FakePrometheus, startFakePrometheus } from "../../harness/monitoring/fake-prometheus.ts";
import type { FaultSpec } from "../../harness/github/types.ts";
import type { StandIn } from "../../harness/github/index.ts";
import { fakeSha, healthy } from "../../harness/traffic.ts";
import { commentEvent } from "../../harness/events.ts";
import type { ActionRun } from "../../harness/runner.ts";
import { countGate, describeRun, OWNER, REPO, Scenario } from "../../harness/scenario.ts";

// The cases mostly wait out retry delays, so more of them than cores can run at once.
vi.setConfig({ maxConcurrency: 16 });

const STAGES = [1, 5, 25, 50, 100];
/** How long the seeded stage has been live: past the default 30m bake time. */
const STAGE_AGE_MINUTES = 40;
/** The version an advance moves on, and the version a start rolls out. */
const NEW = healthy.sha;
/** The version in flight that a start supersedes. */
const OLD = fakeSha("faults: the version in flight");
/** The run that recorded the seeded start; the runs under test get ids from 1001 up. */
const SEED_RUN = 7;

let prom: FakePrometheus;
let gates: string;

const tally = {
  tried: 0,
  survived: 0,
  persistentTried: 0,
  persistentClean: 0,
  monitoringTried: 0,
  monitoringHeld: 0,
};

// ---------------------------------------------------------------------------------------
// The two flows, set up by seeding the stand-in (no action run needed) and driven by one run each.

type Flow = "advance" | "start";

/** A rollout at stage 1 whose start run SEED_RUN recorded, as the action writes it. */
function seedInFlight(github: StandIn, sha: string): void {
  github.seedDeployments([
    {
      sha,
      task: TASK,
      environment: "production",
      payload: makePayload(STAGES, undefined, SEED_RUN),
      description: `phased rollout of ${sha.slice(0, 7)}`,
      statuses: [
        {
          state: "in_progress",
          description: formatDescription({
            event: "started",
            stage: 1,
            stageCount: STAGES.length,
            percent: STAGES[0] ?? 1,
          }),
          logUrl: `https://github.com/${OWNER}/${REPO}/actions/runs/${SEED_RUN}/attempts/1`,
        },
      ],
    },
  ]);
}

/** The state ref as run SEED_RUN left it when it started the rollout of `sha`. */
function seedStateRef(github: StandIn, sha: string): void {
  const claim = formatClaim({ event: "started", sha, runId: SEED_RUN, runAttempt: 1 }, "production");
  github.setRef(`refs/${stateRef("production")}`, github.addCommit({ message: claim }));
}

/** advance: the rollout of NEW has been at 1% past its bake time. start: OLD is in flight, NEW is pushed. */
async function prepare(flow: Flow, gateText = gates): Promise<Scenario> {
  const s = await Scenario.create(gateText);
  seedInFlight(s.github, flow === "advance" ? NEW : OLD);
  seedStateRef(s.github, flow === "advance" ? NEW : OLD);
  s.wait(STAGE_AGE_MINUTES);
  return s;
}

function act(s: Scenario, flow: Flow): Promise<ActionRun> {
  return flow === "advance" ? s.schedule() : s.push(NEW);
}

/** The calls a clean run of each flow makes, in order (the first test checks it). */
const CALLS: Record<Flow, string[]> = {
  advance: [
    "git/get-ref",
    "git/get-commit",
    "repos/list-deployments",
    "repos/list-deployment-statuses",
    "repos/get-commit",
    "git/create-commit",
    "git/create-ref",
    "git/create-commit",
    "git/update-ref",
    "repos/create-deployment-status",
    "git/get-ref",
    "git/delete-ref",
  ],
  start: [
    "git/get-ref",
    "git/get-commit",
    "repos/list-deployments",
    "repos/list-deployment-statuses",
    "repos/list-deployments",
    "repos/get-commit",
    "git/create-commit",
    "git/create-ref",
    "git/create-commit",
    "git/update-ref",
    "repos/create-deployment",
    "repos/create-deployment-status",
    "repos/create-deployment-status",
    "git/get-ref",
    "git/delete-ref",
  ],
};

/** A ref as a snapshot shows it: a claim on the state ref by what it claims (its commit differs run to run). */
function refView(github: StandIn, sha: string): string {
  const claim = parseClaim(github.gitCommit(sha)?.message ?? "");
  return claim ? `claim: ${claim.event}${claim.settled ? " (settled)" : ""}` : sha;
}

/** What the repository holds that a rollout writes: deployments with their payloads and statuses, and refs. */
function snapshot(github: StandIn) {
  return {
    deployments: github.deployments().map((d) => ({
      sha: d.sha,
      environment: d.environment,
      task: d.task,
      payload: d.payload,
      statuses: d.statuses.map((x) => ({ state: x.state, description: x.description, logUrl: x.logUrl })),
    })),
    refs: Object.fromEntries(Object.entries(github.refs()).map(([ref, sha]) => [ref, refView(github, sha)])),
    comments: github.comments().length,
  };
}
type Snapshot = ReturnType<typeof snapshot>;

function locks(snap: Snapshot) {
  return Object.keys(snap.refs).filter((ref) => ref.startsWith("refs/phased-rollout/locks/"));
}

/** Where the rollouts stand, whichever run wrote what: each deployment's states and events, no notes. */
function standing(snap: Snapshot, dropErrors = true) {
  return {
    deployments: snap.deployments.map((d) => ({
      sha: d.sha,
      statuses: d.statuses
        .filter((x) => !dropErrors || x.state !== "error")
        .map((x) => `${x.state} ${x.description.replace(/:.*$/s, "")}`),
    })),
    refs: snap.refs,
  };
}

/** `standing`, leaving out deployments with no transition on them (a start not recorded yet). */
function transitions(snap: Snapshot) {
  const view = standing(snap);
  return { ...view, deployments: view.deployments.filter((d) => d.statuses.length > 0) };
}

function withoutErrorStatuses(snap: Snapshot): Snapshot {
  return {
    ...snap,
    deployments: snap.deployments.map((d) => ({
      ...d,
      statuses: d.statuses.filter((x) => x.state !== "error"),
    })),
  };
}

const OUTPUT_KEYS = ["decision", "percent", "stage", "sha", "changed"] as const;

function keyOutputs(r: ActionRun): Record<string, string | undefined> {
  return Object.fromEntries(OUTPUT_KEYS.map((k) => [k, r.outputs[k]]));
}

interface Reference {
  snapshot: Snapshot;
  outputs: Record<string, string | undefined>;
  calls: (string | null)[];
}

const reference = {} as Record<Flow, Reference>;

beforeAll(async () => {
  prom = await startFakePrometheus({ versions: [healthy] });
  gates = countGate(prom.url);
  for (const flow of ["advance", "start"] as const) {
    const s = await prepare(flow);
    try {
      const r = await act(s, flow);
      if (r.exitCode !== 0) throw new Error(`the clean ${flow} failed:\n${describeRun(r)}`);
      reference[flow] = {
        snapshot: snapshot(s.github),
        outputs: keyOutputs(r),
        calls: s.github.log().map((e) => e.operationId),
      };
    } finally {
      await s.close();
    }
  }
});

afterAll(async () => {
  await prom.close();
  const held = `${tally.monitoringHeld} of ${tally.monitoringTried} monitoring misbehaviours held the rollout`;
  console.log(
    `faults: ${tally.tried} GitHub faults tried, ${tally.survived} survived with exactly the clean run's state, ${tally.tried - tally.survived} not; ` +
      `${tally.persistentClean} of ${tally.persistentTried} persistent failures failed cleanly and recovered on the next run; ${held}`,
  );
});

describe("the clean runs the faults are measured against", () => {
  it("make the calls the matrix faults, and record one transition", () => {
    expect(reference.advance.calls).toEqual(CALLS.advance);
    expect(reference.start.calls).toEqual(CALLS.start);
    expect(reference.advance.outputs).toMatchObject({ decision: "advance", percent: "5", changed: "true" });
    expect(reference.start.outputs).toMatchObject({
      decision: "start",
      percent: "1",
      changed: "true",
      sha: NEW,
    });
    const [advanced] = reference.advance.snapshot.deployments;
    expect(advanced?.statuses.map((x) => x.state)).toEqual(["in_progress", "in_progress"]);
    const [started, superseded] = reference.start.snapshot.deployments;
    expect(started?.sha).toBe(NEW);
    expect(started?.statuses.map((x) => x.state)).toEqual(["in_progress"]);
    expect(superseded?.statuses.map((x) => x.state)).toEqual(["in_progress", "inactive"]);
    const claimed = { [`refs/${stateRef("production")}`]: "claim: started" };
    expect(reference.start.snapshot.refs).toEqual(claimed);
    expect(reference.advance.snapshot.refs).toEqual({
      [`refs/${stateRef("production")}`]: "claim: advanced",
    });
  });
});

// ---------------------------------------------------------------------------------------
// A GitHub that keeps failing.

interface Persistent {
  flow: Flow;
  op: string;
  /** Calls of `op` that fail, as the stand-in counts them; all of them when undefined. */
  attempts?: number[];
  what: string;
  /** The failing call comes after the transition was recorded. */
  afterRecording?: boolean;
}

function persistentCases(): Persistent[] {
  const out: Persistent[] = [];
  for (const flow of ["advance", "start"] as const) {
    for (const op of new Set(CALLS[flow])) {
      // git/get-ref also reads the state ref first, so only the delete comes after the transition alone.
      const release = op === "git/delete-ref";
      out.push({
        flow,
        op,
        what: "500 on every attempt",
        ...(release && { afterRecording: true }),
      });
    }
  }
  // Every try of the write fails, then GitHub recovers: the `error` status that reports it gets through.
  const fourTries = [1, 2, 3, 4];
  out.push(
    { flow: "advance", op: "repos/create-deployment-status", attempts: fourTries, what: "500 on 4 tries" },
    { flow: "start", op: "repos/create-deployment", attempts: fourTries, what: "500 on 4 tries" },
    {
      flow: "start",
      op: "repos/create-deployment-status",
      attempts: fourTries,
      what: "500 on 4 tries",
    },
    {
      // The start's own status got through; the `inactive` status of the version it replaces does not.
      flow: "start",
      op: "repos/create-deployment-status",
      attempts: [2, 3, 4, 5, 6, 7, 8, 9, 10],
      what: "500 on every attempt of the supersede",
      afterRecording: true,
    },
  );
  return out;
}

describe.concurrent("a GitHub that keeps failing", { timeout: 90_000 }, () => {
  for (const c of persistentCases()) {
    const name = `${c.flow}: ${c.op} → ${c.what}`;
    if (c.afterRecording && c.op === "git/delete-ref") {
      // The release fails after the status was written: the step succeeds and warns; the lock expires.
      it(`${name}: the transition is recorded, so the step succeeds and warns`, async ({
        expect,
        onTestFinished,
      }) => {
        tally.persistentTried += 1;
        const s = await prepare(c.flow);
        onTestFinished(() => s.close());
        s.github.injectFault({ operationId: c.op, status: 500 });
        const r = await act(s, c.flow);
        expect(r.exitCode, describeRun(r)).toBe(0);
        expect(keyOutputs(r)).toEqual(reference[c.flow].outputs);
        expect(snapshot(s.github).deployments).toEqual(reference[c.flow].snapshot.deployments);
        expect(r.warnings.join("\n")).toMatch(/lock/);
        tally.persistentClean += 1;
      });
      continue;
    }
    it(`${name}: the step fails clearly, nothing is half-written, the next run finishes`, async ({
      expect,
      onTestFinished,
    }) => {
      tally.persistentTried += 1;
      const s = await prepare(c.flow);
      onTestFinished(() => s.close());
      const before = snapshot(s.github);
      const fault = s.github.injectFault({
        operationId: c.op,
        status: 500,
        ...(c.attempts && { attempts: c.attempts }),
      });
      const r = await act(s, c.flow);
      expect(fault.fired()).toBeGreaterThan(0);
      expect(r.exitCode, describeRun(r)).toBe(1);
      expect(r.errors, describeRun(r)).toHaveLength(1);
      expect(r.errors[0]).toMatch(/Server Error|500/);
      expect(r.stdout, "no stack trace in the log").not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
      const after = snapshot(s.github);
      expect(locks(after), "no lock left").toEqual(locks(before));
      const errors = after.deployments.flatMap((d) => d.statuses).filter((x) => x.state === "error");
      expect(errors.length).toBeLessThanOrEqual(1);
      if (!c.afterRecording) {
        // A claim this run made on the state ref is marked unrecorded, so the next run need not wait for it
        // to lapse.
        const state = `refs/${stateRef("production")}`;
        const settled = `claim: ${c.flow === "advance" ? "advanced" : "started"} (settled)`;
        expect([before.refs[state], settled]).toContain(after.refs[state]);
        // No transition: the rollouts read as before, bar an `error` status or a deployment whose start is
        // not recorded yet (the next run records it).
        const rollouts = (snap: Snapshot): Snapshot => ({ ...snap, refs: {} });
        expect(transitions(rollouts(after))).toEqual(transitions(rollouts(before)));
        if (c.op !== "repos/create-deployment-status") {
          expect(rollouts(withoutErrorStatuses(after))).toEqual(rollouts(before));
        }
      }
      s.github.clearFaults();
      const next = await act(s, c.flow);
      expect(next.exitCode, describeRun(next)).toBe(0);
      if (!c.afterRecording) expect(keyOutputs(next)).toEqual(reference[c.flow].outputs);
      expect(standing(snapshot(s.github))).toEqual(standing(reference[c.flow].snapshot));
      s.github.assertNoInvalidRequests();
      tally.persistentClean += 1;
    });
  }

  it("the message of a GitHub failure names GitHub, the call and the status", async ({
    expect,
    onTestFinished,
  }) => {
    const s = await prepare("advance");
    onTestFinished(() => s.close());
    s.github.injectFault({ operationId: "repos/list-deployments", status: 500 });
    const r = await act(s, "advance");
    expect(r.exitCode).toBe(1);
    expect(r.errors[0]).toMatch(/GitHub/);
    expect(r.errors[0]).toMatch(/500/);
    expect(r.errors[0]).toMatch(/deployments/);
  });
});

// ---------------------------------------------------------------------------------------
// One fault per run, on one attempt of one call.

const SECONDARY_MESSAGE =
  "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0400:3F2A:1B2C3D:4E5F60:6745A1B2.";
const RATE_LIMIT_DOCS =
  "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits";

const KINDS = {
  "500": { status: 500 },
  "502": { status: 502 },
  "503": { status: 503 },
  "403 secondary rate limit, retry-after 1": {
    status: 403,
    retryAfter: 1,
    body: { message: SECONDARY_MESSAGE, documentation_url: RATE_LIMIT_DOCS, status: "403" },
  },
  "429 secondary rate limit, retry-after 1": {
    status: 429,
    retryAfter: 1,
    body: { message: SECONDARY_MESSAGE, documentation_url: RATE_LIMIT_DOCS, status: "429" },
  },
  "an answer 2s late": { delayMs: 2000 },
  "connection reset": { reset: true },
  "stored, then connection reset": { afterWrite: true, reset: true },
  "stored, then 502": { afterWrite: true, status: 502 },
  "no answer (the 30s request timeout)": { hang: true },
  "half a body, then nothing": { stall: true },
  "stored, then no answer": { afterWrite: true, hang: true },
} satisfies Record<string, Omit<FaultSpec, "operationId" | "attempts">>;
type Kind = keyof typeof KINDS;

const READ_KINDS: Kind[] = [
  "500",
  "502",
  "503",
  "403 secondary rate limit, retry-after 1",
  "429 secondary rate limit, retry-after 1",
  "an answer 2s late",
  "connection reset",
];
const WRITE_KINDS: Kind[] = [...READ_KINDS, "stored, then connection reset", "stored, then 502"];
/** For the second and later calls of an operation in a run: one of each sort. */
const LATER_READ_KINDS: Kind[] = ["502", "connection reset"];
const LATER_WRITE_KINDS: Kind[] = ["502", "stored, then connection reset"];

const isWrite = (op: string) => /create|delete|update/.test(op);

interface Case {
  flow: Flow;
  op: string;
  /** Which call of `op` in the run (1-based), as the stand-in counts matching calls. */
  call: number;
  kind: Kind;
}

/** Each waits out the action's 30s request timeout, so only a few, first, while the quick cases run beside them. */
const TIMEOUT_CASES: Case[] = [
  { flow: "advance", op: "repos/list-deployments", call: 1, kind: "no answer (the 30s request timeout)" },
  { flow: "advance", op: "repos/list-deployment-statuses", call: 1, kind: "half a body, then nothing" },
  { flow: "advance", op: "repos/create-deployment-status", call: 1, kind: "stored, then no answer" },
  { flow: "start", op: "repos/create-deployment", call: 1, kind: "stored, then no answer" },
  { flow: "start", op: "git/create-ref", call: 1, kind: "stored, then no answer" },
];

function cases(): Case[] {
  const out: Case[] = [...TIMEOUT_CASES];
  for (const flow of ["advance", "start"] as const) {
    const seen = new Map<string, number>();
    for (const op of CALLS[flow]) {
      const call = (seen.get(op) ?? 0) + 1;
      seen.set(op, call);
      const kinds =
        call === 1
          ? isWrite(op)
            ? WRITE_KINDS
            : READ_KINDS
          : isWrite(op)
            ? LATER_WRITE_KINDS
            : LATER_READ_KINDS;
      for (const kind of kinds) {
        out.push({
          flow,
          op,
          call,
          kind,
        });
      }
    }
  }
  return out;
}

describe.concurrent(
  "one fault on one call ends in exactly the clean run's state",
  { timeout: 60_000 },
  () => {
    for (const c of cases()) {
      const name = `${c.flow}: ${c.op} (call ${c.call}) → ${c.kind}`;
      it(name, async ({ expect, onTestFinished }) => {
        tally.tried += 1;
        const s = await prepare(c.flow);
        onTestFinished(() => s.close());
        const fault = s.github.injectFault({ operationId: c.op, attempts: [c.call], ...KINDS[c.kind] });
        const r = await act(s, c.flow);
        expect(fault.fired(), "the fault was injected").toBe(1);
        expect(r.exitCode, describeRun(r)).toBe(0);
        expect(keyOutputs(r)).toEqual(reference[c.flow].outputs);
        expect(snapshot(s.github)).toEqual(reference[c.flow].snapshot);
        s.github.assertNoInvalidRequests();
        tally.survived += 1;
      });
    }
  },
);

// ---------------------------------------------------------------------------------------
// A `/rollout` comment: GitHub may store the reply, or a reaction, and lose the answer.

const PR = 42;
const COMMENT_CASES: [string, Kind][] = [
  ["issues/create-comment", "stored, then 502"],
  ["issues/create-comment", "stored, then connection reset"],
  ["issues/create-comment", "stored, then no answer"],
  ["reactions/create-for-issue-comment", "stored, then 502"],
];

describe.concurrent("a comment command gets one reply and one of each reaction", { timeout: 60_000 }, () => {
  for (const [op, kind] of COMMENT_CASES) {
    it(`/rollout status: ${op} → ${kind}`, async ({ expect, onTestFinished }) => {
      const s = await prepare("advance");
      onTestFinished(() => s.close());
      const user = "wendy-writer";
      s.github.setCollaborator(user, "write");
      s.github.addPullRequest({ number: PR, headSha: NEW });
      const body = "/rollout status";
      const command = s.github.seedComment({ issueNumber: PR, body, user });
      const fault = s.github.injectFault({ operationId: op, attempts: [1], ...KINDS[kind] });
      const payload = commentEvent({ issueNumber: PR, commentId: command.id, body, user });
      const r = await s.run("issue_comment", payload, "d".repeat(40), {}, { actor: user });
      expect(fault.fired(), "the fault was injected").toBe(1);
      expect(r.exitCode, describeRun(r)).toBe(0);
      const replies = s.github.comments(PR).filter((c) => c.id > command.id);
      expect(replies.map((c) => c.body.split("\n")[0])).toEqual(["ℹ️ `/rollout status` → **none**"]);
      expect(s.github.reactions(command.id).map((x) => x.content)).toEqual(["eyes", "rocket"]);
      s.github.assertNoInvalidRequests();
    });
  }
});

// ---------------------------------------------------------------------------------------
// A monitoring server that misbehaves: the gate says `error` or `inconclusive`, and the rollout holds. An
// answer that is not Prometheus's format, or several series, is a broken gate: the step fails too (SPEC.md, "Gates").

interface Misbehaviour {
  what: string;
  verdict: "error" | "inconclusive";
  /** The gate's request is wrong, not the server down: a red run. */
  broken?: true;
  answer(res: ServerResponse, role: "errors" | "total"): void;
}

function vector(...values: string[]): string {
  return JSON.stringify({
    status: "success",
    data: {
      resultType: "vector",
      result: values.map((v, i) => ({ metric: { pod: `p${i}` }, value: [1795221000, v] })),
    },
  });
}

function json(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "application/json" }).end(body);
}

const HTML_502 =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n";

const MISBEHAVIOURS: Record<string, Misbehaviour> = {
  "html-502": {
    what: "an HTML 502 page from the proxy in front",
    verdict: "error",
    answer: (res) => res.writeHead(502, { "content-type": "text/html" }).end(HTML_502),
  },
  "html-200": {
    what: "a sign-in page with 200 OK",
    verdict: "error",
    broken: true,
    answer: (res) =>
      res
        .writeHead(200, { "content-type": "text/html; charset=utf-8" })
        .end("<!DOCTYPE html><html><body><form action=/login>Sign in</form></body></html>"),
  },
  "500-always": {
    what: "500 with Prometheus's error JSON, on every attempt",
    verdict: "error",
    answer: (res) =>
      json(
        res,
        500,
        '{"status":"error","errorType":"internal","error":"expanding series: context canceled"}',
      ),
  },
  "503-retry-after": {
    what: "503 with retry-after and an empty body",
    verdict: "error",
    answer: (res) => res.writeHead(503, { "retry-after": "1" }).end(),
  },
  hang: {
    what: "no answer at all, past the gate's timeout",
    verdict: "error",
    answer: () => undefined,
  },
  "stall-mid-body": {
    what: "headers and half a body, then nothing",
    verdict: "error",
    answer: (res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"status":"success","data":{"resultType":"vector","result":[');
    },
  },
  "truncated-json": {
    what: "malformed JSON (cut off)",
    verdict: "error",
    broken: true,
    answer: (res) => json(res, 200, vector("12").slice(0, -9)),
  },
  reset: {
    what: "the connection dropped without an answer",
    verdict: "error",
    answer: (res) => res.socket?.destroy(),
  },
  nan: {
    what: '"NaN" for both counts',
    verdict: "inconclusive",
    answer: (res) => json(res, 200, vector("NaN")),
  },
  "nan-total": {
    what: '"NaN" for the total only',
    verdict: "inconclusive",
    answer: (res, role) => json(res, 200, vector(role === "total" ? "NaN" : "3")),
  },
  inf: {
    what: '"+Inf" requests',
    verdict: "error",
    answer: (res) => json(res, 200, vector("+Inf")),
  },
  negative: {
    what: "negative counts",
    verdict: "error",
    answer: (res, role) => json(res, 200, vector(role === "total" ? "-4000" : "-1")),
  },
  "errors-over-total": {
    what: "far more errors than requests",
    verdict: "error",
    answer: (res, role) => json(res, 200, vector(role === "total" ? "1000" : "90000")),
  },
  "not-a-number": {
    what: 'a value that is not a number ("12 requests")',
    verdict: "error",
    broken: true,
    answer: (res) => json(res, 200, vector("12 requests")),
  },
  "many-series": {
    what: "two series where one is needed",
    verdict: "error",
    broken: true,
    answer: (res) => json(res, 200, vector("10", "20")),
  },
  matrix: {
    what: "a range vector",
    verdict: "error",
    broken: true,
    answer: (res) =>
      json(
        res,
        200,
        JSON.stringify({
          status: "success",
          data: { resultType: "matrix", result: [{ metric: {}, values: [[1795221000, "5000"]] }] },
        }),
      ),
  },
  "success-without-data": {
    what: '"status": "success" and no data',
    verdict: "error",
    broken: true,
    answer: (res) => json(res, 200, '{"status":"success"}'),
  },
};

interface BadMonitoring {
  url: string;
  close(): Promise<void>;
}

/** One server for every case: the first path segment names the misbehaviour (`<url>/<name>/api/v1/query`). */
async function startBadMonitoring(): Promise<BadMonitoring> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const name = new URL(req.url ?? "/", "http://x").pathname.split("/")[1] ?? "";
      const query = new URLSearchParams(Buffer.concat(chunks).toString("utf8")).get("query") ?? "";
      const role = query.includes('code=~"5.."') ? "errors" : "total";
      const m = MISBEHAVIOURS[name];
      if (m) m.answer(res, role);
      else res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe.concurrent("monitoring that misbehaves holds the rollout", { timeout: 60_000 }, () => {
  let bad: BadMonitoring;
  beforeAll(async () => {
    bad = await startBadMonitoring();
  });
  afterAll(() => bad.close());

  for (const [name, m] of Object.entries(MISBEHAVIOURS)) {
    const red = m.broken ? ", a red run" : "";
    it(`${m.what}: ${m.verdict}, hold${red}, nothing written`, async ({ expect, onTestFinished }) => {
      tally.monitoringTried += 1;
      // A short timeout for the servers that hang; a broken answer comes at once, and a loaded machine must not turn it into a timeout.
      const gate = `${countGate(`${bad.url}/${name}`)}  timeout: ${m.broken ? "10s" : "1s"}\n  retries: 1\n`;
      const s = await prepare("advance", gate);
      onTestFinished(() => s.close());
      const before = snapshot(s.github);
      const r = await act(s, "advance");
      expect(r.exitCode, describeRun(r)).toBe(m.broken ? 1 : 0);
      if (m.broken) expect(r.errors.join("\n")).toContain("a gate is misconfigured");
      expect(r.outputs).toMatchObject({ decision: "hold", percent: "1", changed: "false" });
      const verdicts = (JSON.parse(r.outputs.gates ?? "[]") as { verdict: string; message: string }[]).map(
        (g) => g.verdict,
      );
      expect(verdicts, r.outputs.gates).toEqual([m.verdict]);
      expect(r.outputs.reason).toMatch(/hold/i);
      // A gate in error is a warning annotation naming it, so a hold on a broken monitor is seen, not only logged.
      const named = r.warnings.filter((w) => w.startsWith('Gate "http-5xx" (prometheus) is in error'));
      expect(named, r.stdout).toHaveLength(m.verdict === "error" ? 1 : 0);
      expect(s.github.writes()).toEqual([]);
      expect(snapshot(s.github)).toEqual(before);
      tally.monitoringHeld += 1;
    });
  }
});
