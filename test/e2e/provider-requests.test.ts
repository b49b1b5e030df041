// What the bundled action asks New Relic, Sentry and CloudWatch, held to what those services are recorded to
// answer (harness/recorded/): a version is started by a push, bakes, and a scheduled run asks the
// provider's stand-in, which answers as the recordings show.
//   - Sentry reads only the token user's team projects unless asked for project=-1 (every readable project);
//   - NerdGraph answers throttling with HTTP 200 and errorClass TOO_MANY_REQUESTS, worth another attempt;
//   - CloudWatch returns no data points for a period that does not fit the age of the data.

import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AWS_KEYS,
  type CloudWatchStandIn,
  startCloudWatchStandIn,
} from "../../harness/monitoring/cloudwatch.ts";
import {
  NR_ACCOUNT,
  NR_API_KEY,
  type NewRelicStandIn,
  startNewRelicStandIn,
} from "../../harness/monitoring/newrelic.ts";
import {
  SENTRY_ORG,
  SENTRY_TOKEN,
  type SentryStandIn,
  startSentryStandIn,
} from "../../harness/monitoring/sentry.ts";
import { pushEvent, scheduleEvent } from "../../harness/events.ts";
import type { ActionRun } from "../../harness/runner.ts";
import { describeRun, Scenario } from "../../harness/scenario.ts";

let newrelic: NewRelicStandIn;
let sentry: SentryStandIn;
let cloudwatch: CloudWatchStandIn;

beforeAll(async () => {
  [newrelic, sentry, cloudwatch] = await Promise.all([
    startNewRelicStandIn(),
    startSentryStandIn(),
    startCloudWatchStandIn("eu-west-1"),
  ]);
});
afterAll(async () => {
  await Promise.all([newrelic, sentry, cloudwatch].map((s) => s.close()));
});

const shaOf = (name: string) => createHash("sha1").update(`provider requests e2e ${name}`).digest("hex");

/** Starts `sha` with a push, lets the stage live `minutes`, then runs the scheduled advance. */
async function advanceAfter(
  gates: string,
  sha: string,
  minutes: number,
  env: Record<string, string>,
  arrange: () => void,
): Promise<ActionRun> {
  const s = await Scenario.create(gates);
  try {
    s.github.addCommit({ sha });
    const start = await s.run("push", pushEvent(sha), sha, {}, { env });
    if (start.exitCode !== 0 || start.outputs.decision !== "start")
      throw new Error(`start failed:\n${describeRun(start)}`);
    s.wait(minutes);
    arrange();
    return await s.run("schedule", scheduleEvent(), "f".repeat(40), {}, { env });
  } finally {
    await s.close();
  }
}

const verdicts = (r: ActionRun) =>
  (JSON.parse(r.outputs.gates ?? "[]") as { verdict: string }[]).map((g) => g.verdict);

describe("requests through dist/index.js, as the providers are recorded to answer", () => {
  it("asks Sentry for every project the token can read when the gate names none", async () => {
    const sha = shaOf("sentry");
    const run = await advanceAfter(
      `
- name: crash-free
  provider: sentry
  url: ${sentry.url}
  organization: ${SENTRY_ORG}
  auth-token: \${SENTRY_AUTH_TOKEN}
  release: checkout-ios@{{short_sha}}
  errors: crashed
  total: sessions
  max-error-rate: 0.005
  min-requests: 200
`,
      sha,
      40,
      { SENTRY_AUTH_TOKEN: SENTRY_TOKEN },
      () => {
        // In a project the token can read but whose team its user is not on.
        const sessions = { healthy: 999, errored: 0, crashed: 1, abnormal: 0 };
        sentry.setRelease(`checkout-ios@${sha.slice(0, 7)}`, { sessions, users: sessions });
      },
    );
    expect(run.exitCode, describeRun(run)).toBe(0);
    expect(verdicts(run), describeRun(run)).toEqual(["pass"]);
    expect(run.outputs.decision).toBe("advance");
    const asked = sentry.calls().filter((c) => c.release === `checkout-ios@${sha.slice(0, 7)}`);
    expect(asked.map((c) => c.project)).toEqual([["-1"], ["-1"]]);
  });

  it("retries New Relic's TOO_MANY_REQUESTS (HTTP 200), then judges", async () => {
    const sha = shaOf("newrelic");
    const total = `SELECT count(*) FROM Transaction WHERE appName = 'checkout' AND tags.commit = '${sha}'`;
    const run = await advanceAfter(
      `
- name: nr-errors
  provider: newrelic
  url: ${newrelic.url}/graphql
  account-id: ${NR_ACCOUNT}
  api-key: \${NEW_RELIC_API_KEY}
  errors: SELECT count(*) FROM Transaction WHERE appName = 'checkout' AND tags.commit = '{{sha}}' AND error IS true
  total: SELECT count(*) FROM Transaction WHERE appName = 'checkout' AND tags.commit = '{{sha}}'
  max-error-rate: 0.01
  min-requests: 100
`,
      sha,
      40,
      { NEW_RELIC_API_KEY: NR_API_KEY },
      () => {
        newrelic.set(`${total} AND error IS true`, [{ count: 2 }]);
        newrelic.set(total, [{ count: 900 }]);
        newrelic.requests.length = 0;
        newrelic.answerError("TOO_MANY_REQUESTS");
      },
    );
    expect(run.exitCode, describeRun(run)).toBe(0);
    expect(verdicts(run), describeRun(run)).toEqual(["pass"]);
    expect(run.outputs.decision).toBe("advance");
    // Two counts, one of them asked twice; NRQL's own timeout a second inside the default 10s.
    expect(newrelic.requests).toHaveLength(3);
    expect(new Set(newrelic.calls().map((c) => c.timeout))).toEqual(new Set([9]));
  });

  it("asks CloudWatch for a period it serves when the stage went live 20 days ago", async () => {
    const sha = shaOf("cloudwatch");
    const dims = { Version: sha.slice(0, 7) };
    const run = await advanceAfter(
      `
- name: alb-5xx
  provider: cloudwatch
  url: ${cloudwatch.url}
  errors:
    namespace: Checkout
    metric: Errors
    dimensions: { Version: "{{short_sha}}" }
  total:
    namespace: Checkout
    metric: Requests
    dimensions: { Version: "{{short_sha}}" }
  max-error-rate: 0.01
  min-requests: 100
`,
      sha,
      20 * 24 * 60 + 7,
      {
        AWS_ACCESS_KEY_ID: AWS_KEYS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: AWS_KEYS.secretAccessKey,
        AWS_SESSION_TOKEN: AWS_KEYS.sessionToken,
        AWS_REGION: "eu-west-1",
      },
      () => {
        cloudwatch.setMetric({ namespace: "Checkout", metric: "Errors", dimensions: dims, stat: "Sum" }, 3);
        cloudwatch.setMetric(
          { namespace: "Checkout", metric: "Requests", dimensions: dims, stat: "Sum" },
          900,
        );
      },
    );
    expect(run.exitCode, describeRun(run)).toBe(0);
    expect(verdicts(run), describeRun(run)).toEqual(["pass"]);
    expect(run.outputs.decision).toBe("advance");
    const asked = cloudwatch.calls().filter((c) => c.key.includes(`Version=${sha.slice(0, 7)}`));
    expect(asked).toHaveLength(2);
    for (const c of asked) {
      expect(c.period % 300).toBe(0);
      expect(c.start % 300).toBe(0);
    }
  });
});
