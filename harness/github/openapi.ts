import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import formats from "ajv-formats";

type JsonSchema = Record<string, unknown>;

export interface ExtractParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  multiSegment: boolean;
  schema: JsonSchema;
}

export interface ExtractOperation {
  method: string;
  path: string;
  summary: string;
  documentationUrl: string | null;
  parameters: ExtractParameter[];
  requestBody: { required: boolean; schema: JsonSchema | null } | null;
  responses: Record<string, { description: string; schema: JsonSchema | null }>;
}

export interface OpenApiExtract {
  source: {
    package: string;
    version: string;
    file: string;
    openapi: string;
    descriptionVersion: string;
    extractedAt: string;
  };
  operations: Record<string, ExtractOperation>;
  components: { schemas: Record<string, JsonSchema> };
}

function readExtract(file: string): OpenApiExtract {
  return JSON.parse(readFileSync(new URL(file, import.meta.url), "utf8")) as OpenApiExtract;
}

export const extract = readExtract("./openapi-extract.json");

/**
 * The releases the stand-in can answer as. GitHub Enterprise Server 3.4 differs where the action must cope
 * (no `role_name` on collaborator permissions); its extract holds only those operations, and every other
 * operation is checked against api.github.com's.
 */
export const RELEASES = {
  "api.github.com": extract,
  "ghes-3.4": readExtract("./openapi-extract-ghes-3.4.json"),
} as const;
export type Release = keyof typeof RELEASES;

const EXTRACT_ID = "github-openapi-extract";

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// OpenAPI 3.0 marks null with `nullable`; ajv only accepts it beside `type`, so rewrite it into
// plain JSON Schema (type lists, null in enums, anyOf for $ref/oneOf schemas).
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!isSchema(node)) return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "nullable") continue;
    if (key === "properties" && isSchema(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSchema(v)]));
    } else if (key === "enum" || key === "required" || key === "default") {
      out[key] = value;
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  if (node.nullable !== true) return out;
  if (typeof out.type === "string" && out.$ref === undefined) {
    out.type = [out.type, "null"];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: "null" }] };
}

function makeAjv(coerceTypes: boolean, source: OpenApiExtract = extract): Ajv {
  const ajv = new Ajv({
    allErrors: false,
    strict: false,
    verbose: true,
    coerceTypes,
    useDefaults: false,
  });
  formats.default(ajv);
  // GitHub answers "" for unset URL fields (log_url, environment_url...) whose schema says
  // `format: uri` with `default: ""`, so the empty string counts as a URI here.
  ajv.addFormat("uri", /^(?:$|[a-z][a-z0-9+\-.]*:[^\s]*)$/i);
  ajv.addSchema({ $id: EXTRACT_ID, components: toJsonSchema(source.components) });
  return ajv;
}

// Component $refs point into the extract, which is registered under EXTRACT_ID.
function anchored(schema: unknown): unknown {
  const converted = toJsonSchema(schema);
  return JSON.parse(
    JSON.stringify(converted).replaceAll('"$ref":"#/components/', `"$ref":"${EXTRACT_ID}#/components/`),
  );
}

const strictAjv = makeAjv(false);
const coercingAjv = makeAjv(true);
const releaseAjv = new Map<Release, Ajv>([["api.github.com", strictAjv]]);

function responseAjv(release: Release): Ajv {
  let ajv = releaseAjv.get(release);
  if (!ajv) {
    ajv = makeAjv(false, RELEASES[release]);
    releaseAjv.set(release, ajv);
  }
  return ajv;
}

export interface OperationValidators {
  operationId: string;
  operation: ExtractOperation;
  params: ValidateFunction;
  body: ValidateFunction | null;
}

const validatorCache = new Map<string, OperationValidators>();

export function validatorsFor(operationId: string): OperationValidators {
  const cached = validatorCache.get(operationId);
  if (cached) return cached;
  const operation = extract.operations[operationId];
  if (!operation) throw new Error(`operation ${operationId} is not in the OpenAPI extract`);
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const parameter of operation.parameters) {
    if (parameter.in !== "path" && parameter.in !== "query") continue;
    properties[parameter.name] = anchored(parameter.schema);
    if (parameter.required) required.push(parameter.name);
  }
  const params = coercingAjv.compile({ type: "object", properties, required });
  const bodySchema = operation.requestBody?.schema;
  const body = bodySchema ? strictAjv.compile(anchored(bodySchema) as JsonSchema) : null;
  const validators = { operationId, operation, params, body };
  validatorCache.set(operationId, validators);
  return validators;
}

const responseCache = new Map<string, ValidateFunction | null>();

export interface ResponseCheck {
  ok: boolean;
  errors: string[];
}

/**
 * Validates a response body against the extract's schema for that operation and status: the release's own
 * extract where it has the operation, api.github.com's otherwise.
 */
export function validateResponse(
  operationId: string,
  status: number,
  body: unknown,
  release: Release = "api.github.com",
): ResponseCheck {
  const source: Release = RELEASES[release].operations[operationId] ? release : "api.github.com";
  const operation = RELEASES[source].operations[operationId];
  if (!operation) return { ok: false, errors: [`unknown operation ${operationId}`] };
  const declared = operation.responses[String(status)];
  if (!declared) {
    return { ok: false, errors: [`${operationId} declares no ${status} response`] };
  }
  const key = `${source} ${operationId} ${status}`;
  let validate = responseCache.get(key);
  if (validate === undefined) {
    validate = declared.schema ? responseAjv(source).compile(anchored(declared.schema) as JsonSchema) : null;
    responseCache.set(key, validate);
  }
  if (validate === null) return { ok: true, errors: [] };
  if (validate(body)) return { ok: true, errors: [] };
  return { ok: false, errors: (validate.errors ?? []).map(describeError) };
}

export function describeError(error: ErrorObject): string {
  return `${error.instancePath || "/"} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`;
}

export interface Route {
  operationId: string;
  method: string;
  template: string;
  segments: string[];
  multiSegment: string | null;
}

export const routes: Route[] = Object.entries(extract.operations).map(([operationId, op]) => {
  const multi = op.parameters.find((p) => p.in === "path" && p.multiSegment);
  return {
    operationId,
    method: op.method,
    template: op.path,
    segments: op.path.split("/").slice(1),
    multiSegment: multi ? multi.name : null,
  };
});

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

// Literal segments win over parameters, so /issues/comments/1 is a comment, not issue "comments".
export function matchRoute(method: string, pathname: string): RouteMatch | null {
  const raw = pathname.split("/").slice(1);
  let best: { match: RouteMatch; literals: number } | null = null;
  for (const route of routes) {
    if (route.method !== method) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    let ok = true;
    for (let i = 0; i < route.segments.length; i++) {
      const segment = route.segments[i] ?? "";
      const value = raw[i];
      if (value === undefined || value === "") {
        ok = false;
        break;
      }
      const name = /^\{(.+)\}$/.exec(segment)?.[1];
      if (name === undefined) {
        if (segment !== value) {
          ok = false;
          break;
        }
        literals++;
        continue;
      }
      if (name === route.multiSegment && i === route.segments.length - 1) {
        params[name] = raw.slice(i).map(safeDecode).join("/");
        if (raw.slice(i).some((part) => part === "")) ok = false;
        break;
      }
      params[name] = safeDecode(value);
    }
    if (!ok) continue;
    if (route.multiSegment === null && raw.length !== route.segments.length) continue;
    if (!best || literals > best.literals) best = { match: { route, params }, literals };
  }
  return best?.match ?? null;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The documentation_url GitHub puts in an operation's error bodies. */
export function documentationUrlFor(operationId: string | null): string {
  const url = operationId ? extract.operations[operationId]?.documentationUrl : null;
  return url ?? "https://docs.github.com/rest";
}
