// CloudWatch's GetMetricData as the AWS API model describes it (boto/botocore's service-2.json: the shapes and
// the documented rules for Period, StartTime's rounding and how long data is kept) and as real AWS answered
// localstack's snapshot tests (tests/aws/services/cloudwatch/test_cloudwatch.snapshot.json, recorded against
// AWS with the JSON protocol; localstack's transformer writes every timestamp list as "timestamp").

import type { FixtureBody, Recording, RecordingSource } from "./types.ts";

const BOTOCORE: RecordingSource = {
  repository: "boto/botocore",
  commit: "0e6e2404b85dc336dd2889814e089bde7d1a4c55",
  path: "botocore/data/cloudwatch/2010-08-01/service-2.json",
};

const LOCALSTACK: RecordingSource = {
  repository: "localstack/localstack",
  commit: "8b9a79f05846835cf4dff63ab7eefdde9df83783",
  path: "tests/aws/services/cloudwatch/test_cloudwatch.snapshot.json",
};

interface Shape {
  type?: string;
  required?: string[];
  members?: Record<string, { shape: string; documentation?: string }>;
  enum?: string[];
  min?: number;
  documentation?: string;
}

interface Model {
  metadata: Record<string, unknown>;
  operations: Record<string, { input: { shape: string }; output: { shape: string }; documentation: string }>;
  shapes: Record<string, Shape>;
}

/** The documentation's HTML as sentences, one per paragraph or list item. */
function sentences(html: string): string[] {
  return html
    .split(/<\/?(?:p|li|ul)>/)
    .map((s) =>
      s
        .replace(/<[^>]+>/g, "")
        .replace(/\s+/g, " ")
        .trim(),
    )
    .filter((s) => s !== "");
}

function shape(model: Model, name: string): Shape {
  const s = model.shapes[name];
  if (!s) throw new Error(`the model has no shape ${name}`);
  return s;
}

function memberDoc(model: Model, shapeName: string, member: string): string {
  const doc = shape(model, shapeName).members?.[member]?.documentation;
  if (!doc) throw new Error(`${shapeName}.${member} has no documentation`);
  return doc;
}

const DAYS: Record<string, number> = { hours: 1 / 24, hour: 1 / 24, days: 1, day: 1 };

interface PeriodRule {
  fromDays: number;
  /** Null for the last rule: from `fromDays` on. */
  toDays: number | null;
  multipleOf: number;
  says: string;
}

/** "Start time between 15 and 63 days ago - Use a multiple of 300 seconds" → {fromDays: 15, toDays: 63, ...}. */
function periodRules(doc: string[]): PeriodRule[] {
  const rules = doc.flatMap((s): PeriodRule[] => {
    const between =
      /^Start time between (\d+) ?(hours?|days?)? and (\d+) days ago - Use a multiple of (\d+) seconds/.exec(
        s,
      );
    if (between) {
      return [
        {
          fromDays: Number(between[1]) * (DAYS[between[2] ?? "days"] ?? Number.NaN),
          toDays: Number(between[3]),
          multipleOf: Number(between[4]),
          says: s,
        },
      ];
    }
    const beyond = /^Start time greater than (\d+) days ago - Use a multiple of (\d+) seconds/.exec(s);
    return beyond
      ? [{ fromDays: Number(beyond[1]), toDays: null, multipleOf: Number(beyond[2]), says: s }]
      : [];
  });
  if (rules.length !== 3) throw new Error(`expected three Period rules, found ${rules.length}`);
  return rules;
}

/** "Data points with a period of 300 seconds (5-minute) are available for 63 days." */
function retention(doc: string[]) {
  const kept = doc.flatMap((s) => {
    const m = /^Data points with a period of (\d+) seconds \([^)]*\) are available for (\d+) days/.exec(s);
    return m ? [{ periodSeconds: Number(m[1]), days: Number(m[2]), says: s }] : [];
  });
  if (kept.length === 0) throw new Error("GetMetricData no longer says how long data is kept");
  return kept;
}

/** A snapshot's recorded answer, without the SDK's ResponseMetadata. */
function snapshot(test: string, key: string): (text: string) => FixtureBody {
  return (text) => {
    const all = JSON.parse(text) as Record<string, { "recorded-date": string; "recorded-content": unknown }>;
    const id = `tests/aws/services/cloudwatch/test_cloudwatch.py::TestCloudwatch::${test}`;
    const entry = all[id];
    const answer = (entry?.["recorded-content"] as Record<string, Record<string, unknown>> | undefined)?.[
      key
    ];
    if (!entry || !answer) throw new Error(`no snapshot ${id} ${key}`);
    const { ResponseMetadata, ...response } = answer;
    return {
      test: id,
      recordedAt: entry["recorded-date"],
      status: (ResponseMetadata as { HTTPStatusCode?: number } | undefined)?.HTTPStatusCode ?? null,
      response,
    };
  };
}

export const recordings: Recording[] = [
  {
    name: "get-metric-data-model",
    about:
      "GetMetricData in the AWS API model: the JSON protocol's target, the shapes a gate sends and reads, and the documented Period rules and retention",
    source: BOTOCORE,
    extract(text) {
      const model = JSON.parse(text) as Model;
      const op = model.operations.GetMetricData;
      if (!op) throw new Error("the model has no GetMetricData");
      const input = shape(model, op.input.shape);
      const query = shape(model, "MetricDataQuery");
      const stat = shape(model, "MetricStat");
      const result = shape(model, "MetricDataResult");
      return {
        target: `${String(model.metadata.targetPrefix)}.GetMetricData`,
        jsonVersion: model.metadata.jsonVersion,
        protocols: model.metadata.protocols,
        input: { required: input.required, members: Object.keys(input.members ?? {}) },
        metricDataQuery: { required: query.required, members: Object.keys(query.members ?? {}) },
        metricStat: { required: stat.required, members: Object.keys(stat.members ?? {}) },
        period: { type: shape(model, "Period").type, min: shape(model, "Period").min },
        metricDataResult: { members: Object.keys(result.members ?? {}) },
        statusCodes: shape(model, "StatusCode").enum,
        periodRules: periodRules(sentences(memberDoc(model, "MetricStat", "Period"))),
        startTimeRounding: sentences(memberDoc(model, op.input.shape, "StartTime")).filter((s) =>
          s.startsWith("Start time"),
        ),
        retention: retention(sentences(op.documentation)),
      };
    },
  },
  {
    name: "get-metric-data-sum",
    about:
      "AWS's answer to GetMetricData for one metric's Sum over a minute: one result, Complete, one value",
    source: LOCALSTACK,
    extract: snapshot("test_get_metric_data_stats[json-Sum]", "get_metric_data"),
  },
  {
    name: "get-metric-data-no-results",
    about: "AWS's answer for a metric with no data points in the range: Complete, with empty Values",
    source: LOCALSTACK,
    extract: snapshot("test_get_metric_with_no_results[json]", "result"),
  },
  {
    name: "invalid-time-frame",
    about:
      "AWS's refusal of StartTime equal to EndTime (GetMetricStatistics, JSON protocol) as botocore parses it: Code from x-amzn-query-error, QueryErrorCode from __type",
    source: LOCALSTACK,
    extract: snapshot("test_invalid_amount_of_datapoints[json]", "error-invalid-time-frame"),
  },
];
