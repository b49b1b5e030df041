// Secrets stay secret, through dist/index.js with debug logging on. Whole rollouts (start → advances →
// complete, an automatic rollback, manual commands, `/rollout` comments with their replies, a refusal and an
// error) use gate secrets in the URL, in a header, as a bearer token and as basic auth, besides the GitHub
// token. Everything a person could read afterwards is scanned for every secret, raw and in the encodings
// that would carry it (URL, base64, JSON, the basic-auth pair): stdout without its `::add-mask::` lines,
// stderr, the step summary, every output, every deployment and its payload, every status, every comment, and
// every request body sent to GitHub. The monitoring host must see its own credentials and never the GitHub
// token. The last line printed counts what was scanned.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, type ExpectStatic, it } from "vitest";
import type { RepositoryRole } from "../../harness/github/types.ts";
import { type FakePrometheus, startFakePrometheus } from "../../harness/monitoring/fake-prometheus.ts";
import { fakeSha, healthy, regressed, version } from "../../harness/traffic.ts";
import { commentEvent, dispatchEvent, pushEvent, scheduleEvent } from "../../harness/events.ts";
import { type ActionRun, TOKEN } from "../../harness/runner.ts";
import { describeRun, Scenario } from "../../harness/scenario.ts";

const SECRETS = {
  PROM_TENANT: "tenant-9f2c81d0e7a4b3",
  PROM_ORG: "org-4b7e1a9c5d3f28",
  PROM_TOKEN: "glc_eyJvIjoiMTIzNDU2IiwibiI6InJvbGxvdXQifQ+/AbC=",
  PROM_USER: "instance-720193",
  PROM_PASS: "glsa_Zq8vN2rT6yW1pL4kX9mB3cH7dF5gJ0sE_3e1c",
} as const;

const PR = 42;
const prHead = version("secrets pr-head", { sha: fakeSha("secrets pr-head") });
const WRITER = "wendy-writer";

let prom: FakePrometheus;
let monitoring: Recorder;

// ---------------------------------------------------------------------------------------
// The monitoring host: the fake Prometheus behind a recorder that keeps every request whole (URL, headers,
// body). Gate URLs start with /t/<tag>/ so each test finds its own requests; under /t/<tag>/echo the host
// plays a hostile server that quotes the request back in its error.

interface Seen {
  tag: string;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

interface Recorder {
  url: string;
  seen: Seen[];
  close(): Promise<void>;
}

async function startRecorder(target: string): Promise<Recorder> {
  const seen: Seen[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const [, tag = "", url = "/"] = /^\/t\/([^/]+)(\/.*)?$/.exec(req.url ?? "") ?? [];
    seen.push({ tag, method: req.method ?? "GET", url, headers: { ...req.headers }, body });
    if (url.startsWith("/echo")) {
      const quoted = `authorization: ${String(req.headers.authorization)}; x-scope-orgid: ${String(req.headers["x-scope-orgid"])}; url: ${url}`;
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: "error", errorType: "internal", error: `cannot serve ${quoted}` }));
      return;
    }
    const answer = await fetch(new URL(url, target), {
      method: req.method ?? "GET",
      headers: { "content-type": String(req.headers["content-type"] ?? "text/plain") },
      ...(req.method === "POST" && { body }),
    });
    res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "text/plain" });
    res.end(await answer.text());
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => res.writeHead(502).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Two gates with every way a secret reaches a gate: URL, header, bearer token, basic auth. */
function gatesFor(base: string): string {
  return `
- name: http-5xx
  provider: prometheus
  url: ${base}/?tenant=\${PROM_TENANT}
  errors: sum(increase(http_requests_total{version="{{sha}}",code=~"5.."}[{{window}}]))
  total: sum(increase(http_requests_total{version="{{sha}}"}[{{window}}]))
  max-error-rate: 0.01
  min-requests: 500
  bearer-token: \${PROM_TOKEN}
  headers:
    X-Scope-OrgID: \${PROM_ORG}
- name: p99-latency
  provider: prometheus
  url: ${base}
  query: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{version="{{sha}}"}[{{window}}])))
  max: 0.5
  retries: 0
  basic-auth:
    username: \${PROM_USER}
    password: \${PROM_PASS}
`;
}

// ---------------------------------------------------------------------------------------
// The scan.

/** Every form a value could take on its way out: raw, URL-encoded, base64, JSON-escaped. */
function formsOf(value: string): string[] {
  return [
    ...new Set([
      value,
      encodeURIComponent(value),
      Buffer.from(value).toString("base64"),
      JSON.stringify(value).slice(1, -1),
    ]),
  ];
}

const WATCHED: [string, string[]][] = [
  ...Object.entries(SECRETS).map(([name, value]): [string, string[]] => [name, formsOf(value)]),
  ["the GitHub token", formsOf(TOKEN)],
  [
    "the basic-auth credentials",
    [Buffer.from(`${SECRETS.PROM_USER}:${SECRETS.PROM_PASS}`).toString("base64")],
  ],
];

const totals = { runs: 0, artifacts: 0, leaks: 0, knownBugLeaks: 0, monitoringRequests: 0 };

class Scan {
  readonly leaks: string[] = [];
  artifacts = 0;
  runs = 0;

  text(label: string, text: string): void {
    this.artifacts += 1;
    for (const [name, forms] of WATCHED) {
      for (const form of forms) {
        const at = text.indexOf(form);
        if (at >= 0) this.leaks.push(`${name} in ${label}: …${text.slice(Math.max(0, at - 40), at + 60)}…`);
      }
    }
  }

  /** What a person can read of a run: the log (without the mask commands), stderr, summary and outputs. */
  run(label: string, r: ActionRun): void {
    this.runs += 1;
    this.text(`${label} stdout`, r.stdout.replace(/^::add-mask::.*$/gm, ""));
    this.text(`${label} stderr`, r.stderr);
    this.text(`${label} summary`, r.summary);
    for (const [name, value] of Object.entries(r.outputs)) this.text(`${label} output ${name}`, value);
  }

  /** What the repository keeps, and every request body the action sent to GitHub. */
  repository(s: Scenario): void {
    const github = s.github;
    for (const d of github.deployments()) {
      const { statuses, ...deployment } = d;
      this.text(`deployment ${d.id}`, JSON.stringify(deployment));
      for (const st of statuses) this.text(`status ${st.id}`, JSON.stringify(st));
    }
    for (const c of github.comments()) this.text(`comment ${c.id}`, JSON.stringify(c));
    for (const [ref, sha] of Object.entries(github.refs())) this.text(`ref ${ref}`, `${ref} ${sha}`);
    for (const e of github.log()) {
      this.text(`GitHub request ${e.seq} (${e.method} ${e.path})`, JSON.stringify([e.query, e.body]));
    }
  }

  /** `knownBug`: the leaks are counted apart, as those of a bug already reported. */
  done(expect: ExpectStatic, knownBug = false): void {
    totals.runs += this.runs;
    totals.artifacts += this.artifacts;
    if (knownBug) totals.knownBugLeaks += this.leaks.length;
    else totals.leaks += this.leaks.length;
    expect(this.leaks, "secrets seen").toEqual([]);
  }
}

// ---------------------------------------------------------------------------------------
// Runs with the secrets in the environment and debug logging on.

const env = { ...SECRETS };

function ok(r: ActionRun): ActionRun {
  if (r.exitCode !== 0) throw new Error(`the action failed:\n${describeRun(r)}`);
  return r;
}

/** The monitoring host's base URL for the test tagged `tag`. */
function host(tag: string, path = ""): string {
  return `${monitoring.url}/t/${tag}${path}`;
}

/** A repository with a pull request and two collaborators, whose gates query `base`. */
async function prepare(base: string): Promise<Scenario> {
  const s = await Scenario.create(gatesFor(base));
  s.github.addCommit({ sha: prHead.sha });
  s.github.addPullRequest({ number: PR, headSha: prHead.sha });
  for (const [login, role] of [
    [WRITER, "write"],
    ["rita-reader", "read"],
  ] as [string, RepositoryRole][]) {
    s.github.setCollaborator(login, role);
  }
  return s;
}

function push(s: Scenario, sha: string) {
  s.github.addCommit({ sha });
  return s.run("push", pushEvent(sha), sha, {}, { env, debug: true });
}

function schedule(s: Scenario) {
  return s.run("schedule", scheduleEvent(), "f".repeat(40), {}, { env, debug: true });
}

function dispatch(s: Scenario, command: string, reason = "") {
  return s.run(
    "workflow_dispatch",
    dispatchEvent({ command }),
    "f".repeat(40),
    { command, ...(reason && { reason }) },
    { env, debug: true, actor: "release-captain" },
  );
}

async function comment(s: Scenario, body: string, user = WRITER) {
  const seeded = s.github.seedComment({ issueNumber: PR, body, user });
  const payload = commentEvent({ issueNumber: PR, commentId: seeded.id, body, user });
  const run = await s.run("issue_comment", payload, "d".repeat(40), {}, { env, debug: true, actor: user });
  const replies = s.github.comments(PR).filter((c) => c.id > seeded.id);
  return { run, replies: replies.map((c) => c.body) };
}

beforeAll(async () => {
  prom = await startFakePrometheus({ versions: [healthy, regressed, prHead] });
  monitoring = await startRecorder(prom.url);
});

afterAll(async () => {
  await monitoring.close();
  await prom.close();
  console.log(
    `secrets: ${totals.artifacts} artifacts scanned from ${totals.runs} runs with debug logging, for ${WATCHED.length} secrets in ${WATCHED.reduce((n, [, f]) => n + f.length, 0)} forms; ${totals.monitoringRequests} requests to the monitoring host checked for the GitHub token; leaks found: ${totals.leaks}`,
  );
});

/** The requests the monitoring host got under `tag`, none of them carrying the GitHub token. */
function checkMonitoring(expect: ExpectStatic, tag: string): Seen[] {
  const seen = monitoring.seen.filter((q) => q.tag === tag);
  expect(seen.length, "requests to the monitoring host").toBeGreaterThan(0);
  totals.monitoringRequests += seen.length;
  const withToken = seen.filter((q) => formsOf(TOKEN).some((f) => JSON.stringify(q).includes(f)));
  expect(withToken, "the GitHub token went to the monitoring host").toEqual([]);
  return seen;
}

describe.concurrent("secrets stay secret, with debug logging on", { timeout: 120_000 }, () => {
  it("through a whole rollout to 100%, a status, an automatic rollback and a manual one", async ({
    expect,
    onTestFinished,
  }) => {
    const s = await prepare(host("rollout"));
    onTestFinished(() => s.close());
    const scan = new Scan();
    const runs: [string, ActionRun][] = [];
    const step = async (label: string, run: Promise<ActionRun>) => {
      const r = ok(await run);
      runs.push([label, r]);
      return r;
    };
    expect((await step("push", push(s, healthy.sha))).outputs.decision).toBe("start");
    const decisions: string[] = [];
    for (let i = 0; i < 5; i++) {
      s.wait(31);
      decisions.push((await step(`schedule ${i + 1}`, schedule(s))).outputs.decision ?? "");
    }
    expect(decisions).toEqual(["advance", "advance", "advance", "advance", "complete"]);
    await step("status", dispatch(s, "status"));
    expect((await step("push regressed", push(s, regressed.sha))).outputs.decision).toBe("start");
    s.wait(31);
    expect((await step("schedule regressed", schedule(s))).outputs.decision).toBe("rollback");
    expect((await step("push pr head", push(s, prHead.sha))).outputs.decision).toBe("start");
    s.wait(31);
    expect((await step("manual rollback", dispatch(s, "rollback", "pager says no"))).outputs.decision).toBe(
      "rollback",
    );
    for (const [label, r] of runs) scan.run(label, r);
    scan.repository(s);

    // Every secret and the token were registered with the runner to be masked.
    for (const value of [...Object.values(SECRETS), TOKEN]) {
      expect(runs[1]?.[1].stdout.split("\n")).toContain(`::add-mask::${value}`);
    }
    // The monitoring host got its credentials where the gates put them.
    const seen = checkMonitoring(expect, "rollout");
    const basic = `Basic ${Buffer.from(`${SECRETS.PROM_USER}:${SECRETS.PROM_PASS}`).toString("base64")}`;
    expect(seen.some((q) => q.headers.authorization === `Bearer ${SECRETS.PROM_TOKEN}`)).toBe(true);
    expect(seen.some((q) => q.headers.authorization === basic)).toBe(true);
    expect(seen.some((q) => q.headers["x-scope-orgid"] === SECRETS.PROM_ORG)).toBe(true);
    expect(seen.some((q) => q.url.includes(`tenant=${SECRETS.PROM_TENANT}`))).toBe(true);
    s.github.assertNoInvalidRequests();
    scan.done(expect);
  });

  it("through /rollout comments and their replies: commands, a refusal, an error and a GitHub failure", async ({
    expect,
    onTestFinished,
  }) => {
    const s = await prepare(host("comments"));
    onTestFinished(() => s.close());
    const scan = new Scan();
    let n = 0;
    const say = async (body: string, user = WRITER) => {
      const { run, replies } = await comment(s, body, user);
      scan.run(`comment ${++n} (${body})`, run);
      expect(replies, body).toHaveLength(1);
      return run;
    };
    ok(await say("/rollout start"));
    ok(await say("/rollout status"));
    s.wait(31);
    const promoted = ok(await say("/rollout promote"));
    expect(promoted.outputs.decision).toBe("advance");
    expect(JSON.parse(promoted.outputs.gates ?? "[]")).toHaveLength(2);
    ok(await say("/rollout pause waiting for the data team"));
    ok(await say("/rollout resume"));
    ok(await say("/rollout promote", "rita-reader"));
    expect((await say("/rollout promote to lots")).exitCode).toBe(1);
    ok(await say("/rollout help"));
    s.wait(31);
    // GitHub refuses the transition: the reply carries the error message.
    s.github.injectFault({ operationId: "repos/create-deployment-status", status: 500 });
    expect((await say("/rollout promote")).exitCode).toBe(1);
    s.github.clearFaults();
    ok(await say("/rollout rollback bad numbers"));
    scan.repository(s);
    expect(s.github.comments(PR).length).toBeGreaterThanOrEqual(20);
    checkMonitoring(expect, "comments");
    scan.done(expect);
  });

  it("when the monitoring server quotes the request back in its errors", async ({
    expect,
    onTestFinished,
  }) => {
    const s = await prepare(host("echo", "/echo"));
    onTestFinished(() => s.close());
    const scan = new Scan();
    const push1 = ok(await push(s, healthy.sha));
    s.wait(31);
    const held = ok(await schedule(s));
    expect(held.outputs.decision).toBe("hold");
    const verdicts = JSON.parse(held.outputs.gates ?? "[]").map((g: { verdict: string }) => g.verdict);
    expect(verdicts).toEqual(["error", "error"]);
    const { run: asked, replies } = await comment(s, "/rollout promote");
    expect(replies).toHaveLength(1);
    scan.run("push", push1);
    scan.run("schedule", held);
    scan.run("comment", asked);
    scan.repository(s);
    checkMonitoring(expect, "echo");
    scan.done(expect);
  });

  it("credentials over plain http to a host that is not loopback are refused before any request", async ({
    expect,
    onTestFinished,
  }) => {
    const s = await prepare("http://metrics.internal.example:9090");
    onTestFinished(() => s.close());
    const scan = new Scan();
    const r = await push(s, healthy.sha);
    expect(r.exitCode, describeRun(r)).toBe(1);
    expect(r.errors.join("\n")).toContain(
      "would send credentials over plain http to metrics.internal.example",
    );
    expect(s.github.log()).toEqual([]);
    scan.run("push", r);
    scan.done(expect);
  });
});
