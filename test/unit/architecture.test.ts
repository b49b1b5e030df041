// The house's walls are checked by ESLint (eslint.config.js), not claimed: an import across one fails lint.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const eslint = new ESLint({ cwd: root });

/** The messages of the rules that keep the walls, for `file` with `line` added at its top. */
async function wallsBroken(file: string, line: string): Promise<string[]> {
  const text = `${line}\n${readFileSync(join(root, file), "utf8")}`;
  const [result] = await eslint.lintText(text, { filePath: join(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId?.startsWith("no-restricted-") === true)
    .map((m) => m.message);
}

describe("the import rules", () => {
  it("refuse I/O in the pure decision", async () => {
    expect(await wallsBroken("src/rollout/decide.ts", 'import "../store/client.ts";')).toEqual([
      expect.stringContaining("rollout/ and stats/ are pure"),
    ]);
    expect(await wallsBroken("src/stats/judge.ts", 'import "node:fs";')).toEqual([
      expect.stringContaining("do no I/O"),
    ]);
  });

  it("refuse GitHub code in a provider", async () => {
    expect(
      await wallsBroken("src/gates/providers/datadog.ts", 'import type {} from "../../store/port.ts";'),
    ).toEqual([expect.stringContaining("no GitHub")]);
  });

  it("keep the process and the clock in runtime.ts", async () => {
    expect(await wallsBroken("src/io/context.ts", "export const env = process.env;")).toEqual([
      expect.stringContaining("Runtime"),
    ]);
    expect(await wallsBroken("src/store/lock.ts", "export const t = Date.now();")).toEqual([
      expect.stringContaining("clock"),
    ]);
  });

  it("pass the code as it stands", async () => {
    expect(await wallsBroken("src/rollout/decide.ts", "")).toEqual([]);
  });
});
