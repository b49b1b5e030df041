import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CronWindow,
  type FixedWindow,
  type FreezeWindow,
  FreezeConfigError,
  MAX_FREEZE_DURATION_SECONDS,
  activeWindow,
  freezeAt,
  nextWindow,
  parseFreeze,
} from "../../../src/rollout/freeze.ts";

// Every instant here is written down; nothing reads the wall clock.
const at = (iso: string): Date => new Date(iso);
const H = 3600;
const D = 86400;

const fixed = (name: string, from: string, to: string): FixedWindow => ({
  kind: "fixed",
  name,
  from: at(from),
  to: at(to),
});
const cron = (name: string, pattern: string, durationSeconds: number, timezone = "UTC"): CronWindow => ({
  kind: "cron",
  name,
  cron: pattern,
  durationSeconds,
  timezone,
});

function rejects(value: unknown, message: string): void {
  expect(() => parseFreeze(value)).toThrow(FreezeConfigError);
  expect(() => parseFreeze(value)).toThrow(message);
}

describe("parseFreeze: what it accepts", () => {
  it("reads the SPEC's example: a weekly cron window in Berlin and a year-end from/to window", () => {
    const windows = parseFreeze([
      { name: "weekend", cron: "0 17 * * FRI", duration: "64h", timezone: "Europe/Berlin" },
      { name: "year-end", from: "2026-12-23T00:00:00Z", to: "2027-01-04T00:00:00Z" },
    ]);
    expect(windows).toEqual([
      {
        kind: "cron",
        name: "weekend",
        cron: "0 17 * * FRI",
        durationSeconds: 64 * H,
        timezone: "Europe/Berlin",
      },
      { kind: "fixed", name: "year-end", from: at("2026-12-23T00:00:00Z"), to: at("2027-01-04T00:00:00Z") },
    ]);
  });

  it("takes no freeze from an empty input or an empty list", () => {
    expect(parseFreeze(undefined)).toEqual([]);
    expect(parseFreeze(null)).toEqual([]);
    expect(parseFreeze([])).toEqual([]);
  });

  it("defaults the time zone to UTC, tidies the cron's spacing and trims the name", () => {
    expect(parseFreeze([{ name: " nightly ", cron: "  0   2 * *  * ", duration: "1h30m" }])).toEqual([
      { kind: "cron", name: "nightly", cron: "0 2 * * *", durationSeconds: 5400, timezone: "UTC" },
    ]);
  });

  it("reads times with an offset, fractions of a second, a lower-case t and z, or a space", () => {
    const [w] = parseFreeze([
      { name: "launch", from: "2026-06-01T09:00:00+02:00", to: "2026-06-01 12:00:00.5z" },
    ]);
    expect(w).toEqual(fixed("launch", "2026-06-01T07:00:00Z", "2026-06-01T12:00:00.500Z"));
    const [v] = parseFreeze([{ name: "v", from: "2026-06-01t09:00:00Z", to: "2026-06-02T00:00:00-05:30" }]);
    expect(v).toEqual(fixed("v", "2026-06-01T09:00:00Z", "2026-06-02T05:30:00Z"));
  });

  it("keeps a time zone as written, in any case and by any of the tz database's names", () => {
    const zone = (timezone: string) =>
      (parseFreeze([{ name: "w", cron: "0 0 * * *", duration: "1h", timezone }])[0] as CronWindow).timezone;
    expect(zone(" europe/berlin ")).toBe("europe/berlin");
    expect(zone("US/Eastern")).toBe("US/Eastern");
    expect(zone("Asia/Kolkata")).toBe("Asia/Kolkata");
    expect(zone("Etc/UTC")).toBe("Etc/UTC");
  });

  it("reads a time zone's alias, and its name in any case, as the zone itself", () => {
    const [lower, alias] = parseFreeze([
      { name: "lower", cron: "0 17 * * FRI", duration: "1h", timezone: "america/new_york" },
      { name: "alias", cron: "0 17 * * FRI", duration: "1h", timezone: "US/Eastern" },
    ]) as [CronWindow, CronWindow];
    // Friday 2026-06-05 17:00 EDT is 21:00Z.
    const now = at("2026-06-05T12:00:00Z");
    expect(nextWindow([lower], now, D)?.from).toEqual(at("2026-06-05T21:00:00Z"));
    expect(nextWindow([alias], now, D)?.from).toEqual(at("2026-06-05T21:00:00Z"));
  });

  it("accepts month and weekday names, lists, ranges, steps and 7 for Sunday", () => {
    for (const pattern of ["0 17 * * fri", "0 9 1,15 JAN-MAR *", "*/15 8-18/2 * * MON-FRI", "0 0 * * 7"]) {
      expect(parseFreeze([{ name: "w", cron: pattern, duration: "1h" }])).toHaveLength(1);
    }
  });

  it("accepts a duration of exactly the longest allowed", () => {
    const [w] = parseFreeze([{ name: "w", cron: "0 0 1 * *", duration: "28d" }]);
    expect((w as CronWindow).durationSeconds).toBe(MAX_FREEZE_DURATION_SECONDS);
  });
});

describe("parseFreeze: every mistake is named with its window and how to fix it", () => {
  const weekly = { cron: "0 17 * * FRI", duration: "64h" };

  it.each<[string, unknown, string]>([
    [
      "a mapping instead of a list",
      { name: "w", ...weekly },
      'must be a YAML list of windows (each item starting with "- name:")',
    ],
    ["a string", "weekend", "must be a YAML list of windows"],
    [
      "an item that is not a mapping",
      ["weekend"],
      'window 1: must be a mapping with "name" and either "from" and "to", or "cron" and "duration"',
    ],
    ["a missing name", [weekly], 'window 1: "name" is required'],
    ["a name that is not text", [{ name: 2026, ...weekly }], 'window 1: "name" must be text; quote it'],
    ["an empty name", [{ name: "  ", ...weekly }], 'window 1: "name" must not be empty'],
    ["a name on two lines", [{ name: "a\nb", ...weekly }], 'window 1: "name" must be a single line'],
    [
      "a name that is too long",
      [{ name: "x".repeat(51), ...weekly }],
      'window 1: "name" is 51 characters long; at most 50 are allowed',
    ],
    [
      "a duplicate name",
      [
        { name: "weekend", ...weekly },
        { name: "Weekend ", ...weekly },
      ],
      'windows 1 and 2 are both named "weekend"; give each window its own name (names are compared without regard to case)',
    ],
    [
      "an unknown key, with the key it was meant to be",
      [{ name: "w", ...weekly, tz: "UTC" }],
      'window 1 "w": unknown key "tz"; did you mean "timezone"?',
    ],
    [
      "a misspelt key",
      [{ name: "w", cron: "0 0 * * *", duraton: "1h" }],
      'window 1 "w": unknown key "duraton"; did you mean "duration"?',
    ],
    [
      "a key with no near match",
      [{ name: "w", ...weekly, owner: "me" }],
      'window 1 "w": unknown key "owner"; a window has "name" and either "from" and "to", or "cron", "duration" and optionally "timezone"',
    ],
    [
      "both forms",
      [{ name: "w", ...weekly, from: "2026-12-23T00:00:00Z", to: "2027-01-04T00:00:00Z" }],
      'window 1 "w": give either "from" and "to", or "cron" and "duration", not both',
    ],
    [
      "neither form",
      [{ name: "w" }],
      'window 1 "w": needs either "from" and "to" (RFC 3339 times) or "cron" and "duration"',
    ],
    [
      "from without to",
      [{ name: "w", from: "2026-12-23T00:00:00Z" }],
      'window 1 "w": needs "to" as well as "from"',
    ],
    [
      "to without from",
      [{ name: "w", to: "2026-12-23T00:00:00Z" }],
      'window 1 "w": needs "from" as well as "to"',
    ],
    [
      "a time zone on a from/to window",
      [{ name: "w", from: "2026-12-23T00:00:00", to: "2027-01-04T00:00:00", timezone: "Europe/Berlin" }],
      'window 1 "w": "timezone" applies only to cron windows; give "from" and "to" with their own offset, such as "2026-12-23T00:00:00+01:00"',
    ],
    [
      "a cron without duration",
      [{ name: "w", cron: "0 17 * * FRI" }],
      'window 1 "w": needs "duration" with "cron": how long the window stays in force after each opening, such as "64h"',
    ],
    [
      "a duration without cron",
      [{ name: "w", duration: "64h" }],
      'window 1 "w": needs "cron" with "duration": when the window opens, five fields such as "0 17 * * FRI"',
    ],
  ])("rejects %s", (_what, value, message) => rejects(value, message));

  it.each<[string, unknown, string]>([
    [
      "a date without a time",
      "2026-12-23",
      '"from" "2026-12-23" is not an RFC 3339 time; write a date, a time and an offset, such as "2026-12-23T00:00:00Z" or "2026-12-23T00:00:00+01:00"',
    ],
    [
      "a time without an offset",
      "2026-12-23T00:00:00",
      '"from" "2026-12-23T00:00:00" is not an RFC 3339 time',
    ],
    [
      "a day that does not exist",
      "2026-02-30T00:00:00Z",
      '"from" "2026-02-30T00:00:00Z" names a day that does not exist: 2026-02 has 28 days',
    ],
    [
      "month 13",
      "2026-13-01T00:00:00Z",
      '"from" "2026-13-01T00:00:00Z" names month 13; months run from 01 to 12',
    ],
    [
      "hour 24",
      "2026-12-23T24:00:00Z",
      '"from" "2026-12-23T24:00:00Z" names a time of day that does not exist; use 00:00:00 to 23:59:59',
    ],
    [
      "a leap second",
      "2026-12-31T23:59:60Z",
      '"from" "2026-12-31T23:59:60Z" names a time of day that does not exist; use 00:00:00 to 23:59:59',
    ],
    [
      "an offset beyond a day",
      "2026-12-23T00:00:00+24:00",
      '"from" "2026-12-23T00:00:00+24:00" has the offset +24:00; offsets run from -23:59 to +23:59',
    ],
    ["a number", 1798000000, '"from" must be text: an RFC 3339 time such as "2026-12-23T00:00:00Z"'],
  ])("rejects a from time that is %s", (_what, from, message) =>
    rejects([{ name: "w", from, to: "2027-01-04T00:00:00Z" }], `window 1 "w": ${message}`),
  );

  it("checks to as it checks from", () => {
    rejects(
      [{ name: "w", from: "2026-12-23T00:00:00Z", to: "2027-01-04" }],
      'window 1 "w": "to" "2027-01-04" is not an RFC 3339 time',
    );
  });

  it.each([
    ["2027-01-04T00:00:00Z", "2026-12-23T00:00:00Z"],
    ["2026-12-23T00:00:00Z", "2026-12-23T00:00:00Z"],
    ["2026-12-23T01:00:00+01:00", "2026-12-23T00:00:00Z"],
  ])("rejects to %s not after from %s", (from, to) =>
    rejects(
      [{ name: "w", from, to }],
      `window 1 "w": "to" ${JSON.stringify(to)} must be after "from" ${JSON.stringify(from)}`,
    ),
  );

  it.each<[string, unknown, string]>([
    ["not text", 5, '"cron" must be text: five fields such as "0 17 * * FRI"'],
    [
      "four fields",
      "0 17 * *",
      '"cron" "0 17 * *" has 4 fields; give five: minute, hour, day of month, month and day of week, such as "0 17 * * FRI"',
    ],
    ["six fields", "0 0 17 * * FRI", '"cron" "0 0 17 * * FRI" has 6 fields; give five'],
    ["empty", "  ", '"cron" "" has 0 fields; give five'],
    [
      "a nickname",
      "@weekly",
      '"cron" "@weekly" is a nickname; write its five fields instead (@weekly is "0 0 * * 0")',
    ],
    [
      "the last-day extension L",
      "0 0 L * *",
      '"cron" "0 0 L * *": the day-of-month field "L" has "L", which five-field cron does not have; use 1–31',
    ],
    [
      "a ? placeholder",
      "0 0 ? * *",
      '"cron" "0 0 ? * *": the day-of-month field "?" has "?", which five-field cron does not have',
    ],
    [
      "an nth weekday",
      "0 0 * * 5#2",
      '"cron" "0 0 * * 5#2": the day-of-week field "5#2" has "#", which five-field cron does not have; use 0–7 or SUN–SAT (0 and 7 are Sunday)',
    ],
    [
      "a weekday name in the month field",
      "0 0 * FRI *",
      '"cron" "0 0 * FRI *": the month field "FRI" has "FRI", which five-field cron does not have; use 1–12 or JAN–DEC',
    ],
    [
      "minute 60",
      "60 0 * * *",
      '"cron" "60 0 * * *": the minute field "60" is out of range or malformed; use 0–59, with "*", lists such as 1,15, ranges such as 1-5 and steps such as */15 or 0-30/10',
    ],
    [
      "hour 24",
      "0 24 * * *",
      '"cron" "0 24 * * *": the hour field "24" is out of range or malformed; use 0–23',
    ],
    [
      "day 32",
      "0 0 32 * *",
      '"cron" "0 0 32 * *": the day-of-month field "32" is out of range or malformed; use 1–31',
    ],
    [
      "day 0",
      "0 0 0 * *",
      '"cron" "0 0 0 * *": the day-of-month field "0" is out of range or malformed; use 1–31',
    ],
    [
      "month 13",
      "0 0 * 13 *",
      '"cron" "0 0 * 13 *": the month field "13" is out of range or malformed; use 1–12 or JAN–DEC',
    ],
    [
      "weekday 8",
      "0 0 * * 8",
      '"cron" "0 0 * * 8": the day-of-week field "8" is out of range or malformed; use 0–7 or SUN–SAT',
    ],
    [
      "a backwards range",
      "0 5-1 * * *",
      '"cron" "0 5-1 * * *": the hour field "5-1" is out of range or malformed',
    ],
    [
      "a zero step",
      "*/0 * * * *",
      '"cron" "*/0 * * * *": the minute field "*/0" is out of range or malformed',
    ],
    [
      "an empty list item",
      "0 1,,2 * * *",
      '"cron" "0 1,,2 * * *": the hour field "1,,2" is out of range or malformed',
    ],
    [
      "30 February",
      "0 0 30 2 *",
      '"cron" "0 0 30 2 *" never fires: no month it allows has the day of month it names; check the day-of-month and month fields',
    ],
    ["31 February", "0 0 31 2 *", '"cron" "0 0 31 2 *" never fires'],
    ["31 of the thirty-day months", "0 0 31 4,6,9,11 *", '"cron" "0 0 31 4,6,9,11 *" never fires'],
  ])("rejects a cron that is %s", (_what, pattern, message) =>
    rejects([{ name: "w", cron: pattern, duration: "1h" }], `window 1 "w": ${message}`),
  );

  it.each<[string, unknown, string]>([
    [
      "misspelt",
      "Europe/Berln",
      '"timezone" "Europe/Berln" is not a known IANA time zone; did you mean "Europe/Berlin"? Use a tz database name such as "Europe/Berlin", "America/New_York" or "UTC"',
    ],
    [
      "a city alone",
      "Berlin",
      '"timezone" "Berlin" is not a known IANA time zone; did you mean "Europe/Berlin"?',
    ],
    [
      "unknown",
      "Mars/Olympus_Mons",
      '"timezone" "Mars/Olympus_Mons" is not a known IANA time zone; use a tz database name such as "Europe/Berlin", "America/New_York" or "UTC"',
    ],
    [
      "a UTC offset",
      "+01:00",
      '"timezone" "+01:00" is a UTC offset, not a time zone; use an IANA name such as "Europe/Berlin", which also follows its daylight-saving changes',
    ],
    ["not text", 1, '"timezone" must be text: an IANA name such as "Europe/Berlin"'],
  ])("rejects a time zone that is %s", (_what, timezone, message) =>
    rejects([{ name: "w", cron: "0 0 * * *", duration: "1h", timezone }], `window 1 "w": ${message}`),
  );

  it.each<[string, unknown, string]>([
    [
      "without a unit",
      "64",
      '"duration" "64" is not a duration; use a number with a unit, such as "90s", "15m", "2h" or "1d"',
    ],
    ["a bare number", 3600, '"duration" 3600 has no unit; write it as text with one, such as "64h"'],
    ["zero", "0h", '"duration" "0h" must be longer than zero'],
    [
      "longer than four weeks",
      "29d",
      '"duration" "29d" is longer than 28 days; a recurring window that long freezes most of the time, so give a one-off freeze as "from" and "to"',
    ],
    ["longer than a year", "400d", '"duration" "400d" is longer than 28 days'],
  ])("rejects a duration %s", (_what, duration, message) =>
    rejects([{ name: "w", cron: "0 0 * * *", duration }], `window 1 "w": ${message}`),
  );

  it("rejects more windows than it will check on every run", () => {
    const many = Array.from({ length: 51 }, (_, i) => ({ name: `w${i}`, cron: "0 0 * * *", duration: "1h" }));
    rejects(many, "lists 51 windows; at most 50 are allowed");
  });

  it("names the window by its position when it has no usable name", () => {
    rejects(
      [
        { name: "ok", cron: "0 0 * * *", duration: "1h" },
        { cron: "0 0 * * *", duration: "1h" },
      ],
      'window 2: "name" is required',
    );
  });
});

describe("activeWindow and nextWindow: windows given by from and to", () => {
  const yearEnd = fixed("year-end", "2026-12-23T00:00:00Z", "2027-01-04T00:00:00Z");

  it("is in force from `from` up to, not including, `to`", () => {
    expect(activeWindow([yearEnd], at("2026-12-22T23:59:59.999Z"))).toBeUndefined();
    expect(activeWindow([yearEnd], at("2026-12-23T00:00:00Z"))).toMatchObject({
      window: yearEnd,
      from: yearEnd.from,
      to: yearEnd.to,
      until: yearEnd.to,
      endless: false,
    });
    expect(activeWindow([yearEnd], at("2027-01-03T23:59:59.999Z"))?.until).toEqual(yearEnd.to);
    expect(activeWindow([yearEnd], at("2027-01-04T00:00:00Z"))).toBeUndefined();
  });

  it("gives the next opening only when it is after now and within the horizon", () => {
    const now = at("2026-12-22T20:00:00Z");
    expect(nextWindow([yearEnd], now, 4 * H)).toEqual({
      window: yearEnd,
      from: yearEnd.from,
      to: yearEnd.to,
    });
    expect(nextWindow([yearEnd], now, 4 * H - 1)).toBeUndefined();
    expect(nextWindow([yearEnd], at("2026-12-23T00:00:00Z"), 30 * D)).toBeUndefined();
  });

  it("of two overlapping windows, names the one that ends last and follows the chain to the end", () => {
    const a = fixed("release-week", "2026-06-01T10:00:00Z", "2026-06-01T14:00:00Z");
    const b = fixed("audit", "2026-06-01T12:00:00Z", "2026-06-01T18:00:00Z");
    const early = activeWindow([a, b], at("2026-06-01T11:00:00Z"));
    expect(early).toMatchObject({ window: a, to: a.to, until: b.to });
    expect(early?.chain.map((s) => s.window.name)).toEqual(["release-week", "audit"]);
    const both = activeWindow([a, b], at("2026-06-01T13:00:00Z"));
    expect(both).toMatchObject({ window: b, to: b.to, until: b.to });
    expect(both?.chain.map((s) => s.window.name)).toEqual(["audit"]);
  });

  it("follows windows back to back, but stops at a gap of a single millisecond", () => {
    const a = fixed("a", "2026-06-01T10:00:00Z", "2026-06-01T12:00:00Z");
    const b = fixed("b", "2026-06-01T12:00:00Z", "2026-06-01T15:00:00Z");
    const c = fixed("c", "2026-06-01T15:00:00.001Z", "2026-06-01T20:00:00Z");
    const active = activeWindow([c, b, a], at("2026-06-01T11:00:00Z"));
    expect(active?.until).toEqual(b.to);
    expect(active?.chain.map((s) => s.window.name)).toEqual(["a", "b"]);
  });

  it("of two windows in force that end together, names the one listed first", () => {
    const a = fixed("a", "2026-06-01T10:00:00Z", "2026-06-01T12:00:00Z");
    const b = fixed("b", "2026-06-01T09:00:00Z", "2026-06-01T12:00:00Z");
    expect(activeWindow([a, b], at("2026-06-01T11:00:00Z"))?.window).toBe(a);
    expect(activeWindow([b, a], at("2026-06-01T11:00:00Z"))?.window).toBe(b);
  });

  it("refuses a horizon that is not a number of seconds at or above zero", () => {
    expect(() => nextWindow([yearEnd], at("2026-12-22T00:00:00Z"), -1)).toThrow(RangeError);
    expect(() => nextWindow([yearEnd], at("2026-12-22T00:00:00Z"), Number.NaN)).toThrow(RangeError);
  });
});

describe("activeWindow and nextWindow: cron windows", () => {
  it("opens the SPEC's weekend on Friday 17:00 in Berlin and keeps it 64 hours", () => {
    const weekend = cron("weekend", "0 17 * * FRI", 64 * H, "Europe/Berlin");
    // Friday 2026-06-05 17:00 CEST is 15:00Z; 64 hours on is Monday 07:00Z, 09:00 CEST.
    expect(activeWindow([weekend], at("2026-06-05T14:59:59Z"))).toBeUndefined();
    expect(activeWindow([weekend], at("2026-06-05T15:00:00Z"))).toMatchObject({
      from: at("2026-06-05T15:00:00Z"),
      to: at("2026-06-08T07:00:00Z"),
      until: at("2026-06-08T07:00:00Z"),
    });
    expect(activeWindow([weekend], at("2026-06-08T06:59:59Z"))?.to).toEqual(at("2026-06-08T07:00:00Z"));
    expect(activeWindow([weekend], at("2026-06-08T07:00:00Z"))).toBeUndefined();
    expect(nextWindow([weekend], at("2026-06-08T07:00:00Z"), 7 * D)).toEqual({
      window: weekend,
      from: at("2026-06-12T15:00:00Z"),
      to: at("2026-06-15T07:00:00Z"),
    });
    expect(nextWindow([weekend], at("2026-06-05T14:00:00Z"), H - 1)).toBeUndefined();
    expect(nextWindow([weekend], at("2026-06-05T14:00:00Z"), H)?.from).toEqual(at("2026-06-05T15:00:00Z"));
  });

  it("fires, as cron does, on a day matching either a restricted day of month or a restricted day of week", () => {
    const w = cron("thirteenth-or-friday", "0 0 13 * FRI", H);
    // Friday 12 June 2026, then Saturday 13 June; a Friday the 13th comes only in November.
    expect(nextWindow([w], at("2026-06-06T00:00:00Z"), 30 * D)?.from).toEqual(at("2026-06-12T00:00:00Z"));
    expect(nextWindow([w], at("2026-06-12T00:00:00Z"), 30 * D)?.from).toEqual(at("2026-06-13T00:00:00Z"));
  });

  it("keeps a window longer than the cron's period in force from every opening", () => {
    // Weekdays at midnight UTC, 36 hours each: Monday's opening still holds when Tuesday's opens.
    const w = cron("long-days", "0 0 * * MON-FRI", 36 * H);
    const active = activeWindow([w], at("2026-06-02T10:00:00Z")); // a Tuesday
    expect(active).toMatchObject({ from: at("2026-06-02T00:00:00Z"), to: at("2026-06-03T12:00:00Z") });
    // Tuesday, Wednesday, Thursday and Friday chain into Saturday noon; Sunday is free.
    expect(active?.until).toEqual(at("2026-06-06T12:00:00Z"));
    expect(active?.chain.map((s) => s.from)).toEqual(
      ["02", "03", "04", "05"].map((d) => at(`2026-06-${d}T00:00:00Z`)),
    );
    expect(activeWindow([w], at("2026-06-06T12:00:00Z"))).toBeUndefined();
  });

  it("says a freeze with no end in sight is endless, and gives a lower bound for it", () => {
    const always = cron("always", "0 0 * * *", 25 * H);
    const active = activeWindow([always], at("2026-06-02T10:00:00Z"));
    expect(active?.endless).toBe(true);
    expect(active?.chain).toHaveLength(100);
    expect(active?.until.getTime()).toBeGreaterThan(at("2026-09-01T00:00:00Z").getTime());
  });

  it("chains a cron window into a from/to window that starts as it ends, and on into the cron again", () => {
    const weekend = cron("weekend", "0 17 * * FRI", 64 * H, "Europe/Berlin");
    // Monday 2026-12-21 09:00 CET is 08:00Z, when the weekend ends.
    const yearEnd = fixed("year-end", "2026-12-21T08:00:00Z", "2027-01-04T00:00:00Z");
    const active = activeWindow([yearEnd, weekend], at("2026-12-19T12:00:00Z"));
    // The weekend opening on Friday 1 January 2027 (16:00Z) outlasts the year-end: Monday 4 January 08:00Z.
    expect(active).toMatchObject({
      window: weekend,
      to: at("2026-12-21T08:00:00Z"),
      until: at("2027-01-04T08:00:00Z"),
    });
    expect(active?.chain.map((s) => [s.window.name, s.from.toISOString()])).toEqual([
      ["weekend", "2026-12-18T16:00:00.000Z"],
      ["year-end", "2026-12-21T08:00:00.000Z"],
      ["weekend", "2027-01-01T16:00:00.000Z"],
    ]);
  });

  it("holds the SPEC's example from Christmas Eve until the weekend that opened on New Year's Day ends", () => {
    const windows = parseFreeze([
      { name: "weekend", cron: "0 17 * * FRI", duration: "64h", timezone: "Europe/Berlin" },
      { name: "year-end", from: "2026-12-23T00:00:00Z", to: "2027-01-04T00:00:00Z" },
    ]);
    const active = activeWindow(windows, at("2026-12-24T12:00:00Z"));
    // Friday 1 January 2027 17:00 CET is 16:00Z; 64 hours on is Monday 4 January 08:00Z.
    expect(active).toMatchObject({ to: at("2027-01-04T00:00:00Z"), until: at("2027-01-04T08:00:00Z") });
    expect(active?.chain.map((s) => s.window.name)).toEqual(["year-end", "weekend"]);
    // A week earlier the weekend ends on Monday 21 December, before the year-end window opens.
    expect(activeWindow(windows, at("2026-12-18T20:00:00Z"))?.until).toEqual(at("2026-12-21T08:00:00Z"));
  });

  it("gives, of several windows, the one opening soonest", () => {
    const weekend = cron("weekend", "0 17 * * FRI", 64 * H, "Europe/Berlin");
    const nightly = cron("nightly", "0 2 * * *", H, "America/New_York");
    const next = nextWindow([weekend, nightly], at("2026-06-05T12:00:00Z"), 7 * D);
    expect(next).toEqual({
      window: weekend,
      from: at("2026-06-05T15:00:00Z"),
      to: at("2026-06-08T07:00:00Z"),
    });
    const later = nextWindow([weekend, nightly], at("2026-06-05T15:30:00Z"), 7 * D);
    // 02:00 EDT on Saturday is 06:00Z, while the weekend is in force: the next opening all the same.
    expect(later).toEqual({
      window: nightly,
      from: at("2026-06-06T06:00:00Z"),
      to: at("2026-06-06T07:00:00Z"),
    });
  });
});

describe("daylight-saving changes", () => {
  // Europe/Berlin 2026: 02:00 CET becomes 03:00 CEST on 29 March (01:00Z); 03:00 CEST becomes 02:00 CET on
  // 25 October (01:00Z), so 02:00–02:59 happens twice, first at 00:xxZ, then at 01:xxZ.
  // America/New_York 2026: 02:00 EST becomes 03:00 EDT on 8 March (07:00Z); 02:00 EDT becomes 01:00 EST on
  // 1 November (06:00Z), so 01:00–01:59 happens twice, first at 05:xxZ, then at 06:xxZ.

  it("Berlin, spring forward: the weekend lasts 64 hours of elapsed time, so it ends at 10:00 on Monday's clock", () => {
    const weekend = cron("weekend", "0 17 * * FRI", 64 * H, "Europe/Berlin");
    // Friday 27 March 17:00 CET is 16:00Z; 64 hours on is Monday 30 March 08:00Z, 10:00 CEST.
    expect(activeWindow([weekend], at("2026-03-30T07:59:59Z"))).toMatchObject({
      from: at("2026-03-27T16:00:00Z"),
      until: at("2026-03-30T08:00:00Z"),
    });
    expect(activeWindow([weekend], at("2026-03-30T08:00:00Z"))).toBeUndefined();
  });

  it("Berlin, fall back: the weekend ends at 08:00 on Monday's clock", () => {
    const weekend = cron("weekend", "0 17 * * FRI", 64 * H, "Europe/Berlin");
    // Friday 23 October 17:00 CEST is 15:00Z; 64 hours on is Monday 26 October 07:00Z, 08:00 CET.
    expect(activeWindow([weekend], at("2026-10-26T06:59:59Z"))?.until).toEqual(at("2026-10-26T07:00:00Z"));
    expect(activeWindow([weekend], at("2026-10-26T07:00:00Z"))).toBeUndefined();
  });

  it("Berlin, spring forward: an opening at 02:30, a time that does not exist that day, opens at 03:00", () => {
    const w = cron("maintenance", "30 2 * * *", H, "Europe/Berlin");
    expect(activeWindow([w], at("2026-03-29T00:59:59Z"))).toBeUndefined(); // 01:59:59 CET
    expect(activeWindow([w], at("2026-03-29T01:00:00Z"))).toMatchObject({
      from: at("2026-03-29T01:00:00Z"), // 03:00 CEST
      to: at("2026-03-29T02:00:00Z"),
    });
    expect(nextWindow([w], at("2026-03-28T12:00:00Z"), D)?.from).toEqual(at("2026-03-29T01:00:00Z"));
    // The day after, 02:30 CEST exists again: 00:30Z.
    expect(nextWindow([w], at("2026-03-29T12:00:00Z"), D)?.from).toEqual(at("2026-03-30T00:30:00Z"));
  });

  it("Berlin, fall back: an opening at 02:30, a time that happens twice, opens once, at the first", () => {
    const w = cron("maintenance", "30 2 * * *", 30 * 60, "Europe/Berlin");
    expect(activeWindow([w], at("2026-10-25T00:30:00Z"))).toMatchObject({
      from: at("2026-10-25T00:30:00Z"), // 02:30 CEST
      to: at("2026-10-25T01:00:00Z"),
    });
    expect(activeWindow([w], at("2026-10-25T01:35:00Z"))).toBeUndefined(); // 02:35 CET, the second time
    expect(nextWindow([w], at("2026-10-25T00:31:00Z"), 2 * D)?.from).toEqual(at("2026-10-26T01:30:00Z"));
  });

  it("New York, spring forward: an opening at 02:30 on the Sunday opens at 03:00 EDT", () => {
    const w = cron("sunday", "30 2 * * SUN", 2 * H, "America/New_York");
    expect(nextWindow([w], at("2026-03-07T12:00:00Z"), 2 * D)?.from).toEqual(at("2026-03-08T07:00:00Z"));
    expect(activeWindow([w], at("2026-03-08T08:59:59Z"))).toMatchObject({
      from: at("2026-03-08T07:00:00Z"),
      to: at("2026-03-08T09:00:00Z"),
    });
    expect(activeWindow([w], at("2026-03-08T09:00:00Z"))).toBeUndefined();
  });

  it("New York, fall back: an opening at 01:30 opens once, at 01:30 EDT", () => {
    const w = cron("night", "30 1 * * *", 45 * 60, "America/New_York");
    expect(activeWindow([w], at("2026-11-01T05:30:00Z"))?.to).toEqual(at("2026-11-01T06:15:00Z"));
    expect(activeWindow([w], at("2026-11-01T06:40:00Z"))).toBeUndefined(); // 01:40 EST
    expect(nextWindow([w], at("2026-11-01T05:31:00Z"), 2 * D)?.from).toEqual(at("2026-11-02T06:30:00Z"));
  });

  it("New York, fall back: a list of hours is a fixed time too and opens once", () => {
    const w = cron("twice-a-day", "30 1,13 * * *", 10 * 60, "America/New_York");
    expect(activeWindow([w], at("2026-11-01T05:35:00Z"))).toBeDefined();
    expect(activeWindow([w], at("2026-11-01T06:35:00Z"))).toBeUndefined();
  });

  it("New York, fall back: a range of hours is a fixed time too and opens once in the repeated hour", () => {
    const w = cron("early", "0 1-2 * * *", 10 * 60, "America/New_York");
    expect(activeWindow([w], at("2026-11-01T05:05:00Z"))).toBeDefined(); // 01:05 EDT
    expect(activeWindow([w], at("2026-11-01T06:05:00Z"))).toBeUndefined(); // 01:05 EST
    expect(activeWindow([w], at("2026-11-01T07:05:00Z"))).toBeDefined(); // 02:05 EST
  });

  it("New York, fall back: a cron with a step in its minutes opens in both passes of the repeated hour", () => {
    const w = cron("half-hourly", "*/30 1 * * *", 10 * 60, "America/New_York");
    for (const t of ["05:05", "05:35", "06:05", "06:35"]) {
      expect(activeWindow([w], at(`2026-11-01T${t}:00Z`)), t).toBeDefined();
    }
  });

  it("New York, spring forward: the weekend starting Friday 17:00 EST ends at 10:00 EDT on Monday", () => {
    const weekend = cron("weekend", "0 17 * * FRI", 64 * H, "America/New_York");
    // Friday 6 March 17:00 EST is 22:00Z; 64 hours on is Monday 9 March 14:00Z, 10:00 EDT.
    expect(activeWindow([weekend], at("2026-03-09T13:59:59Z"))?.until).toEqual(at("2026-03-09T14:00:00Z"));
    expect(activeWindow([weekend], at("2026-03-09T14:00:00Z"))).toBeUndefined();
  });
});

// Property tests. Instants fall in 2026, often within days of one of the daylight-saving changes above.
const ZONES = [
  "UTC",
  "Europe/Berlin",
  "America/New_York",
  "Australia/Lord_Howe",
  "Asia/Kolkata",
  "America/Sao_Paulo",
];
const DST_CHANGES = [
  "2026-03-08T07:00:00Z",
  "2026-03-29T01:00:00Z",
  "2026-04-05T15:00:00Z",
  "2026-10-04T15:30:00Z",
  "2026-10-25T01:00:00Z",
  "2026-11-01T06:00:00Z",
].map((s) => at(s).getTime());
const YEAR_START = at("2026-01-01T00:00:00Z").getTime();

const instant = fc.oneof(
  fc.integer({ min: 0, max: 365 * D * 1000 }).map((ms) => new Date(YEAR_START + ms)),
  fc
    .tuple(fc.constantFrom(...DST_CHANGES), fc.integer({ min: -3 * D, max: 3 * D }))
    .map(([t, s]) => new Date(t + s * 1000)),
);

const field = (values: fc.Arbitrary<number>, extra: string[]) =>
  fc.oneof(
    { weight: 3, arbitrary: values.map(String) },
    { weight: 1, arbitrary: fc.constantFrom(...extra) },
    { weight: 1, arbitrary: fc.uniqueArray(values, { minLength: 2, maxLength: 3 }).map((v) => v.join(",")) },
  );
const cronPattern = fc
  .tuple(
    field(fc.constantFrom(0, 15, 30, 45), ["*/20", "0-30/15"]),
    field(fc.integer({ min: 0, max: 23 }), ["*", "1-3", "*/6"]),
    fc.oneof(
      { weight: 4, arbitrary: fc.constant("*") },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 28 }).map(String) },
    ),
    fc.oneof(
      { weight: 4, arbitrary: fc.constant("*") },
      { weight: 1, arbitrary: fc.constantFrom("3", "3,10", "10-11", "*/2") },
    ),
    fc.oneof(
      { weight: 2, arbitrary: fc.constant("*") },
      { weight: 2, arbitrary: fc.constantFrom("FRI", "0", "MON-FRI", "6,0", "7") },
    ),
  )
  .map((f) => f.join(" "));

const cronWindow: fc.Arbitrary<CronWindow> = fc.record({
  kind: fc.constant("cron" as const),
  name: fc.constant(""),
  cron: cronPattern,
  durationSeconds: fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 60, max: 6 * H }) },
    { weight: 1, arbitrary: fc.integer({ min: 6 * H, max: 4 * D }) },
  ),
  timezone: fc.constantFrom(...ZONES),
});
const fixedWindow: fc.Arbitrary<FixedWindow> = fc
  .tuple(instant, fc.integer({ min: 1, max: 20 * D }))
  .map(([from, seconds]) => ({
    kind: "fixed",
    name: "",
    from,
    to: new Date(from.getTime() + seconds * 1000),
  }));
const windowList = fc
  .array(fc.oneof(cronWindow, fixedWindow), { minLength: 1, maxLength: 4 })
  .map((ws) => ws.map((w, i): FreezeWindow => ({ ...w, name: `w${i}` })));

/** Whether `window` opened in (now - duration, now], found by looking forward, where the code looks back. */
function openAt(window: FreezeWindow, now: Date): boolean {
  if (window.kind === "fixed") return window.from <= now && now < window.to;
  const after = new Date(now.getTime() - window.durationSeconds * 1000);
  const next = nextWindow([window], after, window.durationSeconds);
  return next !== undefined && next.from <= now;
}

describe("properties", () => {
  it("a window is active exactly when `now` falls in [opening, opening + duration) of one of its openings", () => {
    fc.assert(
      fc.property(windowList, instant, (windows, now) => {
        const active = activeWindow(windows, now);
        expect(active !== undefined).toBe(windows.some((w) => openAt(w, now)));
        if (active) {
          expect(active.from.getTime()).toBeLessThanOrEqual(now.getTime());
          expect(active.to.getTime()).toBeGreaterThan(now.getTime());
          expect(openAt(active.window, now)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("the active window is the one in force that ends last, and the chain runs without a gap to `until`", () => {
    fc.assert(
      fc.property(windowList, instant, (windows, now) => {
        const active = activeWindow(windows, now);
        if (!active) return;
        for (const w of windows) {
          const alone = activeWindow([w], now);
          if (alone) expect(alone.to.getTime()).toBeLessThanOrEqual(active.to.getTime());
        }
        expect(active.chain[0]).toEqual({ window: active.window, from: active.from, to: active.to });
        for (const [i, span] of active.chain.entries()) {
          const before = active.chain[i - 1];
          if (before) {
            expect(span.from.getTime()).toBeLessThanOrEqual(before.to.getTime());
            expect(span.to.getTime()).toBeGreaterThan(before.to.getTime());
          }
        }
        expect(active.until).toEqual(active.chain.at(-1)?.to);
        expect(active.until.getTime()).toBeGreaterThan(now.getTime());
        if (!active.endless) expect(activeWindow(windows, active.until)).toBeUndefined();
      }),
      { numRuns: 150 },
    );
  });

  it("the next window opens after now, within the horizon, and nothing opens before it", () => {
    fc.assert(
      fc.property(windowList, instant, fc.integer({ min: 0, max: 10 * D }), (windows, now, horizon) => {
        const next = nextWindow(windows, now, horizon);
        const end = next ? next.from : new Date(now.getTime() + horizon * 1000 + 1);
        if (next) {
          expect(next.from.getTime()).toBeGreaterThan(now.getTime());
          expect(next.from.getTime()).toBeLessThanOrEqual(now.getTime() + horizon * 1000);
          expect(next.to.getTime() - next.from.getTime()).toBe(
            next.window.kind === "cron"
              ? next.window.durationSeconds * 1000
              : next.window.to.getTime() - next.window.from.getTime(),
          );
          // The window is in force from the instant it opens, when looked at backwards.
          expect(activeWindow([next.window], next.from)?.from).toEqual(next.from);
        }
        // Nothing opens in (now, end): by plain arithmetic for from/to windows, and for cron windows the latest
        // opening before `end`, found backwards, is no later than now.
        for (const w of windows) {
          if (w.kind === "fixed" && w.from > now)
            expect(w.from.getTime()).toBeGreaterThanOrEqual(end.getTime());
        }
        for (const w of windows) {
          const probe: FreezeWindow = w.kind === "cron" ? { ...w, durationSeconds: 11 * D } : w;
          const before = activeWindow([probe], new Date(end.getTime() - 1));
          if (before) expect(before.from.getTime()).toBeLessThanOrEqual(now.getTime());
        }
      }),
      { numRuns: 150 },
    );
  });

  it("from/to windows: `until` is the end of the merged interval holding now, by plain arithmetic", () => {
    fc.assert(
      fc.property(fc.array(fixedWindow, { minLength: 1, maxLength: 6 }), instant, (list, now) => {
        const windows = list.map((w, i) => ({ ...w, name: `w${i}` }));
        const t = now.getTime();
        const spans = windows
          .map((w) => [w.from.getTime(), w.to.getTime()] as const)
          .sort((a, b) => a[0] - b[0]);
        let until: number | undefined;
        let runStart = Number.NaN;
        let runEnd = Number.NEGATIVE_INFINITY;
        for (const [from, to] of spans) {
          if (from > runEnd) [runStart, runEnd] = [from, to];
          else runEnd = Math.max(runEnd, to);
          if (runStart <= t && t < runEnd) until = runEnd;
        }
        expect(activeWindow(windows, now)?.until.getTime()).toBe(until);
      }),
      { numRuns: 300 },
    );
  });

  it("parseFreeze reads back every valid window it is given, and rejects any unknown key", () => {
    const definition = fc.oneof(
      fc.record({
        cron: cronPattern,
        duration: fc.integer({ min: 1, max: 28 * 24 }).map((h) => `${h}h`),
        timezone: fc.constantFrom(...ZONES),
      }),
      fixedWindow.map((w) => ({ from: w.from.toISOString(), to: w.to.toISOString() })),
    );
    fc.assert(
      fc.property(
        fc.array(definition, { minLength: 1, maxLength: 5 }),
        fc
          .string({ minLength: 1, maxLength: 12 })
          .filter((k) => !["name", "from", "to", "cron", "duration", "timezone"].includes(k)),
        (defs, stray) => {
          const raw = defs.map((d, i) => ({ name: `window-${i}`, ...d }));
          const windows = parseFreeze(raw);
          expect(windows.map((w) => w.name)).toEqual(raw.map((r) => r.name));
          for (const [i, w] of windows.entries()) {
            const r = raw[i] as Record<string, string>;
            if (w.kind === "cron") {
              expect(w.cron).toBe(r.cron);
              expect(w.durationSeconds).toBe(Number.parseInt(r.duration as string, 10) * H);
              expect(w.timezone).toBe(r.timezone);
            } else {
              expect(w.from.toISOString()).toBe(r.from);
              expect(w.to.toISOString()).toBe(r.to);
            }
          }
          const broken = raw.map((r, i) => (i === raw.length - 1 ? { ...r, [stray]: "x" } : r));
          expect(() => parseFreeze(broken)).toThrow(`unknown key ${JSON.stringify(stray)}`);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("freezeAt: what a run needs of the calendar", () => {
  const weekend = cron("weekend", "0 17 * * FRI", 64 * H, "Europe/Berlin");
  const yearEnd = fixed("year-end", "2026-12-23T00:00:00Z", "2027-01-04T00:00:00Z");

  it("gives the freeze in force, named through its chain, in the zone of the window that ends it", () => {
    // Saturday 26 December: the year-end freeze, then the weekend that opens on New Year's Day.
    expect(freezeAt([weekend, yearEnd], at("2026-12-26T12:00:00Z"), 30 * 60)).toEqual({
      inForce: {
        names: ["year-end", "weekend"],
        until: at("2027-01-04T08:00:00Z"),
        endless: false,
        timeZone: "Europe/Berlin",
      },
    });
  });

  it("gives the next window only when it opens within the horizon, and not while a freeze holds anyway", () => {
    const before = at("2026-11-20T15:40:00Z");
    expect(freezeAt([weekend], before, 10 * 60)).toEqual({});
    expect(freezeAt([weekend], before, 30 * 60).next).toEqual({
      name: "weekend",
      from: at("2026-11-20T16:00:00Z"),
      to: at("2026-11-23T08:00:00Z"),
      timeZone: "Europe/Berlin",
    });
    expect(freezeAt([weekend, yearEnd], at("2026-12-31T15:50:00Z"), 3600).next).toBeUndefined();
    expect(freezeAt([], before, 3600)).toEqual({});
  });
});
