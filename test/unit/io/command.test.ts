import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  COMMAND_KINDS,
  CommandError,
  commandForEvent,
  formatCommand,
  hasControlCharacters,
  INPUT_COMMANDS,
  parseCommand,
  parseComment,
  sanitizeReason,
} from "../../../src/io/command.ts";
import type { Command } from "../../../src/rollout/model.ts";
import type { RunContext } from "../../../src/io/context.ts";

describe("parseCommand", () => {
  it.each<[string, Command]>([
    ["start", { kind: "start" }],
    ["advance", { kind: "advance" }],
    ["resume", { kind: "resume" }],
    ["status", { kind: "status" }],
    ["help", { kind: "help" }],
    ["rollback", { kind: "rollback" }],
    ["pause", { kind: "pause" }],
    ["promote", { kind: "promote" }],
    ["promote to 50", { kind: "promote", to: 50 }],
    ["promote to 50%", { kind: "promote", to: 50 }],
    ["promote to 0.5", { kind: "promote", to: 0.5 }],
    ["promote to 100", { kind: "promote", to: 100 }],
    ["promote --full", { kind: "promote", to: "full" }],
    ["PROMOTE", { kind: "promote" }],
    ["Promote TO 25", { kind: "promote", to: 25 }],
    ["promote --FULL", { kind: "promote", to: "full" }],
    ["  STATUS  ", { kind: "status" }],
    ["pause some reason", { kind: "pause", reason: "some reason" }],
    ["pause   waiting\tfor   QA  ", { kind: "pause", reason: "waiting for QA" }],
    ["rollback error budget burnt", { kind: "rollback", reason: "error budget burnt" }],
    ["ROLLBACK Because", { kind: "rollback", reason: "Because" }],
  ])("%j → %j", (text, command) => {
    expect(parseCommand(text)).toEqual(command);
  });

  it.each([
    ["", '"" is not a command; use one of start, advance, promote, pause, resume, rollback'],
    ["deploy", '"deploy" is not a command; use one of start'],
    ["start now", '"start" takes no arguments, got "now"'],
    ["STATUS please", '"status" takes no arguments, got "please"'],
    ["advance 2", '"advance" takes no arguments, got "2"'],
    ["promote to", '"promote to" is not understood'],
    ["promote to 0", '"promote to 0" is not understood'],
    ["promote to 150", '"promote to 150" is not understood'],
    ["promote to -5", '"promote to -5" is not understood'],
    ["promote to fifty", '"promote to fifty" is not understood'],
    ["promote 50", '"promote 50" is not understood'],
    ["promote --full now", '"promote --full now" is not understood'],
    ["promote to 50 now", '"promote to 50 now" is not understood'],
  ])("rejects %j with a CommandError: %s", (text, message) => {
    let caught: unknown;
    try {
      parseCommand(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CommandError);
    expect((caught as Error).message).toContain(message);
  });

  it("tells what promote accepts", () => {
    expect(() => parseCommand("promote to eleven")).toThrow(
      'use "promote", "promote to <percent>" or "promote --full"',
    );
  });

  it("never lists help among the commands the input accepts", () => {
    expect(() => parseCommand("nope")).toThrow(/use one of (?!.*help)/);
  });

  it("strips control characters from reasons and keeps them on one line", () => {
    const c = parseCommand("pause line one\r\nline\u0000two\u001b[31m red \u0085x\u009fy");
    expect(c).toEqual({ kind: "pause", reason: "line one line two [31m red x y" });
    expect(hasControlCharacters((c as { reason: string }).reason)).toBe(false);
  });

  it("bounds a long reason to 200 characters ending in an ellipsis", () => {
    const c = parseCommand(`rollback ${"x".repeat(5000)}`) as { reason: string };
    expect(c.reason).toHaveLength(200);
    expect(c.reason.endsWith("…")).toBe(true);
    expect(c.reason.slice(0, 199)).toBe("x".repeat(199));
  });

  it("drops a reason that is only whitespace or control characters", () => {
    expect(parseCommand("pause \u0000\u0001  \t")).toEqual({ kind: "pause" });
  });

  it("property: never throws anything but CommandError and only yields known kinds", () => {
    const words = fc.constantFrom(
      ...COMMAND_KINDS,
      "PROMOTE",
      "Pause",
      "to",
      "TO",
      "--full",
      "50",
      "50%",
      "0",
      "101",
      "",
      " ",
      "\n",
      "\u0000",
    );
    const text = fc.oneof(
      fc.string({ unit: "binary", maxLength: 300 }),
      fc.array(fc.oneof(words, fc.string()), { maxLength: 6 }).map((ws) => ws.join(" ")),
    );
    fc.assert(
      fc.property(text, (t) => {
        let command: Command;
        try {
          command = parseCommand(t);
        } catch (error) {
          expect(error).toBeInstanceOf(CommandError);
          return;
        }
        expect(COMMAND_KINDS).toContain(command.kind);
        if ("reason" in command && command.reason !== undefined) {
          expect(hasControlCharacters(command.reason)).toBe(false);
          expect(command.reason.length).toBeLessThanOrEqual(200);
          expect(command.reason).toBe(command.reason.trim());
          expect(command.reason).not.toBe("");
        }
        if (command.kind === "promote" && typeof command.to === "number") {
          expect(command.to).toBeGreaterThan(0);
          expect(command.to).toBeLessThanOrEqual(100);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("property: formatCommand(parseCommand(x)) parses back to the same command", () => {
    const cmd = fc.oneof(
      fc.constantFrom<Command>(
        { kind: "start" },
        { kind: "advance" },
        { kind: "resume" },
        { kind: "status" },
        { kind: "help" },
        { kind: "promote" },
        { kind: "promote", to: "full" },
        { kind: "pause" },
        { kind: "rollback" },
      ),
      fc.integer({ min: 1, max: 100 }).map((to): Command => ({ kind: "promote", to })),
      fc
        .string({ minLength: 1, maxLength: 50 })
        .map((r) => sanitizeReason(r))
        .filter((r): r is string => r !== undefined)
        .chain((reason) => fc.constantFrom<Command>({ kind: "pause", reason }, { kind: "rollback", reason })),
    );
    fc.assert(
      fc.property(cmd, (c) => {
        expect(parseCommand(formatCommand(c))).toEqual(c);
      }),
    );
  });
});

describe("sanitizeReason", () => {
  it("keeps undefined and empty as undefined", () => {
    expect(sanitizeReason(undefined)).toBeUndefined();
    expect(sanitizeReason("")).toBeUndefined();
    expect(sanitizeReason("  \n ")).toBeUndefined();
  });

  it("keeps ordinary text, emoji and non-Latin scripts", () => {
    expect(sanitizeReason(" QA sign-off 🚀 — 確認済み ")).toBe("QA sign-off 🚀 — 確認済み");
  });

  it("leaves a 200-character reason whole", () => {
    expect(sanitizeReason("y".repeat(200))).toBe("y".repeat(200));
  });

  it("does not cut a long emoji reason in the middle of a surrogate pair", () => {
    const reason = sanitizeReason("😀".repeat(150)) as string;
    // A lone surrogate: a high one not followed by a low one, or a low one not after a high one.
    expect(reason).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });
});

describe("INPUT_COMMANDS", () => {
  it("is auto plus every command but help, and replay (from the input only)", () => {
    expect(INPUT_COMMANDS).toEqual([
      "auto",
      "start",
      "advance",
      "promote",
      "pause",
      "resume",
      "rollback",
      "status",
      "check",
      "replay",
    ]);
  });

  it("a comment may replay: it writes nothing but its reply", () => {
    expect(parseComment("/rollout replay", "/rollout")).toEqual({ command: { kind: "replay" } });
    expect(parseCommand("replay")).toEqual({ kind: "replay" });
    expect(() => parseCommand("replay now")).toThrow('"replay" takes no arguments');
  });
});

describe("commandForEvent", () => {
  const ctx = (eventName: string): RunContext => ({
    eventName,
    payload: {},
    sha: "a".repeat(40),
    ref: "refs/heads/main",
    owner: "o",
    repo: "r",
    actor: "alice",
    runId: 1,
    runAttempt: 1,
    serverUrl: "https://github.com",
    apiUrl: "https://api.github.com",
  });

  it.each(["push", "release", "workflow_run"])("%s means start, from the event", (event) => {
    expect(commandForEvent(ctx(event), "auto")).toEqual({
      command: { kind: "start" },
      source: "event",
    });
  });

  it("schedule means advance", () => {
    expect(commandForEvent(ctx("schedule"), "auto")).toEqual({
      command: { kind: "advance" },
      source: "event",
    });
  });

  it("workflow_dispatch with an empty (auto) command means advance", () => {
    expect(commandForEvent(ctx("workflow_dispatch"), "auto")).toEqual({
      command: { kind: "advance" },
      source: "input",
    });
  });

  it("an explicit command input wins over the event", () => {
    expect(commandForEvent(ctx("push"), { kind: "rollback", reason: "r" })).toEqual({
      command: { kind: "rollback", reason: "r" },
      source: "input",
    });
  });

  it.each(["pull_request", "issues", "deployment"])("ignores %s under auto", (event) => {
    expect(commandForEvent(ctx(event), "auto")).toBeUndefined();
  });
});
