// Reading the project's Markdown the way GitHub renders it: tables under a heading, code spans, links and the
// anchors GitHub gives headings. Used by the tests that hold the docs to action.yml and to each other.

/** Lines that are Markdown text, with fenced code blocks blanked out (so their contents are never read as links). */
export function proseLines(markdown: string): string[] {
  let fence: string | undefined;
  return markdown.split("\n").map((line) => {
    const open = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence === undefined && open) {
      fence = open[1];
      return "";
    }
    if (fence !== undefined) {
      if (line.trim().startsWith(fence)) fence = undefined;
      return "";
    }
    return line;
  });
}

/** Rows of the first Markdown table after the heading line `heading` (such as "## Inputs"), header and separator dropped. */
export function tableAfter(markdown: string, heading: string): string[][] {
  const lines = proseLines(markdown);
  const start = lines.findIndex((l) => l.trim() === heading);
  if (start < 0) throw new Error(`no "${heading}" heading`);
  let i = start + 1;
  while (i < lines.length && !lines[i]?.startsWith("|")) {
    if (/^#{1,6} /.test(lines[i] ?? "")) throw new Error(`"${heading}" has no table before the next heading`);
    i++;
  }
  const rows: string[][] = [];
  for (; i < lines.length && lines[i]?.startsWith("|"); i++) {
    const cells = (lines[i] as string)
      .trim()
      .replace(/^\||\|$/g, "")
      .split(/(?<!\\)\|/)
      .map((c) => c.trim());
    rows.push(cells);
  }
  return rows.slice(2);
}

export function codeSpans(cell: string): string[] {
  return [...cell.matchAll(/`([^`]*)`/g)].map((m) => m[1] as string);
}

/** The `name` a table row starts with. */
export function rowName(row: string[]): string {
  const m = /^`([^`]+)`$/.exec(row[0] ?? "");
  if (!m) throw new Error(`table row does not start with a \`name\`: | ${row.join(" | ")} |`);
  return m[1] as string;
}

/** The text under `heading`, up to the next heading of the same or a higher level. */
export function section(markdown: string, heading: string): string {
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => l.trim() === heading);
  if (start < 0) throw new Error(`no "${heading}" heading`);
  const level = /^#+/.exec(heading)?.[0].length ?? 2;
  const end = lines.findIndex((l, i) => i > start && new RegExp(`^#{1,${level}} `).test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end).join("\n");
}

/** Link targets of the text, outside code blocks and code spans, with the line each is on. */
export function links(markdown: string): { target: string; line: number }[] {
  const found: { target: string; line: number }[] = [];
  proseLines(markdown).forEach((line, i) => {
    const text = line.replace(/`[^`]*`/g, "");
    for (const m of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g))
      found.push({ target: m[1] as string, line: i + 1 });
  });
  return found;
}

/**
 * The anchors GitHub gives a page's headings: the heading's text, lower case, without punctuation but for
 * hyphens and underscores, spaces made hyphens; a repeated anchor gets -1, -2 (as github-slugger does).
 */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of proseLines(markdown)) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const text = (m[1] as string).replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[`*]/g, "");
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
      .replace(/ /g, "-");
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return out;
}
