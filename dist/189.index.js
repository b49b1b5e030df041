export const id = 189;
export const ids = [189];
export const modules = {

/***/ 5751:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ optionsOf)
/* harmony export */ });
// The one small interface every monitoring provider implements: the keys its gates take, and its query.
/** The provider's own settings of a gate its spec built, or a clear failure for a gate built elsewhere. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the type its spec built
function optionsOf(gate) {
    if (gate.options === undefined)
        throw new Error(`gate "${gate.name}" has no ${gate.provider} settings`);
    return gate.options;
}


/***/ }),

/***/ 3189:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   RESOLUTION_BY_AGE: () => (/* binding */ RESOLUTION_BY_AGE),
/* harmony export */   RETENTION_DAYS: () => (/* binding */ RETENTION_DAYS),
/* harmony export */   cloudwatch: () => (/* binding */ cloudwatch),
/* harmony export */   cloudwatchSpec: () => (/* binding */ cloudwatchSpec),
/* harmony export */   describeQuery: () => (/* binding */ describeQuery),
/* harmony export */   periodFor: () => (/* binding */ periodFor),
/* harmony export */   readMetricData: () => (/* binding */ readMetricData)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9691);
/* harmony import */ var _aws_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7732);
/* harmony import */ var _request_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7521);
/* harmony import */ var _provider_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5751);
/* harmony import */ var _schema_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3905);
// Amazon CloudWatch through GetMetricData (AWS JSON 1.0, as the AWS SDK speaks it), signed with SigV4
// from the standard AWS environment variables. A query is a metric (MetricStat) or a metric-math or
// Metrics Insights expression; one period spans the stage's whole life, so a count's Sum and a latency's
// p99 are both taken over exactly the stage. The period is one CloudWatch serves for data of the window's age.





const metricSchema = zod__WEBPACK_IMPORTED_MODULE_3__/* .strictObject */ .rej({
    namespace: _schema_js__WEBPACK_IMPORTED_MODULE_2__/* .text */ .Qq,
    metric: _schema_js__WEBPACK_IMPORTED_MODULE_2__/* .text */ .Qq,
    dimensions: zod__WEBPACK_IMPORTED_MODULE_3__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP().min(1), zod__WEBPACK_IMPORTED_MODULE_3__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_3__/* .number */ .aig()]).transform(String)).default({}),
    stat: _schema_js__WEBPACK_IMPORTED_MODULE_2__/* .text */ .Qq.optional(),
    unit: _schema_js__WEBPACK_IMPORTED_MODULE_2__/* .text */ .Qq.optional(),
});
const querySchema = zod__WEBPACK_IMPORTED_MODULE_3__/* .union */ .KCZ([_schema_js__WEBPACK_IMPORTED_MODULE_2__/* .text */ .Qq, metricSchema]);
function toQuery(raw, defaultStat) {
    if (typeof raw === "string")
        return { expression: raw };
    return {
        metric: {
            namespace: raw.namespace,
            metric: raw.metric,
            dimensions: raw.dimensions,
            stat: raw.stat ?? defaultStat,
            ...(raw.unit !== undefined && { unit: raw.unit }),
        },
    };
}
/** One line for reports: the expression, or the metric as CloudWatch's console writes it. */
function describeQuery(q) {
    if ("expression" in q)
        return q.expression;
    const m = q.metric;
    const dims = Object.entries(m.dimensions)
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
    return `${m.stat}(${m.namespace} ${m.metric}${dims ? ` {${dims}}` : ""}${m.unit ? ` ${m.unit}` : ""})`;
}
const cloudwatchSpec = {
    url: "optional",
    auth: false,
    keys: {
        region: _schema_js__WEBPACK_IMPORTED_MODULE_2__/* .text */ .Qq.regex(_aws_js__WEBPACK_IMPORTED_MODULE_0__/* .REGION_RE */ .tn, "must be an AWS region such as us-east-1").optional(),
    },
    forms: { query: querySchema, errors: querySchema, total: querySchema },
    build(k, { label, kind }) {
        const region = k.region;
        // Counts are summed over the stage; a single value defaults to the average.
        const stat = kind === "count" ? "Sum" : "Average";
        const queries = kind === "count"
            ? { errors: toQuery(k.errors, stat), total: toQuery(k.total, stat) }
            : { query: toQuery(k.query, stat) };
        for (const [key, q] of Object.entries(queries)) {
            if (kind === "count" && "metric" in q && q.metric.stat !== "Sum" && q.metric.stat !== "SampleCount") {
                throw new _schema_js__WEBPACK_IMPORTED_MODULE_2__/* .GateConfigError */ .av(`${label}: "${key}" is a count, so its stat must be Sum or SampleCount, got ${q.metric.stat}`);
            }
        }
        const custom = k.url;
        // Without a url or region, the region comes from AWS_REGION when the gate runs (checked before any request).
        const url = custom ?? (0,_aws_js__WEBPACK_IMPORTED_MODULE_0__/* .awsEndpoint */ .PC)("monitoring", region ?? "us-east-1");
        const described = Object.fromEntries(Object.entries(queries).map(([key, q]) => [key, describeQuery(q)]));
        return {
            url,
            options: { ...(region !== undefined && { region }), customUrl: custom !== undefined, queries },
            credentials: true,
            aws: { region },
            ...described,
        };
    },
};
const TARGET = "GraniteServiceVersion20100801.GetMetricData";
const DAY_S = 86_400;
/**
 * The periods CloudWatch serves by the age of a query's StartTime (botocore@0e6e2404's cloudwatch
 * service-2.json, MetricStat.Period): a multiple of 60 s up to 15 days back, of 300 s up to 63 days, of
 * 3600 s beyond. Any other period gets no data points back, with no error.
 */
const RESOLUTION_BY_AGE = [
    { fromDays: 0, multipleOf: 60 },
    { fromDays: 15, multipleOf: 300 },
    { fromDays: 63, multipleOf: 3600 },
];
/** CloudWatch keeps hourly data points 455 days (15 months), and nothing older (GetMetricData's documentation). */
const RETENTION_DAYS = 455;
// Time for the request to reach CloudWatch and for clocks to disagree: near a boundary the coarser resolution,
// whose periods are multiples of the finer ones, so CloudWatch serves them for younger data as well.
const AGE_MARGIN_S = 3600;
function days(seconds) {
    return String(Math.floor(seconds / DAY_S));
}
/**
 * The one period (start and length in seconds) that covers the window from `since` to `until`, for data as old
 * as it is at `at`. Both ends round down to the resolution (CloudWatch rounds StartTime down the same way), so the windows
 * of consecutive stages tile without sharing a bucket, and the newest bucket, whose data is still arriving, is
 * left out. A window with no whole period at its resolution has none; one older than CloudWatch keeps is an error.
 */
function periodFor(since, until, at) {
    const age = (at.getTime() - since.getTime()) / 1000;
    if (age > RETENTION_DAYS * DAY_S) {
        throw new _request_js__WEBPACK_IMPORTED_MODULE_1__/* .ProviderError */ .mZ(`the window starts ${days(age)} days ago, and CloudWatch keeps data for ${RETENTION_DAYS} days: there is nothing to read`, false);
    }
    const rule = RESOLUTION_BY_AGE.findLast((r) => age + AGE_MARGIN_S > r.fromDays * DAY_S) ?? RESOLUTION_BY_AGE[0];
    const step = rule.multipleOf;
    const start = Math.floor(since.getTime() / 1000 / step) * step;
    const end = Math.floor(until.getTime() / 1000 / step) * step;
    if (end - start >= step)
        return { start, period: end - start };
    if (step === RESOLUTION_BY_AGE[0].multipleOf)
        return { none: true };
    return {
        none: true,
        warning: `the window from ${since.toISOString()} to ${until.toISOString()} holds no whole ${step / 60}-minute period, the finest CloudWatch keeps for data ${days(age)} days old, so it has nothing to read`,
    };
}
/** JSON 1.0 writes the floats JSON has no word for as strings. */
function numberOf(v) {
    if (typeof v === "number")
        return v;
    if (v === "NaN")
        return Number.NaN;
    if (v === "Infinity")
        return Number.POSITIVE_INFINITY;
    if (v === "-Infinity")
        return Number.NEGATIVE_INFINITY;
    throw new _request_js__WEBPACK_IMPORTED_MODULE_1__/* .ProviderError */ .mZ(`answer has a value ${(0,_request_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(v)} that is not a number`, false);
}
function errorOf(res, body) {
    const rawType = typeof body?.__type === "string" ? body.__type : (res.headers.get("x-amzn-errortype") ?? "");
    // "com.amazonaws.cloudwatch#InvalidParameterValueException" → "InvalidParameterValueException"
    const type = rawType.split("#").pop()?.split(":")[0] ?? "";
    const message = typeof body?.message === "string"
        ? body.message
        : typeof body?.Message === "string"
            ? body.Message
            : "no message";
    return { type, message };
}
const THROTTLING = /^(Throttling|ThrottlingException|TooManyRequestsException|RequestLimitExceeded)$/;
function isThrottled(res) {
    if (res.status !== 400)
        return false;
    try {
        return THROTTLING.test(errorOf(res, (0,_request_js__WEBPACK_IMPORTED_MODULE_1__/* .record */ .g1)(JSON.parse(res.text))).type);
    }
    catch {
        return false;
    }
}
function readMetricData(res, body, sum) {
    const root = (0,_request_js__WEBPACK_IMPORTED_MODULE_1__/* .record */ .g1)(body);
    if (res.status >= 400) {
        const { type, message } = errorOf(res, root);
        const auth = res.status === 403 || /Signature|Token|Credentials|AccessDenied|UnrecognizedClient/.test(type);
        throw new _request_js__WEBPACK_IMPORTED_MODULE_1__/* .ProviderError */ .mZ(`HTTP ${res.status}, ${auth ? "authentication failed: " : ""}${type || "error"}: ${message}`, false, 
        // AWS throttles with a 400.
        !(0,_request_js__WEBPACK_IMPORTED_MODULE_1__/* .isOutageStatus */ .uM)(res.status) && !isThrottled(res));
    }
    const results = Array.isArray(root?.MetricDataResults) ? root.MetricDataResults.map(_request_js__WEBPACK_IMPORTED_MODULE_1__/* .record */ .g1) : undefined;
    if (!results)
        throw new _request_js__WEBPACK_IMPORTED_MODULE_1__/* .ProviderError */ .mZ("answer has no MetricDataResults", false);
    const warnings = (Array.isArray(root?.Messages) ? root.Messages : [])
        .map((m) => (0,_request_js__WEBPACK_IMPORTED_MODULE_1__/* .record */ .g1)(m))
        .map((m) => [m?.Code, m?.Value].filter((x) => typeof x === "string").join(": "))
        .filter((m) => m !== "");
    if (results.length === 0)
        return { value: undefined, warnings };
    if (results.length > 1) {
        throw new _request_js__WEBPACK_IMPORTED_MODULE_1__/* .ProviderError */ .mZ(`query returned ${results.length} time series; aggregate to one, for example SUM(SEARCH(...))`, false);
    }
    const result = results[0] ?? {};
    const status = typeof result.StatusCode === "string" ? result.StatusCode : "Complete";
    if (status !== "Complete") {
        const messages = (Array.isArray(result.Messages) ? result.Messages : [])
            .map((m) => (0,_request_js__WEBPACK_IMPORTED_MODULE_1__/* .record */ .g1)(m)?.Value)
            .filter((m) => typeof m === "string");
        throw new _request_js__WEBPACK_IMPORTED_MODULE_1__/* .ProviderError */ .mZ(`CloudWatch answered ${status}${messages.length ? `: ${messages.join("; ")}` : ""}; not judging part of the data`, false, false);
    }
    const values = Array.isArray(result.Values) ? result.Values.map(numberOf) : [];
    if (values.length === 0)
        return { value: undefined, warnings };
    if (!sum && values.length > 1) {
        throw new _request_js__WEBPACK_IMPORTED_MODULE_1__/* .ProviderError */ .mZ(`query returned ${values.length} datapoints for one period; expected one`, false);
    }
    return { value: values.reduce((a, b) => a + b, 0), warnings };
}
function metricDataQuery(q, period, render) {
    if ("expression" in q)
        return { Id: "q", Expression: render(q.expression), Period: period, ReturnData: true };
    const m = q.metric;
    return {
        Id: "q",
        MetricStat: {
            Metric: {
                Namespace: render(m.namespace),
                MetricName: render(m.metric),
                Dimensions: Object.entries(m.dimensions).map(([Name, Value]) => ({ Name, Value: render(Value) })),
            },
            Period: period,
            Stat: m.stat,
            ...(m.unit !== undefined && { Unit: m.unit }),
        },
        ReturnData: true,
    };
}
const cloudwatch = {
    spec: cloudwatchSpec,
    async query(req, http) {
        const opts = (0,_provider_js__WEBPACK_IMPORTED_MODULE_4__/* .optionsOf */ .c)(req.gate);
        const key = req.role === "value" ? "query" : req.role;
        const q = opts.queries[key];
        if (!q)
            throw new _request_js__WEBPACK_IMPORTED_MODULE_1__/* .ProviderError */ .mZ(`gate has no CloudWatch ${key} query`, false);
        const region = (0,_aws_js__WEBPACK_IMPORTED_MODULE_0__/* .regionFrom */ .bz)(opts.region, req.env);
        if (!region)
            throw new _request_js__WEBPACK_IMPORTED_MODULE_1__/* .ProviderError */ .mZ("no AWS region: set region in the gate, or AWS_REGION", false);
        const url = opts.customUrl ? req.url : (0,_aws_js__WEBPACK_IMPORTED_MODULE_0__/* .awsEndpoint */ .PC)("monitoring", region);
        // One period over the whole window: a single datapoint that covers the stage. A past stage of a comparison
        // ends before the evaluation, but its data is as old as it is now.
        const window = periodFor(req.since, req.now, req.evaluatedAt);
        if ("none" in window)
            return { value: undefined, warnings: window.warning ? [window.warning] : [] };
        const { start, period } = window;
        const body = JSON.stringify({
            MetricDataQueries: [metricDataQuery(q, period, (t) => req.render(t).sent)],
            StartTime: start,
            EndTime: start + period,
        });
        const headers = await (0,_aws_js__WEBPACK_IMPORTED_MODULE_0__/* .signedHeaders */ .HF)({
            url,
            method: "POST",
            headers: {
                ...req.headers,
                "content-type": "application/x-amz-json-1.0",
                "x-amz-target": TARGET,
                accept: "application/json",
            },
            body,
        }, "monitoring", region, (0,_aws_js__WEBPACK_IMPORTED_MODULE_0__/* .credentialsFrom */ .Tf)(req.secrets));
        const res = await (0,_request_js__WEBPACK_IMPORTED_MODULE_1__/* .send */ .tN)({
            url,
            method: "POST",
            headers,
            body,
            timeoutMs: req.gate.timeoutMs,
            retries: req.gate.retries,
            retryable: isThrottled,
        }, http);
        return readMetricData(res, (0,_request_js__WEBPACK_IMPORTED_MODULE_1__/* .parseJson */ .qF)(res, "CloudWatch"), req.role !== "value");
    },
};


/***/ }),

/***/ 3905:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HU: () => (/* binding */ valueShape),
/* harmony export */   K7: () => (/* binding */ probeUrl),
/* harmony export */   PK: () => (/* binding */ guardShape),
/* harmony export */   Qq: () => (/* binding */ text),
/* harmony export */   U9: () => (/* binding */ isLoopback),
/* harmony export */   av: () => (/* binding */ GateConfigError),
/* harmony export */   du: () => (/* binding */ commonShape),
/* harmony export */   jB: () => (/* binding */ countShape),
/* harmony export */   jp: () => (/* binding */ PARSE_OPTIONS),
/* harmony export */   lq: () => (/* binding */ comparisonShape),
/* harmony export */   og: () => (/* binding */ formatIssues),
/* harmony export */   sP: () => (/* binding */ authShape),
/* harmony export */   vv: () => (/* binding */ COMPARISON_KEYS)
/* harmony export */ });
/* unused harmony exports DEFAULT_MIN_REQUESTS, timeout, scalarString, DEFAULT_CONFIDENCE, OWN_WORDING */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9691);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8532);
/* harmony import */ var _template_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(420);
/* harmony import */ var _rollout_plan_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5762);
// Building blocks every provider's gate schema shares, and the error that names the gate.



class GateConfigError extends Error {
}
const DEFAULT_MIN_REQUESTS = 100;
const MAX_TIMEOUT_MS = 10 * 60 * 1000;
// A number means seconds; text is a duration such as "10s". Bounded so a timer can hold it.
const timeout = zod__WEBPACK_IMPORTED_MODULE_2__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig()]).transform((raw, ctx) => {
    let ms;
    try {
        ms = typeof raw === "number" ? raw * 1000 : (0,_rollout_plan_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDuration */ .E9)(raw) * 1000;
    }
    catch (error) {
        ctx.addIssue({ code: "custom", message: `"${raw}" ${error.message}` });
        return zod__WEBPACK_IMPORTED_MODULE_3__/* .NEVER */ .tm;
    }
    if (!(ms > 0 && ms <= MAX_TIMEOUT_MS)) {
        ctx.addIssue({ code: "custom", message: `"${raw}" must be more than 0s and at most 10m` });
        return zod__WEBPACK_IMPORTED_MODULE_3__/* .NEVER */ .tm;
    }
    return ms;
});
// How long the provider keeps data, for `replay`: a duration, at least an hour.
const retention = zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().transform((raw, ctx) => {
    let seconds;
    try {
        seconds = (0,_rollout_plan_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDuration */ .E9)(raw);
    }
    catch (error) {
        ctx.addIssue({ code: "custom", message: `"${raw}" ${error.message}` });
        return zod__WEBPACK_IMPORTED_MODULE_3__/* .NEVER */ .tm;
    }
    if (seconds < 3600) {
        ctx.addIssue({ code: "custom", message: `"${raw}" must be at least 1h, such as 15d` });
        return zod__WEBPACK_IMPORTED_MODULE_3__/* .NEVER */ .tm;
    }
    return seconds;
});
const policy = zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(["hold", "pass", "fail"]);
const scalarString = zod__WEBPACK_IMPORTED_MODULE_2__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig(), zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY()]).transform(String);
const text = zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().trim().min(1);
/** Keys every gate takes, whatever its provider. */
const commonShape = {
    name: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().trim().min(1).max(100),
    provider: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
    timeout: timeout.default(10_000),
    retries: zod__WEBPACK_IMPORTED_MODULE_2__/* .int */ .Whr().min(0).max(10).default(2),
    "on-no-data": policy.default("hold"),
    "on-error": policy.default("hold"),
    // Shadow mode: evaluated and reported, never part of the decision.
    "dry-run": zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY().default(false),
    "allow-insecure": zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY().default(false),
    retention: retention.optional(),
    headers: zod__WEBPACK_IMPORTED_MODULE_2__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1), scalarString).default({}),
};
const authShape = {
    "bearer-token": zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1).optional(),
    "basic-auth": zod__WEBPACK_IMPORTED_MODULE_2__/* .strictObject */ .rej({ username: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(), password: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP() }).optional(),
};
const valueShape = {
    max: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().optional(),
    min: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().optional(),
};
/** A percent as the fraction to write instead: `0.01` for 1. */
function asFraction(percent) {
    return String(Number((percent / 100).toPrecision(12)));
}
/**
 * A fraction of requests, such as 0.01 for 1%. People write percents (`5` for 5%) and `1`, which no error rate
 * exceeds, so a gate with it could never fail: both are refused, saying what to write instead.
 */
const errorRate = zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().superRefine((v, ctx) => {
    const got = `, got ${formatNumber(v)}`;
    if (v < 0)
        ctx.addIssue({ code: "custom", message: `must be 0 or more: a fraction such as 0.01 for 1%${got}` });
    else if (v === 1) {
        ctx.addIssue({
            code: "custom",
            message: "is 1, which no error rate exceeds, so the gate could never fail; it is a fraction: 0.01 fails above 1%",
        });
    }
    else if (v > 1 && v <= 100) {
        ctx.addIssue({
            code: "custom",
            message: `is a fraction between 0 and 1, not a percent: write ${asFraction(v)} for ${formatNumber(v)}%${got}`,
        });
    }
    else if (v > 100) {
        ctx.addIssue({
            code: "custom",
            message: `must be a fraction between 0 and 1, such as 0.01 for 1%${got}`,
        });
    }
});
const countShape = {
    "max-error-rate": errorRate,
    "min-requests": zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().min(0).default(DEFAULT_MIN_REQUESTS),
};
/** With a baseline comparison, the absolute figures are an optional guard on the canary alone. */
const guardShape = {
    "max-error-rate": errorRate.optional(),
    "min-requests": zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().min(0).optional(),
};
const DEFAULT_CONFIDENCE = 0.95;
// A number means seconds, as for timeout; 0 turns the allowance off.
const settle = zod__WEBPACK_IMPORTED_MODULE_2__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig()]).transform((raw, ctx) => {
    let seconds;
    try {
        seconds = typeof raw === "number" ? raw : (0,_rollout_plan_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDuration */ .E9)(raw);
    }
    catch (error) {
        ctx.addIssue({ code: "custom", message: `"${raw}" ${error.message}` });
        return zod__WEBPACK_IMPORTED_MODULE_3__/* .NEVER */ .tm;
    }
    if (!(seconds >= 0 && seconds <= 86_400)) {
        ctx.addIssue({ code: "custom", message: `"${raw}" must be from 0s to 1d, such as 10m` });
        return zod__WEBPACK_IMPORTED_MODULE_3__/* .NEVER */ .tm;
    }
    return seconds;
});
/**
 * The keys of a comparison with the baseline (docs/statistics.md), besides the `baseline:` block. The split's
 * tolerance, dispersion and settling time default in src/stats/split.ts, which a run loads only to compare.
 */
const comparisonShape = {
    "max-increase": zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig()
        .gt(0, "must be more than 0: the relative increase of the error rate tolerated, such as 0.2 for +20%")
        .max(100, "must be at most 100 (a 101-fold error rate); 0.2 tolerates +20%"),
    confidence: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig()
        .min(0.5, "must be between 0.5 and 0.999, such as 0.95")
        .max(0.999, "must be between 0.5 and 0.999, such as 0.95")
        .default(DEFAULT_CONFIDENCE),
    dispersion: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig()
        .min(1, "must be at least 1 (1: errors independent; about 3 when each failure is retried twice)")
        .max(100, "must be at most 100")
        .default(1),
    "split-tolerance": zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig()
        .gt(0, "must be more than 0: how far the canary's share may be from the stage's, relative (0.5: ±50%)")
        .max(10, "must be at most 10 (at 1%, a share up to 11%); 0.5 allows ±50%")
        .optional(),
    "on-split-mismatch": zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(["hold", "fail", "warn"]).default("hold"),
    "split-dispersion": zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig()
        .min(1, "must be at least 1 (1: requests routed one by one; a user's requests in an hour otherwise)")
        .max(1_000_000, "must be at most 1,000,000")
        .optional(),
    "split-settle": settle.optional(),
};
/** The keys that make a gate a comparison with the baseline. */
const COMPARISON_KEYS = ["baseline", ...Object.keys(comparisonShape)];
/**
 * The message of an issue zod words itself. Parses pass it as their error map, so any issue with it is worded
 * here (wordOf); an issue with another message was worded where its schema was written.
 */
const OWN_WORDING = "\u0000worded by formatIssue";
/** Parse options that leave the wording to formatIssues. */
const PARSE_OPTIONS = { reportInput: true, error: () => OWN_WORDING };
/** Keys that take a fraction, such as 0.01 for 1%: a percent written there gets the fraction to write. */
const FRACTION_KEYS = new Set(["max-error-rate", "max-increase", "confidence", "split-tolerance"]);
function formatNumber(n) {
    return String(n);
}
function shown(input) {
    if (input === undefined)
        return "nothing";
    try {
        return JSON.stringify(input).slice(0, 120);
    }
    catch {
        return typeof input;
    }
}
/** "a, b or c". */
function either(items) {
    return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1) ?? ""}`;
}
const TYPE_WORDS = {
    number: "a number",
    int: "a whole number",
    boolean: "true or false",
    string: "text",
    record: "a mapping of names to values",
    object: "a mapping of keys to values",
    array: "a list",
    null: "null",
};
function typeWords(expected) {
    return TYPE_WORDS[expected] ?? `a ${expected}`;
}
function bound(n, inclusive, side) {
    const v = String(n);
    if (side === "max")
        return inclusive === false ? `less than ${v}` : `at most ${v}`;
    return inclusive === false ? `more than ${v}` : `at least ${v}`;
}
/** What is wrong, in our words, for an issue that zod would word itself (see OWN_WORDING). */
function wordOf(issue, key) {
    const got = `, got ${shown(issue.input)}`;
    switch (issue.code) {
        case "invalid_type": {
            const percent = typeof issue.input === "string" ? /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(issue.input) : null;
            if (percent && FRACTION_KEYS.has(key)) {
                const n = Number(percent[1]);
                return `is a fraction, not a percent: write ${asFraction(n)} for ${formatNumber(n)}%${got}`;
            }
            return `must be ${typeWords(issue.expected)}${got}`;
        }
        case "too_big":
        case "too_small": {
            const side = issue.code === "too_big" ? "max" : "min";
            const limit = issue.code === "too_big" ? issue.maximum : issue.minimum;
            if (issue.origin === "string") {
                if (side === "min" && Number(limit) <= 1)
                    return "must not be empty";
                return `must be ${bound(limit, issue.inclusive, side)} characters long`;
            }
            if (issue.origin === "array" || issue.origin === "set") {
                return `must have ${bound(limit, issue.inclusive, side)} items${got}`;
            }
            return `must be ${bound(limit, issue.inclusive, side)}${got}`;
        }
        case "invalid_value": {
            const seen = new Set();
            const values = issue.values
                .map(String)
                .filter((v) => !seen.has(v.toLowerCase()) && seen.add(v.toLowerCase()));
            return `must be one of ${either(values)}${got}`;
        }
        case "invalid_key":
            return `has the key ${shown(issue.input)}, which must be a non-empty name`;
        case "invalid_element":
            return `has a value that is not allowed${got}`;
        case "invalid_format":
            return `is not in the form expected${got}`;
        case "not_multiple_of":
            return `must be a multiple of ${String(issue.divisor)}${got}`;
        case "invalid_union": {
            // Every alternative refused the value's type: name the types allowed.
            const types = issue.errors.flatMap((errs) => errs
                .filter((e) => e.code === "invalid_type" && e.path.length === 0)
                .map((e) => typeWords(e.expected)));
            return types.length > 0 ? `must be ${either([...new Set(types)])}${got}` : `is not valid${got}`;
        }
        default:
            return `is not valid${got}`;
    }
}
function formatIssue(label, issue, prefix) {
    // An invalid key's path ends with the key itself, which the message quotes.
    const full = [...prefix, ...(issue.code === "invalid_key" ? issue.path.slice(0, -1) : issue.path)];
    const path = full.map(String).join(".");
    const key = String(full.at(-1) ?? "");
    if (issue.code === "unrecognized_keys") {
        const keys = issue.keys.map((k) => `"${path ? `${path}.` : ""}${k}"`).join(", ");
        return [`${label}: unknown key${issue.keys.length > 1 ? "s" : ""} ${keys}`];
    }
    const where = path ? `"${path}"` : "";
    if ((issue.code === "invalid_type" || issue.code === "invalid_union") &&
        issue.input === undefined &&
        path) {
        return [`${label}: ${where} is required`];
    }
    if (issue.code === "invalid_union") {
        // Where one alternative took the value's type (a mapping, say), its own complaints say the most.
        const matched = issue.errors.find((errs) => !errs.some((e) => e.code === "invalid_type" && e.path.length === 0));
        if (matched && matched.length > 0) {
            return matched.flatMap((e) => formatIssue(label, e, full));
        }
    }
    const what = issue.message === OWN_WORDING ? wordOf(issue, key) : issue.message;
    return [`${label}: ${where ? `${where} ` : ""}${what}`];
}
function formatIssues(label, error) {
    // A misspelt key also makes its correct spelling "missing": name the misspelling first.
    const issues = [...error.issues].sort((a, b) => Number(b.code === "unrecognized_keys") - Number(a.code === "unrecognized_keys"));
    return issues.flatMap((issue) => formatIssue(label, issue, [])).join("; ");
}
/** The URL with secrets and templates replaced by a placeholder, so its shape can be checked. */
function probeUrl(url) {
    const probe = url.replace(_template_js__WEBPACK_IMPORTED_MODULE_0__/* .SECRET_RE */ .xv, "x").replace(_template_js__WEBPACK_IMPORTED_MODULE_0__/* .TEMPLATE_RE */ .BQ, "x");
    try {
        return new URL(probe);
    }
    catch {
        return undefined;
    }
}
/** True for hosts that never leave the machine: 127.0.0.0/8, ::1 and localhost. */
function isLoopback(hostname) {
    const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
    return host === "localhost" || host === "::1" || /^127(?:\.\d{1,3}){3}$/.test(host);
}


/***/ })

};
