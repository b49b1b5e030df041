import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_STAGES,
  isLastStage,
  parseDuration,
  parseStages,
  stageIndexOf,
} from "../../../src/rollout/plan.ts";
import { formatDuration, formatPercent } from "../../../src/format.ts";
import { promDuration } from "../../../src/gates/windows.ts";

describe("parseStages", () => {
  it("reads the default plan", () => {
    expect(parseStages("1, 5, 25, 50, 100")).toEqual([1, 5, 25, 50, 100]);
    expect(DEFAULT_STAGES).toEqual([1, 5, 25, 50, 100]);
  });

  it("accepts spaces, commas, newlines, percent signs and fractions", () => {
    expect(parseStages("0.5 10\n50,100")).toEqual([0.5, 10, 50, 100]);
    expect(parseStages("1%, 5%, 100%")).toEqual([1, 5, 100]);
    expect(parseStages("  100  ")).toEqual([100]);
  });

  it.each([
    ["5, 1, 100", "must be strictly increasing"],
    ["1, 5, 5, 100", "must be strictly increasing"],
    ["1, 5, 50", "must end with 100"],
    ["0, 50, 100", "has 0, but each stage must be above 0 and at most 100"],
    ["1, 150", "has 150, but each stage must be above 0 and at most 100"],
    ["1, -5, 100", 'has "-5", which is not a percent'],
    ["1, five, 100", 'has "five", which is not a percent'],
    ["1e1, 100", 'has "1e1", which is not a percent'],
    ["", "must list at least one percent, ending with 100"],
    [" , ,", "must list at least one percent, ending with 100"],
  ])("rejects %j: %s", (text, message) => {
    expect(() => parseStages(text)).toThrow(message);
  });

  it("property: accepts exactly the strictly increasing lists in (0, 100] that end with 100", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 120 }), { maxLength: 8 }), (list) => {
        const valid =
          list.length > 0 &&
          list.every((s) => s > 0 && s <= 100) &&
          list.every((s, i) => i === 0 || s > (list[i - 1] as number)) &&
          list.at(-1) === 100;
        const text = list.join(", ");
        if (valid) expect(parseStages(text)).toEqual(list);
        else expect(() => parseStages(text)).toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it("property: every strictly increasing plan ending in 100 round-trips", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 10 }), (xs) => {
        const stages = [...xs.sort((a, b) => a - b), 100];
        expect(parseStages(stages.join(","))).toEqual(stages);
      }),
    );
  });
});

describe("parseDuration", () => {
  it.each([
    ["90s", 90],
    ["15m", 900],
    ["2h", 7200],
    ["1d", 86400],
    ["1h30m", 5400],
    ["0s", 0],
    [" 30m ", 1800],
    ["10 m", 600],
  ])("%j is %d seconds", (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(["", "15", "m", "15x", "15 minutes", "1.5h", "-5m", "15M", "x15m", "15m garbage"])(
    "rejects %j and says what is allowed",
    (text) => {
      expect(() => parseDuration(text)).toThrow(
        'is not a duration; use a number with a unit, such as "90s", "15m", "2h" or "1d"',
      );
    },
  );
});

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [42, "42s"],
    [59.9, "59s"],
    [-5, "0s"],
    [60, "1m"],
    [90, "1m 30s"],
    [600, "10m"],
    [630, "10m"],
    [1800, "30m"],
    [3600, "1h"],
    [5400, "1h 30m"],
    [86400, "1d"],
    [90000, "1d 1h"],
  ])("%d seconds reads %j", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it("accepts what formatDuration writes: parseDuration('1h 30m') is 5400", () => {
    expect(parseDuration("1h 30m")).toBe(5400);
  });

  // Same bug, as the property the brief asks for: whole minutes round-trip.
  it("property: formatDuration then parseDuration round-trips whole minutes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 * 24 * 365 }), (minutes) => {
        expect(parseDuration(formatDuration(minutes * 60))).toBe(minutes * 60);
      }),
    );
  });

  it("property: round-trips whole minutes below an hour (single-part texts)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 59 }), (minutes) => {
        expect(parseDuration(formatDuration(minutes * 60))).toBe(minutes * 60);
      }),
    );
  });
});

describe("promDuration", () => {
  it("is whole seconds, rounded up, never below 1s", () => {
    expect(promDuration(1800)).toBe("1800s");
    expect(promDuration(1.2)).toBe("2s");
    expect(promDuration(0)).toBe("1s");
    expect(promDuration(-10)).toBe("1s");
  });
});

describe("formatPercent, stageIndexOf, isLastStage", () => {
  it("formats percents without float noise", () => {
    expect(formatPercent(25)).toBe("25%");
    expect(formatPercent(0.1 + 0.2)).toBe("0.3%");
    expect(formatPercent(100 / 3)).toBe("33.333%");
  });

  it("finds stages by percent", () => {
    expect(stageIndexOf([1, 5, 100], 5)).toBe(1);
    expect(stageIndexOf([1, 5, 100], 7)).toBe(-1);
    expect(isLastStage([1, 5, 100], 2)).toBe(true);
    expect(isLastStage([1, 5, 100], 1)).toBe(false);
  });
});
