import { describe, expect, it } from "vitest";
import { evidenceBar } from "../../../src/report/evidence.ts";

describe("evidenceBar: the evidence against its threshold, on a log scale", () => {
  it.each<[number, number, string]>([
    [1, 20, "`░░░░░░░░░░░░░░░░░░░░` 1 of 20"],
    [0.3, 20, "`░░░░░░░░░░░░░░░░░░░░` 0.3 of 20"],
    [Math.sqrt(20), 20, "`██████████░░░░░░░░░░` 4.5 of 20"],
    [20, 20, "`████████████████████` 20 of 20, reached"],
    [1146, 20, "`████████████████████` 1,146 of 20, reached"],
  ])("%d of %d", (e, threshold, shown) => {
    expect(evidenceBar(e, threshold)).toBe(shown);
  });

  it("is always as wide, whatever the figures", () => {
    for (const e of [0, 1e-9, 2, 19.99, 1e300, Number.POSITIVE_INFINITY, Number.NaN]) {
      const bar = /^`([█░]+)`/.exec(evidenceBar(e, 20))?.[1] ?? "";
      expect(bar, String(e)).toHaveLength(20);
    }
  });
});
