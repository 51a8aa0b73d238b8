// A scripted Graph stand-in on 127.0.0.1 (port 0) that records every request byte for byte.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { Socket } from "node:net";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type StubReply =
  | { status: number; headers?: Record<string, string>; body?: string | object }
  /** Never answer (the client's timeout must fire). */
  | { hang: true }
  /** Destroy the connection without an answer. */
  | { reset: true }
  /** Send the status line and headers, part of the body, then stall. */
  | { stallBody: true; status: number };

export interface StubGraph {
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startStubGraph(
  reply: (request: RecordedRequest, index: number) => StubReply,
): Promise<StubGraph> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(recorded);
      const answer = reply(recorded, requests.length - 1);
      if ("hang" in answer) return;
      if ("reset" in answer) return void req.socket.destroy();
      if ("stallBody" in answer) {
        res.writeHead(answer.status, { "content-type": "application/json" });
        res.write('{"mailboxRestoreArtifacts@delta": [');
        return;
      }
      const body =
        answer.body === undefined ? "" : typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
      const headers = {
        ...(typeof answer.body === "object" ? { "content-type": "application/json" } : {}),
        ...answer.headers,
      };
      res.writeHead(answer.status, headers);
      res.end(body);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("stub server has no address");
  return {
    baseUrl: `http://127.0.0.1:${address.port}/v1.0`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The Graph error envelope. */
export function envelope(code: string, message: string, innerError?: Record<string, string>): object {
  return { error: { code, message, ...(innerError ? { innerError } : {}) } };
}
