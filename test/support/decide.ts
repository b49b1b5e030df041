// decide() with the gates' verdicts at hand, as main() goes on once it has them: for tests that give both.

import { type DecideInput, decide, type Step } from "../../src/rollout/decide.ts";
import type { GateVerdict } from "../../src/rollout/model.ts";

/** A decision's input, with the gate verdicts it will ask for already known (absent: not evaluated yet). */
export type DecideInputWithGates = DecideInput & { gates?: readonly GateVerdict[] | undefined };

/** decide(); when it asks for gates and the input has them, their decision. */
export function decideWith(i: DecideInputWithGates): Step {
  const { gates, ...input } = i;
  const step = decide(input);
  return gates && step.kind === "need-gates" ? step.decide(gates, input.now) : step;
}
