export const id = 420;
export const ids = [420];
export const modules = {

/***/ 7732:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Bc: () => (/* binding */ AWS_CREDENTIAL_VARS),
  tn: () => (/* binding */ REGION_RE),
  PC: () => (/* binding */ awsEndpoint),
  Tf: () => (/* binding */ credentialsFrom),
  bz: () => (/* binding */ regionFrom),
  HF: () => (/* binding */ signedHeaders)
});

// UNUSED EXPORTS: AWS_REGION_VARS

;// CONCATENATED MODULE: ./node_modules/aws4fetch/dist/aws4fetch.esm.mjs
/**
 * @license MIT <https://opensource.org/licenses/MIT>
 * @copyright Michael Hart 2024
 */
const encoder = new TextEncoder();
const HOST_SERVICES = {
  appstream2: 'appstream',
  cloudhsmv2: 'cloudhsm',
  email: 'ses',
  marketplace: 'aws-marketplace',
  mobile: 'AWSMobileHubService',
  pinpoint: 'mobiletargeting',
  queue: 'sqs',
  'git-codecommit': 'codecommit',
  'mturk-requester-sandbox': 'mturk-requester',
  'personalize-runtime': 'personalize',
};
const UNSIGNABLE_HEADERS = new Set([
  'authorization',
  'content-type',
  'content-length',
  'user-agent',
  'presigned-expires',
  'expect',
  'x-amzn-trace-id',
  'range',
  'connection',
]);
class AwsClient {
  constructor({ accessKeyId, secretAccessKey, sessionToken, service, region, cache, retries, initRetryMs }) {
    if (accessKeyId == null) throw new TypeError('accessKeyId is a required option')
    if (secretAccessKey == null) throw new TypeError('secretAccessKey is a required option')
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
    this.sessionToken = sessionToken;
    this.service = service;
    this.region = region;
    this.cache = cache || new Map();
    this.retries = retries != null ? retries : 10;
    this.initRetryMs = initRetryMs || 50;
  }
  async sign(input, init) {
    if (input instanceof Request) {
      const { method, url, headers, body } = input;
      init = Object.assign({ method, url, headers }, init);
      if (init.body == null && headers.has('Content-Type')) {
        init.body = body != null && headers.has('X-Amz-Content-Sha256') ? body : await input.clone().arrayBuffer();
      }
      input = url;
    }
    const signer = new AwsV4Signer(Object.assign({ url: input.toString() }, init, this, init && init.aws));
    const signed = Object.assign({}, init, await signer.sign());
    delete signed.aws;
    try {
      return new Request(signed.url.toString(), signed)
    } catch (e) {
      if (e instanceof TypeError) {
        return new Request(signed.url.toString(), Object.assign({ duplex: 'half' }, signed))
      }
      throw e
    }
  }
  async fetch(input, init) {
    for (let i = 0; i <= this.retries; i++) {
      const fetched = fetch(await this.sign(input, init));
      if (i === this.retries) {
        return fetched
      }
      const res = await fetched;
      if (res.status < 500 && res.status !== 429) {
        return res
      }
      await new Promise(resolve => setTimeout(resolve, Math.random() * this.initRetryMs * Math.pow(2, i)));
    }
    throw new Error('An unknown error occurred, ensure retries is not negative')
  }
}
class AwsV4Signer {
  constructor({ method, url, headers, body, accessKeyId, secretAccessKey, sessionToken, service, region, cache, datetime, signQuery, appendSessionToken, allHeaders, singleEncode }) {
    if (url == null) throw new TypeError('url is a required option')
    if (accessKeyId == null) throw new TypeError('accessKeyId is a required option')
    if (secretAccessKey == null) throw new TypeError('secretAccessKey is a required option')
    this.method = method || (body ? 'POST' : 'GET');
    this.url = new URL(url);
    this.headers = new Headers(headers || {});
    this.body = body;
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
    this.sessionToken = sessionToken;
    let guessedService, guessedRegion;
    if (!service || !region) {
[guessedService, guessedRegion] = guessServiceRegion(this.url, this.headers);
    }
    this.service = service || guessedService || '';
    this.region = region || guessedRegion || 'us-east-1';
    this.cache = cache || new Map();
    this.datetime = datetime || new Date().toISOString().replace(/[:-]|\.\d{3}/g, '');
    this.signQuery = signQuery;
    this.appendSessionToken = appendSessionToken || this.service === 'iotdevicegateway';
    this.headers.delete('Host');
    if (this.service === 's3' && !this.signQuery && !this.headers.has('X-Amz-Content-Sha256')) {
      this.headers.set('X-Amz-Content-Sha256', 'UNSIGNED-PAYLOAD');
    }
    const params = this.signQuery ? this.url.searchParams : this.headers;
    params.set('X-Amz-Date', this.datetime);
    if (this.sessionToken && !this.appendSessionToken) {
      params.set('X-Amz-Security-Token', this.sessionToken);
    }
    this.signableHeaders = ['host', ...this.headers.keys()]
      .filter(header => allHeaders || !UNSIGNABLE_HEADERS.has(header))
      .sort();
    this.signedHeaders = this.signableHeaders.join(';');
    this.canonicalHeaders = this.signableHeaders
      .map(header => header + ':' + (header === 'host' ? this.url.host : (this.headers.get(header) || '').replace(/\s+/g, ' ')))
      .join('\n');
    this.credentialString = [this.datetime.slice(0, 8), this.region, this.service, 'aws4_request'].join('/');
    if (this.signQuery) {
      if (this.service === 's3' && !params.has('X-Amz-Expires')) {
        params.set('X-Amz-Expires', '86400');
      }
      params.set('X-Amz-Algorithm', 'AWS4-HMAC-SHA256');
      params.set('X-Amz-Credential', this.accessKeyId + '/' + this.credentialString);
      params.set('X-Amz-SignedHeaders', this.signedHeaders);
    }
    if (this.service === 's3') {
      try {
        this.encodedPath = decodeURIComponent(this.url.pathname.replace(/\+/g, ' '));
      } catch (e) {
        this.encodedPath = this.url.pathname;
      }
    } else {
      this.encodedPath = this.url.pathname.replace(/\/+/g, '/');
    }
    if (!singleEncode) {
      this.encodedPath = encodeURIComponent(this.encodedPath).replace(/%2F/g, '/');
    }
    this.encodedPath = encodeRfc3986(this.encodedPath);
    const seenKeys = new Set();
    this.encodedSearch = [...this.url.searchParams]
      .filter(([k]) => {
        if (!k) return false
        if (this.service === 's3') {
          if (seenKeys.has(k)) return false
          seenKeys.add(k);
        }
        return true
      })
      .map(pair => pair.map(p => encodeRfc3986(encodeURIComponent(p))))
      .sort(([k1, v1], [k2, v2]) => k1 < k2 ? -1 : k1 > k2 ? 1 : v1 < v2 ? -1 : v1 > v2 ? 1 : 0)
      .map(pair => pair.join('='))
      .join('&');
  }
  async sign() {
    if (this.signQuery) {
      this.url.searchParams.set('X-Amz-Signature', await this.signature());
      if (this.sessionToken && this.appendSessionToken) {
        this.url.searchParams.set('X-Amz-Security-Token', this.sessionToken);
      }
    } else {
      this.headers.set('Authorization', await this.authHeader());
    }
    return {
      method: this.method,
      url: this.url,
      headers: this.headers,
      body: this.body,
    }
  }
  async authHeader() {
    return [
      'AWS4-HMAC-SHA256 Credential=' + this.accessKeyId + '/' + this.credentialString,
      'SignedHeaders=' + this.signedHeaders,
      'Signature=' + (await this.signature()),
    ].join(', ')
  }
  async signature() {
    const date = this.datetime.slice(0, 8);
    const cacheKey = [this.secretAccessKey, date, this.region, this.service].join();
    let kCredentials = this.cache.get(cacheKey);
    if (!kCredentials) {
      const kDate = await hmac('AWS4' + this.secretAccessKey, date);
      const kRegion = await hmac(kDate, this.region);
      const kService = await hmac(kRegion, this.service);
      kCredentials = await hmac(kService, 'aws4_request');
      this.cache.set(cacheKey, kCredentials);
    }
    return buf2hex(await hmac(kCredentials, await this.stringToSign()))
  }
  async stringToSign() {
    return [
      'AWS4-HMAC-SHA256',
      this.datetime,
      this.credentialString,
      buf2hex(await hash(await this.canonicalString())),
    ].join('\n')
  }
  async canonicalString() {
    return [
      this.method.toUpperCase(),
      this.encodedPath,
      this.encodedSearch,
      this.canonicalHeaders + '\n',
      this.signedHeaders,
      await this.hexBodyHash(),
    ].join('\n')
  }
  async hexBodyHash() {
    let hashHeader = this.headers.get('X-Amz-Content-Sha256') || (this.service === 's3' && this.signQuery ? 'UNSIGNED-PAYLOAD' : null);
    if (hashHeader == null) {
      if (this.body && typeof this.body !== 'string' && !('byteLength' in this.body)) {
        throw new Error('body must be a string, ArrayBuffer or ArrayBufferView, unless you include the X-Amz-Content-Sha256 header')
      }
      hashHeader = buf2hex(await hash(this.body || ''));
    }
    return hashHeader
  }
}
async function hmac(key, string) {
  const cryptoKey = await crypto.subtle.importKey(
    'raw',
    typeof key === 'string' ? encoder.encode(key) : key,
    { name: 'HMAC', hash: { name: 'SHA-256' } },
    false,
    ['sign'],
  );
  return crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(string))
}
async function hash(content) {
  return crypto.subtle.digest('SHA-256', typeof content === 'string' ? encoder.encode(content) : content)
}
const HEX_CHARS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'];
function buf2hex(arrayBuffer) {
  const buffer = new Uint8Array(arrayBuffer);
  let out = '';
  for (let idx = 0; idx < buffer.length; idx++) {
    const n = buffer[idx];
    out += HEX_CHARS[(n >>> 4) & 0xF];
    out += HEX_CHARS[n & 0xF];
  }
  return out
}
function encodeRfc3986(urlEncodedStr) {
  return urlEncodedStr.replace(/[!'()*]/g, c => '%' + c.charCodeAt(0).toString(16).toUpperCase())
}
function guessServiceRegion(url, headers) {
  const { hostname, pathname } = url;
  if (hostname.endsWith('.on.aws')) {
    const match = hostname.match(/^[^.]{1,63}\.lambda-url\.([^.]{1,63})\.on\.aws$/);
    return match != null ? ['lambda', match[1] || ''] : ['', '']
  }
  if (hostname.endsWith('.r2.cloudflarestorage.com')) {
    return ['s3', 'auto']
  }
  if (hostname.endsWith('.backblazeb2.com')) {
    const match = hostname.match(/^(?:[^.]{1,63}\.)?s3\.([^.]{1,63})\.backblazeb2\.com$/);
    return match != null ? ['s3', match[1] || ''] : ['', '']
  }
  const match = hostname.replace('dualstack.', '').match(/([^.]{1,63})\.(?:([^.]{0,63})\.)?amazonaws\.com(?:\.cn)?$/);
  let service = (match && match[1]) || '';
  let region = match && match[2];
  if (region === 'us-gov') {
    region = 'us-gov-west-1';
  } else if (region === 's3' || region === 's3-accelerate') {
    region = 'us-east-1';
    service = 's3';
  } else if (service === 'iot') {
    if (hostname.startsWith('iot.')) {
      service = 'execute-api';
    } else if (hostname.startsWith('data.jobs.iot.')) {
      service = 'iot-jobs-data';
    } else {
      service = pathname === '/mqtt' ? 'iotdevicegateway' : 'iotdata';
    }
  } else if (service === 'autoscaling') {
    const targetPrefix = (headers.get('X-Amz-Target') || '').split('.')[0];
    if (targetPrefix === 'AnyScaleFrontendService') {
      service = 'application-autoscaling';
    } else if (targetPrefix === 'AnyScaleScalingPlannerFrontendService') {
      service = 'autoscaling-plans';
    }
  } else if (region == null && service.startsWith('s3-')) {
    region = service.slice(3).replace(/^fips-|^external-1/, '');
    service = 's3';
  } else if (service.endsWith('-fips')) {
    service = service.slice(0, -5);
  } else if (region && /-\d$/.test(service) && !/-\d$/.test(region)) {
[service, region] = [region, service];
  }
  return [HOST_SERVICES[service] || service, region || '']
}



// EXTERNAL MODULE: ./src/gates/request.ts
var request = __webpack_require__(7521);
;// CONCATENATED MODULE: ./src/gates/aws.ts
// AWS Signature Version 4 for CloudWatch and Amazon Managed Prometheus, with the credentials that
// aws-actions/configure-aws-credentials leaves in the environment (OIDC session tokens included).


/** Read from the step's environment for every gate that signs for AWS; all of them are masked as secrets. */
const AWS_CREDENTIAL_VARS = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
];
const AWS_REGION_VARS = ["AWS_REGION", "AWS_DEFAULT_REGION"];
const REGION_RE = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;
/** The gate's region, or the one the environment names. */
function regionFrom(explicit, env) {
    if (explicit)
        return explicit;
    for (const name of AWS_REGION_VARS) {
        const value = env[name]?.trim();
        if (value)
            return value;
    }
    return undefined;
}
function credentialsFrom(secrets) {
    const accessKeyId = secrets.get("AWS_ACCESS_KEY_ID");
    const secretAccessKey = secrets.get("AWS_SECRET_ACCESS_KEY");
    if (!accessKeyId || !secretAccessKey) {
        throw new request/* ProviderError */.mZ("no AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set", false);
    }
    const sessionToken = secrets.get("AWS_SESSION_TOKEN");
    return { accessKeyId, secretAccessKey, ...(sessionToken && { sessionToken }) };
}
/** The request's headers plus the SigV4 ones (authorization, x-amz-date, x-amz-security-token). */
async function signedHeaders(req, service, region, credentials) {
    const signer = new AwsV4Signer({
        url: req.url,
        method: req.method,
        headers: req.headers,
        ...(req.body !== undefined && { body: req.body }),
        ...credentials,
        service,
        region,
    });
    const signed = await signer.sign();
    const out = {};
    signed.headers.forEach((value, key) => {
        out[key] = value;
    });
    return out;
}
/** The endpoint of an AWS service in a region, China's partition included. */
function awsEndpoint(service, region) {
    return `https://${service}.${region}.amazonaws.com${region.startsWith("cn-") ? ".cn" : ""}`;
}


/***/ }),

/***/ 7521:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $C: () => (/* binding */ statusError),
/* harmony export */   e1: () => (/* binding */ asText),
/* harmony export */   g1: () => (/* binding */ record),
/* harmony export */   hD: () => (/* binding */ quote),
/* harmony export */   ie: () => (/* binding */ clockOf),
/* harmony export */   mZ: () => (/* binding */ ProviderError),
/* harmony export */   qF: () => (/* binding */ parseJson),
/* harmony export */   tN: () => (/* binding */ send),
/* harmony export */   uM: () => (/* binding */ isOutageStatus)
/* harmony export */ });
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6264);
// HTTP for monitoring providers: per-attempt timeout, bounded retries with backoff, Retry-After honoured.

class ProviderError extends Error {
    retryable;
    /**
     * The request itself is wrong: the provider refused it (400, 401, 403, 404, 422), or answered in a shape no gate
     * can judge (several series, not its format). A configuration error, which fails the step; anything else
     * (timeouts, 5xx, 429, a partial answer) is an outage, which holds with a warning.
     */
    misconfigured;
    constructor(message, retryable, misconfigured = !retryable) {
        super(message);
        this.retryable = retryable;
        this.misconfigured = misconfigured;
    }
}
/** Whether an answer's status says the service is down or busy (worth asking again later), not the request wrong. */
function isOutageStatus(status) {
    return status === 408 || status === 429 || status >= 500;
}
/** A provider's answer that refuses the request or reports a failure: an outage or a misconfiguration by its status. */
function statusError(status, message) {
    return new ProviderError(message, false, !isOutageStatus(status));
}
const MAX_RETRY_AFTER_MS = 30_000;
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const defaultSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** The run's clock as the HTTP options carry it; the wall clock for a caller that passes none (a unit test). */
function clockOf(opts) {
    // eslint-disable-next-line no-restricted-syntax -- a unit test of a provider runs without a Runtime
    return opts.now ?? (() => new Date());
}
function retryAfterMs(headers, now) {
    const value = headers.get("retry-after");
    if (!value)
        return undefined;
    const seconds = Number(value);
    if (Number.isFinite(seconds))
        return Math.max(0, seconds * 1000);
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now().getTime());
}
async function readBody(res) {
    const declared = Number(res.headers.get("content-length") ?? "0");
    if (declared > MAX_BODY_BYTES) {
        await res.body?.cancel();
        throw new ProviderError(`response of ${declared} bytes is larger than the ${MAX_BODY_BYTES} accepted`, false);
    }
    const text = await res.text();
    if (text.length > MAX_BODY_BYTES) {
        throw new ProviderError(`response of ${text.length} characters is larger than the ${MAX_BODY_BYTES} accepted`, false);
    }
    return text;
}
async function attempt(req, fetchFn) {
    const signal = AbortSignal.timeout(req.timeoutMs);
    let res;
    try {
        res = await fetchFn(req.url, {
            method: req.method,
            headers: req.headers,
            ...(req.body !== undefined && { body: req.body }),
            signal,
            redirect: "error",
        });
    }
    catch (error) {
        if (signal.aborted)
            throw new ProviderError(`no answer within ${req.timeoutMs / 1000}s`, true);
        const cause = error.cause;
        throw new ProviderError(`cannot connect: ${cause?.code ?? cause?.message ?? error.message}`, true);
    }
    try {
        return { status: res.status, headers: res.headers, text: await readBody(res) };
    }
    catch (error) {
        if (error instanceof ProviderError)
            throw error;
        if (signal.aborted)
            throw new ProviderError(`no complete answer within ${req.timeoutMs / 1000}s`, true);
        throw new ProviderError(`connection dropped while reading the answer: ${error.message}`, true);
    }
}
/** The body as JSON, or a ProviderError that quotes the start of what came instead. */
function parseJson(res, what) {
    try {
        return JSON.parse(res.text);
    }
    catch {
        const snippet = res.text.slice(0, 120).replace(/\s+/g, " ").trim();
        throw statusError(res.status, `HTTP ${res.status} with a body that is not ${what} JSON: ${snippet}`);
    }
}
/** A JSON object's fields, or undefined for anything else. */
function record(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value)
        ? value
        : undefined;
}
/**
 * Sends the request, retrying connection failures, timeouts, 408, 429 and 5xx.
 * Returns the last response (any status) or throws ProviderError when no answer came.
 */
async function send(req, opts = {}) {
    const fetchFn = opts.fetch ?? globalThis.fetch;
    const sleep = opts.sleep ?? defaultSleep;
    const backoff = opts.backoffMs ?? 500;
    let lastError;
    opts.requested?.push(req.url);
    for (let i = 0; i <= req.retries; i++) {
        let wait = backoff * 2 ** i * (0.5 + Math.random() / 2);
        try {
            const res = await attempt(req, fetchFn);
            const again = isOutageStatus(res.status) || (req.retryable?.(res) ?? false);
            if (!again || i === req.retries)
                return res;
            const asked = retryAfterMs(res.headers, clockOf(opts)) ?? req.retryDelayMs?.(res);
            wait = Math.min(asked === undefined || !Number.isFinite(asked) ? wait : Math.max(0, asked), MAX_RETRY_AFTER_MS);
            lastError = new ProviderError(`HTTP ${res.status}`, true);
        }
        catch (error) {
            if (!(error instanceof ProviderError) || !error.retryable || i === req.retries)
                throw error;
            lastError = error;
        }
        await sleep(wait);
    }
    throw lastError ?? new ProviderError("request failed", false);
}
/** A value from a server's answer, quoted for a message: bounded, and never throws (cycles, deep nesting). */
function quote(v) {
    if (typeof v === "string")
        return JSON.stringify((0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .clip */ .$Q)(v, 80));
    try {
        const s = JSON.stringify(v);
        if (s === undefined)
            return typeof v;
        return (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .clip */ .$Q)(s, 80);
    }
    catch {
        return `a ${Array.isArray(v) ? "list" : typeof v} too deep to show`;
    }
}
/** A server's text field as text: strings as they are, anything else quoted. */
function asText(v) {
    return typeof v === "string" ? v : quote(v);
}


/***/ }),

/***/ 420:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BQ: () => (/* binding */ TEMPLATE_RE),
/* harmony export */   GD: () => (/* binding */ TEMPLATE_VARS),
/* harmony export */   Pw: () => (/* binding */ authHeaders),
/* harmony export */   VQ: () => (/* binding */ templateNames),
/* harmony export */   XX: () => (/* binding */ render),
/* harmony export */   _r: () => (/* binding */ gateTexts),
/* harmony export */   derivedSecrets: () => (/* binding */ derivedSecrets),
/* harmony export */   resolveSecrets: () => (/* binding */ resolveSecrets),
/* harmony export */   xv: () => (/* binding */ SECRET_RE)
/* harmony export */ });
/* unused harmony exports SecretError, secretNames, fillSecrets, fillTemplate, basicAuthValue */
/* harmony import */ var _aws_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7732);
// The one grammar of gate texts: `{{variables}}` filled from the rollout, `${NAME}` secrets from the step's
// environment, basic auth as it goes out, and the redaction of every secret in every form it takes.

const TEMPLATE_VARS = [
    "sha",
    "short_sha",
    "baseline_sha",
    "baseline_short_sha",
    "environment",
    "stage",
    "percent",
    "window",
    "stage_started_at",
    "stage_started_unix",
];
const SECRET_RE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
/** Any `{{ … }}`: the configuration refuses names that are not TEMPLATE_VARS, so filling finds only those. */
const TEMPLATE_RE = /\{\{\s*([^}]*?)\s*\}\}/g;
function stringsIn(value, out) {
    if (typeof value === "string")
        out.push(value);
    else if (Array.isArray(value))
        for (const v of value)
            stringsIn(v, out);
    else if (value !== null && typeof value === "object")
        for (const v of Object.values(value))
            stringsIn(v, out);
    return out;
}
/** Every text of a gate that may hold `${SECRET}`s or `{{templates}}`: URL, headers, auth, queries and provider keys. */
function gateTexts(gate) {
    const texts = [gate.url, ...Object.values(gate.headers)];
    if (gate.bearerToken)
        texts.push(gate.bearerToken);
    if (gate.basicAuth)
        texts.push(gate.basicAuth.username, gate.basicAuth.password);
    if (gate.kind === "value")
        texts.push(gate.query);
    else
        texts.push(gate.errors, gate.total);
    if (gate.kind === "count" && gate.baseline)
        texts.push(...gateTexts(gate.baseline.arm));
    return stringsIn(gate.options, texts);
}
/** The `{{variables}}` a text names. */
function templateNames(text) {
    return [...text.matchAll(TEMPLATE_RE)].map((m) => m[1] ?? "");
}
class SecretError extends Error {
    name = "SecretError";
}
/** Every `${NAME}` a gate uses, in its URL, headers, auth, queries and provider keys (api-key, body, ...). */
function secretNames(gate) {
    const names = new Set();
    for (const text of gateTexts(gate))
        for (const m of text.matchAll(SECRET_RE))
            names.add(m[1]);
    return [...names];
}
/**
 * AWS credentials as aws-actions/configure-aws-credentials leaves them in the environment; all are
 * secrets (masked and redacted like any other). The region is checked here too, before any request.
 */
function resolveAws(gate, env, values) {
    const aws = gate.aws;
    if (!aws)
        return;
    for (const name of _aws_js__WEBPACK_IMPORTED_MODULE_0__/* .AWS_CREDENTIAL_VARS */ .Bc) {
        const value = env[name];
        if (value)
            values.set(name, value);
        else if (name !== "AWS_SESSION_TOKEN") {
            throw new SecretError(`gates: gate "${gate.name}" signs its requests for AWS, but the environment variable ${name} is not set; run aws-actions/configure-aws-credentials before this step, or pass ${name} with env:`);
        }
    }
    if (!(0,_aws_js__WEBPACK_IMPORTED_MODULE_0__/* .regionFrom */ .bz)(aws.region, env)) {
        throw new SecretError(`gates: gate "${gate.name}" needs an AWS region: set region in the gate${gate.provider === "prometheus" ? " (sigv4.region)" : ""}, or AWS_REGION in the environment (aws-actions/configure-aws-credentials sets it)`);
    }
}
/** Looks every secret up before any request is made, so a missing one fails fast and by name. */
function resolveSecrets(gates, env) {
    const values = new Map();
    for (const gate of gates) {
        resolveAws(gate, env, values);
        for (const name of secretNames(gate)) {
            const value = env[name];
            const uses = `gates: gate "${gate.name}" uses \${${name}}, but the environment variable ${name}`;
            if (value === undefined) {
                throw new SecretError(`${uses} is not set; pass it with env: ${name}: \${{ secrets.${name} }}`);
            }
            // Actions turns a secret it cannot find into "", so an empty variable is a secret missing upstream.
            if (value === "") {
                throw new SecretError(`${uses} is empty: the secret it is set from is undefined (add it under Settings → Secrets and variables → Actions, spelt as in the workflow), or it is an environment secret this job cannot see (give the job environment: with that environment's name)`);
            }
            values.set(name, value);
        }
    }
    return values;
}
function fillSecrets(text, secrets) {
    return text.replace(SECRET_RE, (whole, name) => secrets.get(name) ?? whole);
}
function fillTemplate(text, values) {
    return text.replace(TEMPLATE_RE, (whole, name) => Object.hasOwn(values, name) ? values[name] : whole);
}
/** For reports: the text with templates filled and secrets left as `${NAME}`. */
function render(text, values, secrets) {
    const shown = fillTemplate(text, values);
    return { shown, sent: fillSecrets(shown, secrets) };
}
/** Basic auth as it goes out: base64(user:password), the form a server that quotes the request back shows. */
function basicAuthValue(gate, secrets) {
    if (!gate.basicAuth)
        return undefined;
    const user = fillSecrets(gate.basicAuth.username, secrets);
    const pass = fillSecrets(gate.basicAuth.password, secrets);
    return Buffer.from(`${user}:${pass}`).toString("base64");
}
/**
 * The secrets a gate's requests reveal in a form of their own, masked and redacted like the secrets they are
 * made of: basic auth's base64. Named so they cannot clash with a `${NAME}`.
 */
function derivedSecrets(gates, secrets) {
    const derived = new Map();
    for (const gate of gates) {
        const basic = basicAuthValue(gate, secrets);
        if (basic !== undefined)
            derived.set(`basic auth of ${gate.name}`, basic);
    }
    return derived;
}
/** The headers a gate sends: its own (templates and secrets filled), then its bearer token or basic auth. */
function authHeaders(gate, values, secrets) {
    const headers = {};
    for (const [k, v] of Object.entries(gate.headers))
        headers[k] = render(v, values, secrets).sent;
    if (gate.bearerToken)
        headers.authorization = `Bearer ${fillSecrets(gate.bearerToken, secrets)}`;
    const basic = basicAuthValue(gate, secrets);
    if (basic !== undefined)
        headers.authorization = `Basic ${basic}`;
    return headers;
}


/***/ })

};
