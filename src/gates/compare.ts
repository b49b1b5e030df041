// Comparisons with the baseline: four queries per stage window, and the sequential judge over all windows.

import { rfc3339 } from "../format.ts";
import { judge, type Judgement } from "../stats/judge.ts";
import type { SplitWindow } from "../stats/split.ts";
import type { Comparison, CountGate, GateConfig } from "./config.ts";
import type { Provider, QueryResult } from "./provider.ts";
import { queryRequest } from "./query.ts";
import type { BaselineRecord, GateResult, Verdict } from "./result.ts";
import { lastRequested, stageStart, type EvaluateOptions } from "./run.ts";
import { withSplit } from "./split.ts";
import { gateTexts, templateNames } from "./template.ts";
import {
  formatFigure,
  judgeCounts,
  noData,
  failedQuery,
  unjudged,
  unusableCounts,
  withWarnings,
} from "./verdict.ts";
import { type StageWindow, windowValues } from "./windows.ts";

const ARMS = ["canary", "baseline"] as const;
const COUNTS = ["errors", "total"] as const;
const SEVERITY: Record<Verdict, number> = { pass: 0, inconclusive: 1, error: 2, fail: 3 };

function usesBaselineSha(gate: GateConfig): boolean {
  return gateTexts(gate).some((t) =>
    templateNames(t).some((name) => name === "baseline_sha" || name === "baseline_short_sha"),
  );
}

function windowLabel(w: StageWindow): string {
  return `stage ${w.stage} (${formatFigure(w.percent)}%)`;
}

/** The record a reviewer reads: counts per side, the ratio and its interval, the e-values against the threshold. */
function recordOf(d: Judgement, windows: StageWindow[], sha: string, notes: string[]): BaselineRecord {
  return {
    sha,
    canary: { errors: d.canary.errors, total: d.canary.total, rate: d.canary.rate },
    baseline: { errors: d.baseline.errors, total: d.baseline.total, rate: d.baseline.rate },
    ratio: d.ratio.estimate,
    interval: [d.ratio.lower, d.ratio.upper],
    eValue: d.evidence.increase.eValue,
    eValueNoIncrease: d.evidence.noIncrease.eValue,
    // 1 / (1 − 0.95) is 19.999999999999982 in binary; the record shows the number meant.
    threshold: Number(d.evidence.threshold.toPrecision(12)),
    confidence: d.confidence,
    maxIncrease: d.maxIncrease,
    tolerableRatio: d.tolerableRatio,
    verdict: d.verdict,
    projection: d.projection,
    windows: d.stages.map((s, i) => {
      const w = windows[i] as StageWindow;
      return {
        stage: w.stage,
        percent: w.percent,
        from: rfc3339(w.start),
        to: rfc3339(w.end),
        canary: s.canary,
        baseline: s.baseline,
      };
    }),
    notes: [...notes, ...d.notes],
  };
}

/**
 * A count gate with a `baseline:` block. Every stage window of the rollout is asked for the canary's and the
 * baseline's errors and totals (templates filled per window, the window's end as the query time), all at once;
 * the judge (src/stats) decides over all windows together, so evidence carries across runs and stages without
 * stored state. `max-error-rate`/`min-requests`, when given, still guard the canary's own error rate in the
 * current stage: the worse of the two verdicts counts.
 */
export async function compareGate(
  gate: CountGate,
  cmp: Comparison,
  provider: Pick<Provider, "query">,
  opts: EvaluateOptions,
): Promise<GateResult> {
  const base = {
    name: gate.name,
    provider: gate.provider,
    unit: "factor" as const,
    threshold: 1 + cmp.maxIncrease,
    shadow: gate.shadow,
  };
  const baselineSha = opts.values.baseline_sha;
  if (baselineSha === "" && usesBaselineSha(cmp.arm)) {
    return {
      ...base,
      value: null,
      samples: null,
      queries: [],
      ...noData(
        gate,
        `there is nothing to compare against: ${opts.values.short_sha || "this version"} replaces no earlier version in ${opts.values.environment || "the environment"} (no rollout there completed before it started), so {{baseline_sha}} is empty`,
      ),
    };
  }
  const windows: StageWindow[] =
    opts.windows && opts.windows.length > 0
      ? opts.windows
      : [
          {
            stage: Number(opts.values.stage) || 1,
            percent: Number(opts.values.percent) || 0,
            start: stageStart(opts.values, opts.now),
            end: opts.now,
          },
        ];
  const asks = windows.flatMap((w, index) => {
    const scope = {
      values: windowValues(opts.values, w),
      secrets: opts.secrets,
      env: opts.env ?? {},
      since: w.start,
      now: w.end,
      evaluatedAt: opts.now,
      // One cache per window: the HTTP JSON provider answers both sides from one request when they share it.
      cache: new Map<string, Promise<unknown>>(),
    };
    return ARMS.flatMap((arm) =>
      COUNTS.map((role) => ({
        index,
        arm,
        role,
        request: queryRequest(arm === "canary" ? gate : cmp.arm, role, scope),
      })),
    );
  });
  const shown = asks.map((a) => a.request.shown);
  let answers: QueryResult[];
  try {
    answers = await Promise.all(asks.map((a) => provider.query(a.request, opts.http ?? {})));
  } catch (error) {
    return failedQuery(gate, error, shown, lastRequested(opts));
  }
  const queries = answers.map((a, i) => a.shown ?? (shown[i] as string));
  const figure = (index: number, arm: (typeof ARMS)[number], role: (typeof COUNTS)[number]) =>
    (answers[asks.findIndex((a) => a.index === index && a.arm === arm && a.role === role)] as QueryResult)
      .value;

  const notes: string[] = [];
  const used: StageWindow[] = [];
  const stages = [];
  const splitWindows: SplitWindow[] = [];
  for (const [index, w] of windows.entries()) {
    const label = windowLabel(w);
    const raw = {
      canary: { errors: figure(index, "canary", "errors"), total: figure(index, "canary", "total") },
      baseline: { errors: figure(index, "baseline", "errors"), total: figure(index, "baseline", "total") },
    };
    if (ARMS.some((arm) => Number.isNaN(raw[arm].errors) || Number.isNaN(raw[arm].total))) {
      notes.push(`${label}: a query returned NaN, so the window is left out`);
      continue;
    }
    const counts = {
      // No series at all is nothing counted: a version that never failed has no error series.
      canary: { errors: raw.canary.errors ?? 0, total: raw.canary.total ?? 0 },
      baseline: { errors: raw.baseline.errors ?? 0, total: raw.baseline.total ?? 0 },
    };
    for (const arm of ARMS) {
      const unusable = unusableCounts(counts[arm].errors, counts[arm].total, `the ${arm}'s `);
      if (unusable) return unjudged(gate, `${label}: ${unusable}`, queries);
    }
    used.push(w);
    const hours = Math.max(0, w.end.getTime() - w.start.getTime()) / 3_600_000;
    stages.push({ ...counts, label, hours });
    splitWindows.push({
      stage: w.stage,
      canary: counts.canary.total,
      baseline: counts.baseline.total,
      seconds: hours * 3600,
      previous: (windows[index - 1]?.percent ?? 0) / 100,
    });
  }

  // The projection continues the current stage; when its window was left out, there is none.
  const lastIsCurrent = used.at(-1) === windows.at(-1);
  const judgement = judge({
    stages,
    maxIncrease: cmp.maxIncrease,
    confidence: cmp.confidence,
    dispersion: cmp.dispersion,
    lastIsCurrent,
  });
  const sideBySide = judgement.stages.some((s) => s.canary.total > 0 && s.baseline.total > 0);
  let outcome: { verdict: Verdict; message: string } = sideBySide
    ? { verdict: judgement.verdict, message: judgement.explanation }
    : noData(gate, judgement.explanation);
  if (cmp.guard) {
    const current = windows.length - 1;
    const guard = judgeCounts(
      gate,
      { value: figure(current, "canary", "errors"), warnings: [] },
      { value: figure(current, "canary", "total"), warnings: [] },
      [],
    );
    outcome = {
      verdict: SEVERITY[guard.verdict] > SEVERITY[outcome.verdict] ? guard.verdict : outcome.verdict,
      message: `${outcome.message} Guard on the canary alone in this stage: ${guard.message}.`,
    };
  }
  // The traffic split over the same windows, once the plan is known: a mismatch may hold or fail the gate.
  const split =
    opts.stages && splitWindows.length > 0
      ? withSplit(
          gate,
          cmp,
          opts.stages,
          splitWindows,
          lastIsCurrent ? splitWindows.length - 1 : null,
          outcome,
        )
      : undefined;
  return withWarnings(
    {
      ...base,
      ...(split ? { verdict: split.verdict, message: split.message } : outcome),
      value: judgement.ratio.estimate,
      samples: judgement.canary.total,
      queries,
      baseline: {
        ...recordOf(judgement, used, baselineSha, notes),
        ...(split && { split: split.record }),
      },
      ...(split && split.warnings.length > 0 && { warnings: split.warnings }),
    },
    ...answers,
  );
}
