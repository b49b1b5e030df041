// The Sentry provider against a stand-in that answers in the shapes of Sentry's API docs:
//   https://docs.sentry.io/api/releases/retrieve-release-health-session-statistics/
//   https://docs.sentry.io/api/ratelimits/
//   https://docs.sentry.io/product/releases/health/#session-status (healthy, errored, crashed, abnormal)
// and against the answers Sentry's own tests assert (harness/recorded/sentry/, cut by
// scripts/recordings/sentry.ts from tests/snuba/api/endpoints/test_organization_sessions.py).

import { optionsOf } from "../../../../src/gates/provider.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { recordSleeps } from "../../../../harness/monitoring/server.ts";
import { recorded, shapeOf } from "../../../../harness/recorded.ts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type CountGate, GateConfigError, parseGate, type ValueGate } from "../../../../src/gates/config.ts";
import { evaluateGate } from "../../../../src/gates/run.ts";
import {
  rateLimitDelayMs,
  readSessions,
  type SentryOptions,
} from "../../../../src/gates/providers/sentry.ts";
import {
  type ReleaseHealth,
  SENTRY_ORG,
  SENTRY_PROJECTS,
  SENTRY_TOKEN,
  type SentryStandIn,
  startSentryStandIn,
} from "../../../../harness/monitoring/sentry.ts";
import { NOW, SHA, STARTED, VALUES } from "./request.ts";
import { ALL_PROVIDERS } from "../../../support/providers.ts";

let sn: SentryStandIn;
beforeAll(async () => {
  sn = await startSentryStandIn();
});
afterAll(() => sn.close());
beforeEach(() => {
  sn.requests.length = 0;
  sn.emptyAsNoGroups = false;
});

const RELEASE = `checkout-ios@${SHA.slice(0, 7)}`;

function health(
  healthy: number,
  crashed: number,
  extra: Partial<ReleaseHealth["sessions"]> = {},
): ReleaseHealth {
  const sessions = { healthy, errored: 0, crashed, abnormal: 0, ...extra };
  return {
    sessions,
    users: {
      healthy: Math.round(healthy / 3),
      errored: 0,
      crashed: Math.round(crashed / 2),
      abnormal: 0,
    },
  };
}

const secrets = new Map([["SENTRY_AUTH_TOKEN", SENTRY_TOKEN]]);
const sleeps: number[] = [];
const opts = {
  values: VALUES,
  secrets,
  now: NOW,
  http: recordSleeps(sleeps),
};

function countGate(extra: Record<string, unknown> = {}): CountGate {
  return parseGate(
    {
      name: "crashes",
      provider: "sentry",
      url: sn.url,
      organization: SENTRY_ORG,
      "auth-token": "${SENTRY_AUTH_TOKEN}",
      release: "checkout-ios@{{short_sha}}",
      errors: "crashed",
      total: "sessions",
      "max-error-rate": 0.01,
      "min-requests": 200,
      ...extra,
    },
    0,
    ALL_PROVIDERS,
  ) as CountGate;
}

function valueGate(extra: Record<string, unknown> = {}): ValueGate {
  return parseGate(
    {
      name: "crash-free",
      provider: "sentry",
      url: sn.url,
      organization: SENTRY_ORG,
      "auth-token": "${SENTRY_AUTH_TOKEN}",
      release: "checkout-ios@{{short_sha}}",
      query: "crash_free_rate(session)",
      min: 0.99,
      ...extra,
    },
    0,
    ALL_PROVIDERS,
  ) as ValueGate;
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GateConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a GateConfigError");
}

describe("sentry gate config", () => {
  it("counts crashed sessions by default form, and shows what it asks for", () => {
    const g = countGate({ environment: "production", project: [42, "43"] });
    expect(g.url).toBe(sn.url);
    expect(g.options).toMatchObject({ field: "sum(session)", statuses: ["crashed"], projects: ["42", "43"] });
    expect(g.errors).toBe(
      'sum(session) session.status:[crashed] release:"checkout-ios@{{short_sha}}" environment:production project:42 project:43',
    );
    expect(countGate({ errors: ["crashed", "abnormal"], total: "users" }).options).toMatchObject({
      field: "count_unique(user)",
      statuses: ["crashed", "abnormal"],
    });
    expect(optionsOf<SentryOptions>(countGate({ errors: "crashed, abnormal" })).statuses).toEqual([
      "crashed",
      "abnormal",
    ]);
    const hosted = { name: "x", provider: "sentry", organization: "o", "auth-token": "t", release: "r" };
    expect(parseGate({ ...hosted, query: "crash_rate(user)", max: 0.1 }, 0, ALL_PROVIDERS).url).toBe(
      "https://sentry.io",
    );
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["no organization", { organization: undefined }, '"organization" is required'],
    ["no release", { release: undefined }, '"release" is required'],
    ["no auth-token", { "auth-token": undefined }, '"auth-token" is required'],
    [
      "an unknown status",
      { errors: "failed" },
      '"errors" lists the session statuses that count as failures: crashed, abnormal, errored; got failed',
    ],
    ["an unknown total", { total: "requests" }, '"total" must be one of sessions or users, got "requests"'],
  ])("rejects %s", (_what, extra, message) => {
    expect(errorOf(() => countGate(extra))).toContain(message);
  });

  it("rejects a field Sentry does not have", () => {
    expect(errorOf(() => valueGate({ query: "count(session)" }))).toContain(
      '"query" must be a Sentry session field such as crash_free_rate(session)',
    );
  });
});

describe("sentry queries", () => {
  it("asks for the release's crashed sessions (grouped by status) and all its sessions, over the stage", async () => {
    sn.setRelease(RELEASE, health(1980, 4, { errored: 16 }));
    const res = await evaluateGate(countGate({ environment: "production" }), opts);
    expect(res).toMatchObject({ verdict: "pass", value: 4 / 2000, samples: 2000 });
    expect(sn.requests.map((r) => r.headers.authorization)).toEqual([
      `Bearer ${SENTRY_TOKEN}`,
      `Bearer ${SENTRY_TOKEN}`,
    ]);
    const [errors, total] = sn.calls();
    expect(errors).toMatchObject({
      field: ["sum(session)"],
      groupBy: ["session.status"],
      release: RELEASE,
      environment: ["production"],
      start: STARTED.toISOString(),
      end: NOW.toISOString(),
    });
    expect(total).toMatchObject({ field: ["sum(session)"], groupBy: [], release: RELEASE });
  });

  it("fails a crash rate above the limit, counting only the statuses named", async () => {
    sn.setRelease(RELEASE, health(970, 30));
    expect(await evaluateGate(countGate(), opts)).toMatchObject({ verdict: "fail", value: 0.03 });
    sn.setRelease(RELEASE, health(995, 1, { abnormal: 4 }));
    expect((await evaluateGate(countGate(), opts)).verdict).toBe("pass");
    expect(await evaluateGate(countGate({ errors: ["crashed", "abnormal"] }), opts)).toMatchObject({
      verdict: "pass",
      value: 5 / 1000,
    });
  });

  it("counts users when total is users", async () => {
    sn.setRelease(RELEASE, health(3000, 20));
    expect(await evaluateGate(countGate({ total: "users" }), opts)).toMatchObject({
      samples: 1010,
      value: 10 / 1010,
    });
  });

  it("holds for a release with no sessions yet, whether Sentry answers zeros or no groups", async () => {
    const unknown = countGate({ release: "never-released" });
    expect(await evaluateGate(unknown, opts)).toMatchObject({ verdict: "inconclusive", samples: 0 });
    sn.emptyAsNoGroups = true;
    expect(await evaluateGate(unknown, opts)).toMatchObject({ verdict: "inconclusive", samples: null });
  });

  it("reads crash_free_rate as a single value, and its null (no sessions) as no data", async () => {
    sn.setRelease(RELEASE, health(990, 10));
    expect(await evaluateGate(valueGate(), opts)).toMatchObject({ verdict: "pass", value: 0.99 });
    sn.setRelease(RELEASE, health(0, 0));
    expect(await evaluateGate(valueGate(), opts)).toMatchObject({ verdict: "inconclusive", value: null });
  });

  it("says authentication failed on a bad token, and reports a refused query", async () => {
    const bad = await evaluateGate(valueGate(), {
      ...opts,
      secrets: new Map([["SENTRY_AUTH_TOKEN", "nope"]]),
    });
    expect(bad.message).toContain(
      "HTTP 401, authentication failed (check auth-token and organization): Invalid token",
    );
    sn.fail({ kind: "partial" }, 1);
    expect((await evaluateGate(valueGate(), opts)).message).toContain(
      "HTTP 400, error: Your interval and date range would create too many results.",
    );
    const org = await evaluateGate(valueGate({ organization: "other" }), opts);
    expect(org.message).toContain("HTTP 404");
  });

  it("waits until X-Sentry-Rate-Limit-Reset on a 429", async () => {
    sleeps.length = 0;
    sn.setRelease(RELEASE, health(990, 10));
    sn.fail({ kind: "rate-limit", resetSeconds: 5 }, 1);
    expect((await evaluateGate(valueGate(), opts)).verdict).toBe("pass");
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(3000);
    expect(sleeps[0]).toBeLessThanOrEqual(5000);
    expect(rateLimitDelayMs(new Headers({ "x-sentry-rate-limit-reset": "1000" }), 990_000)).toBe(10_000);
  });

  it("holds with the error verdict on persistent 5xx and slow answers", async () => {
    sn.fail({ kind: "server-error" }, 3);
    expect((await evaluateGate(valueGate(), opts)).message).toContain("HTTP 500, error: Internal Error");
    sn.fail({ kind: "slow", ms: 1500 }, 1);
    expect((await evaluateGate(valueGate({ timeout: 0.2, retries: 0 }), opts)).verdict).toBe("error");
  });
});

describe("readSessions", () => {
  it("rejects an answer without groups, and a total with several groups", () => {
    expect(() => readSessions(200, {}, "sum(session)")).toThrow("answer has no groups");
    expect(() =>
      readSessions(
        200,
        {
          groups: [
            { by: {}, totals: {} },
            { by: {}, totals: {} },
          ],
        },
        "sum(session)",
      ),
    ).toThrow("2 groups");
  });
});

describe("sentry's projects", () => {
  it("asks every project the token can read (project=-1) when the gate names none", async () => {
    sn.setRelease(RELEASE, health(1950, 50));
    expect(await evaluateGate(countGate(), opts)).toMatchObject({ verdict: "fail", value: 50 / 2000 });
    expect(sn.calls().map((c) => c.project)).toEqual([["-1"], ["-1"]]);
  });

  it("asks only the projects a gate names", async () => {
    sn.setRelease(RELEASE, health(1950, 50), SENTRY_PROJECTS.elsewhere);
    const named = countGate({ project: SENTRY_PROJECTS.elsewhere });
    expect(await evaluateGate(named, opts)).toMatchObject({ verdict: "fail", samples: 2000 });
    expect(sn.calls().map((c) => c.project)).toEqual([
      [String(SENTRY_PROJECTS.elsewhere)],
      [String(SENTRY_PROJECTS.elsewhere)],
    ]);
    const other = countGate({ project: SENTRY_PROJECTS.onMyTeam });
    expect(await evaluateGate(other, opts)).toMatchObject({ verdict: "inconclusive", samples: 0 });
  });
});

type Exchange = {
  request: Record<string, unknown>;
  status?: number;
  body?: Record<string, unknown>;
  groups?: { by: Record<string, string>; totals: Record<string, number> }[];
};
type RecordedTests = { tests: { test: string; exchanges: Exchange[] }[] };
const exchangesOf = (name: string, test?: string) =>
  recorded<RecordedTests>("sentry", name).tests.filter((t) => test === undefined || t.test === test)[0]!
    .exchanges;

describe("sentry against the answers its own tests assert", () => {
  it("reads a recorded answer, and a recorded refusal as an error with Sentry's detail", () => {
    const [all] = exchangesOf("all-projects");
    expect(all!.request.project).toEqual([-1]);
    expect(readSessions(all!.status!, all!.body, "sum(session)").value).toBe(9);
    // A member on no team reads all 9 with project=-1 too: -1 goes by access, not by team.
    const [member] = exchangesOf("member-without-teams");
    expect(readSessions(member!.status!, member!.body, "sum(session)").value).toBe(9);
    const [none] = exchangesOf("no-projects");
    expect(() => readSessions(none!.status!, none!.body, "sum(session)")).toThrow(
      "HTTP 400, error: No projects available",
    );
  });

  it("counts the statuses a gate names from a recorded grouped answer, each session and user once", () => {
    const [byStatus] = exchangesOf("sessions-by-status");
    const sessions = { groups: byStatus!.groups };
    const count = (field: string, body: unknown, statuses: string[]) =>
      readSessions(200, body, field, statuses).value;
    expect(count("sum(session)", sessions, ["crashed"])).toBe(1);
    expect(count("sum(session)", sessions, ["crashed", "errored"])).toBe(3);
    const [total, grouped] = exchangesOf("users-by-status", "test_users_groupby_status_advanced");
    const users = { groups: grouped!.groups };
    // One user crashed (after an error), one hung, one errored, three were healthy: 2 of 6 crashed or hung.
    expect(count("count_unique(user)", users, ["crashed", "abnormal"])).toBe(2);
    expect(readSessions(200, { groups: total!.groups }, "count_unique(user)").value).toBe(6);
  });

  it("finds in the recordings that the statuses add up to the total, and the stand-in answers so too", async () => {
    const sum = (groups: Exchange["groups"], field: string) =>
      (groups ?? []).reduce((n, g) => n + (g.totals[field] ?? 0), 0);
    const sessions = exchangesOf("sessions-by-status")[0]!;
    expect(sum(sessions.groups, "sum(session)")).toBe(9);
    for (const test of ["test_users_groupby", "test_users_groupby_status_advanced"]) {
      const [total, grouped] = exchangesOf("users-by-status", test);
      expect(sum(grouped!.groups, "count_unique(user)")).toBe(sum(total!.groups, "count_unique(user)"));
    }
    sn.setRelease(RELEASE, {
      sessions: { healthy: 6, errored: 2, crashed: 1, abnormal: 0 },
      users: { healthy: 3, errored: 1, crashed: 1, abnormal: 1 },
    });
    const ask = async (groupBy: boolean) => {
      const q = new URLSearchParams({
        field: "count_unique(user)",
        query: `release:"${RELEASE}"`,
        project: "-1",
        start: STARTED.toISOString(),
        end: NOW.toISOString(),
      });
      if (groupBy) q.set("groupBy", "session.status");
      const res = await fetch(`${sn.url}/api/0/organizations/${SENTRY_ORG}/sessions/?${q}`, {
        headers: { authorization: `Bearer ${SENTRY_TOKEN}` },
      });
      return (await res.json()) as { groups: Exchange["groups"] };
    };
    expect(sum((await ask(true)).groups, "count_unique(user)")).toBe(
      sum((await ask(false)).groups, "count_unique(user)"),
    );
  });

  it("answers from the stand-in in the recorded shapes", async () => {
    sn.setRelease(RELEASE, health(990, 10));
    const get = async (extra: Record<string, string>) => {
      const q = new URLSearchParams({
        field: "sum(session)",
        query: `release:"${RELEASE}"`,
        project: "-1",
        start: STARTED.toISOString(),
        end: NOW.toISOString(),
        interval: "1h",
        ...extra,
      });
      const res = await fetch(`${sn.url}/api/0/organizations/${SENTRY_ORG}/sessions/?${q}`, {
        headers: { authorization: `Bearer ${SENTRY_TOKEN}` },
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const [all] = exchangesOf("all-projects");
    expect(shapeOf((await get({})).body)).toEqual(shapeOf(all!.body));
    const [byStatus] = exchangesOf("sessions-by-status");
    expect(shapeOf((await get({ groupBy: "session.status" })).body.groups)).toEqual(
      shapeOf(byStatus!.groups),
    );
    const refusals = recorded<RecordedTests>("sentry", "refusals").tests;
    const unknownField = refusals.find((t) => t.test === "test_unknown_field")!.exchanges[0]!;
    const refused = await get({ field: "summ(sessin)" });
    expect(refused).toEqual({ status: unknownField.status, body: unknownField.body });
  });
});

describe("docs/providers/sentry.md", () => {
  const page = readFileSync(
    join(import.meta.dirname, "..", "..", "..", "..", "docs", "providers", "sentry.md"),
    "utf8",
  );

  it("says a user counts in one status, as Sentry's tests show, not twice", () => {
    expect(page).not.toMatch(/counts twice/);
    expect(page).toMatch(/each session, and each user, falls\s+in\s+exactly\s+one\s+status/i);
  });

  it("says a gate with no project reads every project the token can read, and how", () => {
    expect(page).toContain("`project=-1`");
  });
});
