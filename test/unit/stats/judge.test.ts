// judge(): the decision record, its edge cases, that its verdict, interval and e-values agree, and the projection
// of an inconclusive verdict against the e-value of the projected counts computed here from the formula.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeProjection } from "../../../src/stats/words.ts";
import { formatRatio } from "../../../src/format.ts";
import { judge, type JudgeInput, sequentialVerdict, type StageCounts } from "../../../src/stats/judge.ts";
import { DEFAULT_MIXTURE, logEValue } from "../../../src/stats/sequential.ts";

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
      /^inconclusive: the canary's error rate is 0\.\d+× the baseline's \(95% confidence: 0× to \d+(\.\d+)?×\); too few errors yet to tell whether it exceeds the \+20% increase tolerated \(evidence [\d.]+ for and [\d.]+ against an increase, 20 needed\); if the rates seen so far hold, about 1,900 more canary requests would be enough to pass\.$/,
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
      "stage 1 baseline: 40.49 errors of 59,400.2 rounded to 40 of 59,400",
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

/**
 * The log e-value after `more` canary requests in the last stage at its split, both arms failing at their
 * rates pooled over all stages, errors divided by φ: straight from the formula of docs/statistics.md,
 * log Σ_j w_j·Π_windows e^{±x·θ_j} / (1 + p0·(e^{±θ_j} − 1))^k, with p0 = r0·n / (r0·n + m).
 */
function projectedLogE(input: JudgeInput, more: number, towards: "pass" | "fail"): number {
  const { stages, maxIncrease, dispersion = 1 } = input;
  const sum = (f: (s: StageCounts) => number) => stages.reduce((a, s) => a + f(s), 0);
  const c = sum((s) => s.canary.errors) / sum((s) => s.canary.total);
  const b = sum((s) => s.baseline.errors) / sum((s) => s.baseline.total);
  const last = stages.at(-1)!;
  const split = last.baseline.total / last.canary.total;
  const windows = [
    ...stages.slice(0, -1).map((s) => [s.canary.errors, s.canary.total, s.baseline.errors, s.baseline.total]),
    [
      last.canary.errors + more * c,
      last.canary.total + more,
      last.baseline.errors + more * split * b,
      last.baseline.total + more * split,
    ],
  ];
  const r0 = 1 + maxIncrease;
  const sign = towards === "fail" ? 1 : -1;
  const { theta, logWeight } = DEFAULT_MIXTURE;
  const terms = Array.from(theta, (t, j) => {
    let log = logWeight[j]!;
    for (const [x, n, y, m] of windows as [number, number, number, number][]) {
      if (n === 0 || m === 0 || x + y === 0) continue;
      const p0 = (r0 * n) / (r0 * n + m);
      log += (sign * x * t - (x + y) * Math.log(1 + p0 * Math.expm1(sign * t))) / dispersion;
    }
    return log;
  });
  const max = Math.max(...terms);
  return max + Math.log(terms.reduce((a, v) => a + Math.exp(v - max), 0));
}

describe("judge: the projection of an inconclusive verdict", () => {
  const logThreshold = Math.log(20);

  it("is the fewest more canary requests at which the projected counts reach the threshold", () => {
    const cases: [JudgeInput, "pass" | "fail"][] = [
      [{ stages: [stage(3, 600, 500, 59_400)], maxIncrease: 0.2 }, "pass"],
      [{ stages: [stage(50, 50_000, 49, 50_000)], maxIncrease: 0.2 }, "pass"],
      [{ stages: [stage(20, 10_000, 1000, 990_000), stage(3, 1000, 90, 99_000)], maxIncrease: 0.2 }, "fail"],
      [{ stages: [stage(13, 10_000, 10, 10_000)], maxIncrease: 0.2 }, "fail"],
      [{ stages: [stage(8, 4000, 150, 76_000)], maxIncrease: 1, confidence: 0.99 }, "pass"],
    ];
    for (const [input, towards] of cases) {
      const d = judge(input);
      expect(d.verdict).toBe("inconclusive");
      expect(d.projection).toMatchObject({ towards, hours: null });
      const more = d.projection!.canaryRequests;
      expect(Number.isInteger(more)).toBe(true);
      const threshold = -Math.log(1 - (input.confidence ?? 0.95));
      expect(projectedLogE(input, 0, towards)).toBeLessThan(threshold);
      expect(projectedLogE(input, more, towards)).toBeGreaterThanOrEqual(threshold);
      expect(projectedLogE(input, Math.min(more - 1, more * 0.99), towards)).toBeLessThan(threshold);
    }
  });

  it("says it in the explanation, with the time at the last stage's pace when its length is known", () => {
    const input = { stages: [stage(40, 100_000, 35, 100_000)], maxIncrease: 0.2 };
    const plain = judge(input);
    expect(plain.projection).toMatchObject({ towards: "pass", hours: null });
    const more = plain.projection!.canaryRequests;
    // 100,000 canary requests in 4 hours: 25,000 an hour.
    const timed = judge({ stages: [{ ...input.stages[0]!, hours: 4 }], maxIncrease: 0.2 });
    expect(timed.projection).toEqual({ towards: "pass", canaryRequests: more, hours: more / 25_000 });
    expect(timed.explanation).toMatch(
      /; if the rates seen so far hold, about [\d,]+ more canary requests \(about [\d.]+ (hours|days) at this stage's pace\) would be enough to pass\.$/,
    );
    // A window of no length has no pace.
    expect(judge({ stages: [{ ...input.stages[0]!, hours: 0 }], maxIncrease: 0.2 }).projection?.hours).toBe(
      null,
    );
    expect(() => judge({ stages: [{ ...input.stages[0]!, hours: -1 }], maxIncrease: 0.2 })).toThrow(
      /stage 1 hours must be a finite number ≥ 0, got -1/,
    );
  });

  it("heads for a rollback when the estimate is beyond the tolerated ratio", () => {
    const d = judge({ stages: [stage(13, 10_000, 10, 10_000)], maxIncrease: 0.2 });
    expect(d.ratio.estimate).toBeCloseTo(1.3, 9);
    expect(d.projection?.towards).toBe("fail");
    expect(d.explanation).toMatch(/would be enough to roll back\.$/);
  });

  it("no canary error yet heads for a pass; every error from the canary heads for a rollback", () => {
    const none = { stages: [stage(0, 600, 30, 59_400)], maxIncrease: 0.2 };
    const d = judge(none);
    expect(d.verdict).toBe("inconclusive");
    expect(d.ratio.estimate).toBe(0);
    expect(d.projection?.towards).toBe("pass");
    expect(projectedLogE(none, d.projection!.canaryRequests, "pass")).toBeGreaterThanOrEqual(logThreshold);

    const all = { stages: [stage(2, 600, 0, 59_400)], maxIncrease: 0.2 };
    const e = judge(all);
    expect(e.verdict).toBe("inconclusive");
    expect(e.ratio.estimate).toBeNull();
    expect(e.projection?.towards).toBe("fail");
    expect(projectedLogE(all, e.projection!.canaryRequests, "fail")).toBeGreaterThanOrEqual(logThreshold);
  });

  it("dispersion halves the evidence, so about twice the requests", () => {
    const stages = [stage(50, 50_000, 49, 50_000)];
    const plain = judge({ stages, maxIncrease: 0.2 }).projection!.canaryRequests;
    const tempered = judge({ stages, maxIncrease: 0.2, dispersion: 2 });
    expect(tempered.projection!.canaryRequests / plain).toBeGreaterThan(1.9);
    expect(tempered.projection!.canaryRequests / plain).toBeLessThan(2.2);
    const input = { stages, maxIncrease: 0.2, dispersion: 2 };
    const more = tempered.projection!.canaryRequests;
    expect(projectedLogE(input, more, "pass")).toBeGreaterThanOrEqual(logThreshold);
    expect(projectedLogE(input, more * 0.99, "pass")).toBeLessThan(logThreshold);
  });

  it("continues the last stage, at its split: the order of the stages matters for it alone", () => {
    const a = [stage(10, 10_000, 1000, 990_000), stage(10, 10_000, 10, 10_000)];
    const forward = judge({ stages: a, maxIncrease: 0.2 });
    const backward = judge({ stages: [a[1]!, a[0]!], maxIncrease: 0.2 });
    expect(backward.verdict).toBe(forward.verdict);
    expect(forward.projection?.towards).toBe("pass");
    expect(backward.projection?.towards).toBe("pass");
    // Per canary request the 1% stage gathers more evidence than the 50% one: each comes with 99 baseline
    // requests instead of 1 (the table in docs/statistics.md).
    expect(backward.projection!.canaryRequests).toBeLessThan(forward.projection!.canaryRequests / 1.5);
  });

  it("is null for pass and fail, without errors side by side, and without traffic side by side now", () => {
    expect(judge({ stages: [stage(2000, 200_000, 2000, 200_000)], maxIncrease: 0.2 }).projection).toBeNull();
    expect(judge({ stages: [stage(16, 1000, 0, 1000)], maxIncrease: 0.2 }).projection).toBeNull();
    expect(judge({ stages: [stage(0, 5000, 0, 500_000)], maxIncrease: 0.2 }).projection).toBeNull();
    expect(judge({ stages: [], maxIncrease: 0.2 }).projection).toBeNull();
    // The 100% stage: waiting there adds no evidence, so no earlier stage is projected in its place.
    const earlier = stage(10, 3000, 100, 57_000);
    expect(judge({ stages: [earlier], maxIncrease: 0.2 }).projection).not.toBeNull();
    const full = judge({ stages: [earlier, stage(5, 1000, 0, 0)], maxIncrease: 0.2 });
    expect(full.verdict).toBe("inconclusive");
    expect(full.projection).toBeNull();
    expect(full.explanation).toMatch(/20 needed\)\.$/);
    // A stage that has just begun, with no canary request yet.
    expect(judge({ stages: [earlier, stage(0, 0, 2, 1000)], maxIncrease: 0.2 }).projection).toBeNull();
    // The caller says the current stage could not be counted.
    expect(judge({ stages: [earlier], maxIncrease: 0.2, lastIsCurrent: false }).projection).toBeNull();
  });

  it("is null at the tolerated ratio and out of reach just beside it", () => {
    // 2% against 1% with max-increase 1: exactly at the tolerated ratio 2.
    const at = judge({ stages: [stage(20, 1000, 10, 1000)], maxIncrease: 1 });
    expect(at.verdict).toBe("inconclusive");
    expect(at.projection).toBeNull();
    // 1.001× the tolerated ratio: ever more of the same only settles it beyond 10,000 times the requests so far.
    const beside = { stages: [stage(2002, 100_000, 1000, 100_000)], maxIncrease: 1 };
    const d = judge(beside);
    expect(d.verdict).toBe("inconclusive");
    expect(d.projection).toBeNull();
    expect(projectedLogE(beside, 1e9, "fail")).toBeLessThan(logThreshold);
  });

  it("is null when the pooled rates and the estimate are on different sides of the tolerated ratio", () => {
    // Per stage the canary fails 1.5× as often as the baseline, but it served mostly the quiet stage, so its
    // pooled rate is lower than the baseline's: more of the same cannot settle the question either way soon.
    const stages = [stage(15, 100_000, 10, 100_000), stage(150, 10_000, 1000, 100_000)];
    const d = judge({ stages, maxIncrease: 0.2 });
    expect(d.ratio.estimate!).toBeGreaterThan(1.2);
    expect(d.canary.rate!).toBeLessThan(1.2 * d.baseline.rate!);
    if (d.verdict === "inconclusive") expect(d.projection).toBeNull();
  });

  it("the requests that settle it form a ray, which the search finds (convexity, checked numerically)", () => {
    // Rates common to the stages up to a jitter, as "the rates seen so far hold" supposes.
    const arbInput = fc
      .record({
        rate: fc.double({ min: 0.0005, max: 0.05, noNaN: true }),
        ratio: fc.double({ min: 0, max: 3, noNaN: true }),
        stages: fc.array(
          fc.record({
            n: fc.integer({ min: 1, max: 20_000 }),
            m: fc.integer({ min: 1, max: 200_000 }),
            jitter: fc.double({ min: 0.7, max: 1.4, noNaN: true }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        maxIncrease: fc.constantFrom(0.1, 0.2, 0.5, 1),
        confidence: fc.constantFrom(0.8, 0.95, 0.99),
        dispersion: fc.constantFrom(1, 1, 2, 3),
      })
      .map(({ rate, ratio, stages, ...rest }) => ({
        ...rest,
        stages: stages.map(({ n, m, jitter }) =>
          stage(Math.round(n * rate * ratio * jitter), n, Math.round(m * rate), m),
        ),
      }));
    let projected = 0;
    fc.assert(
      fc.property(arbInput, (input) => {
        const d = judge(input);
        if (d.verdict !== "inconclusive" || d.projection === null) return;
        projected++;
        const { towards, canaryRequests: more } = d.projection;
        const threshold = -Math.log(1 - input.confidence);
        const side = d.ratio.estimate === null || d.ratio.estimate > 1 + input.maxIncrease ? "fail" : "pass";
        expect(towards).toBe(side);
        // Below the threshold up to the answer, at or above it from there on, on a grid four times as wide.
        const reached = Array.from({ length: 41 }, (_, i) => {
          const at = (i / 10) * more;
          return projectedLogE(input, at, towards) >= threshold * (1 + Math.sign(at - more) * 1e-9);
        });
        expect(reached).toEqual(Array.from({ length: 41 }, (_, i) => i >= 10));
        expect(projectedLogE(input, Math.min(more - 1, more * 0.99), towards)).toBeLessThan(threshold);
      }),
      { numRuns: 200 },
    );
    expect(projected).toBeGreaterThan(20);
  });

  it("says numbers as people do: two significant digits, rounded up; minutes, hours or days", () => {
    const say = (canaryRequests: number, hours: number | null = null, towards: "pass" | "fail" = "pass") =>
      describeProjection({ towards, canaryRequests, hours });
    expect(say(51_234)).toBe("about 52,000 more canary requests would be enough to pass");
    expect(say(52_000)).toBe("about 52,000 more canary requests would be enough to pass");
    expect(say(85)).toBe("about 85 more canary requests would be enough to pass");
    expect(say(1)).toBe("about 1 more canary request would be enough to pass");
    expect(say(1_234_567, null, "fail")).toBe(
      "about 1,300,000 more canary requests would be enough to roll back",
    );
    expect(say(999_999)).toBe("about 1,000,000 more canary requests would be enough to pass");
    const time = (hours: number) => /\((.*) at this stage's pace\)/.exec(say(1000, hours))?.[1];
    expect(time(0.001)).toBe("about 1 minute");
    expect(time(0.2)).toBe("about 12 minutes");
    expect(time(0.75)).toBe("about 45 minutes");
    expect(time(1)).toBe("about 1 hour");
    expect(time(13.2)).toBe("about 14 hours");
    expect(time(2.5)).toBe("about 2.5 hours");
    expect(time(100)).toBe("about 4.2 days");
    expect(time(24 * 1234)).toBe("about 1,300 days");
  });
});
