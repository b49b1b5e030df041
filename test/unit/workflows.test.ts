// The repository's own workflows against what they stand for: CI on GitHub makes every check .ci/run
// makes and runs the action as the README's install section vendors it; the release workflow runs
// scripts/release.ts with no more than it needs. (Pinned actions and declared permissions are
// scripts/lint-workflows.ts's rules, checked with the rest of the workflows in action-yml.test.ts.)

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = join(import.meta.dirname, "..", "..");
const read = (path: string) => readFileSync(join(root, path), "utf8");

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Job {
  if?: string;
  "runs-on"?: string;
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const ci = parse(read(".github/workflows/ci.yml")) as Workflow;
const releaseWorkflow = parse(read(".github/workflows/release.yml")) as Workflow;
const ciRun = read(".ci/run");

const runs = (job: Job) => job.steps.flatMap((s) => (s.run ? [s.run] : []));
const jobs = (wf: Workflow) => Object.entries(wf.jobs);

describe(".github/workflows/ci.yml", () => {
  it.each([
    "npm run typecheck",
    "npm run lint",
    "node scripts/lint-workflows.ts",
    "npm test",
    "npm run build",
    "git status --porcelain --untracked-files=all -- dist",
  ])("runs `%s`, as .ci/run does", (command) => {
    expect(ciRun).toContain(command);
    expect(
      jobs(ci)
        .flatMap(([, job]) => runs(job))
        .join("\n"),
    ).toContain(command);
  });

  it("runs the tests against a real Prometheus from Ubuntu's packages, which must not be skipped", () => {
    const [, job] = jobs(ci).find(([, j]) => runs(j).some((r) => /^npm test\b/m.test(r))) ?? [];
    expect(job).toBeDefined();
    const install = runs(job!).join("\n");
    expect(install).toContain("sudo apt-get install -y --no-install-recommends prometheus");
    const test = job!.steps.find((s) => /^npm test\b/m.test(s.run ?? ""));
    expect(test?.env?.REQUIRE_PROMETHEUS).toBe("1");
  });

  it("uses Node 24 from node_modules/.bin after npm ci, as .ci/run does", () => {
    for (const [name, job] of jobs(ci)) {
      const commands = runs(job);
      const install = commands.findIndex((r) => /^npm ci\b/m.test(r));
      if (install < 0) continue;
      const path = commands.findIndex((r) => r.includes('echo "$PWD/node_modules/.bin" >> "$GITHUB_PATH"'));
      expect(path, name).toBeGreaterThan(install);
    }
  });

  it("runs on pushes to main and on pull requests, with a read-only token", () => {
    expect(Object.keys(ci.on).sort()).toEqual(["pull_request", "push", "workflow_dispatch"]);
    expect(ci.permissions).toEqual({ contents: "read" });
    for (const [name, job] of jobs(ci)) {
      for (const [scope, level] of Object.entries(job.permissions ?? {})) {
        expect(level, `${name}: ${scope}`).not.toBe("write");
      }
    }
  });

  it("runs the action vendored as the README says, with nothing installed", () => {
    const vendored = jobs(ci).find(([, j]) =>
      j.steps.some((s) => s.uses === "./.github/actions/phased-rollout"),
    );
    expect(vendored).toBeDefined();
    const [, job] = vendored!;
    const commands = runs(job).join("\n");
    expect(commands).toContain("node scripts/vendor.ts .github/actions/phased-rollout");
    expect(commands).not.toMatch(/\bnpm (ci|install)\b/);
    expect(job.permissions).toEqual({ contents: "read", deployments: "read" });
  });
});

describe(".github/workflows/release.yml", () => {
  const [[, job] = ["", { steps: [] } as Job]] = jobs(releaseWorkflow);

  it("runs scripts/release.ts --push by hand, from main only", () => {
    expect(Object.keys(releaseWorkflow.on)).toEqual(["workflow_dispatch"]);
    expect(job.if).toBe("github.ref == 'refs/heads/main'");
    expect(runs(job).join("\n")).toContain("node scripts/release.ts --push");
  });

  it("grants contents: write to that job alone, and reads every tag", () => {
    expect(releaseWorkflow.permissions).toEqual({});
    expect(job.permissions).toEqual({ contents: "write" });
    const checkout = job.steps.find((s) => s.uses?.startsWith("actions/checkout@"));
    expect(checkout?.with?.["fetch-depth"]).toBe(0);
  });

  it("restores no cache into a job that can push tags", () => {
    const setup = job.steps.find((s) => s.uses?.startsWith("actions/setup-node@"));
    expect(setup?.with?.cache).toBeUndefined();
    expect(setup?.with?.["package-manager-cache"]).toBe(false);
  });
});
