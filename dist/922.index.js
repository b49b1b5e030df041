export const id = 922;
export const ids = [922];
export const modules = {

/***/ 2922:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   UU: () => (/* binding */ createClient),
/* harmony export */   c2: () => (/* binding */ statusOf),
/* harmony export */   describeError: () => (/* binding */ describeError),
/* harmony export */   j2: () => (/* binding */ REQUEST_TIMEOUT_MS)
/* harmony export */ });
/* unused harmony exports GitHubTimeoutError, apiPath, withTimeout */
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6856);
/* harmony import */ var _octokit_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4730);
/* harmony import */ var bottleneck_light_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3251);
/* harmony import */ var bottleneck_light_js__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(bottleneck_light_js__WEBPACK_IMPORTED_MODULE_0__);
// The GitHub client: one factory with retries, rate limits and a deadline per request, and how its failures read.




const RetryingOctokit = _octokit_core__WEBPACK_IMPORTED_MODULE_1__/* .Octokit */ .E.plugin(_octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_2__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_3__/* .throttling */ .A);
const MAX_RATE_LIMIT_WAIT_SECONDS = 120;
/**
 * Per request, answer body included. Without it a connection that hangs would hold the run, and the rollout
 * lock, until the job's timeout (6 hours by default); GitHub answers the calls the action makes in well under
 * a second.
 */
const REQUEST_TIMEOUT_MS = 30_000;
/** GitHub did not answer one request in time; the message names the call. */
class GitHubTimeoutError extends Error {
    // Not "AbortError": Octokit rethrows those as they are, and plugin-retry only retries its own RequestError.
    name = "GitHubTimeoutError";
    constructor(method, url, ms, cause) {
        super(`GitHub did not answer ${method} ${apiPath(url)} within ${seconds(ms)}`, { cause });
    }
}
/** The path of an API URL, without host and query: what names a call in messages. */
function apiPath(url) {
    return url.replace(/^https?:\/\/[^/]+/, "").replace(/\?.*$/, "");
}
function seconds(ms) {
    return ms === 1000 ? "1 second" : `${ms / 1000} seconds`;
}
/**
 * Gives every request `ms` to complete, headers and body. Octokit turns the thrown GitHubTimeoutError into a
 * RequestError with status 500 (the error as `cause`), which plugin-retry retries and writeOnce treats as
 * uncertain. The body is read here, under the same deadline, because Octokit reads it itself and turns a
 * failed read into an empty answer with the real status: a stalled 200 would pass as success.
 */
function withTimeout(fetch, ms) {
    return async (input, init) => {
        const timeout = AbortSignal.timeout(ms);
        const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
        try {
            // Raced as well as passed on, so a fetch that ignores its signal cannot hang the run either.
            const res = await untilAborted(fetch(input, { ...init, signal }), signal);
            const body = await untilAborted(res.arrayBuffer(), signal);
            const copy = new Response(NULL_BODY_STATUSES.has(res.status) ? null : body, {
                status: res.status,
                statusText: res.statusText,
                headers: res.headers,
            });
            Object.defineProperty(copy, "url", { value: res.url });
            return copy;
        }
        catch (error) {
            if (timeout.aborted && !init?.signal?.aborted) {
                const url = input instanceof Request ? input.url : String(input);
                throw new GitHubTimeoutError(init?.method ?? "GET", url, ms, error);
            }
            throw error;
        }
    };
}
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
/** `work`, or a rejection with the signal's reason as soon as it aborts. */
function untilAborted(work, signal) {
    return new Promise((resolve, reject) => {
        const abort = () => {
            reject(signal.reason);
        };
        if (signal.aborted)
            abort();
        else
            signal.addEventListener("abort", abort, { once: true });
        void work.then(resolve, reject).finally(() => {
            signal.removeEventListener("abort", abort);
        });
    });
}
function createClient(opts) {
    const retries = opts.retries ?? 3;
    const fetch = withTimeout(opts.fetch ?? globalThis.fetch, opts.timeoutMs ?? REQUEST_TIMEOUT_MS);
    return new RetryingOctokit({
        auth: opts.token,
        baseUrl: opts.baseUrl,
        userAgent: "phased-rollout",
        ...(opts.log && { log: opts.log }),
        // Not `request.retries`: plugin-retry then retries every failure, 422s included, not only 5xx.
        request: { fetch },
        retry: { retries },
        throttle: {
            // The plugin spaces all writes 1 s apart (3 s for comments), GitHub's advice for bulk writers. A run makes
            // a handful, so that would only add seconds to every transition; secondary limits are still honoured.
            write: new (bottleneck_light_js__WEBPACK_IMPORTED_MODULE_0___default().Group)({ maxConcurrent: 1, minTime: 100 }),
            notifications: new (bottleneck_light_js__WEBPACK_IMPORTED_MODULE_0___default().Group)({ maxConcurrent: 1, minTime: 500 }),
            onRateLimit: (retryAfter, options, _octokit, retryCount) => {
                opts.log?.warn(`GitHub rate limit hit on ${options.method} ${options.url}; retry ${retryCount + 1} in ${retryAfter}s`);
                return retryCount < retries && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS;
            },
            onSecondaryRateLimit: (retryAfter, options, _octokit, retryCount) => {
                opts.log?.warn(`GitHub secondary rate limit on ${options.method} ${options.url}; retry ${retryCount + 1} in ${retryAfter}s`);
                return retryCount < retries && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS;
            },
        },
    });
}
/** The HTTP status of an Octokit error, if it has one. */
function statusOf(error) {
    const status = error?.status;
    return typeof status === "number" ? status : undefined;
}
/** A GitHub API failure says which call failed, not only "Server Error". */
function describeError(error) {
    if (!(error instanceof Error))
        return `unexpected failure: ${String(error)}`;
    // Octokit reports a request that got no answer in time as a 500 it never received; the cause tells.
    if (error.cause instanceof GitHubTimeoutError)
        return `${error.cause.message}, after retries`;
    const e = error;
    if (typeof e.status === "number" && e.request?.url) {
        const path = apiPath(e.request.url);
        return `GitHub API ${e.request.method ?? ""} ${path} answered ${e.status} (${e.message}) after retries`;
    }
    return e.message;
}


/***/ })

};
