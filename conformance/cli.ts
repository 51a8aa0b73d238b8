#!/usr/bin/env node
// exchange-restore-conformance (npm run conformance): runs the conformance suite against the mock, the reference
// server or any base URL. Exit codes: 0 every required check passed, 1 a conformance failure, 2 a usage or
// configuration error, an unreachable target (or one that is not Graph at all) or a run bound reached, 128 + the
// signal's number when a signal stopped it (130 SIGINT, 143 SIGTERM, 129 SIGHUP). Every stop cleans up and writes
// the reports first.
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command, CommanderError, Option } from "commander";
import { createProgress, formatSummary } from "./report/console.ts";
import { jsonReport } from "./report/json-report.ts";
import { junitReport } from "./report/junit-report.ts";
import { prepareOutputs, writeOutput } from "./report/output-paths.ts";
import { EXPLORE_DEFAULTS } from "./explore/exploration.ts";
import { targetKindOf } from "./run/run-target.ts";
import { runConformance } from "./run.ts";
import type { LevelOption } from "./vocabulary/scenario.ts";
import { selectScenarios } from "./run/scenario-selection.ts";
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_EXPLORATION,
  DEFAULT_EXPLORE_ACTIVATIONS,
  DEFAULT_THROTTLE_BUDGET_MS,
  DEFAULT_TIME_LIMIT_MS,
  DEFAULT_TIMEOUT_MS,
  MAX_CONCURRENCY,
} from "./run/run-options.ts";
import type { RunReport } from "./report/run-report.ts";
import { integerFlag } from "./flags/integer-flag.ts";
import { RESTORE_POINTS_HELP, restorePointsAccumulator } from "./flags/restore-points-flag.ts";
import { COVERAGE_REQUIREMENTS, type CoverageRequirement } from "./runner/coverage.ts";
import { ConfigError, UnreachableTargetError } from "./vocabulary/config-error.ts";
import type { ScenarioTemplate } from "./vocabulary/scenario.ts";
import { askedWorkloads, parseWorkloads } from "./run/workload-selection.ts";
import { WORKLOAD_NAMES } from "../src/contract/workloads.ts";
import { createRedactor, type Redact } from "./vocabulary/redaction.ts";
import { loadScenarioPaths, loadScenarios } from "./runner/scenario-loader.ts";
import { SessionTracker } from "./runner/session-tracker.ts";
import { targetUrl } from "./targets/index.ts";

export const EXIT_PASSED = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;
/** 128 + the signal's number, as shells report a process a signal ended. */
export const EXIT_ON_SIGNAL: Readonly<Record<StopSignal, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
type StopSignal = "SIGHUP" | "SIGINT" | "SIGTERM";
const STOP_SIGNALS: readonly StopSignal[] = ["SIGINT", "SIGTERM", "SIGHUP"];

interface CliOptions {
  target: string;
  /** --workload values as given (names, comma lists, all), accumulated. */
  workload?: string[];
  token?: string;
  /** --restore-points and --restore-point share one list (the same array). */
  restorePoints?: string[];
  restorePoint?: string[];
  allowWrites?: boolean;
  allowActivate?: boolean;
  strict?: boolean;
  requireCoverage?: CoverageRequirement;
  level?: LevelOption;
  reportJson?: string;
  junit?: string;
  timeoutMs: number;
  grep?: string;
  scenarios?: string[];
  expectations?: string;
  list?: boolean;
  concurrency?: number;
  timeLimit: number;
  throttleBudget: number;
  /** true with --explore, false with --no-explore, undefined: the default (explore when writes are allowed). */
  explore?: boolean;
  exploreActivations?: number;
  runs?: number;
  seed?: number;
  exploreCommands?: number;
  exploreRequests?: number;
  exploreSeconds?: number;
  exploreShrinks?: number;
}

const HELP_AFTER = `
Targets:
  mock        Prism serving the bundled contract (started and stopped by the run; schema level only)
  reference   the stateful reference server (started and stopped by the run; every level)
  graph       https://graph.microsoft.com/v1.0 (a live tenant)
  <URL>       any base URL, e.g. http://127.0.0.1:8080/v1.0

Workloads: --workload exchange|onedrive|sharepoint|all (repeatable, or comma-separated) names the restore-session
workloads to judge. Default: all on mock and reference; exchange on a URL or graph, so that a run without --workload
is the Exchange run it always was. Each scenario is written once and runs in every workload judged, and the reports
group the results by workload. A workload whose collection answers 404 is reported as not served, not as failures;
the coverage line says which workloads were judged.

Token (never printed; redacted from every report): --token, else GRAPH_TOKEN, else a client-credentials token
from AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET. mock and reference get a dummy token.

Verdict: every assertion names its source (Microsoft docs, OData, HTTP, or a contract decision recorded in
spec/ERRATA.md). Only the first three fail a run; where the contract decides because the docs are silent, a server
that differs gets an advisory (exit 0) unless --strict.

Safety against a URL: without --allow-writes only GET requests are sent (scenarios that write, even the ones that
expect 401/404/400, are skipped and named); scenarios that activate a session (a real restore on a tenant) need
--allow-activate too. A scenario needing more restore points than --restore-points gives is skipped with that
reason (the 50/51-item scenarios need 51).

${RESTORE_POINTS_HELP}

Coverage: the summary says what ran and what did not (by level and reason) and whether a PATCH was judged. A run
that checked nothing exits 2; --require-coverage patch|behavior|all makes a partial run exit 2 as well.

Stopping: Ctrl-C (SIGINT), SIGTERM, SIGHUP, --time-limit and --throttle-budget all end a run the same way: no
new request starts, requests already sent finish (at most --timeout-ms), every session the run created is
deleted, a create that got no answer is named as possibly left behind with the time it was sent, and the reports
are written marked interrupted. A second signal quits at once, printing what may be left behind.

Concurrency: scenarios run at once on a pool (steps inside a scenario stay in order; the report reads the same
at any concurrency). A 429/503 pauses new requests of the whole pool for its Retry-After and halves the requests
in flight; each run of unthrottled answers widens it again by one, up to --concurrency. Against a tenant, lower
--concurrency if the report shows much throttling.

Exploration: fast-check generates operation sequences over one to three sessions (create, PATCH with random mixes
of items, get, both lists with random $top, delete, activate where allowed), judges every answer with every check
and against a model of the session state, and shrinks a failure to the shortest failing sequence, printed as a
scenario file with its seed (save it anywhere and replay it with --scenarios FILE). A run with --allow-writes on a
stateful target (reference or a URL) explores by default: ${DEFAULT_EXPLORATION.runs}
sequences, at most ${DEFAULT_EXPLORATION.maxSeconds} s, in the same pool as the scenarios; --no-explore turns it off, and --explore (or
any --runs/--explore-* flag) explores with the budget the flags give (default ${EXPLORE_DEFAULTS.runs} sequences, ${EXPLORE_DEFAULTS.maxSeconds} s). A read-only run
does not explore, and its coverage line says so. Every run prints its random seed (console, JSON, JUnit):
--seed S explores the same sequences again, at any --concurrency. Against a URL, activate is sent only with
--allow-activate, and at most --explore-activations times (default ${DEFAULT_EXPLORE_ACTIVATIONS}: each is a real restore on a tenant).
The scenarios run too unless --grep or --level deselect them.

Scenarios: --scenarios FILE|DIR (repeatable) runs those scenario files instead of the suite's own: the same YAML
format, checked against the same schema and rules (conformance/scenario.schema.json), from any directory.

Exit codes: 0 every required check passed; 1 a conformance failure (a timeout, reset or garbage answer is one);
2 a usage or configuration error, a target that cannot be reached or does not answer like Graph at all (a web
page, a wrong base path), a run that is no verdict (nothing checked, --require-coverage not met), a report that
could not be written, or a run stopped by --time-limit, --throttle-budget or an internal error; 130, 143, 129
stopped by SIGINT, SIGTERM, SIGHUP.

Examples:
  npm run conformance
  npm run conformance -- --target reference --report-json out/conformance.json --junit out/junit.xml
  npm run conformance -- --target reference --workload onedrive
  npm run conformance -- --target http://127.0.0.1:8080/v1.0 --token dev --allow-writes
  GRAPH_TOKEN=… npm run conformance -- --target graph --allow-writes --restore-points restore-points.txt`;

export function buildProgram(): Command {
  const program = new Command();
  // program.error reports the message as it is; an InvalidArgumentError would echo the whole value once more.
  const restorePoints = restorePointsAccumulator((message) =>
    program.error(`error: --restore-points: ${message}`, { exitCode: EXIT_USAGE, code: "restorePoints.invalid" }),
  );
  const workloads = (value: string, previous: string[] | undefined): string[] => {
    try {
      parseWorkloads([value]);
    } catch (error) {
      program.error(`error: ${(error as Error).message}`, { exitCode: EXIT_USAGE, code: "workload.invalid" });
    }
    return [...(previous ?? []), value];
  };
  return program
    .name("exchange-restore-conformance")
    .description(
      "Conformance suite for the Microsoft Graph restore sessions of Exchange, OneDrive for Business and SharePoint (the …RestoreArtifacts@delta PATCH).",
    )
    .option("--target <target>", "mock, reference, graph or a base URL", "mock")
    .option(
      "--workload <name>",
      `the workloads to judge: ${WORKLOAD_NAMES.join(", ")} or all; repeatable or comma-separated (default: all on mock and reference, exchange on a URL)`,
      workloads,
    )
    .option("--token <token>", "bearer token (default: GRAPH_TOKEN, then AZURE_* client credentials)")
    .option(
      "--restore-points <file|ids>",
      "restore points the scenarios may add: a file (JSON array, or one id per line; at most 4 MiB) or ID,ID,…; repeatable (default: the reference server's ids)",
      restorePoints,
    )
    .option("--restore-point <id>", "the same as --restore-points; repeatable", restorePoints)
    .option("--allow-writes", "against a URL: run scenarios that create, change and delete sessions")
    .option("--allow-activate", "against a URL: run scenarios that activate a session (a real restore on a tenant)")
    .option(
      "--strict",
      "contract decisions where the Microsoft docs are silent fail the run (default: they are advisories)",
    )
    .addOption(
      new Option(
        "--require-coverage <what>",
        "exit 2 unless the run covered this much: patch (a delta PATCH was judged), behavior (every behavior scenario ran), all (every selected scenario ran)",
      ).choices([...COVERAGE_REQUIREMENTS]),
    )
    .addOption(
      new Option("--level <level>", "scenario level (default: every level the target supports)").choices([
        "schema",
        "behavior",
        "all",
      ]),
    )
    .option("--report-json <file>", "write the JSON report {summary, results, …} to FILE")
    .option("--junit <file>", "write a JUnit XML report to FILE")
    .option(
      "--timeout-ms <n>",
      "per-request timeout in milliseconds",
      integerFlag("--timeout-ms", 1, 600_000),
      DEFAULT_TIMEOUT_MS,
    )
    .option(
      "--concurrency <n>",
      `scenarios run at once, 1 to ${MAX_CONCURRENCY}; 1 runs them one after another (default: ${DEFAULT_CONCURRENCY.mock} against mock, ${DEFAULT_CONCURRENCY.reference} against reference, ${DEFAULT_CONCURRENCY.url} against graph or a URL)`,
      integerFlag("--concurrency", 1, MAX_CONCURRENCY),
    )
    .option(
      "--time-limit <seconds>",
      "stop the whole run (cleanly, as on Ctrl-C) after this many seconds",
      integerFlag("--time-limit", 1, 86_400),
      DEFAULT_TIME_LIMIT_MS / 1000,
    )
    .option(
      "--throttle-budget <seconds>",
      "stop the run once throttling (429/503 Retry-After) has paused it this many seconds in total",
      integerFlag("--throttle-budget", 0, 86_400),
      DEFAULT_THROTTLE_BUDGET_MS / 1000,
    )
    .option(
      "--scenarios <file|dir>",
      "run the scenario files (*.yaml) in FILE or DIR instead of the suite's own, e.g. a shrunk exploration failure; repeatable",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option("--grep <pattern>", "only scenarios whose id or description matches (case-insensitive regular expression)")
    .option(
      "--expectations <file>",
      "known deviations of the target (default: conformance/expectations/<target>.yaml for mock, reference, graph)",
    )
    .option("--list", "list the scenarios (id, level, tags, description) and exit")
    .option(
      "--explore",
      "explore with the budget the flags give: random operation sequences judged against a model of the sessions (see below)",
    )
    .option("--no-explore", "do not explore (a run with --allow-writes explores by default)")
    .option(
      "--explore-activations <n>",
      `exploration against a URL: activations at most, each a real restore on a tenant (default ${DEFAULT_EXPLORE_ACTIVATIONS})`,
      integerFlag("--explore-activations", 0, 10_000),
    )
    .option(
      "--runs <n>",
      `exploration: sequences to generate (default ${EXPLORE_DEFAULTS.runs})`,
      integerFlag("--runs", 1, 600_000),
    )
    .option(
      "--seed <n>",
      "the run's seed: the exploration explores the same sequences again (default: random, printed)",
      integerFlag("--seed", 0),
    )
    .option(
      "--explore-commands <n>",
      `exploration: operations per sequence at most (default ${EXPLORE_DEFAULTS.maxCommands})`,
      integerFlag("--explore-commands", 1, 600_000),
    )
    .option(
      "--explore-requests <n>",
      `exploration: requests in all, shrinking included (default ${EXPLORE_DEFAULTS.maxRequests})`,
      integerFlag("--explore-requests", 1, 600_000),
    )
    .option(
      "--explore-seconds <n>",
      `exploration: time in all, shrinking included (default ${EXPLORE_DEFAULTS.maxSeconds})`,
      integerFlag("--explore-seconds", 1, 600_000),
    )
    .option(
      "--explore-shrinks <n>",
      `exploration: sequences replayed to shrink a failure at most (default ${EXPLORE_DEFAULTS.maxShrinks})`,
      integerFlag("--explore-shrinks", 1, 600_000),
    )
    .addHelpText("after", HELP_AFTER)
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
    });
}

/** The workloads a scenario runs in, as --list shows them. */
function workloadsColumn(scenario: ScenarioTemplate): string {
  const names = scenario.workloads.length === WORKLOAD_NAMES.length ? "all" : scenario.workloads.join(",");
  return scenario.crossWorkload ? `${names} (+others)` : names;
}

function listScenarios(scenarios: readonly ScenarioTemplate[], options: CliOptions): string {
  const asked = options.workload === undefined ? undefined : parseWorkloads(options.workload);
  const shown = selectScenarios(scenarios, { grep: options.grep, level: options.level ?? "all" }).filter(
    (scenario) => asked === undefined || scenario.workloads.some((name) => asked.includes(name)),
  );
  const idWidth = Math.max(2, ...shown.map((scenario) => scenario.id.length));
  const tagWidth = Math.max(4, ...shown.map((scenario) => scenario.tags.join(",").length));
  const workloadWidth = Math.max(9, ...shown.map((scenario) => workloadsColumn(scenario).length));
  const lines = [
    `${"id".padEnd(idWidth)}  level     ${"tags".padEnd(tagWidth)}  ${"workloads".padEnd(workloadWidth)}  description`,
  ];
  for (const scenario of shown) {
    lines.push(
      `${scenario.id.padEnd(idWidth)}  ${scenario.level.padEnd(8)}  ${(scenario.tags.join(",") || "-").padEnd(tagWidth)}  ${workloadsColumn(scenario).padEnd(workloadWidth)}  ${scenario.description}`,
    );
  }
  lines.push(`${shown.length} scenario(s)`);
  return `${lines.join("\n")}\n`;
}

/** What a run that must quit at once may leave on the target (a second signal). */
function whatMayBeLeft(sessions: SessionTracker): string {
  const open = sessions.open();
  const unsure = [...sessions.inFlight(), ...sessions.possiblyCreated()];
  if (open.length === 0 && unsure.length === 0) return "nothing the run created is known to be left on the target";
  const lines = ["these may be left on the target:"];
  for (const id of open) lines.push(`  session ${id}`);
  for (const entry of unsure)
    lines.push(
      `  a session possibly created by ${entry.scenario} › ${entry.step} (create sent ${entry.sentAt || "just now"}, no answer)`,
    );
  return lines.join("\n");
}

function exitCodeOf(report: RunReport): number {
  const stopped = report.stopped;
  if (stopped?.kind === "signal") {
    const signal = STOP_SIGNALS.find((name) => name === stopped.signal);
    return signal ? EXIT_ON_SIGNAL[signal] : EXIT_INTERRUPTED;
  }
  if (stopped || report.exitCode === 2) return EXIT_USAGE;
  return report.exitCode === 0 ? EXIT_PASSED : EXIT_FAILED;
}

/** Runs the CLI; returns the exit code (the caller exits). */
export async function main(argv: string[], io: { interactive?: boolean; color?: boolean } = {}): Promise<number> {
  const program = buildProgram();
  try {
    program.parse(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_PASSED : EXIT_USAGE;
    throw error;
  }
  const options = program.opts<CliOptions>();
  // A closed pipe (`| head`) ends the output, not the run: sessions still get cleaned up.
  process.stdout.on("error", () => undefined);
  // Until the run knows its token, redact what the user gave us.
  let redact: Redact = createRedactor([options.token, process.env.GRAPH_TOKEN, process.env.AZURE_CLIENT_SECRET]);
  const interactive = io.interactive ?? (Boolean(process.stdout.isTTY) && !process.env.CI);
  const color = io.color ?? (interactive && !process.env.NO_COLOR);

  const controller = new AbortController();
  const sessions = new SessionTracker();
  let guarded = false;
  const onSignal = (signal: StopSignal) => {
    if (controller.signal.aborted) {
      process.stderr.write(
        `\n${signal} again: quitting at once; ${guarded ? redact(whatMayBeLeft(sessions)) : "the server this run started stops with it"}\n`,
      );
      process.exit(EXIT_ON_SIGNAL[signal]);
    }
    process.stderr.write(
      `\n${signal}: stopping — requests already sent finish (at most --timeout-ms), then the sessions this run created are deleted and the reports written… (${signal === "SIGINT" ? "Ctrl-C" : signal} again to quit at once)\n`,
    );
    controller.abort(signal);
  };
  const onInternalError = (error: unknown) => {
    process.stderr.write(
      `exchange-restore-conformance: internal error: ${redact((error as Error)?.stack ?? String(error))}\n`,
    );
    controller.abort({ kind: "error", message: (error as Error)?.message ?? String(error) });
  };
  const handlers = STOP_SIGNALS.map((signal) => [signal, () => onSignal(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  process.on("uncaughtException", onInternalError);
  process.on("unhandledRejection", onInternalError);
  try {
    if (options.list) {
      const listed = options.scenarios?.length ? loadScenarioPaths(options.scenarios) : loadScenarios();
      process.stdout.write(listScenarios(listed, options));
      return EXIT_PASSED;
    }
    const budgetFlags = [
      "runs",
      "exploreCommands",
      "exploreRequests",
      "exploreSeconds",
      "exploreShrinks",
      "exploreActivations",
    ] as const;
    const given = budgetFlags.filter((flag) => options[flag] !== undefined);
    const byDefault =
      options.explore === undefined && Boolean(options.allowWrites) && targetKindOf(options.target) !== "mock";
    if (given.length > 0 && options.explore !== true && !byDefault) {
      throw new ConfigError(
        `${given.map((flag) => `--${flag.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`).join(", ")} only apply when the run explores (--explore, or by default with --allow-writes)`,
      );
    }
    guarded = targetUrl(options.target) !== undefined;
    const outputs = prepareOutputs([
      { flag: "--report-json", path: options.reportJson },
      { flag: "--junit", path: options.junit },
    ]);
    const asked = askedWorkloads(options.workload, targetUrl(options.target) ? "url" : "reference");
    const progress = createProgress({
      write: (text) => process.stdout.write(text),
      interactive,
      color,
      redact: (text) => redact(text),
      showWorkloads: asked.asked.length > 1 || asked.asked[0] !== "exchange",
    });
    const report: RunReport = await runConformance({
      target: options.target,
      ...(options.workload === undefined ? {} : { workloads: options.workload }),
      ...(options.token === undefined ? {} : { token: options.token }),
      restorePoints: options.restorePoints ?? options.restorePoint ?? [],
      allowWrites: Boolean(options.allowWrites),
      allowActivate: Boolean(options.allowActivate),
      strict: Boolean(options.strict),
      ...(options.requireCoverage === undefined ? {} : { requireCoverage: options.requireCoverage }),
      ...(options.level === undefined ? {} : { level: options.level }),
      timeoutMs: options.timeoutMs,
      ...(options.grep === undefined ? {} : { grep: options.grep }),
      ...(options.scenarios === undefined ? {} : { scenarioPaths: options.scenarios }),
      ...(options.expectations === undefined ? {} : { expectationsFile: options.expectations }),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      timeLimitMs: options.timeLimit * 1000,
      throttleBudgetMs: options.throttleBudget * 1000,
      sessions,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.explore === false
        ? { explore: false as const }
        : options.explore === true || given.length > 0
          ? {
              explore: {
                // Flags given to the default exploration change that budget; --explore starts from its own.
                ...(options.explore === true ? {} : DEFAULT_EXPLORATION),
                ...(options.runs === undefined ? {} : { runs: options.runs }),
                ...(options.exploreCommands === undefined ? {} : { maxCommands: options.exploreCommands }),
                ...(options.exploreRequests === undefined ? {} : { maxRequests: options.exploreRequests }),
                ...(options.exploreSeconds === undefined ? {} : { maxSeconds: options.exploreSeconds }),
                ...(options.exploreShrinks === undefined ? {} : { maxShrinks: options.exploreShrinks }),
                ...(options.exploreActivations === undefined ? {} : { activations: options.exploreActivations }),
              },
            }
          : {}),
      signal: controller.signal,
      onScenarioStart: (scenario) => progress.start(scenario),
      onScenarioDone: (scenario) => progress.done(scenario),
      onScenarioEnd: (outcome, stoppedBy) => progress.end(outcome, stoppedBy),
    });
    redact = report.redact;
    // Every report is attempted, and the verdict printed, whatever a report path does (a full disk, a pipe whose
    // reader left); a report that could not be written makes the run exit 2 after the verdict.
    const unwritten: string[] = [];
    for (const output of outputs) {
      try {
        await writeOutput(output, output.flag === "--junit" ? junitReport(report) : jsonReport(report));
      } catch (error) {
        unwritten.push((error as Error).message);
      }
    }
    process.stdout.write(`${formatSummary(report, color).map(redact).join("\n")}\n`);
    if (report.stopped && report.stopped.kind !== "signal")
      process.stderr.write(`exchange-restore-conformance: stopped: ${redact(report.stopped.reason)}\n`);
    for (const message of unwritten) process.stderr.write(`exchange-restore-conformance: ${redact(message)}\n`);
    const code = exitCodeOf(report);
    return unwritten.length > 0 && code < EXIT_USAGE ? EXIT_USAGE : code;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UnreachableTargetError) {
      process.stderr.write(`exchange-restore-conformance: ${redact(error.message)}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(
      `exchange-restore-conformance: internal error: ${redact((error as Error).stack ?? String(error))}\n`,
    );
    return EXIT_USAGE;
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    process.off("uncaughtException", onInternalError);
    process.off("unhandledRejection", onInternalError);
  }
}

function invokedDirectly(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (invokedDirectly()) process.exitCode = await main(process.argv.slice(2));
