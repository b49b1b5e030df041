// The one place that names the action's inputs and outputs; a test holds these against action.yml and the README.

export const INPUTS = {
  githubToken: "github-token",
  environment: "environment",
  stages: "stages",
  bakeTime: "bake-time",
  stallAfter: "stall-after",
  gates: "gates",
  command: "command",
  ref: "ref",
  force: "force",
  reason: "reason",
  dryRun: "dry-run",
  commentPrefix: "comment-prefix",
  permission: "permission",
  allowForks: "allow-forks",
  after: "after",
  freeze: "freeze",
  replayCount: "replay-count",
} as const;

export const INPUT_DEFAULTS = {
  "github-token": "${{ github.token }}",
  environment: "production",
  stages: "1, 5, 25, 50, 100",
  "bake-time": "30m",
  "stall-after": "4h",
  gates: "",
  command: "auto",
  ref: "",
  force: "false",
  reason: "",
  "dry-run": "false",
  "comment-prefix": "/rollout",
  permission: "write",
  "allow-forks": "false",
  after: "",
  freeze: "",
  "replay-count": "10",
} as const satisfies Record<InputName, string>;

export const OUTPUTS = {
  decision: "decision",
  percent: "percent",
  previousPercent: "previous-percent",
  stage: "stage",
  stageCount: "stage-count",
  changed: "changed",
  sha: "sha",
  baselineSha: "baseline-sha",
  deploymentId: "deployment-id",
  reason: "reason",
  gates: "gates",
  replay: "replay",
} as const;

export type InputName = (typeof INPUTS)[keyof typeof INPUTS];
export type OutputName = (typeof OUTPUTS)[keyof typeof OUTPUTS];
