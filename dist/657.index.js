export const id = 657;
export const ids = [657,17];
export const modules = {

/***/ 4620:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ queryRequest)
/* harmony export */ });
/* harmony import */ var _template_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(420);
// One query as a provider receives it: a gate's text for one figure, filled for one window.

function textOf(gate, role) {
    return role === "value" ? gate.query : gate[role];
}
function queryRequest(gate, role, scope) {
    const { values, secrets } = scope;
    const text = (0,_template_js__WEBPACK_IMPORTED_MODULE_0__/* .render */ .XX)(textOf(gate, role), values, secrets);
    return {
        gate,
        role,
        query: text.sent,
        shown: text.shown,
        url: (0,_template_js__WEBPACK_IMPORTED_MODULE_0__/* .render */ .XX)(gate.url, values, secrets).sent,
        headers: (0,_template_js__WEBPACK_IMPORTED_MODULE_0__/* .authHeaders */ .Pw)(gate, values, secrets),
        now: scope.now,
        since: scope.since,
        evaluatedAt: scope.evaluatedAt,
        render: (t) => (0,_template_js__WEBPACK_IMPORTED_MODULE_0__/* .render */ .XX)(t, values, secrets),
        secrets,
        env: scope.env,
        cache: scope.cache,
    };
}


/***/ }),

/***/ 8921:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cg: () => (/* binding */ loadProvider),
/* harmony export */   TD: () => (/* binding */ loadProviders),
/* harmony export */   X2: () => (/* binding */ isProviderName),
/* harmony export */   xd: () => (/* binding */ PROVIDER_NAMES)
/* harmony export */ });
// The monitoring providers by name, one line each. A provider is loaded only when a gate names it, so a run
// without gates, or with Prometheus gates only, never loads the others' code.
const LOADERS = {
    prometheus: async () => (await Promise.all(/* import() */[__webpack_require__.e(691), __webpack_require__.e(153)]).then(__webpack_require__.bind(__webpack_require__, 3153))).prometheus,
    datadog: async () => (await Promise.all(/* import() */[__webpack_require__.e(691), __webpack_require__.e(11)]).then(__webpack_require__.bind(__webpack_require__, 7011))).datadog,
    newrelic: async () => (await Promise.all(/* import() */[__webpack_require__.e(691), __webpack_require__.e(924)]).then(__webpack_require__.bind(__webpack_require__, 6924))).newrelic,
    cloudwatch: async () => (await Promise.all(/* import() */[__webpack_require__.e(691), __webpack_require__.e(189)]).then(__webpack_require__.bind(__webpack_require__, 3189))).cloudwatch,
    sentry: async () => (await Promise.all(/* import() */[__webpack_require__.e(691), __webpack_require__.e(918)]).then(__webpack_require__.bind(__webpack_require__, 6918))).sentry,
    http: async () => (await Promise.all(/* import() */[__webpack_require__.e(691), __webpack_require__.e(874), __webpack_require__.e(977)]).then(__webpack_require__.bind(__webpack_require__, 1977))).httpJson,
};
const PROVIDER_NAMES = Object.keys(LOADERS);
function isProviderName(name) {
    return Object.hasOwn(LOADERS, name);
}
function loadProvider(name) {
    return LOADERS[name]();
}
/** The named providers, each loaded once. */
async function loadProviders(names) {
    const unique = [...new Set(names)];
    const loaded = await Promise.all(unique.map(loadProvider));
    return Object.fromEntries(unique.map((name, i) => [name, loaded[i]]));
}


/***/ }),

/***/ 1657:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   replayRollouts: () => (/* binding */ replayRollouts)
/* harmony export */ });
/* unused harmony exports PROMETHEUS_DEFAULT_RETENTION_SECONDS, retentionOf, describeSooner, replaySentence */
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6264);
/* harmony import */ var _rollout_replay_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(126);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7017);
// `replay`: the configured gates run over the stage windows of finished rollouts as a live `advance` would have
// run them — evaluateRollout(), the same providers and judge — at each moment a live run would have looked.
// Windows older than a gate's retention are not asked for: the provider would answer them empty, which is not
// the same as no traffic. The pure parts are in src/rollout/replay.ts.



/** Prometheus keeps 15 days unless told otherwise (`--storage.tsdb.retention.time`). */
const PROMETHEUS_DEFAULT_RETENTION_SECONDS = 15 * 86_400;
/** How long the gate's provider keeps data, as declared, or the provider's default where it has a known one. */
function retentionOf(gate) {
    return (gate.retentionSeconds ??
        (gate.provider === "prometheus" ? PROMETHEUS_DEFAULT_RETENTION_SECONDS : undefined));
}
/** Each gate's part at a look: asked (its verdict), or beyond its retention (not asked). */
async function look(subject, gates, oldest, at, o) {
    const now = o.now().getTime();
    const aged = (g) => {
        const keeps = retentionOf(g);
        return keeps !== undefined && now - oldest(g).getTime() > keeps * 1000;
    };
    const asked = gates.filter((g) => !aged(g));
    const evaluated = asked.length > 0 ? (await (0,_run_js__WEBPACK_IMPORTED_MODULE_2__.evaluateRollout)(subject, asked, { ...o, at })).gates : [];
    return gates.map((g) => {
        if (aged(g)) {
            const keeps = retentionOf(g);
            return {
                name: g.name,
                verdict: "beyond retention",
                shadow: g.shadow,
                message: `not asked: this window began ${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .rfc3339 */ .ag)(oldest(g))}, older than the ${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a3)(keeps)} retention of ${g.provider}${g.retentionSeconds === undefined ? " (its default; set retention: on the gate if yours keeps longer)" : ""}`,
            };
        }
        const r = evaluated.find((e) => e.name === g.name);
        return {
            name: g.name,
            verdict: r?.verdict ?? "error",
            shadow: g.shadow,
            message: (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .clip */ .$Q)(r?.message ?? "not evaluated", 300),
            ...(r?.misconfigured && { misconfigured: true }),
        };
    });
}
/** The gates over one finished rollout's stages, as a live run would have looked at them. */
async function replayRollout(r, outcome, gates, bakeSeconds, o) {
    const looks = (0,_rollout_replay_js__WEBPACK_IMPORTED_MODULE_1__/* .replayLooks */ .AC)(r, bakeSeconds);
    const firstStart = looks[0]?.stageStart ?? r.stageStartedAt;
    const byStage = new Map();
    for (const l of looks)
        byStage.set(l.stageStart.getTime(), [...(byStage.get(l.stageStart.getTime()) ?? []), l]);
    const stages = [];
    for (const group of byStage.values()) {
        const seen = [];
        for (const l of group) {
            // A comparison reads every stage so far; any other gate only the current one.
            const oldest = (g) => (g.kind === "count" && g.baseline ? firstStart : l.stageStart);
            const verdicts = await look(l.subject, gates, oldest, l.at, o);
            seen.push({ would: (0,_rollout_replay_js__WEBPACK_IMPORTED_MODULE_1__/* .wouldDecide */ .oQ)(verdicts, l.stage === r.stages.length), at: l.at, gates: verdicts });
            // A live run that rolled back would not have looked again.
            if (seen.at(-1)?.would === "rollback")
                break;
        }
        const decided = (0,_rollout_replay_js__WEBPACK_IMPORTED_MODULE_1__/* .stageDecision */ .fQ)(seen);
        const first = group[0];
        stages.push({
            stage: first.stage,
            percent: first.percent,
            from: (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .rfc3339 */ .ag)(first.stageStart),
            to: (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .rfc3339 */ .ag)(group.at(-1).at),
            would: decided.would,
            at: (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .rfc3339 */ .ag)(decided.at),
            gates: decided.gates,
        });
        // Nor would it have gone on to later stages.
        if (decided.would === "rollback")
            break;
    }
    return {
        sha: r.sha,
        deploymentId: r.deploymentId,
        baselineSha: r.baselineSha ?? null,
        outcome,
        endedAt: (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .rfc3339 */ .ag)((0,_rollout_replay_js__WEBPACK_IMPORTED_MODULE_1__/* .endedAt */ .u5)(r)),
        stages,
    };
}
/** "12m sooner", "1h later", "at the same time". */
function describeSooner(seconds) {
    if (Math.abs(seconds) < 1)
        return "at the same time";
    return `${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a3)(Math.abs(seconds))} ${seconds > 0 ? "sooner" : "later"}`;
}
/** One sentence for the reason output and the summary's head. */
function replaySentence(t, sooner) {
    if (t.rollouts === 0)
        return "replay: no finished rollouts in this environment to replay";
    const parts = [
        `replayed ${t.rollouts} finished rollout${t.rollouts === 1 ? "" : "s"}`,
        `these gates would have rolled back ${t.healthyRolledBack.length} that completed`,
        `caught ${t.rollbacksCaught.length} of ${t.rollbacksCaught.length + t.rollbacksMissed.length} rollbacks${sooner}`,
    ];
    if (t.beyondRetention.length > 0) {
        parts.push(`${t.beyondRetention.length} had data past the provider's retention`);
    }
    return parts.join("; ");
}
/** The gates over each finished rollout, newest first. Asks providers only; writes nothing anywhere. */
async function replayRollouts(rollouts, gates, o) {
    const records = [];
    for (const r of rollouts) {
        const outcome = (0,_rollout_replay_js__WEBPACK_IMPORTED_MODULE_1__/* .outcomeOf */ .sG)(r);
        if (!outcome)
            continue;
        o.log(`Replaying ${r.sha} (deployment ${r.deploymentId}, ${outcome})`);
        records.push(await replayRollout(r, outcome, gates, o.bakeSeconds, o));
    }
    const t = (0,_rollout_replay_js__WEBPACK_IMPORTED_MODULE_1__/* .tally */ .N4)(records.map((x) => ({
        ...x,
        endedAt: new Date(x.endedAt),
        stages: x.stages.map((s) => ({ ...s, at: new Date(s.at) })),
    })));
    const sooner = t.soonerSeconds.length === 0
        ? ""
        : ` (${t.soonerSeconds.map((s) => describeSooner(s.seconds)).join(", ")})`;
    return {
        environment: o.environment,
        count: o.count,
        rollouts: records,
        summary: { ...t, sentence: replaySentence(t, sooner) },
    };
}


/***/ }),

/***/ 7017:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   evaluateRollout: () => (/* binding */ evaluateRollout),
/* harmony export */   vC: () => (/* binding */ lastRequested),
/* harmony export */   zs: () => (/* binding */ stageStart)
/* harmony export */ });
/* unused harmony exports evaluateGate, evaluateGates */
/* harmony import */ var _query_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4620);
/* harmony import */ var _registry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8921);
/* harmony import */ var _verdict_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5816);
/* harmony import */ var _windows_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1957);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6264);
// Runs a run's gates, all at once: each gate's queries go to its provider, and the answers become a verdict.





/** When the stage went live, from the template values; the evaluation time if they do not say. */
function stageStart(values, now) {
    const unix = Number(values.stage_started_unix);
    return values.stage_started_unix !== "" && Number.isFinite(unix) ? new Date(unix * 1000) : now;
}
async function judgeGate(gate, provider, options) {
    const opts = { ...options, http: { ...options.http, requested: [] } };
    if (gate.kind === "count" && gate.baseline) {
        // The judge's statistics are loaded only for a run that compares with the baseline.
        const { compareGate } = await __webpack_require__.e(/* import() */ 534).then(__webpack_require__.bind(__webpack_require__, 8534));
        return compareGate(gate, gate.baseline, provider, opts);
    }
    const scope = {
        values: opts.values,
        secrets: opts.secrets,
        env: opts.env ?? {},
        since: stageStart(opts.values, opts.now),
        now: opts.now,
        evaluatedAt: opts.now,
        cache: new Map(),
    };
    const roles = gate.kind === "value" ? ["value"] : ["errors", "total"];
    const requests = roles.map((role) => (0,_query_js__WEBPACK_IMPORTED_MODULE_0__/* .queryRequest */ .G)(gate, role, scope));
    const shown = requests.map((r) => r.shown);
    let answers;
    try {
        answers = await Promise.all(requests.map((r) => provider.query(r, opts.http)));
    }
    catch (error) {
        return (0,_verdict_js__WEBPACK_IMPORTED_MODULE_2__/* .failedQuery */ .eQ)(gate, error, shown, lastRequested(opts));
    }
    const queries = answers.map((a, i) => a.shown ?? shown[i]);
    if (gate.kind === "value")
        return (0,_verdict_js__WEBPACK_IMPORTED_MODULE_2__/* .withWarnings */ .oV)((0,_verdict_js__WEBPACK_IMPORTED_MODULE_2__/* .judgeValue */ .hy)(gate, answers[0], queries), ...answers);
    const [errors, total] = answers;
    return (0,_verdict_js__WEBPACK_IMPORTED_MODULE_2__/* .withWarnings */ .oV)((0,_verdict_js__WEBPACK_IMPORTED_MODULE_2__/* .judgeCounts */ .wt)(gate, errors, total, queries), errors, total);
}
/** The URL a gate asked last, secrets masked: what a refusal shows. */
function lastRequested(opts) {
    const url = opts.http?.requested?.at(-1);
    return url === undefined ? undefined : (0,_verdict_js__WEBPACK_IMPORTED_MODULE_2__/* .maskedUrl */ .HB)(url, opts.secrets);
}
/** One gate's verdict. Never throws: a gate that cannot be judged says so in its verdict. */
async function evaluateGate(gate, opts) {
    let provider;
    try {
        provider = opts.providers?.[gate.provider] ?? (await (0,_registry_js__WEBPACK_IMPORTED_MODULE_1__/* .loadProvider */ .Cg)(gate.provider));
    }
    catch (error) {
        return (0,_verdict_js__WEBPACK_IMPORTED_MODULE_2__/* .unjudged */ .bC)(gate, (0,_verdict_js__WEBPACK_IMPORTED_MODULE_2__/* .providerFailure */ .YG)(gate, error), []);
    }
    return (0,_verdict_js__WEBPACK_IMPORTED_MODULE_2__/* .bounded */ .Mm)(await judgeGate(gate, provider, opts));
}
/** Evaluates all gates at once. */
function evaluateGates(gates, opts) {
    return Promise.all(gates.map((g) => evaluateGate(g, opts)));
}
/**
 * The gates of a rollout's current stage, evaluated now. Comparisons with the baseline read every stage so far,
 * from the recorded stage start times. Messages come back with every secret redacted; a gate in error, shadow
 * or not, is a warning to show on the run's page, not only in its log.
 */
async function evaluateRollout(rollout, gates, o) {
    if (gates.length === 0)
        return { gates: [], warnings: ["No gates are configured: stages advance on bake time alone."] };
    const now = o.at ?? o.now();
    const results = await evaluateGates(gates, {
        values: (0,_windows_js__WEBPACK_IMPORTED_MODULE_3__/* .templateValues */ .nX)(rollout, o.environment, now),
        windows: (0,_windows_js__WEBPACK_IMPORTED_MODULE_3__/* .stageWindows */ .yv)(rollout, now),
        ...(rollout.stages && { stages: rollout.stages }),
        secrets: o.secrets,
        now,
        env: o.env,
        http: { now: o.now, sleep: o.sleep },
    });
    const secretValues = [...o.secrets.values()];
    const clean = results.map((g) => ({ ...g, message: (0,_format_js__WEBPACK_IMPORTED_MODULE_4__/* .redact */ .E$)(g.message, secretValues) }));
    const warnings = [];
    for (const g of clean) {
        o.log(`${g.name}: ${g.verdict} — ${g.message}`);
        for (const w of g.warnings ?? [])
            warnings.push((0,_format_js__WEBPACK_IMPORTED_MODULE_4__/* .redact */ .E$)(w, secretValues));
        if (g.verdict === "error") {
            warnings.push(`${g.shadow ? "Shadow gate" : "Gate"} "${g.name}" (${g.provider}) is in error: ${g.message}`);
        }
    }
    return { gates: clean, warnings };
}


/***/ }),

/***/ 5816:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Mm: () => (/* binding */ bounded),
  eQ: () => (/* binding */ failedQuery),
  Mo: () => (/* binding */ formatFigure),
  wt: () => (/* binding */ judgeCounts),
  hy: () => (/* binding */ judgeValue),
  HB: () => (/* binding */ maskedUrl),
  _h: () => (/* binding */ noData),
  YG: () => (/* binding */ providerFailure),
  bC: () => (/* binding */ unjudged),
  iH: () => (/* binding */ unusableCounts),
  oV: () => (/* binding */ withWarnings)
});

// EXTERNAL MODULE: ./src/format.ts
var format = __webpack_require__(6264);
// EXTERNAL MODULE: ./src/gates/request.ts
var request = __webpack_require__(7521);
;// CONCATENATED MODULE: ./src/gates/units.ts
// The unit of a value gate's figure, where the query says it: Prometheus's naming convention puts a metric's
// base unit in its name (http_request_duration_seconds, process_resident_memory_bytes), and a quantile or an
// average of such a metric is in that unit. Anything else stays a plain number.
const UNITS = { seconds: "s", bytes: "bytes" };
/** "s" or "bytes" when every metric the query names is in that one unit, else undefined. */
function unitOfQuery(provider, query) {
    if (provider !== "prometheus")
        return undefined;
    const metrics = [...query.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)].map((m) => m[0]);
    const units = new Set();
    for (const name of metrics) {
        // A counter (_total) of seconds grows by seconds per second: its rate has no unit.
        if (name.endsWith("_total"))
            return undefined;
        // A histogram's _count counts observations: it neither gives nor takes a unit (sum / count is seconds).
        const unit = /_(seconds|bytes)(?:_bucket|_sum)?$/.exec(name)?.[1];
        if (unit)
            units.add(unit);
    }
    const [only] = units;
    return units.size === 1 && only !== undefined ? UNITS[only] : undefined;
}

;// CONCATENATED MODULE: ./src/gates/verdict.ts
// The rules that turn figures into a gate's verdict. Pure: no I/O, no clock.



/** A figure in a gate's message: four significant digits, thousands grouped. */
function formatFigure(n) {
    if (!Number.isFinite(n))
        return String(n);
    return Math.abs(n) >= 1000 ? Math.round(n).toLocaleString("en-US") : String(Number(n.toPrecision(4)));
}
function applyPolicy(policy, held, message, key) {
    if (policy === "hold")
        return { verdict: held, message };
    return { verdict: policy, message: `${message} (${key}: ${policy})` };
}
/** No evidence: inconclusive, unless the gate's `on-no-data` says otherwise. */
function noData(gate, message) {
    return applyPolicy(gate.onNoData, "inconclusive", message, "on-no-data");
}
/** A query that matched nothing is most often a label that differs: point at the query, which the summary shows. */
const NO_SERIES = "the query matched no series: check its metric name and labels against the monitoring (the job summary shows the query as sent)";
const NO_TOTAL = "the total query matched no series: no requests of this version yet, or a label (such as the version) matches none; the job summary shows the query as sent";
/** A gate that could not be judged: `error`, unless the gate's `on-error` says otherwise. */
function unjudged(gate, message, queries) {
    const { verdict, message: m } = applyPolicy(gate.onError, "error", message, "on-error");
    const comparison = gate.kind === "count" ? gate.baseline : undefined;
    return {
        name: gate.name,
        provider: gate.provider,
        unit: comparison ? "factor" : gate.kind === "count" ? "ratio" : "number",
        verdict,
        value: null,
        threshold: comparison
            ? 1 + comparison.maxIncrease
            : gate.kind === "count"
                ? gate.maxErrorRate
                : (gate.max ?? gate.min ?? null),
        samples: null,
        message: m,
        queries,
        shadow: gate.shadow,
    };
}
/** A URL as it was requested, each secret in it (as sent, or URL-encoded) shown as `${NAME}`. */
function maskedUrl(url, secrets) {
    let out = url;
    // Longest first, so a secret that contains another is never left half-shown.
    const sorted = [...secrets].filter(([, v]) => v.length >= 3).sort(([, a], [, b]) => b.length - a.length);
    for (const [name, value] of sorted) {
        for (const form of new Set([
            value,
            encodeURIComponent(value),
            new URLSearchParams({ v: value }).toString().slice(2),
        ])) {
            out = out.split(form).join(`\${${name}}`);
        }
    }
    return out;
}
/**
 * A gate whose query failed: unjudged. When the request itself was wrong it is marked misconfigured and stays an
 * `error` whatever `on-error` says: a typo must neither roll back a healthy version nor pass unseen.
 */
function failedQuery(gate, error, queries, requested) {
    const message = providerFailure(gate, error, requested);
    if (error instanceof request/* ProviderError */.mZ && error.misconfigured) {
        return { ...unjudged({ ...gate, onError: "hold" }, message, queries), misconfigured: true };
    }
    return unjudged(gate, message, queries);
}
/** What a provider's failure to answer reads like in a gate's message; `requested` the URL, secrets masked. */
function providerFailure(gate, error, requested) {
    if (!(error instanceof request/* ProviderError */.mZ)) {
        return `unexpected error while querying ${gate.provider}: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (!error.misconfigured)
        return `${gate.provider} did not answer usefully: ${error.message}`;
    const to = requested === undefined ? "" : ` to ${requested}`;
    return error.message.startsWith("HTTP ")
        ? `${gate.provider} refused the request${to}: ${error.message}`
        : `${gate.provider} answered the request${to}, but ${error.message}`;
}
/**
 * Why an error count and a total cannot be judged, or undefined when they can. `whose` names the side in a
 * comparison ("the canary's "); increase() extrapolates, so errors may exceed the total by a hair, but more
 * than that is a broken query.
 */
function unusableCounts(e, t, whose = "") {
    if (!Number.isFinite(t) || !Number.isFinite(e) || t < 0 || e < 0) {
        return `${whose}counts are not usable (errors ${formatFigure(e)}, total ${formatFigure(t)})`;
    }
    if (e > t * 1.05 + 1) {
        const total = whose ? "its total" : "the total";
        return `${whose}errors (${formatFigure(e)}) exceed ${total} (${formatFigure(t)}); check the queries`;
    }
    return undefined;
}
function judgeValue(gate, result, queries) {
    const valueUnit = typeof gate.query === "string" ? unitOfQuery(gate.provider, gate.query) : undefined;
    const base = {
        name: gate.name,
        provider: gate.provider,
        unit: "number",
        ...(valueUnit && { valueUnit }),
        threshold: gate.max ?? gate.min ?? null,
        samples: null,
        queries,
        shadow: gate.shadow,
    };
    const v = result.value;
    if (typeof v !== "number" || Number.isNaN(v)) {
        const what = v === undefined ? NO_SERIES : "the query returned NaN";
        return { ...base, value: null, ...noData(gate, what) };
    }
    if (gate.max !== undefined && v > gate.max) {
        return {
            ...base,
            value: v,
            verdict: "fail",
            message: `${formatFigure(v)} is above the maximum ${formatFigure(gate.max)}`,
        };
    }
    if (gate.min !== undefined && v < gate.min) {
        return {
            ...base,
            value: v,
            threshold: gate.min,
            verdict: "fail",
            message: `${formatFigure(v)} is below the minimum ${formatFigure(gate.min)}`,
        };
    }
    // An infinity inside the bounds (-Inf under a max) says the query divided by nothing: not evidence of health.
    if (!Number.isFinite(v)) {
        return { ...base, value: null, ...noData(gate, `the query returned ${formatFigure(v)}`) };
    }
    const bounds = [
        gate.min !== undefined && `≥ ${formatFigure(gate.min)}`,
        gate.max !== undefined && `≤ ${formatFigure(gate.max)}`,
    ]
        .filter(Boolean)
        .join(" and ");
    return { ...base, value: v, verdict: "pass", message: `${formatFigure(v)} is within ${bounds}` };
}
function judgeCounts(gate, errors, total, queries) {
    const base = {
        name: gate.name,
        provider: gate.provider,
        unit: "ratio",
        threshold: gate.maxErrorRate,
        queries,
        shadow: gate.shadow,
    };
    const t = total.value;
    if (t === undefined || t === 0 || Number.isNaN(t)) {
        const what = t === 0
            ? "zero requests: nothing to judge yet"
            : t === undefined
                ? NO_TOTAL
                : "the total is NaN: nothing to judge yet";
        return { ...base, value: null, samples: t === 0 ? 0 : null, ...noData(gate, what) };
    }
    // A version that never failed has no error series at all: with a total in hand, that is zero errors.
    const e = errors.value ?? 0;
    if (Number.isNaN(e)) {
        return {
            ...base,
            value: null,
            samples: Math.round(t),
            ...noData(gate, "the error count is NaN"),
        };
    }
    const unusable = unusableCounts(e, t);
    if (unusable)
        return unjudged(gate, unusable, queries);
    const samples = Math.round(t);
    const rate = Math.min(1, e / t);
    const figures = `${(0,format/* formatFraction */.MJ)(rate)} (${formatFigure(e)} of ${formatFigure(t)})`;
    if (t < gate.minRequests) {
        return {
            ...base,
            value: rate,
            samples,
            verdict: "inconclusive",
            message: `only ${formatFigure(t)} requests so far; at least ${formatFigure(gate.minRequests)} are needed to judge`,
        };
    }
    if (rate > gate.maxErrorRate) {
        return {
            ...base,
            value: rate,
            samples,
            verdict: "fail",
            message: `error rate ${figures} is above ${(0,format/* formatFraction */.MJ)(gate.maxErrorRate)}`,
        };
    }
    return {
        ...base,
        value: rate,
        samples,
        verdict: "pass",
        message: `error rate ${figures} is within ${(0,format/* formatFraction */.MJ)(gate.maxErrorRate)}`,
    };
}
/** The warnings providers attached to answers they still gave, after the gate's message. */
function withWarnings(result, ...answers) {
    const warnings = [...new Set(answers.flatMap((a) => a.warnings))];
    return warnings.length
        ? { ...result, message: `${result.message} (warning: ${warnings.join("; ")})` }
        : result;
}
const MAX_MESSAGE = 1000;
/** The message bounded, since servers may quote whole pages back; the policy note at its end is kept. */
function bounded(r) {
    if (r.message.length <= MAX_MESSAGE)
        return r;
    // "(on-error: pass)" says why a gate passed without evidence: it must survive the cut.
    const policy = /\s\((?:on-no-data|on-error): \w+\)$/.exec(r.message)?.[0] ?? "";
    const text = r.message.slice(0, r.message.length - policy.length);
    return { ...r, message: `${(0,format/* clip */.$Q)(text, MAX_MESSAGE - policy.length)}${policy}` };
}


/***/ }),

/***/ 1957:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Nt: () => (/* binding */ windowValues),
/* harmony export */   nX: () => (/* binding */ templateValues),
/* harmony export */   yv: () => (/* binding */ stageWindows)
/* harmony export */ });
/* unused harmony export promDuration */
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6264);
// The stage windows a baseline comparison reads: each stage from when it went live to when the next one did,
// and the current stage up to now, all derived from the rollout's recorded transitions (no stored state).

/** A Prometheus range duration covering `seconds`, never shorter than one second. */
function promDuration(seconds) {
    return `${Math.max(1, Math.ceil(seconds))}s`;
}
const MOVES = new Set(["started", "advanced", "promoted"]);
/**
 * One window per stage that went live (a `started`, `advanced` or `promoted` transition), oldest first; the
 * last is the current stage up to `now`. Pauses and resumes do not split a window: the traffic split did not
 * change. Windows of no length (two transitions in the same second) are left out.
 */
function stageWindows(r, now) {
    const starts = r.transitions
        .filter((t) => MOVES.has(t.event))
        .map((t) => ({ stage: t.stage, percent: t.percent, start: t.createdAt }));
    if (starts.length === 0)
        starts.push({ stage: r.stageIndex + 1, percent: r.percent, start: r.stageStartedAt });
    return starts
        .map((s, i) => ({ ...s, end: starts[i + 1]?.start ?? now }))
        .filter((w) => w.end.getTime() > w.start.getTime());
}
/** The template values for one window: `{{window}}` its length, `{{stage_started_*}}` its start, its stage. */
function windowValues(values, w) {
    return {
        ...values,
        stage: String(w.stage),
        percent: String(w.percent),
        window: promDuration((w.end.getTime() - w.start.getTime()) / 1000),
        stage_started_at: (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .rfc3339 */ .ag)(w.start),
        stage_started_unix: String(Math.floor(w.start.getTime() / 1000)),
    };
}
/** The rollout's template values, the window being the current stage up to `now`. */
function templateValues(r, environment, now) {
    const version = {
        sha: r.sha,
        short_sha: (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .shortSha */ .Fu)(r.sha),
        baseline_sha: r.baselineSha ?? "",
        baseline_short_sha: (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .shortSha */ .Fu)(r.baselineSha ?? ""),
        environment,
    };
    return windowValues(version, {
        stage: r.stageIndex + 1,
        percent: r.percent,
        start: r.stageStartedAt,
        end: now,
    });
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


/***/ })

};
