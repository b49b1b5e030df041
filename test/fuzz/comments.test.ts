// PR comment bodies and command text: parseComment never throws, answers only to known commands addressed
// to the action in the first line, and every argument it keeps is bounded and one line.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Command } from "../../src/rollout/model.ts";
import {
  COMMAND_KINDS,
  CommandError,
  formatCommand,
  parseCommand,
  parseComment,
} from "../../src/io/command.ts";
import {
  check,
  hasControl,
  hostileString,
  ODD_CHARACTERS,
  reportCases,
  thrown,
  withoutControl,
} from "./fuzz.ts";

reportCases("comments");

/** Prefixes the comment-prefix input accepts: one word of at most 50 non-space characters. */
const prefix: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("/rollout", "/ship", "!deploy", "/ROLLOUT", "ﬀ", "/İ", "/😀") },
  {
    weight: 1,
    arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 50 }).filter((p) => /^\S{1,50}$/.test(p)),
  },
);

const WS = fc.constantFrom(" ", "  ", "\t", "\u00a0", "\u2003", " \t ");
const NEWLINE = fc.constantFrom("\n", "\r\n");

/** Arguments as people (or attackers) type them. */
const args: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    "to 50",
    "to 50%",
    "--full",
    "--force",
    "to 25 --force",
    "--FULL",
    "to",
    "to 0",
    "to 101",
    "to 1e2",
  ),
  fc.constantFrom("to 12.5", "because QA said so", "x".repeat(5000), "@everyone please", "`code` | pipe"),
  hostileString(200),
);

/** A comment that addresses the action: `<prefix> <word> [args]`, then anything on later lines. */
const addressed: fc.Arbitrary<{ body: string; prefix: string; word: string }> = fc
  .tuple(
    prefix,
    fc.boolean(),
    WS,
    fc.constantFrom(...COMMAND_KINDS, "deploy", "Promote", "STATUS", "statuses", ""),
    WS,
    args,
    NEWLINE,
    hostileString(300),
    fc.constantFrom("", " ", "  \t"),
  )
  .map(([p, upper, ws1, word, ws2, a, nl, rest, lead]) => ({
    body: `${lead}${upper ? p.toUpperCase() : p}${ws1}${word}${ws2}${a}${nl}${rest}`,
    prefix: p,
    word,
  }));

const anyBody: fc.Arbitrary<string> = fc.oneof(
  hostileString(500),
  fc.string({
    unit: fc.constantFrom(...ODD_CHARACTERS, "/", "r", "o", "l", "u", "t", " ", "\n"),
    maxLength: 300,
  }),
  addressed.map((a) => a.body),
  fc.integer({ min: 1000, max: 70_000 }).map((n) => `/rollout status ${"x".repeat(n)}`),
  fc.integer({ min: 1, max: 70_000 }).map((n) => `${"\n".repeat(n)}/rollout status`),
);

/** The checks every answer of parseComment passes. */
function assertAnswer(answer: ReturnType<typeof parseComment>): void {
  if (answer === undefined) return;
  if ("error" in answer) {
    expect(COMMAND_KINDS).toContain(answer.word);
    expect(answer.error.length).toBeLessThanOrEqual(400);
    expect(hasControl(answer.error)).toBe(false);
    return;
  }
  assertCommand(answer.command);
}

function assertCommand(c: Command): void {
  expect(COMMAND_KINDS).toContain(c.kind);
  if (c.kind === "promote" && typeof c.to === "number") {
    expect(c.to).toBeGreaterThan(0);
    expect(c.to).toBeLessThanOrEqual(100);
  }
  if ((c.kind === "pause" || c.kind === "rollback") && c.reason !== undefined) {
    expect(Array.from(c.reason).length).toBeLessThanOrEqual(200);
    expect(hasControl(c.reason)).toBe(false);
    expect(c.reason).toBe(c.reason.trim());
    expect(c.reason).not.toBe("");
  }
  // What the action writes back (audit trail, replies) reads as the same command.
  expect(parseCommand(formatCommand(c))).toEqual(c);
}

describe("parseComment", () => {
  it("never throws, and answers only with known commands and bounded arguments", () => {
    check(
      fc.property(anyBody, prefix, (body, p) => {
        let answer: ReturnType<typeof parseComment>;
        const error = thrown(() => (answer = parseComment(body, p)));
        expect(error).toBeUndefined();
        assertAnswer(answer);
      }),
      3000,
    );
  });

  it("comments addressed to the action, with any arguments: a command or an error to reply with", () => {
    const seen = { command: 0, error: 0, ignored: 0 };
    check(
      fc.property(addressed, (a) => {
        const answer = parseComment(a.body, a.prefix);
        assertAnswer(answer);
        seen[answer === undefined ? "ignored" : "error" in answer ? "error" : "command"]++;
        const known = (COMMAND_KINDS as readonly string[]).includes(a.word.toLowerCase());
        if (!known && a.word !== "") expect(answer).toBeUndefined();
      }),
      2000,
    );
    // The generator reaches all three outcomes.
    expect(seen.command > 0 && seen.error > 0 && seen.ignored > 0, JSON.stringify(seen)).toBe(true);
  });

  it("answers only when the first line starts with the prefix, whitespace and a command word", () => {
    check(
      fc.property(anyBody, prefix, (body, p) => {
        const answer = parseComment(body, p);
        if (answer === undefined) return;
        const first = (body.split(/\r?\n/, 1)[0] ?? "").trim();
        expect(first.length).toBeLessThanOrEqual(1000);
        expect(first.slice(0, p.length).toLowerCase()).toBe(p.toLowerCase());
        const rest = first.slice(p.length);
        expect(rest).toMatch(/^\s/);
        const word = rest.trim().split(/\s+/, 1)[0]?.toLowerCase();
        expect(COMMAND_KINDS as readonly (string | undefined)[]).toContain(word);
      }),
      2000,
    );
  });

  it("only the first line counts: later lines never change the answer", () => {
    check(
      fc.property(addressed, hostileString(300), hostileString(300), (a, later1, later2) => {
        const first = a.body.split(/\r?\n/, 1)[0] ?? "";
        expect(parseComment(`${first}\n${later1}`, a.prefix)).toEqual(
          parseComment(`${first}\n${later2}`, a.prefix),
        );
      }),
      1500,
    );
  });

  it("text that does not start with the prefix is ignored (no API call would follow)", () => {
    check(
      fc.property(anyBody, prefix, (body, p) => {
        const first = (body.split(/\r?\n/, 1)[0] ?? "").trim();
        fc.pre(!first.toLowerCase().startsWith(p.toLowerCase()));
        expect(parseComment(body, p)).toBeUndefined();
      }),
      1000,
    );
  });

  it("a well-formed command comes back as that command, whatever follows on later lines", () => {
    const command: fc.Arbitrary<Command> = fc.oneof(
      fc.constantFrom<Command>(
        { kind: "start" },
        { kind: "advance" },
        { kind: "resume" },
        { kind: "status" },
        { kind: "help" },
        { kind: "pause" },
        { kind: "rollback" },
        { kind: "promote" },
        { kind: "promote", to: "full" },
        { kind: "promote", to: "full", force: true },
        { kind: "promote", force: true },
      ),
      fc
        .tuple(fc.integer({ min: 1, max: 1000 }), fc.boolean())
        .map(([n, force]): Command => ({ kind: "promote", to: n / 10, ...(force && { force: true }) })),
      fc
        .string({ minLength: 1, maxLength: 150 })
        .map((r) => withoutControl(r, " ").replace(/\s+/g, " ").trim())
        .filter((r) => r !== "")
        .chain((reason) => fc.constantFrom<Command>({ kind: "pause", reason }, { kind: "rollback", reason })),
    );
    check(
      fc.property(command, prefix, WS, NEWLINE, hostileString(200), (c, p, ws, nl, rest) => {
        expect(parseComment(`${p}${ws}${formatCommand(c)}${nl}${rest}`, p)).toEqual({ command: c });
      }),
      1500,
    );
  });
});

describe("parseCommand (the command input and the comment's command)", () => {
  it("gives a command or a CommandError, never another error", () => {
    check(
      fc.property(
        fc.oneof(
          hostileString(300),
          fc.tuple(fc.constantFrom(...COMMAND_KINDS), args).map(([w, a]) => `${w} ${a}`),
        ),
        (text) => {
          let command: Command | undefined;
          const error = thrown(() => (command = parseCommand(text)));
          if (error === undefined) assertCommand(command as unknown as Command);
          else {
            expect(error).toBeInstanceOf(CommandError);
            expect((error as Error).message.length).toBeLessThanOrEqual(400);
            expect(hasControl((error as Error).message)).toBe(false);
          }
        },
      ),
      3000,
    );
  });
});
