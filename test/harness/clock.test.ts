// The preload that starts the action's clock where a test fixed the world's: it shifts Date, nothing else.

import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CLOCK_PRELOAD, HARNESS_NOW } from "../../harness/clock-name.ts";

const script =
  "console.log(JSON.stringify([Date.now(), new Date().toISOString(), new Date(0).toISOString(), new Date(2020, 0, 1).getFullYear(), new Date() instanceof Date]))";

function run(env: Record<string, string>): [number, string, string, number, boolean] {
  const out = execFileSync(process.execPath, [`--import=${CLOCK_PRELOAD}`, "-e", script], {
    env: { PATH: process.env.PATH ?? "", ...env },
  });
  return JSON.parse(out.toString());
}

describe("harness/clock.ts", () => {
  it("starts now at the given instant and leaves dates built from values alone", () => {
    const [now, iso, epoch, year, isDate] = run({ [HARNESS_NOW]: "2026-03-27T15:59:30Z" });
    expect(now).toBeGreaterThanOrEqual(Date.parse("2026-03-27T15:59:30Z"));
    expect(now).toBeLessThan(Date.parse("2026-03-27T16:00:30Z"));
    expect(iso.startsWith("2026-03-27T")).toBe(true);
    expect(epoch).toBe("1970-01-01T00:00:00.000Z");
    expect(year).toBe(2020);
    expect(isDate).toBe(true);
  });

  it("does nothing without the variable", () => {
    const before = Date.now();
    const [now] = run({});
    expect(now).toBeGreaterThanOrEqual(before);
  });
});
