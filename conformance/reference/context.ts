// The shapes every part of the reference server speaks: the request as handlers see it, the response they return.
import type { IncomingHttpHeaders } from "node:http";
import type { Workload, WorkloadName, WorkloadOf } from "../../src/contract/workloads.ts";
import type { BehaviorKnobs } from "./behavior-knobs.ts";
import type { ReferenceStore } from "./store.ts";

/** Every operation of the contract: each workload's six and the shared activation (from the workload registry). */
export type OperationId = {
  [W in WorkloadName]: WorkloadOf<W>["operationIds"][keyof WorkloadOf<W>["operationIds"]];
}[WorkloadName];

/** An answer before it is written: handlers and hooks build and rewrite these. */
export interface ReferenceResponse {
  status: number;
  /** Header names in lower case. The server adds content-type, request-id and client-request-id before hooks run. */
  headers: Record<string, string>;
  /** A JSON body, serialised by the server. Absent (and no rawBody): no body at all. */
  body?: unknown;
  /** Sent byte for byte instead of `body` (plain-text or deliberately malformed answers). */
  rawBody?: string | Uint8Array;
}

export interface RequestInfo {
  method: string;
  url: URL;
  /** The path below the base path `/v1.0`, as received (still percent-encoded). */
  path: string;
  headers: IncomingHttpHeaders;
  /** Generated per request; sent back as the `request-id` header and in error envelopes. */
  requestId: string;
  /** The client's `client-request-id` header when it is a sane token, echoed back. */
  clientRequestId: string | undefined;
  receivedAt: Date;
}

/** What `transformResponse` sees: any request, including ones that matched no operation. */
export interface ResponseContext {
  request: RequestInfo;
  operationId: OperationId | undefined;
  /**
   * The workload whose collection the path names (its knobs are `behavior`); undefined for the shared activation
   * (`restoreSessions/{id}/activate`) and for requests that matched no operation.
   */
  workload: Workload | undefined;
  /** Decoded path parameters (`exchangeRestoreSessionId`, `oneDriveForBusinessRestoreSessionId`, …, `restoreSessionBaseId`). */
  params: Record<string, string>;
  /**
   * The base URL as this request reached the server: `http://127.0.0.1:PORT/v1.0` when called directly, the
   * proxy's when Forwarded / X-Forwarded-* / Host say so (see public-base-url.ts). Every absolute URL in an answer
   * starts with it.
   */
  baseUrl: string;
  store: ReferenceStore;
  behavior: BehaviorKnobs;
}

/** What an operation handler sees. */
export interface OperationContext extends ResponseContext {
  operationId: OperationId;
  /** The parsed JSON body (create and PATCH only; `undefined` for operations without a body). */
  body: unknown;
  restorePoints: ReadonlySet<string>;
  /** The request's clock reading (behavior.clock), used for every timestamp the request writes. */
  now: Date;
}

export type OperationHandler = (ctx: OperationContext) => ReferenceResponse | Promise<ReferenceResponse>;

/** Replaces an operation's handler; `next` is the default handler, to wrap or ignore. */
export type HandlerOverride = (
  ctx: OperationContext,
  next: OperationHandler,
) => ReferenceResponse | Promise<ReferenceResponse>;

export type ResponseTransform = (
  ctx: ResponseContext,
  response: ReferenceResponse,
) => ReferenceResponse | Promise<ReferenceResponse>;
