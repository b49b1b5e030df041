import { describe, expect, it } from "vitest";
import {
  DEFAULT_MIN_REQUESTS,
  type GateConfig,
  GateConfigError,
  parseGate,
  parseGates,
} from "../../../src/gates/config.ts";
import { ALL_PROVIDERS } from "../../support/providers.ts";

const SPEC_EXAMPLE = `
- name: http-5xx
  provider: prometheus
  url: https://prometheus.example.com
  errors: sum(increase(http_requests_total{version="{{sha}}",code=~"5.."}[{{window}}]))
  total: sum(increase(http_requests_total{version="{{sha}}"}[{{window}}]))
  max-error-rate: 0.01      # fail above 1%
  min-requests: 500         # fewer requests than this: inconclusive (hold)
- name: p99-latency
  provider: prometheus
  url: https://prometheus.example.com
  query: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{version="{{sha}}"}[{{window}}])))
  max: 0.5
`;

const value = (extra: Record<string, unknown> = {}) => ({
  name: "v",
  provider: "prometheus",
  url: "https://prom.example.com",
  query: "up",
  max: 1,
  ...extra,
});

const count = (extra: Record<string, unknown> = {}) => ({
  name: "c",
  provider: "prometheus",
  url: "https://prom.example.com",
  errors: "e",
  total: "t",
  "max-error-rate": 0.01,
  ...extra,
});

function without<T extends Record<string, unknown>>(obj: T, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = obj;
  return rest;
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

describe("parseGates: the SPEC's example", () => {
  it("parses both gate forms with their defaults", () => {
    const gates = parseGates(SPEC_EXAMPLE, ALL_PROVIDERS);
    expect(gates).toEqual<GateConfig[]>([
      {
        kind: "count",
        name: "http-5xx",
        provider: "prometheus",
        url: "https://prometheus.example.com",
        headers: {},
        timeoutMs: 10_000,
        retries: 2,
        onNoData: "hold",
        onError: "hold",
        shadow: false,
        errors: 'sum(increase(http_requests_total{version="{{sha}}",code=~"5.."}[{{window}}]))',
        total: 'sum(increase(http_requests_total{version="{{sha}}"}[{{window}}]))',
        maxErrorRate: 0.01,
        minRequests: 500,
      },
      {
        kind: "value",
        name: "p99-latency",
        provider: "prometheus",
        url: "https://prometheus.example.com",
        headers: {},
        timeoutMs: 10_000,
        retries: 2,
        onNoData: "hold",
        onError: "hold",
        shadow: false,
        query:
          'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{version="{{sha}}"}[{{window}}])))',
        max: 0.5,
      },
    ]);
  });

  it("means no gates for empty, blank or null documents", () => {
    expect(parseGates(undefined, ALL_PROVIDERS)).toEqual([]);
    expect(parseGates("", ALL_PROVIDERS)).toEqual([]);
    expect(parseGates("  \n ", ALL_PROVIDERS)).toEqual([]);
    expect(parseGates("# only a comment\n", ALL_PROVIDERS)).toEqual([]);
    expect(parseGates("~", ALL_PROVIDERS)).toEqual([]);
  });
});

describe("parseGate: options", () => {
  it("reads headers, auth, timeout, retries and policies", () => {
    const g = parseGate(
      value({
        headers: { Authorization: "Bearer ${PROM_TOKEN}", "X-Org": 42, "X-Flag": true },
        "bearer-token": "${T}",
        "basic-auth": { username: "u", password: "${P}" },
        timeout: "90s",
        retries: 0,
        "on-no-data": "pass",
        "on-error": "fail",
        min: 0.1,
      }),
      0,
      ALL_PROVIDERS,
    );
    expect(g).toMatchObject({
      headers: { Authorization: "Bearer ${PROM_TOKEN}", "X-Org": "42", "X-Flag": "true" },
      bearerToken: "${T}",
      basicAuth: { username: "u", password: "${P}" },
      timeoutMs: 90_000,
      retries: 0,
      onNoData: "pass",
      onError: "fail",
      max: 1,
      min: 0.1,
    });
  });

  it("takes a bare number as a timeout in seconds", () => {
    expect(parseGate(value({ timeout: 2.5 }), 0, ALL_PROVIDERS).timeoutMs).toBe(2500);
  });

  it("defaults min-requests", () => {
    const g = parseGate(count(), 0, ALL_PROVIDERS);
    expect(g.kind === "count" && g.minRequests).toBe(DEFAULT_MIN_REQUESTS);
  });

  it("trims names and queries", () => {
    const g = parseGate(value({ name: "  lat  ", query: "  up  " }), 0, ALL_PROVIDERS);
    expect(g.name).toBe("lat");
    expect(g.kind === "value" && g.query).toBe("up");
  });

  it("accepts a value gate with min only", () => {
    expect(parseGate(value({ max: undefined, min: 0.99 }), 0, ALL_PROVIDERS)).toMatchObject({ min: 0.99 });
  });

  it("accepts templates and secrets in the url and spaces inside braces", () => {
    const g = parseGate(
      value({ url: "https://${HOST}/{{environment}}", query: "x{{ sha }}" }),
      0,
      ALL_PROVIDERS,
    );
    expect(g.url).toBe("https://${HOST}/{{environment}}");
  });
});

describe("parseGate: errors name the gate", () => {
  it.each<[string, Record<string, unknown>, string]>([
    ["a typo'd key", count({ "max-eror-rate": 0.1 }), 'gate 3 "c": unknown key "max-eror-rate"'],
    ["two unknown keys", value({ maxx: 1, "on-eror": "fail" }), 'gate 3 "v": unknown keys "maxx", "on-eror"'],
    ["a missing url", without(value(), "url"), 'gate 3 "v": "url" is required'],
    [
      "a missing provider",
      without(value(), "provider"),
      'gate 3 "v": "provider" is required; use one of prometheus, datadog, newrelic, cloudwatch, sentry, http',
    ],
    ["a missing total", without(count(), "total"), 'gate 3 "c": "total" is required'],
    [
      "a missing max-error-rate",
      without(count(), "max-error-rate"),
      'gate 3 "c": "max-error-rate" is required',
    ],
    [
      "both query and errors",
      { ...count(), query: "up" },
      'gate 3 "c": give either "query" or "errors" and "total", not both',
    ],
    [
      "neither query nor counts",
      { name: "n", provider: "prometheus", url: "https://p" },
      'gate 3 "n": needs "query" (with max/min) or "errors" and "total" (with max-error-rate)',
    ],
    [
      "a query gate without bounds",
      without(value(), "max"),
      'gate 3 "v": a query gate needs max, min or both',
    ],
    ["min above max", value({ min: 2, max: 1 }), 'gate 3 "v": min must not be above max'],
    [
      "a baseline block without max-increase",
      count({ baseline: { errors: "e", total: "t" }, confidence: 0.95 }),
      'gate 3 "c": a comparison with the baseline needs "max-increase": the relative increase of the error rate tolerated, such as 0.2 for +20%',
    ],
    [
      "max-increase alone",
      count({ "max-increase": 0.2 }),
      'gate 3 "c": "max-increase" belongs to a comparison with the baseline, but the gate has no "baseline:" block; add one with the baseline\'s "errors" and "total"',
    ],
    [
      "an unknown provider",
      value({ provider: "dynatrace" }),
      'gate 3 "v": "provider" "dynatrace" is not known; use one of prometheus, datadog, newrelic, cloudwatch, sentry, http',
    ],
    ["a rate above 1", count({ "max-error-rate": 5 }), 'gate 3 "c": "max-error-rate" '],
    ["negative min-requests", count({ "min-requests": -1 }), 'gate 3 "c": "min-requests" '],
    ["too many retries", value({ retries: 11 }), 'gate 3 "v": "retries" '],
    ["fractional retries", value({ retries: 1.5 }), 'gate 3 "v": "retries" '],
    ["a bad policy", value({ "on-error": "ignore" }), 'gate 3 "v": "on-error" '],
    ["an empty name", value({ name: "  " }), 'gate 3 "  ": "name" '],
    ["a long name", value({ name: "n".repeat(101) }), '"name" '],
    [
      "a percent where a fraction goes",
      count({ "max-error-rate": "1%" }),
      'gate 3 "c": "max-error-rate" is a fraction, not a percent: write 0.01 for 1%, got "1%"',
    ],
    [
      "a rate of 1, which can never fail",
      count({ "max-error-rate": 1 }),
      'gate 3 "c": "max-error-rate" is 1, which no error rate exceeds, so the gate could never fail; it is a fraction: 0.01 fails above 1%',
    ],
    [
      "a rate written as a percent number",
      count({ "max-error-rate": 5 }),
      'gate 3 "c": "max-error-rate" is a fraction between 0 and 1, not a percent: write 0.05 for 5%, got 5',
    ],
    [
      "a negative rate",
      count({ "max-error-rate": -0.1 }),
      'gate 3 "c": "max-error-rate" must be 0 or more: a fraction such as 0.01 for 1%, got -0.1',
    ],
    ["a url that is not a URL", value({ url: "not a url" }), '"url" "not a url" is not a URL'],
    [
      "a url without a scheme",
      value({ url: "prometheus:9090" }),
      '"url" must be http or https, got prometheus:',
    ],
    ["a url of another scheme", value({ url: "ftp://prom" }), '"url" must be http or https, got ftp:'],
    [
      "an unknown template variable",
      value({ query: 'up{version="{{version}}"}' }),
      'gate 3 "v": unknown template variable "{{version}}"; use one of {{sha}}, {{short_sha}}',
    ],
    [
      "an unknown template variable in the url",
      value({ url: "https://p/{{ SHA }}" }),
      'unknown template variable "{{SHA}}"',
    ],
    [
      "an unknown template variable in a header",
      value({ headers: { "X-Env": "{{env}}" } }),
      'unknown template variable "{{env}}"',
    ],
    [
      "an unknown template variable in the errors query",
      count({ errors: "x{{shaa}}" }),
      'unknown template variable "{{shaa}}"',
    ],
  ])("%s", (_what, raw, message) => {
    expect(errorOf(() => parseGate(raw, 2, ALL_PROVIDERS))).toContain(message);
  });

  it("labels a gate without a string name by its position only", () => {
    expect(errorOf(() => parseGate({ ...value(), name: undefined }, 0, ALL_PROVIDERS))).toMatch(
      /^gate 1: "name" is required/,
    );
  });

  it.each([null, "just text", 42, ["a", "list"]])("rejects a gate that is %j", (raw) => {
    expect(errorOf(() => parseGate(raw, 4, ALL_PROVIDERS))).toBe(
      "gate 5: must be a mapping of keys such as name, provider, url",
    );
  });

  it("says a key of the wrong type has the wrong type, not that it is missing", () => {
    const message = errorOf(() => parseGate(count({ "max-error-rate": "1%" }), 0, ALL_PROVIDERS));
    expect(message).not.toContain("is required");
    expect(message).toContain("max-error-rate");
  });

  it("says what a bad timeout should look like", () => {
    expect(errorOf(() => parseGate(value({ timeout: "5x" }), 0, ALL_PROVIDERS))).toContain(
      'use a number with a unit, such as "90s"',
    );
  });

  it("rejects a bad timeout (message names the key)", () => {
    expect(errorOf(() => parseGate(value({ timeout: "5x" }), 0, ALL_PROVIDERS))).toContain(
      'gate 1 "v": "timeout"',
    );
    expect(errorOf(() => parseGate(value({ timeout: -3 }), 0, ALL_PROVIDERS))).toContain('"timeout"');
  });

  it("rejects a zero timeout", () => {
    errorOf(() => parseGate(value({ timeout: "0s" }), 0, ALL_PROVIDERS));
  });

  it("rejects a timeout too long for a timer", () => {
    errorOf(() => parseGate(value({ timeout: "30d" }), 0, ALL_PROVIDERS));
  });
});

describe("parseGate: messages in our words, never the validation library's", () => {
  it.each<[string, Record<string, unknown>, string]>([
    ["min-requests below 0", count({ "min-requests": -1 }), '"min-requests" must be at least 0, got -1'],
    ["retries above 10", value({ retries: 11 }), '"retries" must be at most 10, got 11'],
    ["fractional retries", value({ retries: 1.5 }), '"retries" must be a whole number, got 1.5'],
    [
      "a policy",
      value({ "on-error": "ignore" }),
      '"on-error" must be one of hold, pass or fail, got "ignore"',
    ],
    ["an empty name", value({ name: "  " }), '"name" must not be empty'],
    ["a long name", value({ name: "n".repeat(101) }), '"name" must be at most 100 characters long'],
    ["an empty url", value({ url: "" }), '"url" must not be empty'],
    ["an empty bearer token", value({ "bearer-token": "" }), '"bearer-token" must not be empty'],
    ["a text max", value({ max: "high" }), '"max" must be a number, got "high"'],
    [
      "a text dry-run",
      value({ "dry-run": "yes please" }),
      '"dry-run" must be true or false, got "yes please"',
    ],
    [
      "headers as a list",
      value({ headers: ["a"] }),
      '"headers" must be a mapping of names to values, got ["a"]',
    ],
    [
      "a header that is a mapping",
      value({ headers: { X: { a: 1 } } }),
      '"headers.X" must be text, a number or true or false, got {"a":1}',
    ],
    [
      "a Datadog aggregator",
      {
        name: "d",
        provider: "datadog",
        "api-key": "a",
        "app-key": "b",
        query: "q",
        max: 1,
        aggregator: "median",
      },
      '"aggregator" must be one of avg, min, max, sum, last, mean, area, l2norm or percentile, got "median"',
    ],
    [
      "an HTTP method",
      { name: "h", provider: "http", url: "https://p", method: "PUT", query: "$.a", max: 1 },
      '"method" must be one of GET or POST, got "PUT"',
    ],
    [
      "a New Relic account below 1",
      { name: "n", provider: "newrelic", "api-key": "a", "account-id": -3, query: "q", max: 1 },
      '"account-id" must be more than 0, got -3',
    ],
    [
      "an empty CloudWatch dimension name",
      {
        name: "w",
        provider: "cloudwatch",
        region: "us-east-1",
        query: { namespace: "a", metric: "b", dimensions: { "": 1 } },
        max: 1,
      },
      '"query.dimensions" has the key "", which must be a non-empty name',
    ],
  ])("%s", (_what, raw, message) => {
    const said = errorOf(() => parseGate(raw, 0, ALL_PROVIDERS));
    expect(said.slice(said.indexOf(": ") + 2)).toBe(message);
  });

  /** What zod says on its own: English of its locale, such as "Too big: expected number to be <=1". */
  const ZOD_WORDING =
    /Too (big|small)|Invalid (input|option|key|element|type)|expected (number|string|one of)|to be [<>]=|Unrecognized/;

  it("for any wrong value of any key of any provider", () => {
    const bad: unknown[] = [-1, 1.5, 1000, "", "x", "1%", true, null, [], ["a"], {}, { a: 1 }, { "": 1 }];
    const bases: Record<string, unknown>[] = [
      value(),
      count(),
      count({ baseline: { errors: "e", total: "t" }, "max-increase": 0.2 }),
      { name: "d", provider: "datadog", "api-key": "a", "app-key": "b", query: "q", max: 1 },
      { name: "n", provider: "newrelic", "api-key": "a", "account-id": 1, query: "q", max: 1 },
      {
        name: "w",
        provider: "cloudwatch",
        region: "us-east-1",
        query: { namespace: "a", metric: "b" },
        max: 1,
      },
      {
        name: "s",
        provider: "sentry",
        organization: "o",
        "auth-token": "t",
        release: "r",
        errors: "crashed",
        total: "sessions",
        "max-error-rate": 0.01,
      },
      { name: "h", provider: "http", url: "https://p", query: "$.a", max: 1 },
    ];
    const keys = [
      "name",
      "url",
      "timeout",
      "retries",
      "on-no-data",
      "on-error",
      "dry-run",
      "allow-insecure",
      "headers",
      "bearer-token",
      "basic-auth",
      "max",
      "min",
      "max-error-rate",
      "min-requests",
      "max-increase",
      "confidence",
      "dispersion",
      "baseline",
      "tenant",
      "sigv4",
      "site",
      "api-key",
      "app-key",
      "aggregator",
      "account-id",
      "region",
      "organization",
      "auth-token",
      "release",
      "project",
      "environment",
      "method",
      "body",
      "syntax",
      "query",
      "errors",
      "total",
    ];
    let checked = 0;
    for (const base of bases) {
      for (const key of keys) {
        for (const v of bad) {
          let said: string;
          try {
            parseGate({ ...base, [key]: v }, 0, ALL_PROVIDERS);
            continue;
          } catch (error) {
            said = (error as Error).message;
          }
          checked++;
          expect(said, `${String(base.provider)} ${key}: ${JSON.stringify(v)}`).not.toMatch(ZOD_WORDING);
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
});

describe("parseGates: the document", () => {
  it("rejects a mapping at the top", () => {
    expect(errorOf(() => parseGates("name: x\nprovider: prometheus\n", ALL_PROVIDERS))).toBe(
      'must be a YAML list of gates (each item starting with "- name:")',
    );
  });

  it.each([
    ["a tab before a key", "- name: http-5xx\n\tprovider: prometheus\n", 2],
    ["a tab after spaces", "- name: x\n  provider: prometheus\n  headers:\n  \tX: y\n", 4],
  ])("names tabs and their line: %s", (_what, text, line) => {
    expect(errorOf(() => parseGates(text, ALL_PROVIDERS))).toBe(
      `line ${line} is indented with a tab, and YAML indents with spaces only: replace the tab with spaces`,
    );
  });

  it("leaves tabs alone where YAML allows them", () => {
    const text =
      "- name: x\n  provider: prometheus\n  url: https://p\n  query: |\n    up\t# a tab inside a query\n  max: 1\n";
    expect(parseGates(text, ALL_PROVIDERS)).toHaveLength(1);
  });

  it("rejects YAML syntax errors with the line", () => {
    const message = errorOf(() => parseGates("- name: a\n  query: [unclosed\n- name: b\n", ALL_PROVIDERS));
    expect(message).toMatch(/^is not valid YAML: .*line \d+/);
    expect(message).not.toContain("\n");
  });

  it("rejects duplicate keys in one gate", () => {
    expect(errorOf(() => parseGates("- name: a\n  name: b\n", ALL_PROVIDERS))).toMatch(
      /^is not valid YAML: the key "name" appears twice in one mapping/,
    );
  });

  it("rejects two gates with the same name, after trimming", () => {
    const text = `- ${JSON.stringify(value({ name: "lat" }))}\n- ${JSON.stringify(value({ name: " lat " }))}`;
    expect(errorOf(() => parseGates(text, ALL_PROVIDERS))).toBe(
      'two gates are named "lat"; names must be unique',
    );
  });

  it("numbers gates from 1 in messages", () => {
    const text = `- ${JSON.stringify(value({ name: "ok" }))}\n- ${JSON.stringify(value({ name: "bad", url: undefined }))}`;
    expect(errorOf(() => parseGates(text, ALL_PROVIDERS))).toContain('gate 2 "bad": "url" is required');
  });

  it("rejects a billion-laughs alias bomb quickly", () => {
    const rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [prev, name] of [..."abcdefgh"].map((c, i) => [c, "bcdefghi"[i]])) {
      rows.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(",")}]`);
    }
    const bomb = `- name: boom\n${rows.map((r) => `  ${r}`).join("\n")}\n`;
    const started = performance.now();
    const message = errorOf(() => parseGates(bomb, ALL_PROVIDERS));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(message).toMatch(/^is not valid YAML: .*alias/i);
  });

  it("still allows a few ordinary aliases", () => {
    const text = `
- name: a
  provider: prometheus
  url: &u https://prom.example.com
  query: up
  max: 1
- name: b
  provider: prometheus
  url: *u
  query: up
  max: 1
`;
    expect(parseGates(text, ALL_PROVIDERS).map((g) => g.url)).toEqual([
      "https://prom.example.com",
      "https://prom.example.com",
    ]);
  });

  it("rejects a huge document before parsing it", () => {
    const huge = `- name: x\n  query: "${"a".repeat(300 * 1024)}"\n`;
    const started = performance.now();
    expect(errorOf(() => parseGates(huge, ALL_PROVIDERS))).toMatch(
      /^is \d+ characters long; at most 262144 are accepted$/,
    );
    expect(performance.now() - started).toBeLessThan(200);
  });

  it("rejects more than 50 gates", () => {
    const text = Array.from({ length: 51 }, (_, i) => `- ${JSON.stringify(value({ name: `g${i}` }))}`).join(
      "\n",
    );
    expect(errorOf(() => parseGates(text, ALL_PROVIDERS))).toBe("lists 51 gates; at most 50 are accepted");
    expect(parseGates(text.split("\n").slice(0, 50).join("\n"), ALL_PROVIDERS)).toHaveLength(50);
  });

  it("rejects several YAML documents", () => {
    expect(errorOf(() => parseGates("- a\n---\n- b\n", ALL_PROVIDERS))).toMatch(/^is not valid YAML: /);
  });

  it("only throws GateConfigError, whatever the text", () => {
    for (const text of ["[", "- !!binary aGVsbG8=", "- - - -", "- {name: 1}", "- *undefined", "\t- x"]) {
      errorOf(() => parseGates(text, ALL_PROVIDERS));
    }
  });
});
