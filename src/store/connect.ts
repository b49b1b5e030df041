// The GitHub port for a run: the client with its retries and deadlines, and the REST adapter over it. Loaded
// only by a run that talks to GitHub, so an ignored comment never loads Octokit.

import { createClient } from "./client.ts";
import type { GitHubApi } from "./port.ts";
import { restApi } from "./rest.ts";

export interface Connection {
  token: string;
  apiUrl: string;
  owner: string;
  repo: string;
  now: () => Date;
  /** Octokit's own log: its warnings (rate limits) become annotations, the rest debug lines. */
  debug: (message: string) => void;
  warning: (message: string) => void;
}

export function connect(c: Connection): GitHubApi {
  const log = { debug: c.debug, info: c.debug, warn: c.warning, error: c.debug };
  const client = createClient({ token: c.token, baseUrl: c.apiUrl, log });
  return restApi(client, c.owner, c.repo, { log, now: c.now });
}
