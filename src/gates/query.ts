// One query as a provider receives it: a gate's text for one figure, filled for one window.

import type { CountGate, GateConfig, ValueGate } from "./config.ts";
import type { QueryRequest, QueryRole } from "./provider.ts";
import { authHeaders, render, type TemplateValues } from "./template.ts";

/** Where and when a gate's queries ask: the window's template values and time range, and what they share. */
export interface QueryScope {
  values: TemplateValues;
  secrets: ReadonlyMap<string, string>;
  env: NodeJS.ProcessEnv;
  /** The window: from when its stage went live to when the next did, or to the evaluation. */
  since: Date;
  now: Date;
  /** When the gates are evaluated (the last window's end). */
  evaluatedAt: Date;
  /** One per gate and window, so one answer can serve both counts. */
  cache: Map<string, Promise<unknown>>;
}

function textOf(gate: GateConfig, role: QueryRole): string {
  return role === "value" ? (gate as ValueGate).query : (gate as CountGate)[role];
}

export function queryRequest(gate: GateConfig, role: QueryRole, scope: QueryScope): QueryRequest {
  const { values, secrets } = scope;
  const text = render(textOf(gate, role), values, secrets);
  return {
    gate,
    role,
    query: text.sent,
    shown: text.shown,
    url: render(gate.url, values, secrets).sent,
    headers: authHeaders(gate, values, secrets),
    now: scope.now,
    since: scope.since,
    evaluatedAt: scope.evaluatedAt,
    render: (t) => render(t, values, secrets),
    secrets,
    env: scope.env,
    cache: scope.cache,
  };
}
