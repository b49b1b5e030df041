// Extracts the GitHub REST operations phased-rollout uses from GitHub's published OpenAPI
// description into harness/github/openapi-extract.json, which the GitHub stand-in
// validates every request and response against.
//
// Refresh: set the api.github.com target's `version` in TARGETS to the release you want (match
// "octokit.openapi-version" in node_modules/@octokit/openapi-types/package.json so the stand-in and
// @octokit/rest's types agree), add any new operation to OPERATIONS, then run
// `npm run openapi:extract -- api.github.com` and `npx vitest run test/harness/github`, and commit the
// regenerated JSON. The package is fetched with `npm pack` into a temporary directory because it is
// ~30 MB packed and must not become a dependency.
//
// A second, smaller extract holds what GitHub Enterprise Server 3.4 answers where it differs from
// api.github.com in a way the action must handle (the collaborator permission without `role_name`,
// which arrived in 3.5: ghes-3.4.json lacks it, ghes-3.5.json requires it), for the stand-in's
// `release: "ghes-3.4"` mode. @octokit/openapi 10.0.0 ships the descriptions of 3.4 to 3.7.
// `npm run openapi:extract -- ghes-3.4` refreshes only that one.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const OPENAPI_PACKAGE = "@octokit/openapi";

const OPERATIONS = [
  "repos/list-deployments",
  "repos/create-deployment",
  "repos/get-deployment",
  "repos/delete-deployment",
  "repos/list-deployment-statuses",
  "repos/create-deployment-status",
  "repos/get-deployment-status",
  "repos/get-commit",
  "git/create-commit",
  "git/get-commit",
  "git/create-ref",
  "git/get-ref",
  "git/update-ref",
  "git/delete-ref",
  "issues/list-comments",
  "issues/create-comment",
  "issues/get-comment",
  "issues/update-comment",
  "reactions/create-for-issue-comment",
  "reactions/list-for-issue-comment",
  "pulls/get",
  "repos/get-collaborator-permission-level",
  "rate-limit/get",
] as const;

interface Target {
  name: string;
  version: string;
  /** The plain (non-deref) description: OpenAPI 3.0.3 with shared component schemas. */
  file: string;
  operations: readonly string[];
  output: string;
}

const TARGETS: Target[] = [
  {
    name: "api.github.com",
    version: "23.0.1",
    file: "package/generated/api.github.com.json",
    operations: OPERATIONS,
    output: "openapi-extract.json",
  },
  {
    name: "ghes-3.4",
    version: "10.0.0",
    file: "package/generated/ghes-3.4.json",
    operations: ["repos/get-collaborator-permission-level"],
    output: "openapi-extract-ghes-3.4.json",
  },
];

const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fetchDescription(target: Target): JsonObject {
  const dir = mkdtempSync(join(tmpdir(), "octokit-openapi-"));
  try {
    const spec = `${OPENAPI_PACKAGE}@${target.version}`;
    const tarball = execFileSync("npm", ["pack", spec, "--pack-destination", dir, "--silent"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    })
      .trim()
      .split("\n")
      .pop();
    if (!tarball) throw new Error(`npm pack ${spec} printed no file name`);
    // Only the one description is unpacked: the package holds ~400 MB of JSON.
    execFileSync("tar", ["-xzf", join(dir, tarball), "-C", dir, target.file]);
    const parsed: unknown = JSON.parse(readFileSync(join(dir, target.file), "utf8"));
    if (!isObject(parsed)) throw new Error(`${target.file} is not a JSON object`);
    return parsed;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function lookup(doc: JsonObject, ref: string): Json {
  if (!ref.startsWith("#/")) throw new Error(`external $ref not supported: ${ref}`);
  let node: Json = doc;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (!isObject(node) || !(key in node)) throw new Error(`unresolvable $ref ${ref}`);
    node = node[key] as Json;
  }
  return node;
}

// Follows $refs that are not schemas (parameters, responses, request bodies) so they are inlined.
function deref(doc: JsonObject, node: Json): Json {
  let current = node;
  while (isObject(current) && typeof current.$ref === "string") {
    current = lookup(doc, current.$ref);
  }
  return current;
}

const SCHEMA_MAP_KEYWORDS = new Set(["properties", "patternProperties", "definitions", "$defs"]);
const SCHEMA_KEYWORDS = new Set(["items", "additionalProperties", "not"]);
const SCHEMA_LIST_KEYWORDS = new Set(["allOf", "anyOf", "oneOf"]);

// Copies a schema, dropping examples and vendor extensions, and records the component schemas it
// references so they can be carried along.
function cleanSchema(node: Json, refs: Set<string>): Json {
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "example" || key === "examples" || key.startsWith("x-")) continue;
    if (key === "$ref" && typeof value === "string") {
      const prefix = "#/components/schemas/";
      if (!value.startsWith(prefix)) throw new Error(`unexpected schema $ref ${value}`);
      refs.add(value.slice(prefix.length));
      out[key] = value;
    } else if (SCHEMA_MAP_KEYWORDS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, cleanSchema(sub, refs)]),
      );
    } else if (SCHEMA_KEYWORDS.has(key)) {
      out[key] = cleanSchema(value, refs);
    } else if (SCHEMA_LIST_KEYWORDS.has(key) && Array.isArray(value)) {
      out[key] = value.map((sub) => cleanSchema(sub, refs));
    } else {
      out[key] = value;
    }
  }
  return out;
}

function jsonSchemaOf(content: Json): Json {
  if (!isObject(content)) return null;
  const media = content["application/json"];
  return isObject(media) && media.schema !== undefined ? media.schema : null;
}

function extract(doc: JsonObject, target: Target): JsonObject {
  const paths = doc.paths;
  if (!isObject(paths)) throw new Error("description has no paths");
  const wanted = new Set<string>(target.operations);
  const refs = new Set<string>();
  const operations: JsonObject = {};

  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op) || typeof op.operationId !== "string" || !wanted.has(op.operationId)) {
        continue;
      }
      const shared = Array.isArray(item.parameters) ? item.parameters : [];
      const own = Array.isArray(op.parameters) ? op.parameters : [];
      const parameters = [...shared, ...own].map((raw) => {
        const param = deref(doc, raw);
        if (!isObject(param)) throw new Error(`bad parameter in ${op.operationId}`);
        return {
          name: param.name ?? null,
          in: param.in ?? null,
          required: param.required === true,
          // x-multi-segment marks a path parameter that may contain "/" (refs like heads/main).
          multiSegment: param["x-multi-segment"] === true,
          schema: cleanSchema(param.schema ?? {}, refs),
        };
      });

      let requestBody: Json = null;
      const body = deref(doc, op.requestBody ?? null);
      if (isObject(body)) {
        const schema = jsonSchemaOf(body.content ?? null);
        requestBody = {
          required: body.required === true,
          schema: schema === null ? null : cleanSchema(schema, refs),
        };
      }

      const responses: JsonObject = {};
      for (const [status, raw] of Object.entries(isObject(op.responses) ? op.responses : {})) {
        const response = deref(doc, raw);
        if (!isObject(response)) continue;
        const schema = jsonSchemaOf(response.content ?? null);
        responses[status] = {
          description: response.description ?? "",
          schema: schema === null ? null : cleanSchema(schema, refs),
        };
      }

      const docs = isObject(op.externalDocs) ? op.externalDocs.url : null;
      operations[op.operationId] = {
        method: method.toUpperCase(),
        path,
        summary: op.summary ?? "",
        documentationUrl: docs ?? null,
        parameters,
        requestBody,
        responses,
      };
      wanted.delete(op.operationId);
    }
  }
  if (wanted.size > 0) throw new Error(`operations not found: ${[...wanted].join(", ")}`);

  // Component schemas reference further component schemas: collect the closure.
  const schemas: JsonObject = {};
  const queue = [...refs];
  while (queue.length > 0) {
    const name = queue.pop();
    if (name === undefined || name in schemas) continue;
    const found = new Set<string>();
    schemas[name] = cleanSchema(lookup(doc, `#/components/schemas/${name}`), found);
    for (const next of found) if (!(next in schemas)) queue.push(next);
  }
  const sortedSchemas = Object.fromEntries(
    Object.keys(schemas)
      .sort()
      .map((name) => [name, schemas[name] ?? null]),
  );
  const sortedOperations = Object.fromEntries(
    Object.keys(operations)
      .sort()
      .map((id) => [id, operations[id] ?? null]),
  );

  const info = isObject(doc.info) ? doc.info : {};
  return {
    $comment:
      "Generated by scripts/extract-openapi.ts from GitHub's OpenAPI description; do not edit by hand.",
    source: {
      package: OPENAPI_PACKAGE,
      version: target.version,
      file: target.file.replace(/^package\//, ""),
      openapi: doc.openapi ?? null,
      descriptionVersion: info.version ?? null,
      extractedAt: new Date().toISOString().slice(0, 10),
    },
    operations: sortedOperations,
    components: { schemas: sortedSchemas },
  };
}

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
for (const target of TARGETS.filter((t) => only.length === 0 || only.includes(t.name))) {
  const path = join(here, "..", "harness", "github", target.output);
  const result = extract(fetchDescription(target), target);
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
  const count = Object.keys(result.operations as JsonObject).length;
  const size = readFileSync(path).length;
  console.log(`wrote ${path}: ${count} operation(s), ${(size / 1024).toFixed(0)} KiB`);
}
