// A stand-in for an in-house metrics service behind the generic HTTP JSON provider. There is no vendor
// reference for these shapes; the documents are what such services commonly answer (a figure nested in an
// object, in a list of versions, as a string, null when there is no data), and the expressions that pick
// them out follow the specs the provider implements:
//   https://www.rfc-editor.org/rfc/rfc9535 (JSONPath) and https://jmespath.org/specification.html
//   (JMESPath), with RFC 9110's 401/429/5xx semantics (https://www.rfc-editor.org/rfc/rfc9110).

import { type Fault, type Recorded, type Reply, type StandInServer, startStandInServer } from "./server.ts";

export const HTTP_TOKEN = "in-house-token-0123456789";

export interface HttpStandIn extends StandInServer {
  /** What GET or POST `path` answers; a function `(req: Recorded) => unknown` sees the request (its body, say). */
  route(path: string, answer: unknown): void;
}

export async function startHttpStandIn(): Promise<HttpStandIn> {
  const routes = new Map<string, unknown>();
  const handler = (rec: Recorded, fault: Fault | undefined): Reply => {
    if (fault?.kind === "auth" || rec.headers.authorization !== `Bearer ${HTTP_TOKEN}`) {
      return {
        status: 401,
        headers: { "www-authenticate": 'Bearer realm="metrics"' },
        body: { error: "unauthorized" },
      };
    }
    if (fault?.kind === "rate-limit") {
      return {
        status: 429,
        headers: { "retry-after": String(fault.resetSeconds ?? 1) },
        body: { error: "slow down" },
      };
    }
    if (fault?.kind === "server-error")
      return { status: fault.status ?? 503, body: "<html>upstream unavailable</html>" };
    if (fault?.kind === "partial") return { status: 200, body: '{"errors": 3, "requests": ' };
    if (!routes.has(rec.path)) return { status: 404, body: { error: `no route ${rec.path}` } };
    const answer = routes.get(rec.path);
    return {
      status: 200,
      body: typeof answer === "function" ? (answer as (r: Recorded) => unknown)(rec) : answer,
    };
  };
  const server = await startStandInServer(handler);
  return {
    ...server,
    route(path, answer) {
      routes.set(path, answer);
    },
  };
}
