// Times child processes from the parent's side: spawn → exit, and spawn → first byte on stdout.
//
// harness/runner.ts spawns the action the way the Actions runner does, and its setup (temp dir, event file,
// action.yml defaults) would otherwise count as the action's own time. Wrapping child_process.spawn lets the
// bench reuse the runner unchanged while timing only the child: syncBuiltinESMExports() makes the wrapper
// visible through the runner's `import { spawn } from "node:child_process"` binding.

import type { ChildProcess } from "node:child_process";
import { createRequire, syncBuiltinESMExports } from "node:module";

export interface ChildTiming {
  /** spawn() called → the child exited, in ms. */
  wallMs: number;
  /** spawn() called → first chunk on the child's stdout, in ms; null when it printed nothing. */
  firstStdoutMs: number | null;
  exitCode: number | null;
}

/** Watches a just-spawned child; `start` is performance.now() taken right before spawn(). */
export function timeChild(child: ChildProcess, start: number): Promise<ChildTiming> {
  let firstStdoutMs: number | null = null;
  child.stdout?.once("data", () => {
    firstStdoutMs = performance.now() - start;
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => {
      resolve({ wallMs: performance.now() - start, firstStdoutMs, exitCode: code });
    });
  });
}

type Spawn = (...args: unknown[]) => ChildProcess;
const childProcess = createRequire(import.meta.url)("node:child_process") as { spawn: Spawn };

let pending: Promise<ChildTiming>[] = [];
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  const original = childProcess.spawn;
  childProcess.spawn = function (this: unknown, ...args: unknown[]): ChildProcess {
    const start = performance.now();
    const child = original.apply(this, args);
    pending.push(timeChild(child, start));
    return child;
  };
  syncBuiltinESMExports();
}

/** Runs `fn`, which must spawn exactly one child (e.g. runAction), and returns its result and the child's timing. */
export async function timedSpawn<T>(fn: () => Promise<T>): Promise<{ result: T; timing: ChildTiming }> {
  install();
  pending = [];
  const result = await fn();
  const spawned = pending;
  pending = [];
  if (spawned.length !== 1) throw new Error(`expected one child process, saw ${spawned.length}`);
  const timing = await (spawned[0] as Promise<ChildTiming>);
  return { result, timing };
}
