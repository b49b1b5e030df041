// What every provider shares: secrets in provider keys, templates checked everywhere, shadow gates,
// credentials never over plain http, and the request each provider is handed.

import { describe, expect, it } from "vitest";
import { GateConfigError, parseGate, parseGates } from "../../../../src/gates/config.ts";
import { evaluateGate, evaluateGates } from "../../../../src/gates/run.ts";
import type { Provider, QueryRequest } from "../../../../src/gates/provider.ts";
import { redact } from "../../../../src/format.ts";
import { resolveSecrets, secretNames } from "../../../../src/gates/template.ts";
import { NOW, STARTED, VALUES } from "./request.ts";
import { ALL_PROVIDERS } from "../../../support/providers.ts";

const datadog = {
  name: "dd",
  provider: "datadog",
  "api-key": "${DD_API_KEY}",
  "app-key": "${DD_APP_KEY}",
  query: "avg:latency{env:{{environment}}}",
  max: 1,
};

describe("secrets in provider keys", () => {
  it("finds ${NAME} in api keys, tokens, releases and request bodies", () => {
    expect(secretNames(parseGate(datadog, 0, ALL_PROVIDERS)).sort()).toEqual(["DD_API_KEY", "DD_APP_KEY"]);
    const nr = parseGate(
      { name: "n", provider: "newrelic", "account-id": 1, "api-key": "${NR_KEY}", query: "SELECT 1", max: 1 },
      0,
      ALL_PROVIDERS,
    );
    expect(secretNames(nr)).toEqual(["NR_KEY"]);
    const sentry = parseGate(
      {
        name: "s",
        provider: "sentry",
        organization: "${ORG}",
        "auth-token": "${SENTRY}",
        release: "r",
        query: "sum(session)",
        min: 1,
      },
      0,
      ALL_PROVIDERS,
    );
    expect(secretNames(sentry).sort()).toEqual(["ORG", "SENTRY"]);
    const http = parseGate(
      {
        name: "h",
        provider: "http",
        url: "https://m",
        method: "POST",
        body: { token: "${BODY_TOKEN}" },
        query: "$.a",
        max: 1,
      },
      0,
      ALL_PROVIDERS,
    );
    expect(secretNames(http)).toEqual(["BODY_TOKEN"]);
  });

  it("fails before any request when one is not set, naming the gate", () => {
    expect(() => resolveSecrets([parseGate(datadog, 0, ALL_PROVIDERS)], { DD_API_KEY: "k" })).toThrow(
      'gates: gate "dd" uses ${DD_APP_KEY}, but the environment variable DD_APP_KEY is not set',
    );
  });

  it("redacts every resolved value, AWS credentials included", () => {
    const cw = parseGate(
      { name: "c", provider: "cloudwatch", region: "us-east-1", query: "m", max: 1 },
      0,
      ALL_PROVIDERS,
    );
    const secrets = resolveSecrets([parseGate(datadog, 0, ALL_PROVIDERS), cw], {
      DD_API_KEY: "ddkey-123",
      DD_APP_KEY: "ddapp-456",
      AWS_ACCESS_KEY_ID: "AKIAEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "aws-secret-789",
      AWS_SESSION_TOKEN: "session-token-000",
    });
    expect(redact("ddkey-123 ddapp-456 AKIAEXAMPLE aws-secret-789 session-token-000", secrets.values())).toBe(
      "*** *** *** *** ***",
    );
  });
});

describe("gate config shared by every provider", () => {
  it("rejects an unknown template variable in a provider key", () => {
    expect(() =>
      parseGate(
        {
          name: "s",
          provider: "sentry",
          organization: "o",
          "auth-token": "t",
          release: "app@{{version}}",
          query: "sum(session)",
          min: 1,
        },
        0,
        ALL_PROVIDERS,
      ),
    ).toThrow('unknown template variable "{{version}}"');
  });

  it("reads dry-run as a shadow gate", () => {
    expect(parseGate({ ...datadog, "dry-run": true }, 0, ALL_PROVIDERS).shadow).toBe(true);
    expect(parseGate(datadog, 0, ALL_PROVIDERS).shadow).toBe(false);
    expect(() => parseGate({ ...datadog, "dry-run": "yes" }, 0, ALL_PROVIDERS)).toThrow(
      '"dry-run" must be true or false, got "yes"',
    );
  });

  it("refuses credentials over plain http to a host that is not loopback, however they are given", () => {
    const prom = { name: "p", provider: "prometheus", query: "up", max: 1 };
    expect(parseGate({ ...prom, url: "http://prometheus.internal:9090" }, 0, ALL_PROVIDERS).url).toBe(
      "http://prometheus.internal:9090",
    );
    for (const extra of [
      { "bearer-token": "${T}" },
      { "basic-auth": { username: "u", password: "p" } },
      { headers: { Authorization: "Bearer ${T}" } },
      { sigv4: true },
    ]) {
      expect(() =>
        parseGate({ ...prom, url: "http://prometheus.internal:9090", ...extra }, 0, ALL_PROVIDERS),
      ).toThrow('gate 1 "p": "url" would send credentials over plain http to prometheus.internal:9090');
    }
    for (const host of ["127.0.0.1:9090", "127.8.9.10", "localhost:9090", "[::1]:9090"]) {
      expect(
        parseGate({ ...prom, url: `http://${host}`, "bearer-token": "${T}" }, 0, ALL_PROVIDERS).bearerToken,
      ).toBe("${T}");
    }
    // A host behind a secret cannot be known to be local.
    expect(() =>
      parseGate({ ...prom, url: "http://${PROM_HOST}", "bearer-token": "${T}" }, 0, ALL_PROVIDERS),
    ).toThrow(GateConfigError);
  });

  it("lists the providers when one is unknown, and parses a list mixing them", () => {
    expect(() => parseGate({ ...datadog, provider: "splunk" }, 1, ALL_PROVIDERS)).toThrow(
      'gate 2 "dd": "provider" "splunk" is not known; use one of prometheus, datadog, newrelic, cloudwatch, sentry, http',
    );
    const gates = parseGates(
      `
- name: a
  provider: datadog
  api-key: \${K}
  app-key: \${A}
  query: avg:x{*}
  max: 1
- name: b
  provider: http
  url: https://metrics.example.com/health
  errors: $.errors
  total: $.total
  max-error-rate: 0.01
  dry-run: true
`,
      ALL_PROVIDERS,
    );
    expect(gates.map((g) => [g.name, g.provider, g.kind, g.shadow])).toEqual([
      ["a", "datadog", "value", false],
      ["b", "http", "count", true],
    ]);
  });
});

describe("the request each provider is handed", () => {
  it("carries the role, the stage's start, templates rendered, and a cache shared by one gate's queries only", async () => {
    const seen: QueryRequest[] = [];
    const fake: Pick<Provider, "query"> = {
      async query(req) {
        seen.push(req);
        return { value: req.role === "errors" ? 1 : 1000, warnings: [] };
      },
    };
    const gate = (name: string) =>
      parseGate(
        {
          name,
          provider: "http",
          url: "https://m/{{short_sha}}",
          errors: "$.e",
          total: "$.t",
          "max-error-rate": 0.1,
          "dry-run": true,
        },
        0,
        ALL_PROVIDERS,
      );
    const results = await evaluateGates([gate("a"), gate("b")], {
      values: VALUES,
      secrets: new Map(),
      now: NOW,
      providers: { http: fake },
    });
    expect(results.map((r) => [r.name, r.verdict, r.shadow])).toEqual([
      ["a", "pass", true],
      ["b", "pass", true],
    ]);
    expect(seen.map((r) => r.role)).toEqual(["errors", "total", "errors", "total"]);
    expect(seen.every((r) => r.since.getTime() === STARTED.getTime())).toBe(true);
    expect(seen[0]?.url).toBe(`https://m/${VALUES.short_sha}`);
    expect(seen[0]?.cache).toBe(seen[1]?.cache);
    expect(seen[0]?.cache).not.toBe(seen[2]?.cache);
    expect(seen[0]?.render("{{stage}}").sent).toBe(VALUES.stage);
  });

  it("shows the provider's own rendering of a query when it gives one", async () => {
    const fake: Pick<Provider, "query"> = {
      query: async (req) => ({ value: 0.1, warnings: [], shown: `${req.shown} SINCE x` }),
    };
    const res = await evaluateGate(
      parseGate({ name: "v", provider: "http", url: "https://m", query: "$.v", max: 1 }, 0, ALL_PROVIDERS),
      {
        values: VALUES,
        secrets: new Map(),
        now: NOW,
        providers: { http: fake },
      },
    );
    expect(res.queries).toEqual(["$.v SINCE x"]);
  });

  it("falls back to the evaluation time when the stage's start is unknown", async () => {
    let since: Date | undefined;
    const fake: Pick<Provider, "query"> = {
      query: async (req) => {
        since = req.since;
        return { value: 0, warnings: [] };
      },
    };
    await evaluateGate(
      parseGate({ name: "v", provider: "http", url: "https://m", query: "$.v", max: 1 }, 0, ALL_PROVIDERS),
      {
        values: { ...VALUES, stage_started_unix: "" },
        secrets: new Map(),
        now: NOW,
        providers: { http: fake },
      },
    );
    expect(since).toEqual(NOW);
  });
});
