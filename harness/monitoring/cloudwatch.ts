// A stand-in for Amazon CloudWatch's GetMetricData over the AWS JSON 1.0 protocol (what the AWS SDK for
// JavaScript v3 sends: X-Amz-Target GraniteServiceVersion20100801.GetMetricData), in the shapes of:
//   https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
//   (MetricDataQueries with MetricStat or Expression; MetricDataResults[] with Id, Label, Timestamps,
//   Values, StatusCode Complete | InternalError | PartialData | Forbidden, Messages; empty Values when a
//   metric has no points)
//   https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CommonErrors.html (Throttling as a
//   400, InvalidParameterValue, InternalFailure 500, ServiceUnavailable 503; JSON errors carry `__type`)
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html (every
//   request is checked against an independent SigV4 verifier, session token included)
// JSON 1.0 writes timestamps as epoch seconds and the floats JSON has no word for as "NaN" or "Infinity".
// and as recorded (harness/recorded/cloudwatch/): the answer's shape as AWS gave it to localstack's snapshot
// tests (get-metric-data-sum, get-metric-data-no-results: a MetricStat's Label is its metric's name), and the
// API model's rules (get-metric-data-model, from botocore): a query whose StartTime is more than 3 hours back and
// whose Period is not a multiple of 60, 300 or 3600 for data under 15, 63 or more days old gets no data points,
// and nothing older than 455 days is kept. Those empty answers are Complete, as CloudWatch's are: silent.
// A figure is set per metric or expression, fixed or computed from the call (a Sum over StartTime..EndTime).

import {
  type AwsKeys,
  type Fault,
  type Recorded,
  type Reply,
  type StandInServer,
  sigv4Problem,
  startStandInServer,
} from "./server.ts";
import { recorded } from "../recorded.ts";

export const AWS_KEYS: Required<AwsKeys> = {
  accessKeyId: "ASIAEXAMPLEKEY000001",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  sessionToken: "IQoJb3JpZ2luX2VjEXAMPLEsessionTOKEN//////////wEaCXVzLWVhc3QtMSJHMEUCIQ",
};

export interface MetricId {
  namespace: string;
  metric: string;
  dimensions?: Record<string, string>;
  stat: string;
}

/** One datapoint, several, "NaN", no points (null), or several time series (an unaggregated SEARCH). */
export type Figure = number | "NaN" | null | number[] | { series: number };
/** A figure, or how to work it out from the call. */
export type Answer = Figure | ((call: MetricDataCall) => Figure);

interface Model {
  periodRules: { fromDays: number; toDays: number | null; multipleOf: number }[];
  retention: { periodSeconds: number; days: number }[];
}

const MODEL = recorded<Model>("cloudwatch", "get-metric-data-model");
const INVALID_TIME_FRAME = recorded<{
  status: number;
  response: { Error: { Code: string; QueryErrorCode: string }; message: string };
}>("cloudwatch", "invalid-time-frame");
const DAY_S = 86_400;
const KEPT_DAYS = Math.max(...MODEL.retention.map((r) => r.days));
// Periods the model allows besides multiples of 60, for high-resolution metrics (MetricStat.Period).
const HIGH_RESOLUTION = [1, 5, 10, 20, 30];

/** Whether CloudWatch returns data points for a query starting `ageS` seconds ago with this period. */
function served(ageS: number, period: number): boolean {
  const days = ageS / DAY_S;
  if (days > KEPT_DAYS) return false;
  const rule = MODEL.periodRules.find((r) => days > r.fromDays && (r.toDays === null || days <= r.toDays));
  return rule === undefined || period % rule.multipleOf === 0;
}

export interface MetricDataCall {
  key: string;
  period: number;
  start: number;
  end: number;
  body: Record<string, unknown>;
}

export interface CloudWatchStandIn extends StandInServer {
  region: string;
  setMetric(id: MetricId, figure: Answer): void;
  setExpression(expression: string, figure: Answer): void;
  calls(): MetricDataCall[];
}

export function metricKey(id: MetricId): string {
  const dims = Object.entries(id.dimensions ?? {})
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  return `${id.namespace}|${id.metric}|${dims}|${id.stat}`;
}

function awsError(
  status: number,
  type: string,
  message: string,
  code = type.replace(/Exception$/, ""),
): Reply {
  return {
    status,
    headers: { "x-amzn-query-error": `${code};${status >= 500 ? "Receiver" : "Sender"}` },
    body: { __type: `com.amazonaws.cloudwatch#${type}`, message },
  };
}

function callOf(rec: Recorded): MetricDataCall | Reply {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(rec.body) as Record<string, unknown>;
  } catch {
    return awsError(400, "SerializationException", "Unexpected content in the request body");
  }
  const queries = body.MetricDataQueries as Record<string, unknown>[] | undefined;
  const start = body.StartTime;
  const end = body.EndTime;
  if (typeof start !== "number" || typeof end !== "number") {
    return awsError(400, "InvalidParameterValueException", "StartTime and EndTime must be epoch seconds");
  }
  if (start >= end) {
    const { status, response } = INVALID_TIME_FRAME;
    return awsError(status, response.Error.QueryErrorCode, response.message, response.Error.Code);
  }
  if (!Array.isArray(queries) || queries.length !== 1) {
    return awsError(400, "InvalidParameterValueException", "The stand-in takes exactly one MetricDataQuery");
  }
  const q = queries[0] as Record<string, unknown>;
  if (typeof q.Id !== "string" || !/^[a-z][a-zA-Z0-9_]*$/.test(q.Id)) {
    return awsError(
      400,
      "InvalidParameterValueException",
      "The value for parameter MetricDataQueries.member.1.Id is invalid.",
    );
  }
  const stat = q.MetricStat as
    { Metric?: Record<string, unknown>; Period?: unknown; Stat?: unknown } | undefined;
  if ((stat === undefined) === (q.Expression === undefined)) {
    return awsError(
      400,
      "InvalidParameterCombinationException",
      "Exactly one of MetricStat and Expression must be given",
    );
  }
  const period = stat ? stat.Period : q.Period;
  if (
    typeof period !== "number" ||
    !Number.isInteger(period) ||
    period <= 0 ||
    (period % 60 !== 0 && !HIGH_RESOLUTION.includes(period))
  ) {
    // Not recorded: what CloudWatch answers to such a Period; the model only says what it must be.
    return awsError(400, "InvalidParameterValueException", "The parameter Period must be a multiple of 60.");
  }
  let key: string;
  if (stat) {
    const m = stat.Metric ?? {};
    const dims = (m.Dimensions as { Name: string; Value: string }[] | undefined) ?? [];
    key = metricKey({
      namespace: String(m.Namespace),
      metric: String(m.MetricName),
      dimensions: Object.fromEntries(dims.map((d) => [d.Name, d.Value])),
      stat: String(stat.Stat),
    });
  } else {
    key = String(q.Expression);
  }
  return { key, period, start, end, body };
}

export interface CloudWatchStandInOptions {
  /** The stand-in's clock, epoch ms: what a query's StartTime is judged old against. */
  now?: () => number;
}

export async function startCloudWatchStandIn(
  region = "eu-west-1",
  options: CloudWatchStandInOptions = {},
): Promise<CloudWatchStandIn> {
  const now = options.now ?? Date.now;
  const figures = new Map<string, Answer>();
  const handler = (rec: Recorded, fault: Fault | undefined): Reply => {
    if (rec.method !== "POST" || rec.path !== "/") return { status: 404, body: { message: "Not Found" } };
    if (fault?.kind === "auth")
      return awsError(
        403,
        "ExpiredTokenException",
        "The security token included in the request is expired",
        "ExpiredToken",
      );
    const bad = sigv4Problem(rec, AWS_KEYS, "monitoring", region);
    if (bad) return awsError(bad.code === "IncompleteSignatureException" ? 400 : 403, bad.code, bad.message);
    if (rec.headers["x-amz-target"] !== "GraniteServiceVersion20100801.GetMetricData") {
      return { status: 400, body: { __type: "com.amazon.coral.service#UnknownOperationException" } };
    }
    if (!String(rec.headers["content-type"]).startsWith("application/x-amz-json-1.0")) {
      return { status: 400, body: { __type: "com.amazon.coral.service#SerializationException" } };
    }
    if (fault?.kind === "rate-limit") return awsError(400, "Throttling", "Rate exceeded", "Throttling");
    if (fault?.kind === "server-error") {
      return fault.status === 503
        ? awsError(503, "ServiceUnavailableException", "Service is unavailable", "ServiceUnavailable")
        : awsError(
            fault.status ?? 500,
            "InternalServiceFault",
            "Internal service error",
            "InternalServiceError",
          );
    }
    const call = callOf(rec);
    if (!("key" in call)) return call;
    const id = ((call.body.MetricDataQueries as { Id: string }[])[0] as { Id: string }).Id;
    if (fault?.kind === "partial") {
      return {
        status: 200,
        body: {
          MetricDataResults: [
            {
              Id: id,
              Label: id,
              Timestamps: [],
              Values: [],
              StatusCode: "InternalError",
              Messages: [
                { Code: "InternalError", Value: "An internal error occurred while retrieving this metric" },
              ],
            },
          ],
          Messages: [],
        },
      };
    }
    const answer = figures.get(call.key) ?? null;
    const figure = !served(now() / 1000 - call.start, call.period)
      ? null
      : typeof answer === "function"
        ? answer(call)
        : answer;
    const metric = (call.body.MetricDataQueries as { MetricStat?: { Metric?: { MetricName?: string } } }[])[0]
      ?.MetricStat?.Metric?.MetricName;
    if (figure !== null && typeof figure === "object" && !Array.isArray(figure)) {
      const results = Array.from({ length: figure.series }, (_, i) => ({
        Id: id,
        Label: `series ${i}`,
        Timestamps: [call.start],
        Values: [1],
        StatusCode: "Complete",
      }));
      return { status: 200, body: { MetricDataResults: results, Messages: [] } };
    }
    const values = figure === null ? [] : Array.isArray(figure) ? figure : [figure];
    return {
      status: 200,
      body: {
        MetricDataResults: [
          {
            Id: id,
            Label: metric ?? id,
            Timestamps: values.map((_, i) => call.start + i * call.period),
            Values: values,
            StatusCode: "Complete",
          },
        ],
        Messages: [],
      },
    };
  };
  const server = await startStandInServer(handler);
  return {
    ...server,
    region,
    setMetric(id, figure) {
      figures.set(metricKey(id), figure);
    },
    setExpression(expression, figure) {
      figures.set(expression, figure);
    },
    calls() {
      return server.requests.map(callOf).filter((c): c is MetricDataCall => "key" in c);
    },
  };
}
