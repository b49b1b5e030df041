// Prometheus (and compatible engines) through the instant-query API: POST /api/v1/query. Grafana Mimir and
// Cortex take a tenant header, Grafana Cloud basic auth, Amazon Managed Prometheus SigV4-signed requests.
// A partial answer (a VictoriaMetrics storage node or a Thanos store that did not answer) counts too little,
// so it is refused rather than judged; every query also asks those servers not to give one.

import { z } from "zod";
import { clip } from "../../format.ts";
import { credentialsFrom, REGION_RE, regionFrom, signedHeaders } from "../aws.ts";
import { asText, isOutageStatus, ProviderError, record, send, statusError } from "../request.ts";
import type { Provider, ProviderSpec, QueryResult } from "../provider.ts";
import { GateConfigError, text } from "../schema.ts";

export interface PrometheusOptions {
  /** Sent as X-Scope-OrgID (Mimir, Cortex, Loki-style multi-tenancy). */
  tenant?: string;
  /** Sign requests with AWS SigV4 (Amazon Managed Service for Prometheus). */
  sigv4?: { region?: string; service: string };
}

const sigv4 = z.union([
  z.literal(true),
  z.strictObject({
    region: text.regex(REGION_RE, "must be an AWS region such as us-east-1").optional(),
    service: text.default("aps"),
  }),
]);

export const prometheusSpec: ProviderSpec = {
  url: "required",
  auth: true,
  keys: { tenant: text.optional(), sigv4: sigv4.optional() },
  build(k, { label }) {
    const tenant = k.tenant as string | undefined;
    const raw = k.sigv4 as z.output<typeof sigv4> | undefined;
    const signing = raw === undefined ? undefined : raw === true ? { service: "aps" } : raw;
    if (signing && (k["bearer-token"] !== undefined || k["basic-auth"] !== undefined)) {
      throw new GateConfigError(
        `${label}: "sigv4" signs the Authorization header itself; remove "bearer-token" and "basic-auth"`,
      );
    }
    const headers = Object.keys(k.headers as Record<string, string>).map((h) => h.toLowerCase());
    if (tenant !== undefined && headers.includes("x-scope-orgid")) {
      throw new GateConfigError(`${label}: give the tenant once, as "tenant" or as an X-Scope-OrgID header`);
    }
    const options: PrometheusOptions = {
      ...(tenant !== undefined && { tenant }),
      ...(signing && { sigv4: signing }),
    };
    return {
      url: k.url as string,
      ...((tenant !== undefined || signing) && { options }),
      credentials: signing !== undefined,
      ...(signing && { aws: { region: signing.region } }),
    };
  },
};

/** The query endpoint under the gate's URL, which may carry a path prefix and query parameters of its own. */
export function queryUrl(base: string): string {
  const url = new URL(base);
  const path = url.pathname.replace(/\/+$/, "");
  url.pathname = path.endsWith("/api/v1/query") ? path : `${path}/api/v1/query`;
  return url.toString();
}

const INFINITIES: Record<string, number> = {
  "+Inf": Number.POSITIVE_INFINITY,
  Inf: Number.POSITIVE_INFINITY,
  "-Inf": Number.NEGATIVE_INFINITY,
};

function sampleValue(sample: unknown): number {
  if (!Array.isArray(sample) || sample.length !== 2 || typeof sample[1] !== "string") {
    throw new ProviderError('answer has a sample that is not [time, "value"]', false);
  }
  // Prometheus sends values as strings, "NaN" and "+Inf" included; Number() reads neither infinity spelling.
  const text = sample[1].trim();
  // hasOwn: a value such as "constructor" must not find Object.prototype's members.
  const infinity = Object.hasOwn(INFINITIES, text) ? INFINITIES[text] : undefined;
  if (infinity !== undefined) return infinity;
  const value = Number(text);
  if (text === "" || (Number.isNaN(value) && text !== "NaN")) {
    throw new ProviderError(`answer has a sample value "${sample[1]}" that is not a number`, false);
  }
  return value;
}

/**
 * Refusals of partial answers, sent with every query: Thanos Query reads partial_response with
 * strconv.ParseBool (pkg/api/query/v1.go), VictoriaMetrics cluster reads deny_partial_response as true unless
 * empty, 0, f, false or no (lib/httputil/bool.go). Prometheus and the others ignore form fields they do not know.
 */
const REFUSE_PARTIAL = { partial_response: "false", deny_partial_response: "1" } as const;

/**
 * The prefixes of PromQL's own annotations (prometheus util/annotations): notes on how the query was computed
 * over data that did arrive. Any other warning comes from storage, such as a Thanos store or a remote-read
 * endpoint that failed and whose data was left out (prometheus storage/fanout.go); Thanos draws the same line
 * when it refuses to cache an answer (pkg/api/api.go, pkg/extannotations).
 */
const ANNOTATION_PREFIXES = ["PromQL info", "PromQL warning"];

function isPromQLAnnotation(warning: string): boolean {
  return ANNOTATION_PREFIXES.some((p) => warning.startsWith(p));
}

/** Throws when the server says the answer is partial: its counts are too low to judge. */
function refusePartial(body: Record<string, unknown>, warnings: string[]): void {
  if (body.isPartial === true) {
    throw new ProviderError(
      'the answer is partial ("isPartial": true): some storage nodes did not answer, so its figures may be too low',
      false,
      false,
    );
  }
  const missing = warnings.filter((w) => !isPromQLAnnotation(w));
  if (missing.length > 0) {
    throw new ProviderError(
      `the answer may be missing data; the server warned: ${missing.map((w) => clip(w, 300)).join("; ")}`,
      false,
      false,
    );
  }
}

/** Thanos's words for a store that did not answer (pkg/store/proxy.go): an outage, not a wrong query. */
const STORE_DOWN = /rpc error|StoreAPIs?|receive series from|fetch series for/i;

export function readPrometheusAnswer(status: number, text: string): QueryResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const snippet = text.slice(0, 120).replace(/\s+/g, " ").trim();
    throw statusError(status, `HTTP ${status} with a body that is not Prometheus JSON: ${snippet}`);
  }
  const body = record(parsed);
  if (!body) throw new ProviderError(`HTTP ${status} with an answer that is not a JSON object`, false);
  if (body.status === "error" || status >= 400) {
    const kind = typeof body.errorType === "string" ? body.errorType : "error";
    const what = status === 401 || status === 403 ? "authentication failed" : kind;
    // Amazon Managed Prometheus and gateways in front of Prometheus say why in `message`.
    const message =
      typeof body.error === "string"
        ? body.error
        : typeof body.message === "string"
          ? body.message
          : "no message";
    // Thanos Query, told not to answer in part, refuses with 422 when a store is down (thanos-io/thanos#6223).
    const storeDown = status === 422 && STORE_DOWN.test(message);
    throw new ProviderError(
      `HTTP ${status}, ${what}: ${message}`,
      false,
      !storeDown && !isOutageStatus(status),
    );
  }
  const data = record(body.data);
  if (body.status !== "success" || !data) {
    throw new ProviderError('answer has no status "success" and no data', false);
  }
  const warnings = Array.isArray(body.warnings) ? body.warnings.map(asText) : [];
  refusePartial(body, warnings);
  const { resultType, result } = data;
  if (resultType === "scalar") return { value: sampleValue(result), warnings };
  if (resultType !== "vector") {
    throw new ProviderError(
      `query returned a ${asText(resultType)}; a gate needs a single number (an instant vector of one series)`,
      false,
    );
  }
  if (!Array.isArray(result)) throw new ProviderError("answer's vector result is not a list", false);
  if (result.length === 0) return { value: undefined, warnings };
  if (result.length > 1) {
    throw new ProviderError(
      `query returned ${result.length} series; aggregate it to one, for example with sum(...)`,
      false,
    );
  }
  const sample = record(result[0]);
  if (sample?.histogram !== undefined && sample.value === undefined) {
    throw new ProviderError(
      "query returned a native histogram; a gate needs a number: take one with histogram_count(), histogram_sum() or histogram_quantile()",
      false,
    );
  }
  return { value: sampleValue(sample?.value), warnings };
}

/** A URL copied from the web UI's address bar: /graph (Prometheus 2), /query (Prometheus 3), /classic/graph. */
function isUiPage(url: string): boolean {
  return /\/(graph|query|classic)(\/|$)/.test(new URL(url).pathname);
}

function withUiHint(error: unknown): unknown {
  if (!(error instanceof ProviderError)) return error;
  return new ProviderError(
    `${error.message}; the gate's url is the server's address (such as https://prometheus.example.com), not a page of its web UI`,
    error.retryable,
    error.misconfigured,
  );
}

export const prometheus: Provider = {
  spec: prometheusSpec,
  async query(req, http) {
    const form = new URLSearchParams({
      query: req.query,
      time: (req.now.getTime() / 1000).toFixed(3),
      timeout: `${Math.max(1, Math.floor(req.gate.timeoutMs / 1000))}s`,
      ...REFUSE_PARTIAL,
    });
    const opts = req.gate.options as PrometheusOptions | undefined;
    const url = queryUrl(req.url);
    const body = form.toString();
    let headers: Record<string, string> = {
      ...req.headers,
      ...(opts?.tenant !== undefined && { "x-scope-orgid": req.render(opts.tenant).sent }),
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    };
    if (opts?.sigv4) {
      const region = regionFrom(opts.sigv4.region, req.env);
      if (!region)
        throw new ProviderError("no AWS region to sign for: set sigv4.region or AWS_REGION", false);
      headers = await signedHeaders(
        { url, method: "POST", headers, body },
        opts.sigv4.service,
        region,
        credentialsFrom(req.secrets),
      );
    }
    const res = await send(
      { url, method: "POST", headers, body, timeoutMs: req.gate.timeoutMs, retries: req.gate.retries },
      http,
    );
    try {
      return readPrometheusAnswer(res.status, res.text);
    } catch (error) {
      throw res.status === 404 && isUiPage(req.url) ? withUiHint(error) : error;
    }
  },
};
