// Text that leaves the action (outputs, statuses, summaries, comments) is bounded: one helper cuts it.

/** `text` cut to at most `max` characters, marked with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
