// Races: N runs of `advance` started at the same moment on one rollout that is past its bake time (scheduled
// runs and "Run workflow" clicks alike), repeated. Exactly one of them may record the transition; the others
// must report the winner's state and succeed. For every race this counts the transitions recorded (must be
// 1), and times the winner and the losers (spawn → exit of the bundled action, against the GitHub stand-in).
// `raceBench()` is called by bench/run.ts, which prints it and keeps it under "action.race"; run directly
// (`node bench/race.ts`), it prints the table only. Either way a race that records anything but one
// transition is a problem, and the process exits 1. `lagBench()` starts a run 0–3 s after a transition while
// the stand-in's lists trail writes by 2 s, and counts transitions recorded twice and stale percents (both 0).

import type { ActionRun } from "../harness/runner.ts";
import { Scenario } from "../harness/scenario.ts";
import { healthy } from "../harness/traffic.ts";
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

/** A problem for each malformed request the runs sent to the stand-in (or bad answer they got). */
function noteInvalidRequests(label: string, s: Scenario, problems: string[]): void {
  try {
    s.github.assertNoInvalidRequests();
  } catch (error) {
    problems.push(`${label}: ${(error as Error).message}`);
  }
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
      locksLeft: Object.keys(s.github.refs()).filter((ref) => ref.startsWith("refs/phased-rollout/locks/"))
        .length,
      loserDecisions: losers.map(({ r }) => r.outputs.decision ?? ""),
      winnerMs: winners.length === 1 ? round1(winners[0]?.ms ?? 0) : null,
      loserMs: losers.map(({ ms }) => round1(ms)),
    };
    if (out.transitions !== 1) problems.push(`${label}: ${out.transitions} transitions recorded, expected 1`);
    if (out.changed !== 1) problems.push(`${label}: ${out.changed} runs report changed: true, expected 1`);
    if (out.failed !== 0) problems.push(`${label}: ${out.failed} runs failed`);
    if (out.locksLeft !== 0) problems.push(`${label}: ${out.locksLeft} lock ref(s) left behind`);
    noteInvalidRequests(label, s, problems);
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

// ---------------------------------------------------------------------------------------
// Runs right after a transition, while GitHub's lists still leave it out (the stand-in's lag mode).

/** How far the lists trail a write. */
export const LAG_MS = 2000;
/** When the next run starts after the transition's run ended (its status written moments before). */
export const LAG_DELAYS_MS = [0, 500, 1000, 1500, 2000, 2500, 3000];

export interface AfterTransition {
  /** The transition: an advance recorded by a scheduled run, or a rollback from "Run workflow". */
  transition: "advance" | "rollback";
  delayMs: number;
  /** The next run: its decision and the percent it told the apply step ("" for none). */
  decision: string;
  percent: string;
  /** Statuses of the transition's kind that the next run added on top: must be 0. */
  recordedTwice: number;
  /** The next run published a percent from before the transition: must be 0. */
  stalePercent: boolean;
  failed: boolean;
  nextRunMs: number;
}

export interface LagBench {
  lagMs: number;
  delaysMs: number[];
  runs: AfterTransition[];
  /** Transitions recorded a second time by a run that read lists from before them: must be 0. */
  recordedTwice: number;
  /** Runs that told the apply step the percent from before the transition: must be 0. */
  stalePercents: number;
  /** Next runs that published a percent (with the state ref, only on lists that show the transition)… */
  decided: number;
  /** …and those that decided nothing, publishing no percent. */
  decidedNothing: number;
  nextRun: Summary;
  problems: string[];
}

async function afterTransition(
  transition: AfterTransition["transition"],
  delayMs: number,
  problems: string[],
): Promise<AfterTransition> {
  const s = await Scenario.create("");
  try {
    const start = await s.push(healthy.sha);
    if (start.exitCode !== 0)
      throw new Error(`lag setup: the start failed\n${start.stdout}\n${start.stderr}`);
    s.wait(STAGE_AGE_MINUTES);
    // Only writes from here on trail: the start is long listed.
    s.github.setListLag(LAG_MS);
    const first = transition === "advance" ? await s.schedule() : await s.dispatch("rollback");
    const expected = transition === "advance" ? "5" : "0";
    const label = `${transition}, next run ${delayMs} ms after`;
    if (first.exitCode !== 0 || first.outputs.percent !== expected) {
      throw new Error(`${label}: the transition itself failed\n${first.stdout}\n${first.stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    const t0 = performance.now();
    const next = await s.schedule();
    const nextRunMs = round1(performance.now() - t0);
    const event = transition === "advance" ? "advanced" : "rolled back";
    const count = s.statusesOf(healthy.sha).filter((x) => x.description.includes(` · ${event}`)).length;
    const percent = next.outputs.percent ?? "";
    const out: AfterTransition = {
      transition,
      delayMs,
      decision: next.outputs.decision ?? "",
      percent,
      recordedTwice: count - 1,
      stalePercent: percent !== "" && percent !== expected,
      failed: next.exitCode !== 0,
      nextRunMs,
    };
    if (out.failed) {
      problems.push(`${label}: the next run exited ${String(next.exitCode)}`);
      process.stderr.write(`--- ${label}\n${next.stdout}\n${next.stderr}\n`);
    }
    if (out.recordedTwice !== 0) problems.push(`${label}: "${event}" recorded ${count} times`);
    if (out.stalePercent)
      problems.push(`${label}: the next run published percent ${percent}, not ${expected}`);
    noteInvalidRequests(label, s, problems);
    return out;
  } finally {
    await s.close();
  }
}

export async function lagBench(delays: readonly number[] = LAG_DELAYS_MS): Promise<LagBench> {
  const problems: string[] = [];
  const runs: AfterTransition[] = [];
  for (const transition of ["advance", "rollback"] as const) {
    for (const delayMs of delays) runs.push(await afterTransition(transition, delayMs, problems));
  }
  return {
    lagMs: LAG_MS,
    delaysMs: [...delays],
    runs,
    recordedTwice: runs.reduce((n, r) => n + r.recordedTwice, 0),
    stalePercents: runs.filter((r) => r.stalePercent).length,
    decided: runs.filter((r) => r.percent !== "").length,
    decidedNothing: runs.filter((r) => r.percent === "" && !r.failed).length,
    nextRun: summarize(runs.map((r) => r.nextRunMs)),
    problems,
  };
}

export function printLagRace(bench: LagBench, heading = "5."): void {
  console.log(
    `${heading} Runs started 0–${Math.max(...bench.delaysMs) / 1000} s after a transition, with GitHub's lists trailing writes by ${bench.lagMs / 1000} s (a scheduled run after an advance, and after a rollback)`,
  );
  const rows = [
    ["after", ...bench.delaysMs.map((d) => `${d / 1000} s`)],
    ...(["advance", "rollback"] as const).map((t) => [
      t,
      ...bench.delaysMs.map((d) => {
        const r = bench.runs.find((x) => x.transition === t && x.delayMs === d);
        return r ? `${r.decision} ${r.percent === "" ? "–" : `${r.percent}%`}` : "";
      }),
    ]),
  ];
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  for (const row of rows) {
    console.log(
      `  ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("   ")}`,
    );
  }
  console.log(
    `  transitions recorded twice: ${bench.recordedTwice}; runs that published the percent from before the transition: ${bench.stalePercents}`,
  );
  console.log(
    `  next runs that published a percent: ${bench.decided} of ${bench.runs.length}; that decided nothing (–, no percent): ${bench.decidedNothing}; next run median ${ms(bench.nextRun.medianMs)}, max ${ms(bench.nextRun.maxMs)}\n`,
  );
}

if (import.meta.main) {
  const { bench } = await raceBench();
  printRace(bench, "");
  const lag = await lagBench();
  printLagRace(lag, "");
  const problems = [...bench.problems, ...lag.problems];
  if (problems.length > 0) {
    console.error(`${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    process.exitCode = 1;
  }
}
