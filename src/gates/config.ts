// Gate configuration: the YAML users write, validated into typed gates with messages that name the gate.

import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { parseDuration } from "../plan.ts";

export const PROVIDERS = ["prometheus"] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export const TEMPLATE_VARS = [
  "sha",
  "short_sha",
  "baseline_sha",
  "environment",
  "stage",
  "percent",
  "window",
  "stage_started_at",
  "stage_started_unix",
] as const;
export type TemplateVar = (typeof TEMPLATE_VARS)[number];

export type Policy = "hold" | "pass" | "fail";

interface GateBase {
  name: string;
  provider: ProviderName;
  url: string;
  headers: Record<string, string>;
  bearerToken?: string;
  basicAuth?: { username: string; password: string };
  timeoutMs: number;
  retries: number;
  onNoData: Policy;
  onError: Policy;
}

export interface ValueGate extends GateBase {
  kind: "value";
  query: string;
  max?: number;
  min?: number;
}

export interface CountGate extends GateBase {
  kind: "count";
  errors: string;
  total: string;
  maxErrorRate: number;
  minRequests: number;
}

export type GateConfig = ValueGate | CountGate;

export const DEFAULT_MIN_REQUESTS = 100;

const MAX_TIMEOUT_MS = 10 * 60 * 1000;

// A number means seconds; text is a duration such as "10s". Bounded so a timer can hold it.
const timeout = z.union([z.string(), z.number()]).transform((raw, ctx) => {
  let ms: number;
  try {
    ms = typeof raw === "number" ? raw * 1000 : parseDuration(raw) * 1000;
  } catch (error) {
    ctx.addIssue({ code: "custom", message: `"${raw}" ${(error as Error).message}` });
    return z.NEVER;
  }
  if (!(ms > 0 && ms <= MAX_TIMEOUT_MS)) {
    ctx.addIssue({ code: "custom", message: `"${raw}" must be more than 0s and at most 10m` });
    return z.NEVER;
  }
  return ms;
});

const policy = z.enum(["hold", "pass", "fail"]);
const scalarString = z.union([z.string(), z.number(), z.boolean()]).transform(String);

const baseShape = {
  name: z.string().trim().min(1).max(100),
  provider: z.enum(PROVIDERS),
  url: z.string().trim().min(1),
  headers: z.record(z.string().min(1), scalarString).default({}),
  "bearer-token": z.string().min(1).optional(),
  "basic-auth": z.strictObject({ username: z.string(), password: z.string() }).optional(),
  timeout: timeout.default(10_000),
  retries: z.int().min(0).max(10).default(2),
  "on-no-data": policy.default("hold"),
  "on-error": policy.default("hold"),
};

const valueSchema = z
  .strictObject({
    ...baseShape,
    query: z.string().trim().min(1),
    max: z.number().optional(),
    min: z.number().optional(),
  })
  .refine((g) => g.max !== undefined || g.min !== undefined, {
    message: "a query gate needs max, min or both",
  })
  .refine((g) => g.max === undefined || g.min === undefined || g.min <= g.max, {
    message: "min must not be above max",
  });

const countSchema = z.strictObject({
  ...baseShape,
  errors: z.string().trim().min(1),
  total: z.string().trim().min(1),
  "max-error-rate": z.number().min(0).max(1),
  "min-requests": z.number().min(0).default(DEFAULT_MIN_REQUESTS),
});

type RawBase = z.output<typeof valueSchema> | z.output<typeof countSchema>;

function base(raw: RawBase): GateBase {
  return {
    name: raw.name,
    provider: raw.provider,
    url: raw.url,
    headers: raw.headers,
    ...(raw["bearer-token"] !== undefined && { bearerToken: raw["bearer-token"] }),
    ...(raw["basic-auth"] !== undefined && { basicAuth: raw["basic-auth"] }),
    timeoutMs: raw.timeout,
    retries: raw.retries,
    onNoData: raw["on-no-data"],
    onError: raw["on-error"],
  };
}

export class GateConfigError extends Error {}

function formatIssues(label: string, error: z.ZodError): string {
  // A misspelt key also makes its correct spelling "missing": name the misspelling first.
  const issues = [...error.issues].sort(
    (a, b) => Number(b.code === "unrecognized_keys") - Number(a.code === "unrecognized_keys"),
  );
  const lines = issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      return `${label}: unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
    }
    const where = path ? `"${path}"` : "";
    if (issue.code === "invalid_type" && issue.input === undefined) {
      return `${label}: ${where} is required`;
    }
    if (issue.code === "invalid_type") {
      return `${label}: ${where} must be a ${issue.expected}, got ${JSON.stringify(issue.input)}`;
    }
    return `${label}: ${where ? `${where} ` : ""}${issue.message}`;
  });
  return lines.join("; ");
}

const TEMPLATE_RE = /\{\{\s*([^}]*?)\s*\}\}/g;

function checkTemplates(label: string, gate: GateConfig): void {
  const texts = [gate.url, ...Object.values(gate.headers)];
  if (gate.kind === "value") texts.push(gate.query);
  else texts.push(gate.errors, gate.total);
  for (const text of texts) {
    for (const match of text.matchAll(TEMPLATE_RE)) {
      const name = match[1] ?? "";
      if (!(TEMPLATE_VARS as readonly string[]).includes(name)) {
        throw new GateConfigError(
          `${label}: unknown template variable "{{${name}}}"; use one of ${TEMPLATE_VARS.map((v) => `{{${v}}}`).join(", ")}`,
        );
      }
    }
  }
}

function checkUrl(label: string, url: string): void {
  // Secrets and templates may stand anywhere in the URL, so check its shape with placeholders filled in.
  const probe = url.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*\}/g, "x").replace(TEMPLATE_RE, "x");
  let parsed: URL;
  try {
    parsed = new URL(probe);
  } catch {
    throw new GateConfigError(`${label}: "url" ${JSON.stringify(url)} is not a URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new GateConfigError(`${label}: "url" must be http or https, got ${parsed.protocol}`);
  }
}

export function parseGate(raw: unknown, index: number): GateConfig {
  const named =
    raw && typeof raw === "object" && typeof (raw as { name?: unknown }).name === "string"
      ? ` "${(raw as { name: string }).name}"`
      : "";
  const label = `gate ${index + 1}${named}`;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new GateConfigError(`${label}: must be a mapping of keys such as name, provider, url`);
  }
  const keys = Object.keys(raw);
  if (keys.includes("baseline") || keys.includes("max-increase")) {
    throw new GateConfigError(
      `${label}: baseline comparison ("baseline", "max-increase") is not supported by this version yet`,
    );
  }
  const isCount = keys.includes("errors") || keys.includes("total");
  const isValue = keys.includes("query");
  if (isCount && isValue) {
    throw new GateConfigError(`${label}: give either "query" or "errors" and "total", not both`);
  }
  if (!isCount && !isValue) {
    throw new GateConfigError(
      `${label}: needs "query" (with max/min) or "errors" and "total" (with max-error-rate)`,
    );
  }
  let gate: GateConfig;
  if (isCount) {
    const result = countSchema.safeParse(raw, { reportInput: true });
    if (!result.success) throw new GateConfigError(formatIssues(label, result.error));
    const g = result.data;
    gate = {
      kind: "count",
      ...base(g),
      errors: g.errors,
      total: g.total,
      maxErrorRate: g["max-error-rate"],
      minRequests: g["min-requests"],
    };
  } else {
    const result = valueSchema.safeParse(raw, { reportInput: true });
    if (!result.success) throw new GateConfigError(formatIssues(label, result.error));
    const g = result.data;
    gate = {
      kind: "value",
      ...base(g),
      query: g.query,
      ...(g.max !== undefined && { max: g.max }),
      ...(g.min !== undefined && { min: g.min }),
    };
  }
  checkUrl(label, gate.url);
  checkTemplates(label, gate);
  return gate;
}

const MAX_GATES_TEXT = 256 * 1024;
const MAX_GATES = 50;

/** Parses the `gates` input (a YAML list). Empty text means no gates. */
export function parseGates(text: string | undefined): GateConfig[] {
  if (text === undefined || text.trim() === "") return [];
  if (text.length > MAX_GATES_TEXT) {
    throw new GateConfigError(`is ${text.length} characters long; at most ${MAX_GATES_TEXT} are accepted`);
  }
  let doc: unknown;
  try {
    // A small alias budget stops "billion laughs" documents from expanding.
    doc = parseYaml(text, { maxAliasCount: 100, prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    throw new GateConfigError(`is not valid YAML: ${first}`);
  }
  if (doc === null || doc === undefined) return [];
  if (!Array.isArray(doc))
    throw new GateConfigError('must be a YAML list of gates (each item starting with "- name:")');
  if (doc.length > MAX_GATES)
    throw new GateConfigError(`lists ${doc.length} gates; at most ${MAX_GATES} are accepted`);
  const gates = doc.map((raw, i) => parseGate(raw, i));
  const seen = new Set<string>();
  for (const gate of gates) {
    if (seen.has(gate.name))
      throw new GateConfigError(`two gates are named "${gate.name}"; names must be unique`);
    seen.add(gate.name);
  }
  return gates;
}
