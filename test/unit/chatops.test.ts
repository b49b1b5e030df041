import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mayCommand, readCommentEvent, roleOf } from "../../src/chatops.ts";
import { COMMAND_KINDS, parseComment } from "../../src/commands.ts";

describe("parseComment", () => {
  it("reads a command from the first line", () => {
    expect(parseComment("/rollout promote to 50\nthanks", "/rollout")).toEqual({
      command: { kind: "promote", to: 50 },
    });
    expect(parseComment("  /ROLLOUT Pause waiting for QA  ", "/rollout")).toEqual({
      command: { kind: "pause", reason: "waiting for QA" },
    });
    expect(parseComment("/rollout promote --full --force", "/rollout")).toEqual({
      command: { kind: "promote", to: "full", force: true },
    });
    expect(parseComment("/rollout help", "/rollout")).toEqual({ command: { kind: "help" } });
    expect(parseComment("/ship status", "/ship")).toEqual({ command: { kind: "status" } });
  });

  it("ignores what is not addressed to it", () => {
    for (const body of [
      "",
      "LGTM",
      "please /rollout promote",
      "/rolloutpromote",
      "/rollout",
      "/rollout yolo",
      "thanks\n/rollout promote",
      "/ship promote",
    ]) {
      expect(parseComment(body, "/rollout"), body).toBeUndefined();
    }
  });

  it("reports bad arguments of a known command", () => {
    expect(parseComment("/rollout promote to lots", "/rollout")).toMatchObject({ word: "promote" });
    expect(parseComment("/rollout status now", "/rollout")).toMatchObject({ word: "status" });
  });

  it("never throws and only yields known commands, whatever the comment", () => {
    const words = fc.constantFrom(
      ...COMMAND_KINDS,
      "to",
      "50",
      "--full",
      "--force",
      "/rollout",
      "",
      "\n",
      "%",
    );
    const body = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc
        .array(fc.oneof(words, fc.string({ maxLength: 8 })), { maxLength: 8 })
        .map((w) => `/rollout ${w.join(" ")}`),
    );
    fc.assert(
      fc.property(body, (text) => {
        const parsed = parseComment(text, "/rollout");
        if (parsed && "command" in parsed) expect(COMMAND_KINDS).toContain(parsed.command.kind);
        if (parsed && "error" in parsed) expect(COMMAND_KINDS).toContain(parsed.word);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("roles", () => {
  it("uses role_name so maintain outranks write and triage falls short of it", () => {
    expect(roleOf({ permission: "write", roleName: "maintain" })).toBe("maintain");
    expect(roleOf({ permission: "read", roleName: "triage" })).toBe("triage");
    expect(mayCommand("maintain", "write")).toBe(true);
    expect(mayCommand("triage", "write")).toBe(false);
    expect(mayCommand("write", "maintain")).toBe(false);
  });

  it("falls back to permission for custom roles, and refuses unknown users", () => {
    expect(roleOf({ permission: "write", roleName: "release-manager" })).toBe("write");
    expect(roleOf({ permission: "none", roleName: "" })).toBe("none");
    expect(roleOf(undefined)).toBe("none");
    expect(mayCommand("none", "read")).toBe(false);
  });
});

describe("readCommentEvent", () => {
  const payload = {
    action: "created",
    issue: { number: 5, pull_request: { url: "x", merged_at: null } },
    comment: { id: 9, body: "/rollout status", user: { login: "octocat", type: "User" } },
  };

  it("reads the fields it needs", () => {
    expect(readCommentEvent(payload)).toEqual({
      action: "created",
      issueNumber: 5,
      commentId: 9,
      body: "/rollout status",
      author: "octocat",
      authorType: "User",
      isPullRequest: true,
      merged: false,
    });
  });

  it("tells issues from pull requests, and rejects payloads with odd fields", () => {
    expect(readCommentEvent({ ...payload, issue: { number: 5 } })?.isPullRequest).toBe(false);
    expect(
      readCommentEvent({ ...payload, comment: { id: "9", body: "x", user: { login: "a" } } }),
    ).toBeUndefined();
    expect(readCommentEvent({})).toBeUndefined();
  });
});
