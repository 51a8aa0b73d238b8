// Child servers (Prism, the reference server, mutants): started on a free loopback port, stopped by pid.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

export interface RunningServer {
  baseUrl: string;
  pid: number;
  /** Milliseconds from spawn until the server announced itself. */
  startupMs: number;
  stop(): Promise<void>;
}

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return resolve();
    const killTimer = setTimeout(() => {
      try {
        process.kill(child.pid as number, "SIGKILL");
      } catch {
        // already gone
      }
    }, 3000);
    child.once("exit", () => {
      clearTimeout(killTimer);
      resolve();
    });
    try {
      process.kill(child.pid, "SIGTERM");
    } catch {
      clearTimeout(killTimer);
      resolve();
    }
  });
}

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running)
    if (child.pid)
      try {
        process.kill(child.pid, "SIGKILL");
      } catch {
        /* gone */
      }
});

/**
 * Spawns `command` and waits until a line of its stdout matches `ready`; the match's first group (or the value
 * `toBaseUrl` derives from it) is the base URL. Fails with the process output when it exits or times out first.
 */
export function startServer(options: {
  name: string;
  command: string;
  args: string[];
  ready: RegExp;
  toBaseUrl: (match: RegExpExecArray) => string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}): Promise<RunningServer> {
  const started = performance.now();
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  let output = "";
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      void stopProcess(child);
      reject(new Error(`${options.name} did not start: ${why}\n${output.slice(-2000)}`));
    };
    const timer = setTimeout(
      () => fail(`no ready line within ${options.timeoutMs ?? 30000} ms`),
      options.timeoutMs ?? 30000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = options.ready.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.stdout?.resume();
      child.stderr?.resume();
      resolve({
        baseUrl: options.toBaseUrl(match),
        pid: child.pid as number,
        startupMs: performance.now() - started,
        stop: () => stopProcess(child),
      });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("error", (error) => fail(error.message));
    child.once("exit", (code, signal) => fail(`exited early (code ${code}, signal ${signal})`));
  });
}
