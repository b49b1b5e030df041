export const id = 581;
export const ids = [581];
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

/***/ 126:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AC: () => (/* binding */ replayLooks),
/* harmony export */   N4: () => (/* binding */ tally),
/* harmony export */   fQ: () => (/* binding */ stageDecision),
/* harmony export */   oQ: () => (/* binding */ wouldDecide),
/* harmony export */   sG: () => (/* binding */ outcomeOf),
/* harmony export */   u5: () => (/* binding */ endedAt)
/* harmony export */ });
/* unused harmony export replayedRollback */
// Replay: what the configured gates would have decided over a finished rollout's stages, next to what happened.
// Pure: which rollouts count as finished and how they ended, when a live run would have looked at each stage,
// what the gates' verdicts at a look would have decided, and the tally over rollouts. The looks are evaluated
// by src/gates/replay.ts with the gates' own code path.
/** How it ended, or undefined for a rollout still in flight (or whose start was never recorded). */
function outcomeOf(r) {
    switch (r.phase) {
        case "complete":
            return "completed";
        case "superseded":
            return "superseded";
        case "rolled-back": {
            const last = r.transitions.findLast((t) => t.event === "rolled back");
            // The action records a gate's rollback without an actor; a person's command carries theirs.
            return last?.actor ? "rolled back by hand" : "rolled back by a gate";
        }
        default:
            return undefined;
    }
}
/** When the rollout ended: its last transition that closed it. */
function endedAt(r) {
    const last = r.transitions.findLast((t) => t.event === "completed" || t.event === "rolled back" || t.event === "superseded");
    return last?.createdAt ?? r.stageStartedAt;
}
const MOVES = new Set(["started", "advanced", "promoted"]);
/**
 * The looks a live run would have made: in every stage the rollout went through, one once bake time had passed
 * (when the stage lasted that long) and one at the stage's end, with the whole window's evidence.
 */
function replayLooks(r, bakeSeconds) {
    const moves = r.transitions.filter((t) => MOVES.has(t.event));
    const end = endedAt(r);
    const looks = [];
    for (const [i, t] of moves.entries()) {
        const stageEnd = moves[i + 1]?.createdAt ?? end;
        if (stageEnd.getTime() <= t.createdAt.getTime())
            continue;
        const subject = {
            sha: r.sha,
            ...(r.baselineSha && { baselineSha: r.baselineSha }),
            stages: r.stages,
            transitions: r.transitions.filter((x) => x.statusId <= t.statusId),
            stageIndex: t.stage - 1,
            percent: t.percent,
            stageStartedAt: t.createdAt,
        };
        const baked = t.createdAt.getTime() + bakeSeconds * 1000;
        const times = baked < stageEnd.getTime() ? [new Date(baked), stageEnd] : [stageEnd];
        for (const at of times)
            looks.push({ stage: t.stage, percent: t.percent, stageStart: t.createdAt, at, subject });
    }
    return looks;
}
/** As decide() would: a failing gate rolls back, missing evidence holds, all passing moves on; shadows never decide. */
function wouldDecide(verdicts, lastStage) {
    const deciding = verdicts.filter((v) => !v.shadow);
    if (deciding.some((v) => v.verdict === "fail"))
        return "rollback";
    if (deciding.some((v) => v.verdict === "beyond retention"))
        return "beyond retention";
    if (deciding.some((v) => v.verdict !== "pass"))
        return "hold";
    return lastStage ? "complete" : "advance";
}
/** The stage's replayed decision from its looks' decisions, in time order. */
function stageDecision(looks) {
    const failed = looks.find((l) => l.would === "rollback");
    const last = looks.at(-1);
    if (!last)
        throw new RangeError("a stage has at least one look");
    return failed ?? last;
}
/** What the gates would have done to the rollout as a whole: its first replayed rollback, if any. */
function replayedRollback(r) {
    return r.stages.find((s) => s.would === "rollback");
}
function tally(rollouts) {
    const t = {
        rollouts: rollouts.length,
        healthyRolledBack: [],
        rollbacksCaught: [],
        rollbacksMissed: [],
        soonerSeconds: [],
        beyondRetention: [],
    };
    for (const r of rollouts) {
        const back = replayedRollback(r);
        if (r.stages.some((s) => s.would === "beyond retention"))
            t.beyondRetention.push(r.sha);
        if (r.outcome === "completed" && back)
            t.healthyRolledBack.push(r.sha);
        if (r.outcome === "rolled back by a gate" || r.outcome === "rolled back by hand") {
            if (back) {
                t.rollbacksCaught.push(r.sha);
                t.soonerSeconds.push({ sha: r.sha, seconds: (r.endedAt.getTime() - back.at.getTime()) / 1000 });
            }
            else {
                t.rollbacksMissed.push(r.sha);
            }
        }
    }
    return t;
}


/***/ }),

/***/ 6581:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readFinishedRollouts: () => (/* binding */ readFinishedRollouts)
/* harmony export */ });
/* harmony import */ var _rollout_codec_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1875);
/* harmony import */ var _rollout_fold_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8766);
/* harmony import */ var _rollout_replay_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(126);
// The environment's finished rollouts, newest first, for `replay`: one list of deployments and one list of
// statuses per rollout read, whatever the repository's history.



/** GitHub's largest page of deployments. */
const PAGE = 100;
/**
 * The newest `count` finished rollouts of the environment (completed, rolled back, superseded), newest first:
 * the newest page of rollout deployments, then the statuses of each of ours, newest first, until `count` are
 * found. 1 + (rollouts read) calls; in-flight rollouts and deployments not ours are passed over.
 */
async function readFinishedRollouts(api, environment, repository, count) {
    const deployments = await api.listDeployments({ environment, task: _rollout_codec_js__WEBPACK_IMPORTED_MODULE_0__/* .TASK */ .wn, perPage: PAGE });
    const ours = [...deployments]
        .sort((a, b) => b.id - a.id)
        .flatMap((d) => {
        const payload = (0,_rollout_codec_js__WEBPACK_IMPORTED_MODULE_0__/* .readPayload */ .rD)(d.payload);
        return payload ? [{ d, payload }] : [];
    });
    const finished = [];
    for (const { d, payload } of ours) {
        if (finished.length >= count)
            break;
        const rollout = (0,_rollout_fold_js__WEBPACK_IMPORTED_MODULE_1__/* .deriveRollout */ .F)(d, payload, await api.listStatuses(d.id), repository);
        if ((0,_rollout_replay_js__WEBPACK_IMPORTED_MODULE_2__/* .outcomeOf */ .sG)(rollout) !== undefined)
            finished.push(rollout);
    }
    return finished;
}


/***/ })

};
