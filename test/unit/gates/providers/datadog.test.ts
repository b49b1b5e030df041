// The Datadog provider against Datadog's recorded answers (harness/recorded/datadog, cassettes of
// DataDog/datadog-api-client-typescript) and a stand-in built from them, and Datadog's API reference:
//   https://docs.datadoghq.com/api/latest/metrics/#query-scalar-data-across-multiple-products
//   https://docs.datadoghq.com/api/latest/rate-limits/
//   https://docs.datadoghq.com/getting_started/site/ (the sites and their API hosts)

import { optionsOf } from "../../../../src/gates/provider.ts";
import type { DatadogOptions } from "../../../../src/gates/providers/datadog.ts";
import { recordSleeps } from "../../../../harness/monitoring/server.ts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type CountGate, GateConfigError, parseGate, type ValueGate } from "../../../../src/gates/config.ts";
import { readDatadogAnswer, siteUrl } from "../../../../src/gates/providers/datadog.ts";
import { evaluateGate } from "../../../../src/gates/run.ts";
import {
  DD_API_KEY,
  DD_APP_KEY,
  type DatadogStandIn,
  startDatadogStandIn,
} from "../../../../harness/monitoring/datadog.ts";
import { recorded, shapeOf } from "../../../../harness/recorded.ts";
import { NOW, SHA, STARTED, VALUES } from "./request.ts";
import { ALL_PROVIDERS } from "../../../support/providers.ts";

let dd: DatadogStandIn;
beforeAll(async () => {
  dd = await startDatadogStandIn();
});
afterAll(() => dd.close());
beforeEach(() => {
  dd.requests.length = 0;
});

const ERRORS = "sum:trace.http.request.errors{service:web,version:{{short_sha}}}.as_count()";
const TOTAL = "sum:trace.http.request.hits{service:web,version:{{short_sha}}}.as_count()";
const LATENCY = "p99:trace.http.request{service:web,version:{{short_sha}}}";
const short = SHA.slice(0, 7);
const sent = (q: string) => q.replace("{{short_sha}}", short);

const secrets = new Map([
  ["DD_API_KEY", DD_API_KEY],
  ["DD_APP_KEY", DD_APP_KEY],
]);

function countGate(extra: Record<string, unknown> = {}): CountGate {
  return parseGate(
    {
      name: "dd-errors",
      provider: "datadog",
      url: dd.url,
      "api-key": "${DD_API_KEY}",
      "app-key": "${DD_APP_KEY}",
      errors: ERRORS,
      total: TOTAL,
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
      name: "dd-p99",
      provider: "datadog",
      url: dd.url,
      "api-key": "${DD_API_KEY}",
      "app-key": "${DD_APP_KEY}",
      query: LATENCY,
      max: 0.5,
      ...extra,
    },
    0,
    ALL_PROVIDERS,
  ) as ValueGate;
}

const sleeps: number[] = [];
const opts = {
  values: VALUES,
  secrets,
  now: NOW,
  http: recordSleeps(sleeps),
};

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GateConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a GateConfigError");
}

describe("datadog gate config", () => {
  it("defaults to the US1 site and takes every other site by name or alias", () => {
    const base = {
      name: "d",
      provider: "datadog",
      "api-key": "k",
      "app-key": "a",
      query: "avg:x{*}",
      max: 1,
    };
    expect(parseGate(base, 0, ALL_PROVIDERS).url).toBe("https://api.datadoghq.com");
    expect(parseGate({ ...base, site: "datadoghq.eu" }, 0, ALL_PROVIDERS).url).toBe(
      "https://api.datadoghq.eu",
    );
    expect(parseGate({ ...base, site: "us3" }, 0, ALL_PROVIDERS).url).toBe("https://api.us3.datadoghq.com");
    expect(parseGate({ ...base, site: "us5.datadoghq.com" }, 0, ALL_PROVIDERS).url).toBe(
      "https://api.us5.datadoghq.com",
    );
    expect(parseGate({ ...base, site: "ap1" }, 0, ALL_PROVIDERS).url).toBe("https://api.ap1.datadoghq.com");
    expect(parseGate({ ...base, site: "ddog-gov.com" }, 0, ALL_PROVIDERS).url).toBe(
      "https://api.ddog-gov.com",
    );
    expect(siteUrl("https://app.datadoghq.eu/")).toBe("https://api.datadoghq.eu");
    expect(siteUrl("datadoghq.org")).toBeUndefined();
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["no api-key", { "api-key": undefined }, 'gate 1 "dd-errors": "api-key" is required'],
    ["no app-key", { "app-key": undefined }, '"app-key" is required'],
    [
      "an unknown site",
      { url: undefined, site: "datadoghq.org" },
      '"site" "datadoghq.org" is not a Datadog site',
    ],
    ["both site and url", { site: "us3" }, 'give "site" or "url", not both'],
    ["a count without .as_count()", { errors: "sum:errors{*}" }, '"errors" must use .as_count()'],
    [
      "a count with another aggregator",
      { aggregator: "avg" },
      '"aggregator" must be sum or left out, got avg',
    ],
    ["an unknown aggregator", { aggregator: "median" }, '"aggregator"'],
  ])("rejects %s, naming the gate", (_what, extra, message) => {
    expect(errorOf(() => countGate(extra))).toContain(message);
  });

  it("refuses to send keys over plain http to anything but loopback", () => {
    expect(errorOf(() => countGate({ url: "http://datadog-proxy.internal" }))).toContain(
      "would send credentials over plain http to datadog-proxy.internal; use https, or set allow-insecure: true",
    );
    expect(countGate({ url: "http://datadog-proxy.internal", "allow-insecure": true }).url).toBe(
      "http://datadog-proxy.internal",
    );
    expect(countGate({ url: "http://localhost:8126" }).url).toBe("http://localhost:8126");
  });

  it("sums counts and averages single values unless told otherwise", () => {
    expect(optionsOf<DatadogOptions>(countGate()).aggregator).toBe("sum");
    expect(optionsOf<DatadogOptions>(valueGate()).aggregator).toBe("avg");
    expect(optionsOf<DatadogOptions>(valueGate({ aggregator: "max" })).aggregator).toBe("max");
  });
});

describe("datadog queries", () => {
  it("sends one scalar query per figure with keys, the sum aggregator, and the stage's window up to the last whole minute", async () => {
    dd.set(sent(ERRORS), 3);
    dd.set(sent(TOTAL), 1200);
    const res = await evaluateGate(countGate(), opts);
    expect(res).toMatchObject({ verdict: "pass", value: 0.0025, samples: 1200 });
    expect(res.queries).toEqual([sent(ERRORS), sent(TOTAL)]);
    expect(dd.requests).toHaveLength(2);
    for (const r of dd.requests) {
      expect(r.headers["dd-api-key"]).toBe(DD_API_KEY);
      expect(r.headers["dd-application-key"]).toBe(DD_APP_KEY);
      expect(r.headers["content-type"]).toBe("application/json");
    }
    const calls = dd.scalarRequests();
    expect(calls.map((c) => c.aggregator)).toEqual(["sum", "sum"]);
    // NOW is 00:30:00.250: the minute that started at 00:30:00 is still filling.
    expect(calls.map((c) => [c.from, c.to])).toEqual([
      [STARTED.getTime(), Date.parse("2026-11-21T00:30:00Z")],
      [STARTED.getTime(), Date.parse("2026-11-21T00:30:00Z")],
    ]);
  });

  it("fails a high error rate", async () => {
    dd.set(sent(ERRORS), 40);
    dd.set(sent(TOTAL), 1000);
    expect(await evaluateGate(countGate(), opts)).toMatchObject({ verdict: "fail", value: 0.04 });
  });

  it("holds when the total has no points: a null is missing data, never zero", async () => {
    dd.set(sent(ERRORS), null);
    dd.set(sent(TOTAL), null);
    const res = await evaluateGate(countGate(), opts);
    expect(res).toMatchObject({ verdict: "inconclusive", value: null });
    expect(res.message).toContain("the total query matched no series");
  });

  it("reads a null single value (Datadog's NaN, such as 0/0) as no data, not as 0 passing a max", async () => {
    dd.set(sent(LATENCY), null);
    expect(await evaluateGate(valueGate(), opts)).toMatchObject({ verdict: "inconclusive", value: null });
    dd.set(sent(LATENCY), 0.42);
    expect(await evaluateGate(valueGate(), opts)).toMatchObject({ verdict: "pass", value: 0.42 });
  });

  it("answers no data for a query with no columns values (a metric never reported)", async () => {
    const res = await evaluateGate(valueGate({ query: "avg:never.reported{*}" }), opts);
    expect(res.verdict).toBe("inconclusive");
  });

  it("holds without asking when the stage is younger than one whole minute", async () => {
    const young = { ...opts, now: new Date(STARTED.getTime() + 50_000) };
    expect((await evaluateGate(valueGate(), young)).verdict).toBe("inconclusive");
    expect(dd.requests).toHaveLength(0);
  });

  it("treats an answer that carries errors as an error, even with data in it", async () => {
    dd.set(sent(LATENCY), 0.1);
    dd.fail({ kind: "partial" }, 1);
    const res = await evaluateGate(valueGate(), opts);
    expect(res.verdict).toBe("error");
    expect(res.message).toContain("query failed: Error while processing query a");
  });

  it("says authentication failed on a 403, without retrying", async () => {
    const res = await evaluateGate(valueGate({ "app-key": "wrong" }), opts);
    expect(res.verdict).toBe("error");
    expect(res.message).toContain(
      "HTTP 403, authentication failed (check api-key, app-key and site): Forbidden",
    );
    expect(dd.requests).toHaveLength(1);
  });

  it("waits as long as X-RateLimit-Reset says on a 429, then takes the answer", async () => {
    sleeps.length = 0;
    dd.set(sent(LATENCY), 0.3);
    dd.fail({ kind: "rate-limit", resetSeconds: 7 }, 1);
    const res = await evaluateGate(valueGate(), opts);
    expect(res).toMatchObject({ verdict: "pass", value: 0.3 });
    expect(sleeps).toEqual([7000]);
    expect(dd.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it("reports the rate limit and its reset once the retries run out", async () => {
    dd.fail({ kind: "rate-limit", resetSeconds: 2 }, 3);
    const res = await evaluateGate(valueGate(), opts);
    expect(res.verdict).toBe("error");
    expect(res.message).toContain("HTTP 429, rate limited; the limit resets in 2s");
    expect(dd.requests).toHaveLength(3);
  });

  it("retries a 5xx and gives the error verdict when it persists, or fails under on-error: fail", async () => {
    dd.fail({ kind: "server-error", status: 500 }, 6);
    expect((await evaluateGate(valueGate(), opts)).verdict).toBe("error");
    expect(dd.requests).toHaveLength(3);
    expect((await evaluateGate(valueGate({ "on-error": "fail" }), opts)).verdict).toBe("fail");
  });

  it("gives up on an answer slower than the timeout", async () => {
    dd.fail({ kind: "slow", ms: 1500 }, 1);
    const started = Date.now();
    const res = await evaluateGate(valueGate({ timeout: 0.2, retries: 0 }), opts);
    expect(res.verdict).toBe("error");
    expect(res.message).toContain("no answer within 0.2s");
    expect(Date.now() - started).toBeLessThan(1200);
  });

  it("refuses a grouped answer instead of picking one group", async () => {
    dd.set(sent(LATENCY), { groups: [0.1, 0.9] });
    const res = await evaluateGate(valueGate(), opts);
    expect(res.verdict).toBe("error");
    expect(res.message).toContain("2 groups; aggregate to one");
  });

  it("marks a dry-run gate as shadow", async () => {
    dd.set(sent(LATENCY), 0.9);
    expect(await evaluateGate(valueGate({ "dry-run": true }), opts)).toMatchObject({
      verdict: "fail",
      shadow: true,
    });
    expect(await evaluateGate(valueGate(), opts)).toMatchObject({ verdict: "fail", shadow: false });
  });
});

describe("readDatadogAnswer", () => {
  const h = new Headers();
  it("reads the one number column and ignores unit metadata", () => {
    const body = {
      data: {
        attributes: {
          columns: [{ name: "q", type: "number", values: [12.5], meta: { unit: [{ name: "second" }] } }],
        },
      },
    };
    expect(readDatadogAnswer(200, h, body)).toEqual({ value: 12.5, warnings: [] });
  });

  it("reads no columns, empty values and null as no data", () => {
    expect(readDatadogAnswer(200, h, { data: { attributes: { columns: [] } } }).value).toBeUndefined();
    expect(
      readDatadogAnswer(200, h, { data: { attributes: { columns: [{ type: "number", values: [] }] } } })
        .value,
    ).toBeUndefined();
    expect(
      readDatadogAnswer(200, h, { data: { attributes: { columns: [{ type: "number", values: [null] }] } } })
        .value,
    ).toBeUndefined();
  });

  it("rejects answers that are not the documented shape", () => {
    expect(() => readDatadogAnswer(200, h, {})).toThrow("answer has no data.attributes");
    expect(() =>
      readDatadogAnswer(200, h, { data: { attributes: { columns: [{ type: "number", values: ["1"] }] } } }),
    ).toThrow("not a number");
    expect(() => readDatadogAnswer(400, h, { errors: ["Invalid query: unknown metric"] })).toThrow(
      "HTTP 400, error: Invalid query: unknown metric",
    );
  });
});

interface Exchange {
  request: { method: string; path: string; body: { data: { attributes: Record<string, unknown> } } };
  response: { status: number; body: Record<string, unknown> };
}
const cassette = (name: string) => recorded<Exchange>("datadog", name);

describe("datadog against its recorded answers", () => {
  it("sends each figure as formula a over query a, as every recorded request does", async () => {
    dd.set(sent(LATENCY), 0.2);
    await evaluateGate(valueGate(), opts);
    const [body] = dd.requests.map((r) => JSON.parse(r.body) as Exchange["request"]["body"]);
    expect(body?.data.attributes.formulas).toEqual([{ formula: "a" }]);
    expect(body?.data.attributes.queries).toEqual([
      { data_source: "metrics", name: "a", query: sent(LATENCY), aggregator: "avg" },
    ]);
  });

  it("sends no field, and no type, the recorded request did not", async () => {
    const recordedRequest = cassette("scalar-metrics").request;
    dd.set(sent(LATENCY), 0.2);
    await evaluateGate(valueGate(), opts);
    const [req] = dd.requests;
    expect([req?.method, req?.path]).toEqual([recordedRequest.method, recordedRequest.path]);
    // Ours may leave out what the recording shows as optional (a formula's limit), never add to it.
    const ours = shapeOf(JSON.parse(req?.body ?? "{}"));
    const theirs = shapeOf(recordedRequest.body) as Record<string, unknown>;
    const within = (a: unknown, b: unknown): boolean =>
      typeof a === "string" || typeof b === "string"
        ? a === b
        : Array.isArray(a)
          ? Array.isArray(b) && a.every((x) => b.some((y) => within(x, y)))
          : Object.entries(a as object).every(
              ([k, v]) => k in (b as object) && within(v, (b as Record<string, unknown>)[k]),
            );
    expect(within(ours, theirs), JSON.stringify({ ours, theirs })).toBe(true);
  });

  it("reads each recorded answer: a value in the metric's own unit, a count, no data, a refusal", () => {
    const h = new Headers();
    const read = (name: string) => {
      const { status, body } = cassette(name).response;
      return readDatadogAnswer(status, h, body);
    };
    // meta.unit says percent (scale_factor 1): the value is read as Datadog gives it, never rescaled.
    expect(read("scalar-metrics")).toEqual({ value: 6.368151928283307, warnings: [] });
    expect(read("scalar-count")).toEqual({ value: 983, warnings: [] });
    expect(read("scalar-no-data")).toEqual({ value: undefined, warnings: [] });
    expect(() => read("scalar-bad-request")).toThrow(
      "HTTP 400, error: Queries ending outside the retention date are invalid",
    );
  });

  it("the stand-in answers in the recorded shape: a count, and no data", async () => {
    const answers: unknown[] = [];
    const http = {
      ...opts.http,
      fetch: async (url: string | URL | Request, init?: RequestInit) => {
        const res = await fetch(url, init);
        answers.push(await res.clone().json());
        return res;
      },
    };
    dd.set(sent(LATENCY), 1200);
    await evaluateGate(valueGate(), { ...opts, http });
    await evaluateGate(valueGate({ query: "avg:never.reported{*}" }), { ...opts, http });
    const [count, noData] = answers;
    expect(shapeOf(count)).toEqual(shapeOf(cassette("scalar-count").response.body));
    expect(shapeOf(noData)).toEqual(shapeOf(cassette("scalar-no-data").response.body));
  });

  it("the stand-in refuses a request unlike the recorded ones, as no recording says what Datadog does", async () => {
    const { body } = cassette("scalar-metrics").request;
    const post = async (b: unknown) =>
      fetch(`${dd.url}/api/v2/query/scalar`, {
        method: "POST",
        headers: { "dd-api-key": DD_API_KEY, "dd-application-key": DD_APP_KEY },
        body: JSON.stringify(b),
      });
    expect((await post(body)).status).toBe(200);
    const { formulas: _, ...withoutFormulas } = body.data.attributes;
    const res = await post({ data: { ...body.data, attributes: withoutFormulas } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      errors: [
        "the stand-in answers only what Datadog's recordings show: every recorded request sends formulas",
      ],
    });
  });
});
