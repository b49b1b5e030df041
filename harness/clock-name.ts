/** Set by the runner when a test fixes the world's clock; read by the preload harness/clock.ts only. */
export const HARNESS_NOW = "PHASED_ROLLOUT_HARNESS_NOW";

/** The preload that starts the action's clock at HARNESS_NOW. */
export const CLOCK_PRELOAD = new URL("./clock.ts", import.meta.url).pathname;
