// Status descriptions and deployment payloads: parsers never throw, the derived percent is always 0, 100
// or a stage of the plan, and statuses the action did not write never move the rollout.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readSettings } from "../../src/io/inputs.ts";
import { formatPercent } from "../../src/format.ts";
import { deriveRollout } from "../../src/rollout/fold.ts";
import {
  formatDescription,
  makePayload,
  PAYLOAD_KEY,
  parseDescription,
  readPayload,
  SCHEMA_VERSION,
  stateFor,
} from "../../src/rollout/codec.ts";
import { MAX_DESCRIPTION } from "../../src/rollout/codec.ts";
import type { Rollout } from "../../src/rollout/model.ts";
import { check, hostileString, reportCases, thrown } from "./fuzz.ts";
import {
  deploymentFor,
  EVENTS,
  foreignStatus,
  history,
  login,
  ourStatus,
  payloadOf,
  plan,
  REPO,
  SHA,
  type Step,
  stepIn,
  T0,
} from "./rollouts.ts";

reportCases("state");

const PHASES = ["pending", "rolling", "paused", "complete", "rolled-back", "superseded"];

/** Where any derived rollout may stand, whatever statuses it was derived from. */
function assertRollout(r: Rollout): void {
  expect(PHASES).toContain(r.phase);
  expect(Number.isInteger(r.stageIndex) && r.stageIndex >= 0 && r.stageIndex < r.stages.length).toBe(true);
  expect([0, 100, ...r.stages]).toContain(r.percent);
  if (r.phase === "complete") expect(r.percent).toBe(100);
  if (r.phase === "rolled-back" || r.phase === "superseded" || r.phase === "pending")
    expect(r.percent).toBe(0);
  expect(r.foreignStatuses).toBeGreaterThanOrEqual(0);
  for (const t of r.transitions) expect(EVENTS).toContain(t.event);
}

/** The rollout without the count of foreign statuses: what the decision rests on. */
function essence(r: Rollout) {
  const { foreignStatuses: _f, ...rest } = r;
  return rest;
}

describe("parseDescription", () => {
  it("never throws; what it reads is in range", () => {
    const nearly = fc
      .tuple(
        fc.integer({ min: 0, max: 1200 }),
        fc.integer({ min: 0, max: 1200 }),
        fc.constantFrom("0", "1", "25", "100", "100.5", "101", "999", "12.3456", "-1", "1e2"),
        fc.constantFrom(...EVENTS, "deployed", "Started"),
        fc.constantFrom("", " by @octocat", " by @x_y", " by @", " by @a[bot]"),
        fc.constantFrom("", ": ", ": note", ":\nline"),
      )
      .map(([a, b, p, e, by, note]) => `stage ${a}/${b} · ${p}% · ${e}${by}${note}`);
    check(
      fc.property(fc.oneof(hostileString(200), nearly), (text) => {
        let parts: ReturnType<typeof parseDescription>;
        expect(thrown(() => (parts = parseDescription(text)))).toBeUndefined();
        if (parts === undefined) return;
        expect(EVENTS).toContain(parts.event);
        expect(parts.stage).toBeGreaterThanOrEqual(1);
        expect(parts.stage).toBeLessThanOrEqual(parts.stageCount);
        expect(parts.percent >= 0 && parts.percent <= 100).toBe(true);
      }),
      3000,
    );
  });

  it("reads back every description the action writes: stage, plan size, percent and event", () => {
    check(
      fc.property(
        plan,
        fc.nat(),
        fc.constantFrom(...EVENTS),
        fc.option(login),
        fc.option(hostileString(300)),
        (stages, i, event, actor, note) => {
          const stage = (i % stages.length) + 1;
          const percent = stages[stage - 1] as number;
          const text = formatDescription({
            event,
            stage,
            stageCount: stages.length,
            percent,
            ...(actor !== null && { actor }),
            ...(note !== null && { note }),
          });
          expect(text.length).toBeLessThanOrEqual(MAX_DESCRIPTION);
          expect(parseDescription(text)).toMatchObject({ event, stage, stageCount: stages.length, percent });
        },
      ),
      2000,
    );
  });

  it("reads back descriptions of actors with underscores (Enterprise Managed Users)", () => {
    check(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9-]{0,20}_[a-z0-9]{1,8}$/),
        fc.constantFrom("rolled back" as const, "paused" as const, "promoted" as const),
        (actor, event) => {
          const text = formatDescription({
            event,
            stage: 2,
            stageCount: 5,
            percent: event === "rolled back" ? 0 : 5,
            actor,
          });
          expect(parseDescription(text)).toMatchObject({ event, actor });
        },
      ),
      20,
    );
  });

  it("every plan the stages input accepts survives the status round trip; others are refused", () => {
    for (const refused of [
      "0.0001, 100",
      "1.23456, 100",
      `${Array.from({ length: 999 }, (_, i) => ((i + 1) / 10).toFixed(1)).join(", ")}, 100`,
    ]) {
      expect(() =>
        readSettings((n) => (n === "github-token" ? "t" : n === "stages" ? refused : undefined)),
      ).toThrow(/^stages: /);
    }
    const percent = fc.integer({ min: 1, max: 99_999 }).map((n) => n / 1000);
    check(
      fc.property(fc.uniqueArray(percent, { maxLength: 19 }), (picked) => {
        const stagesText = [...[...picked].sort((a, b) => a - b), 100].join(", ");
        const { stages } = readSettings((n) =>
          n === "github-token" ? "t" : n === "stages" ? stagesText : undefined,
        );
        const d = deploymentFor(stages);
        const statuses = stages.map((p, i) =>
          ourStatus(
            { event: i === 0 ? "started" : "advanced", stage: i + 1, percent: p, runId: 1 },
            stages.length,
            i + 1,
            T0 + i * 60_000,
          ),
        );
        const r = deriveRollout(d, payloadOf(d), statuses, REPO);
        expect(r.foreignStatuses).toBe(0);
        expect([r.stageIndex, r.percent]).toEqual([stages.length - 1, 100]);
      }),
      300,
    );
  });
});

describe("readPayload", () => {
  it("never throws; a plan it returns is valid", () => {
    const payloadLike = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc
        .record(
          {
            schema: fc.oneof(fc.constant(SCHEMA_VERSION), fc.jsonValue({ maxDepth: 1 })),
            stages: fc.oneof(
              plan,
              fc.array(fc.oneof(fc.double(), fc.jsonValue({ maxDepth: 1 })), { maxLength: 8 }),
            ),
            baseline: fc.oneof(fc.constant(SHA), fc.constant(null), hostileString(45)),
            run_id: fc.oneof(fc.integer(), fc.jsonValue({ maxDepth: 1 })),
          },
          { requiredKeys: [] },
        )
        .map((p) => ({ [PAYLOAD_KEY]: p })),
      plan.map((s) => makePayload(s, SHA, 7)),
    );
    check(
      fc.property(payloadLike, fc.boolean(), (value, asText) => {
        const raw: unknown = asText ? JSON.stringify(value) : value;
        let p: ReturnType<typeof readPayload>;
        expect(thrown(() => (p = readPayload(raw)))).toBeUndefined();
        if (p === undefined) return;
        expect(p.schema).toBe(SCHEMA_VERSION);
        expect(p.stages.length).toBeGreaterThan(0);
        expect(p.stages.at(-1)).toBe(100);
        p.stages.forEach((s, i) => {
          expect(typeof s).toBe("number");
          expect(s > 0 && s <= 100).toBe(true);
          if (i > 0) expect(s).toBeGreaterThan(p?.stages[i - 1] as number);
        });
        if (p.baseline !== null) expect(p.baseline).toMatch(/^[0-9a-f]{40}$/);
        expect(typeof p.run_id).toBe("number");
      }),
      2000,
      [
        [{ [PAYLOAD_KEY]: { schema: 1, stages: [Number.NaN, 100], baseline: null, run_id: 1 } }, false],
        ["{", true],
        [null, false],
      ],
    );
  });
});

describe("deriveRollout", () => {
  it("never throws over any statuses; the percent is always 0, 100 or a stage of the plan", () => {
    check(
      fc.property(
        history,
        fc.array(fc.tuple(hostileString(160), fc.integer(), hostileString(30))),
        (h, junk) => {
          const d = deploymentFor(h.stages);
          const statuses = [
            ...h.ours,
            ...h.foreign,
            ...junk.map(([description, id, createdAt]) => ({
              id,
              state: "success" as const,
              description,
              logUrl: "",
              createdAt,
            })),
          ];
          let r: Rollout | undefined;
          expect(thrown(() => (r = deriveRollout(d, payloadOf(d), statuses, REPO)))).toBeUndefined();
          assertRollout(r as unknown as Rollout);
          expect(
            (r as unknown as Rollout).transitions.length + (r as unknown as Rollout).foreignStatuses,
          ).toBe(statuses.length);
        },
      ),
      1500,
    );
  });

  it("a foreign status never moves the rollout, wherever it stands among ours", () => {
    check(
      fc.property(history, (h) => {
        const d = deploymentFor(h.stages);
        const p = payloadOf(d);
        const clean = deriveRollout(d, p, h.ours, REPO);
        const mixed = deriveRollout(d, p, [...h.foreign, ...h.ours], REPO);
        expect(essence(mixed)).toEqual(essence(clean));
        expect(mixed.foreignStatuses).toBe(clean.foreignStatuses + h.foreign.length);
      }),
      1500,
    );
  });

  it("the order the API lists statuses in does not matter", () => {
    check(
      fc.property(
        history.chain((h) =>
          fc.tuple(
            fc.constant(h),
            fc.shuffledSubarray([...h.ours, ...h.foreign], { minLength: h.ours.length + h.foreign.length }),
          ),
        ),
        ([h, shuffled]) => {
          const d = deploymentFor(h.stages);
          const p = payloadOf(d);
          expect(deriveRollout(d, p, shuffled, REPO)).toEqual(
            deriveRollout(d, p, [...h.ours, ...h.foreign], REPO),
          );
        },
      ),
      1000,
    );
  });

  it("foreign statuses alone leave a rollout pending at 0%", () => {
    check(
      fc.property(
        plan.chain((stages) =>
          fc.tuple(fc.constant(stages), fc.array(foreignStatus(stages), { maxLength: 10 })),
        ),
        ([stages, foreign]) => {
          const d = deploymentFor(stages);
          const r = deriveRollout(
            d,
            payloadOf(d),
            foreign.map((f, i) => ({ ...f, id: i + 1 })),
            REPO,
          );
          expect(r.phase).toBe("pending");
          expect(r.percent).toBe(0);
          expect(r.transitions).toEqual([]);
          expect(r.foreignStatuses).toBe(foreign.length);
        },
      ),
      800,
    );
  });

  it("a rolling or paused rollout is always at its stage's percent", () => {
    check(
      fc.property(
        plan.chain((stages) => fc.tuple(fc.constant(stages), fc.array(stepIn(stages), { maxLength: 8 }))),
        ([stages, steps]) => {
          const d = deploymentFor(stages);
          const r = deriveRollout(
            d,
            payloadOf(d),
            steps.map((s, i) => ourStatus(s, stages.length, i + 1, T0 + i * 60_000)),
            REPO,
          );
          if (r.phase === "rolling" || r.phase === "paused") expect(r.percent).toBe(stages[r.stageIndex]);
        },
      ),
      500,
      {
        examples: [[[[1, 5, 100], [{ event: "resumed", stage: 1, percent: 1, runId: 1 } satisfies Step]]]],
      },
    );
  });
});

describe("descriptions of every transition fit GitHub's 140 characters", () => {
  it("whatever the actor and note", () => {
    check(
      fc.property(
        plan,
        fc.nat(),
        fc.constantFrom(...EVENTS),
        fc.option(hostileString(60)),
        fc.option(hostileString(2000)),
        (stages, i, event, actor, note) => {
          const stage = (i % stages.length) + 1;
          const text = formatDescription({
            event,
            stage,
            stageCount: stages.length,
            percent: stages[stage - 1] as number,
            ...(actor !== null && { actor }),
            ...(note !== null && { note }),
          });
          expect(text.length).toBeLessThanOrEqual(MAX_DESCRIPTION);
          expect(
            text.startsWith(
              `stage ${stage}/${stages.length} · ${formatPercent(stages[stage - 1] as number)} · ${event}`,
            ),
          ).toBe(true);
          expect(stateFor(event)).toBeDefined();
        },
      ),
      1000,
    );
  });
});
