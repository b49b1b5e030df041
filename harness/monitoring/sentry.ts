// A stand-in for Sentry's release-health sessions endpoint, answering in the shapes of Sentry's docs:
//   https://docs.sentry.io/api/releases/retrieve-release-health-session-statistics/
//   (GET /api/0/organizations/{org}/sessions/?field=...&groupBy=session.status&query=release:"..."
//   &start&end&interval: {start, end, intervals, groups: [{by, totals, series}]}; the range is rounded out to
//   the interval, at least an hour)
//   https://docs.sentry.io/api/ratelimits/ (429 with X-Sentry-Rate-Limit-Limit, -Remaining, -Reset in UTC
//   epoch seconds, -ConcurrentLimit, -ConcurrentRemaining)
//   https://docs.sentry.io/api/auth/ (Authorization: Bearer <token>; 401 {"detail": ...} otherwise)
// and as Sentry's own tests assert it (harness/recorded/sentry/, from
// tests/snuba/api/endpoints/test_organization_sessions.py):
//   - which projects a request reads: none named means the projects on the user's teams ("My Projects");
//     project=-1 every project the user can read (all-projects, member-without-teams; and
//     src/sentry/api/bases/organization.py at getsentry/sentry@1598a7cf: "A project_id of -1 means 'all
//     projects I have access to' While no project_ids means 'all projects I am a member of'"); none to read is
//     400 No projects available (no-projects); a project out of reach is 403 (refusals);
//   - every session and every user falls in exactly one status, so the statuses add up to the total
//     (sessions-by-status, users-by-status): users are set per status here, and their total is the sum;
//   - the details of refused requests (refusals).
// Sessions and users are set per release, fixed or computed from the range the answer covers (rounded out to
// hours); a release lives in one project, by default one the token's user can read but whose team they are
// not on (a token of an internal integration, or of a release manager on no team, often is). A release with no
// sessions answers zeros (or, with `emptyAsNoGroups`, no groups at all, as older Sentry versions do), and its
// rates are null.

import { type Fault, type Recorded, type Reply, type StandInServer, startStandInServer } from "./server.ts";
import { recorded } from "../recorded.ts";

export const SENTRY_TOKEN = "sntryu_0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab";
export const SENTRY_ORG = "acme";
/** The organization's projects: the token's user is on the team of the first only, and can read both. */
export const SENTRY_PROJECTS = { onMyTeam: 4505000000000001, elsewhere: 4505000000000002 } as const;

const STATUSES = ["healthy", "errored", "crashed", "abnormal"] as const;
type Status = (typeof STATUSES)[number];
export type Counts = Record<Status, number>;

export interface ReleaseHealth {
  sessions: Counts;
  /** Users by the one status each falls in; their total is the sum. */
  users: Counts;
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
  /** The release's health, in `project` (by default SENTRY_PROJECTS.elsewhere). */
  setRelease(release: string, health: ReleaseHealth | HealthOver, project?: number): void;
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

const total = (c: Counts) => c.healthy + c.errored + c.crashed + c.abnormal;

function value(field: string, h: ReleaseHealth, status?: Status): number | null {
  const sessions = total(h.sessions);
  const users = total(h.users);
  switch (field) {
    case "sum(session)":
      return status ? h.sessions[status] : sessions;
    case "count_unique(user)":
      return status ? h.users[status] : users;
    case "crash_rate(session)":
      return sessions === 0 ? null : h.sessions.crashed / sessions;
    case "crash_free_rate(session)":
      return sessions === 0 ? null : 1 - h.sessions.crashed / sessions;
    case "crash_rate(user)":
      return users === 0 ? null : h.users.crashed / users;
    case "crash_free_rate(user)":
      return users === 0 ? null : 1 - h.users.crashed / users;
    default:
      return null;
  }
}

const NONE: ReleaseHealth = {
  sessions: { healthy: 0, errored: 0, crashed: 0, abnormal: 0 },
  users: { healthy: 0, errored: 0, crashed: 0, abnormal: 0 },
};

interface RecordedTests {
  tests: { test: string; exchanges: { status?: number; body?: { detail?: string } }[] }[];
}

/** The detail Sentry's test asserts for a refused request. */
function recordedDetail(fixture: string, test: string): string {
  const detail = recorded<RecordedTests>("sentry", fixture)
    .tests.find((t) => t.test === test)
    ?.exchanges.find((e) => e.body?.detail)?.body?.detail;
  if (detail === undefined) throw new Error(`no recorded detail for ${test}`);
  return detail;
}

const DETAIL = {
  noField: recordedDetail("refusals", "test_empty_request"),
  // Recorded for the field "summ(sessin)".
  invalidField: (field: string) =>
    recordedDetail("refusals", "test_unknown_field").replace("summ(sessin)", field),
  tooManyPoints: recordedDetail("refusals", "test_too_many_points"),
  noPermission: recordedDetail("refusals", "test_inaccessible_project"),
  noProjects: recordedDetail("no-projects", "test_no_projects"),
};

const ALL_ACCESSIBLE = "-1";

/** The projects a request reads, or the refusal Sentry answers. */
function projectsOf(call: SessionsCall): number[] | Reply {
  const readable: number[] = Object.values(SENTRY_PROJECTS);
  const mine: number[] = [SENTRY_PROJECTS.onMyTeam];
  if (call.project.length === 0)
    return mine.length ? mine : { status: 400, body: { detail: DETAIL.noProjects } };
  if (call.project.includes(ALL_ACCESSIBLE))
    return readable.length ? readable : { status: 400, body: { detail: DETAIL.noProjects } };
  const ids = call.project.map(Number);
  if (ids.some((id) => !Number.isInteger(id)))
    return { status: 400, body: { detail: "Invalid project parameter. Values must be numbers." } };
  if (ids.some((id) => !readable.includes(id))) return { status: 403, body: { detail: DETAIL.noPermission } };
  return ids;
}

export async function startSentryStandIn(): Promise<SentryStandIn> {
  const releases = new Map<string, { health: ReleaseHealth | HealthOver; project: number }>();
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
    if (call.field.length === 0) return { status: 400, body: { detail: DETAIL.noField } };
    const unknown = call.field.find((f) => !FIELDS.has(f));
    if (unknown !== undefined) return { status: 400, body: { detail: DETAIL.invalidField(unknown) } };
    if (call.groupBy.some((g) => g !== "session.status"))
      return { status: 400, body: { detail: "Invalid groupBy" } };
    if (fault?.kind === "partial") {
      // Sentry refuses a query it cannot answer whole, such as too many data points.
      return { status: 400, body: { detail: DETAIL.tooManyPoints } };
    }
    const projects = projectsOf(call);
    if (!Array.isArray(projects)) return projects;
    const startMs = Date.parse(call.start ?? "");
    const endMs = Date.parse(call.end ?? "");
    if (Number.isNaN(startMs) || Number.isNaN(endMs))
      return { status: 400, body: { detail: "start and end are required" } };
    const from = Math.floor(startMs / HOUR) * HOUR;
    const to = Math.max(from + HOUR, Math.ceil(endMs / HOUR) * HOUR);
    const intervals: string[] = [];
    for (let t = from; t < to; t += HOUR) intervals.push(new Date(t).toISOString().replace(/\.000Z$/, "Z"));
    const set = call.release !== undefined ? releases.get(call.release) : undefined;
    const read = set && projects.includes(set.project) ? set.health : undefined;
    const known = typeof read === "function" ? read({ from, to }, call) : read;
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
    setRelease(release, health, project = SENTRY_PROJECTS.elsewhere) {
      releases.set(release, { health, project });
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
