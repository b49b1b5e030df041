// The generic HTTP JSON provider against an in-house stand-in. The expressions follow
//   https://www.rfc-editor.org/rfc/rfc9535 (JSONPath, as jsonpath-plus reads it) and
//   https://jmespath.org/specification.html (JMESPath); status codes per https://www.rfc-editor.org/rfc/rfc9110.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type CountGate, GateConfigError, parseGate, type ValueGate } from "../../../../src/gates/config.ts";
import { evaluateGate } from "../../../../src/gates/run.ts";
import { jmesPathProblem, jsonPathProblem, numberFrom, pick } from "../../../../src/gates/providers/http.ts";
import { HTTP_TOKEN, type HttpStandIn, startHttpStandIn } from "../../../../harness/monitoring/http.ts";
import { type Recorded, recordSleeps } from "../../../../harness/monitoring/server.ts";
import { NOW, SHA, VALUES } from "./request.ts";
import { ALL_PROVIDERS } from "../../../support/providers.ts";

let api: HttpStandIn;
beforeAll(async () => {
  api = await startHttpStandIn();
});
afterAll(() => api.close());
beforeEach(() => {
  api.requests.length = 0;
});

const secrets = new Map([["METRICS_TOKEN", HTTP_TOKEN]]);
const sleeps: number[] = [];
const opts = {
  values: VALUES,
  secrets,
  now: NOW,
  http: recordSleeps(sleeps),
};

function countGate(extra: Record<string, unknown> = {}): CountGate {
  return parseGate(
    {
      name: "in-house",
      provider: "http",
      url: `${api.url}/v1/health?version={{sha}}`,
      "bearer-token": "${METRICS_TOKEN}",
      errors: "$.stats.errors",
      total: "$.stats.requests",
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
      name: "in-house-p99",
      provider: "http",
      url: `${api.url}/v1/latency`,
      "bearer-token": "${METRICS_TOKEN}",
      query: "$.p99",
      max: 0.5,
      ...extra,
    },
    0,
    ALL_PROVIDERS,
  ) as ValueGate;
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

describe("http gate config", () => {
  it.each([
    ["$", undefined],
    ["$.a.b", undefined],
    ["$..errors", undefined],
    ["$['a b'][0]", undefined],
    ["$.versions[?(@.sha=='{{sha}}')].errors", undefined],
    ["$..[0]", undefined],
    ["$.a.*", undefined],
    ["a.b", 'must start with "$"'],
    ["$.a.[0]", 'expected a name after "." at character 5'],
    ["$.a[", '"[" at character 4 is not closed'],
    ["$.a[]", 'empty "[]" at character 4'],
    ["$.a b", 'unexpected " " at character 4'],
    ["$.a['b]", "is not closed"],
  ])("reads the JSONPath %s as %s", (path, problem) => {
    if (problem === undefined) expect(jsonPathProblem(path)).toBeUndefined();
    else expect(jsonPathProblem(path)).toContain(problem);
  });

  it("checks JMESPath with the JMESPath parser", () => {
    expect(jmesPathProblem("stats.errors")).toBeUndefined();
    expect(jmesPathProblem("versions[?sha=='{{sha}}'] | [0].errors")).toBeUndefined();
    expect(jmesPathProblem("stats.[")).toContain("Syntax error");
  });

  it("names the gate and the key of an expression that does not parse", () => {
    expect(errorOf(() => countGate({ total: "$.stats.[" }))).toBe(
      'gate 1 "in-house": "total" is not a valid JSONPath (expected a name after "." at character 9): $.stats.[',
    );
    expect(errorOf(() => valueGate({ syntax: "jmespath", query: "p99 ||" }))).toContain(
      '"query" is not a valid JMESPath',
    );
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["a body on GET", { body: "{}" }, "a GET request has no body; set method: POST"],
    ["an unknown method", { method: "PUT" }, '"method"'],
    ["an unknown syntax", { syntax: "xpath" }, '"syntax"'],
    [
      "a token over plain http",
      { url: "http://metrics.internal/v1" },
      "would send credentials over plain http to metrics.internal",
    ],
  ])("rejects %s", (_what, extra, message) => {
    expect(errorOf(() => valueGate(extra))).toContain(message);
  });

  it("allows plain http to a remote host without credentials, and with allow-insecure", () => {
    expect(
      parseGate(
        { name: "x", provider: "http", url: "http://metrics.internal/v1", query: "$.a", max: 1 },
        0,
        ALL_PROVIDERS,
      ).url,
    ).toBe("http://metrics.internal/v1");
    expect(valueGate({ url: "http://metrics.internal/v1", "allow-insecure": true }).url).toBe(
      "http://metrics.internal/v1",
    );
  });
});

describe("http queries", () => {
  it("asks once for both counts, with templates in the URL and the bearer token", async () => {
    api.route("/v1/health", (r: Recorded) => ({
      version: r.query.get("version"),
      stats: { errors: 2, requests: 1000 },
    }));
    const res = await evaluateGate(countGate(), opts);
    expect(res).toMatchObject({ verdict: "pass", value: 0.002, samples: 1000 });
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]?.query.get("version")).toBe(SHA);
    expect(api.requests[0]?.headers.authorization).toBe(`Bearer ${HTTP_TOKEN}`);
    expect(res.queries).toEqual(["$.stats.errors", "$.stats.requests"]);
  });

  it("POSTs a JSON body with each string templated on its own, and picks with JMESPath", async () => {
    api.route("/v1/query", (r: Recorded) => {
      const body = JSON.parse(r.body) as { version: string };
      return { results: [{ version: body.version, errors: "12", total: "600" }] };
    });
    const g = countGate({
      url: `${api.url}/v1/query`,
      method: "POST",
      body: { version: "{{sha}}", note: 'quote " inside' },
      syntax: "jmespath",
      errors: "results[0].errors",
      total: "results[0].total",
    });
    expect(await evaluateGate(g, opts)).toMatchObject({ verdict: "fail", value: 0.02 });
    expect(JSON.parse(api.requests[0]?.body ?? "")).toEqual({ version: SHA, note: 'quote " inside' });
    expect(api.requests[0]?.headers["content-type"]).toBe("application/json");
  });

  it('holds on a missing figure, on null and on "NaN"', async () => {
    api.route("/v1/latency", { p50: 0.1 });
    expect((await evaluateGate(valueGate(), opts)).verdict).toBe("inconclusive");
    api.route("/v1/latency", { p99: null });
    expect((await evaluateGate(valueGate(), opts)).verdict).toBe("inconclusive");
    api.route("/v1/latency", { p99: "NaN" });
    expect((await evaluateGate(valueGate(), opts)).message).toContain("NaN");
    api.route("/v1/latency", { p99: "0.25" });
    expect(await evaluateGate(valueGate(), opts)).toMatchObject({ verdict: "pass", value: 0.25 });
  });

  it("errors on a value that is not a number, on several matches, and on a truncated answer", async () => {
    api.route("/v1/latency", { p99: { value: 1 } });
    expect((await evaluateGate(valueGate(), opts)).message).toContain(
      '$.p99 picked {"value":1}, which is not a number',
    );
    api.route("/v1/latency", { p99: [0.1, 0.2] });
    expect((await evaluateGate(valueGate({ query: "$.p99[*]" }), opts)).message).toContain(
      "matched 2 values",
    );
    api.fail({ kind: "partial" }, 1);
    expect((await evaluateGate(valueGate(), opts)).message).toContain(
      "HTTP 200 with a body that is not a JSON",
    );
  });

  it("says authentication failed on a 401, retries a 429 after Retry-After, and gives up on a 5xx", async () => {
    api.route("/v1/latency", { p99: 0.1 });
    const bad = await evaluateGate(valueGate(), { ...opts, secrets: new Map([["METRICS_TOKEN", "wrong"]]) });
    expect(bad.message).toContain("HTTP 401, authentication failed");
    sleeps.length = 0;
    api.fail({ kind: "rate-limit", resetSeconds: 2 }, 1);
    expect((await evaluateGate(valueGate(), opts)).verdict).toBe("pass");
    expect(sleeps).toEqual([2000]);
    api.fail({ kind: "server-error" }, 3);
    expect((await evaluateGate(valueGate(), opts)).message).toContain(
      "HTTP 503, error: <html>upstream unavailable</html>",
    );
    api.fail({ kind: "slow", ms: 1500 }, 1);
    expect((await evaluateGate(valueGate({ timeout: 0.2, retries: 0 }), opts)).message).toContain(
      "no answer within 0.2s",
    );
  });
});

describe("pick and numberFrom", () => {
  it("reads numbers, numeric text and the infinities; null and no match are no data", () => {
    expect(pick({ a: 1 }, "$.a", "jsonpath")).toBe(1);
    expect(pick({ a: { b: "2.5" } }, "a.b", "jmespath")).toBe(2.5);
    expect(pick({}, "$.a", "jsonpath")).toBeUndefined();
    expect(pick({}, "a", "jmespath")).toBeUndefined();
    expect(numberFrom("+Inf", "x")).toBe(Number.POSITIVE_INFINITY);
    expect(() => numberFrom("", "x")).toThrow("not a number");
    expect(() => numberFrom(true, "x")).toThrow("not a number");
  });
});
