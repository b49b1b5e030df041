// scripts/release.ts against throwaway git repositories: a clone whose `origin` is a bare repository on
// disk (so pushes are real and nothing reaches the network), with a package.json whose build copies
// src/ into dist/. Each refusal must leave every tag where it was. Most cases call release() in this
// process with that build done in-process; the command line, with its real `npm run build`, is run twice.

import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { compareVersions, parseVersion, release, ReleaseError } from "../../../scripts/release.ts";

const SCRIPT = join(import.meta.dirname, "..", "..", "..", "scripts", "release.ts");

let tmp: string;
let origin: string;
let clone: string;
let env: NodeJS.ProcessEnv;

/** The environment of a machine with no git configuration but an identity, and no GIT_DIR leaking in. */
function cleanEnv(home: string): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("GIT_")) out[k] = v;
  return {
    ...out,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: "Release Captain",
    GIT_AUTHOR_EMAIL: "captain@example.com",
    GIT_COMMITTER_NAME: "Release Captain",
    GIT_COMMITTER_EMAIL: "captain@example.com",
    npm_config_update_notifier: "false",
  };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, env, encoding: "utf8" }).trim();
}

function write(path: string, text: string): void {
  mkdirSync(dirname(join(clone, path)), { recursive: true });
  writeFileSync(join(clone, path), text);
}

function setVersion(version: string): void {
  write(
    "package.json",
    `${JSON.stringify({ name: "phased-rollout", version, private: true, scripts: { build: "node build.mjs" } }, null, 2)}\n`,
  );
}

function commit(message: string): string {
  git(clone, "add", "-A");
  git(clone, "commit", "-q", "-m", message);
  return git(clone, "rev-parse", "HEAD");
}

/** Bumps package.json to `version`, with dist/ rebuilt, and commits: what a maintainer does before releasing. */
function prepare(version: string): string {
  setVersion(version);
  write("src/index.js", `console.log(${JSON.stringify(version)});\n`);
  write("dist/index.js", `console.log(${JSON.stringify(version)});\n`);
  return commit(`Release ${version}`);
}

/** What build.mjs does, without starting npm and node for it. */
function build(root: string): void {
  cpSync(join(root, "src"), join(root, "dist"), { recursive: true });
}

/** release() with --push, here, answering like the command line: exit status and what it printed. */
function releaseHere() {
  try {
    const r = release(clone, { push: true, remote: "origin" }, build);
    return { status: 0, out: `released ${r.tag}` };
  } catch (error) {
    if (!(error instanceof ReleaseError)) throw error;
    return { status: 1, out: error.message };
  }
}

function releaseCommand(...args: string[]) {
  const r = spawnSync(process.execPath, [SCRIPT, ...args], { cwd: clone, env, encoding: "utf8" });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

// release() runs git with this process's environment: each case gives it the same clean one as the commands.
const saved = process.env;
afterAll(() => {
  process.env = saved;
});

/** tag → commit it resolves to, for every tag in `repo`. */
function tags(repo: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = git(
    repo,
    "for-each-ref",
    "--format=%(refname:short) %(objectname) %(*objectname)",
    "refs/tags",
  );
  for (const line of lines.split("\n").filter(Boolean)) {
    const [name = "", object = "", peeled] = line.split(" ");
    out[name] = peeled || object;
  }
  return out;
}

describe("parseVersion and compareVersions", () => {
  it("accept X.Y.Z only, and order numerically", () => {
    expect(parseVersion("1.10.0")).toEqual([1, 10, 0]);
    for (const bad of ["1.0", "v1.0.0", "1.0.0-rc.1", "01.0.0", "1.0.0 "])
      expect(parseVersion(bad), bad).toBe(null);
    expect(compareVersions([1, 10, 0], [1, 9, 9])).toBeGreaterThan(0);
    expect(compareVersions([2, 0, 0], [10, 0, 0])).toBeLessThan(0);
    expect(compareVersions([1, 2, 3], [1, 2, 3])).toBe(0);
  });
});

describe("in a clone of a repository", () => {
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), "release-test-"));
    env = cleanEnv(tmp);
    process.env = { ...env };
    origin = join(tmp, "origin.git");
    clone = join(tmp, "work");
    git(tmp, "init", "-q", "--bare", "-b", "main", origin);
    git(tmp, "clone", "-q", origin, clone);
    write("build.mjs", 'import { cpSync } from "node:fs";\ncpSync("src", "dist", { recursive: true });\n');
    prepare("1.0.0");
    git(clone, "push", "-q", "origin", "main");
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  describe("release with --push", () => {
    it("tags the first release and creates its major tag, here and on the remote", () => {
      const head = git(clone, "rev-parse", "HEAD");
      const r = releaseHere();
      expect(r.status, r.out).toBe(0);
      expect(tags(clone)).toEqual({ v1: head, "v1.0.0": head });
      expect(tags(origin)).toEqual({ v1: head, "v1.0.0": head });
      // An annotated tag, as GitHub's release UI and `git describe` expect.
      expect(git(clone, "cat-file", "-t", "v1.0.0")).toBe("tag");
      expect(r.out).toContain("released v1.0.0");
    });

    it("moves the major tag to the next minor release, leaving the earlier release where it was", () => {
      const first = git(clone, "rev-parse", "HEAD");
      expect(releaseHere().status).toBe(0);
      const second = prepare("1.1.0");
      git(clone, "push", "-q", "origin", "main");
      const r = releaseHere();
      expect(r.status, r.out).toBe(0);
      expect(tags(origin)).toEqual({ v1: second, "v1.0.0": first, "v1.1.0": second });
    });

    it("starts a new major tag for a major release and leaves the old one", () => {
      const first = git(clone, "rev-parse", "HEAD");
      expect(releaseHere().status).toBe(0);
      const second = prepare("2.0.0");
      const r = releaseHere();
      expect(r.status, r.out).toBe(0);
      expect(tags(origin)).toEqual({ v1: first, "v1.0.0": first, v2: second, "v2.0.0": second });
    });

    it("refuses a dirty tree, untracked files included", () => {
      write("notes.txt", "draft\n");
      const r = releaseHere();
      expect(r.status).toBe(1);
      expect(r.out).toContain("the work tree is not clean (?? notes.txt): commit or stash first");
      expect(tags(clone)).toEqual({});
    });

    it("refuses when dist/ is not the build of src/", () => {
      write("src/index.js", "console.log('changed');\n");
      commit("Change src without rebuilding");
      const r = releaseHere();
      expect(r.status).toBe(1);
      expect(r.out).toContain("dist/ is not the build of src/ (M dist/index.js): commit the rebuilt dist/");
      expect(tags(clone)).toEqual({});
      expect(tags(origin)).toEqual({});
    });

    it("refuses a version that is not newer than the latest release", () => {
      expect(releaseHere().status).toBe(0);
      prepare("1.1.0");
      expect(releaseHere().status).toBe(0);
      prepare("1.0.5");
      const r = releaseHere();
      expect(r.status).toBe(1);
      expect(r.out).toContain(
        "1.0.5 is not newer than the latest release v1.1.0: raise version in package.json",
      );
      expect(Object.keys(tags(origin)).sort()).toEqual(["v1", "v1.0.0", "v1.1.0"]);
    });

    it("refuses a tag that exists, even only on the remote", () => {
      const elsewhere = join(tmp, "elsewhere");
      git(tmp, "clone", "-q", origin, elsewhere);
      git(elsewhere, "tag", "-a", "v1.0.0", "-m", "v1.0.0");
      git(elsewhere, "push", "-q", "origin", "v1.0.0");
      const r = releaseHere();
      expect(r.status).toBe(1);
      expect(r.out).toContain("tag v1.0.0 exists already (on origin): raise version in package.json");
      expect(tags(clone)).toEqual({});
    });

    it("refuses a version that is not X.Y.Z, or has no major tag to follow", () => {
      for (const [version, message] of [
        ["1.0.0-rc.1", 'version "1.0.0-rc.1" in package.json is not MAJOR.MINOR.PATCH (such as 1.2.3)'],
        ["0.9.0", "version 0.9.0 has major version 0: the first release users can follow with @v1 is 1.0.0"],
      ] as const) {
        setVersion(version);
        commit(`Version ${version}`);
        const r = releaseHere();
        expect(r.status, version).toBe(1);
        expect(r.out).toContain(message);
      }
      expect(tags(clone)).toEqual({});
    });

    it("takes the tags back when the remote rejects the push", () => {
      expect(releaseHere().status).toBe(0);
      const before = tags(clone);
      prepare("1.1.0");
      const hook = join(origin, "hooks", "pre-receive");
      writeFileSync(hook, "#!/bin/sh\necho 'tags are protected' >&2\nexit 1\n");
      chmodSync(hook, 0o755);
      const r = releaseHere();
      expect(r.status).toBe(1);
      expect(r.out).toContain("tags are protected");
      expect(r.out).toContain("the push was refused; the local tags are as they were");
      expect(tags(clone)).toEqual(before);
      expect(tags(origin)).toEqual(before);
    });
  });

  describe("node scripts/release.ts", () => {
    it("with --push, builds with npm run build, tags and pushes", () => {
      const head = git(clone, "rev-parse", "HEAD");
      const r = releaseCommand("--push");
      expect(r.status, r.out).toBe(0);
      expect(tags(origin)).toEqual({ v1: head, "v1.0.0": head });
      expect(r.out).toContain(`released v1.0.0 at ${head.slice(0, 7)}; v1 now points at it`);
      expect(r.out).toContain("pushed v1.0.0 and v1 to origin");
    });

    it("without --push, tags locally and prints the push command, leaving the remote alone", () => {
      const r = releaseCommand();
      expect(r.status, r.out).toBe(0);
      expect(Object.keys(tags(clone)).sort()).toEqual(["v1", "v1.0.0"]);
      expect(tags(origin)).toEqual({});
      expect(r.out).toContain("git push --atomic origin refs/tags/v1.0.0 +refs/tags/v1");
    });
  });
});
