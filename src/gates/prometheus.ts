// Prometheus (and compatible engines) through the instant-query API: POST /api/v1/query.

import { ProviderError, send } from "./http.ts";
import type { Provider, QueryResult } from "./provider.ts";

/** The query endpoint under the gate's URL, which may carry a path prefix and query parameters of its own. */
export function queryUrl(base: string): string {
  const url = new URL(base);
  const path = url.pathname.replace(/\/+$/, "");
  url.pathname = path.endsWith("/api/v1/query") ? path : `${path}/api/v1/query`;
  return url.toString();
}

const INFINITIES: Record<string, number> = {
  "+Inf": Number.POSITIVE_INFINITY,
  Inf: Number.POSITIVE_INFINITY,
  "-Inf": Number.NEGATIVE_INFINITY,
};

function sampleValue(sample: unknown): number {
  if (!Array.isArray(sample) || sample.length !== 2 || typeof sample[1] !== "string") {
    throw new ProviderError('answer has a sample that is not [time, "value"]', false);
  }
  // Prometheus sends values as strings, "NaN" and "+Inf" included; Number() reads neither infinity spelling.
  const text = sample[1].trim();
  const infinity = INFINITIES[text];
  if (infinity !== undefined) return infinity;
  const value = Number(text);
  if (text === "" || (Number.isNaN(value) && text !== "NaN")) {
    throw new ProviderError(`answer has a sample value "${sample[1]}" that is not a number`, false);
  }
  return value;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function readPrometheusAnswer(status: number, text: string): QueryResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const snippet = text.slice(0, 120).replace(/\s+/g, " ");
    throw new ProviderError(`HTTP ${status} with a body that is not Prometheus JSON: ${snippet}`, false);
  }
  const body = record(parsed);
  if (!body) throw new ProviderError(`HTTP ${status} with an answer that is not a JSON object`, false);
  if (body.status === "error" || status >= 400) {
    const kind = typeof body.errorType === "string" ? body.errorType : "error";
    const what = status === 401 || status === 403 ? "authentication failed" : kind;
    const message = typeof body.error === "string" ? body.error : "no message";
    throw new ProviderError(`HTTP ${status}, ${what}: ${message}`, false);
  }
  const data = record(body.data);
  if (body.status !== "success" || !data) {
    throw new ProviderError('answer has no status "success" and no data', false);
  }
  const warnings = Array.isArray(body.warnings) ? body.warnings.map(String) : [];
  const { resultType, result } = data;
  if (resultType === "scalar") return { value: sampleValue(result), warnings };
  if (resultType !== "vector") {
    throw new ProviderError(
      `query returned a ${String(resultType)}; a gate needs a single number (an instant vector of one series)`,
      false,
    );
  }
  if (!Array.isArray(result)) throw new ProviderError("answer's vector result is not a list", false);
  if (result.length === 0) return { value: undefined, warnings };
  if (result.length > 1) {
    throw new ProviderError(
      `query returned ${result.length} series; aggregate it to one, for example with sum(...)`,
      false,
    );
  }
  return { value: sampleValue(record(result[0])?.value), warnings };
}

export const prometheus: Provider = {
  async query(req, http) {
    const form = new URLSearchParams({
      query: req.query,
      time: (req.now.getTime() / 1000).toFixed(3),
      timeout: `${Math.max(1, Math.floor(req.gate.timeoutMs / 1000))}s`,
    });
    const res = await send(
      {
        url: queryUrl(req.url),
        method: "POST",
        headers: {
          ...req.headers,
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
        },
        body: form.toString(),
        timeoutMs: req.gate.timeoutMs,
        retries: req.gate.retries,
      },
      http,
    );
    return readPrometheusAnswer(res.status, res.text);
  },
};
