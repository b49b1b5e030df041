// A baseline gate's traffic-split check folded into its verdict: what a mismatch does under each policy, in the
// current stage and in a stage that is over.

import { describe, expect, it } from "vitest";
import type { SplitSettings } from "../../../src/gates/config.ts";
import { withSplit } from "../../../src/gates/split.ts";
import type { SplitWindow } from "../../../src/stats/split.ts";

const PLAN = [1, 5, 25, 50, 100];
const gate = { name: "cmp", shadow: false };
const cmp = (split: Partial<SplitSettings> = {}) => ({
  confidence: 0.95,
  split: { onMismatch: "hold" as const, ...split },
});

// An hour each at 1,000,000 requests: the default dispersion (100) leaves 10,000 requests of evidence.
const stage1: SplitWindow = { stage: 1, canary: 10_000, baseline: 990_000, seconds: 3600, previous: 0 };
const stage2: SplitWindow = { stage: 2, canary: 50_000, baseline: 950_000, seconds: 3600, previous: 0.01 };
/** The apply step failed at the second transition: stage 2 still at stage 1's 1%. */
const stuck2: SplitWindow = { ...stage2, canary: 10_000, baseline: 990_000 };
/** Stage 1 applied at 5 times the plan. */
const wrong1: SplitWindow = { ...stage1, canary: 50_000, baseline: 950_000 };

const passing = { verdict: "pass" as const, message: "pass: the canary's error rate is 1× the baseline's." };

describe("withSplit", () => {
  it("leaves the gate alone when the split is as planned, and records it", () => {
    const r = withSplit(gate, cmp(), PLAN, [stage1, stage2], 1, passing);
    expect(r).toMatchObject({ verdict: "pass", message: passing.message, warnings: [] });
    expect(r.record).toMatchObject({ verdict: "ok", effect: "none", onMismatch: "hold", tolerance: 0.5 });
    // 100 effective canary requests cannot place 1% within 0.5–1.5%; the check's verdict is the current stage's.
    expect(r.record.windows.map((w) => w.verdict)).toEqual(["inconclusive", "ok"]);
  });

  it("holds on a mismatch in the current stage, leading with the share seen, and warns", () => {
    const r = withSplit(gate, cmp(), PLAN, [stage1, stuck2], 1, passing);
    expect(r.verdict).toBe("inconclusive");
    expect(r.record).toMatchObject({ verdict: "mismatch", side: "below", effect: "hold" });
    expect(r.message).toMatch(
      /^traffic split \(on-split-mismatch: hold\): the canary served 1% of requests in stage 2 \(5%\), at most 1\.\d+% with 95% confidence, below the 2\.5–7\.5% the plan allows \(split-tolerance 0\.5\)/,
    );
    expect(r.message.endsWith(passing.message)).toBe(true);
    expect(r.warnings).toEqual([
      expect.stringMatching(
        /^Gate "cmp": the traffic is not split as planned, so the rollout holds \(on-split-mismatch: hold\): the canary served 1% /,
      ),
    ]);
  });

  it("fails with on-split-mismatch: fail, and only warns with warn", () => {
    const failed = withSplit(gate, cmp({ onMismatch: "fail" }), PLAN, [stage1, stuck2], 1, passing);
    expect(failed).toMatchObject({ verdict: "fail", record: { effect: "fail" } });
    expect(failed.warnings[0]).toContain("so the gate fails (on-split-mismatch: fail)");
    const warned = withSplit(gate, cmp({ onMismatch: "warn" }), PLAN, [stage1, stuck2], 1, passing);
    expect(warned).toMatchObject({ verdict: "pass", record: { effect: "warn" } });
    expect(warned.message).toMatch(/^pass: .* Traffic split: the canary served 1% /);
    expect(warned.warnings[0]).toContain("(on-split-mismatch: warn, so this only warns)");
  });

  it("only warns about a stage that is over, whatever the policy: holding cannot fix it", () => {
    const r = withSplit(gate, cmp({ onMismatch: "fail" }), PLAN, [wrong1, stage2], 1, passing);
    expect(r).toMatchObject({
      verdict: "pass",
      record: { verdict: "mismatch", side: "above", effect: "warn", window: 0 },
    });
    expect(r.warnings[0]).toMatch(
      /^Gate "cmp": the traffic was not split as planned in a stage that is over, which holding cannot fix, so this only warns: the canary served 5% of requests in stage 1 \(1%\)/,
    );
    // The current stage's counts were left out (a NaN): its mismatch cannot be told from an earlier one's.
    const leftOut = withSplit(gate, cmp(), PLAN, [stuck2], null, passing);
    expect(leftOut).toMatchObject({ verdict: "pass", record: { effect: "warn" } });
  });

  it("a failing judge outranks a hold: the gate still fails, and says the split too", () => {
    const failing = {
      verdict: "fail" as const,
      message: "fail: the canary's error rate is 3× the baseline's.",
    };
    const r = withSplit(gate, cmp(), PLAN, [stage1, stuck2], 1, failing);
    expect(r.verdict).toBe("fail");
    expect(r.message).toMatch(
      /^fail: .* Also traffic split \(on-split-mismatch: hold\): the canary served 1%/,
    );
    expect(r.warnings[0]).toContain("which would hold the rollout, but the gate fails on its own evidence");
  });

  it("takes the gate's tolerance, dispersion and settling time, and names a shadow gate as such", () => {
    // At tolerance 4, 1% is inside stage 2's 0–25% band.
    const wide = withSplit(gate, cmp({ tolerance: 4 }), PLAN, [stage1, stuck2], 1, passing);
    expect(wide.record).toMatchObject({ tolerance: 4, effect: "none" });
    expect(wide.record.verdict).not.toBe("mismatch");
    // With a dispersion of 100,000 ten requests' worth of evidence cannot tell 1% from 2.5%.
    const lumpy = withSplit(gate, cmp({ dispersion: 100_000 }), PLAN, [stage1, stuck2], 1, passing);
    expect(lumpy.record).toMatchObject({ dispersion: 100_000, verdict: "inconclusive" });
    // A window all settling (younger than split-settle) counts only a share below the previous one as too little.
    const young = withSplit(gate, cmp({ settleSeconds: 7200 }), PLAN, [stage1, stuck2], 1, passing);
    expect(young.record).toMatchObject({ settleSeconds: 7200 });
    expect(young.record.windows[1]?.verdict).not.toBe("mismatch");
    const shadow = withSplit({ name: "cmp", shadow: true }, cmp(), PLAN, [stage1, stuck2], 1, passing);
    expect(shadow.warnings[0]).toMatch(/^Shadow gate "cmp": /);
  });
});
