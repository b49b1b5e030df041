// Stage arithmetic and durations: pure functions, no I/O.

export type Stages = readonly number[];

export const DEFAULT_STAGES: Stages = [1, 5, 25, 50, 100];

// Each stage is a status per advance; a plan longer than this is a typo, not a rollout.
export const MAX_STAGES = 20;
const MAX_DURATION_SECONDS = 365 * 86400;

/** Parses "1, 5, 25, 50, 100"; throws with a sentence that says what is wrong. */
export function parseStages(text: string): number[] {
  const parts = text
    .split(/[\s,]+/)
    .map((p) => p.trim().replace(/%$/, ""))
    .filter((p) => p !== "");
  if (parts.length === 0) throw new Error("must list at least one percent, ending with 100");
  if (parts.length > MAX_STAGES)
    throw new Error(`lists ${parts.length} stages; at most ${MAX_STAGES} are allowed`);
  const stages = parts.map((p) => {
    if (!/^\d+(\.\d{1,3})?$/.test(p)) {
      throw new Error(`has "${p.slice(0, 20)}", which is not a percent with at most three decimals`);
    }
    return Number(p);
  });
  for (const [i, s] of stages.entries()) {
    if (s <= 0 || s > 100) throw new Error(`has ${s}, but each stage must be above 0 and at most 100`);
    const prev = stages[i - 1];
    if (prev !== undefined && s <= prev) throw new Error("must be strictly increasing");
  }
  if (stages.at(-1) !== 100) throw new Error("must end with 100");
  return stages;
}

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** Parses "90s", "15m", "2h", "1d" or combinations such as "1h30m" into seconds. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  const re = /\s*(\d+)\s*([smhd])/gy;
  let total = 0;
  let consumed = 0;
  for (const match of trimmed.matchAll(re)) {
    total += Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
    consumed = match.index + match[0].length;
  }
  if (trimmed === "" || consumed !== trimmed.length) {
    throw new Error('is not a duration; use a number with a unit, such as "90s", "15m", "2h" or "1d"');
  }
  if (!(total <= MAX_DURATION_SECONDS)) throw new Error("is longer than a year");
  return total;
}

/** 0-based index of the stage whose percent is `percent`, or -1. */
export function stageIndexOf(stages: Stages, percent: number): number {
  return stages.indexOf(percent);
}

export function isLastStage(stages: Stages, index: number): boolean {
  return index === stages.length - 1;
}
