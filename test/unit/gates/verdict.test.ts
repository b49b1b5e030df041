// The pure rules that turn figures into a gate's verdict.

import { describe, expect, it } from "vitest";
import { type CountGate, parseGate, type ValueGate } from "../../../src/gates/config.ts";
import type { QueryResult } from "../../../src/gates/provider.ts";
import { ProviderError } from "../../../src/gates/request.ts";
import { failedQuery, judgeCounts, judgeValue, unjudged } from "../../../src/gates/verdict.ts";
import { ALL_PROVIDERS } from "../../support/providers.ts";

const valueGate = (extra: Record<string, unknown> = {}) =>
  parseGate(
    {
      name: "p99",
      provider: "prometheus",
      url: "https://prom.example.com",
      query: 'p99{v="{{sha}}"}',
      max: 0.5,
      ...extra,
    },
    0,
    ALL_PROVIDERS,
  ) as ValueGate;

const countGate = (extra: Record<string, unknown> = {}) =>
  parseGate(
    {
      name: "5xx",
      provider: "prometheus",
      url: "https://prom.example.com",
      errors: 'errors{v="{{sha}}"}[{{window}}]',
      total: 'total{v="{{sha}}"}[{{window}}]',
      "max-error-rate": 0.01,
      "min-requests": 500,
      ...extra,
    },
    0,
    ALL_PROVIDERS,
  ) as CountGate;

const r = (value: number | undefined, warnings: string[] = []): QueryResult => ({
  value,
  warnings,
});
const NONE = r(undefined);

describe("judgeValue", () => {
  it("carries the unit the query's metric names, for the summary", () => {
    const latency = valueGate({
      query:
        'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{v="{{sha}}"}[5m])))',
    });
    expect(judgeValue(latency, r(0.42), ["q"]).valueUnit).toBe("s");
    expect(judgeValue(valueGate(), r(0.42), ["q"]).valueUnit).toBeUndefined();
  });

  it("passes within the bounds and says so", () => {
    expect(judgeValue(valueGate(), r(0.42), ["q"])).toEqual({
      name: "p99",
      provider: "prometheus",
      unit: "number",
      verdict: "pass",
      value: 0.42,
      threshold: 0.5,
      samples: null,
      message: "0.42 is within ≤ 0.5",
      queries: ["q"],
      shadow: false,
    });
    expect(judgeValue(valueGate({ min: 0.1 }), r(0.3), []).message).toBe("0.3 is within ≥ 0.1 and ≤ 0.5");
  });

  it("passes exactly at the maximum and at the minimum", () => {
    expect(judgeValue(valueGate(), r(0.5), []).verdict).toBe("pass");
    expect(judgeValue(valueGate({ max: undefined, min: 0.99 }), r(0.99), []).verdict).toBe("pass");
  });

  it("fails above the maximum", () => {
    const res = judgeValue(valueGate(), r(0.51), []);
    expect(res).toMatchObject({ verdict: "fail", value: 0.51, threshold: 0.5 });
    expect(res.message).toBe("0.51 is above the maximum 0.5");
  });

  it("fails below the minimum, with the minimum as the threshold", () => {
    const res = judgeValue(valueGate({ min: 0.99, max: undefined }), r(0.9712345), []);
    expect(res).toMatchObject({ verdict: "fail", value: 0.9712345, threshold: 0.99 });
    expect(res.message).toBe("0.9712 is below the minimum 0.99");
  });

  it("formats large figures with thousands separators", () => {
    expect(judgeValue(valueGate({ max: 1000 }), r(12345.6), []).message).toBe(
      "12,346 is above the maximum 1,000",
    );
  });

  it("is inconclusive on no data, never pass or fail", () => {
    const res = judgeValue(valueGate(), NONE, []);
    expect(res).toMatchObject({ verdict: "inconclusive", value: null });
    expect(res.message).toBe(
      "the query matched no series: check its metric name and labels against the monitoring (the job summary shows the query as sent)",
    );
  });

  it.each(["pass", "fail"] as const)("follows on-no-data: %s and says so", (policy) => {
    const res = judgeValue(valueGate({ "on-no-data": policy }), NONE, []);
    expect(res.verdict).toBe(policy);
    expect(res.message).toBe(
      `the query matched no series: check its metric name and labels against the monitoring (the job summary shows the query as sent) (on-no-data: ${policy})`,
    );
  });

  it("fails a max gate on an infinite value", () => {
    expect(judgeValue(valueGate(), r(Number.POSITIVE_INFINITY), []).verdict).toBe("fail");
  });
});

describe("judgeCounts", () => {
  const judge = (e: number | undefined, t: number | undefined, extra = {}) =>
    judgeCounts(countGate(extra), r(e), r(t), ["e", "t"]);

  it("passes a low error rate on enough requests", () => {
    expect(judge(5, 1000)).toEqual({
      name: "5xx",
      provider: "prometheus",
      unit: "ratio",
      verdict: "pass",
      value: 0.005,
      threshold: 0.01,
      samples: 1000,
      message: "error rate 0.5% (5 of 1,000) is within 1%",
      queries: ["e", "t"],
      shadow: false,
    });
  });

  it("passes exactly at the maximum rate", () => {
    expect(judge(10, 1000).verdict).toBe("pass");
  });

  it("fails above max-error-rate", () => {
    const res = judge(25, 1000);
    expect(res).toMatchObject({ verdict: "fail", value: 0.025, samples: 1000, threshold: 0.01 });
    expect(res.message).toBe("error rate 2.5% (25 of 1,000) is above 1%");
  });

  it("rounds extrapolated counts for samples", () => {
    expect(judge(0.4, 1234.6).samples).toBe(1235);
  });

  it("counts a missing error series with a positive total as zero errors", () => {
    expect(judge(undefined, 1000)).toMatchObject({ verdict: "pass", value: 0, samples: 1000 });
  });

  it("is inconclusive with no total", () => {
    const res = judge(5, undefined);
    expect(res).toMatchObject({ verdict: "inconclusive", value: null, samples: null });
    expect(res.message).toBe(
      "the total query matched no series: no requests of this version yet, or a label (such as the version) matches none; the job summary shows the query as sent",
    );
    expect(judge(undefined, undefined).verdict).toBe("inconclusive");
  });

  it("is inconclusive with zero requests, even with errors", () => {
    const res = judge(3, 0);
    expect(res).toMatchObject({ verdict: "inconclusive", value: null, samples: 0 });
    expect(res.message).toBe("zero requests: nothing to judge yet");
  });

  it.each(["pass", "fail"] as const)("follows on-no-data: %s for no data", (policy) => {
    expect(judge(undefined, undefined, { "on-no-data": policy }).verdict).toBe(policy);
    expect(judge(0, 0, { "on-no-data": policy })).toMatchObject({
      verdict: policy,
      message: `zero requests: nothing to judge yet (on-no-data: ${policy})`,
    });
  });

  it("is inconclusive below min-requests, even with a high error rate", () => {
    const res = judge(200, 499);
    expect(res).toMatchObject({ verdict: "inconclusive", samples: 499 });
    expect(res.value).toBeCloseTo(200 / 499);
    expect(res.message).toBe("only 499 requests so far; at least 500 are needed to judge");
  });

  it("judges at exactly min-requests", () => {
    expect(judge(0, 500).verdict).toBe("pass");
  });

  it("does not apply on-no-data to too few requests", () => {
    expect(judge(0, 10, { "on-no-data": "pass" }).verdict).toBe("inconclusive");
  });

  it("is an error when errors exceed the total beyond extrapolation", () => {
    const res = judge(1200, 1000);
    expect(res).toMatchObject({ verdict: "error", value: null, samples: null, threshold: 0.01 });
    expect(res.message).toBe("errors (1,200) exceed the total (1,000); check the queries");
  });

  it("tolerates errors a hair above the total (increase() extrapolates), capping the rate at 1", () => {
    const res = judge(1040, 1000);
    expect(res).toMatchObject({ verdict: "fail", value: 1 });
  });

  it.each([
    [-1, 1000],
    [5, -1000],
    [5, Number.POSITIVE_INFINITY],
    [Number.POSITIVE_INFINITY, 1000],
  ])("is an error on unusable counts (errors %d, total %d)", (e, t) => {
    const res = judge(e, t);
    expect(res.verdict).toBe("error");
    expect(res.message).toMatch(/^counts are not usable \(errors .*, total .*\)$/);
  });

  it.each(["pass", "fail"] as const)("follows on-error: %s for broken counts", (policy) => {
    const res = judge(-1, 1000, { "on-error": policy });
    expect(res.verdict).toBe(policy);
    expect(res.message).toMatch(new RegExp(`\\(on-error: ${policy}\\)$`));
  });

  it("fails any error at max-error-rate 0, passes all but total failure just under 1", () => {
    expect(judge(1, 1000, { "max-error-rate": 0 }).verdict).toBe("fail");
    expect(judge(0, 1000, { "max-error-rate": 0 }).verdict).toBe("pass");
    expect(judge(999, 1000, { "max-error-rate": 0.999 }).verdict).toBe("pass");
    expect(judge(1000, 1000, { "max-error-rate": 0.999 }).verdict).toBe("fail");
  });
});

describe("unjudged", () => {
  it("uses the gate's threshold and on-error", () => {
    expect(unjudged(valueGate(), "boom", ["q"])).toMatchObject({
      verdict: "error",
      threshold: 0.5,
      value: null,
      samples: null,
      message: "boom",
      queries: ["q"],
    });
    expect(unjudged(valueGate({ max: undefined, min: 3 }), "boom", []).threshold).toBe(3);
    expect(unjudged(countGate({ "on-error": "fail" }), "boom", [])).toMatchObject({
      verdict: "fail",
      threshold: 0.01,
      message: "boom (on-error: fail)",
    });
  });
});

describe("failedQuery", () => {
  const refused = new ProviderError(
    "HTTP 404 with a body that is not Prometheus JSON: 404 page not found",
    false,
  );
  const outage = new ProviderError("HTTP 503", true);

  it.each(["fail", "pass", "hold"] as const)(
    "a request the provider refused is an error of the gate's making whatever on-error says (%s)",
    (policy) => {
      const r = failedQuery(countGate({ "on-error": policy }), refused, ["q"], "https://prom.example/graph");
      expect(r).toMatchObject({ verdict: "error", misconfigured: true });
      expect(r.message).toBe(
        "prometheus refused the request to https://prom.example/graph: HTTP 404 with a body that is not Prometheus JSON: 404 page not found",
      );
    },
  );

  it("an outage follows on-error", () => {
    const r = failedQuery(countGate({ "on-error": "fail" }), outage, ["q"], undefined);
    expect(r).toMatchObject({
      verdict: "fail",
      message: "prometheus did not answer usefully: HTTP 503 (on-error: fail)",
    });
    expect(r.misconfigured).toBeUndefined();
  });
});
