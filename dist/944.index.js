export const id = 944;
export const ids = [944];
export const modules = {

/***/ 9944:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   commit: () => (/* binding */ commit)
/* harmony export */ });
/* unused harmony export recordDecision */
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6264);
/* harmony import */ var _rollout_codec_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1875);
/* harmony import */ var _rollout_decide_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4195);
/* harmony import */ var _claim_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3433);
/* harmony import */ var _lock_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5074);
/* harmony import */ var _snapshot_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3329);
// Commits a decision's transition to GitHub: under the rollout lock, claimed on the state ref, then written as
// a new deployment when starting and one status. Or yields, recording nothing, to a run that moved first.






function description(record, stageCount) {
    return (0,_rollout_codec_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDescription */ .GQ)({
        event: record.event,
        stage: record.stageIndex + 1,
        stageCount,
        percent: record.percent,
        ...(record.actor && { actor: record.actor }),
        ...(record.note && { note: record.note }),
    });
}
/**
 * Leaves an `error` status saying which transition could not be recorded, when GitHub still answers. It moves
 * nothing: the next run reads the same state and reaches the same decision.
 */
async function reportUnfinished(ctx, target, record, rollout, error) {
    const why = error instanceof Error ? error.message : String(error);
    const text = (0,_rollout_codec_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDescription */ .GQ)({
        event: "failed",
        stage: (rollout?.stageIndex ?? 0) + 1,
        stageCount: target.stages.length,
        percent: rollout?.percent ?? 0,
        note: `could not record "${record.event}": ${why}`,
    });
    try {
        await ctx.api.createStatus({
            deploymentId: target.id,
            state: "error",
            description: text,
            logUrl: ctx.logUrl,
        });
        ctx.log(`deployment ${target.id}: error "${text}"`);
    }
    catch {
        ctx.log(`deployment ${target.id}: the error status could not be written either`);
    }
}
/** Records the transition; `rollout` is the one it applies to unless the record opens a new one. */
async function recordDecision(decision, rollout, ctx) {
    const record = decision.record;
    if (!record)
        throw new Error("recordDecision needs a decision with a transition");
    let target;
    if (record.newRollout) {
        const { sha, stages, baselineSha } = record.newRollout;
        const d = await ctx.api.createDeployment({
            sha,
            environment: ctx.environment,
            task: _rollout_codec_js__WEBPACK_IMPORTED_MODULE_1__/* .TASK */ .wn,
            payload: (0,_rollout_codec_js__WEBPACK_IMPORTED_MODULE_1__/* .makePayload */ .rI)(stages, baselineSha, ctx.runId),
            until: ctx.until,
            description: `phased rollout of ${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .shortSha */ .Fu)(sha)}: ${stages.map(_format_js__WEBPACK_IMPORTED_MODULE_0__/* .formatPercent */ .l9).join(" → ")}`,
        });
        ctx.log(`created deployment ${d.id} for ${sha}`);
        target = { id: d.id, sha, stages, ...(baselineSha && { baselineSha }) };
    }
    else if (rollout) {
        target = {
            id: rollout.deploymentId,
            sha: rollout.sha,
            stages: rollout.stages,
            ...(rollout.baselineSha && { baselineSha: rollout.baselineSha }),
        };
    }
    else {
        throw new Error("a transition needs a rollout to record on");
    }
    // The old version is marked replaced before the new one's start is recorded: if this run stops between the
    // two, the next one finds the new rollout pending and finishes both.
    if (record.supersede) {
        const old = record.supersede;
        const note = `replaced by ${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .shortSha */ .Fu)(target.sha)}`;
        const oldText = (0,_rollout_codec_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDescription */ .GQ)({
            event: "superseded",
            stage: old.stageIndex + 1,
            stageCount: old.stages.length,
            percent: 0,
            note,
        });
        await ctx.api.createStatus({
            deploymentId: old.deploymentId,
            state: "inactive",
            description: oldText,
            logUrl: ctx.logUrl,
            until: ctx.until,
        });
        ctx.log(`deployment ${old.deploymentId}: inactive "${oldText}"`);
    }
    const text = description(record, target.stages.length);
    let status;
    try {
        status = await ctx.api.createStatus({
            deploymentId: target.id,
            state: (0,_rollout_codec_js__WEBPACK_IMPORTED_MODULE_1__/* .stateFor */ .Dp)(record.event),
            description: text,
            logUrl: ctx.logUrl,
            until: ctx.until,
        });
    }
    catch (error) {
        await reportUnfinished(ctx, target, record, rollout, error);
        throw error;
    }
    ctx.log(`deployment ${target.id}: ${status.state} "${text}"`);
    const stageMoved = record.event === "started" || record.event === "advanced" || record.event === "promoted";
    return {
        deploymentId: target.id,
        sha: target.sha,
        ...(target.baselineSha && { baselineSha: target.baselineSha }),
        stages: target.stages,
        stageStartedAt: stageMoved
            ? new Date(status.createdAt)
            : (rollout?.stageStartedAt ?? new Date(status.createdAt)),
        // The history so far and the transition just written: the summary's timeline.
        history: [
            ...(record.newRollout ? [] : (rollout?.transitions ?? [])).map(({ event, stage, percent, createdAt }) => ({
                event,
                stage,
                percent,
                createdAt,
            })),
            {
                event: record.event,
                stage: record.stageIndex + 1,
                percent: record.percent,
                createdAt: new Date(status.createdAt),
            },
        ],
    };
}
function errorText(error) {
    return error instanceof Error ? error.message : String(error);
}
/**
 * Records a decision's transition, once: takes the rollout lock, claims the transition on the state ref on top
 * of the head the run decided from (refused if another run claimed since), writes it, and releases the lock.
 * Without `contents: write` it records unlocked and unclaimed, after a last re-read, and warns.
 */
/** `basis`: what the run read before deciding, which the commit checks is still so. */
async function commit(decision, basis, ctx) {
    const record = decision.record;
    if (!record)
        throw new Error("commit needs a decision with a transition");
    const warnings = [];
    const yielded = (d) => ({ kind: "yielded", decision: d, warnings });
    const meanwhile = (what) => `another run recorded ${what} while this one was deciding; nothing more recorded`;
    const lock = await (0,_lock_js__WEBPACK_IMPORTED_MODULE_4__/* .acquireLock */ .IZ)(ctx.api, {
        environment: ctx.environment,
        baseSha: ctx.baseSha,
        runId: ctx.runId,
        runAttempt: ctx.runAttempt,
        now: ctx.now,
        ...(ctx.sleep && { sleep: ctx.sleep }),
        log: ctx.log,
    });
    if (lock.kind === "busy") {
        const why = `another run holds the rollout lock (${lock.holder}); nothing recorded, the next run decides again`;
        return yielded((0,_rollout_decide_js__WEBPACK_IMPORTED_MODULE_2__/* .yieldTo */ .v)(basis.state.current, ctx.stages, why));
    }
    if (lock.kind === "unavailable") {
        warnings.push(`Recording without a lock: ${lock.reason}. Without it the transition is not claimed on the state ref either, so a run that reads GitHub's lists before they catch up could record it again. Keep a concurrency group on every workflow that runs this action.`);
    }
    try {
        const rollout = record.newRollout ? undefined : (basis.state.current ?? basis.target?.earlier);
        const claim = {
            event: record.event,
            ...(rollout && { deploymentId: rollout.deploymentId }),
            sha: record.newRollout?.sha ?? rollout?.sha ?? ctx.baseSha,
            runId: ctx.runId,
            runAttempt: ctx.runAttempt,
        };
        const head = basis.head;
        const claimed = lock.kind === "held"
            ? await (0,_claim_js__WEBPACK_IMPORTED_MODULE_3__/* .claimTransition */ .eY)(ctx.api, { environment: ctx.environment, head, claim, tree: lock.tree })
            : { kind: "unavailable", reason: lock.reason };
        if (claimed.kind === "lost") {
            const fresh = await (0,_snapshot_js__WEBPACK_IMPORTED_MODULE_5__/* .readState */ .un)(ctx.api, ctx.environment, ctx.repository, ctx);
            const won = fresh.head.kind === "found" ? fresh.head.head.claim : undefined;
            const why = meanwhile(won ? `"${won.event}" (run ${won.runId})` : "a transition");
            if (fresh.behind)
                return yielded((0,_rollout_decide_js__WEBPACK_IMPORTED_MODULE_2__/* .yieldTo */ .v)(undefined, ctx.stages, `${why}; ${fresh.behind}`));
            return yielded((0,_rollout_decide_js__WEBPACK_IMPORTED_MODULE_2__/* .yieldTo */ .v)(fresh.state.current, ctx.stages, why));
        }
        if (claimed.kind === "unavailable") {
            if (lock.kind === "held") {
                warnings.push(`Recording without claiming the transition on the state ref: ${claimed.reason}. A run that reads GitHub's lists before they catch up could record it again.`);
            }
            // Without a claim, a re-read under the lock is the only check left; it trusts lists that can lag.
            const fresh = await (0,_snapshot_js__WEBPACK_IMPORTED_MODULE_5__/* .readEnvironment */ .Qo)(ctx.api, ctx.environment, ctx.repository);
            if ((0,_snapshot_js__WEBPACK_IMPORTED_MODULE_5__/* .fingerprint */ .Rj)(fresh) !== (0,_snapshot_js__WEBPACK_IMPORTED_MODULE_5__/* .fingerprint */ .Rj)(basis.state)) {
                const last = fresh.current?.transitions.at(-1);
                return yielded((0,_rollout_decide_js__WEBPACK_IMPORTED_MODULE_2__/* .yieldTo */ .v)(fresh.current, ctx.stages, meanwhile(last ? `"${last.event}" (run ${last.runId})` : "a change")));
            }
        }
        try {
            const recorded = await recordDecision(decision, rollout, {
                api: ctx.api,
                environment: ctx.environment,
                logUrl: ctx.logUrl,
                runId: ctx.runId,
                log: ctx.log,
                // A write still in flight when the lock expires could land after another run took it over.
                until: lock.kind === "held" ? lock.writeUntil : undefined,
            });
            return { kind: "committed", decision, rollout: recorded, warnings };
        }
        catch (error) {
            // Writes no more after this: the next run waits out the lists' lag instead of the claim's expiry.
            if (claimed.kind === "claimed") {
                await (0,_claim_js__WEBPACK_IMPORTED_MODULE_3__/* .settleClaim */ .O3)(ctx.api, ctx.environment, claimed, claim).catch((e) => {
                    ctx.warn(`The claim on the state ref could not be marked unrecorded (${errorText(e)}); runs decide nothing until it lapses, ${_claim_js__WEBPACK_IMPORTED_MODULE_3__/* .CLAIM_EXPIRY_SECONDS */ .HZ / 60} minutes after it was made.`);
                });
            }
            throw error;
        }
    }
    finally {
        // The transition is recorded by now; a lock that cannot be deleted expires by itself.
        if (lock.kind === "held") {
            await lock.release().catch((error) => {
                warnings.push(`The rollout lock ${lock.ref} could not be released (${errorText(error)}); it expires in ${_lock_js__WEBPACK_IMPORTED_MODULE_4__/* .LOCK_EXPIRY_SECONDS */ .cm / 60} minutes.`);
            });
        }
    }
}


/***/ })

};
