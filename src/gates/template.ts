// Fills `{{variables}}` from the rollout and `${NAME}` secrets from the step's environment.

import { AWS_CREDENTIAL_VARS, regionFrom } from "./aws.ts";
import { type GateConfig, gateTexts, type TemplateVar } from "./config.ts";

export type TemplateValues = Record<TemplateVar, string>;

const SECRET_RE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const TEMPLATE_RE = /\{\{\s*([a-z_]+)\s*\}\}/g;

export class SecretError extends Error {}

/** Every `${NAME}` a gate uses, in its URL, headers, auth, queries and provider keys (api-key, body, ...). */
export function secretNames(gate: GateConfig): string[] {
  const names = new Set<string>();
  for (const text of gateTexts(gate)) for (const m of text.matchAll(SECRET_RE)) names.add(m[1] as string);
  return [...names];
}

/** Gates that sign their requests for AWS, with the region they name themselves (if any). */
function awsSigning(gate: GateConfig): { region: string | undefined } | undefined {
  if (gate.cloudwatch) return { region: gate.cloudwatch.region };
  if (gate.prometheus?.sigv4) return { region: gate.prometheus.sigv4.region };
  return undefined;
}

/**
 * AWS credentials as aws-actions/configure-aws-credentials leaves them in the environment; all are
 * secrets (masked and redacted like any other). The region is checked here too, before any request.
 */
function resolveAws(gate: GateConfig, env: NodeJS.ProcessEnv, values: Map<string, string>): void {
  const aws = awsSigning(gate);
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
      if (value === undefined || value === "") {
        throw new SecretError(
          `gates: gate "${gate.name}" uses \${${name}}, but the environment variable ${name} is not set; pass it with env: ${name}: \${{ secrets.${name} }}`,
        );
      }
      values.set(name, value);
    }
  }
  return values;
}

export function fillSecrets(text: string, secrets: Map<string, string>): string {
  return text.replace(SECRET_RE, (whole, name: string) => secrets.get(name) ?? whole);
}

export function fillTemplate(text: string, values: TemplateValues): string {
  return text.replace(TEMPLATE_RE, (whole, name: string) =>
    name in values ? values[name as TemplateVar] : whole,
  );
}

/** For reports: the text with templates filled and secrets left as `${NAME}`. */
export function render(text: string, values: TemplateValues, secrets: Map<string, string>) {
  const shown = fillTemplate(text, values);
  return { shown, sent: fillSecrets(shown, secrets) };
}

/** Replaces every secret value in `text` with ***, for anything that leaves the log: outputs, summaries, statuses. */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text;
  // Longest first, so a secret that contains another is never left half-shown.
  const sorted = [...secrets].sort((a, b) => b.length - a.length);
  for (const value of sorted) {
    if (value.length >= 3) out = out.split(value).join("***");
  }
  return out;
}
