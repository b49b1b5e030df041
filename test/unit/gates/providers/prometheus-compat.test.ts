// Prometheus-compatible services that want more than a URL, against a stand-in following:
//   https://grafana.com/docs/mimir/latest/references/http-api/#authentication (X-Scope-OrgID)
//   https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-APIReference-QueryMetrics.html
//   https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-and-IAM.html (SigV4, service "aps")
//   https://prometheus.io/docs/prometheus/latest/querying/api/#instant-queries (the answers)
//   VictoriaMetrics cluster and Thanos Query as their repositories record them (harness/recorded/prometheus)

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type CountGate, GateConfigError, parseGate, type ValueGate } from "../../../../src/gates/config.ts";
import { evaluateGate } from "../../../../src/gates/run.ts";
import { resolveSecrets } from "../../../../src/gates/template.ts";
import { AWS_KEYS } from "../../../../harness/monitoring/cloudwatch.ts";
import {
  AMP_WORKSPACE,
  type PrometheusCompatStandIn,
  startPrometheusCompatStandIn,
  THANOS_TENANT,
  VM_TENANT,
} from "../../../../harness/monitoring/prometheus-compat.ts";
import { recorded, shapeOf } from "../../../../harness/recorded.ts";
import { NOW, SHA, VALUES } from "./request.ts";
import { ALL_PROVIDERS } from "../../../support/providers.ts";

let pc: PrometheusCompatStandIn;
beforeAll(async () => {
  pc = await startPrometheusCompatStandIn("us-west-2");
});
afterAll(() => pc.close());
beforeEach(() => {
  pc.requests.length = 0;
  pc.outage(VM_TENANT, null);
  pc.outage(THANOS_TENANT, null);
  pc.warn(THANOS_TENANT, []);
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
    ALL_PROVIDERS,
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
    ALL_PROVIDERS,
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

function countGate(url: string, extra: Record<string, unknown> = {}): CountGate {
  return parseGate(
    {
      name: "cluster-5xx",
      provider: "prometheus",
      url,
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

/** Figures that pass the count gate: 3 errors in 1,500 requests. */
function passing(tenant: string): void {
  pc.set(tenant, sent(ERRORS), "3");
  pc.set(tenant, sent(TOTAL), "1500");
}

async function post(url: string, form: Record<string, string>): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/api/v1/query`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
  return (await res.json()) as Record<string, unknown>;
}

describe("VictoriaMetrics cluster (vmselect)", () => {
  it("passes while every storage node answers", async () => {
    passing(VM_TENANT);
    expect(await evaluateGate(countGate(pc.vmUrl), opts())).toMatchObject({ verdict: "pass", samples: 1500 });
  });

  it("asks vmselect to deny partial responses, with an arg it reads as true", async () => {
    passing(VM_TENANT);
    await evaluateGate(countGate(pc.vmUrl), opts());
    const { arg, falseValues } = recorded<{ arg: string; falseValues: string[] }>(
      "prometheus",
      "victoriametrics-deny-partial-response",
    );
    const sentDeny = pc.queries().map((q) => q.params[arg]);
    expect(sentDeny).toHaveLength(2);
    for (const v of sentDeny) expect(falseValues).not.toContain((v ?? "").toLowerCase());
  });

  it("holds in error on an isPartial answer whose counts would pass: a storage node's share is missing", async () => {
    passing(VM_TENANT);
    pc.outage(VM_TENANT, { deny: "ignored" });
    const res = await evaluateGate(countGate(pc.vmUrl), opts());
    expect(res.verdict).toBe("error");
    expect(res.message).toContain('the answer is partial ("isPartial": true)');
  });

  it("holds an empty partial answer in error, not as no data", async () => {
    pc.outage(VM_TENANT, { deny: "ignored" });
    const res = await evaluateGate(countGate(pc.vmUrl, { errors: "absent", total: "absent_total" }), opts());
    expect(res.verdict).toBe("error");
  });

  it("with the refusal honoured, retries vmselect's 503 and reports it as an error", async () => {
    passing(VM_TENANT);
    pc.outage(VM_TENANT, { deny: "honoured" });
    const res = await evaluateGate(countGate(pc.vmUrl, { retries: 1 }), opts());
    expect(res.verdict).toBe("error");
    expect(res.message).toContain("HTTP 503");
    expect(res.message).toContain("cannot fetch query results from vmstorage nodes");
    expect(pc.requests.map((r) => r.status)).toEqual([503, 503, 503, 503]);
  });
});

describe("Thanos Query", () => {
  const thanosParam = recorded<{ parameter: string; abort: string }>(
    "prometheus",
    "thanos-partial-response-parameter",
  );

  it("sends partial_response=false, as Thanos's own client does to refuse partial responses", async () => {
    passing(THANOS_TENANT);
    expect(await evaluateGate(countGate(pc.thanosUrl), opts())).toMatchObject({ verdict: "pass" });
    expect(pc.queries().map((q) => q.params[thanosParam.parameter])).toEqual([
      thanosParam.abort,
      thanosParam.abort,
    ]);
  });

  it("holds in error when a store is down and its failure comes back as a warning beside the data", async () => {
    passing(THANOS_TENANT);
    pc.outage(THANOS_TENANT, { deny: "ignored" });
    const { message } = recorded<{ message: string }>("prometheus", "thanos-store-error");
    const res = await evaluateGate(countGate(pc.thanosUrl), opts());
    expect(res.verdict).toBe("error");
    expect(res.message).toContain(`the answer may be missing data; the server warned: ${message}`);
  });

  it("with the refusal honoured, reports Thanos's 422 as an error", async () => {
    passing(THANOS_TENANT);
    pc.outage(THANOS_TENANT, { deny: "honoured" });
    const res = await evaluateGate(countGate(pc.thanosUrl), opts());
    expect(res.verdict).toBe("error");
    expect(res.message).toContain("HTTP 422, execution: expanding series: proxy Series(): fetch series for");
  });

  it("keeps a PromQL annotation as a footnote to a verdict that stands", async () => {
    const { messages } = recorded<{ messages: Record<string, string> }>(
      "prometheus",
      "prometheus-annotations",
    );
    const note = messages.PossibleNonCounterInfo ?? "";
    passing(THANOS_TENANT);
    pc.warn(THANOS_TENANT, [note]);
    const res = await evaluateGate(countGate(pc.thanosUrl), opts());
    expect(res.verdict).toBe("pass");
    expect(res.message).toContain(`(warning: ${note})`);
  });
});

describe("the stand-in answers as the recordings do", () => {
  /** The shape of an answer with every series' labels dropped: labels are data, not shape. */
  const answerShape = (body: Record<string, unknown>) => {
    const data = body.data as { result?: unknown } | undefined;
    const result = Array.isArray(data?.result)
      ? data.result.map((s: Record<string, unknown>) => ({ ...s, metric: {} }))
      : data?.result;
    return shapeOf({ ...body, data: { ...data, result } });
  };
  const golden = recorded<{ response: { examples: Record<string, Record<string, unknown>> } }>(
    "prometheus",
    "prometheus-instant-query",
  );
  const vectorResult = golden.response.examples.vectorResult ?? {};

  it("Mimir and Thanos answer in the shape of Prometheus's own vector example", async () => {
    pc.set("team-checkout", "up", "1");
    pc.set(THANOS_TENANT, "up", "1");
    const mimir = await fetch(`${pc.mimirUrl}/api/v1/query`, {
      method: "POST",
      headers: { "x-scope-orgid": "team-checkout", "content-type": "application/x-www-form-urlencoded" },
      body: "query=up&time=1767436620",
    });
    const thanos = await post(pc.thanosUrl, { query: "up", time: "1767436620" });
    expect(answerShape((await mimir.json()) as Record<string, unknown>)).toEqual(answerShape(vectorResult));
    expect(answerShape(thanos)).toEqual(answerShape(vectorResult));
  });

  it("Thanos's partial answer carries only the fields Thanos Query answers with", async () => {
    pc.set(THANOS_TENANT, "up", "1");
    pc.outage(THANOS_TENANT, { deny: "ignored" });
    const { fields } = recorded<{ fields: string[] }>("prometheus", "thanos-response");
    const body = await post(pc.thanosUrl, { query: "up" });
    expect(fields).toEqual(expect.arrayContaining(Object.keys(body)));
    expect(body.warnings).toHaveLength(1);
  });

  it("vmselect answers with its template's fields, and a partial answer as its own test records one", async () => {
    const template = recorded<{ fields: string[]; stats: Record<string, string> }>(
      "prometheus",
      "victoriametrics-query-response",
    );
    const { answers } = recorded<{ answers: Record<string, Record<string, unknown>> }>(
      "prometheus",
      "victoriametrics-partial-query",
    );
    const full = await post(pc.vmUrl, { query: "absent" });
    expect(Object.keys(full)).toEqual(template.fields);
    expect(Object.fromEntries(Object.entries(full.stats as object).map(([k, v]) => [k, typeof v]))).toEqual(
      template.stats,
    );
    expect(full).toMatchObject(answers.regionalVmselect1 ?? {});
    pc.outage(VM_TENANT, { deny: "ignored" });
    expect(await post(pc.vmUrl, { query: "absent" })).toMatchObject(answers.regionalVmselect2 ?? {});
  });

  it("vmselect refuses a denied partial answer with its own error shape and status", async () => {
    pc.outage(VM_TENANT, { deny: "honoured" });
    const error = recorded<{ fields: string[] }>("prometheus", "victoriametrics-error-response");
    const { deniedPartial } = recorded<{ deniedPartial: { status: number } }>(
      "prometheus",
      "victoriametrics-denied-partial-status",
    );
    const res = await fetch(`${pc.vmUrl}/api/v1/query`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "query=up&deny_partial_response=1",
    });
    expect(res.status).toBe(deniedPartial.status);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(error.fields);
    expect(body).toMatchObject({ status: "error", errorType: String(deniedPartial.status) });
  });
});
