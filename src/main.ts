// run(): read inputs → read the rollout's state → evaluate gates → decide → record → report, with one catch and
// one publish of one result. Each step belongs to the folder that owns it (docs/architecture.md); the heavy
// parts are loaded only by runs that use them: nothing by an ignored event, the gates' YAML, schema and named
// providers by a run that has gates (they are read, and fail the run, before any API call), the GitHub
// client by a run that acts, the statistics by a comparison with the baseline.

import { redact as redactSecrets } from "./format.ts";
import { formatCommand } from "./io/command.ts";
import { type RunContext, runUrl } from "./io/context.ts";
import { InputError, readAfterInput, readFreezeInput, readGatesInput, type Settings } from "./io/inputs.ts";
import { INPUTS } from "./io/names.ts";
import { type Admission, admit, type Asked, readRequest } from "./io/request.ts";
import type { GateConfig } from "./gates/config.ts";
import type { GateResult } from "./gates/result.ts";
import type { ReplayRecord } from "./gates/replay.ts";
import type { FreezeAt, FreezeWindow } from "./rollout/freeze.ts";
import { type DecideInput, type Decision, decide, yieldTo } from "./rollout/decide.ts";
import type { RolloutView } from "./rollout/model.ts";
import type { WaveRow } from "./rollout/wave.ts";
import { type Answer, closeAnswer, failedAnswer, publish, result, type RunResult } from "./report/publish.ts";
import { actionsRuntime, type Runtime } from "./runtime.ts";
import type { GitHubApi } from "./store/port.ts";
import type { Snapshot } from "./store/snapshot.ts";
import type { WaveRun } from "./store/upstream.ts";

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
      // `after` and `freeze` are read before any API call too: a bad window fails the run here.
      const after = await readAfterInput(settings.afterText, settings.environment);
      const freeze = await readFreezeInput(settings.freezeText);
      const secrets = await gateSecrets(gates, rt);
      hidden = [settings.token, ...secrets.values()];
      api = deps.github ? deps.github(settings, request.ctx) : await connectGitHub(settings, request.ctx, rt);
      // A comment is acknowledged or refused before anything else is read.
      const admission: Admission = await admit(request, api, rt);
      answer = admission.answer;
      outcome =
        admission.kind === "answered"
          ? admission.result
          : await roll(admission.asked, {
              settings,
              ctx: request.ctx,
              gates,
              secrets,
              api,
              rt,
              after,
              freeze,
            });
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
  /** The environments this one follows, and the freeze windows: empty when not given. */
  after: string[];
  freeze: FreezeWindow[];
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

  if (asked.command.kind === "replay") return replay(asked, snapshot, r);

  // 2b. With `after`: where the environments it follows stand, and what the wave says. With `freeze`: the calendar.
  const wave = r.after.length > 0 && !snapshot.behind ? await readWaveOf(asked, snapshot, r) : undefined;
  const calendar = r.freeze.length > 0 ? await freezeCalendar(r) : undefined;

  // 3–4. The decision, with the gates it asks for. Lists behind the state ref would decide on a past state:
  // nothing is decided then, and no percent is published.
  const step = snapshot.behind
    ? yieldTo(undefined, settings.stages, snapshot.behind)
    : decide(decideInput(asked, snapshot, r, wave, calendar));
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
        // A start the wave picked names a commit of its own; the event's (a schedule's) may be anything.
        baseSha: wave?.decision.kind === "start" ? wave.decision.sha : snapshot.baseSha,
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
    warnings: [
      ...snapshot.warnings,
      ...(wave?.decision.warnings ?? []),
      ...gateWarnings,
      ...recorded.warnings,
    ],
    ...(wave && { wave: wave.rows }),
    ...(calendar && { freeze: calendar }),
  });
}

/** `replay`: the gates over the environment's last finished rollouts. Reads GitHub, asks providers, writes nothing. */
async function replay(asked: Asked, snapshot: Snapshot, r: Rolling): Promise<RunResult> {
  const { settings, ctx, api, rt } = r;
  if (r.gates.length === 0) {
    throw new InputError(`${INPUTS.gates}: is empty; replay runs the configured gates over past rollouts`);
  }
  const { readFinishedRollouts } = await import("./store/history.ts");
  const { replayRollouts } = await import("./gates/replay.ts");
  const rollouts = await rt.group("Read finished rollouts", () =>
    readFinishedRollouts(api, settings.environment, ctx, settings.replayCount),
  );
  const record = await rt.group("Replay the gates", () =>
    replayRollouts(rollouts, r.gates, {
      environment: settings.environment,
      bakeSeconds: settings.bakeTimeSeconds,
      count: settings.replayCount,
      secrets: r.secrets,
      env: rt.env,
      now: rt.now,
      sleep: rt.sleep,
      log: rt.info,
    }),
  );
  // The outputs say where the environment stands, as `status` would, so an apply step beside it re-applies the
  // real desired state; lists behind the state ref publish none.
  const status = snapshot.behind
    ? yieldTo(undefined, settings.stages, snapshot.behind)
    : decide(decideInput({ ...asked, command: { kind: "status" } }, snapshot, r));
  if (status.kind === "need-gates") throw new Error("status asked for gates");
  const misconfigured = misconfiguredIn(record);
  const decision: Decision = {
    ...status,
    reason: record.summary.sentence,
    ...(misconfigured && { error: `${record.summary.sentence}; misconfigured: ${misconfigured}` }),
  };
  return result.decided({
    decision,
    ...(decision.subject && { rollout: decision.subject }),
    gates: [],
    changed: false,
    environment: settings.environment,
    command: "replay",
    dryRun: settings.dryRun,
    runUrl: runUrl(ctx),
    now: rt.now(),
    warnings: [],
    replay: record,
  });
}

/** The gates a replay found misconfigured (a request the provider refused), once each: the replay's run fails. */
function misconfiguredIn(record: ReplayRecord): string | undefined {
  const broken = new Map<string, string>();
  for (const g of record.rollouts.flatMap((x) => x.stages.flatMap((st) => st.gates)))
    if (g.misconfigured && !broken.has(g.name)) broken.set(g.name, g.message);
  return broken.size === 0
    ? undefined
    : [...broken].map(([name, message]) => `${name}: ${message}`).join("; ");
}

/** The wave's reads of the `after` environments (store/upstream.ts), and its rows for the report. */
async function readWaveOf(
  asked: Asked,
  snapshot: Snapshot,
  r: Rolling,
): Promise<WaveRun & { rows: WaveRow[] }> {
  const { settings, ctx, api, rt } = r;
  const [{ readWave }, { waveTrigger, waveView }] = await Promise.all([
    import("./store/upstream.ts"),
    import("./rollout/wave.ts"),
  ]);
  const here = snapshot.state.current;
  const run = await rt.group(`Read the wave (after ${r.after.join(", ")})`, () =>
    readWave(api, {
      environment: settings.environment,
      after: r.after,
      trigger: waveTrigger(asked.command.kind, asked.source, ctx.eventName),
      here,
      sha: snapshot.target?.sha,
      earlier: snapshot.target?.earlier,
      repository: ctx,
    }),
  );
  return { ...run, rows: waveView(settings.environment, here, run.upstreams) };
}

/** The freeze in force now, and the next window within the bake time (rollout/freeze.ts, loaded with the input). */
async function freezeCalendar(r: Rolling): Promise<FreezeAt> {
  const { freezeAt } = await import("./rollout/freeze.ts");
  return freezeAt(r.freeze, r.rt.now(), r.settings.bakeTimeSeconds);
}

function decideInput(
  asked: Asked,
  snapshot: Snapshot,
  r: Rolling,
  wave?: WaveRun,
  calendar?: FreezeAt,
): DecideInput {
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
    ...(wave && { wave: wave.decision }),
    ...(calendar?.inForce && { freeze: calendar.inForce }),
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
