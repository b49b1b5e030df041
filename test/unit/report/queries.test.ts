import { describe, expect, it } from "vitest";
import type { GateResult } from "../../../src/gates/result.ts";
import { queriesSection } from "../../../src/report/queries.ts";
import { codeBlocks, nodesOf, parseGfm } from "../../support/gfm.ts";

const gate = (over: Partial<GateResult> = {}): GateResult => ({
  name: "http-5xx",
  provider: "prometheus",
  unit: "ratio",
  verdict: "inconclusive",
  value: null,
  threshold: 0.01,
  samples: null,
  message: "the total query matched no series",
  queries: [
    'sum(increase(http_requests_total{version="abc",code=~"5.."}[1800s]))',
    'sum(increase(http_requests_total{version="abc"}[1800s]))',
  ],
  shadow: false,
  ...over,
});

describe("queriesSection: each gate's queries as sent, ready to paste", () => {
  it("gives every query of a gate that did not pass as a code block holding exactly it", () => {
    const md = queriesSection([gate(), gate({ name: "fine", verdict: "pass", queries: ["up"] })]);
    const blocks = codeBlocks(md);
    expect(blocks.map((b) => b.value)).toEqual(gate().queries);
    expect(blocks.map((b) => b.lang)).toEqual(["promql", "promql"]);
    expect(md).toContain("http-5xx");
    expect(md).not.toContain("fine");
  });

  it("names the figure each query is for", () => {
    const md = queriesSection([gate()]);
    const text = nodesOf(parseGfm(md), "text")
      .map((t) => t.value)
      .join(" ");
    expect(text).toMatch(/errors.*total/s);
  });

  it("keeps a query with backticks and pipes whole", () => {
    const q = "fetch `a` | filter b ``` c";
    expect(
      codeBlocks(queriesSection([gate({ provider: "http", unit: "number", queries: [q] })]))[0]?.value,
    ).toBe(q);
  });

  it("is empty when every gate passed, or for all of them when asked", () => {
    expect(queriesSection([gate({ verdict: "pass" })])).toBe("");
    expect(codeBlocks(queriesSection([gate({ verdict: "pass" })], { all: true }))).toHaveLength(2);
  });
});
