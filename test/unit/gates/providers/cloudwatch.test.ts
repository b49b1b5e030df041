// The CloudWatch provider against a stand-in that answers in the shapes of the CloudWatch API reference and
// checks every request's SigV4 signature independently:
//   https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
//   https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDataResult.html
//   https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CommonErrors.html
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
// and against what is recorded (harness/recorded/cloudwatch/, cut by scripts/recordings/cloudwatch.ts):
// GetMetricData's model and Period rules from botocore, and AWS's answers from localstack's snapshot tests.

import { optionsOf } from "../../../../src/gates/provider.ts";
import type { CloudWatchOptions } from "../../../../src/gates/providers/cloudwatch.ts";
import { recordSleeps } from "../../../../harness/monitoring/server.ts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  describeQuery,
  periodFor,
  RESOLUTION_BY_AGE,
  RETENTION_DAYS,
  readMetricData,
} from "../../../../src/gates/providers/cloudwatch.ts";
import { ProviderError } from "../../../../src/gates/request.ts";
import { recorded, shapeOf } from "../../../../harness/recorded.ts";
import { type CountGate, GateConfigError, parseGate, type ValueGate } from "../../../../src/gates/config.ts";
import { evaluateGate } from "../../../../src/gates/run.ts";
import { resolveSecrets, SecretError } from "../../../../src/gates/template.ts";
import {
  AWS_KEYS,
  type CloudWatchStandIn,
  startCloudWatchStandIn,
} from "../../../../harness/monitoring/cloudwatch.ts";
import { NOW, SHA, STARTED, VALUES } from "./request.ts";
import { ALL_PROVIDERS } from "../../../support/providers.ts";

let cw: CloudWatchStandIn;
beforeAll(async () => {
  // The stand-in judges how old a query's data is against the tests' clock.
  cw = await startCloudWatchStandIn("eu-west-1", { now: () => NOW.getTime() });
});
afterAll(() => cw.close());
beforeEach(() => {
  cw.requests.length = 0;
});

const ENV = {
  AWS_ACCESS_KEY_ID: AWS_KEYS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: AWS_KEYS.secretAccessKey,
  AWS_SESSION_TOKEN: AWS_KEYS.sessionToken,
  AWS_REGION: "eu-west-1",
};

const TG = "targetgroup/checkout-canary/0123456789abcdef";
const LB = "app/checkout/fedcba9876543210";
const errorsMetric = {
  namespace: "AWS/ApplicationELB",
  metric: "HTTPCode_Target_5XX_Count",
  dimensions: { TargetGroup: TG, LoadBalancer: LB },
};
const totalMetric = { ...errorsMetric, metric: "RequestCount" };
const latency = {
  namespace: "Checkout",
  metric: "Latency",
  dimensions: { Version: "{{short_sha}}" },
  stat: "p99",
};

function countGate(extra: Record<string, unknown> = {}): CountGate {
  return parseGate(
    {
      name: "alb-5xx",
      provider: "cloudwatch",
      url: cw.url,
      region: "eu-west-1",
      errors: errorsMetric,
      total: totalMetric,
      "max-error-rate": 0.01,
      "min-requests": 100,
      ...extra,
    },
    0,
    ALL_PROVIDERS,
  ) as CountGate;
}

function valueGate(extra: Record<string, unknown> = {}): ValueGate {
  return parseGate(
    {
      name: "p99",
      provider: "cloudwatch",
      url: cw.url,
      region: "eu-west-1",
      query: latency,
      max: 0.5,
      ...extra,
    },
    0,
    ALL_PROVIDERS,
  ) as ValueGate;
}

const sleeps: number[] = [];
function opts(env: Record<string, string> = ENV) {
  return {
    values: VALUES,
    secrets: resolveSecrets([countGate()], env),
    now: NOW,
    env,
    http: recordSleeps(sleeps),
  };
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GateConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a GateConfigError");
}

describe("cloudwatch gate config", () => {
  it("takes a metric as a mapping and an expression as text, with Sum for counts and Average for values", () => {
    const g = countGate();
    expect(optionsOf<CloudWatchOptions>(g).queries.errors).toEqual({
      metric: { ...errorsMetric, stat: "Sum" },
    });
    expect(g.errors).toBe(
      `Sum(AWS/ApplicationELB HTTPCode_Target_5XX_Count {TargetGroup=${TG},LoadBalancer=${LB}})`,
    );
    const e = valueGate({ query: "SUM(SEARCH('{Checkout,Version} Latency', 'Average', 60))" });
    expect(optionsOf<CloudWatchOptions>(e).queries.query).toEqual({
      expression: "SUM(SEARCH('{Checkout,Version} Latency', 'Average', 60))",
    });
    expect(
      optionsOf<CloudWatchOptions>(valueGate({ query: { namespace: "N", metric: "M" } })).queries.query,
    ).toEqual({
      metric: { namespace: "N", metric: "M", dimensions: {}, stat: "Average" },
    });
  });

  it("uses the region's endpoint unless a url is given", () => {
    const g = parseGate(
      { name: "x", provider: "cloudwatch", region: "ap-southeast-2", query: "m1", max: 1 },
      0,
      ALL_PROVIDERS,
    );
    expect(g.url).toBe("https://monitoring.ap-southeast-2.amazonaws.com");
    expect(
      parseGate(
        { name: "x", provider: "cloudwatch", region: "cn-north-1", query: "m1", max: 1 },
        0,
        ALL_PROVIDERS,
      ).url,
    ).toBe("https://monitoring.cn-north-1.amazonaws.com.cn");
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["a region that is not one", { region: "europe" }, '"region" must be an AWS region such as us-east-1'],
    [
      "a metric without a name",
      { errors: { namespace: "AWS/ApplicationELB" } },
      '"errors.metric" is required',
    ],
    ["an unknown metric key", { total: { ...totalMetric, dimension: {} } }, 'unknown key "total.dimension"'],
    [
      "a count averaged",
      { errors: { ...errorsMetric, stat: "Average" } },
      '"errors" is a count, so its stat must be Sum',
    ],
    [
      "plain http to AWS",
      { url: "http://monitoring.eu-west-1.amazonaws.com" },
      "would send credentials over plain http",
    ],
  ])("rejects %s, naming the gate", (_what, extra, message) => {
    expect(errorOf(() => countGate(extra))).toContain(`gate 1 "alb-5xx": `);
    expect(errorOf(() => countGate(extra))).toContain(message);
  });

  it("checks credentials and region before any request, and masks every AWS credential", () => {
    const noRegion = parseGate({ name: "cw", provider: "cloudwatch", query: "m1", max: 1 }, 0, ALL_PROVIDERS);
    expect(() => resolveSecrets([noRegion], { ...ENV, AWS_REGION: "" })).toThrow(
      'gate "cw" needs an AWS region: set region in the gate, or AWS_REGION',
    );
    expect(resolveSecrets([noRegion], { ...ENV, AWS_REGION: "", AWS_DEFAULT_REGION: "us-east-2" }).size).toBe(
      3,
    );
    let caught: unknown;
    try {
      resolveSecrets([countGate()], { AWS_REGION: "eu-west-1" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SecretError);
    expect((caught as Error).message).toContain(
      'gate "alb-5xx" signs its requests for AWS, but the environment variable AWS_ACCESS_KEY_ID is not set; run aws-actions/configure-aws-credentials',
    );
    // Long-lived keys come without a session token; OIDC role sessions with one. Both are secrets.
    const { AWS_SESSION_TOKEN: _t, ...longLived } = ENV;
    expect([...resolveSecrets([countGate()], longLived).keys()]).toEqual([
      "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY",
    ]);
    expect([...resolveSecrets([countGate()], ENV).values()]).toEqual([
      AWS_KEYS.accessKeyId,
      AWS_KEYS.secretAccessKey,
      AWS_KEYS.sessionToken,
    ]);
  });
});

describe("cloudwatch queries", () => {
  it("signs GetMetricData with the session token and asks for one period covering the stage", async () => {
    cw.setMetric({ ...errorsMetric, stat: "Sum" }, 4);
    cw.setMetric({ ...totalMetric, stat: "Sum" }, 2000);
    const res = await evaluateGate(countGate(), opts());
    expect(res).toMatchObject({ verdict: "pass", value: 0.002, samples: 2000 });
    expect(cw.requests.map((r) => r.status)).toEqual([200, 200]);
    const r = cw.requests[0];
    expect(r?.headers["x-amz-target"]).toBe("GraniteServiceVersion20100801.GetMetricData");
    expect(r?.headers["content-type"]).toBe("application/x-amz-json-1.0");
    expect(r?.headers["x-amz-security-token"]).toBe(AWS_KEYS.sessionToken);
    const start = STARTED.getTime() / 1000;
    expect(cw.calls().map((c) => [c.start, c.end, c.period])).toEqual([
      [start, start + 1800, 1800],
      [start, start + 1800, 1800],
    ]);
  });

  it("fills templates in dimensions and reads a p99", async () => {
    cw.setMetric({ ...latency, dimensions: { Version: SHA.slice(0, 7) } }, 0.72);
    expect(await evaluateGate(valueGate(), opts())).toMatchObject({ verdict: "fail", value: 0.72 });
  });

  it("sums the datapoints of a count and holds on a metric with no points", async () => {
    cw.setMetric({ ...errorsMetric, stat: "Sum" }, [1, 2]);
    cw.setMetric({ ...totalMetric, stat: "Sum" }, [300, 500]);
    expect(await evaluateGate(countGate(), opts())).toMatchObject({ value: 3 / 800, samples: 800 });
    cw.setMetric({ ...errorsMetric, stat: "Sum" }, null);
    cw.setMetric({ ...totalMetric, stat: "Sum" }, null);
    const none = await evaluateGate(countGate(), opts());
    expect(none).toMatchObject({ verdict: "inconclusive", value: null });
  });

  it('reads JSON 1.0\'s "NaN" as NaN: no data, never a pass', async () => {
    cw.setExpression("m1 / m2", "NaN");
    const res = await evaluateGate(valueGate({ query: "m1 / m2" }), opts());
    expect(res).toMatchObject({ verdict: "inconclusive" });
    expect(res.message).toContain("NaN");
  });

  it("refuses several time series and a result CloudWatch marks as not Complete", async () => {
    cw.setExpression("SEARCH('{Checkout} Latency', 'p99', 60)", { series: 3 });
    const many = await evaluateGate(valueGate({ query: "SEARCH('{Checkout} Latency', 'p99', 60)" }), opts());
    expect(many.message).toContain("3 time series; aggregate to one");
    cw.fail({ kind: "partial" }, 1);
    const partial = await evaluateGate(valueGate(), opts());
    expect(partial.verdict).toBe("error");
    expect(partial.message).toContain("CloudWatch answered InternalError: An internal error occurred");
  });

  it("says authentication failed for a wrong secret key, an expired token and a missing session token", async () => {
    const wrong = await evaluateGate(valueGate(), opts({ ...ENV, AWS_SECRET_ACCESS_KEY: "not-the-key" }));
    expect(wrong.message).toContain(
      "HTTP 403, authentication failed: InvalidSignatureException: The request signature",
    );
    const { AWS_SESSION_TOKEN: _t, ...noToken } = ENV;
    const missing = await evaluateGate(valueGate(), opts(noToken));
    expect(missing.message).toContain(
      "UnrecognizedClientException: The security token included in the request is invalid.",
    );
    cw.fail({ kind: "auth" }, 1);
    expect((await evaluateGate(valueGate(), opts())).message).toContain("ExpiredTokenException");
    expect(cw.requests).toHaveLength(3);
  });

  it("retries CloudWatch's throttling (a 400) and a 503, then reads the answer", async () => {
    cw.setMetric({ ...latency, dimensions: { Version: SHA.slice(0, 7) } }, 0.2);
    cw.fail({ kind: "rate-limit" }, 1);
    cw.fail({ kind: "server-error", status: 503 }, 1);
    expect(await evaluateGate(valueGate(), opts())).toMatchObject({ verdict: "pass", value: 0.2 });
    expect(cw.requests.map((r) => r.status)).toEqual([400, 503, 200]);
  });

  it("reports the error once retries run out, and a slow answer past the timeout", async () => {
    cw.fail({ kind: "server-error" }, 3);
    const down = await evaluateGate(valueGate(), opts());
    expect(down.message).toContain("HTTP 500, InternalServiceFault: Internal service error");
    cw.fail({ kind: "slow", ms: 1500 }, 1);
    expect((await evaluateGate(valueGate({ timeout: 0.2, retries: 0 }), opts())).message).toContain(
      "no answer within 0.2s",
    );
  });

  it("asks for one period from the window's first whole minute to its last, so stage windows tile", async () => {
    cw.setMetric({ ...errorsMetric, stat: "Sum" }, 5);
    cw.setMetric({ ...totalMetric, stat: "Sum" }, 1000);
    const minute = (iso: string) => Date.parse(iso) / 1000;
    // Stage 1 from 10:00:30 to 10:31:10, stage 2 from 10:31:10 to 10:45:59.
    const cuts = ["2026-11-21T10:00:30Z", "2026-11-21T10:31:10Z", "2026-11-21T10:45:59Z"].map(
      (t) => new Date(t),
    );
    for (let i = 0; i < 2; i++) {
      await evaluateGate(countGate(), {
        ...opts(),
        windows: undefined,
        now: cuts[i + 1] as Date,
        values: { ...VALUES, stage_started_unix: String((cuts[i] as Date).getTime() / 1000) },
      });
    }
    const calls = cw.calls();
    const ranges = calls.map((c) => [c.start, c.end, c.period]);
    // Errors and total per window: both ends round down to the minute.
    expect(ranges).toEqual([
      [minute("2026-11-21T10:00:00Z"), minute("2026-11-21T10:31:00Z"), 31 * 60],
      [minute("2026-11-21T10:00:00Z"), minute("2026-11-21T10:31:00Z"), 31 * 60],
      [minute("2026-11-21T10:31:00Z"), minute("2026-11-21T10:45:00Z"), 14 * 60],
      [minute("2026-11-21T10:31:00Z"), minute("2026-11-21T10:45:00Z"), 14 * 60],
    ]);
  });

  it("holds without asking while the stage is younger than a minute", async () => {
    const young = { ...opts(), now: new Date(STARTED.getTime() + 30_000) };
    expect((await evaluateGate(valueGate(), young)).verdict).toBe("inconclusive");
    expect(cw.requests).toHaveLength(0);
  });
});

describe("readMetricData and describeQuery", () => {
  const res = (status: number, headers: Record<string, string> = {}) => ({
    status,
    headers: new Headers(headers),
    text: "",
  });
  it("passes Messages on as warnings", () => {
    const body = {
      MetricDataResults: [{ Id: "q", Values: [5], Timestamps: [1], StatusCode: "Complete" }],
      Messages: [{ Code: "MaxQueryTimeRangeExceed", Value: "Query time range exceeded" }],
    };
    expect(readMetricData(res(200), body, true)).toEqual({
      value: 5,
      warnings: ["MaxQueryTimeRangeExceed: Query time range exceeded"],
    });
  });

  it("reads the error type from x-amzn-errortype when the body has none", () => {
    expect(() =>
      readMetricData(res(400, { "x-amzn-errortype": "InvalidParameterValueException:http://" }), {}, true),
    ).toThrow("HTTP 400, InvalidParameterValueException: no message");
  });

  it("describes an expression as written and a metric as the console does", () => {
    expect(describeQuery({ expression: "m1+m2" })).toBe("m1+m2");
    expect(
      describeQuery({ metric: { namespace: "N", metric: "M", dimensions: {}, stat: "Sum", unit: "Count" } }),
    ).toBe("Sum(N M Count)");
  });
});

interface Model {
  target: string;
  periodRules: { fromDays: number; toDays: number | null; multipleOf: number }[];
  retention: { periodSeconds: number; days: number }[];
}
const MODEL = recorded<Model>("cloudwatch", "get-metric-data-model");
const DAY = 86_400_000;

/** The multiple the model asks of a period for a query starting `days` back (none within 3 hours). */
function modelMultiple(days: number): number {
  return (
    MODEL.periodRules.find((r) => days > r.fromDays && (r.toDays === null || days <= r.toDays))?.multipleOf ??
    1
  );
}

describe("cloudwatch periods, held to the API model's rules", () => {
  it("has the model's resolutions and retention", () => {
    expect(RESOLUTION_BY_AGE.map((r) => r.multipleOf)).toEqual(MODEL.periodRules.map((r) => r.multipleOf));
    // Within 3 hours any multiple of 60 is served too, so the finest rule starts at 0.
    expect(RESOLUTION_BY_AGE.slice(1).map((r) => r.fromDays)).toEqual(
      MODEL.periodRules.slice(1).map((r) => r.fromDays),
    );
    expect(RETENTION_DAYS).toBe(Math.max(...MODEL.retention.map((r) => r.days)));
  });

  it("gives every window a period the model serves, covering no more than the window", () => {
    for (const days of [0.01, 0.2, 1, 7, 14.9, 14.97, 15, 15.01, 30, 62.99, 63, 63.5, 100, 400, 454]) {
      for (const hours of [0.5, 3, 30, 24 * 20]) {
        const since = new Date(NOW.getTime() - days * DAY);
        const until = new Date(Math.min(NOW.getTime(), since.getTime() + hours * 3_600_000));
        const w = periodFor(since, until, NOW);
        if (!("period" in w)) continue;
        const label = `${days} days back, ${hours} h long`;
        expect(w.period % modelMultiple(days), label).toBe(0);
        expect(w.start % modelMultiple(days), label).toBe(0);
        // Regular-resolution metrics take multiples of 60 s at any age; within an hour of a boundary the
        // coarser multiple is asked, as the request may arrive past it.
        const step = Math.max(60, modelMultiple(days + 1 / 24));
        expect(w.start * 1000, label).toBeGreaterThan(since.getTime() - step * 1000);
        expect((w.start + w.period) * 1000, label).toBeLessThanOrEqual(until.getTime());
      }
    }
  });

  it("refuses a window older than CloudWatch keeps data, saying why", () => {
    const since = new Date(NOW.getTime() - 500 * DAY);
    expect(() => periodFor(since, new Date(since.getTime() + DAY), NOW)).toThrow(ProviderError);
    expect(() => periodFor(since, new Date(since.getTime() + DAY), NOW)).toThrow(
      "the window starts 500 days ago, and CloudWatch keeps data for 455 days",
    );
  });
});

describe("cloudwatch over old windows", () => {
  const startedDaysAgo = (days: number) => ({
    ...opts(),
    // 7 min 7 s past a whole day back: not on any of CloudWatch's boundaries.
    values: { ...VALUES, stage_started_unix: String(Math.floor((NOW.getTime() - days * DAY) / 1000) + 427) },
  });

  it.each<[number, number]>([
    [20, 300],
    [70, 3600],
  ])(
    "reads a stage that went live %i days ago with a period CloudWatch serves (a multiple of %i s)",
    async (days, multiple) => {
      cw.setMetric({ ...errorsMetric, stat: "Sum" }, 5);
      cw.setMetric({ ...totalMetric, stat: "Sum" }, 1000);
      const res = await evaluateGate(countGate(), startedDaysAgo(days));
      expect(res).toMatchObject({ verdict: "pass", samples: 1000 });
      for (const c of cw.calls()) {
        expect(c.period % multiple).toBe(0);
        expect(c.start % multiple).toBe(0);
      }
    },
  );

  it("fails a gate whose stage went live before CloudWatch's retention, saying why", async () => {
    const res = await evaluateGate(countGate(), startedDaysAgo(460));
    expect(res.verdict).toBe("error");
    expect(res.message).toContain("CloudWatch keeps data for 455 days");
    expect(cw.requests).toHaveLength(0);
  });

  it("asks each stage window of a comparison with a period its age allows, reading nothing for one too short for it", async () => {
    const compare = parseGate(
      {
        name: "cw-vs-baseline",
        provider: "cloudwatch",
        url: cw.url,
        region: "eu-west-1",
        errors: { ...errorsMetric, dimensions: { ...errorsMetric.dimensions, Version: "{{sha}}" } },
        total: { ...totalMetric, dimensions: { ...totalMetric.dimensions, Version: "{{sha}}" } },
        baseline: {
          errors: {
            ...errorsMetric,
            dimensions: { ...errorsMetric.dimensions, Version: "{{baseline_sha}}" },
          },
          total: { ...totalMetric, dimensions: { ...totalMetric.dimensions, Version: "{{baseline_sha}}" } },
        },
        "max-increase": 0.2,
      },
      0,
      ALL_PROVIDERS,
    ) as CountGate;
    // A count per second of the period asked for: any window CloudWatch serves has data.
    for (const version of [SHA, "f".repeat(40)]) {
      for (const [m, per] of [
        [errorsMetric, 0.001],
        [totalMetric, 1],
      ] as const) {
        cw.setMetric(
          { ...m, dimensions: { ...m.dimensions, Version: version }, stat: "Sum" },
          (c) => c.period * per,
        );
      }
    }
    const at = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * DAY + 427_000);
    const windows = [
      { stage: 1, percent: 1, start: at(80), end: at(20) },
      // Promoted after two minutes, 20 days ago: shorter than the 5 minutes CloudWatch keeps for that age.
      { stage: 2, percent: 5, start: at(20), end: new Date(at(20).getTime() + 120_000) },
      { stage: 3, percent: 25, start: new Date(at(20).getTime() + 120_000), end: at(14) },
      { stage: 4, percent: 50, start: at(14), end: NOW },
    ];
    const res = await evaluateGate(compare, { ...opts(), windows });
    expect(res.verdict).not.toBe("error");
    expect(res.message).toContain("holds no whole 5-minute period");
    const byStart = new Map(cw.calls().map((c) => [c.start, c.period]));
    expect(
      [...byStart].map(([start, period]) => [
        period % modelMultiple((NOW.getTime() / 1000 - start) / 86_400),
      ]),
    ).toEqual([...byStart].map(() => [0]));
    // Three windows asked (four queries each); the short one is not asked and counts nothing.
    expect(byStart.size).toBe(3);
    expect(cw.calls()).toHaveLength(12);
    expect(res.baseline?.windows.map((w) => w.canary.total > 0)).toEqual([true, false, true, true]);
  });
});

describe("cloudwatch against AWS's recorded answers", () => {
  type Snapshot = { status: number; response: Record<string, unknown> };
  const okRes = { status: 200, headers: new Headers(), text: "" };

  it("reads the recorded answers: one value, and no data points", () => {
    const sum = recorded<Snapshot>("cloudwatch", "get-metric-data-sum");
    expect(readMetricData(okRes, sum.response, true)).toEqual({ value: 66, warnings: [] });
    const none = recorded<Snapshot>("cloudwatch", "get-metric-data-no-results");
    expect(readMetricData(okRes, none.response, true)).toEqual({ value: undefined, warnings: [] });
  });

  it("reads the recorded refusal as the wire carries it (JSON 1.0, x-amzn-query-error)", () => {
    const r = recorded<{ status: number; response: { Error: Record<string, string>; message: string } }>(
      "cloudwatch",
      "invalid-time-frame",
    );
    const wire = {
      status: r.status,
      headers: new Headers({ "x-amzn-query-error": `${r.response.Error.Code};${r.response.Error.Type}` }),
      text: "",
    };
    const body = {
      __type: `com.amazonaws.cloudwatch#${r.response.Error.QueryErrorCode}`,
      message: r.response.message,
    };
    expect(() => readMetricData(wire, body, true)).toThrow(
      "HTTP 400, InvalidParameterValueException: The parameter StartTime must be less than the parameter EndTime.",
    );
  });

  const post = async (body: object) => {
    const { signedHeaders } = await import("../../../../src/gates/aws.ts");
    const text = JSON.stringify(body);
    const headers = await signedHeaders(
      {
        url: cw.url,
        method: "POST",
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": MODEL.target,
        },
        body: text,
      },
      "monitoring",
      "eu-west-1",
      AWS_KEYS,
    );
    const res = await fetch(cw.url, { method: "POST", headers, body: text });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  };
  const query = (start: number, end: number) => ({
    MetricDataQueries: [
      {
        Id: "result1",
        MetricStat: { Metric: { Namespace: "test", MetricName: "metric1" }, Period: 60, Stat: "Sum" },
      },
    ],
    StartTime: start,
    EndTime: end,
  });
  // localstack's snapshots write every Timestamps list as "timestamp".
  const asSnapshot = (body: Record<string, unknown>) => ({
    ...body,
    MetricDataResults: (body.MetricDataResults as object[]).map((r) => ({ ...r, Timestamps: "timestamp" })),
  });

  it("answers from the stand-in in the recorded shapes, with data, without, and refusing", async () => {
    const start = Math.floor(NOW.getTime() / 60_000) * 60 - 120;
    cw.setMetric({ namespace: "test", metric: "metric1", stat: "Sum" }, 66);
    const sum = recorded<Snapshot>("cloudwatch", "get-metric-data-sum");
    const withData = await post(query(start, start + 120));
    expect(shapeOf(asSnapshot(withData.body))).toEqual(shapeOf(sum.response));
    expect(withData.body.MetricDataResults).toMatchObject([{ Id: "result1", Label: "metric1" }]);
    cw.setMetric({ namespace: "test", metric: "metric1", stat: "Sum" }, null);
    const none = recorded<Snapshot>("cloudwatch", "get-metric-data-no-results");
    expect(shapeOf(asSnapshot((await post(query(start, start + 120))).body))).toEqual(shapeOf(none.response));
    const refused = await post(query(start, start));
    const r = recorded<{ status: number; response: { Error: Record<string, string>; message: string } }>(
      "cloudwatch",
      "invalid-time-frame",
    );
    // As botocore parses a JSON 1.0 error of a service that stays compatible with the query protocol.
    const [code, type] = (refused.headers.get("x-amzn-query-error") ?? "").split(";");
    expect({
      status: refused.status,
      Error: {
        Code: code,
        Message: refused.body.message,
        QueryErrorCode: String(refused.body.__type).split("#")[1],
        Type: type,
      },
      message: refused.body.message,
    }).toEqual({ status: r.status, ...r.response });
  });
});
