// replayRollouts() over the Prometheus stand-in: each look asked at its own time, a rollout replayed no further
// than its first rollback, windows past a gate's retention never asked.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseGates } from "../../../src/gates/config.ts";
import {
  describeSooner,
  PROMETHEUS_DEFAULT_RETENTION_SECONDS,
  replayRollouts,
  retentionOf,
} from "../../../src/gates/replay.ts";
import { type FakePrometheus, startFakePrometheus } from "../../../harness/monitoring/fake-prometheus.ts";
import { version } from "../../../harness/traffic.ts";
import { rolloutOf } from "../fixtures.ts";
import { ALL_PROVIDERS } from "../../support/providers.ts";

const good = version("unit replay: good", { errorRatio: 0.001 });
const bad = version("unit replay: bad", { errorRatio: 0.05 });

let prom: FakePrometheus;
beforeAll(async () => {
  prom = await startFakePrometheus({ versions: [good, bad] });
});
afterAll(() => prom.close());

const gate = (extra = "") => `
- name: errors
  provider: prometheus
  url: ${prom.url}
  errors: sum(increase(http_requests_total{version="{{sha}}",code=~"5.."}[{{window}}]))
  total: sum(increase(http_requests_total{version="{{sha}}"}[{{window}}]))
  max-error-rate: 0.01
${extra}`;

/** Minutes before the fake's data ends at "now": the fixtures count minutes from T0, so shift them to now. */
function recent<T extends { at: number }>(steps: T[], endMinutesAgo: number): T[] {
  const last = Math.max(...steps.map((s) => s.at));
  const t0 = Date.parse("2026-11-21T00:00:00Z");
  const shift = (Date.now() - endMinutesAgo * 60_000 - t0) / 60_000 - last;
  return steps.map((s) => ({ ...s, at: s.at + shift }));
}

const options = (now = Date.now()) => ({
  environment: "production",
  bakeSeconds: 1800,
  count: 10,
  secrets: new Map<string, string>(),
  env: {},
  now: () => new Date(now),
  sleep: () => Promise.resolve(),
  log: () => undefined,
});

describe("retentionOf and describeSooner", () => {
  it("takes the declared retention, else Prometheus's 15 days, else none", () => {
    const [declared, defaulted] = parseGates(
      gate("  retention: 36h\n") + gate().replace("errors\n", "other\n"),
      ALL_PROVIDERS,
    );
    expect(declared && retentionOf(declared)).toBe(36 * 3600);
    expect(defaulted && retentionOf(defaulted)).toBe(PROMETHEUS_DEFAULT_RETENTION_SECONDS);
    expect(describeSooner(900)).toBe("15m sooner");
    expect(describeSooner(-3600)).toBe("1h later");
    expect(describeSooner(0)).toBe("at the same time");
  });

  it("refuses a retention shorter than an hour", () => {
    expect(() => parseGates(gate("  retention: 30m\n"), ALL_PROVIDERS)).toThrow('"30m" must be at least 1h');
  });
});

describe("replayRollouts", () => {
  it("asks at each look's time, stops at the first rollback, and reports the real one's lead", async () => {
    const r = rolloutOf(
      bad.sha,
      recent(
        [
          { event: "started", stage: 1, percent: 1, at: 0 },
          { event: "advanced", stage: 2, percent: 5, at: 40, note: "gates passed" },
          { event: "rolled back", stage: 2, percent: 0, at: 60, actor: "ann" },
        ],
        5,
      ),
    );
    const asked = prom.requests.length;
    const rec = await replayRollouts([r], parseGates(gate(), ALL_PROVIDERS), options());
    // Stage 1: failed at its first look, bake time in; stage 2 is never looked at.
    expect(rec.rollouts[0]?.stages.map((s) => [s.stage, s.would])).toEqual([[1, "rollback"]]);
    expect(prom.requests.length - asked).toBe(2);
    expect(rec.summary.rollbacksCaught).toEqual([bad.sha]);
    expect(Math.round((rec.summary.soonerSeconds[0]?.seconds ?? 0) / 60)).toBe(30);
    expect(rec.summary.sentence).toBe(
      "replayed 1 finished rollout; these gates would have rolled back 0 that completed; caught 1 of 1 rollbacks (30m sooner)",
    );
  });

  it("does not ask for a window past retention, and says so", async () => {
    const r = rolloutOf(
      good.sha,
      recent(
        [
          { event: "started", stage: 1, percent: 1, at: 0 },
          { event: "promoted", stage: 5, percent: 100, at: 40, actor: "ann" },
          { event: "completed", stage: 5, percent: 100, at: 45, actor: "ann" },
        ],
        60,
      ),
    );
    const asked = prom.requests.length;
    const rec = await replayRollouts([r], parseGates(gate("  retention: 1h\n"), ALL_PROVIDERS), options());
    // Stage 1 began 105 minutes ago: past 1h. Stage 5 began 65 minutes ago: past it too.
    expect(rec.rollouts[0]?.stages.map((s) => s.would)).toEqual(["beyond retention", "beyond retention"]);
    expect(rec.rollouts[0]?.stages[0]?.gates[0]).toMatchObject({ verdict: "beyond retention" });
    expect(prom.requests.length).toBe(asked);
    expect(rec.summary.beyondRetention).toEqual([good.sha]);
  });
});
