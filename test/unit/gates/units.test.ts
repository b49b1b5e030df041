import { describe, expect, it } from "vitest";
import { unitOfQuery } from "../../../src/gates/units.ts";

describe("unitOfQuery: the unit a Prometheus query's figure is in, where its metric's name says so", () => {
  it.each<[string, string | undefined]>([
    [
      'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{version="a"}[30m])))',
      "s",
    ],
    ["max(process_resident_memory_bytes)", "bytes"],
    [
      "sum(rate(http_request_duration_seconds_sum[5m])) / sum(rate(http_request_duration_seconds_count[5m]))",
      "s",
    ],
    // A rate of a counter of seconds is seconds per second: no unit.
    ["sum(rate(process_cpu_seconds_total[5m]))", undefined],
    ["sum(rate(http_requests_total[5m]))", undefined],
    ["sum(rate(http_request_duration_seconds_count[5m]))", undefined],
    ["max(process_resident_memory_bytes) / max(http_request_duration_seconds_sum)", undefined],
  ])("%s", (query, unit) => {
    expect(unitOfQuery("prometheus", query)).toBe(unit);
  });

  it("knows nothing of other providers' queries", () => {
    expect(unitOfQuery("datadog", "avg:trace.http.request.duration_seconds{*}")).toBeUndefined();
  });
});
