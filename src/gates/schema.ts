// Building blocks every provider's gate schema shares, and the error that names the gate.

import { z } from "zod";
import { SECRET_RE, TEMPLATE_RE } from "./template.ts";
import { parseDuration } from "../rollout/plan.ts";

export class GateConfigError extends Error {}

export type Policy = "hold" | "pass" | "fail";
export type GateKind = "value" | "count";

export const DEFAULT_MIN_REQUESTS = 100;

const MAX_TIMEOUT_MS = 10 * 60 * 1000;

// A number means seconds; text is a duration such as "10s". Bounded so a timer can hold it.
export const timeout = z.union([z.string(), z.number()]).transform((raw, ctx) => {
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

// How long the provider keeps data, for `replay`: a duration, at least an hour.
const retention = z.string().transform((raw, ctx) => {
  let seconds: number;
  try {
    seconds = parseDuration(raw);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: `"${raw}" ${(error as Error).message}` });
    return z.NEVER;
  }
  if (seconds < 3600) {
    ctx.addIssue({ code: "custom", message: `"${raw}" must be at least 1h, such as 15d` });
    return z.NEVER;
  }
  return seconds;
});

const policy = z.enum(["hold", "pass", "fail"]);
export const scalarString = z.union([z.string(), z.number(), z.boolean()]).transform(String);
export const text = z.string().trim().min(1);

/** Keys every gate takes, whatever its provider. */
export const commonShape = {
  name: z.string().trim().min(1).max(100),
  provider: z.string(),
  timeout: timeout.default(10_000),
  retries: z.int().min(0).max(10).default(2),
  "on-no-data": policy.default("hold"),
  "on-error": policy.default("hold"),
  // Shadow mode: evaluated and reported, never part of the decision.
  "dry-run": z.boolean().default(false),
  "allow-insecure": z.boolean().default(false),
  retention: retention.optional(),
  headers: z.record(z.string().min(1), scalarString).default({}),
};

export const authShape = {
  "bearer-token": z.string().min(1).optional(),
  "basic-auth": z.strictObject({ username: z.string(), password: z.string() }).optional(),
};

export const valueShape = {
  max: z.number().optional(),
  min: z.number().optional(),
};

export const countShape = {
  "max-error-rate": z.number().min(0).max(1),
  "min-requests": z.number().min(0).default(DEFAULT_MIN_REQUESTS),
};

/** With a baseline comparison, the absolute figures are an optional guard on the canary alone. */
export const guardShape = {
  "max-error-rate": z.number().min(0).max(1).optional(),
  "min-requests": z.number().min(0).optional(),
};

export const DEFAULT_CONFIDENCE = 0.95;

/** What a traffic split outside the band does (docs/statistics.md, "The traffic-split check"). */
export type SplitPolicy = "hold" | "fail" | "warn";

// A number means seconds, as for timeout; 0 turns the allowance off.
const settle = z.union([z.string(), z.number()]).transform((raw, ctx) => {
  let seconds: number;
  try {
    seconds = typeof raw === "number" ? raw : parseDuration(raw);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: `"${raw}" ${(error as Error).message}` });
    return z.NEVER;
  }
  if (!(seconds >= 0 && seconds <= 86_400)) {
    ctx.addIssue({ code: "custom", message: `"${raw}" must be from 0s to 1d, such as 10m` });
    return z.NEVER;
  }
  return seconds;
});

/**
 * The keys of a comparison with the baseline (docs/statistics.md), besides the `baseline:` block. The split's
 * tolerance, dispersion and settling time default in src/stats/split.ts, which a run loads only to compare.
 */
export const comparisonShape = {
  "max-increase": z
    .number()
    .gt(0, "must be more than 0: the relative increase of the error rate tolerated, such as 0.2 for +20%")
    .max(100, "must be at most 100 (a 101-fold error rate); 0.2 tolerates +20%"),
  confidence: z
    .number()
    .min(0.5, "must be between 0.5 and 0.999, such as 0.95")
    .max(0.999, "must be between 0.5 and 0.999, such as 0.95")
    .default(DEFAULT_CONFIDENCE),
  dispersion: z
    .number()
    .min(1, "must be at least 1 (1: errors independent; about 3 when each failure is retried twice)")
    .max(100, "must be at most 100")
    .default(1),
  "split-tolerance": z
    .number()
    .gt(0, "must be more than 0: how far the canary's share may be from the stage's, relative (0.5: ±50%)")
    .max(10, "must be at most 10 (at 1%, a share up to 11%); 0.5 allows ±50%")
    .optional(),
  "on-split-mismatch": z.enum(["hold", "fail", "warn"]).default("hold"),
  "split-dispersion": z
    .number()
    .min(1, "must be at least 1 (1: requests routed one by one; a user's requests in an hour otherwise)")
    .max(1_000_000, "must be at most 1,000,000")
    .optional(),
  "split-settle": settle.optional(),
};

/** The keys that make a gate a comparison with the baseline. */
export const COMPARISON_KEYS = ["baseline", ...Object.keys(comparisonShape)] as const;

type Issue = z.core.$ZodIssue;

function formatIssue(label: string, issue: Issue, prefix: PropertyKey[]): string[] {
  const path = [...prefix, ...issue.path].map(String).join(".");
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((k) => `"${path ? `${path}.` : ""}${k}"`).join(", ");
    return [`${label}: unknown key${issue.keys.length > 1 ? "s" : ""} ${keys}`];
  }
  const where = path ? `"${path}"` : "";
  if (
    (issue.code === "invalid_type" || issue.code === "invalid_union") &&
    issue.input === undefined &&
    path
  ) {
    return [`${label}: ${where} is required`];
  }
  if (issue.code === "invalid_type") {
    return [`${label}: ${where} must be a ${issue.expected}, got ${JSON.stringify(issue.input)}`];
  }
  if (issue.code === "invalid_union") {
    // Where one alternative took the value's type (a mapping, say), its own complaints say the most.
    const matched = issue.errors.find(
      (errs) => !errs.some((e) => e.code === "invalid_type" && e.path.length === 0),
    );
    if (matched && matched.length > 0) {
      return matched.flatMap((e) => formatIssue(label, e, [...prefix, ...issue.path]));
    }
    const why = issue.message === "Invalid input" ? "is not valid" : issue.message;
    return [`${label}: ${where} ${why}, got ${JSON.stringify(issue.input)}`];
  }
  return [`${label}: ${where ? `${where} ` : ""}${issue.message}`];
}

export function formatIssues(label: string, error: z.ZodError): string {
  // A misspelt key also makes its correct spelling "missing": name the misspelling first.
  const issues = [...error.issues].sort(
    (a, b) => Number(b.code === "unrecognized_keys") - Number(a.code === "unrecognized_keys"),
  );
  return issues.flatMap((issue) => formatIssue(label, issue, [])).join("; ");
}

/** The URL with secrets and templates replaced by a placeholder, so its shape can be checked. */
export function probeUrl(url: string): URL | undefined {
  const probe = url.replace(SECRET_RE, "x").replace(TEMPLATE_RE, "x");
  try {
    return new URL(probe);
  } catch {
    return undefined;
  }
}

/** True for hosts that never leave the machine: 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host === "::1" || /^127(?:\.\d{1,3}){3}$/.test(host);
}
