// judge(): the decision record, its edge cases, and that its verdict, interval and e-values agree.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatRatio,
  judge,
  type JudgeInput,
  sequentialVerdict,
  type StageCounts,
} from "../../../src/stats/judge.ts";
import { logEValue } from "../../../src/stats/sequential.ts";

function stage(
  canaryErrors: number,
  canaryTotal: number,
  baselineErrors: number,
  baselineTotal: number,
): StageCounts {
  return {
    canary: { errors: canaryErrors, total: canaryTotal },
    baseline: { errors: baselineErrors, total: baselineTotal },
  };
}

describe("judge: verdicts", () => {
  it("fails a clear regression, with a record a reviewer can check", () => {
    // 1% then 5% of traffic; the canary fails about 3% of requests, the baseline 1%.
    const d = judge({
      stages: [stage(20, 600, 590, 59_400), { ...stage(95, 3000, 570, 57_000), label: "stage 2 (5%)" }],
      maxIncrease: 0.2,
    });
    expect(d.verdict).toBe("fail");
    expect(d.confidence).toBe(0.95);
    expect(d.tolerableRatio).toBe(1.2);
    expect(d.canary).toEqual({ errors: 115, total: 3600, rate: 115 / 3600 });
    expect(d.baseline).toEqual({ errors: 1160, total: 116_400, rate: 1160 / 116_400 });
    expect(d.stages.map((s) => s.label)).toEqual(["stage 1", "stage 2 (5%)"]);
    expect(d.stages[0]!.canaryShare).toBeCloseTo(0.01, 12);
    expect(d.stages[1]!.canaryShare).toBeCloseTo(0.05, 12);
    expect(d.evidence.threshold).toBeCloseTo(20, 12);
    expect(d.evidence.increase.eValue).toBeGreaterThanOrEqual(20);
    expect(d.evidence.increase.logEValue).toBeCloseTo(Math.log(d.evidence.increase.eValue), 10);
    expect(d.ratio.estimate!).toBeGreaterThan(2.5);
    expect(d.ratio.estimate!).toBeLessThan(4);
    expect(d.ratio.lower).toBeGreaterThan(1.2);
    expect(d.ratio.lower).toBeLessThan(d.ratio.estimate!);
    expect(d.ratio.upper!).toBeGreaterThan(d.ratio.estimate!);
    expect(d.notes).toEqual([]);
    expect(d.explanation).toMatch(
      /^fail: the canary's error rate is 3\.\d+× the baseline's, at least 2\.\d+× with 95% confidence, beyond the \+20% increase tolerated \(evidence of an increase [\d,.e]+ reached the rollback threshold 20\)\.$/,
    );
  });

  it("passes when the upper bound is below the tolerated ratio", () => {
    const d = judge({ stages: [stage(2000, 200_000, 2000, 200_000)], maxIncrease: 0.2 });
    expect(d.verdict).toBe("pass");
    expect(d.ratio.estimate).toBeCloseTo(1, 12);
    expect(d.ratio.upper!).toBeLessThan(1.2);
    expect(d.evidence.noIncrease.eValue).toBeGreaterThanOrEqual(20);
    expect(d.explanation).toMatch(
      /^pass: the canary's error rate is 1× the baseline's, at most 1\.1\d*× with 95% confidence, within the \+20% increase tolerated/,
    );
  });

  it("is inconclusive while the interval straddles the tolerated ratio", () => {
    const d = judge({ stages: [stage(3, 600, 500, 59_400)], maxIncrease: 0.2 });
    expect(d.verdict).toBe("inconclusive");
    expect(d.ratio.lower).toBeLessThan(1.2);
    expect(d.ratio.upper!).toBeGreaterThan(1.2);
    // Three canary errors bound the ratio from above, not from below.
    expect(d.ratio.lower).toBe(0);
    expect(d.explanation).toMatch(
      /^inconclusive: the canary's error rate is 0\.\d+× the baseline's \(95% confidence: 0× to \d+(\.\d+)?×\); too few errors yet to tell whether it exceeds the \+20% increase tolerated \(evidence [\d.]+ for and [\d.]+ against an increase, 20 needed\)\.$/,
    );
  });

  it("honours confidence and max-increase", () => {
    const stages = [stage(90, 3000, 1900, 99_000)];
    // Ratio ≈ 1.56: beyond +20% at 80% confidence but not yet at 95%; within +100% at 80%.
    expect(judge({ stages, maxIncrease: 0.2, confidence: 0.8 }).verdict).toBe("fail");
    expect(judge({ stages, maxIncrease: 0.2, confidence: 0.95 }).verdict).toBe("inconclusive");
    expect(judge({ stages, maxIncrease: 1, confidence: 0.95 }).verdict).toBe("inconclusive");
    expect(judge({ stages, maxIncrease: 1, confidence: 0.8 }).verdict).toBe("pass");
    expect(judge({ stages, maxIncrease: 0.2, confidence: 0.8 }).evidence.threshold).toBeCloseTo(5, 12);
  });

  it("dispersion tempers the evidence and widens the interval", () => {
    const stages = [stage(90, 3000, 1900, 99_000)];
    const plain = judge({ stages, maxIncrease: 0.2, confidence: 0.8 });
    const tempered = judge({ stages, maxIncrease: 0.2, confidence: 0.8, dispersion: 2 });
    expect(plain.dispersion).toBe(1);
    expect(tempered.dispersion).toBe(2);
    expect(plain.verdict).toBe("fail");
    expect(tempered.verdict).toBe("inconclusive");
    expect(tempered.ratio.estimate).toBeCloseTo(plain.ratio.estimate!, 9);
    expect(tempered.ratio.lower).toBeLessThan(plain.ratio.lower);
    expect(tempered.ratio.upper!).toBeGreaterThan(plain.ratio.upper!);
    // Exactly the e-value of the counts divided by φ.
    const halved = judge({ stages: [stage(45, 3000, 950, 99_000)], maxIncrease: 0.2, confidence: 0.8 });
    expect(tempered.evidence.increase.logEValue).toBeCloseTo(halved.evidence.increase.logEValue, 12);
    // The record keeps the counts as observed.
    expect(tempered.canary.errors).toBe(90);
  });

  it("does not depend on the order of the stages", () => {
    const a = [stage(3, 600, 40, 59_400), stage(20, 3000, 200, 57_000), stage(90, 15_000, 500, 45_000)];
    const b = [a[2]!, a[0]!, a[1]!];
    const da = judge({ stages: a, maxIncrease: 0.2 });
    const db = judge({ stages: b, maxIncrease: 0.2 });
    expect(db.verdict).toBe(da.verdict);
    expect(db.evidence.increase.logEValue).toBeCloseTo(da.evidence.increase.logEValue, 10);
    expect(db.ratio.lower).toBeCloseTo(da.ratio.lower, 8);
  });
});

describe("judge: edge cases", () => {
  it("zero errors anywhere: no evidence either way", () => {
    const d = judge({ stages: [stage(0, 5000, 0, 500_000)], maxIncrease: 0.2 });
    expect(d.verdict).toBe("inconclusive");
    expect(d.evidence.increase).toEqual({ eValue: 1, logEValue: 0 });
    expect(d.evidence.noIncrease).toEqual({ eValue: 1, logEValue: 0 });
    expect(d.ratio).toEqual({ estimate: null, lower: 0, upper: null });
    expect(d.explanation).toBe(
      "inconclusive: neither version has failed a request yet (5,000 canary and 500,000 baseline requests side by side), so there is no evidence either way.",
    );
  });

  it("no canary traffic, or no stages at all", () => {
    for (const stages of [[stage(0, 0, 10, 1000)], []]) {
      const d = judge({ stages, maxIncrease: 0.2 });
      expect(d.verdict).toBe("inconclusive");
      expect(d.explanation).toBe(
        "inconclusive: the canary has served no requests yet, so there is nothing to judge.",
      );
    }
  });

  it("no baseline traffic (the 100% stage): that window carries no evidence", () => {
    const d = judge({ stages: [stage(50, 1000, 0, 0)], maxIncrease: 0.2 });
    expect(d.verdict).toBe("inconclusive");
    expect(d.stages[0]!.informative).toBe(false);
    expect(d.stages[0]!.canaryShare).toBe(1);
    expect(d.baseline.rate).toBeNull();
    expect(d.explanation).toBe(
      "inconclusive: the baseline served no requests while the canary did, so there is nothing to compare against.",
    );
    // Alongside informative stages it changes nothing.
    const earlier = stage(10, 3000, 100, 57_000);
    const alone = judge({ stages: [earlier], maxIncrease: 0.2 });
    const withFull = judge({ stages: [earlier, stage(50, 1000, 0, 0)], maxIncrease: 0.2 });
    expect(withFull.evidence).toEqual(alone.evidence);
    expect(withFull.ratio).toEqual(alone.ratio);
  });

  it("every error from the canary: the estimate is unbounded, the lower bound is not", () => {
    const d = judge({ stages: [stage(16, 1000, 0, 1000)], maxIncrease: 0.2 });
    expect(d.verdict).toBe("fail");
    expect(d.ratio.estimate).toBeNull();
    expect(d.ratio.upper).toBeNull();
    expect(d.ratio.lower).toBeGreaterThan(1.2);
    expect(d.explanation).toMatch(
      /^fail: every error seen side by side came from the canary, at least \d+(\.\d+)?× with 95% confidence/,
    );
  });

  it("no error from the canary: estimate 0 is reported as 0× with a finite upper bound", () => {
    const d = judge({ stages: [stage(0, 10_000, 100, 10_000)], maxIncrease: 0.2 });
    expect(d.verdict).toBe("pass");
    expect(d.ratio.estimate).toBe(0);
    expect(d.ratio.lower).toBe(0);
    expect(d.explanation).toMatch(
      /^pass: no error seen side by side came from the canary, at most 0\.\d+× with 95% confidence/,
    );
  });

  it("a canary share near 0 or near 1", () => {
    const small = judge({ stages: [stage(1, 1, 1000, 1e12)], maxIncrease: 0.2 });
    expect(small.verdict).toBe("inconclusive");
    expect(small.stages[0]!.canaryShare).toBeCloseTo(1e-12, 20);
    const large = judge({ stages: [stage(1e6, 1e12, 0, 1)], maxIncrease: 0.2 });
    expect(large.verdict).toBe("inconclusive");
    expect(Number.isFinite(large.evidence.increase.logEValue)).toBe(true);
  });

  it("huge counts: log-space throughout, the record stays JSON-safe", () => {
    const d = judge({ stages: [stage(3e12, 1e15, 1e12, 1e15)], maxIncrease: 0.2 });
    expect(d.verdict).toBe("fail");
    expect(d.evidence.increase.eValue).toBe(Number.MAX_VALUE);
    expect(d.evidence.increase.logEValue).toBeGreaterThan(1e9);
    expect(d.ratio.estimate).toBeCloseTo(3, 9);
    const json = JSON.stringify(d);
    expect(json).not.toMatch(/Infinity|NaN/);
    expect(JSON.parse(json)).toEqual(d);
    // The e-value (about 10^(4.7e11)) is written from its log.
    expect(d.explanation).toMatch(
      /evidence of an increase \d\.\de\d{12} reached the rollback threshold 20\)\.$/,
    );
  });

  it("rounds non-integer counts (increase() extrapolates) and caps errors at the total", () => {
    const d = judge({
      stages: [
        { canary: { errors: 2.5, total: 599.6 }, baseline: { errors: 40.49, total: 59_400.2 } },
        { canary: { errors: 10.2, total: 9.7 }, baseline: { errors: 3, total: 300 } },
      ],
      maxIncrease: 0.2,
    });
    expect(d.stages[0]!.canary).toEqual({ errors: 3, total: 600, rate: 3 / 600 });
    expect(d.stages[0]!.baseline).toEqual({ errors: 40, total: 59_400, rate: 40 / 59_400 });
    expect(d.stages[1]!.canary).toEqual({ errors: 10, total: 10, rate: 1 });
    expect(d.notes).toEqual([
      "stage 1 canary: 2.5 errors of 599.6 rounded to 3 of 600",
      "stage 1 baseline: 40.49 errors of 59400.2 rounded to 40 of 59400",
      "stage 2 canary: 10.2 errors of 9.7 rounded to 10 of 10",
    ]);
    const capped = judge({ stages: [stage(12, 10, 3, 300)], maxIncrease: 0.2 });
    expect(capped.stages[0]!.canary.errors).toBe(10);
    expect(capped.notes).toEqual(["stage 1 canary: 12 errors capped at the total 10"]);
  });

  it("rejects unusable input", () => {
    const ok: JudgeInput = { stages: [stage(1, 10, 1, 10)], maxIncrease: 0.2 };
    expect(() => judge({ ...ok, stages: [stage(-1, 10, 1, 10)] })).toThrow(
      /stage 1 canary errors must be a finite number ≥ 0, got -1/,
    );
    expect(() => judge({ ...ok, stages: [stage(1, 10, 1, Number.NaN)] })).toThrow(
      /stage 1 baseline total .* got NaN/,
    );
    expect(() => judge({ ...ok, stages: [stage(1, Infinity, 1, 10)] })).toThrow(RangeError);
    expect(() => judge({ ...ok, maxIncrease: -0.1 })).toThrow(/maxIncrease/);
    expect(() => judge({ ...ok, maxIncrease: Number.NaN })).toThrow(/maxIncrease/);
    expect(() => judge({ ...ok, confidence: 1 })).toThrow(/confidence/);
    expect(() => judge({ ...ok, confidence: 0 })).toThrow(/confidence/);
    expect(() => judge({ ...ok, dispersion: 0.5 })).toThrow(
      /dispersion must be a finite number ≥ 1, got 0.5/,
    );
  });

  it("formats ratios for sentences", () => {
    expect(formatRatio(1.23456)).toBe("1.23×");
    expect(formatRatio(0.5)).toBe("0.5×");
    expect(formatRatio(1234.5)).toBe("1,235×");
    expect(formatRatio(Infinity)).toBe("∞×");
  });
});

describe("judge: properties", () => {
  const arbStage = fc
    .record({
      n: fc.integer({ min: 0, max: 200_000 }),
      m: fc.integer({ min: 0, max: 2_000_000 }),
      rc: fc.double({ min: 0, max: 0.1, noNaN: true }),
      rb: fc.double({ min: 0, max: 0.1, noNaN: true }),
    })
    .map(({ n, m, rc, rb }) => stage(Math.round(n * rc), n, Math.round(m * rb), m));
  const arbInput = fc.record({
    stages: fc.array(arbStage, { minLength: 1, maxLength: 5 }),
    maxIncrease: fc.constantFrom(0, 0.1, 0.2, 0.5, 1),
    confidence: fc.constantFrom(0.8, 0.9, 0.95, 0.99),
  });

  it("the verdict is the interval against 1 + max-increase: fail ⇔ lower above, pass ⇔ upper below", () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const d = judge(input);
        const r0 = 1 + input.maxIncrease;
        const slack = 1e-6;
        if (d.verdict === "fail") expect(d.ratio.lower).toBeGreaterThan(r0 * (1 - slack));
        else expect(d.ratio.lower).toBeLessThanOrEqual(r0 * (1 + slack));
        if (d.verdict === "pass") expect(d.ratio.upper!).toBeLessThan(r0 * (1 + slack));
        else if (d.ratio.upper !== null) expect(d.ratio.upper).toBeGreaterThanOrEqual(r0 * (1 - slack));
        // The estimate lies in the interval.
        if (d.ratio.estimate !== null) {
          expect(d.ratio.estimate).toBeGreaterThanOrEqual(d.ratio.lower * (1 - slack));
          if (d.ratio.upper !== null)
            expect(d.ratio.estimate).toBeLessThanOrEqual(d.ratio.upper * (1 + slack));
        }
      }),
      { numRuns: 150 },
    );
  });

  it("sequentialVerdict decides exactly as judge() does", () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const d = judge(input);
        const windows = d.stages.map((s) => ({
          canaryErrors: s.canary.errors,
          canaryTotal: s.canary.total,
          baselineErrors: s.baseline.errors,
          baselineTotal: s.baseline.total,
        }));
        const v = sequentialVerdict(windows, input);
        expect(v.verdict).toBe(d.verdict);
        expect(v.logIncrease).toBe(d.evidence.increase.logEValue);
        expect(v.logIncrease).toBe(logEValue(windows, Math.log1p(input.maxIncrease), "above"));
      }),
      { numRuns: 100 },
    );
  });

  it("more canary errors never make the verdict kinder; a larger tolerance never makes it harsher", () => {
    const rank = { pass: 0, inconclusive: 1, fail: 2 } as const;
    fc.assert(
      fc.property(
        arbInput,
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 50 }),
        (input, i, extra) => {
          const index = i % input.stages.length;
          const s = input.stages[index]!;
          const worse = input.stages.map((x, j) =>
            j === index
              ? stage(
                  Math.min(s.canary.total, s.canary.errors + extra),
                  s.canary.total,
                  s.baseline.errors,
                  s.baseline.total,
                )
              : x,
          );
          expect(rank[judge({ ...input, stages: worse }).verdict]).toBeGreaterThanOrEqual(
            rank[judge(input).verdict],
          );
          const tolerant = judge({ ...input, maxIncrease: input.maxIncrease + 0.3 });
          const harsh = judge(input);
          expect(rank[tolerant.verdict]).toBeLessThanOrEqual(rank[harsh.verdict]);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("the explanation is one sentence that starts with the verdict", () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const d = judge(input);
        expect(d.explanation.startsWith(`${d.verdict}: `)).toBe(true);
        expect(d.explanation.endsWith(".")).toBe(true);
        expect(d.explanation.slice(0, -1)).not.toMatch(/\.\s/);
      }),
      { numRuns: 100 },
    );
  });
});
