// Runs parseGates on the text it is given in a worker thread, so a test can stop a parse that takes too long.

import { parentPort, workerData } from "node:worker_threads";
import { parseGates } from "../../src/gates/config.ts";
import { ALL_PROVIDERS } from "../support/providers.ts";

const started = performance.now();
try {
  const gates = parseGates(workerData as string, ALL_PROVIDERS);
  parentPort?.postMessage({ outcome: "gates", count: gates.length, ms: performance.now() - started });
} catch (error) {
  parentPort?.postMessage({
    outcome: "error",
    name: error instanceof Error ? error.constructor.name : typeof error,
    message: (error instanceof Error ? error.message : String(error)).slice(0, 300),
    ms: performance.now() - started,
  });
}
