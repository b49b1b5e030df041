// The Monte Carlo bench's own machinery on a small run: the fixed thresholds it compares the judge with are
// tuned to the judge's measured false-rollback rates, every scenario is there, and the comparison it exits on
// is computed from the table. `npm run bench` runs the full size; CI does not, so this keeps it from rotting.

import { describe, expect, it } from "vitest";
import { FIXED_METHODS, METHODS, ROWS, runRow } from "../../../bench/statistics.ts";

const ROLLOUTS = 400;
const MAX_CALIBRATION = 4000;

describe("bench/statistics.ts runRow", () => {
  // The main row at 10 req/s and a 1% error rate, which moves ×/÷ 2 between rollouts.
  const rowIndex = ROWS.findIndex((r) => r.name === "1-5-25-50-100, 10 req/s, 1% ×/÷ 2");
  const row = ROWS[rowIndex];
  if (!row) throw new Error("row not found");
  const result = runRow(row, rowIndex, ROLLOUTS, MAX_CALIBRATION);
  const alpha = 1 - row.confidence;

  it("reports every scenario for every method", () => {
    expect(Object.keys(result.scenarios)).toEqual(["healthy", "edge", "1.5x", "2x", "3x", "edgeHeld"]);
    for (const scenario of Object.values(result.scenarios)) {
      expect(Object.keys(scenario.methods).sort()).toEqual([...METHODS].sort());
    }
  });

  it("tunes the fixed thresholds to the judge's own rollback rates, on rollouts of their own", () => {
    const judgeRate = (label: string) =>
      Math.max(result.scenarios[label]!.methods.sequential.rolledBack, 1 / ROLLOUTS);
    expect(result.fixed.fixedHealthy.target).toBe(judgeRate("healthy"));
    expect(result.fixed.fixedHealthy.tunedAt).toBe(1);
    expect(result.fixed.fixedEdge.target).toBe(judgeRate("edge"));
    expect(result.fixed.fixedEdge.tunedAt).toBe(1 + row.maxIncrease);
    expect(result.fixed.fixedLenient.target).toBeCloseTo(alpha, 12);
    for (const m of FIXED_METHODS) {
      const f = result.fixed[m];
      expect(f.calibrationRollouts).toBeGreaterThanOrEqual(ROLLOUTS);
      expect(f.calibrationRollouts).toBeLessThanOrEqual(MAX_CALIBRATION);
      // The threshold is the (target·n + 1)-th largest calibration maximum: at most the target exceed it.
      expect(f.calibrationFalseRollbacks).toBeLessThanOrEqual(f.target);
      expect(f.threshold).toBeGreaterThan(0);
    }
  });

  it("keeps the judge within its bound and ahead of the matched fixed thresholds on 2× regressions", () => {
    for (const label of ["healthy", "edge", "edgeHeld"]) {
      expect(result.scenarios[label]!.methods.sequential.rolledBack).toBeLessThanOrEqual(alpha);
    }
    const s2 = result.scenarios["2x"]!.methods;
    expect(s2.sequential.rolledBack).toBe(1);
    const judge = s2.sequential.medianCanaryRequests;
    expect(judge).not.toBeNull();
    for (const m of ["fixedHealthy", "fixedEdge"] as const) {
      const fixed = s2[m].medianCanaryRequests;
      if (fixed !== null) expect(judge!).toBeLessThan(fixed);
    }
  });
});
