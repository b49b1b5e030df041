// Sentry release health through GET /api/0/organizations/{org}/sessions/: crashed sessions (or users) of
// the release being rolled out over all of its sessions (or users), or any single session field such as
// crash_free_rate(session). Sentry rounds the window out to whole hours.

import { z } from "zod";
import {
  clockOf,
  ProviderError,
  parseJson,
  quote as quoteValue,
  record,
  send,
  statusError,
} from "../request.ts";
import { optionsOf, type Provider, type ProviderSpec, type QueryResult } from "../provider.ts";
import { GateConfigError, text } from "../schema.ts";

export const SESSION_STATUSES = ["crashed", "abnormal", "errored"] as const;
/** The `project` value that asks for every project the token can read. */
export const ALL_PROJECTS = "-1";
type SessionStatus = (typeof SESSION_STATUSES)[number];

export interface SentryOptions {
  organization: string;
  authToken: string;
  /** The release as Sentry knows it, such as `ios@{{short_sha}}`. */
  release: string;
  projects: string[];
  environments: string[];
  /** The session field: the value gate's query, or what a count gate counts. */
  field: string;
  /** Count gates: the session statuses that count as errors. */
  statuses: SessionStatus[];
}

const FIELD_RE =
  /^(?:sum\(session\)|count_unique\(user\)|(?:crash_rate|crash_free_rate)\((?:session|user)\)|(?:avg|p50|p75|p90|p95|p99|max)\(session\.duration\))$/;

const list = z
  .union([
    z.union([z.string(), z.number()]).transform(String),
    z.array(z.union([z.string(), z.number()]).transform(String)),
  ])
  .transform((v) => (Array.isArray(v) ? v : v.split(",")).map((s) => s.trim()).filter((s) => s !== ""));

const totals = { sessions: "sum(session)", users: "count_unique(user)" } as const;

export const sentrySpec: ProviderSpec = {
  url: "optional",
  auth: false,
  keys: {
    organization: text,
    "auth-token": text,
    release: text,
    project: list.optional(),
    environment: list.optional(),
  },
  forms: {
    query: text.regex(FIELD_RE, "must be a Sentry session field such as crash_free_rate(session)"),
    errors: list,
    total: z.enum(["sessions", "users"]),
  },
  // The release names the version, so a baseline block names the baseline's; the counts default to the gate's.
  baseline: { keys: { release: text }, countsOptional: true },
  build(k, { label, kind }) {
    let field: string;
    let statuses: SessionStatus[] = [];
    if (kind === "count") {
      field = totals[k.total as keyof typeof totals];
      const given = k.errors as string[];
      const wrong = given.filter((s) => !(SESSION_STATUSES as readonly string[]).includes(s));
      if (given.length === 0 || wrong.length > 0) {
        throw new GateConfigError(
          `${label}: "errors" lists the session statuses that count as failures: ${SESSION_STATUSES.join(", ")}${wrong.length ? `; got ${wrong.join(", ")}` : ""}`,
        );
      }
      statuses = [...new Set(given)] as SessionStatus[];
    } else {
      field = k.query as string;
    }
    const options: SentryOptions = {
      organization: k.organization as string,
      authToken: k["auth-token"] as string,
      release: k.release as string,
      projects: (k.project as string[] | undefined) ?? [],
      environments: (k.environment as string[] | undefined) ?? [],
      field,
      statuses,
    };
    const filter = describeFilter(options);
    return {
      url: (k.url as string | undefined) ?? "https://sentry.io",
      options,
      credentials: true,
      ...(kind === "count"
        ? { errors: `${field} session.status:[${statuses.join(",")}] ${filter}`, total: `${field} ${filter}` }
        : { query: `${field} ${filter}` }),
    };
  },
};

function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function describeFilter(o: { release: string; environments: string[]; projects: string[] }): string {
  return [
    `release:${quote(o.release)}`,
    ...o.environments.map((e) => `environment:${e}`),
    ...o.projects.map((p) => `project:${p}`),
  ].join(" ");
}

/** Sentry's rate-limit reset is a UTC epoch second. */
export function rateLimitDelayMs(headers: Headers, now: number): number | undefined {
  const reset = Number(headers.get("x-sentry-rate-limit-reset") ?? "");
  return headers.has("x-sentry-rate-limit-reset") && Number.isFinite(reset) ? reset * 1000 - now : undefined;
}

function totalOf(group: unknown, field: string): number | undefined {
  const v = record(record(group)?.totals)?.[field];
  if (v === null || v === undefined) return undefined;
  if (typeof v !== "number")
    throw new ProviderError(`answer has ${field} = ${quoteValue(v)}, not a number`, false);
  return v;
}

export function readSessions(
  status: number,
  body: unknown,
  field: string,
  statuses?: readonly string[],
): QueryResult {
  const root = record(body);
  if (status >= 400) {
    const detail = typeof root?.detail === "string" ? root.detail : "no message";
    const what =
      status === 401 || status === 403
        ? "authentication failed (check auth-token and organization)"
        : "error";
    throw statusError(status, `HTTP ${status}, ${what}: ${detail}`);
  }
  const groups = root?.groups;
  if (!Array.isArray(groups)) throw new ProviderError("answer has no groups", false);
  if (statuses) {
    // Each session and each user falls in exactly one status, so the named ones add up without overlap
    // (getsentry/sentry's test_groupby_status and test_users_groupby_status_advanced).
    let sum: number | undefined;
    for (const g of groups) {
      const by = record(record(g)?.by)?.["session.status"];
      if (typeof by !== "string" || !statuses.includes(by)) continue;
      const v = totalOf(g, field);
      if (v !== undefined) sum = (sum ?? 0) + v;
    }
    return { value: sum, warnings: [] };
  }
  if (groups.length === 0) return { value: undefined, warnings: [] };
  if (groups.length > 1) throw new ProviderError(`answer has ${groups.length} groups; expected one`, false);
  return { value: totalOf(groups[0], field), warnings: [] };
}

export const sentry: Provider = {
  spec: sentrySpec,
  async query(req, http) {
    const opts = optionsOf<SentryOptions>(req.gate);
    const release = req.render(opts.release).sent;
    const environments = opts.environments.map((e) => req.render(e).sent);
    const params = new URLSearchParams({ field: opts.field });
    params.set("query", `release:${quote(release)}`);
    // Without a project Sentry reads only the projects on the token user's teams; -1 means every project it can
    // read (getsentry/sentry, src/sentry/api/bases/organization.py, and the sessions endpoint's own tests).
    const projects = opts.projects.length > 0 ? opts.projects.map((p) => req.render(p).sent) : [ALL_PROJECTS];
    for (const p of projects) params.append("project", p);
    for (const e of environments) params.append("environment", e);
    params.set("start", req.since.toISOString());
    params.set("end", req.now.toISOString());
    params.set("interval", "1h");
    const grouped = req.role === "errors";
    if (grouped) params.set("groupBy", "session.status");
    const org = encodeURIComponent(req.render(opts.organization).sent);
    const res = await send(
      {
        url: `${req.url.replace(/\/+$/, "")}/api/0/organizations/${org}/sessions/?${params.toString()}`,
        method: "GET",
        headers: {
          ...req.headers,
          authorization: `Bearer ${req.render(opts.authToken).sent}`,
          accept: "application/json",
        },
        timeoutMs: req.gate.timeoutMs,
        retries: req.gate.retries,
        retryDelayMs: (r) =>
          r.status === 429 ? rateLimitDelayMs(r.headers, clockOf(http)().getTime()) : undefined,
      },
      http,
    );
    return readSessions(
      res.status,
      parseJson(res, "Sentry"),
      opts.field,
      grouped ? opts.statuses : undefined,
    );
  },
};
