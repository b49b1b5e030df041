// A stand-in for the Prometheus-compatible services that want more than a URL, answering Prometheus's
// instant-query JSON (https://prometheus.io/docs/prometheus/latest/querying/api/#instant-queries) behind
// each one's own gate:
//   Grafana Mimir / Cortex: X-Scope-OrgID picks the tenant; without it 401 "no org id"
//   (https://grafana.com/docs/mimir/latest/references/http-api/#authentication)
//   Amazon Managed Service for Prometheus: POST /workspaces/{id}/api/v1/query, SigV4-signed for service
//   "aps" (https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-APIReference-QueryMetrics.html,
//   https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-and-IAM.html); a bad signature is a 403
//   with {"message": ...}, throttling a 429.
//   VictoriaMetrics cluster: vmselect's /select/{accountID}/prometheus/api/v1/query, with isPartial and stats
//   on every answer, and deny_partial_response (harness/recorded/prometheus/victoriametrics-*.json).
//   Thanos Query (here under the route prefix /thanos): a store that is down is a warning beside the data, or
//   with partial_response=false a 422 (harness/recorded/prometheus/thanos-*.json).
// Answers are built from the recorded ones (prometheus-instant-query.json holds Prometheus's own examples).
// Figures are set per tenant (or workspace) and query text, or worked out by a tenant's resolver from the
// query and its evaluation time (a count over a window that changes with every run, say).

import { AWS_KEYS } from "./cloudwatch.ts";
import {
  type Fault,
  type Recorded,
  type Reply,
  type StandInServer,
  sigv4Problem,
  startStandInServer,
} from "./server.ts";
import { recorded } from "../recorded.ts";

export const AMP_WORKSPACE = "ws-0a1b2c3d-4e5f-6789-abcd-ef0123456789";
/** The tenant key of VictoriaMetrics cluster's account 0 (its URL is `vmUrl`). */
export const VM_TENANT = "vmselect/0";
/** The tenant key of the Thanos Query stand-in (its URL is `thanosUrl`). */
export const THANOS_TENANT = "thanos";

/** A storage node (VictoriaMetrics) or store (Thanos) that does not answer. */
export interface Outage {
  /**
   * Whether the server sees the request's refusal of partial answers (deny_partial_response, partial_response):
   * "ignored" stands for a proxy in front that drops it, so the partial answer comes back all the same.
   */
  deny: "honoured" | "ignored";
}

export interface PrometheusCompatStandIn extends StandInServer {
  /** Mimir's base (`<url>/prometheus`), AMP's workspace URL, vmselect's account 0 and Thanos Query. */
  mimirUrl: string;
  ampUrl: string;
  vmUrl: string;
  thanosUrl: string;
  region: string;
  /** The value `query` answers for `tenant` (a Mimir tenant, AMP_WORKSPACE, VM_TENANT, THANOS_TENANT); null answers an empty vector. */
  set(tenant: string, query: string, value: string | null): void;
  /** Answers the queries `set` does not name for `tenant`; undefined or null answers an empty vector. */
  resolve(tenant: string, resolver: Resolver): void;
  /** From now on a storage node of VM_TENANT or a store of THANOS_TENANT is down (null: all answer again). */
  outage(tenant: typeof VM_TENANT | typeof THANOS_TENANT, outage: Outage | null): void;
  /** Warnings every answer for `tenant` carries besides an outage's (PromQL annotations, say). */
  warn(tenant: string, warnings: string[]): void;
  /** The instant queries received, with the tenant (or workspace) each was for. */
  queries(): InstantQuery[];
}

export interface InstantQuery {
  tenant: string;
  query: string;
  /** The evaluation time, unix seconds. */
  time: number;
  /** Every parameter sent, query string and form body together. */
  params: Record<string, string>;
}

export type Resolver = (query: string, time: number) => string | null | undefined;

interface InstantQueryRecording {
  response: { examples: { vectorResult: { status: string; data: Record<string, unknown> } } };
}
const PROMETHEUS = recorded<InstantQueryRecording>("prometheus", "prometheus-instant-query");
const VM_RESPONSE = recorded<{ fields: string[]; stats: Record<string, "string" | "number"> }>(
  "prometheus",
  "victoriametrics-query-response",
);
const VM_DENY = recorded<{ arg: string; falseValues: string[] }>(
  "prometheus",
  "victoriametrics-deny-partial-response",
);
const VM_DENIED = recorded<{ deniedPartial: { status: number } }>(
  "prometheus",
  "victoriametrics-denied-partial-status",
);
const THANOS_PARAM = recorded<{ parameter: string }>("prometheus", "thanos-partial-response-parameter");
const THANOS_STORE = recorded<{ message: string }>("prometheus", "thanos-store-error");
const THANOS_RESPONSE = recorded<{ errorStatus: Record<string, number> }>("prometheus", "thanos-response");

/** Prometheus's answer to an instant query, shaped as its own vectorResult example. */
function vector(value: string | null, time: number): { status: string; data: Record<string, unknown> } {
  const example = PROMETHEUS.response.examples.vectorResult;
  return {
    status: example.status,
    data: { ...example.data, result: value === null ? [] : [{ metric: {}, value: [time, value] }] },
  };
}

/** vmselect's answer: the fields of its query_response.qtpl, in its order. */
function vmAnswer(value: string | null, time: number, isPartial: boolean): Record<string, unknown> {
  const { status, data } = vector(value, time);
  const parts: Record<string, unknown> = {
    status,
    isPartial,
    data,
    stats: Object.fromEntries(
      Object.entries(VM_RESPONSE.stats).map(([k, type]) => {
        const n = k === "seriesFetched" && value !== null ? 1 : 0;
        return [k, type === "string" ? String(n) : n];
      }),
    ),
  };
  return Object.fromEntries(VM_RESPONSE.fields.map((f) => [f, parts[f]]));
}

/** Go's strconv.ParseBool, as Thanos reads partial_response. */
function parseBool(text: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(text)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(text)) return false;
  return undefined;
}

function formOf(rec: Recorded): URLSearchParams {
  const params = new URLSearchParams(rec.query);
  if (rec.method === "POST") for (const [k, v] of new URLSearchParams(rec.body)) params.append(k, v);
  return params;
}

const VM_PATH = /^\/select\/(\d+(?::\d+)?)\/prometheus\/api\/v1\/query$/;

/** Which tenant a request is for, or undefined for a path none of the services serves. */
function tenantOf(rec: Recorded): string | undefined {
  const amp = /^\/workspaces\/([^/]+)\/api\/v1\/query$/.exec(rec.path);
  if (amp) return amp[1];
  const vm = VM_PATH.exec(rec.path);
  if (vm) return `vmselect/${vm[1] ?? ""}`;
  if (rec.path === "/thanos/api/v1/query") return THANOS_TENANT;
  if (rec.path === "/prometheus/api/v1/query") return String(rec.headers["x-scope-orgid"] ?? "");
  return undefined;
}

export async function startPrometheusCompatStandIn(region = "us-west-2"): Promise<PrometheusCompatStandIn> {
  const figures = new Map<string, string | null>();
  const resolvers = new Map<string, Resolver>();
  const outages = new Map<string, Outage>();
  const warnings = new Map<string, string[]>();
  const answer = (tenant: string, rec: Recorded, fault: Fault | undefined): Reply => {
    if (fault?.kind === "rate-limit") {
      return {
        status: 429,
        headers: { "retry-after": String(fault.resetSeconds ?? 1) },
        body: { message: "Rate exceeded" },
      };
    }
    if (fault?.kind === "server-error")
      return { status: fault.status ?? 503, body: { message: "Service unavailable" } };
    const form = formOf(rec);
    const query = form.get("query") ?? "";
    const asked = Number(form.get("time") ?? Number.NaN);
    // Without a time, Prometheus evaluates at the moment the query arrives.
    const time = Number.isFinite(asked) ? asked : Date.now() / 1000;
    const key = `${tenant}\n${query}`;
    const value = (figures.has(key) ? figures.get(key) : resolvers.get(tenant)?.(query, time)) ?? null;
    const outage = outages.get(tenant);
    const extra = warnings.get(tenant) ?? [];
    if (tenant.startsWith("vmselect/")) {
      const deny = !VM_DENY.falseValues.includes((form.get(VM_DENY.arg) ?? "").toLowerCase());
      if (outage && deny && outage.deny === "honoured") {
        const status = VM_DENIED.deniedPartial.status;
        return {
          status,
          body: {
            status: "error",
            errorType: String(status),
            error:
              "cannot fetch query results from vmstorage nodes: storage node 127.0.0.1:8401 is unavailable",
          },
        };
      }
      return { status: 200, body: vmAnswer(value, time, outage !== undefined) };
    }
    if (tenant === THANOS_TENANT) {
      const raw = form.get(THANOS_PARAM.parameter);
      // Thanos Query allows partial responses unless told otherwise (--query.partial-response, default on).
      const allowed = raw === null || raw === "" ? true : parseBool(raw);
      if (allowed === undefined) {
        return {
          status: THANOS_RESPONSE.errorStatus.bad_data ?? 400,
          body: {
            status: "error",
            errorType: "bad_data",
            error: `'${THANOS_PARAM.parameter}' parameter: strconv.ParseBool: parsing ${JSON.stringify(raw)}: invalid syntax`,
          },
        };
      }
      if (outage && !allowed && outage.deny === "honoured") {
        // The store's failure ends the query: promql's "expanding series" around the querier's "proxy Series()".
        return {
          status: THANOS_RESPONSE.errorStatus.execution ?? 422,
          body: {
            status: "error",
            errorType: "execution",
            error: `expanding series: proxy Series(): ${THANOS_STORE.message}`,
          },
        };
      }
      const all = [...(outage ? [THANOS_STORE.message] : []), ...extra];
      return { status: 200, body: { ...vector(value, time), ...(all.length > 0 && { warnings: all }) } };
    }
    const body = vector(value, time);
    return { status: 200, body: extra.length > 0 ? { ...body, warnings: extra } : body };
  };
  const handler = (rec: Recorded, fault: Fault | undefined): Reply => {
    const amp = /^\/workspaces\/([^/]+)\/api\/v1\/query$/.exec(rec.path);
    if (amp) {
      if (fault?.kind === "auth")
        return { status: 403, body: { message: "The security token included in the request is expired" } };
      const bad = sigv4Problem(rec, AWS_KEYS, "aps", region);
      if (bad)
        return {
          status: 403,
          headers: { "x-amzn-errortype": `${bad.code}:` },
          body: { message: bad.message },
        };
      if (amp[1] !== AMP_WORKSPACE)
        return { status: 404, body: { message: `Workspace ${amp[1] ?? ""} not found` } };
      return answer(AMP_WORKSPACE, rec, fault);
    }
    if (rec.path === "/prometheus/api/v1/query") {
      const tenant = rec.headers["x-scope-orgid"];
      if (fault?.kind === "auth" || typeof tenant !== "string" || tenant === "") {
        return { status: 401, headers: { "content-type": "text/plain" }, body: "no org id\n" };
      }
      return answer(tenant, rec, fault);
    }
    const tenant = tenantOf(rec);
    if (tenant !== undefined) return answer(tenant, rec, fault);
    return { status: 404, body: "404 page not found\n" };
  };
  const server = await startStandInServer(handler);
  return {
    ...server,
    mimirUrl: `${server.url}/prometheus`,
    ampUrl: `${server.url}/workspaces/${AMP_WORKSPACE}`,
    vmUrl: `${server.url}/select/0/prometheus`,
    thanosUrl: `${server.url}/thanos`,
    region,
    set(tenant, query, value) {
      figures.set(`${tenant}\n${query}`, value);
    },
    resolve(tenant, resolver) {
      resolvers.set(tenant, resolver);
    },
    outage(tenant, outage) {
      if (outage) outages.set(tenant, outage);
      else outages.delete(tenant);
    },
    warn(tenant, list) {
      warnings.set(tenant, list);
    },
    queries() {
      return server.requests.flatMap((rec) => {
        const tenant = tenantOf(rec);
        if (tenant === undefined) return [];
        const form = formOf(rec);
        return [
          {
            tenant,
            query: form.get("query") ?? "",
            time: Number(form.get("time")),
            params: Object.fromEntries(form),
          },
        ];
      });
    },
  };
}
