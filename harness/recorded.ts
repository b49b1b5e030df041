// The vendors' recorded answers (harness/recorded/<provider>/<name>.json, cut by
// scripts/refresh-recordings.ts from the files each scripts/recordings/<provider>.ts pins), and the shape of a
// JSON answer, so a stand-in's answer can be held to a recording's and the two cannot drift apart.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Fixture } from "../scripts/recordings/types.ts";

const DIR = join(import.meta.dirname, "recorded");

/** A recorded fixture; its body is the vendor's, typed as the test reads it. */
export function recorded<T extends object = Record<string, unknown>>(
  provider: string,
  name: string,
): Fixture & T {
  return JSON.parse(readFileSync(join(DIR, provider, `${name}.json`), "utf8")) as Fixture & T;
}

export type Shape = string | Shape[] | { [key: string]: Shape };

/**
 * What a JSON value looks like without its values: the type of each leaf, the keys of each object, and for a
 * list the distinct shapes of its items (so a list of three numbers and one of one number look alike).
 */
export function shapeOf(value: unknown): Shape {
  if (value === null) return "null";
  if (Array.isArray(value)) {
    const distinct = new Map<string, Shape>();
    for (const item of value) {
      const s = shapeOf(item);
      distinct.set(JSON.stringify(s), s);
    }
    return [...distinct.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, s]) => s);
  }
  if (typeof value === "object") {
    const obj = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(obj)
        .sort()
        .map((k) => [k, shapeOf(obj[k])]),
    );
  }
  return typeof value;
}
