// Misbehaving servers for the runner's tests: the in-process reference server (a faithful implementation) with
// exactly one deviation, injected through its behavior knobs and hooks, or — for socket-level faults the hooks
// cannot express (a reset connection) — through a thin proxy in front of it. All on 127.0.0.1, all closed by
// the tests that start them.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ReferenceBehavior } from "../../../conformance/reference/behavior.ts";
import type {
  HandlerOverride,
  OperationContext,
  ReferenceResponse,
  ResponseContext,
} from "../../../conformance/reference/context.ts";
import type { FaultRule } from "../../../conformance/reference/faults.ts";
import { startReferenceServer, type ReferenceServer } from "../../../conformance/reference/server.ts";

export interface RecordedRequest {
  method: string;
  path: string;
  operationId: string | undefined;
  authorization: string | undefined;
  /** The status the client was finally told. */
  status: number;
}

export interface DeviatingServer {
  baseUrl: string;
  reference: ReferenceServer;
  /** Every request the server answered, in order. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export interface DeviationOptions {
  behavior?: Partial<ReferenceBehavior>;
  faults?: FaultRule[];
  /** The one deviation: rewrite (or withhold) an answer. */
  transform?: (ctx: ResponseContext, response: ReferenceResponse) => ReferenceResponse | Promise<ReferenceResponse>;
  restorePoints?: string[];
}

/** The reference server with one deviation; `requests` records what reached it. */
export async function startDeviatingServer(options: DeviationOptions = {}): Promise<DeviatingServer> {
  const requests: RecordedRequest[] = [];
  const reference = await startReferenceServer({
    ...(options.restorePoints ? { restorePoints: options.restorePoints } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
    behavior: {
      ...options.behavior,
      transformResponse: async (ctx, response) => {
        const authorization = ctx.request.headers.authorization;
        const record: RecordedRequest = {
          method: ctx.request.method,
          path: ctx.request.path,
          operationId: ctx.operationId,
          authorization: typeof authorization === "string" ? authorization : undefined,
          status: response.status,
        };
        requests.push(record);
        const final = options.transform ? await options.transform(ctx, response) : response;
        record.status = final.status;
        return final;
      },
    },
  });
  return { baseUrl: reference.baseUrl, reference, requests, close: () => reference.close() };
}

/** Rewrites the JSON body of the answers to one operation. */
export function rewriteBody(
  operationId: string,
  status: number | undefined,
  rewrite: (body: Record<string, unknown>) => unknown,
) {
  return (ctx: ResponseContext, response: ReferenceResponse): ReferenceResponse => {
    if (
      ctx.operationId !== operationId ||
      (status !== undefined && response.status !== status) ||
      response.body === undefined
    )
      return response;
    return { ...response, body: rewrite(structuredClone(response.body) as Record<string, unknown>) };
  };
}

export type ProxyDecision = "reset" | "forward";

export interface FaultProxy {
  baseUrl: string;
  close(): Promise<void>;
}

async function readAll(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A proxy in front of `upstream` that resets the connection of requests `decide` picks (links rewritten to it). */
export async function startFaultProxy(
  upstream: string,
  decide: (method: string, path: string) => ProxyDecision,
): Promise<FaultProxy> {
  const upstreamUrl = new URL(upstream);
  let origin = "";
  const server: Server = createServer(async (request, response) => {
    const body = await readAll(request);
    const path = request.url ?? "/";
    if (decide(request.method ?? "GET", path) === "reset") {
      request.socket.destroy();
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(
        ([name]) => name !== "host" && name !== "connection" && name !== "content-length",
      ),
    ) as Record<string, string>;
    const answer = await fetch(`${upstreamUrl.origin}${path}`, {
      method: request.method,
      headers,
      ...(body.length ? { body: new Uint8Array(body) } : {}),
    });
    const text = (await answer.text()).replaceAll(upstreamUrl.origin, origin);
    const out: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (name !== "content-length" && name !== "connection" && name !== "keep-alive" && name !== "transfer-encoding")
        out[name] = value;
    });
    response.writeHead(answer.status, out);
    response.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl: `${origin}${upstreamUrl.pathname}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 where nothing listens (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * An independent server that follows every documented rule and differs only where Microsoft's pages are silent:
 * $top=0 answers an empty page, $top above 999 is clamped, $top=abc and a $skiptoken it never issued are ignored.
 */
const lenientQueries: HandlerOverride = (ctx, callNext) => {
  // The default list handlers answer synchronously.
  const next = (context: OperationContext) => callNext(context) as ReferenceResponse;
  const url = new URL(ctx.request.url.href);
  const top = url.searchParams.get("$top");
  if (top === "0") {
    url.searchParams.set("$top", "1");
    const page = next({ ...ctx, request: { ...ctx.request, url } });
    const { "@odata.nextLink": _next, ...body } = page.body as Record<string, unknown>;
    return { ...page, body: { ...body, value: [] } };
  }
  if (top !== null && /^[0-9]+$/.test(top) && Number(top) > 999) url.searchParams.set("$top", "999");
  if (top !== null && !/^[0-9]+$/.test(top)) url.searchParams.delete("$top");
  const answer = next({ ...ctx, request: { ...ctx.request, url } });
  if (answer.status !== 400 || !url.searchParams.has("$skiptoken")) return answer;
  url.searchParams.delete("$skiptoken");
  return next({ ...ctx, request: { ...ctx.request, url } });
};

export const DOCS_SILENT_SERVER: DeviationOptions = {
  behavior: { handlers: { listExchangeRestoreSessions: lenientQueries, listMailboxRestoreArtifacts: lenientQueries } },
};
