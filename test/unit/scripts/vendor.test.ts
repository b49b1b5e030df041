// scripts/vendor.ts: what it copies, how it updates an earlier copy, and the directories it refuses to
// write into (a wrong path must not wipe someone's dist/).

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { vendor, vendoredFiles } from "../../../scripts/vendor.ts";

const repoRoot = join(import.meta.dirname, "..", "..", "..");

let tmp: string;
let source: string;

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** A built action as the repository holds it, with a src/ and a package.json that must not be copied. */
function makeSource(): string {
  const root = join(tmp, "source");
  write(join(root, "action.yml"), "name: Phased Rollout\nruns:\n  using: node24\n  main: dist/index.js\n");
  write(join(root, "LICENSE"), "MIT License\n");
  write(join(root, "package.json"), JSON.stringify({ name: "phased-rollout", version: "1.2.3" }));
  write(join(root, "src/index.ts"), "run();\n");
  write(join(root, "dist/index.js"), "console.log('v2');\n");
  write(join(root, "dist/package.json"), '{ "type": "module" }\n');
  write(join(root, "dist/licenses.txt"), "third-party notices\n");
  return root;
}

beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), "vendor-test-"));
  source = makeSource();
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe("vendoredFiles", () => {
  it("is action.yml, LICENSE and every file of dist/", () => {
    expect(vendoredFiles(source)).toEqual([
      "action.yml",
      "LICENSE",
      "dist/index.js",
      "dist/licenses.txt",
      "dist/package.json",
    ]);
  });

  it("is what this repository's README install section lists", () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    const section = /^## Install\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? "";
    const listed = [...section.matchAll(/^\s*- `([^`]+)`/gm)].map((m) => m[1]).sort();
    // dist/ is listed whole: its chunks are named by the bundler.
    const entries = new Set(vendoredFiles(repoRoot).map((f) => (f.startsWith("dist/") ? "dist/" : f)));
    expect(listed).toEqual([...entries].sort());
  });
});

describe("vendor", () => {
  it("copies exactly those files into a new directory, creating its parents", () => {
    const target = join(tmp, "shop/.github/actions/phased-rollout");
    const copied = vendor(source, target);
    expect(copied.files).toEqual(vendoredFiles(source));
    expect(copied.version).toBe("1.2.3");
    for (const f of copied.files) {
      expect(readFileSync(join(target, f), "utf8"), f).toBe(readFileSync(join(source, f), "utf8"));
    }
    expect(existsSync(join(target, "src"))).toBe(false);
    expect(existsSync(join(target, "package.json"))).toBe(false);
  });

  it("replaces an earlier copy, dropping dist/ files the new build no longer has", () => {
    const target = join(tmp, "copy");
    write(join(target, "action.yml"), "name: Phased Rollout\n# an older release\n");
    write(join(target, "LICENSE"), "MIT License\n");
    write(join(target, "dist/index.js"), "console.log('v1');\n");
    write(join(target, "dist/37.index.js"), "an old chunk\n");
    vendor(source, target);
    expect(readFileSync(join(target, "dist/index.js"), "utf8")).toBe("console.log('v2');\n");
    expect(existsSync(join(target, "dist/37.index.js"))).toBe(false);
  });

  it("refuses a directory that holds anything besides an earlier copy, and leaves it alone", () => {
    const target = join(tmp, "shop");
    write(join(target, "package.json"), "{}");
    write(join(target, "dist/app.js"), "the shop's own build\n");
    expect(() => vendor(source, target)).toThrow(
      `${target} holds package.json besides action.yml, LICENSE and dist/: give a directory of its own, such as .github/actions/phased-rollout`,
    );
    expect(readFileSync(join(target, "dist/app.js"), "utf8")).toBe("the shop's own build\n");
  });

  it("refuses a directory that holds only a dist/ of its own", () => {
    const target = join(tmp, "web");
    write(join(target, "dist/app.js"), "the site's build\n");
    expect(() => vendor(source, target)).toThrow(
      `${target} is not empty and holds no earlier copy (no action.yml): give a directory of its own, such as .github/actions/phased-rollout`,
    );
    expect(readFileSync(join(target, "dist/app.js"), "utf8")).toBe("the site's build\n");
  });

  it("refuses a directory that holds another action", () => {
    const target = join(tmp, "other");
    write(join(target, "action.yml"), "name: Something Else\n");
    write(join(target, "dist/index.js"), "theirs\n");
    expect(() => vendor(source, target)).toThrow(
      `${target}/action.yml is not phased-rollout's (name: Something Else): give a directory of its own`,
    );
    expect(readFileSync(join(target, "dist/index.js"), "utf8")).toBe("theirs\n");
  });

  it("refuses to copy an action that was never built", () => {
    rmSync(join(source, "dist"), { recursive: true });
    expect(() => vendor(source, join(tmp, "copy"))).toThrow(
      `${source}/dist/index.js is missing: run npm ci && npm run build in ${source} first`,
    );
  });
});

describe("node scripts/vendor.ts", () => {
  it("without a target, prints how to use it and exits 2", () => {
    const r = spawnSync(process.execPath, [join(repoRoot, "scripts/vendor.ts")], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("usage: node scripts/vendor.ts <directory>");
  });
});
