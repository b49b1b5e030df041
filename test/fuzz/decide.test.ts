// decide over arbitrary rollouts × commands × gate verdicts: it never advances on missing evidence, never
// records a transition for `status`, keeps every percent valid, and promote never passes a failing gate
// that decides without force.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Command, CommandSource } from "../../src/rollout/model.ts";
import { type Decision, decide, type Step } from "../../src/rollout/decide.ts";
import { type DecideInputWithGates, decideWith } from "../support/decide.ts";
import type { GateResult, Verdict } from "../../src/gates/result.ts";
import type { GateVerdict, Rollout } from "../../src/rollout/model.ts";
import { check, hostileString, reportCases, thrown } from "./fuzz.ts";
import { derivedRollout, login, OTHER_SHA, plan, SHA, T0 } from "./rollouts.ts";

reportCases("decide");

const VERDICTS: Verdict[] = ["pass", "fail", "inconclusive", "error"];

const gate: fc.Arbitrary<GateResult> = fc.record({
  name: fc.oneof(fc.constantFrom("http-5xx", "p99"), hostileString(30)),
  provider: fc.constantFrom("prometheus" as const, "datadog" as const, "http" as const),
  unit: fc.constantFrom("ratio" as const, "number" as const),
  verdict: fc.constantFrom(...VERDICTS),
  value: fc.option(fc.double(), { nil: null }),
  threshold: fc.option(fc.double(), { nil: null }),
  samples: fc.option(fc.nat(), { nil: null }),
  message: hostileString(80),
  queries: fc.constant([]),
  shadow: fc.boolean(),
});

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.constantFrom<Command>(
    { kind: "start" },
    { kind: "advance" },
    { kind: "resume" },
    { kind: "status" },
    { kind: "help" },
    { kind: "pause" },
    { kind: "rollback" },
    { kind: "promote" },
    { kind: "promote", to: "full" },
    { kind: "promote", force: true },
    { kind: "promote", to: "full", force: true },
  ),
  fc.tuple(fc.constantFrom(1, 5, 25, 50, 100, 12.5, 0.5, 99), fc.boolean()).map(([to, force]): Command => ({
    kind: "promote",
    to,
    ...(force && { force: true }),
  })),
  fc
    .tuple(fc.constantFrom("pause" as const, "rollback" as const), hostileString(60))
    .map(([kind, reason]): Command => (reason.trim() ? { kind, reason } : { kind })),
);

/** A rollout derived from statuses, sometimes with its stage live for an odd length of time. */
const rollout: fc.Arbitrary<Rollout> = derivedRollout;

const decideInput: fc.Arbitrary<DecideInputWithGates> = fc
  .record({
    command,
    source: fc.constantFrom<CommandSource>("input", "event", "comment"),
    current: fc.option(rollout, { nil: undefined }),
    target: fc.option(
      fc.record(
        {
          sha: fc.constantFrom(SHA, OTHER_SHA),
          earlier: rollout,
          baselineSha: fc.constantFrom(OTHER_SHA),
        },
        { requiredKeys: ["sha"] },
      ),
      { nil: undefined },
    ),
    stages: plan,
    // From the deployment's creation to a day and a half later; statuses are one minute apart from T0.
    nowOffsetS: fc.oneof(fc.integer({ min: -600, max: 130_000 }), fc.constantFrom(0, 1800, 3600)),
    bakeTimeSeconds: fc.oneof(fc.constantFrom(0, 60, 1800, 3600), fc.nat(100_000)),
    stallAfterSeconds: fc.option(fc.nat(200_000), { nil: undefined }),
    gates: fc.option(fc.array(gate, { maxLength: 5 }), { nil: undefined }),
    settingsForce: fc.boolean(),
    actor: login,
    reason: fc.option(hostileString(60), { nil: undefined }),
    runId: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50 })),
  })
  .map(({ nowOffsetS, settingsForce, command, ...rest }) => {
    const input: DecideInputWithGates = {
      ...rest,
      command,
      now: new Date(T0 + nowOffsetS * 1000),
      // As main.ts passes it: the force input, or --force on a promote.
      force: settingsForce || (command.kind === "promote" && command.force === true),
    };
    if (input.current === undefined) delete input.current;
    if (input.target === undefined) delete input.target;
    if (input.gates === undefined) delete input.gates;
    if (input.stallAfterSeconds === undefined) delete input.stallAfterSeconds;
    if (input.reason === undefined) delete input.reason;
    return input;
  });

function deciding<G extends GateVerdict>(gates: readonly G[]): G[] {
  return gates.filter((g) => !g.shadow);
}

/** decide, and when it asks for gates go on with them (the input's own, or `gates`), as main.ts does. */
function decideFully(
  input: DecideInputWithGates,
  gates: GateResult[],
): { first: Step; decision: Decision; input: DecideInputWithGates } {
  const { gates: given, ...plain } = input;
  const first = decide(plain);
  if (first.kind !== "need-gates") return { first, decision: first, input };
  const used = given ?? gates;
  return { first, decision: first.decide(used, plain.now), input: { ...input, gates: used } };
}

/** Every decision keeps traffic at 0, 100 or a stage of a plan, and moves only the way its event says. */
function assertDecision(d: Decision, input: DecideInputWithGates): void {
  const r = input.current;
  const plans = [...input.stages, ...(r?.stages ?? []), ...(input.target?.earlier?.stages ?? [])];
  const valid = [0, 100, ...plans];
  expect(valid).toContain(d.percent);
  expect(valid).toContain(d.previousPercent);
  expect(Number.isInteger(d.stageIndex) && d.stageIndex >= 0 && d.stageIndex < d.stageCount).toBe(true);
  expect(d.reason.length).toBeGreaterThan(0);
  const rec = d.record;
  if (!rec) return;
  expect(valid).toContain(rec.percent);
  expect(rec.percent).toBe(d.percent);
  if (rec.newRollout) {
    expect(rec.event).toBe("started");
    expect(rec.stageIndex).toBe(0);
    expect(rec.percent).toBe(rec.newRollout.stages[0]);
    return;
  }
  expect(r).toBeDefined();
  if (!r) return;
  switch (rec.event) {
    case "rolled back":
      expect(rec.percent).toBe(0);
      break;
    case "completed":
      expect(rec.percent).toBe(100);
      expect(rec.stageIndex).toBe(r.stages.length - 1);
      break;
    case "advanced":
    case "promoted":
      // Forward only, to a stage of the rollout's own plan.
      expect(rec.stageIndex).toBeGreaterThan(r.stageIndex);
      expect(rec.percent).toBe(r.stages[rec.stageIndex]);
      break;
    case "paused":
    case "resumed":
      expect(rec.percent).toBe(r.percent);
      expect(rec.stageIndex).toBe(r.stageIndex);
      break;
    case "started":
      // A start an earlier run left unrecorded, written late.
      expect(r.phase).toBe("pending");
      expect(rec.stageIndex).toBe(0);
      break;
    default:
      throw new Error(`decide recorded an unexpected event "${rec.event}"`);
  }
}

describe("decide over arbitrary rollouts, commands and gate verdicts", () => {
  it("never throws; asks for gates only without them; every percent is valid", () => {
    check(
      fc.property(decideInput, fc.array(gate, { maxLength: 5 }), (input, gates) => {
        let result: ReturnType<typeof decideFully> | undefined;
        const error = thrown(() => (result = decideFully(input, gates)));
        expect(error).toBeUndefined();
        if (!result) return;
        if (result.first.kind === "need-gates") expect(result.first.rollout).toBe(input.current);
        assertDecision(result.decision, result.input);
      }),
      3000,
    );
  });

  it("status never records a transition", () => {
    check(
      fc.property(decideInput, (input) => {
        const d = decideWith({ ...input, command: { kind: "status" } });
        expect(d.kind).toBe("none");
        expect("record" in d && d.record !== undefined).toBe(false);
        if (input.current && d.kind !== "need-gates") expect(d.percent).toBe(input.current.percent);
      }),
      1000,
    );
  });

  it("advance never moves on missing evidence: every deciding gate passed and the bake time is over", () => {
    let moved = 0;
    check(
      fc.property(
        decideInput.map((i): DecideInputWithGates => ({ ...i, command: { kind: "advance" } })),
        fc.array(gate, { maxLength: 5 }),
        (input, gates) => {
          const { decision, input: used } = decideFully({ ...input, gates: undefined }, gates);
          const rec = decision.record;
          if (!rec || (rec.event !== "advanced" && rec.event !== "completed" && rec.event !== "promoted"))
            return;
          moved++;
          const r = used.current as Rollout;
          expect(used.gates).toBeDefined();
          for (const g of deciding(used.gates ?? [])) expect(g.verdict).toBe("pass");
          expect((used.now.getTime() - r.stageStartedAt.getTime()) / 1000).toBeGreaterThanOrEqual(
            used.bakeTimeSeconds,
          );
        },
      ),
      3000,
    );
    // The generator reaches advances, not only holds.
    expect(moved).toBeGreaterThan(0);
  });

  it("a failing gate that decides rolls back on advance; it never advances", () => {
    check(
      fc.property(
        decideInput.map((i): DecideInputWithGates => ({ ...i, command: { kind: "advance" } })),
        fc.array(gate, { minLength: 1, maxLength: 5 }),
        (input, gates) => {
          fc.pre(deciding(gates).some((g) => g.verdict === "fail"));
          const { decision } = decideFully({ ...input, gates: undefined }, gates);
          // (A re-run repeats the earlier run's decision word, but records nothing.)
          expect(["advanced", "completed", "promoted"]).not.toContain(decision.record?.event);
        },
      ),
      1000,
    );
  });

  it("promote never passes a failing gate that decides without force", () => {
    check(
      fc.property(
        decideInput.map((i) => ({ ...i, force: false })),
        fc.oneof(fc.constant(undefined), fc.constantFrom<number | "full">("full", 5, 25, 50, 100)),
        fc.array(gate, { minLength: 1, maxLength: 5 }),
        (input, to, gates) => {
          fc.pre(deciding(gates).some((g) => g.verdict === "fail"));
          const cmd: Command = to === undefined ? { kind: "promote" } : { kind: "promote", to };
          const { decision } = decideFully({ ...input, command: cmd, gates: undefined }, gates);
          expect(["promoted", "completed", "advanced"]).not.toContain(decision.record?.event);
        },
      ),
      1500,
    );
  });

  it("shadow gates never change the decision", () => {
    check(
      fc.property(decideInput, fc.array(gate, { maxLength: 5 }), (input, gates) => {
        const all = decideFully(input, gates).decision;
        const withoutShadow = decideFully(input, deciding(gates)).decision;
        expect(all).toEqual(withoutShadow);
      }),
      1500,
    );
  });

  it("a re-run of the run that recorded the latest transition records nothing", () => {
    check(
      fc.property(decideInput, fc.array(gate, { maxLength: 5 }), (input, gates) => {
        const last = input.current?.transitions.findLast((t) => t.event !== "failed");
        fc.pre(last?.runId !== undefined && input.command.kind !== "start" && input.command.kind !== "help");
        const { decision } = decideFully({ ...input, runId: last?.runId ?? 0 }, gates);
        expect(decision.record).toBeUndefined();
      }),
      800,
    );
  });
});

describe("known problems", () => {
  it("an unreadable stage start never skips the bake time", () => {
    check(
      fc.property(
        plan,
        fc.nat(),
        fc.constantFrom(0, 1, 3),
        fc.constantFrom("not a date", ""),
        (stages, i, passing, when) => {
          const index = i % stages.length;
          const gates: GateResult[] = Array.from({ length: passing }, (_, n) => ({
            name: `g${n}`,
            provider: "prometheus",
            unit: "number",
            verdict: "pass",
            value: 1,
            threshold: 2,
            samples: null,
            message: "ok",
            queries: [],
            shadow: false,
          }));
          const current: Rollout = {
            deploymentId: 1,
            sha: SHA,
            environment: "production",
            stages,
            createdAt: new Date(T0),
            transitions: [],
            phase: "rolling",
            stageIndex: index,
            percent: stages[index] as number,
            stageStartedAt: new Date(when),
            foreignStatuses: 0,
          };
          const d = decideWith({
            command: { kind: "advance" },
            source: "event",
            current,
            stages,
            now: new Date(T0),
            bakeTimeSeconds: 1800,
            gates,
            force: false,
            actor: "octocat",
            runId: 0,
          });
          expect(["advance", "complete"]).not.toContain(d.kind);
        },
      ),
      20,
    );
  });
});
