import type { GitHubStandIn } from "./stand-in.ts";

export { extract, validateResponse } from "./openapi.ts";
export { GitHubStandIn, startGitHubStandIn } from "./stand-in.ts";
export type * from "./types.ts";

export type StandIn = GitHubStandIn;
