import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type HttpRequest, ProviderError, send } from "../../../src/gates/request.ts";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

interface Local {
  url: string;
  seen: Seen[];
  close(): Promise<void>;
}

const servers: Server[] = [];

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    if (s.listening) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
});

/** A local server whose handler gets the 0-based index of each request. */
async function serve(
  handler: (n: number, req: IncomingMessage, res: ServerResponse) => void | Promise<void>,
): Promise<Local> {
  const seen: Seen[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const n = seen.length;
    seen.push({
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
    });
    await handler(n, req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/path`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function recorder() {
  const sleeps: number[] = [];
  return {
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
  };
}

const request = (url: string, extra: Partial<HttpRequest> = {}): HttpRequest => ({
  url,
  method: "POST",
  headers: { "content-type": "text/plain", "x-test": "1" },
  body: "hello",
  timeoutMs: 2000,
  retries: 2,
  ...extra,
});

async function rejection(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error("expected a ProviderError");
}

describe("send", () => {
  it("sends method, headers and body and returns status, headers and text", async () => {
    const local = await serve((_n, _req, res) => {
      res.setHeader("x-answer", "42");
      res.end("world");
    });
    const { sleep, sleeps } = recorder();
    const res = await send(request(local.url), { sleep });
    expect(res.status).toBe(200);
    expect(res.text).toBe("world");
    expect(res.headers.get("x-answer")).toBe("42");
    expect(local.seen).toHaveLength(1);
    expect(local.seen[0]).toMatchObject({ method: "POST", url: "/path", body: "hello" });
    expect(local.seen[0]?.headers["x-test"]).toBe("1");
    expect(sleeps).toEqual([]);
  });

  it("retries a 5xx and returns the success that follows", async () => {
    const local = await serve((n, _req, res) => {
      res.statusCode = n === 0 ? 503 : 200;
      res.end(n === 0 ? "busy" : "ok");
    });
    const { sleep, sleeps } = recorder();
    const res = await send(request(local.url), { sleep, backoffMs: 100 });
    expect(res).toMatchObject({ status: 200, text: "ok" });
    expect(local.seen).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(50);
    expect(sleeps[0]).toBeLessThanOrEqual(100);
  });

  it("doubles the backoff on each retry, with jitter of at most half", async () => {
    const local = await serve((_n, _req, res) => {
      res.statusCode = 500;
      res.end();
    });
    const { sleep, sleeps } = recorder();
    await send(request(local.url, { retries: 3 }), { sleep, backoffMs: 100 });
    expect(sleeps).toHaveLength(3);
    sleeps.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(50 * 2 ** i);
      expect(ms).toBeLessThanOrEqual(100 * 2 ** i);
    });
  });

  it("retries 408 too", async () => {
    const local = await serve((n, _req, res) => {
      res.statusCode = n === 0 ? 408 : 200;
      res.end();
    });
    const { sleep } = recorder();
    expect((await send(request(local.url), { sleep })).status).toBe(200);
    expect(local.seen).toHaveLength(2);
  });

  it("honours Retry-After in seconds on a 429", async () => {
    const local = await serve((n, _req, res) => {
      if (n === 0) {
        res.writeHead(429, { "retry-after": "7" });
        res.end("slow down");
      } else res.end("ok");
    });
    const { sleep, sleeps } = recorder();
    const res = await send(request(local.url), { sleep, backoffMs: 1 });
    expect(res.status).toBe(200);
    expect(sleeps).toEqual([7000]);
  });

  it("honours Retry-After as an HTTP date", async () => {
    const local = await serve((n, _req, res) => {
      if (n === 0) {
        res.writeHead(503, { "retry-after": new Date(Date.now() + 10_000).toUTCString() });
        res.end();
      } else res.end("ok");
    });
    const { sleep, sleeps } = recorder();
    await send(request(local.url), { sleep, backoffMs: 1 });
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(7000);
    expect(sleeps[0]).toBeLessThanOrEqual(10_000);
  });

  it("caps Retry-After at 30 seconds and ignores a nonsensical one", async () => {
    const local = await serve((n, _req, res) => {
      res.writeHead(429, { "retry-after": n === 0 ? "3600" : "soon" });
      res.end();
    });
    const { sleep, sleeps } = recorder();
    const res = await send(request(local.url, { retries: 2 }), { sleep, backoffMs: 100 });
    expect(res.status).toBe(429);
    expect(sleeps[0]).toBe(30_000);
    expect(sleeps[1]).toBeGreaterThanOrEqual(100);
    expect(sleeps[1]).toBeLessThanOrEqual(200);
  });

  it("makes a bounded number of attempts and then returns the last answer", async () => {
    const local = await serve((_n, _req, res) => {
      res.statusCode = 502;
      res.end("<html>Bad Gateway</html>");
    });
    const { sleep, sleeps } = recorder();
    const res = await send(request(local.url, { retries: 2 }), { sleep });
    expect(res).toMatchObject({ status: 502, text: "<html>Bad Gateway</html>" });
    expect(local.seen).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it("makes exactly one attempt with retries: 0", async () => {
    const local = await serve((_n, _req, res) => {
      res.statusCode = 503;
      res.end();
    });
    const { sleep } = recorder();
    expect((await send(request(local.url, { retries: 0 }), { sleep })).status).toBe(503);
    expect(local.seen).toHaveLength(1);
  });

  it.each([400, 401, 403, 404, 422])("does not retry a %d", async (status) => {
    const local = await serve((_n, _req, res) => {
      res.statusCode = status;
      res.end("{}");
    });
    const { sleep, sleeps } = recorder();
    expect((await send(request(local.url), { sleep })).status).toBe(status);
    expect(local.seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("gives up on a server that never answers in time, after every attempt", async () => {
    const local = await serve(async (_n, _req, res) => {
      await delay(1500);
      res.end("late");
    });
    const { sleep, sleeps } = recorder();
    const started = performance.now();
    const error = await rejection(send(request(local.url, { timeoutMs: 150, retries: 1 }), { sleep }));
    expect(error.message).toBe("no answer within 0.15s");
    expect(error.retryable).toBe(true);
    expect(local.seen).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(1200);
  });

  it("retries after a timeout and takes the answer that comes in time", async () => {
    const local = await serve(async (n, _req, res) => {
      if (n === 0) await delay(1000);
      res.end("ok");
    });
    const { sleep } = recorder();
    const res = await send(request(local.url, { timeoutMs: 200 }), { sleep });
    expect(res.text).toBe("ok");
    expect(local.seen).toHaveLength(2);
  });

  it("times out a body that never finishes", async () => {
    const local = await serve((_n, _req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"status":');
    });
    const { sleep } = recorder();
    const error = await rejection(send(request(local.url, { timeoutMs: 200, retries: 0 }), { sleep }));
    expect(error.message).toBe("no complete answer within 0.2s");
  });

  it("retries a connection reset and returns the next answer", async () => {
    const local = await serve((n, req, res) => {
      if (n === 0) req.socket.destroy();
      else res.end("ok");
    });
    const { sleep } = recorder();
    const res = await send(request(local.url), { sleep });
    expect(res.text).toBe("ok");
    expect(local.seen).toHaveLength(2);
  });

  it("says the connection failed when every attempt is reset", async () => {
    const local = await serve((_n, req) => {
      req.socket.destroy();
    });
    const { sleep, sleeps } = recorder();
    const error = await rejection(send(request(local.url, { retries: 2 }), { sleep }));
    expect(error.message).toMatch(/^cannot connect: /);
    expect(error.retryable).toBe(true);
    expect(local.seen).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it("says the connection dropped when it breaks in the middle of the body", async () => {
    const local = await serve((_n, _req, res) => {
      res.writeHead(200, { "content-length": "1000" });
      res.write("partial");
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const { sleep } = recorder();
    const error = await rejection(send(request(local.url, { retries: 0 }), { sleep }));
    expect(error.message).toMatch(/^connection dropped while reading the answer: /);
  });

  it("reports a refused connection by its code, after retrying", async () => {
    const local = await serve(() => {});
    await local.close();
    const { sleep, sleeps } = recorder();
    const error = await rejection(send(request(local.url, { retries: 1 }), { sleep }));
    expect(error.message).toBe("cannot connect: ECONNREFUSED");
    expect(sleeps).toHaveLength(1);
  });

  it("refuses a body declared larger than 8 MiB without retrying", async () => {
    const local = await serve((_n, _req, res) => {
      res.writeHead(200, { "content-length": String(9 * 1024 * 1024) });
      res.write("x".repeat(1024));
    });
    const { sleep, sleeps } = recorder();
    const error = await rejection(send(request(local.url), { sleep }));
    expect(error.message).toBe("response of 9437184 bytes is larger than the 8388608 accepted");
    expect(error.retryable).toBe(false);
    expect(local.seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("refuses a chunked body that turns out larger than 8 MiB", async () => {
    const local = await serve((_n, _req, res) => {
      res.writeHead(200);
      res.end("x".repeat(9 * 1024 * 1024));
    });
    const { sleep } = recorder();
    const error = await rejection(send(request(local.url), { sleep }));
    expect(error.message).toMatch(/^response of \d+ characters is larger than the 8388608 accepted$/);
    expect(local.seen).toHaveLength(1);
  });

  it("does not follow redirects (headers with secrets must not go elsewhere)", async () => {
    const target = await serve((_n, _req, res) => {
      res.end("followed");
    });
    const local = await serve((_n, _req, res) => {
      res.writeHead(302, { location: target.url });
      res.end();
    });
    const { sleep } = recorder();
    await rejection(send(request(local.url, { retries: 0 }), { sleep }));
    expect(target.seen).toHaveLength(0);
  });

  it("uses the injected fetch", async () => {
    const calls: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      calls.push(String(input));
      return new Response("fake", { status: 200 });
    };
    const res = await send(request("http://example.invalid/x"), { fetch: fakeFetch });
    expect(res.text).toBe("fake");
    expect(calls).toEqual(["http://example.invalid/x"]);
  });
});
