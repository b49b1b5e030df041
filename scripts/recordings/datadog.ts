// Recorded answers of Datadog's scalar query API, POST /api/v2/query/scalar, from the Polly.JS cassettes of
// Datadog's own TypeScript API client: the request the client sent and the answer Datadog gave.

import type { FixtureBody, Recording, RecordingSource } from "./types.ts";

const CLIENT = {
  repository: "DataDog/datadog-api-client-typescript",
  commit: "a6d174205b047bd01a9df066deae5d7fee9c436c",
};
const CASSETTES = "cassettes/v2/Metrics_2046978582";

const cassette = (dir: string): RecordingSource => ({ ...CLIENT, path: `${CASSETTES}/${dir}/recording.har` });

interface HarEntry {
  request: { method: string; url: string; postData?: { text?: string } };
  response: { status: number; content: { text?: string } };
}

/** The one exchange of a cassette, request and answer bodies parsed. */
function exchange(text: string): FixtureBody {
  const entries = (JSON.parse(text) as { log?: { entries?: HarEntry[] } }).log?.entries ?? [];
  const [entry] = entries;
  if (!entry || entries.length !== 1)
    throw new Error(`expected one recorded exchange, found ${entries.length}`);
  const { request, response } = entry;
  if (!request.postData?.text || response.content.text === undefined)
    throw new Error("the bodies are missing");
  return {
    request: {
      method: request.method,
      path: new URL(request.url).pathname,
      body: JSON.parse(request.postData.text) as unknown,
    },
    response: { status: response.status, body: JSON.parse(response.content.text) as unknown },
  };
}

export const recordings: Recording[] = [
  {
    name: "scalar-metrics",
    about:
      "A metrics query with a formula: one number column named after the formula, with the metric's unit in meta.unit",
    source: cassette("Scalar-cross-product-query-returns-OK-response_2265152344"),
    extract: exchange,
  },
  {
    name: "scalar-count",
    about: "A count over the window (audit events): one value, meta.unit null, and the answer's data.id",
    source: cassette("Scalar-cross-product-query-with-audit-data-source-returns-OK-response_1203458350"),
    extract: exchange,
  },
  {
    name: "scalar-no-data",
    about: "A grouped query that matched nothing: still one number column, its values empty, no group column",
    source: cassette("Scalar-cross-product-query-with-apm_metrics-data-source-returns-OK-response_88042147"),
    extract: exchange,
  },
  {
    name: "scalar-bad-request",
    about: "A refused query: HTTP 400 with errors as a list of strings",
    source: cassette("Scalar-cross-product-query-returns-Bad-Request-response_4160234058"),
    extract: exchange,
  },
];
