// GitHub keeps one running and one pending run per concurrency group and cancels the older pending one when
// another arrives (docs/concurrency.md). A `/rollout` comment or a Run workflow command that waits in a group
// a schedule or push also enters is cancelled by the next of those, with nothing posted anywhere; the rollout
// lock serializes transitions without a group. These tests hold the example workflows (which the README shows
// verbatim) to that: command runs never share a group.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = join(import.meta.dirname, "..", "..");

type Value = string | number | boolean | null;

/**
 * Evaluates the `${{ }}` expressions a concurrency group may use, for one run: string literals, numbers, the
 * `github` context's fields given, `==`, `!=`, `!`, `&&`, `||`, parentheses and `format()`, with GitHub's
 * loose equality for strings (case-insensitive). Anything else throws, so a new construct gets noticed here.
 */
function evaluate(expression: string, github: Record<string, Value>): Value {
  const tokens = expression.match(/'(?:[^']|'')*'|\d+|[A-Za-z_][\w.-]*|==|!=|&&|\|\||[!(),]/g) ?? [];
  if (tokens.join("") !== expression.replace(/\s+/g, "")) throw new Error(`cannot read: ${expression}`);
  let at = 0;
  const peek = () => tokens[at];
  const next = () => tokens[at++];
  const truthy = (v: Value) => v !== null && v !== false && v !== 0 && v !== "";
  const same = (a: Value, b: Value) =>
    typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b;

  function primary(): Value {
    const t = next();
    if (t === undefined) throw new Error(`unexpected end: ${expression}`);
    if (t === "(") {
      const v = or();
      if (next() !== ")") throw new Error(`missing ): ${expression}`);
      return v;
    }
    if (t === "!") return !truthy(primary());
    if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
    if (/^\d+$/.test(t)) return Number(t);
    if (t === "true" || t === "false") return t === "true";
    if (t === "format" && peek() === "(") {
      next();
      const args: Value[] = [];
      while (peek() !== ")") {
        args.push(or());
        if (peek() === ",") next();
      }
      next();
      const [template, ...rest] = args;
      return String(template).replace(/\{(\d+)\}/g, (_, i: string) => String(rest[Number(i)] ?? ""));
    }
    if (t.startsWith("github.")) {
      const key = t.slice("github.".length);
      if (!(key in github)) throw new Error(`no value given for ${t}`);
      return github[key] ?? null;
    }
    throw new Error(`unsupported in a concurrency group: ${t}`);
  }
  function comparison(): Value {
    let left = primary();
    while (peek() === "==" || peek() === "!=") {
      const op = next();
      const right = primary();
      left = op === "==" ? same(left, right) : !same(left, right);
    }
    return left;
  }
  function and(): Value {
    let left = comparison();
    while (peek() === "&&") {
      next();
      const right = comparison();
      left = truthy(left) ? right : left;
    }
    return left;
  }
  function or(): Value {
    let left = and();
    while (peek() === "||") {
      next();
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  }
  const value = or();
  if (at !== tokens.length) throw new Error(`cannot read: ${expression}`);
  return value;
}

/** A group's text with its expressions evaluated (GitHub compares group names case-insensitively). */
function groupName(template: string, github: Record<string, Value>): string {
  return template
    .replace(/\$\{\{(.*?)\}\}/g, (_, expr: string) => String(evaluate(expr.trim(), github)))
    .toLowerCase();
}

type Concurrency = string | { group: string; "cancel-in-progress"?: unknown } | undefined;

interface Workflow {
  on: string | string[] | Record<string, unknown>;
  concurrency?: Concurrency;
  jobs: Record<string, { concurrency?: Concurrency }>;
}

const COMMAND_EVENTS = new Set(["issue_comment", "workflow_dispatch"]);
const AUTOMATIC_EVENTS = new Set(["schedule", "push", "release", "workflow_run"]);

interface Entry {
  workflow: string;
  event: string;
  job: string;
  /** The group this job's run enters, for two different runs of the same event. */
  groups: [string, string] | undefined;
}

function entries(): Entry[] {
  const out: Entry[] = [];
  // Run ids are unique across a repository's runs, as GitHub gives them.
  let runId = 1000;
  for (const file of readdirSync(join(root, "examples"))) {
    const wf = parse(readFileSync(join(root, "examples", file), "utf8")) as Workflow;
    const events = typeof wf.on === "string" ? [wf.on] : Array.isArray(wf.on) ? wf.on : Object.keys(wf.on);
    for (const event of events) {
      for (const [job, def] of Object.entries(wf.jobs)) {
        const c = def.concurrency ?? wf.concurrency;
        const template = typeof c === "string" ? c : c?.group;
        const run = (runId: number) =>
          groupName(template ?? "", {
            event_name: event,
            run_id: runId,
            workflow: file,
            ref: "refs/heads/main",
          });
        out.push({
          workflow: file,
          event,
          job,
          groups: template === undefined ? undefined : [run(++runId), run(++runId)],
        });
      }
    }
  }
  return out;
}

describe("the concurrency groups of the example workflows", () => {
  const all = entries();
  const commands = all.filter((e) => COMMAND_EVENTS.has(e.event));
  const automatic = all.filter((e) => AUTOMATIC_EVENTS.has(e.event));

  it("cover comments, dispatches, schedules and pushes", () => {
    expect(new Set(commands.map((e) => e.event))).toEqual(COMMAND_EVENTS);
    expect(automatic.map((e) => e.event)).toEqual(expect.arrayContaining(["schedule", "push"]));
  });

  it("never put a command run in a group a schedule or push run can enter", () => {
    const taken = new Map<string, string>();
    for (const e of automatic) {
      for (const g of e.groups ?? []) taken.set(g, `${e.workflow} on ${e.event}`);
    }
    for (const e of commands) {
      for (const g of e.groups ?? []) {
        expect(taken.get(g), `${e.workflow} on ${e.event}, job ${e.job}: group "${g}"`).toBeUndefined();
      }
    }
  });

  it("give each command run a group of its own (or none), so no later run can cancel it while it waits", () => {
    for (const e of commands) {
      if (!e.groups) continue;
      const [first, second] = e.groups;
      expect(first, `${e.workflow} on ${e.event}, job ${e.job}`).not.toBe(second);
    }
  });

  it("keep scheduled runs in one group per environment, so a slow run does not pile up others", () => {
    for (const e of all.filter((x) => x.event === "schedule")) {
      expect(e.groups, `${e.workflow} job ${e.job}`).toBeDefined();
      const [first, second] = e.groups ?? [];
      expect(first).toBe(second);
    }
  });
});

describe("the group expression reader", () => {
  const github = { event_name: "schedule", run_id: 7 };

  it("reads the forms a group uses", () => {
    expect(evaluate("github.event_name == 'schedule'", github)).toBe(true);
    expect(evaluate("github.event_name == 'SCHEDULE' && 'a' || 'b'", github)).toBe("a");
    expect(evaluate("github.event_name != 'schedule' && 'a' || 'b'", github)).toBe("b");
    expect(evaluate("format('x-{0}-{1}', github.run_id, 'y')", github)).toBe("x-7-y");
    expect(evaluate("!(github.event_name == 'push')", github)).toBe(true);
  });

  it("refuses what it does not know rather than guess", () => {
    expect(() => evaluate("github.head_ref", github)).toThrow(/no value/);
    expect(() => evaluate("contains(github.event_name, 'x')", github)).toThrow(/unsupported/);
  });
});
