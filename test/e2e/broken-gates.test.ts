// A broken gate is a red run (SPEC.md, "Gates"), through dist/index.js: a request the monitoring refuses, a query
// with several series or an answer in no provider's format fails the step, holds the rollout and writes nothing,
// naming the gate, the URL requested (secrets masked) and the provider's message. An outage only holds, with a
// warning. Prometheus's answers come from the stand-in, checked against the real server in
// test/harness/real-prometheus.test.ts; the outages from a server that answers as Prometheus and Thanos do.

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakePrometheus, startFakePrometheus } from "../../harness/monitoring/fake-prometheus.ts";
import { healthy } from "../../harness/traffic.ts";
import type { ActionRun } from "../../harness/runner.ts";
import { describeRun, Scenario } from "../../harness/scenario.ts";
import { codeBlocks } from "../support/gfm.ts";

let prom: FakePrometheus;
let canned: { url: string; server: Server; answer: { status: number; type: string; body: string } };
let s: Scenario | undefined;

beforeAll(async () => {
  prom = await startFakePrometheus({ versions: [healthy] });
  const answer = { status: 200, type: "application/json", body: "" };
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(answer.status, { "content-type": answer.type }).end(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  canned = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, answer };
});
afterAll(async () => {
  await prom.close();
  canned.server.closeAllConnections();
  await new Promise<void>((resolve) => canned.server.close(() => resolve()));
});
afterEach(async () => {
  await s?.close();
  s = undefined;
});

const gate = (url: string, total = 'sum(increase(http_requests_total{version="{{sha}}"}[{{window}}]))') => `
- name: http-5xx
  provider: prometheus
  url: ${url}
  errors: sum(increase(http_requests_total{version="{{sha}}",code=~"5.."}[{{window}}]))
  total: ${total}
  max-error-rate: 0.01
  min-requests: 500
  retries: 0
`;

/** Starts a rollout of the healthy version, lets the stage bake, and runs the scheduled advance. */
async function advanceWith(gates: string, env: Record<string, string> = {}): Promise<ActionRun> {
  s = await Scenario.create(gates);
  const start = await s.push(healthy.sha, {}, { env });
  expect(start.exitCode, describeRun(start)).toBe(0);
  s.wait(31);
  s.github.resetLog();
  return s.schedule({}, { env });
}

function red(r: ActionRun, ...parts: string[]): void {
  expect(r.exitCode, describeRun(r)).toBe(1);
  const said = r.errors.join("\n");
  for (const part of parts) expect(said).toContain(part);
  expect(r.outputs).toMatchObject({ decision: "hold", changed: "false" });
  expect(s?.github.writes()).toEqual([]);
}

describe("a request the monitoring refuses fails the step, writing nothing", () => {
  it("a URL copied from Prometheus's /graph page shows what was requested, the secret masked", async () => {
    const r = await advanceWith(gate(`${prom.url}/graph?g0.expr=up&g0.tab=0&key=\${PROM_KEY}`), {
      PROM_KEY: "k3y-0f-the-tenant",
    });
    red(
      r,
      "holding at stage 1/5 (1%): a gate is misconfigured, so the rollout cannot be judged; fix it, then run command: check — http-5xx: ",
      `prometheus refused the request to ${prom.url}/graph/api/v1/query?g0.expr=up&g0.tab=0&key=\${PROM_KEY}: HTTP 404 with a body that is not Prometheus JSON: 404 page not found; the gate's url is the server's address (such as https://prometheus.example.com), not a page of its web UI`,
    );
    const shown = r.stdout.replace(/^::add-mask::.*$/gm, "") + r.summary + JSON.stringify(r.outputs);
    expect(shown).not.toContain("k3y-0f-the-tenant");
  });

  it("a PromQL syntax error quotes Prometheus's message", async () => {
    const r = await advanceWith(
      gate(prom.url, 'sum(increase(http_requests_total{version="{{sha}}"}[{{window}}])'),
    );
    red(
      r,
      `http-5xx: prometheus refused the request to ${prom.url}/api/v1/query: HTTP 400, bad_data: invalid parameter "query": `,
      "parse error",
    );
  });

  it("on-error: fail does not turn it into a rollback, nor on-error: pass into a pass", async () => {
    for (const policy of ["fail", "pass"]) {
      const r = await advanceWith(`${gate(`${prom.url}/graph`)}  on-error: ${policy}\n`);
      red(r, "a gate is misconfigured, so the rollout cannot be judged", "prometheus refused the request to");
      await s?.close();
      s = undefined;
    }
  });

  it("a promote stops at it too, and force passes it on record", async () => {
    s = await Scenario.create(gate(`${prom.url}/graph`));
    expect((await s.push(healthy.sha)).exitCode).toBe(0);
    s.github.resetLog();
    const blocked = await s.dispatch("promote");
    red(
      blocked,
      "promote blocked at stage 1/5 (1%): a gate is misconfigured, so what it would say is unknown",
    );
    const forced = await s.dispatch("promote", { force: "true", reason: "INC-7" });
    expect(forced.exitCode, describeRun(forced)).toBe(0);
    expect(forced.outputs).toMatchObject({ decision: "advance", percent: "5" });
    expect(s.statusesOf(healthy.sha).at(-1)?.description).toBe(
      "stage 2/5 · 5% · promoted by @release-captain: forced past misconfigured http-5xx; INC-7",
    );
  });

  it("a query answering several series says to aggregate it", async () => {
    canned.answer.status = 200;
    canned.answer.type = "application/json";
    canned.answer.body = JSON.stringify({
      status: "success",
      data: {
        resultType: "vector",
        result: [
          { metric: { code: "200" }, value: [1, "900"] },
          { metric: { code: "500" }, value: [1, "3"] },
        ],
      },
    });
    const r = await advanceWith(gate(canned.url));
    red(
      r,
      `http-5xx: prometheus answered the request to ${canned.url}/api/v1/query, but query returned 2 series; aggregate it to one, for example with sum(...)`,
    );
  });

  it("an answer that is not Prometheus's format (a web page) names it", async () => {
    canned.answer.status = 200;
    canned.answer.type = "text/html";
    canned.answer.body = "<!doctype html><html><title>Grafana</title></html>";
    const r = await advanceWith(gate(canned.url));
    red(
      r,
      `http-5xx: prometheus refused the request to ${canned.url}/api/v1/query: HTTP 200 with a body that is not Prometheus JSON: <!doctype html>`,
    );
  });
});

describe("an outage holds with a warning, the step green", () => {
  it.each([
    [
      "Prometheus timing out",
      503,
      JSON.stringify({ status: "error", errorType: "timeout", error: "query timed out in query execution" }),
      "HTTP 503, timeout: query timed out in query execution",
    ],
    [
      "a Thanos store down, partial answers refused",
      422,
      JSON.stringify({
        status: "error",
        errorType: "execution",
        error:
          "expanding series: proxy Series(): rpc error: code = Aborted desc = No StoreAPIs matched for this query",
      }),
      "HTTP 422, execution: expanding series",
    ],
  ])("%s", async (_what, status, body, said) => {
    canned.answer.status = status;
    canned.answer.type = "application/json";
    canned.answer.body = body;
    const r = await advanceWith(gate(canned.url));
    expect(r.exitCode, describeRun(r)).toBe(0);
    expect(r.outputs).toMatchObject({ decision: "hold", changed: "false" });
    expect(r.warnings.join("\n")).toContain(
      `Gate "http-5xx" (prometheus) is in error: prometheus did not answer usefully: ${said}`,
    );
  });
});

describe("a query that matches nothing", () => {
  it("says so, pointing at the query, and the summary shows it as sent, ready to paste", async () => {
    const r = await advanceWith(
      gate(prom.url, 'sum(increase(http_requests_total{version="v-{{short_sha}}"}[{{window}}]))'),
    );
    expect(r.exitCode, describeRun(r)).toBe(0);
    expect(r.outputs.reason).toContain(
      "http-5xx: the total query matched no series: no requests of this version yet, or a label (such as the version) matches none; the job summary shows the query as sent",
    );
    // The total query as sent: the template filled in, the window in seconds, nothing to edit before pasting.
    const sent = codeBlocks(r.summary).map((b) => b.value);
    const total = new RegExp(
      `^sum\\(increase\\(http_requests_total\\{version="v-${healthy.sha.slice(0, 7)}"\\}\\[\\d+s\\]\\)\\)$`,
    );
    expect(
      sent.filter((q) => total.test(q)),
      sent.join("\n"),
    ).toHaveLength(1);
  });
});
