export const id = 977;
export const ids = [977];
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

/***/ 1977:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   httpJson: () => (/* binding */ httpJson),
/* harmony export */   httpJsonSpec: () => (/* binding */ httpJsonSpec),
/* harmony export */   jmesPathProblem: () => (/* binding */ jmesPathProblem),
/* harmony export */   jsonPathProblem: () => (/* binding */ jsonPathProblem),
/* harmony export */   numberFrom: () => (/* binding */ numberFrom),
/* harmony export */   pick: () => (/* binding */ pick)
/* harmony export */ });
/* harmony import */ var _jmespath_community_jmespath__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4022);
/* harmony import */ var jsonpath_plus__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6229);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9691);
/* harmony import */ var _request_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7521);
/* harmony import */ var _provider_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5751);
/* harmony import */ var _schema_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3905);
/* harmony import */ var _template_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(420);
// Any HTTP endpoint that answers JSON: one request per gate (method, headers, body), and each figure picked
// out of the answer with JSONPath (jsonpath-plus) or JMESPath, for in-house systems.







const jsonValue = zod__WEBPACK_IMPORTED_MODULE_5__/* .lazy */ .RZV(() => zod__WEBPACK_IMPORTED_MODULE_5__/* .union */ .KCZ([
    zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(),
    zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig(),
    zod__WEBPACK_IMPORTED_MODULE_5__/* .boolean */ .zMY(),
    zod__WEBPACK_IMPORTED_MODULE_5__/* ["null"] */ .chJ(),
    zod__WEBPACK_IMPORTED_MODULE_5__/* .array */ .YOg(jsonValue),
    zod__WEBPACK_IMPORTED_MODULE_5__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), jsonValue),
]));
function placeholders(expr) {
    return expr
        .replace(new RegExp(_template_js__WEBPACK_IMPORTED_MODULE_4__/* .TEMPLATE_RE */ .BQ.source, "g"), "x")
        .replace(new RegExp(_template_js__WEBPACK_IMPORTED_MODULE_4__/* .SECRET_RE */ .xv.source, "g"), "x");
}
/** Index of the `]` closing the `[` at `open`, skipping quoted text and nested brackets; -1 if none. */
function closing(p, open) {
    let depth = 0;
    for (let i = open; i < p.length; i++) {
        const c = p[i];
        if (c === "'" || c === '"') {
            const end = p.indexOf(c, i + 1);
            if (end < 0)
                return -1;
            i = end;
        }
        else if (c === "[" || c === "(")
            depth++;
        else if (c === "]" || c === ")") {
            depth--;
            if (depth === 0)
                return c === "]" ? i : -1;
        }
    }
    return -1;
}
/**
 * What is wrong with a JSONPath, or undefined if it reads. jsonpath-plus accepts almost any text (it reads
 * "$.a.[" as "$.a.."), so the shape is checked here: `$`, then `.name`, `..name`, `.*` and `[...]` steps.
 */
function jsonPathProblem(path) {
    const p = placeholders(path.trim());
    if (!p.startsWith("$"))
        return 'must start with "$" (the document\'s root)';
    let i = 1;
    while (i < p.length) {
        const c = p[i];
        if (c === ".") {
            const descendant = p[i + 1] === ".";
            i += descendant ? 2 : 1;
            if (descendant && p[i] === "[")
                continue;
            const name = /^(?:\*|[A-Za-z_$@\u0080-\uffff][\w$@\-\u0080-\uffff]*|\d+)/.exec(p.slice(i));
            if (!name)
                return `expected a name after "." at character ${i + 1}`;
            i += name[0].length;
        }
        else if (c === "[") {
            const end = closing(p, i);
            if (end < 0)
                return `the "[" at character ${i + 1} is not closed`;
            if (p.slice(i + 1, end).trim() === "")
                return `empty "[]" at character ${i + 1}`;
            i = end + 1;
        }
        else {
            return `unexpected ${JSON.stringify(c)} at character ${i + 1}`;
        }
    }
    return undefined;
}
function jmesPathProblem(expr) {
    try {
        (0,_jmespath_community_jmespath__WEBPACK_IMPORTED_MODULE_0__/* .compile */ .wE)(placeholders(expr));
        return undefined;
    }
    catch (error) {
        return error.message;
    }
}
const httpJsonSpec = {
    url: "required",
    auth: true,
    keys: {
        method: zod__WEBPACK_IMPORTED_MODULE_5__/* ["enum"] */ .k5n(["GET", "POST", "get", "post"])
            .transform((m) => m.toUpperCase())
            .default("GET"),
        body: zod__WEBPACK_IMPORTED_MODULE_5__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_5__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), jsonValue), zod__WEBPACK_IMPORTED_MODULE_5__/* .array */ .YOg(jsonValue)]).optional(),
        syntax: zod__WEBPACK_IMPORTED_MODULE_5__/* ["enum"] */ .k5n(["jsonpath", "jmespath"]).default("jsonpath"),
    },
    // The baseline's counts may be in the same answer (the default) or come from a request of their own.
    baseline: {
        keys: {
            url: _schema_js__WEBPACK_IMPORTED_MODULE_3__/* .text */ .Qq.optional(),
            body: zod__WEBPACK_IMPORTED_MODULE_5__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_5__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), jsonValue), zod__WEBPACK_IMPORTED_MODULE_5__/* .array */ .YOg(jsonValue)]).optional(),
        },
    },
    build(k, { label, kind }) {
        const syntax = k.syntax;
        const method = k.method;
        const keys = kind === "count" ? ["errors", "total"] : ["query"];
        for (const key of keys) {
            const expr = k[key];
            const problem = syntax === "jsonpath" ? jsonPathProblem(expr) : jmesPathProblem(expr);
            if (problem) {
                throw new _schema_js__WEBPACK_IMPORTED_MODULE_3__/* .GateConfigError */ .av(`${label}: "${key}" is not a valid ${syntax === "jsonpath" ? "JSONPath" : "JMESPath"} (${problem}): ${expr}`);
            }
        }
        if (k.body !== undefined && method === "GET") {
            throw new _schema_js__WEBPACK_IMPORTED_MODULE_3__/* .GateConfigError */ .av(`${label}: a GET request has no body; set method: POST to send "body"`);
        }
        const body = k.body === undefined ? undefined : typeof k.body === "string" ? k.body : { json: k.body };
        return {
            url: k.url,
            options: { method, syntax, ...(body !== undefined && { body }) },
            credentials: false,
        };
    },
};
function renderJson(value, render) {
    if (typeof value === "string")
        return render(value);
    if (Array.isArray(value))
        return value.map((v) => renderJson(v, render));
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderJson(v, render)]));
    }
    return value;
}
const SPECIAL = {
    NaN: Number.NaN,
    Inf: Number.POSITIVE_INFINITY,
    "+Inf": Number.POSITIVE_INFINITY,
    Infinity: Number.POSITIVE_INFINITY,
    "-Inf": Number.NEGATIVE_INFINITY,
    "-Infinity": Number.NEGATIVE_INFINITY,
};
/** A picked value as a number: null is no data, numeric text is read (NaN included), anything else is an error. */
function numberFrom(v, expr) {
    if (v === null || v === undefined)
        return undefined;
    if (typeof v === "number")
        return v;
    if (typeof v === "string") {
        const t = v.trim();
        const special = Object.hasOwn(SPECIAL, t) ? SPECIAL[t] : undefined;
        if (special !== undefined)
            return special;
        const n = Number(t);
        if (t !== "" && Number.isFinite(n))
            return n;
    }
    throw new _request_js__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .mZ(`${expr} picked ${(0,_request_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(v)}, which is not a number`, false);
}
function pick(doc, expr, syntax) {
    if (syntax === "jmespath") {
        let found;
        try {
            found = (0,_jmespath_community_jmespath__WEBPACK_IMPORTED_MODULE_0__/* .search */ .$P)(doc, expr);
        }
        catch (error) {
            throw new _request_js__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .mZ(`${expr} failed on the answer: ${error.message}`, false);
        }
        return numberFrom(found, expr);
    }
    if (doc === null || typeof doc !== "object") {
        throw new _request_js__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .mZ(`the answer is ${(0,_request_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(doc)}, not a JSON object or list for ${expr}`, false);
    }
    let matches;
    try {
        matches = (0,jsonpath_plus__WEBPACK_IMPORTED_MODULE_1__/* .JSONPath */ .E)({ path: expr, json: doc, wrap: true }) ?? [];
    }
    catch (error) {
        throw new _request_js__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .mZ(`${expr} failed on the answer: ${error instanceof Error ? error.message : (0,_request_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(error)}`, false);
    }
    if (matches.length === 0)
        return undefined;
    if (matches.length > 1) {
        throw new _request_js__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .mZ(`${expr} matched ${matches.length} values; a gate needs exactly one`, false);
    }
    return numberFrom(matches[0], expr);
}
/** The request a gate's figures come from, with templates and secrets filled in. */
function requestOf(req) {
    const opts = (0,_provider_js__WEBPACK_IMPORTED_MODULE_6__/* .optionsOf */ .c)(req.gate);
    const render = (t) => req.render(t).sent;
    const body = opts.body === undefined
        ? undefined
        : typeof opts.body === "string"
            ? render(opts.body)
            : JSON.stringify(renderJson(opts.body.json, render));
    return { method: opts.method, url: req.url, body };
}
async function fetchDocument(req, { method, url, body }, http) {
    const hasType = Object.keys(req.headers).some((h) => h.toLowerCase() === "content-type");
    const res = await (0,_request_js__WEBPACK_IMPORTED_MODULE_2__/* .send */ .tN)({
        url,
        method,
        headers: {
            accept: "application/json",
            ...(body !== undefined && !hasType && { "content-type": "application/json" }),
            ...req.headers,
        },
        ...(body !== undefined && { body }),
        timeoutMs: req.gate.timeoutMs,
        retries: req.gate.retries,
    }, http);
    if (res.status >= 400) {
        const snippet = res.text.slice(0, 160).replace(/\s+/g, " ");
        const what = res.status === 401 || res.status === 403 ? "authentication failed" : "error";
        throw (0,_request_js__WEBPACK_IMPORTED_MODULE_2__/* .statusError */ .$C)(res.status, `HTTP ${res.status}, ${what}${snippet ? `: ${snippet}` : ""}`);
    }
    return (0,_request_js__WEBPACK_IMPORTED_MODULE_2__/* .parseJson */ .qF)(res, "a");
}
const httpJson = {
    spec: httpJsonSpec,
    async query(req, http) {
        const opts = (0,_provider_js__WEBPACK_IMPORTED_MODULE_6__/* .optionsOf */ .c)(req.gate);
        // Both counts (and a baseline's, when they are in the same answer) come from one request: ask it once.
        const request = requestOf(req);
        const key = `document ${request.method} ${request.url} ${request.body ?? ""}`;
        let doc = req.cache.get(key);
        if (!doc) {
            doc = fetchDocument(req, request, http);
            req.cache.set(key, doc);
        }
        return { value: pick(await doc, req.query, opts.syntax), warnings: [] };
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
