// The one small interface every monitoring provider implements.

import type { GateConfig } from "./config.ts";
import type { HttpOptions } from "./request.ts";

/** What one query returned: undefined when there was no series at all; NaN when the answer was NaN. */
export interface QueryResult {
  value: number | undefined;
  /** Warnings the provider attached to an answer it still gave. */
  warnings: string[];
  /** The query as sent, secrets as `${NAME}`, when the provider added to it (a time range, say). */
  shown?: string;
}

/** Which figure a query is for: a value gate's one value, or a count gate's errors or total. */
export type QueryRole = "value" | "errors" | "total";

export interface QueryRequest {
  gate: GateConfig;
  role: QueryRole;
  /** The query with templates and secrets filled in, ready to send. */
  query: string;
  /** The query with templates filled in and secrets as `${NAME}`, for reports. */
  shown: string;
  /** The gate's URL with templates and secrets filled in. */
  url: string;
  /** Headers with secrets filled in (auth included). */
  headers: Record<string, string>;
  now: Date;
  /** When the current stage went live: where the window of the figures starts. */
  since: Date;
  /** When the gates are evaluated, where `now` is the end of an earlier stage's window; `now` when absent. */
  evaluatedAt?: Date;
  /** Fills templates and secrets in a provider's own keys (a release name, a request body). */
  render: (text: string) => { shown: string; sent: string };
  /** Secrets by name, AWS credentials from the environment included. */
  secrets: ReadonlyMap<string, string>;
  env: NodeJS.ProcessEnv;
  /** Shared by the queries of one gate in one evaluation, so one answer can serve both counts. */
  cache: Map<string, Promise<unknown>>;
}

export interface Provider {
  query(req: QueryRequest, http: HttpOptions): Promise<QueryResult>;
}

/** The provider-specific settings of a gate, or a clear failure if the gate was not built for this provider. */
export function optionsOf<T>(options: T | undefined, gate: GateConfig): T {
  if (options === undefined) throw new Error(`gate "${gate.name}" has no ${gate.provider} settings`);
  return options;
}
