// HTTP for monitoring providers: per-attempt timeout, bounded retries with backoff, Retry-After honoured.

import { clip } from "../format.ts";

export class ProviderError extends Error {
  readonly retryable: boolean;
  /**
   * The request itself is wrong: the provider refused it (400, 401, 403, 404, 422), or answered in a shape no gate
   * can judge (several series, not its format). A configuration error, which fails the step; anything else
   * (timeouts, 5xx, 429, a partial answer) is an outage, which holds with a warning.
   */
  readonly misconfigured: boolean;
  constructor(message: string, retryable: boolean, misconfigured = !retryable) {
    super(message);
    this.retryable = retryable;
    this.misconfigured = misconfigured;
  }
}

/** Whether an answer's status says the service is down or busy (worth asking again later), not the request wrong. */
export function isOutageStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** A provider's answer that refuses the request or reports a failure: an outage or a misconfiguration by its status. */
export function statusError(status: number, message: string): ProviderError {
  return new ProviderError(message, false, !isOutageStatus(status));
}

export interface HttpRequest {
  url: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  retries: number;
  /** How long the provider asks to wait before the next attempt (its own rate-limit headers), in ms. */
  retryDelayMs?: (res: HttpResponse) => number | undefined;
  /** Answers worth another attempt besides 408, 429 and 5xx (AWS throttles with a 400). */
  retryable?: (res: HttpResponse) => boolean;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface HttpOptions {
  fetch?: typeof globalThis.fetch;
  /** Base delay between attempts; doubled each time, with jitter. */
  backoffMs?: number;
  /** The run's clock, for a Retry-After given as a date. */
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Every URL asked, newest last, so a refused request can be shown as it was sent. */
  requested?: string[];
}

const MAX_RETRY_AFTER_MS = 30_000;
const MAX_BODY_BYTES = 8 * 1024 * 1024;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The run's clock as the HTTP options carry it; the wall clock for a caller that passes none (a unit test). */
export function clockOf(opts: HttpOptions): () => Date {
  // eslint-disable-next-line no-restricted-syntax -- a unit test of a provider runs without a Runtime
  return opts.now ?? (() => new Date());
}

function retryAfterMs(headers: Headers, now: () => Date): number | undefined {
  const value = headers.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now().getTime());
}

async function readBody(res: Response): Promise<string> {
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) {
    await res.body?.cancel();
    throw new ProviderError(
      `response of ${declared} bytes is larger than the ${MAX_BODY_BYTES} accepted`,
      false,
    );
  }
  const text = await res.text();
  if (text.length > MAX_BODY_BYTES) {
    throw new ProviderError(
      `response of ${text.length} characters is larger than the ${MAX_BODY_BYTES} accepted`,
      false,
    );
  }
  return text;
}

async function attempt(req: HttpRequest, fetchFn: typeof globalThis.fetch): Promise<HttpResponse> {
  const signal = AbortSignal.timeout(req.timeoutMs);
  let res: Response;
  try {
    res = await fetchFn(req.url, {
      method: req.method,
      headers: req.headers,
      ...(req.body !== undefined && { body: req.body }),
      signal,
      redirect: "error",
    });
  } catch (error) {
    if (signal.aborted) throw new ProviderError(`no answer within ${req.timeoutMs / 1000}s`, true);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new ProviderError(
      `cannot connect: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
      true,
    );
  }
  try {
    return { status: res.status, headers: res.headers, text: await readBody(res) };
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    if (signal.aborted) throw new ProviderError(`no complete answer within ${req.timeoutMs / 1000}s`, true);
    throw new ProviderError(`connection dropped while reading the answer: ${(error as Error).message}`, true);
  }
}

/** The body as JSON, or a ProviderError that quotes the start of what came instead. */
export function parseJson(res: HttpResponse, what: string): unknown {
  try {
    return JSON.parse(res.text);
  } catch {
    const snippet = res.text.slice(0, 120).replace(/\s+/g, " ").trim();
    throw statusError(res.status, `HTTP ${res.status} with a body that is not ${what} JSON: ${snippet}`);
  }
}

/** A JSON object's fields, or undefined for anything else. */
export function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * Sends the request, retrying connection failures, timeouts, 408, 429 and 5xx.
 * Returns the last response (any status) or throws ProviderError when no answer came.
 */
export async function send(req: HttpRequest, opts: HttpOptions = {}): Promise<HttpResponse> {
  const fetchFn = opts.fetch ?? globalThis.fetch;
  const sleep = opts.sleep ?? defaultSleep;
  const backoff = opts.backoffMs ?? 500;
  let lastError: ProviderError | undefined;
  opts.requested?.push(req.url);
  for (let i = 0; i <= req.retries; i++) {
    let wait = backoff * 2 ** i * (0.5 + Math.random() / 2);
    try {
      const res = await attempt(req, fetchFn);
      const again = isOutageStatus(res.status) || (req.retryable?.(res) ?? false);
      if (!again || i === req.retries) return res;
      const asked = retryAfterMs(res.headers, clockOf(opts)) ?? req.retryDelayMs?.(res);
      wait = Math.min(
        asked === undefined || !Number.isFinite(asked) ? wait : Math.max(0, asked),
        MAX_RETRY_AFTER_MS,
      );
      lastError = new ProviderError(`HTTP ${res.status}`, true);
    } catch (error) {
      if (!(error instanceof ProviderError) || !error.retryable || i === req.retries) throw error;
      lastError = error;
    }
    await sleep(wait);
  }
  throw lastError ?? new ProviderError("request failed", false);
}

/** A value from a server's answer, quoted for a message: bounded, and never throws (cycles, deep nesting). */
export function quote(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(clip(v, 80));
  try {
    const s = JSON.stringify(v) as string | undefined;
    if (s === undefined) return typeof v;
    return clip(s, 80);
  } catch {
    return `a ${Array.isArray(v) ? "list" : typeof v} too deep to show`;
  }
}

/** A server's text field as text: strings as they are, anything else quoted. */
export function asText(v: unknown): string {
  return typeof v === "string" ? v : quote(v);
}
