// A stand-in for the Prometheus-compatible services that want more than a URL, answering Prometheus's
// instant-query JSON (https://prometheus.io/docs/prometheus/latest/querying/api/#instant-queries) behind
// each one's own gate:
//   Grafana Mimir / Cortex: X-Scope-OrgID picks the tenant; without it 401 "no org id"
//   (https://grafana.com/docs/mimir/latest/references/http-api/#authentication)
//   Amazon Managed Service for Prometheus: POST /workspaces/{id}/api/v1/query, SigV4-signed for service
//   "aps" (https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-APIReference-QueryMetrics.html,
//   https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-and-IAM.html); a bad signature is a 403
//   with {"message": ...}, throttling a 429.
// Figures are set per tenant (or workspace) and query text, or worked out by a tenant's resolver from the
// query and its evaluation time (a count over a window that changes with every run, say).

import { AWS_KEYS } from "./cloudwatch-stand-in.ts";
import {
  type Fault,
  type Recorded,
  type Reply,
  type StandInServer,
  sigv4Problem,
  startStandInServer,
} from "./provider-stand-ins.ts";

export const AMP_WORKSPACE = "ws-0a1b2c3d-4e5f-6789-abcd-ef0123456789";

export interface PrometheusCompatStandIn extends StandInServer {
  /** Mimir's base (`<url>/prometheus`) and AMP's workspace URL. */
  mimirUrl: string;
  ampUrl: string;
  region: string;
  /** The value `query` answers for `tenant` (a Mimir tenant, or AMP_WORKSPACE); null answers an empty vector. */
  set(tenant: string, query: string, value: string | null): void;
  /** Answers the queries `set` does not name for `tenant`; undefined or null answers an empty vector. */
  resolve(tenant: string, resolver: Resolver): void;
  /** The instant queries received, with the tenant (or workspace) each was for. */
  queries(): InstantQuery[];
}

export interface InstantQuery {
  tenant: string;
  query: string;
  /** The evaluation time, unix seconds. */
  time: number;
}

export type Resolver = (query: string, time: number) => string | null | undefined;

function vector(value: string | null): unknown {
  return {
    status: "success",
    data: {
      resultType: "vector",
      result: value === null ? [] : [{ metric: {}, value: [1795221000, value] }],
    },
  };
}

function formOf(rec: Recorded): URLSearchParams {
  const params = new URLSearchParams(rec.query);
  if (rec.method === "POST") for (const [k, v] of new URLSearchParams(rec.body)) params.append(k, v);
  return params;
}

export async function startPrometheusCompatStandIn(region = "us-west-2"): Promise<PrometheusCompatStandIn> {
  const figures = new Map<string, string | null>();
  const resolvers = new Map<string, Resolver>();
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
    const key = `${tenant}\n${query}`;
    const value = figures.has(key)
      ? figures.get(key)
      : resolvers.get(tenant)?.(query, Number(form.get("time") ?? Number.NaN));
    return { status: 200, body: vector(value ?? null) };
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
    return { status: 404, body: "404 page not found\n" };
  };
  const server = await startStandInServer(handler);
  return {
    ...server,
    mimirUrl: `${server.url}/prometheus`,
    ampUrl: `${server.url}/workspaces/${AMP_WORKSPACE}`,
    region,
    set(tenant, query, value) {
      figures.set(`${tenant}\n${query}`, value);
    },
    resolve(tenant, resolver) {
      resolvers.set(tenant, resolver);
    },
    queries() {
      return server.requests.flatMap((rec) => {
        const amp = /^\/workspaces\/([^/]+)\/api\/v1\/query$/.exec(rec.path);
        const tenant = amp ? amp[1] : String(rec.headers["x-scope-orgid"] ?? "");
        if (!amp && rec.path !== "/prometheus/api/v1/query") return [];
        const form = formOf(rec);
        return [{ tenant: tenant ?? "", query: form.get("query") ?? "", time: Number(form.get("time")) }];
      });
    },
  };
}
