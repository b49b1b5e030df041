// `node bench/comments.ts` (part of `npm run bench`): the GitHub API calls one `/rollout` comment costs, run
// through the bundled action (dist/index.js) against the GitHub stand-in, for the commands and refusals that
// read different things: a report, a transition, a start (which reads the pull request and its head commit's
// date), a fork's start (refused before the date is read), a refused commenter and a token GitHub will not
// show permissions to. Prints one line per case and merges the counts into bench-results.json under
// "comments". Exits 1 when a run ends otherwise than expected.

import { createHash } from "node:crypto";
import { commentEvent } from "../harness/events.ts";
import { Scenario } from "../harness/scenario.ts";
import { mergeResults } from "./results.ts";

const PR = 7;
const FORK_PR = 8;

interface Case {
  name: string;
  body: string;
  user: string;
  issueNumber: number;
  prepare?: (s: Scenario) => void;
  exitCode: number;
  reactions: string[];
}

interface Counted {
  name: string;
  reads: number;
  writes: number;
  byOperation: Record<string, number>;
}

function shaOf(name: string): string {
  return createHash("sha1").update(`phased-rollout comments bench ${name}`).digest("hex");
}

const CASES: Case[] = [
  {
    name: "status",
    body: "/rollout status",
    user: "dev",
    issueNumber: PR,
    exitCode: 0,
    reactions: ["eyes", "rocket"],
  },
  {
    name: "pause",
    body: "/rollout pause",
    user: "dev",
    issueNumber: PR,
    exitCode: 0,
    reactions: ["eyes", "rocket"],
  },
  {
    name: "start",
    body: "/rollout start",
    user: "dev",
    issueNumber: PR,
    exitCode: 0,
    reactions: ["eyes", "rocket"],
  },
  {
    name: "start on a fork (refused)",
    body: "/rollout start",
    user: "dev",
    issueNumber: FORK_PR,
    exitCode: 0,
    reactions: ["eyes", "-1"],
  },
  {
    name: "commenter without the role (refused)",
    body: "/rollout pause",
    user: "visitor",
    issueNumber: PR,
    exitCode: 0,
    reactions: ["-1"],
  },
  {
    name: "token without push access (refused, step fails)",
    body: "/rollout pause",
    user: "dev",
    issueNumber: PR,
    prepare: (s) => {
      s.github.setPushAccess("github-actions[bot]", false);
    },
    exitCode: 1,
    reactions: ["-1"],
  },
];

async function measure(c: Case): Promise<Counted> {
  // No gates: what is counted is the comment's own cost, not a monitoring provider's.
  const s = await Scenario.create("");
  try {
    const rolling = shaOf("rolling");
    const head = shaOf("head");
    s.github.setCollaborator("dev", "write");
    s.github.addCommit({ sha: head, date: new Date(Date.now() - 600_000) });
    s.github.addPullRequest({ number: PR, headSha: head });
    s.github.addPullRequest({ number: FORK_PR, headSha: head, fork: true, author: "outsider" });
    if (c.name !== "start") {
      const pushed = await s.push(rolling);
      if (pushed.exitCode !== 0) throw new Error(`seeding push failed:\n${pushed.stdout}`);
    }
    c.prepare?.(s);
    const seeded = s.github.seedComment({ issueNumber: c.issueNumber, body: c.body, user: c.user });
    const payload = commentEvent({
      issueNumber: c.issueNumber,
      commentId: seeded.id,
      body: c.body,
      user: c.user,
      createdAt: seeded.createdAt,
    });
    s.github.resetLog();
    const run = await s.run("issue_comment", payload, "d".repeat(40), { gates: "" }, { actor: c.user });
    const reactions = s.github.reactions(seeded.id).map((r) => r.content);
    if (run.exitCode !== c.exitCode || reactions.join() !== c.reactions.join()) {
      throw new Error(
        `${c.name}: exit ${String(run.exitCode)}, reactions ${reactions.join(" ")}; expected exit ${c.exitCode}, ${c.reactions.join(" ")}\n${run.stdout}`,
      );
    }
    s.github.assertNoInvalidRequests();
    const log = s.github.log();
    const byOperation: Record<string, number> = {};
    for (const e of log)
      byOperation[e.operationId ?? e.path] = (byOperation[e.operationId ?? e.path] ?? 0) + 1;
    return {
      name: c.name,
      reads: log.filter((e) => !e.write).length,
      writes: log.filter((e) => e.write).length,
      byOperation,
    };
  } finally {
    await s.close();
  }
}

async function main(): Promise<void> {
  const counted: Counted[] = [];
  const problems: string[] = [];
  console.log("GitHub API calls per /rollout comment (no gates; the bundled action against the stand-in)");
  for (const c of CASES) {
    try {
      const r = await measure(c);
      counted.push(r);
      const ops = Object.entries(r.byOperation)
        .map(([op, n]) => `${op} ×${n}`)
        .join(", ");
      console.log(`  ${r.name}: ${r.reads} reads, ${r.writes} writes (${ops})`);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  mergeResults("comments", { timestamp: new Date().toISOString(), apiCallsPerComment: counted, problems });
  console.log('Figures written to bench-results.json ("comments").');
  if (problems.length > 0) {
    console.error(`\n${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    process.exitCode = 1;
  }
}

await main();
