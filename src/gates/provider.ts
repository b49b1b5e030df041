// The one small interface every monitoring provider implements.

import type { GateConfig } from "./config.ts";
import type { HttpOptions } from "./http.ts";

/** What one query returned: undefined when there was no series at all; NaN when the answer was NaN. */
export interface QueryResult {
  value: number | undefined;
  /** Warnings the provider attached to an answer it still gave. */
  warnings: string[];
}

export interface QueryRequest {
  gate: GateConfig;
  /** The query with templates and secrets filled in, ready to send. */
  query: string;
  /** The gate's URL with templates and secrets filled in. */
  url: string;
  /** Headers with secrets filled in (auth included). */
  headers: Record<string, string>;
  now: Date;
}

export interface Provider {
  query(req: QueryRequest, http: HttpOptions): Promise<QueryResult>;
}
