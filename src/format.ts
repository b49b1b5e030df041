// Text that leaves the action (outputs, statuses, summaries, comments, query parameters): bounded by one
// helper, and times written one way.

/** `text` cut to at most `max` characters, marked with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A time as RFC 3339 in UTC to the second ("2026-11-21T10:31:10Z"), as GitHub and the monitoring APIs take it. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}
