import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type GateConfig, parseGate } from "../../../../src/gates/config.ts";
import { ProviderError } from "../../../../src/gates/request.ts";
import { queryRequest } from "./request.ts";
import { prometheus, readPrometheusAnswer } from "../../../../src/gates/providers/prometheus.ts";
import { recorded } from "../../../../harness/recorded.ts";
import { ALL_PROVIDERS } from "../../../support/providers.ts";

const vector = (...values: string[]) =>
  JSON.stringify({
    status: "success",
    data: {
      resultType: "vector",
      result: values.map((v, i) => ({ metric: { i: String(i) }, value: [1795219200.123, v] })),
    },
  });

const scalar = (v: string) =>
  JSON.stringify({ status: "success", data: { resultType: "scalar", result: [1795219200, v] } });

function thrown(fn: () => unknown): ProviderError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error("expected a ProviderError");
}

describe("readPrometheusAnswer", () => {
  it("reads a vector of one series", () => {
    expect(readPrometheusAnswer(200, vector("0.25"))).toEqual({ value: 0.25, warnings: [] });
    expect(readPrometheusAnswer(200, vector("1234567"))).toEqual({ value: 1234567, warnings: [] });
    expect(readPrometheusAnswer(200, vector("1e-3")).value).toBe(0.001);
    expect(readPrometheusAnswer(200, vector("0")).value).toBe(0);
  });

  it("reads an empty vector as no data", () => {
    expect(readPrometheusAnswer(200, vector())).toEqual({ value: undefined, warnings: [] });
  });

  it('keeps "NaN" apart from an empty answer, for the verdict to treat as no data', () => {
    expect(readPrometheusAnswer(200, vector("NaN")).value).toBeNaN();
    expect(readPrometheusAnswer(200, scalar("NaN")).value).toBeNaN();
  });

  it("reads a scalar", () => {
    expect(readPrometheusAnswer(200, scalar("42.5"))).toEqual({ value: 42.5, warnings: [] });
  });

  it('reads "+Inf" and "-Inf" as infinities', () => {
    expect(readPrometheusAnswer(200, vector("+Inf")).value).toBe(Number.POSITIVE_INFINITY);
    expect(readPrometheusAnswer(200, vector("-Inf")).value).toBe(Number.NEGATIVE_INFINITY);
  });

  it.each(["abc", "", " ", "1,5"])("rejects the sample value %j as not a number", (v) => {
    expect(thrown(() => readPrometheusAnswer(200, vector(v))).message).toBe(
      `answer has a sample value "${v}" that is not a number`,
    );
  });

  it("rejects a sample that is not [time, value]", () => {
    const bad = JSON.stringify({
      status: "success",
      data: { resultType: "vector", result: [{ metric: {}, value: [1, 2] }] },
    });
    expect(thrown(() => readPrometheusAnswer(200, bad)).message).toBe(
      'answer has a sample that is not [time, "value"]',
    );
  });

  it("rejects a vector holding null with a ProviderError", () => {
    const bad = JSON.stringify({
      status: "success",
      data: { resultType: "vector", result: [null] },
    });
    thrown(() => readPrometheusAnswer(200, bad));
  });

  it("tells to aggregate when several series come back", () => {
    const error = thrown(() => readPrometheusAnswer(200, vector("1", "2", "3")));
    expect(error.message).toBe("query returned 3 series; aggregate it to one, for example with sum(...)");
    expect(error.retryable).toBe(false);
  });

  it.each(["matrix", "string"])("rejects a %s result", (resultType) => {
    const body = JSON.stringify({ status: "success", data: { resultType, result: [] } });
    expect(thrown(() => readPrometheusAnswer(200, body)).message).toBe(
      `query returned a ${resultType}; a gate needs a single number (an instant vector of one series)`,
    );
  });

  it("rejects a vector result that is not a list", () => {
    const body = JSON.stringify({ status: "success", data: { resultType: "vector", result: {} } });
    expect(thrown(() => readPrometheusAnswer(200, body)).message).toBe(
      "answer's vector result is not a list",
    );
  });

  it("reports status error with its errorType and message", () => {
    const body = JSON.stringify({
      status: "error",
      errorType: "bad_data",
      error: 'invalid parameter "query": 1:5: parse error: unexpected ")"',
    });
    expect(thrown(() => readPrometheusAnswer(400, body)).message).toBe(
      'HTTP 400, bad_data: invalid parameter "query": 1:5: parse error: unexpected ")"',
    );
    expect(thrown(() => readPrometheusAnswer(422, body)).message).toMatch(/^HTTP 422, bad_data: /);
  });

  describe("tells a request that is wrong from an outage", () => {
    const promError = (errorType: string, error: string) =>
      JSON.stringify({ status: "error", errorType, error });
    it.each<[string, number, string, boolean]>([
      // As Prometheus 2.42 answers (web/api/v1: bad_data 400, execution 422, timeout and unavailable 503).
      [
        "a syntax error",
        400,
        promError("bad_data", 'invalid parameter "query": 1:16: parse error: unclosed left parenthesis'),
        true,
      ],
      [
        "a query the engine cannot run",
        422,
        promError(
          "execution",
          'found duplicate series for the match group {} on the right hand-side of the operation: [{b="2"}, {b="1"}];many-to-many matching not allowed: matching labels must be unique on one side',
        ),
        true,
      ],
      ["a wrong path (a URL copied from /graph)", 404, "404 page not found\n", true],
      ["a refused token", 401, "Unauthorized\n", true],
      ["a forbidden tenant", 403, promError("forbidden", "no org id"), true],
      ["a timeout", 503, promError("timeout", "query timed out in query execution"), false],
      ["an overloaded server", 429, "Too Many Requests", false],
      ["a proxy's error page", 502, "<html><title>502 Bad Gateway</title></html>", false],
      // Thanos Query with partial responses refused, a store down (thanos-io/thanos#6223).
      [
        "a Thanos store that did not answer",
        422,
        promError(
          "execution",
          "expanding series: proxy Series(): rpc error: code = Aborted desc = No StoreAPIs matched for this query",
        ),
        false,
      ],
      [
        "a web page where JSON belongs",
        200,
        "<!doctype html><html><title>Prometheus Time Series Collection and Processing Server</title>",
        true,
      ],
      [
        "an answer with several series",
        200,
        JSON.stringify({
          status: "success",
          data: {
            resultType: "vector",
            result: [
              { metric: { a: "1" }, value: [1, "1"] },
              { metric: { a: "2" }, value: [1, "2"] },
            ],
          },
        }),
        true,
      ],
    ])("%s", (_what, status, body, misconfigured) => {
      const error = thrown(() => readPrometheusAnswer(status, body));
      expect(error).toBeInstanceOf(ProviderError);
      expect(error.misconfigured).toBe(misconfigured);
    });

    it("quotes a plain-text 404 as it came", () => {
      expect(thrown(() => readPrometheusAnswer(404, "404 page not found\n")).message).toBe(
        "HTTP 404 with a body that is not Prometheus JSON: 404 page not found",
      );
    });
  });

  it("reports status error even on HTTP 200, and an error status without a body's message", () => {
    expect(thrown(() => readPrometheusAnswer(200, '{"status":"error","errorType":"timeout"}')).message).toBe(
      "HTTP 200, timeout: no message",
    );
    expect(thrown(() => readPrometheusAnswer(500, vector("1"))).message).toBe("HTTP 500, error: no message");
  });

  it.each([401, 403])("says authentication failed on %d", (status) => {
    const body = JSON.stringify({ status: "error", errorType: "unauthorized", error: "bad token" });
    expect(thrown(() => readPrometheusAnswer(status, body)).message).toBe(
      `HTTP ${status}, authentication failed: bad token`,
    );
  });

  it("quotes the start of an HTML error page on one line", () => {
    const html = `<html>\n  <head><title>502 Bad Gateway</title></head>\n<body>${"x".repeat(500)}</body></html>`;
    const message = thrown(() => readPrometheusAnswer(502, html)).message;
    expect(message).toMatch(
      /^HTTP 502 with a body that is not Prometheus JSON: <html> <head><title>502 Bad Gateway<\/title>/,
    );
    expect(message).not.toContain("\n");
    expect(message.length).toBeLessThan(200);
  });

  it.each([
    ["null", "HTTP 200 with an answer that is not a JSON object"],
    ['"text"', "HTTP 200 with an answer that is not a JSON object"],
    ["{}", 'answer has no status "success" and no data'],
    ['{"status":"success"}', 'answer has no status "success" and no data'],
  ])("rejects the body %s", (body, message) => {
    expect(thrown(() => readPrometheusAnswer(200, body)).message).toBe(message);
  });

  it("carries PromQL annotations as warnings: they describe the query, not missing data", () => {
    const body = JSON.stringify({
      status: "success",
      data: { resultType: "vector", result: [{ metric: {}, value: [1, "3"] }] },
      warnings: [
        'PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "x"',
      ],
    });
    expect(readPrometheusAnswer(200, body)).toEqual({
      value: 3,
      warnings: [
        'PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "x"',
      ],
    });
  });

  it("refuses an answer whose other warnings say data may be missing, an empty one included", () => {
    for (const [warnings, result] of [
      [["partial response"], []],
      [[7], [{ metric: {}, value: [1, "3"] }]],
    ] as const) {
      const body = JSON.stringify({ status: "success", data: { resultType: "vector", result }, warnings });
      const error = thrown(() => readPrometheusAnswer(200, body));
      expect(error.message).toBe(
        `the answer may be missing data; the server warned: ${typeof warnings[0] === "string" ? warnings[0] : "7"}`,
      );
    }
  });

  it('refuses an answer marked "isPartial": true, whatever it holds', () => {
    const body = JSON.stringify({
      status: "success",
      isPartial: true,
      data: { resultType: "vector", result: [{ metric: {}, value: [1, "1500"] }] },
    });
    expect(thrown(() => readPrometheusAnswer(200, body)).message).toBe(
      'the answer is partial ("isPartial": true): some storage nodes did not answer, so its figures may be too low',
    );
    const full = JSON.stringify({
      status: "success",
      isPartial: false,
      data: { resultType: "scalar", result: [1, "2"] },
    });
    expect(readPrometheusAnswer(200, full)).toEqual({ value: 2, warnings: [] });
  });
});

describe("recorded answers (harness/recorded/prometheus)", () => {
  interface Examples {
    response: { examples: Record<string, unknown> };
    error: { examples: Record<string, unknown> };
  }
  const golden = recorded<Examples>("prometheus", "prometheus-instant-query");
  const replay =
    (body: unknown, status = 200) =>
    () =>
      readPrometheusAnswer(status, JSON.stringify(body));

  it("Prometheus's own examples: a scalar is read; two series, a matrix and a native histogram are refused with what to do", () => {
    const ex = golden.response.examples;
    expect(replay(ex.scalarResult)()).toEqual({ value: 42, warnings: [] });
    expect(thrown(replay(ex.vectorResult)).message).toBe(
      "query returned 2 series; aggregate it to one, for example with sum(...)",
    );
    expect(thrown(replay(ex.matrixResult)).message).toBe(
      "query returned a matrix; a gate needs a single number (an instant vector of one series)",
    );
    expect(thrown(replay(ex.histogramResult)).message).toBe(
      "query returned a native histogram; a gate needs a number: take one with histogram_count(), histogram_sum() or histogram_quantile()",
    );
    expect(thrown(replay(golden.error.examples.tsdbNotReady, 503)).message).toBe(
      "HTTP 503, internal: TSDB not ready",
    );
  });

  it("every PromQL annotation Prometheus writes stays a footnote", () => {
    const { prefixes, messages } = recorded<{ prefixes: string[]; messages: Record<string, string> }>(
      "prometheus",
      "prometheus-annotations",
    );
    expect(prefixes).toEqual(["PromQL info", "PromQL warning"]);
    for (const message of Object.values(messages)) {
      const body = {
        status: "success",
        data: { resultType: "scalar", result: [1, "0.2"] },
        warnings: [message],
      };
      expect(replay(body)(), message).toEqual({ value: 0.2, warnings: [message] });
    }
  });

  it("VictoriaMetrics cluster: a full answer is read, a partial one is an error even when empty or holding a value", () => {
    const { answers } = recorded<{ answers: Record<string, { isPartial: boolean }> }>(
      "prometheus",
      "victoriametrics-partial-query",
    );
    expect(replay(answers.regionalVmselect1)()).toEqual({ value: undefined, warnings: [] });
    for (const partial of [answers.regionalVmselect2, answers.globalVmselect]) {
      expect(partial?.isPartial).toBe(true);
      expect(thrown(replay(partial)).message).toContain('"isPartial": true');
    }
    const { body } = recorded<{ body: unknown }>("prometheus", "victoriametrics-partial-scalar");
    expect(thrown(replay(body)).message).toContain('"isPartial": true');
  });

  it("Thanos: a store's failure beside the data is an error, not a footnote", () => {
    const { message } = recorded<{ message: string }>("prometheus", "thanos-store-error");
    const body = {
      status: "success",
      data: { resultType: "vector", result: [{ metric: {}, value: [1, "1500"] }] },
      warnings: [message],
    };
    expect(thrown(replay(body)).message).toBe(
      `the answer may be missing data; the server warned: ${message}`,
    );
  });
});

describe("the prometheus provider over HTTP", () => {
  interface Seen {
    method: string;
    url: string;
    headers: IncomingMessage["headers"];
    form: URLSearchParams;
  }

  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  });

  async function serve(handler: (n: number, seen: Seen, res: ServerResponse) => void) {
    const seen: Seen[] = [];
    const server = createServer(async (req, res) => {
      let body = "";
      for await (const c of req) body += c;
      const s = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        form: new URLSearchParams(body),
      };
      seen.push(s);
      handler(seen.length - 1, s, res);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
  }

  const gate = (extra: Record<string, unknown> = {}): GateConfig =>
    parseGate(
      {
        name: "p99",
        provider: "prometheus",
        url: "http://placeholder",
        query: "up",
        max: 1,
        timeout: "7s",
        ...extra,
      },
      0,
      ALL_PROVIDERS,
    );

  const now = new Date("2026-11-21T00:30:00.250Z");
  const noSleep = { sleep: async () => {} };

  it("POSTs the query as a form to /api/v1/query with time, timeout and headers", async () => {
    const local = await serve((_n, _s, res) => {
      res.setHeader("content-type", "application/json");
      res.end(vector("0.42"));
    });
    const answer = await prometheus.query(
      queryRequest({
        gate: gate(),
        query: 'histogram_quantile(0.99, sum by (le) (rate(x{v="abc"}[1800s])))',
        url: `${local.base}/`,
        headers: { authorization: "Bearer tok", "X-Scope-OrgID": "team" },
        now,
      }),
      noSleep,
    );
    expect(answer).toEqual({ value: 0.42, warnings: [] });
    expect(local.seen).toHaveLength(1);
    const s = local.seen[0] as Seen;
    expect(s.method).toBe("POST");
    expect(s.url).toBe("/api/v1/query");
    expect(s.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(s.headers.accept).toBe("application/json");
    expect(s.headers.authorization).toBe("Bearer tok");
    expect(s.headers["x-scope-orgid"]).toBe("team");
    expect(Object.fromEntries(s.form)).toEqual({
      query: 'histogram_quantile(0.99, sum by (le) (rate(x{v="abc"}[1800s])))',
      time: "1795221000.250",
      timeout: "7s",
      partial_response: "false",
      deny_partial_response: "1",
    });
  });

  it("refuses partial answers the way Thanos and VictoriaMetrics cluster read the request", async () => {
    const local = await serve((_n, _s, res) => res.end(vector("1")));
    await prometheus.query(
      queryRequest({ gate: gate(), query: "up", url: local.base, headers: {}, now }),
      noSleep,
    );
    const form = (local.seen[0] as Seen).form;
    const thanos = recorded<{ parameter: string; abort: string }>(
      "prometheus",
      "thanos-partial-response-parameter",
    );
    expect(form.get(thanos.parameter)).toBe(thanos.abort);
    const vm = recorded<{ arg: string; falseValues: string[] }>(
      "prometheus",
      "victoriametrics-deny-partial-response",
    );
    const deny = form.get(vm.arg);
    expect(deny).not.toBeNull();
    expect(vm.falseValues).not.toContain(deny?.toLowerCase());
  });

  it("keeps a path prefix and does not double /api/v1/query", async () => {
    const local = await serve((_n, _s, res) => res.end(vector("1")));
    for (const url of [`${local.base}/prom`, `${local.base}/prom/api/v1/query`, `${local.base}/prom///`]) {
      await prometheus.query(queryRequest({ gate: gate(), query: "up", url, headers: {}, now }), noSleep);
    }
    expect(local.seen.map((s) => s.url)).toEqual([
      "/prom/api/v1/query",
      "/prom/api/v1/query",
      "/prom/api/v1/query",
    ]);
  });

  it("retries a 503 and reads the answer that follows", async () => {
    const local = await serve((n, _s, res) => {
      if (n === 0) {
        res.statusCode = 503;
        res.end("<html>Service Unavailable</html>");
      } else res.end(vector("5"));
    });
    const answer = await prometheus.query(
      queryRequest({ gate: gate(), query: "up", url: local.base, headers: {}, now }),
      noSleep,
    );
    expect(answer.value).toBe(5);
    expect(local.seen).toHaveLength(2);
  });

  it("reads the error Prometheus sends for a bad query, without retrying", async () => {
    const local = await serve((_n, _s, res) => {
      res.statusCode = 400;
      res.end(JSON.stringify({ status: "error", errorType: "bad_data", error: "parse error" }));
    });
    await expect(
      prometheus.query(
        queryRequest({ gate: gate(), query: "up(", url: local.base, headers: {}, now }),
        noSleep,
      ),
    ).rejects.toThrow("HTTP 400, bad_data: parse error");
    expect(local.seen).toHaveLength(1);
  });

  it("reports the last HTML page after retries run out", async () => {
    const local = await serve((_n, _s, res) => {
      res.statusCode = 502;
      res.end("<html><body>Bad Gateway</body></html>");
    });
    await expect(
      prometheus.query(
        queryRequest({ gate: gate({ retries: 1 }), query: "up", url: local.base, headers: {}, now }),
        noSleep,
      ),
    ).rejects.toThrow("HTTP 502 with a body that is not Prometheus JSON: <html><body>Bad Gateway");
    expect(local.seen).toHaveLength(2);
  });

  it("sends a timeout of at least 1s", async () => {
    const local = await serve((_n, _s, res) => res.end(vector("1")));
    await prometheus.query(
      queryRequest({ gate: gate({ timeout: 0.2 }), query: "up", url: local.base, headers: {}, now }),
      noSleep,
    );
    expect(local.seen[0]?.form.get("timeout")).toBe("1s");
  });
});
