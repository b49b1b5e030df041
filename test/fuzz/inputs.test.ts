// Every input through readSettings: hostile text either gives Settings or an InputError that starts
// with the input's name — never another kind of error.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMMAND_KINDS } from "../../src/io/command.ts";
import {
  InputError,
  PERMISSION_ROLES,
  readAfterInput,
  readFreezeInput,
  readGatesInput,
  readSettings,
  type Settings,
} from "../../src/io/inputs.ts";
import { INPUTS, type InputName } from "../../src/io/names.ts";
import {
  check,
  checkAsync,
  hasControl,
  hostileString,
  hugeString,
  quietYamlWarnings,
  reportCases,
  thrown,
} from "./fuzz.ts";

reportCases("inputs");
quietYamlWarnings();

const NAMES = Object.values(INPUTS) as InputName[];

type Given = Partial<Record<InputName, string>>;

/** The reader the action uses: the runner trims inputs and an empty one means "use the default". */
const coreLike =
  (given: Given) =>
  (name: InputName): string | undefined =>
    given[name]?.trim() || undefined;

/** A raw reader: whatever text the caller has, untrimmed, empty included. */
const raw =
  (given: Given) =>
  (name: InputName): string | undefined =>
    given[name];

/** Values that are valid or nearly so, so the fuzzer also reaches the checks past the first one. */
const NEAR_VALID: Record<InputName, string[]> = {
  "github-token": ["ghs_abc", " ghp_x ", "x"],
  environment: ["production", " staging ", "prod/eu-1", "é".repeat(255), "p".repeat(256)],
  stages: ["1, 5, 25, 50, 100", "100", "10 20 100", "1%, 100%", "5, 1, 100", "0.5, 100", "1,,100", "0, 100"],
  "bake-time": ["30m", "90s", "1h30m", "0s", "2 h", "1d", "15", "-1m", "9".repeat(400) + "s"],
  "stall-after": ["2h", "31m", "1d", "30m", "0s"],
  gates: [
    "",
    "[]",
    "- name: a\n  provider: prometheus\n  url: https://p.example\n  query: up\n  max: 1",
    "- name: a\n  provider: prometheus\n  url: https://p.example\n  errors: e\n  total: t\n  max-error-rate: 0.1",
    "- name: a\n  provider: nope",
    "name: not-a-list",
  ],
  command: [
    "auto",
    "start",
    "advance",
    "promote to 50",
    "promote --full --force",
    "pause because",
    "help",
    "x",
  ],
  ref: ["main", "v1.2.3", "refs/heads/x", "a".repeat(40), "main; rm -rf /", ""],
  force: ["true", "false", "yes", "no", "on", "off", "TRUE", "1"],
  reason: ["QA signed off", "line\nbreak", "\u0000", "x".repeat(500)],
  "dry-run": ["true", "false", "maybe"],
  "comment-prefix": ["/rollout", "/ship", "/roll out", "x".repeat(51), "!"],
  permission: [...PERMISSION_ROLES, "owner", "WRITE", "none"],
  "allow-forks": ["true", "false", "yes", "TRUE", "maybe", ""],
  // readSettings keeps these as text; readAfterInput and readFreezeInput read them (their own tests).
  after: ["staging", "staging, eu", "production", ""],
  freeze: ["- name: x\n  from: 2026-12-23T00:00:00Z\n  to: 2027-01-04T00:00:00Z", "nope", ""],
  "replay-count": ["10", "1", "50", "51", "0", "-1", "1.5", " 7 ", "ten"],
};

function inputValue(name: InputName): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: hostileString() },
    { weight: 2, arbitrary: fc.constantFrom(...NEAR_VALID[name]) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...NEAR_VALID[name]), hostileString(8), fc.nat(40))
        .map(([v, extra, at]) => v.slice(0, at) + extra + v.slice(at)),
    },
  );
}

const given: fc.Arbitrary<Given> = fc.record(
  Object.fromEntries(NAMES.map((n) => [n, inputValue(n)])) as Record<InputName, fc.Arbitrary<string>>,
  { requiredKeys: [] },
);

/** What any accepted Settings must hold, whatever the text was. */
function assertSettings(s: Settings, reader: "core" | "raw"): void {
  expect(s.token).not.toBe("");
  if (reader === "core") expect(s.environment).not.toBe("");
  expect(s.environment.length).toBeLessThanOrEqual(255);
  expect(hasControl(s.environment)).toBe(false);
  expect(s.stages.length).toBeGreaterThan(0);
  expect(s.stages.at(-1)).toBe(100);
  s.stages.forEach((p, i) => {
    expect(p).toBeGreaterThan(i === 0 ? 0 : (s.stages[i - 1] as number));
    expect(p).toBeLessThanOrEqual(100);
  });
  expect(s.bakeTimeSeconds).toBeGreaterThanOrEqual(0);
  if (s.stallAfterSeconds !== undefined) expect(s.stallAfterSeconds).toBeGreaterThan(s.bakeTimeSeconds);
  if (s.command !== "auto") {
    expect(COMMAND_KINDS).toContain(s.command.kind);
    expect(s.command.kind).not.toBe("help");
  }
  if (s.ref !== undefined) expect(s.ref).toMatch(/^[\w./-]+$/);
  if (s.reason !== undefined) {
    expect(Array.from(s.reason).length).toBeLessThanOrEqual(200);
    expect(hasControl(s.reason)).toBe(false);
  }
  expect(s.commentPrefix).toMatch(/^\S{1,50}$/);
  expect(PERMISSION_ROLES).toContain(s.permission);
  expect(typeof s.force).toBe("boolean");
  expect(typeof s.dryRun).toBe("boolean");
  expect(typeof s.allowForks).toBe("boolean");
}

/** Either Settings (checked) or an InputError starting with one of `names` — nothing else. */
function settingsOrInputError(g: Given, reader: "core" | "raw", names: readonly InputName[]): void {
  let settings: Settings | undefined;
  const error = thrown(() => (settings = readSettings(reader === "core" ? coreLike(g) : raw(g))));
  if (error === undefined) {
    assertSettings(settings as unknown as Settings, reader);
    return;
  }
  expect(error).toBeInstanceOf(InputError);
  const message = (error as InputError).message;
  expect(
    names.some(
      (n) =>
        message.startsWith(`${n}:`) ||
        // A long bake-time makes stall-after's default too short: the message names stall-after, and bake-time.
        (n === "bake-time" && message.startsWith("stall-after:") && message.includes("bake-time (")),
    ),
    message.slice(0, 200),
  ).toBe(true);
}

describe("readSettings over hostile inputs", () => {
  it.each(NAMES)("%s alone: Settings, or an InputError naming it", (name) => {
    check(
      fc.property(inputValue(name), fc.constantFrom("core" as const, "raw" as const), (value, reader) => {
        settingsOrInputError({ "github-token": "ghs_x", [name]: value }, reader, [name]);
      }),
      300,
    );
  });

  it("all inputs at once: Settings, or an InputError naming one of them", () => {
    check(
      fc.property(given, fc.constantFrom("core" as const, "raw" as const), (g, reader) => {
        settingsOrInputError(g, reader, NAMES);
      }),
      1500,
    );
  });

  it("huge values are accepted or refused by name, without another error", () => {
    check(
      fc.property(fc.constantFrom(...NAMES), hugeString(), (name, value) => {
        settingsOrInputError({ "github-token": "ghs_x", [name]: value }, "core", [name]);
      }),
      60,
    );
  });

  it("valid-looking values around the edges keep Settings consistent", () => {
    const nearValid = fc.record(
      Object.fromEntries(NAMES.map((n) => [n, fc.constantFrom(...NEAR_VALID[n])])) as Record<
        InputName,
        fc.Arbitrary<string>
      >,
      { requiredKeys: [] },
    );
    check(
      fc.property(nearValid, (g) => {
        settingsOrInputError({ "github-token": "ghs_x", ...g }, "core", NAMES);
      }),
      400,
    );
  });
});

describe("readSettings messages stay readable", () => {
  it("an InputError message is at most 1,000 characters, however long the value", async () => {
    await checkAsync(
      fc.asyncProperty(
        fc.constantFrom<[InputName, (n: number) => string]>(
          ["stages", (n) => `1, ${"9".repeat(n)}x, 100`],
          ["gates", (n) => `- name: ${"n".repeat(n)}\n  provider: nope\n  query: q`],
          ["gates", (n) => `- {name: a, provider: prometheus, query: q, max: 1, url: "${"u".repeat(n)}"}`],
          [
            "gates",
            // Distinct unknown keys, few enough that YAML's duplicate-key check stays quick.
            (n) => {
              const keys = Array.from({ length: Math.min(2000, n / 10) }, (_, i) => `k${i}`).join(", ");
              return `- {name: a, provider: prometheus, query: q, max: 1, url: "https://x", ${keys}}`;
            },
          ],
        ),
        fc.integer({ min: 5000, max: 100_000 }),
        async ([name, make], n) => {
          const error: unknown =
            name === "gates"
              ? await readGatesInput(make(n)).then(
                  () => undefined,
                  (e: unknown) => e,
                )
              : thrown(() => readSettings(coreLike({ "github-token": "ghs_x", [name]: make(n) })));
          expect(error).toBeInstanceOf(InputError);
          expect((error as InputError).message.length).toBeLessThanOrEqual(1000);
        },
      ),
      10,
    );
  });

  it("bake-time is a finite number of seconds, or an InputError", () => {
    check(
      fc.property(fc.integer({ min: 1, max: 2000 }), fc.constantFrom("s", "m", "h", "d"), (n, unit) => {
        try {
          const s = readSettings(
            coreLike({ "github-token": "ghs_x", "bake-time": `${"9".repeat(n)}${unit}` }),
          );
          expect(Number.isFinite(s.bakeTimeSeconds)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          // Too long for the default stall-after (4h) is said by stall-after's message, naming bake-time.
          expect((error as Error).message).toMatch(/^bake-time: |^stall-after: .*bake-time \(/);
        }
      }),
      50,
    );
  });
});

describe("after and freeze over hostile text", () => {
  const FREEZE_PIECES = [
    '- name: weekend\n  cron: "0 17 * * FRI"\n  duration: 64h\n  timezone: Europe/Berlin\n',
    "- name: year-end\n  from: 2026-12-23T00:00:00Z\n  to: 2027-01-04T00:00:00Z\n",
    "- name: x\n  cron: 0 0 31 2 *\n  duration: 1h\n",
    "- name: y\n  from: 2027-01-04T00:00:00Z\n  to: 2026-12-23T00:00:00Z\n",
    "- name: z\n  cron: 0 9 * * MON\n  duration: 1h\n  timezone: Mars/Olympus\n",
  ];
  const freezeText = fc.oneof(
    hostileString(),
    fc.array(fc.constantFrom(...FREEZE_PIECES), { maxLength: 4 }).map((p) => p.join("")),
    fc
      .tuple(fc.constantFrom(...FREEZE_PIECES), hostileString(8), fc.nat(60))
      .map(([v, extra, at]) => v.slice(0, at) + extra + v.slice(at)),
  );

  it("freeze: windows, or an InputError naming the input", async () => {
    await checkAsync(
      fc.asyncProperty(freezeText, async (text) => {
        try {
          const windows = await readFreezeInput(text);
          for (const w of windows) expect(w.name.length).toBeGreaterThan(0);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as Error).message).toMatch(/^freeze: /);
          expect((error as Error).message.length).toBeLessThanOrEqual(1000);
        }
      }),
      300,
    );
  });

  it("after: environment names, or an InputError naming the input", async () => {
    await checkAsync(
      fc.asyncProperty(hostileString(), async (text) => {
        try {
          const after = await readAfterInput(text, "production");
          for (const name of after) expect(name.trim()).toBe(name);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as Error).message).toMatch(/^after: /);
        }
      }),
      300,
    );
  });
});
