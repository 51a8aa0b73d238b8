// Connection hygiene of the reference server: timeouts for connections that send nothing, for headers and for
// whole requests, and a cap on open connections that closes the connection idle longest to make room, so that
// piles of idle sockets never starve a real request (nor run the process out of file descriptors).
import type { IncomingMessage, Server, ServerOptions, ServerResponse } from "node:http";
import type { Socket } from "node:net";

export interface ConnectionLimits {
  /** A connection with no request in progress (before its first byte, or between keep-alive requests) is closed after this long. */
  idleTimeoutMs: number;
  /** The request line and headers must have arrived this long after the request began, else 408 (at most requestTimeoutMs). */
  headersTimeoutMs: number;
  /** The whole request, body included, must have arrived this long after it began, else 408. */
  requestTimeoutMs: number;
  /** Open connections at most: one more closes the connection idle longest, or the new one when none is idle. */
  maxConnections: number;
}

export const DEFAULT_CONNECTION_LIMITS: Readonly<ConnectionLimits> = Object.freeze({
  idleTimeoutMs: 5_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  // Below the common 1024 file-descriptor limit, with room for the process's own.
  maxConnections: 512,
});

const MAX_TIMEOUT_MS = 86_400_000;

/** The defaults with `overrides` applied; throws naming the limit that cannot work. */
export function resolveConnectionLimits(overrides: Partial<ConnectionLimits> = {}): ConnectionLimits {
  const limits = { ...DEFAULT_CONNECTION_LIMITS, ...overrides };
  for (const name of ["idleTimeoutMs", "headersTimeoutMs", "requestTimeoutMs"] as const) {
    const value = limits[name];
    if (!Number.isInteger(value) || value < 1 || value > MAX_TIMEOUT_MS) {
      throw new Error(
        `${name} must be an integer number of milliseconds from 1 to ${MAX_TIMEOUT_MS}, got ${String(value)}`,
      );
    }
  }
  if (!Number.isInteger(limits.maxConnections) || limits.maxConnections < 1) {
    throw new Error(`maxConnections must be a positive integer, got ${String(limits.maxConnections)}`);
  }
  return limits;
}

/** Node's own timeouts for these limits (Node checks them every connectionsCheckingInterval, 30 s by default). */
export function httpServerOptions(limits: ConnectionLimits): ServerOptions {
  const headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  return {
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout,
    keepAliveTimeout: limits.idleTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))),
  };
}

interface Connection {
  /** Requests received on it whose answer has not finished. */
  inFlight: number;
  /** When it last had no request in progress (accepted, or its last answer finished). */
  idleSince: number;
  /** Run once no request is in flight any more. */
  whenIdle: Array<() => void>;
}

/** Tracks every connection of `server`, enforces the idle timeout and the cap. */
export class ConnectionPool {
  readonly #connections = new Map<Socket, Connection>();
  readonly #limits: ConnectionLimits;
  readonly #log: ((line: string) => void) | undefined;

  constructor(server: Server, limits: ConnectionLimits, log?: (line: string) => void) {
    this.#limits = limits;
    this.#log = log;
    server.on("connection", (socket: Socket) => this.#accept(socket));
    server.on("request", (request: IncomingMessage, response: ServerResponse) =>
      this.#requestStarted(request.socket, response),
    );
    // With a listener here Node no longer destroys a socket whose timeout fires; we do, unless a request is in
    // flight (a slow handler is bounded by other means, a stalled upload by requestTimeoutMs).
    server.on("timeout", (socket: Socket) => {
      if (this.inFlight(socket) === 0) socket.destroy();
    });
  }

  get size(): number {
    return this.#connections.size;
  }

  /** Requests on this connection whose answer has not finished. */
  inFlight(socket: Socket): number {
    return this.#connections.get(socket)?.inFlight ?? 0;
  }

  /** Runs `action` as soon as no request is in flight on the connection (at once when none is). */
  whenIdle(socket: Socket, action: () => void): void {
    const connection = this.#connections.get(socket);
    if (!connection || connection.inFlight === 0) action();
    else connection.whenIdle.push(action);
  }

  #accept(socket: Socket): void {
    this.#connections.set(socket, { inFlight: 0, idleSince: performance.now(), whenIdle: [] });
    socket.once("close", () => this.#connections.delete(socket));
    socket.setTimeout(this.#limits.idleTimeoutMs);
    if (this.#connections.size > this.#limits.maxConnections) this.#makeRoom(socket);
  }

  #makeRoom(newcomer: Socket): void {
    let oldest: [Socket, Connection] | undefined;
    for (const entry of this.#connections) {
      if (entry[0] !== newcomer && entry[1].inFlight === 0 && (!oldest || entry[1].idleSince < oldest[1].idleSince))
        oldest = entry;
    }
    const limit = `${this.#limits.maxConnections} connections are open (maxConnections)`;
    if (oldest) {
      this.#log?.(
        `connection closed: ${limit}; it had been idle longest (${((performance.now() - oldest[1].idleSince) / 1000).toFixed(1)} s)`,
      );
      oldest[0].destroy();
    } else {
      this.#log?.(`connection refused: ${limit}, each with a request in progress`);
      newcomer.destroy();
    }
  }

  #requestStarted(socket: Socket, response: ServerResponse): void {
    const connection = this.#connections.get(socket);
    if (!connection) return;
    connection.inFlight += 1;
    response.once("close", () => {
      connection.inFlight -= 1;
      if (connection.inFlight > 0) return;
      connection.idleSince = performance.now();
      for (const action of connection.whenIdle.splice(0)) action();
    });
  }
}
