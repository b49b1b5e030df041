// Prometheus-compatible services that want more than a URL, against a stand-in following:
//   https://grafana.com/docs/mimir/latest/references/http-api/#authentication (X-Scope-OrgID)
//   https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-APIReference-QueryMetrics.html
//   https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-and-IAM.html (SigV4, service "aps")
//   https://prometheus.io/docs/prometheus/latest/querying/api/#instant-queries (the answers)

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type CountGate, GateConfigError, parseGate, type ValueGate } from "../../../src/gates/config.ts";
import { evaluateGate } from "../../../src/gates/evaluate.ts";
import { resolveSecrets } from "../../../src/gates/template.ts";
import { AWS_KEYS } from "../../support/cloudwatch-stand-in.ts";
import {
  AMP_WORKSPACE,
  type PrometheusCompatStandIn,
  startPrometheusCompatStandIn,
} from "../../support/prometheus-compat-stand-in.ts";
import { NOW, SHA, VALUES } from "./request.ts";

let pc: PrometheusCompatStandIn;
beforeAll(async () => {
  pc = await startPrometheusCompatStandIn("us-west-2");
});
afterAll(() => pc.close());
beforeEach(() => {
  pc.requests.length = 0;
});

const ERRORS = 'sum(increase(http_requests_total{version="{{sha}}",code=~"5.."}[{{window}}]))';
const TOTAL = 'sum(increase(http_requests_total{version="{{sha}}"}[{{window}}]))';
const sent = (q: string) => q.replace("{{sha}}", SHA).replace("{{window}}", "1800s");

const ENV = {
  AWS_ACCESS_KEY_ID: AWS_KEYS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: AWS_KEYS.secretAccessKey,
  AWS_SESSION_TOKEN: AWS_KEYS.sessionToken,
  AWS_REGION: "us-west-2",
};

function ampGate(extra: Record<string, unknown> = {}): CountGate {
  return parseGate(
    {
      name: "amp-5xx",
      provider: "prometheus",
      url: pc.ampUrl,
      sigv4: true,
      errors: ERRORS,
      total: TOTAL,
      "max-error-rate": 0.01,
      ...extra,
    },
    0,
  ) as CountGate;
}

function mimirGate(extra: Record<string, unknown> = {}): ValueGate {
  return parseGate(
    {
      name: "mimir-p99",
      provider: "prometheus",
      url: pc.mimirUrl,
      tenant: "team-checkout",
      query: "p99",
      max: 0.5,
      ...extra,
    },
    0,
  ) as ValueGate;
}

function opts(env: Record<string, string> = ENV) {
  return {
    values: VALUES,
    secrets: resolveSecrets([ampGate()], env),
    now: NOW,
    env,
    http: { sleep: async () => {} },
  };
}

describe("tenant header (Grafana Mimir, Cortex)", () => {
  it("sends X-Scope-OrgID from tenant, templated", async () => {
    pc.set("team-checkout", "p99", "0.31");
    expect(await evaluateGate(mimirGate(), opts())).toMatchObject({ verdict: "pass", value: 0.31 });
    expect(pc.requests[0]?.headers["x-scope-orgid"]).toBe("team-checkout");
    pc.set("production", "p99", "0.91");
    expect(await evaluateGate(mimirGate({ tenant: "{{environment}}" }), opts())).toMatchObject({
      verdict: "fail",
    });
  });

  it("takes the tenant once: as tenant or as a header, not both", () => {
    expect(mimirGate({ tenant: undefined, headers: { "X-Scope-OrgID": "t" } }).headers).toEqual({
      "X-Scope-OrgID": "t",
    });
    expect(() => mimirGate({ headers: { "x-scope-orgid": "t" } })).toThrow(
      'gate 1 "mimir-p99": give the tenant once, as "tenant" or as an X-Scope-OrgID header',
    );
  });

  it("reports Mimir's 401 without a tenant as an error", async () => {
    const res = await evaluateGate(mimirGate({ tenant: undefined }), opts());
    expect(res.verdict).toBe("error");
    expect(res.message).toContain("HTTP 401 with a body that is not Prometheus JSON: no org id");
  });
});

describe("SigV4 (Amazon Managed Service for Prometheus)", () => {
  it("signs the query for service aps with the session token and the environment's region", async () => {
    pc.set(AMP_WORKSPACE, sent(ERRORS), "3");
    pc.set(AMP_WORKSPACE, sent(TOTAL), "1500");
    const res = await evaluateGate(ampGate(), opts());
    expect(res).toMatchObject({ verdict: "pass", samples: 1500 });
    expect(pc.requests.map((r) => [r.path, r.status])).toEqual([
      [`/workspaces/${AMP_WORKSPACE}/api/v1/query`, 200],
      [`/workspaces/${AMP_WORKSPACE}/api/v1/query`, 200],
    ]);
    expect(pc.requests[0]?.headers.authorization).toMatch(
      new RegExp(`^AWS4-HMAC-SHA256 Credential=${AWS_KEYS.accessKeyId}/\\d{8}/us-west-2/aps/aws4_request`),
    );
  });

  it("takes the region from sigv4.region over the environment's", async () => {
    const res = await evaluateGate(ampGate({ sigv4: { region: "eu-central-1" } }), opts());
    expect(res.message).toContain("HTTP 403");
    expect(res.message).toContain("Credential should be scoped to a valid region and service: us-west-2/aps");
  });

  it("fails the signature check with the wrong secret key, and says so", async () => {
    const res = await evaluateGate(ampGate(), opts({ ...ENV, AWS_SECRET_ACCESS_KEY: "nope" }));
    expect(res.verdict).toBe("error");
    expect(res.message).toContain("The request signature we calculated does not match");
  });

  it("holds on an empty vector and retries AMP's throttling", async () => {
    expect((await evaluateGate(ampGate({ errors: "absent", total: "absent_total" }), opts())).verdict).toBe(
      "inconclusive",
    );
    pc.set(AMP_WORKSPACE, sent(ERRORS), "1");
    pc.set(AMP_WORKSPACE, sent(TOTAL), "1000");
    pc.fail({ kind: "rate-limit" }, 1);
    expect((await evaluateGate(ampGate(), opts())).verdict).toBe("pass");
    expect(pc.requests.filter((r) => r.status === 429)).toHaveLength(1);
  });

  it("rejects sigv4 beside bearer or basic auth, and a region that is not one", () => {
    expect(() => ampGate({ "bearer-token": "x" })).toThrow(GateConfigError);
    expect(() => ampGate({ sigv4: { region: "west" } })).toThrow('"sigv4.region" must be an AWS region');
    expect(() => ampGate({ sigv4: { region: "us-east-1", services: "aps" } })).toThrow(
      'unknown key "sigv4.services"',
    );
  });

  it("needs AWS credentials and a region before any request", () => {
    expect(() => resolveSecrets([ampGate()], {})).toThrow(
      'gate "amp-5xx" signs its requests for AWS, but the environment variable AWS_ACCESS_KEY_ID is not set',
    );
    expect(() => resolveSecrets([ampGate()], { ...ENV, AWS_REGION: "" })).toThrow(
      'gate "amp-5xx" needs an AWS region: set region in the gate (sigv4.region)',
    );
  });
});
