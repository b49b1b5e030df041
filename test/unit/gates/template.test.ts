import { describe, expect, it } from "vitest";
import { type GateConfig, parseGate } from "../../../src/gates/config.ts";
import {
  fillSecrets,
  fillTemplate,
  render,
  resolveSecrets,
  SecretError,
  secretNames,
  type TemplateValues,
} from "../../../src/gates/template.ts";
import { redact } from "../../../src/format.ts";
import { ALL_PROVIDERS } from "../../support/providers.ts";

const VALUES: TemplateValues = {
  sha: "0123456789abcdef0123456789abcdef01234567",
  short_sha: "0123456",
  baseline_sha: "fedcba9876543210fedcba9876543210fedcba98",
  baseline_short_sha: "fedcba9",
  environment: "production",
  stage: "3",
  percent: "25",
  window: "1800s",
  stage_started_at: "2026-11-21T00:00:00Z",
  stage_started_unix: "1795219200",
};

const gate = (extra: Record<string, unknown>): GateConfig =>
  parseGate(
    {
      name: "g",
      provider: "prometheus",
      url: "https://prom.example.com",
      query: "up",
      max: 1,
      ...extra,
    },
    0,
    ALL_PROVIDERS,
  );

describe("fillTemplate", () => {
  it("fills every variable, with or without spaces inside the braces", () => {
    const text = Object.keys(VALUES)
      .map((k, i) => (i % 2 ? `{{${k}}}` : `{{ ${k} }}`))
      .join("|");
    expect(fillTemplate(text, VALUES)).toBe(Object.values(VALUES).join("|"));
  });

  it("fills the SPEC's count query", () => {
    expect(
      fillTemplate('sum(increase(http_requests_total{version="{{sha}}",code=~"5.."}[{{window}}]))', VALUES),
    ).toBe(
      'sum(increase(http_requests_total{version="0123456789abcdef0123456789abcdef01234567",code=~"5.."}[1800s]))',
    );
  });

  it("leaves PromQL braces, unknown names and secrets alone", () => {
    const text = 'rate(x{job="a"}[5m]) {{nope}} ${TOKEN} {single}';
    expect(fillTemplate(text, VALUES)).toBe(text);
  });

  it("does not fill a second time: a value that looks like a template stays literal", () => {
    expect(fillTemplate("{{environment}}", { ...VALUES, environment: "{{sha}}" })).toBe("{{sha}}");
  });
});

describe("secrets", () => {
  it("finds every ${NAME} a gate uses, once each, in url, headers, auth and queries", () => {
    const g = gate({
      url: "https://${HOST}/prom",
      headers: { Authorization: "Bearer ${PROM_TOKEN}", "X-Org": "${ORG}" },
      "bearer-token": "${PROM_TOKEN}",
      "basic-auth": { username: "${USER}", password: "${PASS}" },
      query: 'up{tenant="${TENANT}"}',
    });
    expect(secretNames(g).sort()).toEqual(["HOST", "ORG", "PASS", "PROM_TOKEN", "TENANT", "USER"]);
  });

  it("finds secrets in both queries of a count gate", () => {
    const g = parseGate(
      {
        name: "c",
        provider: "prometheus",
        url: "https://p",
        errors: "e{k='${A}'}",
        total: "t{k='${B}'}",
        "max-error-rate": 0.1,
      },
      0,
      ALL_PROVIDERS,
    );
    expect(secretNames(g)).toEqual(["A", "B"]);
  });

  it("ignores $NAME without braces and ${} with invalid names", () => {
    expect(secretNames(gate({ query: "$NOPE ${1X} ${} ${a-b}" }))).toEqual([]);
  });

  it("resolves secrets from the environment", () => {
    const g = gate({ headers: { Authorization: "Bearer ${PROM_TOKEN}" } });
    expect(resolveSecrets([g], { PROM_TOKEN: "s3cret", OTHER: "x" })).toEqual(
      new Map([["PROM_TOKEN", "s3cret"]]),
    );
  });

  it.each([
    [
      "missing",
      {},
      'gates: gate "p99" uses ${PROM_TOKEN}, but the environment variable PROM_TOKEN is not set; pass it with env: PROM_TOKEN: ${{ secrets.PROM_TOKEN }}',
    ],
    [
      "set but empty (what ${{ secrets.X }} gives for a secret the job cannot see)",
      { PROM_TOKEN: "" },
      'gates: gate "p99" uses ${PROM_TOKEN}, but the environment variable PROM_TOKEN is empty: the secret it is set from is undefined (add it under Settings → Secrets and variables → Actions, spelt as in the workflow), or it is an environment secret this job cannot see (give the job environment: with that environment\'s name)',
    ],
  ])("fails naming the gate and the variable when it is %s", (_what, env, message) => {
    const g = gate({ name: "p99", headers: { Authorization: "Bearer ${PROM_TOKEN}" } });
    let caught: unknown;
    try {
      resolveSecrets([g], env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SecretError);
    expect((caught as Error).message).toBe(message);
  });

  it("fails on the first gate that lacks a secret, whichever gate it is", () => {
    const a = gate({ name: "a", query: "x${A}" });
    const b = gate({ name: "b", query: "x${B}" });
    expect(() => resolveSecrets([a, b], { A: "1" })).toThrow('gate "b" uses ${B}');
  });

  it("fills secrets and leaves unknown names as written", () => {
    const secrets = new Map([["T", "tok"]]);
    expect(fillSecrets("Bearer ${T} ${U}", secrets)).toBe("Bearer tok ${U}");
  });

  it("does not treat $ patterns in a secret value as replacement patterns", () => {
    const secrets = new Map([["T", "a$&b$1c$$"]]);
    expect(fillSecrets("${T}", secrets)).toBe("a$&b$1c$$");
  });
});

describe("render", () => {
  it("shows templates filled and secrets as ${NAME}; sends both filled", () => {
    const secrets = new Map([["TENANT", "acme-secret"]]);
    expect(render('up{v="{{short_sha}}",t="${TENANT}"}', VALUES, secrets)).toEqual({
      shown: 'up{v="0123456",t="${TENANT}"}',
      sent: 'up{v="0123456",t="acme-secret"}',
    });
  });
});

describe("redact", () => {
  it("replaces every occurrence of every secret value with ***", () => {
    expect(redact("token s3cret and s3cret again, key k3y", ["s3cret", "k3y"])).toBe(
      "token *** and *** again, key ***",
    );
  });

  it("leaves text without secrets unchanged", () => {
    expect(redact("nothing here", ["s3cret"])).toBe("nothing here");
    expect(redact("nothing here", [])).toBe("nothing here");
  });

  it("treats secret values literally, not as patterns", () => {
    expect(redact("a.b a+b (x)", ["a+b", "(x)"])).toBe("a.b *** ***");
  });

  it("does not redact values shorter than 3 characters (they would mangle every message)", () => {
    expect(redact("error rate 1%", ["1", "ra"])).toBe("error rate 1%");
  });

  it("redacts a secret that contains another secret completely", () => {
    const out = redact("Authorization: abcdef", ["abc", "abcdef"]);
    expect(out).toBe("Authorization: ***");
  });
});
