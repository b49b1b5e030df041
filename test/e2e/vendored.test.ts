// The README's install without a published tag: `node scripts/vendor.ts .github/actions/phased-rollout` run
// in a user's repository, then `uses: ./.github/actions/phased-rollout`. The copy lives in a temporary
// directory outside this repository, with no node_modules anywhere above it and a package.json at the
// user's root that declares CommonJS, so a rollout that starts and advances through it shows that
// action.yml and dist/ are all the action needs.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakePrometheus, startFakePrometheus } from "../../harness/monitoring/fake-prometheus.ts";
import { healthy } from "../../harness/traffic.ts";
import { type ActionRun, ROOT } from "../../harness/runner.ts";
import { countGate, describeRun, Scenario } from "../../harness/scenario.ts";

const VENDOR_DIR = ".github/actions/phased-rollout";

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split("\\").join("/"))
    .sort();
}

function ok(r: ActionRun): ActionRun {
  if (r.exitCode !== 0) throw new Error(`the action failed:\n${describeRun(r)}`);
  return r;
}

let consumer: string;
let actionDir: string;
let prom: FakePrometheus;

beforeAll(async () => {
  consumer = mkdtempSync(join(tmpdir(), "phased-rollout-consumer-"));
  // A user's repository whose own package.json makes .js files CommonJS: dist/ must say it is ESM itself.
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "shop", type: "commonjs" }));
  actionDir = join(consumer, VENDOR_DIR);
  prom = await startFakePrometheus({ versions: [healthy] });
});
afterAll(async () => {
  await prom.close();
  rmSync(consumer, { recursive: true, force: true });
});

describe("the action vendored into a user's repository", () => {
  it("is copied by one command: action.yml, LICENSE and dist/, nothing else", () => {
    const vendor = spawnSync(process.execPath, [join(ROOT, "scripts/vendor.ts"), VENDOR_DIR], {
      cwd: consumer,
      encoding: "utf8",
    });
    expect(vendor.status, `${vendor.stdout}\n${vendor.stderr}`).toBe(0);
    const expected = [
      "LICENSE",
      "action.yml",
      ...filesUnder(join(ROOT, "dist")).map((f) => `dist/${f}`),
    ].sort();
    expect(filesUnder(actionDir)).toEqual(expected);
    expect(vendor.stdout).toContain(`uses: ./${VENDOR_DIR}`);
  });

  it("starts a rollout on push and advances it on schedule, with no node_modules in reach", async () => {
    expect(existsSync(join(actionDir, "action.yml")), "the copy is made by the test above").toBe(true);
    for (let dir = actionDir; dir !== dirname(dir); dir = dirname(dir)) {
      expect(existsSync(join(dir, "node_modules")), `${dir}/node_modules`).toBe(false);
    }
    const s = await Scenario.create(countGate(prom.url));
    try {
      const start = ok(await s.push(healthy.sha, {}, { actionDir }));
      expect(start.outputs).toMatchObject({ decision: "start", percent: "1", sha: healthy.sha });
      s.wait(31);
      const next = ok(await s.schedule({}, { actionDir }));
      expect(next.outputs).toMatchObject({ decision: "advance", percent: "5", "previous-percent": "1" });
      expect(s.statusesOf(healthy.sha).map((x) => x.description)).toEqual([
        "stage 1/5 · 1% · started",
        "stage 2/5 · 5% · advanced: gates passed",
      ]);
      s.github.assertNoInvalidRequests();
    } finally {
      await s.close();
    }
  });

  it("runs the copy: without its dist/package.json the user's CommonJS package.json takes over and it fails", async () => {
    rmSync(join(actionDir, "dist/package.json"));
    const s = await Scenario.create(countGate(prom.url));
    try {
      const r = await s.push(healthy.sha, {}, { actionDir });
      expect(r.exitCode, describeRun(r)).not.toBe(0);
      expect(r.stderr).toContain("Cannot use import statement outside a module");
    } finally {
      await s.close();
    }
  });
});
