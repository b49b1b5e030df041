// The CloudWatch provider against a stand-in that answers in the shapes of the CloudWatch API reference and
// checks every request's SigV4 signature independently:
//   https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
//   https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDataResult.html
//   https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CommonErrors.html
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html

import { recordSleeps } from "../../support/provider-stand-ins.ts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { describeQuery, readMetricData } from "../../../src/gates/cloudwatch.ts";
import { type CountGate, GateConfigError, parseGate, type ValueGate } from "../../../src/gates/config.ts";
import { evaluateGate } from "../../../src/gates/evaluate.ts";
import { resolveSecrets, SecretError } from "../../../src/gates/template.ts";
import {
  AWS_KEYS,
  type CloudWatchStandIn,
  startCloudWatchStandIn,
} from "../../support/cloudwatch-stand-in.ts";
import { NOW, SHA, STARTED, VALUES } from "./request.ts";

let cw: CloudWatchStandIn;
beforeAll(async () => {
  cw = await startCloudWatchStandIn("eu-west-1");
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
    expect(g.cloudwatch?.queries.errors).toEqual({ metric: { ...errorsMetric, stat: "Sum" } });
    expect(g.errors).toBe(
      `Sum(AWS/ApplicationELB HTTPCode_Target_5XX_Count {TargetGroup=${TG},LoadBalancer=${LB}})`,
    );
    const e = valueGate({ query: "SUM(SEARCH('{Checkout,Version} Latency', 'Average', 60))" });
    expect(e.cloudwatch?.queries.query).toEqual({
      expression: "SUM(SEARCH('{Checkout,Version} Latency', 'Average', 60))",
    });
    expect(valueGate({ query: { namespace: "N", metric: "M" } }).cloudwatch?.queries.query).toEqual({
      metric: { namespace: "N", metric: "M", dimensions: {}, stat: "Average" },
    });
  });

  it("uses the region's endpoint unless a url is given", () => {
    const g = parseGate(
      { name: "x", provider: "cloudwatch", region: "ap-southeast-2", query: "m1", max: 1 },
      0,
    );
    expect(g.url).toBe("https://monitoring.ap-southeast-2.amazonaws.com");
    expect(
      parseGate({ name: "x", provider: "cloudwatch", region: "cn-north-1", query: "m1", max: 1 }, 0).url,
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
    const noRegion = parseGate({ name: "cw", provider: "cloudwatch", query: "m1", max: 1 }, 0);
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
