export const id = 11;
export const ids = [11];
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

/***/ 7011:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AGGREGATORS: () => (/* binding */ AGGREGATORS),
/* harmony export */   SITES: () => (/* binding */ SITES),
/* harmony export */   datadog: () => (/* binding */ datadog),
/* harmony export */   datadogSpec: () => (/* binding */ datadogSpec),
/* harmony export */   rateLimitDelayMs: () => (/* binding */ rateLimitDelayMs),
/* harmony export */   readDatadogAnswer: () => (/* binding */ readDatadogAnswer),
/* harmony export */   siteUrl: () => (/* binding */ siteUrl)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9691);
/* harmony import */ var _request_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7521);
/* harmony import */ var _provider_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5751);
/* harmony import */ var _schema_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3905);
// Datadog through the scalar query API: POST /api/v2/query/scalar on the site's API host. The window is
// the stage's life up to the last whole minute (the newest bucket is still filling); counts are summed
// over it with `.as_count()`, and a null is missing data, never zero.




const SITES = [
    "datadoghq.com",
    "us3.datadoghq.com",
    "us5.datadoghq.com",
    "datadoghq.eu",
    "ap1.datadoghq.com",
    "ap2.datadoghq.com",
    "uk1.datadoghq.com",
    "ddog-gov.com",
    "us2.ddog-gov.com",
];
/** Short names people use for sites, as in Datadog's own site selector. */
const SITE_ALIASES = {
    us1: "datadoghq.com",
    us3: "us3.datadoghq.com",
    us5: "us5.datadoghq.com",
    eu: "datadoghq.eu",
    eu1: "datadoghq.eu",
    ap1: "ap1.datadoghq.com",
    ap2: "ap2.datadoghq.com",
    uk1: "uk1.datadoghq.com",
    gov: "ddog-gov.com",
    us1_fed: "ddog-gov.com",
};
const AGGREGATORS = [
    "avg",
    "min",
    "max",
    "sum",
    "last",
    "mean",
    "area",
    "l2norm",
    "percentile",
];
/** The site's API base URL, from a site name as Datadog writes it, an alias, or the app's host. */
function siteUrl(site) {
    const s = site
        .trim()
        .toLowerCase()
        .replace(/^https?:\/\//, "")
        .replace(/^(app|api)\./, "")
        .replace(/\/+$/, "");
    const known = SITE_ALIASES[s] ?? SITES.find((x) => x === s);
    return known ? `https://api.${known}` : undefined;
}
const datadogSpec = {
    url: "optional",
    auth: false,
    keys: {
        site: _schema_js__WEBPACK_IMPORTED_MODULE_1__/* .text */ .Qq.optional(),
        "api-key": _schema_js__WEBPACK_IMPORTED_MODULE_1__/* .text */ .Qq,
        "app-key": _schema_js__WEBPACK_IMPORTED_MODULE_1__/* .text */ .Qq,
        aggregator: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(AGGREGATORS).optional(),
    },
    build(k, { label, kind }) {
        const site = k.site;
        if (site !== undefined && k.url !== undefined) {
            throw new _schema_js__WEBPACK_IMPORTED_MODULE_1__/* .GateConfigError */ .av(`${label}: give "site" or "url", not both ("url" is for a proxy)`);
        }
        const url = k.url ?? siteUrl(site ?? "datadoghq.com");
        if (!url) {
            throw new _schema_js__WEBPACK_IMPORTED_MODULE_1__/* .GateConfigError */ .av(`${label}: "site" ${JSON.stringify(site)} is not a Datadog site; use one of ${SITES.join(", ")} (or us1, us3, us5, eu1, ap1, ap2, uk1, gov)`);
        }
        const aggregator = k.aggregator;
        if (kind === "count") {
            if (aggregator !== undefined && aggregator !== "sum") {
                throw new _schema_js__WEBPACK_IMPORTED_MODULE_1__/* .GateConfigError */ .av(`${label}: counts are summed over the window; "aggregator" must be sum or left out, got ${aggregator}`);
            }
            for (const key of ["errors", "total"]) {
                const q = k[key];
                if (!q.includes(".as_count()")) {
                    throw new _schema_js__WEBPACK_IMPORTED_MODULE_1__/* .GateConfigError */ .av(`${label}: "${key}" must use .as_count(), so Datadog sums counts instead of averaging rates (for example sum:trace.http.request.hits{service:web}.as_count())`);
                }
            }
        }
        return {
            url,
            options: {
                apiKey: k["api-key"],
                appKey: k["app-key"],
                aggregator: kind === "count" ? "sum" : (aggregator ?? "avg"),
            },
            credentials: true,
        };
    },
};
const MINUTE_MS = 60_000;
/** The query's name, and the formula that returns it. */
const QUERY_NAME = "a";
/** Datadog's rate-limit headers: X-RateLimit-Reset is the seconds until the window resets. */
function rateLimitDelayMs(headers) {
    const reset = Number(headers.get("x-ratelimit-reset") ?? "");
    return Number.isFinite(reset) && headers.has("x-ratelimit-reset") ? reset * 1000 : undefined;
}
function errorText(body) {
    const errors = body?.errors;
    if (typeof errors === "string" && errors.trim() !== "")
        return errors;
    if (Array.isArray(errors) && errors.length > 0)
        return errors.map(_request_js__WEBPACK_IMPORTED_MODULE_0__/* .asText */ .e1).join("; ");
    return undefined;
}
function readDatadogAnswer(status, headers, body) {
    const root = (0,_request_js__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1)(body);
    const problem = errorText(root);
    if (status >= 400) {
        const what = status === 401 || status === 403
            ? "authentication failed (check api-key, app-key and site)"
            : status === 429
                ? `rate limited${headers.has("x-ratelimit-reset") ? `; the limit resets in ${headers.get("x-ratelimit-reset") ?? ""}s` : ""}`
                : "error";
        throw (0,_request_js__WEBPACK_IMPORTED_MODULE_0__/* .statusError */ .$C)(status, `HTTP ${status}, ${what}: ${problem ?? "no message"}`);
    }
    // An answer that carries errors is not judged on whatever part of it did arrive.
    if (problem)
        throw new _request_js__WEBPACK_IMPORTED_MODULE_0__/* .ProviderError */ .mZ(`query failed: ${problem}`, false);
    const attributes = (0,_request_js__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1)((0,_request_js__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1)(root?.data)?.attributes);
    if (!attributes)
        throw new _request_js__WEBPACK_IMPORTED_MODULE_0__/* .ProviderError */ .mZ("answer has no data.attributes", false);
    const columns = Array.isArray(attributes.columns) ? attributes.columns.map(_request_js__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1) : [];
    const numbers = columns.filter((c) => c !== undefined && (c.type === "number" || (c.type === undefined && Array.isArray(c.values))));
    if (numbers.length === 0)
        return { value: undefined, warnings: [] };
    if (numbers.length > 1) {
        throw new _request_js__WEBPACK_IMPORTED_MODULE_0__/* .ProviderError */ .mZ(`answer has ${numbers.length} number columns; a gate needs one query`, false);
    }
    const values = numbers[0]?.values;
    if (!Array.isArray(values) || values.length === 0)
        return { value: undefined, warnings: [] };
    if (values.length > 1) {
        throw new _request_js__WEBPACK_IMPORTED_MODULE_0__/* .ProviderError */ .mZ(`query returned ${values.length} groups; aggregate to one (drop "by {...}") for a gate`, false);
    }
    const v = values[0];
    // Null is a bucket with no points: missing data, never zero.
    if (v === null || v === undefined)
        return { value: undefined, warnings: [] };
    if (typeof v !== "number")
        throw new _request_js__WEBPACK_IMPORTED_MODULE_0__/* .ProviderError */ .mZ(`answer has a value ${(0,_request_js__WEBPACK_IMPORTED_MODULE_0__/* .quote */ .hD)(v)} that is not a number`, false);
    return { value: v, warnings: [] };
}
const datadog = {
    spec: datadogSpec,
    async query(req, http) {
        const opts = (0,_provider_js__WEBPACK_IMPORTED_MODULE_3__/* .optionsOf */ .c)(req.gate);
        const from = req.since.getTime();
        // The newest minute is still filling; leave it out rather than judge a partial bucket.
        const to = Math.floor(req.now.getTime() / MINUTE_MS) * MINUTE_MS;
        if (to - from < MINUTE_MS)
            return { value: undefined, warnings: [] };
        // As every request Datadog's own client recorded: a formula over the named query, whose column the answer
        // carries. Without `limit`, which the API marks optional: a grouped answer is refused whatever its size.
        const body = {
            data: {
                type: "scalar_request",
                attributes: {
                    formulas: [{ formula: QUERY_NAME }],
                    from,
                    to,
                    queries: [
                        { data_source: "metrics", name: QUERY_NAME, query: req.query, aggregator: opts.aggregator },
                    ],
                },
            },
        };
        const res = await (0,_request_js__WEBPACK_IMPORTED_MODULE_0__/* .send */ .tN)({
            url: `${req.url.replace(/\/+$/, "")}/api/v2/query/scalar`,
            method: "POST",
            headers: {
                ...req.headers,
                "dd-api-key": req.render(opts.apiKey).sent,
                "dd-application-key": req.render(opts.appKey).sent,
                "content-type": "application/json",
                accept: "application/json",
            },
            body: JSON.stringify(body),
            timeoutMs: req.gate.timeoutMs,
            retries: req.gate.retries,
            retryDelayMs: (r) => (r.status === 429 ? rateLimitDelayMs(r.headers) : undefined),
        }, http);
        return readDatadogAnswer(res.status, res.headers, (0,_request_js__WEBPACK_IMPORTED_MODULE_0__/* .parseJson */ .qF)(res, "Datadog"));
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
