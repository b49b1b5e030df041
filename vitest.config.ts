import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Vitest's default is one worker on two cores; e2e files mostly wait on the action's child process and
    // on stand-ins, so two workers use the second core (the suite took 9.8 minutes with one, 6.5 with two).
    maxWorkers: 2,
  },
});
