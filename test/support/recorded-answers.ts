// The vendors' recorded answers (test/fixtures/recorded/, written by scripts/refresh-recordings.ts), for the
// stand-ins to answer from and for tests to hold the stand-ins' answers against.

import { readFileSync } from "node:fs";
import { join } from "node:path";

const DIR = join(import.meta.dirname, "..", "fixtures", "recorded");

/** One recorded fixture, parsed: its body as the recordings module cut it, plus `about` and `source`. */
export function recorded<T = Record<string, unknown>>(provider: string, name: string): T {
  return JSON.parse(readFileSync(join(DIR, provider, `${name}.json`), "utf8")) as T;
}

/**
 * What a JSON value looks like without its data: objects as their keys (sorted) with the shape of each value,
 * arrays as the distinct shapes of their items, everything else as its JSON type. Two answers with the same
 * shape carry the same fields, nested the same way, with the same types.
 */
export type Shape = string | Shape[] | { [key: string]: Shape };

export function shapeOf(value: unknown): Shape {
  if (value === null) return "null";
  if (Array.isArray(value)) {
    const seen = new Map<string, Shape>();
    for (const item of value) {
      const s = shapeOf(item);
      seen.set(JSON.stringify(s), s);
    }
    return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, s]) => s);
  }
  if (typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, shapeOf((value as Record<string, unknown>)[k])]),
    );
  }
  return typeof value;
}
