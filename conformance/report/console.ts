// Console output: a line per scenario in selection order whatever the concurrency (on a TTY, a live line below
// shows which scenarios are running; plain lines otherwise or under CI) and the closing summary — counts and
// coverage, every failure grouped by check with its source and link (each with the later failures of its scenario
// that follow from it shown under it), the advisories (contract decisions where the docs are silent) grouped by
// source, expected failures, skips with their reasons, the readings the server took, throttling, why the run
// stopped early and cleanup. A run judging more than Exchange names each scenario's workload and groups the
// workloads' outcomes and failures. Every line goes through the run's redaction.
import picocolors from "picocolors";
import { WORKLOADS, type WorkloadName } from "../../src/contract/workloads.ts";
import { patchesJudged } from "../runner/coverage.ts";
import { namesWorkloads, type RunReport, type ScenarioOutcome, scenarioLabel } from "./run-report.ts";
import type { Scenario } from "../vocabulary/scenario.ts";
import type { CheckResult } from "../vocabulary/check-result.ts";
import type { Redact } from "../vocabulary/redaction.ts";
import type { Source } from "../vocabulary/source-registry.ts";
import { ACTIVATE_OPERATION } from "../../src/contract/wire-names.ts";
import { RUNNER_COMMAND } from "../vocabulary/conformance-data.ts";
import { consequencesOf, isConsequence } from "../runner/consequences.ts";

type Colors = ReturnType<typeof picocolors.createColors>;

export interface ConsoleOptions {
  write: (text: string) => void;
  /** Rewrite the progress line in place (an interactive terminal, not CI). */
  interactive: boolean;
  color: boolean;
  redact: Redact;
  /** Name each scenario's workload (the run may judge more than Exchange). */
  showWorkloads?: boolean;
}

const KIND_LABELS: Record<Source["kind"], string> = {
  docs: "Microsoft docs",
  odata: "OData",
  http: "HTTP",
  contract: "contract decision",
};

/** Where a row's assertion comes from, with its link: `[Microsoft docs: https://…]`. */
export function sourceTag(result: CheckResult, report: Pick<RunReport, "sources">): string {
  const source = result.source === null ? undefined : report.sources[result.source];
  if (!source) return "";
  return ` [${KIND_LABELS[source.kind]}${source.kind === "contract" ? ` ${result.source}` : ""}: ${source.url}]`;
}

/** A row in one line; `label` shows its scenario (its id, or its id and workload). */
export function resultLine(result: CheckResult, label: (row: CheckResult) => string = (row) => row.scenario): string {
  const scenario = label(result);
  if (result.step === null) return `${scenario}: ${result.message}`;
  if (result.check === null) return `${scenario} › ${result.step}: ${result.message}`;
  return `${scenario} › ${result.step}: ${result.check}: ${result.message}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

const LIVE_NAMES = 3;
/** The reason of a scenario the run's stop left out (run/scenario-runs.ts). */
const NOT_RUN_STOPPED = "not run: the run stopped";

export function createProgress(options: ConsoleOptions) {
  const c: Colors = picocolors.createColors(options.color);
  const out = (text: string) => options.write(options.redact(text));
  const running: string[] = [];
  let notGraphSaid = false;
  // Reasons a scenario was skipped before it sent anything (writes not allowed, an expected skip, …), once said.
  const skipReasonsSaid = new Set<string>();
  const live = () => {
    if (!options.interactive) return;
    const shown = running.slice(0, LIVE_NAMES).join(", ");
    const more = running.length > LIVE_NAMES ? ` +${running.length - LIVE_NAMES}` : "";
    out(`\r\x1b[2K${running.length ? c.dim(`… ${shown}${more}`) : ""}`);
  };
  return {
    /** A scenario started (any order). */
    start(scenario: Scenario): void {
      running.push(scenario.id);
      live();
    },
    /** A scenario finished (completion order); its line comes with end(). */
    done(scenario: Scenario): void {
      const index = running.indexOf(scenario.id);
      if (index >= 0) running.splice(index, 1);
      live();
    },
    /** A scenario's outcome (selection order). Scenarios a stop left out are not listed one by one (the summary
     *  names them in one group), nor are scenarios skipped before they ran for a reason already said; once the
     *  run stopped because the target is not Graph, no outcome is: they all follow from that, which the summary
     *  explains. */
    end(outcome: ScenarioOutcome, stoppedBy?: string): void {
      const clear = options.interactive ? "\r\x1b[2K" : "";
      if (stoppedBy === "not-graph") {
        if (!notGraphSaid)
          out(`${clear}… the target does not answer like Microsoft Graph: the run stops (see the summary)\n`);
        notGraphSaid = true;
        return;
      }
      if (outcome.status === "skipped" && outcome.reason?.startsWith(NOT_RUN_STOPPED)) return;
      const name =
        options.showWorkloads && outcome.workload ? `${outcome.scenario} [${outcome.workload}]` : outcome.scenario;
      const total = outcome.checks.passed + outcome.checks.failed + outcome.checks.advisories + outcome.checks.skipped;
      const checks = `${total} checks${outcome.checks.advisories ? `, ${outcome.checks.advisories} advisor${outcome.checks.advisories === 1 ? "y" : "ies"}` : ""}`;
      if (outcome.status === "skipped") {
        // A scenario skipped before it ran gets a line for the first scenario with its reason only: the others
        // with the same reason are one group in the summary (a read-only run would list some forty).
        const reason = outcome.reason ?? "";
        const neverRan = outcome.checks.passed + outcome.checks.failed + outcome.checks.advisories === 0;
        if (neverRan && skipReasonsSaid.has(reason)) return;
        if (neverRan) skipReasonsSaid.add(reason);
        out(`${clear}${options.interactive ? c.yellow("○") : "SKIP"} ${name}${c.dim(`: ${reason}`)}\n`);
      } else if (outcome.status === "failed") {
        out(
          `${clear}${options.interactive ? c.red("✗") : "FAIL"} ${name} ${c.dim(`(${outcome.checks.failed} of ${checks} failed, ${Math.round(outcome.durationMs)} ms)`)}\n`,
        );
      } else {
        out(
          `${clear}${options.interactive ? c.green("✓") : "PASS"} ${name} ${c.dim(`(${checks}, ${Math.round(outcome.durationMs)} ms)`)}\n`,
        );
      }
      if (running.length) live();
    },
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item);
    groups.set(name, [...(groups.get(name) ?? []), item]);
  }
  return groups;
}

function coverageLine(report: RunReport): string {
  const { levels, notSelected, judgedSteps, exploredSteps, workloads, notChecked, explorationNotRun } = report.coverage;
  const level = (name: "schema" | "behavior", extra = 0) =>
    `${name} ${levels[name].ran} of ${levels[name].selected + extra} ran`;
  const patches = patchesJudged(judgedSteps);
  const explored = exploredSteps
    ? ` · exploration ${exploredSteps} steps`
    : explorationNotRun
      ? ` · ${explorationNotRun}`
      : "";
  const unchecked = notChecked
    ? ` · ${notChecked} check${notChecked === 1 ? "" : "s"} not made (the runner's own bounds)`
    : "";
  const notServed = workloads.notServed.length
    ? ` (not served: ${workloads.notServed.map((entry) => entry.workload).join(", ")})`
    : "";
  const judged = `workload${workloads.judged.length === 1 ? "" : "s"} ${workloads.judged.join(", ") || "none"}${notServed}`;
  return `${judged} · ${level("schema")} · ${level("behavior", notSelected)}${explored} · PATCH judged in ${patches} step${patches === 1 ? "" : "s"}${unchecked}`;
}

/** Per workload judged: its scenarios' outcomes and PATCH steps; each workload not served, and why. */
function workloadLines(report: RunReport, c: Colors): string[] {
  const { judged, notServed } = report.coverage.workloads;
  if (!namesWorkloads(report) && notServed.length === 0) return [];
  const lines = [c.bold("Workloads:")];
  for (const workload of judged) {
    const outcomes = report.scenarios.filter((outcome) => outcome.workload === workload);
    const count = (status: ScenarioOutcome["status"]) => outcomes.filter((outcome) => outcome.status === status).length;
    const failed = count("failed");
    const patches = patchesJudged(report.coverage.judgedSteps, workload);
    lines.push(
      `  ${WORKLOADS[workload].title} (${workload}): ${outcomes.length} scenarios: ${count("passed")} passed, ${failed ? c.red(`${failed} failed`) : "0 failed"}, ${count("skipped")} skipped · PATCH judged in ${patches} step${patches === 1 ? "" : "s"}`,
    );
  }
  for (const entry of notServed)
    lines.push(c.yellow(`  ${WORKLOADS[entry.workload].title} (${entry.workload}): not served — ${entry.reason}`));
  return lines;
}

/** The command that replays a shrunk failure saved as `<scenario>.yaml`, against this run's target. */
export function replayCommand(
  report: RunReport,
  failure: { scenario: string; yaml: string; workload?: WorkloadName },
): string {
  const guarded = report.target.kind === "url";
  const activates = failure.yaml.includes(ACTIVATE_OPERATION);
  // A URL run judges Exchange unless told otherwise; the other targets judge every workload.
  const workload =
    guarded && failure.workload && failure.workload !== "exchange" ? [`--workload ${failure.workload}`] : [];
  return [
    RUNNER_COMMAND,
    `--target ${report.target.name}`,
    ...workload,
    ...(guarded ? ['--token "$TOKEN" --allow-writes'] : []),
    ...(guarded && activates ? ["--allow-activate"] : []),
    // Only the saved sequence: a run with writes allowed would explore too.
    "--no-explore",
    `--scenarios ${failure.scenario}.yaml`,
  ].join(" ");
}

/** The exploration: what it covered, and a shrunk failure as a scenario to replay (its readings are the run's). */
function explorationLines(report: RunReport, c: Colors): string[] {
  const exploration = report.exploration;
  if (!exploration) return [];
  const lines = [""];
  if (exploration.status === "skipped") return [...lines, c.yellow(`Exploration skipped: ${exploration.reason ?? ""}`)];
  const stopped = exploration.stoppedBy
    ? `, stopped by the ${exploration.stoppedBy === "interrupt" ? "interrupt" : `${exploration.stoppedBy} budget`}`
    : "";
  lines.push(
    `${c.bold("Exploration")} (seed ${exploration.seed}): ${exploration.sequences} of ${exploration.runs} sequence(s), ${exploration.steps} steps, ${exploration.requests} requests in ${seconds(exploration.durationMs)}${stopped}`,
  );
  const sent = Object.entries(exploration.stepsByKind)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(", ");
  if (sent) lines.push(c.dim(`  sent: ${sent}`));
  const { allowed, sent: activated } = exploration.activations;
  lines.push(
    c.dim(
      `  ${exploration.parts} independently seeded part(s) in ${exploration.workloads.join(", ") || "no workload"}; activations sent ${activated}${allowed === null ? " (no bound: the run started the server)" : ` of at most ${allowed} (--explore-activations: each is a real restore on a tenant)`}`,
    ),
  );
  const failure = exploration.failure;
  if (!failure) {
    lines.push(c.green("  every answer passed every check and agreed with the model"));
    return lines;
  }
  lines.push(
    c.red(
      `  failed at ${failure.step} (${failure.workload}): the first failing sequence had ${failure.originalSteps} step(s); ${failure.shrinks} shrink(s) left ${failure.shrunkSteps}; sources: ${failure.sources.join(", ") || "-"}`,
    ),
    `  Shortest failing sequence, as a scenario (save it as ${failure.scenario}.yaml and replay it: ${replayCommand(report, failure)}):`,
    "",
    ...failure.yaml
      .trimEnd()
      .split("\n")
      .map((line) => `    ${line}`),
  );
  return lines;
}

function consequenceCount(consequences: number): string {
  return consequences ? `${consequences} consequence${consequences === 1 ? "" : "s"} of them, ` : "";
}

/**
 * The summary of a run stopped because the target is not Graph at all: what was seen and the likely cause, in a
 * few lines; the failures and skips follow from it and are only counted (the JSON report has every row).
 */
function notGraphSummary(report: RunReport, c: Colors, seen: readonly string[], head: readonly string[]): string[] {
  const { failed, consequences, skipped } = report.summary;
  const { possiblyLeftBehind } = report.cleanup;
  return [
    ...head,
    "",
    c.red(c.bold(`Not a Graph restore-session API? The first ${seen.length} answers:`)),
    ...seen.map((line) => `  ${line}`),
    c.bold(
      `${(report.stopped?.reason ?? "").replace(/^the target does not answer like Microsoft Graph: [^;]*; l/, "L")}.`,
    ),
    c.dim(
      `  The ${failed + consequences} failed and ${skipped} skipped checks follow from this and are not listed (--report-json has every row).`,
    ),
    ...(possiblyLeftBehind.length
      ? [
          c.yellow(
            `  ${possiblyLeftBehind.length} create(s) got no usable answer; a draft session may exist (see --report-json).`,
          ),
        ]
      : []),
    "",
    c.red(c.bold(`No verdict: the run stopped after ${seen.length} answers that were none of Graph's.`)),
  ];
}

/** The closing summary as lines of text. */
export function formatSummary(report: RunReport, color: boolean): string[] {
  const c: Colors = picocolors.createColors(color);
  const lines: string[] = [];
  const scenarioCounts = {
    passed: report.scenarios.filter((outcome) => outcome.status === "passed").length,
    failed: report.scenarios.filter((outcome) => outcome.status === "failed").length,
    skipped: report.scenarios.filter((outcome) => outcome.status === "skipped").length,
  };
  lines.push("");
  lines.push(
    `${c.bold("Conformance")} of ${report.target.name === report.target.baseUrl ? report.target.baseUrl : `${report.target.name} (${report.target.baseUrl})`} · level ${report.level} · ${report.scenarios.length} scenarios in ${seconds(report.durationMs)} · seed ${report.seed}`,
  );
  lines.push(
    `  checks: ${c.green(`${report.summary.passed} passed`)}, ${report.summary.failed ? c.red(`${report.summary.failed} failed`) : "0 failed"}, ` +
      `${consequenceCount(report.summary.consequences)}` +
      `${report.summary.advisories ? c.yellow(`${report.summary.advisories} advisories`) : "0 advisories"}, ${report.summary.skipped} skipped` +
      (report.expectedFailures.length
        ? ` (${report.expectedFailures.length} expected failure${report.expectedFailures.length === 1 ? "" : "s"})`
        : "") +
      ` · scenarios: ${scenarioCounts.passed} passed, ${scenarioCounts.failed} failed, ${scenarioCounts.skipped} skipped`,
  );
  lines.push(`  coverage: ${coverageLine(report)}`);
  if (report.stopped?.kind === "not-graph") return notGraphSummary(report, c, report.stopped.seen ?? [], lines);
  const perWorkload = workloadLines(report, c);
  if (perWorkload.length) lines.push("", ...perWorkload);
  for (const hint of report.hints) lines.push("", c.yellow(c.bold(`Hint: ${hint}`)));

  const label = (row: { scenario: string; workload?: WorkloadName }) => scenarioLabel(report, row);
  const failures = report.results.filter((result) => result.status === "failed" && !isConsequence(result));
  if (failures.length) {
    const byWorkload = namesWorkloads(report);
    const followers = report.summary.consequences
      ? `; ${report.summary.consequences} later failure${report.summary.consequences === 1 ? "" : "s"} of the same scenarios follow from them, shown under their cause`
      : "";
    lines.push(
      "",
      c.red(c.bold(`Failures (${failures.length}), by ${byWorkload ? "workload and " : ""}check${followers}:`)),
    );
    const groups = byWorkload ? groupBy(failures, (result) => result.workload ?? "") : new Map([["", failures]]);
    for (const [workload, inWorkload] of groups) {
      const indent = byWorkload ? "  " : "";
      if (byWorkload)
        lines.push(
          `  ${c.bold(workload ? WORKLOADS[workload as WorkloadName].title : "(no workload)")} (${inWorkload.length})`,
        );
      for (const [check, group] of groupBy(inWorkload, (result) => result.check ?? "(scenario)")) {
        lines.push(`${indent}  ${c.bold(check)} (${group.length})`);
        for (const result of group) {
          lines.push(`${indent}    ${resultLine(result, label)}${c.dim(sourceTag(result, report))}`);
          for (const consequence of consequencesOf(result, report.results))
            lines.push(
              c.dim(
                `${indent}      then ${consequence.status === "advisory" ? "(advisory) " : ""}${consequence.step}: ${consequence.check}: ${consequence.message}`,
              ),
            );
        }
      }
    }
  }
  const advisories = report.results.filter((result) => result.status === "advisory" && !isConsequence(result));
  if (advisories.length) {
    lines.push(
      "",
      c.yellow(
        c.bold(
          `Advisories (${advisories.length}): the server differs from the contract's own decisions where Microsoft's docs are silent.`,
        ),
      ),
      c.dim(
        "  They do not fail the run (--strict makes them failures). Each names the ERRATA entry that explains the decision.",
      ),
    );
    for (const [sourceId, group] of groupBy(advisories, (result) => result.source ?? "")) {
      const source = report.sources[sourceId];
      lines.push(
        `  ${c.bold(source ? source.title : sourceId)} (${group.length})${source ? c.dim(` ${source.url}`) : ""}`,
      );
      for (const result of group) lines.push(`    ${resultLine(result, label)}`);
    }
  }
  if (report.expectedFailures.length) {
    lines.push("", c.bold(`Expected failures (${report.expectedFailures.length}):`));
    for (const entry of report.expectedFailures)
      lines.push(`  ${label(entry)} › ${entry.step ?? "*"}: ${entry.check ?? "*"}: ${entry.reason}`);
  }
  const skipped = report.results.filter(
    (result) => result.status === "skipped" && !result.message.startsWith("expected failure ("),
  );
  if (skipped.length) {
    lines.push("", c.yellow(c.bold(`Skipped (${skipped.length}):`)));
    for (const [reason, group] of groupBy(skipped, (result) =>
      result.step === null ? result.message : resultLine(result, label),
    )) {
      if (group[0]?.step === null) {
        lines.push(`  ${reason.replace(/\.$/, "")}:`);
        lines.push(`    ${group.map(label).join(", ")}`);
      } else {
        lines.push(`  ${reason}`);
      }
    }
  }
  if (report.notSelected) {
    lines.push("", c.dim(`Not run: ${report.notSelected.count} behavior scenarios (${report.notSelected.reason}).`));
  }
  if (report.readings.length) {
    lines.push("", c.bold("Readings the server took (each conforms):"));
    for (const reading of report.readings) {
      const where = reading.where.length === 1 ? reading.where[0] : `${reading.where.length} steps`;
      lines.push(`  ${reading.question}: ${reading.reading} (${where})`);
    }
  }
  if (report.throttled.length || report.throttling.throttledAnswers) {
    const pool = report.throttling;
    lines.push(
      "",
      c.bold(
        `Throttled: ${pool.throttledAnswers} answer(s) 429/503; the pool paused ${(pool.pausedMs / 1000).toFixed(1)} s in total and narrowed from ${pool.concurrency} to ${pool.narrowestWindow} request(s) at once:`,
      ),
    );
    for (const record of report.throttled) {
      lines.push(
        `  ${record.scenario} › ${record.step}: ${record.retries} retr${record.retries === 1 ? "y" : "ies"} after ${[...new Set(record.statuses)].join("/")}, waited ${(record.waitedMs / 1000).toFixed(1)} s`,
      );
    }
  }
  if (report.exploration) lines.push(...explorationLines(report, c));
  const { deleted, leftBehind, possiblyLeftBehind } = report.cleanup;
  if (deleted.length || leftBehind.length) {
    lines.push(
      "",
      `Cleanup: deleted ${deleted.length} session(s) the run created${leftBehind.length ? `; ${leftBehind.length} left behind:` : "."}`,
    );
    for (const entry of leftBehind) lines.push(`  ${entry.id}: ${entry.reason}`);
  }
  if (possiblyLeftBehind.length) {
    lines.push(
      "",
      c.yellow(
        c.bold(
          `Possibly left behind: ${possiblyLeftBehind.length} create(s) got no usable answer, so a draft session may exist whose id the run never learned:`,
        ),
      ),
    );
    for (const entry of possiblyLeftBehind)
      lines.push(`  ${entry.scenario} › ${entry.step}, sent ${entry.sentAt}: ${entry.reason}`);
  }
  lines.push("");
  const partial = report.coverage.gaps.length ? ` Partial run: ${report.coverage.gaps.join("; ")}.` : "";
  if (report.stopped)
    lines.push(
      c.yellow(c.bold(`Stopped early (${report.stopped.reason}): the verdict covers only the scenarios that ran.`)),
    );
  else if (report.exitCode === 2) {
    const checkedSomething = report.coverage.judgedChecks > 0;
    lines.push(
      c.red(c.bold(`No verdict: ${report.incomplete ?? "the run is incomplete"}.${checkedSomething ? partial : ""}`)),
    );
  } else if (report.exitCode === 0) {
    const advice = report.summary.advisories
      ? ` ${report.summary.advisories} advisor${report.summary.advisories === 1 ? "y" : "ies"} (see above).`
      : "";
    const verdict = `Verdict: every required check passed.${advice}${partial}`;
    lines.push(partial ? c.yellow(c.bold(verdict)) : c.green(c.bold(verdict)));
  } else {
    const followers = report.summary.consequences
      ? ` (${report.summary.consequences} later failure${report.summary.consequences === 1 ? "" : "s"} follow from them)`
      : "";
    lines.push(c.red(c.bold(`Verdict: ${failures.length} check(s) failed${followers}.${partial}`)));
  }
  return lines;
}
