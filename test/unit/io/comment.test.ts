import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  forkRefusal,
  lateRefusal,
  mayCommand,
  readCommentEvent,
  standingOf,
  startTarget,
} from "../../../src/io/comment.ts";
import { COMMAND_KINDS, parseComment } from "../../../src/io/command.ts";

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

describe("who may command", () => {
  const standing = (permission: string, roleName?: string) =>
    standingOf({ permission, ...(roleName !== undefined && { roleName }) });

  it("uses role_name so maintain outranks write and triage falls short of it", () => {
    expect(standing("write", "maintain")).toMatchObject({ least: "maintain", most: "maintain" });
    expect(standing("read", "triage")).toMatchObject({ least: "triage", most: "triage" });
    expect(mayCommand(standing("write", "maintain"), "write")).toBe("yes");
    expect(mayCommand(standing("read", "triage"), "write")).toBe("no");
    expect(mayCommand(standing("write", "write"), "maintain")).toBe("no");
    expect(mayCommand(standing("admin", "admin"), "maintain")).toBe("yes");
  });

  it("refuses unknown users and anyone without a role", () => {
    expect(standingOf(undefined)).toMatchObject({ least: "none", most: "none" });
    expect(mayCommand(standingOf(undefined), "read")).toBe("no");
    expect(mayCommand(standing("none", ""), "read")).toBe("no");
  });

  // GitHub Enterprise Server before 3.5 sends no role_name: `permission` says write for write and maintain,
  // read for read and triage. What that cannot settle is refused as unverifiable, never guessed.
  it("without role_name, lets through only what permission alone proves", () => {
    expect(standing("write")).toMatchObject({ least: "write", most: "maintain", blur: "no-role-name" });
    expect(standing("read")).toMatchObject({ least: "read", most: "triage", blur: "no-role-name" });
    expect(mayCommand(standing("write"), "write")).toBe("yes");
    expect(mayCommand(standing("admin"), "maintain")).toBe("yes");
    expect(mayCommand(standing("read"), "read")).toBe("yes");
    expect(mayCommand(standing("write"), "maintain")).toBe("unsure");
    expect(mayCommand(standing("read"), "triage")).toBe("unsure");
    expect(mayCommand(standing("read"), "write")).toBe("no");
    expect(mayCommand(standing("write"), "admin")).toBe("no");
    expect(mayCommand(standing("none"), "read")).toBe("no");
  });

  it("reads a custom role by its base permission, with the same doubt", () => {
    expect(standing("write", "release-manager")).toMatchObject({
      least: "write",
      most: "maintain",
      blur: "custom-role",
    });
    expect(mayCommand(standing("write", "release-manager"), "write")).toBe("yes");
    expect(mayCommand(standing("write", "release-manager"), "maintain")).toBe("unsure");
  });

  it("never lets through someone whose least possible role is below the one required", () => {
    const roles = ["admin", "write", "read", "none", "weird"];
    const names = [undefined, "", "admin", "maintain", "write", "triage", "read", "custom"];
    const least = ["read", "triage", "write", "maintain", "admin"] as const;
    for (const permission of roles) {
      for (const roleName of names) {
        for (const needed of least) {
          const s = standing(permission, roleName);
          const answer = mayCommand(s, needed);
          if (answer === "yes") expect(mayCommand({ ...s, most: s.least }, needed)).toBe("yes");
          if (roleName !== undefined && roleName !== "custom" && roleName !== "") {
            expect(answer, `${permission}/${roleName} for ${needed}`).not.toBe("unsure");
          }
        }
      }
    }
  });
});

describe("what /rollout start may roll out", () => {
  const head = "a".repeat(40);
  const merge = "b".repeat(40);
  const own = { headSha: head, merged: false, fromFork: false, headRepo: "octo-org/shop" };
  const fork = { ...own, fromFork: true, headRepo: "outsider/shop" };
  const commented = new Date("2026-11-20T10:00:00Z");

  it("is the head of an open pull request, or the merge commit of a merged one", () => {
    expect(startTarget(own)).toEqual({ sha: head, isHead: true });
    expect(startTarget({ ...own, merged: true, mergeCommitSha: merge })).toEqual({
      sha: merge,
      isHead: false,
    });
    expect(startTarget({ ...own, merged: true })).toEqual({ sha: head, isHead: true });
  });

  it("refuses a fork's head unless allow-forks, but not the merge commit a maintainer made of it", () => {
    expect(forkRefusal(fork, startTarget(fork), false)).toEqual({ kind: "fork", headRepo: "outsider/shop" });
    expect(forkRefusal(fork, startTarget(fork), true)).toBeUndefined();
    const merged = { ...fork, merged: true, mergeCommitSha: merge };
    expect(forkRefusal(merged, startTarget(merged), false)).toBeUndefined();
    expect(forkRefusal(own, startTarget(own), false)).toBeUndefined();
    const deleted = { headSha: head, merged: false, fromFork: true };
    expect(forkRefusal(deleted, startTarget(deleted), false)).toEqual({ kind: "fork" });
  });

  it("refuses a head committed after the comment, and accepts one committed before or in the same second", () => {
    expect(lateRefusal(head, commented, "2026-11-20T10:00:01Z")).toEqual({
      kind: "late",
      sha: head,
      committedAt: "2026-11-20T10:00:01Z",
      commentedAt: "2026-11-20T10:00:00Z",
    });
    expect(lateRefusal(head, commented, "2026-11-20T10:00:00Z")).toBeUndefined();
    expect(lateRefusal(head, commented, "2026-11-20T09:59:59Z")).toBeUndefined();
    // A committer's offset is honoured: 11:00 at +02:00 is 09:00 UTC.
    expect(lateRefusal(head, commented, "2026-11-20T11:00:00+02:00")).toBeUndefined();
    expect(lateRefusal(head, commented, "2026-11-20T11:00:01+01:00")?.kind).toBe("late");
  });

  it("refuses when the commit or the comment has no readable date, rather than assume", () => {
    expect(lateRefusal(head, commented, undefined)).toEqual({ kind: "undated", sha: head });
    expect(lateRefusal(head, commented, "yesterday")).toEqual({ kind: "undated", sha: head });
    expect(lateRefusal(head, undefined, "2026-11-20T09:00:00Z")).toEqual({ kind: "undated", sha: head });
  });
});

describe("readCommentEvent", () => {
  const payload = {
    action: "created",
    issue: { number: 5, pull_request: { url: "x", merged_at: null } },
    comment: {
      id: 9,
      body: "/rollout status",
      user: { login: "octocat", type: "User" },
      created_at: "2026-11-20T10:00:00Z",
    },
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
      createdAt: new Date("2026-11-20T10:00:00Z"),
    });
  });

  it("tells issues from pull requests, and rejects payloads with odd fields", () => {
    expect(readCommentEvent({ ...payload, issue: { number: 5 } })?.isPullRequest).toBe(false);
    expect(
      readCommentEvent({ ...payload, comment: { id: "9", body: "x", user: { login: "a" } } }),
    ).toBeUndefined();
    expect(readCommentEvent({})).toBeUndefined();
  });

  it("leaves out a comment time that is missing or not a time", () => {
    const { created_at: _, ...untimed } = payload.comment;
    expect(readCommentEvent({ ...payload, comment: untimed })?.createdAt).toBeUndefined();
    const odd = { ...payload, comment: { ...payload.comment, created_at: "soon" } };
    expect(readCommentEvent(odd)?.createdAt).toBeUndefined();
  });
});
