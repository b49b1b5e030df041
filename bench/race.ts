// Races: N runs of `advance` started at the same moment on one rollout that is past its bake time (scheduled
// runs and "Run workflow" clicks alike), repeated. Exactly one of them may record the transition; the others
// must report the winner's state and succeed. For every race this counts the transitions recorded (must be
// 1), and times the winner and the losers (spawn → exit of the bundled action, against the GitHub stand-in).
// `raceBench()` is called by bench/run.ts, which prints it and keeps it under "action.race"; run directly
// (`node bench/race.ts`), it prints the table only. Either way a race that records anything but one
// transition is a problem, and the process exits 1.

import type { ActionRun } from "../test/e2e/runner.ts";
import { Scenario } from "../test/e2e/scenario.ts";
import { healthy } from "../test/support/traffic.ts";
import { round1, type Summary, summarize } from "./stats.ts";

export const RACE_SIZES = [2, 4, 8];
export const RACE_REPEATS = 5;
/** Past the default 30m bake time of the stage the race is about. */
const STAGE_AGE_MINUTES = 31;

export interface Race {
  runs: number;
  round: number;
  /** Statuses added to the rollout by the race: must be 1. */
  transitions: number;
  /** Runs reporting `changed: true`: must be 1. */
  changed: number;
  /** Runs that did not exit 0: must be 0. */
  failed: number;
  /** Lock refs left behind: must be 0. */
  locksLeft: number;
  /** Decisions of the runs that recorded nothing. */
  loserDecisions: string[];
  winnerMs: number | null;
  loserMs: number[];
}

export interface RaceSize {
  runs: number;
  transitionsPerRace: number[];
  winner: Summary;
  losers: Summary;
  /** How the losers ended: `none` (lost under the lock) or `hold` (read after the winner wrote). */
  loserDecisions: Record<string, number>;
}

export interface RaceBench {
  repeats: number;
  sizes: RaceSize[];
  races: number;
  runs: number;
  /** Races that recorded exactly one transition, with one `changed: true`, no failed run and no lock left. */
  clean: number;
  problems: string[];
}

/** One race: a rollout started by the action itself, aged past bake time, then `runs` advances at once. */
async function race(runs: number, round: number, problems: string[]): Promise<Race> {
  const s = await Scenario.create("");
  try {
    const start = await s.push(healthy.sha);
    if (start.exitCode !== 0 || start.outputs.decision !== "start") {
      throw new Error(`race setup: the start failed\n${start.stdout}\n${start.stderr}`);
    }
    s.wait(STAGE_AGE_MINUTES);
    const before = s.statusesOf(healthy.sha).length;
    const timed = async (go: () => Promise<ActionRun>) => {
      const t0 = performance.now();
      const r = await go();
      return { r, ms: performance.now() - t0 };
    };
    // Scheduled runs and manual dispatches of `advance`, alternating.
    const results = await Promise.all(
      Array.from({ length: runs }, (_, i) =>
        timed(() => (i % 2 === 0 ? s.schedule() : s.dispatch("advance"))),
      ),
    );
    const label = `race of ${runs}, round ${round}`;
    for (const { r } of results) {
      if (r.exitCode !== 0) {
        process.stderr.write(`--- ${label}: a run exited ${String(r.exitCode)}\n${r.stdout}\n${r.stderr}\n`);
      }
    }
    const winners = results.filter(({ r }) => r.outputs.changed === "true");
    const losers = results.filter(({ r }) => r.outputs.changed !== "true");
    const out: Race = {
      runs,
      round,
      transitions: s.statusesOf(healthy.sha).length - before,
      changed: winners.length,
      failed: results.filter(({ r }) => r.exitCode !== 0).length,
      locksLeft: Object.keys(s.github.refs()).filter((ref) => ref.startsWith("refs/phased-rollout/")).length,
      loserDecisions: losers.map(({ r }) => r.outputs.decision ?? ""),
      winnerMs: winners.length === 1 ? round1(winners[0]?.ms ?? 0) : null,
      loserMs: losers.map(({ ms }) => round1(ms)),
    };
    if (out.transitions !== 1) problems.push(`${label}: ${out.transitions} transitions recorded, expected 1`);
    if (out.changed !== 1) problems.push(`${label}: ${out.changed} runs report changed: true, expected 1`);
    if (out.failed !== 0) problems.push(`${label}: ${out.failed} runs failed`);
    if (out.locksLeft !== 0) problems.push(`${label}: ${out.locksLeft} lock ref(s) left behind`);
    try {
      s.github.assertNoInvalidRequests();
    } catch (error) {
      problems.push(`${label}: ${(error as Error).message}`);
    }
    return out;
  } finally {
    await s.close();
  }
}

export async function raceBench(
  sizes: readonly number[] = RACE_SIZES,
  repeats = RACE_REPEATS,
): Promise<{ bench: RaceBench; races: Race[] }> {
  const problems: string[] = [];
  const races: Race[] = [];
  const out: RaceSize[] = [];
  for (const runs of sizes) {
    const mine: Race[] = [];
    for (let round = 1; round <= repeats; round++) mine.push(await race(runs, round, problems));
    races.push(...mine);
    const loserDecisions: Record<string, number> = {};
    for (const d of mine.flatMap((r) => r.loserDecisions)) loserDecisions[d] = (loserDecisions[d] ?? 0) + 1;
    const winners = mine.flatMap((r) => (r.winnerMs === null ? [] : [r.winnerMs]));
    out.push({
      runs,
      transitionsPerRace: mine.map((r) => r.transitions),
      winner: summarize(winners),
      losers: summarize(mine.flatMap((r) => r.loserMs)),
      loserDecisions,
    });
  }
  const clean = races.filter(
    (r) => r.transitions === 1 && r.changed === 1 && r.failed === 0 && r.locksLeft === 0,
  ).length;
  return {
    bench: {
      repeats,
      sizes: out,
      races: races.length,
      runs: races.reduce((n, r) => n + r.runs, 0),
      clean,
      problems,
    },
    races,
  };
}

function ms(x: number): string {
  return `${x < 100 ? x.toFixed(1) : x.toFixed(0)} ms`;
}

export function printRace(bench: RaceBench, heading = "4."): void {
  console.log(
    `${heading} Races: N runs of advance at once on one rollout past its bake time (scheduled and dispatched, alternating), ${bench.repeats} races each`,
  );
  const rows = [
    ["runs", "transitions per race", "winner median", "losers median", "losers max", "losers ended"],
    ...bench.sizes.map((s) => [
      String(s.runs),
      s.transitionsPerRace.join(" "),
      ms(s.winner.medianMs),
      ms(s.losers.medianMs),
      ms(s.losers.maxMs),
      Object.entries(s.loserDecisions)
        .map(([d, n]) => `${d} ×${n}`)
        .join(", "),
    ]),
  ];
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  for (const row of rows) {
    const line = row
      .map((cell, i) => (i === 0 || i === 5 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join("   ");
    console.log(`  ${line.trimEnd()}`);
  }
  console.log(
    `  ${bench.clean} of ${bench.races} races (${bench.runs} runs) recorded exactly one transition, with one changed: true, no failed run and no lock left\n`,
  );
}

if (import.meta.main) {
  const { bench } = await raceBench();
  printRace(bench, "");
  if (bench.problems.length > 0) {
    console.error(
      `${bench.problems.length} problem(s):\n${bench.problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    process.exitCode = 1;
  }
}
