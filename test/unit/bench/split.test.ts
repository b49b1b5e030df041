// The traffic-split bench's own machinery on a small run: its populations have the dispersion the docs define,
// every scenario and statistic is there, the check as configured stays within its bound while the naive
// variants do not, mis-applications are counted from when they begin, checkSplit() agrees with the bench's sums
// (runRow throws otherwise), and the exit condition and the docs' tables come from the results. `npm run bench`
// runs the full size; CI does not, so this keeps it from rotting.

import { describe, expect, it } from "vitest";
import {
  LOOKS_PER_STAGE,
  markdownSplitBench,
  MISAPPLICATIONS,
  population,
  problemsOf,
  ROWS,
  runRow,
  type RowResult,
  type SplitBench,
} from "../../../bench/split.ts";

const ROLLOUTS = 300;
const ALPHA = 0.05;

function rowNamed(name: string): [RowResult, number] {
  const index = ROWS.findIndex((r) => r.name === name);
  const row = ROWS[index];
  if (!row) throw new Error(`row ${name} not found`);
  return [runRow(row, index, ROLLOUTS, 2), index];
}

describe("bench/split.ts populations", () => {
  it("equal users: φ = 1 + requests per user per hour, exactly", () => {
    const p = population("equal", 10);
    expect(p.users).toBe(1800);
    expect(p.dispersion).toBeCloseTo(21, 9);
    expect(p.total * 3600).toBeCloseTo(36_000, 6);
    expect(p.rates.length).toBe(1);
  });

  it("skewed and heavy-tailed users: the same traffic, far larger φ, a busiest user carrying more", () => {
    const equal = population("equal", 200);
    const lognormal = population("lognormal", 200);
    const pareto = population("pareto", 200);
    for (const p of [lognormal, pareto]) {
      expect(p.total).toBeCloseTo(200, 6);
      expect(p.counts.reduce((a, b) => a + b, 0)).toBe(36_000);
    }
    expect(lognormal.dispersion).toBeGreaterThan(5 * equal.dispersion);
    expect(pareto.dispersion).toBeGreaterThan(5 * lognormal.dispersion);
    expect(pareto.topUserShare).toBeGreaterThan(lognormal.topUserShare);
  });
});

describe("bench/split.ts runRow", () => {
  const [busy] = rowNamed("1-5-25-50-100, 200 req/s, equal users");
  const [skewed] = rowNamed("1-5-25-50-100, 10 req/s, lognormal users");

  it("reports every statistic and every mis-application", () => {
    expect(Object.keys(busy.falseAlarms).sort()).toEqual(
      ["configured", "defaultDispersion", "held", "independent", "noSettling"].sort(),
    );
    expect(Object.keys(busy.misapplied)).toEqual([...MISAPPLICATIONS]);
  });

  it("the check as configured stays within its bound, held stages included", () => {
    for (const r of [busy, skewed]) {
      expect(r.falseAlarms.configured).toBeLessThanOrEqual(ALPHA);
      expect(r.falseAlarms.held).toBeLessThanOrEqual(ALPHA);
    }
  });

  it("without the settling allowance a busy service alarms on the transient; treating requests as independent, skewed users alarm", () => {
    expect(busy.falseAlarms.noSettling).toBeGreaterThan(4 * ALPHA);
    expect(skewed.falseAlarms.independent).toBeGreaterThan(2 * ALPHA);
  });

  it("a canary at 0 is caught in every rollout, no sooner than the settling allowance lets it", () => {
    expect(busy.misapplied.zero.caught).toBe(1);
    // Looks 1 and 2 (5 and 10 minutes) lie inside the 10-minute settling period, whose previous share is 0.
    expect(busy.misapplied.zero.medianLooks).toBeGreaterThanOrEqual(3);
    expect(busy.misapplied.double.caught).toBe(1);
  });

  it("an apply step failing at the last transition leaves the canary at the 100% stage's lower edge: not caught", () => {
    // A quarter of the rollouts fail at each of stages 2–5; at stage 5 the canary stays at 50%, which is
    // exactly 100% · (1 − 0.5). The rest are caught, counted from the stage that failed.
    expect(busy.misapplied.stuck.caught).toBeCloseTo(0.75, 2);
    expect(busy.misapplied.stuck.medianLooks).toBeLessThanOrEqual(LOOKS_PER_STAGE);
  });
});

describe("bench/split.ts exit condition and tables", () => {
  it("a row above 1 − confidence is a problem; the markdown has a line per row in each table", () => {
    const [r] = rowNamed("2-10-100, 10 req/s, equal users");
    expect(problemsOf([r])).toEqual([]);
    const bad = { ...r, falseAlarms: { ...r.falseAlarms, held: 0.06 } };
    expect(problemsOf([bad])).toEqual([`${r.row.name}: held false alarms 6.00% (> 5.00%)`]);
    const md = markdownSplitBench({ rows: [r, r] } as SplitBench);
    expect(md.split("\n").filter((l) => l.startsWith(`| ${r.row.name}`))).toHaveLength(4);
  });
});
