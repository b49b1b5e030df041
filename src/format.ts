// Text that leaves the action (outputs, statuses, summaries, comments, query parameters): bounded by one helper,
// and percents, durations, versions and times written one way. Pure, and shared by every folder.

/** `text` cut to at most `max` characters, marked with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A time as RFC 3339 in UTC to the second ("2026-11-21T10:31:10Z"), as GitHub and the monitoring APIs take it. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Short human form: 1800 → "30m", 5400 → "1h 30m", 42 → "42s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = [d ? `${d}d` : "", h ? `${h}h` : "", m ? `${m}m` : ""].filter(Boolean);
  if (d === 0 && h === 0 && s % 60 !== 0 && m < 10) parts.push(`${s % 60}s`);
  return parts.join(" ");
}

/** A percent of traffic as people read it: 25 → "25%", 0.125 → "0.125%". */
export function formatPercent(percent: number): string {
  return `${Number(percent.toFixed(3))}%`;
}

/** A commit SHA as GitHub shows it in lists. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}
