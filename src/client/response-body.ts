// Middleware: reads each answer's body once, so that a body that stalls or breaks off fails clearly, a body that
// echoes the bearer token is redacted before anything can show it, and a 2xx body that is not JSON is refused
// with a message instead of a JSON.parse SyntaxError.
import type { Middleware } from "openapi-fetch";
import { callRecordOf, recordCall } from "./call-record.ts";
import { GraphRequestError } from "./errors.ts";
import { transportError } from "./transport.ts";

export const REDACTED = "[redacted]";
/** Shorter "tokens" (test placeholders) are not redacted: replacing every "t" of a body would garble it. */
const MIN_REDACTED_LENGTH = 8;

function redacted(response: Response, text: string, token: string): Response {
  const headers = new Headers();
  for (const [name, value] of response.headers) headers.append(name, value.replaceAll(token, REDACTED));
  headers.delete("content-length");
  const copy = new Response(text.replaceAll(token, REDACTED), { status: response.status, statusText: response.statusText, headers });
  const record = callRecordOf(response);
  if (record) recordCall(copy, record);
  return copy;
}

function headersMention(response: Response, token: string): boolean {
  for (const [, value] of response.headers) if (value.includes(token)) return true;
  return false;
}

export function responseBodyMiddleware(options: { timeoutMs: number; tokenSentWith: (request: Request) => string | undefined }): Middleware {
  return {
    async onResponse({ request, response }) {
      if (response.status === 204 || request.method === "HEAD" || response.body === null) return undefined;
      let text: string;
      try {
        text = await response.clone().text();
      } catch (error) {
        throw transportError(error, request.method, request.url, options.timeoutMs, "body");
      }
      const sent = options.tokenSentWith(request);
      const token = sent !== undefined && sent.length >= MIN_REDACTED_LENGTH ? sent : undefined;
      const vetted = token && (text.includes(token) || headersMention(response, token)) ? redacted(response, text, token) : response;
      if (vetted.ok && text.trim().length > 0) {
        try {
          JSON.parse(text);
        } catch {
          throw GraphRequestError.notJson(vetted, token ? text.replaceAll(token, REDACTED) : text);
        }
      }
      return vetted === response ? undefined : vetted;
    },
  };
}
