// The traffic layer the apply step drives: a service's requests split between the version rolling out and the
// one it replaces, as the deployment statuses say, after the apply step's lag — or not, when the apply step
// fails. Turns an environment's rollouts (as the GitHub stand-in holds them) into versions whose request rates
// change with the split, for the monitoring stand-ins and the real Prometheus to serve.

import type { DeploymentView } from "./github/types.ts";
import type { RateChange, Version } from "./traffic.ts";

export interface MeshOptions {
  /** Requests a second the service serves in all, split between the versions live. */
  rps: number;
  /** The versions that may serve, with their error ratios and latencies; their own `rps` is not used. */
  versions: readonly Version[];
  /** Seconds from a recorded transition to the new split (the apply step's lag, draining). Default 0. */
  lagSeconds?: number;
  /**
   * What the apply step makes of the `n`th transition of a rollout (0: its start), asked for `percent`: the
   * percent it applied, or undefined when it failed and the previous split stayed. Default: as asked.
   */
  apply?: (percent: number, n: number, sha: string) => number | undefined;
}

/** A moment the split changed: from `at` (unix seconds) on, each version's share of the requests. */
export interface SplitChange {
  at: number;
  shares: ReadonlyMap<string, number>;
}

const DESCRIPTION = /^stage \d+\/\d+ · (\d+(?:\.\d+)?)% · (\w[\w ]*?)(?: by @|:|$)/;

function baselineOf(d: DeploymentView): string | undefined {
  const p = (d.payload as Record<string, { baseline?: unknown } | undefined> | null)?.["phased-rollout"];
  return typeof p?.baseline === "string" ? p.baseline : undefined;
}

/**
 * The service's split over time, from the rollouts' statuses: the newest rollout started takes the percent its
 * statuses set (as applied), the version it replaces the rest. A completed version serves everything until the
 * next rollout starts; a rolled-back or superseded one nothing.
 */
export function splitChanges(deployments: readonly DeploymentView[], o: MeshOptions): SplitChange[] {
  const lag = o.lagSeconds ?? 0;
  const moves = deployments
    .filter((d) => d.task === "rollout")
    .flatMap((d) =>
      d.statuses.flatMap((s, n) => {
        const m = DESCRIPTION.exec(s.description);
        if (!m) return [];
        return [{ d, n, percent: Number(m[1]), event: m[2] ?? "", at: Date.parse(s.createdAt) / 1000 }];
      }),
    )
    .sort((a, b) => a.at - b.at || a.d.id - b.d.id);
  const changes: SplitChange[] = [];
  let live: { sha: string; baseline: string | undefined; percent: number } | undefined;
  let serving: string | undefined;
  for (const m of moves) {
    if (m.event === "started") {
      // The version serving everything so far is what the new one replaces, whatever its payload says.
      const baseline = baselineOf(m.d) ?? serving;
      live = { sha: m.d.sha, baseline, percent: live?.sha === m.d.sha ? live.percent : 0 };
    }
    if (!live || live.sha !== m.d.sha) continue;
    if (m.event === "superseded") continue;
    const applied = o.apply ? o.apply(m.percent, m.n, m.d.sha) : m.percent;
    if (applied !== undefined) live.percent = applied;
    const share = live.percent / 100;
    const shares = new Map<string, number>([[live.sha, share]]);
    if (live.baseline && live.baseline !== live.sha) shares.set(live.baseline, 1 - share);
    if (m.event === "completed" && applied !== undefined) serving = live.sha;
    if (m.event === "rolled back") serving = live.baseline;
    changes.push({ at: m.at + lag, shares });
  }
  return changes;
}

/** The versions as the split makes them serve: each one's request rate changes whenever its share does. */
export function meshVersions(deployments: readonly DeploymentView[], o: MeshOptions): Version[] {
  const changes = splitChanges(deployments, o);
  return o.versions.map((v) => {
    const rates: RateChange[] = changes.map((c) => ({ at: c.at, rps: o.rps * (c.shares.get(v.sha) ?? 0) }));
    return { ...v, rps: 0, rates };
  });
}

/** Requests a version served between two times (unix seconds): its rate integrated over them. */
export function servedBetween(v: Version, from: number, to: number): number {
  let total = 0;
  let rate = v.rps;
  let at = from;
  for (const c of v.rates ?? []) {
    if (c.at >= to) break;
    if (c.at > at) {
      total += rate * (c.at - at);
      at = c.at;
    }
    rate = c.rps;
  }
  return total + rate * Math.max(0, to - at);
}
