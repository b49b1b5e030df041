// The baseline comparison gate: its configuration, its stage windows, and its evaluation with a fake provider.

import { optionsOf } from "../../../src/gates/provider.ts";
import type { CloudWatchOptions } from "../../../src/gates/providers/cloudwatch.ts";
import { PROVIDER_NAMES } from "../../../src/gates/registry.ts";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { type CountGate, GateConfigError, parseGate, parseGates } from "../../../src/gates/config.ts";
import { gateTexts } from "../../../src/gates/template.ts";
import { type EvaluateOptions, evaluateGate, evaluateGates } from "../../../src/gates/run.ts";
import { statusError } from "../../../src/gates/request.ts";
import type { Provider, QueryRequest, QueryResult } from "../../../src/gates/provider.ts";
import { secretNames, type TemplateValues } from "../../../src/gates/template.ts";
import { type StageWindow, stageWindows, windowValues } from "../../../src/gates/windows.ts";
import { outputValues } from "../../../src/report/outputs.ts";
import type { Report } from "../../../src/report/report.ts";
import { summaryMarkdown } from "../../../src/report/summary.ts";
import { judge } from "../../../src/stats/judge.ts";
import { ALL_PROVIDERS } from "../../support/providers.ts";

const SHA = "0123456789abcdef0123456789abcdef01234567";
const BASE = "fedcba9876543210fedcba9876543210fedcba98";

const SPEC_EXAMPLE = `
- name: canary-vs-baseline
  provider: prometheus
  url: https://prometheus.example.com
  errors: sum(increase(http_requests_total{version="{{sha}}",code=~"5.."}[{{window}}]))
  total: sum(increase(http_requests_total{version="{{sha}}"}[{{window}}]))
  baseline:
    errors: sum(increase(http_requests_total{version="{{baseline_sha}}",code=~"5.."}[{{window}}]))
    total: sum(increase(http_requests_total{version="{{baseline_sha}}"}[{{window}}]))
  max-increase: 0.2
  confidence: 0.95
`;

const compare = (extra: Record<string, unknown> = {}) => ({
  name: "cmp",
  provider: "prometheus",
  url: "https://prom.example.com",
  errors: 'errors{v="{{sha}}"}[{{window}}]',
  total: 'total{v="{{sha}}"}[{{window}}]',
  baseline: {
    errors: 'errors{v="{{baseline_sha}}"}[{{window}}]',
    total: 'total{v="{{baseline_sha}}"}[{{window}}]',
  },
  "max-increase": 0.2,
  ...extra,
});

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GateConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a GateConfigError");
}

describe("config: a count gate with a baseline block", () => {
  it("parses the SPEC's example: no absolute guard, the defaults, the baseline's side as its own gate", () => {
    const [g] = parseGates(SPEC_EXAMPLE, ALL_PROVIDERS) as [CountGate];
    expect(g).toMatchObject({ kind: "count", name: "canary-vs-baseline", maxErrorRate: 1, minRequests: 0 });
    expect(g.baseline).toMatchObject({ maxIncrease: 0.2, confidence: 0.95, dispersion: 1, guard: false });
    expect(g.baseline?.arm).toMatchObject({
      kind: "count",
      provider: "prometheus",
      url: "https://prometheus.example.com",
      errors: 'sum(increase(http_requests_total{version="{{baseline_sha}}",code=~"5.."}[{{window}}]))',
      total: 'sum(increase(http_requests_total{version="{{baseline_sha}}"}[{{window}}]))',
    });
    expect(g.baseline?.arm.baseline).toBeUndefined();
  });

  it("checks the traffic split on hold by default; its figures left to the statistics' defaults unless given", () => {
    expect((parseGate(compare(), 0, ALL_PROVIDERS) as CountGate).baseline?.split).toEqual({
      onMismatch: "hold",
    });
    const g = parseGate(
      compare({
        "split-tolerance": 0.25,
        "on-split-mismatch": "fail",
        "split-dispersion": 400,
        "split-settle": "15m",
      }),
      0,
      ALL_PROVIDERS,
    ) as CountGate;
    expect(g.baseline?.split).toEqual({
      onMismatch: "fail",
      tolerance: 0.25,
      dispersion: 400,
      settleSeconds: 900,
    });
    const seconds = parseGate(compare({ "split-settle": 0 }), 0, ALL_PROVIDERS) as CountGate;
    expect(seconds.baseline?.split.settleSeconds).toBe(0);
  });

  it("confidence defaults to 0.95; max-error-rate and min-requests stay as a guard when given", () => {
    const g = parseGate(
      compare({ "max-error-rate": 0.05, "min-requests": 300, confidence: 0.99, dispersion: 3 }),
      0,
      ALL_PROVIDERS,
    ) as CountGate;
    expect(g).toMatchObject({ maxErrorRate: 0.05, minRequests: 300 });
    expect(g.baseline).toMatchObject({ confidence: 0.99, dispersion: 3, guard: true });
    expect((parseGate(compare(), 0, ALL_PROVIDERS) as CountGate).baseline?.confidence).toBe(0.95);
    expect((parseGate(compare({ "min-requests": 10 }), 0, ALL_PROVIDERS) as CountGate).baseline?.guard).toBe(
      true,
    );
  });

  it("works with every provider that returns counts", () => {
    const gates: Record<(typeof PROVIDER_NAMES)[number], Record<string, unknown>> = {
      prometheus: compare(),
      datadog: {
        name: "dd",
        provider: "datadog",
        "api-key": "${DD_API_KEY}",
        "app-key": "${DD_APP_KEY}",
        errors: "sum:trace.errors{version:{{sha}}}.as_count()",
        total: "sum:trace.hits{version:{{sha}}}.as_count()",
        baseline: {
          errors: "sum:trace.errors{version:{{baseline_sha}}}.as_count()",
          total: "sum:trace.hits{version:{{baseline_sha}}}.as_count()",
        },
        "max-increase": 0.2,
      },
      newrelic: {
        name: "nr",
        provider: "newrelic",
        "account-id": 1,
        "api-key": "${NR_KEY}",
        errors: "SELECT count(*) FROM Transaction WHERE error IS true AND version = '{{sha}}'",
        total: "SELECT count(*) FROM Transaction WHERE version = '{{sha}}'",
        baseline: {
          errors: "SELECT count(*) FROM Transaction WHERE error IS true AND version = '{{baseline_sha}}'",
          total: "SELECT count(*) FROM Transaction WHERE version = '{{baseline_sha}}'",
        },
        "max-increase": 0.2,
      },
      cloudwatch: {
        name: "cw",
        provider: "cloudwatch",
        region: "us-east-1",
        errors: { namespace: "App", metric: "Errors", dimensions: { Version: "{{sha}}" } },
        total: { namespace: "App", metric: "Requests", dimensions: { Version: "{{sha}}" } },
        baseline: {
          errors: { namespace: "App", metric: "Errors", dimensions: { Version: "{{baseline_sha}}" } },
          total: { namespace: "App", metric: "Requests", dimensions: { Version: "{{baseline_sha}}" } },
        },
        "max-increase": 0.2,
      },
      sentry: {
        name: "se",
        provider: "sentry",
        organization: "acme",
        "auth-token": "${SENTRY_TOKEN}",
        release: "shop@{{sha}}",
        errors: ["crashed"],
        total: "sessions",
        baseline: { release: "shop@{{baseline_sha}}" },
        "max-increase": 0.5,
      },
      http: {
        name: "js",
        provider: "http",
        url: "https://metrics.example.com/counts?canary={{sha}}&baseline={{baseline_sha}}",
        errors: "$.canary.errors",
        total: "$.canary.total",
        baseline: { errors: "$.baseline.errors", total: "$.baseline.total" },
        "max-increase": 0.2,
      },
    };
    for (const provider of PROVIDER_NAMES) {
      const g = parseGate(gates[provider], 0, ALL_PROVIDERS) as CountGate;
      expect(g.baseline, provider).toBeDefined();
      expect(JSON.stringify(g.baseline?.arm), provider).toContain("{{baseline_sha}}");
      if (provider !== "http") {
        expect(JSON.stringify({ ...g, baseline: undefined }), provider).not.toContain("{{baseline_sha}}");
      }
    }
    const cw = parseGate(gates.cloudwatch, 0, ALL_PROVIDERS) as CountGate;
    expect(optionsOf<CloudWatchOptions>(cw.baseline!.arm).queries.errors).toEqual({
      metric: {
        namespace: "App",
        metric: "Errors",
        dimensions: { Version: "{{baseline_sha}}" },
        stat: "Sum",
      },
    });
    const se = parseGate(gates.sentry, 0, ALL_PROVIDERS) as CountGate;
    expect(se.baseline?.arm.options).toMatchObject({
      release: "shop@{{baseline_sha}}",
      statuses: ["crashed"],
    });
    const js = parseGate(
      {
        ...gates.http,
        baseline: { errors: "$.e", total: "$.t", url: "https://other.example.com/{{baseline_sha}}" },
      },
      0,
      ALL_PROVIDERS,
    ) as CountGate;
    expect(js.baseline?.arm.url).toBe("https://other.example.com/{{baseline_sha}}");
    expect(js.url).toBe(gates.http?.url);
  });

  it("the baseline's queries count for secrets and templates", () => {
    const g = parseGate(
      compare({ baseline: { errors: 'e{t="${TENANT}",v="{{baseline_sha}}"}', total: "t" } }),
      0,
      ALL_PROVIDERS,
    ) as CountGate;
    expect(gateTexts(g).some((t) => t.includes("${TENANT}"))).toBe(true);
    expect(secretNames(g)).toEqual(["TENANT"]);
  });

  it.each([
    [
      "max-increase missing",
      compare({ "max-increase": undefined }),
      'gate 1 "cmp": a comparison with the baseline needs "max-increase"',
    ],
    ["max-increase 0", compare({ "max-increase": 0 }), 'gate 1 "cmp": "max-increase" must be more than 0'],
    ["max-increase negative", compare({ "max-increase": -0.1 }), '"max-increase" must be more than 0'],
    [
      "max-increase text",
      compare({ "max-increase": "20%" }),
      '"max-increase" is a fraction, not a percent: write 0.2 for 20%, got "20%"',
    ],
    ["confidence too low", compare({ confidence: 0.4 }), '"confidence" must be between 0.5 and 0.999'],
    ["confidence 1", compare({ confidence: 1 }), '"confidence" must be between 0.5 and 0.999'],
    ["dispersion below 1", compare({ dispersion: 0.5 }), '"dispersion" must be at least 1'],
    ["split-tolerance 0", compare({ "split-tolerance": 0 }), '"split-tolerance" must be more than 0'],
    ["an unknown split policy", compare({ "on-split-mismatch": "rollback" }), '"on-split-mismatch" '],
    [
      "split-dispersion below 1",
      compare({ "split-dispersion": 0.9 }),
      '"split-dispersion" must be at least 1',
    ],
    [
      "split-settle not a duration",
      compare({ "split-settle": "soon" }),
      '"split-settle" "soon" is not a duration',
    ],
    [
      "split-settle beyond a day",
      compare({ "split-settle": "2d" }),
      '"split-settle" "2d" must be from 0s to 1d',
    ],
    [
      "split keys without a block",
      {
        ...compare({ baseline: undefined, "max-increase": undefined }),
        "split-tolerance": 0.3,
        "max-error-rate": 0.01,
      },
      '"split-tolerance" belongs to a comparison with the baseline',
    ],
    [
      "no baseline total",
      compare({ baseline: { errors: "e" } }),
      'gate 1 "cmp": "baseline.total" is required',
    ],
    [
      "an unknown key in the block",
      compare({ baseline: { errors: "e", total: "t", max: 1 } }),
      'unknown key "baseline.max"',
    ],
    [
      "a block that is no mapping",
      compare({ baseline: "v1" }),
      '"baseline" must be a mapping with the baseline\'s "errors" and "total", got "v1"',
    ],
    [
      "max-increase without a block",
      compare({ baseline: undefined }),
      'gate 1 "cmp": "max-increase" belongs to a comparison with the baseline, but the gate has no "baseline:" block',
    ],
    [
      "confidence without a block",
      {
        ...compare({ baseline: undefined, "max-increase": undefined }),
        confidence: 0.9,
        "max-error-rate": 0.01,
      },
      '"confidence" belongs to a comparison',
    ],
    [
      "a query gate",
      {
        name: "cmp",
        provider: "prometheus",
        url: "https://p",
        query: "q",
        max: 1,
        baseline: { errors: "e", total: "t" },
        "max-increase": 0.2,
      },
      '"baseline" compares error counts',
    ],
    [
      "an unknown template in the block",
      compare({ baseline: { errors: "{{base}}", total: "t" } }),
      'unknown template variable "{{base}}"',
    ],
    [
      "datadog without .as_count() in the block",
      {
        name: "cmp",
        provider: "datadog",
        "api-key": "k",
        "app-key": "a",
        errors: "e.as_count()",
        total: "t.as_count()",
        baseline: { errors: "e", total: "t.as_count()" },
        "max-increase": 0.2,
      },
      'gate 1 "cmp": in "baseline": "errors" must use .as_count()',
    ],
    [
      "sentry without the baseline's release",
      {
        name: "cmp",
        provider: "sentry",
        organization: "o",
        "auth-token": "t",
        release: "r@{{sha}}",
        errors: ["crashed"],
        total: "sessions",
        baseline: { total: "sessions" },
        "max-increase": 0.2,
      },
      'gate 1 "cmp": "baseline.release" is required',
    ],
    [
      "http with a body on GET in the block",
      {
        name: "cmp",
        provider: "http",
        url: "https://m",
        errors: "$.e",
        total: "$.t",
        baseline: { errors: "$.be", total: "$.bt", body: "x" },
        "max-increase": 0.2,
      },
      'gate 1 "cmp": in "baseline": a GET request has no body',
    ],
  ])("%s", (_, raw, message) => {
    const clean = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
    expect(errorOf(() => parseGate(clean, 0, ALL_PROVIDERS))).toContain(message);
  });
});

describe("stage windows", () => {
  const at = (min: number) => new Date(Date.UTC(2026, 10, 21, 0, min));
  const t = (event: string, stage: number, percent: number, min: number) => ({
    event: event as "started",
    stage,
    percent,
    createdAt: at(min),
  });

  it("one window per stage that went live, the last up to now; pauses do not split them", () => {
    const windows = stageWindows(
      {
        transitions: [
          t("started", 1, 1, 0),
          t("paused", 1, 1, 10),
          t("resumed", 1, 1, 20),
          t("advanced", 2, 5, 40),
          t("promoted", 4, 50, 70),
        ],
        stageIndex: 3,
        percent: 50,
        stageStartedAt: at(70),
      },
      at(100),
    );
    expect(windows).toEqual<StageWindow[]>([
      { stage: 1, percent: 1, start: at(0), end: at(40) },
      { stage: 2, percent: 5, start: at(40), end: at(70) },
      { stage: 4, percent: 50, start: at(70), end: at(100) },
    ]);
  });

  it("without recorded transitions, the current stage; windows of no length are left out", () => {
    expect(
      stageWindows({ transitions: [], stageIndex: 0, percent: 1, stageStartedAt: at(5) }, at(35)),
    ).toEqual([{ stage: 1, percent: 1, start: at(5), end: at(35) }]);
    const same = stageWindows(
      {
        transitions: [t("started", 1, 1, 0), t("promoted", 2, 5, 0), t("promoted", 3, 25, 30)],
        stageIndex: 2,
        percent: 25,
        stageStartedAt: at(30),
      },
      at(60),
    );
    expect(same.map((w) => w.stage)).toEqual([2, 3]);
  });

  it("fills the window's templates: its length, start and stage", () => {
    const v = windowValues(VALUES, { stage: 1, percent: 1, start: at(0), end: at(31) });
    expect(v).toMatchObject({
      sha: SHA,
      baseline_sha: BASE,
      baseline_short_sha: BASE.slice(0, 7),
      stage: "1",
      percent: "1",
      window: "1860s",
      stage_started_at: "2026-11-21T00:00:00Z",
      stage_started_unix: String(at(0).getTime() / 1000),
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Evaluation with a fake provider: counts per side and per window, keyed by the window's start.

const VALUES: TemplateValues = {
  sha: SHA,
  short_sha: SHA.slice(0, 7),
  baseline_sha: BASE,
  baseline_short_sha: BASE.slice(0, 7),
  environment: "production",
  stage: "2",
  percent: "5",
  window: "1800s",
  stage_started_at: "2026-11-21T01:00:00Z",
  stage_started_unix: String(Date.UTC(2026, 10, 21, 1) / 1000),
};
const T0 = new Date("2026-11-21T00:00:00Z");
const T1 = new Date("2026-11-21T01:00:00Z");
const NOW = new Date("2026-11-21T01:30:00Z");
const WINDOWS: StageWindow[] = [
  { stage: 1, percent: 1, start: T0, end: T1 },
  { stage: 2, percent: 5, start: T1, end: NOW },
];

interface Counts {
  errors: number | undefined;
  total: number | undefined;
}
type Table = Record<string, { canary: Counts; baseline: Counts }>;

function fakeProvider(table: Table, seen: QueryRequest[] = []): Pick<Provider, "query"> {
  return {
    query(req): Promise<QueryResult> {
      seen.push(req);
      const side = req.query.includes(BASE) ? "baseline" : "canary";
      const row = table[req.since.toISOString()];
      const value = row?.[side][req.role === "errors" ? "errors" : "total"];
      return Promise.resolve({ value, warnings: [] });
    },
  };
}

const gateOf = (extra: Record<string, unknown> = {}) =>
  parseGate(compare(extra), 0, ALL_PROVIDERS) as CountGate;

function options(
  table: Table,
  seen: QueryRequest[] = [],
  extra: Partial<EvaluateOptions> = {},
): EvaluateOptions {
  return {
    values: VALUES,
    secrets: new Map(),
    now: NOW,
    windows: WINDOWS,
    providers: { prometheus: fakeProvider(table, seen) },
    ...extra,
  };
}

const arm = (errors: number | undefined, total: number | undefined): Counts => ({ errors, total });

describe("evaluation: the judge over every stage window", () => {
  it("a healthy canary with plenty of traffic passes, with the decision record", async () => {
    const table: Table = {
      [T0.toISOString()]: { canary: arm(100, 10_000), baseline: arm(10_000, 1_000_000) },
      [T1.toISOString()]: { canary: arm(500, 50_000), baseline: arm(10_000, 1_000_000) },
    };
    const seen: QueryRequest[] = [];
    const r = await evaluateGate(gateOf(), options(table, seen));
    expect(r).toMatchObject({
      name: "cmp",
      unit: "factor",
      verdict: "pass",
      threshold: 1.2,
      samples: 60_000,
      shadow: false,
    });
    expect(r.value).toBeCloseTo(1, 6);
    expect(r.message).toMatch(
      /^pass: the canary's error rate is 1× the baseline's, at most 1\.\d+× with 95% confidence/,
    );
    expect(r.baseline).toMatchObject({
      sha: BASE,
      canary: { errors: 600, total: 60_000, rate: 0.01 },
      baseline: { errors: 20_000, total: 2_000_000, rate: 0.01 },
      threshold: 20,
      confidence: 0.95,
      maxIncrease: 0.2,
      tolerableRatio: 1.2,
      verdict: "pass",
      windows: [
        { stage: 1, percent: 1, from: "2026-11-21T00:00:00Z", to: "2026-11-21T01:00:00Z" },
        { stage: 2, percent: 5, from: "2026-11-21T01:00:00Z", to: "2026-11-21T01:30:00Z" },
      ],
    });
    const [lower, upper] = r.baseline?.interval ?? [];
    expect(lower).toBeLessThan(1);
    expect(upper).toBeLessThan(1.2);
    expect(r.baseline?.eValueNoIncrease).toBeGreaterThanOrEqual(20);
    expect(JSON.parse(JSON.stringify(r.baseline))).toEqual(r.baseline);
  });

  it("checks the traffic split against the plan when it is given, and only then", async () => {
    // Stage 2 served at stage 1's 1%: the apply step failed at the second transition.
    const table: Table = {
      [T0.toISOString()]: { canary: arm(100, 10_000), baseline: arm(10_000, 1_000_000) },
      [T1.toISOString()]: { canary: arm(100, 10_000), baseline: arm(10_000, 1_000_000) },
    };
    const without = await evaluateGate(gateOf(), options(table));
    expect(without.baseline?.split).toBeUndefined();
    expect(without.warnings).toBeUndefined();
    const r = await evaluateGate(gateOf(), options(table, [], { stages: [1, 5, 25, 50, 100] }));
    expect(r.verdict).toBe("inconclusive");
    expect(r.message).toMatch(
      /^traffic split \(on-split-mismatch: hold\): the canary served 0\.99% of requests in stage 2 \(5%\)/,
    );
    expect(r.warnings).toHaveLength(1);
    const split = r.baseline?.split;
    expect(split).toMatchObject({
      verdict: "mismatch",
      side: "below",
      window: 1,
      effect: "hold",
      onMismatch: "hold",
    });
    // One window per stage window compared: its counts, its length, the share of the stage before it.
    expect(split?.windows.map((w) => [w.stage, w.canary, w.baseline, w.seconds, w.previous])).toEqual([
      [1, 10_000, 1_000_000, 3600, 0],
      [2, 10_000, 1_000_000, 1800, 0.01],
    ]);
    expect(JSON.parse(JSON.stringify(split))).toEqual(split);
  });

  it("asks four queries per window, all at once, templates and times filled per window", async () => {
    const table: Table = {
      [T0.toISOString()]: { canary: arm(1, 100), baseline: arm(1, 100) },
      [T1.toISOString()]: { canary: arm(1, 100), baseline: arm(1, 100) },
    };
    let inFlight = 0;
    let most = 0;
    const seen: QueryRequest[] = [];
    const inner = fakeProvider(table, seen);
    const slow: Pick<Provider, "query"> = {
      async query(req, http) {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return inner.query(req, http);
      },
    };
    const r = await evaluateGate(gateOf(), options(table, [], { providers: { prometheus: slow } }));
    expect(most).toBe(8);
    expect(seen.map((q) => [q.since.toISOString(), q.now.toISOString(), q.role, q.query])).toEqual([
      [T0.toISOString(), T1.toISOString(), "errors", `errors{v="${SHA}"}[3600s]`],
      [T0.toISOString(), T1.toISOString(), "total", `total{v="${SHA}"}[3600s]`],
      [T0.toISOString(), T1.toISOString(), "errors", `errors{v="${BASE}"}[3600s]`],
      [T0.toISOString(), T1.toISOString(), "total", `total{v="${BASE}"}[3600s]`],
      [T1.toISOString(), NOW.toISOString(), "errors", `errors{v="${SHA}"}[1800s]`],
      [T1.toISOString(), NOW.toISOString(), "total", `total{v="${SHA}"}[1800s]`],
      [T1.toISOString(), NOW.toISOString(), "errors", `errors{v="${BASE}"}[1800s]`],
      [T1.toISOString(), NOW.toISOString(), "total", `total{v="${BASE}"}[1800s]`],
    ]);
    expect(r.queries).toHaveLength(8);
    expect(r.baseline?.windows).toHaveLength(2);
  });

  it("evidence from an earlier stage carries: neither window alone fails, both together do", async () => {
    const w1 = { canary: arm(9, 1_000), baseline: arm(30, 10_000) };
    const w2 = { canary: arm(9, 1_000), baseline: arm(30, 10_000) };
    const alone = await evaluateGate(
      gateOf(),
      options({ [T1.toISOString()]: w2 }, [], { windows: WINDOWS.slice(1) }),
    );
    expect(alone.verdict).toBe("inconclusive");
    const both = await evaluateGate(gateOf(), options({ [T0.toISOString()]: w1, [T1.toISOString()]: w2 }));
    expect(both.verdict).toBe("fail");
    expect(both.value).toBeCloseTo(3, 6);
    expect(both.samples).toBe(2_000);
    expect(both.message).toMatch(/^fail: the canary's error rate is 3× the baseline's, at least/);
    expect(both.baseline?.eValue).toBeGreaterThanOrEqual(20);
  });

  it("a 3× regression fails; few errors are inconclusive and say what is needed", async () => {
    const bad = await evaluateGate(
      gateOf(),
      options({ [T1.toISOString()]: { canary: arm(150, 5_000), baseline: arm(500, 50_000) } }, [], {
        windows: WINDOWS.slice(1),
      }),
    );
    expect(bad).toMatchObject({ verdict: "fail", samples: 5_000, threshold: 1.2 });
    const few = await evaluateGate(
      gateOf(),
      options({ [T1.toISOString()]: { canary: arm(2, 500), baseline: arm(5, 5_000) } }, [], {
        windows: WINDOWS.slice(1),
      }),
    );
    expect(few.verdict).toBe("inconclusive");
    expect(few.message).toContain("too few errors yet");
  });

  it("an inconclusive comparison projects the requests, and the time at the current stage's pace, to settle it", async () => {
    const table: Table = {
      [T0.toISOString()]: { canary: arm(1, 2_000), baseline: arm(100, 100_000) },
      [T1.toISOString()]: { canary: arm(1, 500), baseline: arm(10, 9_500) },
    };
    const r = await evaluateGate(gateOf(), options(table));
    expect(r.verdict).toBe("inconclusive");
    const p = r.baseline?.projection;
    expect(p).toMatchObject({ towards: "pass" });
    // Stage 2 served 500 canary requests in its 30 minutes: 1,000 an hour.
    expect(p?.hours).toBeCloseTo((p?.canaryRequests ?? 0) / 1_000, 9);
    // The same as the judge's over the same counts, continuing the current stage.
    const judged = judge({
      stages: [
        { canary: { errors: 1, total: 2_000 }, baseline: { errors: 100, total: 100_000 } },
        { canary: { errors: 1, total: 500 }, baseline: { errors: 10, total: 9_500 } },
      ],
      maxIncrease: 0.2,
    });
    expect(p?.canaryRequests).toBe(judged.projection?.canaryRequests);
    expect(r.message).toMatch(
      /; if the rates seen so far hold, about [\d,]+ more canary requests \(about [\d.,]+ (minutes|hours|days) at this stage's pace\) would be enough to pass\.$/,
    );
    expect(JSON.parse(JSON.stringify(r.baseline))).toEqual(r.baseline);
  });

  it("no projection when the current window could not be counted, or is the 100% stage", async () => {
    const stage1 = { canary: arm(1, 2_000), baseline: arm(100, 100_000) };
    const nan = await evaluateGate(
      gateOf(),
      options({
        [T0.toISOString()]: stage1,
        [T1.toISOString()]: { canary: arm(1, 500), baseline: arm(Number.NaN, 9_500) },
      }),
    );
    expect(nan.verdict).toBe("inconclusive");
    expect(nan.baseline?.windows.map((w) => w.stage)).toEqual([1]);
    expect(nan.baseline?.projection).toBeNull();
    expect(nan.message).not.toContain("if the rates seen so far hold");
    // Alone, the same first window does project: it is the current one there.
    const alone = await evaluateGate(
      gateOf(),
      options({ [T0.toISOString()]: stage1 }, [], { windows: WINDOWS.slice(0, 1) }),
    );
    expect(alone.baseline?.projection).toMatchObject({ towards: "pass", hours: expect.any(Number) });

    const full = await evaluateGate(
      gateOf(),
      options({
        [T0.toISOString()]: stage1,
        [T1.toISOString()]: { canary: arm(1, 500), baseline: arm(undefined, undefined) },
      }),
    );
    expect(full.verdict).toBe("inconclusive");
    expect(full.baseline?.projection).toBeNull();
  });

  it("no baseline version: inconclusive without a query, saying there is nothing to compare against", async () => {
    const seen: QueryRequest[] = [];
    const values = { ...VALUES, baseline_sha: "" };
    const r = await evaluateGate(gateOf(), options({}, seen, { values }));
    expect(r).toMatchObject({
      verdict: "inconclusive",
      value: null,
      samples: null,
      unit: "factor",
      threshold: 1.2,
    });
    expect(r.message).toContain("there is nothing to compare against");
    expect(r.baseline).toBeUndefined();
    expect(seen).toHaveLength(0);
    const failing = await evaluateGate(gateOf({ "on-no-data": "fail" }), options({}, [], { values }));
    expect(failing.verdict).toBe("fail");
    expect(failing.message).toContain("(on-no-data: fail)");
  });

  it("a block naming the baseline by {{baseline_short_sha}} is the same case", async () => {
    const seen: QueryRequest[] = [];
    const values = { ...VALUES, baseline_sha: "", baseline_short_sha: "" };
    const short = gateOf({
      baseline: {
        errors:
          'sum(increase(http_requests_total{version="{{baseline_short_sha}}",code=~"5.."}[{{window}}]))',
        total: 'sum(increase(http_requests_total{version="{{baseline_short_sha}}"}[{{window}}]))',
      },
    });
    const r = await evaluateGate(short, options({}, seen, { values }));
    expect(r.verdict).toBe("inconclusive");
    expect(r.message).toContain("there is nothing to compare against");
    expect(seen).toHaveLength(0);
  });

  it("baseline queries that name the baseline otherwise run without a baseline version", async () => {
    const g = gateOf({ baseline: { errors: 'errors{track="stable"}', total: 'total{track="stable"}' } });
    const seen: QueryRequest[] = [];
    const provider: Pick<Provider, "query"> = {
      query(req) {
        seen.push(req);
        const stable = req.query.includes("stable");
        return Promise.resolve({
          value: req.role === "errors" ? (stable ? 100 : 10) : stable ? 10_000 : 1_000,
          warnings: [],
        });
      },
    };
    const r = await evaluateGate(
      g,
      options({}, [], { values: { ...VALUES, baseline_sha: "" }, providers: { prometheus: provider } }),
    );
    expect(seen).toHaveLength(8);
    expect(r.baseline?.sha).toBe("");
    expect(r.value).toBeCloseTo(1, 6);
  });

  it("no baseline traffic anywhere, or no canary traffic: no data, under on-no-data", async () => {
    const table: Table = {
      [T1.toISOString()]: { canary: arm(10, 1_000), baseline: arm(undefined, undefined) },
    };
    const opts = options(table, [], { windows: WINDOWS.slice(1) });
    const held = await evaluateGate(gateOf(), opts);
    expect(held.verdict).toBe("inconclusive");
    expect(held.message).toContain("nothing to compare against");
    const passed = await evaluateGate(gateOf({ "on-no-data": "pass" }), opts);
    expect(passed.verdict).toBe("pass");
    const none = await evaluateGate(gateOf(), options({}, [], { windows: WINDOWS.slice(1) }));
    expect(none).toMatchObject({ verdict: "inconclusive", samples: 0 });
    expect(none.message).toContain("the canary has served no requests yet");
  });

  it("the 100% stage has no baseline traffic: earlier stages still decide", async () => {
    const table: Table = {
      [T0.toISOString()]: { canary: arm(300, 10_000), baseline: arm(100, 10_000) },
      [T1.toISOString()]: { canary: arm(30, 1_000), baseline: arm(undefined, undefined) },
    };
    const r = await evaluateGate(gateOf(), options(table));
    expect(r.verdict).toBe("fail");
    expect(r.baseline?.windows.map((w) => w.baseline.total)).toEqual([10_000, 0]);
  });

  it("the absolute guard: the worse verdict counts, and the message says why", async () => {
    // Both versions at 5%: the judge passes, the guard of 1% fails.
    const table: Table = {
      [T1.toISOString()]: { canary: arm(5_000, 100_000), baseline: arm(5_000, 100_000) },
    };
    const opts = options(table, [], { windows: WINDOWS.slice(1) });
    const r = await evaluateGate(gateOf({ "max-error-rate": 0.01 }), opts);
    expect(r.baseline?.verdict).toBe("pass");
    expect(r).toMatchObject({ verdict: "fail", unit: "factor", threshold: 1.2 });
    expect(r.message).toContain(
      "Guard on the canary alone in this stage: error rate 5% (5,000 of 100,000) is above 1%",
    );
    const thin = await evaluateGate(gateOf({ "min-requests": 1_000_000 }), opts);
    expect(thin.verdict).toBe("inconclusive");
    expect(thin.message).toContain("at least 1,000,000 are needed");
    const fine = await evaluateGate(gateOf({ "max-error-rate": 0.1 }), opts);
    expect(fine.verdict).toBe("pass");
  });

  it("a provider failure is an error under on-error; broken counts are errors; NaN leaves a window out", async () => {
    const broken: Pick<Provider, "query"> = {
      query: () => Promise.reject(statusError(503, "HTTP 503, unavailable")),
    };
    const r = await evaluateGate(gateOf(), options({}, [], { providers: { prometheus: broken } }));
    expect(r).toMatchObject({ verdict: "error", unit: "factor", threshold: 1.2, value: null });
    expect(r.message).toBe("prometheus did not answer usefully: HTTP 503, unavailable");
    const worse = await evaluateGate(
      gateOf({ "on-error": "fail" }),
      options({}, [], { providers: { prometheus: broken } }),
    );
    expect(worse.verdict).toBe("fail");

    const exceed = await evaluateGate(
      gateOf(),
      options({ [T1.toISOString()]: { canary: arm(50, 10), baseline: arm(1, 100) } }, [], {
        windows: WINDOWS.slice(1),
      }),
    );
    expect(exceed.verdict).toBe("error");
    expect(exceed.message).toBe(
      "stage 2 (5%): the canary's errors (50) exceed its total (10); check the queries",
    );

    const nan = await evaluateGate(
      gateOf(),
      options({
        [T0.toISOString()]: { canary: arm(Number.NaN, 100), baseline: arm(1, 100) },
        [T1.toISOString()]: { canary: arm(1, 100), baseline: arm(1, 100) },
      }),
    );
    expect(nan.baseline?.windows.map((w) => w.stage)).toEqual([2]);
    expect(nan.baseline?.notes).toContain("stage 1 (1%): a query returned NaN, so the window is left out");
  });

  it("rounds extrapolated counts, and says so in the record", async () => {
    const table: Table = { [T1.toISOString()]: { canary: arm(10.4, 1_000.6), baseline: arm(10, 1_000) } };
    const r = await evaluateGate(gateOf(), options(table, [], { windows: WINDOWS.slice(1) }));
    expect(r.baseline?.canary).toMatchObject({ errors: 10, total: 1_001 });
    expect(r.baseline?.notes.join()).toContain("rounded to 10 of 1,001");
  });

  it("without windows, the current stage from the template values", async () => {
    const seen: QueryRequest[] = [];
    await evaluateGate(gateOf(), options({}, seen, { windows: undefined }));
    expect(seen).toHaveLength(4);
    expect(seen[0]?.since.toISOString()).toBe(T1.toISOString());
    expect(seen[0]?.query).toBe(`errors{v="${SHA}"}[1800s]`);
  });

  it("sits next to ordinary gates, which keep reading the current stage only", async () => {
    const plain = parseGate(
      {
        name: "plain",
        provider: "prometheus",
        url: "https://p",
        errors: "e",
        total: "t",
        "max-error-rate": 0.5,
      },
      0,
      ALL_PROVIDERS,
    );
    const seen: QueryRequest[] = [];
    const results = await evaluateGates([plain, gateOf()], options({}, seen));
    expect(results.map((r) => r.name)).toEqual(["plain", "cmp"]);
    expect(seen.filter((q) => q.gate.name === "plain")).toHaveLength(2);
    expect(seen.filter((q) => q.gate.name === "cmp")).toHaveLength(8);
    expect(seen.filter((q) => q.query === "e" || q.query === "t").map((q) => q.since.toISOString())).toEqual([
      T1.toISOString(),
      T1.toISOString(),
    ]);
  });
});

describe("HTTP JSON: both sides from one answer", () => {
  it("asks once per window when the baseline's counts are in the same document", async () => {
    const urls: string[] = [];
    const server = createServer((req, res) => {
      urls.push(req.url ?? "");
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ c: { e: 30, t: 1_000 }, b: { e: 10, t: 1_000 } }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const g = parseGate(
        {
          name: "json",
          provider: "http",
          url: `http://127.0.0.1:${port}/counts?since={{stage_started_unix}}&window={{window}}`,
          errors: "$.c.e",
          total: "$.c.t",
          baseline: { errors: "$.b.e", total: "$.b.t" },
          "max-increase": 0.2,
          retries: 0,
        },
        0,
        ALL_PROVIDERS,
      ) as CountGate;
      const r = await evaluateGate(g, { values: VALUES, secrets: new Map(), now: NOW, windows: WINDOWS });
      expect(urls).toEqual([
        `/counts?since=${T0.getTime() / 1000}&window=3600s`,
        `/counts?since=${T1.getTime() / 1000}&window=1800s`,
      ]);
      expect(r.baseline?.canary).toMatchObject({ errors: 60, total: 2_000 });
      expect(r.baseline?.baseline).toMatchObject({ errors: 20, total: 2_000 });
      expect(r.verdict).toBe("fail");
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe("report: outputs and the decision record", () => {
  it("adds a baseline object to the gates output and a record under the gate table", async () => {
    const table: Table = {
      [T0.toISOString()]: { canary: arm(30, 1_000), baseline: arm(100, 10_000) },
      [T1.toISOString()]: { canary: arm(30, 1_000), baseline: arm(100, 10_000) },
    };
    const gate = await evaluateGate(gateOf(), options(table));
    const report: Report = {
      decision: {
        kind: "rollback",
        stageIndex: 1,
        stageCount: 5,
        percent: 0,
        previousPercent: 5,
        reason: "cmp failed",
      },
      rollout: { sha: SHA, deploymentId: 1, baselineSha: BASE, stages: [1, 5, 25, 50, 100] },
      gates: [gate],
      changed: true,
      environment: "production",
      command: "advance",
      dryRun: false,
      runUrl: "https://github.com/o/r/actions/runs/1",
      now: NOW,
      warnings: [],
    };
    const [out] = JSON.parse(outputValues(report).gates as string) as Record<string, unknown>[];
    expect(Object.keys(out ?? {})).toEqual([
      "name",
      "provider",
      "verdict",
      "value",
      "threshold",
      "samples",
      "message",
      "queries",
      "shadow",
      "baseline",
    ]);
    expect(out?.baseline).toMatchObject({
      canary: { errors: 60, total: 2_000 },
      baseline: { errors: 200, total: 20_000 },
      threshold: 20,
      verdict: "fail",
      projection: null,
    });
    const md = summaryMarkdown(report);
    expect(md).toContain("| cmp | prometheus | 3× | 1.2× | 2,000 | ❌ fail |");
    expect(md).toContain("#### cmp: new version vs baseline `fedcba9`");
    expect(md).toContain("| new version (canary) | 60 | 2,000 | 3% |");
    expect(md).toContain("| baseline | 200 | 20,000 | 1% |");
    expect(md).toMatch(
      /\*\*Ratio of error rates\*\* \(new ÷ baseline\): \*\*3×\*\*, 95% confidence bounds [\d.]+× to [\d.]+×; tolerated: up to 1\.2×/,
    );
    expect(md).toMatch(
      /\*\*Evidence of an increase\*\* \(e-value\): [\d,.e]+ against the rollback threshold 20 = 1 \/ \(1 − 0\.95\)/,
    );
    expect(md).toContain(
      "**Verdict**: roll back: with 95% confidence, the new version fails more than 1.2× as often as the baseline",
    );
    expect(md).toContain("Evidence from 2 stage windows");
    expect(md).toContain(
      "| 1 (1%) | 2026-11-21T00:00:00Z | 2026-11-21T01:00:00Z | 30 / 1,000 | 100 / 10,000 |",
    );
    expect(md).not.toContain("To settle it");
  });
});
