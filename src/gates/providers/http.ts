// Any HTTP endpoint that answers JSON: one request per gate (method, headers, body), and each figure picked
// out of the answer with JSONPath (jsonpath-plus) or JMESPath, for in-house systems.

import {
  compile as compileJmesPath,
  search as jmesSearch,
  type JSONValue,
} from "@jmespath-community/jmespath";
import { JSONPath } from "jsonpath-plus";
import { z } from "zod";
import { ProviderError, parseJson, quote, send, statusError } from "../request.ts";
import {
  optionsOf,
  type Provider,
  type ProviderSpec,
  type QueryRequest,
  type QueryResult,
} from "../provider.ts";
import { GateConfigError, text } from "../schema.ts";
import { SECRET_RE, TEMPLATE_RE } from "../template.ts";

export type Syntax = "jsonpath" | "jmespath";

export interface HttpJsonOptions {
  method: "GET" | "POST";
  /** The body as written: text, or a mapping sent as JSON (each string in it templated on its own). */
  body?: string | { json: unknown };
  syntax: Syntax;
}

const jsonValue: z.ZodType = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
);

function placeholders(expr: string): string {
  return expr
    .replace(new RegExp(TEMPLATE_RE.source, "g"), "x")
    .replace(new RegExp(SECRET_RE.source, "g"), "x");
}

/** Index of the `]` closing the `[` at `open`, skipping quoted text and nested brackets; -1 if none. */
function closing(p: string, open: number): number {
  let depth = 0;
  for (let i = open; i < p.length; i++) {
    const c = p[i];
    if (c === "'" || c === '"') {
      const end = p.indexOf(c, i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (c === "[" || c === "(") depth++;
    else if (c === "]" || c === ")") {
      depth--;
      if (depth === 0) return c === "]" ? i : -1;
    }
  }
  return -1;
}

/**
 * What is wrong with a JSONPath, or undefined if it reads. jsonpath-plus accepts almost any text (it reads
 * "$.a.[" as "$.a.."), so the shape is checked here: `$`, then `.name`, `..name`, `.*` and `[...]` steps.
 */
export function jsonPathProblem(path: string): string | undefined {
  const p = placeholders(path.trim());
  if (!p.startsWith("$")) return 'must start with "$" (the document\'s root)';
  let i = 1;
  while (i < p.length) {
    const c = p[i];
    if (c === ".") {
      const descendant = p[i + 1] === ".";
      i += descendant ? 2 : 1;
      if (descendant && p[i] === "[") continue;
      const name = /^(?:\*|[A-Za-z_$@\u0080-\uffff][\w$@\-\u0080-\uffff]*|\d+)/.exec(p.slice(i));
      if (!name) return `expected a name after "." at character ${i + 1}`;
      i += name[0].length;
    } else if (c === "[") {
      const end = closing(p, i);
      if (end < 0) return `the "[" at character ${i + 1} is not closed`;
      if (p.slice(i + 1, end).trim() === "") return `empty "[]" at character ${i + 1}`;
      i = end + 1;
    } else {
      return `unexpected ${JSON.stringify(c)} at character ${i + 1}`;
    }
  }
  return undefined;
}

export function jmesPathProblem(expr: string): string | undefined {
  try {
    compileJmesPath(placeholders(expr));
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

export const httpJsonSpec: ProviderSpec = {
  url: "required",
  auth: true,
  keys: {
    method: z
      .enum(["GET", "POST", "get", "post"])
      .transform((m) => m.toUpperCase() as "GET" | "POST")
      .default("GET"),
    body: z.union([z.string(), z.record(z.string(), jsonValue), z.array(jsonValue)]).optional(),
    syntax: z.enum(["jsonpath", "jmespath"]).default("jsonpath"),
  },
  // The baseline's counts may be in the same answer (the default) or come from a request of their own.
  baseline: {
    keys: {
      url: text.optional(),
      body: z.union([z.string(), z.record(z.string(), jsonValue), z.array(jsonValue)]).optional(),
    },
  },
  build(k, { label, kind }) {
    const syntax = k.syntax as Syntax;
    const method = k.method as "GET" | "POST";
    const keys = kind === "count" ? ["errors", "total"] : ["query"];
    for (const key of keys) {
      const expr = k[key] as string;
      const problem = syntax === "jsonpath" ? jsonPathProblem(expr) : jmesPathProblem(expr);
      if (problem) {
        throw new GateConfigError(
          `${label}: "${key}" is not a valid ${syntax === "jsonpath" ? "JSONPath" : "JMESPath"} (${problem}): ${expr}`,
        );
      }
    }
    if (k.body !== undefined && method === "GET") {
      throw new GateConfigError(`${label}: a GET request has no body; set method: POST to send "body"`);
    }
    const body = k.body === undefined ? undefined : typeof k.body === "string" ? k.body : { json: k.body };
    return {
      url: k.url as string,
      options: { method, syntax, ...(body !== undefined && { body }) } satisfies HttpJsonOptions,
      credentials: false,
    };
  },
};

function renderJson(value: unknown, render: (t: string) => string): unknown {
  if (typeof value === "string") return render(value);
  if (Array.isArray(value)) return value.map((v) => renderJson(v, render));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderJson(v, render)]));
  }
  return value;
}

const SPECIAL: Record<string, number> = {
  NaN: Number.NaN,
  Inf: Number.POSITIVE_INFINITY,
  "+Inf": Number.POSITIVE_INFINITY,
  Infinity: Number.POSITIVE_INFINITY,
  "-Inf": Number.NEGATIVE_INFINITY,
  "-Infinity": Number.NEGATIVE_INFINITY,
};

/** A picked value as a number: null is no data, numeric text is read (NaN included), anything else is an error. */
export function numberFrom(v: unknown, expr: string): number | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const t = v.trim();
    const special = Object.hasOwn(SPECIAL, t) ? SPECIAL[t] : undefined;
    if (special !== undefined) return special;
    const n = Number(t);
    if (t !== "" && Number.isFinite(n)) return n;
  }
  throw new ProviderError(`${expr} picked ${quote(v)}, which is not a number`, false);
}

export function pick(doc: unknown, expr: string, syntax: Syntax): number | undefined {
  if (syntax === "jmespath") {
    let found: unknown;
    try {
      found = jmesSearch(doc as JSONValue, expr);
    } catch (error) {
      throw new ProviderError(`${expr} failed on the answer: ${(error as Error).message}`, false);
    }
    return numberFrom(found, expr);
  }
  if (doc === null || typeof doc !== "object") {
    throw new ProviderError(`the answer is ${quote(doc)}, not a JSON object or list for ${expr}`, false);
  }
  let matches: unknown[];
  try {
    matches = (JSONPath({ path: expr, json: doc, wrap: true }) as unknown[] | undefined) ?? [];
  } catch (error) {
    throw new ProviderError(
      `${expr} failed on the answer: ${error instanceof Error ? error.message : quote(error)}`,
      false,
    );
  }
  if (matches.length === 0) return undefined;
  if (matches.length > 1) {
    throw new ProviderError(`${expr} matched ${matches.length} values; a gate needs exactly one`, false);
  }
  return numberFrom(matches[0], expr);
}

/** The request a gate's figures come from, with templates and secrets filled in. */
function requestOf(req: QueryRequest): { method: "GET" | "POST"; url: string; body: string | undefined } {
  const opts = optionsOf<HttpJsonOptions>(req.gate);
  const render = (t: string) => req.render(t).sent;
  const body =
    opts.body === undefined
      ? undefined
      : typeof opts.body === "string"
        ? render(opts.body)
        : JSON.stringify(renderJson(opts.body.json, render));
  return { method: opts.method, url: req.url, body };
}

async function fetchDocument(
  req: QueryRequest,
  { method, url, body }: ReturnType<typeof requestOf>,
  http: Parameters<Provider["query"]>[1],
): Promise<unknown> {
  const hasType = Object.keys(req.headers).some((h) => h.toLowerCase() === "content-type");
  const res = await send(
    {
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
    },
    http,
  );
  if (res.status >= 400) {
    const snippet = res.text.slice(0, 160).replace(/\s+/g, " ");
    const what = res.status === 401 || res.status === 403 ? "authentication failed" : "error";
    throw statusError(res.status, `HTTP ${res.status}, ${what}${snippet ? `: ${snippet}` : ""}`);
  }
  return parseJson(res, "a");
}

export const httpJson: Provider = {
  spec: httpJsonSpec,
  async query(req, http): Promise<QueryResult> {
    const opts = optionsOf<HttpJsonOptions>(req.gate);
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
