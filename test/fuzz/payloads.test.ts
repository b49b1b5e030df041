// Event payloads with missing or odd fields: readCommentEvent never throws and ignores what it cannot use;
// readContext (environment plus the payload file) gives a RunContext or a ContextError, nothing else.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { readCommentEvent } from "../../src/io/comment.ts";
import { ContextError, type RunContext, readContext } from "../../src/io/context.ts";
import { check, hostileString, nestedJson, reportCases, thrown } from "./fuzz.ts";

reportCases("payloads");

const dir = mkdtempSync(join(tmpdir(), "fuzz-payloads-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A value of any JSON type, sometimes the right one for the field. */
function field<T>(right: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: right },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, 2 ** 53, 1e308, "7", "", true, [], {}) },
  );
}

/** An issue_comment payload whose every field may be missing, null or of the wrong type. */
const commentPayload: fc.Arbitrary<Record<string, unknown>> = fc
  .record(
    {
      action: field(fc.constantFrom("created", "edited", "deleted")),
      issue: field(
        fc.record(
          {
            number: field(fc.integer({ min: 1, max: 1_000_000 })),
            pull_request: field(
              fc.record(
                {
                  url: field(fc.webUrl()),
                  merged_at: field(fc.constantFrom("2026-01-01T00:00:00Z", null)),
                  merged: field(fc.boolean()),
                },
                { requiredKeys: [] },
              ),
            ),
          },
          { requiredKeys: [] },
        ),
      ),
      comment: field(
        fc.record(
          {
            id: field(fc.integer({ min: 1, max: 2 ** 40 })),
            body: field(hostileString(300)),
            user: field(
              fc.record(
                {
                  login: field(fc.stringMatching(/^[a-z0-9-]{1,39}$/)),
                  type: field(fc.constantFrom("User", "Bot", "Organization")),
                },
                { requiredKeys: [] },
              ),
            ),
          },
          { requiredKeys: [] },
        ),
      ),
    },
    { requiredKeys: [] },
  )
  .map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)));

const anyObject: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  commentPayload,
  fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })),
  fc.object({ maxDepth: 3, withNullPrototype: true, withBigInt: true, withMap: true, withSet: true }),
  fc.array(fc.jsonValue({ maxDepth: 2 })).map((a) => a as unknown as Record<string, unknown>),
);

function get(obj: unknown, ...path: string[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

describe("readCommentEvent", () => {
  it("never throws; an event it returns has every field of the right type", () => {
    check(
      fc.property(anyObject, (payload) => {
        let event: ReturnType<typeof readCommentEvent>;
        const error = thrown(() => (event = readCommentEvent(payload)));
        expect(error).toBeUndefined();
        if (event === undefined) return;
        expect(typeof event.action).toBe("string");
        expect(Number.isFinite(event.issueNumber)).toBe(true);
        expect(Number.isFinite(event.commentId)).toBe(true);
        expect(typeof event.body).toBe("string");
        expect(typeof event.author).toBe("string");
        expect(typeof event.authorType).toBe("string");
        expect(typeof event.isPullRequest).toBe("boolean");
        expect(typeof event.merged).toBe("boolean");
      }),
      3000,
    );
  });

  const positiveInteger = (v: unknown) => typeof v === "number" && Number.isSafeInteger(v) && v > 0;

  it("a payload missing any field it needs, or holding it with the wrong type, is ignored", () => {
    check(
      fc.property(commentPayload, (payload) => {
        const ok =
          typeof payload.action === "string" &&
          positiveInteger(get(payload, "issue", "number")) &&
          positiveInteger(get(payload, "comment", "id")) &&
          typeof get(payload, "comment", "body") === "string" &&
          typeof get(payload, "comment", "user", "login") === "string";
        const event = readCommentEvent(payload);
        expect(event !== undefined).toBe(ok);
        if (event) {
          // A pull request is only a pull request when the payload says so with an object.
          const pr = get(payload, "issue", "pull_request");
          if (pr === undefined || pr === null) expect(event.isPullRequest).toBe(false);
          if (typeof get(payload, "comment", "user", "type") !== "string")
            expect(event.authorType).toBe("User");
        }
      }),
      3000,
    );
  });

  it("issue numbers and comment ids it returns are positive integers", () => {
    check(
      fc.property(
        fc.constantFrom(0, -3, 1.5, 2 ** 60),
        fc.constantFrom("issue" as const, "comment" as const),
        (odd, where) => {
          const payload = {
            action: "created",
            issue: { number: where === "issue" ? odd : 1, pull_request: {} },
            comment: { id: where === "comment" ? odd : 1, body: "/rollout status", user: { login: "a" } },
          };
          const event = readCommentEvent(payload);
          if (event === undefined) return;
          expect(Number.isSafeInteger(event.issueNumber) && event.issueNumber > 0).toBe(true);
          expect(Number.isSafeInteger(event.commentId) && event.commentId > 0).toBe(true);
        },
      ),
      8,
    );
  });
});

// ---------------------------------------------------------------------------------------------------------

let fileCount = 0;

/** What GITHUB_EVENT_PATH points at: a payload file of some content, a directory, nothing, or unset. */
const eventPath: fc.Arbitrary<{ kind: string; content?: string | Buffer }> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => ({ kind: "json", content: JSON.stringify(v) })),
  fc
    .record({
      workflow_run: field(
        fc.record({ head_sha: field(fc.stringMatching(/^[0-9a-f]{40}$/)) }, { requiredKeys: [] }),
      ),
      action: field(fc.string()),
    })
    .map((v) => ({ kind: "json", content: JSON.stringify(v) })),
  commentPayload.map((v) => ({ kind: "json", content: JSON.stringify(v) })),
  hostileString(200).map((t) => ({ kind: "text", content: t })),
  fc.uint8Array({ maxLength: 200 }).map((b) => ({ kind: "bytes", content: Buffer.from(b) })),
  fc.integer({ min: 1, max: 200_000 }).map((d) => ({ kind: "deep", content: nestedJson(d) })),
  fc.constantFrom(
    { kind: "text", content: "" },
    { kind: "text", content: "\ufeff{}" },
    { kind: "text", content: "null" },
    { kind: "text", content: '{"__proto__": {"polluted": true}}' },
    { kind: "missing" },
    { kind: "directory" },
    { kind: "unset" },
  ),
);

const ENV_KEYS = [
  "GITHUB_REPOSITORY",
  "GITHUB_EVENT_NAME",
  "GITHUB_SHA",
  "GITHUB_REF",
  "GITHUB_RUN_ID",
  "GITHUB_RUN_ATTEMPT",
  "GITHUB_ACTOR",
  "GITHUB_TRIGGERING_ACTOR",
  "GITHUB_SERVER_URL",
  "GITHUB_API_URL",
] as const;

const envValue: Record<(typeof ENV_KEYS)[number], fc.Arbitrary<string>> = {
  GITHUB_REPOSITORY: fc.constantFrom("o/r", "octo-org/hello.world", "o", "/r", "o/", "o/r/x", "", "o//r"),
  GITHUB_EVENT_NAME: fc.constantFrom(
    "push",
    "schedule",
    "issue_comment",
    "workflow_run",
    "workflow_dispatch",
    "",
  ),
  GITHUB_SHA: fc.constantFrom("a".repeat(40), "", "HEAD"),
  GITHUB_REF: fc.constantFrom("refs/heads/main", ""),
  GITHUB_RUN_ID: fc.constantFrom("123", "0", "-5", "abc", "1e3", "9007199254740993", " ", ""),
  GITHUB_RUN_ATTEMPT: fc.constantFrom("1", "2", "0", "-1", "x", "1.5", ""),
  GITHUB_ACTOR: fc.constantFrom("octocat", ""),
  GITHUB_TRIGGERING_ACTOR: fc.constantFrom("dependabot[bot]", ""),
  GITHUB_SERVER_URL: fc.constantFrom(
    "https://github.com",
    "https://ghe.example/",
    "https://ghe.example///",
    "",
  ),
  GITHUB_API_URL: fc.constantFrom("https://api.github.com", "https://ghe.example/api/v3/", ""),
};

const env: fc.Arbitrary<Record<string, string>> = fc
  .record(
    Object.fromEntries(
      ENV_KEYS.map((k) => [
        k,
        fc.oneof({ weight: 3, arbitrary: envValue[k] }, { weight: 1, arbitrary: hostileString(40) }),
      ]),
    ),
    { requiredKeys: [] },
  )
  .map((e) => e as Record<string, string>);

function writeEventPath(path: { kind: string; content?: string | Buffer }): string | undefined {
  const file = join(dir, `event-${fileCount++}.json`);
  switch (path.kind) {
    case "unset":
      return undefined;
    case "missing":
      return join(dir, "does-not-exist", "event.json");
    case "directory":
      mkdirSync(file);
      return file;
    default:
      writeFileSync(file, path.content ?? "");
      return file;
  }
}

function assertContext(ctx: RunContext, given: Record<string, string | undefined>): void {
  expect(ctx.eventName).not.toBe("");
  expect(ctx.owner).not.toBe("");
  expect(ctx.repo).not.toBe("");
  expect(ctx.owner).not.toContain("/");
  expect(ctx.repo).not.toContain("/");
  expect(`${ctx.owner}/${ctx.repo}`).toBe(given.GITHUB_REPOSITORY);
  expect(Number.isSafeInteger(ctx.runId)).toBe(true);
  expect(Number.isSafeInteger(ctx.runAttempt) && ctx.runAttempt >= 1).toBe(true);
  expect(ctx.payload !== null && typeof ctx.payload === "object").toBe(true);
  expect(typeof ctx.sha).toBe("string");
  expect(ctx.serverUrl.endsWith("/")).toBe(false);
  expect(ctx.apiUrl.endsWith("/")).toBe(false);
  expect(ctx.actor).not.toBe("");
}

describe("readContext", () => {
  it("gives a RunContext or a ContextError, whatever the environment and the payload file hold", () => {
    check(
      fc.property(env, eventPath, (e, path) => {
        const given = { ...e, GITHUB_EVENT_PATH: writeEventPath(path) };
        let ctx: RunContext | undefined;
        const error = thrown(() => (ctx = readContext(given)));
        if (error !== undefined) {
          expect(error, String(error)).toBeInstanceOf(ContextError);
          // Each message names where the bad value came from: a variable, or the event payload's field.
          expect((error as Error).message).toMatch(/^(GITHUB_[A-Z_]+ |the [a-z_]+ event's [a-z_]+ )/);
          return;
        }
        assertContext(ctx as unknown as RunContext, given);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      400,
    );
  });

  it("a workflow_run payload's odd head_sha is refused, never the version to roll out", () => {
    check(
      fc.property(fc.constantFrom("", " ", "main", "not a sha", "../../etc"), (headSha) => {
        const path = writeEventPath({
          kind: "json",
          content: JSON.stringify({ workflow_run: { head_sha: headSha } }),
        });
        const given = {
          GITHUB_REPOSITORY: "o/r",
          GITHUB_EVENT_NAME: "workflow_run",
          GITHUB_SHA: "a".repeat(40),
          GITHUB_EVENT_PATH: path,
        };
        const error = thrown(() => readContext(given));
        if (error !== undefined) expect(error).toBeInstanceOf(ContextError);
        else expect(readContext(given).sha).toMatch(/^[0-9a-f]{40}$/);
      }),
      5,
    );
  });
});
