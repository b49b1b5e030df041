// Recorded answers of the Prometheus query API and of the compatible servers that answer it with more to say:
// Prometheus's own OpenAPI golden file, VictoriaMetrics cluster's `isPartial` and `deny_partial_response`, and
// Thanos's partial-response warnings and `partial_response` parameter. One provider (`prometheus`), so one
// folder; the fixture names say whose answer each is.

import { parse } from "yaml";
import type { FixtureBody, Recording, RecordingSource } from "./types.ts";

const PROMETHEUS = {
  repository: "prometheus/prometheus",
  commit: "d15adb9ad7e5d9fbde3a9a8f30200593a5a14d86",
};
// The cluster branch: single-node VictoriaMetrics is never partial and has no `isPartial`.
const VICTORIA = {
  repository: "VictoriaMetrics/VictoriaMetrics",
  commit: "64fce8baf72eb618ebaa65e48ea36be03b808cb0",
};
const THANOS = { repository: "thanos-io/thanos", commit: "e103a81bd5943697394afcb4fb592b6ffa806c30" };

const at = (repo: typeof PROMETHEUS, path: string): RecordingSource => ({ ...repo, path });

/** The one match of `re` in `text`, or a failure naming what the vendor's file no longer holds. */
function one(text: string, re: RegExp, what: string): RegExpExecArray {
  const m = re.exec(text);
  if (!m) throw new Error(`no longer holds ${what}`);
  return m;
}

function group(m: RegExpExecArray, i: number): string {
  const g = m[i];
  if (g === undefined) throw new Error(`pattern group ${i} did not match`);
  return g;
}

type Node = Record<string, unknown>;

function child(node: unknown, ...keys: string[]): Node {
  let cur = node;
  for (const k of keys) {
    if (cur === null || typeof cur !== "object" || !(k in cur)) throw new Error(`no ${keys.join(".")}`);
    cur = (cur as Node)[k];
  }
  return cur as Node;
}

function examples(node: Node): Node {
  return Object.fromEntries(Object.entries(node).map(([name, ex]) => [name, child(ex, "value")]));
}

function instantQuery(text: string): FixtureBody {
  const doc = parse(text) as Node;
  const post = child(doc, "paths", "/query", "post");
  const schemas = child(doc, "components", "schemas");
  const input = child(schemas, "QueryPostInputBody");
  const output = child(schemas, "QueryOutputBody");
  const error = child(schemas, "Error");
  return {
    request: {
      method: "POST",
      path: "/api/v1/query",
      contentType: Object.keys(child(post, "requestBody", "content"))[0],
      fields: Object.keys(child(input, "properties")),
      required: input.required,
      additionalProperties: input.additionalProperties,
    },
    response: {
      fields: Object.keys(child(output, "properties")),
      required: output.required,
      warnings: child(output, "properties", "warnings", "description"),
      examples: examples(child(post, "responses", "200", "content", "application/json", "examples")),
    },
    error: {
      fields: Object.keys(child(error, "properties")),
      examples: examples(child(post, "responses", "default", "content", "application/json", "examples")),
    },
  };
}

function annotations(text: string): FixtureBody {
  const prefixes: Record<string, string> = {};
  for (const m of text.matchAll(/^\s*(PromQL\w+)\s*=\s*errors\.New\("([^"]+)"\)/gm)) {
    prefixes[group(m, 1)] = group(m, 2);
  }
  if (!prefixes.PromQLInfo || !prefixes.PromQLWarning)
    throw new Error("no longer holds PromQLInfo and PromQLWarning");
  // Annotations whose text has no further verbs, rendered as they reach the API's `warnings`.
  const messages: Record<string, string> = {};
  for (const m of text.matchAll(/^\s*(\w+)\s*=\s*fmt\.Errorf\("%w: ([^"%]+)", (PromQL\w+)\)$/gm)) {
    const g = m;
    messages[group(g, 1)] = `${prefixes[group(g, 3)] ?? "?"}: ${group(g, 2)}`;
  }
  if (Object.keys(messages).length < 5) throw new Error("no longer holds the fmt.Errorf annotations");
  return { prefixes: Object.values(prefixes), messages };
}

function vmQueryTemplate(text: string): FixtureBody {
  const body = group(
    one(text, /\{% func QueryResponse\((.*)\) %\}([\s\S]*?)\{% endfunc %\}/, "func QueryResponse"),
    2,
  );
  const fields = [...body.matchAll(/^\t"(\w+)":/gm)].map((m) => group(m, 1));
  const stats = [...body.matchAll(/^\t\t"(\w+)": ("?)\{%dl/gm)].map((m) => {
    const g = m;
    return [group(g, 1), group(g, 2) === '"' ? "string" : "number"];
  });
  one(body, /"isPartial":\{% if isPartial %\}true\{% else %\}false\{% endif %\}/, "isPartial as true|false");
  return { fields, isPartial: "true or false, on every answer", stats: Object.fromEntries(stats) };
}

function vmPartialQueries(text: string): FixtureBody {
  const section = group(
    one(text, /\/\/ 1\. \/api\/v1\/query([\s\S]*?)\/\/ 2\./, "the /api/v1/query section"),
    1,
  );
  const answers: Record<string, unknown> = {};
  const re =
    /assertQuery\((\w+), &apptest\.PrometheusAPIV1QueryResponse\{\s*Status:\s*"(\w+)",\s*IsPartial:\s*(true|false),\s*Data:\s*&apptest\.QueryData\{ResultType: "(\w+)", Result: \[\]\*apptest\.QueryResult\{\}\},/g;
  for (const m of section.matchAll(re)) {
    const g = m;
    answers[group(g, 1)] = {
      status: group(g, 2),
      isPartial: group(g, 3) === "true",
      data: { resultType: group(g, 4), result: [] },
    };
  }
  if (Object.keys(answers).length !== 3) throw new Error("no longer holds three /api/v1/query expectations");
  one(
    text,
    /"-storageNode=" \+ vmstorage1\.VmselectAddr\(\) \+ "," \+ noopTCPServerAddr\(t\)/,
    "a storage node that is down",
  );
  return {
    setup:
      "regionalVmselect2 has one storage node that closes every connection; globalVmselect reads through it",
    answers,
  };
}

function vmalertPartialBody(text: string): FixtureBody {
  const m = one(text, /case 9:\s*w\.Write\(\[\]byte\(`([^`]+)`\)\)/, "case 9's isPartial body");
  return { body: JSON.parse(group(m, 1)) as unknown };
}

function vmDenyArg(text: string): FixtureBody {
  const arg = group(one(text, /return GetBool\(r, "(\w+)"\)/, "the deny_partial_response query arg"), 1);
  const falses = group(one(text, /case ((?:"[^"]*",?\s*)+):\s*return false/, "the false spellings"), 1);
  const flag = group(one(text, /flag\.Bool\("([\w.]+)"/, "the -search.denyPartialResponse flag"), 1);
  one(text, /r\.FormValue\(argKey\)/, "r.FormValue (query string and form body alike)");
  return {
    arg,
    readWith: "r.FormValue: the URL's query string or a form-encoded POST body",
    falseValues: [...falses.matchAll(/"([^"]*)"/g)].map((m) => group(m, 1)),
    serverFlag: flag,
  };
}

function vmErrorTemplate(text: string): FixtureBody {
  const body = group(
    one(
      text,
      /\{% func PrometheusErrorResponse\([^)]*\) %\}([\s\S]*?)\{% endfunc %\}/,
      "PrometheusErrorResponse",
    ),
    1,
  );
  one(body, /"errorType":"\{%d statusCode %\}"/, "errorType as the status code");
  return {
    fields: [...body.matchAll(/^\t"(\w+)":/gm)].map((m) => group(m, 1)),
    status: "error",
    errorType: "the HTTP status code, as a string",
  };
}

function vmDeniedStatus(text: string): FixtureBody {
  const m = one(
    text,
    /if snr\.denyPartialResponse \|\| len\(resultsCollectedPerGroup\) == 0 \{[\s\S]*?StatusCode: http\.(\w+),/,
    "the status of a denied partial response",
  );
  return { deniedPartial: { status: group(m, 1) === "StatusServiceUnavailable" ? 503 : group(m, 1) } };
}

function thanosParam(text: string): FixtureBody {
  const abort = one(
    text,
    /case storepb\.PartialResponseStrategy_ABORT:\s*partialResponseValue = strconv\.FormatBool\((true|false)\)/,
    "ABORT as a partial_response value",
  );
  const name = group(
    one(text, /values\.Add\("(\w+)", partialResponseValue\)/, "the partial_response parameter"),
    1,
  );
  return { parameter: name, abort: group(abort, 1), parsedWith: "strconv.ParseBool (pkg/api/query/v1.go)" };
}

function thanosStoreError(text: string): FixtureBody {
  const m = one(
    text,
    /title: "partial response disabled",[\s\S]*?RespError: errors\.New\("([^"]+)"\)[\s\S]*?expectedErr: errors\.New\("((?:[^"\\]|\\.)+)"\)/,
    'the "partial response disabled" case',
  );
  return {
    storeError: group(m, 1),
    // Denied, the store's failure ends the query; allowed, pkg/store/proxy.go sends the same text as a warning.
    message: JSON.parse(`"${group(m, 2)}"`) as string,
  };
}

function thanosResponse(text: string): FixtureBody {
  const struct = group(one(text, /type response struct \{([\s\S]*?)\n\}/, "type response"), 1);
  const fields = [...struct.matchAll(/json:"(\w+)/g)].map((m) => group(m, 1));
  const codes = group(one(text, /switch apiErr\.Typ \{([\s\S]*?)\n\t\}/, "RespondError's status codes"), 1);
  const types: Record<string, string> = {};
  for (const m of text.matchAll(/(Error\w+)\s+ErrorType = "(\w*)"/g)) types[group(m, 1)] = group(m, 2);
  const statusOf: Record<string, number> = {
    "http.StatusBadRequest": 400,
    "422": 422,
    "http.StatusServiceUnavailable": 503,
    "http.StatusInternalServerError": 500,
  };
  const errorStatus: Record<string, number> = {};
  for (const m of codes.matchAll(/case ([\w, ]+):\s*code = ([\w.]+)/g)) {
    for (const t of group(m, 1).split(/,\s*/)) {
      const type = types[t];
      const status = statusOf[group(m, 2)];
      if (type === undefined || status === undefined) throw new Error(`unknown ${t} or its code`);
      errorStatus[type] = status;
    }
  }
  one(
    text,
    /!extannotations\.IsPromQLAnnotation\(w\.Error\(\)\)/,
    "warnings other than PromQL annotations mark an answer uncacheable",
  );
  return { fields, errorStatus };
}

export const recordings: Recording[] = [
  {
    name: "prometheus-instant-query",
    about:
      "Prometheus's own description of POST /api/v1/query: the form fields, answer fields and example answers (vector, scalar, native histogram, matrix, error)",
    source: at(PROMETHEUS, "web/api/v1/testdata/openapi_3.1_golden.yaml"),
    extract: instantQuery,
  },
  {
    name: "prometheus-annotations",
    about:
      "How PromQL annotations read in `warnings`: every one starts with PromQL info or PromQL warning; they describe the query, not missing data",
    source: at(PROMETHEUS, "util/annotations/annotations.go"),
    extract: annotations,
  },
  {
    name: "victoriametrics-query-response",
    about: "vmselect (cluster) answers /api/v1/query with isPartial on every answer, and stats",
    source: at(VICTORIA, "app/vmselect/prometheus/query_response.qtpl"),
    extract: vmQueryTemplate,
  },
  {
    name: "victoriametrics-partial-query",
    about:
      "A vmselect with a storage node down answers success, isPartial true, and what it could read (here an empty vector): a count from it is too low",
    source: at(VICTORIA, "apptest/tests/multilevel_test.go"),
    extract: vmPartialQueries,
  },
  {
    name: "victoriametrics-partial-scalar",
    about: "An isPartial answer with a value, as vmalert's datasource test serves it",
    source: at(VICTORIA, "app/vmalert/datasource/client_test.go"),
    extract: vmalertPartialBody,
  },
  {
    name: "victoriametrics-deny-partial-response",
    about:
      "The deny_partial_response query arg, read from the query string or a form body; these spellings mean false",
    source: at(VICTORIA, "lib/httputil/bool.go"),
    extract: vmDenyArg,
  },
  {
    name: "victoriametrics-error-response",
    about: "vmselect's Prometheus-style error answer: errorType is the HTTP status code",
    source: at(VICTORIA, "lib/httpserver/prometheus_error_response.qtpl"),
    extract: vmErrorTemplate,
  },
  {
    name: "victoriametrics-denied-partial-status",
    about:
      "With partial responses denied and a storage node down, vmselect answers 503 (so the caller may retry)",
    source: at(VICTORIA, "app/vmselect/netstorage/netstorage.go"),
    extract: vmDeniedStatus,
  },
  {
    name: "thanos-partial-response-parameter",
    about: "Thanos's own client asks for no partial response with partial_response=false",
    source: at(THANOS, "pkg/promclient/promclient.go"),
    extract: thanosParam,
  },
  {
    name: "thanos-store-error",
    about:
      "What a failing store says: the query's error with partial responses denied, a warning beside the data with them allowed",
    source: at(THANOS, "pkg/store/proxy_test.go"),
    extract: thanosStoreError,
  },
  {
    name: "thanos-response",
    about:
      "Thanos Query's answer fields and error statuses; a warning that is not a PromQL annotation marks an answer partial (uncacheable)",
    source: at(THANOS, "pkg/api/api.go"),
    extract: thanosResponse,
  },
];
