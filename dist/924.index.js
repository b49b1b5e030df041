export const id = 924;
export const ids = [924];
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

/***/ 6924:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   NERDGRAPH_URLS: () => (/* binding */ NERDGRAPH_URLS),
/* harmony export */   NRQL_TIMEOUT_SECONDS: () => (/* binding */ NRQL_TIMEOUT_SECONDS),
/* harmony export */   RETRYABLE_ERROR_CLASSES: () => (/* binding */ RETRYABLE_ERROR_CLASSES),
/* harmony export */   newrelic: () => (/* binding */ newrelic),
/* harmony export */   newrelicSpec: () => (/* binding */ newrelicSpec),
/* harmony export */   nrqlTimeoutSeconds: () => (/* binding */ nrqlTimeoutSeconds),
/* harmony export */   readNerdGraphAnswer: () => (/* binding */ readNerdGraphAnswer),
/* harmony export */   withWindow: () => (/* binding */ withWindow)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9691);
/* harmony import */ var _request_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7521);
/* harmony import */ var _provider_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5751);
/* harmony import */ var _schema_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3905);
// New Relic through NerdGraph: one NRQL query per figure, POST https://api.newrelic.com/graphql (EU:
// api.eu.newrelic.com) with the user key in API-Key. GraphQL reports most failures with HTTP 200 and an
// `errors` list; those are errors here, never data. Throttling, timeouts and server faults come that way too,
// and are retried as New Relic's own client retries them (newrelic/newrelic-client-go, internal/http).




const NERDGRAPH_URLS = {
    us: "https://api.newrelic.com/graphql",
    eu: "https://api.eu.newrelic.com/graphql",
};
const newrelicSpec = {
    url: "optional",
    auth: false,
    keys: {
        "account-id": zod__WEBPACK_IMPORTED_MODULE_2__/* .union */ .KCZ([
            zod__WEBPACK_IMPORTED_MODULE_2__/* .int */ .Whr().positive(),
            zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().regex(/^\d+$/, "must be the account's number, such as 1234567").transform(Number),
        ]),
        "api-key": _schema_js__WEBPACK_IMPORTED_MODULE_1__/* .text */ .Qq,
        region: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(["us", "eu"]).optional(),
    },
    build(k, { label }) {
        const region = k.region;
        if (region !== undefined && k.url !== undefined) {
            throw new _schema_js__WEBPACK_IMPORTED_MODULE_1__/* .GateConfigError */ .av(`${label}: give "region" or "url", not both ("url" is for a proxy)`);
        }
        return {
            url: k.url ?? NERDGRAPH_URLS[region ?? "us"],
            options: {
                accountId: k["account-id"],
                apiKey: k["api-key"],
            },
            credentials: true,
        };
    },
};
const SINCE_RE = /\bSINCE\b/i;
/** NRQL defaults to the last hour; without a SINCE of its own the query covers the stage's life. */
function withWindow(nrql, since, until) {
    if (SINCE_RE.test(nrql))
        return nrql;
    return `${nrql.trim()} SINCE ${since.getTime()} UNTIL ${until.getTime()}`;
}
// Fields NerdGraph adds beside the figure itself.
const META_FIELDS = new Set(["beginTimeSeconds", "endTimeSeconds", "facet", "comparison"]);
function numberOf(field, v) {
    if (v === null)
        return undefined;
    if (typeof v === "number")
        return v;
    // percentile() answers {"99": 0.42}; one percentile is one number.
    const inner = (0,_request_js__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1)(v);
    if (inner) {
        const values = Object.values(inner);
        if (values.length === 1)
            return numberOf(field, values[0]);
    }
    throw new _request_js__WEBPACK_IMPORTED_MODULE_0__/* .ProviderError */ .mZ(`result field "${field}" is ${(0,_request_js__WEBPACK_IMPORTED_MODULE_0__/* .quote */ .hD)(v)}, not a number`, false);
}
function readNerdGraphAnswer(status, body) {
    const root = (0,_request_js__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1)(body);
    const errors = Array.isArray(root?.errors) ? root.errors : [];
    if (errors.length > 0) {
        const messages = errors.map((e) => {
            const r = (0,_request_js__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1)(e);
            const cls = (0,_request_js__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1)(r?.extensions)?.errorClass;
            const msg = typeof r?.message === "string" ? r.message : (0,_request_js__WEBPACK_IMPORTED_MODULE_0__/* .quote */ .hD)(e);
            return typeof cls === "string" ? `${cls}: ${msg}` : msg;
        });
        const outage = (0,_request_js__WEBPACK_IMPORTED_MODULE_0__/* .isOutageStatus */ .uM)(status) || hasRetryableClass(errors);
        throw new _request_js__WEBPACK_IMPORTED_MODULE_0__/* .ProviderError */ .mZ(`HTTP ${status}, NerdGraph errors: ${messages.join("; ")}`, false, !outage);
    }
    if (status >= 400) {
        const what = status === 401 || status === 403 ? "authentication failed (check api-key)" : "error";
        throw (0,_request_js__WEBPACK_IMPORTED_MODULE_0__/* .statusError */ .$C)(status, `HTTP ${status}, ${what}`);
    }
    const nrql = (0,_request_js__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1)((0,_request_js__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1)((0,_request_js__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1)((0,_request_js__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1)(root?.data)?.actor)?.account)?.nrql);
    if (!nrql)
        throw new _request_js__WEBPACK_IMPORTED_MODULE_0__/* .ProviderError */ .mZ("answer has no data.actor.account.nrql (is the account-id right?)", false);
    const results = nrql.results;
    if (!Array.isArray(results))
        throw new _request_js__WEBPACK_IMPORTED_MODULE_0__/* .ProviderError */ .mZ("answer's nrql.results is not a list", false);
    if (results.length === 0)
        return { value: undefined, warnings: [] };
    if (results.length > 1) {
        throw new _request_js__WEBPACK_IMPORTED_MODULE_0__/* .ProviderError */ .mZ(`query returned ${results.length} rows; a gate needs one (no FACET or TIMESERIES)`, false);
    }
    const row = (0,_request_js__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1)(results[0]) ?? {};
    const fields = Object.keys(row).filter((f) => !META_FIELDS.has(f));
    if (fields.length !== 1) {
        throw new _request_js__WEBPACK_IMPORTED_MODULE_0__/* .ProviderError */ .mZ(`query returned ${fields.length === 0 ? "no field" : `the fields ${fields.join(", ")}`}; a gate needs one aggregate, such as count(*)`, false);
    }
    const field = fields[0];
    return { value: numberOf(field, row[field]), warnings: [] };
}
/**
 * The errorClass values worth another attempt, as newrelic-client-go@dc87be36 retries them: TOO_MANY_REQUESTS
 * (internal/http/retry.go, RetryPolicy) and TIMEOUT, INTERNAL_SERVER_ERROR, SERVER_ERROR
 * (internal/http/graphql.go, IsRetryableError), all answered with HTTP 200.
 */
const RETRYABLE_ERROR_CLASSES = new Set([
    "TOO_MANY_REQUESTS",
    "TIMEOUT",
    "INTERNAL_SERVER_ERROR",
    "SERVER_ERROR",
]);
/** Whether any of the answer's GraphQL errors carries a retryable errorClass. */
function isRetryable(res) {
    let body;
    try {
        body = JSON.parse(res.text);
    }
    catch {
        return false;
    }
    const errors = (0,_request_js__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1)(body)?.errors;
    return Array.isArray(errors) && hasRetryableClass(errors);
}
function hasRetryableClass(errors) {
    return errors.some((e) => {
        const cls = (0,_request_js__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1)((0,_request_js__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1)(e)?.extensions)?.errorClass;
        return typeof cls === "string" && RETRYABLE_ERROR_CLASSES.has(cls);
    });
}
/** The seconds NRQL's timeout argument takes (newrelic-client-go@dc87be36, pkg/nrdb/nrdb_api.go). */
const NRQL_TIMEOUT_SECONDS = { min: 5, max: 120 };
/** NerdGraph's own limit on the query: a second inside the request's, so its TIMEOUT arrives first, kept in range. */
function nrqlTimeoutSeconds(timeoutMs) {
    const inside = Math.floor(timeoutMs / 1000) - 1;
    return Math.min(NRQL_TIMEOUT_SECONDS.max, Math.max(NRQL_TIMEOUT_SECONDS.min, inside));
}
const GRAPHQL = `query ($accountId: Int!, $nrql: Nrql!, $timeout: Seconds) {
  actor { account(id: $accountId) { nrql(query: $nrql, timeout: $timeout) { results } } }
}`;
const newrelic = {
    spec: newrelicSpec,
    async query(req, http) {
        const opts = (0,_provider_js__WEBPACK_IMPORTED_MODULE_3__/* .optionsOf */ .c)(req.gate);
        const nrql = withWindow(req.query, req.since, req.now);
        const timeout = nrqlTimeoutSeconds(req.gate.timeoutMs);
        const res = await (0,_request_js__WEBPACK_IMPORTED_MODULE_0__/* .send */ .tN)({
            url: req.url,
            method: "POST",
            headers: {
                ...req.headers,
                "api-key": req.render(opts.apiKey).sent,
                "content-type": "application/json",
                accept: "application/json",
            },
            body: JSON.stringify({ query: GRAPHQL, variables: { accountId: opts.accountId, nrql, timeout } }),
            timeoutMs: req.gate.timeoutMs,
            retries: req.gate.retries,
            retryable: isRetryable,
        }, http);
        const answer = readNerdGraphAnswer(res.status, (0,_request_js__WEBPACK_IMPORTED_MODULE_0__/* .parseJson */ .qF)(res, "NerdGraph"));
        const least = NRQL_TIMEOUT_SECONDS.min + 1;
        const warnings = req.gate.timeoutMs < least * 1000
            ? [
                `timeout ${req.gate.timeoutMs / 1000}s is shorter than NerdGraph's shortest NRQL timeout (${NRQL_TIMEOUT_SECONDS.min}s) plus a second; set timeout to at least ${least}s`,
            ]
            : [];
        return {
            ...answer,
            warnings: [...answer.warnings, ...warnings],
            shown: withWindow(req.shown, req.since, req.now),
        };
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
