// The `reference` target: the stateful reference server (conformance/reference/main), spawned on a free loopback
// port and stopped by pid, exactly like Prism.
import { fileURLToPath } from "node:url";
import { MODULE_EXTENSION } from "../vocabulary/conformance-data.ts";
import { startServer, type RunningServer } from "./process.ts";

const READY_LINE = /^(http:\/\/127\.0\.0\.1:\d+\/v1\.0)\r?$/m;

/** Starts the reference server; `restorePoints` replaces the ids it knows (default: its documented + generated ids). */
export async function startReference(
  options: { restorePoints?: readonly string[]; timeoutMs?: number } = {},
): Promise<RunningServer> {
  const main = fileURLToPath(new URL(`../reference/main${MODULE_EXTENSION}`, import.meta.url));
  const args = [main, "--port", "0", "--quiet"];
  if (options.restorePoints && options.restorePoints.length > 0)
    args.push("--restore-points", options.restorePoints.join(","));
  return startServer({
    name: "the reference server",
    command: process.execPath,
    args,
    ready: READY_LINE,
    toBaseUrl: (match) => match[1] as string,
    timeoutMs: options.timeoutMs ?? 30_000,
  });
}
