// Console output: a line per scenario in selection order whatever the concurrency (on a TTY, a live line below
// shows which scenarios are running; plain lines otherwise or under CI) and the closing summary — counts and
// coverage, every failure grouped by check with its source and link, the advisories (contract decisions where the
// docs are silent) grouped by source, expected failures, skips with their reasons, the readings the server took,
// throttling, why the run stopped early and cleanup. Every line goes through the run's redaction.
import picocolors from "picocolors";
import type { RunReport, ScenarioOutcome } from "./run-report.ts";
import type { Scenario } from "../vocabulary/scenario.ts";
import type { CheckResult } from "../vocabulary/check-result.ts";
import type { Redact } from "../vocabulary/redaction.ts";
import type { Source } from "../vocabulary/source-registry.ts";
import { EXCHANGE } from "../../src/contract/wire-names.ts";

type Colors = ReturnType<typeof picocolors.createColors>;

export interface ConsoleOptions {
  write: (text: string) => void;
  /** Rewrite the progress line in place (an interactive terminal, not CI). */
  interactive: boolean;
  color: boolean;
  redact: Redact;
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

export function resultLine(result: CheckResult): string {
  if (result.step === null) return `${result.scenario}: ${result.message}`;
  if (result.check === null) return `${result.scenario} › ${result.step}: ${result.message}`;
  return `${result.scenario} › ${result.step}: ${result.check}: ${result.message}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

const LIVE_NAMES = 3;

export function createProgress(options: ConsoleOptions) {
  const c: Colors = picocolors.createColors(options.color);
  const out = (text: string) => options.write(options.redact(text));
  const running: string[] = [];
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
    /** A scenario's outcome (selection order). */
    end(outcome: ScenarioOutcome): void {
      const clear = options.interactive ? "\r\x1b[2K" : "";
      const total = outcome.checks.passed + outcome.checks.failed + outcome.checks.advisories + outcome.checks.skipped;
      const checks = `${total} checks${outcome.checks.advisories ? `, ${outcome.checks.advisories} advisor${outcome.checks.advisories === 1 ? "y" : "ies"}` : ""}`;
      if (outcome.status === "skipped") {
        out(
          `${clear}${options.interactive ? c.yellow("○") : "SKIP"} ${outcome.scenario}${c.dim(`: ${outcome.reason ?? ""}`)}\n`,
        );
      } else if (outcome.status === "failed") {
        out(
          `${clear}${options.interactive ? c.red("✗") : "FAIL"} ${outcome.scenario} ${c.dim(`(${outcome.checks.failed} of ${checks} failed, ${Math.round(outcome.durationMs)} ms)`)}\n`,
        );
      } else {
        out(
          `${clear}${options.interactive ? c.green("✓") : "PASS"} ${outcome.scenario} ${c.dim(`(${checks}, ${Math.round(outcome.durationMs)} ms)`)}\n`,
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
  const { levels, notSelected, judgedSteps, exploredSteps, notChecked, explorationNotRun } = report.coverage;
  const level = (name: "schema" | "behavior", extra = 0) =>
    `${name} ${levels[name].ran} of ${levels[name].selected + extra} ran`;
  const patches = judgedSteps[EXCHANGE.operations.update] ?? 0;
  const explored = exploredSteps
    ? ` · exploration ${exploredSteps} steps`
    : explorationNotRun
      ? ` · ${explorationNotRun}`
      : "";
  const unchecked = notChecked
    ? ` · ${notChecked} check${notChecked === 1 ? "" : "s"} not made (the runner's own bounds)`
    : "";
  return `${level("schema")} · ${level("behavior", notSelected)}${explored} · PATCH judged in ${patches} step${patches === 1 ? "" : "s"}${unchecked}`;
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
      `  ${exploration.parts} independently seeded part(s); activations sent ${activated}${allowed === null ? " (no bound: the run started the server)" : ` of at most ${allowed} (--explore-activations: each is a real restore on a tenant)`}`,
    ),
  );
  const failure = exploration.failure;
  if (!failure) {
    lines.push(c.green("  every answer passed every check and agreed with the model"));
    return lines;
  }
  lines.push(
    c.red(
      `  failed at ${failure.step}: the first failing sequence had ${failure.originalSteps} step(s); ${failure.shrinks} shrink(s) left ${failure.shrunkSteps}; sources: ${failure.sources.join(", ") || "-"}`,
    ),
    `  Shortest failing sequence, as a scenario (save it as conformance/scenarios/${failure.scenario}.yaml and replay with --grep ${failure.scenario}):`,
    "",
    ...failure.yaml
      .trimEnd()
      .split("\n")
      .map((line) => `    ${line}`),
  );
  return lines;
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
      `${report.summary.advisories ? c.yellow(`${report.summary.advisories} advisories`) : "0 advisories"}, ${report.summary.skipped} skipped` +
      (report.expectedFailures.length
        ? ` (${report.expectedFailures.length} expected failure${report.expectedFailures.length === 1 ? "" : "s"})`
        : "") +
      ` · scenarios: ${scenarioCounts.passed} passed, ${scenarioCounts.failed} failed, ${scenarioCounts.skipped} skipped`,
  );
  lines.push(`  coverage: ${coverageLine(report)}`);
  for (const hint of report.hints) lines.push("", c.yellow(c.bold(`Hint: ${hint}`)));

  const failures = report.results.filter((result) => result.status === "failed");
  if (failures.length) {
    lines.push("", c.red(c.bold(`Failures (${failures.length}), by check:`)));
    for (const [check, group] of groupBy(failures, (result) => result.check ?? "(scenario)")) {
      lines.push(`  ${c.bold(check)} (${group.length})`);
      for (const result of group) lines.push(`    ${resultLine(result)}${c.dim(sourceTag(result, report))}`);
    }
  }
  const advisories = report.results.filter((result) => result.status === "advisory");
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
      for (const result of group) lines.push(`    ${resultLine(result)}`);
    }
  }
  if (report.expectedFailures.length) {
    lines.push("", c.bold(`Expected failures (${report.expectedFailures.length}):`));
    for (const entry of report.expectedFailures)
      lines.push(`  ${entry.scenario} › ${entry.step ?? "*"}: ${entry.check ?? "*"}: ${entry.reason}`);
  }
  const skipped = report.results.filter(
    (result) => result.status === "skipped" && !result.message.startsWith("expected failure ("),
  );
  if (skipped.length) {
    lines.push("", c.yellow(c.bold(`Skipped (${skipped.length}):`)));
    for (const [reason, group] of groupBy(skipped, (result) =>
      result.step === null ? result.message : resultLine(result),
    )) {
      if (group[0]?.step === null) {
        lines.push(`  ${reason.replace(/\.$/, "")}:`);
        lines.push(`    ${group.map((result) => result.scenario).join(", ")}`);
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
  } else lines.push(c.red(c.bold(`Verdict: ${failures.length} check(s) failed.${partial}`)));
  return lines;
}
