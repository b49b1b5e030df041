// Copies the built action into a directory of another repository, for workflows that use it as a local
// action (`uses: ./.github/actions/phased-rollout` after actions/checkout) instead of a published tag.
// The copy is action.yml, LICENSE and dist/ (the bundle, its package.json that makes it ESM whatever the
// repository's own package.json says, and the third-party licences): the runner needs nothing else, no
// node_modules. Running it again over an earlier copy updates it. Only Node's own modules are imported,
// so it runs from a plain checkout without npm ci (Node 22.18 or later, for the type stripping).
//
//   node scripts/vendor.ts <directory>      e.g. .github/actions/phased-rollout, from your repository's root

import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const SUGGESTED = ".github/actions/phased-rollout";
const TOP_LEVEL = ["action.yml", "LICENSE", "dist"];

export class VendorError extends Error {}

/** The files a copy consists of, relative to the repository root: action.yml, LICENSE, then dist/. */
export function vendoredFiles(root: string): string[] {
  const dist = join(root, "dist");
  const built = existsSync(dist)
    ? readdirSync(dist, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => `dist/${relative(dist, join(e.parentPath, e.name)).split(sep).join("/")}`)
        .sort()
    : [];
  return ["action.yml", "LICENSE", ...built];
}

function actionName(actionYml: string): string {
  return /^name:\s*(.*?)\s*$/m.exec(readFileSync(actionYml, "utf8"))?.[1] ?? "";
}

/** Throws unless `target` is missing, empty, or an earlier copy of this action (so dist/ may be replaced). */
function checkTarget(root: string, target: string): void {
  if (!existsSync(target)) return;
  const entries = readdirSync(target).sort();
  if (entries.length === 0) return;
  const foreign = entries.filter((e) => !TOP_LEVEL.includes(e));
  if (foreign.length > 0) {
    throw new VendorError(
      `${target} holds ${foreign.join(" and ")} besides action.yml, LICENSE and dist/: ` +
        `give a directory of its own, such as ${SUGGESTED}`,
    );
  }
  const actionYml = join(target, "action.yml");
  if (!existsSync(actionYml)) {
    throw new VendorError(
      `${target} is not empty and holds no earlier copy (no action.yml): give a directory of its own, such as ${SUGGESTED}`,
    );
  }
  const ours = actionName(join(root, "action.yml"));
  const theirs = actionName(actionYml);
  if (theirs !== ours) {
    throw new VendorError(
      `${actionYml} is not phased-rollout's (name: ${theirs}): give a directory of its own`,
    );
  }
}

export interface Copied {
  files: string[];
  version: string;
}

/** Copies the vendored files of the action at `root` into `target`, replacing an earlier copy's dist/. */
export function vendor(root: string, target: string): Copied {
  const main = join(root, "dist", "index.js");
  if (!existsSync(main)) {
    throw new VendorError(`${main} is missing: run npm ci && npm run build in ${root} first`);
  }
  checkTarget(root, target);
  const files = vendoredFiles(root);
  mkdirSync(target, { recursive: true });
  // dist/ is wholly the bundle's: a file an older build had and this one has not must go.
  rmSync(join(target, "dist"), { recursive: true, force: true });
  for (const file of files) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    copyFileSync(join(root, file), join(target, file));
  }
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version?: string };
  return { files, version: pkg.version ?? "unknown" };
}

function commitOf(root: string): string | undefined {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return undefined;
  }
}

function main(): void {
  const args = process.argv.slice(2);
  const usage = `usage: node scripts/vendor.ts <directory>   (for example ${SUGGESTED}, from your repository's root)`;
  if (args.length !== 1 || args[0]?.startsWith("-")) {
    console.error(usage);
    process.exit(2);
  }
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const target = resolve(args[0] as string);
  let copied: Copied;
  try {
    copied = vendor(root, target);
  } catch (error) {
    if (!(error instanceof VendorError)) throw error;
    console.error(`vendor: ${error.message}`);
    process.exit(1);
  }
  const commit = commitOf(root);
  const where = relative(process.cwd(), target).split(sep).join("/");
  console.log(
    [
      `Copied phased-rollout ${copied.version}${commit ? ` (commit ${commit})` : ""} into ${where}:`,
      ...copied.files.map((f) => `  ${f}`),
      "Commit them; in the workflow, check the repository out first, then use the copy:",
      "  - uses: actions/checkout@v7",
      `  - uses: ./${where}`,
      "To update the copy, run this command again from a newer checkout of phased-rollout.",
    ].join("\n"),
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main();
}
