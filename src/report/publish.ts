// The one place a run's result leaves it: outputs, the job summary, annotations, the answer on a pull request,
// and the step's failure. main() builds one RunResult and publishes it once.

import { ContextError } from "../io/context.ts";
import { InputError } from "../io/inputs.ts";
import type { Decision } from "../rollout/decide.ts";
import type { Runtime } from "../runtime.ts";
import type { GitHubApi, Reaction } from "../store/port.ts";
import { commentReply, errorReply } from "./comment.ts";
import { outputValues } from "./outputs.ts";
import type { Report } from "./report.ts";
import { summaryMarkdown } from "./summary.ts";

export type RunResult =
  /** Nothing done: an event, or a comment, the action does not act on, or a comment it refused. */
  | { kind: "ignored"; reason: string; notice?: string; failure?: string }
  /** A command carried out: decided, and perhaps recorded. */
  | { kind: "decided"; report: Report }
  /** Stopped by an error before a decision could be reported. */
  | { kind: "failed"; message: string; stack?: string };

/** The answer to a comment command: a reply and a closing reaction (👀 was added when it was accepted). */
export interface Answer {
  issueNumber: number;
  commentId: number;
  /** The command as the comment gave it. */
  asked: string;
  reply?: string;
  reaction?: Reaction;
  /** A refusal: 👎 comes before the reply, and if posting fails the run only warns. */
  refusal?: boolean;
}

/** Errors whose message is the whole story: a stack trace would only hide it. */
function isUserError(error: Error): boolean {
  return error instanceof InputError || error instanceof ContextError || error.name === "SecretError";
}

export const result = {
  ignored(reason: string): RunResult {
    return { kind: "ignored", reason };
  },
  decided(report: Report): RunResult {
    return { kind: "decided", report };
  },
  async failed(error: unknown): Promise<RunResult> {
    // The GitHub client explains its own failures; only a run that got that far has loaded it.
    const { describeError } = await import("../store/client.ts");
    const message = describeError(error);
    const stack = error instanceof Error && !isUserError(error) ? error.stack : undefined;
    return { kind: "failed", message, ...(stack && { stack }) };
  },
};

/** Fills in an accepted comment's answer from the run's result: the reply, and 🚀 or 😕. */
export function closeAnswer(answer: Answer, run: RunResult, redact: (text: string) => string): Answer {
  if (answer.reply !== undefined || run.kind !== "decided") return answer;
  const failed = run.report.decision.error !== undefined;
  return {
    ...answer,
    reply: redact(commentReply(run.report, answer.asked)),
    reaction: failed ? "confused" : "rocket",
  };
}

/** An accepted comment whose run failed: a reply that says so, and 😕. */
export function failedAnswer(
  answer: Answer,
  run: RunResult,
  link: string,
  redact: (text: string) => string,
): Answer {
  const message = run.kind === "failed" ? run.message : "the run failed";
  return { ...answer, reply: errorReply(answer.asked, redact(message), link), reaction: "confused" };
}

export interface Publishing {
  rt: Runtime;
  /** The GitHub port, for the answer; undefined when the run never reached GitHub. */
  api?: GitHubApi | undefined;
  answer?: Answer | undefined;
  dryRun?: boolean;
}

function failureOf(run: RunResult): string | undefined {
  if (run.kind === "failed") return run.message;
  if (run.kind === "ignored") return run.failure;
  return run.report.decision.error;
}

function decisionOf(run: RunResult): { decision: Decision; report?: Report } | undefined {
  if (run.kind === "decided") return { decision: run.report.decision, report: run.report };
  if (run.kind === "ignored") {
    const none: Decision = {
      kind: "none",
      stageIndex: 0,
      stageCount: 0,
      percent: 0,
      previousPercent: 0,
      reason: run.reason,
    };
    return { decision: none };
  }
  return undefined;
}

export async function publish(run: RunResult, p: Publishing): Promise<void> {
  const { rt } = p;
  const decided = decisionOf(run);
  if (run.kind === "ignored") rt.info(`Nothing to do: ${run.reason}.`);
  if (decided) {
    const values = outputValues(decided.report ?? { decision: decided.decision, gates: [], changed: false });
    for (const [name, value] of Object.entries(values)) rt.setOutput(name, value);
  }
  if (run.kind === "decided") {
    await rt.group("Report", async () => {
      for (const w of run.report.warnings) rt.warning(w);
      await rt.summary(summaryMarkdown(run.report));
    });
  }
  if (run.kind === "ignored" && run.notice) rt.notice(run.notice);
  let failure = failureOf(run);
  if (p.answer?.reply !== undefined && p.api) {
    try {
      await answer(p.api, rt, p.answer, p.dryRun ?? false);
    } catch (error) {
      const { describeError } = await import("../store/client.ts");
      if (p.answer.refusal) rt.warning(`The refusal could not be posted: ${describeError(error)}`);
      else failure ??= describeError(error);
    }
  }
  if (failure !== undefined) rt.setFailed(failure);
  if (run.kind === "failed" && run.stack) rt.debug(run.stack);
}

/** The reply and the closing reaction on the comment; in a dry run, only said in the log. */
async function answer(api: GitHubApi, rt: Runtime, a: Answer, dryRun: boolean): Promise<void> {
  const react = async () => {
    if (!a.reaction) return;
    if (dryRun) rt.info(`Dry run: would react ${a.reaction} to comment ${a.commentId}.`);
    else await api.addReaction(a.commentId, a.reaction);
  };
  const reply = async () => {
    if (a.reply === undefined) return;
    if (dryRun) {
      rt.info(`Dry run: would reply on #${a.issueNumber}:\n${a.reply}`);
      return;
    }
    const posted = await api.createComment(a.issueNumber, a.reply);
    rt.info(`Replied on #${a.issueNumber}: ${posted.url}`);
  };
  if (a.refusal) {
    await react();
    await reply();
  } else {
    await reply();
    await react();
  }
}
