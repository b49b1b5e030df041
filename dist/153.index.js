export const id = 153;
export const ids = [153];
export const modules = {

/***/ 3153:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   prometheus: () => (/* binding */ prometheus),
/* harmony export */   prometheusSpec: () => (/* binding */ prometheusSpec),
/* harmony export */   queryUrl: () => (/* binding */ queryUrl),
/* harmony export */   readPrometheusAnswer: () => (/* binding */ readPrometheusAnswer)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9691);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6264);
/* harmony import */ var _aws_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7732);
/* harmony import */ var _request_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7521);
/* harmony import */ var _schema_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3905);
// Prometheus (and compatible engines) through the instant-query API: POST /api/v1/query. Grafana Mimir and
// Cortex take a tenant header, Grafana Cloud basic auth, Amazon Managed Prometheus SigV4-signed requests.
// A partial answer (a VictoriaMetrics storage node or a Thanos store that did not answer) counts too little,
// so it is refused rather than judged; every query also asks those servers not to give one.





const sigv4 = zod__WEBPACK_IMPORTED_MODULE_4__/* .union */ .KCZ([
    zod__WEBPACK_IMPORTED_MODULE_4__/* .literal */ .euz(true),
    zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
        region: _schema_js__WEBPACK_IMPORTED_MODULE_3__/* .text */ .Qq.regex(_aws_js__WEBPACK_IMPORTED_MODULE_1__/* .REGION_RE */ .tn, "must be an AWS region such as us-east-1").optional(),
        service: _schema_js__WEBPACK_IMPORTED_MODULE_3__/* .text */ .Qq.default("aps"),
    }),
]);
const prometheusSpec = {
    url: "required",
    auth: true,
    keys: { tenant: _schema_js__WEBPACK_IMPORTED_MODULE_3__/* .text */ .Qq.optional(), sigv4: sigv4.optional() },
    build(k, { label }) {
        const tenant = k.tenant;
        const raw = k.sigv4;
        const signing = raw === undefined ? undefined : raw === true ? { service: "aps" } : raw;
        if (signing && (k["bearer-token"] !== undefined || k["basic-auth"] !== undefined)) {
            throw new _schema_js__WEBPACK_IMPORTED_MODULE_3__/* .GateConfigError */ .av(`${label}: "sigv4" signs the Authorization header itself; remove "bearer-token" and "basic-auth"`);
        }
        const headers = Object.keys(k.headers).map((h) => h.toLowerCase());
        if (tenant !== undefined && headers.includes("x-scope-orgid")) {
            throw new _schema_js__WEBPACK_IMPORTED_MODULE_3__/* .GateConfigError */ .av(`${label}: give the tenant once, as "tenant" or as an X-Scope-OrgID header`);
        }
        const options = {
            ...(tenant !== undefined && { tenant }),
            ...(signing && { sigv4: signing }),
        };
        return {
            url: k.url,
            ...((tenant !== undefined || signing) && { options }),
            credentials: signing !== undefined,
            ...(signing && { aws: { region: signing.region } }),
        };
    },
};
/** The query endpoint under the gate's URL, which may carry a path prefix and query parameters of its own. */
function queryUrl(base) {
    const url = new URL(base);
    const path = url.pathname.replace(/\/+$/, "");
    url.pathname = path.endsWith("/api/v1/query") ? path : `${path}/api/v1/query`;
    return url.toString();
}
const INFINITIES = {
    "+Inf": Number.POSITIVE_INFINITY,
    Inf: Number.POSITIVE_INFINITY,
    "-Inf": Number.NEGATIVE_INFINITY,
};
function sampleValue(sample) {
    if (!Array.isArray(sample) || sample.length !== 2 || typeof sample[1] !== "string") {
        throw new _request_js__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .mZ('answer has a sample that is not [time, "value"]', false);
    }
    // Prometheus sends values as strings, "NaN" and "+Inf" included; Number() reads neither infinity spelling.
    const text = sample[1].trim();
    // hasOwn: a value such as "constructor" must not find Object.prototype's members.
    const infinity = Object.hasOwn(INFINITIES, text) ? INFINITIES[text] : undefined;
    if (infinity !== undefined)
        return infinity;
    const value = Number(text);
    if (text === "" || (Number.isNaN(value) && text !== "NaN")) {
        throw new _request_js__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .mZ(`answer has a sample value "${sample[1]}" that is not a number`, false);
    }
    return value;
}
/**
 * Refusals of partial answers, sent with every query: Thanos Query reads partial_response with
 * strconv.ParseBool (pkg/api/query/v1.go), VictoriaMetrics cluster reads deny_partial_response as true unless
 * empty, 0, f, false or no (lib/httputil/bool.go). Prometheus and the others ignore form fields they do not know.
 */
const REFUSE_PARTIAL = { partial_response: "false", deny_partial_response: "1" };
/**
 * The prefixes of PromQL's own annotations (prometheus util/annotations): notes on how the query was computed
 * over data that did arrive. Any other warning comes from storage, such as a Thanos store or a remote-read
 * endpoint that failed and whose data was left out (prometheus storage/fanout.go); Thanos draws the same line
 * when it refuses to cache an answer (pkg/api/api.go, pkg/extannotations).
 */
const ANNOTATION_PREFIXES = ["PromQL info", "PromQL warning"];
function isPromQLAnnotation(warning) {
    return ANNOTATION_PREFIXES.some((p) => warning.startsWith(p));
}
/** Throws when the server says the answer is partial: its counts are too low to judge. */
function refusePartial(body, warnings) {
    if (body.isPartial === true) {
        throw new _request_js__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .mZ('the answer is partial ("isPartial": true): some storage nodes did not answer, so its figures may be too low', false, false);
    }
    const missing = warnings.filter((w) => !isPromQLAnnotation(w));
    if (missing.length > 0) {
        throw new _request_js__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .mZ(`the answer may be missing data; the server warned: ${missing.map((w) => (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .clip */ .$Q)(w, 300)).join("; ")}`, false, false);
    }
}
/** Thanos's words for a store that did not answer (pkg/store/proxy.go): an outage, not a wrong query. */
const STORE_DOWN = /rpc error|StoreAPIs?|receive series from|fetch series for/i;
function readPrometheusAnswer(status, text) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        const snippet = text.slice(0, 120).replace(/\s+/g, " ").trim();
        throw (0,_request_js__WEBPACK_IMPORTED_MODULE_2__/* .statusError */ .$C)(status, `HTTP ${status} with a body that is not Prometheus JSON: ${snippet}`);
    }
    const body = (0,_request_js__WEBPACK_IMPORTED_MODULE_2__/* .record */ .g1)(parsed);
    if (!body)
        throw new _request_js__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .mZ(`HTTP ${status} with an answer that is not a JSON object`, false);
    if (body.status === "error" || status >= 400) {
        const kind = typeof body.errorType === "string" ? body.errorType : "error";
        const what = status === 401 || status === 403 ? "authentication failed" : kind;
        // Amazon Managed Prometheus and gateways in front of Prometheus say why in `message`.
        const message = typeof body.error === "string"
            ? body.error
            : typeof body.message === "string"
                ? body.message
                : "no message";
        // Thanos Query, told not to answer in part, refuses with 422 when a store is down (thanos-io/thanos#6223).
        const storeDown = status === 422 && STORE_DOWN.test(message);
        throw new _request_js__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .mZ(`HTTP ${status}, ${what}: ${message}`, false, !storeDown && !(0,_request_js__WEBPACK_IMPORTED_MODULE_2__/* .isOutageStatus */ .uM)(status));
    }
    const data = (0,_request_js__WEBPACK_IMPORTED_MODULE_2__/* .record */ .g1)(body.data);
    if (body.status !== "success" || !data) {
        throw new _request_js__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .mZ('answer has no status "success" and no data', false);
    }
    const warnings = Array.isArray(body.warnings) ? body.warnings.map(_request_js__WEBPACK_IMPORTED_MODULE_2__/* .asText */ .e1) : [];
    refusePartial(body, warnings);
    const { resultType, result } = data;
    if (resultType === "scalar")
        return { value: sampleValue(result), warnings };
    if (resultType !== "vector") {
        throw new _request_js__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .mZ(`query returned a ${(0,_request_js__WEBPACK_IMPORTED_MODULE_2__/* .asText */ .e1)(resultType)}; a gate needs a single number (an instant vector of one series)`, false);
    }
    if (!Array.isArray(result))
        throw new _request_js__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .mZ("answer's vector result is not a list", false);
    if (result.length === 0)
        return { value: undefined, warnings };
    if (result.length > 1) {
        throw new _request_js__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .mZ(`query returned ${result.length} series; aggregate it to one, for example with sum(...)`, false);
    }
    const sample = (0,_request_js__WEBPACK_IMPORTED_MODULE_2__/* .record */ .g1)(result[0]);
    if (sample?.histogram !== undefined && sample.value === undefined) {
        throw new _request_js__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .mZ("query returned a native histogram; a gate needs a number: take one with histogram_count(), histogram_sum() or histogram_quantile()", false);
    }
    return { value: sampleValue(sample?.value), warnings };
}
/** A URL copied from the web UI's address bar: /graph (Prometheus 2), /query (Prometheus 3), /classic/graph. */
function isUiPage(url) {
    return /\/(graph|query|classic)(\/|$)/.test(new URL(url).pathname);
}
function withUiHint(error) {
    if (!(error instanceof _request_js__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .mZ))
        return error;
    return new _request_js__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .mZ(`${error.message}; the gate's url is the server's address (such as https://prometheus.example.com), not a page of its web UI`, error.retryable, error.misconfigured);
}
const prometheus = {
    spec: prometheusSpec,
    async query(req, http) {
        const form = new URLSearchParams({
            query: req.query,
            time: (req.now.getTime() / 1000).toFixed(3),
            timeout: `${Math.max(1, Math.floor(req.gate.timeoutMs / 1000))}s`,
            ...REFUSE_PARTIAL,
        });
        const opts = req.gate.options;
        const url = queryUrl(req.url);
        const body = form.toString();
        let headers = {
            ...req.headers,
            ...(opts?.tenant !== undefined && { "x-scope-orgid": req.render(opts.tenant).sent }),
            "content-type": "application/x-www-form-urlencoded",
            accept: "application/json",
        };
        if (opts?.sigv4) {
            const region = (0,_aws_js__WEBPACK_IMPORTED_MODULE_1__/* .regionFrom */ .bz)(opts.sigv4.region, req.env);
            if (!region)
                throw new _request_js__WEBPACK_IMPORTED_MODULE_2__/* .ProviderError */ .mZ("no AWS region to sign for: set sigv4.region or AWS_REGION", false);
            headers = await (0,_aws_js__WEBPACK_IMPORTED_MODULE_1__/* .signedHeaders */ .HF)({ url, method: "POST", headers, body }, opts.sigv4.service, region, (0,_aws_js__WEBPACK_IMPORTED_MODULE_1__/* .credentialsFrom */ .Tf)(req.secrets));
        }
        const res = await (0,_request_js__WEBPACK_IMPORTED_MODULE_2__/* .send */ .tN)({ url, method: "POST", headers, body, timeoutMs: req.gate.timeoutMs, retries: req.gate.retries }, http);
        try {
            return readPrometheusAnswer(res.status, res.text);
        }
        catch (error) {
            throw res.status === 404 && isUiPage(req.url) ? withUiHint(error) : error;
        }
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
