// The conformance CLI as a child process, as users and CI systems run it (plain output, CI=1).
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../../../conformance/cli.ts", import.meta.url));

export interface CliOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function runCli(
  args: string[],
  options: { onSpawn?: (child: ChildProcess) => void; env?: NodeJS.ProcessEnv } = {},
): Promise<CliOutcome> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH, CI: "1", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
    options.onSpawn?.(child);
  });
}

/** Polls `ready` every 10 ms and sends `signal` to the child once it holds. */
export function signalWhen(ready: () => boolean, signal: NodeJS.Signals): (child: ChildProcess) => void {
  return (child) => {
    const poll = setInterval(() => {
      if (child.exitCode !== null) return clearInterval(poll);
      if (!ready()) return;
      clearInterval(poll);
      child.kill(signal);
    }, 10);
  };
}

export interface JsonReport {
  summary: { passed: number; failed: number; skipped: number };
  results: Array<{ scenario: string; step: string | null; check: string | null; status: string; message: string }>;
  interrupted: boolean;
  stopped: { kind: string; reason: string; signal?: string } | null;
  throttling: { concurrency: number; throttledAnswers: number; pausedMs: number; narrowestWindow: number };
  throttled: Array<{ scenario: string; step: string; retries: number; waitedMs: number; statuses: number[] }>;
  cleanup: {
    deleted: string[];
    leftBehind: Array<{ id: string; reason: string }>;
    possiblyLeftBehind: Array<{ scenario: string; step: string; sentAt: string; reason: string }>;
  };
}

export function readReport(path: string): JsonReport {
  return JSON.parse(readFileSync(path, "utf8")) as JsonReport;
}
