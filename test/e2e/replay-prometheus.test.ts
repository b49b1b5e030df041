// `command: replay` against the real Prometheus holding the history's traffic (backfilled with promtool), whose
// oldest data begins 170 minutes ago, as if older blocks had aged out of its retention. A window older than that
// comes back empty from the real engine; with `retention:` declared the replay says so and does not ask, without
// it the replay can only see "no data" and holds. CI sets REQUIRE_PROMETHEUS=1, so this runs there.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { minutesAgo, seedHistory } from "../../harness/history.ts";
import {
  type RunningPrometheus,
  skipWithoutPrometheus,
  startPrometheus,
} from "../../harness/monitoring/real-prometheus.ts";
import { version } from "../../harness/traffic.ts";
import { countGate, describeRun, Scenario } from "../../harness/scenario.ts";

const history = {
  healthy: version("replay-prom: healthy", { errorRatio: 0.005 }),
  broken: version("replay-prom: broken", { errorRatio: 0.05 }),
  handBroken: version("replay-prom: broken, rolled back by hand", { errorRatio: 0.05 }),
  marginal: version("replay-prom: marginal", { errorRatio: 0.02 }),
  inFlight: version("replay-prom: in flight", { errorRatio: 0.005 }),
};

interface ReplayOutput {
  rollouts: { sha: string; outcome: string; stages: { stage: number; would: string }[] }[];
  summary: { healthyRolledBack: string[]; rollbacksCaught: string[]; beyondRetention: string[] };
}

describe.skipIf(skipWithoutPrometheus())("command: replay against the real Prometheus", () => {
  const now = Date.now();
  let prom: RunningPrometheus;

  beforeAll(async () => {
    prom = await startPrometheus({
      versions: Object.values(history),
      from: Math.floor(minutesAgo(now, 170).getTime() / 1000),
    });
  }, 120_000);
  afterAll(() => prom?.close());

  async function replay(extra: string): Promise<ReplayOutput> {
    const s = await Scenario.create(countGate(prom.url, extra));
    try {
      seedHistory(s, now, history);
      const r = await s.dispatch("replay");
      if (r.exitCode !== 0) throw new Error(`the action failed:\n${describeRun(r)}`);
      expect(s.github.writes()).toEqual([]);
      return JSON.parse(r.outputs.replay ?? "null") as ReplayOutput;
    } finally {
      await s.close();
    }
  }

  it("judges the windows Prometheus holds, and reports older ones as past retention, not as no data", async () => {
    const declared = await replay("  retention: 2h50m\n");
    expect(declared.rollouts.map((x) => [x.outcome, x.stages.map((st) => st.would)])).toEqual([
      ["completed", ["rollback"]],
      ["rolled back by hand", ["rollback"]],
      ["rolled back by a gate", ["rollback"]],
      [
        "completed",
        ["beyond retention", "beyond retention", "beyond retention", "beyond retention", "complete"],
      ],
    ]);
    expect(declared.summary).toMatchObject({
      healthyRolledBack: [history.marginal.sha],
      rollbacksCaught: [history.handBroken.sha, history.broken.sha],
      beyondRetention: [history.healthy.sha],
    });

    // Without the declaration (Prometheus's default, 15d, is assumed) the same windows are asked for, and the real
    // engine answers them empty: the gate can only call that no data, and the stage holds. Stage 4 (from 195 to
    // 160 minutes ago) reaches into the data kept and is judged on its last part alone.
    const undeclared = await replay("");
    const old = undeclared.rollouts.at(-1);
    expect(old?.stages.map((st) => st.would)).toEqual(["hold", "hold", "hold", "advance", "complete"]);
    expect(undeclared.summary.beyondRetention).toEqual([]);
  });
});
