export const id = 490;
export const ids = [490,922];
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


/***/ }),

/***/ 2490:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  connect: () => (/* binding */ connect)
});

// EXTERNAL MODULE: ./src/store/client.ts
var store_client = __webpack_require__(2922);
// EXTERNAL MODULE: ./src/format.ts
var format = __webpack_require__(6264);
// EXTERNAL MODULE: ./src/store/port.ts
var port = __webpack_require__(3286);
;// CONCATENATED MODULE: ./src/store/write-once.ts
// Writes that are never sent twice: before resending after a lost answer, look whether the first one landed.

/** A failure after which the write may or may not have happened: no answer, a timeout, or a server error. */
function uncertain(error) {
    const status = (0,store_client/* statusOf */.c2)(error);
    return status === undefined || status === 500 || status === 502 || status === 503 || status === 504;
}
const WRITE_ATTEMPTS = 4;
/** A write not attempted because its deadline passed: GitHub was too slow to finish it in time. */
class WriteDeadlineError extends Error {
    name = "WriteDeadlineError";
}
/**
 * Sends a write at most once per attempt, and before each new attempt checks whether the last one landed
 * after all (the connection dropped after GitHub stored it), so a lost answer never writes twice.
 */
async function writeOnce(send, landed, opts) {
    const { log, until } = opts;
    const sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const { now } = opts;
    const inTime = (what) => {
        if (until && now().getTime() > until.getTime()) {
            throw new WriteDeadlineError(`${what} was not sent: GitHub was too slow, and the rollout lock could have been taken over since (deadline ${until.toISOString()})`);
        }
    };
    for (let attempt = 1;; attempt++) {
        inTime(attempt === 1 ? "the write" : `attempt ${attempt} of the write`);
        try {
            return await send();
        }
        catch (error) {
            if (!uncertain(error) || attempt >= WRITE_ATTEMPTS)
                throw error;
            log?.warn(`GitHub did not confirm a write (${error.message}); checking whether it landed`);
            await sleep(1000 * 2 ** (attempt - 1));
            const found = await landed().catch(() => undefined);
            if (found !== undefined)
                return found;
        }
    }
}

;// CONCATENATED MODULE: ./src/store/rest.ts
// The port's calls over GitHub's REST API.




/** GitHub's ids, which its description types as possibly wider than a double; these stay far below 2^53. */
function idOf(id) {
    return Number(id);
}
function toDeployment(d) {
    return {
        id: idOf(d.id),
        sha: d.sha,
        ref: d.ref,
        environment: d.environment,
        task: d.task,
        payload: d.payload,
        createdAt: d.created_at,
        ...(d.creator && { creator: d.creator.login }),
    };
}
function toStatus(s) {
    return {
        id: idOf(s.id),
        state: s.state,
        description: rest_text(s.description),
        logUrl: rest_text(s.log_url) || rest_text(s.target_url),
        createdAt: s.created_at,
        ...(s.creator && { creator: s.creator.login }),
    };
}
/** GitHub sends "" or null for fields its schema calls strings; both read as empty. */
function rest_text(value) {
    return typeof value === "string" ? value : "";
}
// GitHub caps statuses per deployment; our writes stay far below it, so a few pages always suffice.
const MAX_STATUS_PAGES = 3;
// Writes whose answer may be lost are retried by writeOnce, which first looks for them: plugin-retry would resend blindly.
const NO_AUTO_RETRY = { retries: 0 };
// Looking for a comment: how far the runner's clock may run ahead of GitHub's, and how many of the newest pages to read.
const CLOCK_SKEW_MS = 60_000;
const MAX_COMMENT_PAGES = 5;
/** The same text up to line endings and surrounding blanks, which GitHub may normalise. */
function sameText(stored, sent) {
    const norm = (s) => s.replace(/\r\n/g, "\n").trim();
    return stored !== undefined && norm(stored) === norm(sent);
}
/** The `last` page of a `Link` header, or 1 when there is a single page. */
function lastPage(link) {
    const match = /<[^>]*[?&]page=(\d+)[^>]*>;\s*rel="last"/.exec(link ?? "");
    return match ? Number(match[1]) : 1;
}
function restApi(client, owner, repo, opts) {
    const { log, now } = opts;
    return {
        async listDeployments(q) {
            const res = await client.request("GET /repos/{owner}/{repo}/deployments", {
                owner,
                repo,
                environment: q.environment,
                task: q.task,
                ...(q.sha && { sha: q.sha }),
                per_page: q.perPage,
            });
            return res.data.map(toDeployment);
        },
        async listStatuses(deploymentId) {
            const out = [];
            for (let page = 1; page <= MAX_STATUS_PAGES; page++) {
                const res = await client.request("GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses", {
                    owner,
                    repo,
                    deployment_id: deploymentId,
                    per_page: 100,
                    page,
                });
                out.push(...res.data.map(toStatus));
                if (res.data.length < 100)
                    break;
            }
            return out;
        },
        async createDeployment(d) {
            const send = async () => {
                const res = await client.request("POST /repos/{owner}/{repo}/deployments", {
                    owner,
                    repo,
                    ref: d.sha,
                    environment: d.environment,
                    task: d.task,
                    payload: d.payload,
                    description: d.description,
                    auto_merge: false,
                    required_contexts: [],
                    transient_environment: false,
                    request: NO_AUTO_RETRY,
                });
                if (res.status !== 201 || !("id" in res.data)) {
                    const message = "message" in res.data ? res.data.message : `HTTP ${res.status}`;
                    throw Object.assign(new Error(`GitHub did not create the deployment: ${message}`), {
                        status: res.status,
                    });
                }
                return toDeployment(res.data);
            };
            const landed = async () => {
                const found = await client.request("GET /repos/{owner}/{repo}/deployments", {
                    owner,
                    repo,
                    sha: d.sha,
                    environment: d.environment,
                    task: d.task,
                    per_page: 20,
                });
                const mine = found.data.find((x) => JSON.stringify(x.payload) === JSON.stringify(d.payload));
                return mine && toDeployment(mine);
            };
            return writeOnce(send, landed, { log, until: d.until, now });
        },
        async createStatus(s) {
            const send = async () => {
                const res = await client.request("POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses", {
                    owner,
                    repo,
                    deployment_id: s.deploymentId,
                    state: s.state,
                    description: s.description,
                    log_url: s.logUrl,
                    // On success GitHub may mark older deployments inactive in its UI; our own records ignore those statuses.
                    auto_inactive: s.state === "success",
                    request: NO_AUTO_RETRY,
                });
                return toStatus(res.data);
            };
            const landed = async () => {
                const found = await client.request("GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses", {
                    owner,
                    repo,
                    deployment_id: s.deploymentId,
                    per_page: 10,
                });
                const mine = found.data.find((x) => x.state === s.state && x.description === s.description && x.log_url === s.logUrl);
                return mine && toStatus(mine);
            };
            return writeOnce(send, landed, { log, until: s.until, now });
        },
        async resolveRef(ref) {
            const res = await client.request("GET /repos/{owner}/{repo}/commits/{ref}", {
                owner,
                repo,
                ref,
                per_page: 1,
            });
            return res.data.sha;
        },
        async getPermission(username) {
            try {
                const res = await client.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", {
                    owner,
                    repo,
                    username,
                });
                // Optional in fact, whatever the types say: GitHub Enterprise Server before 3.5 leaves it out.
                const roleName = res.data.role_name;
                return { permission: res.data.permission, ...(typeof roleName === "string" && { roleName }) };
            }
            catch (error) {
                const status = (0,store_client/* statusOf */.c2)(error);
                if (status === 404)
                    return undefined;
                // "Must have push access to view collaborator permission."; a rate limit that outlasted the retries is not.
                const message = error.message;
                if (status === 403 && !/rate limit/i.test(message)) {
                    throw new port/* PermissionUnreadableError */.$(message, { cause: error });
                }
                throw error;
            }
        },
        async getPull(number) {
            const res = await client.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
                owner,
                repo,
                pull_number: number,
            });
            const merge = rest_text(res.data.merge_commit_sha);
            // A fork deleted since the pull request was opened leaves `head.repo` null, whatever the types say.
            const headRepo = res.data.head.repo;
            return {
                headSha: res.data.head.sha,
                merged: res.data.merged,
                ...(merge && { mergeCommitSha: merge }),
                // The ids, not `head.repo.fork`: a pull request inside a repository that is itself a fork is no fork's.
                fromFork: headRepo === null || headRepo.id !== res.data.base.repo.id,
                ...(headRepo && { headRepo: headRepo.full_name }),
            };
        },
        async createComment(issueNumber, body) {
            const firstAttempt = now().getTime();
            const send = async () => {
                const res = await client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
                    owner,
                    repo,
                    issue_number: issueNumber,
                    body,
                    request: NO_AUTO_RETRY,
                });
                return { id: idOf(res.data.id), url: res.data.html_url };
            };
            // Our reply: the same body (a hidden marker and the run's link make it unique), created since we first sent it.
            const landed = async () => {
                const since = Math.floor(firstAttempt / 1000) * 1000 - CLOCK_SKEW_MS;
                const query = {
                    owner,
                    repo,
                    issue_number: issueNumber,
                    since: (0,format/* rfc3339 */.ag)(new Date(since)),
                    per_page: 100,
                };
                const mine = (page) => page.find((c) => sameText(c.body, body) && Date.parse(c.created_at) >= since);
                // Oldest first, and `since` matches edits too: look at the first page, then the newest ones.
                const first = await client.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", query);
                let found = mine(first.data);
                const last = lastPage(first.headers.link);
                for (let page = last; !found && page > Math.max(1, last - MAX_COMMENT_PAGES); page--) {
                    found = mine((await client.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
                        ...query,
                        page,
                    })).data);
                }
                return found && { id: idOf(found.id), url: found.html_url };
            };
            return writeOnce(send, landed, { log, now });
        },
        async addReaction(commentId, content) {
            await client.request("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", {
                owner,
                repo,
                comment_id: commentId,
                content,
            });
        },
        async getRef(ref) {
            try {
                const res = await client.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { owner, repo, ref });
                return res.data.object.sha;
            }
            catch (error) {
                if ((0,store_client/* statusOf */.c2)(error) === 404)
                    return undefined;
                throw error;
            }
        },
        async createRef(ref, sha) {
            const send = async () => {
                try {
                    await client.request("POST /repos/{owner}/{repo}/git/refs", {
                        owner,
                        repo,
                        ref: `refs/${ref}`,
                        sha,
                        request: NO_AUTO_RETRY,
                    });
                    return "created";
                }
                catch (error) {
                    // A create that lost a race is answered "Reference already exists" or "Reference update failed"
                    // (github/rest-api-description#4887); the caller looks at the ref either way.
                    if ((0,store_client/* statusOf */.c2)(error) === 422 && /already exists|update failed/i.test(error.message)) {
                        return "exists";
                    }
                    throw error;
                }
            };
            // A lost answer: if the ref points at our commit, it was us who created it.
            const landed = async () => {
                const found = await client
                    .request("GET /repos/{owner}/{repo}/git/ref/{ref}", { owner, repo, ref })
                    .catch(() => undefined);
                return found?.data.object.sha === sha ? "created" : undefined;
            };
            return writeOnce(send, landed, { log, now });
        },
        async advanceRef(ref, sha) {
            const pointsHere = async () => (await client.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { owner, repo, ref })).data.object
                .sha === sha;
            const send = async () => {
                try {
                    await client.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", {
                        owner,
                        repo,
                        ref,
                        sha,
                        force: false,
                        request: NO_AUTO_RETRY,
                    });
                    return "moved";
                }
                catch (error) {
                    if ((0,store_client/* statusOf */.c2)(error) !== 422)
                        throw error;
                    if (/reference does not exist/i.test(error.message))
                        return "missing";
                    // Not a fast-forward: another run moved it first, or this is a resend of our own update that landed.
                    return (await pointsHere().catch(() => false)) ? "moved" : "refused";
                }
            };
            const landed = async () => ((await pointsHere().catch(() => false)) ? "moved" : undefined);
            return writeOnce(send, landed, { log, now });
        },
        async deleteRef(ref) {
            try {
                await client.request("DELETE /repos/{owner}/{repo}/git/refs/{ref}", { owner, repo, ref });
            }
            catch (error) {
                const status = (0,store_client/* statusOf */.c2)(error);
                if (status !== 404 && status !== 422)
                    throw error;
            }
        },
        async treeOf(commitSha) {
            const res = await client.request("GET /repos/{owner}/{repo}/commits/{ref}", {
                owner,
                repo,
                ref: commitSha,
                per_page: 1,
            });
            return res.data.commit.tree.sha;
        },
        async createCommit(message, tree, parents = []) {
            const res = await client.request("POST /repos/{owner}/{repo}/git/commits", {
                owner,
                repo,
                message,
                tree,
                parents,
            });
            return res.data.sha;
        },
        async getCommit(sha) {
            try {
                const res = await client.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", {
                    owner,
                    repo,
                    commit_sha: sha,
                });
                return { message: res.data.message, date: res.data.committer.date, tree: res.data.tree.sha };
            }
            catch (error) {
                if ((0,store_client/* statusOf */.c2)(error) === 404)
                    return undefined;
                throw error;
            }
        },
    };
}

;// CONCATENATED MODULE: ./src/store/connect.ts
// The GitHub port for a run: the client with its retries and deadlines, and the REST adapter over it. Loaded
// only by a run that talks to GitHub, so an ignored comment never loads Octokit.


function connect(c) {
    const log = { debug: c.debug, info: c.debug, warn: c.warning, error: c.debug };
    const client = (0,store_client/* createClient */.UU)({ token: c.token, baseUrl: c.apiUrl, log });
    return restApi(client, c.owner, c.repo, { log, now: c.now });
}


/***/ })

};
