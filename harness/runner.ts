// Runs the bundled action the way the Actions runner runs a step: a fresh `node dist/index.js` process with
// INPUT_* (action.yml defaults filled in), the event payload on disk, and the output and summary files.

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { CLOCK_PRELOAD, HARNESS_NOW } from "./clock-name.ts";

export const ROOT = resolve(import.meta.dirname, "..");
export const DIST = join(ROOT, "dist/index.js");
export const TOKEN = "ghs_e2eTestToken000000000000000000000000";

interface ActionYml {
  inputs: Record<string, { default?: string }>;
  runs: { main: string };
}

function readActionYml(actionDir: string): ActionYml {
  return parse(readFileSync(join(actionDir, "action.yml"), "utf8")) as ActionYml;
}

function actionDefaults(yml: ActionYml): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(yml.inputs)) {
    if (spec.default === undefined) continue;
    // The runner evaluates expressions in defaults; the only one action.yml uses is the job token.
    out[name] = String(spec.default).replace(/\$\{\{\s*github\.token\s*\}\}/, TOKEN);
  }
  return out;
}

export interface RunOptions {
  apiUrl: string;
  /** The directory `uses:` resolves to, holding action.yml: a vendored copy, say. Default: this repository. */
  actionDir?: string;
  eventName: string;
  payload?: object;
  inputs?: Record<string, string>;
  sha: string;
  ref?: string;
  runId: number;
  runAttempt?: number;
  actor?: string;
  repository?: string;
  env?: Record<string, string>;
  debug?: boolean;
  timeoutMs?: number;
  /** Measure the action process's CPU time (user + system), through bash's `times`. */
  cpu?: boolean;
}

export interface ActionRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** `::error::` and `::warning::` lines the step printed. */
  errors: string[];
  warnings: string[];
  /** CPU time of the action's process, user + system, in ms: with `cpu: true` only. */
  cpuMs?: number;
}

/** The children's line of bash's `times` ("0m0.121s 0m0.040s"), as user + system ms. */
function childCpuMs(times: string): number | undefined {
  const line = times.trim().split("\n")[1] ?? "";
  const parts = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map(
    (m) => Number(m[1]) * 60_000 + Number(m[2]) * 1000,
  );
  return parts.length === 2 ? (parts[0] as number) + (parts[1] as number) : undefined;
}

/** Parses the `name<<DELIMITER` heredocs that @actions/core writes to GITHUB_OUTPUT. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = "", delimiter] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? "");
      out[name] = value.join("\n");
    } else if (line.includes("=")) {
      const at = line.indexOf("=");
      out[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return out;
}

export async function runAction(opts: RunOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), "phased-rollout-e2e-"));
  try {
    const eventPath = join(dir, "event.json");
    const outputPath = join(dir, "output");
    const summaryPath = join(dir, "summary.md");
    writeFileSync(eventPath, JSON.stringify(opts.payload ?? {}));
    writeFileSync(outputPath, "");
    writeFileSync(summaryPath, "");
    // The runner creates every file command's file before the step starts.
    writeFileSync(join(dir, "state"), "");
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      // The test suite shares V8's compile cache across the action's processes (vitest.config.ts); the bench
      // leaves it unset, so what it weighs is a runner's cold start.
      ...(process.env.NODE_COMPILE_CACHE && { NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE }),
      HOME: dir,
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_REPOSITORY: opts.repository ?? "octo-org/shop",
      GITHUB_EVENT_NAME: opts.eventName,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_SHA: opts.sha,
      GITHUB_REF: opts.ref ?? "refs/heads/main",
      GITHUB_RUN_ID: String(opts.runId),
      GITHUB_RUN_ATTEMPT: String(opts.runAttempt ?? 1),
      GITHUB_ACTOR: opts.actor ?? "octocat",
      GITHUB_TRIGGERING_ACTOR: opts.actor ?? "octocat",
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_API_URL: opts.apiUrl,
      GITHUB_OUTPUT: outputPath,
      GITHUB_STEP_SUMMARY: summaryPath,
      GITHUB_STATE: join(dir, "state"),
      RUNNER_TEMP: dir,
      ...(opts.debug && { RUNNER_DEBUG: "1" }),
    };
    const actionDir = opts.actionDir ?? ROOT;
    const action = readActionYml(actionDir);
    const inputs = { ...actionDefaults(action), ...opts.inputs };
    for (const [name, value] of Object.entries(inputs))
      env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;
    Object.assign(env, opts.env);

    const main = join(actionDir, action.runs.main);
    // A test that fixes the world's clock starts the action's there too, from outside the action.
    const node = env[HARNESS_NOW] ? [`--import=${CLOCK_PRELOAD}`, main] : [main];
    // With `cpu`, bash runs the action and then reports its children's CPU time on a fourth descriptor.
    const child = opts.cpu
      ? spawn("bash", ["-c", '"$0" "$@"; code=$?; times >&3; exit $code', process.execPath, ...node], {
          env,
          cwd: dir,
          stdio: ["ignore", "pipe", "pipe", "pipe"],
        })
      : spawn(process.execPath, node, { env, cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    let times = "";
    child.stdio[3]?.on("data", (d: Buffer) => {
      times += d.toString();
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 60_000);
    const exitCode = await new Promise<number | null>((done) => child.on("close", (code) => done(code)));
    clearTimeout(timer);
    const lines = stdout.split("\n");
    // Workflow commands escape their data; the runner shows it unescaped.
    const unescape = (s: string) => s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
    const cpuMs = opts.cpu ? childCpuMs(times) : undefined;
    return {
      exitCode,
      ...(cpuMs !== undefined && { cpuMs }),
      stdout,
      stderr,
      outputs: parseOutputFile(readFileSync(outputPath, "utf8")),
      summary: readFileSync(summaryPath, "utf8"),
      errors: lines
        .filter((l) => l.startsWith("::error"))
        .map((l) => unescape(l.replace(/^::error[^:]*::/, ""))),
      warnings: lines
        .filter((l) => l.startsWith("::warning"))
        .map((l) => unescape(l.replace(/^::warning[^:]*::/, ""))),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
