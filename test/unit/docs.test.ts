// The README and the reference pages under docs/ held to what the action declares and does: docs/inputs.md and
// docs/outputs.md list exactly the inputs and outputs of action.yml and src/names.ts, with action.yml's
// defaults; every relative link leads to a page and a heading that exist, and every page can be reached from
// the README; the messages the README's troubleshooting quotes are the ones the code gives.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { GateResult } from "../../src/gates/result.ts";
import { resolveSecrets } from "../../src/gates/template.ts";
import { readGatesInput, readSettings } from "../../src/io/inputs.ts";
import { INPUTS, type InputName, OUTPUTS } from "../../src/io/names.ts";
import { decide } from "../../src/rollout/decide.ts";
import { describeError } from "../../src/store/client.ts";
import { decideWith } from "../support/decide.ts";
import { anchors, codeSpans, links, rowName, section, tableAfter } from "../support/markdown.ts";
import { minutes, rolloutOf, SHA_A, STAGES } from "./fixtures.ts";

const root = join(import.meta.dirname, "..", "..");
const read = (path: string) => readFileSync(join(root, path), "utf8");

const action = parse(read("action.yml")) as {
  inputs: Record<string, { default?: unknown }>;
  outputs: Record<string, unknown>;
};

/**
 * Inputs and outputs of the contract (SPEC.md) that other branches are adding now. While action.yml lacks one, or
 * still has the default it had before (`today`), the docs show the contract's; from then on action.yml's, so a
 * feature that lands with another default fails here. Entries whose feature has landed can be deleted.
 */
const AWAITED_INPUTS: Record<string, { today?: string; contract: string }> = {
  "replay-count": { contract: "10" },
};
const AWAITED_OUTPUTS = ["replay"];
/** Pages another engineer is writing; links to them are allowed before they exist. */
const AWAITED_PAGES = ["docs/waves-and-freezes.md"];

function documentedDefault(name: string): string {
  const declared = action.inputs[name];
  const awaited = AWAITED_INPUTS[name];
  if (awaited && (declared === undefined || (declared.default ?? "") === awaited.today))
    return awaited.contract;
  return String(declared?.default ?? "");
}

describe("docs/inputs.md", () => {
  const rows = () => tableAfter(read("docs/inputs.md"), "# Inputs");

  it("lists exactly the inputs of action.yml and src/names.ts, and those the contract adds", () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(INPUTS).sort());
    const expected = new Set([...Object.keys(action.inputs), ...Object.keys(AWAITED_INPUTS)]);
    expect(rows().map(rowName).sort()).toEqual([...expected].sort());
  });

  it("gives each input action.yml's default, and a meaning", () => {
    for (const row of rows()) {
      const name = rowName(row);
      const shown = codeSpans(row[1] ?? "");
      const expected = documentedDefault(name);
      if (expected === "") {
        // An empty default is described in words, such as "(none)" or "the event's commit".
        expect(shown, `${name}'s default cell`).toEqual([]);
      } else {
        expect(shown[0], `${name}'s default cell`).toBe(expected);
      }
      expect((row[2] ?? "").trim(), `${name}'s meaning`).not.toBe("");
    }
  });
});

describe("docs/outputs.md", () => {
  it("lists exactly the outputs of action.yml and src/names.ts, and those the contract adds, each with a meaning", () => {
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(OUTPUTS).sort());
    const rows = tableAfter(read("docs/outputs.md"), "# Outputs");
    const expected = new Set([...Object.keys(action.outputs), ...AWAITED_OUTPUTS]);
    expect(rows.map(rowName).sort()).toEqual([...expected].sort());
    for (const row of rows) expect((row[1] ?? "").trim(), `${rowName(row)}'s meaning`).not.toBe("");
  });
});

/** README.md and every Markdown page under docs/, as paths from the repository's root. */
function pages(): string[] {
  const docs = readdirSync(join(root, "docs"), { recursive: true, encoding: "utf8" })
    .filter((n) => n.endsWith(".md"))
    .map((n) => join("docs", n));
  return ["README.md", ...docs].map(normalize).sort();
}

/** Relative link targets of a page, as paths from the root with their anchor (empty when none). */
function targets(page: string): { path: string; anchor: string; line: number }[] {
  return links(read(page))
    .filter(({ target }) => !/^[a-z]+:/i.test(target))
    .map(({ target, line }) => {
      const [file = "", anchor = ""] = target.split("#");
      const path = file === "" ? page : normalize(join(dirname(page), decodeURIComponent(file)));
      return { path, anchor, line };
    });
}

describe("links in the README and the docs", () => {
  it.each(pages())("%s links only to files and headings that exist", (page) => {
    for (const { path, anchor, line } of targets(page)) {
      const where = `${page}:${line} → ${relative(root, join(root, path))}${anchor ? `#${anchor}` : ""}`;
      if (AWAITED_PAGES.includes(path) && !existsSync(join(root, path))) continue;
      expect(existsSync(join(root, path)), where).toBe(true);
      if (anchor && path.endsWith(".md")) expect([...anchors(read(path))], where).toContain(anchor);
    }
  });

  it("reach every page under docs/ from the README", () => {
    const reached = new Set(["README.md"]);
    const queue = ["README.md"];
    while (queue.length > 0) {
      const page = queue.shift() as string;
      for (const { path } of targets(page)) {
        if (!path.endsWith(".md") || reached.has(path) || !existsSync(join(root, path))) continue;
        if (!path.startsWith("docs") && path !== "README.md") continue;
        reached.add(path);
        queue.push(path);
      }
    }
    expect(pages().filter((p) => !reached.has(p))).toEqual([]);
  });
});

describe("the README's troubleshooting", () => {
  const token = (n: InputName) => (n === INPUTS.githubToken ? "t" : undefined);
  const inputError = async (given: Partial<Record<InputName, string>>) => {
    try {
      const settings = readSettings((n) => given[n] ?? token(n));
      await readGatesInput(settings.gatesText);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error(`no error for ${JSON.stringify(given)}`);
  };
  const countGate = (extra: string) =>
    `- name: http-5xx\n  provider: prometheus\n  url: https://prometheus.example.com\n  errors: e\n  total: t\n${extra}`;
  const evidence = (message: string): GateResult => ({
    name: "http-5xx",
    provider: "prometheus",
    unit: "ratio",
    verdict: "inconclusive",
    value: null,
    threshold: 0.01,
    samples: null,
    message,
    queries: [],
    shadow: false,
  });
  const advance = (gates: GateResult[], stallAfterSeconds?: number) => {
    const outcome = decideWith({
      command: { kind: "advance" },
      source: "event",
      current: rolloutOf(SHA_A, [{ event: "started", stage: 1, percent: 1, at: 0 }]),
      stages: STAGES,
      now: minutes(4 * 60 + 5),
      bakeTimeSeconds: 30 * 60,
      ...(stallAfterSeconds !== undefined && { stallAfterSeconds }),
      gates,
      force: false,
      actor: "alice",
      runId: 99,
    });
    if (outcome.kind === "need-gates") throw new Error("decide asked for gates it was given");
    return outcome;
  };
  const noData = evidence(
    "the total query matched no series: no requests of this version yet, or a label (such as the version) matches none; the job summary shows the query as sent",
  );

  // Each message as the code gives it for the case the README describes, and the part the README quotes.
  const cases: [string, () => string | Promise<string>, string][] = [
    [
      "an input that is not allowed",
      () => inputError({ stages: "5, 1" }),
      'stages: "5, 1" must be strictly increasing',
    ],
    [
      "a misspelt gate key",
      () => inputError({ gates: countGate("  max-eror-rate: 0.01\n") }),
      'gates: gate 1 "http-5xx": unknown key "max-eror-rate"',
    ],
    [
      "a secret the step does not pass",
      async () => {
        const gates = await readGatesInput(
          countGate("  max-error-rate: 0.01\n  bearer-token: ${PROM_TOKEN}\n"),
        );
        try {
          resolveSecrets(gates, {});
        } catch (error) {
          return (error as Error).message;
        }
        throw new Error("no error for a missing secret");
      },
      'gates: gate "http-5xx" uses ${PROM_TOKEN}, but the environment variable PROM_TOKEN is not set',
    ],
    [
      "an advance with no rollout",
      () => {
        const outcome = decide({
          command: { kind: "advance" },
          source: "event",
          stages: STAGES,
          now: minutes(0),
          bakeTimeSeconds: 30 * 60,
          force: false,
          actor: "alice",
          runId: 99,
        });
        return outcome.kind === "need-gates" ? "" : outcome.reason;
      },
      "no rollout in this environment yet; push a version or run command: start",
    ],
    [
      "a gate with no data",
      () => advance([noData]).reason,
      "holding at stage 1/5 (1%) until the gates have evidence: http-5xx: the total query matched no series",
    ],
    [
      "a secret passed but empty",
      async () => {
        const gates = await readGatesInput(
          countGate("  max-error-rate: 0.01\n  bearer-token: ${PROM_TOKEN}\n"),
        );
        try {
          resolveSecrets(gates, { PROM_TOKEN: "" });
        } catch (error) {
          return (error as Error).message;
        }
        throw new Error("no error for an empty secret");
      },
      'gates: gate "http-5xx" uses ${PROM_TOKEN}, but the environment variable PROM_TOKEN is empty: the secret it is set from is undefined',
    ],
    [
      "a token that may not write deployments",
      () =>
        describeError(
          Object.assign(new Error("Resource not accessible by integration"), {
            status: 403,
            request: { method: "POST", url: "https://api.github.com/repos/<owner>/<repo>/deployments" },
          }),
        ),
      "GitHub API POST /repos/<owner>/<repo>/deployments answered 403 (Resource not accessible by integration",
    ],
    [
      "a gate the monitoring refuses",
      () =>
        advance([
          {
            ...evidence(
              "prometheus refused the request to https://prometheus.example.com/api/v1/query: HTTP 401, authentication failed: bad token",
            ),
            verdict: "error",
            misconfigured: true,
          },
        ]).error ?? "",
      "holding at stage 1/5 (1%): a gate is misconfigured, so the rollout cannot be judged; fix it, then run command: check — http-5xx: prometheus refused the request to https://prometheus.example.com/api/v1/query: HTTP 401, authentication failed: ",
    ],
    [
      "a stall",
      () => advance([noData], 4 * 3600).error ?? "",
      "stage 1/5 (1%) has waited 4h 5m for evidence, past stall-after (4h)",
    ],
  ];

  it.each(cases)("quotes %s as the code words it", async (_, produce, quote) => {
    const said = await produce();
    expect(said.startsWith(quote), said).toBe(true);
    const quoted = codeSpans(section(read("README.md"), "## Troubleshooting"));
    expect(
      quoted.some((q) => q.startsWith(quote)),
      `the README quotes "${quote}"`,
    ).toBe(true);
  });
});
