import { afterEach, describe, expect, it, vi } from "vitest";
import {
  InputError,
  inputsFrom,
  readAfterInput,
  readFreezeInput,
  readGatesInput,
  readSettings,
} from "../../../src/io/inputs.ts";
import type { InputName } from "../../../src/io/names.ts";

type Given = Partial<Record<InputName, string>>;

const reader =
  (given: Given) =>
  (name: InputName): string | undefined =>
    given[name];

const settings = (given: Given) => readSettings(reader({ "github-token": "ghs_x", ...given }));

function errorOf(given: Given): InputError {
  try {
    settings(given);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error("expected readSettings to throw");
}

async function gateErrorOf(text: string): Promise<string> {
  const error: unknown = await readGatesInput(text).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return (error as InputError).message;
}

const COUNT_GATE = `
- name: http-5xx
  provider: prometheus
  url: https://prometheus.example.com
  errors: sum(increase(http_requests_total{version="{{sha}}",code=~"5.."}[{{window}}]))
  total: sum(increase(http_requests_total{version="{{sha}}"}[{{window}}]))
  max-error-rate: 0.01
  min-requests: 500
`;

describe("readSettings defaults", () => {
  it("fills every default when only the token is given", () => {
    expect(settings({})).toEqual({
      token: "ghs_x",
      environment: "production",
      stages: [1, 5, 25, 50, 100],
      bakeTimeSeconds: 1800,
      stallAfterSeconds: 4 * 3600,
      command: "auto",
      force: false,
      dryRun: false,
      commentPrefix: "/rollout",
      permission: "write",
      allowForks: false,
      replayCount: 10,
    });
  });

  it("replay-count is a whole number from 1 to 50", () => {
    expect(settings({ "replay-count": "50" }).replayCount).toBe(50);
    for (const bad of ["0", "51", "1.5", "ten"]) {
      expect(errorOf({ "replay-count": bad }).message).toBe(
        `replay-count: "${bad}" must be a whole number from 1 to 50`,
      );
    }
  });

  it("reads every input", async () => {
    const s = settings({
      environment: " staging ",
      stages: "10, 100",
      "bake-time": "1h30m",
      gates: COUNT_GATE,
      command: "promote to 50",
      ref: "v1.2.3",
      force: "TRUE",
      reason: "  QA\nsigned off ",
      "dry-run": "yes",
      "comment-prefix": "/ship",
      permission: "Maintain",
      "allow-forks": "true",
    });
    expect(s).toMatchObject({
      environment: "staging",
      stages: [10, 100],
      bakeTimeSeconds: 5400,
      command: { kind: "promote", to: 50 },
      ref: "v1.2.3",
      force: true,
      reason: "QA signed off",
      dryRun: true,
      commentPrefix: "/ship",
      permission: "maintain",
      allowForks: true,
    });
    const gates = await readGatesInput(s.gatesText);
    expect(gates).toHaveLength(1);
    expect(gates[0]).toMatchObject({ name: "http-5xx", kind: "count", minRequests: 500 });
  });

  it.each([
    ["auto", "auto"],
    ["AUTO", "auto"],
    ["rollback bad canary", { kind: "rollback", reason: "bad canary" }],
    ["PROMOTE --full", { kind: "promote", to: "full" }],
  ])("command %j", (text, command) => {
    expect(settings({ command: text }).command).toEqual(command);
  });

  it.each(["main", "refs/heads/release-1.2", "v1.0.0", "a".repeat(40), "feature/x_y"])(
    "accepts ref %j",
    (ref) => {
      expect(settings({ ref }).ref).toBe(ref);
    },
  );

  it.each(["read", "triage", "write", "maintain", "admin"])("accepts permission %s", (p) => {
    expect(settings({ permission: p }).permission).toBe(p);
  });
});

describe("readSettings errors name the input, the value and what is allowed", () => {
  it("requires a token", () => {
    expect(() => readSettings(reader({}))).toThrow(InputError);
    expect(() => readSettings(reader({ "github-token": "  " }))).toThrow(
      "github-token: is empty; pass a token with deployments: write",
    );
  });

  it.each<[Given, string]>([
    [{ stages: "5, 1" }, 'stages: "5, 1" must be strictly increasing'],
    [{ stages: "1, 5, 50" }, 'stages: "1, 5, 50" must end with 100'],
    [{ stages: "1, 200" }, 'stages: "1, 200" has 200, but each stage must be above 0 and at most 100'],
    [{ stages: "1, x, 100" }, 'stages: "1, x, 100" has "x", which is not a percent'],
    [{ "bake-time": "15 minutes" }, 'bake-time: "15 minutes" is not a duration; use a number'],
    [{ "bake-time": "30" }, 'bake-time: "30" is not a duration'],
    [{ command: "deploy" }, 'command: "deploy" is not allowed: "deploy" is not a command'],
    [
      { command: "promote to 500" },
      'command: "promote to 500" is not allowed: "promote to 500" is not understood',
    ],
    [{ command: "help" }, 'command: "help" is only for PR comments'],
    [{ ref: "main; rm -rf /" }, 'ref: "main; rm -rf /" must be a branch, tag or commit SHA'],
    [{ force: "1" }, 'force: "1" must be true or false'],
    [{ "dry-run": "maybe" }, 'dry-run: "maybe" must be true or false'],
    [{ "allow-forks": "sometimes" }, 'allow-forks: "sometimes" must be true or false'],
    [{ "comment-prefix": "/roll out" }, 'comment-prefix: "/roll out" must be one word'],
    [{ permission: "owner" }, 'permission: "owner" must be one of read, triage, write, maintain, admin'],
    [{ environment: "prod\nuction" }, 'environment: "prod\nuction" must be a single line'],
    [{ environment: "p".repeat(256) }, "environment: "],
  ])("%j → %s", (given, message) => {
    expect(errorOf(given).message).toContain(message);
  });

  it("lists the commands the input allows", () => {
    expect(errorOf({ command: "deploy" }).message).toContain(
      "(allowed: auto, start, advance, promote, pause, resume, rollback, status, check, replay)",
    );
  });

  it("shortens a very long value in the message", () => {
    const message = errorOf({ stages: `${"1 ".repeat(10)}0.5 ${"1 ".repeat(500)}` }).message;
    expect(message.length).toBeLessThan(200);
    expect(message).toMatch(/^stages: "(1 )+0\.5 (1 )*1?…" lists 511 stages; at most 20 are allowed$/);
  });

  it("prefixes gate errors with the input name and the gate", async () => {
    const message = await gateErrorOf(COUNT_GATE.replace("max-error-rate", "max-eror-rate"));
    expect(message).toMatch(/^gates: gate 1 "http-5xx": /);
    expect(message).toContain('unknown key "max-eror-rate"');
  });

  it("reports YAML errors under the gates input", async () => {
    expect(await gateErrorOf("- name: [oops")).toMatch(/^gates: is not valid YAML: /);
  });
});

describe("inputsFrom", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("reads the runner's INPUT_ variables and treats empty as unset", () => {
    const s = readSettings(
      inputsFrom({ "INPUT_GITHUB-TOKEN": "ghs_y", INPUT_STAGES: "", "INPUT_BAKE-TIME": "  2h " }),
    );
    expect(s.token).toBe("ghs_y");
    expect(s.stages).toEqual([1, 5, 25, 50, 100]);
    expect(s.bakeTimeSeconds).toBe(7200);
  });
});

describe("stall-after", () => {
  const base = { "github-token": "t" } as Record<string, string>;
  const reader = (extra: Record<string, string>) => (name: string) => ({ ...base, ...extra })[name];

  it("is 4h by default, parsed as a duration, and off with off", () => {
    expect(readSettings(reader({})).stallAfterSeconds).toBe(4 * 3600);
    expect(readSettings(reader({ "stall-after": "90m" })).stallAfterSeconds).toBe(90 * 60);
    expect(readSettings(reader({ "stall-after": "off" })).stallAfterSeconds).toBeUndefined();
    expect(
      readSettings(reader({ "stall-after": "OFF", "bake-time": "1d" })).stallAfterSeconds,
    ).toBeUndefined();
  });

  it("must be a duration longer than bake-time", () => {
    expect(() => readSettings(reader({ "stall-after": "soon" }))).toThrow(
      'stall-after: "soon" is not a duration',
    );
    expect(() => readSettings(reader({ "stall-after": "20m" }))).toThrow(
      'stall-after: "20m" must be longer than bake-time (30m), or a stage would stall before it may advance; set stall-after to more than 30m (such as 1h), or to off',
    );
  });

  it("says the default is too short when only bake-time is raised past it", () => {
    expect(() => readSettings(reader({ "bake-time": "6h" }))).toThrow(
      'stall-after: "4h" (the default) must be longer than bake-time (6h), or a stage would stall before it may advance; set stall-after to more than 6h (such as 12h), or to off',
    );
  });
});

describe("after and freeze", () => {
  async function rejected(promise: Promise<unknown>): Promise<string> {
    const error: unknown = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).message;
  }

  it("keep their text in the settings until a run that acts reads them", () => {
    const s = settings({ after: "staging", freeze: "- name: weekend" });
    expect(s).toMatchObject({ afterText: "staging", freezeText: "- name: weekend" });
    expect(settings({})).not.toHaveProperty("afterText");
  });

  it("read after as the environments this one follows, naming a bad one and this environment", async () => {
    expect(await readAfterInput("staging, eu", "us")).toEqual(["staging", "eu"]);
    expect(await readAfterInput(undefined, "us")).toEqual([]);
    expect(await rejected(readAfterInput("staging, US", "us"))).toBe(
      'after: "US" is this environment; list the environments that must complete a version before us starts it',
    );
    expect(await rejected(readAfterInput("eu,,staging", "us"))).toMatch(/^after: entry 2 is empty/);
  });

  it("read freeze as YAML windows, naming the window and what to fix", async () => {
    const windows = await readFreezeInput(
      '- name: weekend\n  cron: "0 17 * * FRI"\n  duration: 64h\n  timezone: Europe/Berlin\n- name: year-end\n  from: 2026-12-23T00:00:00Z\n  to: 2027-01-04T00:00:00Z\n',
    );
    expect(windows.map((w) => [w.name, w.kind])).toEqual([
      ["weekend", "cron"],
      ["year-end", "fixed"],
    ]);
    expect(await readFreezeInput("  \n")).toEqual([]);
    expect(
      await rejected(
        readFreezeInput("- name: weekend\n  cron: 0 17 * * FRI\n  duration: 64h\n  timezone: Europe/Berln\n"),
      ),
    ).toBe(
      'freeze: window 1 "weekend": "timezone" "Europe/Berln" is not a known IANA time zone; did you mean "Europe/Berlin"? Use a tz database name such as "Europe/Berlin", "America/New_York" or "UTC"',
    );
    expect(await rejected(readFreezeInput("- name: [oops"))).toMatch(/^freeze: is not valid YAML: /);
    expect(await rejected(readFreezeInput("- name: a\n  name: b\n"))).toBe(
      'freeze: is not valid YAML: the key "name" appears twice in one mapping',
    );
    expect(await rejected(readFreezeInput(`# ${"x".repeat(70_000)}`))).toMatch(
      /^freeze: is 70002 characters long; at most 65536 are accepted/,
    );
  });
});
