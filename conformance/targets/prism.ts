// The `mock` target: Prism serving the bundled contract (stateless: schema level only).
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { locateGeneratedFile } from "../../src/contract/document.ts";
import { ConfigError } from "../vocabulary/config-error.ts";
import { freeLoopbackPort, startServer, type RunningServer } from "./process.ts";

/** Prism's CLI entry point, resolved like any dependency (a clone, or an install that added Prism). */
function prismEntryPoint(): string {
  try {
    const manifest = createRequire(import.meta.url).resolve("@stoplight/prism-cli/package.json");
    return join(dirname(manifest), "dist/index.js");
  } catch {
    throw new ConfigError(
      "the mock target needs Prism, which is not installed here: `npm install @stoplight/prism-cli@5.16.0`, or use --target reference or a URL",
    );
  }
}

/** Starts `prism mock` on a free loopback port; the base URL has no path (Prism serves paths as documented). */
export async function startPrism(options: { specPath?: string; timeoutMs?: number } = {}): Promise<RunningServer> {
  const entryPoint = prismEntryPoint();
  const port = await freeLoopbackPort();
  const spec = options.specPath ?? locateGeneratedFile("openapi.yaml");
  return startServer({
    name: "Prism",
    command: process.execPath,
    args: [entryPoint, "mock", "-h", "127.0.0.1", "-p", String(port), spec],
    ready: /Prism is listening on (http:\/\/127\.0\.0\.1:\d+)/,
    toBaseUrl: (match) => match[1] as string,
    timeoutMs: options.timeoutMs ?? 60000,
  });
}
