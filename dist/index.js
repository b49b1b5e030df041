import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 6264:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $Q: () => (/* binding */ clip),
/* harmony export */   B0: () => (/* binding */ formatRatio),
/* harmony export */   E$: () => (/* binding */ redact),
/* harmony export */   Fu: () => (/* binding */ shortSha),
/* harmony export */   MJ: () => (/* binding */ formatFraction),
/* harmony export */   a3: () => (/* binding */ formatDuration),
/* harmony export */   ag: () => (/* binding */ rfc3339),
/* harmony export */   fU: () => (/* binding */ formatTime),
/* harmony export */   l9: () => (/* binding */ formatPercent)
/* harmony export */ });
// Text that leaves the action (outputs, statuses, summaries, comments, query parameters): bounded by one helper,
// and percents, durations, versions and times written one way. Pure, and shared by every folder.
/** `text` cut to at most `max` characters, marked with an ellipsis when cut. */
function clip(text, max) {
    if (text.length <= max)
        return text;
    const cut = text.slice(0, max - 1);
    // Back to the end of the last whole word, unless that would drop more than a fifth of the room.
    const space = cut.search(/\s\S*$/);
    return `${space > max * 0.8 ? cut.slice(0, space).trimEnd() : cut}…`;
}
/** A time as RFC 3339 in UTC to the second ("2026-11-21T10:31:10Z"), as GitHub and the monitoring APIs take it. */
function rfc3339(d) {
    return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}
/** Short human form: 1800 → "30m", 5400 → "1h 30m", 42 → "42s". */
function formatDuration(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    if (s < 60)
        return `${s}s`;
    const d = Math.floor(s / 86400);
    const h = Math.floor((s % 86400) / 3600);
    const m = Math.floor((s % 3600) / 60);
    const parts = [d ? `${d}d` : "", h ? `${h}h` : "", m ? `${m}m` : ""].filter(Boolean);
    if (d === 0 && h === 0 && s % 60 !== 0 && m < 10)
        parts.push(`${s % 60}s`);
    return parts.join(" ");
}
/** A percent of traffic as people read it: 25 → "25%", 0.125 → "0.125%". */
function formatPercent(percent) {
    return `${Number(percent.toFixed(3))}%`;
}
/** A commit SHA as GitHub shows it in lists. */
function shortSha(sha) {
    return sha.slice(0, 7);
}
/** A fraction as a percentage for people: 0.0123 → "1.23%" (three significant digits). */
function formatFraction(x) {
    return `${Number((x * 100).toPrecision(3))}%`;
}
/** A ratio for a sentence: "1.23×". */
function formatRatio(r) {
    if (r === Infinity)
        return "∞×";
    if (r >= 100)
        return `${Math.round(r).toLocaleString("en-US")}×`;
    return `${Number(r.toPrecision(3))}×`;
}
/** Replaces every secret value in `text` with ***, for anything that leaves the log: outputs, summaries, statuses. */
function redact(text, secrets) {
    let out = text;
    // Longest first, so a secret that contains another is never left half-shown.
    const sorted = [...secrets].sort((a, b) => b.length - a.length);
    for (const value of sorted) {
        if (value.length >= 3)
            out = out.split(value).join("***");
    }
    return out;
}
const UTC_NAMES = new Set(["utc", "etc/utc", "etc/uct", "uct", "etc/zulu", "zulu", "gmt", "etc/gmt"]);
/**
 * An instant for people, to the minute (seconds when there are any), in a time zone and in UTC:
 * "Mon 2026-03-30 10:00 Europe/Berlin (08:00 UTC)", or "Mon 2026-03-30 08:00 UTC".
 */
function formatTime(d, timeZone = "UTC") {
    const parts = (zone) => Object.fromEntries(new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        weekday: "short",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
        hourCycle: "h23",
    })
        .formatToParts(d)
        .map((p) => [p.type, p.value]));
    const date = (p) => `${p.year}-${p.month}-${p.day}`;
    const clock = (p) => `${p.hour}:${p.minute}${p.second === "00" ? "" : `:${p.second}`}`;
    const utc = parts("UTC");
    if (UTC_NAMES.has(timeZone.toLowerCase()))
        return `${utc.weekday} ${date(utc)} ${clock(utc)} UTC`;
    const local = parts(timeZone);
    const inUtc = date(local) === date(utc) ? clock(utc) : `${date(utc)} ${clock(utc)}`;
    return `${local.weekday} ${date(local)} ${clock(local)} ${timeZone} (${inUtc} UTC)`;
}


/***/ }),

/***/ 9407:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(827);

await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 827:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./src/format.ts
var format = __nccwpck_require__(6264);
;// CONCATENATED MODULE: ./src/io/command.ts
// What a run was asked to do: the command grammar shared by the `command` input and PR comments,
// and the mapping from the triggering event to a command.
const COMMAND_KINDS = [
    "start",
    "advance",
    "promote",
    "pause",
    "resume",
    "rollback",
    "status",
    "help",
    "check",
    "replay",
];
/** Commands the `command` input accepts; `help` only makes sense as a comment reply. */
const INPUT_COMMANDS = ["auto", ...COMMAND_KINDS.filter((k) => k !== "help")];
class CommandError extends Error {
}
const MAX_REASON = 200;
function isControl(code) {
    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}
function hasControlCharacters(text) {
    for (let i = 0; i < text.length; i++)
        if (isControl(text.charCodeAt(i)))
            return true;
    return false;
}
function withoutControlCharacters(text) {
    let out = "";
    for (const ch of text)
        out += isControl(ch.charCodeAt(0)) ? " " : ch;
    return out;
}
/** Trims, collapses whitespace and drops control characters, so a reason is safe in one line. */
function sanitizeReason(text) {
    if (text === undefined)
        return undefined;
    const clean = withoutControlCharacters(text).replace(/\s+/g, " ").trim();
    if (clean === "")
        return undefined;
    const chars = Array.from(clean);
    return chars.length > MAX_REASON ? `${chars.slice(0, MAX_REASON - 1).join("")}…` : clean;
}
/**
 * Parses "promote to 50", "promote --full", "pause waiting for QA", "rollback", ... .
 * Command words are case-insensitive; throws CommandError naming what is wrong.
 */
function parseCommand(text) {
    const trimmed = text.trim();
    const [word = "", ...rest] = trimmed.split(/\s+/);
    const kind = word.toLowerCase();
    const args = trimmed.slice(word.length).trim();
    switch (kind) {
        case "start":
        case "advance":
        case "resume":
        case "status":
        case "help":
        case "replay":
        case "check":
            if (args !== "")
                throw new CommandError(`"${kind}" takes no arguments, got "${echo(args)}"`);
            return { kind };
        case "pause":
        case "rollback": {
            const reason = sanitizeReason(args);
            return reason === undefined ? { kind } : { kind, reason };
        }
        case "promote":
            return parsePromote(rest);
        default:
            throw new CommandError(`"${echo(word)}" is not a command; use one of ${COMMAND_KINDS.filter((k) => k !== "help").join(", ")}`);
    }
}
function parsePromote(args) {
    const words = args.map((a) => a.toLowerCase());
    const force = words.includes("--force");
    const rest = words.filter((w) => w !== "--force");
    const withForce = force ? { force: true } : {};
    const [first = "", second] = rest;
    if (rest.length === 0)
        return { kind: "promote", ...withForce };
    if (rest.length === 1 && first === "--full")
        return { kind: "promote", to: "full", ...withForce };
    if (rest.length === 2 && first === "to" && second !== undefined) {
        const pct = second.replace(/%$/, "");
        if (/^\d+(\.\d+)?$/.test(pct) && Number(pct) > 0 && Number(pct) <= 100) {
            return { kind: "promote", to: Number(pct), ...withForce };
        }
    }
    throw new CommandError(`"promote ${echo(args.join(" "))}" is not understood; use "promote", "promote to <percent>" or "promote --full", optionally with --force`);
}
/** User text quoted back in an error: one line, bounded. */
function echo(text) {
    return sanitizeReason(text)?.slice(0, 60) ?? "";
}
function formatCommand(command) {
    switch (command.kind) {
        case "promote": {
            const base = command.to === "full"
                ? "promote --full"
                : command.to === undefined
                    ? "promote"
                    : `promote to ${command.to}`;
            return command.force ? `${base} --force` : base;
        }
        case "pause":
        case "rollback":
            return command.reason ? `${command.kind} ${command.reason}` : command.kind;
        default:
            return command.kind;
    }
}
/**
 * The command a run means, per the trigger table in the README.
 * Returns undefined when the event is one the action ignores.
 */
function commandForEvent(ctx, input) {
    if (input !== "auto")
        return { command: input, source: "input" };
    switch (ctx.eventName) {
        case "push":
        case "release":
        case "workflow_run":
            return { command: { kind: "start" }, source: "event" };
        case "schedule":
            return { command: { kind: "advance" }, source: "event" };
        case "workflow_dispatch":
            return { command: { kind: "advance" }, source: "input" };
        default:
            return undefined;
    }
}
const MAX_COMMENT_LINE = 1000;
/**
 * Reads the first line of a PR comment: `<prefix> <command> [args]`. Undefined for anything that is not
 * addressed to the action with a known command word (ordinary comments, the prefix mid-sentence,
 * `/rolloutpromote`), so those cause no API call at all. A known command with bad arguments is an error
 * to reply with.
 */
function parseComment(body, prefix) {
    const firstLine = (body.split(/\r?\n/, 1)[0] ?? "").trim();
    if (firstLine.length > MAX_COMMENT_LINE)
        return undefined;
    if (firstLine.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase())
        return undefined;
    const rest = firstLine.slice(prefix.length);
    if (!/^\s/.test(rest))
        return undefined;
    const text = rest.trim();
    const word = (text.split(/\s+/, 1)[0] ?? "").toLowerCase();
    if (!COMMAND_KINDS.includes(word))
        return undefined;
    try {
        return { command: parseCommand(text) };
    }
    catch (error) {
        if (!(error instanceof CommandError))
            throw error;
        return { error: error.message, word: word };
    }
}

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
// EXTERNAL MODULE: ./src/rollout/codec.ts
var codec = __nccwpck_require__(1875);
;// CONCATENATED MODULE: ./src/io/context.ts
// The run's environment as the Actions runner provides it, read once into a plain object.


class ContextError extends Error {
}
function required(env, name) {
    const value = env[name];
    if (!value)
        throw new ContextError(`${name} is not set; this action must run in a GitHub Actions job`);
    return value;
}
function readPayload(path) {
    if (!path)
        return {};
    let text;
    try {
        text = (0,external_node_fs_namespaceObject.readFileSync)(path, "utf8");
    }
    catch (error) {
        throw new ContextError(`GITHUB_EVENT_PATH "${path}" cannot be read: ${error.message}`);
    }
    try {
        const parsed = JSON.parse(text);
        return parsed !== null && typeof parsed === "object" ? parsed : {};
    }
    catch {
        throw new ContextError(`GITHUB_EVENT_PATH "${path}" does not hold JSON`);
    }
}
function field(obj, ...path) {
    let cur = obj;
    for (const key of path) {
        if (cur === null || typeof cur !== "object")
            return undefined;
        cur = cur[key];
    }
    return cur;
}
function stringField(obj, ...path) {
    const v = field(obj, ...path);
    return typeof v === "string" ? v : undefined;
}
function numberField(obj, ...path) {
    const v = field(obj, ...path);
    return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}
function booleanField(obj, ...path) {
    const v = field(obj, ...path);
    return typeof v === "boolean" ? v : undefined;
}
function readContext(env) {
    const repository = required(env, "GITHUB_REPOSITORY");
    const [owner, repo, extra] = repository.split("/");
    if (!owner || !repo || extra !== undefined) {
        throw new ContextError(`GITHUB_REPOSITORY "${repository}" is not of the form owner/repo`);
    }
    const eventName = required(env, "GITHUB_EVENT_NAME");
    const payload = readPayload(env.GITHUB_EVENT_PATH);
    const headSha = eventName === "workflow_run" ? stringField(payload, "workflow_run", "head_sha") : undefined;
    if (headSha !== undefined && !/^[0-9a-f]{40}$/.test(headSha)) {
        throw new ContextError(`the workflow_run event's head_sha "${headSha.slice(0, 60)}" is not a commit SHA`);
    }
    const runId = Number(env.GITHUB_RUN_ID ?? "0");
    const runAttempt = Number(env.GITHUB_RUN_ATTEMPT ?? "1");
    return {
        eventName,
        payload,
        sha: headSha ?? required(env, "GITHUB_SHA"),
        ref: env.GITHUB_REF ?? "",
        owner,
        repo,
        actor: env.GITHUB_TRIGGERING_ACTOR || env.GITHUB_ACTOR || "unknown",
        runId: Number.isSafeInteger(runId) ? runId : 0,
        runAttempt: Number.isSafeInteger(runAttempt) && runAttempt > 0 ? runAttempt : 1,
        serverUrl: (env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, ""),
        apiUrl: (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, ""),
    };
}
/** This run's page (its attempt): where every status, reply and summary links. */
function runUrl(ctx) {
    return (0,codec/* runLink */.ut)(ctx.serverUrl, ctx, ctx.runId, ctx.runAttempt);
}

// EXTERNAL MODULE: ./src/rollout/plan.ts
var plan = __nccwpck_require__(5762);
;// CONCATENATED MODULE: ./src/io/names.ts
// The one place that names the action's inputs and outputs; a test holds these against action.yml and the README.
const INPUTS = {
    githubToken: "github-token",
    environment: "environment",
    stages: "stages",
    bakeTime: "bake-time",
    stallAfter: "stall-after",
    gates: "gates",
    command: "command",
    ref: "ref",
    force: "force",
    reason: "reason",
    dryRun: "dry-run",
    commentPrefix: "comment-prefix",
    permission: "permission",
    allowForks: "allow-forks",
    after: "after",
    freeze: "freeze",
    replayCount: "replay-count",
};
const INPUT_DEFAULTS = {
    "github-token": "${{ github.token }}",
    environment: "production",
    stages: "1, 5, 25, 50, 100",
    "bake-time": "30m",
    "stall-after": "4h",
    gates: "",
    command: "auto",
    ref: "",
    force: "false",
    reason: "",
    "dry-run": "false",
    "comment-prefix": "/rollout",
    permission: "write",
    "allow-forks": "false",
    after: "",
    freeze: "",
    "replay-count": "10",
};
const OUTPUTS = {
    decision: "decision",
    percent: "percent",
    previousPercent: "previous-percent",
    stage: "stage",
    stageCount: "stage-count",
    changed: "changed",
    sha: "sha",
    baselineSha: "baseline-sha",
    deploymentId: "deployment-id",
    reason: "reason",
    gates: "gates",
    replay: "replay",
};

;// CONCATENATED MODULE: ./src/io/inputs.ts
// The action's inputs, read once into typed settings. Every error names the input, the value and what is allowed.




/** Repository roles, least to most: who may command from comments (`permission`). */
const PERMISSION_ROLES = ["read", "triage", "write", "maintain", "admin"];
/** The most finished rollouts `replay` looks at: they and the rollouts in flight among them fit one page of 100. */
const MAX_REPLAY_COUNT = 50;
class InputError extends Error {
}
/**
 * Inputs as the runner passes them: `INPUT_<NAME>`, upper-cased with spaces (not hyphens) as `_`, trimmed, as
 * @actions/core's getInput reads them. An empty value means "use the default".
 */
function inputsFrom(env) {
    return (name) => env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`]?.trim() || undefined;
}
function fail(name, value, problem) {
    const shown = (0,format/* clip */.$Q)(value, 80);
    throw new InputError(`${name}: "${shown}" ${problem}`);
}
function withDefault(read, name) {
    return read(name)?.trim() ?? INPUT_DEFAULTS[name];
}
function bool(read, name) {
    const value = withDefault(read, name);
    if (/^(true|yes|on)$/i.test(value))
        return true;
    if (/^(false|no|off)$/i.test(value))
        return false;
    return fail(name, value, "must be true or false");
}
/**
 * `stall-after`: a duration longer than bake-time, or `off`. The runner passes action.yml's default (4h) as if it
 * were given, so a bake-time of 4h or more with the default is refused too, saying the default is the reason.
 */
function readStallAfter(read, bakeText, bakeTimeSeconds) {
    const text = withDefault(read, INPUTS.stallAfter);
    if (text.toLowerCase() === "off")
        return undefined;
    let seconds;
    try {
        seconds = (0,plan/* parseDuration */.E9)(text);
    }
    catch (error) {
        fail(INPUTS.stallAfter, text, `${error.message}, or off`);
    }
    if (seconds <= bakeTimeSeconds) {
        const shown = text === INPUT_DEFAULTS[INPUTS.stallAfter] ? `"${text}" (the default)` : `"${(0,format/* clip */.$Q)(text, 80)}"`;
        throw new InputError(`${INPUTS.stallAfter}: ${shown} must be longer than bake-time (${bakeText}), or a stage would stall before it may advance; set stall-after to more than ${bakeText} (such as ${(0,format/* formatDuration */.a3)(bakeTimeSeconds * 2)}), or to off`);
    }
    return seconds;
}
function readSettings(read) {
    const token = read(INPUTS.githubToken)?.trim();
    if (!token) {
        throw new InputError(`${INPUTS.githubToken}: is empty; pass a token with deployments: write (the default is \${{ github.token }})`);
    }
    const environment = withDefault(read, INPUTS.environment);
    if (environment.length > 255 || hasControlCharacters(environment)) {
        fail(INPUTS.environment, environment, "must be a single line of at most 255 characters");
    }
    const stagesText = withDefault(read, INPUTS.stages);
    let stages;
    try {
        stages = (0,plan/* parseStages */.lj)(stagesText);
    }
    catch (error) {
        fail(INPUTS.stages, stagesText, error.message);
    }
    const bakeText = withDefault(read, INPUTS.bakeTime);
    let bakeTimeSeconds;
    try {
        bakeTimeSeconds = (0,plan/* parseDuration */.E9)(bakeText);
    }
    catch (error) {
        fail(INPUTS.bakeTime, bakeText, error.message);
    }
    const stallAfterSeconds = readStallAfter(read, bakeText, bakeTimeSeconds);
    const gatesText = read(INPUTS.gates);
    const commandText = withDefault(read, INPUTS.command);
    let command = "auto";
    if (commandText.toLowerCase() !== "auto") {
        try {
            command = parseCommand(commandText);
        }
        catch (error) {
            if (!(error instanceof CommandError))
                throw error;
            fail(INPUTS.command, commandText, `is not allowed: ${error.message} (allowed: ${INPUT_COMMANDS.join(", ")})`);
        }
        if (command.kind === "help")
            fail(INPUTS.command, commandText, "is only for PR comments");
    }
    const ref = read(INPUTS.ref)?.trim();
    if (ref !== undefined && !/^[\w./-]+$/.test(ref)) {
        fail(INPUTS.ref, ref, "must be a branch, tag or commit SHA");
    }
    const commentPrefix = withDefault(read, INPUTS.commentPrefix);
    if (!/^\S{1,50}$/.test(commentPrefix)) {
        fail(INPUTS.commentPrefix, commentPrefix, "must be one word of at most 50 characters, such as /rollout");
    }
    const permission = withDefault(read, INPUTS.permission).toLowerCase();
    if (!PERMISSION_ROLES.includes(permission)) {
        fail(INPUTS.permission, permission, `must be one of ${PERMISSION_ROLES.join(", ")}`);
    }
    const replayText = withDefault(read, INPUTS.replayCount);
    const replayCount = Number(replayText);
    if (!/^\d+$/.test(replayText) || replayCount < 1 || replayCount > MAX_REPLAY_COUNT) {
        fail(INPUTS.replayCount, replayText, `must be a whole number from 1 to ${MAX_REPLAY_COUNT}`);
    }
    const reason = sanitizeReason(read(INPUTS.reason));
    const afterText = read(INPUTS.after);
    const freezeText = read(INPUTS.freeze);
    return {
        token,
        environment,
        stages,
        bakeTimeSeconds,
        ...(stallAfterSeconds !== undefined && { stallAfterSeconds }),
        ...(gatesText !== undefined && { gatesText }),
        command,
        ...(ref !== undefined && { ref }),
        force: bool(read, INPUTS.force),
        ...(reason !== undefined && { reason }),
        dryRun: bool(read, INPUTS.dryRun),
        commentPrefix,
        permission: permission,
        allowForks: bool(read, INPUTS.allowForks),
        ...(afterText !== undefined && { afterText }),
        ...(freezeText !== undefined && { freezeText }),
        replayCount,
    };
}
/**
 * The `gates` input's gates. The YAML reader, the schema and the providers the gates name are loaded here, and
 * only for a run that acts: an ordinary comment never pays for them.
 */
async function readGatesInput(text) {
    if (text === undefined || text.trim() === "")
        return [];
    const { GateConfigError, readGates } = await Promise.all(/* import() */[__nccwpck_require__.e(691), __nccwpck_require__.e(815), __nccwpck_require__.e(420), __nccwpck_require__.e(724)]).then(__nccwpck_require__.bind(__nccwpck_require__, 724));
    try {
        return await readGates(text);
    }
    catch (error) {
        if (!(error instanceof GateConfigError))
            throw error;
        throw new InputError(`${INPUTS.gates}: ${(0,format/* clip */.$Q)(error.message, 900)}`);
    }
}
/** The `after` input: the environments that must complete a version before `environment` starts it. */
async function readAfterInput(text, environment) {
    if (text === undefined || text.trim() === "")
        return [];
    const { parseAfter, WaveConfigError } = await __nccwpck_require__.e(/* import() */ 120).then(__nccwpck_require__.bind(__nccwpck_require__, 5120));
    try {
        return parseAfter(text, environment);
    }
    catch (error) {
        if (!(error instanceof WaveConfigError))
            throw error;
        throw new InputError(`${INPUTS.after}: ${error.message}`);
    }
}
// A configuration variable holds at most 48 KB; a calendar longer than this is a mistake.
const MAX_FREEZE_TEXT = 64 * 1024;
/**
 * The `freeze` input's windows. The YAML reader and the cron library are loaded here, and only for a run that
 * acts, as the gates' are.
 */
async function readFreezeInput(text) {
    if (text === undefined || text.trim() === "")
        return [];
    if (text.length > MAX_FREEZE_TEXT) {
        throw new InputError(`${INPUTS.freeze}: is ${text.length} characters long; at most ${MAX_FREEZE_TEXT} are accepted`);
    }
    const [{ readYaml, YamlError }, { FreezeConfigError, parseFreeze }] = await Promise.all([
        Promise.all(/* import() */[__nccwpck_require__.e(815), __nccwpck_require__.e(536)]).then(__nccwpck_require__.bind(__nccwpck_require__, 4536)),
        __nccwpck_require__.e(/* import() */ 330).then(__nccwpck_require__.bind(__nccwpck_require__, 2330)),
    ]);
    try {
        return parseFreeze(readYaml(text));
    }
    catch (error) {
        if (!(error instanceof YamlError || error instanceof FreezeConfigError))
            throw error;
        throw new InputError(`${INPUTS.freeze}: ${(0,format/* clip */.$Q)(error.message, 900)}`);
    }
}

;// CONCATENATED MODULE: ./src/report/markdown.ts
// Markdown that survives what it quotes: table cells, inline code.
/** Text for a table cell, or a line of a blockquote: backslashes and pipes escaped, one line. */
function cell(text) {
    return text
        .replace(/\\/g, "\\\\")
        .replace(/\|/g, "\\|")
        .replace(/\r\n?|\n/g, " ");
}
/**
 * Text shown as inline code: the fence is one backtick longer than any run of backticks inside (padded when
 * the text starts or ends with one), and line breaks become spaces. In a table cell pipes are escaped too
 * (GFM tables split on them even inside code; elsewhere the backslash would show). Backslashes are literal
 * in code, so they stay.
 */
function code(text, where = "text") {
    const oneLine = text.replace(/\r\n?|\n/g, " ");
    const flat = where === "table" ? oneLine.replace(/\|/g, "\\|") : oneLine;
    const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
    const fence = "`".repeat(longest + 1);
    const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
    return `${fence}${pad}${flat}${pad}${fence}`;
}

// EXTERNAL MODULE: ./src/stats/words.ts
var words = __nccwpck_require__(8974);
;// CONCATENATED MODULE: ./src/report/replay.ts
// The job summary's account of a replay: per finished rollout what happened and what the gates would have
// decided at each stage, a tally, and a small Mermaid chart of it.


const WOULD = {
    advance: "✅ advance",
    complete: "✅ complete",
    hold: "⏸️ hold",
    rollback: "❌ rollback",
    "beyond retention": "🗄️ beyond retention",
};
/** What the replay says of one rollout as a whole, against what happened. */
function verdictOf(r) {
    const back = r.stages.find((s) => s.would === "rollback");
    const rolledBack = r.outcome === "rolled back by a gate" || r.outcome === "rolled back by hand";
    if (back)
        return `rolled back at stage ${back.stage}${rolledBack ? " (caught)" : r.outcome === "completed" ? " (a completed rollout)" : ""}`;
    if (r.stages.some((s) => s.would === "beyond retention"))
        return "unknown: data past retention";
    return rolledBack ? "no rollback (missed)" : "no rollback";
}
/** A Mermaid pie of the rollouts by what happened and what the gates would have done; empty slices left out. */
function chart(rec) {
    const t = rec.summary;
    const completed = rec.rollouts.filter((r) => r.outcome === "completed").length;
    const slices = [
        ["completed, gates agree", completed - t.healthyRolledBack.length],
        ["completed, gates would roll back", t.healthyRolledBack.length],
        ["rollback caught", t.rollbacksCaught.length],
        ["rollback missed", t.rollbacksMissed.length],
        ["superseded", rec.rollouts.filter((r) => r.outcome === "superseded").length],
    ];
    return [
        "```mermaid",
        "pie title What these gates would have done",
        ...slices.filter(([, n]) => n > 0).map(([label, n]) => `  "${label}" : ${n}`),
        "```",
    ];
}
function replaySection(rec, heading = "###") {
    const lines = [
        `${heading} Replay of the last ${rec.rollouts.length} finished rollouts in ${rec.environment}`,
        "",
    ];
    lines.push(cell(rec.summary.sentence), "");
    if (rec.rollouts.length === 0)
        return lines.join("\n");
    lines.push(...chart(rec), "");
    lines.push("| rollout | what happened | these gates would have | per stage |", "|---|---|---|---|");
    for (const r of rec.rollouts) {
        const stages = r.stages.map((s) => `${(0,format/* formatPercent */.l9)(s.percent)} ${WOULD[s.would]}`).join(" → ");
        lines.push(`| \`${(0,format/* shortSha */.Fu)(r.sha)}\` | ${r.outcome} | ${verdictOf(r)} | ${stages || "—"} |`);
    }
    lines.push("", "<details><summary>Every stage's gates</summary>", "");
    lines.push("| rollout | stage | looked at | would | gates |", "|---|---|---|---|---|");
    for (const r of rec.rollouts) {
        for (const s of r.stages) {
            const gates = s.gates.map((g) => `${g.name}: ${g.verdict} — ${(0,format/* clip */.$Q)(g.message, 160)}`).join("<br>");
            lines.push(`| \`${(0,format/* shortSha */.Fu)(r.sha)}\` | ${s.stage} (${(0,format/* formatPercent */.l9)(s.percent)}) | ${s.at} | ${WOULD[s.would]} | ${cell(gates)} |`);
        }
    }
    lines.push("", "</details>");
    return lines.join("\n");
}

;// CONCATENATED MODULE: ./src/report/split.ts
// The job summary's account of a baseline gate's traffic-split check: the share seen per stage window against
// the band the plan allows, and what a mismatch did to the gate.


const VERDICT = { ok: "✅ ok", mismatch: "❌ mismatch", inconclusive: "⏸️ inconclusive" };
const EFFECT = {
    none: "",
    hold: "the gate holds until the split is right (on-split-mismatch: hold)",
    fail: "the gate fails (on-split-mismatch: fail)",
    warn: "a warning only",
};
/** "2.5–7.5%": a band of shares. */
function band([lo, hi]) {
    return `${(0,format/* formatFraction */.MJ)(lo).replace(/%$/, "")}–${(0,format/* formatFraction */.MJ)(hi)}`;
}
function count(n) {
    return Math.round(n).toLocaleString("en-US");
}
function splitSection(s) {
    const conf = (0,format/* formatFraction */.MJ)(s.confidence);
    const lines = [
        `##### Traffic split: ${VERDICT[s.verdict]}`,
        "",
        `${cell(s.explanation)}${s.effect === "none" ? "" : ` **Effect**: ${EFFECT[s.effect]}.`}`,
        "",
        `| stage | allowed | share seen | ${conf} bounds | canary / baseline requests | verdict |`,
        "|---|---|--:|---|--:|---|",
        ...s.windows.map((w) => `| ${w.stage} (${(0,format/* formatFraction */.MJ)(w.planned)}) | ${band(w.band)} | ${w.share === null ? "—" : (0,format/* formatFraction */.MJ)(w.share)} | ${(0,format/* formatFraction */.MJ)(w.interval[0])} to ${(0,format/* formatFraction */.MJ)(w.interval[1])} | ${count(w.canary)} / ${count(w.baseline)} | ${VERDICT[w.verdict]} |`),
        "",
        `split-tolerance ${s.tolerance}, split-dispersion ${s.dispersion}, split-settle ${(0,format/* formatDuration */.a3)(s.settleSeconds)}; at most ${(0,format/* formatFraction */.MJ)(1 - s.confidence)} of correctly applied rollouts ever see a mismatch.`,
    ];
    return lines.join("\n");
}

;// CONCATENATED MODULE: ./src/report/evidence.ts
// A compact picture of a comparison's evidence against its threshold: a bar filled on a log scale from 1 (no
// evidence) to the threshold (the verdict), so "halfway" means the evidence has grown halfway in the factors
// that matter. Plain text in a code span: it reads the same in a summary, a comment and a log.
/** An e-value for people: "0.42", "1,146", "3.2e41". */
function formatEValue(e) {
    if (e >= 1e6)
        return e.toExponential(1).replace("e+", "e");
    if (e >= 100)
        return Math.round(e).toLocaleString("en-US");
    return String(Number(e.toPrecision(2)));
}
const WIDTH = 20;
function evidenceBar(e, threshold) {
    const share = e >= threshold ? 1 : e > 1 && threshold > 1 ? Math.log(e) / Math.log(threshold) : 0;
    const filled = Math.round(Math.min(1, Math.max(0, Number.isFinite(share) ? share : 0)) * WIDTH);
    const bar = `${"█".repeat(filled)}${"░".repeat(WIDTH - filled)}`;
    const figure = Number.isFinite(e) ? formatEValue(e) : String(e);
    return `\`${bar}\` ${figure} of ${formatEValue(threshold)}${e >= threshold ? ", reached" : ""}`;
}

;// CONCATENATED MODULE: ./src/report/links.ts
// Links from the summary to the versions on GitHub: each commit, and the comparison with the baseline.
/** The repository's web address, from the run's (…/owner/repo/actions/runs/…), so GHES works as github.com does. */
function repoUrl(runUrl) {
    const m = /^(https?:\/\/.+?\/[^/]+\/[^/]+)\/actions\/runs\//.exec(runUrl);
    return m?.[1];
}
/** The commit, linked to its page when the repository's address is known. */
function commitLink(runUrl, sha) {
    const repo = repoUrl(runUrl);
    return repo ? `[\`${sha}\`](${repo}/commit/${sha})` : `\`${sha}\``;
}
/** The baseline's commit and the comparison of the two versions, what a reviewer of the change reads. */
function baselineLinks(runUrl, baseline, sha) {
    const repo = repoUrl(runUrl);
    const link = commitLink(runUrl, baseline);
    return repo ? `${link} · [compare](${repo}/compare/${baseline}...${sha})` : link;
}

;// CONCATENATED MODULE: ./src/report/queries.ts
// Each gate's queries as they were sent (secrets as ${NAME}), in code blocks a reader can paste into the
// monitoring's own UI: where a gate found nothing, the query is the first thing to check.

const LANGUAGE = { prometheus: "promql", newrelic: "sql" };
const COMPARISON_ROLES = ["canary errors", "canary total", "baseline errors", "baseline total"];
/** What each query of a gate is for, in the order run.ts and compare.ts send them. */
function roles(g) {
    if (g.unit === "factor")
        return g.queries.map((_, i) => COMPARISON_ROLES[i % 4]);
    if (g.unit === "ratio" && g.queries.length === 2)
        return ["errors", "total"];
    return g.queries.map(() => "query");
}
/** A fence longer than any run of backticks in the text, so the block holds it whole. */
function fenced(text, language) {
    const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = "`".repeat(Math.max(3, longest + 1));
    return `${fence}${language}\n${text}\n${fence}`;
}
/** The queries of the gates that did not pass (of all, with `all`), or "" when there are none to show. */
function queriesSection(gates, opts = {}) {
    const shown = gates.filter((g) => (opts.all === true || g.verdict !== "pass") && g.queries.length > 0);
    if (shown.length === 0)
        return "";
    const parts = ["<details open><summary>Queries as sent (secrets as <code>${NAME}</code>)</summary>", ""];
    for (const g of shown) {
        const names = roles(g);
        g.queries.forEach((q, i) => {
            parts.push(`**${cell(g.name)}** · ${names[i] ?? "query"}`, "", fenced(q, LANGUAGE[g.provider] ?? "text"), "");
        });
    }
    parts.push("</details>");
    return parts.join("\n");
}

;// CONCATENATED MODULE: ./src/report/timeline.ts
// The rollout's stages as a Mermaid gantt chart, which GitHub renders in job summaries: when each stage went
// live and how long it baked, the current one still running.

const MOVES = new Set(["started", "advanced", "promoted"]);
const ENDS = new Set(["completed", "rolled back", "superseded", "failed"]);
/** One bar per stage that went live: from its move to the next move, the rollout's end, or now. */
function stageBars(history, now) {
    const bars = [];
    for (const [i, t] of history.entries()) {
        if (!MOVES.has(t.event))
            continue;
        const next = history.slice(i + 1).find((n) => MOVES.has(n.event) || ENDS.has(n.event));
        bars.push({
            stage: t.stage,
            percent: t.percent,
            start: t.createdAt,
            end: next?.createdAt ?? now,
            running: next === undefined,
        });
    }
    return bars;
}
/** Mermaid's dateFormat for these timestamps: UTC to the second. */
function stamp(d) {
    return d.toISOString().replace(/\.\d{3}Z$/, "");
}
/** The chart as a fenced `mermaid` block, or "" for a rollout with no stage recorded. */
function timelineChart(view, now) {
    const bars = stageBars(view.history ?? [], now);
    if (bars.length === 0)
        return "";
    const lines = [
        "```mermaid",
        "gantt",
        `  title Stages of ${view.sha.slice(0, 7)} (UTC)`,
        "  dateFormat YYYY-MM-DDTHH:mm:ss",
        "  axisFormat %H:%M",
        "  section Stages",
    ];
    for (const [i, b] of bars.entries()) {
        const seconds = Math.max(1, Math.round((b.end.getTime() - b.start.getTime()) / 1000));
        // A task's name ends at its colon: the label holds none.
        const label = `${b.stage} · ${(0,format/* formatPercent */.l9)(b.percent)} · ${b.running ? "live" : "baked"} ${(0,format/* formatDuration */.a3)(seconds)}`;
        lines.push(`  ${label} : ${b.running ? "active" : "done"}, s${i + 1}, ${stamp(b.start)}, ${seconds}s`);
    }
    lines.push("```");
    return lines.join("\n");
}

;// CONCATENATED MODULE: ./src/report/wave.ts
// The wave and the freeze calendar in a run's report: where each environment of the wave stands, the freeze in
// force and when it ends, and the next window if one opens within the bake time. The summary and PR replies
// each add it with one line.


const STATE_AFTER = {
    start: "rolling",
    advance: "rolling",
    resume: "rolling",
    pause: "paused",
    complete: "complete",
    rollback: "rolled back",
};
/** This environment's row as the run left it: a recorded transition changes it, now. */
function afterRun(row, r) {
    const state = STATE_AFTER[r.decision.kind];
    if (!row.here || !r.changed || !r.rollout || !state)
        return row;
    const sha = r.rollout.sha;
    return {
        environment: row.environment,
        here: true,
        state,
        sha,
        shortSha: sha.slice(0, 7),
        stage: r.decision.stageIndex + 1,
        stageCount: r.decision.stageCount,
        percent: r.decision.percent,
        since: r.now,
    };
}
function waveTable(rows, r) {
    return [
        "| Environment | Version | Stage | State | Since |",
        "|---|---|---|---|---|",
        ...rows.map((w) => {
            const x = afterRun(w, r);
            const name = x.here ? `**${cell(x.environment)}** (this run)` : cell(x.environment);
            const stage = x.stage === undefined ? "—" : `${x.stage}/${x.stageCount ?? "?"} (${(0,format/* formatPercent */.l9)(x.percent ?? 0)})`;
            const since = x.since ? (0,format/* formatTime */.fU)(x.since) : "—";
            return `| ${name} | ${x.shortSha ? `\`${x.shortSha}\`` : "—"} | ${stage} | ${x.state} | ${since} |`;
        }),
    ];
}
function freezeLines(f) {
    const lines = [];
    if (f.inForce) {
        const names = f.inForce.names.map((n) => `"${cell(n)}"`).join(", then ");
        lines.push(`**Freeze in force**: ${names}, until ${f.inForce.endless ? "at least " : ""}${(0,format/* formatTime */.fU)(f.inForce.until, f.inForce.timeZone)}. Start, advance and promote hold; rollback, pause and status work.`);
    }
    if (f.next) {
        lines.push(`**Next freeze**: "${cell(f.next.name)}" from ${(0,format/* formatTime */.fU)(f.next.from, f.next.timeZone)} until ${(0,format/* formatTime */.fU)(f.next.to, f.next.timeZone)}, within this stage's bake time.`);
    }
    return lines;
}
/** The wave and the freeze, as markdown lines ending in a blank one; none when the run has neither. */
function waveSection(r, heading = "###") {
    const lines = [];
    if (r.freeze) {
        const f = freezeLines(r.freeze);
        if (f.length > 0)
            lines.push(f.join("  \n"), "");
    }
    if (r.wave && r.wave.length > 0)
        lines.push(`${heading} Wave`, "", ...waveTable(r.wave, r), "");
    return lines;
}

;// CONCATENATED MODULE: ./src/report/summary.ts
// The job summary: the plan, where the rollout stands, every gate's figures and the baseline's evidence.










const NEXT_AFTER_ROLLBACK = "**Next:** the new version gets no traffic. Fix the cause and push a new commit, which starts a new rollout; or, once the cause is known to be elsewhere, run `command: start` with `ref` set to this version to try it again.";

// Gate messages quote monitoring servers; bounded so summaries and replies stay within GitHub's limits.
const MAX_GATE_MESSAGE = 300;
const summary_MAX_REASON = 2000;
function figure(n, unit, valueUnit) {
    if (n === null)
        return "—";
    if (unit === "ratio")
        return (0,format/* formatFraction */.MJ)(n);
    if (unit === "factor")
        return (0,format/* formatRatio */.B0)(n);
    const plain = Number.isFinite(n) ? String(Number(n.toPrecision(4))) : String(n);
    return valueUnit ? `${plain} ${valueUnit}` : plain;
}
const VERDICT_ICON = {
    pass: "✅ pass",
    fail: "❌ fail",
    inconclusive: "⏸️ inconclusive",
    error: "⚠️ error",
};
function gateTable(gates) {
    if (gates.length === 0)
        return "";
    const rows = gates.map((g) => {
        return `| ${cell(g.name)} | ${g.provider} | ${figure(g.value, g.unit, g.valueUnit)} | ${figure(g.threshold, g.unit, g.valueUnit)} | ${g.samples === null ? "—" : g.samples.toLocaleString("en-US")} | ${VERDICT_ICON[g.verdict]}${g.shadow ? " (shadow, not deciding)" : ""} | ${cell((0,format/* clip */.$Q)(g.message, MAX_GATE_MESSAGE))} |`;
    });
    return [
        "| Gate | Provider | Value | Threshold | Samples | Verdict | Why |",
        "|---|---|---|---|---|---|---|",
        ...rows,
    ].join("\n");
}
function summary_count(n) {
    return n.toLocaleString("en-US");
}
function rate(r) {
    return r === null ? "—" : (0,format/* formatFraction */.MJ)(r);
}
const JUDGE_WORDS = {
    fail: (b) => `roll back: with ${(0,format/* formatFraction */.MJ)(b.confidence)} confidence, the new version fails more than ${(0,format/* formatRatio */.B0)(b.tolerableRatio)} as often as the baseline`,
    pass: (b) => `pass: with ${(0,format/* formatFraction */.MJ)(b.confidence)} confidence, the new version fails at most ${(0,format/* formatRatio */.B0)(b.tolerableRatio)} as often as the baseline`,
    inconclusive: () => "hold: not enough evidence yet to tell either way; the next runs add to it",
};
/** The decision record of a comparison with the baseline, for the job summary. */
function baselineRecord(g, b) {
    const conf = (0,format/* formatFraction */.MJ)(b.confidence);
    const [lower, upper] = b.interval;
    const interval = `${(0,format/* formatRatio */.B0)(lower)} to ${upper === null ? "unbounded" : (0,format/* formatRatio */.B0)(upper)}`;
    const lines = [
        `#### ${cell(g.name)}: new version vs baseline${b.sha ? ` \`${b.sha.slice(0, 7)}\`` : ""}`,
        "",
        "| | errors | requests | error rate |",
        "|---|--:|--:|--:|",
        `| new version (canary) | ${summary_count(b.canary.errors)} | ${summary_count(b.canary.total)} | ${rate(b.canary.rate)} |`,
        `| baseline | ${summary_count(b.baseline.errors)} | ${summary_count(b.baseline.total)} | ${rate(b.baseline.rate)} |`,
        "",
        `- **Ratio of error rates** (new ÷ baseline): ${b.ratio === null ? "not defined yet" : `**${(0,format/* formatRatio */.B0)(b.ratio)}**`}, ${conf} confidence bounds ${interval}; tolerated: up to ${(0,format/* formatRatio */.B0)(b.tolerableRatio)} (max-increase ${(0,format/* formatFraction */.MJ)(b.maxIncrease)})`,
        `- **Evidence of an increase** (e-value): ${formatEValue(b.eValue)} against the rollback threshold ${formatEValue(b.threshold)} = 1 / (1 − ${b.confidence})`,
        `- **Evidence against an increase**: ${formatEValue(b.eValueNoIncrease)} against ${formatEValue(b.threshold)} to pass`,
        `- **Evidence so far**: to roll back ${evidenceBar(b.eValue, b.threshold)}; to pass ${evidenceBar(b.eValueNoIncrease, b.threshold)}`,
        `- **Verdict**: ${JUDGE_WORDS[b.verdict](b)}${g.verdict === b.verdict ? "" : ` (the gate: ${g.verdict}, see its message above)`}`,
    ];
    if (b.verdict === "inconclusive" && b.projection) {
        lines.push(`- **To settle it**: ${(0,words/* describeProjection */.v)(b.projection)}, if the rates seen so far hold`);
    }
    if (b.windows.length > 0) {
        lines.push("", `<details><summary>Evidence from ${b.windows.length} stage window${b.windows.length > 1 ? "s" : ""}</summary>`, "", "| stage | from | to | canary errors / requests | baseline errors / requests |", "|---|---|---|--:|--:|", ...b.windows.map((w) => `| ${w.stage} (${(0,format/* formatPercent */.l9)(w.percent)}) | ${w.from} | ${w.to} | ${summary_count(w.canary.errors)} / ${summary_count(w.canary.total)} | ${summary_count(w.baseline.errors)} / ${summary_count(w.baseline.total)} |`), ...(b.notes.length > 0 ? ["", ...b.notes.map((n) => `- ${cell(n)}`)] : []), "", "</details>");
    }
    if (b.split)
        lines.push("", splitSection(b.split));
    return lines.join("\n");
}
function planLine(stages, stageIndex, percent) {
    return stages
        .map((s, i) => {
        const label = (0,format/* formatPercent */.l9)(s);
        if (i === stageIndex && percent > 0)
            return `**▶ ${label}**`;
        // A tick, not a strike-through: struck through reads as skipped.
        return i < stageIndex || (percent === 100 && i === stageIndex) ? `✓ ${label}` : label;
    })
        .join(" → ");
}
/** A dry run that would have recorded a transition moved nothing: the traffic is still where it was. */
function dryRunNote(r) {
    const d = r.decision;
    const before = r.rollout?.percent;
    if (!d.record)
        return "Dry run: nothing was written to GitHub.";
    if (d.record.newRollout || before === undefined) {
        return "Dry run: nothing was written to GitHub; the new version gets no traffic, and `percent` is empty.";
    }
    return `Dry run: nothing was written to GitHub; traffic stays at ${(0,format/* formatPercent */.l9)(before)}.`;
}
function trafficCell(r) {
    const d = r.decision;
    if (r.dryRun && d.record) {
        const before = d.record.newRollout ? undefined : r.rollout?.percent;
        return `${before === undefined ? "none" : (0,format/* formatPercent */.l9)(before)} (a real run: **${(0,format/* formatPercent */.l9)(d.percent)}**)`;
    }
    return `${(0,format/* formatPercent */.l9)(d.previousPercent)} → **${(0,format/* formatPercent */.l9)(d.percent)}**`;
}
function summaryMarkdown(r) {
    const d = r.decision;
    const lines = [];
    const title = r.rollout
        ? `Phased rollout of \`${r.rollout.sha.slice(0, 7)}\` in ${r.environment}`
        : `Phased rollout in ${r.environment}`;
    lines.push(`## ${title}`, "");
    if (r.dryRun)
        lines.push("> [!NOTE]", `> ${dryRunNote(r)}`, "");
    if (d.error)
        lines.push("> [!CAUTION]", `> ${cell((0,format/* clip */.$Q)(d.error, summary_MAX_REASON))}`, "");
    for (const w of r.warnings)
        lines.push("> [!WARNING]", `> ${cell(w)}`, "");
    lines.push(`**Decision: ${d.kind}**${r.changed ? "" : " (nothing recorded)"} — ${cell((0,format/* clip */.$Q)(d.reason, summary_MAX_REASON))}`, "");
    if (d.kind === "rollback")
        lines.push(NEXT_AFTER_ROLLBACK, "");
    if (r.rollout) {
        lines.push(`Plan: ${planLine(r.rollout.stages, d.stageIndex, d.percent)}`, "");
        lines.push("| | |", "|---|---|");
        lines.push(`| Command | ${code(r.command, "table")} |`);
        if (r.requestedBy) {
            lines.push(`| Requested by | @${cell(r.requestedBy)}${r.note ? `: ${cell(r.note)}` : ""} |`);
        }
        lines.push(`| Traffic | ${trafficCell(r)} |`);
        lines.push(`| Stage | ${d.stageIndex + 1} of ${d.stageCount} |`);
        if (r.rollout.stageStartedAt && d.kind !== "start") {
            const live = (r.now.getTime() - r.rollout.stageStartedAt.getTime()) / 1000;
            lines.push(`| Stage live for | ${(0,format/* formatDuration */.a3)(live)} |`);
        }
        lines.push(`| Version | ${commitLink(r.runUrl, r.rollout.sha)} |`);
        lines.push(`| Replaces | ${r.rollout.baselineSha ? baselineLinks(r.runUrl, r.rollout.baselineSha, r.rollout.sha) : "—"} |`);
        if (r.rollout.deploymentId !== undefined)
            lines.push(`| Deployment | ${r.rollout.deploymentId} |`);
        lines.push(`| Run | ${r.runUrl} |`, "");
    }
    lines.push(...waveSection(r));
    if (r.gates.length > 0)
        lines.push("### Gates", "", gateTable(r.gates), "");
    for (const g of r.gates)
        if (g.baseline)
            lines.push(baselineRecord(g, g.baseline), "");
    if (r.replay)
        lines.push(replaySection(r.replay), "");
    const timeline = r.rollout ? timelineChart(r.rollout, r.now) : "";
    if (timeline)
        lines.push("### Timeline", "", timeline, "");
    const queries = queriesSection(r.gates, { all: r.command === "check" });
    if (queries)
        lines.push(queries, "");
    return `${lines.join("\n")}\n`;
}

;// CONCATENATED MODULE: ./src/report/comment.ts
// Replies on the pull request a command came from: the result, a refusal, an error, or the help.





const MARKER = "<!-- phased-rollout -->";
// GitHub accepts 65,536 characters per comment; stay well inside it whatever the gates say.
const MAX_REPLY = 60_000;
function bounded(text) {
    return text.length <= MAX_REPLY ? text : `${text.slice(0, MAX_REPLY - 40)}\n\n…(cut to fit a comment)\n`;
}
/** The reply to a `/rollout` command: version, stage and traffic before → after, gates, and the run. */
function commentReply(r, asked) {
    const d = r.decision;
    const icon = d.error ? "😕" : r.changed ? "🚀" : "ℹ️";
    const lines = [
        `${icon} ${code(asked)} → **${d.kind}**${r.dryRun ? " (dry run: nothing written)" : ""}`,
        "",
    ];
    if (r.rollout) {
        const prevStage = d.previousPercent === d.percent ? d.stageIndex + 1 : undefined;
        lines.push(`**${(0,format/* shortSha */.Fu)(r.rollout.sha)}** in ${cell(r.environment)}: ${(0,format/* formatPercent */.l9)(d.previousPercent)} → **${(0,format/* formatPercent */.l9)(d.percent)}**, stage ${prevStage ?? d.stageIndex + 1} of ${d.stageCount}${r.rollout.baselineSha ? ` (replacing ${(0,format/* shortSha */.Fu)(r.rollout.baselineSha)})` : ""}`, "", `Plan: ${planLine(r.rollout.stages, d.stageIndex, d.percent)}`, "");
    }
    lines.push(cell((0,format/* clip */.$Q)(d.error ?? d.reason, summary_MAX_REASON)), "");
    lines.push(...waveSection(r, "####"));
    if (r.replay)
        lines.push(replaySection(r.replay, "####"), "");
    if (r.gates.length > 0) {
        lines.push(gateTable(r.gates), "");
    }
    lines.push(`[Workflow run](${r.runUrl})`, "", MARKER);
    return bounded(lines.join("\n"));
}
/**
 * A refused command: 👎, why, and what to do about it. Every reply links its run: a reader can see what
 * answered, and the body is unique per run, which is what lets a reply whose answer was lost be found instead
 * of posted twice (src/store/rest.ts, createComment).
 */
function refused(paragraphs, runUrl) {
    const [first = "", ...rest] = paragraphs;
    return [
        `👎 ${first}`,
        ...rest.flatMap((p) => ["", p]),
        "",
        "Nothing was changed.",
        "",
        `[Workflow run](${runUrl})`,
        "",
        MARKER,
    ].join("\n");
}
function refusalReply(author, asked, needed, has, runUrl) {
    const role = has === "none" ? "no role" : has;
    return refused([
        `@${author}, ${code(asked)} needs the **${needed}** role (or higher) on this repository; you have **${role}**.`,
    ], runUrl);
}
/** GitHub's answer fits the role needed and one below it: refused rather than guessed (docs/comments.md). */
function unsureRoleReply(author, asked, needed, s, runUrl) {
    const source = s.blur === "custom-role"
        ? `Your role is the custom role ${code(s.roleName ?? "")}, which GitHub reports only by its base, **${s.permission}**`
        : `GitHub reports your role as **${s.permission}**: this GitHub Enterprise Server sends no \`role_name\` (it arrived in 3.5), and its \`permission\` reports maintain as write and triage as read`;
    return refused([
        `@${author}, ${code(asked)} needs the **${needed}** role (or higher) on this repository. ${source}, so phased-rollout cannot tell **${s.least}** from **${s.most}** and refuses rather than guess.`,
        `To let this through, set the workflow's \`permission: ${s.least}\` input${s.blur === "custom-role" ? "" : ", or upgrade to GitHub Enterprise Server 3.5 or later"}.`,
    ], runUrl);
}
/**
 * Why a command was not run when GitHub would not show the commenter's permission (403): the step fails with
 * it and the reply says it. What the token needs is in docs/comments.md.
 */
function permissionUnreadable(author, githubMessage) {
    return [
        `phased-rollout could not check the permission of @${author}: GitHub answered 403 (${code(githubMessage)}).`,
        "The `github-token` lacks the access that check needs: GitHub shows a collaborator's permission only to a token whose identity can push to the repository.",
        "With the workflow's `GITHUB_TOKEN`, grant `contents: write` in its `permissions:` (the rollout lock needs it too); with a GitHub App token, give the App `Contents: Read and write`; with a personal access token, use one of someone with the write role or higher.",
    ].join(" ");
}
function permissionUnreadableReply(author, asked, why, runUrl) {
    return refused([`@${author}, ${code(asked)} was not run: ${why}`], runUrl);
}
/** Why `/rollout start` did not roll out the pull request, in one line for the log and the outputs. */
function headRefusalReason(r) {
    switch (r.kind) {
        case "fork":
            return `the pull request comes from a fork${r.headRepo ? ` (${r.headRepo})` : ""} and allow-forks is not true`;
        case "late":
            return `the pull request's head ${(0,format/* shortSha */.Fu)(r.sha)} was committed at ${r.committedAt}, after the comment was written (${r.commentedAt})`;
        case "undated":
            return `the dates of ${(0,format/* shortSha */.Fu)(r.sha)} and of the comment could not both be read, so the commit cannot be shown to predate the comment`;
    }
}
function headRefusalReply(author, asked, r, runUrl) {
    const notRun = `@${author}, ${code(asked)} was not run:`;
    switch (r.kind) {
        case "fork":
            return refused([
                `${notRun} this pull request comes from a fork${r.headRepo ? ` (${code(r.headRepo)})` : ""}, and its code has run nowhere this repository trusts.`,
                "phased-rollout rolls out a fork's head only when the workflow sets `allow-forks: true`. Merge the pull request and roll out its merge commit, or push its commits to a branch of this repository and open a pull request from there.",
            ], runUrl);
        case "late":
            return refused([
                `${notRun} the pull request's head ${code((0,format/* shortSha */.Fu)(r.sha))} was committed at ${r.committedAt}, after the comment was written (${r.commentedAt}). A comment rolls out only a head that was there when it was written.`,
                `Review the new head, then comment ${code(asked)} again.`,
            ], runUrl);
        case "undated":
            return refused([
                `${notRun} ${headRefusalReason(r)}.`,
                `Comment ${code(asked)} again, or start the version from the workflow's **Run workflow**.`,
            ], runUrl);
    }
}
function errorReply(asked, message, runUrl) {
    return bounded([`😕 ${code(asked)} failed: ${cell(message)}`, "", `[Workflow run](${runUrl})`, "", MARKER].join("\n"));
}
function helpReply(prefix, permission, environment, runUrl) {
    const rows = [
        ["status", "where the rollout stands; changes nothing"],
        ["check", "evaluate every gate now: each query as sent, its value and verdict; changes nothing"],
        [
            "replay",
            "run the gates over the last finished rollouts: what they would have decided; changes nothing",
        ],
        ["start", "roll out this pull request's head commit (its merge commit once merged)"],
        ["promote", "go to the next stage now, skipping bake time; a failing gate still blocks"],
        ["promote to <percent>", "jump to that stage of the plan"],
        ["promote --full", "release to everyone and complete the rollout now"],
        ["promote … --force", "promote past a failing gate (recorded)"],
        ["pause [reason]", "hold at the current stage until resumed"],
        ["resume", "end a pause"],
        ["rollback [reason]", "send the new version's traffic to 0% and close the rollout"],
        ["help", "this list"],
    ];
    return [
        `Commands for the rollout in **${cell(environment)}**, in the first line of a new comment:`,
        "",
        "| command | what it does |",
        "|---|---|",
        ...rows.map(([c, what]) => `| ${code(`${prefix} ${c}`, "table")} | ${what} |`),
        "",
        `Anyone with the **${permission}** role or higher on this repository may use them.`,
        "",
        `[Workflow run](${runUrl})`,
        "",
        MARKER,
    ].join("\n");
}

// EXTERNAL MODULE: ./src/store/port.ts
var port = __nccwpck_require__(3286);
;// CONCATENATED MODULE: ./src/io/comment.ts
// Pull-request comments as commands: who may command, what `/rollout start` may roll out, and the event fields
// that matter.



function positive(n) {
    return n !== undefined && Number.isSafeInteger(n) && n > 0;
}
function timeOf(text) {
    const ms = text === undefined ? Number.NaN : Date.parse(text);
    return Number.isNaN(ms) ? undefined : new Date(ms);
}
/** The fields of an `issue_comment` payload the action uses, or undefined if any is missing or odd. */
function readCommentEvent(payload) {
    const action = stringField(payload, "action");
    const issueNumber = numberField(payload, "issue", "number");
    const commentId = numberField(payload, "comment", "id");
    const body = stringField(payload, "comment", "body");
    const author = stringField(payload, "comment", "user", "login");
    if (action === undefined || !positive(issueNumber) || !positive(commentId))
        return undefined;
    if (body === undefined || author === undefined)
        return undefined;
    const pr = payload.issue?.pull_request;
    const createdAt = timeOf(stringField(payload, "comment", "created_at"));
    return {
        action,
        issueNumber,
        commentId,
        body,
        author,
        authorType: stringField(payload, "comment", "user", "type") ?? "User",
        isPullRequest: pr !== undefined && pr !== null,
        merged: typeof stringField(pr, "merged_at") === "string" || booleanField(pr, "merged") === true,
        ...(createdAt && { createdAt }),
    };
}
const RANK = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };
// The legacy permission's range: https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user
const LEGACY = {
    admin: ["admin", "admin"],
    write: ["write", "maintain"],
    read: ["read", "triage"],
};
function isRole(name) {
    return PERMISSION_ROLES.includes(name);
}
function standingOf(p) {
    if (!p)
        return { least: "none", most: "none", permission: "none" };
    const { permission, roleName } = p;
    if (isRole(roleName))
        return { least: roleName, most: roleName, permission, roleName };
    const [least, most] = LEGACY[permission] ?? ["none", "none"];
    const blur = roleName === undefined ? "no-role-name" : "custom-role";
    return {
        least,
        most,
        permission,
        ...(least !== most && { blur }),
        ...(roleName !== undefined && { roleName }),
    };
}
/** "unsure" when the commenter may or may not have the role, and GitHub's answer cannot settle it. */
function mayCommand(s, needed) {
    if (RANK[s.least] >= RANK[needed])
        return "yes";
    return RANK[s.most] >= RANK[needed] ? "unsure" : "no";
}
/** The commit `/rollout start` rolls out: a merged pull request's merge commit, otherwise its head. */
function startTarget(pull) {
    if (pull.merged && pull.mergeCommitSha)
        return { sha: pull.mergeCommitSha, isHead: false };
    return { sha: pull.headSha, isHead: true };
}
/**
 * A fork's head is refused unless `allow-forks`: its code ran nowhere this repository trusts. A merged pull
 * request's merge commit is this repository's own, made by whoever merged it.
 */
function forkRefusal(pull, target, allowForks) {
    if (!target.isHead || !pull.fromFork || allowForks)
        return undefined;
    return { kind: "fork", ...(pull.headRepo && { headRepo: pull.headRepo }) };
}
/**
 * A target committed after the comment was written is refused (github/branch-deploy's rule): it is not what
 * the commenter saw. The committer date is the committer's claim, not GitHub's record of the push; what that
 * can and cannot prove is in docs/comments.md.
 */
function lateRefusal(sha, commentedAt, committedAt) {
    const committed = timeOf(committedAt);
    if (!commentedAt || !committed)
        return { kind: "undated", sha };
    // Both have whole seconds; a commit in the comment's own second is not after it.
    if (committed.getTime() > commentedAt.getTime()) {
        return { kind: "late", sha, committedAt: (0,format/* rfc3339 */.ag)(committed), commentedAt: (0,format/* rfc3339 */.ag)(commentedAt) };
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/io/request.ts
// What a run was asked: the settings, the event, and the command it means, or why there is nothing to do.
// For a pull-request comment, also whether the commenter may ask, acknowledged (👀) or refused (👎) here.






/**
 * Reads the inputs and the event. An event the action does not act on, and any comment that is not a command
 * (edits, deletions, issues, ordinary comments), is ignored here, before any API call.
 */
function readRequest(rt) {
    const settings = readSettings(inputsFrom(rt.env));
    rt.setSecret(settings.token);
    const ctx = readContext(rt.env);
    rt.debug(`settings: ${JSON.stringify({ ...settings, token: "***", gatesText: undefined })}`);
    if (ctx.eventName === "issue_comment")
        return readComment(settings, ctx);
    const resolved = commandForEvent(ctx, settings.command);
    if (!resolved)
        return { kind: "ignored", reason: `the ${ctx.eventName} event is not one phased-rollout acts on` };
    const from = resolved.source === "event" ? `from the ${ctx.eventName} event` : "from the command input";
    return {
        kind: "command",
        settings,
        ctx,
        asked: {
            ...resolved,
            actor: ctx.actor,
            ...(settings.reason && { reason: settings.reason }),
            from,
        },
    };
}
function readComment(settings, ctx) {
    const comment = readCommentEvent(ctx.payload);
    if (!comment)
        return { kind: "ignored", reason: "the issue_comment payload lacks the comment or the issue" };
    if (comment.action !== "created") {
        return { kind: "ignored", reason: `comments that were ${comment.action} are ignored` };
    }
    if (!comment.isPullRequest)
        return { kind: "ignored", reason: "the comment is on an issue, not a pull request" };
    const parsed = parseComment(comment.body, settings.commentPrefix);
    if (!parsed) {
        return {
            kind: "ignored",
            reason: `the comment does not start with "${settings.commentPrefix} <command>"`,
        };
    }
    const said = "command" in parsed ? formatCommand(parsed.command) : parsed.word;
    return { kind: "comment", settings, ctx, comment, parsed, text: `${settings.commentPrefix} ${said}` };
}
/**
 * A command from the event or the input proceeds. A comment's author must hold the role `permission` names:
 * otherwise 👎 and a reply say why, and nothing else is written. An accepted comment gets 👀 now and its answer
 * when the run is done; `/rollout start` also checks what it would roll out (forks, a head pushed since).
 */
async function admit(request, api, rt) {
    if (request.kind === "command")
        return { kind: "proceed", asked: request.asked };
    const { settings, ctx, comment, parsed, text } = request;
    const link = runUrl(ctx);
    const to = { issueNumber: comment.issueNumber, commentId: comment.commentId, asked: text };
    const refused = (reply, reason, also = {}) => ({
        kind: "answered",
        result: { kind: "ignored", reason, ...also },
        answer: { ...to, reaction: "-1", reply, refusal: true },
    });
    let permission;
    try {
        permission = comment.authorType === "User" ? await api.getPermission(comment.author) : undefined;
    }
    catch (error) {
        if (!(error instanceof port/* PermissionUnreadableError */.$))
            throw error;
        // The workflow must change, not the commenter: the step fails too.
        const why = permissionUnreadable(comment.author, error.message);
        return refused(permissionUnreadableReply(comment.author, text, why, link), why, { failure: why });
    }
    const standing = standingOf(permission);
    const may = mayCommand(standing, settings.permission);
    const role = standing.least === standing.most ? standing.least : `${standing.least} or ${standing.most}`;
    rt.info(`@${comment.author} (${comment.authorType}, role ${role}) asked: ${text}`);
    const needs = `it needs the ${settings.permission} role or higher`;
    if (may === "unsure") {
        const reason = `@${comment.author} may not run ${text}: ${needs}, and GitHub's answer (${standing.permission}) cannot tell ${standing.least} from ${standing.most}`;
        return refused(unsureRoleReply(comment.author, text, settings.permission, standing, link), reason, {
            notice: reason,
        });
    }
    if (may === "no") {
        const has = standing.least === "none" ? "no role" : standing.least;
        const reason = `@${comment.author} may not run ${text}: ${needs}, and they have ${has} on this repository`;
        return refused(refusalReply(comment.author, text, settings.permission, standing.least, link), reason, {
            notice: reason,
        });
    }
    await acknowledge(api, rt, settings.dryRun, comment.commentId);
    if ("error" in parsed) {
        return {
            kind: "answered",
            result: { kind: "ignored", reason: parsed.error, failure: `${text}: ${parsed.error}` },
            answer: { ...to, reaction: "confused", reply: errorReply(text, parsed.error, link) },
        };
    }
    const command = parsed.command;
    if (command.kind === "help") {
        return {
            kind: "answered",
            result: { kind: "ignored", reason: "help lists the commands" },
            answer: {
                ...to,
                reaction: "rocket",
                reply: helpReply(settings.commentPrefix, settings.permission, settings.environment, link),
            },
        };
    }
    const asked = { command, source: "comment", actor: comment.author, from: "from a comment" };
    if (command.kind === "check") {
        // With no rollout in flight, a check evaluates the pull request's head as a start would roll it out; it
        // writes nothing, so the refusals that guard a start do not apply.
        const pull = await api.getPull(comment.issueNumber);
        return { kind: "proceed", asked: { ...asked, startSha: startTarget(pull).sha }, answer: to };
    }
    // Only start rolls out the pull request; every other command acts on the environment's rollout.
    if (command.kind !== "start")
        return { kind: "proceed", asked, answer: to };
    const pull = await api.getPull(comment.issueNumber);
    const target = startTarget(pull);
    const refusal = forkRefusal(pull, target, settings.allowForks) ??
        lateRefusal(target.sha, comment.createdAt, (await api.getCommit(target.sha))?.date);
    if (refusal) {
        const reason = `${text} was not run: ${headRefusalReason(refusal)}`;
        return refused(headRefusalReply(comment.author, text, refusal, link), reason, { notice: reason });
    }
    return { kind: "proceed", asked: { ...asked, startSha: target.sha }, answer: to };
}
/** 👀 on the comment: it was heard and may run. In a dry run, only said in the log. */
async function acknowledge(api, rt, dryRun, commentId) {
    if (dryRun) {
        rt.info(`Dry run: would react eyes to comment ${commentId}.`);
        return;
    }
    await api.addReaction(commentId, "eyes");
}

// EXTERNAL MODULE: ./src/rollout/decide.ts + 1 modules
var decide = __nccwpck_require__(4195);
;// CONCATENATED MODULE: ./src/report/outputs.ts
// The step's outputs: what later steps act on.

/** The outputs of a run: what it decided and, when it found or started a rollout, where that stands. */
function outputValues(r) {
    const d = r.decision;
    const out = {
        [OUTPUTS.decision]: d.kind,
        [OUTPUTS.changed]: String(r.changed),
        [OUTPUTS.reason]: d.reason,
        [OUTPUTS.gates]: JSON.stringify(r.gates.map(({ name, provider, verdict, value, threshold, samples, message, queries, shadow, baseline }) => ({
            name,
            provider,
            verdict,
            value,
            threshold,
            samples,
            message,
            queries,
            shadow,
            ...(baseline && { baseline }),
        }))),
    };
    if (r.replay)
        out[OUTPUTS.replay] = JSON.stringify(r.replay);
    if (r.rollout) {
        const traffic = trafficOf(r);
        Object.assign(out, {
            [OUTPUTS.percent]: traffic.percent,
            [OUTPUTS.previousPercent]: traffic.previousPercent,
            [OUTPUTS.stage]: traffic.stage,
            [OUTPUTS.stageCount]: String(d.stageCount),
            [OUTPUTS.sha]: r.rollout.sha,
            [OUTPUTS.baselineSha]: r.rollout.baselineSha ?? "",
            [OUTPUTS.deploymentId]: r.rollout.deploymentId === undefined ? "" : String(r.rollout.deploymentId),
        });
    }
    return out;
}
/**
 * The traffic outputs: the decision's, or in a dry run that would have recorded a transition, where the rollout
 * really stands, so an apply step never moves traffic for a dry run (empty for a start: nothing rolls out yet).
 */
function trafficOf(r) {
    const d = r.decision;
    if (!r.dryRun || !d.record) {
        return {
            percent: String(d.percent),
            previousPercent: String(d.previousPercent),
            stage: String(d.stageIndex + 1),
        };
    }
    const { percent, stageIndex } = r.rollout ?? {};
    if (d.record.newRollout || percent === undefined || stageIndex === undefined) {
        return { percent: "", previousPercent: "", stage: "" };
    }
    return { percent: String(percent), previousPercent: String(percent), stage: String(stageIndex + 1) };
}

;// CONCATENATED MODULE: ./src/report/publish.ts
// The one place a run's result leaves it: outputs, the job summary, annotations, the answer on a pull request,
// and the step's failure. main() builds one RunResult and publishes it once.





/** Errors whose message is the whole story: a stack trace would only hide it. */
function isUserError(error) {
    return error instanceof InputError || error instanceof ContextError || error.name === "SecretError";
}
const result = {
    ignored(reason) {
        return { kind: "ignored", reason };
    },
    decided(report) {
        return { kind: "decided", report };
    },
    async failed(error) {
        // The GitHub client explains its own failures; only a run that got that far has loaded it.
        const { describeError } = await Promise.all(/* import() */[__nccwpck_require__.e(339), __nccwpck_require__.e(922)]).then(__nccwpck_require__.bind(__nccwpck_require__, 2922));
        const message = describeError(error);
        const stack = error instanceof Error && !isUserError(error) ? error.stack : undefined;
        return { kind: "failed", message, ...(stack && { stack }) };
    },
};
/** Fills in an accepted comment's answer from the run's result: the reply, and 🚀 or 😕. */
function closeAnswer(answer, run, redact) {
    if (answer.reply !== undefined || run.kind !== "decided")
        return answer;
    const failed = run.report.decision.error !== undefined;
    return {
        ...answer,
        reply: redact(commentReply(run.report, answer.asked)),
        reaction: failed ? "confused" : "rocket",
    };
}
/** An accepted comment whose run failed: a reply that says so, and 😕. */
function failedAnswer(answer, run, link, redact) {
    const message = run.kind === "failed" ? run.message : "the run failed";
    return { ...answer, reply: errorReply(answer.asked, redact(message), link), reaction: "confused" };
}
function failureOf(run) {
    if (run.kind === "failed")
        return run.message;
    if (run.kind === "ignored")
        return run.failure;
    return run.report.decision.error;
}
function decisionOf(run) {
    if (run.kind === "decided")
        return { decision: run.report.decision, report: run.report };
    if (run.kind === "ignored") {
        const none = {
            kind: "none",
            stageIndex: 0,
            stageCount: 0,
            percent: 0,
            previousPercent: 0,
            reason: run.reason,
        };
        return { decision: none };
    }
    return undefined;
}
async function publish(run, p) {
    const { rt } = p;
    const decided = decisionOf(run);
    if (run.kind === "ignored")
        rt.info(`Nothing to do: ${run.reason}.`);
    if (decided) {
        const values = outputValues(decided.report ?? { decision: decided.decision, gates: [], changed: false });
        for (const [name, value] of Object.entries(values))
            rt.setOutput(name, value);
    }
    if (run.kind === "decided") {
        await rt.group("Report", async () => {
            for (const w of run.report.warnings)
                rt.warning(w);
            await rt.summary(summaryMarkdown(run.report));
        });
    }
    if (run.kind === "ignored" && run.notice)
        rt.notice(run.notice);
    let failure = failureOf(run);
    if (p.answer?.reply !== undefined && p.api) {
        try {
            await answer(p.api, rt, p.answer, p.dryRun ?? false);
        }
        catch (error) {
            const { describeError } = await Promise.all(/* import() */[__nccwpck_require__.e(339), __nccwpck_require__.e(922)]).then(__nccwpck_require__.bind(__nccwpck_require__, 2922));
            if (p.answer.refusal)
                rt.warning(`The refusal could not be posted: ${describeError(error)}`);
            else
                failure ??= describeError(error);
        }
    }
    if (failure !== undefined)
        rt.setFailed(failure);
    if (run.kind === "failed" && run.stack)
        rt.debug(run.stack);
}
/** The reply and the closing reaction on the comment; in a dry run, only said in the log. */
async function answer(api, rt, a, dryRun) {
    const react = async () => {
        if (!a.reaction)
            return;
        if (dryRun)
            rt.info(`Dry run: would react ${a.reaction} to comment ${a.commentId}.`);
        else
            await api.addReaction(a.commentId, a.reaction);
    };
    const reply = async () => {
        if (a.reply === undefined)
            return;
        if (dryRun) {
            rt.info(`Dry run: would reply on #${a.issueNumber}:\n${a.reply}`);
            return;
        }
        const posted = await api.createComment(a.issueNumber, a.reply);
        rt.info(`Replied on #${a.issueNumber}: ${posted.url}`);
    };
    if (a.refusal) {
        await react();
        await reply();
    }
    else {
        await reply();
        await react();
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: ./src/runtime.ts
// The run's one contact with the process and the Actions runner: the environment, the clock, sleep, logs,
// annotations, masking, outputs and the job summary. Everything else takes what it needs from here, so tests
// can give a run their own.
//
// It speaks the runner's protocol itself ("Workflow commands for GitHub Actions": `::name props::message` on
// stdout, and the GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files) rather than through @actions/core, whose OIDC
// client brings an HTTP stack of a megabyte into every run, an ignored comment's included. A test holds every
// line written here to what @actions/core writes for the same call (test/unit/runtime.test.ts).




/** Message data of a workflow command: `%`, CR and LF escaped, as the runner unescapes them. */
function escapeData(s) {
    return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
/** A workflow command's line: `::name::message`. */
function commandLine(name, message) {
    return `::${name}::${escapeData(message)}`;
}
/** A `name<<delimiter` block of an environment file such as GITHUB_OUTPUT, with a delimiter the value lacks. */
function keyValueBlock(name, value, delimiter = `ghadelimiter_${(0,external_node_crypto_.randomUUID)()}`) {
    if (name.includes(delimiter) || value.includes(delimiter)) {
        throw new Error(`the output ${name} holds its own delimiter ${delimiter}`);
    }
    return `${name}<<${delimiter}${external_node_os_namespaceObject.EOL}${value}${external_node_os_namespaceObject.EOL}${delimiter}`;
}
/** The runtime of a step the Actions runner started: its environment, stdout and files. */
function actionsRuntime(env = process.env) {
    const write = (line) => {
        process.stdout.write(`${line}${external_node_os_namespaceObject.EOL}`);
    };
    const command = (name) => (message) => {
        write(commandLine(name, message));
    };
    return {
        env,
        now: () => new Date(),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        info: write,
        debug: command("debug"),
        warning: command("warning"),
        notice: command("notice"),
        group: async (name, fn) => {
            write(commandLine("group", name));
            try {
                return await fn();
            }
            finally {
                write(commandLine("endgroup", ""));
            }
        },
        setSecret: command("add-mask"),
        setOutput: (name, value) => {
            const file = env.GITHUB_OUTPUT;
            if (!file) {
                // Outside the runner (a local try-out): the outputs are only shown.
                write(`${name}=${value}`);
                return;
            }
            if (!(0,external_node_fs_namespaceObject.existsSync)(file))
                throw new Error(`GITHUB_OUTPUT names ${file}, which does not exist`);
            (0,external_node_fs_namespaceObject.appendFileSync)(file, `${keyValueBlock(name, value)}${external_node_os_namespaceObject.EOL}`, { encoding: "utf8" });
        },
        setFailed: (message) => {
            process.exitCode = 1;
            write(commandLine("error", message));
        },
        summary: async (markdown) => {
            const file = env.GITHUB_STEP_SUMMARY;
            if (!file)
                return;
            await (0,promises_namespaceObject.appendFile)(file, markdown, { encoding: "utf8" });
        },
    };
}

;// CONCATENATED MODULE: ./src/main.ts
// run(): read inputs → read the rollout's state → evaluate gates → decide → record → report, with one catch and
// one publish of one result. Each step belongs to the folder that owns it (docs/architecture.md); the heavy
// parts are loaded only by runs that use them: nothing by an ignored event, the gates' YAML, schema and named
// providers by a run that has gates (they are read, and fail the run, before any API call), the GitHub
// client by a run that acts, the statistics by a comparison with the baseline.









async function run(deps = {}) {
    const rt = deps.runtime ?? actionsRuntime();
    let outcome;
    let api;
    let answer;
    let settings;
    let hidden = [];
    const redact = (text) => (0,format/* redact */.E$)(text, hidden);
    let link = "";
    try {
        // 1. Inputs: the settings, the event, and the command it means (or why there is nothing to do).
        const request = readRequest(rt);
        if (request.kind === "ignored") {
            outcome = result.ignored(request.reason);
        }
        else {
            ({ settings } = request);
            link = runUrl(request.ctx);
            const gates = await readGatesInput(settings.gatesText);
            rt.debug(`gates: ${gates.map((g) => `${g.name} (${g.provider})`).join(", ") || "none"}`);
            // `after` and `freeze` are read before any API call too: a bad window fails the run here.
            const after = await readAfterInput(settings.afterText, settings.environment);
            const freeze = await readFreezeInput(settings.freezeText);
            const secrets = await gateSecrets(gates, rt);
            hidden = [settings.token, ...secrets.values()];
            api = deps.github ? deps.github(settings, request.ctx) : await connectGitHub(settings, request.ctx, rt);
            // A comment is acknowledged or refused before anything else is read.
            const admission = await admit(request, api, rt);
            answer = admission.answer;
            outcome =
                admission.kind === "answered"
                    ? admission.result
                    : await roll(admission.asked, {
                        settings,
                        ctx: request.ctx,
                        gates,
                        secrets,
                        api,
                        rt,
                        after,
                        freeze,
                    });
            if (answer)
                answer = closeAnswer(answer, outcome, redact);
        }
    }
    catch (error) {
        outcome = await result.failed(error);
        if (answer)
            answer = failedAnswer(answer, outcome, link, redact);
    }
    await publish(outcome, { rt, api, answer, dryRun: settings?.dryRun ?? false });
}
/** Steps 2–6 for a command: read the rollout, evaluate its gates if the decision asks, decide, record, report. */
async function roll(asked, r) {
    const { settings, ctx, api, rt } = r;
    rt.info(`Command: ${formatCommand(asked.command)} (${asked.from})`);
    // 2. Where the rollout stands.
    const { readSnapshot } = await Promise.all(/* import() */[__nccwpck_require__.e(339), __nccwpck_require__.e(329)]).then(__nccwpck_require__.bind(__nccwpck_require__, 3329));
    const snapshot = await rt.group("Read rollout state", () => readSnapshot(api, {
        environment: settings.environment,
        repository: ctx,
        stages: settings.stages,
        // A check with no rollout in flight evaluates the version a start would roll out.
        ...((asked.command.kind === "start" || asked.command.kind === "check") && {
            start: {
                ...(asked.startSha && { sha: asked.startSha }),
                ...(settings.ref && { ref: settings.ref }),
            },
        }),
        eventSha: ctx.sha,
    }, { now: rt.now, sleep: rt.sleep, log: rt.info }));
    if (asked.command.kind === "replay")
        return replay(asked, snapshot, r);
    // 2b. With `after`: where the environments it follows stand, and what the wave says. With `freeze`: the calendar.
    const wave = r.after.length > 0 && !snapshot.behind ? await readWaveOf(asked, snapshot, r) : undefined;
    const calendar = r.freeze.length > 0 ? await freezeCalendar(r) : undefined;
    // 3–4. The decision, with the gates it asks for. Lists behind the state ref would decide on a past state:
    // nothing is decided then, and no percent is published.
    const step = snapshot.behind
        ? (0,decide/* yieldTo */.v)(undefined, settings.stages, snapshot.behind)
        : (0,decide/* decide */.L)(decideInput(asked, snapshot, r, wave, calendar));
    let gates = [];
    let gateWarnings = [];
    let decision;
    if (step.kind === "need-gates") {
        const { evaluateRollout } = await Promise.all(/* import() */[__nccwpck_require__.e(420), __nccwpck_require__.e(17)]).then(__nccwpck_require__.bind(__nccwpck_require__, 7017));
        const evaluated = await rt.group("Evaluate gates", () => evaluateRollout(step.rollout, r.gates, {
            environment: settings.environment,
            secrets: r.secrets,
            env: rt.env,
            now: rt.now,
            sleep: rt.sleep,
            log: rt.info,
        }));
        ({ gates, warnings: gateWarnings } = evaluated);
        decision = step.decide(gates, rt.now());
    }
    else {
        decision = step;
    }
    rt.info(`Decision: ${decision.kind} — ${decision.reason}`);
    // 5. The transition, recorded once, or yielded to a run that moved first.
    let recorded = {
        decision,
        warnings: [],
    };
    if (decision.record && settings.dryRun) {
        rt.info(`Dry run: would record "${decision.record.event}" at ${decision.percent}%.`);
    }
    else if (decision.record) {
        const { commit } = await Promise.all(/* import() */[__nccwpck_require__.e(339), __nccwpck_require__.e(329), __nccwpck_require__.e(944)]).then(__nccwpck_require__.bind(__nccwpck_require__, 9944));
        const committed = await rt.group("Record the transition", () => commit(decision, snapshot, {
            api,
            environment: settings.environment,
            stages: settings.stages,
            repository: ctx,
            // A start the wave picked names a commit of its own; the event's (a schedule's) may be anything.
            baseSha: wave?.decision.kind === "start" ? wave.decision.sha : snapshot.baseSha,
            runId: ctx.runId,
            runAttempt: ctx.runAttempt,
            logUrl: runUrl(ctx),
            now: rt.now,
            sleep: rt.sleep,
            log: rt.info,
            warn: rt.warning,
        }));
        recorded =
            committed.kind === "committed"
                ? { decision: committed.decision, rollout: committed.rollout, warnings: committed.warnings }
                : { decision: committed.decision, warnings: committed.warnings };
    }
    // 6. What the run tells people and later steps.
    const final = recorded.decision;
    const subject = recorded.rollout ?? final.subject;
    const manual = asked.source !== "event";
    return result.decided({
        decision: final,
        ...(subject && { rollout: subject }),
        gates,
        changed: recorded.rollout !== undefined,
        environment: settings.environment,
        command: formatCommand(asked.command),
        ...(manual && { requestedBy: asked.actor }),
        ...(manual && final.record?.note && { note: final.record.note }),
        dryRun: settings.dryRun,
        runUrl: runUrl(ctx),
        now: rt.now(),
        warnings: [
            ...snapshot.warnings,
            ...(wave?.decision.warnings ?? []),
            ...gateWarnings,
            ...recorded.warnings,
        ],
        ...(wave && { wave: wave.rows }),
        ...(calendar && { freeze: calendar }),
    });
}
/** `replay`: the gates over the environment's last finished rollouts. Reads GitHub, asks providers, writes nothing. */
async function replay(asked, snapshot, r) {
    const { settings, ctx, api, rt } = r;
    if (r.gates.length === 0) {
        throw new InputError(`${INPUTS.gates}: is empty; replay runs the configured gates over past rollouts`);
    }
    const { readFinishedRollouts } = await __nccwpck_require__.e(/* import() */ 581).then(__nccwpck_require__.bind(__nccwpck_require__, 6581));
    const { replayRollouts } = await Promise.all(/* import() */[__nccwpck_require__.e(420), __nccwpck_require__.e(657)]).then(__nccwpck_require__.bind(__nccwpck_require__, 1657));
    const rollouts = await rt.group("Read finished rollouts", () => readFinishedRollouts(api, settings.environment, ctx, settings.replayCount));
    const record = await rt.group("Replay the gates", () => replayRollouts(rollouts, r.gates, {
        environment: settings.environment,
        bakeSeconds: settings.bakeTimeSeconds,
        count: settings.replayCount,
        secrets: r.secrets,
        env: rt.env,
        now: rt.now,
        sleep: rt.sleep,
        log: rt.info,
    }));
    // The outputs say where the environment stands, as `status` would, so an apply step beside it re-applies the
    // real desired state; lists behind the state ref publish none.
    const status = snapshot.behind
        ? (0,decide/* yieldTo */.v)(undefined, settings.stages, snapshot.behind)
        : (0,decide/* decide */.L)(decideInput({ ...asked, command: { kind: "status" } }, snapshot, r));
    if (status.kind === "need-gates")
        throw new Error("status asked for gates");
    const misconfigured = misconfiguredIn(record);
    const decision = {
        ...status,
        reason: record.summary.sentence,
        ...(misconfigured && { error: `${record.summary.sentence}; misconfigured: ${misconfigured}` }),
    };
    return result.decided({
        decision,
        ...(decision.subject && { rollout: decision.subject }),
        gates: [],
        changed: false,
        environment: settings.environment,
        command: "replay",
        dryRun: settings.dryRun,
        runUrl: runUrl(ctx),
        now: rt.now(),
        warnings: [],
        replay: record,
    });
}
/** The gates a replay found misconfigured (a request the provider refused), once each: the replay's run fails. */
function misconfiguredIn(record) {
    const broken = new Map();
    for (const g of record.rollouts.flatMap((x) => x.stages.flatMap((st) => st.gates)))
        if (g.misconfigured && !broken.has(g.name))
            broken.set(g.name, g.message);
    return broken.size === 0
        ? undefined
        : [...broken].map(([name, message]) => `${name}: ${message}`).join("; ");
}
/** The wave's reads of the `after` environments (store/upstream.ts), and its rows for the report. */
async function readWaveOf(asked, snapshot, r) {
    const { settings, ctx, api, rt } = r;
    const [{ readWave }, { waveTrigger, waveView }] = await Promise.all([
        Promise.all(/* import() */[__nccwpck_require__.e(339), __nccwpck_require__.e(329), __nccwpck_require__.e(72)]).then(__nccwpck_require__.bind(__nccwpck_require__, 72)),
        __nccwpck_require__.e(/* import() */ 120).then(__nccwpck_require__.bind(__nccwpck_require__, 5120)),
    ]);
    const here = snapshot.state.current;
    const run = await rt.group(`Read the wave (after ${r.after.join(", ")})`, () => readWave(api, {
        environment: settings.environment,
        after: r.after,
        trigger: waveTrigger(asked.command.kind, asked.source, ctx.eventName),
        here,
        sha: snapshot.target?.sha,
        earlier: snapshot.target?.earlier,
        repository: ctx,
    }));
    return { ...run, rows: waveView(settings.environment, here, run.upstreams) };
}
/** The freeze in force now, and the next window within the bake time (rollout/freeze.ts, loaded with the input). */
async function freezeCalendar(r) {
    const { freezeAt } = await __nccwpck_require__.e(/* import() */ 330).then(__nccwpck_require__.bind(__nccwpck_require__, 2330));
    return freezeAt(r.freeze, r.rt.now(), r.settings.bakeTimeSeconds);
}
function decideInput(asked, snapshot, r, wave, calendar) {
    const { settings, ctx, rt } = r;
    const { state, target } = snapshot;
    const { command } = asked;
    return {
        command,
        source: asked.source,
        ...(state.current && { current: state.current }),
        ...(state.replacing && { replacing: state.replacing }),
        ...(target && { target }),
        stages: settings.stages,
        now: rt.now(),
        bakeTimeSeconds: settings.bakeTimeSeconds,
        ...(settings.stallAfterSeconds !== undefined && { stallAfterSeconds: settings.stallAfterSeconds }),
        force: settings.force || (command.kind === "promote" && command.force === true),
        actor: asked.actor,
        ...(asked.reason && { reason: asked.reason }),
        runId: ctx.runId,
        ...(wave && { wave: wave.decision }),
        ...(calendar?.inForce && { freeze: calendar.inForce }),
    };
}
/** Every secret the gates use, looked up before any request, and masked in everything the run prints. */
async function gateSecrets(gates, rt) {
    if (gates.length === 0)
        return new Map();
    const { derivedSecrets, resolveSecrets } = await __nccwpck_require__.e(/* import() */ 420).then(__nccwpck_require__.bind(__nccwpck_require__, 420));
    const secrets = resolveSecrets(gates, rt.env);
    for (const [name, value] of derivedSecrets(gates, secrets))
        secrets.set(name, value);
    for (const value of secrets.values())
        rt.setSecret(value);
    return secrets;
}
async function connectGitHub(settings, ctx, rt) {
    const { connect } = await Promise.all(/* import() */[__nccwpck_require__.e(339), __nccwpck_require__.e(490)]).then(__nccwpck_require__.bind(__nccwpck_require__, 2490));
    return connect({
        token: settings.token,
        apiUrl: ctx.apiUrl,
        owner: ctx.owner,
        repo: ctx.repo,
        now: rt.now,
        debug: rt.debug,
        warning: rt.warning,
    });
}


/***/ }),

/***/ 1875:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Dp: () => (/* binding */ stateFor),
/* harmony export */   GQ: () => (/* binding */ formatDescription),
/* harmony export */   aJ: () => (/* binding */ parseDescription),
/* harmony export */   ng: () => (/* binding */ runOf),
/* harmony export */   rD: () => (/* binding */ readPayload),
/* harmony export */   rI: () => (/* binding */ makePayload),
/* harmony export */   ut: () => (/* binding */ runLink),
/* harmony export */   wn: () => (/* binding */ TASK)
/* harmony export */ });
/* unused harmony exports PAYLOAD_KEY, SCHEMA_VERSION, MAX_DESCRIPTION */
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6264);
// The encoding of rollouts in GitHub's records: the deployment's task and payload, each status's state and
// description, and the workflow-run link every status carries. Pure; the only module that knows the format.

const TASK = "rollout";
const PAYLOAD_KEY = "phased-rollout";
const SCHEMA_VERSION = 1;
const MAX_DESCRIPTION = 140;
const EVENT_STATE = {
    started: "in_progress",
    advanced: "in_progress",
    promoted: "in_progress",
    paused: "in_progress",
    resumed: "in_progress",
    "rolled back": "failure",
    completed: "success",
    superseded: "inactive",
    failed: "error",
};
function stateFor(event) {
    return EVENT_STATE[event];
}
function makePayload(stages, baseline, runId) {
    const payload = {
        schema: SCHEMA_VERSION,
        stages,
        baseline: baseline ?? null,
        run_id: runId,
    };
    return { [PAYLOAD_KEY]: payload };
}
/** The plan fixed at start, or undefined when the deployment is not one of ours. */
function readPayload(raw) {
    let value = raw;
    if (typeof value === "string") {
        try {
            value = JSON.parse(value);
        }
        catch {
            return undefined;
        }
    }
    if (value === null || typeof value !== "object")
        return undefined;
    const p = value[PAYLOAD_KEY];
    if (p === null || typeof p !== "object")
        return undefined;
    const { schema, stages, baseline, run_id } = p;
    if (schema !== SCHEMA_VERSION)
        return undefined;
    if (!Array.isArray(stages) || stages.length === 0)
        return undefined;
    if (!stages.every((s, i) => typeof s === "number" && s > 0 && s <= 100 && (i === 0 || s > stages[i - 1]))) {
        return undefined;
    }
    if (stages.at(-1) !== 100)
        return undefined;
    return {
        schema,
        stages: stages,
        baseline: typeof baseline === "string" && /^[0-9a-f]{40}$/.test(baseline) ? baseline : null,
        run_id: typeof run_id === "number" ? run_id : 0,
    };
}
/** "stage 3/5 · 25% · advanced: gates passed" — read in GitHub's UI, parsed back by `parseDescription`. */
function formatDescription(parts) {
    const head = `stage ${parts.stage}/${parts.stageCount} · ${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .formatPercent */ .l9)(parts.percent)} · ${parts.event}${parts.actor ? ` by @${parts.actor}` : ""}`;
    if (!parts.note)
        return head.slice(0, MAX_DESCRIPTION);
    const full = `${head}: ${parts.note}`;
    return (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .clip */ .$Q)(full, MAX_DESCRIPTION);
}
const DESCRIPTION_RE = /^stage (\d{1,3})\/(\d{1,3}) · (\d{1,3}(?:\.\d+)?)% · (started|advanced|promoted|paused|resumed|rolled back|completed|superseded|failed)(?: by @([^\s:]{1,60}))?(?:: (.*))?$/s;
function parseDescription(text) {
    const m = DESCRIPTION_RE.exec(text);
    if (!m)
        return undefined;
    const stage = Number(m[1]);
    const stageCount = Number(m[2]);
    const percent = Number(m[3]);
    if (stage < 1 || stage > stageCount || percent > 100)
        return undefined;
    return {
        event: m[4],
        stage,
        stageCount,
        percent,
        ...(m[5] && { actor: m[5] }),
        ...(m[6] && { note: m[6] }),
    };
}
// `<server>/<owner>/<repo>/actions/runs/<id>[/attempts/<n>]`, on any host: github.com, a GHE.com subdomain or
// an Enterprise Server.
const RUN_URL_RE = /^https?:\/\/[^/?#\s]+\/([^/?#\s]+)\/([^/?#\s]+)\/actions\/runs\/(\d+)(?:\/attempts\/(\d+))?(?:[/?#]|$)/;
/** A workflow run's page, the form runOf() reads back: `<server>/<owner>/<repo>/actions/runs/<id>/attempts/<n>`. */
function runLink(server, repository, runId, attempt) {
    return `${server}/${repository.owner}/${repository.repo}/actions/runs/${runId}/attempts/${attempt}`;
}
/** The workflow run a log URL links to, if that run belongs to `repository` (names are case-insensitive). */
function runOf(url, repository) {
    const m = RUN_URL_RE.exec(url);
    if (!m)
        return undefined;
    const same = (a, b) => a?.toLowerCase() === b.toLowerCase();
    if (!same(m[1], repository.owner) || !same(m[2], repository.repo))
        return undefined;
    return { runId: Number(m[3]), ...(m[4] && { runAttempt: Number(m[4]) }) };
}


/***/ }),

/***/ 4195:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  L: () => (/* binding */ decide),
  v: () => (/* binding */ yieldTo)
});

// EXTERNAL MODULE: ./src/format.ts
var format = __nccwpck_require__(6264);
// EXTERNAL MODULE: ./src/rollout/model.ts
var model = __nccwpck_require__(5116);
// EXTERNAL MODULE: ./src/rollout/plan.ts
var plan = __nccwpck_require__(5762);
;// CONCATENATED MODULE: ./src/rollout/check.ts
// `check`: every gate evaluated now, for the rollout in flight at its stage, or, with none in flight, for the
// version a start would roll out as if it had been at the first stage for one bake time. Bake time is not
// waited for and nothing is recorded; a misconfigured gate fails the step, a shadow one too, since checking
// the gates is the point.


function checkSubject(input) {
    const { current, target, stages } = input;
    if (current && (0,model/* isInFlight */.wn)(current)) {
        return {
            sha: current.sha,
            ...(current.baselineSha && { baselineSha: current.baselineSha }),
            stages: current.stages,
            stageIndex: current.stageIndex,
            percent: current.percent,
            stageStartedAt: current.stageStartedAt,
            transitions: current.transitions,
            inFlight: true,
            rollout: current,
        };
    }
    if (!target)
        return undefined;
    return {
        sha: target.sha,
        ...(target.baselineSha && { baselineSha: target.baselineSha }),
        stages,
        stageIndex: 0,
        percent: stages[0],
        stageStartedAt: new Date(input.now.getTime() - input.bakeTimeSeconds * 1000),
        transitions: [],
        inFlight: false,
    };
}
const ORDER = ["pass", "fail", "inconclusive", "error"];
function tally(gates) {
    if (gates.length === 0)
        return "no gates configured";
    return ORDER.map((v) => [v, gates.filter((g) => g.verdict === v).length])
        .filter(([, n]) => n > 0)
        .map(([v, n]) => `${n} ${v}`)
        .join(", ");
}
function checkDecision(s, gates) {
    const where = `stage ${s.stageIndex + 1}/${s.stages.length} (${(0,format/* formatPercent */.l9)(s.percent)})`;
    const what = s.inFlight ? `at ${where}` : `, not rolling out yet, as if at ${where}`;
    const count = `${gates.length} gate${gates.length === 1 ? "" : "s"}`;
    const reason = `checked ${count} for ${(0,format/* shortSha */.Fu)(s.sha)}${s.inFlight ? " " : ""}${what}: ${tally(gates)}; nothing recorded`;
    const broken = gates.filter((g) => g.misconfigured === true);
    const error = broken.length > 0
        ? `${reason}; misconfigured: ${broken.map((g) => `${g.name}: ${g.message}`).join("; ")}`
        : undefined;
    // The real desired state: the rollout's percent, or 0 for a version not rolling out.
    const percent = s.inFlight ? s.percent : 0;
    return {
        kind: "none",
        stageIndex: s.stageIndex,
        stageCount: s.stages.length,
        percent,
        previousPercent: percent,
        reason,
        ...(error && { error }),
        subject: s.rollout
            ? (0,model/* rolloutView */.lb)(s.rollout)
            : { sha: s.sha, stages: s.stages, ...(s.baselineSha && { baselineSha: s.baselineSha }) },
    };
}

;// CONCATENATED MODULE: ./src/rollout/decide.ts
// The heart: where the rollout stands + what was asked + gate verdicts → one decision. Pure: no I/O, no clock.




function needsGates(rollout, decide) {
    return { kind: "need-gates", rollout, decide };
}
const EVENT_DECISION = {
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
function at(r) {
    return `stage ${r.stageIndex + 1}/${r.stages.length} (${(0,format/* formatPercent */.l9)(r.stages[r.stageIndex] ?? r.percent)})`;
}
function stay(r, kind, reason, error) {
    return {
        kind,
        stageIndex: r.stageIndex,
        stageCount: r.stages.length,
        percent: r.percent,
        previousPercent: r.percent,
        reason,
        ...(error && { error }),
        subject: (0,model/* rolloutView */.lb)(r),
    };
}
function move(r, kind, record, reason) {
    return {
        kind,
        record,
        stageIndex: record.stageIndex,
        stageCount: r.stages.length,
        percent: record.percent,
        previousPercent: r.percent,
        reason,
        subject: (0,model/* rolloutView */.lb)(r),
    };
}
function nothing(stages, reason, error) {
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
function phaseSentence(r) {
    switch (r.phase) {
        case "complete":
            return `the rollout of ${(0,format/* shortSha */.Fu)(r.sha)} is complete at 100%`;
        case "rolled-back":
            return `the rollout of ${(0,format/* shortSha */.Fu)(r.sha)} was rolled back at ${at(r)}`;
        case "superseded":
            return `the rollout of ${(0,format/* shortSha */.Fu)(r.sha)} was superseded`;
        case "paused": {
            const by = r.pausedBy?.actor ? ` by @${r.pausedBy.actor}` : "";
            const why = r.pausedBy?.note ? `: ${r.pausedBy.note}` : "";
            return `the rollout of ${(0,format/* shortSha */.Fu)(r.sha)} is paused at ${at(r)}${by}${why}`;
        }
        case "pending":
            return `the rollout of ${(0,format/* shortSha */.Fu)(r.sha)} was opened but its start was never recorded`;
        case "rolling":
            return `the rollout of ${(0,format/* shortSha */.Fu)(r.sha)} is at ${at(r)}`;
    }
}
// Shadow gates (dry-run: true) are evaluated and reported, but never decide.
function failing(gates) {
    return gates.filter((g) => !g.shadow && g.verdict === "fail");
}
function missing(gates) {
    return gates.filter((g) => !g.shadow && (g.verdict === "inconclusive" || g.verdict === "error"));
}
function list(gates) {
    // Each message bounded: the reason is an output and a status note, and a server may write pages.
    return gates.map((g) => `${g.name}: ${(0,format/* clip */.$Q)(g.message, 300)}`).join("; ");
}
function names(gates) {
    return gates.map((g) => g.name).join(", ");
}
function startRecord(sha, stages, baselineSha, actor, note) {
    return {
        event: "started",
        stageIndex: 0,
        percent: stages[0],
        ...(actor && { actor }),
        ...(note && { note }),
        newRollout: { sha, stages, ...(baselineSha && { baselineSha }) },
    };
}
function manualActor(input) {
    return input.source === "event" ? undefined : input.actor;
}
/** `the freeze "weekend", until Mon 2026-03-30 10:00 Europe/Berlin (08:00 UTC)` */
function theFreeze(f) {
    const names = f.names.map((n) => `"${n}"`).join(", then ");
    return `the freeze ${names}, until ${f.endless ? "at least " : ""}${(0,format/* formatTime */.fU)(f.until, f.timeZone)}`;
}
function during(f) {
    return `during ${theFreeze(f)}`;
}
/**
 * How a freeze in force bears on a command that would give a rollout traffic: `override` (a person's start or
 * promote with force and a reason, recorded), `refuse` (force without a reason: the step fails), or `hold`.
 */
function freezeVerdict(input, f, asked) {
    const byPerson = input.source !== "event" && (input.command.kind === "start" || input.command.kind === "promote");
    if (!byPerson || !input.force)
        return { kind: "hold" };
    if (!input.reason) {
        return {
            kind: "refuse",
            error: `${asked} is frozen by "${f.names[0] ?? ""}" until ${f.endless ? "at least " : ""}${(0,format/* formatTime */.fU)(f.until, f.timeZone)}; force: true overrides a freeze only with a reason: give one (the reason input) to say why, and it is recorded`,
        };
    }
    return { kind: "override", note: `overrode freeze "${f.names[0] ?? ""}"` };
}
const OVERRIDE_HINT = "force: true with a reason overrides a freeze";
/** A hold that records nothing, with or without a rollout to report on. */
function holdOn(input, r, reason, error) {
    if (r)
        return stay(r, "hold", reason, error);
    return { ...nothing(input.stages, reason, error), kind: "hold" };
}
function decideStart(input, because) {
    const { current, target, stages } = input;
    if (!target)
        return nothing(stages, "no version to start", "start needs a version (ref)");
    const sha = target.sha;
    const auto = input.source === "event";
    if (current && current.sha === sha) {
        if (current.phase === "pending")
            return completeStart(current, input);
        if (current.phase === "rolling" || current.phase === "paused") {
            if (auto)
                return decideAdvance({ ...input, command: { kind: "advance" } }, current);
            return stay(current, "none", `${phaseSentence(current)}; it is already rolling out`);
        }
        if (current.phase === "complete")
            return stay(current, "none", `${phaseSentence(current)}; nothing to start`);
        if (auto) {
            return stay(current, "none", `${phaseSentence(current)}; a push never retries it, start it explicitly (command: start) to try again`);
        }
    }
    else if (target.earlier && auto) {
        return stay(target.earlier, "none", `${(0,format/* shortSha */.Fu)(sha)} already had a rollout in ${target.earlier.environment} (${target.earlier.phase}); a push never starts it again, use command: start`);
    }
    let overrode;
    if (input.freeze) {
        const f = freezeVerdict(input, input.freeze, "start");
        if (f.kind === "refuse")
            return holdOn(input, current, f.error, f.error);
        if (f.kind === "hold") {
            // A wave's start (`because`) is picked again by the follower's schedule; a push's is not.
            const then = !auto
                ? OVERRIDE_HINT
                : because
                    ? "the first scheduled run after it lifts starts it"
                    : "re-run this workflow run once it lifts, or start it then with command: start";
            return holdOn(input, current, `${(0,format/* shortSha */.Fu)(sha)} not started ${during(input.freeze)}; ${then}`);
        }
        overrode = f.note;
    }
    const retry = target.earlier?.phase === "rolled-back" ? "retry after rollback" : undefined;
    const note = [overrode, retry, input.reason].filter(Boolean).join(": ") || undefined;
    const record = startRecord(sha, stages, target.baselineSha, manualActor(input), note);
    if (current && (0,model/* isInFlight */.wn)(current) && current.sha !== sha)
        record.supersede = current;
    const base = target.baselineSha ? `, replacing ${(0,format/* shortSha */.Fu)(target.baselineSha)}` : "";
    const superseding = record.supersede ? `; supersedes the rollout of ${(0,format/* shortSha */.Fu)(record.supersede.sha)}` : "";
    return {
        kind: "start",
        record,
        stageIndex: 0,
        stageCount: stages.length,
        percent: record.percent,
        previousPercent: 0,
        reason: `started ${(0,format/* shortSha */.Fu)(sha)} at stage 1/${stages.length} (${(0,format/* formatPercent */.l9)(record.percent)})${base}${superseding}${because ? `: ${because}` : ""}`,
        subject: { sha, stages, ...(target.baselineSha && { baselineSha: target.baselineSha }) },
    };
}
/** A deployment whose start status was never written: write it now, as the earlier run meant to. */
function completeStart(r, input) {
    const notes = ["start recorded late"];
    if (input.freeze) {
        const f = freezeVerdict(input, input.freeze, input.command.kind);
        if (f.kind === "refuse")
            return stay(r, "hold", f.error, f.error);
        if (f.kind === "hold") {
            return stay(r, "hold", `the start of ${(0,format/* shortSha */.Fu)(r.sha)}, which an earlier run left unrecorded, waits for the end of ${theFreeze(input.freeze)}`);
        }
        notes.unshift(f.note);
    }
    const record = {
        event: "started",
        stageIndex: 0,
        percent: r.stages[0],
        note: notes.join("; "),
    };
    const actor = manualActor(input);
    if (actor)
        record.actor = actor;
    if (input.replacing)
        record.supersede = input.replacing;
    return move(r, "start", record, `recorded the start of ${(0,format/* shortSha */.Fu)(r.sha)} that an earlier run left unrecorded`);
}
function decideAdvance(input, r) {
    if (r.phase === "pending")
        return completeStart(r, input);
    if (r.phase !== "rolling")
        return stay(r, r.phase === "paused" ? "hold" : "none", phaseSentence(r));
    const live = (input.now.getTime() - r.stageStartedAt.getTime()) / 1000;
    if (!(live >= input.bakeTimeSeconds)) {
        const baking = `${(0,format/* formatDuration */.a3)(live)} of its ${(0,format/* formatDuration */.a3)(input.bakeTimeSeconds)} bake time`;
        if (input.freeze) {
            return stay(r, "hold", `holding at ${at(r)} ${during(input.freeze)}; the stage has been live ${baking}`);
        }
        return stay(r, "hold", `${at(r)} has been live ${baking}`);
    }
    return needsGates(r, (gates, now) => advanceOnGates(input, r, gates, (now.getTime() - r.stageStartedAt.getTime()) / 1000));
}
/** An advance past bake time, once the gates have spoken: roll back, hold, or move on. */
function advanceOnGates(input, r, gates, live) {
    const fails = failing(gates);
    if (fails.length > 0) {
        const note = `${names(fails)} failed`;
        return move(r, "rollback", { event: "rolled back", stageIndex: r.stageIndex, percent: 0, note }, `rolled back ${(0,format/* shortSha */.Fu)(r.sha)} from ${at(r)}: ${list(fails)}`);
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
            const stalled = `${at(r)} has waited ${(0,format/* formatDuration */.a3)(live)} for evidence, past stall-after (${(0,format/* formatDuration */.a3)(input.stallAfterSeconds)}): ${list(held)}`;
            return stay(r, "hold", reason, stalled);
        }
        return stay(r, "hold", reason);
    }
    const deciding = gates.filter((g) => !g.shadow);
    const why = deciding.length ? "gates passed" : "bake time passed, no gates";
    if (frozen)
        return stay(r, "hold", `holding at ${at(r)}${frozen}; ${why}`);
    if (r.stageIndex === r.stages.length - 1) {
        return move(r, "complete", { event: "completed", stageIndex: r.stageIndex, percent: 100, note: why }, `completed the rollout of ${(0,format/* shortSha */.Fu)(r.sha)}: ${why}`);
    }
    const next = r.stageIndex + 1;
    const percent = r.stages[next];
    return move(r, "advance", { event: "advanced", stageIndex: next, percent, note: why }, `advanced ${(0,format/* shortSha */.Fu)(r.sha)} to stage ${next + 1}/${r.stages.length} (${(0,format/* formatPercent */.l9)(percent)}): ${why}`);
}
function decidePromote(input, r, to) {
    if (r.phase === "paused")
        return stay(r, "hold", `${phaseSentence(r)}; resume it before promoting`);
    if (r.phase === "pending")
        return completeStart(r, input);
    if (r.phase !== "rolling")
        return stay(r, "none", `${phaseSentence(r)}; nothing to promote`);
    const last = r.stages.length - 1;
    let targetIndex = Math.min(r.stageIndex + 1, last);
    if (to === "full")
        targetIndex = last;
    else if (typeof to === "number") {
        targetIndex = (0,plan/* stageIndexOf */.OF)(r.stages, to);
        if (targetIndex < 0) {
            const msg = `promote to ${to}: ${(0,format/* formatPercent */.l9)(to)} is not a stage of the plan (${r.stages.join(", ")})`;
            return stay(r, "none", msg, msg);
        }
        if (targetIndex <= r.stageIndex) {
            const msg = `promote to ${to}: the rollout is already at ${(0,format/* formatPercent */.l9)(r.percent)}`;
            return stay(r, "none", msg, msg);
        }
    }
    let overrode;
    if (input.freeze) {
        const asked = to === "full" ? "promote --full" : typeof to === "number" ? `promote to ${to}` : "promote";
        const f = freezeVerdict(input, input.freeze, asked);
        if (f.kind === "refuse")
            return stay(r, "hold", f.error, f.error);
        if (f.kind === "hold") {
            return stay(r, "hold", `promote held at ${at(r)} ${during(input.freeze)}; ${OVERRIDE_HINT}`);
        }
        overrode = f.note;
    }
    return needsGates(r, (gates) => promoteOnGates(input, r, to, targetIndex, gates, overrode));
}
/** A promotion, once the gates have spoken: a failing or misconfigured gate blocks it unless forced. */
function promoteOnGates(input, r, to, targetIndex, gates, overrode) {
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
    const notes = overrode ? [overrode] : [];
    if (fails.length > 0)
        notes.push(`forced past failing ${names(fails)}`);
    if (broken.length > 0)
        notes.push(`forced past misconfigured ${names(broken)}`);
    const held = missing(gates).filter((g) => !broken.includes(g));
    if (held.length > 0)
        notes.push(`without evidence from ${names(held)}`);
    if (input.reason)
        notes.push(input.reason);
    const note = notes.join("; ") || undefined;
    const actor = manualActor(input);
    // --full releases to everyone and completes at once (as Argo Rollouts' promote --full does), so the version
    // becomes the next rollout's baseline; a plain promote at the last stage completes too.
    const completing = to === "full" || r.stageIndex === last;
    const event = completing ? "completed" : "promoted";
    const percent = r.stages[targetIndex];
    const record = {
        event,
        stageIndex: targetIndex,
        percent,
        ...(actor && { actor }),
        ...(note && { note }),
    };
    const reason = completing
        ? `completed the rollout of ${(0,format/* shortSha */.Fu)(r.sha)} on ${to === "full" ? "promote --full" : "promotion"}`
        : `promoted ${(0,format/* shortSha */.Fu)(r.sha)} to stage ${targetIndex + 1}/${r.stages.length} (${(0,format/* formatPercent */.l9)(percent)})`;
    return move(r, completing ? "complete" : "advance", record, note ? `${reason}; ${note}` : reason);
}
function manual(input, r, event, percent) {
    const actor = manualActor(input);
    const note = input.command.kind === "pause" || input.command.kind === "rollback"
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
function decideWave(input, wave) {
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
            const target = input.target?.sha === wave.sha
                ? input.target
                : { sha: wave.sha, ...(baselineSha && { baselineSha }) };
            return decideStart({ ...input, command: { kind: "start" }, target }, wave.reason);
        }
    }
}
/** Every gate now, for the rollout in flight or the version a start would roll out; see check.ts. */
function decideCheck(input) {
    const subject = checkSubject(input);
    if (!subject)
        return nothing(input.stages, "nothing to check: no rollout in flight and no version to start");
    return { kind: "need-gates", rollout: subject, decide: (gates) => checkDecision(subject, gates) };
}
function decide(input) {
    const { command, current } = input;
    const waved = input.wave && decideWave(input, input.wave);
    if (waved)
        return waved;
    if (command.kind === "start") {
        if (current && current.sha === input.target?.sha) {
            const rerun = rerunOf(input, current);
            if (rerun)
                return rerun;
        }
        return decideStart(input);
    }
    if (command.kind === "help")
        return nothing(input.stages, "help lists the commands");
    if (command.kind === "replay")
        return nothing(input.stages, "replay decides nothing");
    if (command.kind === "check")
        return decideCheck(input);
    if (!current)
        return nothing(input.stages, `no rollout in this environment yet; push a version or run command: start`);
    if (command.kind === "status")
        return stay(current, "none", phaseSentence(current));
    const rerun = rerunOf(input, current);
    if (rerun)
        return rerun;
    switch (command.kind) {
        case "advance":
            return decideAdvance(input, current);
        case "promote":
            return decidePromote(input, current, command.to);
        case "pause":
            if (current.phase !== "rolling")
                return stay(current, "none", `${phaseSentence(current)}; nothing to pause`);
            return move(current, "pause", manual(input, current, "paused", current.percent), `paused ${(0,format/* shortSha */.Fu)(current.sha)} at ${at(current)}`);
        case "resume":
            if (current.phase !== "paused")
                return stay(current, "none", `${phaseSentence(current)}; nothing to resume`);
            return move(current, "resume", manual(input, current, "resumed", current.percent), `resumed ${(0,format/* shortSha */.Fu)(current.sha)} at ${at(current)}; the next advance checks bake time and gates`);
        case "rollback":
            if (!(0,model/* isInFlight */.wn)(current) && current.phase !== "complete") {
                return stay(current, "none", `${phaseSentence(current)}; nothing to roll back`);
            }
            return move(current, "rollback", manual(input, current, "rolled back", 0), `rolled back ${(0,format/* shortSha */.Fu)(current.sha)} from ${(0,format/* formatPercent */.l9)(current.percent)} to 0%`);
    }
}
/** Another run recorded a transition between this run's reading and its writing: report that, record nothing. */
function yieldTo(current, stages, why) {
    return current ? stay(current, "none", why) : nothing(stages, why);
}
/** A re-run of the workflow run that recorded the latest transition records nothing new and repeats that outcome. */
function rerunOf(input, r) {
    const last = r.transitions.findLast((t) => t.event !== "failed");
    if (!last || input.runId === 0 || last.runId !== input.runId)
        return undefined;
    return {
        ...stay(r, EVENT_DECISION[last.event], `this workflow run already recorded "${last.event}" (${phaseSentence(r)}); a re-run records nothing new`),
    };
}


/***/ }),

/***/ 5116:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   lb: () => (/* binding */ rolloutView),
/* harmony export */   qF: () => (/* binding */ isTransitionEvent),
/* harmony export */   wn: () => (/* binding */ isInFlight)
/* harmony export */ });
/* unused harmony export TRANSITION_EVENTS */
// What a rollout is, as the pure core sees it: the records GitHub keeps, the transitions read from them, and
// where a rollout stands. Types and small predicates only; codec.ts encodes them, fold.ts derives them.
const TRANSITION_EVENTS = [
    "started",
    "advanced",
    "promoted",
    "paused",
    "resumed",
    "rolled back",
    "completed",
    "superseded",
    "failed",
];
function isTransitionEvent(text) {
    return TRANSITION_EVENTS.includes(text);
}
function isInFlight(r) {
    return r.phase === "rolling" || r.phase === "paused" || r.phase === "pending";
}
function rolloutView(r) {
    return {
        history: r.transitions.map(({ event, stage, percent, createdAt }) => ({
            event,
            stage,
            percent,
            createdAt,
        })),
        sha: r.sha,
        deploymentId: r.deploymentId,
        ...(r.baselineSha && { baselineSha: r.baselineSha }),
        stages: r.stages,
        stageStartedAt: r.stageStartedAt,
        stageIndex: r.stageIndex,
        percent: r.percent,
    };
}


/***/ }),

/***/ 5762:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   E9: () => (/* binding */ parseDuration),
/* harmony export */   OF: () => (/* binding */ stageIndexOf),
/* harmony export */   lj: () => (/* binding */ parseStages)
/* harmony export */ });
/* unused harmony exports DEFAULT_STAGES, MAX_STAGES, isLastStage */
// Stage arithmetic and durations: pure functions, no I/O.
const DEFAULT_STAGES = (/* unused pure expression or super */ null && ([1, 5, 25, 50, 100]));
// Each stage is a status per advance; a plan longer than this is a typo, not a rollout.
const MAX_STAGES = 20;
const MAX_DURATION_SECONDS = 365 * 86400;
/** Parses "1, 5, 25, 50, 100"; throws with a sentence that says what is wrong. */
function parseStages(text) {
    const parts = text
        .split(/[\s,]+/)
        .map((p) => p.trim().replace(/%$/, ""))
        .filter((p) => p !== "");
    if (parts.length === 0)
        throw new Error("must list at least one percent, ending with 100");
    if (parts.length > MAX_STAGES)
        throw new Error(`lists ${parts.length} stages; at most ${MAX_STAGES} are allowed`);
    const stages = parts.map((p) => {
        if (!/^\d+(\.\d{1,3})?$/.test(p)) {
            throw new Error(`has "${p.slice(0, 20)}", which is not a percent with at most three decimals`);
        }
        return Number(p);
    });
    for (const [i, s] of stages.entries()) {
        if (s <= 0 || s > 100)
            throw new Error(`has ${s}, but each stage must be above 0 and at most 100`);
        const prev = stages[i - 1];
        if (prev !== undefined && s <= prev)
            throw new Error("must be strictly increasing");
    }
    if (stages.at(-1) !== 100)
        throw new Error("must end with 100");
    return stages;
}
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 };
/** Parses "90s", "15m", "2h", "1d" or combinations such as "1h30m" into seconds. */
function parseDuration(text) {
    const trimmed = text.trim();
    const re = /\s*(\d+)\s*([smhd])/gy;
    let total = 0;
    let consumed = 0;
    for (const match of trimmed.matchAll(re)) {
        total += Number(match[1]) * UNIT_SECONDS[match[2]];
        consumed = match.index + match[0].length;
    }
    if (trimmed === "" || consumed !== trimmed.length) {
        throw new Error('is not a duration; use a number with a unit, such as "90s", "15m", "2h" or "1d"');
    }
    if (!(total <= MAX_DURATION_SECONDS))
        throw new Error("is longer than a year");
    return total;
}
/** 0-based index of the stage whose percent is `percent`, or -1. */
function stageIndexOf(stages, percent) {
    return stages.indexOf(percent);
}
function isLastStage(stages, index) {
    return index === stages.length - 1;
}


/***/ }),

/***/ 8974:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   v: () => (/* binding */ describeProjection)
/* harmony export */ });
// The judge's figures in words, for the judge's own explanations and for reports, which need them without
// loading the statistics themselves. Pure.
/** Rounded up to two significant digits, so that "about" never undersells what is needed. */
function roundUp2(x) {
    const unit = Math.pow(10, Math.floor(Math.log10(x)) - 1);
    return Number((Math.ceil(x / unit) * unit).toPrecision(2));
}
/** A number of requests for a sentence: "about 52,000", two significant digits, never below 1. */
function aboutCount(n) {
    return `about ${Math.max(1, roundUp2(n)).toLocaleString("en-US")}`;
}
/** A duration for a sentence: "about 40 minutes", "about 14 hours", "about 3.5 days". */
function aboutHours(hours) {
    const [value, unit] = hours < 1 ? [Math.max(1, hours * 60), "minute"] : hours < 48 ? [hours, "hour"] : [hours / 24, "day"];
    const shown = roundUp2(value);
    return `about ${shown.toLocaleString("en-US")} ${unit}${shown === 1 ? "" : "s"}`;
}
/** "about 52,000 more canary requests (about 14 hours at this stage's pace) would be enough to pass". */
function describeProjection(p) {
    const pace = p.hours === null ? "" : ` (${aboutHours(p.hours)} at this stage's pace)`;
    const requests = p.canaryRequests === 1 ? "request" : "requests";
    return (`${aboutCount(p.canaryRequests)} more canary ${requests}${pace} ` +
        `would be enough to ${p.towards === "pass" ? "pass" : "roll back"}`);
}


/***/ }),

/***/ 3286:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ PermissionUnreadableError)
/* harmony export */ });
// The GitHub calls the rollout makes, behind a narrow interface: tests pass their own, production passes
// restApi(octokit) from rest.ts.
/** GitHub would not show a collaborator's permission to this token (403): its identity cannot push. */
class PermissionUnreadableError extends Error {
    name = "PermissionUnreadableError";
}


/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 714:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:vm");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(9407);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
