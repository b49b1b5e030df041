// The statistics core of the canary-vs-baseline judge (docs/statistics.md). Pure: no I/O, no dependency.

export * from "./judge.ts";
export * from "./sequential.ts";
export * from "./split.ts";
