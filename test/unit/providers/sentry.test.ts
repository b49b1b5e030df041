// The Sentry provider against a stand-in that answers in the shapes of Sentry's API docs:
//   https://docs.sentry.io/api/releases/retrieve-release-health-session-statistics/
//   https://docs.sentry.io/api/ratelimits/
//   https://docs.sentry.io/product/releases/health/#session-status (healthy, errored, crashed, abnormal)

import { recordSleeps } from "../../support/provider-stand-ins.ts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type CountGate, GateConfigError, parseGate, type ValueGate } from "../../../src/gates/config.ts";
import { evaluateGate } from "../../../src/gates/evaluate.ts";
import { rateLimitDelayMs, readSessions } from "../../../src/gates/sentry.ts";
import {
  type ReleaseHealth,
  SENTRY_ORG,
  SENTRY_TOKEN,
  type SentryStandIn,
  startSentryStandIn,
} from "../../support/sentry-stand-in.ts";
import { NOW, SHA, STARTED, VALUES } from "./request.ts";

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
      total: Math.round(healthy / 3) + Math.round(crashed / 2),
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
    expect(g.sentry).toMatchObject({ field: "sum(session)", statuses: ["crashed"], projects: ["42", "43"] });
    expect(g.errors).toBe(
      'sum(session) session.status:[crashed] release:"checkout-ios@{{short_sha}}" environment:production project:42 project:43',
    );
    expect(countGate({ errors: ["crashed", "abnormal"], total: "users" }).sentry).toMatchObject({
      field: "count_unique(user)",
      statuses: ["crashed", "abnormal"],
    });
    expect(countGate({ errors: "crashed, abnormal" }).sentry?.statuses).toEqual(["crashed", "abnormal"]);
    const hosted = { name: "x", provider: "sentry", organization: "o", "auth-token": "t", release: "r" };
    expect(parseGate({ ...hosted, query: "crash_rate(user)", max: 0.1 }, 0).url).toBe("https://sentry.io");
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
    ["an unknown total", { total: "requests" }, '"total" Invalid option: expected one of "sessions"|"users"'],
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
