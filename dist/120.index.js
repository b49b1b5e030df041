export const id = 120;
export const ids = [120];
export const modules = {

/***/ 5120:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MAX_AFTER: () => (/* binding */ MAX_AFTER),
/* harmony export */   MAX_READS_PER_UPSTREAM: () => (/* binding */ MAX_READS_PER_UPSTREAM),
/* harmony export */   WaveConfigError: () => (/* binding */ WaveConfigError),
/* harmony export */   environmentNameProblem: () => (/* binding */ environmentNameProblem),
/* harmony export */   findCycle: () => (/* binding */ findCycle),
/* harmony export */   nextReads: () => (/* binding */ nextReads),
/* harmony export */   parseAfter: () => (/* binding */ parseAfter),
/* harmony export */   sameEnvironment: () => (/* binding */ sameEnvironment),
/* harmony export */   startReads: () => (/* binding */ startReads),
/* harmony export */   summarizeUpstream: () => (/* binding */ summarizeUpstream),
/* harmony export */   waveCandidate: () => (/* binding */ waveCandidate),
/* harmony export */   waveDecision: () => (/* binding */ waveDecision),
/* harmony export */   waveQuestion: () => (/* binding */ waveQuestion),
/* harmony export */   waveTrigger: () => (/* binding */ waveTrigger),
/* harmony export */   waveView: () => (/* binding */ waveView)
/* harmony export */ });
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6264);
// Waves (the `after` input): an environment starts a version only once every environment it follows completed
// it. Pure: the store fetches what `nextReads` asks for and hands it back; nothing here reads a clock or the API.
// Semantics, costs and the reasons behind the rules: docs/waves-and-freezes.md.

class WaveConfigError extends Error {
    name = "WaveConfigError";
}
// Each environment in `after` costs up to MAX_READS_PER_UPSTREAM requests per run, from a budget of 1,000 an hour.
const MAX_AFTER = 10;
// GitHub's rule for environment names: "Environment names are not case sensitive. An environment name may not
// exceed 255 characters" (docs.github.com, Managing environments for deployment, "Creating an environment").
const MAX_ENVIRONMENT_NAME = 255;
/** What is wrong with an environment's name, or undefined when GitHub would take it. */
function environmentNameProblem(name) {
    if (name.length > MAX_ENVIRONMENT_NAME)
        return `is longer than GitHub allows (at most ${MAX_ENVIRONMENT_NAME} characters)`;
    for (let i = 0; i < name.length; i++) {
        const code = name.charCodeAt(i);
        if (code < 0x20 || (code >= 0x7f && code <= 0x9f))
            return "has control characters";
    }
    return undefined;
}
/** GitHub compares environment names without regard to case, so the wave does too. */
function sameEnvironment(a, b) {
    return a.toLowerCase() === b.toLowerCase();
}
/**
 * The environments named by `after` (commas or lines between names; `- name` lines as a YAML list gives them),
 * in the order written. Throws a WaveConfigError naming the entry and what to do.
 */
function parseAfter(text, environment) {
    if (text === undefined || text.trim() === "")
        return [];
    // Lines, then commas within a line; a line may end with a comma and blank lines are skipped.
    const entries = text
        .split("\n")
        .map((line) => line.trim().replace(/^-\s+/, "").replace(/,$/, ""))
        .filter((line) => line !== "")
        .flatMap((line) => line.split(","))
        .map((part, index) => ({ name: part.trim(), index }));
    const names = [];
    for (const { name, index } of entries) {
        if (name === "") {
            throw new WaveConfigError(`entry ${index + 1} is empty; separate environment names with one comma or line`);
        }
        const problem = environmentNameProblem(name);
        if (problem)
            throw new WaveConfigError(`"${name.slice(0, 60)}" ${problem}`);
        if (sameEnvironment(name, environment)) {
            throw new WaveConfigError(`"${name}" is this environment; list the environments that must complete a version before ${environment} starts it`);
        }
        if (names.some((n) => sameEnvironment(n, name))) {
            throw new WaveConfigError(`"${name}" is listed twice (GitHub's environment names ignore case)`);
        }
        names.push(name);
    }
    if (names.length > MAX_AFTER) {
        throw new WaveConfigError(`lists ${names.length} environments; at most ${MAX_AFTER}, since each one is read on every run`);
    }
    return names;
}
/**
 * A cycle in a whole wave (each environment → its `after` list), as environments in order ending where it
 * started, or undefined. One run sees only its own `after`, so this is for checking a workflow's jobs together:
 * at run time a cycle shows only as environments waiting on each other.
 */
function findCycle(wave) {
    const key = (name) => name.toLowerCase();
    const edges = new Map();
    for (const [name, after] of wave)
        edges.set(key(name), { name, after });
    const done = new Set();
    const path = [];
    const visit = (name) => {
        const k = key(name);
        const open = path.findIndex((p) => key(p) === k);
        if (open >= 0)
            return [...path.slice(open), path[open]];
        if (done.has(k))
            return undefined;
        const node = edges.get(k);
        path.push(node?.name ?? name);
        for (const next of node?.after ?? []) {
            const cycle = visit(next);
            if (cycle)
                return cycle;
        }
        path.pop();
        done.add(k);
        return undefined;
    };
    for (const name of wave.keys()) {
        const cycle = visit(name);
        if (cycle)
            return cycle;
    }
    return undefined;
}
function startReads(environment) {
    return { environment, versions: new Map(), rollouts: new Map() };
}
/** Requests a run makes of one upstream environment at most, whatever its history (see `nextReads`). */
const MAX_READS_PER_UPSTREAM = 5;
function newestFirst(list) {
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
function nextReads(reads, question) {
    return assess(reads, question).wanted;
}
/** The upstream environment as the wave sees it; throws if `nextReads` still asks for something. */
function summarizeUpstream(reads, question) {
    const { wanted, summary } = assess(reads, question);
    if (wanted.length > 0) {
        throw new Error(`the wave's reads of ${reads.environment} are not done: ${wanted.map((w) => w.kind).join(", ")}`);
    }
    return summary;
}
// One pass over what was read: the reads it still needs, and the summary as far as it can tell.
function assess(reads, question) {
    const environment = reads.environment;
    const wanted = [];
    if (!reads.newest)
        return { wanted: [{ kind: "newest", environment }], summary: { environment } };
    const page = newestFirst(reads.newest);
    const top = page[0];
    if (!top)
        return { wanted, summary: { environment } };
    const facts = (listed) => {
        const known = reads.rollouts.get(listed.deploymentId);
        if (!known && !wanted.some((w) => w.kind === "rollout" && w.deploymentId === listed.deploymentId)) {
            wanted.push({ kind: "rollout", environment, deploymentId: listed.deploymentId });
        }
        return known;
    };
    // A version's newest rollout there: from the page, else from its own list; null if it never had one.
    const locate = (sha) => {
        const inPage = page.find((d) => d.sha === sha);
        if (inPage)
            return inPage;
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
    let released;
    let target;
    if (question.ask === "candidate") {
        const baseline = top.baselineSha;
        if (current.phase === "complete")
            released = current;
        // Nothing completed before it, or it rolls the running version out again: nothing runs at 100% to pass on.
        else if (!baseline || baseline === top.sha)
            released = null;
        else {
            const listed = locate(baseline);
            const found = listed ? facts(listed) : listed;
            if (found !== undefined)
                released = found?.phase === "complete" ? found : null;
        }
    }
    else {
        const listed = locate(question.sha);
        target = listed ? facts(listed) : listed;
        if (target !== undefined) {
            // The newest completed rollout there is the newest one if complete, else the baseline the newest recorded.
            const newestCompleted = target?.deploymentId === top.deploymentId ||
                (current.phase !== "complete" && top.baselineSha === question.sha);
            released = target?.phase === "complete" && newestCompleted ? target : null;
        }
    }
    let releasedIsNewer;
    const lastHere = question.lastHere;
    if (released && lastHere !== undefined && lastHere !== released.sha) {
        const releasedInPage = page.some((d) => d.deploymentId === released.deploymentId);
        // Not in the page while the released one is: older than the whole page, or never there.
        const last = page.find((d) => d.sha === lastHere) ?? (releasedInPage ? null : locate(lastHere));
        if (last !== undefined)
            releasedIsNewer = last === null || released.deploymentId > last.deploymentId;
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
const short = (sha) => sha.slice(0, 7);
function inFlight(r) {
    return r.phase === "pending" || r.phase === "rolling" || r.phase === "paused";
}
/** "eu", "eu and us", "eu, us and ap". */
function names(list) {
    const all = list.map((u) => u.environment);
    return all.length <= 2 ? all.join(" and ") : `${all.slice(0, -1).join(", ")} and ${all.at(-1) ?? ""}`;
}
function stageOf(r, withPercent) {
    const at = `stage ${r.stageIndex + 1}/${r.stages.length}`;
    return withPercent ? `${at} (${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .formatPercent */ .l9)(r.percent)})` : at;
}
/** "is at stage 2/5 (5%)", "was rolled back at stage 3/5", … */
function standing(r) {
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
/**
 * The trigger a run is, as the wave tells them apart: a start from the event is a push; an advance on the
 * `schedule` event, whatever gave the command, is the scheduled run that may pick a version; a start given by a
 * person (the command input or a comment) is explicit.
 */
function waveTrigger(command, source, eventName) {
    if (command === "start")
        return source === "event" ? "push" : "explicit";
    if (command === "advance" && eventName === "schedule")
        return "schedule";
    return "other";
}
/**
 * What to ask each upstream environment, given the trigger, this environment's newest rollout and, for a
 * push or a person's start, the version to start.
 */
function waveQuestion(trigger, here, sha) {
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
            if (sha === undefined)
                return { ask: "view" };
            return here?.sha === sha && (inFlight(here) || here.phase === "complete")
                ? { ask: "view" }
                : { ask: "version", sha };
        case "other":
            return { ask: "view" };
    }
}
/** The version every upstream environment runs at 100%, if they agree; what a scheduled advance would start. */
function waveCandidate(upstreams) {
    const first = upstreams[0]?.released?.sha;
    return first !== undefined && upstreams.every((u) => u.released?.sha === first) ? first : undefined;
}
function waveDecision(input) {
    const warnings = rolledBackUpstream(input);
    const question = waveQuestion(input.trigger, input.here, input.sha);
    if (question.ask === "view" || input.upstreams.length === 0)
        return { kind: "proceed", warnings };
    if (question.ask === "candidate")
        return scheduled(input, warnings);
    if (input.trigger === "explicit")
        return byPerson(input, question.sha, warnings);
    return pushed(input, question.sha, warnings);
}
/** "its newest rollout, bbbbbbb, is at stage 2/5 (5%)" when the newest rollout is not the released one. */
function newestNote(u, subject) {
    const c = u.current;
    if (!c || c.deploymentId === u.released?.deploymentId)
        return "";
    return ` (${subject} newest rollout, ${short(c.sha)}, ${standing(c)})`;
}
function older(input, version, by) {
    const behind = input.upstreams.filter((u) => u.releasedIsNewer === false);
    if (behind.length === 0 || !input.here)
        return undefined;
    return `${short(version)}${by} is older in ${names(behind)} than ${short(input.here.sha)}, which was rolled out here last; a wave never goes back to an older version`;
}
function scheduled(input, warnings) {
    const wait = (reason) => ({ kind: "wait", reason, warnings });
    const { upstreams } = input;
    const none = upstreams.filter((u) => !u.released);
    if (none.length > 0) {
        const each = none.map((u) => u.current
            ? `${u.environment} has completed no version to pass on${newestNote(u, "its")}`
            : `${u.environment} has no rollouts (is "${u.environment}" the environment its job rolls out to?)`);
        return wait(`no version to start: ${each.join("; ")}`);
    }
    const version = waveCandidate(upstreams);
    if (version === undefined) {
        const each = upstreams.map((u) => `${u.environment} runs ${short(u.released?.sha ?? "")}${newestNote(u, "its")}`);
        return wait(`no version to start until ${names(upstreams)} complete the same one: ${each.join(", ")}`);
    }
    const by = names(upstreams);
    const completes = upstreams.length === 1 ? "completes" : "complete";
    const lastBy = `, the version ${by} completed last,`;
    if (input.earlier) {
        const notes = upstreams.map((u) => newestNote(u, `${u.environment}'s`)).join("");
        const how = input.earlier.phase === "complete" ? "complete" : standing(input.earlier).replace(/^(is|was) /, "");
        return wait(`nothing new to start: ${short(version)}${lastBy} was already rolled out here (${how}); the next one starts when ${by} ${completes} a newer version${notes}`);
    }
    const back = older(input, version, lastBy);
    if (back)
        return wait(`nothing to start: ${back}`);
    return { kind: "start", sha: version, reason: `${short(version)} completed in ${by}`, warnings };
}
/** Why `version` cannot start after `u`, as a clause; undefined when it can. */
function problemIn(u, version, needReleased) {
    const env = u.environment;
    const t = u.target;
    if (!t)
        return `${env} has not started it`;
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
            if (!needReleased || u.released?.sha === version)
                return undefined;
            const c = u.current;
            const newer = c?.phase === "complete" ? c.sha : c?.baselineSha;
            return newer && newer !== version
                ? `${env} has completed a newer version since (${short(newer)}), which the next scheduled run starts`
                : `${env} has moved on from it since`;
        }
    }
}
function pushed(input, version, warnings) {
    const wait = (reason) => ({ kind: "wait", reason, warnings });
    // A push never starts a version that had a rollout here; decide() says so.
    if (input.earlier)
        return { kind: "proceed", warnings };
    const problems = input.upstreams.flatMap((u) => {
        const p = problemIn(u, version, true);
        return p ? [{ environment: u.environment, p }] : [];
    });
    if (problems.length > 0) {
        return wait(`${short(version)} waits for ${names(problems)}: ${problems.map((x) => x.p).join("; ")}`);
    }
    const here = input.here;
    if (here && inFlight(here)) {
        return wait(`${short(here.sha)} ${standing(here)} here; in a wave it finishes before ${short(version)} starts, and the next scheduled run starts the newest version ${names(input.upstreams)} completed`);
    }
    const back = older(input, version, "");
    if (back)
        return wait(back);
    return {
        kind: "start",
        sha: version,
        reason: `${short(version)} completed in ${names(input.upstreams)}`,
        warnings,
    };
}
function byPerson(input, version, warnings) {
    const problems = input.upstreams.flatMap((u) => {
        const p = problemIn(u, version, false);
        return p ? [{ environment: u.environment, p }] : [];
    });
    if (problems.length === 0)
        return { kind: "proceed", warnings };
    return {
        kind: "refuse",
        reason: `${short(version)} cannot start in ${input.environment} before it completes in ${names(problems)} (${problems.map((x) => x.p).join("; ")}); complete it there first (promote --full completes it at once)`,
        warnings,
    };
}
/** The version in flight or running here was rolled back upstream, as far as the reads show without more. */
function rolledBackUpstream(input) {
    const here = input.here;
    if (!here || !(inFlight(here) || here.phase === "complete"))
        return [];
    const how = here.phase === "complete" ? "running here" : "rolling out here";
    return input.upstreams.flatMap((u) => {
        const seen = [u.current, u.target].find((r) => r?.sha === here.sha);
        if (seen?.phase !== "rolled-back")
            return [];
        return [
            `${short(here.sha)}, ${how}, was rolled back in ${u.environment} at ${stageOf(seen, false)}; a wave does not roll it back here by itself: roll it back here if the same fault applies`,
        ];
    });
}
const ROW_STATE = {
    pending: "opened",
    rolling: "rolling",
    paused: "paused",
    complete: "complete",
    "rolled-back": "rolled back",
    superseded: "superseded",
};
function row(environment, here, r) {
    if (!r)
        return { environment, here, state: "none" };
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
function waveView(environment, here, upstreams) {
    return [...upstreams.map((u) => row(u.environment, false, u.current)), row(environment, true, here)];
}


/***/ })

};
