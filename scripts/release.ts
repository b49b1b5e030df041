// Releases the action the way GitHub's own actions are versioned: an annotated tag vX.Y.Z on HEAD for the
// version in package.json, and the major tag vX moved to it, so `uses: phased-rollout/phased-rollout@v1`
// follows every compatible release (actions/toolkit docs/action-versioning.md; actions/typescript-action
// script/release). It refuses, before tagging anything, when the version is not MAJOR.MINOR.PATCH with a
// major of at least 1, the work tree is not clean, the tag exists (here, or on the remote when pushing),
// the version is not newer than every vX.Y.Z tag, or dist/ is not the build of src/ (`npm run build`,
// then any change or new file under dist/, as .ci/run checks).
//
//   node scripts/release.ts [--push] [--remote origin]
//
// Without --push the tags are made here and the push command is printed. With --push both tags go to the
// remote in one atomic push (the major tag forced, the release tag not, so an existing one is never
// replaced); if the remote refuses, the local tags are put back as they were.

import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export class ReleaseError extends Error {}

export type Version = [major: number, minor: number, patch: number];

const VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** `1.2.3` as numbers; null for anything else (prereleases and build metadata included). */
export function parseVersion(text: string): Version | null {
  const m = VERSION.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function git(root: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** `git status --porcelain` lines, trimmed, for a message. */
function changes(root: string, ...paths: string[]): string[] {
  const out = git(
    root,
    "status",
    "--porcelain",
    "--untracked-files=all",
    ...(paths.length ? ["--", ...paths] : []),
  );
  return out
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}

function summary(lines: string[]): string {
  return lines.length > 5 ? `${lines.slice(0, 5).join(", ")}, …` : lines.join(", ");
}

function remoteTags(root: string, remote: string): string[] {
  return git(root, "ls-remote", "--tags", "--refs", remote)
    .split("\n")
    .filter(Boolean)
    .map((line) => line.split("\t")[1]?.replace(/^refs\/tags\//, "") ?? "");
}

export interface ReleaseOptions {
  push: boolean;
  remote: string;
}

export interface Released {
  tag: string;
  major: string;
  commit: string;
  pushed: boolean;
}

/** `npm run build` in `root`, its output shown as it comes. */
export function npmRunBuild(root: string): void {
  const build = spawnSync("npm", ["run", "build"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  if (build.status !== 0) {
    throw new ReleaseError(`npm run build failed (${build.error?.message ?? `exit ${build.status}`})`);
  }
}

export function release(root: string, opts: ReleaseOptions, build = npmRunBuild): Released {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version?: unknown };
  const text = String(pkg.version);
  const version = parseVersion(text);
  if (!version) {
    throw new ReleaseError(`version "${text}" in package.json is not MAJOR.MINOR.PATCH (such as 1.2.3)`);
  }
  if (version[0] === 0) {
    throw new ReleaseError(
      `version ${text} has major version 0: the first release users can follow with @v1 is 1.0.0`,
    );
  }
  const tag = `v${text}`;
  const major = `v${version[0]}`;

  const dirty = changes(root);
  if (dirty.length > 0) {
    throw new ReleaseError(`the work tree is not clean (${summary(dirty)}): commit or stash first`);
  }

  const here = git(root, "tag", "--list").split("\n").filter(Boolean);
  const there = opts.push ? remoteTags(root, opts.remote) : [];
  const where = [here.includes(tag) && "here", there.includes(tag) && `on ${opts.remote}`].filter(Boolean);
  if (where.length > 0) {
    throw new ReleaseError(
      `tag ${tag} exists already (${where.join(" and ")}): raise version in package.json`,
    );
  }
  const latest = [...here, ...there]
    .map((t) => ({ tag: t, version: t.startsWith("v") ? parseVersion(t.slice(1)) : null }))
    .filter((t): t is { tag: string; version: Version } => t.version !== null)
    .sort((a, b) => compareVersions(b.version, a.version))[0];
  if (latest && compareVersions(version, latest.version) <= 0) {
    throw new ReleaseError(
      `${text} is not newer than the latest release ${latest.tag}: raise version in package.json`,
    );
  }

  build(root);
  const stale = changes(root, "dist");
  if (stale.length > 0) {
    throw new ReleaseError(
      `dist/ is not the build of src/ (${summary(stale)}): commit the rebuilt dist/, now in the work tree, then release`,
    );
  }

  const commit = git(root, "rev-parse", "HEAD");
  const previousMajor = spawnSync("git", ["rev-parse", "-q", "--verify", `refs/tags/${major}`], {
    cwd: root,
    encoding: "utf8",
  }).stdout.trim();
  git(root, "tag", "-a", tag, "-m", tag, commit);
  git(root, "tag", "-f", "-a", major, "-m", `${major}: ${tag}`, commit);
  if (!opts.push) return { tag, major, commit, pushed: false };

  const push = spawnSync(
    "git",
    ["push", "--atomic", opts.remote, `refs/tags/${tag}`, `+refs/tags/${major}`],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
  if (push.status !== 0) {
    git(root, "tag", "-d", tag);
    if (previousMajor) git(root, "update-ref", `refs/tags/${major}`, previousMajor);
    else git(root, "tag", "-d", major);
    throw new ReleaseError(
      `${push.stderr.trim()}\nthe push was refused; the local tags are as they were (${tag} deleted, ${major} restored)`,
    );
  }
  return { tag, major, commit, pushed: true };
}

function main(): void {
  const usage = "usage: node scripts/release.ts [--push] [--remote NAME]";
  const args = process.argv.slice(2);
  const opts: ReleaseOptions = { push: false, remote: "origin" };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--push") opts.push = true;
    else if (args[i] === "--remote" && args[i + 1]) opts.remote = args[++i] as string;
    else {
      console.error(usage);
      process.exit(2);
    }
  }
  let released: Released;
  try {
    released = release(git(process.cwd(), "rev-parse", "--show-toplevel"), opts);
  } catch (error) {
    if (!(error instanceof ReleaseError)) throw error;
    console.error(`release: ${error.message}`);
    process.exit(1);
  }
  const { tag, major, commit } = released;
  console.log(`released ${tag} at ${commit.slice(0, 7)}; ${major} now points at it`);
  if (released.pushed) console.log(`pushed ${tag} and ${major} to ${opts.remote}`);
  else console.log(`push both with: git push --atomic ${opts.remote} refs/tags/${tag} +refs/tags/${major}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main();
}
