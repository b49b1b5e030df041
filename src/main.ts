// run(): read inputs → read the rollout's state → evaluate gates → decide → record → report, with one catch and
// one publish of one result. Each step belongs to the folder that owns it (docs/architecture.md); the heavy
// parts are loaded only by runs that use them: nothing by an ignored event, the gates' YAML, schema and named
// providers by a run that has gates (they are read, and fail the run, before any API call), the GitHub
// client by a run that acts, the statistics by a comparison with the baseline.

import { redact as redactSecrets } from "./format.ts";
import { formatCommand } from "./io/command.ts";
import { type RunContext, runUrl } from "./io/context.ts";
import { readGatesInput, type Settings } from "./io/inputs.ts";
import { type Admission, admit, type Asked, readRequest } from "./io/request.ts";
import type { GateConfig } from "./gates/config.ts";
import type { GateResult } from "./gates/result.ts";
import { type DecideInput, type Decision, decide, yieldTo } from "./rollout/decide.ts";
import type { RolloutView } from "./rollout/model.ts";
import { type Answer, closeAnswer, failedAnswer, publish, result, type RunResult } from "./report/publish.ts";
import { actionsRuntime, type Runtime } from "./runtime.ts";
import type { GitHubApi } from "./store/port.ts";
import type { Snapshot } from "./store/snapshot.ts";

export interface Dependencies {
  /** Where the run meets the process and the toolkit: the Actions runner's by default. */
  runtime?: Runtime;
  /** The GitHub port (tests): a REST client by default. */
  github?: (settings: Settings, ctx: RunContext) => GitHubApi;
}

export async function run(deps: Dependencies = {}): Promise<void> {
  const rt = deps.runtime ?? actionsRuntime();
  let outcome: RunResult;
  let api: GitHubApi | undefined;
  let answer: Answer | undefined;
  let settings: Settings | undefined;
  let hidden: string[] = [];
  const redact = (text: string) => redactSecrets(text, hidden);
  let link = "";
  try {
    // 1. Inputs: the settings, the event, and the command it means (or why there is nothing to do).
    const request = readRequest(rt);
    if (request.kind === "ignored") {
      outcome = result.ignored(request.reason);
    } else {
      ({ settings } = request);
      link = runUrl(request.ctx);
      const gates = await readGatesInput(settings.gatesText);
      rt.debug(`gates: ${gates.map((g) => `${g.name} (${g.provider})`).join(", ") || "none"}`);
      const secrets = await gateSecrets(gates, rt);
      hidden = [settings.token, ...secrets.values()];
      api = deps.github ? deps.github(settings, request.ctx) : await connectGitHub(settings, request.ctx, rt);
      // A comment is acknowledged or refused before anything else is read.
      const admission: Admission = await admit(request, api, rt);
      answer = admission.answer;
      outcome =
        admission.kind === "answered"
          ? admission.result
          : await roll(admission.asked, { settings, ctx: request.ctx, gates, secrets, api, rt });
      if (answer) answer = closeAnswer(answer, outcome, redact);
    }
  } catch (error) {
    outcome = await result.failed(error);
    if (answer) answer = failedAnswer(answer, outcome, link, redact);
  }
  await publish(outcome, { rt, api, answer, dryRun: settings?.dryRun ?? false });
}

interface Rolling {
  settings: Settings;
  ctx: RunContext;
  gates: GateConfig[];
  secrets: ReadonlyMap<string, string>;
  api: GitHubApi;
  rt: Runtime;
}

/** Steps 2–6 for a command: read the rollout, evaluate its gates if the decision asks, decide, record, report. */
async function roll(asked: Asked, r: Rolling): Promise<RunResult> {
  const { settings, ctx, api, rt } = r;
  rt.info(`Command: ${formatCommand(asked.command)} (${asked.from})`);

  // 2. Where the rollout stands.
  const { readSnapshot } = await import("./store/snapshot.ts");
  const snapshot: Snapshot = await rt.group("Read rollout state", () =>
    readSnapshot(
      api,
      {
        environment: settings.environment,
        repository: ctx,
        stages: settings.stages,
        // A check with no rollout in flight evaluates the version a start would roll out.
        ...((asked.command.kind === "start" || asked.command.kind === "check") && {
          start: {
            ...(asked.startSha && { sha: asked.startSha }),
            ...(settings.ref && { ref: settings.ref }),
          },
        }),
        eventSha: ctx.sha,
      },
      { now: rt.now, sleep: rt.sleep, log: rt.info },
    ),
  );

  // 3–4. The decision, with the gates it asks for. Lists behind the state ref would decide on a past state:
  // nothing is decided then, and no percent is published.
  const step = snapshot.behind
    ? yieldTo(undefined, settings.stages, snapshot.behind)
    : decide(decideInput(asked, snapshot, r));
  let gates: GateResult[] = [];
  let gateWarnings: string[] = [];
  let decision: Decision;
  if (step.kind === "need-gates") {
    const { evaluateRollout } = await import("./gates/run.ts");
    const evaluated = await rt.group("Evaluate gates", () =>
      evaluateRollout(step.rollout, r.gates, {
        environment: settings.environment,
        secrets: r.secrets,
        env: rt.env,
        now: rt.now,
        sleep: rt.sleep,
        log: rt.info,
      }),
    );
    ({ gates, warnings: gateWarnings } = evaluated);
    decision = step.decide(gates, rt.now());
  } else {
    decision = step;
  }
  rt.info(`Decision: ${decision.kind} — ${decision.reason}`);

  // 5. The transition, recorded once, or yielded to a run that moved first.
  let recorded: { decision: Decision; rollout?: RolloutView; warnings: string[] } = {
    decision,
    warnings: [],
  };
  if (decision.record && settings.dryRun) {
    rt.info(`Dry run: would record "${decision.record.event}" at ${decision.percent}%.`);
  } else if (decision.record) {
    const { commit } = await import("./store/commit.ts");
    const committed = await rt.group("Record the transition", () =>
      commit(decision, snapshot, {
        api,
        environment: settings.environment,
        stages: settings.stages,
        repository: ctx,
        baseSha: snapshot.baseSha,
        runId: ctx.runId,
        runAttempt: ctx.runAttempt,
        logUrl: runUrl(ctx),
        now: rt.now,
        sleep: rt.sleep,
        log: rt.info,
        warn: rt.warning,
      }),
    );
    recorded =
      committed.kind === "committed"
        ? { decision: committed.decision, rollout: committed.rollout, warnings: committed.warnings }
        : { decision: committed.decision, warnings: committed.warnings };
  }

  // 6. What the run tells people and later steps.
  const final = recorded.decision;
  const subject = recorded.rollout ?? final.subject;
  const manual = asked.source !== "event";
  return result.decided({
    decision: final,
    ...(subject && { rollout: subject }),
    gates,
    changed: recorded.rollout !== undefined,
    environment: settings.environment,
    command: formatCommand(asked.command),
    ...(manual && { requestedBy: asked.actor }),
    ...(manual && final.record?.note && { note: final.record.note }),
    dryRun: settings.dryRun,
    runUrl: runUrl(ctx),
    now: rt.now(),
    warnings: [...snapshot.warnings, ...gateWarnings, ...recorded.warnings],
  });
}

function decideInput(asked: Asked, snapshot: Snapshot, r: Rolling): DecideInput {
  const { settings, ctx, rt } = r;
  const { state, target } = snapshot;
  const { command } = asked;
  return {
    command,
    source: asked.source,
    ...(state.current && { current: state.current }),
    ...(state.replacing && { replacing: state.replacing }),
    ...(target && { target }),
    stages: settings.stages,
    now: rt.now(),
    bakeTimeSeconds: settings.bakeTimeSeconds,
    ...(settings.stallAfterSeconds !== undefined && { stallAfterSeconds: settings.stallAfterSeconds }),
    force: settings.force || (command.kind === "promote" && command.force === true),
    actor: asked.actor,
    ...(asked.reason && { reason: asked.reason }),
    runId: ctx.runId,
  };
}

/** Every secret the gates use, looked up before any request, and masked in everything the run prints. */
async function gateSecrets(gates: GateConfig[], rt: Runtime): Promise<Map<string, string>> {
  if (gates.length === 0) return new Map();
  const { derivedSecrets, resolveSecrets } = await import("./gates/template.ts");
  const secrets = resolveSecrets(gates, rt.env);
  for (const [name, value] of derivedSecrets(gates, secrets)) secrets.set(name, value);
  for (const value of secrets.values()) rt.setSecret(value);
  return secrets;
}

async function connectGitHub(settings: Settings, ctx: RunContext, rt: Runtime): Promise<GitHubApi> {
  const { connect } = await import("./store/connect.ts");
  return connect({
    token: settings.token,
    apiUrl: ctx.apiUrl,
    owner: ctx.owner,
    repo: ctx.repo,
    now: rt.now,
    debug: rt.debug,
    warning: rt.warning,
  });
}
