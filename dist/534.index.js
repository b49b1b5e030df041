export const id = 534;
export const ids = [534];
export const modules = {

/***/ 8534:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  compareGate: () => (/* binding */ compareGate)
});

// EXTERNAL MODULE: ./src/format.ts
var format = __webpack_require__(6264);
// EXTERNAL MODULE: ./src/stats/words.ts
var words = __webpack_require__(8974);
;// CONCATENATED MODULE: ./src/stats/sequential.ts
// The arithmetic of the sequential canary judge: mixture likelihood ratios (e-values) for the ratio r of the
// canary's error rate to the baseline's, their confidence sequence, and the conditional maximum-likelihood
// estimate. Pure and allocation-light, because the Monte Carlo proof calls it millions of times.
// docs/statistics.md derives all of it.
//
// Model. In a window where the canary served n requests and the baseline m, each error is the canary's with
// probability p(r) = r·n / (r·n + m) = σ(log r + log n − log m), independently of the others (the errors of
// the two arms are thinned Poisson streams). So with x canary errors among k, for an alternative ratio
// ρ = r'·e^θ the likelihood ratio against r' is
//
//     LR(θ; r') = e^{x·θ} / (1 + p(r')·(e^θ − 1))^k,
//
// which log1p/expm1 evaluate without overflow or cancellation for any count. Windows (stages) multiply.
/**
 * The default mixture: a half-normal prior on θ with scale τ, discretised on a geometric grid (each point
 * weighted by the prior mass of its cell). Geometric spacing keeps the grid fine where the likelihood is
 * sharp relative to θ; the half-normal puts the weight on increases that matter for a rollout (1.3× to 5×
 * the tolerated ratio) without giving up the others.
 */
function createMixture(options = {}) {
    const points = options.points ?? 28;
    const min = options.min ?? 0.01;
    const max = options.max ?? 3;
    const scale = options.scale ?? 0.5;
    if (!(points >= 1 && Number.isInteger(points)))
        throw new RangeError(`mixture points ${points}`);
    if (!(min > 0 && max >= min && scale > 0))
        throw new RangeError("mixture bounds must be 0 < min ≤ max");
    const theta = new Float64Array(points);
    const weight = new Float64Array(points);
    const ratio = points === 1 ? 1 : Math.pow(max / min, 1 / (points - 1));
    let total = 0;
    for (let j = 0; j < points; j++) {
        const t = min * Math.pow(ratio, j);
        theta[j] = t;
        // Cell [t/√ratio, t·√ratio] times the half-normal density at t.
        const width = t * (Math.sqrt(ratio) - 1 / Math.sqrt(ratio)) || 1;
        const w = width * Math.exp(-0.5 * (t / scale) ** 2);
        weight[j] = w;
        total += w;
    }
    const logWeight = new Float64Array(points);
    const expm1Up = new Float64Array(points);
    const expm1Down = new Float64Array(points);
    for (let j = 0; j < points; j++) {
        logWeight[j] = Math.log(weight[j] / total);
        expm1Up[j] = Math.expm1(theta[j]);
        expm1Down[j] = Math.expm1(-theta[j]);
    }
    return { theta, expm1Up, expm1Down, logWeight };
}
const DEFAULT_MIXTURE = createMixture();
/** 1 / (1 + e^−z) without overflow. */
function sigmoid(z) {
    if (z >= 0)
        return 1 / (1 + Math.exp(-z));
    const e = Math.exp(z);
    return e / (1 + e);
}
/**
 * Whether a window carries information about r: both arms served traffic and at least one error happened.
 * Otherwise every canary share p(r) is 0 or 1, or there is nothing to split, and the likelihood ratio is 1.
 */
function informative(w) {
    return w.canaryTotal > 0 && w.baselineTotal > 0 && w.canaryErrors + w.baselineErrors > 0;
}
/** p(r') for a window: the probability that an error is the canary's when the ratio is e^logRatio. */
function canaryShareOfErrors(w, logRatio) {
    return sigmoid(logRatio + Math.log(w.canaryTotal) - Math.log(w.baselineTotal));
}
/**
 * Adds one window's log-likelihood ratios, for every grid point, to `acc` (length = grid points):
 * log LR_j = ±x·θ_j − k·log1p(p(r')·(e^±θ_j − 1)), where e^logRatio = r' is the ratio under test.
 */
function addWindowLogLikelihoodRatios(w, logRatio, mixture, side, acc) {
    if (!informative(w))
        return;
    const x = w.canaryErrors;
    const k = w.canaryErrors + w.baselineErrors;
    const p = canaryShareOfErrors(w, logRatio);
    const { theta } = mixture;
    const expm1 = side === "above" ? mixture.expm1Up : mixture.expm1Down;
    const sign = side === "above" ? 1 : -1;
    for (let j = 0; j < theta.length; j++) {
        acc[j] = acc[j] + sign * x * theta[j] - k * Math.log1p(p * expm1[j]);
    }
}
/** log Σ_j w_j·exp(acc_j): the log of the mixture of the accumulated likelihood ratios. */
function sequential_logMixture(acc, mixture) {
    let max = -Infinity;
    for (let j = 0; j < acc.length; j++) {
        const v = acc[j] + mixture.logWeight[j];
        if (v > max)
            max = v;
    }
    if (max === -Infinity)
        return -Infinity;
    let sum = 0;
    for (let j = 0; j < acc.length; j++)
        sum += Math.exp(acc[j] + mixture.logWeight[j] - max);
    return max + Math.log(sum);
}
/**
 * The log e-value against "the ratio is r' = e^logRatio": the mixture over the grid of the likelihood ratios
 * of every window, for alternatives on one side. Under any ratio on the other side of r' (or equal to it) it
 * is a non-negative supermartingale with initial value 1, so it reaches 1/α with probability at most α,
 * however often it is looked at (Ville's inequality).
 */
function logEValue(windows, logRatio, side, mixture = DEFAULT_MIXTURE) {
    const acc = new Float64Array(mixture.theta.length);
    for (const w of windows)
        addWindowLogLikelihoodRatios(w, logRatio, mixture, side, acc);
    return sequential_logMixture(acc, mixture);
}
/**
 * The conditional maximum-likelihood estimate of log r over all windows: the root of
 * Σ x_s − k_s·p_s(r) = 0. +Infinity when every informative error is the canary's, −Infinity when none is,
 * NaN when no window is informative.
 */
function logRatioEstimate(windows) {
    const used = windows.filter(informative);
    if (used.length === 0)
        return Number.NaN;
    let x = 0;
    let k = 0;
    for (const w of used) {
        x += w.canaryErrors;
        k += w.canaryErrors + w.baselineErrors;
    }
    if (x === 0)
        return -Infinity;
    if (x === k)
        return Infinity;
    const score = (eta) => {
        let s = 0;
        for (const w of used)
            s += w.canaryErrors - (w.canaryErrors + w.baselineErrors) * canaryShareOfErrors(w, eta);
        return s;
    };
    // The score decreases in log r; bracket the root, then bisect to full double precision.
    let lo = -1;
    let hi = 1;
    while (score(lo) < 0)
        lo *= 2;
    while (score(hi) > 0)
        hi *= 2;
    for (let i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, Math.abs(lo)); i++) {
        const mid = 0.5 * (lo + hi);
        if (score(mid) > 0)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}
/**
 * One end of the confidence sequence for log r at level 1 − α: the ratios r' that the one-sided e-value does
 * not reject. The e-value for alternatives above r' falls as r' grows (and the one for alternatives below
 * rises), so the set is an interval and bisection finds its end. Returns −Infinity / +Infinity when the
 * data bound r on that side by nothing finite (within e^±50).
 */
function confidenceBound(windows, end, alpha, mixture = DEFAULT_MIXTURE) {
    const threshold = -Math.log(alpha);
    const side = end === "lower" ? "above" : "below";
    const rejects = (eta) => logEValue(windows, eta, side, mixture) >= threshold;
    const estimate = logRatioEstimate(windows);
    if (Number.isNaN(estimate))
        return end === "lower" ? -Infinity : Infinity;
    // The mixture likelihood ratio at the estimate is at most 1, so the estimate is never rejected.
    const LIMIT = 50;
    let inside = Math.min(LIMIT, Math.max(-LIMIT, estimate));
    const dir = end === "lower" ? -1 : 1;
    let step = 0.5;
    let outside = inside + dir * step;
    while (!rejects(outside)) {
        inside = outside;
        if (Math.abs(outside) >= LIMIT)
            return dir * Infinity;
        step *= 2;
        outside = Math.max(-LIMIT, Math.min(LIMIT, inside + dir * step));
    }
    for (let i = 0; i < 100 && Math.abs(outside - inside) > 1e-10; i++) {
        const mid = 0.5 * (inside + outside);
        if (rejects(mid))
            outside = mid;
        else
            inside = mid;
    }
    return inside;
}

;// CONCATENATED MODULE: ./src/stats/judge.ts
// The canary-vs-baseline judge: from per-stage counts of each arm to a verdict and a decision record a
// reviewer can read. Pure; docs/statistics.md explains the statistics and their assumptions.



const MAX_LOG = Math.log(Number.MAX_VALUE);
function eValue(log) {
    return { eValue: log >= MAX_LOG ? Number.MAX_VALUE : Math.exp(log), logEValue: log };
}
function checkCount(value, what) {
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
        throw new RangeError(`${what} must be a finite number ≥ 0, got ${String(value)}`);
    }
}
/** Rounds to the nearest integer (increase() extrapolates to fractions) and caps errors at the total. */
function useArm(arm, what, notes) {
    checkCount(arm.errors, `${what} errors`);
    checkCount(arm.total, `${what} total`);
    const total = Math.round(arm.total);
    let errors = Math.round(arm.errors);
    if (total !== arm.total || errors !== arm.errors) {
        notes.push(`${what}: ${fmtCount(arm.errors)} errors of ${fmtCount(arm.total)} rounded to ${fmtCount(errors)} of ${fmtCount(total)}`);
    }
    if (errors > total) {
        notes.push(`${what}: ${fmtCount(errors)} errors capped at the total ${fmtCount(total)}`);
        errors = total;
    }
    return { errors, total, rate: total > 0 ? errors / total : null };
}
/** A count for a note: thousands grouped, and up to two decimals when increase() left a fraction. */
function fmtCount(n) {
    return n.toLocaleString("en-US", { maximumFractionDigits: 2 });
}
/** An e-value from its log, readable beyond the range of doubles: "0.42", "1,146", "3.2e41", "1.1e5213". */
function formatE(log) {
    const log10 = log / Math.LN10;
    if (log10 >= 6) {
        const exponent = Math.floor(log10);
        const mantissa = Math.pow(10, log10 - exponent);
        return mantissa >= 9.95 ? `1e${exponent + 1}` : `${mantissa.toFixed(1)}e${exponent}`;
    }
    const e = Math.exp(log);
    return e >= 100 ? Math.round(e).toLocaleString("en-US") : String(Number(e.toPrecision(3)));
}
function windowOf(s) {
    return {
        canaryErrors: s.canary.errors,
        canaryTotal: s.canary.total,
        baselineErrors: s.baseline.errors,
        baselineTotal: s.baseline.total,
    };
}
function finiteOrNull(x) {
    return Number.isFinite(x) ? x : null;
}
/** Tempers windows by the dispersion φ: errors divided by φ, requests (and so π) unchanged. */
function temper(windows, dispersion) {
    if (dispersion === 1)
        return [...windows];
    return windows.map((w) => ({
        ...w,
        canaryErrors: w.canaryErrors / dispersion,
        baselineErrors: w.baselineErrors / dispersion,
    }));
}
/**
 * The verdict alone, from integer window counts: what judge() decides, without the record and without
 * checking its arguments. Fails when the log e-value against r ≤ 1 + maxIncrease reaches
 * log(1 / (1 − confidence)); passes when the one against r ≥ 1 + maxIncrease does. Cheap enough to call at
 * every look of a Monte Carlo simulation.
 */
function sequentialVerdict(windows, options) {
    const { maxIncrease, confidence = 0.95, dispersion = 1, mixture = DEFAULT_MIXTURE } = options;
    const tempered = temper(windows, dispersion);
    const logThreshold = -Math.log(1 - confidence);
    const logTolerable = Math.log1p(maxIncrease);
    const logIncrease = logEValue(tempered, logTolerable, "above", mixture);
    const logNoIncrease = logEValue(tempered, logTolerable, "below", mixture);
    const verdict = logIncrease >= logThreshold ? "fail" : logNoIncrease >= logThreshold ? "pass" : "inconclusive";
    return { verdict, logIncrease, logNoIncrease };
}
/** A projection reaches at most this many times the canary requests so far; beyond, it says nothing useful. */
const PROJECTION_REACH = 10_000;
/**
 * How many more canary requests an inconclusive verdict needs if the rates seen so far hold: the last stage
 * goes on at its traffic split (m/n baseline requests per canary request), each arm failing at its error
 * rate pooled over all stages, and the e-value on the estimate's side of the tolerated ratio, tempered like
 * the verdict's, is followed to the threshold. Null when the last stage has no traffic side by side (the
 * 100% stage: waiting there adds no evidence, so no earlier stage is projected instead), without an estimate,
 * with the estimate or the pooled rates' ratio at the tolerated ratio or on different sides of it (rates that
 * differ between stages: more of the same would not settle it), and beyond PROJECTION_REACH.
 */
function project(input) {
    const { stages, canary, baseline, logEstimate, options } = input;
    const { maxIncrease, confidence, dispersion, mixture } = options;
    const last = stages.at(-1);
    if (!last || last.canary.total === 0 || last.baseline.total === 0 || Number.isNaN(logEstimate))
        return null;
    const logTolerable = Math.log1p(maxIncrease);
    const canaryRate = canary.errors / canary.total;
    const baselineRate = baseline.errors / baseline.total;
    const excess = canaryRate - (1 + maxIncrease) * baselineRate;
    let towards;
    if (logEstimate > logTolerable && excess > 0)
        towards = "fail";
    else if (logEstimate < logTolerable && excess < 0)
        towards = "pass";
    else
        return null;
    const earlier = stages.slice(0, -1).map(windowOf);
    const perCanary = last.baseline.total / last.canary.total;
    const side = towards === "fail" ? "above" : "below";
    const logThreshold = -Math.log(1 - confidence);
    const settles = (more) => {
        const current = {
            canaryErrors: last.canary.errors + more * canaryRate,
            canaryTotal: last.canary.total + more,
            baselineErrors: last.baseline.errors + more * perCanary * baselineRate,
            baselineTotal: last.baseline.total + more * perCanary,
        };
        return logEValue(temper([...earlier, current], dispersion), logTolerable, side, mixture) >= logThreshold;
    };
    const reach = PROJECTION_REACH * canary.total;
    if (!settles(reach))
        return null;
    // The split stays m/n, so each log likelihood ratio is linear in the added requests and the log e-value, a
    // log-sum-exp of them, convex; it is below the threshold now, so the amounts that settle it form a ray.
    // Bracket its start geometrically from the requests so far, then bisect to 0.2%: a few dozen e-values.
    let lo = 0;
    let hi = reach;
    let probe = canary.total;
    while (probe > lo && probe < hi) {
        if (settles(probe)) {
            hi = probe;
            probe = Math.floor(probe / 2);
        }
        else {
            lo = probe;
            probe *= 2;
        }
    }
    while (hi - lo > Math.max(1, hi * 0.002)) {
        const mid = Math.floor((lo + hi) / 2);
        if (settles(mid))
            hi = mid;
        else
            lo = mid;
    }
    const hours = input.hours !== undefined && input.hours > 0 ? (hi * input.hours) / last.canary.total : null;
    return { towards, canaryRequests: hi, hours };
}
/**
 * Judges the canary against the baseline. Fails when the e-value against "the canary's error rate is at most
 * (1 + maxIncrease) times the baseline's" reaches 1 / (1 − confidence); passes when the e-value against "at
 * least (1 + maxIncrease) times" does (the upper confidence bound is then below 1 + maxIncrease); otherwise
 * inconclusive. Both errors are bounded by 1 − confidence however many runs call this on growing data.
 * Throws RangeError on negative or non-finite counts and on parameters out of range.
 */
function judge(input) {
    const { maxIncrease, confidence = 0.95, dispersion = 1, mixture = DEFAULT_MIXTURE } = input;
    const { lastIsCurrent = true } = input;
    if (!(Number.isFinite(maxIncrease) && maxIncrease >= 0)) {
        throw new RangeError(`maxIncrease must be a finite number ≥ 0, got ${String(maxIncrease)}`);
    }
    if (!(confidence > 0 && confidence < 1)) {
        throw new RangeError(`confidence must be between 0 and 1 (exclusive), got ${String(confidence)}`);
    }
    if (!(Number.isFinite(dispersion) && dispersion >= 1)) {
        throw new RangeError(`dispersion must be a finite number ≥ 1, got ${String(dispersion)}`);
    }
    const alpha = 1 - confidence;
    const threshold = 1 / alpha;
    const tolerableRatio = 1 + maxIncrease;
    const notes = [];
    const stages = input.stages.map((s, i) => {
        const label = s.label ?? `stage ${i + 1}`;
        if (s.hours !== undefined)
            checkCount(s.hours, `${label} hours`);
        const canary = useArm(s.canary, `${label} canary`, notes);
        const baseline = useArm(s.baseline, `${label} baseline`, notes);
        const requests = canary.total + baseline.total;
        const record = { label, canary, baseline, canaryShare: requests > 0 ? canary.total / requests : null };
        return { ...record, informative: informative(windowOf(record)) };
    });
    const windows = stages.map(windowOf);
    const sum = (f) => stages.reduce((acc, s) => acc + f(s), 0);
    const canaryErrors = sum((s) => s.canary.errors);
    const canaryTotal = sum((s) => s.canary.total);
    const baselineErrors = sum((s) => s.baseline.errors);
    const baselineTotal = sum((s) => s.baseline.total);
    const canary = {
        errors: canaryErrors,
        total: canaryTotal,
        rate: canaryTotal > 0 ? canaryErrors / canaryTotal : null,
    };
    const baseline = {
        errors: baselineErrors,
        total: baselineTotal,
        rate: baselineTotal > 0 ? baselineErrors / baselineTotal : null,
    };
    const { verdict, logIncrease, logNoIncrease } = sequentialVerdict(windows, {
        maxIncrease,
        confidence,
        dispersion,
        mixture,
    });
    const tempered = temper(windows, dispersion);
    const logEstimate = logRatioEstimate(tempered);
    const logLower = confidenceBound(tempered, "lower", alpha, mixture);
    const logUpper = confidenceBound(tempered, "upper", alpha, mixture);
    const ratio = {
        estimate: Number.isNaN(logEstimate) ? null : finiteOrNull(Math.exp(logEstimate)),
        lower: Math.exp(logLower),
        upper: finiteOrNull(Math.exp(logUpper)),
    };
    const evidence = {
        increase: eValue(logIncrease),
        noIncrease: eValue(logNoIncrease),
        threshold,
    };
    const projection = verdict === "inconclusive" && lastIsCurrent
        ? project({
            stages,
            canary,
            baseline,
            logEstimate,
            hours: input.stages.at(-1)?.hours,
            options: { maxIncrease, confidence, dispersion, mixture },
        })
        : null;
    const explanation = explain({
        verdict,
        confidence,
        maxIncrease,
        canary,
        baseline,
        stages,
        logEstimate,
        ratio,
        evidence,
        projection,
    });
    return {
        verdict,
        explanation,
        confidence,
        maxIncrease,
        dispersion,
        tolerableRatio,
        canary,
        baseline,
        stages,
        ratio,
        evidence,
        projection,
        notes,
    };
}
function explain(d) {
    const tolerated = `the +${(0,format/* formatFraction */.MJ)(d.maxIncrease)} increase tolerated`;
    const conf = (0,format/* formatFraction */.MJ)(d.confidence);
    if (!d.stages.some((s) => s.informative)) {
        const both = d.stages.some((s) => s.canary.total > 0 && s.baseline.total > 0);
        if (d.canary.total === 0)
            return "inconclusive: the canary has served no requests yet, so there is nothing to judge.";
        if (!both) {
            return "inconclusive: the baseline served no requests while the canary did, so there is nothing to compare against.";
        }
        return (`inconclusive: neither version has failed a request yet (${fmtCount(d.canary.total)} canary and ` +
            `${fmtCount(d.baseline.total)} baseline requests side by side), so there is no evidence either way.`);
    }
    const estimate = d.logEstimate === Infinity
        ? "every error seen side by side came from the canary"
        : d.logEstimate === -Infinity
            ? "no error seen side by side came from the canary"
            : `the canary's error rate is ${(0,format/* formatRatio */.B0)(Math.exp(d.logEstimate))} the baseline's`;
    const lower = (0,format/* formatRatio */.B0)(d.ratio.lower);
    const upper = d.ratio.upper === null ? "unbounded" : (0,format/* formatRatio */.B0)(d.ratio.upper);
    const { threshold } = d.evidence;
    if (d.verdict === "fail") {
        return (`fail: ${estimate}, at least ${lower} with ${conf} confidence, beyond ${tolerated} ` +
            `(evidence of an increase ${formatE(d.evidence.increase.logEValue)} reached the rollback threshold ${formatE(Math.log(threshold))}).`);
    }
    if (d.verdict === "pass") {
        return (`pass: ${estimate}, at most ${upper} with ${conf} confidence, within ${tolerated} ` +
            `(evidence against an increase ${formatE(d.evidence.noIncrease.logEValue)} reached ${formatE(Math.log(threshold))}).`);
    }
    return (`inconclusive: ${estimate} (${conf} confidence: ${lower} to ${upper}); too few errors yet to tell ` +
        `whether it exceeds ${tolerated} (evidence ${formatE(d.evidence.increase.logEValue)} for and ` +
        `${formatE(d.evidence.noIncrease.logEValue)} against an increase, ${formatE(Math.log(threshold))} needed)` +
        `${d.projection ? `; if the rates seen so far hold, ${(0,words/* describeProjection */.v)(d.projection)}` : ""}.`);
}

// EXTERNAL MODULE: ./src/gates/query.ts
var query = __webpack_require__(4620);
// EXTERNAL MODULE: ./src/gates/run.ts
var run = __webpack_require__(7017);
;// CONCATENATED MODULE: ./src/stats/split.ts
// The traffic-split check: is the canary's share of requests in each stage window where the plan says, within a
// relative tolerance? A sequential test with false alarms at most 1 − confidence however many runs look,
// built like the judge's (sequential.ts) and reusing its mixture. Pure. docs/statistics.md, "The traffic-split
// check", derives it.
//
// Model. Each request is the canary's with a probability p — the share the traffic layer applied. The band
// [lo, hi] = [q·(1 − tolerance), min(1, q·(1 + tolerance))] around the stage's share q is a composite null, so
// there are two one-sided tests, one against each edge: for a logit shift θ > 0 the likelihood ratio of
// "too much" (p above hi) is e^{θ·c} / (1 + hi·(e^θ − 1))^t for c canary requests among t, a supermartingale
// for every p ≤ hi (Karlin–Rubin, as for the judge); "too little" mirrors it with e^{−θ}. A mixture over θ
// makes each an e-process; Ville's inequality bounds the chance that it ever reaches its threshold.
//
// Two things the plain binomial gets wrong, and how the test meets them:
//   1. Assignment is per user, and users make very different numbers of requests, so the canary's count varies
//      more than a binomial's: by the dispersion φ, the request-weighted mean of a user's requests in the
//      window. Counts are divided by φ (as the judge's `dispersion` tempers errors). φ is configured for one
//      hour and grows linearly beyond (a user's requests in a longer window can only pile up so fast).
//   2. Right after a transition the previous split still shows. For the first settleSeconds of a window the
//      share may lie anywhere between the previous stage's share and the band, so those requests (a share
//      settleSeconds / window of them, all of them in a younger window) are held to the wider edge.


/** A user's requests in an hour, request-weighted: Σ r² / Σ r over users' hourly counts r (see the docs). */
const DEFAULT_SPLIT_DISPERSION = 100;
/** How long the previous split may still show after a transition (the apply step's lag, draining, caches). */
const DEFAULT_SETTLE_SECONDS = 600;
const DEFAULT_SPLIT_TOLERANCE = 0.5;
/** The window length the configured dispersion describes; longer windows scale it up linearly. */
const DISPERSION_REFERENCE_SECONDS = 3600;
/**
 * The split's mixture over logit shifts θ: wider than the judge's (scale 1 instead of 0.5, up to θ = 5), because
 * the splits worth catching are gross — twice the plan, a fifth of it, nothing — and a canary left at 0% is
 * best told by large θ.
 */
const SPLIT_MIXTURE = createMixture({ scale: 1, max: 5 });
/** The shares a stage's tolerance allows: [q·(1 − tolerance), min(1, q·(1 + tolerance))], the lower end ≥ 0. */
function splitBand(planned, tolerance) {
    return [Math.max(0, planned * (1 - tolerance)), Math.min(1, planned * (1 + tolerance))];
}
/** Both sides' edges for a stage whose share was `previous` before it went live. */
function windowEdges(planned, previous, tolerance) {
    const [lo, hi] = splitBand(planned, tolerance);
    return {
        band: [lo, hi],
        above: { edge: hi, settlingEdge: Math.max(previous, hi) },
        below: { edge: lo, settlingEdge: Math.min(previous, lo) },
    };
}
/**
 * φ for a window of this length: the configured hour's value up to an hour (shorter windows have at most as
 * many requests per user), and 1 + (φ − 1)·seconds/3600 beyond (a user's requests grow at most linearly once
 * their correlation in time fades).
 */
function dispersionAt(dispersion, seconds) {
    if (seconds <= DISPERSION_REFERENCE_SECONDS)
        return dispersion;
    return 1 + (dispersion - 1) * (seconds / DISPERSION_REFERENCE_SECONDS);
}
function effectiveCounts(canary, baseline, seconds, options) {
    const phi = dispersionAt(options.dispersion, seconds);
    const total = (canary + baseline) / phi;
    const fraction = options.settleSeconds <= 0 ? 0 : seconds <= options.settleSeconds ? 1 : options.settleSeconds / seconds;
    return { canary: canary / phi, total, settling: fraction * total };
}
function edgeTerms(edge, settlingEdge, side, mixture = SPLIT_MIXTURE) {
    const expm1 = side === "above" ? mixture.expm1Up : mixture.expm1Down;
    const settled = new Float64Array(expm1.length);
    const settling = new Float64Array(expm1.length);
    for (let j = 0; j < expm1.length; j++) {
        settled[j] = Math.log1p(edge * expm1[j]);
        settling[j] = Math.log1p(settlingEdge * expm1[j]);
    }
    return { side, settled, settling };
}
/**
 * log Σ_j w_j · exp(±θ_j·c − (t − s)·log(1 + edge·(e^{±θ_j} − 1)) − s·log(1 + settlingEdge·(e^{±θ_j} − 1))),
 * with c, t, s the effective canary, total and settling counts. `scratch` (grid length) saves an allocation.
 */
function logEValueWithTerms(counts, terms, mixture = SPLIT_MIXTURE, scratch = new Float64Array(mixture.theta.length)) {
    const sign = terms.side === "above" ? 1 : -1;
    const settled = counts.total - counts.settling;
    for (let j = 0; j < scratch.length; j++) {
        scratch[j] =
            sign * counts.canary * mixture.theta[j] -
                settled * terms.settled[j] -
                counts.settling * terms.settling[j];
    }
    return sequential_logMixture(scratch, mixture);
}
/**
 * Whether the log e-value reaches `logThreshold`, as logEValueWithTerms() would say, but skipping the
 * exponentials when no grid point's likelihood ratio alone reaches it: the mixture's weights sum to 1, so it is
 * at most the largest of them. For simulations that look millions of times.
 */
function reachesThreshold(counts, terms, logThreshold, mixture = SPLIT_MIXTURE, scratch = new Float64Array(mixture.theta.length)) {
    const sign = terms.side === "above" ? 1 : -1;
    const settled = counts.total - counts.settling;
    let max = -Infinity;
    for (let j = 0; j < scratch.length; j++) {
        const v = sign * counts.canary * mixture.theta[j] -
            settled * terms.settled[j] -
            counts.settling * terms.settling[j];
        scratch[j] = v;
        if (v > max)
            max = v;
    }
    // The weights sum to 1 up to rounding: leave the bound a margin.
    return max >= logThreshold - 1e-9 && logMixture(scratch, mixture) >= logThreshold;
}
/**
 * The log e-value of one side for one window: against "the share is at most `edge`" (above) or "at least" (below),
 * settling requests held to `settlingEdge`. A supermartingale with initial value 1 under that null, so it reaches
 * log K with probability at most 1/K however often it is looked at.
 */
function splitLogEValue(counts, edge, settlingEdge, side, mixture = SPLIT_MIXTURE) {
    return logEValueWithTerms(counts, edgeTerms(edge, settlingEdge, side, mixture), mixture);
}
/** Every edge of every stage of the plan gets an even share of 1 − confidence: threshold 2·stages / (1 − confidence). */
function splitThreshold(stages, confidence) {
    // 2 / (1 − 0.95) is 39.99999999999996 in binary; the record shows the number meant.
    return Number(((2 * stages) / (1 - confidence)).toPrecision(12));
}
const split_MAX_LOG = Math.log(Number.MAX_VALUE);
function split_eValue(log) {
    return { eValue: log >= split_MAX_LOG ? Number.MAX_VALUE : Math.exp(log), logEValue: log };
}
/** The logit grid the interval is searched on: shares from about 4e-18 to 1 − 4e-18. */
const LOGIT_LIMIT = 40;
/**
 * One end of the window's interval for the settled share: the lower end is the largest share the "too much" test
 * still rejects (with settling requests held to the larger of it and the previous share), the upper end the
 * smallest the "too little" test rejects. Each test's e-value is monotone in the share tested, so bisection on
 * the logit finds the end; the observed share is never rejected, so it starts there.
 */
function intervalEnd(counts, previous, end, logThreshold, mixture) {
    if (counts.total === 0)
        return end === "lower" ? 0 : 1;
    const side = end === "lower" ? "above" : "below";
    const rejects = (logit) => {
        const p = sigmoid(logit);
        const settlingEdge = side === "above" ? Math.max(previous, p) : Math.min(previous, p);
        return splitLogEValue(counts, p, settlingEdge, side, mixture) >= logThreshold;
    };
    const observed = counts.canary / counts.total;
    const clamp = (x) => Math.max(-LOGIT_LIMIT, Math.min(LOGIT_LIMIT, x));
    let inside = clamp(Math.log(observed) - Math.log1p(-observed));
    let outside = end === "lower" ? -LOGIT_LIMIT : LOGIT_LIMIT;
    if (!rejects(outside))
        return end === "lower" ? 0 : 1;
    if (rejects(inside))
        return sigmoid(inside); // only at the grid's limit: the observed share is 0 or 1
    for (let i = 0; i < 200 && Math.abs(outside - inside) > 1e-10; i++) {
        const mid = 0.5 * (inside + outside);
        if (rejects(mid))
            outside = mid;
        else
            inside = mid;
    }
    return sigmoid(inside);
}
function checkNumber(value, what, ok, allowed) {
    if (typeof value !== "number" || !Number.isFinite(value) || !ok(value)) {
        throw new RangeError(`${what} must be ${allowed}, got ${String(value)}`);
    }
}
/** A band for a sentence: "2.5–7.5%". */
function formatBand([lo, hi]) {
    return `${Number((lo * 100).toPrecision(3))}–${(0,format/* formatFraction */.MJ)(hi)}`;
}
/**
 * Checks the canary's observed share of requests in every stage window against the plan. `mismatch` when some
 * window's evidence that the share is outside the band reaches the threshold: at most 1 − confidence of
 * correctly applied rollouts ever see one, however many runs call this on growing windows — provided the
 * dispersion is at least the traffic's and the previous split shows for at most settleSeconds. `ok` when the
 * current window's interval lies inside its band; otherwise `inconclusive`. Throws RangeError on bad input.
 */
function checkSplit(input) {
    const { plan, tolerance = DEFAULT_SPLIT_TOLERANCE, confidence = 0.95, dispersion = DEFAULT_SPLIT_DISPERSION, settleSeconds = DEFAULT_SETTLE_SECONDS, mixture = SPLIT_MIXTURE, } = input;
    if (plan.length === 0 ||
        plan.some((q, i) => !(q > 0 && q <= 1) || (i > 0 && q <= plan[i - 1]))) {
        throw new RangeError(`plan must be shares in (0, 1], strictly increasing, got [${plan.join(", ")}]`);
    }
    checkNumber(tolerance, "tolerance", (x) => x > 0, "a number > 0 (0.5 allows ±50% of the stage's share)");
    checkNumber(confidence, "confidence", (x) => x > 0 && x < 1, "between 0 and 1 (exclusive)");
    checkNumber(dispersion, "dispersion", (x) => x >= 1, "a finite number ≥ 1");
    checkNumber(settleSeconds, "settleSeconds", (x) => x >= 0, "a finite number of seconds ≥ 0");
    const threshold = splitThreshold(plan.length, confidence);
    const logThreshold = Math.log(threshold);
    const windows = input.windows.map((w, i) => {
        const planned = plan[w.stage - 1];
        if (!Number.isInteger(w.stage) || planned === undefined) {
            throw new RangeError(`window ${i + 1}: stage ${String(w.stage)} is not in the plan; the plan has ${plan.length} stages`);
        }
        const label = w.label ?? `stage ${w.stage} (${(0,format/* formatFraction */.MJ)(planned)})`;
        checkNumber(w.canary, `${label}: canary requests`, (x) => x >= 0, "a finite number ≥ 0");
        checkNumber(w.baseline, `${label}: baseline requests`, (x) => x >= 0, "a finite number ≥ 0");
        checkNumber(w.seconds, `${label}: seconds`, (x) => x >= 0, "a finite number ≥ 0");
        const before = input.windows[i - 1];
        const previous = w.previous ?? (before ? (plan[before.stage - 1] ?? 0) : 0);
        checkNumber(previous, `${label}: previous`, (x) => x >= 0 && x <= 1, "a share in [0, 1]");
        const edges = windowEdges(planned, previous, tolerance);
        const counts = effectiveCounts(w.canary, w.baseline, w.seconds, { dispersion, settleSeconds });
        const above = splitLogEValue(counts, edges.above.edge, edges.above.settlingEdge, "above", mixture);
        const below = splitLogEValue(counts, edges.below.edge, edges.below.settlingEdge, "below", mixture);
        const interval = [
            intervalEnd(counts, previous, "lower", logThreshold, mixture),
            intervalEnd(counts, previous, "upper", logThreshold, mixture),
        ];
        const [lo, hi] = edges.band;
        const side = above >= logThreshold ? "above" : below >= logThreshold ? "below" : null;
        const verdict = side !== null
            ? "mismatch"
            : counts.total > 0 && interval[0] >= lo && interval[1] <= hi
                ? "ok"
                : "inconclusive";
        const requests = w.canary + w.baseline;
        return {
            label,
            stage: w.stage,
            planned,
            previous,
            // 0.05 · 1.5 is 0.07500000000000001 in binary; the record shows the number meant.
            band: [Number(edges.band[0].toPrecision(12)), Number(edges.band[1].toPrecision(12))],
            canary: w.canary,
            baseline: w.baseline,
            seconds: w.seconds,
            share: requests > 0 ? w.canary / requests : null,
            interval,
            dispersion: dispersionAt(dispersion, w.seconds),
            effectiveRequests: counts.total,
            settlingRequests: counts.settling,
            evidence: { above: split_eValue(above), below: split_eValue(below) },
            verdict,
            side,
        };
    });
    const mismatched = windows.findLastIndex((w) => w.verdict === "mismatch");
    const current = windows.at(-1);
    const shown = mismatched >= 0 ? windows[mismatched] : current;
    const verdict = mismatched >= 0 ? "mismatch" : (current?.verdict ?? "inconclusive");
    return {
        verdict,
        side: shown && mismatched >= 0 ? shown.side : null,
        window: mismatched >= 0 ? mismatched : null,
        explanation: split_explain(verdict, shown, confidence, tolerance),
        tolerance,
        confidence,
        dispersion,
        settleSeconds,
        threshold,
        windows,
    };
}
function split_explain(verdict, w, confidence, tolerance) {
    if (!w)
        return "inconclusive: no stage window to check yet.";
    if (w.share === null)
        return `inconclusive: no requests in ${w.label}'s window yet, so its split cannot be checked.`;
    const seen = `the canary served ${(0,format/* formatFraction */.MJ)(w.share)} of requests in ${w.label}`;
    const conf = (0,format/* formatFraction */.MJ)(confidence);
    const band = `the ${formatBand(w.band)} the plan allows (split-tolerance ${tolerance})`;
    const [lower, upper] = w.interval;
    if (verdict === "mismatch") {
        const bound = w.side === "above" ? `at least ${(0,format/* formatFraction */.MJ)(lower)}` : `at most ${(0,format/* formatFraction */.MJ)(upper)}`;
        return (`mismatch: ${seen}, ${bound} with ${conf} confidence, ${w.side === "above" ? "above" : "below"} ${band}: ` +
            "the traffic is not where the plan says, so the step that applies `percent` did not do its job.");
    }
    if (verdict === "ok") {
        return `ok: ${seen}, between ${(0,format/* formatFraction */.MJ)(lower)} and ${(0,format/* formatFraction */.MJ)(upper)} with ${conf} confidence, within ${band}.`;
    }
    return (`inconclusive: ${seen} (${conf} confidence: ${(0,format/* formatFraction */.MJ)(lower)} to ${(0,format/* formatFraction */.MJ)(upper)}); ` +
        `too few requests yet to tell whether it is within ${band}.`);
}

;// CONCATENATED MODULE: ./src/gates/split.ts
// A baseline gate's check of the traffic split: the canary's share of requests in each stage window against the
// plan (src/stats/split.ts), and what a mismatch does to the gate under `on-split-mismatch`.

const SEVERITY = { pass: 0, inconclusive: 1, error: 2, fail: 3 };
/**
 * Checks the split over the comparison's windows and folds it into the gate's verdict: a mismatch in the current
 * stage holds (`inconclusive`), fails or only warns, as `on-split-mismatch` says; one in a stage that is over only
 * warns, since holding cannot fix it. `current` is the index of the current stage's window, null when its counts
 * were left out. `plan` is the rollout's stages in percent.
 */
function withSplit(gate, cmp, plan, windows, current, outcome) {
    const { onMismatch, tolerance, dispersion, settleSeconds } = cmp.split;
    const decision = checkSplit({
        plan: plan.map((p) => p / 100),
        windows,
        confidence: cmp.confidence,
        ...(tolerance !== undefined && { tolerance }),
        ...(dispersion !== undefined && { dispersion }),
        ...(settleSeconds !== undefined && { settleSeconds }),
    });
    const record = (effect) => ({ ...decision, onMismatch, effect });
    if (decision.verdict !== "mismatch")
        return { ...outcome, record: record("none"), warnings: [] };
    const seen = decision.explanation.replace(/^mismatch: /, "");
    const who = `${gate.shadow ? "Shadow gate" : "Gate"} "${gate.name}"`;
    const inCurrent = current !== null && decision.windows[current]?.verdict === "mismatch";
    if (!inCurrent || onMismatch === "warn") {
        const why = inCurrent
            ? "the traffic is not split as planned (on-split-mismatch: warn, so this only warns)"
            : "the traffic was not split as planned in a stage that is over, which holding cannot fix, so this only warns";
        return {
            verdict: outcome.verdict,
            message: `${outcome.message} Traffic split: ${seen}`,
            record: record("warn"),
            warnings: [`${who}: ${why}: ${seen}`],
        };
    }
    const imposed = onMismatch === "fail" ? "fail" : "inconclusive";
    const leads = SEVERITY[imposed] >= SEVERITY[outcome.verdict];
    const split = `traffic split (on-split-mismatch: ${onMismatch}): ${seen}`;
    const does = onMismatch === "fail"
        ? "so the gate fails"
        : outcome.verdict === "fail"
            ? "which would hold the rollout, but the gate fails on its own evidence"
            : "so the rollout holds";
    return {
        verdict: leads ? imposed : outcome.verdict,
        message: leads ? `${split} ${outcome.message}` : `${outcome.message} Also ${split}`,
        record: record(onMismatch),
        warnings: [
            `${who}: the traffic is not split as planned, ${does} (on-split-mismatch: ${onMismatch}): ${seen}`,
        ],
    };
}

// EXTERNAL MODULE: ./src/gates/template.ts
var template = __webpack_require__(420);
// EXTERNAL MODULE: ./src/gates/verdict.ts + 1 modules
var verdict = __webpack_require__(5816);
// EXTERNAL MODULE: ./src/gates/windows.ts
var gates_windows = __webpack_require__(1957);
;// CONCATENATED MODULE: ./src/gates/compare.ts
// Comparisons with the baseline: four queries per stage window, and the sequential judge over all windows.








const ARMS = ["canary", "baseline"];
const COUNTS = ["errors", "total"];
const compare_SEVERITY = { pass: 0, inconclusive: 1, error: 2, fail: 3 };
function usesBaselineSha(gate) {
    return (0,template/* gateTexts */._r)(gate).some((t) => (0,template/* templateNames */.VQ)(t).some((name) => name === "baseline_sha" || name === "baseline_short_sha"));
}
function windowLabel(w) {
    return `stage ${w.stage} (${(0,verdict/* formatFigure */.Mo)(w.percent)}%)`;
}
/** The record a reviewer reads: counts per side, the ratio and its interval, the e-values against the threshold. */
function recordOf(d, windows, sha, notes) {
    return {
        sha,
        canary: { errors: d.canary.errors, total: d.canary.total, rate: d.canary.rate },
        baseline: { errors: d.baseline.errors, total: d.baseline.total, rate: d.baseline.rate },
        ratio: d.ratio.estimate,
        interval: [d.ratio.lower, d.ratio.upper],
        eValue: d.evidence.increase.eValue,
        eValueNoIncrease: d.evidence.noIncrease.eValue,
        // 1 / (1 − 0.95) is 19.999999999999982 in binary; the record shows the number meant.
        threshold: Number(d.evidence.threshold.toPrecision(12)),
        confidence: d.confidence,
        maxIncrease: d.maxIncrease,
        tolerableRatio: d.tolerableRatio,
        verdict: d.verdict,
        projection: d.projection,
        windows: d.stages.map((s, i) => {
            const w = windows[i];
            return {
                stage: w.stage,
                percent: w.percent,
                from: (0,format/* rfc3339 */.ag)(w.start),
                to: (0,format/* rfc3339 */.ag)(w.end),
                canary: s.canary,
                baseline: s.baseline,
            };
        }),
        notes: [...notes, ...d.notes],
    };
}
/**
 * A count gate with a `baseline:` block. Every stage window of the rollout is asked for the canary's and the
 * baseline's errors and totals (templates filled per window, the window's end as the query time), all at once;
 * the judge (src/stats) decides over all windows together, so evidence carries across runs and stages without
 * stored state. `max-error-rate`/`min-requests`, when given, still guard the canary's own error rate in the
 * current stage: the worse of the two verdicts counts.
 */
async function compareGate(gate, cmp, provider, opts) {
    const base = {
        name: gate.name,
        provider: gate.provider,
        unit: "factor",
        threshold: 1 + cmp.maxIncrease,
        shadow: gate.shadow,
    };
    const baselineSha = opts.values.baseline_sha;
    if (baselineSha === "" && usesBaselineSha(cmp.arm)) {
        return {
            ...base,
            value: null,
            samples: null,
            queries: [],
            ...(0,verdict/* noData */._h)(gate, `there is nothing to compare against: ${opts.values.short_sha || "this version"} replaces no earlier version in ${opts.values.environment || "the environment"} (no rollout there completed before it started), so {{baseline_sha}} is empty`),
        };
    }
    const windows = opts.windows && opts.windows.length > 0
        ? opts.windows
        : [
            {
                stage: Number(opts.values.stage) || 1,
                percent: Number(opts.values.percent) || 0,
                start: (0,run/* stageStart */.zs)(opts.values, opts.now),
                end: opts.now,
            },
        ];
    const asks = windows.flatMap((w, index) => {
        const scope = {
            values: (0,gates_windows/* windowValues */.Nt)(opts.values, w),
            secrets: opts.secrets,
            env: opts.env ?? {},
            since: w.start,
            now: w.end,
            evaluatedAt: opts.now,
            // One cache per window: the HTTP JSON provider answers both sides from one request when they share it.
            cache: new Map(),
        };
        return ARMS.flatMap((arm) => COUNTS.map((role) => ({
            index,
            arm,
            role,
            request: (0,query/* queryRequest */.G)(arm === "canary" ? gate : cmp.arm, role, scope),
        })));
    });
    const shown = asks.map((a) => a.request.shown);
    let answers;
    try {
        answers = await Promise.all(asks.map((a) => provider.query(a.request, opts.http ?? {})));
    }
    catch (error) {
        return (0,verdict/* failedQuery */.eQ)(gate, error, shown, (0,run/* lastRequested */.vC)(opts));
    }
    const queries = answers.map((a, i) => a.shown ?? shown[i]);
    const figure = (index, arm, role) => answers[asks.findIndex((a) => a.index === index && a.arm === arm && a.role === role)]
        .value;
    const notes = [];
    const used = [];
    const stages = [];
    const splitWindows = [];
    for (const [index, w] of windows.entries()) {
        const label = windowLabel(w);
        const raw = {
            canary: { errors: figure(index, "canary", "errors"), total: figure(index, "canary", "total") },
            baseline: { errors: figure(index, "baseline", "errors"), total: figure(index, "baseline", "total") },
        };
        if (ARMS.some((arm) => Number.isNaN(raw[arm].errors) || Number.isNaN(raw[arm].total))) {
            notes.push(`${label}: a query returned NaN, so the window is left out`);
            continue;
        }
        const counts = {
            // No series at all is nothing counted: a version that never failed has no error series.
            canary: { errors: raw.canary.errors ?? 0, total: raw.canary.total ?? 0 },
            baseline: { errors: raw.baseline.errors ?? 0, total: raw.baseline.total ?? 0 },
        };
        for (const arm of ARMS) {
            const unusable = (0,verdict/* unusableCounts */.iH)(counts[arm].errors, counts[arm].total, `the ${arm}'s `);
            if (unusable)
                return (0,verdict/* unjudged */.bC)(gate, `${label}: ${unusable}`, queries);
        }
        used.push(w);
        const hours = Math.max(0, w.end.getTime() - w.start.getTime()) / 3_600_000;
        stages.push({ ...counts, label, hours });
        splitWindows.push({
            stage: w.stage,
            canary: counts.canary.total,
            baseline: counts.baseline.total,
            seconds: hours * 3600,
            previous: (windows[index - 1]?.percent ?? 0) / 100,
        });
    }
    // The projection continues the current stage; when its window was left out, there is none.
    const lastIsCurrent = used.at(-1) === windows.at(-1);
    const judgement = judge({
        stages,
        maxIncrease: cmp.maxIncrease,
        confidence: cmp.confidence,
        dispersion: cmp.dispersion,
        lastIsCurrent,
    });
    const sideBySide = judgement.stages.some((s) => s.canary.total > 0 && s.baseline.total > 0);
    let outcome = sideBySide
        ? { verdict: judgement.verdict, message: judgement.explanation }
        : (0,verdict/* noData */._h)(gate, judgement.explanation);
    if (cmp.guard) {
        const current = windows.length - 1;
        const guard = (0,verdict/* judgeCounts */.wt)(gate, { value: figure(current, "canary", "errors"), warnings: [] }, { value: figure(current, "canary", "total"), warnings: [] }, []);
        outcome = {
            verdict: compare_SEVERITY[guard.verdict] > compare_SEVERITY[outcome.verdict] ? guard.verdict : outcome.verdict,
            message: `${outcome.message} Guard on the canary alone in this stage: ${guard.message}.`,
        };
    }
    // The traffic split over the same windows, once the plan is known: a mismatch may hold or fail the gate.
    const split = opts.stages && splitWindows.length > 0
        ? withSplit(gate, cmp, opts.stages, splitWindows, lastIsCurrent ? splitWindows.length - 1 : null, outcome)
        : undefined;
    return (0,verdict/* withWarnings */.oV)({
        ...base,
        ...(split ? { verdict: split.verdict, message: split.message } : outcome),
        value: judgement.ratio.estimate,
        samples: judgement.canary.total,
        queries,
        baseline: {
            ...recordOf(judgement, used, baselineSha, notes),
            ...(split && { split: split.record }),
        },
        ...(split && split.warnings.length > 0 && { warnings: split.warnings }),
    }, ...answers);
}


/***/ })

};
