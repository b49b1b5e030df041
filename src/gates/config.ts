// Gate configuration: the YAML users write, validated into typed gates with messages that name the gate.
// The keys every gate shares live here and in schema.ts; each provider's own keys live in its file.

import { z } from "zod";
import {
  authShape,
  COMPARISON_KEYS,
  commonShape,
  comparisonShape,
  countShape,
  formatIssues,
  GateConfigError,
  type GateKind,
  isLoopback,
  PARSE_OPTIONS,
  type Policy,
  probeUrl,
  type SplitPolicy,
  guardShape,
  text,
  valueShape,
} from "./schema.ts";
import type { Built, ProviderSpec } from "./provider.ts";
import {
  isProviderName,
  loadProviders,
  PROVIDER_NAMES,
  type ProviderName,
  type Providers,
} from "./registry.ts";
import { gateTexts, SECRET_RE, TEMPLATE_RE, TEMPLATE_VARS } from "./template.ts";
import { readYaml, YamlError } from "../yaml.ts";

export {
  DEFAULT_CONFIDENCE,
  DEFAULT_MIN_REQUESTS,
  GateConfigError,
  type GateKind,
  type Policy,
  type SplitPolicy,
} from "./schema.ts";

interface GateBase {
  name: string;
  provider: ProviderName;
  /** The provider's own settings, as its spec built them (read with optionsOf). */
  options?: unknown;
  /** Set when the gate signs its requests for AWS: the region it names, if any (else AWS_REGION's). */
  aws?: { region: string | undefined };
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
  /** How long the provider keeps data (`retention`), in seconds: `replay` does not ask for older windows. */
  retentionSeconds?: number;
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
  /** 1 (no limit) on a comparison that does not set `max-error-rate`. */
  maxErrorRate: number;
  /** 0 on a comparison that does not set `min-requests`. */
  minRequests: number;
  /** A `baseline:` block: the canary is judged against the version it replaces (docs/statistics.md). */
  baseline?: Comparison;
}

/** A count gate's comparison with the baseline. */
export interface Comparison {
  /**
   * The gate as it asks about the baseline: the same provider, URL and keys, with the `baseline:` block's
   * errors and total (and the provider keys the block may set, such as Sentry's release).
   */
  arm: CountGate;
  /** δ: the relative increase of the error rate tolerated; the gate fails beyond a ratio of 1 + δ. */
  maxIncrease: number;
  /** 1 − the bound on false rollbacks, however many runs look. */
  confidence: number;
  /** φ ≥ 1: how much burstier errors are than independent ones; 1 by default. */
  dispersion: number;
  /** `max-error-rate` or `min-requests` was given: they also guard the canary's own error rate. */
  guard: boolean;
  /** The traffic-split check; unset figures take src/stats/split.ts's defaults. */
  split: SplitSettings;
}

/** A comparison's check of the traffic split (docs/statistics.md, "The traffic-split check"). */
export interface SplitSettings {
  /** What a split outside the band does in the current stage: hold the gate, fail it, or only warn. */
  onMismatch: SplitPolicy;
  /** Relative: the canary's share may be within ±tolerance of the stage's share. */
  tolerance?: number;
  /** φ ≥ 1: a user's requests in an hour, request-weighted (per-user routing makes shares lumpy). */
  dispersion?: number;
  /** How long after a transition the previous split may still show, in seconds. */
  settleSeconds?: number;
}

export type GateConfig = ValueGate | CountGate;

/** `plain`: a gate on its own; `compare`: with a `baseline:` block; `arm`: the baseline's side of one. */
type Mode = "plain" | "compare" | "arm";

function baselineBlock(spec: ProviderSpec) {
  const errors = spec.forms?.errors ?? text;
  const total = spec.forms?.total ?? text;
  const optional = spec.baseline?.countsOptional === true;
  return z.strictObject({
    errors: optional ? errors.optional() : errors,
    total: optional ? total.optional() : total,
    ...spec.baseline?.keys,
  });
}

function schemaFor(spec: ProviderSpec, kind: GateKind, mode: Mode = "plain") {
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
      ...(mode === "plain" ? countShape : guardShape),
      ...(mode === "compare" && { ...comparisonShape, baseline: baselineBlock(spec) }),
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
  const known = PROVIDER_NAMES.join(", ");
  if (p === undefined) throw new GateConfigError(`${label}: "provider" is required; use one of ${known}`);
  if (typeof p !== "string" || !isProviderName(p)) {
    throw new GateConfigError(`${label}: "provider" ${JSON.stringify(p)} is not known; use one of ${known}`);
  }
  return p;
}

function specOf(providers: Providers, name: ProviderName): ProviderSpec {
  const provider = providers[name];
  if (!provider) throw new Error(`the ${name} provider was not loaded before its gates were parsed`);
  return provider.spec;
}

/** One gate of the list; `providers` holds (at least) the providers the gate may name. */
export function parseGate(raw: unknown, index: number, providers: Providers): GateConfig {
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
  const isCount = keys.includes("errors") || keys.includes("total");
  const isValue = keys.includes("query");
  if (isCount && isValue) {
    throw new GateConfigError(`${label}: give either "query" or "errors" and "total", not both`);
  }
  const comparing = keys.filter((k) => (COMPARISON_KEYS as readonly string[]).includes(k));
  if (comparing.length > 0) checkComparison(label, record, comparing, isCount);
  if (!isCount && !isValue) {
    throw new GateConfigError(
      `${label}: needs "query" (with max/min) or "errors" and "total" (with max-error-rate)`,
    );
  }
  const provider = providerOf(label, record);
  const spec = specOf(providers, provider);
  const kind: GateKind = isCount ? "count" : "value";
  const mode: Mode = comparing.length > 0 ? "compare" : "plain";
  const result = schemaFor(spec, kind, mode).safeParse(raw, PARSE_OPTIONS);
  if (!result.success) throw new GateConfigError(formatIssues(label, result.error));
  const g = result.data as Parsed;
  const gate = toGate(g, provider, kind, spec.build(g, { label, kind }), label, g["allow-insecure"]);
  if (gate.kind === "count" && mode === "compare") {
    gate.baseline = comparisonOf(g, spec, provider, record, label);
    if (g["max-error-rate"] === undefined) gate.maxErrorRate = 1;
    if (g["min-requests"] === undefined) gate.minRequests = 0;
  }
  checkTemplates(label, gate);
  return gate;
}

type Parsed = Record<string, unknown> & z.output<z.ZodObject<typeof commonShape>>;

function checkComparison(
  label: string,
  record: Record<string, unknown>,
  comparing: string[],
  isCount: boolean,
): void {
  if (!comparing.includes("baseline")) {
    const named = comparing.map((k) => `"${k}"`).join(", ");
    throw new GateConfigError(
      `${label}: ${named} ${comparing.length > 1 ? "belong" : "belongs"} to a comparison with the baseline, but the gate has no "baseline:" block; add one with the baseline's "errors" and "total"`,
    );
  }
  if (!isCount) {
    throw new GateConfigError(
      `${label}: "baseline" compares error counts: the gate needs the canary's "errors" and "total" (not "query"), and the block the baseline's`,
    );
  }
  if (!comparing.includes("max-increase")) {
    throw new GateConfigError(
      `${label}: a comparison with the baseline needs "max-increase": the relative increase of the error rate tolerated, such as 0.2 for +20%`,
    );
  }
  const block = record.baseline;
  if (block === null || typeof block !== "object" || Array.isArray(block)) {
    throw new GateConfigError(
      `${label}: "baseline" must be a mapping with the baseline's "errors" and "total", got ${JSON.stringify(block)}`,
    );
  }
}

/** The baseline's side of a comparison: the gate's own keys with the `baseline:` block's laid over them. */
function comparisonOf(
  g: Parsed,
  spec: ProviderSpec,
  provider: ProviderName,
  record: Record<string, unknown>,
  label: string,
): Comparison {
  const armLabel = `${label}: in "baseline"`;
  const own = Object.entries(record).filter(([k]) => !(COMPARISON_KEYS as readonly string[]).includes(k));
  const block = Object.entries(record.baseline as Record<string, unknown>).filter(([, v]) => v !== undefined);
  const armRaw = Object.fromEntries([...own, ...block]);
  const parsed = schemaFor(spec, "count", "arm").safeParse(armRaw, PARSE_OPTIONS);
  if (!parsed.success) throw new GateConfigError(formatIssues(armLabel, parsed.error));
  const a = parsed.data as Parsed;
  const arm = toGate(
    a,
    provider,
    "count",
    spec.build(a, { label: armLabel, kind: "count" }),
    armLabel,
    a["allow-insecure"],
  );
  if (arm.kind !== "count") throw new Error("the baseline's side of a gate is a count gate");
  return {
    arm,
    maxIncrease: g["max-increase"] as number,
    confidence: g.confidence as number,
    dispersion: g.dispersion as number,
    guard: g["max-error-rate"] !== undefined || g["min-requests"] !== undefined,
    split: {
      onMismatch: g["on-split-mismatch"] as SplitPolicy,
      ...(g["split-tolerance"] !== undefined && { tolerance: g["split-tolerance"] as number }),
      ...(g["split-dispersion"] !== undefined && { dispersion: g["split-dispersion"] as number }),
      ...(g["split-settle"] !== undefined && { settleSeconds: g["split-settle"] as number }),
    },
  };
}

function toGate(
  g: Parsed,
  provider: ProviderName,
  kind: GateKind,
  built: Built,
  label: string,
  allowInsecure: boolean,
): GateConfig {
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
    ...(g.retention !== undefined && { retentionSeconds: g.retention }),
    ...(built.options !== undefined && { options: built.options }),
    ...(built.aws && { aws: built.aws }),
  };
  const gate: GateConfig =
    kind === "count"
      ? {
          kind: "count",
          ...base,
          errors: built.errors ?? (g.errors as string),
          total: built.total ?? (g.total as string),
          maxErrorRate: (g["max-error-rate"] as number | undefined) ?? 1,
          minRequests: (g["min-requests"] as number | undefined) ?? 0,
        }
      : {
          kind: "value",
          ...base,
          query: built.query ?? (g.query as string),
          ...(g.max !== undefined && { max: g.max as number }),
          ...(g.min !== undefined && { min: g.min as number }),
        };
  const texts = gateTexts(gate);
  const usesSecrets = texts.some((t) => new RegExp(SECRET_RE.source).test(t));
  const credentials = built.credentials || usesSecrets || gate.bearerToken !== undefined || !!gate.basicAuth;
  checkUrl(label, gate.url, credentials, allowInsecure);
  return gate;
}

const MAX_GATES_TEXT = 256 * 1024;
const MAX_GATES = 50;

/** The YAML of the `gates` input, its errors as the gates' own. */
function readGatesYaml(text: string): unknown {
  try {
    return readYaml(text);
  } catch (error) {
    if (error instanceof YamlError) throw new GateConfigError(error.message);
    throw error;
  }
}

/** The `gates` input as a list of raw gates (YAML read, sizes checked); empty text means none. */
function gateList(text: string | undefined): unknown[] {
  if (text === undefined || text.trim() === "") return [];
  if (text.length > MAX_GATES_TEXT) {
    throw new GateConfigError(`is ${text.length} characters long; at most ${MAX_GATES_TEXT} are accepted`);
  }
  const doc = readGatesYaml(text);
  if (doc === null || doc === undefined) return [];
  if (!Array.isArray(doc))
    throw new GateConfigError('must be a YAML list of gates (each item starting with "- name:")');
  if (doc.length > MAX_GATES)
    throw new GateConfigError(`lists ${doc.length} gates; at most ${MAX_GATES} are accepted`);
  return doc;
}

/** Reads the `gates` input, loading the providers its gates name (and only those). */
export async function readGates(text: string | undefined): Promise<GateConfig[]> {
  const list = gateList(text);
  const named = list.flatMap((raw) => {
    const p = (raw as { provider?: unknown } | null)?.provider;
    return typeof p === "string" && isProviderName(p) ? [p] : [];
  });
  return parseGateList(list, await loadProviders(named));
}

/** Parses the `gates` input (a YAML list) with providers already loaded. Empty text means no gates. */
export function parseGates(text: string | undefined, providers: Providers): GateConfig[] {
  return parseGateList(gateList(text), providers);
}

function parseGateList(list: unknown[], providers: Providers): GateConfig[] {
  const gates = list.map((raw, i) => parseGate(raw, i, providers));
  const seen = new Set<string>();
  for (const gate of gates) {
    if (seen.has(gate.name))
      throw new GateConfigError(`two gates are named "${gate.name}"; names must be unique`);
    seen.add(gate.name);
  }
  return gates;
}
