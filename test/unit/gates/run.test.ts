import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type CountGate, type GateConfig, parseGate, type ValueGate } from "../../../src/gates/config.ts";
import { type EvaluateOptions, evaluateGate, evaluateGates } from "../../../src/gates/run.ts";
import { judgeCounts, judgeValue, unjudged } from "../../../src/gates/verdict.ts";
import { ProviderError } from "../../../src/gates/request.ts";
import type { Provider, QueryRequest, QueryResult } from "../../../src/gates/provider.ts";
import { SHA, VALUES } from "./providers/request.ts";
import { ALL_PROVIDERS } from "../../support/providers.ts";

const NOW = new Date("2026-11-21T00:30:00Z");

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
    expect(res.message).toBe("the query returned no data");
  });

  it.each(["pass", "fail"] as const)("follows on-no-data: %s and says so", (policy) => {
    const res = judgeValue(valueGate({ "on-no-data": policy }), NONE, []);
    expect(res.verdict).toBe(policy);
    expect(res.message).toBe(`the query returned no data (on-no-data: ${policy})`);
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
    expect(res.message).toBe("no data for the total: nothing to judge yet");
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

  it("fails any error at max-error-rate 0, passes everything at 1", () => {
    expect(judge(1, 1000, { "max-error-rate": 0 }).verdict).toBe("fail");
    expect(judge(0, 1000, { "max-error-rate": 0 }).verdict).toBe("pass");
    expect(judge(1000, 1000, { "max-error-rate": 1 }).verdict).toBe("pass");
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

describe("evaluateGate with a fake provider", () => {
  function fake(answer: (req: QueryRequest) => QueryResult | Promise<QueryResult>) {
    const requests: QueryRequest[] = [];
    const provider: Pick<Provider, "query"> = {
      async query(req) {
        requests.push(req);
        return answer(req);
      },
    };
    return { requests, providers: { prometheus: provider } };
  }

  const opts = (
    providers: EvaluateOptions["providers"],
    secrets: Record<string, string> = {},
  ): EvaluateOptions => ({
    values: VALUES,
    secrets: new Map(Object.entries(secrets)),
    now: NOW,
    ...(providers && { providers }),
  });

  it("fills templates and secrets in what it sends, and shows queries without secret values", async () => {
    const gate = valueGate({
      url: "https://${PROM_HOST}/{{environment}}",
      query: 'p99{v="{{short_sha}}",tenant="${TENANT}"}',
      headers: { "X-Scope-OrgID": "${TENANT}", "X-Static": "yes" },
      "bearer-token": "${PROM_TOKEN}",
    });
    const { requests, providers } = fake(() => r(0.1));
    const res = await evaluateGate(
      gate,
      opts(providers, { PROM_HOST: "prom.internal", TENANT: "acme", PROM_TOKEN: "tok123" }),
    );
    expect(requests).toHaveLength(1);
    const req = requests[0] as QueryRequest;
    expect(req.url).toBe("https://prom.internal/production");
    expect(req.query).toBe('p99{v="0123456",tenant="acme"}');
    expect(req.headers).toEqual({
      "X-Scope-OrgID": "acme",
      "X-Static": "yes",
      authorization: "Bearer tok123",
    });
    expect(req.now).toBe(NOW);
    expect(req.gate).toBe(gate);
    expect(res.queries).toEqual(['p99{v="0123456",tenant="${TENANT}"}']);
    expect(JSON.stringify(res)).not.toContain("acme");
    expect(res.verdict).toBe("pass");
  });

  it("sends basic auth from secrets", async () => {
    const { requests, providers } = fake(() => r(0.1));
    await evaluateGate(
      valueGate({ "basic-auth": { username: "${U}", password: "${P}" } }),
      opts(providers, { U: "user", P: "pa:ss" }),
    );
    expect(requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from("user:pa:ss").toString("base64")}`);
  });

  it("queries errors then total for a count gate and judges them", async () => {
    const { requests, providers } = fake((req) => r(req.query.startsWith("errors") ? 2 : 1000));
    const res = await evaluateGate(countGate(), opts(providers));
    expect(requests.map((q) => q.query)).toEqual([`errors{v="${SHA}"}[1800s]`, `total{v="${SHA}"}[1800s]`]);
    expect(res).toMatchObject({ verdict: "pass", value: 0.002, samples: 1000 });
    expect(res.queries).toEqual([`errors{v="${SHA}"}[1800s]`, `total{v="${SHA}"}[1800s]`]);
  });

  it("appends the provider's warnings to the message", async () => {
    const { providers } = fake((req) => (req.query.startsWith("errors") ? r(1, ["w1"]) : r(1000, ["w2"])));
    const res = await evaluateGate(countGate(), opts(providers));
    expect(res.message).toBe("error rate 0.1% (1 of 1,000) is within 1% (warning: w1; w2)");
  });

  it("is an error when the provider cannot be reached, and holds by default", async () => {
    const { providers } = fake(() => {
      throw new ProviderError("cannot connect: ECONNREFUSED", true);
    });
    const res = await evaluateGate(valueGate(), opts(providers));
    expect(res).toMatchObject({
      verdict: "error",
      value: null,
      message: "prometheus did not answer usefully: cannot connect: ECONNREFUSED",
      queries: [`p99{v="${SHA}"}`],
    });
  });

  it.each(["fail", "pass"] as const)("follows on-error: %s", async (policy) => {
    const { providers } = fake(() => {
      throw new ProviderError("HTTP 500, error: boom", false);
    });
    const res = await evaluateGate(countGate({ "on-error": policy }), opts(providers));
    expect(res.verdict).toBe(policy);
    expect(res.message).toBe(
      `prometheus did not answer usefully: HTTP 500, error: boom (on-error: ${policy})`,
    );
  });

  it("is an error when one of the two count queries fails", async () => {
    const { providers } = fake((req) => {
      if (req.query.startsWith("total")) throw new ProviderError("no answer within 10s", true);
      return r(0);
    });
    expect((await evaluateGate(countGate(), opts(providers))).verdict).toBe("error");
  });

  it("catches unexpected errors too, and never throws", async () => {
    const { providers } = fake(() => {
      throw new TypeError("kaboom");
    });
    const res = await evaluateGate(valueGate(), opts(providers));
    expect(res).toMatchObject({
      verdict: "error",
      message: "unexpected error while querying prometheus: kaboom",
    });
  });

  it("evaluateGates keeps the gates' order", async () => {
    const { providers } = fake(async (req) => {
      await new Promise((resolve) => setTimeout(resolve, req.gate.name === "a" ? 30 : 0));
      return r(0.1);
    });
    const results = await evaluateGates(
      [valueGate({ name: "a" }), valueGate({ name: "b" }), valueGate({ name: "c" })],
      opts(providers),
    );
    expect(results.map((g) => g.name)).toEqual(["a", "b", "c"]);
  });

  it("evaluateGates of no gates is an empty list", async () => {
    expect(await evaluateGates([], opts(undefined))).toEqual([]);
  });
});

describe("evaluateGate with the real prometheus provider against a local server", () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      if (s.listening) await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  });

  async function serve(handler: (query: string, res: ServerResponse) => unknown) {
    const queries: string[] = [];
    let inFlight = 0;
    const stats = { maxInFlight: 0 };
    const server = createServer(async (req, res) => {
      inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
      res.on("close", () => {
        inFlight--;
      });
      let body = "";
      for await (const c of req) body += c;
      const query = new URLSearchParams(body).get("query") ?? "";
      queries.push(query);
      await handler(query, res);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { base, queries, stats, server };
  }

  const vector = (v: string | undefined) =>
    JSON.stringify({
      status: "success",
      data: {
        resultType: "vector",
        result: v === undefined ? [] : [{ metric: {}, value: [1, v] }],
      },
    });

  const opts: EvaluateOptions = {
    values: VALUES,
    secrets: new Map(),
    now: NOW,
    http: { sleep: async () => {} },
  };

  it("passes a count gate on Prometheus's answers", async () => {
    const local = await serve((q, res) => res.end(vector(q.startsWith("errors") ? "3" : "2000")));
    const res = await evaluateGate(countGate({ url: local.base }), opts);
    expect(res).toMatchObject({ verdict: "pass", value: 0.0015, samples: 2000 });
    expect(local.queries).toHaveLength(2);
  });

  it("counts an empty error vector as zero errors, and an empty total as inconclusive", async () => {
    const zero = await serve((q, res) => res.end(vector(q.startsWith("errors") ? undefined : "900")));
    expect(await evaluateGate(countGate({ url: zero.base }), opts)).toMatchObject({
      verdict: "pass",
      value: 0,
    });
    const none = await serve((_q, res) => res.end(vector(undefined)));
    expect((await evaluateGate(countGate({ url: none.base }), opts)).verdict).toBe("inconclusive");
  });

  it("is inconclusive on a NaN value", async () => {
    const local = await serve((_q, res) => res.end(vector("NaN")));
    expect((await evaluateGate(valueGate({ url: local.base }), opts)).verdict).toBe("inconclusive");
  });

  // SPEC violation (src/gates/evaluate.ts:351 with src/gates/prometheus.ts:203): SPEC says "a query that
  // returns no series, NaN or zero requests is inconclusive — never pass". The parser maps NaN to
  // `value: undefined`, the same as "no series", and judgeCounts then counts undefined errors as zero,
  // so an errors query answering NaN (broken data) lets the gate pass. Fix: keep NaN apart from "no
  // series" in QueryResult (e.g. `nan: true`, or value NaN) and make judgeCounts treat a NaN error
  // count as no data (inconclusive), while an empty error vector still counts as zero.
  it("does not pass a count gate whose errors query answers NaN", async () => {
    const local = await serve((q, res) => res.end(vector(q.startsWith("errors") ? "NaN" : "5000")));
    expect((await evaluateGate(countGate({ url: local.base }), opts)).verdict).not.toBe("pass");
  });

  it("fails a value gate above max", async () => {
    const local = await serve((_q, res) => res.end(vector("0.9")));
    expect(await evaluateGate(valueGate({ url: local.base }), opts)).toMatchObject({
      verdict: "fail",
      value: 0.9,
      message: "0.9 is above the maximum 0.5",
    });
  });

  it("tells to sum when several series come back", async () => {
    const local = await serve((_q, res) =>
      res.end(
        JSON.stringify({
          status: "success",
          data: {
            resultType: "vector",
            result: [
              { metric: { pod: "a" }, value: [1, "1"] },
              { metric: { pod: "b" }, value: [1, "2"] },
            ],
          },
        }),
      ),
    );
    const res = await evaluateGate(valueGate({ url: local.base }), opts);
    expect(res.verdict).toBe("error");
    expect(res.message).toContain("query returned 2 series; aggregate it to one");
  });

  it("carries PromQL annotations into the message", async () => {
    const local = await serve((_q, res) =>
      res.end(
        JSON.stringify({
          status: "success",
          data: { resultType: "vector", result: [{ metric: {}, value: [1, "0.1"] }] },
          warnings: ["PromQL warning: quantile value should be between 0 and 1, got 1.5"],
        }),
      ),
    );
    expect((await evaluateGate(valueGate({ url: local.base }), opts)).message).toBe(
      "0.1 is within ≤ 0.5 (warning: PromQL warning: quantile value should be between 0 and 1, got 1.5)",
    );
  });

  it("is an error when Prometheus cannot be reached, after retries; on-error: fail fails", async () => {
    const local = await serve(() => {});
    await new Promise<void>((resolve) => local.server.close(() => resolve()));
    const slept: number[] = [];
    const o = { ...opts, http: { sleep: async (ms: number) => void slept.push(ms) } };
    const held = await evaluateGate(valueGate({ url: local.base, retries: 2 }), o);
    expect(held).toMatchObject({
      verdict: "error",
      message: "prometheus did not answer usefully: cannot connect: ECONNREFUSED",
    });
    expect(slept).toHaveLength(2);
    const failedGate = await evaluateGate(valueGate({ url: local.base, "on-error": "fail" }), o);
    expect(failedGate.verdict).toBe("fail");
  });

  it("is an error on a timeout", async () => {
    const local = await serve(async (_q, res) => {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      res.end(vector("0.1"));
    });
    const res = await evaluateGate(valueGate({ url: local.base, timeout: 0.1, retries: 0 }), opts);
    expect(res).toMatchObject({
      verdict: "error",
      message: "prometheus did not answer usefully: no answer within 0.1s",
    });
  });

  it("queries all gates of a run concurrently", async () => {
    const local = await serve(async (_q, res) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      res.end(vector("0.1"));
    });
    const gates: GateConfig[] = Array.from({ length: 5 }, (_, i) =>
      valueGate({ name: `g${i}`, url: local.base }),
    );
    const results = await evaluateGates(gates, opts);
    expect(results.map((g) => g.verdict)).toEqual(Array(5).fill("pass"));
    expect(local.queries).toHaveLength(5);
    expect(local.stats.maxInFlight).toBeGreaterThanOrEqual(5);
  });

  it("queries both halves of every count gate concurrently", async () => {
    const local = await serve(async (q, res) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      res.end(vector(q.startsWith("errors") ? "0" : "1000"));
    });
    const gates = Array.from({ length: 3 }, (_, i) => countGate({ name: `c${i}`, url: local.base }));
    await evaluateGates(gates, opts);
    expect(local.stats.maxInFlight).toBeGreaterThanOrEqual(6);
  });
});
