// Runs the stand-in as its own process for benchmarks and demos:
//   node harness/github/serve.ts [--port 0] [--owner o] [--repo r] [--rate-limit n]
// It prints one JSON line, {"url": ...}, then serves until SIGINT/SIGTERM; seed and inspect it
// through /_stand-in/... (GET /_stand-in lists the callable methods).
import { parseArgs } from "node:util";
import { startGitHubStandIn } from "./stand-in.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    host: { type: "string", default: "127.0.0.1" },
    owner: { type: "string" },
    repo: { type: "string" },
    "rate-limit": { type: "string" },
    visibility: { type: "string" },
  },
});

const standIn = await startGitHubStandIn({
  host: values.host,
  port: Number(values.port),
  ...(values.owner ? { owner: values.owner } : {}),
  ...(values.repo ? { repo: values.repo } : {}),
  ...(values["rate-limit"] ? { rateLimit: Number(values["rate-limit"]) } : {}),
  ...(values.visibility === "private" || values.visibility === "public"
    ? { visibility: values.visibility }
    : {}),
});
console.log(JSON.stringify({ url: standIn.url, owner: standIn.owner, repo: standIn.repo }));

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    standIn.close().then(() => process.exit(0));
  });
}
