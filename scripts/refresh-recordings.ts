// Rebuilds harness/recorded/<provider>/*.json from the vendors' own recordings (cassettes, test bodies,
// API models) at the commits each scripts/recordings/<provider>.ts pins.
//
//   node scripts/refresh-recordings.ts                      every provider, files fetched from GitHub
//   node scripts/refresh-recordings.ts sentry newrelic      only these providers
//   node scripts/refresh-recordings.ts --mirror getsentry/sentry=/path/to/sentry.git
//                                                           read that repository from a local git directory
//   node scripts/refresh-recordings.ts --check              write nothing; exit 1 if a fixture would change

import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Fixture, Recording, RecordingSource } from "./recordings/types.ts";

const ROOT = resolve(import.meta.dirname, "..");
const MODULES = join(ROOT, "scripts/recordings");
const FIXTURES = join(ROOT, "harness/recorded");

function parseArgs(argv: string[]) {
  const mirrors = new Map<string, string>();
  const providers: string[] = [];
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--check") check = true;
    else if (arg === "--mirror") {
      const [repo, dir] = (argv[++i] ?? "").split("=");
      if (!repo || !dir) throw new Error("--mirror takes owner/name=/path/to/git-dir");
      mirrors.set(repo.toLowerCase(), dir);
    } else if (arg.startsWith("-")) throw new Error(`unknown option ${arg}`);
    else providers.push(arg);
  }
  return { mirrors, providers, check };
}

async function read(source: RecordingSource, mirrors: Map<string, string>): Promise<string> {
  const mirror = mirrors.get(source.repository.toLowerCase());
  if (mirror) {
    return execFileSync("git", ["--git-dir", mirror, "show", `${source.commit}:${source.path}`], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
  }
  const url = `https://raw.githubusercontent.com/${source.repository}/${source.commit}/${source.path}`;
  const res = await fetch(url).catch((error: unknown) => {
    throw new Error(
      `cannot fetch ${url} (${(error as Error).message}); without network, mirror ${source.repository} and pass --mirror ${source.repository}=<git dir>`,
    );
  });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.text();
}

/** Stable JSON: two-space indent and a final newline (Prettier leaves harness/recorded/ alone). */
function serialize(fixture: Fixture): string {
  return `${JSON.stringify(fixture, null, 2)}\n`;
}

async function main(): Promise<void> {
  const { mirrors, providers, check } = parseArgs(process.argv.slice(2));
  const available = readdirSync(MODULES)
    .filter((f) => f.endsWith(".ts") && f !== "types.ts")
    .map((f) => f.replace(/\.ts$/, ""));
  const unknown = providers.filter((p) => !available.includes(p));
  if (unknown.length)
    throw new Error(`no recordings module for ${unknown.join(", ")} (have: ${available.join(", ")})`);
  let stale = 0;
  for (const provider of providers.length ? providers : available) {
    const mod = (await import(pathToFileURL(join(MODULES, `${provider}.ts`)).href)) as {
      recordings: Recording[];
    };
    mkdirSync(join(FIXTURES, provider), { recursive: true });
    for (const rec of mod.recordings) {
      const text = await read(rec.source, mirrors);
      const fixture: Fixture = { about: rec.about, source: rec.source, ...rec.extract(text) };
      const file = join(FIXTURES, provider, `${rec.name}.json`);
      const next = serialize(fixture);
      let current = "";
      try {
        current = readFileSync(file, "utf8");
      } catch {
        // a new fixture
      }
      if (current === next) continue;
      stale++;
      console.log(`${check ? "would change" : "wrote"} ${provider}/${rec.name}.json`);
      if (!check) writeFileSync(file, next);
    }
  }
  if (check && stale > 0) process.exitCode = 1;
}

await main();
