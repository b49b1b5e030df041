// Shared pieces of the property-based ("fuzz") tests: how many cases to run, and hostile text.
//
// FUZZ_SCALE=10 npx vitest run test/fuzz   runs ten times the cases (the default keeps the folder fast).
// FUZZ_REPORT=1 npx vitest run test/fuzz   prints one line per file with the number of cases it ran.
// A failing property prints its seed and path; pass them back with FUZZ_SEED / FUZZ_PATH to replay it.
// With CI set, the seed is fixed (below).

import fc from "fast-check";
import { afterAll, beforeAll, vi } from "vitest";

const SCALE = Math.max(0.01, Number(process.env.FUZZ_SCALE ?? "1") || 1);
// CI runs the same cases every time, so a red CI is a change's doing; elsewhere each run explores new ones.
const SEED =
  process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : process.env.CI ? 20261205 : undefined;
const PATH = process.env.FUZZ_PATH;

let cases = 0;

/** Properties that pin a known bug (`it.fails`) stop at the first counterexample instead of shrinking it. */
export interface Options<T> {
  examples?: T[];
  knownBug?: boolean;
}

function params<T>(numRuns: number, options: Options<T> | T[]): fc.Parameters<T> {
  const { examples = [], knownBug = false } = Array.isArray(options) ? { examples: options } : options;
  const n = Math.max(1, Math.round(numRuns * SCALE));
  cases += n + examples.length;
  return {
    numRuns: n,
    examples,
    endOnFailure: knownBug,
    ...(SEED !== undefined && { seed: SEED }),
    ...(PATH !== undefined && { path: PATH }),
  };
}

/** Runs a synchronous property `numRuns` times (scaled by FUZZ_SCALE), examples first. */
export function check<Ts>(
  property: fc.IProperty<Ts>,
  numRuns: number,
  options: Options<Ts> | Ts[] = [],
): void {
  fc.assert(property, params(numRuns, options));
}

/** Runs an asynchronous property `numRuns` times (scaled by FUZZ_SCALE), examples first. */
export async function checkAsync<Ts>(
  property: fc.IAsyncProperty<Ts>,
  numRuns: number,
  options: Options<Ts> | Ts[] = [],
): Promise<void> {
  await fc.assert(property, params(numRuns, options));
}

/** Prints the number of cases this file ran, when FUZZ_REPORT is set; silent otherwise. */
export function reportCases(file: string): void {
  afterAll(() => {
    if (process.env.FUZZ_REPORT) process.stdout.write(`fuzz cases ${file}: ${cases}\n`);
  });
}

/**
 * Keeps the yaml library's warnings about odd documents (unknown tags and directives, collection keys) out
 * of the test output; they are Node process warnings, not errors, and the properties judge the outcome.
 */
export function quietYamlWarnings(): void {
  beforeAll(() => {
    const original = process.emitWarning.bind(process);
    vi.spyOn(process, "emitWarning").mockImplementation((warning: string | Error, ...rest: unknown[]) => {
      const text = typeof warning === "string" ? warning : `${warning.name} ${warning.message}`;
      if (/YAMLWarning|Keys with collection values/.test(text)) return;
      (original as (w: string | Error, ...r: unknown[]) => void)(warning, ...rest);
    });
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });
}

/** The error a function throws, or undefined when it returns. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error;
  }
}

function isControl(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/** Whether text holds a C0 or C1 control character (line breaks and tabs included). */
export function hasControl(text: string): boolean {
  return Array.from(text).some(isControl);
}

/** The text with every C0 and C1 control character replaced. */
export function withoutControl(text: string, by = ""): string {
  return Array.from(text, (ch) => (isControl(ch) ? by : ch)).join("");
}

/** Control characters, invisible and direction-changing characters, line separators and lone surrogates. */
export const ODD_CHARACTERS = [
  "\u0000",
  "\u0001",
  "\u0007",
  "\b",
  "\t",
  "\n",
  "\v",
  "\f",
  "\r",
  "\u001b",
  "\u007f",
  "\u0085",
  "\u009b",
  "\u00a0",
  "\u200b",
  "\u200e",
  "\u202e",
  "\u2028",
  "\u2029",
  "\ufeff",
  "\ud800",
  "\udfff",
  "😀",
  "é",
  "İ",
  "ﬀ",
];

/** Fragments that make text look like YAML, templates, secrets or numbers. */
export const YAML_BITS = [
  "- ",
  ": ",
  "&a ",
  "*a",
  "!!binary ",
  "!!str ",
  "!!js/function ",
  "!custom ",
  "? ",
  "|\n  ",
  ">-\n",
  "---\n",
  "...\n",
  "{",
  "}",
  "[",
  "]",
  ",",
  "#",
  "%YAML 1.2\n",
  "<<: *a",
  "'",
  '"',
  "\n",
  "\n  ",
  "\t",
  "name: x",
  "provider: prometheus",
  "url: https://p.example",
  "query: up",
  "max: 1",
  ".nan",
  ".inf",
  "-.inf",
  "~",
  "null",
  "yes",
  "0x1F",
  "1e400",
  "-0",
  "${{ github.token }}",
  "{{sha}}",
  "{{nope}}",
  "${SECRET}",
  "__proto__",
  "constructor",
];

/** Exact values that have tripped parsers before: empty, blank, numeric edge cases, JS property names. */
export const EDGE_VALUES = [
  "",
  " ",
  "\n",
  "\t \r\n",
  "0",
  "-1",
  "-0",
  "NaN",
  "Infinity",
  "-Infinity",
  "1e309",
  "0x10",
  "1_000",
  "true",
  "false",
  "null",
  "undefined",
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "{}",
  "[]",
];

/** Any text a user, a payload or a server could send: unicode, control characters, YAML-looking, edge values. */
export function hostileString(maxLength = 120): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: "binary", maxLength }),
    fc.string({ unit: fc.constantFrom(...ODD_CHARACTERS, "a", " ", "1", ",", ":", "%"), maxLength }),
    fc.array(fc.constantFrom(...YAML_BITS), { maxLength: 16 }).map((a) => a.join("")),
    fc.constantFrom(...EDGE_VALUES),
  );
}

/** Text of up to `max` characters: mostly ordinary sizes, sometimes very long repeated text. */
export function hugeString(min = 1000, max = 300_000): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom("a", "9", " ", "é", "😀", "\u0000", "x,", "- ", "[", "{a: "),
      fc.integer({ min, max }),
    )
    .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n));
}

/** Nested arrays or objects `depth` levels deep around `inner`, as JSON text. */
export function nestedJson(depth: number, inner = "1", kind: "array" | "object" = "array"): string {
  return kind === "array"
    ? `${"[".repeat(depth)}${inner}${"]".repeat(depth)}`
    : `${'{"a":'.repeat(depth)}${inner}${"}".repeat(depth)}`;
}
