// A stand-in for Sentry's release-health sessions endpoint, answering in the shapes of Sentry's docs:
//   https://docs.sentry.io/api/releases/retrieve-release-health-session-statistics/
//   (GET /api/0/organizations/{org}/sessions/?field=...&groupBy=session.status&query=release:"..."
//   &start&end&interval: {start, end, intervals, groups: [{by, totals, series}]}; the range is rounded out to
//   the interval, at least an hour; statuses healthy, errored, crashed, abnormal are mutually exclusive)
//   https://docs.sentry.io/api/ratelimits/ (429 with X-Sentry-Rate-Limit-Limit, -Remaining, -Reset in UTC
//   epoch seconds, -ConcurrentLimit, -ConcurrentRemaining)
//   https://docs.sentry.io/api/auth/ (Authorization: Bearer <token>; 401 {"detail": ...} otherwise)
// Sessions and users are set per release, fixed or computed from the range the answer covers (rounded out to
// hours); a release with no sessions answers zeros (or, with `emptyAsNoGroups`, no groups at all, as older
// Sentry versions do), and its rates are null.

import {
  type Fault,
  type Recorded,
  type Reply,
  type StandInServer,
  startStandInServer,
} from "./provider-stand-ins.ts";

export const SENTRY_TOKEN = "sntryu_0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab";
export const SENTRY_ORG = "acme";

const STATUSES = ["healthy", "errored", "crashed", "abnormal"] as const;
type Status = (typeof STATUSES)[number];
export type Counts = Record<Status, number>;

export interface ReleaseHealth {
  sessions: Counts;
  users: Counts & { total: number };
}

export interface SessionsCall {
  field: string[];
  groupBy: string[];
  query: string;
  release: string | undefined;
  start: string | null;
  end: string | null;
  interval: string | null;
  environment: string[];
  project: string[];
}

/** The health of a release over `from`..`to` (epoch ms, the range after rounding) for one call. */
export type HealthOver = (range: { from: number; to: number }, call: SessionsCall) => ReleaseHealth;

export interface SentryStandIn extends StandInServer {
  setRelease(release: string, health: ReleaseHealth | HealthOver): void;
  /** Answer an unknown release with no groups at all rather than zeros. */
  emptyAsNoGroups: boolean;
  calls(): SessionsCall[];
}

const FIELDS = new Set([
  "sum(session)",
  "count_unique(user)",
  "crash_rate(session)",
  "crash_rate(user)",
  "crash_free_rate(session)",
  "crash_free_rate(user)",
]);

function callOf(rec: Recorded): SessionsCall {
  const query = rec.query.get("query") ?? "";
  const m = /release:"((?:[^"\\]|\\.)*)"/.exec(query);
  return {
    field: rec.query.getAll("field"),
    groupBy: rec.query.getAll("groupBy"),
    query,
    release: m ? (m[1] ?? "").replace(/\\(.)/g, "$1") : undefined,
    start: rec.query.get("start"),
    end: rec.query.get("end"),
    interval: rec.query.get("interval"),
    environment: rec.query.getAll("environment"),
    project: rec.query.getAll("project"),
  };
}

const HOUR = 3_600_000;

function value(field: string, h: ReleaseHealth, status?: Status): number | null {
  const all = h.sessions.healthy + h.sessions.errored + h.sessions.crashed + h.sessions.abnormal;
  switch (field) {
    case "sum(session)":
      return status ? h.sessions[status] : all;
    case "count_unique(user)":
      return status ? h.users[status] : h.users.total;
    case "crash_rate(session)":
      return all === 0 ? null : h.sessions.crashed / all;
    case "crash_free_rate(session)":
      return all === 0 ? null : 1 - h.sessions.crashed / all;
    case "crash_rate(user)":
      return h.users.total === 0 ? null : h.users.crashed / h.users.total;
    case "crash_free_rate(user)":
      return h.users.total === 0 ? null : 1 - h.users.crashed / h.users.total;
    default:
      return null;
  }
}

const NONE: ReleaseHealth = {
  sessions: { healthy: 0, errored: 0, crashed: 0, abnormal: 0 },
  users: { healthy: 0, errored: 0, crashed: 0, abnormal: 0, total: 0 },
};

export async function startSentryStandIn(): Promise<SentryStandIn> {
  const releases = new Map<string, ReleaseHealth | HealthOver>();
  const state = { emptyAsNoGroups: false };
  const handler = (rec: Recorded, fault: Fault | undefined): Reply => {
    const path = /^\/api\/0\/organizations\/([^/]+)\/sessions\/$/.exec(rec.path);
    if (rec.method !== "GET" || !path)
      return { status: 404, body: { detail: "The requested resource does not exist" } };
    if (fault?.kind === "auth" || rec.headers.authorization !== `Bearer ${SENTRY_TOKEN}`) {
      return { status: 401, body: { detail: "Invalid token" } };
    }
    if (path[1] !== SENTRY_ORG)
      return { status: 404, body: { detail: "The requested resource does not exist" } };
    if (fault?.kind === "rate-limit") {
      const reset = Math.floor(Date.now() / 1000) + (fault.resetSeconds ?? 1);
      return {
        status: 429,
        headers: {
          "x-sentry-rate-limit-limit": "40",
          "x-sentry-rate-limit-remaining": "0",
          "x-sentry-rate-limit-reset": String(reset),
          "x-sentry-rate-limit-concurrentlimit": "25",
          "x-sentry-rate-limit-concurrentremaining": "24",
        },
        body: {
          detail: "You are attempting to use this endpoint too frequently. Limit is 40 requests in 1 seconds",
        },
      };
    }
    if (fault?.kind === "server-error")
      return { status: fault.status ?? 500, body: { detail: "Internal Error" } };
    const call = callOf(rec);
    const unknown = call.field.filter((f) => !FIELDS.has(f));
    if (call.field.length === 0 || unknown.length > 0) {
      return { status: 400, body: { detail: `Invalid field: "${unknown[0] ?? ""}"` } };
    }
    if (call.groupBy.some((g) => g !== "session.status"))
      return { status: 400, body: { detail: "Invalid groupBy" } };
    if (fault?.kind === "partial") {
      // Sentry refuses a query it cannot answer whole, such as too many data points.
      return { status: 400, body: { detail: "Your interval and date range would create too many results." } };
    }
    const startMs = Date.parse(call.start ?? "");
    const endMs = Date.parse(call.end ?? "");
    if (Number.isNaN(startMs) || Number.isNaN(endMs))
      return { status: 400, body: { detail: "start and end are required" } };
    const from = Math.floor(startMs / HOUR) * HOUR;
    const to = Math.max(from + HOUR, Math.ceil(endMs / HOUR) * HOUR);
    const intervals: string[] = [];
    for (let t = from; t < to; t += HOUR) intervals.push(new Date(t).toISOString().replace(/\.000Z$/, "Z"));
    const set = call.release !== undefined ? releases.get(call.release) : undefined;
    const known = typeof set === "function" ? set({ from, to }, call) : set;
    const health = known ?? NONE;
    const grouped = call.groupBy.includes("session.status");
    const group = (status?: Status) => {
      const totals = Object.fromEntries(call.field.map((f) => [f, value(f, health, status)]));
      // All of the window's sessions fall into its last bucket here.
      const series = Object.fromEntries(
        call.field.map((f) => [
          f,
          intervals.map((_, i) => (i === intervals.length - 1 ? totals[f] : f.includes("rate") ? null : 0)),
        ]),
      );
      return { by: status ? { "session.status": status } : {}, totals, series };
    };
    const groups = !known && state.emptyAsNoGroups ? [] : grouped ? STATUSES.map((s) => group(s)) : [group()];
    return {
      status: 200,
      body: {
        start: intervals[0],
        end: new Date(to).toISOString().replace(/\.000Z$/, "Z"),
        intervals,
        groups,
        query: call.query,
      },
    };
  };
  const server = await startStandInServer(handler);
  return {
    ...server,
    setRelease(release, health) {
      releases.set(release, health);
    },
    get emptyAsNoGroups() {
      return state.emptyAsNoGroups;
    },
    set emptyAsNoGroups(v: boolean) {
      state.emptyAsNoGroups = v;
    },
    calls() {
      return server.requests.filter((r) => r.path.endsWith("/sessions/")).map(callOf);
    },
  };
}
