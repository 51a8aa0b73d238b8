// The `mock` target: Prism serving the bundled contract (stateless: schema level only).
import { join } from "node:path";
import { locateGeneratedFile } from "../../src/contract/document.ts";
import { freeLoopbackPort, startServer, type RunningServer } from "./process.ts";

function prismBin(): string {
  // The package's own node_modules first (clone or install), else whatever `prism` is on PATH.
  return join(locateGeneratedFile("openapi.yaml"), "../../node_modules/.bin/prism");
}

/** Starts `prism mock` on a free loopback port; the base URL has no path (Prism serves paths as documented). */
export async function startPrism(options: { specPath?: string; timeoutMs?: number } = {}): Promise<RunningServer> {
  const port = await freeLoopbackPort();
  const spec = options.specPath ?? locateGeneratedFile("openapi.yaml");
  return startServer({
    name: "Prism",
    command: prismBin(),
    args: ["mock", "-h", "127.0.0.1", "-p", String(port), spec],
    ready: /Prism is listening on (http:\/\/127\.0\.0\.1:\d+)/,
    toBaseUrl: (match) => match[1] as string,
    timeoutMs: options.timeoutMs ?? 60000,
  });
}
