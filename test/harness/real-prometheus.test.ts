// The real PromQL engine over backfilled synthetic traffic answers what the traffic model
// predicts, and the in-process fake answers the same as the real engine.
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type FakePrometheus, startFakePrometheus } from "../../harness/monitoring/fake-prometheus.ts";
import { recorded, shapeOf } from "../../harness/recorded.ts";
import {
  prometheusAvailability,
  type RunningPrometheus,
  skipWithoutPrometheus,
  startPrometheus,
} from "../../harness/monitoring/real-prometheus.ts";
import {
  baseline,
  countTolerance,
  healthy,
  lowTraffic,
  nominalCounts,
  nominalQuantile,
  predictedIncrease,
  predictedQuantile,
  regressed,
  SAMPLE_INTERVAL_SECONDS,
  silent,
  type Version,
  version,
} from "../../harness/traffic.ts";

const WINDOW = 1800;
const now = Math.floor(Date.now() / 1000);
const span = { from: now - 6 * 3600, to: now + 2 * 3600 };
// Off the 15 s grid: Prometheus 2 includes a sample exactly at the window's left edge and
// Prometheus 3 does not, so exact comparisons use times where no sample sits on an edge.
const offGrid = Math.floor(now / SAMPLE_INTERVAL_SECONDS) * SAMPLE_INTERVAL_SECONDS - 52.5;
const onGrid = Math.floor(now / SAMPLE_INTERVAL_SECONDS) * SAMPLE_INTERVAL_SECONDS - 60;

// Beyond the fixtures: a version that stopped 20 minutes ago and one that started 10 minutes
// ago, so windows reach past a series' end and start and every extrapolation branch runs.
const stopped = version("stopped", { end: now - 20 * 60 });
const fresh = version("fresh", { start: now - 10 * 60, errorRatio: 0.01 });
const serving = [healthy, regressed, lowTraffic, baseline];
const versions: Version[] = [...serving, silent, stopped, fresh];

const errorsQuery = (sha: string) =>
  `sum(increase(http_requests_total{version="${sha}",code=~"5.."}[${WINDOW}s]))`;
const totalQuery = (sha: string) => `sum(increase(http_requests_total{version="${sha}"}[${WINDOW}s]))`;
const p99Query = (sha: string) =>
  `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{version="${sha}"}[${WINDOW}s])))`;

interface Answer {
  httpStatus: number;
  body: {
    status: string;
    errorType?: string;
    error?: string;
    data?: {
      resultType: string;
      result: { metric: Record<string, string>; value: [number, string] }[];
    };
  };
}

// As the action sends it: POST, form-encoded, explicit time and timeout; `extra` adds form fields.
async function ask(
  baseUrl: string,
  query: string,
  time?: number,
  extra: Record<string, string> = {},
): Promise<Answer> {
  const form = new URLSearchParams({ query, timeout: "10s", ...extra });
  if (time !== undefined) form.set("time", time.toFixed(3));
  const res = await fetch(`${baseUrl}/api/v1/query`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
  });
  return { httpStatus: res.status, body: (await res.json()) as Answer["body"] };
}

/** The single value of a one-series answer, or undefined for an empty result. */
function single(a: Answer): number | undefined {
  expect(a.httpStatus).toBe(200);
  expect(a.body.status).toBe("success");
  expect(a.body.data?.resultType).toBe("vector");
  const result = a.body.data?.result ?? [];
  expect(result.length).toBeLessThanOrEqual(1);
  const first = result[0];
  if (!first) return undefined;
  expect(first.metric).toEqual({});
  return Number(first.value[1]);
}

/** Equal up to floating-point summation order: both compute the same arithmetic. */
function expectSameNumber(actual: number | undefined, expected: number | undefined, what: string) {
  if (expected === undefined || actual === undefined) {
    expect(actual, what).toBe(expected);
    return;
  }
  if (Number.isNaN(expected)) {
    expect(actual, what).toBeNaN();
    return;
  }
  expect(Math.abs(actual - expected), what).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

describe("prometheusAvailability", () => {
  const nowhere = { PATH: "/nonexistent" };

  it("finds nothing where there is nothing, and says how to install", () => {
    const a = prometheusAvailability(nowhere, []);
    expect(a.available).toBe(false);
    expect(a.required).toBe(false);
    expect(a.message).toContain("apt-get install -y prometheus");
  });

  it("requires Prometheus in CI or with REQUIRE_PROMETHEUS=1, so missing binaries fail", () => {
    expect(prometheusAvailability({ ...nowhere, CI: "true" }, []).required).toBe(true);
    expect(prometheusAvailability({ ...nowhere, REQUIRE_PROMETHEUS: "1" }, []).required).toBe(true);
    expect(skipWithoutPrometheus(prometheusAvailability({ ...nowhere, CI: "1" }, []))).toBe(false);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(skipWithoutPrometheus(prometheusAvailability(nowhere, []))).toBe(true);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("apt-get install -y prometheus"));
    warn.mockRestore();
  });
});

describe.skipIf(skipWithoutPrometheus())("real Prometheus over backfilled traffic", () => {
  let prom: RunningPrometheus;
  let fake: FakePrometheus;

  beforeAll(async () => {
    [prom, fake] = await Promise.all([
      startPrometheus({ versions, ...span }),
      startFakePrometheus({ versions, ...span }),
    ]);
    console.info(`Prometheus ${prom.version} ready with backfilled data in ${prom.startupMs} ms`);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([prom?.close(), fake?.close()]);
  });

  it("answers at the real current time (no time parameter) from data reaching into the future", async () => {
    // The blocks run to now+2h; increase() must still count only the last 30 minutes.
    const total = single(await ask(prom.url, totalQuery(healthy.sha)));
    const errors = single(await ask(prom.url, errorsQuery(healthy.sha)));
    const nominal = nominalCounts(healthy, WINDOW);
    expect(Math.abs((total ?? 0) - nominal.total)).toBeLessThanOrEqual(countTolerance(WINDOW, 2));
    expect(Math.abs((errors ?? 0) - nominal.errors)).toBeLessThanOrEqual(countTolerance(WINDOW));
  });

  for (const v of serving) {
    it(`${v.name}: the gate queries give the model's counts and p99`, async () => {
      const errors = single(await ask(prom.url, errorsQuery(v.sha), offGrid));
      const total = single(await ask(prom.url, totalQuery(v.sha), offGrid));
      const p99 = single(await ask(prom.url, p99Query(v.sha), offGrid));
      // Exactly what Prometheus's own arithmetic gives over the model's samples...
      expectSameNumber(errors, predictedIncrease(v, span, offGrid, WINDOW, "5xx"), "errors");
      expectSameNumber(total, predictedIncrease(v, span, offGrid, WINDOW), "total");
      expectSameNumber(p99, predictedQuantile(v, span, offGrid, WINDOW, 0.99), "p99");
      // ...and the constant-rate count within the integer-counter tolerance (see countTolerance).
      const nominal = nominalCounts(v, WINDOW);
      expect(Math.abs((errors ?? 0) - nominal.errors)).toBeLessThanOrEqual(countTolerance(WINDOW));
      expect(Math.abs((total ?? 0) - nominal.total)).toBeLessThanOrEqual(countTolerance(WINDOW, 2));
      if (v.rps >= 1 && v.latency) {
        // Thousands of requests per bucket: one count off moves p99 by far less than 1%.
        const expected = nominalQuantile(v.latency, 0.99);
        expect(Math.abs((p99 ?? 0) - expected)).toBeLessThanOrEqual(0.01 * expected);
      }
    });
  }

  it("on the sample grid, where Prometheus 2 and 3 differ by one edge sample, stays within tolerance", async () => {
    for (const v of serving) {
      const total = single(await ask(prom.url, totalQuery(v.sha), onGrid));
      const nominal = nominalCounts(v, WINDOW).total;
      expect(Math.abs((total ?? 0) - nominal)).toBeLessThanOrEqual(countTolerance(WINDOW, 2));
    }
  });

  it("refuses a broken query and a URL copied from /graph as the real server does", async () => {
    // A syntax error: 400, bad_data, the parameter and the parser's position.
    for (const query of ["sum(increase(http_requests_total[5m])", "sum(rate(x[5m]) by"]) {
      const [real, stand] = await Promise.all([ask(prom.url, query, offGrid), ask(fake.url, query, offGrid)]);
      expect(real.httpStatus, query).toBe(400);
      expect(real.body).toMatchObject({ status: "error", errorType: "bad_data" });
      expect([stand.httpStatus, stand.body.status, stand.body.errorType]).toEqual([400, "error", "bad_data"]);
      const prefix = /^invalid parameter "query": 1:\d+: parse error: /;
      expect(String(real.body.error)).toMatch(prefix);
      expect(String(stand.body.error)).toMatch(prefix);
    }
    // The UI's address with the API's path appended: a plain-text 404 from both.
    for (const base of [prom.url, fake.url]) {
      const res = await fetch(`${base}/graph/api/v1/query?g0.expr=up&g0.tab=0`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "query=up",
      });
      expect([res.status, await res.text()], base).toEqual([404, "404 page not found\n"]);
    }
  });

  it("ignores the refusals of partial answers meant for Thanos and VictoriaMetrics, and answers the same", async () => {
    // Prometheus's OpenAPI description lists no such form fields (additionalProperties: false); the server must
    // still take them, since every gate query sends them.
    const refuse = { partial_response: "false", deny_partial_response: "1" };
    for (const query of [
      totalQuery(healthy.sha),
      errorsQuery(silent.sha),
      "sum(increase(http_requests_total[30x]))",
    ]) {
      const [plain, refusing] = await Promise.all([
        ask(prom.url, query, offGrid),
        ask(prom.url, query, offGrid, refuse),
      ]);
      expect(refusing, query).toEqual(plain);
      const stand = await ask(fake.url, query, offGrid, refuse);
      expect([stand.httpStatus, stand.body.status], query).toEqual([plain.httpStatus, plain.body.status]);
    }
    expect(single(await ask(prom.url, totalQuery(healthy.sha), offGrid, refuse))).toBeGreaterThan(0);
  });

  it("gives the low-traffic version far fewer than 500 requests in 30 minutes", async () => {
    const total = single(await ask(prom.url, totalQuery(lowTraffic.sha), offGrid));
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(500);
  });

  it("gives an empty result, not zero, for the silent version", async () => {
    for (const q of [errorsQuery, totalQuery, p99Query]) {
      const a = await ask(prom.url, q(silent.sha), offGrid);
      expect(a.body).toEqual({ status: "success", data: { resultType: "vector", result: [] } });
    }
  });

  it("the fake answers every query exactly as the real engine does", async () => {
    const queries = versions.flatMap((v) => [
      errorsQuery(v.sha),
      totalQuery(v.sha),
      p99Query(v.sha),
      `sum(rate(http_requests_total{version="${v.sha}",code!~"5.."}[5m]))`,
      `sum(increase(http_requests_total{version="${v.sha}",code="500"}[1h]))`,
    ]);
    queries.push(`sum by (version) (increase(http_requests_total{code=~"5.."}[${WINDOW}s]))`);
    const times = [offGrid, offGrid - 3 * 3600 - 0.25, now - 21 * 60 + 0.5, now - 5 * 3600 - 11.1];
    let compared = 0;
    for (const time of times) {
      for (const query of queries) {
        const [real, stand] = await Promise.all([ask(prom.url, query, time), ask(fake.url, query, time)]);
        const what = `${query} at ${time}`;
        expect(stand.httpStatus, what).toBe(real.httpStatus);
        expect(stand.body.status, what).toBe(real.body.status);
        const byLabels = (a: Answer) =>
          new Map((a.body.data?.result ?? []).map((s) => [JSON.stringify(s.metric), s.value]));
        const realResult = byLabels(real);
        const fakeResult = byLabels(stand);
        expect([...fakeResult.keys()].sort(), what).toEqual([...realResult.keys()].sort());
        for (const [labels, [ts, value]] of realResult) {
          const [fakeTs, fakeValue] = fakeResult.get(labels) ?? [];
          expect(fakeTs, what).toBe(ts);
          expectSameNumber(Number(fakeValue), Number(value), `${what} ${labels}`);
          compared += 1;
        }
      }
    }
    // Guard against a vacuous pass: most of these queries must have returned values.
    expect(compared).toBeGreaterThan(times.length * queries.length * 0.6);
  });

  it("reports Prometheus's own stderr when it fails to start", async () => {
    const dir = await mkdtemp(join(tmpdir(), "phased-rollout-broken-prometheus-"));
    const broken = join(dir, "prometheus");
    await writeFile(broken, "#!/bin/sh\necho 'level=error msg=\"opening storage failed\"' >&2\nexit 1\n");
    await chmod(broken, 0o755);
    const saved = process.env.PROMETHEUS_BIN;
    process.env.PROMETHEUS_BIN = broken;
    try {
      await expect(startPrometheus({ versions: [healthy], ...span })).rejects.toThrow(
        /exited with code 1 before becoming ready[\s\S]*opening storage failed/,
      );
    } finally {
      if (saved === undefined) delete process.env.PROMETHEUS_BIN;
      else process.env.PROMETHEUS_BIN = saved;
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("the fake rejects what it cannot parse with Prometheus's error shape, as Prometheus does", async () => {
    for (const query of ["sum(increase(http_requests_total[30x]))", "sum(increase(", ""]) {
      const [real, stand] = await Promise.all([ask(prom.url, query, offGrid), ask(fake.url, query, offGrid)]);
      expect(real.httpStatus).toBe(400);
      expect(stand.httpStatus).toBe(400);
      expect(Object.keys(stand.body).sort()).toEqual(Object.keys(real.body).sort());
      expect(stand.body).toMatchObject({ status: "error", errorType: real.body.errorType });
    }
  });
});

describe("fake Prometheus on its own", () => {
  it("follows its clock, delays, logs requests and answers GET with RFC 3339 times", async () => {
    let clock = now;
    const fake = await startFakePrometheus({
      versions: [healthy],
      ...span,
      clock: () => clock,
      delayMs: 50,
    });
    try {
      const started = performance.now();
      const first = single(await ask(fake.url, totalQuery(healthy.sha)));
      expect(performance.now() - started).toBeGreaterThanOrEqual(45);
      expectSameNumber(first, predictedIncrease(healthy, span, now, WINDOW), "at now");
      clock = now + 600;
      const later = await ask(fake.url, totalQuery(healthy.sha));
      expect(later.body.data?.result[0]?.value[0]).toBe(now + 600);
      const iso = new Date(offGrid * 1000).toISOString();
      const res = await fetch(
        `${fake.url}/api/v1/query?${new URLSearchParams({ query: errorsQuery(healthy.sha), time: iso })}`,
      );
      const got = single({ httpStatus: res.status, body: (await res.json()) as Answer["body"] });
      expectSameNumber(got, predictedIncrease(healthy, span, offGrid, WINDOW, "5xx"), "GET");
      expect(fake.requests.map((r) => [r.method, r.status])).toEqual([
        ["POST", 200],
        ["POST", 200],
        ["GET", 200],
      ]);
      expect(fake.requests[0]).toMatchObject({ query: totalQuery(healthy.sha), timeout: "10s" });
    } finally {
      await fake.close();
    }
  });

  it("answers in the shape of Prometheus's own recorded examples, a success and an error", async () => {
    const golden = recorded<{
      response: { examples: { vectorResult: Record<string, unknown> } };
      error: { fields: string[] };
    }>("prometheus", "prometheus-instant-query");
    // Labels are data, not shape.
    const unlabelled = (body: unknown) => {
      const b = body as { data: { result: Record<string, unknown>[] } };
      return shapeOf({ ...b, data: { ...b.data, result: b.data.result.map((s) => ({ ...s, metric: {} })) } });
    };
    const fake = await startFakePrometheus({ versions: [healthy], ...span });
    try {
      const ok = await ask(fake.url, totalQuery(healthy.sha), offGrid);
      expect(unlabelled(ok.body)).toEqual(unlabelled(golden.response.examples.vectorResult));
      const bad = await ask(fake.url, "sum(increase(", offGrid);
      expect(Object.keys(bad.body).sort()).toEqual([...golden.error.fields].sort());
    } finally {
      await fake.close();
    }
  });

  it("answers bad parameters with bad_data and a delay beyond the timeout with a timeout error", async () => {
    const fake = await startFakePrometheus({ versions: [healthy], ...span, delayMs: 300 });
    try {
      const badTime = await fetch(
        `${fake.url}/api/v1/query?query=${encodeURIComponent(totalQuery(healthy.sha))}&time=yesterday`,
      );
      expect(badTime.status).toBe(400);
      expect(await badTime.json()).toMatchObject({ status: "error", errorType: "bad_data" });
      const slow = await ask(fake.url, totalQuery(healthy.sha), offGrid); // sends timeout=10s: fine
      expect(slow.httpStatus).toBe(200);
      const res = await fetch(
        `${fake.url}/api/v1/query?query=${encodeURIComponent(totalQuery(healthy.sha))}&timeout=0.1`,
      );
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: "error", errorType: "timeout" });
    } finally {
      await fake.close();
    }
  });
});
