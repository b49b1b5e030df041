// Every monitoring provider through the bundled action, reaching each verdict: a version is started by a push,
// its first stage bakes past bake-time, and a scheduled run asks the provider's stand-in. pass advances, fail
// rolls back, inconclusive (no data) and error (a refused credential) hold. Secrets come from the step's
// environment, as the README tells users to pass them, and never reach the outputs or the summary.
// The stand-ins answer in each provider's documented shapes; their files cite the documentation.

import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AWS_KEYS,
  type CloudWatchStandIn,
  startCloudWatchStandIn,
} from "../../harness/monitoring/cloudwatch.ts";
import {
  DD_API_KEY,
  DD_APP_KEY,
  type DatadogStandIn,
  startDatadogStandIn,
} from "../../harness/monitoring/datadog.ts";
import { HTTP_TOKEN, type HttpStandIn, startHttpStandIn } from "../../harness/monitoring/http.ts";
import {
  NR_ACCOUNT,
  NR_API_KEY,
  type NewRelicStandIn,
  startNewRelicStandIn,
} from "../../harness/monitoring/newrelic.ts";
import {
  AMP_WORKSPACE,
  type PrometheusCompatStandIn,
  startPrometheusCompatStandIn,
  THANOS_TENANT,
  VM_TENANT,
} from "../../harness/monitoring/prometheus-compat.ts";
import {
  SENTRY_ORG,
  SENTRY_TOKEN,
  type SentryStandIn,
  startSentryStandIn,
} from "../../harness/monitoring/sentry.ts";
import { pushEvent, scheduleEvent } from "../../harness/events.ts";
import type { ActionRun } from "../../harness/runner.ts";
import { describeRun, Scenario } from "../../harness/scenario.ts";

type Verdict = "pass" | "fail" | "inconclusive" | "error";
const VERDICTS: Verdict[] = ["pass", "fail", "inconclusive", "error"];
const EXPECTED: Record<Verdict, { decision: string; percent: string }> = {
  pass: { decision: "advance", percent: "5" },
  fail: { decision: "rollback", percent: "0" },
  inconclusive: { decision: "hold", percent: "1" },
  error: { decision: "hold", percent: "1" },
};

let datadog: DatadogStandIn;
let newrelic: NewRelicStandIn;
let cloudwatch: CloudWatchStandIn;
let sentry: SentryStandIn;
let http: HttpStandIn;
let prom: PrometheusCompatStandIn;

beforeAll(async () => {
  [datadog, newrelic, cloudwatch, sentry, http, prom] = await Promise.all([
    startDatadogStandIn(),
    startNewRelicStandIn(),
    startCloudWatchStandIn("eu-west-1"),
    startSentryStandIn(),
    startHttpStandIn(),
    startPrometheusCompatStandIn("us-west-2"),
  ]);
});
afterAll(async () => {
  await Promise.all([datadog, newrelic, cloudwatch, sentry, http, prom].map((s) => s.close()));
});

const shaOf = (name: string) => createHash("sha1").update(`providers e2e ${name}`).digest("hex");

interface Case {
  /** The gates input for this version. */
  gates: () => string;
  /** The step's environment: the secrets the gates name. */
  env: Record<string, string>;
  /** Makes the provider answer so the gate reaches `verdict` for `sha`; may change the env (a wrong key). */
  arrange: (verdict: Verdict, sha: string, env: Record<string, string>) => void;
}

const AWS_ENV = {
  AWS_ACCESS_KEY_ID: AWS_KEYS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: AWS_KEYS.secretAccessKey,
  AWS_SESSION_TOKEN: AWS_KEYS.sessionToken,
};

const CASES: Record<string, Case> = {
  datadog: {
    gates: () => `
- name: dd-errors
  provider: datadog
  url: ${datadog.url}
  api-key: \${DD_API_KEY}
  app-key: \${DD_APP_KEY}
  errors: sum:trace.http.request.errors{service:checkout,version:{{short_sha}}}.as_count()
  total: sum:trace.http.request.hits{service:checkout,version:{{short_sha}}}.as_count()
  max-error-rate: 0.01
  min-requests: 100
`,
    env: { DD_API_KEY, DD_APP_KEY },
    arrange(verdict, sha, env) {
      const short = sha.slice(0, 7);
      const errors = `sum:trace.http.request.errors{service:checkout,version:${short}}.as_count()`;
      const total = `sum:trace.http.request.hits{service:checkout,version:${short}}.as_count()`;
      if (verdict === "inconclusive") {
        datadog.set(errors, null);
        datadog.set(total, null);
        return;
      }
      datadog.set(errors, verdict === "fail" ? 90 : 3);
      datadog.set(total, 3000);
      if (verdict === "error") env.DD_APP_KEY = "revoked-app-key-000000000000000000000";
    },
  },
  newrelic: {
    gates: () => `
- name: nr-errors
  provider: newrelic
  url: ${newrelic.url}/graphql
  account-id: ${NR_ACCOUNT}
  api-key: \${NEW_RELIC_API_KEY}
  errors: SELECT count(*) FROM Transaction WHERE appName = 'checkout' AND tags.commit = '{{sha}}' AND error IS true
  total: SELECT count(*) FROM Transaction WHERE appName = 'checkout' AND tags.commit = '{{sha}}'
  max-error-rate: 0.01
  min-requests: 100
`,
    env: { NEW_RELIC_API_KEY: NR_API_KEY },
    arrange(verdict, sha, env) {
      const total = `SELECT count(*) FROM Transaction WHERE appName = 'checkout' AND tags.commit = '${sha}'`;
      const counts = { pass: [2, 900], fail: [50, 900], inconclusive: [0, 0], error: [2, 900] }[verdict];
      newrelic.set(`${total} AND error IS true`, [{ count: counts[0] }]);
      newrelic.set(total, [{ count: counts[1] }]);
      if (verdict === "error") env.NEW_RELIC_API_KEY = "NRAK-REVOKEDKEY000000000000000";
    },
  },
  cloudwatch: {
    gates: () => `
- name: alb-5xx
  provider: cloudwatch
  url: ${cloudwatch.url}
  errors:
    namespace: Checkout
    metric: Errors
    dimensions: { Version: "{{short_sha}}" }
  total:
    namespace: Checkout
    metric: Requests
    dimensions: { Version: "{{short_sha}}" }
  max-error-rate: 0.01
  min-requests: 100
`,
    env: { ...AWS_ENV, AWS_REGION: "eu-west-1" },
    arrange(verdict, sha, env) {
      const dims = { Version: sha.slice(0, 7) };
      const counts = { pass: [1, 500], fail: [40, 500], inconclusive: [null, null], error: [1, 500] }[
        verdict
      ];
      cloudwatch.setMetric(
        { namespace: "Checkout", metric: "Errors", dimensions: dims, stat: "Sum" },
        counts[0] ?? null,
      );
      cloudwatch.setMetric(
        { namespace: "Checkout", metric: "Requests", dimensions: dims, stat: "Sum" },
        counts[1] ?? null,
      );
      if (verdict === "error") env.AWS_SECRET_ACCESS_KEY = "rotated/secret/key/that/no/longer/works00";
    },
  },
  sentry: {
    gates: () => `
- name: crash-free
  provider: sentry
  url: ${sentry.url}
  organization: ${SENTRY_ORG}
  auth-token: \${SENTRY_AUTH_TOKEN}
  release: checkout-ios@{{short_sha}}
  errors: crashed
  total: sessions
  max-error-rate: 0.005
  min-requests: 200
`,
    env: { SENTRY_AUTH_TOKEN: SENTRY_TOKEN },
    arrange(verdict, sha, env) {
      const crashed = { pass: 1, fail: 20, inconclusive: 0, error: 1 }[verdict];
      const healthy = verdict === "inconclusive" ? 0 : 1000;
      sentry.setRelease(`checkout-ios@${sha.slice(0, 7)}`, {
        sessions: { healthy, errored: 0, crashed, abnormal: 0 },
        users: { healthy, errored: 0, crashed, abnormal: 0 },
      });
      if (verdict === "error") env.SENTRY_AUTH_TOKEN = "sntryu_revoked";
    },
  },
  http: {
    gates: () => `
- name: in-house
  provider: http
  url: ${http.url}/health/{{sha}}
  bearer-token: \${METRICS_TOKEN}
  errors: $.counts.failed
  total: $.counts.served
  max-error-rate: 0.01
  min-requests: 100
`,
    env: { METRICS_TOKEN: HTTP_TOKEN },
    arrange(verdict, sha, env) {
      const counts = {
        pass: { failed: 1, served: 400 },
        fail: { failed: 30, served: 400 },
        inconclusive: {},
        error: {},
      }[verdict];
      http.route(`/health/${sha}`, { version: sha, counts });
      if (verdict === "error") env.METRICS_TOKEN = "expired-token";
    },
  },
  "prometheus (Amazon Managed Prometheus, SigV4)": {
    gates: () => `
- name: amp-5xx
  provider: prometheus
  url: ${prom.ampUrl}
  sigv4: true
  errors: sum(increase(http_requests_total{version="{{sha}}",code=~"5.."}[{{window}}]))
  total: sum(increase(http_requests_total{version="{{sha}}"}[{{window}}]))
  max-error-rate: 0.01
  min-requests: 100
`,
    env: { ...AWS_ENV, AWS_REGION: "us-west-2" },
    arrange(verdict, sha, env) {
      // The window is whatever the stand-in's clock made of the bake: match any.
      const figures = {
        pass: ["2", "800"],
        fail: ["40", "800"],
        inconclusive: [null, null],
        error: ["2", "800"],
      }[verdict];
      for (const w of [2399, 2400, 2401, 2402, 2403]) {
        prom.set(
          AMP_WORKSPACE,
          `sum(increase(http_requests_total{version="${sha}",code=~"5.."}[${w}s]))`,
          figures[0] ?? null,
        );
        prom.set(
          AMP_WORKSPACE,
          `sum(increase(http_requests_total{version="${sha}"}[${w}s]))`,
          figures[1] ?? null,
        );
      }
      if (verdict === "error") env.AWS_SECRET_ACCESS_KEY = "rotated/secret/key/that/no/longer/works00";
    },
  },
};

function parsedGates(
  r: ActionRun,
): { name: string; verdict: string; value: unknown; samples: unknown; message: string }[] {
  return JSON.parse(r.outputs.gates ?? "[]");
}

async function runThrough(
  name: string,
  c: Case,
  verdict: Verdict,
): Promise<{ run: ActionRun; env: Record<string, string> }> {
  const s = await Scenario.create(c.gates());
  try {
    const sha = shaOf(`${name} ${verdict}`);
    const env = { ...c.env };
    s.github.addCommit({ sha });
    const start = await s.run("push", pushEvent(sha), sha, {}, { env });
    if (start.exitCode !== 0 || start.outputs.decision !== "start")
      throw new Error(`start failed:\n${describeRun(start)}`);
    s.wait(40);
    c.arrange(verdict, sha, env);
    const run = await s.run("schedule", scheduleEvent(), "f".repeat(40), {}, { env });
    return { run, env };
  } finally {
    await s.close();
  }
}

describe.each(Object.entries(CASES))("%s through dist/index.js", (name, c) => {
  it.each(VERDICTS)("reaches %s", async (verdict) => {
    const { run, env } = await runThrough(name, c, verdict);
    // A refused credential is a broken gate: the rollout holds and the step fails (SPEC.md, "Gates").
    expect(run.exitCode, describeRun(run)).toBe(verdict === "error" ? 1 : 0);
    if (verdict === "error") expect(run.errors.join("\n")).toContain("a gate is misconfigured");
    const gates = parsedGates(run);
    expect(
      gates.map((g) => g.verdict),
      describeRun(run),
    ).toEqual([verdict]);
    expect(run.outputs).toMatchObject(EXPECTED[verdict]);
    if (verdict === "error") expect(gates[0]?.message).toMatch(/auth|signature|security token|HTTP 40[13]/i);
    if (verdict === "inconclusive") expect(gates[0]?.value).toBeNull();
    // No secret reaches an output, the summary, or the log beyond the runner's own mask commands.
    const log = run.stdout
      .split("\n")
      .filter((l) => !l.startsWith("::add-mask::"))
      .join("\n");
    for (const secret of Object.values(env).filter((v) => v.length > 12)) {
      expect(JSON.stringify(run.outputs)).not.toContain(secret);
      expect(run.summary).not.toContain(secret);
      expect(log).not.toContain(secret);
    }
    const masked = run.stdout.split("\n").filter((l) => l.startsWith("::add-mask::"));
    for (const secret of Object.values(env).filter((v) => v.length > 12)) {
      expect(masked).toContain(`::add-mask::${secret}`);
    }
  });
});

describe("partial answers hold the rollout, whatever their counts say", () => {
  const cluster = (url: string) => ({
    gates: () => `
- name: cluster-5xx
  provider: prometheus
  url: ${url}
  errors: sum(increase(http_requests_total{version="{{sha}}",code=~"5.."}[{{window}}]))
  total: sum(increase(http_requests_total{version="{{sha}}"}[{{window}}]))
  max-error-rate: 0.01
  min-requests: 100
`,
    env: {},
  });
  /** Counts that would pass (2 errors in 800 requests) for the version, whatever the window. */
  const passingCounts = (tenant: string) => (sha: string) =>
    prom.resolve(tenant, (query) =>
      query.includes(sha) ? (query.includes('code=~"5.."') ? "2" : "800") : null,
    );

  it.each([
    [
      "VictoriaMetrics cluster (isPartial)",
      VM_TENANT,
      () => prom.vmUrl,
      "deny_partial_response",
      '"isPartial": true',
    ],
    [
      "Thanos Query (a store's failure as a warning)",
      THANOS_TENANT,
      () => prom.thanosUrl,
      "partial_response",
      "the answer may be missing data; the server warned: fetch series for",
    ],
  ] as const)(
    "%s: the gate is in error and the rollout does not advance",
    async (name, tenant, url, param, said) => {
      const c: Case = {
        ...cluster(url()),
        arrange(_verdict, sha) {
          passingCounts(tenant)(sha);
          // A proxy in front drops the refusal, so the server answers with what it could read.
          prom.outage(tenant, { deny: "ignored" });
        },
      };
      try {
        const { run } = await runThrough(name, c, "pass");
        expect(run.exitCode, describeRun(run)).toBe(0);
        const [gate] = parsedGates(run);
        expect(gate?.verdict, describeRun(run)).toBe("error");
        expect(gate?.message).toContain(said);
        expect(run.outputs).toMatchObject({ decision: "hold", percent: "1", changed: "false" });
        const asked = prom.queries().filter((q) => q.tenant === tenant);
        expect(asked.length).toBeGreaterThan(0);
        for (const q of asked) expect(q.params[param]).toBeDefined();
      } finally {
        prom.outage(tenant, null);
      }
    },
  );

  it("the same counts advance once every storage node answers", async () => {
    const c: Case = { ...cluster(prom.vmUrl), arrange: (_v, sha) => passingCounts(VM_TENANT)(sha) };
    const { run } = await runThrough("VictoriaMetrics cluster, all nodes up", c, "pass");
    expect(parsedGates(run).map((g) => g.verdict)).toEqual(["pass"]);
    expect(run.outputs).toMatchObject({ decision: "advance", percent: "5" });
  });
});

describe("Datadog's request through dist/index.js", () => {
  it("carries the formula over its named query, as Datadog's recorded requests do", async () => {
    const c = CASES.datadog as Case;
    datadog.requests.length = 0;
    const { run } = await runThrough("datadog formulas", c, "pass");
    expect(run.outputs.decision, describeRun(run)).toBe("advance");
    const bodies = datadog.requests.map(
      (r) =>
        JSON.parse(r.body) as { data: { attributes: { formulas?: unknown; queries: { name: string }[] } } },
    );
    expect(bodies).toHaveLength(2);
    for (const b of bodies) {
      expect(b.data.attributes.formulas).toEqual([{ formula: "a" }]);
      expect(b.data.attributes.queries.map((q) => q.name)).toEqual(["a"]);
    }
  });
});

describe("provider config errors fail the step before any request", () => {
  it("names the gate and the problem", async () => {
    const s = await Scenario.create(`
- name: dd
  provider: datadog
  site: datadoghq.org
  api-key: \${DD_API_KEY}
  app-key: \${DD_APP_KEY}
  query: avg:x{*}
  max: 1
`);
    try {
      s.github.resetLog();
      const r = await s.run(
        "schedule",
        scheduleEvent(),
        "f".repeat(40),
        {},
        { env: { DD_API_KEY, DD_APP_KEY } },
      );
      expect(r.exitCode).toBe(1);
      expect(r.errors.join("\n")).toContain(
        'gates: gate 1 "dd": "site" "datadoghq.org" is not a Datadog site',
      );
      expect(s.github.log()).toHaveLength(0);
    } finally {
      await s.close();
    }
  });

  it("stops a CloudWatch gate with no region before any request", async () => {
    const s = await Scenario.create(`
- name: cw
  provider: cloudwatch
  query: SELECT AVG(Latency) FROM Checkout
  max: 1
`);
    try {
      s.github.resetLog();
      const r = await s.run("schedule", scheduleEvent(), "f".repeat(40), {}, { env: AWS_ENV });
      expect(r.exitCode).toBe(1);
      expect(r.errors.join("\n")).toContain('gate "cw" needs an AWS region');
      expect(s.github.log()).toHaveLength(0);
    } finally {
      await s.close();
    }
  });
});
