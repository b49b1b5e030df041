// The `gates` YAML: arbitrary text and documents, gates built from the schema's keys with wrong types,
// deep nesting, alias bombs and huge documents. Each either parses into consistent gates or is refused
// with a GateConfigError — quickly, and never with another kind of error.

import { PROVIDER_NAMES } from "../../src/gates/registry.ts";
import { Worker } from "node:worker_threads";
import fc from "fast-check";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { type GateConfig, GateConfigError, parseGate, parseGates } from "../../src/gates/config.ts";
import { isLoopback, probeUrl } from "../../src/gates/schema.ts";
import { InputError, readGatesInput } from "../../src/io/inputs.ts";
import {
  check,
  checkAsync,
  hostileString,
  nestedJson,
  quietYamlWarnings,
  reportCases,
  thrown,
  YAML_BITS,
} from "./fuzz.ts";
import { ALL_PROVIDERS } from "../support/providers.ts";

reportCases("gates-yaml");
quietYamlWarnings();

const MAX_TEXT = 256 * 1024;

/** What every gate parseGates returns must hold, whatever the YAML said. */
function assertGate(g: GateConfig, raw?: Record<string, unknown>): void {
  expect(g.name).toBe(g.name.trim());
  expect(g.name.length).toBeGreaterThan(0);
  expect(g.name.length).toBeLessThanOrEqual(100);
  expect(PROVIDER_NAMES).toContain(g.provider);
  const url = probeUrl(g.url);
  expect(url, g.url).toBeDefined();
  expect(["http:", "https:"]).toContain(url?.protocol);
  expect(g.timeoutMs).toBeGreaterThan(0);
  expect(g.timeoutMs).toBeLessThanOrEqual(600_000);
  expect(Number.isInteger(g.retries) && g.retries >= 0 && g.retries <= 10).toBe(true);
  expect(["hold", "pass", "fail"]).toContain(g.onNoData);
  expect(["hold", "pass", "fail"]).toContain(g.onError);
  expect(typeof g.shadow).toBe("boolean");
  for (const [k, v] of Object.entries(g.headers)) {
    expect(k.length).toBeGreaterThan(0);
    expect(typeof v).toBe("string");
  }
  if (g.kind === "value") {
    expect(g.query.trim()).not.toBe("");
    expect(g.max !== undefined || g.min !== undefined).toBe(true);
    if (g.max !== undefined) expect(Number.isFinite(g.max)).toBe(true);
    if (g.min !== undefined) expect(Number.isFinite(g.min)).toBe(true);
    if (g.max !== undefined && g.min !== undefined) expect(g.min).toBeLessThanOrEqual(g.max);
  } else {
    expect(g.errors.trim()).not.toBe("");
    expect(g.total.trim()).not.toBe("");
    expect(g.maxErrorRate >= 0 && g.maxErrorRate <= 1).toBe(true);
    expect(Number.isFinite(g.minRequests) && g.minRequests >= 0).toBe(true);
  }
  // Credentials never go over plain http to another host unless the gate says allow-insecure.
  if (raw && url?.protocol === "http:" && !isLoopback(url.hostname)) {
    const sendsSecrets =
      g.bearerToken !== undefined ||
      g.basicAuth !== undefined ||
      /\$\{[A-Za-z_]\w*\}/.test(JSON.stringify(g));
    if (sendsSecrets || ["datadog", "newrelic", "cloudwatch"].includes(g.provider)) {
      expect(raw["allow-insecure"]).toBe(true);
    }
  }
}

/** parseGates either returns consistent, uniquely named gates or throws GateConfigError. */
function gatesOrError(text: string, raws?: unknown[]): GateConfigError | undefined {
  let gates: GateConfig[] = [];
  const error = thrown(() => (gates = parseGates(text, ALL_PROVIDERS)));
  if (error !== undefined) {
    expect(error, String(error)).toBeInstanceOf(GateConfigError);
    return error as GateConfigError;
  }
  expect(gates.length).toBeLessThanOrEqual(50);
  expect(new Set(gates.map((g) => g.name)).size).toBe(gates.length);
  gates.forEach((g, i) => {
    const raw = raws?.[i];
    assertGate(g, raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : undefined);
  });
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Gate objects built from the schema's keys, each with a right or a wrong value.

const wrong: fc.Arbitrary<unknown> = fc.oneof(
  hostileString(40),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
  fc.uint8Array({ maxLength: 4 }),
);

const VALUES: Record<string, unknown[]> = {
  name: ["http-5xx", " p99 ", "n".repeat(100), "n".repeat(101), "", "   ", "a|b", "名前"],
  provider: [...PROVIDER_NAMES, "Prometheus", "nope", ""],
  url: [
    "https://p.example",
    "https://p.example/prefix/",
    "http://127.0.0.1:9090",
    "http://localhost:9090",
    "http://[::1]:1",
    "http://p.example",
    "https://${HOST}/x",
    "http://${HOST}/x",
    "https://{{environment}}.p.example",
    "ftp://p.example",
    "not a url",
    "javascript:alert(1)",
    "file:///etc/passwd",
  ],
  query: [
    "up",
    'sum(x{v="{{sha}}"})',
    "$.a",
    "$.data[0].value",
    "a.b",
    "crash_free_rate(session)",
    "{{nope}}",
    "{{ sha }}",
    "sum:trace.hits{*}.as_count()",
    "avg:system.cpu{*}",
    "SELECT count(*) FROM Transaction",
    "${Q}",
    { namespace: "AWS/ELB", metric: "Latency", stat: "p99" },
  ],
  errors: [
    "e",
    "sum:trace.errors{*}.as_count()",
    "$.errors",
    "crashed",
    ["crashed", "errored"],
    "crashed, abnormal",
    "{{window}}",
    { namespace: "AWS/ELB", metric: "HTTPCode_5XX", stat: "Sum" },
    { namespace: "AWS/ELB", metric: "HTTPCode_5XX", stat: "Average" },
  ],
  total: [
    "t",
    "sum:trace.hits{*}.as_count()",
    "$.total",
    "sessions",
    "users",
    { namespace: "AWS/ELB", metric: "RequestCount", stat: "Sum", dimensions: { LoadBalancer: "{{sha}}" } },
  ],
  max: [0.5, 0, -1, 1e308, "1", Number.NaN, Number.POSITIVE_INFINITY],
  min: [0.1, 0, 1, -1e308, "0", Number.NEGATIVE_INFINITY],
  "max-error-rate": [0, 0.01, 1, 1.5, -0.1, "1%", Number.NaN],
  "min-requests": [0, 500, -1, 1e300, "500", Number.POSITIVE_INFINITY],
  timeout: ["10s", 5, 0, "11m", "10m", "10 s", 600, 601, "1h", 1e-9, -1, "", "1h30m"],
  retries: [0, 2, 10, 11, 1.5, -1, "2"],
  "on-no-data": ["hold", "pass", "fail", "skip", "HOLD"],
  "on-error": ["hold", "pass", "fail", "skip"],
  "dry-run": [true, false, "yes"],
  "allow-insecure": [true, false, "true"],
  headers: [{ Authorization: "Bearer ${T}" }, { "": "x" }, { a: 1 }, { a: true }, { a: [1] }, [], "x: y"],
  "bearer-token": ["${T}", "", 5, "t0ken"],
  "basic-auth": [
    { username: "u", password: "${P}" },
    { username: "u" },
    "u:p",
    { username: "u", password: "p", x: 1 },
  ],
  tenant: ["team-a", "", "{{environment}}"],
  sigv4: [true, false, { region: "us-east-1" }, { region: "mars" }, { service: "" }, {}],
  site: ["datadoghq.eu", "eu", "https://app.datadoghq.com/", "nope"],
  "api-key": ["${DD_API_KEY}", "k"],
  "app-key": ["${DD_APP_KEY}", ""],
  aggregator: ["avg", "sum", "percentile", "nope"],
  "account-id": [123, "123", "abc", -1, 1.5],
  region: ["us", "eu", "us-east-1", "mars"],
  organization: ["acme", ""],
  "auth-token": ["${SENTRY_TOKEN}"],
  release: ["ios@{{short_sha}}", "{{nope}}"],
  project: ["1,2", [1, "a"], ""],
  environment: ["production", ["a", "b"]],
  method: ["GET", "POST", "post", "PUT"],
  body: ["text", { a: "{{sha}}", n: [1, null] }, [1], 5],
  syntax: ["jsonpath", "jmespath", "xpath"],
  baseline: [{ errors: "e", total: "t" }],
  "max-increase": [0.2],
  confidence: [0.95],
  nmae: ["typo"],
};

const gateObject: fc.Arbitrary<Record<string, unknown>> = fc.record(
  Object.fromEntries(
    Object.entries(VALUES).map(([k, vs]) => [
      k,
      fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...vs) }, { weight: 1, arbitrary: wrong }),
    ]),
  ),
  { requiredKeys: [] },
);

const OVERRIDABLE = Object.keys(VALUES).filter(
  (k) => !["baseline", "max-increase", "confidence"].includes(k),
);

/** Mostly well-formed: the keys a provider needs, then up to three keys set to right or wrong values. */
const likelyGate: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.constantFrom(...PROVIDER_NAMES),
    fc.boolean(),
    fc.array(
      fc
        .constantFrom(...OVERRIDABLE)
        .chain((k) =>
          fc.tuple(
            fc.constant(k),
            fc.oneof(
              { weight: 4, arbitrary: fc.constantFrom(...(VALUES[k] as unknown[])) },
              { weight: 1, arbitrary: wrong },
            ),
          ),
        ),
      { maxLength: 3 },
    ),
    fc.string({ minLength: 1, maxLength: 12 }),
  )
  .map(([provider, count, overrides, name]) => {
    const base: Record<string, unknown> = { name, provider };
    if (provider === "prometheus" || provider === "http") base.url = "https://p.example";
    if (provider === "datadog") Object.assign(base, { "api-key": "${K}", "app-key": "${A}" });
    if (provider === "newrelic") Object.assign(base, { "account-id": 1, "api-key": "${K}" });
    if (provider === "sentry") Object.assign(base, { organization: "o", "auth-token": "${S}", release: "r" });
    if (provider === "http") Object.assign(base, count ? { errors: "$.e", total: "$.t" } : { query: "$.v" });
    else if (provider === "sentry")
      Object.assign(
        base,
        count ? { errors: "crashed", total: "sessions" } : { query: "crash_free_rate(session)" },
      );
    else if (provider === "datadog" && count)
      Object.assign(base, { errors: "e.as_count()", total: "t.as_count()" });
    else Object.assign(base, count ? { errors: "e", total: "t" } : { query: "q" });
    Object.assign(base, count ? { "max-error-rate": 0.01 } : { max: 1 });
    for (const [k, v] of overrides) base[k] = v;
    return base;
  });

describe("gate objects from the schema's keys", () => {
  it("parseGate: a consistent gate, or a GateConfigError that names the gate", () => {
    check(
      fc.property(
        fc.oneof(
          { weight: 1, arbitrary: gateObject },
          { weight: 4, arbitrary: likelyGate },
          { weight: 1, arbitrary: wrong },
        ),
        fc.nat(49),
        (raw, index) => {
          let gate: GateConfig | undefined;
          const error = thrown(() => (gate = parseGate(raw, index, ALL_PROVIDERS)));
          if (error === undefined) {
            assertGate(gate as unknown as GateConfig, raw as Record<string, unknown>);
            return;
          }
          expect(error, String(error)).toBeInstanceOf(GateConfigError);
          expect((error as Error).message.startsWith(`gate ${index + 1}`), (error as Error).message).toBe(
            true,
          );
        },
      ),
      1500,
    );
  });

  it("the same objects as YAML through parseGates", () => {
    check(
      fc.property(fc.array(fc.oneof(gateObject, likelyGate, likelyGate), { maxLength: 4 }), (raws) => {
        gatesOrError(stringify(raws), raws);
      }),
      400,
    );
  });

  it("the same objects inside the gates input give gates or an InputError naming gates", async () => {
    await checkAsync(
      fc.asyncProperty(
        fc.array(fc.oneof(gateObject, likelyGate, likelyGate), { maxLength: 3 }),
        async (raws) => {
          const error: unknown = await readGatesInput(stringify(raws)).then(
            () => undefined,
            (e: unknown) => e,
          );
          if (error !== undefined) {
            expect(error, String(error)).toBeInstanceOf(InputError);
            expect((error as Error).message.startsWith("gates: ")).toBe(true);
          }
        },
      ),
      200,
    );
  });
});

describe("arbitrary YAML text and documents", () => {
  it("any text: gates or a GateConfigError", () => {
    check(
      fc.property(
        fc.oneof(
          hostileString(300),
          fc.array(fc.constantFrom(...YAML_BITS), { maxLength: 40 }).map((a) => a.join("")),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (text) => {
          gatesOrError(text);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        },
      ),
      1500,
      [
        [
          "- {__proto__: {polluted: true}, name: n, provider: prometheus, url: 'https://p.example', query: q, max: 1}",
        ],
        [
          "- name: n\n  provider: prometheus\n  url: https://p.example\n  query: q\n  max: 1\n  headers: {__proto__: {polluted: x}}",
        ],
        ["- <<: {name: n, provider: prometheus}\n  url: https://p.example\n  query: q\n  max: 1"],
        [
          "%YAML 1.1\n---\n- {name: n, provider: prometheus, url: 'https://p.example', query: q, max: 0x1F, dry-run: yes}",
        ],
        ["- !!js/function 'function(){}'"],
        ["- {name: n, provider: prometheus, url: 'https://p.example', query: !!binary aGVsbG8=, max: 1}"],
        ["- {name: n, name: m}"],
      ],
    );
  });

  it("any document (as YAML): gates or a GateConfigError", () => {
    check(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 5 }), fc.array(fc.jsonValue({ maxDepth: 3 }))), (doc) => {
        gatesOrError(stringify(doc));
      }),
      800,
    );
  });

  it("deeply nested structures anywhere in a gate are refused", () => {
    // The last spot is an http body, which may nest as deep as YAML reads; nowhere else is nesting valid.
    const SPOTS = [
      (n: string) => n,
      (n: string) => `- ${n}`,
      (n: string) => `- name: ${n}\n  provider: prometheus\n  url: https://p.example\n  query: q\n  max: 1`,
      (n: string) => `- {name: a, provider: ${n}, url: "https://p.example", query: q, max: 1}`,
      (n: string) =>
        `- {name: a, provider: prometheus, url: "https://p.example", query: q, max: 1, headers: {a: ${n}}}`,
      (n: string) =>
        `- {name: a, provider: cloudwatch, query: {namespace: n, metric: m, dimensions: {a: ${n}}}, max: 1}`,
      (n: string) =>
        `- {name: a, provider: http, url: "https://p.example", method: POST, query: $.a, max: 1, body: {a: ${n}}}`,
    ];
    const body = SPOTS.at(-1);
    check(
      fc.property(
        fc.constantFrom(...SPOTS),
        fc.integer({ min: 1, max: 20_000 }),
        fc.constantFrom("array" as const, "object" as const, "block" as const),
        (spot, depth, kind) => {
          const nested =
            kind === "block"
              ? `\n${Array.from({ length: Math.min(depth, 400) }, (_, i) => `${"  ".repeat(i + 2)}- a`).join("\n")}`
              : nestedJson(depth, "1", kind).replace(/"a":/g, "a: ");
          const text = spot(nested);
          const error = gatesOrError(text);
          if (spot !== body && depth > 1 && kind !== "block") expect(error).toBeInstanceOf(GateConfigError);
        },
      ),
      40,
    );
  });
});

describe("alias bombs and huge documents are refused quickly", () => {
  /** "Billion laughs": each level's anchor lists the previous level's alias `width` times. */
  function laughs(width: number, depth: number, form: "map" | "list" | "gate"): string {
    const lines = [`l0: &l0 [${Array(width).fill('"lol"').join(", ")}]`];
    for (let i = 1; i < depth; i++)
      lines.push(
        `l${i}: &l${i} [${Array(width)
          .fill(`*l${i - 1}`)
          .join(", ")}]`,
      );
    if (form === "map") return lines.join("\n");
    if (form === "list") return lines.map((l) => `- ${l}`).join("\n");
    return `- name: bomb\n  provider: prometheus\n  url: https://p.example\n  query: q\n  max: 1\n  headers:\n${lines
      .map((l) => `    ${l}`)
      .join("\n")}`;
  }

  it("billion laughs of any width and depth: GateConfigError, never an expansion", () => {
    check(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 2, max: 14 }),
        fc.constantFrom("map" as const, "list" as const, "gate" as const),
        (width, depth, form) => {
          const error = gatesOrError(laughs(width, depth, form));
          expect(error).toBeInstanceOf(GateConfigError);
          if (width ** depth > 10_000) expect(error?.message).toMatch(/alias|resource/i);
        },
      ),
      150,
      [
        [10, 10, "map"],
        [9, 12, "gate"],
        [12, 14, "list"],
      ],
    );
  });

  it("many aliases of one anchor: GateConfigError", () => {
    check(
      fc.property(fc.integer({ min: 101, max: 20_000 }), (n) => {
        const error = gatesOrError(
          `- &a {name: a, provider: prometheus}\n${"- *a\n".repeat(n)}`.slice(0, MAX_TEXT),
        );
        expect(error).toBeInstanceOf(GateConfigError);
      }),
      8,
    );
  });

  it("documents over 256 KiB: GateConfigError saying how long they are", () => {
    check(
      fc.property(
        fc.integer({ min: MAX_TEXT + 1, max: 4 * 1024 * 1024 }),
        fc.constantFrom("- a: b\n", "x", "[", "&a [*a]\n", "- name: n\n"),
        (length, unit) => {
          const text = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
          const error = gatesOrError(text);
          expect(error?.message).toMatch(/characters long/);
        },
      ),
      20,
    );
  });

  it("documents just under 256 KiB of ordinary YAML: parsed or refused, in time", () => {
    check(
      fc.property(
        fc.constantFrom(
          (n: number) =>
            `- name: n\n  provider: prometheus\n  url: https://p.example\n  query: q\n  max: 1\n${"# c\n".repeat(n / 4)}`,
          (n: number) => `[${"1,".repeat(n / 2 - 2)}1]`,
          (n: number) =>
            `- name: n\n  provider: prometheus\n  url: https://p.example\n  query: "${"q".repeat(n - 100)}"\n  max: 1`,
          (n: number) =>
            `- name: n\n  provider: prometheus\n  url: https://p.example\n  query: |\n${"    q\n".repeat(n / 6 - 20)}  max: 1`,
          (n: number) =>
            Array.from(
              { length: Math.floor(n / 60) },
              (_, i) => `- {name: g${i}, provider: prometheus}`,
            ).join("\n"),
        ),
        fc.integer({ min: 200_000, max: MAX_TEXT - 200 }),
        (make, n) => {
          gatesOrError(make(n).slice(0, MAX_TEXT));
        },
      ),
      6,
    );
  });
});

describe("known problems", () => {
  it("a self-referencing alias is a GateConfigError", async () => {
    check(
      fc.property(
        fc.constantFrom(
          "- &a {name: n, provider: *a, url: 'https://p.example', query: q, max: 1}",
          "- &a {name: n, provider: prometheus, url: 'https://p.example', query: q, max: 1, headers: *a}",
          "- &a {name: n, provider: prometheus, url: 'https://p.example', query: *a, max: 1}",
          "- &a {name: n, provider: http, url: 'https://p.example', method: POST, query: $.a, max: 1, body: {x: *a}}",
        ),
        (text) => {
          expect(thrown(() => parseGates(text, ALL_PROVIDERS))).toBeInstanceOf(GateConfigError);
        },
      ),
      8,
    );
    for (const text of [
      "- &a {name: n, provider: prometheus, url: 'https://p.example', query: *a, max: 1}",
    ]) {
      await expect(readGatesInput(text)).rejects.toBeInstanceOf(InputError);
    }
  });

  /** Runs parseGates in a worker and stops it after `ms`: undefined when it did not finish in time. */
  function parseWithin(text: string, ms: number): Promise<{ outcome: string; ms: number } | undefined> {
    const worker = new Worker(new URL("./parse-gates-worker.ts", import.meta.url), { workerData: text });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        void worker.terminate();
        resolve(undefined);
      }, ms);
      worker.once("message", (m: { outcome: string; ms: number }) => {
        clearTimeout(timer);
        void worker.terminate();
        resolve(m);
      });
      worker.once("error", (e: Error) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  it("a worker-run parse of a small document finishes (the harness of the next test works)", async () => {
    const result = await parseWithin(
      "- {name: a, provider: prometheus, url: 'https://p.example', query: q, max: 1}",
      20_000,
    );
    expect(result?.outcome).toBe("gates");
  });

  it("a 256 KiB mapping of distinct keys is refused within 5 s", async () => {
    const keys: string[] = [];
    let length = 4;
    for (let i = 0; length < MAX_TEXT - 20; i++) {
      const key = `k${i.toString(36)}`;
      keys.push(key);
      length += key.length + 2;
    }
    const result = await parseWithin(`- {${keys.join(", ")}}`, 5_000);
    expect(result, "parseGates did not finish within 5 s").toBeDefined();
  });
});
