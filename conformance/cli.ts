#!/usr/bin/env node
// exchange-restore-conformance (npm run conformance): runs the conformance suite against the mock, the reference
// server or any base URL. Exit codes: 0 every required check passed, 1 a conformance failure, 2 a usage or
// configuration error or an unreachable target, 130 interrupted (sessions the run created are deleted first).
import { mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { createProgress, formatSummary } from "./report/console.ts";
import { jsonReport } from "./report/json.ts";
import { junitReport } from "./report/junit.ts";
import { EXPLORE_DEFAULTS } from "./explore/explore.ts";
import { DEFAULT_TIMEOUT_MS, runConformance, selectScenarios, type LevelOption, type RunReport } from "./run.ts";
import { ConfigError, UnreachableTargetError } from "./runner/errors.ts";
import type { Scenario } from "./runner/model.ts";
import { createRedactor, type Redact } from "./runner/redact.ts";
import { loadScenarios } from "./runner/scenarios.ts";

export const EXIT_PASSED = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

interface CliOptions {
  target: string;
  token?: string;
  restorePoint: string[];
  allowWrites?: boolean;
  allowActivate?: boolean;
  level?: LevelOption;
  reportJson?: string;
  junit?: string;
  timeoutMs: number;
  grep?: string;
  expectations?: string;
  list?: boolean;
  explore?: boolean;
  runs?: number;
  seed?: number;
  exploreCommands?: number;
  exploreRequests?: number;
  exploreSeconds?: number;
  exploreShrinks?: number;
}

function positiveInteger(value: string): number {
  if (!/^[0-9]+$/.test(value) || Number(value) < 1 || Number(value) > 600_000) throw new InvalidArgumentError("expected an integer from 1 to 600000");
  return Number(value);
}

function nonNegativeInteger(value: string): number {
  if (!/^[0-9]+$/.test(value) || Number(value) > 2 ** 31 - 1) throw new InvalidArgumentError("expected an integer from 0 to 2147483647");
  return Number(value);
}

function collect(value: string, previous: string[]): string[] {
  if (value.trim() === "") throw new InvalidArgumentError("a restore-point id cannot be empty");
  return [...previous, value];
}

const HELP_AFTER = `
Targets:
  mock        Prism serving the bundled contract (started and stopped by the run; schema level only)
  reference   the stateful reference server (started and stopped by the run; every level)
  graph       https://graph.microsoft.com/v1.0 (a live tenant)
  <URL>       any base URL, e.g. http://127.0.0.1:8080/v1.0

Token (never printed; redacted from every report): --token, else GRAPH_TOKEN, else a client-credentials token
from AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET. mock and reference get a dummy token.

Safety against a URL: scenarios that write run only with --allow-writes, scenarios that activate a session (a
real restore on a tenant) only with --allow-activate; otherwise they are skipped and named. Every session the run
created is deleted at the end, also after a failure or Ctrl-C. A scenario needing more restore points than
--restore-point gives is skipped with that reason (the 50/51-item scenarios need 51).

Exploration (--explore): fast-check generates operation sequences over one to three sessions (create, PATCH
with random mixes of items, get, both lists with random $top, delete, activate where allowed), judges every answer
with every check and against a model of the session state, and shrinks a failure to the shortest failing sequence,
printed as a scenario file with its seed. Needs a stateful target; against a URL it needs --allow-writes (and sends
activate only with --allow-activate). The scenarios run too unless --grep or --level deselect them.

Exit codes: 0 every required check passed; 1 a conformance failure (a timeout, reset or garbage answer is one);
2 a usage or configuration error, or a target that cannot be reached; 130 interrupted.

Examples:
  npm run conformance
  npm run conformance -- --target reference --report-json out/conformance.json --junit out/junit.xml
  npm run conformance -- --target http://127.0.0.1:8080/v1.0 --token dev --allow-writes
  GRAPH_TOKEN=… npm run conformance -- --target graph --allow-writes --restore-point ID1 --restore-point ID2`;

export function buildProgram(): Command {
  return new Command()
    .name("exchange-restore-conformance")
    .description("Conformance suite for the Microsoft Graph exchangeRestoreSession API (the mailboxRestoreArtifacts@delta PATCH).")
    .option("--target <target>", "mock, reference, graph or a base URL", "mock")
    .option("--token <token>", "bearer token (default: GRAPH_TOKEN, then AZURE_* client credentials)")
    .addOption(
      new Option("--restore-point <id>", "a restore-point id the scenarios may add; repeatable")
        .argParser(collect)
        .default([], "the reference server's ids"),
    )
    .option("--allow-writes", "against a URL: run scenarios that create, change and delete sessions")
    .option("--allow-activate", "against a URL: run scenarios that activate a session (a real restore on a tenant)")
    .addOption(new Option("--level <level>", "scenario level (default: every level the target supports)").choices(["schema", "behavior", "all"]))
    .option("--report-json <file>", "write the JSON report {summary, results, …} to FILE")
    .option("--junit <file>", "write a JUnit XML report to FILE")
    .option("--timeout-ms <n>", "per-request timeout in milliseconds", positiveInteger, DEFAULT_TIMEOUT_MS)
    .option("--grep <pattern>", "only scenarios whose id or description matches (case-insensitive regular expression)")
    .option("--expectations <file>", "known deviations of the target (default: conformance/expectations/<target>.yaml for mock, reference, graph)")
    .option("--list", "list the scenarios (id, level, tags, description) and exit")
    .option("--explore", "also explore: random operation sequences judged against a model of the sessions (see below)")
    .option("--runs <n>", `exploration: sequences to generate (default ${EXPLORE_DEFAULTS.runs})`, positiveInteger)
    .option("--seed <n>", "exploration: fast-check seed, for the same sequences again (default: random, printed)", nonNegativeInteger)
    .option("--explore-commands <n>", `exploration: operations per sequence at most (default ${EXPLORE_DEFAULTS.maxCommands})`, positiveInteger)
    .option("--explore-requests <n>", `exploration: requests in all, shrinking included (default ${EXPLORE_DEFAULTS.maxRequests})`, positiveInteger)
    .option("--explore-seconds <n>", `exploration: time in all, shrinking included (default ${EXPLORE_DEFAULTS.maxSeconds})`, positiveInteger)
    .option("--explore-shrinks <n>", `exploration: sequences replayed to shrink a failure at most (default ${EXPLORE_DEFAULTS.maxShrinks})`, positiveInteger)
    .addHelpText("after", HELP_AFTER)
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeOut: (text) => process.stdout.write(text), writeErr: (text) => process.stderr.write(text) });
}

function listScenarios(scenarios: readonly Scenario[], options: CliOptions): string {
  const shown = selectScenarios(scenarios, { grep: options.grep, level: options.level ?? "all" });
  const idWidth = Math.max(2, ...shown.map((scenario) => scenario.id.length));
  const tagWidth = Math.max(4, ...shown.map((scenario) => scenario.tags.join(",").length));
  const lines = [`${"id".padEnd(idWidth)}  level     ${"tags".padEnd(tagWidth)}  description`];
  for (const scenario of shown) {
    lines.push(`${scenario.id.padEnd(idWidth)}  ${scenario.level.padEnd(8)}  ${(scenario.tags.join(",") || "-").padEnd(tagWidth)}  ${scenario.description}`);
  }
  lines.push(`${shown.length} scenario(s)`);
  return `${lines.join("\n")}\n`;
}

function writeReport(path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (error) {
    throw new ConfigError(`cannot write ${path}: ${(error as Error).message}`);
  }
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
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT_INTERRUPTED);
    process.stderr.write("\ninterrupted: finishing the current request, deleting the sessions this run created… (Ctrl-C again to quit now)\n");
    controller.abort();
  };
  process.on("SIGINT", onSigint);
  try {
    if (options.list) {
      process.stdout.write(listScenarios(loadScenarios(), options));
      return EXIT_PASSED;
    }
    const exploreFlags = ["runs", "seed", "exploreCommands", "exploreRequests", "exploreSeconds", "exploreShrinks"] as const;
    const stray = exploreFlags.filter((flag) => options[flag] !== undefined);
    if (!options.explore && stray.length > 0) {
      throw new ConfigError(`${stray.map((flag) => `--${flag.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`).join(", ")} only apply with --explore`);
    }
    const progress = createProgress({ write: (text) => process.stdout.write(text), interactive, color, redact: (text) => redact(text) });
    const report: RunReport = await runConformance({
      target: options.target,
      ...(options.token === undefined ? {} : { token: options.token }),
      restorePoints: options.restorePoint,
      allowWrites: Boolean(options.allowWrites),
      allowActivate: Boolean(options.allowActivate),
      ...(options.level === undefined ? {} : { level: options.level }),
      timeoutMs: options.timeoutMs,
      ...(options.grep === undefined ? {} : { grep: options.grep }),
      ...(options.expectations === undefined ? {} : { expectationsFile: options.expectations }),
      ...(options.explore
        ? {
            explore: {
              ...(options.runs === undefined ? {} : { runs: options.runs }),
              ...(options.seed === undefined ? {} : { seed: options.seed }),
              ...(options.exploreCommands === undefined ? {} : { maxCommands: options.exploreCommands }),
              ...(options.exploreRequests === undefined ? {} : { maxRequests: options.exploreRequests }),
              ...(options.exploreSeconds === undefined ? {} : { maxSeconds: options.exploreSeconds }),
              ...(options.exploreShrinks === undefined ? {} : { maxShrinks: options.exploreShrinks }),
            },
          }
        : {}),
      signal: controller.signal,
      onScenarioStart: (scenario) => progress.start(scenario),
      onScenarioEnd: (outcome) => progress.end(outcome),
    });
    redact = report.redact;
    if (options.reportJson) writeReport(options.reportJson, jsonReport(report));
    if (options.junit) writeReport(options.junit, junitReport(report));
    process.stdout.write(`${formatSummary(report, color).map(redact).join("\n")}\n`);
    if (report.interrupted) return EXIT_INTERRUPTED;
    return report.exitCode === 0 ? EXIT_PASSED : EXIT_FAILED;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UnreachableTargetError) {
      process.stderr.write(`exchange-restore-conformance: ${redact(error.message)}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`exchange-restore-conformance: internal error: ${redact((error as Error).stack ?? String(error))}\n`);
    return EXIT_USAGE;
  } finally {
    process.off("SIGINT", onSigint);
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
