// A stand-in for Prometheus's instant-query API over the synthetic traffic model, for demos
// and benchmarks where no real Prometheus is installed; the integration test keeps it honest.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type Bucket,
  bucketQuantile,
  extrapolatedIncrease,
  parseLe,
  type Series,
  type Span,
  seriesOfAll,
  type Version,
} from "../traffic.ts";

export interface Sample {
  metric: Record<string, string>;
  value: number;
}

/** What the fake can evaluate over: versions and the span their counters live in. */
export interface TrafficModel {
  versions: readonly Version[];
  span: Span;
}

export interface FakeRequest {
  method: string;
  path: string;
  query: string | undefined;
  /** The `time` parameter as sent (unset means "now" by the fake's clock). */
  time: string | undefined;
  timeout: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** Unix seconds by the fake's clock when the request arrived. */
  receivedAt: number;
  status: number;
}

/** The versions served: fixed, or read at each request (a split that follows the rollout, harness/mesh.ts). */
export type Versions = readonly Version[] | (() => readonly Version[]);

export interface FakePrometheusOptions {
  versions: Versions;
  /** Where counters start (unix seconds); default six hours before the clock at start. */
  from?: number;
  /** Where series end; default never. */
  to?: number;
  /** Current unix time in seconds; default the wall clock. Lets a demo move time. */
  clock?: () => number;
  /** Artificial latency per request in ms, e.g. 200 for benchmarks. */
  delayMs?: number;
  /** Every request is appended here, besides the handle's own `requests`. */
  log?: FakeRequest[];
}

export interface FakePrometheus {
  /** Base URL, e.g. http://127.0.0.1:41234 (the action appends /api/v1/query). */
  url: string;
  requests: FakeRequest[];
  /** Replace the versions served from now on (e.g. a demo starting a new rollout). */
  setVersions(versions: Versions): void;
  close(): Promise<void>;
}

export class PromQLError extends Error {}

// ---------------------------------------------------------------------------------------
// A tiny PromQL subset: [sum [by (..)]] (rate|increase)(selector[dur]) [by (..)], and
// histogram_quantile(φ, <that>). Anything else is rejected as bad_data.

type Tok = { kind: "id" | "num" | "str" | "dur" | "op"; text: string; pos: number };

const DURATION_RE = /^(?:\d+(?:ms|[smhdwy]))+/;
const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

/** Prometheus duration (`1800s`, `1h30m`) in milliseconds. */
export function parseDurationMs(text: string): number {
  if (text === "" || !new RegExp(`${DURATION_RE.source}$`).test(text)) {
    throw new PromQLError(`not a valid duration string: "${text}"`);
  }
  let ms = 0;
  for (const m of text.matchAll(/(\d+)(ms|[smhdwy])/g)) ms += Number(m[1]) * (UNIT_MS[m[2] ?? ""] ?? 0);
  return ms;
}

function tokenize(input: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < input.length) {
    const rest = input.slice(i);
    const ws = /^\s+/.exec(rest);
    if (ws) {
      i += ws[0].length;
      continue;
    }
    const dur = DURATION_RE.exec(rest);
    const num = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(rest);
    const id = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(rest);
    const op = /^(?:=~|!~|!=|=|[(){}[\],])/.exec(rest);
    if (dur && !/^[a-zA-Z0-9_]/.test(rest.slice(dur[0].length))) {
      toks.push({ kind: "dur", text: dur[0], pos: i });
      i += dur[0].length;
    } else if (num) {
      toks.push({ kind: "num", text: num[0], pos: i });
      i += num[0].length;
    } else if (id) {
      toks.push({ kind: "id", text: id[0], pos: i });
      i += id[0].length;
    } else if (op) {
      toks.push({ kind: "op", text: op[0], pos: i });
      i += op[0].length;
    } else if (rest[0] === '"' || rest[0] === "'") {
      const quote = rest[0];
      let j = 1;
      let value = "";
      while (j < rest.length && rest[j] !== quote) {
        if (rest[j] === "\\") {
          const next = rest[j + 1] ?? "";
          value += next === "n" ? "\n" : next === "t" ? "\t" : next;
          j += 2;
        } else {
          value += rest[j];
          j += 1;
        }
      }
      if (j >= rest.length) throw new PromQLError(`1:${i + 1}: unterminated quoted string`);
      toks.push({ kind: "str", text: value, pos: i });
      i += j + 1;
    } else {
      throw new PromQLError(`1:${i + 1}: unexpected character ${JSON.stringify(rest[0])}`);
    }
  }
  return toks;
}

interface Matcher {
  name: string;
  op: "=" | "!=" | "=~" | "!~";
  value: string;
  re?: RegExp;
}

type Expr =
  | { kind: "range"; fn: "rate" | "increase"; matchers: Matcher[]; rangeMs: number }
  | { kind: "sum"; by: string[] | undefined; inner: Expr }
  | { kind: "quantile"; q: number; inner: Expr };

class Parser {
  private i = 0;
  private readonly toks: Tok[];

  constructor(toks: Tok[]) {
    this.toks = toks;
  }

  parse(): Expr {
    if (this.toks.length === 0) throw new PromQLError("no expression found in input");
    const e = this.expr();
    const extra = this.toks[this.i];
    if (extra) this.fail(extra, "unexpected trailing input");
    return e;
  }

  private fail(t: Tok | undefined, msg: string): never {
    throw new PromQLError(t ? `1:${t.pos + 1}: ${msg} "${t.text}"` : `${msg} at end of input`);
  }

  private next(): Tok | undefined {
    return this.toks[this.i++];
  }

  private peek(): Tok | undefined {
    return this.toks[this.i];
  }

  private expect(kind: Tok["kind"], text?: string): Tok {
    const t = this.next();
    if (!t || t.kind !== kind || (text !== undefined && t.text !== text)) {
      this.fail(t, `expected ${text ?? kind}, got`);
    }
    return t;
  }

  private expr(): Expr {
    const t = this.peek();
    if (t?.kind !== "id") this.fail(t, "unsupported expression (the fake knows only a subset)");
    if (t.text === "sum") return this.sum();
    if (t.text === "histogram_quantile") return this.quantile();
    if (t.text === "rate" || t.text === "increase") return this.range();
    this.fail(t, "unsupported function or selector (the fake knows only a subset)");
  }

  private byClause(): string[] | undefined {
    if (this.peek()?.text !== "by") return undefined;
    this.next();
    this.expect("op", "(");
    const labels: string[] = [];
    while (this.peek()?.text !== ")") {
      labels.push(this.expect("id").text);
      if (this.peek()?.text === ",") this.next();
      else break;
    }
    this.expect("op", ")");
    return labels;
  }

  private sum(): Expr {
    this.next();
    let by = this.byClause();
    this.expect("op", "(");
    const inner = this.expr();
    this.expect("op", ")");
    by ??= this.byClause();
    return { kind: "sum", by, inner };
  }

  private quantile(): Expr {
    this.next();
    this.expect("op", "(");
    const q = Number(this.expect("num").text);
    this.expect("op", ",");
    const inner = this.expr();
    this.expect("op", ")");
    return { kind: "quantile", q, inner };
  }

  private range(): Expr {
    const fn = this.next()?.text as "rate" | "increase";
    this.expect("op", "(");
    const matchers: Matcher[] = [];
    if (this.peek()?.kind === "id")
      matchers.push({ name: "__name__", op: "=", value: this.expect("id").text });
    if (this.peek()?.text === "{") {
      this.next();
      while (this.peek()?.text !== "}") {
        const name = this.expect("id").text;
        const opTok = this.expect("op");
        if (!["=", "!=", "=~", "!~"].includes(opTok.text)) this.fail(opTok, "expected a label matcher, got");
        const m: Matcher = {
          name,
          op: opTok.text as Matcher["op"],
          value: this.expect("str").text,
        };
        if (m.op === "=~" || m.op === "!~") {
          try {
            m.re = new RegExp(`^(?:${m.value})$`);
          } catch {
            throw new PromQLError(`invalid regular expression "${m.value}"`);
          }
        }
        matchers.push(m);
        if (this.peek()?.text === ",") this.next();
        else break;
      }
      this.expect("op", "}");
    }
    if (matchers.length === 0) this.fail(this.peek(), "expected a vector selector, got");
    if (matchers.every((m) => matches(m, ""))) {
      throw new PromQLError("vector selector must contain at least one non-empty matcher");
    }
    this.expect("op", "[");
    const rangeMs = parseDurationMs(this.expect("dur").text);
    if (rangeMs <= 0) throw new PromQLError("range must be positive");
    this.expect("op", "]");
    this.expect("op", ")");
    return { kind: "range", fn, matchers, rangeMs };
  }
}

function matches(m: Matcher, value: string): boolean {
  switch (m.op) {
    case "=":
      return value === m.value;
    case "!=":
      return value !== m.value;
    case "=~":
      return m.re?.test(value) ?? false;
    case "!~":
      return !(m.re?.test(value) ?? false);
  }
}

export function parseQuery(query: string): Expr {
  return new Parser(tokenize(query)).parse();
}

function groupKey(metric: Record<string, string>): string {
  return JSON.stringify(Object.entries(metric).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function evaluate(e: Expr, atMs: number, series: readonly Series[]): Sample[] {
  if (e.kind === "range") {
    const out: Sample[] = [];
    for (const s of series) {
      const labels: Record<string, string> = { __name__: s.name, ...s.labels };
      if (!e.matchers.every((m) => matches(m, labels[m.name] ?? ""))) continue;
      const v = extrapolatedIncrease(s, atMs, e.rangeMs, e.fn === "rate");
      if (v !== undefined) out.push({ metric: { ...s.labels }, value: v });
    }
    return out;
  }
  const input = evaluate(e.inner, atMs, series);
  const groups = new Map<string, { metric: Record<string, string>; members: Sample[] }>();
  for (const sample of input) {
    const metric: Record<string, string> = {};
    if (e.kind === "sum") {
      for (const l of e.by ?? []) if (sample.metric[l] !== undefined) metric[l] = sample.metric[l];
    } else {
      // histogram_quantile groups by every label but le; series without le are ignored.
      if (sample.metric.le === undefined) continue;
      for (const [k, v] of Object.entries(sample.metric)) if (k !== "le") metric[k] = v;
    }
    const key = groupKey(metric);
    const g = groups.get(key) ?? { metric, members: [] };
    g.members.push(sample);
    groups.set(key, g);
  }
  return [...groups.values()].map(({ metric, members }) => {
    if (e.kind === "sum") return { metric, value: members.reduce((a, m) => a + m.value, 0) };
    const buckets: Bucket[] = members.map((m) => ({
      le: parseLe(m.metric.le ?? ""),
      count: m.value,
    }));
    return { metric, value: bucketQuantile(e.q, buckets) };
  });
}

/** Evaluate a supported instant query at `at` (unix seconds) over the model. */
export function evaluateQuery(query: string, at: number, model: TrafficModel): Sample[] {
  const expr = parseQuery(query);
  // Prometheus evaluates at millisecond precision.
  return evaluate(expr, Math.round(at * 1000), seriesOfAll(model.versions, model.span));
}

/** A float as Go's strconv.FormatFloat(v, 'f', -1, 64) writes it, as Prometheus does. */
export function formatPromValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Number.POSITIVE_INFINITY) return "+Inf";
  if (v === Number.NEGATIVE_INFINITY) return "-Inf";
  const s = String(v);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, lead, frac = "", expText] = m;
  const digits = `${lead}${frac}`;
  const exp = Number(expText);
  if (exp >= 0) return `${sign}${digits.padEnd(exp + 1, "0")}`;
  return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
}

// ---------------------------------------------------------------------------------------
// The HTTP server.

/** Prometheus's `time` parameter: unix seconds (float) or RFC 3339. */
function parseTimeParam(text: string): number {
  if (/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  if (/^\d{4}-\d\d-\d\dT/.test(text) && !Number.isNaN(ms)) return ms / 1000;
  throw new PromQLError(`invalid parameter "time": cannot parse "${text}" to a valid timestamp`);
}

function parseTimeoutMs(text: string): number {
  if (/^(?:\d+(?:\.\d*)?|\.\d+)$/.test(text)) return Number(text) * 1000;
  try {
    return parseDurationMs(text);
  } catch {
    throw new PromQLError(`invalid parameter "timeout": cannot parse "${text}" to a valid duration`);
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** The query parsed, or Prometheus's error for the parameter: `invalid parameter "query": 1:16: parse error: …`. */
function parseQueryParam(query: string): Expr {
  try {
    return parseQuery(query);
  } catch (err) {
    if (!(err instanceof PromQLError)) throw err;
    const [, at = `1:${query.length + 1}`, what = err.message] = /^(\d+:\d+): (.*)$/s.exec(err.message) ?? [];
    throw new PromQLError(`invalid parameter "query": ${at}: parse error: ${what}`);
  }
}

export async function startFakePrometheus(options: FakePrometheusOptions): Promise<FakePrometheus> {
  const clock = options.clock ?? (() => Date.now() / 1000);
  let versions = options.versions;
  const span: Span = {
    from: options.from ?? clock() - 6 * 3600,
    to: options.to ?? Number.POSITIVE_INFINITY,
  };
  const requests: FakeRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://fake");
    const record: FakeRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: undefined,
      time: undefined,
      timeout: undefined,
      headers: { ...req.headers },
      receivedAt: clock(),
      status: 0,
    };
    requests.push(record);
    options.log?.push(record);
    const reply = (status: number, body: unknown) => {
      record.status = status;
      send(res, status, body);
    };
    const fail = (status: number, errorType: string, error: string) =>
      reply(status, { status: "error", errorType, error });

    if (url.pathname === "/-/ready" || url.pathname === "/-/healthy") {
      record.status = 200;
      res.writeHead(200, { "content-type": "text/plain" }).end("Prometheus Server is Ready.\n");
      return;
    }
    if (url.pathname !== "/api/v1/query") {
      record.status = 404;
      res.writeHead(404, { "content-type": "text/plain" }).end("404 page not found\n");
      return;
    }
    if (record.method !== "GET" && record.method !== "POST") {
      record.status = 405;
      res.writeHead(405, { "content-type": "text/plain" }).end("Method Not Allowed\n");
      return;
    }
    const params = new URLSearchParams(url.search);
    if (record.method === "POST") {
      const type = String(req.headers["content-type"] ?? "");
      const body = await readBody(req);
      if (type.startsWith("application/x-www-form-urlencoded")) {
        for (const [k, v] of new URLSearchParams(body)) params.append(k, v);
      }
    }
    record.query = params.get("query") ?? undefined;
    record.time = params.get("time") ?? undefined;
    record.timeout = params.get("timeout") ?? undefined;

    const wait = (ms: number) =>
      new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          timers.delete(t);
          resolve();
        }, ms);
        timers.add(t);
      });
    try {
      // Parameters are checked before evaluation, as Prometheus does; "now" is arrival time.
      const at = record.time === undefined ? record.receivedAt : parseTimeParam(record.time);
      const timeoutMs = record.timeout === undefined ? undefined : parseTimeoutMs(record.timeout);
      const expr = parseQueryParam(record.query ?? "");
      const delay = options.delayMs ?? 0;
      if (timeoutMs !== undefined && delay > timeoutMs) {
        // A query slower than its timeout is abandoned at the timeout.
        await wait(timeoutMs);
        fail(503, "timeout", "query timed out in query execution");
        return;
      }
      if (delay > 0) await wait(delay);
      const served = typeof versions === "function" ? versions() : versions;
      const result = evaluate(expr, Math.round(at * 1000), seriesOfAll(served, span));
      const ts = Math.round(at * 1000) / 1000;
      reply(200, {
        status: "success",
        data: {
          resultType: "vector",
          result: result.map((s) => ({ metric: s.metric, value: [ts, formatPromValue(s.value)] })),
        },
      });
    } catch (err) {
      if (!(err instanceof PromQLError)) throw err;
      fail(400, "bad_data", err.message);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { status: "error", errorType: "internal", error: String(err) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setVersions(next) {
      versions = next;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
