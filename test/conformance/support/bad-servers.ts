// Bad servers for the conformance runner: node:http servers on loopback that break HTTP itself (hang, drip,
// reset, flood, garbage bytes, endless throttling, redirects elsewhere) on every request the run makes. The
// target probe (GET on the session collection without a token) gets a proper 401, so the target counts as
// reachable and the run must end with a conformance failure (exit 1), not a configuration error (exit 2).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { gzipSync } from "node:zlib";

export interface SeenRequest {
  method: string;
  url: string;
  authorization: string | undefined;
}

export interface BadServer {
  /** `http://HOST:PORT/v1.0` */
  baseUrl: string;
  port: number;
  /** Every request that reached the server, probe included. */
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** What a bad server does with a request; `track` registers timers so close() can stop them. */
export type Misbehaviour = (
  request: IncomingMessage,
  response: ServerResponse,
  track: (timer: NodeJS.Timeout) => void,
) => void;

const JSON_TYPE = "application/json; charset=utf-8";
export const DRIP_INTERVAL_MS = 200;
export const HUGE_BODY_BYTES = Math.round(10.5 * 1024 * 1024);

function isProbe(request: IncomingMessage): boolean {
  return (
    request.method === "GET" &&
    request.headers.authorization === undefined &&
    /\/exchangeRestoreSessions$/i.test(request.url ?? "")
  );
}

function answerProbe(response: ServerResponse): void {
  const body = JSON.stringify({ error: { code: "InvalidAuthenticationToken", message: "Access token is empty." } });
  response.writeHead(401, { "content-type": JSON_TYPE, "content-length": Buffer.byteLength(body) });
  response.end(body);
}

const SESSION = JSON.stringify({
  id: "3f1c2d4e-0000-4000-8000-000000000001",
  status: "draft",
  createdDateTime: "2024-09-10T12:01:03Z",
});

function hugeJson(bytes: number): Buffer {
  const prefix = '{"value":"';
  const suffix = '"}';
  return Buffer.concat([
    Buffer.from(prefix),
    Buffer.alloc(bytes - prefix.length - suffix.length, "x"),
    Buffer.from(suffix),
  ]);
}

export const MISBEHAVIOURS = {
  /** Accepts the request and never answers. */
  hang: () => undefined,
  /** Sends the headers at once, then the body one byte every 200 ms. */
  drip: (_request, response, track) => {
    const body = Buffer.from(SESSION);
    response.writeHead(201, { "content-type": JSON_TYPE, "content-length": body.length });
    let sent = 0;
    const timer = setInterval(() => {
      if (sent >= body.length || response.destroyed) return clearInterval(timer);
      response.write(body.subarray(sent, sent + 1));
      sent++;
    }, DRIP_INTERVAL_MS);
    track(timer);
  },
  /** Declares 2000 bytes, sends 100, then resets the connection. */
  "reset-mid-body": (_request, response, track) => {
    response.writeHead(201, { "content-type": JSON_TYPE, "content-length": 2000 });
    response.write(Buffer.from(SESSION.padEnd(100, " ")).subarray(0, 100));
    track(setTimeout(() => response.socket?.resetAndDestroy(), 20));
  },
  /** A 10.5 MB JSON body with its Content-Length. */
  "huge-body-declared": (_request, response) => {
    const body = hugeJson(HUGE_BODY_BYTES);
    response.writeHead(201, { "content-type": JSON_TYPE, "content-length": body.length });
    response.end(body);
  },
  /** A 10.5 MB JSON body streamed in chunks, no Content-Length. */
  "huge-body-chunked": (_request, response) => {
    const body = hugeJson(HUGE_BODY_BYTES);
    response.writeHead(201, { "content-type": JSON_TYPE });
    for (let offset = 0; offset < body.length; offset += 64 * 1024)
      response.write(body.subarray(offset, offset + 64 * 1024));
    response.end();
  },
  /** JSON labelled UTF-8 whose bytes are Latin-1 ("café" with a lone 0xE9). */
  "non-utf8": (_request, response) => {
    const body = Buffer.from('{"id":"caf\u00e9","status":"draft"}', "latin1");
    response.writeHead(201, { "content-type": JSON_TYPE, "content-length": body.length });
    response.end(body);
  },
  /** gzip-compressed JSON without a Content-Encoding header. */
  "gzip-undeclared": (_request, response) => {
    const body = gzipSync(SESSION);
    response.writeHead(201, { "content-type": JSON_TYPE, "content-length": body.length });
    response.end(body);
  },
} satisfies Record<string, Misbehaviour>;

/** 429 with this Retry-After on every request, for ever. */
export function throttleStorm(retryAfterSeconds: number): Misbehaviour {
  return (_request, response) => {
    const body = JSON.stringify({ error: { code: "TooManyRequests", message: "Too many requests." } });
    response.writeHead(429, {
      "content-type": JSON_TYPE,
      "retry-after": String(retryAfterSeconds),
      "content-length": Buffer.byteLength(body),
    });
    response.end(body);
  };
}

/** 302 to the same path on another origin. */
export function redirectTo(origin: string): Misbehaviour {
  return (request, response) => {
    response.writeHead(302, { location: `${origin}${request.url ?? "/"}`, "content-length": 0 });
    response.end();
  };
}

/** A plain server that records what reaches it and answers 200 {} (the redirect's destination). */
export function recordingAnswer(): Misbehaviour {
  return (_request, response) => {
    response.writeHead(200, { "content-type": JSON_TYPE, "content-length": 2 });
    response.end("{}");
  };
}

export async function startBadServer(
  misbehave: Misbehaviour,
  host = "127.0.0.1",
  options: { answerProbe?: boolean } = {},
): Promise<BadServer> {
  const requests: SeenRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    requests.push({
      method: request.method ?? "",
      url: request.url ?? "",
      authorization: request.headers.authorization,
    });
    request.resume();
    response.on("error", () => undefined);
    if (options.answerProbe !== false && isProbe(request)) return answerProbe(response);
    misbehave(request, response, (timer) => timers.add(timer));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://${host}:${port}/v1.0`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
