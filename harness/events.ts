// Event payloads for the runner, based on GitHub's own webhook examples with the fields a test cares about set.

import examples from "@octokit/webhooks-examples" with { type: "json" };

type Payload = Record<string, unknown>;

function example(name: string, action?: string): Payload {
  const entry = (examples as unknown as { name: string; examples: Payload[] }[]).find((e) => e.name === name);
  const found = entry?.examples.find((e) => action === undefined || e.action === action);
  if (!found) throw new Error(`no webhook example for ${name}${action ? `.${action}` : ""}`);
  return structuredClone(found);
}

export function pushEvent(sha: string): Payload {
  const p = example("push");
  return { ...p, after: sha, head_commit: { ...(p.head_commit as Payload), id: sha } };
}

export function releaseEvent(sha: string): Payload {
  const p = example("release", "published");
  return { ...p, release: { ...(p.release as Payload), target_commitish: sha } };
}

export function workflowRunEvent(headSha: string): Payload {
  const p = example("workflow_run", "completed");
  return {
    ...p,
    workflow_run: { ...(p.workflow_run as Payload), head_sha: headSha, conclusion: "success" },
  };
}

export function dispatchEvent(inputs: Record<string, string>): Payload {
  return { ...example("workflow_dispatch"), inputs };
}

/** GitHub sends schedule runs a payload with only the cron line. */
export function scheduleEvent(): Payload {
  return { schedule: "*/15 * * * *" };
}

export interface CommentOptions {
  issueNumber: number;
  commentId: number;
  body: string;
  user: string;
  userType?: "User" | "Bot" | "Organization";
  action?: "created" | "edited" | "deleted";
  onPullRequest?: boolean;
  merged?: boolean;
  /** `comment.created_at`: GitHub sends the event when the comment is made, so now when omitted. */
  createdAt?: string;
}

/** An `issue_comment` payload; on a pull request the issue carries a `pull_request` object, as GitHub sends. */
export function commentEvent(o: CommentOptions): Payload {
  const p = example("issue_comment", o.action ?? "created");
  const issue = { ...(p.issue as Payload), number: o.issueNumber } as Payload;
  if (o.onPullRequest ?? true) {
    issue.pull_request = {
      url: `https://api.github.com/repos/octo-org/shop/pulls/${o.issueNumber}`,
      html_url: `https://github.com/octo-org/shop/pull/${o.issueNumber}`,
      merged_at: o.merged ? "2026-11-21T00:00:00Z" : null,
    };
  } else {
    delete issue.pull_request;
  }
  const comment = p.comment as Payload;
  const user = { ...(comment.user as Payload), login: o.user, type: o.userType ?? "User" };
  const createdAt = o.createdAt ?? new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  return {
    ...p,
    issue,
    comment: {
      ...comment,
      id: o.commentId,
      body: o.body,
      user,
      created_at: createdAt,
      updated_at: createdAt,
    },
    sender: user,
  };
}
