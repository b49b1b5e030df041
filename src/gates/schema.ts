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

/** A percent as the fraction to write instead: `0.01` for 1. */
function asFraction(percent: number): string {
  return String(Number((percent / 100).toPrecision(12)));
}

/**
 * A fraction of requests, such as 0.01 for 1%. People write percents (`5` for 5%) and `1`, which no error rate
 * exceeds, so a gate with it could never fail: both are refused, saying what to write instead.
 */
const errorRate = z.number().superRefine((v, ctx) => {
  const got = `, got ${formatNumber(v)}`;
  if (v < 0)
    ctx.addIssue({ code: "custom", message: `must be 0 or more: a fraction such as 0.01 for 1%${got}` });
  else if (v === 1) {
    ctx.addIssue({
      code: "custom",
      message:
        "is 1, which no error rate exceeds, so the gate could never fail; it is a fraction: 0.01 fails above 1%",
    });
  } else if (v > 1 && v <= 100) {
    ctx.addIssue({
      code: "custom",
      message: `is a fraction between 0 and 1, not a percent: write ${asFraction(v)} for ${formatNumber(v)}%${got}`,
    });
  } else if (v > 100) {
    ctx.addIssue({
      code: "custom",
      message: `must be a fraction between 0 and 1, such as 0.01 for 1%${got}`,
    });
  }
});

export const countShape = {
  "max-error-rate": errorRate,
  "min-requests": z.number().min(0).default(DEFAULT_MIN_REQUESTS),
};

/** With a baseline comparison, the absolute figures are an optional guard on the canary alone. */
export const guardShape = {
  "max-error-rate": errorRate.optional(),
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

/**
 * The message of an issue zod words itself. Parses pass it as their error map, so any issue with it is worded
 * here (wordOf); an issue with another message was worded where its schema was written.
 */
export const OWN_WORDING = "\u0000worded by formatIssue";

/** Parse options that leave the wording to formatIssues. */
export const PARSE_OPTIONS = { reportInput: true, error: () => OWN_WORDING } as const;

/** Keys that take a fraction, such as 0.01 for 1%: a percent written there gets the fraction to write. */
const FRACTION_KEYS = new Set(["max-error-rate", "max-increase", "confidence", "split-tolerance"]);

function formatNumber(n: number): string {
  return String(n);
}

function shown(input: unknown): string {
  if (input === undefined) return "nothing";
  try {
    return JSON.stringify(input).slice(0, 120);
  } catch {
    return typeof input;
  }
}

/** "a, b or c". */
function either(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1) ?? ""}`;
}

const TYPE_WORDS: Record<string, string> = {
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  string: "text",
  record: "a mapping of names to values",
  object: "a mapping of keys to values",
  array: "a list",
  null: "null",
};

function typeWords(expected: string): string {
  return TYPE_WORDS[expected] ?? `a ${expected}`;
}

function bound(n: number | bigint, inclusive: boolean | undefined, side: "min" | "max"): string {
  const v = String(n);
  if (side === "max") return inclusive === false ? `less than ${v}` : `at most ${v}`;
  return inclusive === false ? `more than ${v}` : `at least ${v}`;
}

/** What is wrong, in our words, for an issue that zod would word itself (see OWN_WORDING). */
function wordOf(issue: Issue, key: string): string {
  const got = `, got ${shown(issue.input)}`;
  switch (issue.code) {
    case "invalid_type": {
      const percent =
        typeof issue.input === "string" ? /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(issue.input) : null;
      if (percent && FRACTION_KEYS.has(key)) {
        const n = Number(percent[1]);
        return `is a fraction, not a percent: write ${asFraction(n)} for ${formatNumber(n)}%${got}`;
      }
      return `must be ${typeWords(issue.expected)}${got}`;
    }
    case "too_big":
    case "too_small": {
      const side = issue.code === "too_big" ? "max" : "min";
      const limit = issue.code === "too_big" ? issue.maximum : issue.minimum;
      if (issue.origin === "string") {
        if (side === "min" && Number(limit) <= 1) return "must not be empty";
        return `must be ${bound(limit, issue.inclusive, side)} characters long`;
      }
      if (issue.origin === "array" || issue.origin === "set") {
        return `must have ${bound(limit, issue.inclusive, side)} items${got}`;
      }
      return `must be ${bound(limit, issue.inclusive, side)}${got}`;
    }
    case "invalid_value": {
      const seen = new Set<string>();
      const values = issue.values
        .map(String)
        .filter((v) => !seen.has(v.toLowerCase()) && seen.add(v.toLowerCase()));
      return `must be one of ${either(values)}${got}`;
    }
    case "invalid_key":
      return `has the key ${shown(issue.input)}, which must be a non-empty name`;
    case "invalid_element":
      return `has a value that is not allowed${got}`;
    case "invalid_format":
      return `is not in the form expected${got}`;
    case "not_multiple_of":
      return `must be a multiple of ${String(issue.divisor)}${got}`;
    case "invalid_union": {
      // Every alternative refused the value's type: name the types allowed.
      const types = issue.errors.flatMap((errs) =>
        errs
          .filter((e) => e.code === "invalid_type" && e.path.length === 0)
          .map((e) => typeWords((e as { expected: string }).expected)),
      );
      return types.length > 0 ? `must be ${either([...new Set(types)])}${got}` : `is not valid${got}`;
    }
    default:
      return `is not valid${got}`;
  }
}

function formatIssue(label: string, issue: Issue, prefix: PropertyKey[]): string[] {
  // An invalid key's path ends with the key itself, which the message quotes.
  const full = [...prefix, ...(issue.code === "invalid_key" ? issue.path.slice(0, -1) : issue.path)];
  const path = full.map(String).join(".");
  const key = String(full.at(-1) ?? "");
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
  if (issue.code === "invalid_union") {
    // Where one alternative took the value's type (a mapping, say), its own complaints say the most.
    const matched = issue.errors.find(
      (errs) => !errs.some((e) => e.code === "invalid_type" && e.path.length === 0),
    );
    if (matched && matched.length > 0) {
      return matched.flatMap((e) => formatIssue(label, e, full));
    }
  }
  const what = issue.message === OWN_WORDING ? wordOf(issue, key) : issue.message;
  return [`${label}: ${where ? `${where} ` : ""}${what}`];
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
