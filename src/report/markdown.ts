// Markdown that survives what it quotes: table cells, inline code.

/** Text for a table cell, or a line of a blockquote: backslashes and pipes escaped, one line. */
export function cell(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/\r\n?|\n/g, " ");
}

/**
 * Text shown as inline code: the fence is one backtick longer than any run of backticks inside (padded when
 * the text starts or ends with one), and line breaks become spaces. In a table cell pipes are escaped too
 * (GFM tables split on them even inside code; elsewhere the backslash would show). Backslashes are literal
 * in code, so they stay.
 */
export function code(text: string, where: "table" | "text" = "text"): string {
  const oneLine = text.replace(/\r\n?|\n/g, " ");
  const flat = where === "table" ? oneLine.replace(/\|/g, "\\|") : oneLine;
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}
