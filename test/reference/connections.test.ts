// The reference server under the treatment hostile networks and impatient clients give it: a body far over the
// limit still gets its 413 read (by fetch, by curl, by a raw socket that keeps sending), idle connections neither
// starve real requests nor stay open for ever, and a request followed by garbage is answered before the 400.
import { execFile, spawn } from "node:child_process";
import { writeFileSync, mkdtempSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import {
  startReferenceServer,
  type ReferenceServer,
  type ReferenceServerOptions,
} from "../../conformance/reference/server.ts";
import { repoRoot } from "../../scripts/repo-root.ts";
import { SESSIONS_PATH, TOKEN } from "./harness.ts";

const MAIN = join(repoRoot, "conformance/reference/main.ts");
const MiB = 1024 * 1024;
const FIVE_MIB_BODY = `{"x":"${"a".repeat(5 * MiB)}"}`;
const AUTH = `Bearer ${TOKEN}`;

let server: ReferenceServer | undefined;
const lines: string[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  lines.length = 0;
});

async function start(options: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  server = await startReferenceServer({ log: (line) => lines.push(line), ...options });
  return server;
}

function curlAvailable(): Promise<boolean> {
  return promisify(execFile)("curl", ["--version"]).then(
    () => true,
    () => false,
  );
}

describe("a body over the limit (5 MB against 1 MiB): the client reads the 413", () => {
  it("with fetch, every time", async () => {
    const { baseUrl } = await start();
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await fetch(`${baseUrl}${SESSIONS_PATH}`, {
        method: "POST",
        headers: { authorization: AUTH, "content-type": "application/json" },
        body: FIVE_MIB_BODY,
      });
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("RequestEntityTooLarge");
    }
    expect(server?.store.sessions()).toEqual([]);
  });

  it("with Expect: 100-continue, the 413 comes instead of the 100 and the body is never sent (as curl does)", async () => {
    const { port, baseUrl } = await start();
    // A client that was refused closes once it has read the answer.
    const received = await exchange(
      port,
      `POST /v1.0${SESSIONS_PATH} HTTP/1.1\r\nHost: x\r\nAuthorization: ${AUTH}\r\nContent-Type: application/json\r\nContent-Length: ${5 * MiB}\r\nExpect: 100-continue\r\n\r\n`,
      () => true,
    );
    expect(received).toMatch(/^HTTP\/1\.1 413 /);
    expect(received).not.toContain("100 Continue");
    // curl, where installed, with its own Expect: 100-continue and told not to wait for the 100 (-H "Expect:").
    if (await curlAvailable()) {
      const file = join(mkdtempSync(join(tmpdir(), "reference-413-")), "body.json");
      writeFileSync(file, FIVE_MIB_BODY);
      const curl = (extra: string[]) =>
        promisify(execFile)("curl", [
          "-sS",
          "-o",
          "/dev/null",
          "-w",
          "%{http_code}",
          "-X",
          "POST",
          "-H",
          `authorization: ${AUTH}`,
          "-H",
          "content-type: application/json",
          ...extra,
          "--data-binary",
          `@${file}`,
          `${baseUrl}${SESSIONS_PATH}`,
        ]);
      for (let attempt = 0; attempt < 5; attempt++) {
        expect((await curl([])).stdout).toBe("413");
        expect((await curl(["-H", "Expect:"])).stdout).toBe("413");
      }
    }
  });

  it("with Expect: 100-continue and a body within the limit, the 100 comes and the body is read", async () => {
    const { port } = await start();
    const received = await new Promise<string>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      let text = "";
      socket.on("data", (chunk: Buffer) => {
        text += chunk.toString("latin1");
        if (text === "HTTP/1.1 100 Continue\r\n\r\n") socket.write("{}");
        else if (text.includes("\r\n\r\n{")) socket.end();
      });
      socket.on("close", () => resolve(text));
      socket.on("error", () => resolve(text));
      socket.on("connect", () =>
        socket.write(
          `POST /v1.0${SESSIONS_PATH} HTTP/1.1\r\nHost: x\r\nAuthorization: ${AUTH}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n`,
        ),
      );
      setTimeout(() => socket.destroy(), 5000).unref();
    });
    expect(received).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 201 Created\r\n/);
    expect(server?.store.sessions()).toHaveLength(1);
  });

  it("a client that keeps sending after the answer is not reset: the body is drained, then the connection closes", async () => {
    const { port } = await start();
    const outcome = await new Promise<{ received: string; writeError: string | undefined; ended: boolean }>(
      (resolve) => {
        const socket = connect(port, "127.0.0.1");
        let received = "";
        let writeError: string | undefined;
        let ended = false;
        socket.on("data", (chunk: Buffer) => (received += chunk.toString("latin1")));
        socket.on("end", () => (ended = true));
        socket.on("error", (error: NodeJS.ErrnoException) => (writeError = error.code));
        socket.on("close", () => resolve({ received, writeError, ended }));
        socket.on("connect", async () => {
          socket.write(
            `POST /v1.0${SESSIONS_PATH} HTTP/1.1\r\nHost: x\r\nAuthorization: ${AUTH}\r\nContent-Type: application/json\r\nContent-Length: ${5 * MiB}\r\n\r\n`,
          );
          const chunk = Buffer.alloc(64 * 1024, 0x61);
          for (let sent = 0; sent < 5 * MiB && !socket.destroyed; sent += chunk.length) {
            if (!socket.write(chunk)) await new Promise((drained) => socket.once("drain", drained));
          }
          setTimeout(() => socket.destroy(), 5000).unref();
        });
      },
    );
    expect(outcome.writeError).toBeUndefined();
    expect(outcome.received).toMatch(/^HTTP\/1\.1 413 /);
    expect(outcome.received).toMatch(/\r\nconnection: close\r\n/i);
    expect(outcome.ended).toBe(true);
  });
});

/**
 * Uploads `bytes` of body the way Python's http.client and curl without Expect do: the whole body first (chunked
 * unless `contentLength`), reading nothing until it is sent. Resolves the status line read afterwards, or what
 * went wrong instead (EPIPE: the server reset the connection while the body was still being sent).
 */
function uploadBeforeReading(port: number, bytes: number, contentLength = false): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    let failure: string | undefined;
    socket.pause();
    socket.on("data", (chunk: Buffer) => (received += chunk.toString("latin1")));
    socket.on("error", (error: NodeJS.ErrnoException) => (failure ??= error.code));
    socket.on("close", () => resolve(/^HTTP\/1\.1 \d+/.exec(received)?.[0] ?? `no answer (${failure})`));
    socket.on("connect", async () => {
      const framing = contentLength ? `Content-Length: ${bytes}` : "Transfer-Encoding: chunked";
      socket.write(
        `POST /v1.0${SESSIONS_PATH} HTTP/1.1\r\nHost: x\r\nAuthorization: ${AUTH}\r\nContent-Type: application/json\r\n${framing}\r\n\r\n`,
      );
      const data = Buffer.alloc(64 * 1024, 0x20);
      const frame = contentLength
        ? data
        : Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from("\r\n")]);
      for (let sent = 0; sent < bytes && !socket.destroyed; sent += data.length) {
        // A pace the server's reading keeps up with, as over a real network: the kernel buffers stay nearly
        // empty, so the end of the body is still being sent when a server stops reading it.
        if (sent % (256 * 1024) === 0) await new Promise((paced) => setTimeout(paced, 1));
        if (!socket.write(frame))
          await new Promise<void>((drained) => {
            const done = () => {
              socket.off("drain", done).off("close", done);
              drained();
            };
            socket.on("drain", done).on("close", done);
          });
      }
      if (!contentLength && !socket.destroyed) socket.write("0\r\n\r\n");
      socket.resume();
      setTimeout(() => socket.destroy(), 10_000).unref();
    });
  });
}

describe("a body far over the limit from a client that sends it all before reading gets its 413", () => {
  it("chunked, 11 MiB, 20 times (a discard bound of 8 MiB reset them)", async () => {
    const { port } = await start();
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < 20; attempt++) outcomes.push(await uploadBeforeReading(port, 11 * MiB));
    expect(outcomes).toEqual(Array(20).fill("HTTP/1.1 413"));
  });

  it("chunked or with a Content-Length, 40 MiB", async () => {
    const { port } = await start();
    expect(await uploadBeforeReading(port, 40 * MiB)).toBe("HTTP/1.1 413");
    expect(await uploadBeforeReading(port, 40 * MiB, true)).toBe("HTTP/1.1 413");
    expect(server?.store.sessions()).toEqual([]);
  });

  it("a body that never ends is discarded for 5 s at most, then the connection is dropped", async () => {
    const { port } = await start();
    const started = performance.now();
    const closedAfter = await new Promise<number>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      let trickle: NodeJS.Timeout | undefined;
      socket.on("error", () => undefined);
      socket.on("close", () => {
        clearInterval(trickle);
        resolve(performance.now() - started);
      });
      socket.on("connect", () => {
        socket.write(
          `POST /v1.0${SESSIONS_PATH} HTTP/1.1\r\nHost: x\r\nAuthorization: ${AUTH}\r\nContent-Type: application/json\r\nContent-Length: ${100 * MiB}\r\n\r\n`,
        );
        trickle = setInterval(() => socket.write("x"), 50);
      });
      setTimeout(() => socket.destroy(), 15_000).unref();
    });
    expect(closedAfter).toBeGreaterThan(4500);
    expect(closedAfter).toBeLessThan(8000);
  });
});

describe("idle connections", () => {
  /** Opens `count` connections that never send a byte; resolves once all are connected. */
  async function openIdle(port: number, count: number): Promise<{ sockets: Socket[]; closed: () => number }> {
    const sockets: Socket[] = [];
    let closed = 0;
    for (let batch = 0; batch < count; batch += 100) {
      await Promise.all(
        Array.from(
          { length: Math.min(100, count - batch) },
          () =>
            new Promise<void>((resolve) => {
              const socket = connect(port, "127.0.0.1", () => resolve());
              socket.on("error", () => resolve());
              socket.on("close", () => closed++);
              sockets.push(socket);
            }),
        ),
      );
    }
    return { sockets, closed: () => closed };
  }

  it("2000 sockets that send nothing starve no request, even under a 1024-descriptor limit, and all close within the idle timeout", async () => {
    // The CLI in a child process whose file-descriptor limit is the common 1024, as a server on a default system.
    const child = spawn(
      "bash",
      ["-c", 'ulimit -n 1024 && exec "$0" "$@"', process.execPath, MAIN, "--idle-timeout-ms", "1000"],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    try {
      while (!stdout.includes("\n")) {
        if (child.exitCode !== null) throw new Error("the reference server exited");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const baseUrl = stdout.split("\n")[0]!;
      const idle = await openIdle(Number(new URL(baseUrl).port), 2000);
      try {
        const answered = await fetch(`${baseUrl}${SESSIONS_PATH}`, {
          headers: { authorization: AUTH },
          signal: AbortSignal.timeout(10_000),
        });
        expect(answered.status).toBe(200);
        const deadline = Date.now() + 15_000;
        while (idle.closed() < 2000 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
        expect(idle.closed()).toBe(2000);
        expect(stdout).toMatch(
          /^connection closed: 512 connections are open \(maxConnections\); it had been idle longest \(\d+\.\d s\)$/m,
        );
        expect(stdout).toMatch(/^GET \/v1\.0\/solutions\/backupRestore\/exchangeRestoreSessions 200 /m);
      } finally {
        for (const socket of idle.sockets) socket.destroy();
      }
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("in process: the cap holds and idle connections close after the idle timeout", async () => {
    const { port } = await start({ idleTimeoutMs: 300, maxConnections: 50 });
    const idle = await openIdle(port, 80);
    try {
      expect(server?.openConnections()).toBeLessThanOrEqual(50);
      const deadline = Date.now() + 10_000;
      while (idle.closed() < 80 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(idle.closed()).toBe(80);
      expect(server?.openConnections()).toBe(0);
    } finally {
      for (const socket of idle.sockets) socket.destroy();
    }
  });

  it("keeps a connection with a request in progress past the idle timeout (a slow handler is not idle)", async () => {
    const { baseUrl } = await start({
      idleTimeoutMs: 200,
      behavior: {
        transformResponse: async (_, response) => new Promise((resolve) => setTimeout(() => resolve(response), 600)),
      },
    });
    const response = await fetch(`${baseUrl}${SESSIONS_PATH}`, { headers: { authorization: AUTH } });
    expect(response.status).toBe(200);
  });

  it("refuses limits that cannot work, naming them", async () => {
    await expect(startReferenceServer({ idleTimeoutMs: 0 })).rejects.toThrow(
      /idleTimeoutMs must be an integer number of milliseconds from 1/,
    );
    await expect(startReferenceServer({ maxConnections: 1.5 })).rejects.toThrow(
      /maxConnections must be a positive integer, got 1.5/,
    );
  });
});

/** Writes `bytes` in one packet and resolves with everything the server sends until it closes (or 5 s pass). */
function exchange(port: number, bytes: string, endWhen?: (received: string) => boolean): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    socket.on("data", (chunk: Buffer) => {
      text += chunk.toString("latin1");
      if (endWhen?.(text)) socket.end();
    });
    socket.on("close", () => resolve(text));
    socket.on("error", () => resolve(text));
    socket.on("connect", () => socket.write(bytes));
    setTimeout(() => socket.destroy(), 5000).unref();
  });
}

describe("several requests in one packet", () => {
  it("pipelined requests are each applied and answered, in order, even when answers take a while", async () => {
    const { port } = await start({
      behavior: {
        transformResponse: (_, response) => new Promise((resolve) => setTimeout(() => resolve(response), 50)),
      },
    });
    const create = `POST /v1.0${SESSIONS_PATH} HTTP/1.1\r\nHost: x\r\nAuthorization: ${AUTH}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`;
    const received = await exchange(
      port,
      create + create,
      (text) => (text.match(/HTTP\/1\.1 201 /g) ?? []).length === 2,
    );
    expect(received.match(/HTTP\/1\.1 \d+/g)).toEqual(["HTTP/1.1 201", "HTTP/1.1 201"]);
    expect(server?.store.sessions()).toHaveLength(2);
  });

  it("a request followed by garbage is applied and answered, and only then is the garbage refused with 400", async () => {
    const { port } = await start();
    const body = "{}";
    const request = `POST /v1.0${SESSIONS_PATH} HTTP/1.1\r\nHost: x\r\nAuthorization: ${AUTH}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    const received = await exchange(port, `${request}GARBAGE GARBAGE\r\n\r\n`);
    expect(received).toMatch(/^HTTP\/1\.1 201 Created\r\n/);
    expect(received).toMatch(/\}HTTP\/1\.1 400 Bad Request\r\n[\s\S]*"code":"BadRequest"/);
    expect(server?.store.sessions()).toHaveLength(1);
    expect(lines).toEqual([
      expect.stringMatching(/^POST \/v1\.0\/solutions\/backupRestore\/exchangeRestoreSessions 201 /),
    ]);
  });

  it("a request whose client leaves before the answer is written is logged as not sent, its change standing", async () => {
    const { baseUrl } = await start({
      behavior: {
        transformResponse: (_, response) => new Promise((resolve) => setTimeout(() => resolve(response), 300)),
      },
    });
    const leaving = fetch(`${baseUrl}${SESSIONS_PATH}`, {
      method: "POST",
      headers: { authorization: AUTH, "content-type": "application/json" },
      body: "{}",
      signal: AbortSignal.timeout(100),
    });
    await expect(leaving).rejects.toThrow();
    const deadline = Date.now() + 5000;
    while (lines.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(lines).toEqual([
      expect.stringMatching(
        /^POST \/v1\.0\/solutions\/backupRestore\/exchangeRestoreSessions 201 not sent: the client closed the connection after the request was handled \(what it changed stands\) /,
      ),
    ]);
    expect(server?.store.sessions()).toHaveLength(1);
  });
});
