import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const script = fileURLToPath(new URL("../../../harness/github/serve.ts", import.meta.url));

describe("serve.ts", () => {
  it("runs the stand-in as a separate process that other processes can seed over HTTP", async () => {
    const child = spawn(process.execPath, [script, "--owner", "acme", "--repo", "shop"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const lines = createInterface({ input: child.stdout });
      const [line] = (await once(lines, "line")) as [string];
      const { url } = JSON.parse(line) as { url: string };
      const seeded = await fetch(`${url}/_stand-in/setBranch`, {
        method: "POST",
        body: JSON.stringify({ args: ["main"] }),
      });
      const sha = (await seeded.json()) as string;
      const res = await fetch(`${url}/repos/acme/shop/commits/main`, {
        headers: { authorization: "token t" },
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { sha: string }).sha).toBe(sha);
    } finally {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  });
});
