// The heart: where the rollout stands + what was asked + gate verdicts → one decision. Pure: no I/O, no clock.

import { clip, formatDuration, formatPercent, formatTime, shortSha as short } from "../format.ts";
import {
  type Command,
  type CommandSource,
  type GateVerdict,
  isInFlight,
  type Rollout,
  rolloutView,
  type RolloutView,
  type TransitionEvent,
} from "./model.ts";
import { stageIndexOf } from "./plan.ts";
import type { WaveDecision } from "./wave.ts";
import { checkDecision, type CheckSubject, checkSubject } from "./check.ts";

export type DecisionKind =
  "start" | "advance" | "hold" | "complete" | "rollback" | "pause" | "resume" | "none";

/** The transition a decision records: a status, and for a start the deployment to put it on. */
export interface TransitionRecord {
  event: TransitionEvent;
  stageIndex: number;
  percent: number;
  actor?: string;
  note?: string;
  /** Open a new deployment for the target version before recording. */
  newRollout?: { sha: string; stages: number[]; baselineSha?: string };
  /** An in-flight rollout of another version that this start replaces. */
  supersede?: Rollout;
}

export interface Decision {
  kind: DecisionKind;
  record?: TransitionRecord;
  /** Set when the command could not be carried out as asked, or the rollout stalled: the step fails with it. */
  error?: string;
  stageIndex: number;
  stageCount: number;
  percent: number;
  previousPercent: number;
  reason: string;
  /** The rollout the decision is about: the one it acts on, or the one a start opens. */
  subject?: RolloutView;
}

/** A freeze in force at the decision's instant (rollout/freeze.ts finds it; main passes it in). */
export interface FreezeInForce {
  /** The window in force, then those that keep the freeze going without a gap, in order. */
  names: string[];
  /** When no window is in force any more. */
  until: Date;
  /** Windows keep each other going past what was looked at: `until` is only a lower bound. */
  endless: boolean;
  /** The zone `until` is shown in: that of the window that ends the freeze (UTC for a one-off window). */
  timeZone: string;
}

export interface DecideInput {
  command: Command;
  source: CommandSource;
  /** The environment's newest rollout. */
  current?: Rollout;
  /** For a current rollout whose start was never recorded: the one in flight it replaces. */
  replacing?: Rollout;
  /** For start: the version to roll out, its newest earlier rollout, and the baseline it would replace. */
  target?: { sha: string; earlier?: Rollout; baselineSha?: string };
  stages: number[];
  now: Date;
  bakeTimeSeconds: number;
  /** A stage held this long for want of evidence fails the step (it still records nothing). */
  stallAfterSeconds?: number;
  force: boolean;
  actor: string;
  reason?: string;
  runId: number;
  /** Set while a `freeze` window is in force: no rollout gains traffic. */
  freeze?: FreezeInForce;
  /** With `after`: what the wave says (rollout/wave.ts waveDecision), from the upstream environments' state. */
  wave?: WaveDecision;
}

/**
 * The decision waits on the gates: evaluate them for `rollout`'s current stage, then `decide` with their
 * verdicts. The one place where the decision hands control back, typed so the caller cannot skip it.
 */
export interface NeedsGates {
  kind: "need-gates";
  /** What the gates are evaluated for: a rollout, or (for check) the version a start would roll out. */
  rollout: Rollout | CheckSubject;
  decide(gates: readonly GateVerdict[], now: Date): Decision;
}

export type Step = Decision | NeedsGates;

function needsGates(rollout: Rollout, decide: NeedsGates["decide"]): NeedsGates {
  return { kind: "need-gates", rollout, decide };
}

const EVENT_DECISION: { [E in TransitionEvent]: DecisionKind } = {
  started: "start",
  advanced: "advance",
  promoted: "advance",
  paused: "pause",
  resumed: "resume",
  "rolled back": "rollback",
  completed: "complete",
  superseded: "none",
  failed: "none",
};

function at(r: Rollout): string {
  return `stage ${r.stageIndex + 1}/${r.stages.length} (${formatPercent(r.stages[r.stageIndex] ?? r.percent)})`;
}

function stay(r: Rollout, kind: DecisionKind, reason: string, error?: string): Decision {
  return {
    kind,
    stageIndex: r.stageIndex,
    stageCount: r.stages.length,
    percent: r.percent,
    previousPercent: r.percent,
    reason,
    ...(error && { error }),
    subject: rolloutView(r),
  };
}

function move(r: Rollout, kind: DecisionKind, record: TransitionRecord, reason: string): Decision {
  return {
    kind,
    record,
    stageIndex: record.stageIndex,
    stageCount: r.stages.length,
    percent: record.percent,
    previousPercent: r.percent,
    reason,
    subject: rolloutView(r),
  };
}

function nothing(stages: number[], reason: string, error?: string): Decision {
  return {
    kind: "none",
    stageIndex: 0,
    stageCount: stages.length,
    percent: 0,
    previousPercent: 0,
    reason,
    ...(error && { error }),
  };
}

function phaseSentence(r: Rollout): string {
  switch (r.phase) {
    case "complete":
      return `the rollout of ${short(r.sha)} is complete at 100%`;
    case "rolled-back":
      return `the rollout of ${short(r.sha)} was rolled back at ${at(r)}`;
    case "superseded":
      return `the rollout of ${short(r.sha)} was superseded`;
    case "paused": {
      const by = r.pausedBy?.actor ? ` by @${r.pausedBy.actor}` : "";
      const why = r.pausedBy?.note ? `: ${r.pausedBy.note}` : "";
      return `the rollout of ${short(r.sha)} is paused at ${at(r)}${by}${why}`;
    }
    case "pending":
      return `the rollout of ${short(r.sha)} was opened but its start was never recorded`;
    case "rolling":
      return `the rollout of ${short(r.sha)} is at ${at(r)}`;
  }
}

// Shadow gates (dry-run: true) are evaluated and reported, but never decide.
function failing(gates: readonly GateVerdict[]): GateVerdict[] {
  return gates.filter((g) => !g.shadow && g.verdict === "fail");
}

function missing(gates: readonly GateVerdict[]): GateVerdict[] {
  return gates.filter((g) => !g.shadow && (g.verdict === "inconclusive" || g.verdict === "error"));
}

function list(gates: readonly GateVerdict[]): string {
  // Each message bounded: the reason is an output and a status note, and a server may write pages.
  return gates.map((g) => `${g.name}: ${clip(g.message, 300)}`).join("; ");
}

function names(gates: readonly GateVerdict[]): string {
  return gates.map((g) => g.name).join(", ");
}

function startRecord(
  sha: string,
  stages: number[],
  baselineSha: string | undefined,
  actor?: string,
  note?: string,
): TransitionRecord {
  return {
    event: "started",
    stageIndex: 0,
    percent: stages[0] as number,
    ...(actor && { actor }),
    ...(note && { note }),
    newRollout: { sha, stages, ...(baselineSha && { baselineSha }) },
  };
}

function manualActor(input: DecideInput): string | undefined {
  return input.source === "event" ? undefined : input.actor;
}

/** `the freeze "weekend", until Mon 2026-03-30 10:00 Europe/Berlin (08:00 UTC)` */
function theFreeze(f: FreezeInForce): string {
  const names = f.names.map((n) => `"${n}"`).join(", then ");
  return `the freeze ${names}, until ${f.endless ? "at least " : ""}${formatTime(f.until, f.timeZone)}`;
}

function during(f: FreezeInForce): string {
  return `during ${theFreeze(f)}`;
}

/**
 * How a freeze in force bears on a command that would give a rollout traffic: `override` (a person's start or
 * promote with force and a reason, recorded), `refuse` (force without a reason: the step fails), or `hold`.
 */
function freezeVerdict(
  input: DecideInput,
  f: FreezeInForce,
  asked: string,
): { kind: "hold" } | { kind: "refuse"; error: string } | { kind: "override"; note: string } {
  const byPerson =
    input.source !== "event" && (input.command.kind === "start" || input.command.kind === "promote");
  if (!byPerson || !input.force) return { kind: "hold" };
  if (!input.reason) {
    return {
      kind: "refuse",
      error: `${asked} is frozen by "${f.names[0] ?? ""}" until ${f.endless ? "at least " : ""}${formatTime(f.until, f.timeZone)}; force: true overrides a freeze only with a reason: give one (the reason input) to say why, and it is recorded`,
    };
  }
  return { kind: "override", note: `overrode freeze "${f.names[0] ?? ""}"` };
}

const OVERRIDE_HINT = "force: true with a reason overrides a freeze";

/** A hold that records nothing, with or without a rollout to report on. */
function holdOn(input: DecideInput, r: Rollout | undefined, reason: string, error?: string): Decision {
  if (r) return stay(r, "hold", reason, error);
  return { ...nothing(input.stages, reason, error), kind: "hold" };
}

function decideStart(input: DecideInput, because?: string): Step {
  const { current, target, stages } = input;
  if (!target) return nothing(stages, "no version to start", "start needs a version (ref)");
  const sha = target.sha;
  const auto = input.source === "event";
  if (current && current.sha === sha) {
    if (current.phase === "pending") return completeStart(current, input);
    if (current.phase === "rolling" || current.phase === "paused") {
      if (auto) return decideAdvance({ ...input, command: { kind: "advance" } }, current);
      return stay(current, "none", `${phaseSentence(current)}; it is already rolling out`);
    }
    if (current.phase === "complete")
      return stay(current, "none", `${phaseSentence(current)}; nothing to start`);
    if (auto) {
      return stay(
        current,
        "none",
        `${phaseSentence(current)}; a push never retries it, start it explicitly (command: start) to try again`,
      );
    }
  } else if (target.earlier && auto) {
    return stay(
      target.earlier,
      "none",
      `${short(sha)} already had a rollout in ${target.earlier.environment} (${target.earlier.phase}); a push never starts it again, use command: start`,
    );
  }
  let overrode: string | undefined;
  if (input.freeze) {
    const f = freezeVerdict(input, input.freeze, "start");
    if (f.kind === "refuse") return holdOn(input, current, f.error, f.error);
    if (f.kind === "hold") {
      // A wave's start (`because`) is picked again by the follower's schedule; a push's is not.
      const then = !auto
        ? OVERRIDE_HINT
        : because
          ? "the first scheduled run after it lifts starts it"
          : "re-run this workflow run once it lifts, or start it then with command: start";
      return holdOn(input, current, `${short(sha)} not started ${during(input.freeze)}; ${then}`);
    }
    overrode = f.note;
  }
  const retry = target.earlier?.phase === "rolled-back" ? "retry after rollback" : undefined;
  const note = [overrode, retry, input.reason].filter(Boolean).join(": ") || undefined;
  const record = startRecord(sha, stages, target.baselineSha, manualActor(input), note);
  if (current && isInFlight(current) && current.sha !== sha) record.supersede = current;
  const base = target.baselineSha ? `, replacing ${short(target.baselineSha)}` : "";
  const superseding = record.supersede ? `; supersedes the rollout of ${short(record.supersede.sha)}` : "";
  return {
    kind: "start",
    record,
    stageIndex: 0,
    stageCount: stages.length,
    percent: record.percent,
    previousPercent: 0,
    reason: `started ${short(sha)} at stage 1/${stages.length} (${formatPercent(record.percent)})${base}${superseding}${because ? `: ${because}` : ""}`,
    subject: { sha, stages, ...(target.baselineSha && { baselineSha: target.baselineSha }) },
  };
}

/** A deployment whose start status was never written: write it now, as the earlier run meant to. */
function completeStart(r: Rollout, input: DecideInput): Decision {
  const notes = ["start recorded late"];
  if (input.freeze) {
    const f = freezeVerdict(input, input.freeze, input.command.kind);
    if (f.kind === "refuse") return stay(r, "hold", f.error, f.error);
    if (f.kind === "hold") {
      return stay(
        r,
        "hold",
        `the start of ${short(r.sha)}, which an earlier run left unrecorded, waits for the end of ${theFreeze(input.freeze)}`,
      );
    }
    notes.unshift(f.note);
  }
  const record: TransitionRecord = {
    event: "started",
    stageIndex: 0,
    percent: r.stages[0] as number,
    note: notes.join("; "),
  };
  const actor = manualActor(input);
  if (actor) record.actor = actor;
  if (input.replacing) record.supersede = input.replacing;
  return move(
    r,
    "start",
    record,
    `recorded the start of ${short(r.sha)} that an earlier run left unrecorded`,
  );
}

function decideAdvance(input: DecideInput, r: Rollout): Step {
  if (r.phase === "pending") return completeStart(r, input);
  if (r.phase !== "rolling") return stay(r, r.phase === "paused" ? "hold" : "none", phaseSentence(r));
  const live = (input.now.getTime() - r.stageStartedAt.getTime()) / 1000;
  if (!(live >= input.bakeTimeSeconds)) {
    const baking = `${formatDuration(live)} of its ${formatDuration(input.bakeTimeSeconds)} bake time`;
    if (input.freeze) {
      return stay(
        r,
        "hold",
        `holding at ${at(r)} ${during(input.freeze)}; the stage has been live ${baking}`,
      );
    }
    return stay(r, "hold", `${at(r)} has been live ${baking}`);
  }
  return needsGates(r, (gates, now) =>
    advanceOnGates(input, r, gates, (now.getTime() - r.stageStartedAt.getTime()) / 1000),
  );
}

/** An advance past bake time, once the gates have spoken: roll back, hold, or move on. */
function advanceOnGates(
  input: DecideInput,
  r: Rollout,
  gates: readonly GateVerdict[],
  live: number,
): Decision {
  const fails = failing(gates);
  if (fails.length > 0) {
    const note = `${names(fails)} failed`;
    return move(
      r,
      "rollback",
      { event: "rolled back", stageIndex: r.stageIndex, percent: 0, note },
      `rolled back ${short(r.sha)} from ${at(r)}: ${list(fails)}`,
    );
  }
  // Evidence of harm still rolls back; short of that, a gate that cannot ask holds and fails the step.
  const broken = gates.filter((g) => !g.shadow && g.misconfigured === true);
  if (broken.length > 0) {
    const reason = `holding at ${at(r)}: a gate is misconfigured, so the rollout cannot be judged; fix it, then run command: check — ${list(broken)}`;
    return stay(r, "hold", reason, reason);
  }
  const held = missing(gates);
  const frozen = input.freeze ? ` ${during(input.freeze)}` : "";
  if (held.length > 0) {
    const reason = `holding at ${at(r)}${frozen} until the gates have evidence: ${list(held)}`;
    if (input.stallAfterSeconds !== undefined && live >= input.stallAfterSeconds) {
      const stalled = `${at(r)} has waited ${formatDuration(live)} for evidence, past stall-after (${formatDuration(input.stallAfterSeconds)}): ${list(held)}`;
      return stay(r, "hold", reason, stalled);
    }
    return stay(r, "hold", reason);
  }
  const deciding = gates.filter((g) => !g.shadow);
  const why = deciding.length ? "gates passed" : "bake time passed, no gates";
  if (frozen) return stay(r, "hold", `holding at ${at(r)}${frozen}; ${why}`);
  if (r.stageIndex === r.stages.length - 1) {
    return move(
      r,
      "complete",
      { event: "completed", stageIndex: r.stageIndex, percent: 100, note: why },
      `completed the rollout of ${short(r.sha)}: ${why}`,
    );
  }
  const next = r.stageIndex + 1;
  const percent = r.stages[next] as number;
  return move(
    r,
    "advance",
    { event: "advanced", stageIndex: next, percent, note: why },
    `advanced ${short(r.sha)} to stage ${next + 1}/${r.stages.length} (${formatPercent(percent)}): ${why}`,
  );
}

function decidePromote(input: DecideInput, r: Rollout, to: number | "full" | undefined): Step {
  if (r.phase === "paused") return stay(r, "hold", `${phaseSentence(r)}; resume it before promoting`);
  if (r.phase === "pending") return completeStart(r, input);
  if (r.phase !== "rolling") return stay(r, "none", `${phaseSentence(r)}; nothing to promote`);
  const last = r.stages.length - 1;
  let targetIndex = Math.min(r.stageIndex + 1, last);
  if (to === "full") targetIndex = last;
  else if (typeof to === "number") {
    targetIndex = stageIndexOf(r.stages, to);
    if (targetIndex < 0) {
      const msg = `promote to ${to}: ${formatPercent(to)} is not a stage of the plan (${r.stages.join(", ")})`;
      return stay(r, "none", msg, msg);
    }
    if (targetIndex <= r.stageIndex) {
      const msg = `promote to ${to}: the rollout is already at ${formatPercent(r.percent)}`;
      return stay(r, "none", msg, msg);
    }
  }
  let overrode: string | undefined;
  if (input.freeze) {
    const asked = to === "full" ? "promote --full" : typeof to === "number" ? `promote to ${to}` : "promote";
    const f = freezeVerdict(input, input.freeze, asked);
    if (f.kind === "refuse") return stay(r, "hold", f.error, f.error);
    if (f.kind === "hold") {
      return stay(r, "hold", `promote held at ${at(r)} ${during(input.freeze)}; ${OVERRIDE_HINT}`);
    }
    overrode = f.note;
  }
  return needsGates(r, (gates) => promoteOnGates(input, r, to, targetIndex, gates, overrode));
}

/** A promotion, once the gates have spoken: a failing or misconfigured gate blocks it unless forced. */
function promoteOnGates(
  input: DecideInput,
  r: Rollout,
  to: number | "full" | undefined,
  targetIndex: number,
  gates: readonly GateVerdict[],
  overrode?: string,
): Decision {
  const last = r.stages.length - 1;
  const fails = failing(gates);
  if (fails.length > 0 && !input.force) {
    return stay(r, "hold", `promote blocked at ${at(r)}: ${list(fails)}; set force: true to promote anyway`);
  }
  // A gate that cannot ask is not a gate without evidence: it might fail if it could, and it needs fixing.
  const broken = gates.filter((g) => !g.shadow && g.misconfigured === true);
  if (broken.length > 0 && !input.force) {
    const reason = `promote blocked at ${at(r)}: a gate is misconfigured, so what it would say is unknown; fix it (command: check shows it), or set force: true to promote anyway — ${list(broken)}`;
    return stay(r, "hold", reason, reason);
  }
  // The override first: a status description is cut at 140 characters, and this part must stay on record.
  const notes: string[] = overrode ? [overrode] : [];
  if (fails.length > 0) notes.push(`forced past failing ${names(fails)}`);
  if (broken.length > 0) notes.push(`forced past misconfigured ${names(broken)}`);
  const held = missing(gates).filter((g) => !broken.includes(g));
  if (held.length > 0) notes.push(`without evidence from ${names(held)}`);
  if (input.reason) notes.push(input.reason);
  const note = notes.join("; ") || undefined;
  const actor = manualActor(input);
  // --full releases to everyone and completes at once (as Argo Rollouts' promote --full does), so the version
  // becomes the next rollout's baseline; a plain promote at the last stage completes too.
  const completing = to === "full" || r.stageIndex === last;
  const event: TransitionEvent = completing ? "completed" : "promoted";
  const percent = r.stages[targetIndex] as number;
  const record: TransitionRecord = {
    event,
    stageIndex: targetIndex,
    percent,
    ...(actor && { actor }),
    ...(note && { note }),
  };
  const reason = completing
    ? `completed the rollout of ${short(r.sha)} on ${to === "full" ? "promote --full" : "promotion"}`
    : `promoted ${short(r.sha)} to stage ${targetIndex + 1}/${r.stages.length} (${formatPercent(percent)})`;
  return move(r, completing ? "complete" : "advance", record, note ? `${reason}; ${note}` : reason);
}

function manual(input: DecideInput, r: Rollout, event: TransitionEvent, percent: number): TransitionRecord {
  const actor = manualActor(input);
  const note =
    input.command.kind === "pause" || input.command.kind === "rollback"
      ? (input.command.reason ?? input.reason)
      : input.reason;
  return {
    event,
    stageIndex: r.stageIndex,
    percent,
    ...(actor && { actor }),
    ...(note && { note }),
  };
}

/**
 * What `after` decides before anything else: a wait or a refusal records nothing, a start opens the version the
 * wave names (for a scheduled advance, as the automatic start of that version). Undefined: the wave has no say.
 */
function decideWave(input: DecideInput, wave: WaveDecision): Step | undefined {
  const { current } = input;
  switch (wave.kind) {
    case "proceed":
      return undefined;
    case "wait":
      return current ? stay(current, "none", wave.reason) : nothing(input.stages, wave.reason);
    case "refuse": {
      // `after` is the record the wave relies on; forcing past it would start what no upstream completed.
      const why = input.force ? `${wave.reason}; force does not override after` : wave.reason;
      return current ? stay(current, "none", why, why) : nothing(input.stages, why, why);
    }
    case "start": {
      // The environment's newest completed version, which the new rollout replaces (as readEnvironment finds it).
      const baselineSha = current?.phase === "complete" ? current.sha : current?.baselineSha;
      const target =
        input.target?.sha === wave.sha
          ? input.target
          : { sha: wave.sha, ...(baselineSha && { baselineSha }) };
      return decideStart({ ...input, command: { kind: "start" }, target }, wave.reason);
    }
  }
}

/** Every gate now, for the rollout in flight or the version a start would roll out; see check.ts. */
function decideCheck(input: DecideInput): Step {
  const subject = checkSubject(input);
  if (!subject)
    return nothing(input.stages, "nothing to check: no rollout in flight and no version to start");
  return { kind: "need-gates", rollout: subject, decide: (gates) => checkDecision(subject, gates) };
}

export function decide(input: DecideInput): Step {
  const { command, current } = input;
  const waved = input.wave && decideWave(input, input.wave);
  if (waved) return waved;
  if (command.kind === "start") {
    if (current && current.sha === input.target?.sha) {
      const rerun = rerunOf(input, current);
      if (rerun) return rerun;
    }
    return decideStart(input);
  }
  if (command.kind === "help") return nothing(input.stages, "help lists the commands");
  if (command.kind === "replay") return nothing(input.stages, "replay decides nothing");
  if (command.kind === "check") return decideCheck(input);
  if (!current)
    return nothing(input.stages, `no rollout in this environment yet; push a version or run command: start`);
  if (command.kind === "status") return stay(current, "none", phaseSentence(current));
  const rerun = rerunOf(input, current);
  if (rerun) return rerun;
  switch (command.kind) {
    case "advance":
      return decideAdvance(input, current);
    case "promote":
      return decidePromote(input, current, command.to);
    case "pause":
      if (current.phase !== "rolling")
        return stay(current, "none", `${phaseSentence(current)}; nothing to pause`);
      return move(
        current,
        "pause",
        manual(input, current, "paused", current.percent),
        `paused ${short(current.sha)} at ${at(current)}`,
      );
    case "resume":
      if (current.phase !== "paused")
        return stay(current, "none", `${phaseSentence(current)}; nothing to resume`);
      return move(
        current,
        "resume",
        manual(input, current, "resumed", current.percent),
        `resumed ${short(current.sha)} at ${at(current)}; the next advance checks bake time and gates`,
      );
    case "rollback":
      if (!isInFlight(current) && current.phase !== "complete") {
        return stay(current, "none", `${phaseSentence(current)}; nothing to roll back`);
      }
      return move(
        current,
        "rollback",
        manual(input, current, "rolled back", 0),
        `rolled back ${short(current.sha)} from ${formatPercent(current.percent)} to 0%`,
      );
  }
}

/** Another run recorded a transition between this run's reading and its writing: report that, record nothing. */
export function yieldTo(current: Rollout | undefined, stages: number[], why: string): Decision {
  return current ? stay(current, "none", why) : nothing(stages, why);
}

/** A re-run of the workflow run that recorded the latest transition records nothing new and repeats that outcome. */
function rerunOf(input: DecideInput, r: Rollout): Decision | undefined {
  const last = r.transitions.findLast((t) => t.event !== "failed");
  if (!last || input.runId === 0 || last.runId !== input.runId) return undefined;
  return {
    ...stay(
      r,
      EVENT_DECISION[last.event],
      `this workflow run already recorded "${last.event}" (${phaseSentence(r)}); a re-run records nothing new`,
    ),
  };
}
