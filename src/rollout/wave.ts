// Waves (the `after` input): an environment starts a version only once every environment it follows completed
// it. Pure: the store fetches what `nextReads` asks for and hands it back; nothing here reads a clock or the API.
// Semantics, costs and the reasons behind the rules: docs/waves-and-freezes.md.

import { formatPercent } from "../format.ts";
import type { Command, CommandSource } from "./model.ts";

export class WaveConfigError extends Error {
  override name = "WaveConfigError";
}

// Each environment in `after` costs up to MAX_READS_PER_UPSTREAM requests per run, from a budget of 1,000 an hour.
export const MAX_AFTER = 10;
// GitHub's rule for environment names: "Environment names are not case sensitive. An environment name may not
// exceed 255 characters" (docs.github.com, Managing environments for deployment, "Creating an environment").
const MAX_ENVIRONMENT_NAME = 255;

/** What is wrong with an environment's name, or undefined when GitHub would take it. */
export function environmentNameProblem(name: string): string | undefined {
  if (name.length > MAX_ENVIRONMENT_NAME)
    return `is longer than GitHub allows (at most ${MAX_ENVIRONMENT_NAME} characters)`;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return "has control characters";
  }
  return undefined;
}

/** GitHub compares environment names without regard to case, so the wave does too. */
export function sameEnvironment(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * The environments named by `after` (commas or lines between names; `- name` lines as a YAML list gives them),
 * in the order written. Throws a WaveConfigError naming the entry and what to do.
 */
export function parseAfter(text: string | undefined, environment: string): string[] {
  if (text === undefined || text.trim() === "") return [];
  // Lines, then commas within a line; a line may end with a comma and blank lines are skipped.
  const entries = text
    .split("\n")
    .map((line) => line.trim().replace(/^-\s+/, "").replace(/,$/, ""))
    .filter((line) => line !== "")
    .flatMap((line) => line.split(","))
    .map((part, index) => ({ name: part.trim(), index }));
  const names: string[] = [];
  for (const { name, index } of entries) {
    if (name === "") {
      throw new WaveConfigError(
        `entry ${index + 1} is empty; separate environment names with one comma or line`,
      );
    }
    const problem = environmentNameProblem(name);
    if (problem) throw new WaveConfigError(`"${name.slice(0, 60)}" ${problem}`);
    if (sameEnvironment(name, environment)) {
      throw new WaveConfigError(
        `"${name}" is this environment; list the environments that must complete a version before ${environment} starts it`,
      );
    }
    if (names.some((n) => sameEnvironment(n, name))) {
      throw new WaveConfigError(`"${name}" is listed twice (GitHub's environment names ignore case)`);
    }
    names.push(name);
  }
  if (names.length > MAX_AFTER) {
    throw new WaveConfigError(
      `lists ${names.length} environments; at most ${MAX_AFTER}, since each one is read on every run`,
    );
  }
  return names;
}

/**
 * A cycle in a whole wave (each environment → its `after` list), as environments in order ending where it
 * started, or undefined. One run sees only its own `after`, so this is for checking a workflow's jobs together:
 * at run time a cycle shows only as environments waiting on each other.
 */
export function findCycle(wave: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const key = (name: string) => name.toLowerCase();
  const edges = new Map<string, { name: string; after: readonly string[] }>();
  for (const [name, after] of wave) edges.set(key(name), { name, after });
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    const k = key(name);
    const open = path.findIndex((p) => key(p) === k);
    if (open >= 0) return [...path.slice(open), path[open] as string];
    if (done.has(k)) return undefined;
    const node = edges.get(k);
    path.push(node?.name ?? name);
    for (const next of node?.after ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    done.add(k);
    return undefined;
  };
  for (const name of wave.keys()) {
    const cycle = visit(name);
    if (cycle) return cycle;
  }
  return undefined;
}

/** The facts of one rollout the wave reads. The store's folded rollout (state.ts `Rollout`) has them all. */
export interface RolloutFacts {
  readonly deploymentId: number;
  readonly sha: string;
  readonly phase: "pending" | "rolling" | "paused" | "complete" | "rolled-back" | "superseded";
  readonly stages: readonly number[];
  /** 0-based. */
  readonly stageIndex: number;
  readonly percent: number;
  /** The environment's newest completed version when this rollout started, as its payload records it. */
  readonly baselineSha?: string | undefined;
  readonly createdAt: Date;
  readonly transitions: readonly { readonly createdAt: Date }[];
}

/** One of an environment's rollout deployments as a list of deployments shows it: no statuses, so no phase. */
export interface ListedRollout {
  readonly deploymentId: number;
  readonly sha: string;
  /** From the payload, fixed at start: the environment's newest completed version then. */
  readonly baselineSha?: string | undefined;
}

/**
 * One request the store makes for an upstream environment:
 * - `newest`: its newest page of rollout deployments (`GET /deployments?environment=&task=rollout&per_page=20`),
 *   ours only (payload readable), in any order;
 * - `version`: the same filtered by `sha`, for a version whose newest rollout is older than that page;
 * - `rollout`: one deployment's statuses (`GET /deployments/{id}/statuses`), folded into its rollout.
 */
export type WaveRead =
  | { readonly kind: "newest"; readonly environment: string }
  | { readonly kind: "version"; readonly environment: string; readonly sha: string }
  | { readonly kind: "rollout"; readonly environment: string; readonly deploymentId: number };

/** What the store has read of one upstream environment so far; it fills these as `nextReads` asks. */
export interface UpstreamReads {
  readonly environment: string;
  newest?: readonly ListedRollout[];
  readonly versions: Map<string, readonly ListedRollout[]>;
  readonly rollouts: Map<number, RolloutFacts>;
}

export function startReads(environment: string): UpstreamReads {
  return { environment, versions: new Map(), rollouts: new Map() };
}

/**
 * What a run needs to know of each upstream environment:
 * - `view`: its newest rollout only, for the summary (a rollout is in flight here, or the command starts nothing);
 * - `candidate`: the version it runs at 100%, for a scheduled advance with nothing in flight here;
 * - `version`: where `sha` stands there, for a push's or a person's start.
 * `lastHere`, the version this environment rolled out last, is what "older" is measured against.
 */
export type WaveQuestion =
  | { readonly ask: "view" }
  | { readonly ask: "candidate"; readonly lastHere?: string }
  | { readonly ask: "version"; readonly sha: string; readonly lastHere?: string };

/** Requests a run makes of one upstream environment at most, whatever its history (see `nextReads`). */
export const MAX_READS_PER_UPSTREAM = 5;

/** What the wave knows of one upstream environment once its reads are done. */
export interface UpstreamSummary {
  readonly environment: string;
  /** Its newest rollout; none when it has had no rollout at all. */
  readonly current?: RolloutFacts;
  /**
   * The rollout whose version it runs at 100%: its newest completed rollout, unless that version was rolled out
   * there again since. For a `version` question, set only when that is the version asked about.
   */
  readonly released?: RolloutFacts;
  /** For a `version` question: that version's newest rollout there, or null if it never had one. */
  readonly target?: RolloutFacts | null;
  /**
   * Whether `released` came after the newest rollout there of the version this environment rolled out last
   * (deployment ids grow with time, and one environment runs one rollout at a time), or that version never ran
   * there. Unset when there is nothing to compare.
   */
  readonly releasedIsNewer?: boolean;
}

function newestFirst(list: readonly ListedRollout[]): ListedRollout[] {
  return [...list].sort((a, b) => b.deploymentId - a.deploymentId);
}

/**
 * The reads still missing for `question`, given what was read; none when `summarizeUpstream` can answer. The
 * store loops: fetch what this asks (in parallel), record it in `reads`, ask again. At most
 * MAX_READS_PER_UPSTREAM requests in all: the newest page, its newest rollout's statuses, and for the version that
 * matters (the one asked about, or the baseline the newest rollout recorded) its deployments filtered by sha when
 * it is older than the page and then its statuses, and the deployments of `lastHere` when both it and the
 * candidate are older than the page.
 */
export function nextReads(reads: UpstreamReads, question: WaveQuestion): WaveRead[] {
  return assess(reads, question).wanted;
}

/** The upstream environment as the wave sees it; throws if `nextReads` still asks for something. */
export function summarizeUpstream(reads: UpstreamReads, question: WaveQuestion): UpstreamSummary {
  const { wanted, summary } = assess(reads, question);
  if (wanted.length > 0) {
    throw new Error(
      `the wave's reads of ${reads.environment} are not done: ${wanted.map((w) => w.kind).join(", ")}`,
    );
  }
  return summary;
}

// One pass over what was read: the reads it still needs, and the summary as far as it can tell.
function assess(
  reads: UpstreamReads,
  question: WaveQuestion,
): { wanted: WaveRead[]; summary: UpstreamSummary } {
  const environment = reads.environment;
  const wanted: WaveRead[] = [];
  if (!reads.newest) return { wanted: [{ kind: "newest", environment }], summary: { environment } };
  const page = newestFirst(reads.newest);
  const top = page[0];
  if (!top) return { wanted, summary: { environment } };

  const facts = (listed: ListedRollout): RolloutFacts | undefined => {
    const known = reads.rollouts.get(listed.deploymentId);
    if (!known && !wanted.some((w) => w.kind === "rollout" && w.deploymentId === listed.deploymentId)) {
      wanted.push({ kind: "rollout", environment, deploymentId: listed.deploymentId });
    }
    return known;
  };
  // A version's newest rollout there: from the page, else from its own list; null if it never had one.
  const locate = (sha: string): ListedRollout | null | undefined => {
    const inPage = page.find((d) => d.sha === sha);
    if (inPage) return inPage;
    const listed = reads.versions.get(sha);
    if (!listed) {
      if (!wanted.some((w) => w.kind === "version" && w.sha === sha))
        wanted.push({ kind: "version", environment, sha });
      return undefined;
    }
    return newestFirst(listed.filter((d) => d.sha === sha))[0] ?? null;
  };

  const current = facts(top);
  if (!current || question.ask === "view")
    return { wanted, summary: { environment, ...(current && { current }) } };

  let released: RolloutFacts | null | undefined;
  let target: RolloutFacts | null | undefined;
  if (question.ask === "candidate") {
    const baseline = top.baselineSha;
    if (current.phase === "complete") released = current;
    // Nothing completed before it, or it rolls the running version out again: nothing runs at 100% to pass on.
    else if (!baseline || baseline === top.sha) released = null;
    else {
      const listed = locate(baseline);
      const found = listed ? facts(listed) : listed;
      if (found !== undefined) released = found?.phase === "complete" ? found : null;
    }
  } else {
    const listed = locate(question.sha);
    target = listed ? facts(listed) : listed;
    if (target !== undefined) {
      // The newest completed rollout there is the newest one if complete, else the baseline the newest recorded.
      const newestCompleted =
        target?.deploymentId === top.deploymentId ||
        (current.phase !== "complete" && top.baselineSha === question.sha);
      released = target?.phase === "complete" && newestCompleted ? target : null;
    }
  }

  let releasedIsNewer: boolean | undefined;
  const lastHere = question.lastHere;
  if (released && lastHere !== undefined && lastHere !== released.sha) {
    const releasedInPage = page.some((d) => d.deploymentId === released.deploymentId);
    // Not in the page while the released one is: older than the whole page, or never there.
    const last = page.find((d) => d.sha === lastHere) ?? (releasedInPage ? null : locate(lastHere));
    if (last !== undefined) releasedIsNewer = last === null || released.deploymentId > last.deploymentId;
  }

  return {
    wanted,
    summary: {
      environment,
      current,
      ...(released && { released }),
      ...(target !== undefined && { target }),
      ...(releasedIsNewer !== undefined && { releasedIsNewer }),
    },
  };
}

const short = (sha: string) => sha.slice(0, 7);

function inFlight(r: RolloutFacts): boolean {
  return r.phase === "pending" || r.phase === "rolling" || r.phase === "paused";
}

/** "eu", "eu and us", "eu, us and ap". */
function names(list: readonly { environment: string }[]): string {
  const all = list.map((u) => u.environment);
  return all.length <= 2 ? all.join(" and ") : `${all.slice(0, -1).join(", ")} and ${all.at(-1) ?? ""}`;
}

function stageOf(r: RolloutFacts, withPercent: boolean): string {
  const at = `stage ${r.stageIndex + 1}/${r.stages.length}`;
  return withPercent ? `${at} (${formatPercent(r.percent)})` : at;
}

/** "is at stage 2/5 (5%)", "was rolled back at stage 3/5", … */
function standing(r: RolloutFacts): string {
  switch (r.phase) {
    case "pending":
      return "was opened, its start not yet recorded";
    case "rolling":
      return `is at ${stageOf(r, true)}`;
    case "paused":
      return `is paused at ${stageOf(r, true)}`;
    case "complete":
      return "is complete";
    case "rolled-back":
      return `was rolled back at ${stageOf(r, false)}`;
    case "superseded":
      return `was superseded at ${stageOf(r, false)}`;
  }
}

/** A trigger as the wave tells them apart. */
export type WaveTrigger =
  /** `push`, `release`, `workflow_run`: start for the event's commit (`command: auto`). */
  | "push"
  /** A scheduled `advance` (the only run that picks the version to start by itself). */
  | "schedule"
  /** `start` from a person: `workflow_dispatch` with `command: start`, or a `/rollout start` comment. */
  | "explicit"
  /** Any other command: the wave only shows in the summary. */
  | "other";

/**
 * The trigger a run is, as the wave tells them apart: a start from the event is a push; an advance on the
 * `schedule` event, whatever gave the command, is the scheduled run that may pick a version; a start given by a
 * person (the command input or a comment) is explicit.
 */
export function waveTrigger(command: Command["kind"], source: CommandSource, eventName: string): WaveTrigger {
  if (command === "start") return source === "event" ? "push" : "explicit";
  if (command === "advance" && eventName === "schedule") return "schedule";
  return "other";
}

/**
 * What to ask each upstream environment, given the trigger, this environment's newest rollout and, for a
 * push or a person's start, the version to start.
 */
export function waveQuestion(
  trigger: WaveTrigger,
  here: RolloutFacts | undefined,
  sha?: string,
): WaveQuestion {
  const lastHere = here && { lastHere: here.sha };
  switch (trigger) {
    case "schedule":
      return here && inFlight(here) ? { ask: "view" } : { ask: "candidate", ...lastHere };
    case "push":
      // The version's own rollout here is decide()'s: it advances it, or refuses to start it again.
      return sha === undefined || here?.sha === sha ? { ask: "view" } : { ask: "version", sha, ...lastHere };
    case "explicit":
      // A person may start an older version on purpose, so there is no lastHere; a retry after a rollback or
      // superseding here is a start like any other.
      if (sha === undefined) return { ask: "view" };
      return here?.sha === sha && (inFlight(here) || here.phase === "complete")
        ? { ask: "view" }
        : { ask: "version", sha };
    case "other":
      return { ask: "view" };
  }
}

/** The version every upstream environment runs at 100%, if they agree; what a scheduled advance would start. */
export function waveCandidate(upstreams: readonly UpstreamSummary[]): string | undefined {
  const first = upstreams[0]?.released?.sha;
  return first !== undefined && upstreams.every((u) => u.released?.sha === first) ? first : undefined;
}

export interface WaveInput {
  readonly trigger: WaveTrigger;
  readonly environment: string;
  /** One per environment in `after`, in its order, each read for `waveQuestion(trigger, here, sha)`. */
  readonly upstreams: readonly UpstreamSummary[];
  /** This environment's newest rollout. */
  readonly here?: RolloutFacts;
  /** For a push or a person's start: the version to start. */
  readonly sha?: string;
  /**
   * This environment's newest rollout of the version that would start (`sha`, or for a scheduled advance the
   * `waveCandidate`), if it ever had one: the store's findRolloutOf.
   */
  readonly earlier?: RolloutFacts;
}

/**
 * - `proceed`: the wave has no say; decide() decides as it would without `after`.
 * - `start`: start `sha` (a scheduled advance: as an automatic start of that version; a push: decide() starts it).
 * - `wait`: `decision: none`, nothing written, the step succeeds; the reason names what it waits for.
 * - `refuse`: a person's start that `after` does not allow: `decision: none`, nothing written, the step fails.
 * `warnings` are for annotations, whatever the decision.
 */
export type WaveDecision =
  | { readonly kind: "proceed"; readonly warnings: readonly string[] }
  | {
      readonly kind: "start";
      readonly sha: string;
      readonly reason: string;
      readonly warnings: readonly string[];
    }
  | { readonly kind: "wait" | "refuse"; readonly reason: string; readonly warnings: readonly string[] };

export function waveDecision(input: WaveInput): WaveDecision {
  const warnings = rolledBackUpstream(input);
  const question = waveQuestion(input.trigger, input.here, input.sha);
  if (question.ask === "view" || input.upstreams.length === 0) return { kind: "proceed", warnings };
  if (question.ask === "candidate") return scheduled(input, warnings);
  if (input.trigger === "explicit") return byPerson(input, question.sha, warnings);
  return pushed(input, question.sha, warnings);
}

/** "its newest rollout, bbbbbbb, is at stage 2/5 (5%)" when the newest rollout is not the released one. */
function newestNote(u: UpstreamSummary, subject: string): string {
  const c = u.current;
  if (!c || c.deploymentId === u.released?.deploymentId) return "";
  return ` (${subject} newest rollout, ${short(c.sha)}, ${standing(c)})`;
}

function older(input: WaveInput, version: string, by: string): string | undefined {
  const behind = input.upstreams.filter((u) => u.releasedIsNewer === false);
  if (behind.length === 0 || !input.here) return undefined;
  return `${short(version)}${by} is older in ${names(behind)} than ${short(input.here.sha)}, which was rolled out here last; a wave never goes back to an older version`;
}

function scheduled(input: WaveInput, warnings: readonly string[]): WaveDecision {
  const wait = (reason: string): WaveDecision => ({ kind: "wait", reason, warnings });
  const { upstreams } = input;
  const none = upstreams.filter((u) => !u.released);
  if (none.length > 0) {
    const each = none.map((u) =>
      u.current
        ? `${u.environment} has completed no version to pass on${newestNote(u, "its")}`
        : `${u.environment} has no rollouts (is "${u.environment}" the environment its job rolls out to?)`,
    );
    return wait(`no version to start: ${each.join("; ")}`);
  }
  const version = waveCandidate(upstreams);
  if (version === undefined) {
    const each = upstreams.map(
      (u) => `${u.environment} runs ${short(u.released?.sha ?? "")}${newestNote(u, "its")}`,
    );
    return wait(`no version to start until ${names(upstreams)} complete the same one: ${each.join(", ")}`);
  }
  const by = names(upstreams);
  const completes = upstreams.length === 1 ? "completes" : "complete";
  const lastBy = `, the version ${by} completed last,`;
  if (input.earlier) {
    const notes = upstreams.map((u) => newestNote(u, `${u.environment}'s`)).join("");
    const how =
      input.earlier.phase === "complete" ? "complete" : standing(input.earlier).replace(/^(is|was) /, "");
    return wait(
      `nothing new to start: ${short(version)}${lastBy} was already rolled out here (${how}); the next one starts when ${by} ${completes} a newer version${notes}`,
    );
  }
  const back = older(input, version, lastBy);
  if (back) return wait(`nothing to start: ${back}`);
  return { kind: "start", sha: version, reason: `${short(version)} completed in ${by}`, warnings };
}

/** Why `version` cannot start after `u`, as a clause; undefined when it can. */
function problemIn(u: UpstreamSummary, version: string, needReleased: boolean): string | undefined {
  const env = u.environment;
  const t = u.target;
  if (!t) return `${env} has not started it`;
  switch (t.phase) {
    case "pending":
      return `it was opened in ${env}, its start not yet recorded`;
    case "rolling":
      return `it is at ${stageOf(t, true)} in ${env}`;
    case "paused":
      return `it is paused at ${stageOf(t, true)} in ${env}`;
    case "superseded":
      return `it was superseded in ${env} at ${stageOf(t, false)} before it completed`;
    case "rolled-back":
      return `it was rolled back in ${env} at ${stageOf(t, false)}, and a version rolled back upstream never starts here`;
    case "complete": {
      if (!needReleased || u.released?.sha === version) return undefined;
      const c = u.current;
      const newer = c?.phase === "complete" ? c.sha : c?.baselineSha;
      return newer && newer !== version
        ? `${env} has completed a newer version since (${short(newer)}), which the next scheduled run starts`
        : `${env} has moved on from it since`;
    }
  }
}

function pushed(input: WaveInput, version: string, warnings: readonly string[]): WaveDecision {
  const wait = (reason: string): WaveDecision => ({ kind: "wait", reason, warnings });
  // A push never starts a version that had a rollout here; decide() says so.
  if (input.earlier) return { kind: "proceed", warnings };
  const problems = input.upstreams.flatMap((u) => {
    const p = problemIn(u, version, true);
    return p ? [{ environment: u.environment, p }] : [];
  });
  if (problems.length > 0) {
    return wait(`${short(version)} waits for ${names(problems)}: ${problems.map((x) => x.p).join("; ")}`);
  }
  const here = input.here;
  if (here && inFlight(here)) {
    return wait(
      `${short(here.sha)} ${standing(here)} here; in a wave it finishes before ${short(version)} starts, and the next scheduled run starts the newest version ${names(input.upstreams)} completed`,
    );
  }
  const back = older(input, version, "");
  if (back) return wait(back);
  return {
    kind: "start",
    sha: version,
    reason: `${short(version)} completed in ${names(input.upstreams)}`,
    warnings,
  };
}

function byPerson(input: WaveInput, version: string, warnings: readonly string[]): WaveDecision {
  const problems = input.upstreams.flatMap((u) => {
    const p = problemIn(u, version, false);
    return p ? [{ environment: u.environment, p }] : [];
  });
  if (problems.length === 0) return { kind: "proceed", warnings };
  return {
    kind: "refuse",
    reason: `${short(version)} cannot start in ${input.environment} before it completes in ${names(problems)} (${problems.map((x) => x.p).join("; ")}); complete it there first (promote --full completes it at once)`,
    warnings,
  };
}

/** The version in flight or running here was rolled back upstream, as far as the reads show without more. */
function rolledBackUpstream(input: WaveInput): string[] {
  const here = input.here;
  if (!here || !(inFlight(here) || here.phase === "complete")) return [];
  const how = here.phase === "complete" ? "running here" : "rolling out here";
  return input.upstreams.flatMap((u) => {
    const seen = [u.current, u.target].find((r) => r?.sha === here.sha);
    if (seen?.phase !== "rolled-back") return [];
    return [
      `${short(here.sha)}, ${how}, was rolled back in ${u.environment} at ${stageOf(seen, false)}; a wave does not roll it back here by itself: roll it back here if the same fault applies`,
    ];
  });
}

/** One environment of the wave, as the summary shows it: its newest rollout. */
export interface WaveRow {
  readonly environment: string;
  /** This run's environment (the others are its `after`). */
  readonly here: boolean;
  readonly state: "none" | "opened" | "rolling" | "paused" | "complete" | "rolled back" | "superseded";
  readonly sha?: string;
  readonly shortSha?: string;
  /** 1-based. */
  readonly stage?: number;
  readonly stageCount?: number;
  readonly percent?: number;
  /** When its newest rollout last changed: its newest transition, or its deployment's creation. */
  readonly since?: Date;
  /** Where the rest of the traffic goes while it is not complete: the version it replaces. */
  readonly baselineSha?: string;
}

const ROW_STATE: { [P in RolloutFacts["phase"]]: WaveRow["state"] } = {
  pending: "opened",
  rolling: "rolling",
  paused: "paused",
  complete: "complete",
  "rolled-back": "rolled back",
  superseded: "superseded",
};

function row(environment: string, here: boolean, r: RolloutFacts | undefined): WaveRow {
  if (!r) return { environment, here, state: "none" };
  return {
    environment,
    here,
    sha: r.sha,
    shortSha: short(r.sha),
    stage: r.stageIndex + 1,
    stageCount: r.stages.length,
    percent: r.percent,
    state: ROW_STATE[r.phase],
    since: r.transitions.at(-1)?.createdAt ?? r.createdAt,
    ...(r.phase !== "complete" && r.baselineSha && { baselineSha: r.baselineSha }),
  };
}

/** The wave for the summary: each upstream environment in `after` order, then this one. */
export function waveView(
  environment: string,
  here: RolloutFacts | undefined,
  upstreams: readonly UpstreamSummary[],
): WaveRow[] {
  return [...upstreams.map((u) => row(u.environment, false, u.current)), row(environment, true, here)];
}
