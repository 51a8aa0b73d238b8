// Middleware: `Authorization: Bearer <token>` on every request, remembering which token went with which request
// so response bodies that echo it can be redacted (response-body.ts).
import type { Middleware, MiddlewareCallbackParams } from "openapi-fetch";

export type AuthMiddleware = Middleware & {
  /** The token sent with `request`, if this middleware authorised it. */
  tokenSentWith(request: Request): string | undefined;
};

export function authMiddleware(nextToken: () => Promise<string>): AuthMiddleware {
  const sent = new WeakMap<Request, string>();
  return {
    async onRequest({ request }: MiddlewareCallbackParams) {
      const token = await nextToken();
      request.headers.set("Authorization", `Bearer ${token}`);
      sent.set(request, token);
      return undefined;
    },
    tokenSentWith: (request: Request) => sent.get(request),
  };
}
