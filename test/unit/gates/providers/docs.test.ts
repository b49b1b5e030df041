// Every gate the provider pages show parses as the `gates` input does, every page is linked from the
// README's Providers section, and every provider has a page.

import { PROVIDER_NAMES } from "../../../../src/gates/registry.ts";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { isStepList, yamlBlocks } from "../../../../scripts/lint-workflows.ts";
import type { GateConfig } from "../../../../src/gates/config.ts";
import { readGatesInput } from "../../../../src/io/inputs.ts";

const root = join(import.meta.dirname, "..", "..", "..", "..");
const dir = join(root, "docs", "providers");
const pages = readdirSync(dir).filter((f) => f.endsWith(".md"));
const readme = readFileSync(join(root, "README.md"), "utf8");

function gatesOf(file: string): { where: string; gates: string }[] {
  const text = readFileSync(join(dir, file), "utf8");
  const found: { where: string; gates: string }[] = [];
  for (const block of yamlBlocks(file, text)) {
    const where = `docs/providers/${file} line ${block.lineOffset}`;
    if (isStepList(block.text)) {
      for (const step of parse(block.text) as { uses?: string; with?: { gates?: string } }[]) {
        if (step.uses?.includes("phased-rollout") && step.with?.gates)
          found.push({ where, gates: step.with.gates });
      }
    } else if (/^gates:\s*\|/m.test(block.text)) {
      found.push({ where, gates: (parse(block.text) as { gates: string }).gates });
    }
  }
  return found;
}

describe("docs/providers", () => {
  it("has a page per provider, each linked from the README", () => {
    const page: Record<string, string> = { http: "http.md" };
    for (const p of PROVIDER_NAMES) {
      const name = page[p] ?? `${p}.md`;
      expect(pages, p).toContain(name);
      expect(readme, p).toContain(`(docs/providers/${name})`);
    }
  });

  it.each(pages)("%s shows gates that parse, for its own provider", async (file) => {
    const found = gatesOf(file);
    expect(found.length, file).toBeGreaterThan(0);
    for (const { where, gates } of found) {
      let parsed: GateConfig[];
      try {
        parsed = await readGatesInput(gates);
      } catch (error) {
        throw new Error(`${where}: ${(error as Error).message}`);
      }
      expect(parsed.length, where).toBeGreaterThan(0);
      const provider = file.replace(/\.md$/, "");
      expect(
        parsed.map((g) => g.provider),
        where,
      ).toContain(provider);
    }
  });
});
