// Freeze windows (the `freeze` input): which window is in force at an instant, and which opens next. Pure: every
// instant comes in as an argument. Semantics, time zones and daylight saving: docs/waves-and-freezes.md.
import { Cron } from "croner";
import type { FreezeInForce } from "./decide.ts";
import { parseDuration } from "./plan.ts";

/** A one-off window, in force on [from, to). */
export interface FixedWindow {
  readonly kind: "fixed";
  readonly name: string;
  readonly from: Date;
  readonly to: Date;
}

/** A recurring window: opens whenever `cron` fires in `timezone`, and stays in force `durationSeconds` each time. */
export interface CronWindow {
  readonly kind: "cron";
  readonly name: string;
  /** Five fields, single-spaced. */
  readonly cron: string;
  readonly durationSeconds: number;
  /** An IANA name as written (any case; aliases such as "US/Eastern" too), checked against Intl. */
  readonly timezone: string;
}

export type FreezeWindow = FixedWindow | CronWindow;

/** One opening of a window: in force on [from, to). */
export interface FreezeSpan {
  readonly window: FreezeWindow;
  readonly from: Date;
  readonly to: Date;
}

/** The span in force at an instant (of several, the one that ends last) and how long the freeze goes on. */
export interface ActiveFreeze extends FreezeSpan {
  /** When no window is in force any more: the end of the spans that overlap or meet, one after another. */
  readonly until: Date;
  /** Those spans in the order they take over, this one first; each starts no later than the one before ends. */
  readonly chain: readonly FreezeSpan[];
  /** The chain runs past CHAIN_MAX_SPANS spans or a year: `until` is only a lower bound. */
  readonly endless: boolean;
}

export class FreezeConfigError extends Error {
  override name = "FreezeConfigError";
}

export const MAX_FREEZE_WINDOWS = 50;
// Year-end freezes run two or three weeks; a recurring window of more than four weeks freezes most of the time.
export const MAX_FREEZE_DURATION_SECONDS = 28 * 86400;
// Names appear in hold reasons and in the 140-character status descriptions of overrides.
const MAX_NAME_LENGTH = 50;
// A chain this long (a daily window of 24 hours or more, say) is a freeze with no end in sight.
export const CHAIN_MAX_SPANS = 100;
const CHAIN_MAX_MS = 366 * 86400 * 1000;

const KEYS = ["name", "from", "to", "cron", "duration", "timezone"] as const;
const KEY_ALIASES: Readonly<Partial<Record<string, (typeof KEYS)[number]>>> = {
  tz: "timezone",
  zone: "timezone",
  "time-zone": "timezone",
  time_zone: "timezone",
  timezone: "timezone",
  start: "from",
  starts: "from",
  begin: "from",
  since: "from",
  end: "to",
  ends: "to",
  until: "to",
  schedule: "cron",
  opens: "cron",
  length: "duration",
  for: "duration",
};
const SHAPE =
  'a window has "name" and either "from" and "to", or "cron", "duration" and optionally "timezone"';

/**
 * Validates the `freeze` input, already read from YAML (with the core schema, so times stay text). Empty means
 * no freeze. Throws FreezeConfigError naming the window and how to fix it.
 */
export function parseFreeze(value: unknown): FreezeWindow[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw new FreezeConfigError('must be a YAML list of windows (each item starting with "- name:")');
  if (value.length > MAX_FREEZE_WINDOWS) {
    throw new FreezeConfigError(`lists ${value.length} windows; at most ${MAX_FREEZE_WINDOWS} are allowed`);
  }
  const windows: FreezeWindow[] = [];
  for (const [index, raw] of value.entries()) {
    const window = parseWindow(raw, index);
    const earlier = windows.findIndex((w) => w.name.toLowerCase() === window.name.toLowerCase());
    if (earlier >= 0) {
      throw new FreezeConfigError(
        `windows ${earlier + 1} and ${index + 1} are both named ${JSON.stringify(windows[earlier]?.name)}; give each window its own name (names are compared without regard to case)`,
      );
    }
    windows.push(window);
  }
  return windows;
}

function parseWindow(raw: unknown, index: number): FreezeWindow {
  const position = `window ${index + 1}`;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new FreezeConfigError(
      `${position}: must be a mapping with "name" and either "from" and "to", or "cron" and "duration"`,
    );
  }
  const record = raw as Record<string, unknown>;
  const name = parseName(position, record.name);
  const label = `${position} ${JSON.stringify(name)}`;
  const fail = (message: string): never => {
    throw new FreezeConfigError(`${label}: ${message}`);
  };
  for (const key of Object.keys(record)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      const meant = KEY_ALIASES[key.toLowerCase()] ?? closest(key, KEYS);
      fail(`unknown key ${JSON.stringify(key)}; ${meant ? `did you mean ${JSON.stringify(meant)}?` : SHAPE}`);
    }
  }
  const has = (key: string) => Object.hasOwn(record, key);
  const fixedForm = has("from") || has("to");
  const cronForm = has("cron") || has("duration");
  if (fixedForm && has("timezone") && !cronForm) {
    fail(
      '"timezone" applies only to cron windows; give "from" and "to" with their own offset, such as "2026-12-23T00:00:00+01:00"',
    );
  }
  if (fixedForm && (cronForm || has("timezone")))
    fail('give either "from" and "to", or "cron" and "duration", not both');
  if (fixedForm) {
    if (!has("to")) fail('needs "to" as well as "from"');
    if (!has("from")) fail('needs "from" as well as "to"');
    const from = parseTime(fail, "from", record.from);
    const to = parseTime(fail, "to", record.to);
    if (to <= from) {
      fail(`"to" ${JSON.stringify(record.to)} must be after "from" ${JSON.stringify(record.from)}`);
    }
    return { kind: "fixed", name, from, to };
  }
  if (!cronForm) fail('needs either "from" and "to" (RFC 3339 times) or "cron" and "duration"');
  if (!has("cron"))
    fail('needs "cron" with "duration": when the window opens, five fields such as "0 17 * * FRI"');
  if (!has("duration")) {
    fail(
      'needs "duration" with "cron": how long the window stays in force after each opening, such as "64h"',
    );
  }
  return {
    kind: "cron",
    name,
    cron: parseCron(fail, record.cron),
    durationSeconds: parseWindowDuration(fail, record.duration),
    timezone: has("timezone") ? parseTimeZone(fail, record.timezone) : "UTC",
  };
}

type Fail = (message: string) => never;

function parseName(position: string, raw: unknown): string {
  const fail = (message: string): never => {
    throw new FreezeConfigError(`${position}: "name" ${message}`);
  };
  if (raw === undefined || raw === null)
    fail('is required, such as "weekend"; hold reasons name the window in force');
  if (typeof raw !== "string") fail(`must be text; quote it ("${String(raw)}")`);
  const name = (raw as string).trim();
  if (name === "") fail("must not be empty");
  if (/[\p{Cc}\p{Zl}\p{Zp}]/u.test(name)) fail("must be a single line");
  if (name.length > MAX_NAME_LENGTH)
    fail(`is ${name.length} characters long; at most ${MAX_NAME_LENGTH} are allowed`);
  return name;
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/** RFC 3339 section 5.6, checked field by field: Date.parse would roll 30 February over into March. */
function parseTime(fail: Fail, key: "from" | "to", raw: unknown): Date {
  if (typeof raw !== "string") fail(`"${key}" must be text: an RFC 3339 time such as "2026-12-23T00:00:00Z"`);
  const text = raw;
  const quoted = `"${key}" ${JSON.stringify(text)}`;
  const m = RFC3339.exec(text.trim());
  if (!m) {
    fail(
      `${quoted} is not an RFC 3339 time; write a date, a time and an offset, such as "2026-12-23T00:00:00Z" or "2026-12-23T00:00:00+01:00"`,
    );
  }
  const [, y, mo, d, h, mi, s, fraction, sign, oh, om] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12) fail(`${quoted} names month ${mo}; months run from 01 to 12`);
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  const days = date.getUTCDate();
  if (day < 1 || day > days) fail(`${quoted} names a day that does not exist: ${y}-${mo} has ${days} days`);
  if (hour > 23 || minute > 59 || second > 59)
    fail(`${quoted} names a time of day that does not exist; use 00:00:00 to 23:59:59`);
  if (sign && (Number(oh) > 23 || Number(om) > 59))
    fail(`${quoted} has the offset ${sign}${oh}:${om}; offsets run from -23:59 to +23:59`);
  const offsetMinutes = sign ? (sign === "-" ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute - offsetMinutes, second, Number((fraction ?? "").slice(0, 3).padEnd(3, "0")));
  return date;
}

const CRON_FIELDS = [
  { name: "minute", values: "0–59" },
  { name: "hour", values: "0–23" },
  { name: "day-of-month", values: "1–31" },
  { name: "month", values: "1–12 or JAN–DEC", names: "jan feb mar apr may jun jul aug sep oct nov dec" },
  {
    name: "day-of-week",
    values: "0–7 or SUN–SAT (0 and 7 are Sunday)",
    names: "sun mon tue wed thu fri sat",
  },
] as const;
const CRON_FORMS = 'with "*", lists such as 1,15, ranges such as 1-5 and steps such as */15 or 0-30/10';
const NICKNAMES: Readonly<Record<string, string>> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

// Vixie cron's rules, which croner follows: day of month and day of week match either (when both are restricted);
// a time with no "*" or step in its minute and hour fields is a fixed time, which opens once when the clock repeats
// it and right after the gap when the clock skips it. croner README, "Pattern" (croner 11.0.1 on npm).
const CRON_OPTIONS = { mode: "5-part", fixedTimeRule: "no-wildcard", domAndDow: false } as const;

/** Five-field cron only: croner's extensions (L, W, #, ?, nicknames, seconds, years) are refused. */
function parseCron(fail: Fail, raw: unknown): string {
  if (typeof raw !== "string") fail('"cron" must be text: five fields such as "0 17 * * FRI"');
  const text = raw.trim();
  const quoted = `"cron" ${JSON.stringify(text)}`;
  const nickname = NICKNAMES[text.toLowerCase()];
  if (nickname || text.startsWith("@")) {
    fail(
      `${quoted} is a nickname; write its five fields instead${nickname ? ` (${text} is "${nickname}")` : ""}`,
    );
  }
  const fields = text === "" ? [] : text.split(/\s+/);
  if (fields.length !== 5) {
    fail(
      `${quoted} has ${fields.length} fields; give five: minute, hour, day of month, month and day of week, such as "0 17 * * FRI"`,
    );
  }
  const pattern = fields.join(" ");
  for (const [i, field] of fields.entries()) {
    const spec = CRON_FIELDS[i] as (typeof CRON_FIELDS)[number];
    const names: readonly string[] = "names" in spec ? spec.names.split(" ") : [];
    const unknown =
      field.match(/[a-z]+/gi)?.find((word) => !names.includes(word.toLowerCase())) ??
      /[^0-9a-z*,/-]/i.exec(field)?.[0];
    const where = `${quoted}: the ${spec.name} field ${JSON.stringify(field)}`;
    if (unknown !== undefined)
      fail(
        `${where} has ${JSON.stringify(unknown)}, which five-field cron does not have; use ${spec.values}`,
      );
    // croner's own messages count days and months from 0; check the field alone to name it in ours.
    const alone = fields.map((f, j) => (j === i ? f : "*")).join(" ");
    try {
      new Cron(alone, CRON_OPTIONS);
    } catch {
      fail(`${where} is out of range or malformed; use ${spec.values}, ${CRON_FORMS}`);
    }
  }
  // Each field passed alone, so the whole parses. croner gives up on a search at the year 3000, and every day a
  // five-field cron can name, 29 February included, comes round long before.
  if (new Cron(pattern, CRON_OPTIONS).nextRun(new Date(Date.UTC(2001, 0, 1))) === null) {
    fail(
      `${quoted} never fires: no month it allows has the day of month it names; check the day-of-month and month fields`,
    );
  }
  return pattern;
}

function parseWindowDuration(fail: Fail, raw: unknown): number {
  if (typeof raw === "number")
    fail(`"duration" ${raw} has no unit; write it as text with one, such as "64h"`);
  if (typeof raw !== "string") fail('"duration" must be text with a unit, such as "64h"');
  const quoted = `"duration" ${JSON.stringify(raw)}`;
  const tooLong = () =>
    fail(
      `${quoted} is longer than ${MAX_FREEZE_DURATION_SECONDS / 86400} days; a recurring window that long freezes most of the time, so give a one-off freeze as "from" and "to"`,
    );
  let seconds = 0;
  try {
    seconds = parseDuration(raw);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // parseDuration refuses more than a year in its own words; this limit is lower, so say this one.
    if (/longer than/.test(message)) tooLong();
    fail(`${quoted} ${message}`);
  }
  if (seconds === 0) fail(`${quoted} must be longer than zero`);
  if (seconds > MAX_FREEZE_DURATION_SECONDS) tooLong();
  return seconds;
}

const ZONE_EXAMPLES = 'a tz database name such as "Europe/Berlin", "America/New_York" or "UTC"';

/**
 * An IANA zone that Intl knows (Node 24 carries full ICU and its tz data), kept as written: ICU's canonical names
 * are CLDR's, older than the tz database's ("Asia/Kolkata" would read back as "Asia/Calcutta").
 */
function parseTimeZone(fail: Fail, raw: unknown): string {
  if (typeof raw !== "string") fail('"timezone" must be text: an IANA name such as "Europe/Berlin"');
  const text = raw.trim();
  const quoted = `"timezone" ${JSON.stringify(text)}`;
  // Intl takes "+01:00" too, but an offset knows no daylight saving, which is the point of a zone here.
  if (/^[+-−]?\d/.test(text)) {
    fail(
      `${quoted} is a UTC offset, not a time zone; use an IANA name such as "Europe/Berlin", which also follows its daylight-saving changes`,
    );
  }
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: text });
    return text;
  } catch {
    const zones = [...Intl.supportedValuesOf("timeZone"), "UTC"];
    const city = text.toLowerCase().replaceAll(" ", "_").split("/").at(-1);
    const meant = zones.find((z) => z.toLowerCase().split("/").at(-1) === city) ?? closest(text, zones);
    return fail(
      meant
        ? `${quoted} is not a known IANA time zone; did you mean ${JSON.stringify(meant)}? Use ${ZONE_EXAMPLES}`
        : `${quoted} is not a known IANA time zone; use ${ZONE_EXAMPLES}`,
    );
  }
}

/** The candidate within two edits of `text` (ignoring case), if any: for "did you mean". */
function closest(text: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(text.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

// Parsing a pattern costs about as much as a search; a chain looks at each window up to CHAIN_MAX_SPANS times.
const schedules = new WeakMap<CronWindow, Cron>();

function scheduleOf(window: CronWindow): Cron {
  let schedule = schedules.get(window);
  if (!schedule) {
    schedule = new Cron(window.cron, { ...CRON_OPTIONS, timezone: window.timezone });
    schedules.set(window, schedule);
  }
  return schedule;
}

/** The opening of `window` in force at `t` (ms), if any. Of a cron window's openings, the latest ends last. */
function spanAt(window: FreezeWindow, t: number): FreezeSpan | undefined {
  if (window.kind === "fixed") {
    return window.from.getTime() <= t && t < window.to.getTime()
      ? { window, from: window.from, to: window.to }
      : undefined;
  }
  // croner gives the runs strictly before its reference; openings fall on whole minutes, so t + 1 ms includes t.
  const [opened] = scheduleOf(window).previousRuns(1, new Date(t + 1));
  if (!opened) return undefined;
  const end = opened.getTime() + window.durationSeconds * 1000;
  return t < end ? { window, from: opened, to: new Date(end) } : undefined;
}

/** Of the spans in force at `t`, the one that ends last; the first listed on a tie. */
function longestAt(windows: readonly FreezeWindow[], t: number): FreezeSpan | undefined {
  let best: FreezeSpan | undefined;
  for (const window of windows) {
    const span = spanAt(window, t);
    if (span && (!best || span.to > best.to)) best = span;
  }
  return best;
}

/**
 * The window in force at `now`, if any, with when the freeze lifts: the span that ends last, followed through the
 * spans that overlap or meet it, one after another (a weekend running into a year-end freeze ends with the latter).
 */
export function activeWindow(windows: readonly FreezeWindow[], now: Date): ActiveFreeze | undefined {
  const first = longestAt(windows, now.getTime());
  if (!first) return undefined;
  const chain = [first];
  let endless = false;
  for (let last = first; ;) {
    const next = longestAt(windows, last.to.getTime());
    if (!next) break;
    if (chain.length >= CHAIN_MAX_SPANS || next.to.getTime() - now.getTime() > CHAIN_MAX_MS) {
      endless = true;
      break;
    }
    chain.push(next);
    last = next;
  }
  return { ...first, until: (chain.at(-1) as FreezeSpan).to, chain, endless };
}

/**
 * The window that opens next after `now` (strictly) and at most `horizonSeconds` later, whether or not one is in
 * force at `now`: the soonest; on a tie, the one that ends last, then the first listed.
 */
export function nextWindow(
  windows: readonly FreezeWindow[],
  now: Date,
  horizonSeconds: number,
): FreezeSpan | undefined {
  if (!(horizonSeconds >= 0)) throw new RangeError(`horizon of ${horizonSeconds} seconds; give 0 or more`);
  const limit = now.getTime() + horizonSeconds * 1000;
  let best: FreezeSpan | undefined;
  for (const window of windows) {
    let span: FreezeSpan | undefined;
    if (window.kind === "fixed") {
      if (window.from > now) span = { window, from: window.from, to: window.to };
    } else {
      const opens = scheduleOf(window).nextRun(now);
      if (opens)
        span = { window, from: opens, to: new Date(opens.getTime() + window.durationSeconds * 1000) };
    }
    if (!span || span.from.getTime() > limit) continue;
    if (!best || span.from < best.from || (span.from.getTime() === best.from.getTime() && span.to > best.to))
      best = span;
  }
  return best;
}

/** A window's zone, for showing its times: a cron window's own, UTC for a one-off window. */
function zoneOf(window: FreezeWindow): string {
  return window.kind === "cron" ? window.timezone : "UTC";
}

/** What a run needs of the calendar at `now`: the freeze in force, for decide(), and for the summary the next window. */
export interface FreezeAt {
  inForce?: FreezeInForce;
  /** The next window to open within the horizon (the bake time): its name, span and zone. */
  next?: { name: string; from: Date; to: Date; timeZone: string };
}

export function freezeAt(windows: readonly FreezeWindow[], now: Date, horizonSeconds: number): FreezeAt {
  if (windows.length === 0) return {};
  const active = activeWindow(windows, now);
  const next = nextWindow(windows, now, horizonSeconds);
  const out: FreezeAt = {};
  if (active) {
    const last = active.chain.at(-1) ?? active;
    out.inForce = {
      names: [...new Set(active.chain.map((s) => s.window.name))],
      until: active.until,
      endless: active.endless,
      timeZone: zoneOf(last.window),
    };
  }
  // A window opening while the freeze holds anyway is part of it, or news only once the freeze lifts.
  if (next && !(active && next.from < active.until)) {
    out.next = { name: next.window.name, from: next.from, to: next.to, timeZone: zoneOf(next.window) };
  }
  return out;
}
