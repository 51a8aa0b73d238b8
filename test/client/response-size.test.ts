// An answer larger than maxResponseBytes is refused with an error naming the operation and the size, without
// being buffered: the servers here stream an endless (or 600 MiB) body and count what they managed to send.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { createRestoreClient, GraphResponseTooLargeError, unwrap } from "../../src/index.ts";

const TOKEN = "size-test-token-2b9c";
const GET_PATH = "/solutions/backupRestore/exchangeRestoreSessions/{exchangeRestoreSessionId}";
const MiB = 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x20);

interface StreamingServer {
  baseUrl: string;
  sentBytes(): number;
  close(): Promise<void>;
}

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** Answers 200 with `{"value": [` and then spaces, chunk after chunk (respecting backpressure), up to `totalBytes`. */
async function streamingServer(options: { declaredBytes?: number; totalBytes: number }): Promise<StreamingServer> {
  let sent = 0;
  server = createServer((_, response) => {
    response.writeHead(200, {
      "content-type": "application/json",
      ...(options.declaredBytes ? { "content-length": String(options.declaredBytes) } : {}),
    });
    const pump = () => {
      while (sent < options.totalBytes && !response.destroyed) {
        sent += CHUNK.length;
        if (!response.write(CHUNK)) return void response.once("drain", pump);
      }
      if (!response.destroyed) response.end();
    };
    response.on("error", () => undefined);
    response.write('{"value": [');
    pump();
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}/v1.0`, sentBytes: () => sent, close: async () => undefined };
}

async function getSession(baseUrl: string, maxResponseBytes?: number) {
  const client = createRestoreClient({
    baseUrl,
    token: TOKEN,
    ...(maxResponseBytes === undefined ? {} : { maxResponseBytes }),
  });
  return client.GET(GET_PATH, { params: { path: { exchangeRestoreSessionId: "session-1" } } });
}

async function rejection(promise: Promise<unknown>): Promise<GraphResponseTooLargeError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(GraphResponseTooLargeError);
  return error as GraphResponseTooLargeError;
}

describe("maxResponseBytes", () => {
  test("an endless body stops at the default 16 MiB, naming the operation and the size", async () => {
    const stream = await streamingServer({ totalBytes: 600 * MiB });
    const error = await rejection(getSession(stream.baseUrl));
    expect(error).toMatchObject({
      method: "GET",
      operation: GET_PATH,
      status: 200,
      limitBytes: 16 * MiB,
      declaredBytes: undefined,
    });
    expect(error.receivedBytes).toBeGreaterThan(16 * MiB);
    expect(error.message).toMatch(
      /^GET \/solutions\/backupRestore\/exchangeRestoreSessions\/\{exchangeRestoreSessionId\} \(http:\/\/127\.0\.0\.1:\d+\/v1\.0\/solutions\/backupRestore\/exchangeRestoreSessions\/session-1\) → HTTP 200: the answer is larger than maxResponseBytes \(16 MiB\): more than 16777216 bytes arrived; the client stopped reading after \d+ bytes$/,
    );
    expect(stream.sentBytes()).toBeLessThan(100 * MiB);
  });

  test("a declared Content-Length over the limit is refused before a byte is read", async () => {
    const stream = await streamingServer({ declaredBytes: 600 * MiB, totalBytes: 600 * MiB });
    const error = await rejection(getSession(stream.baseUrl));
    expect(error).toMatchObject({ declaredBytes: 600 * MiB, receivedBytes: 0 });
    expect(error.message).toMatch(
      /the answer is larger than maxResponseBytes \(16 MiB\): its Content-Length is 629145600 bytes \(600 MiB\); nothing was read$/,
    );
    expect(stream.sentBytes()).toBeLessThan(100 * MiB);
  });

  test("the limit is an option; answers within it are read as usual", async () => {
    const stream = await streamingServer({ totalBytes: 2 * CHUNK.length });
    const error = await rejection(getSession(stream.baseUrl, CHUNK.length));
    expect(error.message).toContain("larger than maxResponseBytes (0.1 MiB)");
    // The same body within a larger limit arrives (and is then refused as JSON, being only a prefix).
    await expect(getSession(stream.baseUrl, 4 * CHUNK.length).then(unwrap)).rejects.toThrow(
      /HTTP 200: expected a JSON body/,
    );
  });

  test.each([0, -1, 1.5, Number.NaN])("maxResponseBytes %s is refused when the client is created", (value) => {
    expect(() =>
      createRestoreClient({ baseUrl: "http://127.0.0.1:9/v1.0", token: TOKEN, maxResponseBytes: value }),
    ).toThrow(/maxResponseBytes must be a positive integer number of bytes/);
  });
});
