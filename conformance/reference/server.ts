// HTTP plumbing of the reference server: one pipeline for every request (ids → auth → route → injected faults →
// body → handler → headers → transformResponse → write → log). Listens on 127.0.0.1 only.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { operation } from "../../src/contract/operations.ts";
import { validateRequestBody } from "../../src/contract/validators.ts";
import { WORKLOAD_NAMES, WORKLOADS, type WorkloadName } from "../../src/contract/workloads.ts";
import { isSensitiveQueryName, redactCredentialShapes } from "../../src/http/credential-text.ts";
import { resolveBehavior, workloadBehavior, type ReferenceBehavior } from "./behavior.ts";
import { contentTypeProblem, lingerBeforeClose, parseJsonBody, readBody } from "./body.ts";
import { ConnectionPool, httpServerOptions, resolveConnectionLimits, type ConnectionLimits } from "./connections.ts";
import type { OperationContext, OperationId, ReferenceResponse, RequestInfo, ResponseContext } from "./context.ts";
import { graphError } from "./graph-error.ts";
import { FaultQueue, faultResponse, type FaultRule } from "./faults.ts";
import { DEFAULT_HANDLERS } from "./handlers/index.ts";
import { checkLatency, waitLatency, type Latency } from "./latency.ts";
import { publicBaseUrl } from "./public-base-url.ts";
import { defaultRestorePoints } from "./restore-points.ts";
import { matchRoute } from "./router.ts";
import { ReferenceStore } from "./store.ts";

export interface ReferenceServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Shorthand for behavior.pageSize (default 20). */
  pageSize?: number;
  /** The restore points the server knows (default: defaultRestorePoints()). */
  restorePoints?: string[];
  /** One line per request (method, path, status, ms); never a token. Default: silent. */
  log?: (line: string) => void;
  /** Knobs and hooks; see behavior.ts. */
  behavior?: Partial<ReferenceBehavior>;
  /** Faults to inject from the start; see faults.ts. */
  faults?: FaultRule[];
  /** A connection with no request in progress is closed after this long (default 5000). */
  idleTimeoutMs?: number;
  /** The headers of a request must arrive within this long, else 408 (default 10000). */
  headersTimeoutMs?: number;
  /** The whole request, body included, must arrive within this long, else 408 (default 60000). */
  requestTimeoutMs?: number;
  /** Open connections at most; one more closes the connection idle longest (default 512). */
  maxConnections?: number;
  /** Delay before each request is handled, to stand in for a remote service: ms, or {minMs, maxMs} for jitter. */
  latency?: number | Latency;
}

export interface ReferenceServer {
  /** `http://127.0.0.1:PORT/v1.0` */
  baseUrl: string;
  port: number;
  store: ReferenceStore;
  restorePoints: readonly string[];
  behavior: ReferenceBehavior;
  /** Queues a fault (429, 503, 403 accessDenied, 500 IncompleteArtifactDeletion) for the next matching request(s). */
  injectFault(rule: FaultRule): void;
  /** The connection limits in force (the defaults with the options applied). */
  connectionLimits: Readonly<ConnectionLimits>;
  /** Connections open right now. */
  openConnections(): number;
  /** Stops accepting, lets in-flight requests finish (at most 2 s), then closes every connection. */
  close(): Promise<void>;
}

const BASE_PATH = "/v1.0";
/** After an early answer, the unread rest of a body is discarded for at most this long, then the connection drops. */
const LINGER_MS = 5000;

function sanitizedClientRequestId(value: string | string[] | undefined): string | undefined {
  const single = Array.isArray(value) ? value[0] : value;
  return single !== undefined && /^[\x21-\x7e]{1,200}$/.test(single) ? single : undefined;
}

function hasBearerToken(authorization: string | undefined): boolean {
  return authorization !== undefined && /^Bearer[ \t]+\S/i.test(authorization);
}

function requestUrl(raw: string | undefined): URL {
  const target = raw ?? "/";
  try {
    return target.startsWith("/") ? new URL(`http://127.0.0.1${target}`) : new URL(target);
  } catch {
    return new URL("http://127.0.0.1/");
  }
}

const LOG_REDACTED = "[redacted]";

/**
 * The path and query for the log: the values of credential query parameters redacted, and anything shaped like
 * a credential (a bearer credential, a JWT) wherever it is, in the path or any value.
 */
function loggedTarget(url: URL): string {
  const query = [...url.searchParams].map(
    ([name, value]) =>
      `${redactCredentialShapes(name, LOG_REDACTED)}=${isSensitiveQueryName(name) ? LOG_REDACTED : redactCredentialShapes(value, LOG_REDACTED)}`,
  );
  const path = redactCredentialShapes(url.pathname, LOG_REDACTED);
  return query.length ? `${path}?${query.join("&")}` : path;
}

function requestHasBody(request: IncomingMessage): boolean {
  const length = request.headers["content-length"];
  return (length !== undefined && length !== "0") || request.headers["transfer-encoding"] !== undefined;
}

const ABORTED = Symbol("aborted");

/**
 * Whether the answer can no longer be written: the client went away. (The request's socket, not the response's:
 * a pipelined request's response has no socket until the answers before it are written.)
 */
function answerImpossible(request: IncomingMessage, response: ServerResponse): boolean {
  return response.destroyed || request.socket.destroyed || !request.socket.writable;
}

interface Outcome {
  response: ReferenceResponse;
  context: ResponseContext;
}

export async function startReferenceServer(options: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const connectionLimits = resolveConnectionLimits({
    ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
    ...(options.headersTimeoutMs === undefined ? {} : { headersTimeoutMs: options.headersTimeoutMs }),
    ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
  });
  const behavior = resolveBehavior({
    ...options.behavior,
    ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
  });
  const restorePointList = options.restorePoints ?? defaultRestorePoints();
  if (restorePointList.length === 0 || restorePointList.some((id) => typeof id !== "string" || id.trim() === "")) {
    throw new Error("restorePoints must be a non-empty list of non-empty strings");
  }
  const restorePoints: ReadonlySet<string> = new Set(restorePointList);
  // Compile the request validators now, so the first request is not the one that pays for it.
  for (const name of behavior.served) {
    validateRequestBody(WORKLOADS[name].operationIds.create, {});
    validateRequestBody(WORKLOADS[name].operationIds.update, {});
  }
  const knobsOf = new Map<WorkloadName, ReferenceBehavior>(
    WORKLOAD_NAMES.map((name) => [name, workloadBehavior(behavior, name)]),
  );
  const store = new ReferenceStore();
  const faults = new FaultQueue();
  for (const rule of options.faults ?? []) faults.add(rule);
  const log = options.log;
  const latency = options.latency === undefined ? undefined : checkLatency(options.latency);
  let baseUrl = "";

  async function respond(
    request: IncomingMessage,
    response: ServerResponse,
    info: RequestInfo,
    context: ResponseContext,
  ): Promise<ReferenceResponse | typeof ABORTED> {
    if (behavior.requireAuth && !hasBearerToken(request.headers.authorization)) {
      const detail =
        request.headers.authorization === undefined ? undefined : 'The Authorization header must be "Bearer <token>".';
      return graphError(info, 401, "ErrorInvalidAuthenticationToken", detail, {
        "www-authenticate": 'Bearer realm="exchange-restore-contract reference server"',
      });
    }
    const shown = info.url.pathname.length > 200 ? `${info.url.pathname.slice(0, 200)}…` : info.url.pathname;
    if (!info.url.pathname.startsWith(`${BASE_PATH}/`)) {
      return graphError(info, 404, {
        code: "ResourceNotFound",
        message: `No resource at ${shown}; this server serves ${BASE_PATH}/solutions/backupRestore/….`,
      });
    }
    const route = matchRoute(info.method, info.path, behavior.served);
    if (route.kind === "not-found")
      return graphError(info, 404, { code: "ResourceNotFound", message: `No resource at ${shown}.` });
    if (route.kind === "method-not-allowed") {
      return graphError(
        info,
        405,
        {
          code: "MethodNotAllowed",
          message: `${info.method} is not allowed on ${shown}; allowed: ${route.allow.join(", ")}.`,
        },
        undefined,
        { allow: route.allow.join(", ") },
      );
    }
    if (route.kind === "invalid-id") return graphError(info, 400, "ErrorInvalidRestoreSessionId", route.problem);

    const operationId: OperationId = route.operationId;
    context.operationId = operationId;
    context.params = route.params;
    if (route.workload !== undefined) {
      context.workload = WORKLOADS[route.workload];
      context.behavior = knobsOf.get(route.workload) ?? behavior;
    }
    const fault = faults.take(operationId);
    if (fault) return faultResponse(info, fault);

    let body: unknown;
    if (operation(operationId).requestSchemaRef) {
      const mediaProblem = contentTypeProblem(request.headers["content-type"]);
      if (mediaProblem && (request.headers["content-type"] !== undefined || requestHasBody(request))) {
        return graphError(info, 415, "ErrorUnsupportedMediaType", mediaProblem);
      }
      // A client that asked waits for `100 Continue` before it sends the body; an answer given instead (401,
      // 413, …) tells it not to send it at all.
      const read = await readBody(request, context.behavior.maxBodyBytes, () => {
        if (expectsContinue.delete(request)) response.writeContinue();
      });
      if (read.kind === "aborted") return ABORTED;
      if (read.kind === "too-large") {
        const size =
          read.declaredBytes !== undefined && read.receivedBytes === 0
            ? `declares ${read.declaredBytes} bytes`
            : `sent more than ${context.behavior.maxBodyBytes} bytes`;
        return graphError(
          info,
          413,
          "ErrorRequestTooLarge",
          `The request ${size}; the limit is ${context.behavior.maxBodyBytes} bytes.`,
        );
      }
      const parsed = parseJsonBody(read.bytes, context.behavior.maxJsonDepth);
      if (!parsed.ok) return graphError(info, 400, "ErrorInvalidPatchRequest", parsed.problem);
      body = parsed.value;
    }

    // Apply a request only while its answer can still be sent: a client that went away learns nothing of it.
    if (answerImpossible(request, response)) return ABORTED;
    const operationContext: OperationContext = {
      ...context,
      operationId,
      body,
      restorePoints,
      now: context.behavior.clock(),
    };
    const override = behavior.handlers[operationId];
    const defaultHandler = DEFAULT_HANDLERS[operationId];
    return override ? override(operationContext, defaultHandler) : defaultHandler(operationContext);
  }

  function write(request: IncomingMessage, response: ServerResponse, answer: ReferenceResponse): void {
    const payload =
      answer.rawBody !== undefined
        ? Buffer.from(answer.rawBody)
        : answer.body !== undefined
          ? Buffer.from(JSON.stringify(answer.body))
          : undefined;
    const unreadBody = !request.complete && requestHasBody(request);
    response.statusCode = answer.status;
    for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
    if (payload) response.setHeader("content-length", payload.length);
    if (unreadBody) {
      response.setHeader("connection", "close");
      lingerBeforeClose(request, LINGER_MS);
    }
    response.end(payload);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = performance.now();
    response.on("error", () => undefined);
    request.on("error", () => undefined);
    const url = requestUrl(request.url);
    const info: RequestInfo = {
      method: request.method ?? "GET",
      url,
      path: url.pathname.startsWith(`${BASE_PATH}/`) ? url.pathname.slice(BASE_PATH.length) : url.pathname,
      headers: request.headers,
      requestId: randomUUID(),
      clientRequestId: sanitizedClientRequestId(request.headers["client-request-id"]),
      receivedAt: behavior.clock(),
    };
    const context: ResponseContext = {
      request: info,
      operationId: undefined,
      workload: undefined,
      params: {},
      baseUrl: publicBaseUrl(request.headers, baseUrl, BASE_PATH),
      store,
      behavior,
    };
    const logLine = (status: string) =>
      log?.(`${info.method} ${loggedTarget(url)} ${status} ${(performance.now() - started).toFixed(1)}ms`);
    let outcome: Outcome;
    try {
      await waitLatency(latency);
      const answer = await respond(request, response, info, context);
      if (answer === ABORTED) {
        logLine("aborted (the client closed the connection; nothing was applied)");
        return;
      }
      outcome = { response: answer, context };
    } catch (error) {
      log?.(`error ${info.requestId}: ${(error as Error).stack ?? String(error)}`);
      outcome = {
        response: graphError(info, 500, {
          code: "InternalServerError",
          message: `The reference server failed on this request (request-id ${info.requestId}).`,
        }),
        context,
      };
    }
    try {
      const headers: Record<string, string> = { ...outcome.response.headers };
      if (outcome.response.body !== undefined || outcome.response.rawBody !== undefined)
        headers["content-type"] ??= outcome.context.behavior.responseContentType;
      headers["request-id"] = info.requestId;
      if (info.clientRequestId) headers["client-request-id"] = info.clientRequestId;
      let final: ReferenceResponse = { ...outcome.response, headers };
      if (behavior.transformResponse) final = await behavior.transformResponse(outcome.context, final);
      if (answerImpossible(request, response)) {
        logLine(
          `${final.status} not sent: the client closed the connection after the request was handled (what it changed stands)`,
        );
        return;
      }
      response.once("close", () => {
        if (!response.writableFinished)
          log?.(
            `${info.method} ${loggedTarget(url)} ${final.status} was applied, but its answer was cut off: the connection closed`,
          );
      });
      write(request, response, final);
      logLine(String(final.status));
    } catch (error) {
      log?.(`error ${info.requestId} while answering: ${(error as Error).message}`);
      if (!response.headersSent && !response.destroyed) {
        response.removeHeader("content-length");
        write(
          request,
          response,
          graphError(
            info,
            500,
            {
              code: "InternalServerError",
              message: `The reference server could not write its answer (request-id ${info.requestId}).`,
            },
            undefined,
            { "content-type": behavior.responseContentType, "request-id": info.requestId },
          ),
        );
      } else {
        response.destroy();
      }
      logLine("500");
    }
  }

  const server = createServer(httpServerOptions(connectionLimits), (request, response) => {
    void handle(request, response);
  });
  const connections = new ConnectionPool(server, connectionLimits, log);
  // Requests with `Expect: 100-continue` are handled like any other; the 100 is sent only if the body is read.
  const expectsContinue = new WeakSet<IncomingMessage>();
  server.on("checkContinue", (request: IncomingMessage, response: ServerResponse) => {
    expectsContinue.add(request);
    server.emit("request", request, response);
  });
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, code, message] =
      error.code === "HPE_HEADER_OVERFLOW"
        ? ["431 Request Header Fields Too Large", "RequestHeaderFieldsTooLarge", "The request headers are too large."]
        : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? ["408 Request Timeout", "RequestTimeout", "The request did not arrive completely in time."]
          : [
              "400 Bad Request",
              "BadRequest",
              `The request could not be parsed as HTTP (${error.code ?? "parse error"}).`,
            ];
    const body = JSON.stringify({ error: { code, message } });
    const answer = `HTTP/1.1 ${status}\r\nContent-Type: ${behavior.responseContentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
    // Bytes that are not HTTP after a complete request (in the same packet): that request was applied, so its
    // answer goes out first, then this one. A request that timed out is itself the one in flight: answer now.
    if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") socket.end(answer);
    else connections.whenIdle(socket, () => socket.end(answer));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  baseUrl = `http://127.0.0.1:${port}${BASE_PATH}`;

  let closing: Promise<void> | undefined;
  return {
    baseUrl,
    port,
    store,
    restorePoints: restorePointList,
    behavior,
    injectFault: (rule) => faults.add(rule),
    connectionLimits,
    openConnections: () => connections.size,
    close() {
      closing ??= new Promise((resolve) => {
        const forceTimer = setTimeout(() => server.closeAllConnections(), 2000);
        forceTimer.unref();
        server.close(() => {
          clearTimeout(forceTimer);
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
