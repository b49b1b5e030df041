// The runtime speaks the runner's protocol itself; every line it writes must be what @actions/core (the
// toolkit's own implementation, a dev dependency here) writes for the same call, escapes included.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as core from "@actions/core";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { actionsRuntime } from "../../src/runtime.ts";

/** What `fn` writes to stdout. */
async function stdoutOf(fn: () => unknown): Promise<string> {
  let out = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return out;
}

// Text with what the protocol must escape: %, CR, LF, the command markers, and whatever else fast-check makes.
const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.constantFrom("50% done", "a\r\nb", "::warning::nested", "%0A", "", "line\n", 'Gate "x" (prometheus)'),
);

describe("actionsRuntime writes what @actions/core writes", () => {
  const saved = process.exitCode;
  afterEach(() => {
    process.exitCode = saved;
    vi.unstubAllEnvs();
  });

  it.each(["info", "debug", "warning", "notice", "setSecret", "setFailed"] as const)("%s", async (method) => {
    const rt = actionsRuntime({});
    await fc.assert(
      fc.asyncProperty(text, async (message) => {
        const ours = await stdoutOf(() => rt[method](message));
        const theirs = await stdoutOf(() => core[method](message));
        expect(ours).toBe(theirs);
      }),
      { numRuns: 200 },
    );
  });

  it("setFailed fails the step the way core does", async () => {
    process.exitCode = 0;
    await stdoutOf(() => actionsRuntime({}).setFailed("boom"));
    expect(process.exitCode).toBe(1);
  });

  it("group", async () => {
    const ours = await stdoutOf(() => actionsRuntime({}).group("Read rollout state", async () => "x"));
    const theirs = await stdoutOf(() => core.group("Read rollout state", async () => "x"));
    expect(ours).toBe(theirs);
  });

  it("setOutput writes the same GITHUB_OUTPUT blocks, up to the random delimiter", async () => {
    const dir = mkdtempSync(join(tmpdir(), "runtime-"));
    const ours = join(dir, "ours");
    const theirs = join(dir, "theirs");
    writeFileSync(ours, "");
    writeFileSync(theirs, "");
    const rt = actionsRuntime({ GITHUB_OUTPUT: ours });
    vi.stubEnv("GITHUB_OUTPUT", theirs);
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[a-z][a-z-]{0,20}$/), text, async (name, value) => {
        rt.setOutput(name, value);
        core.setOutput(name, value);
      }),
      { numRuns: 200 },
    );
    const delimiters = (s: string) => s.replace(/ghadelimiter_[0-9a-f-]{36}/g, "ghadelimiter_…");
    expect(delimiters(readFileSync(ours, "utf8"))).toBe(delimiters(readFileSync(theirs, "utf8")));
  });

  it("summary appends the same Markdown to GITHUB_STEP_SUMMARY", async () => {
    const dir = mkdtempSync(join(tmpdir(), "runtime-"));
    const ours = join(dir, "ours");
    const theirs = join(dir, "theirs");
    writeFileSync(ours, "");
    writeFileSync(theirs, "");
    await actionsRuntime({ GITHUB_STEP_SUMMARY: ours }).summary("## Phased rollout\n\n| a | b |\n");
    vi.stubEnv("GITHUB_STEP_SUMMARY", theirs);
    await core.summary.addRaw("## Phased rollout\n\n| a | b |\n").write();
    expect(readFileSync(ours, "utf8")).toBe(readFileSync(theirs, "utf8"));
  });
});

describe("the clock", () => {
  it("is the wall clock", () => {
    const before = Date.now();
    const now = actionsRuntime({}).now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
