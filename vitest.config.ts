import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // A guard against hangs, not a speed check: an end-to-end test runs the bundled action up to ten times,
    // and on a shared two-core machine one test took 24 s with the suite running beside it (CI once hit 30 s).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    // The end-to-end tests start the bundled action about a thousand times: V8's compile cache, shared between
    // those processes (harness/runner.ts passes it on), saves each one compiling the bundle again (~15% of
    // the suite's CPU time). The bench does not set it.
    env: { NODE_COMPILE_CACHE: join(tmpdir(), "phased-rollout-compile-cache") },
    // Vitest's default is one worker on two cores; e2e files mostly wait on the action's child process and
    // on stand-ins, so two workers use the second core (the suite took 9.8 minutes with one, 6.5 with two).
    maxWorkers: 2,
  },
});
