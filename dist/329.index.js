export const id = 329;
export const ids = [329,922];
export const modules = {

/***/ 8766:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ deriveRollout)
/* harmony export */ });
/* harmony import */ var _codec_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1875);
// Folds a deployment and its statuses into where the rollout stands. Pure.

/**
 * A status is a transition of ours if it reads like one and links to a workflow run of this repository, whoever
 * wrote it: teams run comment and dispatch commands under a PAT or an App's token and the schedule under
 * GITHUB_TOKEN. Whether it can follow the rollout's phase is checked by the fold.
 */
function toTransition(s, stageCount, repository) {
    const parts = (0,_codec_js__WEBPACK_IMPORTED_MODULE_0__/* .parseDescription */ .aJ)(s.description);
    if (!parts || (0,_codec_js__WEBPACK_IMPORTED_MODULE_0__/* .stateFor */ .Dp)(parts.event) !== s.state || parts.stageCount !== stageCount)
        return undefined;
    const run = (0,_codec_js__WEBPACK_IMPORTED_MODULE_0__/* .runOf */ .ng)(s.logUrl, repository);
    if (run === undefined)
        return undefined;
    return {
        statusId: s.id,
        event: parts.event,
        stage: parts.stage,
        stageCount: parts.stageCount,
        percent: parts.percent,
        ...(parts.actor && { actor: parts.actor }),
        ...(parts.note && { note: parts.note }),
        createdAt: new Date(s.createdAt),
        ...run,
    };
}
/** Folds a deployment and its statuses into where the rollout stands. Pure. */
function deriveRollout(d, payload, statuses, repository) {
    const stages = payload.stages;
    const sorted = [...statuses].sort((a, b) => a.id - b.id);
    const transitions = [];
    const createdAt = new Date(d.createdAt);
    const rollout = {
        deploymentId: d.id,
        sha: d.sha,
        environment: d.environment,
        stages,
        ...(payload.baseline && { baselineSha: payload.baseline }),
        createdAt,
        transitions,
        phase: "pending",
        stageIndex: 0,
        percent: 0,
        stageStartedAt: createdAt,
        foreignStatuses: 0,
    };
    for (const s of sorted) {
        const t = toTransition(s, stages.length, repository);
        // A transition whose percent is not its stage's, or that cannot follow the phase the rollout is in, was not
        // written by the action for this plan: a person or another tool imitated the format.
        const consistent = t !== undefined &&
            (t.event === "rolled back" || t.event === "superseded" || t.event === "failed"
                ? true
                : stages[t.stage - 1] === t.percent);
        if (!t || !consistent || !FOLLOWS[t.event].includes(rollout.phase)) {
            rollout.foreignStatuses++;
            continue;
        }
        transitions.push(t);
        apply(rollout, t);
    }
    return rollout;
}
/** The phases each transition may follow. */
const FOLLOWS = {
    started: ["pending"],
    advanced: ["rolling"],
    promoted: ["rolling"],
    paused: ["rolling"],
    resumed: ["paused"],
    completed: ["rolling"],
    "rolled back": ["pending", "rolling", "paused", "complete"],
    superseded: ["pending", "rolling", "paused"],
    failed: ["pending", "rolling", "paused", "complete", "rolled-back", "superseded"],
};
function apply(rollout, t) {
    switch (t.event) {
        case "started":
        case "advanced":
        case "promoted":
            rollout.phase = "rolling";
            rollout.stageIndex = t.stage - 1;
            rollout.percent = t.percent;
            rollout.stageStartedAt = t.createdAt;
            break;
        case "paused":
            rollout.phase = "paused";
            rollout.pausedBy = t;
            break;
        case "resumed":
            rollout.phase = "rolling";
            delete rollout.pausedBy;
            break;
        case "completed":
            rollout.phase = "complete";
            rollout.stageIndex = rollout.stages.length - 1;
            rollout.percent = 100;
            break;
        case "rolled back":
        case "superseded":
            rollout.phase = t.event === "rolled back" ? "rolled-back" : "superseded";
            rollout.stageIndex = t.stage - 1;
            rollout.percent = 0;
            break;
        case "failed":
            // An error status reports a run that could not finish; it moves nothing.
            break;
    }
}


/***/ }),

/***/ 3433:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HZ: () => (/* binding */ CLAIM_EXPIRY_SECONDS),
/* harmony export */   O3: () => (/* binding */ settleClaim),
/* harmony export */   SC: () => (/* binding */ FIRST_WAIT_MS),
/* harmony export */   TC: () => (/* binding */ LIST_LAG_BUDGET_MS),
/* harmony export */   aG: () => (/* binding */ MAX_REREADS),
/* harmony export */   eY: () => (/* binding */ claimTransition),
/* harmony export */   fc: () => (/* binding */ listsShow),
/* harmony export */   zy: () => (/* binding */ readHead)
/* harmony export */ });
/* unused harmony exports stateRef, formatClaim, parseClaim */
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2922);
/* harmony import */ var _lock_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5074);
/* harmony import */ var _rollout_model_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5116);
// The environment's state ref: the last transition a run claimed, on a git ref next to the lock. GitHub's lists
// of deployments and statuses can trail a write by seconds, while a ref and a commit are read back current. So
// a run claims its transition on the ref before it writes it, with an unforced update that GitHub settles as a
// compare-and-swap, and a run whose lists do not show the transition the ref records waits for them briefly,
// or decides nothing. docs/concurrency.md explains the design.



/**
 * A claim whose transition the lists never show lapses this long after it was made. Claims are made under the
 * rollout lock, whose holder starts no write after its expiry less a request's timeout and a margin, so by then
 * the transition is either written (and listed, lists lagging by seconds) or never will be.
 */
const CLAIM_EXPIRY_SECONDS = _lock_js__WEBPACK_IMPORTED_MODULE_1__/* .LOCK_EXPIRY_SECONDS */ .cm;
/** How long after a claim a run waits for GitHub's lists to show it before it decides nothing. */
const LIST_LAG_BUDGET_MS = 10_000;
/** How often, and from how long after, a run whose lists lag reads them again (see readState). */
const MAX_REREADS = 4;
const FIRST_WAIT_MS = 500;
/** `phased-rollout/state/<environment>-<hash>`, next to the lock. */
function stateRef(environment) {
    return (0,_lock_js__WEBPACK_IMPORTED_MODULE_1__/* .environmentRef */ .Hu)("state", environment);
}
const CLAIM_SCHEMA = "1";
/** The claim commit's message: a line for people, then the fields. */
function formatClaim(claim, environment) {
    const title = claim.settled
        ? `phased-rollout: run ${claim.runId} could not record "${claim.event}" in ${environment}`
        : `phased-rollout: run ${claim.runId} claims "${claim.event}" in ${environment}`;
    return [
        title,
        "",
        `schema: ${CLAIM_SCHEMA}`,
        `event: ${claim.event}`,
        `deployment: ${claim.deploymentId ?? "new"}`,
        `sha: ${claim.sha}`,
        `run: ${claim.runId}`,
        `attempt: ${claim.runAttempt}`,
        ...(claim.settled ? ["settled: yes"] : []),
    ].join("\n");
}
/** The claim a commit message records, or undefined when the commit is not a claim. */
function parseClaim(message) {
    const fields = new Map();
    for (const line of message.split("\n").slice(1)) {
        const m = /^([a-z]+): (.+)$/.exec(line);
        if (m?.[1] && m[2])
            fields.set(m[1], m[2]);
    }
    const event = fields.get("event") ?? "";
    const deployment = fields.get("deployment") ?? "";
    const sha = fields.get("sha") ?? "";
    const runId = Number(fields.get("run"));
    const runAttempt = Number(fields.get("attempt"));
    if (fields.get("schema") !== CLAIM_SCHEMA || !(0,_rollout_model_js__WEBPACK_IMPORTED_MODULE_2__/* .isTransitionEvent */ .qF)(event) || !/^[0-9a-f]{40}$/.test(sha)) {
        return undefined;
    }
    if (!(deployment === "new" || /^\d{1,15}$/.test(deployment)))
        return undefined;
    if (!Number.isSafeInteger(runId) || runId <= 0 || !Number.isSafeInteger(runAttempt) || runAttempt <= 0) {
        return undefined;
    }
    return {
        event,
        ...(deployment !== "new" && { deploymentId: Number(deployment) }),
        sha,
        runId,
        runAttempt,
        ...(fields.get("settled") === "yes" && { settled: true }),
    };
}
/** The state ref and its commit: two reads (one when there is no ref yet). */
async function readHead(api, environment) {
    const ref = stateRef(environment);
    try {
        const sha = await api.getRef(ref);
        if (sha === undefined)
            return { kind: "absent" };
        const commit = await api.getCommit(sha);
        if (!commit)
            return { kind: "unreadable", reason: `its commit ${sha.slice(0, 7)} cannot be read` };
        const claim = parseClaim(commit.message);
        return {
            kind: "found",
            head: { sha, tree: commit.tree, claimedAt: new Date(commit.date), ...(claim && { claim }) },
        };
    }
    catch (error) {
        if ((0,_client_js__WEBPACK_IMPORTED_MODULE_0__/* .statusOf */ .c2)(error) === 403) {
            return { kind: "unreadable", reason: "the token may not read it (HTTP 403; it needs contents: read)" };
        }
        throw error;
    }
}
/**
 * Whether lists read into `state` show the claimed transition: its run attempt's status on the claimed rollout
 * (or the error status that attempt left when it could not record it), or a newer rollout than the claimed one.
 */
function listsShow(state, claim) {
    const cur = state.current;
    if (!cur)
        return false;
    if (claim.deploymentId === undefined) {
        if (cur.sha !== claim.sha)
            return false;
    }
    else if (cur.deploymentId !== claim.deploymentId) {
        return cur.deploymentId > claim.deploymentId;
    }
    return cur.transitions.some((t) => t.runId === claim.runId &&
        (t.runAttempt ?? claim.runAttempt) === claim.runAttempt &&
        (t.event === claim.event || t.event === "failed"));
}
const LOST = { kind: "lost" };
/**
 * Claims the transition: a commit on top of the head the run decided on, moved to without force, which GitHub
 * accepts only while the ref still points at that head; with no ref yet, an atomic create. "lost" means another
 * run claimed a transition since: this run must record nothing.
 */
async function claimTransition(api, opts) {
    const { environment, head, claim } = opts;
    if (head.kind === "unreadable")
        return { kind: "unavailable", reason: `the state ref ${head.reason}` };
    const ref = stateRef(environment);
    const message = formatClaim(claim, environment);
    try {
        if (head.kind === "found") {
            const { tree } = head.head;
            const commit = await api.createCommit(message, tree, [head.head.sha]);
            return (await api.advanceRef(ref, commit)) === "moved" ? { kind: "claimed", commit, tree } : LOST;
        }
        const { tree } = opts;
        const commit = await api.createCommit(message, tree);
        const claimed = { kind: "claimed", commit, tree };
        if ((await api.createRef(ref, commit)) === "created")
            return claimed;
        // A resend of this run's own create that landed is refused like a rival's: the ref tells them apart.
        return (await api.getRef(ref)) === commit ? claimed : LOST;
    }
    catch (error) {
        const status = (0,_client_js__WEBPACK_IMPORTED_MODULE_0__/* .statusOf */ .c2)(error);
        if (status === 403 || status === 404) {
            return {
                kind: "unavailable",
                reason: `the token cannot write git objects or refs (HTTP ${status}; the state ref needs contents: write)`,
            };
        }
        throw error;
    }
}
/**
 * Marks a claim whose transition could not be written (the write failed, or may have): a commit on top of it
 * saying so, after which this run writes nothing more. The next run then trusts lists that are
 * LIST_LAG_BUDGET_MS past it, instead of waiting for the claim to lapse. Refused when another run claimed since.
 */
async function settleClaim(api, environment, claimed, claim) {
    const commit = await api.createCommit(formatClaim({ ...claim, settled: true }, environment), claimed.tree, [
        claimed.commit,
    ]);
    await api.advanceRef(stateRef(environment), commit);
}


/***/ }),

/***/ 2922:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   UU: () => (/* binding */ createClient),
/* harmony export */   c2: () => (/* binding */ statusOf),
/* harmony export */   describeError: () => (/* binding */ describeError),
/* harmony export */   j2: () => (/* binding */ REQUEST_TIMEOUT_MS)
/* harmony export */ });
/* unused harmony exports GitHubTimeoutError, apiPath, withTimeout */
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6856);
/* harmony import */ var _octokit_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4730);
/* harmony import */ var bottleneck_light_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3251);
/* harmony import */ var bottleneck_light_js__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(bottleneck_light_js__WEBPACK_IMPORTED_MODULE_0__);
// The GitHub client: one factory with retries, rate limits and a deadline per request, and how its failures read.




const RetryingOctokit = _octokit_core__WEBPACK_IMPORTED_MODULE_1__/* .Octokit */ .E.plugin(_octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_2__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_3__/* .throttling */ .A);
const MAX_RATE_LIMIT_WAIT_SECONDS = 120;
/**
 * Per request, answer body included. Without it a connection that hangs would hold the run, and the rollout
 * lock, until the job's timeout (6 hours by default); GitHub answers the calls the action makes in well under
 * a second.
 */
const REQUEST_TIMEOUT_MS = 30_000;
/** GitHub did not answer one request in time; the message names the call. */
class GitHubTimeoutError extends Error {
    // Not "AbortError": Octokit rethrows those as they are, and plugin-retry only retries its own RequestError.
    name = "GitHubTimeoutError";
    constructor(method, url, ms, cause) {
        super(`GitHub did not answer ${method} ${apiPath(url)} within ${seconds(ms)}`, { cause });
    }
}
/** The path of an API URL, without host and query: what names a call in messages. */
function apiPath(url) {
    return url.replace(/^https?:\/\/[^/]+/, "").replace(/\?.*$/, "");
}
function seconds(ms) {
    return ms === 1000 ? "1 second" : `${ms / 1000} seconds`;
}
/**
 * Gives every request `ms` to complete, headers and body. Octokit turns the thrown GitHubTimeoutError into a
 * RequestError with status 500 (the error as `cause`), which plugin-retry retries and writeOnce treats as
 * uncertain. The body is read here, under the same deadline, because Octokit reads it itself and turns a
 * failed read into an empty answer with the real status: a stalled 200 would pass as success.
 */
function withTimeout(fetch, ms) {
    return async (input, init) => {
        const timeout = AbortSignal.timeout(ms);
        const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
        try {
            // Raced as well as passed on, so a fetch that ignores its signal cannot hang the run either.
            const res = await untilAborted(fetch(input, { ...init, signal }), signal);
            const body = await untilAborted(res.arrayBuffer(), signal);
            const copy = new Response(NULL_BODY_STATUSES.has(res.status) ? null : body, {
                status: res.status,
                statusText: res.statusText,
                headers: res.headers,
            });
            Object.defineProperty(copy, "url", { value: res.url });
            return copy;
        }
        catch (error) {
            if (timeout.aborted && !init?.signal?.aborted) {
                const url = input instanceof Request ? input.url : String(input);
                throw new GitHubTimeoutError(init?.method ?? "GET", url, ms, error);
            }
            throw error;
        }
    };
}
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
/** `work`, or a rejection with the signal's reason as soon as it aborts. */
function untilAborted(work, signal) {
    return new Promise((resolve, reject) => {
        const abort = () => {
            reject(signal.reason);
        };
        if (signal.aborted)
            abort();
        else
            signal.addEventListener("abort", abort, { once: true });
        void work.then(resolve, reject).finally(() => {
            signal.removeEventListener("abort", abort);
        });
    });
}
function createClient(opts) {
    const retries = opts.retries ?? 3;
    const fetch = withTimeout(opts.fetch ?? globalThis.fetch, opts.timeoutMs ?? REQUEST_TIMEOUT_MS);
    return new RetryingOctokit({
        auth: opts.token,
        baseUrl: opts.baseUrl,
        userAgent: "phased-rollout",
        ...(opts.log && { log: opts.log }),
        // Not `request.retries`: plugin-retry then retries every failure, 422s included, not only 5xx.
        request: { fetch },
        retry: { retries },
        throttle: {
            // The plugin spaces all writes 1 s apart (3 s for comments), GitHub's advice for bulk writers. A run makes
            // a handful, so that would only add seconds to every transition; secondary limits are still honoured.
            write: new (bottleneck_light_js__WEBPACK_IMPORTED_MODULE_0___default().Group)({ maxConcurrent: 1, minTime: 100 }),
            notifications: new (bottleneck_light_js__WEBPACK_IMPORTED_MODULE_0___default().Group)({ maxConcurrent: 1, minTime: 500 }),
            onRateLimit: (retryAfter, options, _octokit, retryCount) => {
                opts.log?.warn(`GitHub rate limit hit on ${options.method} ${options.url}; retry ${retryCount + 1} in ${retryAfter}s`);
                return retryCount < retries && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS;
            },
            onSecondaryRateLimit: (retryAfter, options, _octokit, retryCount) => {
                opts.log?.warn(`GitHub secondary rate limit on ${options.method} ${options.url}; retry ${retryCount + 1} in ${retryAfter}s`);
                return retryCount < retries && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS;
            },
        },
    });
}
/** The HTTP status of an Octokit error, if it has one. */
function statusOf(error) {
    const status = error?.status;
    return typeof status === "number" ? status : undefined;
}
/** A GitHub API failure says which call failed, not only "Server Error". */
function describeError(error) {
    if (!(error instanceof Error))
        return `unexpected failure: ${String(error)}`;
    // Octokit reports a request that got no answer in time as a 500 it never received; the cause tells.
    if (error.cause instanceof GitHubTimeoutError)
        return `${error.cause.message}, after retries`;
    const e = error;
    if (typeof e.status === "number" && e.request?.url) {
        const path = apiPath(e.request.url);
        return `GitHub API ${e.request.method ?? ""} ${path} answered ${e.status} (${e.message}) after retries`;
    }
    return e.message;
}


/***/ }),

/***/ 5074:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hu: () => (/* binding */ environmentRef),
/* harmony export */   IZ: () => (/* binding */ acquireLock),
/* harmony export */   cm: () => (/* binding */ LOCK_EXPIRY_SECONDS)
/* harmony export */ });
/* unused harmony exports LOCK_WRITE_MARGIN_MS, lockRef */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2922);
// One run at a time may record a transition in an environment. The lock is a git ref: GitHub creates a ref
// atomically and refuses one that exists, so of two runs racing, exactly one creates it. The ref points at a
// commit the holder makes for the purpose, whose committer date tells others when it was taken, so a lock
// left by a runner that died expires instead of wedging the rollout. Taking an expired lock over moves the ref,
// unforced, to a commit whose parent is the expired one: GitHub accepts only a fast-forward, so that too is won by
// exactly one run. docs/concurrency.md explains the design.


const LOCK_EXPIRY_SECONDS = 10 * 60;
/** Slack between the last write under the lock and its expiry, beyond a request's timeout: clocks, latency. */
const LOCK_WRITE_MARGIN_MS = 60_000;
const WAIT_MS = 30_000;
/** `phased-rollout/<kind>/<environment>-<hash>`: readable, and safe for any environment name. */
function environmentRef(kind, environment) {
    const readable = environment
        .replace(/[^A-Za-z0-9._-]+/g, "-")
        .replace(/^[.-]+|\.+$/g, "")
        .slice(0, 60) || "env";
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)("sha256").update(environment).digest("hex").slice(0, 8);
    return `phased-rollout/${kind}/${readable}-${hash}`;
}
function lockRef(environment) {
    return environmentRef("locks", environment);
}
const defaultSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function acquireLock(api, opts) {
    const ref = lockRef(opts.environment);
    const sleep = opts.sleep ?? defaultSleep;
    const log = opts.log ?? (() => undefined);
    const message = `phased-rollout lock for ${opts.environment}\n\nrun ${opts.runId}, attempt ${opts.runAttempt}; expires ${LOCK_EXPIRY_SECONDS}s after the committer date`;
    // The commits this run made to point the ref at: when each was made (wall clock; its committer date, from
    // which its expiry counts, is no earlier) and the holder it would take over.
    const ours = new Map();
    const commit = async (tree, parents = [], tookOver) => {
        const madeAt = opts.now().getTime();
        const sha = await api.createCommit(message, tree, parents);
        ours.set(sha, { madeAt, ...(tookOver !== undefined && { tookOver }) });
        return sha;
    };
    let tree;
    let mine;
    try {
        tree = await api.treeOf(opts.baseSha);
        mine = await commit(tree);
    }
    catch (error) {
        const status = (0,_client_js__WEBPACK_IMPORTED_MODULE_1__/* .statusOf */ .c2)(error);
        if (status === 403 || status === 404) {
            return {
                kind: "unavailable",
                reason: `the token cannot write git objects (HTTP ${status}; the lock needs contents: write)`,
            };
        }
        throw error;
    }
    // Only our own lock: after an expiry another run may hold it.
    const releaseOf = (sha) => async () => {
        if ((await api.getRef(ref)) === sha)
            await api.deleteRef(ref);
    };
    const held = (sha) => {
        const { madeAt, tookOver } = ours.get(sha) ?? { madeAt: opts.now().getTime() };
        const expiry = madeAt + LOCK_EXPIRY_SECONDS * 1000;
        const times = {
            expiresAt: new Date(expiry),
            writeUntil: new Date(expiry - _client_js__WEBPACK_IMPORTED_MODULE_1__/* .REQUEST_TIMEOUT_MS */ .j2 - LOCK_WRITE_MARGIN_MS),
        };
        if (tookOver === undefined)
            return { kind: "held", ref, release: releaseOf(sha), tree, ...times };
        log(`took over a lock older than ${LOCK_EXPIRY_SECONDS}s (${tookOver})`);
        return { kind: "held", ref, release: releaseOf(sha), tree, tookOver, ...times };
    };
    const deadline = opts.now().getTime() + (opts.waitMs ?? WAIT_MS);
    for (let attempt = 0;; attempt++) {
        let created;
        try {
            created = await api.createRef(ref, mine);
        }
        catch (error) {
            const status = (0,_client_js__WEBPACK_IMPORTED_MODULE_1__/* .statusOf */ .c2)(error);
            if (status === 403 || status === 404) {
                return {
                    kind: "unavailable",
                    reason: `the token cannot create refs (HTTP ${status}; the lock needs contents: write)`,
                };
            }
            throw error;
        }
        if (created === "created")
            return held(mine);
        const holder = await api.getRef(ref);
        if (holder === undefined) {
            // Released meanwhile, or a refusal with no ref there ("Reference update failed" comes and goes): try again.
            if (opts.now().getTime() >= deadline) {
                return { kind: "busy", ref, holder: "none that GitHub shows, yet it refused to create the lock ref" };
            }
            if (attempt > 0)
                await sleep(Math.min(5000, 500 * 2 ** attempt));
            continue;
        }
        // One of our own writes landed although its answer said otherwise (a retry after a lost answer).
        if (ours.has(holder))
            return held(holder);
        const info = await api.getCommit(holder);
        // A holder we cannot read may be a commit not yet visible to this read; it is waited on, never taken over.
        const age = info ? (opts.now().getTime() - new Date(info.date).getTime()) / 1000 : 0;
        const who = info?.message.split("\n").at(-1) ?? `an unreadable lock commit ${holder.slice(0, 7)}`;
        if (age > LOCK_EXPIRY_SECONDS) {
            // Compare-and-swap: a commit on top of the expired one is a fast-forward only while the ref still points at
            // it, so of runs taking over the same expired lock exactly one moves the ref; the others are refused.
            const takeover = await commit(tree, [holder], who);
            const moved = await api.advanceRef(ref, takeover);
            if (moved === "moved")
                return held(takeover);
            if (moved === "refused")
                log(`another run took over the expired lock first (${who})`);
            continue;
        }
        if (opts.now().getTime() >= deadline)
            return { kind: "busy", ref, holder: who };
        log(`another run holds the lock (${who}); waiting`);
        await sleep(Math.min(5000, 500 * 2 ** attempt));
    }
}


/***/ }),

/***/ 3329:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dc: () => (/* binding */ DEPLOYMENTS_PAGE),
/* harmony export */   Qo: () => (/* binding */ readEnvironment),
/* harmony export */   Rj: () => (/* binding */ fingerprint),
/* harmony export */   aP: () => (/* binding */ findRolloutOf),
/* harmony export */   readSnapshot: () => (/* binding */ readSnapshot),
/* harmony export */   un: () => (/* binding */ readState)
/* harmony export */ });
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6264);
/* harmony import */ var _claim_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3433);
/* harmony import */ var _rollout_codec_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1875);
/* harmony import */ var _rollout_fold_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8766);
/* harmony import */ var _rollout_model_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5116);
// Where the environment's rollout stands, read from GitHub with a fixed number of calls whatever its history.





/** Deployments fetched per look-up; only the newest few matter, however long the history. */
const DEPLOYMENTS_PAGE = 20;
async function loadRollout(api, d, repository) {
    const payload = (0,_rollout_codec_js__WEBPACK_IMPORTED_MODULE_2__/* .readPayload */ .rD)(d.payload);
    if (!payload)
        return undefined;
    return (0,_rollout_fold_js__WEBPACK_IMPORTED_MODULE_3__/* .deriveRollout */ .F)(d, payload, await api.listStatuses(d.id), repository);
}
function newestOurs(deployments) {
    return [...deployments].sort((a, b) => b.id - a.id).find((d) => (0,_rollout_codec_js__WEBPACK_IMPORTED_MODULE_2__/* .readPayload */ .rD)(d.payload) !== undefined);
}
/**
 * Reads the environment's current rollout with two REST calls, whatever the length of its history:
 * the newest page of rollout deployments, then the statuses of the newest one of ours.
 */
async function readEnvironment(api, environment, repository) {
    const deployments = await api.listDeployments({
        environment,
        task: _rollout_codec_js__WEBPACK_IMPORTED_MODULE_2__/* .TASK */ .wn,
        perPage: DEPLOYMENTS_PAGE,
    });
    const newest = newestOurs(deployments);
    if (!newest)
        return {};
    const current = await loadRollout(api, newest, repository);
    if (!current)
        return {};
    // The newest completed rollout is the current one if it completed, else whatever it replaced.
    const baselineForNext = current.phase === "complete" ? current.sha : current.baselineSha;
    // Only for a half-recorded start (rare) is the rollout before it read: it may still need marking replaced.
    let replacing;
    if (current.phase === "pending") {
        const previous = newestOurs(deployments.filter((d) => d.id < current.deploymentId));
        const before = previous && (await loadRollout(api, previous, repository));
        if (before && (0,_rollout_model_js__WEBPACK_IMPORTED_MODULE_4__/* .isInFlight */ .wn)(before) && before.sha !== current.sha)
            replacing = before;
    }
    return { current, ...(baselineForNext && { baselineForNext }), ...(replacing && { replacing }) };
}
/** What a run saw: the newest rollout and its newest status. Another run's transition changes it. */
function fingerprint(state) {
    const cur = state.current;
    return cur ? `${cur.deploymentId}:${cur.transitions.at(-1)?.statusId ?? "none"}` : "none";
}
/** The newest earlier rollout of `sha` in the environment, if any (one or two calls). */
async function findRolloutOf(api, environment, sha, repository) {
    const deployments = await api.listDeployments({
        environment,
        task: _rollout_codec_js__WEBPACK_IMPORTED_MODULE_2__/* .TASK */ .wn,
        sha,
        perPage: DEPLOYMENTS_PAGE,
    });
    const newest = newestOurs(deployments.filter((d) => d.sha === sha));
    return newest ? loadRollout(api, newest, repository) : undefined;
}
const defaultSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
function ago(ms) {
    return `${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a3)(ms / 1000)} ago`;
}
function behindReason(claim, ageMs) {
    const what = `GitHub's lists do not show yet the "${claim.event}" that run ${claim.runId} claimed ${ago(ageMs)}`;
    const why = ageMs <= _claim_js__WEBPACK_IMPORTED_MODULE_1__/* .LIST_LAG_BUDGET_MS */ .TC
        ? "they can trail a write by seconds"
        : `they trail far behind, or that run stopped before recording it (a claim lapses ${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a3)(_claim_js__WEBPACK_IMPORTED_MODULE_1__/* .CLAIM_EXPIRY_SECONDS */ .HZ)} after it was made)`;
    return `${what}: ${why}; nothing decided, nothing recorded, the next run reads them again`;
}
/**
 * Reads where the environment's rollout stands, and whether the lists it comes from can be trusted: they must
 * show the transition the state ref records. When they do not, it reads them again a few times until that claim
 * is LIST_LAG_BUDGET_MS old; a claim older than CLAIM_EXPIRY_SECONDS that they still lack was never recorded.
 * Four reads when the lists are current, three without a state ref, at most eight more when they lag.
 */
async function readState(api, environment, repository, opts) {
    const sleep = opts.sleep ?? defaultSleep;
    const log = opts.log ?? (() => undefined);
    // The ref first: a transition claimed after this read can only make the lists look newer than the ref, which
    // the claim on top of this head then settles (it is refused). One request after another, as GitHub asks.
    const head = await (0,_claim_js__WEBPACK_IMPORTED_MODULE_1__/* .readHead */ .zy)(api, environment);
    const first = await readEnvironment(api, environment, repository);
    if (head.kind === "unreadable")
        log(`The state ref cannot be read (${head.reason}); trusting the lists.`);
    if (head.kind !== "found" || !head.head.claim)
        return { state: first, head };
    const claim = head.head.claim;
    let state = first;
    for (let reread = 0;; reread++) {
        if ((0,_claim_js__WEBPACK_IMPORTED_MODULE_1__/* .listsShow */ .fc)(state, claim))
            return { state, head };
        const age = opts.now().getTime() - head.head.claimedAt.getTime();
        if (claim.settled) {
            // Whatever of it landed did so before the settling commit: lists that are the lag budget past it show it.
            if (reread > 0 || age >= _claim_js__WEBPACK_IMPORTED_MODULE_1__/* .LIST_LAG_BUDGET_MS */ .TC)
                return { state, head };
            log(`Run ${claim.runId} could not record "${claim.event}" ${ago(age)}; reading the lists again once they have caught up.`);
            await sleep(_claim_js__WEBPACK_IMPORTED_MODULE_1__/* .LIST_LAG_BUDGET_MS */ .TC - Math.max(0, age));
            state = await readEnvironment(api, environment, repository);
            continue;
        }
        if (age > _claim_js__WEBPACK_IMPORTED_MODULE_1__/* .CLAIM_EXPIRY_SECONDS */ .HZ * 1000) {
            log(`Run ${claim.runId} claimed "${claim.event}" ${ago(age)} and never recorded it; the claim has lapsed, the lists stand.`);
            return { state, head };
        }
        const wait = Math.min(_claim_js__WEBPACK_IMPORTED_MODULE_1__/* .FIRST_WAIT_MS */ .SC * 2 ** reread, _claim_js__WEBPACK_IMPORTED_MODULE_1__/* .LIST_LAG_BUDGET_MS */ .TC - age);
        if (reread >= _claim_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_REREADS */ .aG || wait <= 0)
            return { state, head, behind: behindReason(claim, age) };
        log(`GitHub's lists do not show yet the "${claim.event}" that run ${claim.runId} claimed ${ago(age)}; reading them again in ${wait} ms.`);
        await sleep(wait);
        state = await readEnvironment(api, environment, repository);
    }
}
const SHA_RE = /^[0-9a-f]{40}$/;
/** The version a start rolls out: the trigger's (a pull request's head), `ref` resolved, or the event's commit. */
async function startVersion(api, q) {
    const { sha, ref } = q.start ?? {};
    if (sha)
        return sha;
    if (!ref)
        return q.eventSha;
    if (SHA_RE.test(ref.toLowerCase()))
        return ref.toLowerCase();
    try {
        return await api.resolveRef(ref);
    }
    catch (error) {
        throw new Error(`ref: "${ref}" could not be resolved to a commit: ${error.message}`, {
            cause: error,
        });
    }
}
/** Reads where the environment's rollout stands, and for a start the version and its history. */
async function readSnapshot(api, q, opts) {
    const log = opts.log ?? (() => undefined);
    const read = await readState(api, q.environment, q.repository, opts);
    const warnings = [];
    const cur = read.state.current;
    if (read.behind)
        return { ...read, baseSha: cur?.sha ?? q.eventSha, warnings };
    if (cur) {
        log(`Current rollout: ${cur.sha} (deployment ${cur.deploymentId}), ${cur.phase}, stage ${cur.stageIndex + 1}/${cur.stages.length} at ${cur.percent}%`);
        if (cur.foreignStatuses > 0) {
            log(`${cur.foreignStatuses} status(es) on it were not written by phased-rollout and are ignored.`);
        }
        if (cur.stages.join() !== q.stages.join() && !q.start) {
            warnings.push(`The stages input (${q.stages.join(", ")}) differs from the plan this rollout started with (${cur.stages.join(", ")}); the rollout keeps its plan.`);
        }
    }
    else {
        log(`No rollout in ${q.environment} yet.`);
    }
    if (!q.start)
        return { ...read, baseSha: cur?.sha ?? q.eventSha, warnings };
    const sha = await startVersion(api, q);
    const earlier = cur?.sha === sha ? cur : await findRolloutOf(api, q.environment, sha, q.repository);
    log(`Version to start: ${sha}${earlier ? ` (had a rollout: ${earlier.phase})` : ""}`);
    const baselineSha = read.state.baselineForNext;
    return {
        ...read,
        target: { sha, ...(earlier && { earlier }), ...(baselineSha && { baselineSha }) },
        baseSha: sha,
        warnings,
    };
}


/***/ })

};
