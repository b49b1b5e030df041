// Where the action is published and under what licence: package.json names the GitHub repository, LICENSE
// is the licence it declares, and every documented `uses:` of the action names that repository at its
// major tag or the vendored copy the README's install section describes.

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { usesThisAction } from "../../scripts/lint-workflows.ts";

const root = join(import.meta.dirname, "..", "..");
const read = (path: string) => readFileSync(join(root, path), "utf8");

interface PackageJson {
  name?: string;
  private?: boolean;
  license?: string;
  homepage?: string;
  repository?: { type?: string; url?: string };
  bugs?: { url?: string };
}

const pkg = JSON.parse(read("package.json")) as PackageJson;

/** `owner/name` of the GitHub repository package.json points at. */
function publishedRepository(): string {
  const m = /^git\+https:\/\/github\.com\/([\w.-]+\/[\w.-]+)\.git$/.exec(pkg.repository?.url ?? "");
  if (!m) throw new Error(`package.json repository.url is not a GitHub git URL: ${pkg.repository?.url}`);
  return m[1] as string;
}

/** README.md, examples/ and every Markdown page under docs/: what users copy from. */
function documents(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(root, dir)).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(join(root, path)).isDirectory()) return walk(path);
      return /\.(md|ya?ml)$/.test(name) ? [path] : [];
    });
  return ["README.md", ...walk("examples"), ...(existsSync(join(root, "docs")) ? walk("docs") : [])];
}

describe("package.json", () => {
  it("names the GitHub repository the action is published from, and stays off npm", () => {
    const repo = publishedRepository();
    expect(pkg.repository?.type).toBe("git");
    expect(pkg.homepage).toBe(`https://github.com/${repo}#readme`);
    expect(pkg.bugs?.url).toBe(`https://github.com/${repo}/issues`);
    // Published as a GitHub Action (a tag users reference), never as an npm package.
    expect(pkg.private).toBe(true);
  });

  it("declares the MIT licence that LICENSE holds, for the project's contributors", () => {
    expect(pkg.license).toBe("MIT");
    const license = read("LICENSE");
    expect(license.split("\n")[0]).toBe("MIT License");
    expect(license).toMatch(/^Copyright \(c\) \d{4} phased-rollout contributors$/m);
    // The grant and the warranty disclaimer, as the SPDX text of MIT words them.
    expect(license.replace(/\s+/g, " ")).toContain(
      "Permission is hereby granted, free of charge, to any person obtaining a copy of this software",
    );
    expect(license.replace(/\s+/g, " ")).toContain(
      'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND',
    );
  });
});

describe("documented uses of the action", () => {
  it("name the published repository at its major tag, or the vendored copy", () => {
    const allowed = [`${publishedRepository()}@v1`, "./.github/actions/phased-rollout"];
    const found: string[] = [];
    for (const file of documents()) {
      const lines = read(file).split("\n");
      lines.forEach((line, i) => {
        const m = /^\s*(?:-\s+)?uses:\s*["']?([^\s"'#]+)/.exec(line);
        if (!m || !usesThisAction(m[1] as string)) return;
        found.push(m[1] as string);
        expect(allowed, `${file}:${i + 1}`).toContain(m[1]);
      });
    }
    expect(found.length).toBeGreaterThanOrEqual(3);
  });

  it("leave no placeholder owner behind", () => {
    const files = [...documents(), "scripts/lint-workflows.ts"];
    const stale = files.filter((f) => read(f).includes("your-org/"));
    expect(stale).toEqual([]);
  });
});
