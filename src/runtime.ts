// The run's one contact with the process and the Actions runner: the environment, the clock, sleep, logs,
// annotations, masking, outputs and the job summary. Everything else takes what it needs from here, so tests
// can give a run their own.
//
// It speaks the runner's protocol itself ("Workflow commands for GitHub Actions": `::name props::message` on
// stdout, and the GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files) rather than through @actions/core, whose OIDC
// client brings an HTTP stack of a megabyte into every run, an ignored comment's included. A test holds every
// line written here to what @actions/core writes for the same call (test/unit/runtime.test.ts).

import { randomUUID } from "node:crypto";
import { appendFileSync, existsSync } from "node:fs";
import { appendFile } from "node:fs/promises";
import { EOL } from "node:os";

export interface Runtime {
  env: NodeJS.ProcessEnv;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  info: (message: string) => void;
  debug: (message: string) => void;
  /** A warning annotation on the run's page. */
  warning: (message: string) => void;
  notice: (message: string) => void;
  /** A collapsible group of log lines around `fn`. */
  group: <T>(name: string, fn: () => Promise<T>) => Promise<T>;
  /** Masks `value` in everything the run prints from now on. */
  setSecret: (value: string) => void;
  setOutput: (name: string, value: string) => void;
  /** Marks the step failed, with an error annotation. */
  setFailed: (message: string) => void;
  /** Appends Markdown to the job summary (nothing outside a job that has one). */
  summary: (markdown: string) => Promise<void>;
}

/** Message data of a workflow command: `%`, CR and LF escaped, as the runner unescapes them. */
function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A workflow command's line: `::name::message`. */
export function commandLine(name: string, message: string): string {
  return `::${name}::${escapeData(message)}`;
}

/** A `name<<delimiter` block of an environment file such as GITHUB_OUTPUT, with a delimiter the value lacks. */
export function keyValueBlock(
  name: string,
  value: string,
  delimiter = `ghadelimiter_${randomUUID()}`,
): string {
  if (name.includes(delimiter) || value.includes(delimiter)) {
    throw new Error(`the output ${name} holds its own delimiter ${delimiter}`);
  }
  return `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}`;
}

/** The runtime of a step the Actions runner started: its environment, stdout and files. */
export function actionsRuntime(env: NodeJS.ProcessEnv = process.env): Runtime {
  const write = (line: string) => {
    process.stdout.write(`${line}${EOL}`);
  };
  const command = (name: string) => (message: string) => {
    write(commandLine(name, message));
  };
  return {
    env,
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    info: write,
    debug: command("debug"),
    warning: command("warning"),
    notice: command("notice"),
    group: async (name, fn) => {
      write(commandLine("group", name));
      try {
        return await fn();
      } finally {
        write(commandLine("endgroup", ""));
      }
    },
    setSecret: command("add-mask"),
    setOutput: (name, value) => {
      const file = env.GITHUB_OUTPUT;
      if (!file) {
        // Outside the runner (a local try-out): the outputs are only shown.
        write(`${name}=${value}`);
        return;
      }
      if (!existsSync(file)) throw new Error(`GITHUB_OUTPUT names ${file}, which does not exist`);
      appendFileSync(file, `${keyValueBlock(name, value)}${EOL}`, { encoding: "utf8" });
    },
    setFailed: (message) => {
      process.exitCode = 1;
      write(commandLine("error", message));
    },
    summary: async (markdown) => {
      const file = env.GITHUB_STEP_SUMMARY;
      if (!file) return;
      await appendFile(file, markdown, { encoding: "utf8" });
    },
  };
}
