// YAML that users write in an input (`gates`, `freeze`) to plain data, defensively. Loaded only by a run that
// reads such an input, so an ignored comment never loads the YAML library.

import { isMap, isScalar, parseDocument, visit } from "yaml";

/** The text is not YAML the action will read; the message reads after the input's name ("gates: …"). */
export class YamlError extends Error {
  override name = "YamlError";
}

const MAX_DEPTH = 32;
const MAX_NODES = 50_000;

/** The first line indented with a tab (1-based), which YAML forbids, or undefined. */
function tabIndentedLine(text: string): number | undefined {
  const index = text.split(/\r?\n/).findIndex((line) => /^[ ]*\t/.test(line));
  return index < 0 ? undefined : index + 1;
}

function yamlError(error: unknown, text: string): YamlError {
  // The YAML library reports a tab as whatever it broke ("Unexpected scalar at node end"): say what it is.
  const tab = tabIndentedLine(text);
  if (tab !== undefined) {
    return new YamlError(
      `line ${tab} is indented with a tab, and YAML indents with spaces only: replace the tab with spaces`,
    );
  }
  const first = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
  return new YamlError(`is not valid YAML: ${first.replace(/:$/, "").slice(0, 300)}`);
}

/**
 * YAML to plain data with the core schema (times stay text): duplicate keys found with a set per mapping (the
 * library's own check is quadratic), a small alias budget against "billion laughs", and a bound on depth and
 * size, which also stops an alias that refers to its own ancestor.
 */
export function readYaml(text: string): unknown {
  let value: unknown;
  try {
    const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: true, logLevel: "error" });
    const [first] = doc.errors;
    if (first) throw new Error(first.message);
    visit(doc, {
      Map(_key, map) {
        if (!isMap(map)) return;
        const seen = new Set<string>();
        for (const item of map.items) {
          const key = isScalar(item.key) ? String(item.key.value) : JSON.stringify(item.key);
          if (seen.has(key)) throw new Error(`the key "${key.slice(0, 60)}" appears twice in one mapping`);
          seen.add(key);
        }
      },
    });
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    if (error instanceof RangeError)
      throw new YamlError(`is nested too deeply (at most ${MAX_DEPTH} levels)`);
    throw yamlError(error, text);
  }
  const stack: [unknown, number][] = [[value, 0]];
  let nodes = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== "object") continue;
    if (depth > MAX_DEPTH) {
      throw new YamlError(`is nested too deeply, or an alias refers to itself (at most ${MAX_DEPTH} levels)`);
    }
    if (++nodes > MAX_NODES) throw new YamlError(`holds more than ${MAX_NODES} values`);
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return value;
}
