// What a gate's evaluation says: its verdict, figures and, for a comparison with the baseline, the decision
// record. Types only, JSON-safe: they travel into outputs, summaries and replies.

import type { Projection } from "../stats/judge.ts";
import type { SplitDecision } from "../stats/split.ts";
import type { SplitPolicy } from "./schema.ts";
import type { ProviderName } from "./registry.ts";

import type { Verdict } from "../rollout/model.ts";

export type { Verdict };

/** Errors and requests of one side of a comparison. */
export interface ArmFigures {
  errors: number;
  total: number;
  /** errors / total, or null without requests. */
  rate: number | null;
}

/** One stage window of a comparison: the counts of both sides over it. */
export interface WindowFigures {
  stage: number;
  percent: number;
  /** RFC 3339: when the stage went live, and when the next did (or the evaluation time). */
  from: string;
  to: string;
  canary: ArmFigures;
  baseline: ArmFigures;
}

/** The decision record of a comparison with the baseline (docs/statistics.md), JSON-safe. */
export interface BaselineRecord {
  /** The version compared against (`{{baseline_sha}}`; empty when the rollout replaces none). */
  sha: string;
  /** Totals over all windows, as judged (rounded to whole requests). */
  canary: ArmFigures;
  baseline: ArmFigures;
  /** Estimated ratio of the canary's error rate to the baseline's; null while undefined. */
  ratio: number | null;
  /** Its confidence sequence [lower, upper], each end valid at `confidence` at every look; upper null: unbounded. */
  interval: [number, number | null];
  /** Evidence of an increase beyond `tolerableRatio`: the gate fails when it reaches `threshold`. */
  eValue: number;
  /** Evidence against such an increase: the judge passes when it reaches `threshold`. */
  eValueNoIncrease: number;
  /** 1 / (1 − confidence). */
  threshold: number;
  confidence: number;
  maxIncrease: number;
  /** 1 + maxIncrease. */
  tolerableRatio: number;
  /** The judge's own verdict, before the gate's guard and on-no-data policy. */
  verdict: "pass" | "fail" | "inconclusive";
  /**
   * For an inconclusive verdict, if the rates seen so far hold: which way it is heading and how many more
   * canary requests (and hours, at the current stage's pace) would settle it; null when out of reach.
   */
  projection: Projection | null;
  windows: WindowFigures[];
  /** How counts were adjusted or windows left out. */
  notes: string[];
  /** The traffic-split check over the same windows, when the rollout's plan was known. */
  split?: SplitRecord;
}

/**
 * The traffic-split check's decision (src/stats/split.ts), with the gate's policy and what the check did to the
 * gate: nothing; held or failed it (a mismatch in the current stage, by `on-split-mismatch`); or only warned (by
 * policy, or for a stage that is over, which holding cannot fix).
 */
export interface SplitRecord extends SplitDecision {
  onMismatch: SplitPolicy;
  effect: "none" | "hold" | "fail" | "warn";
}

export interface GateResult {
  name: string;
  provider: ProviderName;
  /** How to show value and threshold: an error rate as a percentage, a plain number, or a ratio (1.2×). */
  unit: "ratio" | "number" | "factor";
  verdict: Verdict;
  /** The measured figure: the error rate for count gates, the estimated ratio of error rates for comparisons, the query's value otherwise. */
  value: number | null;
  threshold: number | null;
  /** Requests the figure rests on (count gates). */
  samples: number | null;
  message: string;
  /** Queries as sent, secrets shown as ${NAME}. */
  queries: string[];
  /** From the gate's `dry-run: true`: reported, but never part of the decision. */
  shadow: boolean;
  /** A value gate's unit where its query names it ("s" for a metric in seconds): shown with value and threshold. */
  valueUnit?: string;
  /** The gate's request is itself wrong (the provider refused it, or answered what no gate can judge). */
  misconfigured?: boolean;
  /** Comparisons with the baseline: the decision record (absent when nothing was compared). */
  baseline?: BaselineRecord;
  /** What the run's page should show besides the verdict, such as a traffic split that is not the plan's. */
  warnings?: string[];
}
