import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type CountGate, type GateConfig, parseGate, type ValueGate } from "../../../src/gates/config.ts";
import { type EvaluateOptions, evaluateGate, evaluateGates } from "../../../src/gates/run.ts";
import { ProviderError, statusError } from "../../../src/gates/request.ts";
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
      throw statusError(500, "HTTP 500, error: boom");
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

  describe("a request the provider refuses is a misconfiguration, saying what was requested", () => {
    it("a URL copied from Prometheus's /graph page: the 404 shows the URL asked, secrets masked", async () => {
      const local = await serve((_q, res) => {
        res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("404 page not found\n");
      });
      const gate = valueGate({ url: `${local.base}/graph?g0.expr=up&g0.tab=0&key=\${PROM_KEY}` });
      const res = await evaluateGate(gate, { ...opts, secrets: new Map([["PROM_KEY", "k3y-v4lue"]]) });
      expect(res).toMatchObject({ verdict: "error", misconfigured: true });
      expect(res.message).toBe(
        `prometheus refused the request to ${local.base}/graph/api/v1/query?g0.expr=up&g0.tab=0&key=\${PROM_KEY}: HTTP 404 with a body that is not Prometheus JSON: 404 page not found; the gate's url is the server's address (such as https://prometheus.example.com), not a page of its web UI`,
      );
    });

    it("a syntax error quotes Prometheus's message", async () => {
      const local = await serve((_q, res) => {
        res.writeHead(400, { "content-type": "application/json" }).end(
          JSON.stringify({
            status: "error",
            errorType: "bad_data",
            error: 'invalid parameter "query": 1:16: parse error: unclosed left parenthesis',
          }),
        );
      });
      const res = await evaluateGate(valueGate({ url: local.base }), opts);
      expect(res).toMatchObject({ verdict: "error", misconfigured: true });
      expect(res.message).toBe(
        `prometheus refused the request to ${local.base}/api/v1/query: HTTP 400, bad_data: invalid parameter "query": 1:16: parse error: unclosed left parenthesis`,
      );
    });

    it("an outage is not", async () => {
      const local = await serve((_q, res) => {
        res.writeHead(503, { "content-type": "application/json" }).end(
          JSON.stringify({
            status: "error",
            errorType: "timeout",
            error: "query timed out in query execution",
          }),
        );
      });
      const res = await evaluateGate(valueGate({ url: local.base, retries: 0 }), opts);
      expect(res.verdict).toBe("error");
      expect(res.misconfigured).toBeUndefined();
      expect(res.message).toBe(
        "prometheus did not answer usefully: HTTP 503, timeout: query timed out in query execution",
      );
    });
  });

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

  // SPEC violation (src/gates/verdict.ts, judgeCounts, with src/gates/providers/prometheus.ts): SPEC says "a query that
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
