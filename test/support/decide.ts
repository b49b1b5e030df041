// decide() with the gates' verdicts at hand, as main() goes on once it has them: for tests that give both.

import type { GateResult, Verdict } from "../../src/gates/result.ts";
import { type DecideInput, decide, type Step } from "../../src/rollout/decide.ts";
import type { Command, GateVerdict, Rollout } from "../../src/rollout/model.ts";
import { minutes, STAGES } from "../unit/fixtures.ts";

/** The bake time the decision tests use: 30 minutes. */
export const BAKE = 30 * 60;

/** A decision's input, with the gate verdicts it will ask for already known (absent: not evaluated yet). */
export type DecideInputWithGates = DecideInput & { gates?: readonly GateVerdict[] | undefined };

/** decide(); when it asks for gates and the input has them, their decision. */
export function decideWith(i: DecideInputWithGates): Step {
  const { gates, ...input } = i;
  const step = decide(input);
  return gates && step.kind === "need-gates" ? step.decide(gates, input.now) : step;
}

/** A gate's result with the given verdict and nothing else of note. */
export function gate(verdict: Verdict, name = `g-${verdict}`): GateResult {
  return {
    name,
    provider: "prometheus",
    unit: "ratio",
    verdict,
    value: 0,
    threshold: 0.01,
    samples: 1000,
    message: verdict,
    queries: [],
    shadow: false,
  };
}

/** A scheduled run's input at minute 100 (of the fixtures' clock) by alice, with `extra` on top. */
export function decideInput(
  command: Command,
  current: Rollout | undefined,
  extra: Partial<DecideInputWithGates> = {},
): DecideInputWithGates {
  return {
    command,
    source: "event",
    ...(current && { current }),
    stages: STAGES,
    now: minutes(100),
    bakeTimeSeconds: BAKE,
    force: false,
    actor: "alice",
    runId: 99,
    ...extra,
  };
}
