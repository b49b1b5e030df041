// The one small interface every monitoring provider implements: the keys its gates take, and its query.

import type { z } from "zod";
import type { GateConfig, GateKind } from "./config.ts";
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
  /** When the gates are evaluated: `now` for the current stage, later for an earlier stage's window. */
  evaluatedAt: Date;
  /** Fills templates and secrets in a provider's own keys (a release name, a request body). */
  render: (text: string) => { shown: string; sent: string };
  /** Secrets by name, AWS credentials from the environment included. */
  secrets: ReadonlyMap<string, string>;
  env: NodeJS.ProcessEnv;
  /** Shared by the queries of one gate in one evaluation, so one answer can serve both counts. */
  cache: Map<string, Promise<unknown>>;
}

/** What a provider's `build` makes of its keys. */
export interface Built {
  url: string;
  /** The provider's own settings, read back with optionsOf() when the gate runs. */
  options?: unknown;
  /** The gate signs its requests for AWS (SigV4), in this region or AWS_REGION's. */
  aws?: { region: string | undefined };
  /** Whether the gate sends credentials of the provider's own (API keys, signatures). */
  credentials: boolean;
  /** What the report shows for the queries, when it is not the keys' text as written. */
  query?: string;
  errors?: string;
  total?: string;
}

export interface BuildContext {
  label: string;
  kind: GateKind;
}

/** What one provider adds to the gate schema: its keys, and how the parsed keys become a gate. */
export interface ProviderSpec {
  keys: z.ZodRawShape;
  url: "required" | "optional";
  /** Takes `bearer-token` and `basic-auth`. */
  auth: boolean;
  /** Schemas of `query`, `errors` and `total` where they are not plain text. */
  forms?: { query?: z.ZodType; errors?: z.ZodType; total?: z.ZodType };
  /**
   * What a `baseline:` block may set besides `errors` and `total`, for providers whose queries do not name
   * the version themselves (Sentry's `release`); `countsOptional`: errors and total default to the gate's.
   */
  baseline?: { keys: z.ZodRawShape; countsOptional?: boolean };
  build(keys: Record<string, unknown>, ctx: BuildContext): Built;
}

export interface Provider {
  spec: ProviderSpec;
  query(req: QueryRequest, http: HttpOptions): Promise<QueryResult>;
}

/** The provider's own settings of a gate its spec built, or a clear failure for a gate built elsewhere. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the type its spec built
export function optionsOf<T>(gate: GateConfig): T {
  if (gate.options === undefined) throw new Error(`gate "${gate.name}" has no ${gate.provider} settings`);
  return gate.options as T;
}
