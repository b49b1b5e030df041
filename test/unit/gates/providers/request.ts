// A QueryRequest with everything a provider may read, filled with plain defaults a test can override.

import type { GateConfig } from "../../../../src/gates/config.ts";
import type { QueryRequest } from "../../../../src/gates/provider.ts";
import { render, type TemplateValues } from "../../../../src/gates/template.ts";

export const SHA = "0123456789abcdef0123456789abcdef01234567";
export const NOW = new Date("2026-11-21T00:30:00.250Z");
export const STARTED = new Date("2026-11-21T00:00:00Z");

export const VALUES: TemplateValues = {
  sha: SHA,
  short_sha: SHA.slice(0, 7),
  baseline_sha: "f".repeat(40),
  baseline_short_sha: "f".repeat(7),
  environment: "production",
  stage: "2",
  percent: "5",
  window: "1800s",
  stage_started_at: "2026-11-21T00:00:00Z",
  stage_started_unix: String(STARTED.getTime() / 1000),
};

type Given = Partial<QueryRequest> & { gate: GateConfig };

export function queryRequest(given: Given, secrets = new Map<string, string>()): QueryRequest {
  const query = given.query ?? (given.gate.kind === "value" ? given.gate.query : given.gate.total);
  return {
    role: given.gate.kind === "value" ? "value" : "total",
    query,
    shown: query,
    url: given.gate.url,
    headers: {},
    now: NOW,
    since: STARTED,
    evaluatedAt: NOW,
    render: (t) => render(t, VALUES, secrets),
    secrets,
    env: {},
    cache: new Map(),
    ...given,
  };
}
