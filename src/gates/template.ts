// The one grammar of gate texts: `{{variables}}` filled from the rollout, `${NAME}` secrets from the step's
// environment, basic auth as it goes out, and the redaction of every secret in every form it takes.

import { AWS_CREDENTIAL_VARS, regionFrom } from "./aws.ts";
import type { GateConfig } from "./config.ts";

export const TEMPLATE_VARS = [
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
] as const;
export type TemplateVar = (typeof TEMPLATE_VARS)[number];
export type TemplateValues = Record<TemplateVar, string>;

export const SECRET_RE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
/** Any `{{ … }}`: the configuration refuses names that are not TEMPLATE_VARS, so filling finds only those. */
export const TEMPLATE_RE = /\{\{\s*([^}]*?)\s*\}\}/g;

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
  if (gate.kind === "count" && gate.baseline) texts.push(...gateTexts(gate.baseline.arm));
  return stringsIn(gate.options, texts);
}

/** The `{{variables}}` a text names. */
export function templateNames(text: string): string[] {
  return [...text.matchAll(TEMPLATE_RE)].map((m) => m[1] ?? "");
}

export class SecretError extends Error {
  override name = "SecretError";
}

/** Every `${NAME}` a gate uses, in its URL, headers, auth, queries and provider keys (api-key, body, ...). */
export function secretNames(gate: GateConfig): string[] {
  const names = new Set<string>();
  for (const text of gateTexts(gate)) for (const m of text.matchAll(SECRET_RE)) names.add(m[1] as string);
  return [...names];
}

/**
 * AWS credentials as aws-actions/configure-aws-credentials leaves them in the environment; all are
 * secrets (masked and redacted like any other). The region is checked here too, before any request.
 */
function resolveAws(gate: GateConfig, env: NodeJS.ProcessEnv, values: Map<string, string>): void {
  const aws = gate.aws;
  if (!aws) return;
  for (const name of AWS_CREDENTIAL_VARS) {
    const value = env[name];
    if (value) values.set(name, value);
    else if (name !== "AWS_SESSION_TOKEN") {
      throw new SecretError(
        `gates: gate "${gate.name}" signs its requests for AWS, but the environment variable ${name} is not set; run aws-actions/configure-aws-credentials before this step, or pass ${name} with env:`,
      );
    }
  }
  if (!regionFrom(aws.region, env)) {
    throw new SecretError(
      `gates: gate "${gate.name}" needs an AWS region: set region in the gate${gate.provider === "prometheus" ? " (sigv4.region)" : ""}, or AWS_REGION in the environment (aws-actions/configure-aws-credentials sets it)`,
    );
  }
}

/** Looks every secret up before any request is made, so a missing one fails fast and by name. */
export function resolveSecrets(gates: GateConfig[], env: NodeJS.ProcessEnv): Map<string, string> {
  const values = new Map<string, string>();
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
        throw new SecretError(
          `${uses} is empty: the secret it is set from is undefined (add it under Settings → Secrets and variables → Actions, spelt as in the workflow), or it is an environment secret this job cannot see (give the job environment: with that environment's name)`,
        );
      }
      values.set(name, value);
    }
  }
  return values;
}

export function fillSecrets(text: string, secrets: ReadonlyMap<string, string>): string {
  return text.replace(SECRET_RE, (whole, name: string) => secrets.get(name) ?? whole);
}

export function fillTemplate(text: string, values: TemplateValues): string {
  return text.replace(TEMPLATE_RE, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name as TemplateVar] : whole,
  );
}

/** For reports: the text with templates filled and secrets left as `${NAME}`. */
export function render(text: string, values: TemplateValues, secrets: ReadonlyMap<string, string>) {
  const shown = fillTemplate(text, values);
  return { shown, sent: fillSecrets(shown, secrets) };
}

/** Basic auth as it goes out: base64(user:password), the form a server that quotes the request back shows. */
export function basicAuthValue(gate: GateConfig, secrets: ReadonlyMap<string, string>): string | undefined {
  if (!gate.basicAuth) return undefined;
  const user = fillSecrets(gate.basicAuth.username, secrets);
  const pass = fillSecrets(gate.basicAuth.password, secrets);
  return Buffer.from(`${user}:${pass}`).toString("base64");
}

/**
 * The secrets a gate's requests reveal in a form of their own, masked and redacted like the secrets they are
 * made of: basic auth's base64. Named so they cannot clash with a `${NAME}`.
 */
export function derivedSecrets(
  gates: GateConfig[],
  secrets: ReadonlyMap<string, string>,
): Map<string, string> {
  const derived = new Map<string, string>();
  for (const gate of gates) {
    const basic = basicAuthValue(gate, secrets);
    if (basic !== undefined) derived.set(`basic auth of ${gate.name}`, basic);
  }
  return derived;
}

/** The headers a gate sends: its own (templates and secrets filled), then its bearer token or basic auth. */
export function authHeaders(
  gate: GateConfig,
  values: TemplateValues,
  secrets: ReadonlyMap<string, string>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(gate.headers)) headers[k] = render(v, values, secrets).sent;
  if (gate.bearerToken) headers.authorization = `Bearer ${fillSecrets(gate.bearerToken, secrets)}`;
  const basic = basicAuthValue(gate, secrets);
  if (basic !== undefined) headers.authorization = `Basic ${basic}`;
  return headers;
}
