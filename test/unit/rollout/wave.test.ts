import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  findCycle,
  MAX_READS_PER_UPSTREAM,
  nextReads,
  parseAfter,
  type RolloutFacts,
  startReads,
  summarizeUpstream,
  type WaveDecision,
  WaveConfigError,
  waveCandidate,
  waveDecision,
  waveQuestion,
  type WaveTrigger,
  waveTrigger,
  waveView,
} from "../../../src/rollout/wave.ts";
import { rolloutOf, SHA_A } from "../fixtures.ts";
import {
  Environment,
  Ids,
  newestOf,
  type Op,
  PAGE,
  readUpstream,
  releasedOracle,
  sha,
  STAGES,
} from "../../support/wave-history.ts";

const A = sha("a");
const B = sha("b");
const C = sha("c");
const D = sha("d");
const E = sha("e");

function rejects(text: string, environment: string, message: string): void {
  expect(() => parseAfter(text, environment)).toThrow(WaveConfigError);
  expect(() => parseAfter(text, environment)).toThrow(message);
}

describe("parseAfter: the after input", () => {
  it("reads one environment, or a list separated by commas or lines", () => {
    expect(parseAfter("staging", "eu")).toEqual(["staging"]);
    expect(parseAfter("eu, us-east", "global")).toEqual(["eu", "us-east"]);
    expect(parseAfter("eu\nus-east\n", "global")).toEqual(["eu", "us-east"]);
    expect(parseAfter("eu,\n\nus-east,\n", "global")).toEqual(["eu", "us-east"]);
  });

  it("takes a YAML block list as written in a workflow (`- eu` lines)", () => {
    expect(parseAfter("- eu\n- us-east\n", "global")).toEqual(["eu", "us-east"]);
  });

  it("means no wave when empty or blank", () => {
    expect(parseAfter(undefined, "production")).toEqual([]);
    expect(parseAfter("", "production")).toEqual([]);
    expect(parseAfter("  \n ", "production")).toEqual([]);
  });

  it("keeps names as written: spaces inside, dots, slashes, any case", () => {
    expect(parseAfter("EU West, qa/1.2", "prod")).toEqual(["EU West", "qa/1.2"]);
  });

  it("refuses an empty entry between commas, naming where", () => {
    rejects("eu,,us", "global", "entry 2 is empty");
  });

  it("refuses this environment itself, in any case (GitHub's environment names ignore case)", () => {
    rejects("staging, production", "production", '"production" is this environment');
    rejects("Production", "production", '"Production" is this environment');
  });

  it("refuses a name listed twice, in any case", () => {
    rejects("eu, us, EU", "global", '"EU" is listed twice');
  });

  it("refuses a name longer than GitHub allows, or with control characters", () => {
    rejects("x".repeat(256), "prod", "at most 255 characters");
    rejects("eu\u0007", "prod", "control characters");
  });

  it("refuses more environments than a run should read", () => {
    const many = Array.from({ length: 11 }, (_, i) => `env${i}`).join(", ");
    rejects(many, "prod", "at most 10");
  });
});

describe("findCycle: a whole wave, as a workflow's jobs declare it", () => {
  it("finds none in a chain or a join", () => {
    const wave = new Map([
      ["staging", []],
      ["eu", ["staging"]],
      ["us-east", ["staging"]],
      ["global", ["eu", "us-east"]],
    ]);
    expect(findCycle(wave)).toBeUndefined();
  });

  it("names the environments of a cycle, in order, back to the first", () => {
    const wave = new Map([
      ["staging", ["us"]],
      ["eu", ["staging"]],
      ["us", ["eu"]],
    ]);
    const cycle = findCycle(wave);
    expect(cycle).toBeDefined();
    expect(cycle?.at(0)).toBe(cycle?.at(-1));
    expect(new Set(cycle)).toEqual(new Set(["staging", "eu", "us"]));
  });

  it("treats names that differ only in case as one environment", () => {
    expect(
      findCycle(
        new Map([
          ["eu", ["US"]],
          ["us", ["EU"]],
        ]),
      ),
    ).toHaveLength(3);
  });

  it("ignores an environment in after that no job declares (it just never completes anything)", () => {
    expect(findCycle(new Map([["eu", ["staging"]]]))).toBeUndefined();
  });
});

describe("the read plan: what the wave reads of an upstream environment", () => {
  const env = (name = "staging") => new Environment(name, new Ids());

  it("takes the action's own folded rollout as it is (state.ts Rollout has every fact the wave reads)", () => {
    const folded: RolloutFacts = rolloutOf(SHA_A, [{ event: "started", stage: 1, percent: 1, at: 0 }]);
    expect(folded.phase).toBe("rolling");
  });

  it("starts with the newest page, and stops there when the environment has no rollouts", () => {
    const staging = env();
    expect(nextReads(startReads("staging"), { ask: "candidate" })).toEqual([
      { kind: "newest", environment: "staging" },
    ]);
    const { summary, reads } = readUpstream(staging, { ask: "candidate" });
    expect(summary).toEqual({ environment: "staging" });
    expect(reads).toHaveLength(1);
  });

  it("refuses to summarize before the reads are done", () => {
    expect(() => summarizeUpstream(startReads("staging"), { ask: "view" })).toThrow(/not done: newest/);
  });

  it("for a view, reads the newest rollout's statuses and nothing more", () => {
    const staging = env().roll(A, "complete").roll(B, "rolling", 2);
    const { summary, reads } = readUpstream(staging, { ask: "view" });
    expect(summary.current).toMatchObject({ sha: B, phase: "rolling", stageIndex: 1 });
    expect(summary.released).toBeUndefined();
    expect(reads.map((r) => r.kind)).toEqual(["newest", "rollout"]);
  });

  it("finds the released version in two reads when the newest rollout is complete", () => {
    const staging = env().roll(A, "complete").roll(B, "complete");
    const { summary, reads } = readUpstream(staging, { ask: "candidate" });
    expect(summary.released?.sha).toBe(B);
    expect(reads).toHaveLength(2);
  });

  it("with a rollout in flight, finds the version it replaces from its payload's baseline, in three reads", () => {
    const staging = env().roll(A, "complete").roll(B, "rolled-back", 2).roll(C, "rolling", 3);
    const { summary, reads } = readUpstream(staging, { ask: "candidate" });
    expect(summary.current?.sha).toBe(C);
    expect(summary.released?.sha).toBe(A);
    expect(reads.map((r) => r.kind)).toEqual(["newest", "rollout", "rollout"]);
  });

  it("finds the released version beyond the newest page with a list filtered by its sha", () => {
    const staging = env().roll(A, "complete");
    for (let i = 0; i < PAGE + 5; i++) staging.roll(i % 2 ? B : C, "rolled-back", 2);
    const { summary, reads } = readUpstream(staging, { ask: "candidate" });
    expect(summary.released?.sha).toBe(A);
    expect(reads.map((r) => r.kind)).toEqual(["newest", "rollout", "version", "rollout"]);
  });

  it("has no released version when the version that completed was rolled out again and did not complete", () => {
    const staging = env()
      .roll(A, "complete")
      .roll(B, "rolled-back")
      .roll(A, "rolled-back", 2)
      .roll(C, "rolling");
    expect(readUpstream(staging, { ask: "candidate" }).summary.released).toBeUndefined();
  });

  it("has none while the running version itself is being rolled out again, without reading further", () => {
    const staging = env().roll(A, "complete").roll(A, "rolling", 2);
    const { summary, reads } = readUpstream(staging, { ask: "candidate" });
    expect(summary.released).toBeUndefined();
    expect(reads).toHaveLength(2);
  });

  it("has none when nothing ever completed, and none when the completed version was rolled back after", () => {
    expect(
      readUpstream(env().roll(A, "rolled-back", 3), { ask: "candidate" }).summary.released,
    ).toBeUndefined();
    const late = env().roll(A, "complete");
    late.apply({ op: "rollback" });
    expect(readUpstream(late, { ask: "candidate" }).summary.released).toBeUndefined();
    const earlier = env().roll(A, "complete").roll(B, "complete");
    earlier.apply({ op: "rollback" });
    expect(readUpstream(earlier, { ask: "candidate" }).summary.released?.sha).toBe(A);
  });

  it("for a version, reads its newest rollout: the newest one costs nothing more", () => {
    const staging = env().roll(A, "complete").roll(B, "rolling", 2);
    const { summary, reads } = readUpstream(staging, { ask: "version", sha: B });
    expect(summary.target).toMatchObject({ sha: B, phase: "rolling" });
    expect(summary.released).toBeUndefined();
    expect(reads).toHaveLength(2);
  });

  it("for a version older than the page, lists it by sha; for one never rolled out there, target is null", () => {
    const staging = env().roll(A, "complete");
    for (let i = 0; i < PAGE; i++) staging.roll(B, "rolled-back");
    const old = readUpstream(staging, { ask: "version", sha: A });
    expect(old.summary.target).toMatchObject({ sha: A, phase: "complete" });
    expect(old.reads.map((r) => r.kind)).toEqual(["newest", "rollout", "version", "rollout"]);
    const never = readUpstream(staging, { ask: "version", sha: C });
    expect(never.summary.target).toBeNull();
    expect(never.reads.map((r) => r.kind)).toEqual(["newest", "rollout", "version"]);
  });

  it("judges a version by its newest rollout there: a rollback followed by a completed retry does not block", () => {
    const staging = env().roll(A, "rolled-back", 3).roll(A, "complete");
    const { summary } = readUpstream(staging, { ask: "version", sha: A });
    expect(summary.target?.phase).toBe("complete");
    expect(summary.released?.sha).toBe(A);
    const retried = env().roll(A, "complete").roll(A, "rolled-back", 2);
    expect(readUpstream(retried, { ask: "version", sha: A }).summary.target?.phase).toBe("rolled-back");
  });

  it("marks a version released only while it is the newest completion there", () => {
    const staging = env().roll(A, "complete").roll(B, "complete").roll(C, "rolling");
    expect(readUpstream(staging, { ask: "version", sha: B }).summary.released?.sha).toBe(B);
    const moved = readUpstream(staging, { ask: "version", sha: A }).summary;
    expect(moved.target?.phase).toBe("complete");
    expect(moved.released).toBeUndefined();
  });

  it("tells whether the released version came after the one rolled out here last, from the page alone", () => {
    const staging = env().roll(A, "complete").roll(B, "complete").roll(C, "complete");
    const newer = readUpstream(staging, { ask: "candidate", lastHere: A });
    expect(newer.summary.releasedIsNewer).toBe(true);
    expect(newer.reads).toHaveLength(2);
    // B ran here last. Staging went back to A, then tried B again and rolled it back: staging's newest attempt
    // at B came after A completed, so A is the older version there, and a wave does not go back to it.
    const back = env().roll(A, "complete").roll(B, "complete").roll(A, "complete").roll(B, "rolled-back");
    expect(readUpstream(back, { ask: "candidate", lastHere: B }).summary).toMatchObject({
      released: { sha: A },
      releasedIsNewer: false,
    });
  });

  it("counts the released version as newer when the one rolled out here last never ran there", () => {
    const staging = env().roll(A, "complete");
    expect(readUpstream(staging, { ask: "candidate", lastHere: E }).summary.releasedIsNewer).toBe(true);
  });

  it("compares with a version rolled out here last that is older than the page without reading it", () => {
    const staging = env().roll(D, "complete");
    for (let i = 0; i < PAGE; i++) staging.roll(B, "rolled-back");
    staging.roll(A, "complete");
    const { summary, reads } = readUpstream(staging, { ask: "candidate", lastHere: D });
    expect(summary.releasedIsNewer).toBe(true);
    expect(reads).toHaveLength(2);
  });

  it("lists the version rolled out here last by sha only when both it and the released one are older than the page", () => {
    const staging = env().roll(D, "complete").roll(A, "complete");
    for (let i = 0; i < PAGE; i++) staging.roll(B, "rolled-back");
    const { summary, reads } = readUpstream(staging, { ask: "candidate", lastHere: D });
    expect(summary).toMatchObject({ released: { sha: A }, releasedIsNewer: true });
    expect(reads.map((r) => r.kind)).toEqual(["newest", "rollout", "version", "rollout", "version"]);
    expect(reads.length).toBeLessThanOrEqual(MAX_READS_PER_UPSTREAM);
    const reverse = new Environment("staging", new Ids()).roll(A, "complete").roll(D, "complete");
    reverse.apply({ op: "rollback" });
    for (let i = 0; i < PAGE; i++) reverse.roll(B, "rolled-back");
    expect(readUpstream(reverse, { ask: "candidate", lastHere: D }).summary).toMatchObject({
      released: { sha: A },
      releasedIsNewer: false,
    });
  });
});

/** One run of the wave in `here`: the question, the reads of each upstream, the candidate's earlier rollout here. */
function runWave(
  trigger: WaveTrigger,
  here: Environment,
  upstreams: Environment[],
  version?: string,
): WaveDecision {
  const question = waveQuestion(trigger, here.newest, version);
  const summaries = upstreams.map((u) => readUpstream(u, question).summary);
  const considered = version ?? waveCandidate(summaries);
  const earlier = considered === undefined ? undefined : newestOf(here.rollouts, considered);
  return waveDecision({
    trigger,
    environment: here.name,
    upstreams: summaries,
    ...(here.newest && { here: here.newest }),
    ...(version && { sha: version }),
    ...(earlier && { earlier }),
  });
}

function wave(...names: string[]): Environment[] {
  const ids = new Ids();
  return names.map((n) => new Environment(n, ids));
}

describe("waveTrigger: which run this is, as the wave tells them apart", () => {
  it("a push starts, a scheduled advance may pick a version, a person's start is explicit", () => {
    expect(waveTrigger("start", "event", "push")).toBe("push");
    expect(waveTrigger("start", "event", "workflow_run")).toBe("push");
    expect(waveTrigger("advance", "event", "schedule")).toBe("schedule");
    // A workflow that passes command: advance on its schedule is still the scheduled run.
    expect(waveTrigger("advance", "input", "schedule")).toBe("schedule");
    expect(waveTrigger("start", "input", "workflow_dispatch")).toBe("explicit");
    expect(waveTrigger("start", "comment", "issue_comment")).toBe("explicit");
    expect(waveTrigger("advance", "input", "workflow_dispatch")).toBe("other");
    expect(waveTrigger("rollback", "input", "workflow_dispatch")).toBe("other");
  });
});

describe("waveQuestion: what a run asks of its upstream environments", () => {
  const [here] = wave("production") as [Environment];

  it("asks a scheduled advance for the candidate, with the version rolled out here last", () => {
    expect(waveQuestion("schedule", undefined)).toEqual({ ask: "candidate" });
    here.roll(A, "complete");
    expect(waveQuestion("schedule", here.newest)).toEqual({ ask: "candidate", lastHere: A });
  });

  it("asks only for the view while a rollout is in flight here, or for commands that start nothing", () => {
    const [p] = wave("production") as [Environment];
    p.roll(A, "rolling", 2);
    expect(waveQuestion("schedule", p.newest)).toEqual({ ask: "view" });
    expect(waveQuestion("other", p.newest)).toEqual({ ask: "view" });
    p.apply({ op: "pause" });
    expect(waveQuestion("schedule", p.newest)).toEqual({ ask: "view" });
  });

  it("asks a push about its version, unless that version is already the rollout here", () => {
    const [p] = wave("production") as [Environment];
    p.roll(A, "complete");
    expect(waveQuestion("push", p.newest, B)).toEqual({ ask: "version", sha: B, lastHere: A });
    expect(waveQuestion("push", p.newest, A)).toEqual({ ask: "view" });
  });

  it("asks a person's start about its version without lastHere (a person may go back), unless it is rolling here", () => {
    const [p] = wave("production") as [Environment];
    p.roll(A, "rolling", 2);
    expect(waveQuestion("explicit", p.newest, B)).toEqual({ ask: "version", sha: B });
    expect(waveQuestion("explicit", p.newest, A)).toEqual({ ask: "view" });
    p.apply({ op: "rollback" });
    expect(waveQuestion("explicit", p.newest, A)).toEqual({ ask: "version", sha: A });
  });
});

describe("waveDecision: a scheduled advance with nothing in flight here", () => {
  it("starts the version staging completed", () => {
    const [staging, prod] = wave("staging", "production") as [Environment, Environment];
    staging.roll(A, "complete");
    expect(runWave("schedule", prod, [staging])).toMatchObject({
      kind: "start",
      sha: A,
      reason: "aaaaaaa completed in staging",
    });
  });

  it("leaves a rollout in flight here to decide() (no superseding by a newer upstream completion)", () => {
    const [staging, prod] = wave("staging", "production") as [Environment, Environment];
    staging.roll(A, "complete");
    prod.roll(A, "rolling", 2);
    staging.roll(B, "complete");
    expect(runWave("schedule", prod, [staging])).toEqual({ kind: "proceed", warnings: [] });
  });

  it("starts only the newest of several completions upstream, and never the skipped one after", () => {
    const [staging, prod] = wave("staging", "production") as [Environment, Environment];
    staging.roll(A, "complete");
    prod.roll(A, "complete");
    staging.roll(B, "complete").roll(C, "complete");
    expect(runWave("schedule", prod, [staging])).toMatchObject({ kind: "start", sha: C });
    prod.roll(C, "complete");
    expect(runWave("schedule", prod, [staging])).toMatchObject({
      kind: "wait",
      reason: expect.stringContaining(
        "ccccccc, the version staging completed last, was already rolled out here (complete)",
      ),
    });
  });

  it("waits, naming the version upstream still rolls out, when the newest completion already ran here", () => {
    const [staging, prod] = wave("staging", "production") as [Environment, Environment];
    staging.roll(A, "complete");
    prod.roll(A, "complete");
    staging.roll(B, "rolling", 2);
    const decision = runWave("schedule", prod, [staging]);
    expect(decision.kind).toBe("wait");
    expect(decision).toHaveProperty(
      "reason",
      "nothing new to start: aaaaaaa, the version staging completed last, was already rolled out here (complete); the next one starts when staging completes a newer version (staging's newest rollout, bbbbbbb, is at stage 2/5 (5%))",
    );
  });

  it("after a rollback here, waits for a newer completion instead of falling back to an older one", () => {
    const [staging, prod] = wave("staging", "production") as [Environment, Environment];
    staging.roll(A, "complete");
    prod.roll(A, "complete");
    staging.roll(B, "complete").roll(C, "complete");
    prod.roll(C, "rolled-back", 3);
    expect(runWave("schedule", prod, [staging])).toMatchObject({
      kind: "wait",
      reason: expect.stringContaining("was already rolled out here (rolled back at stage 3/5)"),
    });
    staging.roll(D, "complete");
    expect(runWave("schedule", prod, [staging])).toMatchObject({ kind: "start", sha: D });
  });

  it("never starts a version rolled back upstream: the one before it still runs there and is offered", () => {
    const [staging, prod] = wave("staging", "production") as [Environment, Environment];
    staging.roll(A, "complete").roll(B, "rolled-back", 3);
    expect(runWave("schedule", prod, [staging])).toMatchObject({ kind: "start", sha: A });
    prod.roll(A, "complete");
    expect(runWave("schedule", prod, [staging])).toMatchObject({
      kind: "wait",
      reason: expect.stringContaining("(staging's newest rollout, bbbbbbb, was rolled back at stage 3/5)"),
    });
  });

  it("waits for an upstream environment with no rollouts, asking whether the name is right", () => {
    const [staging, prod] = wave("staging", "production") as [Environment, Environment];
    expect(runWave("schedule", prod, [staging])).toEqual({
      kind: "wait",
      reason:
        'no version to start: staging has no rollouts (is "staging" the environment its job rolls out to?)',
      warnings: [],
    });
  });

  it("waits for an upstream environment where nothing completed yet", () => {
    const [staging, prod] = wave("staging", "production") as [Environment, Environment];
    staging.roll(A, "rolling", 2);
    expect(runWave("schedule", prod, [staging])).toMatchObject({
      kind: "wait",
      reason:
        "no version to start: staging has completed no version to pass on (its newest rollout, aaaaaaa, is at stage 2/5 (5%))",
    });
  });

  it("in a join, starts a version only when every upstream environment runs it", () => {
    const [eu, us, global] = wave("eu", "us-east", "global") as [Environment, Environment, Environment];
    eu.roll(A, "complete");
    us.roll(A, "complete");
    expect(runWave("schedule", global, [eu, us])).toMatchObject({
      kind: "start",
      sha: A,
      reason: "aaaaaaa completed in eu and us-east",
    });
    global.roll(A, "complete");
    eu.roll(B, "complete");
    us.roll(B, "rolling", 2);
    expect(runWave("schedule", global, [eu, us])).toMatchObject({
      kind: "wait",
      reason:
        "no version to start until eu and us-east complete the same one: eu runs bbbbbbb, us-east runs aaaaaaa (its newest rollout, bbbbbbb, is at stage 2/5 (5%))",
    });
  });

  it("in a join, a rollback in any one upstream environment keeps the version out", () => {
    const [eu, us, global] = wave("eu", "us-east", "global") as [Environment, Environment, Environment];
    eu.roll(A, "complete").roll(B, "complete");
    us.roll(A, "complete").roll(B, "rolled-back", 4);
    global.roll(A, "complete");
    const decision = runWave("schedule", global, [eu, us]);
    expect(decision.kind).toBe("wait");
    expect(decision).toHaveProperty(
      "reason",
      expect.stringContaining("bbbbbbb, was rolled back at stage 4/5"),
    );
  });

  it("never goes back to a version older upstream than the one rolled out here last", () => {
    const [staging, prod] = wave("staging", "production") as [Environment, Environment];
    staging.roll(A, "complete").roll(B, "complete");
    prod.roll(B, "complete");
    staging.roll(A, "complete").roll(B, "rolled-back", 2);
    expect(runWave("schedule", prod, [staging])).toMatchObject({
      kind: "wait",
      reason:
        "nothing to start: aaaaaaa, the version staging completed last, is older in staging than bbbbbbb, which was rolled out here last; a wave never goes back to an older version",
    });
  });

  it("starts a version when the one rolled out here last never ran upstream (a wave set up on a running service)", () => {
    const [staging, prod] = wave("staging", "production") as [Environment, Environment];
    prod.roll(E, "complete");
    staging.roll(A, "complete");
    expect(runWave("schedule", prod, [staging])).toMatchObject({ kind: "start", sha: A });
  });
});

describe("waveDecision: a push (start for the event's commit)", () => {
  it("starts the version once it is what every upstream environment runs, with nothing in flight here", () => {
    const [staging, prod] = wave("staging", "production") as [Environment, Environment];
    staging.roll(A, "complete");
    expect(runWave("push", prod, [staging], A)).toMatchObject({ kind: "start", sha: A });
  });

  it("does nothing while the version rolls out upstream, naming where it stands", () => {
    const [staging, prod] = wave("staging", "production") as [Environment, Environment];
    staging.roll(A, "rolling", 1);
    expect(runWave("push", prod, [staging], A)).toEqual({
      kind: "wait",
      reason: "aaaaaaa waits for staging: it is at stage 1/5 (1%) in staging",
      warnings: [],
    });
  });

  it("does nothing when the version has not reached upstream yet, or was superseded there", () => {
    const [staging, prod] = wave("staging", "production") as [Environment, Environment];
    expect(runWave("push", prod, [staging], A)).toMatchObject({
      kind: "wait",
      reason: "aaaaaaa waits for staging: staging has not started it",
    });
    staging.roll(A, "rolling", 2).roll(B, "rolling");
    expect(runWave("push", prod, [staging], A)).toMatchObject({
      kind: "wait",
      reason: "aaaaaaa waits for staging: it was superseded in staging at stage 2/5 before it completed",
    });
  });

  it("never starts a version rolled back upstream, and says so", () => {
    const [staging, prod] = wave("staging", "production") as [Environment, Environment];
    staging.roll(A, "rolled-back", 3);
    expect(runWave("push", prod, [staging], A)).toMatchObject({
      kind: "wait",
      reason:
        "aaaaaaa waits for staging: it was rolled back in staging at stage 3/5, and a version rolled back upstream never starts here",
    });
  });

  it("does nothing for a version upstream has completed a newer one after", () => {
    const [staging, prod] = wave("staging", "production") as [Environment, Environment];
    staging.roll(A, "complete").roll(B, "complete");
    expect(runWave("push", prod, [staging], A)).toMatchObject({
      kind: "wait",
      reason:
        "aaaaaaa waits for staging: staging has completed a newer version since (bbbbbbb), which the next scheduled run starts",
    });
  });

  it("does not supersede a rollout in flight here: it finishes first", () => {
    const [staging, prod] = wave("staging", "production") as [Environment, Environment];
    staging.roll(A, "complete");
    prod.roll(A, "rolling", 2);
    staging.roll(B, "complete");
    expect(runWave("push", prod, [staging], B)).toMatchObject({
      kind: "wait",
      reason:
        "aaaaaaa is at stage 2/5 (5%) here; in a wave it finishes before bbbbbbb starts, and the next scheduled run starts the newest version staging completed",
    });
  });

  it("leaves the version's own rollout here to decide(): in flight it advances, otherwise a push never restarts it", () => {
    const [staging, prod] = wave("staging", "production") as [Environment, Environment];
    staging.roll(A, "complete");
    prod.roll(A, "rolling", 2);
    expect(runWave("push", prod, [staging], A)).toEqual({ kind: "proceed", warnings: [] });
    prod.roll(A, "rolled-back").roll(B, "complete");
    expect(runWave("push", prod, [staging], A)).toEqual({ kind: "proceed", warnings: [] });
  });

  it("in a join, names only the environments that have not completed it", () => {
    const [eu, us, global] = wave("eu", "us-east", "global") as [Environment, Environment, Environment];
    eu.roll(A, "complete");
    us.roll(A, "paused", 3);
    expect(runWave("push", global, [eu, us], A)).toMatchObject({
      kind: "wait",
      reason: "aaaaaaa waits for us-east: it is paused at stage 3/5 (25%) in us-east",
    });
  });
});

describe("waveDecision: a person's start (dispatch or comment)", () => {
  it("lets a version complete in every upstream environment start, even one upstream has since moved past", () => {
    const [staging, prod] = wave("staging", "production") as [Environment, Environment];
    staging.roll(A, "complete").roll(B, "complete");
    prod.roll(B, "rolling", 2);
    expect(runWave("explicit", prod, [staging], A)).toEqual({ kind: "proceed", warnings: [] });
  });

  it("refuses a version not complete upstream, with what to do (force does not override after)", () => {
    const [staging, prod] = wave("staging", "production") as [Environment, Environment];
    staging.roll(A, "rolling", 2);
    expect(runWave("explicit", prod, [staging], A)).toEqual({
      kind: "refuse",
      reason:
        "aaaaaaa cannot start in production before it completes in staging (it is at stage 2/5 (5%) in staging); complete it there first (promote --full completes it at once)",
      warnings: [],
    });
  });

  it("refuses a version rolled back upstream, or never rolled out there", () => {
    const [staging, eu, prod] = wave("staging", "eu", "production") as [
      Environment,
      Environment,
      Environment,
    ];
    staging.roll(A, "rolled-back", 3);
    expect(runWave("explicit", prod, [staging, eu], A)).toMatchObject({
      kind: "refuse",
      reason: expect.stringContaining(
        "before it completes in staging and eu (it was rolled back in staging at stage 3/5, and a version rolled back upstream never starts here; eu has not started it)",
      ),
    });
  });

  it("allows a retry here after a rollback here, as long as upstream still has it complete", () => {
    const [staging, prod] = wave("staging", "production") as [Environment, Environment];
    staging.roll(A, "complete");
    prod.roll(A, "rolled-back", 2);
    expect(runWave("explicit", prod, [staging], A)).toEqual({ kind: "proceed", warnings: [] });
  });

  it("leaves a start of the version rolling here to decide()", () => {
    const [staging, prod] = wave("staging", "production") as [Environment, Environment];
    prod.roll(A, "rolling");
    expect(runWave("explicit", prod, [staging], A)).toEqual({ kind: "proceed", warnings: [] });
  });
});

describe("waveDecision: warnings", () => {
  it("warns when the version rolling out (or running) here was rolled back upstream since", () => {
    const [staging, prod] = wave("staging", "production") as [Environment, Environment];
    staging.roll(A, "complete");
    prod.roll(A, "rolling", 2);
    staging.apply({ op: "rollback" });
    expect(runWave("schedule", prod, [staging]).warnings).toEqual([
      "aaaaaaa, rolling out here, was rolled back in staging at stage 5/5; a wave does not roll it back here by itself: roll it back here if the same fault applies",
    ]);
    prod.apply({ op: "complete" });
    expect(runWave("other", prod, [staging]).warnings).toEqual([
      "aaaaaaa, running here, was rolled back in staging at stage 5/5; a wave does not roll it back here by itself: roll it back here if the same fault applies",
    ]);
  });
});

describe("waveCandidate", () => {
  const summary = (environment: string, version?: string) => ({
    environment,
    ...(version && { released: { sha: version } as RolloutFacts }),
  });

  it("is the version every upstream environment runs, or none", () => {
    expect(waveCandidate([summary("eu", A), summary("us", A)])).toBe(A);
    expect(waveCandidate([summary("eu", A), summary("us", B)])).toBeUndefined();
    expect(waveCandidate([summary("eu", A), summary("us")])).toBeUndefined();
    expect(waveCandidate([])).toBeUndefined();
  });
});

describe("waveView: the wave in the summary", () => {
  it("shows each upstream environment, then this one: version, stage, percent, state, since and the baseline", () => {
    const [staging, prod] = wave("staging", "production") as [Environment, Environment];
    staging.roll(A, "complete").roll(B, "rolling", 3);
    prod.roll(A, "complete");
    const summaries = [readUpstream(staging, { ask: "view" }).summary];
    const rows = waveView("production", prod.newest, summaries);
    expect(rows).toEqual([
      {
        environment: "staging",
        here: false,
        sha: B,
        shortSha: "bbbbbbb",
        stage: 3,
        stageCount: 5,
        percent: 25,
        state: "rolling",
        since: staging.newest?.transitions.at(-1)?.createdAt,
        baselineSha: A,
      },
      {
        environment: "production",
        here: true,
        sha: A,
        shortSha: "aaaaaaa",
        stage: 5,
        stageCount: 5,
        percent: 100,
        state: "complete",
        since: prod.newest?.transitions.at(-1)?.createdAt,
      },
    ]);
    expect(rows[1]?.since?.getTime()).toBeGreaterThan(rows[0]?.since?.getTime() ?? Infinity);
  });

  it("shows an environment with no rollouts as none, and a rolled-back one at 0%", () => {
    const [staging, prod] = wave("staging", "production") as [Environment, Environment];
    prod.roll(A, "rolled-back", 2);
    const rows = waveView("production", prod.newest, [readUpstream(staging, { ask: "view" }).summary]);
    expect(rows[0]).toEqual({ environment: "staging", here: false, state: "none" });
    expect(rows[1]).toMatchObject({ state: "rolled back", stage: 2, percent: 0 });
    expect(STAGES).toHaveLength(5);
  });

  it("shows a rollout whose start was never recorded as opened, since its deployment was created", () => {
    const [staging, prod] = wave("staging", "production") as [Environment, Environment];
    prod.roll(A, "pending");
    const rows = waveView("production", prod.newest, [readUpstream(staging, { ask: "view" }).summary]);
    expect(rows[1]).toMatchObject({ state: "opened", since: prod.newest?.createdAt });
  });
});

describe("properties over random histories", () => {
  const POOL = ["a", "b", "c", "d", "e", "f"].map(sha);
  const version = fc.constantFrom(...POOL);
  // A history is a run of rollouts, each taken to an end; some run past the newest page of deployments.
  const rollout = fc.record({
    v: version,
    end: fc.constantFrom(
      "complete",
      "complete",
      "rolled-back",
      "rolling",
      "paused",
      "pending",
      "then-rollback",
    ),
    stage: fc.integer({ min: 1, max: STAGES.length }),
  });
  const toOps = (r: { v: string; end: string; stage: number }): Op[] => {
    const start: Op = { op: r.end === "pending" ? "open" : "start", sha: r.v };
    const advances = Array.from({ length: r.stage - 1 }, (): Op => ({ op: "advance" }));
    const end: Op[] =
      ({
        complete: [{ op: "complete" }],
        "then-rollback": [{ op: "complete" }, { op: "rollback" }],
        "rolled-back": [{ op: "rollback" }],
        paused: [{ op: "pause" }],
      }[r.end] as Op[] | undefined) ?? [];
    return [start, ...advances, ...end];
  };
  const history = fc.array(rollout, { maxLength: 2 * PAGE, size: "max" }).map((rs) => rs.flatMap(toOps));
  const world = fc.record({
    upstreams: fc.array(history, { minLength: 1, maxLength: 3 }),
    here: fc.array(rollout, { maxLength: 6 }).map((rs) => rs.flatMap(toOps)),
  });

  function build(w: { upstreams: Op[][]; here: Op[] }) {
    const ids = new Ids();
    const upstreams = w.upstreams.map((ops, i) => {
      const e = new Environment(`up${i}`, ids);
      for (const o of ops) e.apply(o);
      return e;
    });
    const here = new Environment("here", ids);
    for (const o of w.here) here.apply(o);
    return { upstreams, here };
  }

  it("the read plan agrees with the whole history, within its bound of requests", () => {
    fc.assert(
      fc.property(history, version, version, (ops, asked, lastHere) => {
        const e = new Environment("staging", new Ids());
        for (const o of ops) e.apply(o);
        const released = releasedOracle(e.rollouts);

        const view = readUpstream(e, { ask: "view" });
        expect(view.reads.length).toBeLessThanOrEqual(2);
        expect(view.summary.current?.deploymentId).toBe(e.newest?.deploymentId);

        const candidate = readUpstream(e, { ask: "candidate", lastHere });
        expect(candidate.reads.length).toBeLessThanOrEqual(MAX_READS_PER_UPSTREAM);
        expect(candidate.summary.released?.deploymentId).toBe(released?.deploymentId);
        if (released && released.sha !== lastHere) {
          const last = newestOf(e.rollouts, lastHere);
          expect(candidate.summary.releasedIsNewer).toBe(!last || released.deploymentId > last.deploymentId);
        }

        const target = readUpstream(e, { ask: "version", sha: asked, lastHere });
        expect(target.reads.length).toBeLessThanOrEqual(MAX_READS_PER_UPSTREAM);
        if (e.newest) {
          expect(target.summary.target?.deploymentId ?? null).toBe(
            newestOf(e.rollouts, asked)?.deploymentId ?? null,
          );
          expect(target.summary.released?.sha).toBe(released?.sha === asked ? asked : undefined);
        }
      }),
    );
  });

  it("a version the wave starts completed in every upstream environment, rolled back in none, and is each one's newest completion", () => {
    fc.assert(
      fc.property(
        world,
        fc.constantFrom<WaveTrigger>("schedule", "push", "explicit"),
        version,
        (w, trigger, v) => {
          const { upstreams, here } = build(w);
          const decision = runWave(trigger, here, upstreams, trigger === "schedule" ? undefined : v);
          const started = decision.kind === "start" ? decision.sha : undefined;
          if (started === undefined) return;
          for (const u of upstreams) {
            expect(newestOf(u.rollouts, started)?.phase).toBe("complete");
            expect(releasedOracle(u.rollouts)?.sha).toBe(started);
          }
        },
      ),
    );
  });

  it("never starts a version already rolled out here, never supersedes a rollout in flight, never goes back", () => {
    fc.assert(
      fc.property(
        world,
        fc.constantFrom<WaveTrigger>("schedule", "push"),
        version,
        fc.boolean(),
        (w, trigger, v, pick) => {
          const { upstreams, here } = build(w);
          // Half the pushes are of the version the first upstream environment released, the one most likely to start.
          const pushed = (pick && releasedOracle(upstreams[0]?.rollouts ?? [])?.sha) || v;
          const decision = runWave(trigger, here, upstreams, trigger === "schedule" ? undefined : pushed);
          const current = here.newest;
          const busy = current !== undefined && ["pending", "rolling", "paused"].includes(current.phase);
          if (trigger === "schedule" && busy) expect(decision.kind).toBe("proceed");
          if (decision.kind !== "start") return;
          expect(busy).toBe(false);
          expect(newestOf(here.rollouts, decision.sha)).toBeUndefined();
          for (const u of upstreams) {
            const last = current && newestOf(u.rollouts, current.sha);
            if (last)
              expect(newestOf(u.rollouts, decision.sha)?.deploymentId).toBeGreaterThan(last.deploymentId);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it("a person's start goes ahead only for a version whose newest rollout in every upstream environment is complete", () => {
    fc.assert(
      fc.property(world, version, (w, v) => {
        const { upstreams, here } = build(w);
        const decision = runWave("explicit", here, upstreams, v);
        const asked = waveQuestion("explicit", here.newest, v).ask === "version";
        if (!asked) return;
        const complete = upstreams.every((u) => newestOf(u.rollouts, v)?.phase === "complete");
        expect(decision.kind).toBe(complete ? "proceed" : "refuse");
      }),
    );
  });

  it("a scheduled advance does start the released version when nothing rules it out (the wave moves)", () => {
    fc.assert(
      fc.property(world, (w) => {
        const { upstreams, here } = build({ ...w, upstreams: w.upstreams.slice(0, 1) });
        const [up] = upstreams as [Environment];
        const released = releasedOracle(up.rollouts);
        const current = here.newest;
        const busy = current !== undefined && ["pending", "rolling", "paused"].includes(current.phase);
        if (!released || busy || newestOf(here.rollouts, released.sha)) return;
        const last = current && newestOf(up.rollouts, current.sha);
        if (last && last.deploymentId > released.deploymentId) return;
        expect(runWave("schedule", here, upstreams)).toMatchObject({ kind: "start", sha: released.sha });
      }),
    );
  });
});

describe("examples/wave.yml", () => {
  interface Job {
    needs?: string | string[];
    steps: { uses?: string; with?: Record<string, unknown> }[];
  }
  const workflow = parse(
    readFileSync(join(import.meta.dirname, "..", "..", "..", "examples", "wave.yml"), "utf8"),
  ) as { jobs: Record<string, Job> };
  const jobs = Object.entries(workflow.jobs).map(([id, job]) => {
    const step = job.steps.find((st) => st.uses?.startsWith("phased-rollout/phased-rollout@"));
    const environment = String(step?.with?.environment);
    const after = parseAfter(step?.with?.after as string | undefined, environment);
    const needs = job.needs === undefined ? [] : [job.needs].flat();
    return { id, environment, after, needs };
  });

  it("declares a wave with no cycle, each environment after one a job of the workflow rolls out", () => {
    expect(jobs.map((j) => [j.environment, j.after])).toEqual([
      ["staging", []],
      ["eu", ["staging"]],
      ["us", ["eu"]],
    ]);
    expect(findCycle(new Map(jobs.map((j) => [j.environment, j.after])))).toBeUndefined();
  });

  it("runs each job after the jobs of the environments it follows", () => {
    for (const job of jobs) {
      const upstreamJobs = job.after.map((env) => jobs.find((j) => j.environment === env)?.id);
      expect(job.needs, job.id).toEqual(upstreamJobs);
    }
  });
});
