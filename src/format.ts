// Text that leaves the action (outputs, statuses, summaries, comments, query parameters): bounded by one helper,
// and percents, durations, versions and times written one way. Pure, and shared by every folder.

/** `text` cut to at most `max` characters, marked with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  // Back to the end of the last whole word, unless that would drop more than a fifth of the room.
  const space = cut.search(/\s\S*$/);
  return `${space > max * 0.8 ? cut.slice(0, space).trimEnd() : cut}…`;
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

/** A fraction as a percentage for people: 0.0123 → "1.23%" (three significant digits). */
export function formatFraction(x: number): string {
  return `${Number((x * 100).toPrecision(3))}%`;
}

/** A ratio for a sentence: "1.23×". */
export function formatRatio(r: number): string {
  if (r === Infinity) return "∞×";
  if (r >= 100) return `${Math.round(r).toLocaleString("en-US")}×`;
  return `${Number(r.toPrecision(3))}×`;
}

/** Replaces every secret value in `text` with ***, for anything that leaves the log: outputs, summaries, statuses. */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text;
  // Longest first, so a secret that contains another is never left half-shown.
  const sorted = [...secrets].sort((a, b) => b.length - a.length);
  for (const value of sorted) {
    if (value.length >= 3) out = out.split(value).join("***");
  }
  return out;
}

const UTC_NAMES = new Set(["utc", "etc/utc", "etc/uct", "uct", "etc/zulu", "zulu", "gmt", "etc/gmt"]);

/**
 * An instant for people, to the minute (seconds when there are any), in a time zone and in UTC:
 * "Mon 2026-03-30 10:00 Europe/Berlin (08:00 UTC)", or "Mon 2026-03-30 08:00 UTC".
 */
export function formatTime(d: Date, timeZone = "UTC"): string {
  const parts = (zone: string) =>
    Object.fromEntries(
      new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        weekday: "short",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
        hourCycle: "h23",
      })
        .formatToParts(d)
        .map((p) => [p.type, p.value]),
    ) as Record<Intl.DateTimeFormatPartTypes, string>;
  const date = (p: Record<string, string>) => `${p.year}-${p.month}-${p.day}`;
  const clock = (p: Record<string, string>) =>
    `${p.hour}:${p.minute}${p.second === "00" ? "" : `:${p.second}`}`;
  const utc = parts("UTC");
  if (UTC_NAMES.has(timeZone.toLowerCase())) return `${utc.weekday} ${date(utc)} ${clock(utc)} UTC`;
  const local = parts(timeZone);
  const inUtc = date(local) === date(utc) ? clock(utc) : `${date(utc)} ${clock(utc)}`;
  return `${local.weekday} ${date(local)} ${clock(local)} ${timeZone} (${inUtc} UTC)`;
}
