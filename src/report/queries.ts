// Each gate's queries as they were sent (secrets as ${NAME}), in code blocks a reader can paste into the
// monitoring's own UI: where a gate found nothing, the query is the first thing to check.

import type { GateResult } from "../gates/result.ts";
import { cell } from "./markdown.ts";

const LANGUAGE: Partial<Record<GateResult["provider"], string>> = { prometheus: "promql", newrelic: "sql" };

const COMPARISON_ROLES = ["canary errors", "canary total", "baseline errors", "baseline total"];

/** What each query of a gate is for, in the order run.ts and compare.ts send them. */
function roles(g: GateResult): string[] {
  if (g.unit === "factor") return g.queries.map((_, i) => COMPARISON_ROLES[i % 4] as string);
  if (g.unit === "ratio" && g.queries.length === 2) return ["errors", "total"];
  return g.queries.map(() => "query");
}

/** A fence longer than any run of backticks in the text, so the block holds it whole. */
function fenced(text: string, language: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

/** The queries of the gates that did not pass (of all, with `all`), or "" when there are none to show. */
export function queriesSection(gates: GateResult[], opts: { all?: boolean } = {}): string {
  const shown = gates.filter((g) => (opts.all === true || g.verdict !== "pass") && g.queries.length > 0);
  if (shown.length === 0) return "";
  const parts = ["<details open><summary>Queries as sent (secrets as <code>${NAME}</code>)</summary>", ""];
  for (const g of shown) {
    const names = roles(g);
    g.queries.forEach((q, i) => {
      parts.push(
        `**${cell(g.name)}** · ${names[i] ?? "query"}`,
        "",
        fenced(q, LANGUAGE[g.provider] ?? "text"),
        "",
      );
    });
  }
  parts.push("</details>");
  return parts.join("\n");
}
