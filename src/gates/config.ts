// Gate configuration: the YAML users write, validated into typed gates with messages that name the gate.
// The keys every gate shares live here and in schema.ts; each provider's own keys live in its file.

import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { type CloudWatchOptions, cloudwatchSpec } from "./cloudwatch.ts";
import { type DatadogOptions, datadogSpec } from "./datadog.ts";
import { type HttpJsonOptions, httpJsonSpec } from "./httpjson.ts";
import { type NewRelicOptions, newrelicSpec } from "./newrelic.ts";
import { type PrometheusOptions, prometheusSpec } from "./prometheus.ts";
import {
  authShape,
  commonShape,
  countShape,
  formatIssues,
  GateConfigError,
  type GateKind,
  isLoopback,
  type Policy,
  probeUrl,
  SECRET_RE,
  TEMPLATE_RE,
  text,
  valueShape,
} from "./schema.ts";
import { type SentryOptions, sentrySpec } from "./sentry.ts";

export { DEFAULT_MIN_REQUESTS, GateConfigError, type GateKind, type Policy } from "./schema.ts";

export const PROVIDERS = ["prometheus", "datadog", "newrelic", "cloudwatch", "sentry", "http"] as const;
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

/** Provider-specific settings: exactly the one of the gate's provider is set (Prometheus's only when used). */
export interface ProviderOptions {
  prometheus?: PrometheusOptions;
  datadog?: DatadogOptions;
  newrelic?: NewRelicOptions;
  cloudwatch?: CloudWatchOptions;
  sentry?: SentryOptions;
  http?: HttpJsonOptions;
}

interface GateBase extends ProviderOptions {
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
  /** `dry-run: true`: evaluated and reported, but never part of the decision. */
  shadow: boolean;
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

/** What a provider's `build` makes of its keys. */
export interface Built {
  url: string;
  options: ProviderOptions;
  /** Whether the gate sends credentials of the provider's own (API keys, signatures). */
  credentials: boolean;
  /** What the report shows for the queries, when it is not the keys' text as written. */
  query?: string;
  errors?: string;
  total?: string;
}

export interface BuildContext {
  label: string;
  kind: GateKind;
}

/** What one provider adds to the gate schema: its keys, and how the parsed keys become a gate. */
export interface ProviderSpec {
  keys: z.ZodRawShape;
  url: "required" | "optional";
  /** Takes `bearer-token` and `basic-auth`. */
  auth: boolean;
  /** Schemas of `query`, `errors` and `total` where they are not plain text. */
  forms?: { query?: z.ZodType; errors?: z.ZodType; total?: z.ZodType };
  build(keys: Record<string, unknown>, ctx: BuildContext): Built;
}

const SPECS: Record<ProviderName, ProviderSpec> = {
  prometheus: prometheusSpec,
  datadog: datadogSpec,
  newrelic: newrelicSpec,
  cloudwatch: cloudwatchSpec,
  sentry: sentrySpec,
  http: httpJsonSpec,
};

function schemaFor(spec: ProviderSpec, kind: GateKind) {
  const shape = {
    ...commonShape,
    ...(spec.auth ? authShape : {}),
    url: spec.url === "required" ? text : text.optional(),
    ...spec.keys,
  };
  if (kind === "count") {
    return z.strictObject({
      ...shape,
      errors: spec.forms?.errors ?? text,
      total: spec.forms?.total ?? text,
      ...countShape,
    });
  }
  return z
    .strictObject({ ...shape, query: spec.forms?.query ?? text, ...valueShape })
    .refine((g) => g.max !== undefined || g.min !== undefined, {
      message: "a query gate needs max, min or both",
    })
    .refine((g) => g.max === undefined || g.min === undefined || g.min <= g.max, {
      message: "min must not be above max",
    });
}

function stringsIn(value: unknown, out: string[]): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value !== null && typeof value === "object")
    for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}

/** Every text of a gate that may hold `${SECRET}`s or `{{templates}}`: URL, headers, auth, queries and provider keys. */
export function gateTexts(gate: GateConfig): string[] {
  const texts = [gate.url, ...Object.values(gate.headers)];
  if (gate.bearerToken) texts.push(gate.bearerToken);
  if (gate.basicAuth) texts.push(gate.basicAuth.username, gate.basicAuth.password);
  if (gate.kind === "value") texts.push(gate.query);
  else texts.push(gate.errors, gate.total);
  const options: ProviderOptions = {
    prometheus: gate.prometheus,
    datadog: gate.datadog,
    newrelic: gate.newrelic,
    cloudwatch: gate.cloudwatch,
    sentry: gate.sentry,
    http: gate.http,
  };
  return stringsIn(options, texts);
}

function checkTemplates(label: string, gate: GateConfig): void {
  for (const t of gateTexts(gate)) {
    for (const match of t.matchAll(TEMPLATE_RE)) {
      const name = match[1] ?? "";
      if (!(TEMPLATE_VARS as readonly string[]).includes(name)) {
        throw new GateConfigError(
          `${label}: unknown template variable "{{${name}}}"; use one of ${TEMPLATE_VARS.map((v) => `{{${v}}}`).join(", ")}`,
        );
      }
    }
  }
}

function checkUrl(label: string, url: string, credentials: boolean, allowInsecure: boolean): void {
  // Secrets and templates may stand anywhere in the URL, so check its shape with placeholders filled in.
  const parsed = probeUrl(url);
  if (!parsed) throw new GateConfigError(`${label}: "url" ${JSON.stringify(url)} is not a URL`);
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new GateConfigError(`${label}: "url" must be http or https, got ${parsed.protocol}`);
  }
  // A host hidden behind a secret or template cannot be known to be local, so it counts as remote.
  if (parsed.protocol === "http:" && credentials && !allowInsecure && !isLoopback(parsed.hostname)) {
    throw new GateConfigError(
      `${label}: "url" would send credentials over plain http to ${parsed.host}; use https, or set allow-insecure: true if that network is trusted`,
    );
  }
}

function providerOf(label: string, raw: Record<string, unknown>): ProviderName {
  const p = raw.provider;
  const known = PROVIDERS.join(", ");
  if (p === undefined) throw new GateConfigError(`${label}: "provider" is required; use one of ${known}`);
  if (typeof p !== "string" || !(PROVIDERS as readonly string[]).includes(p)) {
    throw new GateConfigError(`${label}: "provider" ${JSON.stringify(p)} is not known; use one of ${known}`);
  }
  return p as ProviderName;
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
  const record = raw as Record<string, unknown>;
  const keys = Object.keys(record);
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
  const provider = providerOf(label, record);
  const spec = SPECS[provider];
  const kind: GateKind = isCount ? "count" : "value";
  const result = schemaFor(spec, kind).safeParse(raw, { reportInput: true });
  if (!result.success) throw new GateConfigError(formatIssues(label, result.error));
  const g = result.data as Record<string, unknown> & z.output<z.ZodObject<typeof commonShape>>;
  const built = spec.build(g, { label, kind });
  const base = {
    name: g.name,
    provider,
    url: built.url,
    headers: g.headers,
    ...(typeof g["bearer-token"] === "string" && { bearerToken: g["bearer-token"] }),
    ...(g["basic-auth"] !== undefined && {
      basicAuth: g["basic-auth"] as { username: string; password: string },
    }),
    timeoutMs: g.timeout,
    retries: g.retries,
    onNoData: g["on-no-data"],
    onError: g["on-error"],
    shadow: g["dry-run"],
    ...built.options,
  };
  const gate: GateConfig =
    kind === "count"
      ? {
          kind: "count",
          ...base,
          errors: built.errors ?? (g.errors as string),
          total: built.total ?? (g.total as string),
          maxErrorRate: g["max-error-rate"] as number,
          minRequests: g["min-requests"] as number,
        }
      : {
          kind: "value",
          ...base,
          query: built.query ?? (g.query as string),
          ...(g.max !== undefined && { max: g.max as number }),
          ...(g.min !== undefined && { min: g.min as number }),
        };
  checkTemplates(label, gate);
  const texts = gateTexts(gate);
  const usesSecrets = texts.some((t) => new RegExp(SECRET_RE.source).test(t));
  const credentials = built.credentials || usesSecrets || gate.bearerToken !== undefined || !!gate.basicAuth;
  checkUrl(label, gate.url, credentials, g["allow-insecure"]);
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
