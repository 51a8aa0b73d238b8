// Middleware: a `client-request-id` (UUID) on every call, so a call can be traced in Graph's logs. The retry
// middleware re-sends a clone of the request, so every attempt of one call carries the same id.
import type { Middleware } from "openapi-fetch";

export const CLIENT_REQUEST_ID = "client-request-id";

export function requestIdMiddleware(): Middleware {
  return {
    onRequest({ request }) {
      if (!request.headers.has(CLIENT_REQUEST_ID)) request.headers.set(CLIENT_REQUEST_ID, crypto.randomUUID());
      return undefined;
    },
  };
}
