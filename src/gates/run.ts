// Runs a run's gates, all at once: each gate's queries go to its provider, and the answers become a verdict.

import type { GateConfig } from "./config.ts";
import type { Provider, QueryResult, QueryRole } from "./provider.ts";
import { queryRequest } from "./query.ts";
import { loadProvider, type Queries } from "./registry.ts";
import type { HttpOptions } from "./request.ts";
import type { GateResult } from "./result.ts";
import type { TemplateValues } from "./template.ts";
import {
  bounded,
  failedQuery,
  judgeCounts,
  judgeValue,
  maskedUrl,
  providerFailure,
  unjudged,
  withWarnings,
} from "./verdict.ts";
import { type StageSubject, type StageWindow, stageWindows, templateValues } from "./windows.ts";
import { redact } from "../format.ts";

export interface EvaluateOptions {
  values: TemplateValues;
  secrets: ReadonlyMap<string, string>;
  now: Date;
  /** Where AWS_REGION is read for CloudWatch and SigV4 gates; none when not given. */
  env?: NodeJS.ProcessEnv;
  http?: HttpOptions;
  /** Stand-ins for some providers' queries (tests); the others are loaded by name. */
  providers?: Queries;
  /**
   * The rollout's stage windows, oldest first, the last one the current stage up to `now` (see windows.ts).
   * Comparisons with the baseline query each; without them, the current stage from the template values.
   */
  windows?: StageWindow[];
  /** The rollout's plan, in percent: a comparison checks the traffic split against it (none without). */
  stages?: readonly number[];
}

/** When the stage went live, from the template values; the evaluation time if they do not say. */
export function stageStart(values: TemplateValues, now: Date): Date {
  const unix = Number(values.stage_started_unix);
  return values.stage_started_unix !== "" && Number.isFinite(unix) ? new Date(unix * 1000) : now;
}

async function judgeGate(
  gate: GateConfig,
  provider: Pick<Provider, "query">,
  options: EvaluateOptions,
): Promise<GateResult> {
  const opts = { ...options, http: { ...options.http, requested: [] } };
  if (gate.kind === "count" && gate.baseline) {
    // The judge's statistics are loaded only for a run that compares with the baseline.
    const { compareGate } = await import("./compare.ts");
    return compareGate(gate, gate.baseline, provider, opts);
  }
  const scope = {
    values: opts.values,
    secrets: opts.secrets,
    env: opts.env ?? {},
    since: stageStart(opts.values, opts.now),
    now: opts.now,
    evaluatedAt: opts.now,
    cache: new Map<string, Promise<unknown>>(),
  };
  const roles: QueryRole[] = gate.kind === "value" ? ["value"] : ["errors", "total"];
  const requests = roles.map((role) => queryRequest(gate, role, scope));
  const shown = requests.map((r) => r.shown);
  let answers: QueryResult[];
  try {
    answers = await Promise.all(requests.map((r) => provider.query(r, opts.http)));
  } catch (error) {
    return failedQuery(gate, error, shown, lastRequested(opts));
  }
  const queries = answers.map((a, i) => a.shown ?? (shown[i] as string));
  if (gate.kind === "value")
    return withWarnings(judgeValue(gate, answers[0] as QueryResult, queries), ...answers);
  const [errors, total] = answers as [QueryResult, QueryResult];
  return withWarnings(judgeCounts(gate, errors, total, queries), errors, total);
}

/** The URL a gate asked last, secrets masked: what a refusal shows. */
export function lastRequested(opts: EvaluateOptions): string | undefined {
  const url = opts.http?.requested?.at(-1);
  return url === undefined ? undefined : maskedUrl(url, opts.secrets);
}

/** One gate's verdict. Never throws: a gate that cannot be judged says so in its verdict. */
export async function evaluateGate(gate: GateConfig, opts: EvaluateOptions): Promise<GateResult> {
  let provider: Pick<Provider, "query">;
  try {
    provider = opts.providers?.[gate.provider] ?? (await loadProvider(gate.provider));
  } catch (error) {
    return unjudged(gate, providerFailure(gate, error), []);
  }
  return bounded(await judgeGate(gate, provider, opts));
}

/** Evaluates all gates at once. */
export function evaluateGates(gates: GateConfig[], opts: EvaluateOptions): Promise<GateResult[]> {
  return Promise.all(gates.map((g) => evaluateGate(g, opts)));
}

export interface RolloutGates {
  environment: string;
  secrets: ReadonlyMap<string, string>;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  log: (message: string) => void;
  /** The moment evaluated, when not now: `replay` asks as a live run would have at a past moment. */
  at?: Date;
}

/**
 * The gates of a rollout's current stage, evaluated now. Comparisons with the baseline read every stage so far,
 * from the recorded stage start times. Messages come back with every secret redacted; a gate in error, shadow
 * or not, is a warning to show on the run's page, not only in its log.
 */
export async function evaluateRollout(
  rollout: StageSubject,
  gates: GateConfig[],
  o: RolloutGates,
): Promise<{ gates: GateResult[]; warnings: string[] }> {
  if (gates.length === 0)
    return { gates: [], warnings: ["No gates are configured: stages advance on bake time alone."] };
  const now = o.at ?? o.now();
  const results = await evaluateGates(gates, {
    values: templateValues(rollout, o.environment, now),
    windows: stageWindows(rollout, now),
    ...(rollout.stages && { stages: rollout.stages }),
    secrets: o.secrets,
    now,
    env: o.env,
    http: { now: o.now, sleep: o.sleep },
  });
  const secretValues = [...o.secrets.values()];
  const clean = results.map((g) => ({ ...g, message: redact(g.message, secretValues) }));
  const warnings: string[] = [];
  for (const g of clean) {
    o.log(`${g.name}: ${g.verdict} — ${g.message}`);
    for (const w of g.warnings ?? []) warnings.push(redact(w, secretValues));
    if (g.verdict === "error") {
      warnings.push(
        `${g.shadow ? "Shadow gate" : "Gate"} "${g.name}" (${g.provider}) is in error: ${g.message}`,
      );
    }
  }
  return { gates: clean, warnings };
}
