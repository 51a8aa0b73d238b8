// CLI of the reference server: `npm run -s reference -- [--port N] [--page-size N] [--restore-points FILE|ID,…] …`
// (`--help` lists every flag with its default).
// The first line on stdout is exactly the base URL; then one line per request. SIGTERM/SIGINT stop it (exit 0).
// Links in answers follow the request's Forwarded / X-Forwarded-* / Host headers (see public-base-url.ts).
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { DEFAULT_BEHAVIOR } from "./behavior.ts";
import { DEFAULT_CONNECTION_LIMITS } from "./connections.ts";
import { FAULT_CODES, parseFaultSpec, type FaultRule } from "./faults.ts";
import { parseLatency, type Latency } from "./latency.ts";
import { integerFlag } from "../flags/integer-flag.ts";
import { RESTORE_POINTS_HELP, restorePointsAccumulator } from "../flags/restore-points-flag.ts";
import { startReferenceServer } from "./server.ts";

const EXIT_USAGE = 2;

const LINKS_HELP = `Behind a proxy: every absolute URL in an answer (@odata.nextLink, @odata.context, Location) starts with the base
URL the request came through, not the listening address: the scheme from Forwarded proto= or X-Forwarded-Proto, the
host from Forwarded host=, X-Forwarded-Host or Host, and X-Forwarded-Prefix put before /v1.0 (for a proxy serving it
at https://gateway/graph/v1.0). A malformed value (a host with a path, a scheme other than http/https, a prefix
with ..) is ignored, never copied into an answer.`;

function faultArgument(value: string, previous: FaultRule[]): FaultRule[] {
  try {
    return [...previous, parseFaultSpec(value)];
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function latencyArgument(value: string): Latency {
  try {
    return parseLatency(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

interface CliOptions {
  port: number;
  pageSize: number;
  restorePoints?: string[];
  restorePoint?: string[];
  fault: FaultRule[];
  activeAfterMs: number;
  completedAfterMs: number;
  idleTimeoutMs: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  maxConnections: number;
  latency?: Latency;
  quiet?: boolean;
}

function parseArguments(argv: string[]): CliOptions {
  const program = new Command();
  // program.error reports the message as it is; an InvalidArgumentError would echo the whole value once more.
  const restorePoints = restorePointsAccumulator((message) =>
    program.error(`error: --restore-points: ${message}`, { exitCode: EXIT_USAGE, code: "restorePoints.invalid" }),
  );
  program
    .name("reference")
    .description(
      "Stateful in-memory Microsoft Graph restore-session server (the contract's reference implementation): the Exchange,\n" +
        "OneDrive for Business and SharePoint sessions, each in its own collection.\n" +
        "Prints its base URL (http://127.0.0.1:PORT/v1.0) as the first line on stdout, then one line per request.",
    )
    .option("--port <n>", "port on 127.0.0.1 (0 picks a free one)", integerFlag("--port", 0, 65535), 0)
    .option(
      "--page-size <n>",
      "page size of both collections ($top can only lower it)",
      integerFlag("--page-size", 1, 999),
      20,
    )
    .option(
      "--restore-points <file|ids>",
      "restore points it knows: a file (JSON array, or one id per line with # comments; at most 4 MiB) or ID,ID,…; repeatable (default: the documented ids and 128 generated ones)",
      restorePoints,
    )
    .option("--restore-point <id>", "the same as --restore-points; repeatable", restorePoints)
    .option(
      "--active-after-ms <n>",
      "an activated session reads active this long after activation",
      integerFlag("--active-after-ms", 0, 86_400_000),
      DEFAULT_BEHAVIOR.activeAfterMs,
    )
    .option(
      "--completed-after-ms <n>",
      "an activated session reads completed this long after activation, and no longer counts against the 25 active ones",
      integerFlag("--completed-after-ms", 0, 86_400_000),
      DEFAULT_BEHAVIOR.completedAfterMs,
    )
    .option(
      "--fault <code[:operationId[:times]]>",
      `answer with an injected error (${FAULT_CODES.join(", ")}); repeatable; times may be "inf"`,
      faultArgument,
      [],
    )
    .option(
      "--idle-timeout-ms <n>",
      "close a connection with no request in progress after this long",
      integerFlag("--idle-timeout-ms", 1, 86_400_000),
      DEFAULT_CONNECTION_LIMITS.idleTimeoutMs,
    )
    .option(
      "--headers-timeout-ms <n>",
      "408 when a request's headers have not arrived within this long",
      integerFlag("--headers-timeout-ms", 1, 86_400_000),
      DEFAULT_CONNECTION_LIMITS.headersTimeoutMs,
    )
    .option(
      "--request-timeout-ms <n>",
      "408 when a whole request (body included) has not arrived within this long",
      integerFlag("--request-timeout-ms", 1, 86_400_000),
      DEFAULT_CONNECTION_LIMITS.requestTimeoutMs,
    )
    .option(
      "--max-connections <n>",
      "open connections at most; one more closes the connection idle longest (or itself, when none is idle)",
      integerFlag("--max-connections", 1, 1_000_000),
      DEFAULT_CONNECTION_LIMITS.maxConnections,
    )
    .option(
      "--latency <ms|min-max>",
      "wait this long before handling each request, to stand in for a remote service (e.g. 200, or 150-250 for jitter)",
      latencyArgument,
    )
    .option("--quiet", "no request log")
    .addHelpText("after", `\n${LINKS_HELP}\n\n${RESTORE_POINTS_HELP}`)
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  program.parse(argv);
  return program.opts<CliOptions>();
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseArguments(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : EXIT_USAGE);
    throw error;
  }
  process.stdout.on("error", () => undefined);
  let server: Awaited<ReturnType<typeof startReferenceServer>>;
  try {
    server = await startReferenceServer({
      port: options.port,
      pageSize: options.pageSize,
      ...((options.restorePoints ?? options.restorePoint)
        ? { restorePoints: options.restorePoints ?? options.restorePoint }
        : {}),
      faults: options.fault,
      behavior: { activeAfterMs: options.activeAfterMs, completedAfterMs: options.completedAfterMs },
      idleTimeoutMs: options.idleTimeoutMs,
      headersTimeoutMs: options.headersTimeoutMs,
      requestTimeoutMs: options.requestTimeoutMs,
      maxConnections: options.maxConnections,
      ...(options.latency ? { latency: options.latency } : {}),
      ...(options.quiet ? {} : { log: (line: string) => process.stdout.write(`${line}\n`) }),
    });
  } catch (error) {
    process.stderr.write(`reference: cannot listen on 127.0.0.1:${options.port}: ${(error as Error).message}\n`);
    process.exit(EXIT_USAGE);
  }
  process.stdout.write(`${server.baseUrl}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    process.stderr.write(`reference: ${signal}, closing\n`);
    void server.close().then(() => process.exit(0));
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

await main();
