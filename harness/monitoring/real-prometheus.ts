// Runs a real Prometheus over backfilled synthetic traffic (see traffic.ts), so gate queries
// are checked against the real PromQL engine rather than our idea of it.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { renderOpenMetrics, sampleTimes, seriesOfAll, type Version } from "../traffic.ts";

const execFileAsync = promisify(execFile);

export const INSTALL_HINT =
  "Install it with `apt-get install -y prometheus` (Debian/Ubuntu; the service need not run), " +
  "or put the `prometheus` and `promtool` binaries from https://prometheus.io/download/ on PATH " +
  "(or point PROMETHEUS_BIN and PROMTOOL_BIN at them).";

const FALLBACK_DIRS = ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"];

export interface PrometheusAvailability {
  available: boolean;
  prometheus: string | undefined;
  promtool: string | undefined;
  /** Missing binaries must fail the tests, not skip them: CI is set or REQUIRE_PROMETHEUS=1. */
  required: boolean;
  /** Why Prometheus is unavailable and how to install it; empty when available. */
  message: string;
}

function findExecutable(name: string, override: string | undefined, dirs: readonly string[]) {
  const candidates = override ? [override] : dirs.map((d) => join(d, name));
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // Not here (or not executable): try the next place.
    }
  }
  return undefined;
}

/** Whether `prometheus` and `promtool` can be found (PATH, then the usual system dirs). */
export function prometheusAvailability(
  env: NodeJS.ProcessEnv = process.env,
  fallbackDirs: readonly string[] = FALLBACK_DIRS,
): PrometheusAvailability {
  const dirs = [...(env.PATH ?? "").split(delimiter).filter(Boolean), ...fallbackDirs];
  const prometheus = findExecutable("prometheus", env.PROMETHEUS_BIN, dirs);
  const promtool = findExecutable("promtool", env.PROMTOOL_BIN, dirs);
  const required = Boolean(env.CI) || env.REQUIRE_PROMETHEUS === "1";
  const missing = [!prometheus && "prometheus", !promtool && "promtool"].filter(Boolean);
  const message =
    missing.length === 0
      ? ""
      : `Prometheus integration tests need ${missing.join(" and ")}, not found on PATH or in ` +
        `${fallbackDirs.join(", ")}. ${INSTALL_HINT}`;
  return { available: missing.length === 0, prometheus, promtool, required, message };
}

/** For describe.skipIf: skip (with a warning) only off CI; when required, run and fail loudly. */
export function skipWithoutPrometheus(a: PrometheusAvailability = prometheusAvailability()) {
  if (a.available || a.required) return false;
  console.warn(
    `Skipping Prometheus integration tests: ${a.message} Set REQUIRE_PROMETHEUS=1 to make this a failure.`,
  );
  return true;
}

export interface StartPrometheusOptions {
  versions: readonly Version[];
  /** Unix seconds; default six hours ago. */
  from?: number;
  /** Unix seconds; default two hours ahead, so "now" stays inside the data for a whole run. */
  to?: number;
  /** How long to wait for Prometheus to be ready with all data loaded; default 90 s. */
  readyTimeoutMs?: number;
}

export interface RunningPrometheus {
  /** Base URL, e.g. http://127.0.0.1:39123. */
  url: string;
  /** The TSDB directory (inside the temp dir removed on close). */
  dataDir: string;
  /** Server version as /api/v1/status/buildinfo reports it, e.g. "2.42.0+ds". */
  version: string;
  /** Milliseconds from the call to a server answering with every backfilled sample. */
  startupMs: number;
  /** The last lines Prometheus wrote to stderr. */
  logTail(): string;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tail(text: string, lines = 25): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

class Log {
  text = "";
  append(chunk: Buffer | string): void {
    // Keep the last 64 KiB: enough for a failure report, bounded for a long run.
    this.text = (this.text + chunk.toString()).slice(-65_536);
  }
}

async function queryScalar(url: string, query: string, time: number): Promise<number | undefined> {
  const params = new URLSearchParams({ query, time: String(time) });
  const res = await fetch(`${url}/api/v1/query?${params}`, { signal: AbortSignal.timeout(10_000) });
  const body = (await res.json()) as {
    status: string;
    error?: string;
    data?: { result: { value: [number, string] }[] };
  };
  if (body.status !== "success") throw new Error(`query ${query} failed: ${body.error}`);
  const first = body.data?.result[0];
  return first ? Number(first.value[1]) : undefined;
}

/** Backfill [from, to] with promtool and serve it from a fresh, scrape-free Prometheus. */
export async function startPrometheus(opts: StartPrometheusOptions): Promise<RunningPrometheus> {
  const started = performance.now();
  const a = prometheusAvailability();
  if (!a.prometheus || !a.promtool) throw new Error(a.message);
  const now = Math.floor(Date.now() / 1000);
  const span = { from: opts.from ?? now - 6 * 3600, to: opts.to ?? now + 2 * 3600 };
  const readyTimeoutMs = opts.readyTimeoutMs ?? 90_000;

  const dir = await mkdtemp(join(tmpdir(), "phased-rollout-prometheus-"));
  const dataDir = join(dir, "data");
  let child: ChildProcess | undefined;
  const log = new Log();
  const killOnExit = () => child?.kill("SIGKILL");
  process.once("exit", killOnExit);

  const close = async () => {
    process.removeListener("exit", killOnExit);
    const c = child;
    child = undefined;
    if (c && c.exitCode === null && c.signalCode === null) {
      const exited = new Promise<void>((resolve) => c.once("exit", () => resolve()));
      c.kill("SIGTERM");
      const timer = setTimeout(() => c.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const series = seriesOfAll(opts.versions, span);
    const input = join(dir, "traffic.om");
    await writeFile(input, renderOpenMetrics(opts.versions, span));
    try {
      await execFileAsync(a.promtool, ["tsdb", "create-blocks-from", "openmetrics", input, dataDir], {
        maxBuffer: 16 * 1024 * 1024,
      });
    } catch (err) {
      const e = err as { stderr?: string; stdout?: string; message: string };
      throw new Error(
        `promtool could not backfill the synthetic traffic: ${e.message}\n${tail(`${e.stdout ?? ""}${e.stderr ?? ""}`)}`,
      );
    }
    await rm(input, { force: true });
    const config = join(dir, "prometheus.yml");
    // No scrape jobs: the backfilled blocks are the only data, so answers are predictable.
    await writeFile(config, "global:\n  evaluation_interval: 1m\nscrape_configs: []\n");

    let url = "";
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      const proc = spawn(
        a.prometheus,
        [
          `--config.file=${config}`,
          `--storage.tsdb.path=${dataDir}`,
          `--web.listen-address=127.0.0.1:${port}`,
          // Time retention counts back from the newest block, which reaches into the future;
          // a long retention keeps every backfilled block regardless.
          "--storage.tsdb.retention.time=10y",
        ],
        { stdio: ["ignore", "pipe", "pipe"], cwd: dir },
      );
      child = proc;
      proc.stdout?.on("data", (c: Buffer) => log.append(c));
      proc.stderr?.on("data", (c: Buffer) => log.append(c));
      const exitedEarly = new Promise<string>((resolve) => {
        proc.once("exit", (code, signal) => resolve(`exited with ${signal ?? `code ${code}`}`));
        proc.once("error", (err) => resolve(`could not start: ${err.message}`));
      });
      const outcome = await Promise.race([
        waitReady(url, readyTimeoutMs, proc).then(() => "ready"),
        exitedEarly,
      ]);
      if (outcome === "ready") break;
      // Another process took the port between our probe and Prometheus binding it: retry.
      if (/address already in use/.test(log.text) && attempt < 3) {
        log.text = "";
        continue;
      }
      throw new Error(`Prometheus ${outcome} before becoming ready (${url}).\n${tail(log.text)}`);
    }

    // Ready can precede the blocks being queryable; wait for every backfilled sample.
    const expected = series.reduce((n, s) => n + sampleTimes(s, s.start, s.end).length, 0);
    if (expected > 0) {
      const at = Math.ceil(span.to) + 1;
      const range = `${at - Math.floor(span.from) + 60}s`;
      // One query per name: count_over_time drops __name__, so _sum and _count would collide.
      const names = [...new Set(series.map((s) => s.name))];
      const deadline = started + readyTimeoutMs;
      let seen = 0;
      let lastError = "";
      for (;;) {
        try {
          const counts = await Promise.all(
            names.map((n) => queryScalar(url, `sum(count_over_time(${n}[${range}]))`, at)),
          );
          seen = counts.reduce<number>((a, c) => a + (c ?? 0), 0);
          if (seen === expected) break;
        } catch (err) {
          lastError = `${(err as Error).message}\n`;
        }
        if (performance.now() > deadline) {
          throw new Error(
            `Prometheus at ${url} holds ${seen} of the ${expected} backfilled samples after ` +
              `${readyTimeoutMs} ms.\n${lastError}${tail(log.text)}`,
          );
        }
        await sleep(200);
      }
    }
    const info = await fetch(`${url}/api/v1/status/buildinfo`).then(
      (r) => r.json() as Promise<{ data?: { version?: string } }>,
    );
    return {
      url,
      dataDir,
      version: info.data?.version ?? "unknown",
      startupMs: Math.round(performance.now() - started),
      logTail: () => tail(log.text),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }

  async function waitReady(url: string, timeoutMs: number, proc: ChildProcess): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      // Once it has exited the race is decided elsewhere; stop polling.
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      try {
        const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2_000) });
        await res.body?.cancel();
        if (res.ok) return;
      } catch {
        // Not listening yet.
      }
      await sleep(100);
    }
    throw new Error(`Prometheus was not ready after ${timeoutMs} ms (${url}).\n${tail(log.text)}`);
  }
}
