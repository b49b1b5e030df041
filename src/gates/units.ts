// The unit of a value gate's figure, where the query says it: Prometheus's naming convention puts a metric's
// base unit in its name (http_request_duration_seconds, process_resident_memory_bytes), and a quantile or an
// average of such a metric is in that unit. Anything else stays a plain number.

import type { ProviderName } from "./registry.ts";

const UNITS: Record<string, string> = { seconds: "s", bytes: "bytes" };

/** "s" or "bytes" when every metric the query names is in that one unit, else undefined. */
export function unitOfQuery(provider: ProviderName, query: string): string | undefined {
  if (provider !== "prometheus") return undefined;
  const metrics = [...query.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)].map((m) => m[0]);
  const units = new Set<string>();
  for (const name of metrics) {
    // A counter (_total) of seconds grows by seconds per second: its rate has no unit.
    if (name.endsWith("_total")) return undefined;
    // A histogram's _count counts observations: it neither gives nor takes a unit (sum / count is seconds).
    const unit = /_(seconds|bytes)(?:_bucket|_sum)?$/.exec(name)?.[1];
    if (unit) units.add(unit);
  }
  const [only] = units;
  return units.size === 1 && only !== undefined ? UNITS[only] : undefined;
}
