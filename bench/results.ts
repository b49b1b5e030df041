// bench-results.json (git-ignored): each bench writes its own top-level key and keeps the others'.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const RESULTS = join(resolve(import.meta.dirname, ".."), "bench-results.json");

/** The whole file as an object; empty when there is none. Throws rather than lose a file it cannot read. */
export function readResults(): Record<string, unknown> {
  if (!existsSync(RESULTS)) return {};
  const parsed: unknown = JSON.parse(readFileSync(RESULTS, "utf8"));
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new Error(`${RESULTS} does not hold a JSON object; not overwriting it`);
  }
  return parsed as Record<string, unknown>;
}

/** Sets one key of the file, keeping the rest. */
export function mergeResults(key: string, value: object): void {
  writeFileSync(RESULTS, `${JSON.stringify({ ...readResults(), [key]: value }, null, 2)}\n`);
}
