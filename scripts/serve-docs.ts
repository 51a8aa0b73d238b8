// Previews the built docs site (generated/docs/) on 127.0.0.1. The first line on stdout is the URL.
// Stops on SIGINT/SIGTERM.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { integerFlag } from "../conformance/flags/integer-flag.ts";
import { DOCS_OUTPUT_DIR } from "./build-docs.ts";
import { startStaticServer } from "./docs/static-server.ts";

const program = new Command("docs:serve")
  .description("Serve generated/docs/ on 127.0.0.1 (build it first with `npm run docs`).")
  .option("--port <port>", "port to listen on; 0 picks a free one", integerFlag("--port", 0, 65_535), 0)
  .option("--dir <dir>", "directory to serve", DOCS_OUTPUT_DIR)
  .showHelpAfterError()
  .parse();

const { port, dir } = program.opts<{ port: number; dir: string }>();
if (!existsSync(join(dir, "index.html"))) {
  console.error(`${join(dir, "index.html")} does not exist: run \`npm run docs\` first.`);
  process.exit(2);
}

let server: Awaited<ReturnType<typeof startStaticServer>>;
try {
  server = await startStaticServer(dir, port);
} catch (error) {
  console.error(`cannot listen on 127.0.0.1:${port}: ${(error as Error).message}`);
  process.exit(2);
}
const running = server;
console.log(running.url);
console.error("serving generated/docs (stop with Ctrl+C)");

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void running.close().then(() => process.exit(0));
  });
}
