// The judge's figures in words, for the judge's own explanations and for reports, which need them without
// loading the statistics themselves. Pure.

import type { Projection } from "./judge.ts";

/** Rounded up to two significant digits, so that "about" never undersells what is needed. */
function roundUp2(x: number): number {
  const unit = Math.pow(10, Math.floor(Math.log10(x)) - 1);
  return Number((Math.ceil(x / unit) * unit).toPrecision(2));
}

/** A number of requests for a sentence: "about 52,000", two significant digits, never below 1. */
function aboutCount(n: number): string {
  return `about ${Math.max(1, roundUp2(n)).toLocaleString("en-US")}`;
}

/** A duration for a sentence: "about 40 minutes", "about 14 hours", "about 3.5 days". */
function aboutHours(hours: number): string {
  const [value, unit] =
    hours < 1 ? [Math.max(1, hours * 60), "minute"] : hours < 48 ? [hours, "hour"] : [hours / 24, "day"];
  const shown = roundUp2(value);
  return `about ${shown.toLocaleString("en-US")} ${unit}${shown === 1 ? "" : "s"}`;
}

/** "about 52,000 more canary requests (about 14 hours at this stage's pace) would be enough to pass". */
export function describeProjection(p: Projection): string {
  const pace = p.hours === null ? "" : ` (${aboutHours(p.hours)} at this stage's pace)`;
  const requests = p.canaryRequests === 1 ? "request" : "requests";
  return (
    `${aboutCount(p.canaryRequests)} more canary ${requests}${pace} ` +
    `would be enough to ${p.towards === "pass" ? "pass" : "roll back"}`
  );
}
