// What the monitoring-provider stand-ins share: a loopback HTTP server that records every request, faults
// injected for the next N requests (auth failure, rate limit, 5xx, a partial answer, a slow answer), and an
// independent AWS SigV4 verifier. Each provider's stand-in answers in that provider's own shapes.

import { createHash, createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: string;
  /** The status the stand-in answered with (0 while it has not answered). */
  status: number;
}

export type Fault =
  /** The provider's answer to a bad or missing key. */
  | { kind: "auth" }
  /** The provider's 429 (or its throttling answer), with its rate-limit headers. */
  | { kind: "rate-limit"; resetSeconds?: number }
  | { kind: "server-error"; status?: number }
  /** An answer that carries data and an error together, in the provider's shape. */
  | { kind: "partial" }
  /** The answer, but only after `ms`. */
  | { kind: "slow"; ms: number };

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

export type Handler = (req: Recorded, fault: Fault | undefined) => Reply | Promise<Reply>;

export interface StandInServer {
  url: string;
  requests: Recorded[];
  /** Applies `fault` to the next `times` requests. */
  fail(fault: Fault, times?: number): void;
  close(): Promise<void>;
}

export async function startStandInServer(handler: Handler): Promise<StandInServer> {
  const requests: Recorded[] = [];
  const faults: { fault: Fault; left: number }[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const url = new URL(req.url ?? "/", "http://stand-in");
      const rec: Recorded = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        status: 0,
      };
      requests.push(rec);
      const active = faults[0];
      const fault = active?.fault;
      if (active && --active.left <= 0) faults.shift();
      if (fault?.kind === "slow") await wait(fault.ms);
      let reply: Reply;
      try {
        reply = await handler(rec, fault?.kind === "slow" ? undefined : fault);
      } catch (error) {
        reply = { status: 500, body: { error: String(error) } };
      }
      rec.status = reply.status;
      if (res.destroyed) return;
      const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, {
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(text)),
        ...reply.headers,
      });
      res.end(text);
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    fail(fault, times = Number.POSITIVE_INFINITY) {
      faults.push({ fault, left: times });
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------------------------------
// SigV4, verified the way AWS documents it (not with the library the action signs with):
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html

export interface AwsKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const sha256 = (data: string) => createHash("sha256").update(data, "utf8").digest("hex");
const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

function encode(segment: string): string {
  return encodeURIComponent(segment).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Why the request's signature is not valid for these keys, service and region; undefined when it is. */
export function sigv4Problem(
  rec: Recorded,
  keys: AwsKeys,
  service: string,
  region: string,
): { code: string; message: string } | undefined {
  const auth = String(rec.headers.authorization ?? "");
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m) {
    return {
      code: "IncompleteSignatureException",
      message: `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters`,
    };
  }
  const [, keyId, day, scopeRegion, scopeService, signedList, signature] = m as unknown as string[];
  if (keyId !== keys.accessKeyId) {
    return {
      code: "UnrecognizedClientException",
      message: "The security token included in the request is invalid.",
    };
  }
  if (scopeRegion !== region || scopeService !== service) {
    return {
      code: "InvalidSignatureException",
      message: `Credential should be scoped to a valid region and service: ${region}/${service}`,
    };
  }
  if (keys.sessionToken !== undefined && rec.headers["x-amz-security-token"] !== keys.sessionToken) {
    return {
      code: "UnrecognizedClientException",
      message: "The security token included in the request is invalid.",
    };
  }
  const amzDate = String(rec.headers["x-amz-date"] ?? "");
  if (!amzDate.startsWith(day ?? "-")) {
    return {
      code: "IncompleteSignatureException",
      message: "Date in Credential scope does not match X-Amz-Date",
    };
  }
  const signed = (signedList ?? "").split(";");
  if (!signed.includes("host") || !signed.includes("x-amz-date")) {
    return { code: "InvalidSignatureException", message: "host and x-amz-date must be signed" };
  }
  if (keys.sessionToken !== undefined && !signed.includes("x-amz-security-token")) {
    return { code: "InvalidSignatureException", message: "x-amz-security-token must be signed" };
  }
  const canonicalHeaders = signed
    .map(
      (h) =>
        `${h}:${String(rec.headers[h] ?? "")
          .trim()
          .replace(/\s+/g, " ")}\n`,
    )
    .join("");
  // Every service but S3 encodes each path segment a second time.
  const path = rec.path
    .split("/")
    .map((s) => encode(s))
    .join("/");
  const query = [...rec.query.entries()]
    .map(([k, v]) => `${encode(k)}=${encode(v)}`)
    .sort()
    .join("&");
  const canonical = [rec.method, path || "/", query, canonicalHeaders, signedList, sha256(rec.body)].join(
    "\n",
  );
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
  let key = hmac(`AWS4${keys.secretAccessKey}`, day ?? "");
  for (const part of [region, service, "aws4_request"]) key = hmac(key, part);
  const expected = createHmac("sha256", key).update(toSign, "utf8").digest("hex");
  if (expected !== signature) {
    return {
      code: "InvalidSignatureException",
      message:
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
    };
  }
  return undefined;
}

/** HTTP options for provider tests: retry waits are recorded in `sleeps` instead of slept. */
export function recordSleeps(sleeps: number[]) {
  return {
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
  };
}
