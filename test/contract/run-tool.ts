// Runs a repository tool (node_modules/.bin/…) as a child process and collects its exit code and output.
import { spawn } from "node:child_process";
import { delimiter, join } from "node:path";
import { repoRoot } from "../../scripts/repo-root.ts";

export interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export const binDir = join(repoRoot, "node_modules", ".bin");

/**
 * Runs `node_modules/.bin/<tool>` from the repository root. node_modules/.bin leads PATH so that the tools'
 * `#!/usr/bin/env node` finds the pinned Node 24, not the machine's.
 */
export function runTool(
  tool: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(binDir, tool), args, {
      cwd: repoRoot,
      env: {
        ...process.env,
        PATH: `${binDir}${delimiter}${process.env.PATH ?? ""}`,
        REDOCLY_TELEMETRY: "off",
        REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: options.timeoutMs ?? 60_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}
