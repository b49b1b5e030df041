export const id = 724;
export const ids = [724,536];
export const modules = {

/***/ 724:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GateConfigError: () => (/* reexport safe */ _schema_js__WEBPACK_IMPORTED_MODULE_0__.av),
/* harmony export */   readGates: () => (/* binding */ readGates)
/* harmony export */ });
/* unused harmony exports parseGate, parseGates */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9691);
/* harmony import */ var _schema_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3905);
/* harmony import */ var _registry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8921);
/* harmony import */ var _template_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(420);
/* harmony import */ var _yaml_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4536);
// Gate configuration: the YAML users write, validated into typed gates with messages that name the gate.
// The keys every gate shares live here and in schema.ts; each provider's own keys live in its file.






function baselineBlock(spec) {
    const errors = spec.forms?.errors ?? _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .text */ .Qq;
    const total = spec.forms?.total ?? _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .text */ .Qq;
    const optional = spec.baseline?.countsOptional === true;
    return zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
        errors: optional ? errors.optional() : errors,
        total: optional ? total.optional() : total,
        ...spec.baseline?.keys,
    });
}
function schemaFor(spec, kind, mode = "plain") {
    const shape = {
        ..._schema_js__WEBPACK_IMPORTED_MODULE_0__/* .commonShape */ .du,
        ...(spec.auth ? _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .authShape */ .sP : {}),
        url: spec.url === "required" ? _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .text */ .Qq : _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .text */ .Qq.optional(),
        ...spec.keys,
    };
    if (kind === "count") {
        return zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
            ...shape,
            errors: spec.forms?.errors ?? _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .text */ .Qq,
            total: spec.forms?.total ?? _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .text */ .Qq,
            ...(mode === "plain" ? _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .countShape */ .jB : _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .guardShape */ .PK),
            ...(mode === "compare" && { ..._schema_js__WEBPACK_IMPORTED_MODULE_0__/* .comparisonShape */ .lq, baseline: baselineBlock(spec) }),
        });
    }
    return zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({ ...shape, query: spec.forms?.query ?? _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .text */ .Qq, ..._schema_js__WEBPACK_IMPORTED_MODULE_0__/* .valueShape */ .HU })
        .refine((g) => g.max !== undefined || g.min !== undefined, {
        message: "a query gate needs max, min or both",
    })
        .refine((g) => g.max === undefined || g.min === undefined || g.min <= g.max, {
        message: "min must not be above max",
    });
}
function checkTemplates(label, gate) {
    for (const t of (0,_template_js__WEBPACK_IMPORTED_MODULE_2__/* .gateTexts */ ._r)(gate)) {
        for (const match of t.matchAll(_template_js__WEBPACK_IMPORTED_MODULE_2__/* .TEMPLATE_RE */ .BQ)) {
            const name = match[1] ?? "";
            if (!_template_js__WEBPACK_IMPORTED_MODULE_2__/* .TEMPLATE_VARS */ .GD.includes(name)) {
                throw new _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .GateConfigError */ .av(`${label}: unknown template variable "{{${name}}}"; use one of ${_template_js__WEBPACK_IMPORTED_MODULE_2__/* .TEMPLATE_VARS */ .GD.map((v) => `{{${v}}}`).join(", ")}`);
            }
        }
    }
}
function checkUrl(label, url, credentials, allowInsecure) {
    // Secrets and templates may stand anywhere in the URL, so check its shape with placeholders filled in.
    const parsed = (0,_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .probeUrl */ .K7)(url);
    if (!parsed)
        throw new _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .GateConfigError */ .av(`${label}: "url" ${JSON.stringify(url)} is not a URL`);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
        throw new _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .GateConfigError */ .av(`${label}: "url" must be http or https, got ${parsed.protocol}`);
    }
    // A host hidden behind a secret or template cannot be known to be local, so it counts as remote.
    if (parsed.protocol === "http:" && credentials && !allowInsecure && !(0,_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .isLoopback */ .U9)(parsed.hostname)) {
        throw new _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .GateConfigError */ .av(`${label}: "url" would send credentials over plain http to ${parsed.host}; use https, or set allow-insecure: true if that network is trusted`);
    }
}
function providerOf(label, raw) {
    const p = raw.provider;
    const known = _registry_js__WEBPACK_IMPORTED_MODULE_1__/* .PROVIDER_NAMES */ .xd.join(", ");
    if (p === undefined)
        throw new _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .GateConfigError */ .av(`${label}: "provider" is required; use one of ${known}`);
    if (typeof p !== "string" || !(0,_registry_js__WEBPACK_IMPORTED_MODULE_1__/* .isProviderName */ .X2)(p)) {
        throw new _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .GateConfigError */ .av(`${label}: "provider" ${JSON.stringify(p)} is not known; use one of ${known}`);
    }
    return p;
}
function specOf(providers, name) {
    const provider = providers[name];
    if (!provider)
        throw new Error(`the ${name} provider was not loaded before its gates were parsed`);
    return provider.spec;
}
/** One gate of the list; `providers` holds (at least) the providers the gate may name. */
function parseGate(raw, index, providers) {
    const named = raw && typeof raw === "object" && typeof raw.name === "string"
        ? ` "${raw.name}"`
        : "";
    const label = `gate ${index + 1}${named}`;
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        throw new _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .GateConfigError */ .av(`${label}: must be a mapping of keys such as name, provider, url`);
    }
    const record = raw;
    const keys = Object.keys(record);
    const isCount = keys.includes("errors") || keys.includes("total");
    const isValue = keys.includes("query");
    if (isCount && isValue) {
        throw new _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .GateConfigError */ .av(`${label}: give either "query" or "errors" and "total", not both`);
    }
    const comparing = keys.filter((k) => _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .COMPARISON_KEYS */ .vv.includes(k));
    if (comparing.length > 0)
        checkComparison(label, record, comparing, isCount);
    if (!isCount && !isValue) {
        throw new _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .GateConfigError */ .av(`${label}: needs "query" (with max/min) or "errors" and "total" (with max-error-rate)`);
    }
    const provider = providerOf(label, record);
    const spec = specOf(providers, provider);
    const kind = isCount ? "count" : "value";
    const mode = comparing.length > 0 ? "compare" : "plain";
    const result = schemaFor(spec, kind, mode).safeParse(raw, _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .PARSE_OPTIONS */ .jp);
    if (!result.success)
        throw new _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .GateConfigError */ .av((0,_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .formatIssues */ .og)(label, result.error));
    const g = result.data;
    const gate = toGate(g, provider, kind, spec.build(g, { label, kind }), label, g["allow-insecure"]);
    if (gate.kind === "count" && mode === "compare") {
        gate.baseline = comparisonOf(g, spec, provider, record, label);
        if (g["max-error-rate"] === undefined)
            gate.maxErrorRate = 1;
        if (g["min-requests"] === undefined)
            gate.minRequests = 0;
    }
    checkTemplates(label, gate);
    return gate;
}
function checkComparison(label, record, comparing, isCount) {
    if (!comparing.includes("baseline")) {
        const named = comparing.map((k) => `"${k}"`).join(", ");
        throw new _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .GateConfigError */ .av(`${label}: ${named} ${comparing.length > 1 ? "belong" : "belongs"} to a comparison with the baseline, but the gate has no "baseline:" block; add one with the baseline's "errors" and "total"`);
    }
    if (!isCount) {
        throw new _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .GateConfigError */ .av(`${label}: "baseline" compares error counts: the gate needs the canary's "errors" and "total" (not "query"), and the block the baseline's`);
    }
    if (!comparing.includes("max-increase")) {
        throw new _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .GateConfigError */ .av(`${label}: a comparison with the baseline needs "max-increase": the relative increase of the error rate tolerated, such as 0.2 for +20%`);
    }
    const block = record.baseline;
    if (block === null || typeof block !== "object" || Array.isArray(block)) {
        throw new _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .GateConfigError */ .av(`${label}: "baseline" must be a mapping with the baseline's "errors" and "total", got ${JSON.stringify(block)}`);
    }
}
/** The baseline's side of a comparison: the gate's own keys with the `baseline:` block's laid over them. */
function comparisonOf(g, spec, provider, record, label) {
    const armLabel = `${label}: in "baseline"`;
    const own = Object.entries(record).filter(([k]) => !_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .COMPARISON_KEYS */ .vv.includes(k));
    const block = Object.entries(record.baseline).filter(([, v]) => v !== undefined);
    const armRaw = Object.fromEntries([...own, ...block]);
    const parsed = schemaFor(spec, "count", "arm").safeParse(armRaw, _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .PARSE_OPTIONS */ .jp);
    if (!parsed.success)
        throw new _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .GateConfigError */ .av((0,_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .formatIssues */ .og)(armLabel, parsed.error));
    const a = parsed.data;
    const arm = toGate(a, provider, "count", spec.build(a, { label: armLabel, kind: "count" }), armLabel, a["allow-insecure"]);
    if (arm.kind !== "count")
        throw new Error("the baseline's side of a gate is a count gate");
    return {
        arm,
        maxIncrease: g["max-increase"],
        confidence: g.confidence,
        dispersion: g.dispersion,
        guard: g["max-error-rate"] !== undefined || g["min-requests"] !== undefined,
        split: {
            onMismatch: g["on-split-mismatch"],
            ...(g["split-tolerance"] !== undefined && { tolerance: g["split-tolerance"] }),
            ...(g["split-dispersion"] !== undefined && { dispersion: g["split-dispersion"] }),
            ...(g["split-settle"] !== undefined && { settleSeconds: g["split-settle"] }),
        },
    };
}
function toGate(g, provider, kind, built, label, allowInsecure) {
    const base = {
        name: g.name,
        provider,
        url: built.url,
        headers: g.headers,
        ...(typeof g["bearer-token"] === "string" && { bearerToken: g["bearer-token"] }),
        ...(g["basic-auth"] !== undefined && {
            basicAuth: g["basic-auth"],
        }),
        timeoutMs: g.timeout,
        retries: g.retries,
        onNoData: g["on-no-data"],
        onError: g["on-error"],
        shadow: g["dry-run"],
        ...(g.retention !== undefined && { retentionSeconds: g.retention }),
        ...(built.options !== undefined && { options: built.options }),
        ...(built.aws && { aws: built.aws }),
    };
    const gate = kind === "count"
        ? {
            kind: "count",
            ...base,
            errors: built.errors ?? g.errors,
            total: built.total ?? g.total,
            maxErrorRate: g["max-error-rate"] ?? 1,
            minRequests: g["min-requests"] ?? 0,
        }
        : {
            kind: "value",
            ...base,
            query: built.query ?? g.query,
            ...(g.max !== undefined && { max: g.max }),
            ...(g.min !== undefined && { min: g.min }),
        };
    const texts = (0,_template_js__WEBPACK_IMPORTED_MODULE_2__/* .gateTexts */ ._r)(gate);
    const usesSecrets = texts.some((t) => new RegExp(_template_js__WEBPACK_IMPORTED_MODULE_2__/* .SECRET_RE */ .xv.source).test(t));
    const credentials = built.credentials || usesSecrets || gate.bearerToken !== undefined || !!gate.basicAuth;
    checkUrl(label, gate.url, credentials, allowInsecure);
    return gate;
}
const MAX_GATES_TEXT = 256 * 1024;
const MAX_GATES = 50;
/** The YAML of the `gates` input, its errors as the gates' own. */
function readGatesYaml(text) {
    try {
        return (0,_yaml_js__WEBPACK_IMPORTED_MODULE_3__.readYaml)(text);
    }
    catch (error) {
        if (error instanceof _yaml_js__WEBPACK_IMPORTED_MODULE_3__.YamlError)
            throw new _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .GateConfigError */ .av(error.message);
        throw error;
    }
}
/** The `gates` input as a list of raw gates (YAML read, sizes checked); empty text means none. */
function gateList(text) {
    if (text === undefined || text.trim() === "")
        return [];
    if (text.length > MAX_GATES_TEXT) {
        throw new _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .GateConfigError */ .av(`is ${text.length} characters long; at most ${MAX_GATES_TEXT} are accepted`);
    }
    const doc = readGatesYaml(text);
    if (doc === null || doc === undefined)
        return [];
    if (!Array.isArray(doc))
        throw new _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .GateConfigError */ .av('must be a YAML list of gates (each item starting with "- name:")');
    if (doc.length > MAX_GATES)
        throw new _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .GateConfigError */ .av(`lists ${doc.length} gates; at most ${MAX_GATES} are accepted`);
    return doc;
}
/** Reads the `gates` input, loading the providers its gates name (and only those). */
async function readGates(text) {
    const list = gateList(text);
    const named = list.flatMap((raw) => {
        const p = raw?.provider;
        return typeof p === "string" && (0,_registry_js__WEBPACK_IMPORTED_MODULE_1__/* .isProviderName */ .X2)(p) ? [p] : [];
    });
    return parseGateList(list, await (0,_registry_js__WEBPACK_IMPORTED_MODULE_1__/* .loadProviders */ .TD)(named));
}
/** Parses the `gates` input (a YAML list) with providers already loaded. Empty text means no gates. */
function parseGates(text, providers) {
    return parseGateList(gateList(text), providers);
}
function parseGateList(list, providers) {
    const gates = list.map((raw, i) => parseGate(raw, i, providers));
    const seen = new Set();
    for (const gate of gates) {
        if (seen.has(gate.name))
            throw new _schema_js__WEBPACK_IMPORTED_MODULE_0__/* .GateConfigError */ .av(`two gates are named "${gate.name}"; names must be unique`);
        seen.add(gate.name);
    }
    return gates;
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


/***/ }),

/***/ 4536:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   YamlError: () => (/* binding */ YamlError),
/* harmony export */   readYaml: () => (/* binding */ readYaml)
/* harmony export */ });
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);
// YAML that users write in an input (`gates`, `freeze`) to plain data, defensively. Loaded only by a run that
// reads such an input, so an ignored comment never loads the YAML library.

/** The text is not YAML the action will read; the message reads after the input's name ("gates: …"). */
class YamlError extends Error {
    name = "YamlError";
}
const MAX_DEPTH = 32;
const MAX_NODES = 50_000;
/** The first line indented with a tab (1-based), which YAML forbids, or undefined. */
function tabIndentedLine(text) {
    const index = text.split(/\r?\n/).findIndex((line) => /^[ ]*\t/.test(line));
    return index < 0 ? undefined : index + 1;
}
function yamlError(error, text) {
    // The YAML library reports a tab as whatever it broke ("Unexpected scalar at node end"): say what it is.
    const tab = tabIndentedLine(text);
    if (tab !== undefined) {
        return new YamlError(`line ${tab} is indented with a tab, and YAML indents with spaces only: replace the tab with spaces`);
    }
    const first = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
    return new YamlError(`is not valid YAML: ${first.replace(/:$/, "").slice(0, 300)}`);
}
/**
 * YAML to plain data with the core schema (times stay text): duplicate keys found with a set per mapping (the
 * library's own check is quadratic), a small alias budget against "billion laughs", and a bound on depth and
 * size, which also stops an alias that refers to its own ancestor.
 */
function readYaml(text) {
    let value;
    try {
        const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parseDocument */ .Tp)(text, { uniqueKeys: false, prettyErrors: true, logLevel: "error" });
        const [first] = doc.errors;
        if (first)
            throw new Error(first.message);
        (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .visit */ .YR)(doc, {
            Map(_key, map) {
                if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(map))
                    return;
                const seen = new Set();
                for (const item of map.items) {
                    const key = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(item.key) ? String(item.key.value) : JSON.stringify(item.key);
                    if (seen.has(key))
                        throw new Error(`the key "${key.slice(0, 60)}" appears twice in one mapping`);
                    seen.add(key);
                }
            },
        });
        value = doc.toJS({ maxAliasCount: 100 });
    }
    catch (error) {
        if (error instanceof RangeError)
            throw new YamlError(`is nested too deeply (at most ${MAX_DEPTH} levels)`);
        throw yamlError(error, text);
    }
    const stack = [[value, 0]];
    let nodes = 0;
    while (stack.length > 0) {
        const [node, depth] = stack.pop();
        if (node === null || typeof node !== "object")
            continue;
        if (depth > MAX_DEPTH) {
            throw new YamlError(`is nested too deeply, or an alias refers to itself (at most ${MAX_DEPTH} levels)`);
        }
        if (++nodes > MAX_NODES)
            throw new YamlError(`holds more than ${MAX_NODES} values`);
        for (const child of Object.values(node))
            stack.push([child, depth + 1]);
    }
    return value;
}


/***/ })

};
