// Middleware: reads each answer's body once and at most `maxResponseBytes` of it, so that a body that stalls,
// breaks off or never ends fails clearly, a body that echoes the bearer token is redacted before anything can
// show it, and a 2xx body that is not JSON is refused with a message instead of a JSON.parse SyntaxError.
import type { Middleware } from "openapi-fetch";
import { callRecordOf, recordCall, urlWithoutQuery } from "./call-record.ts";
import { readCappedBody, type CappedBody } from "../http/capped-body.ts";
import { GraphRequestError, GraphResponseTooLargeError } from "./errors.ts";
import { mentions, redactBody, redactText } from "./redaction.ts";
import { transportError } from "./transport.ts";

export { REDACTED } from "./redaction.ts";

/**
 * Graph's largest answers here are artifact pages (at most 999 entries of about 0.6 KB); 16 MiB is 25 times that,
 * and bounds what a runaway or hostile answer can cost in memory.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** Statuses whose answers cannot carry a body (a Response with one cannot even be built). */
const BODILESS = new Set([101, 204, 205, 304]);

interface BodyLimits {
  timeoutMs: number;
  maxResponseBytes: number;
}

async function readBounded(
  request: Request,
  response: Response,
  operation: string,
  limits: BodyLimits,
): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = (receivedBytes: number, declaredBytes?: number) =>
    new GraphResponseTooLargeError({
      method: request.method,
      url: urlWithoutQuery(request.url),
      operation,
      status: response.status,
      limitBytes: limits.maxResponseBytes,
      ...(declaredBytes === undefined ? {} : { declaredBytes }),
      receivedBytes,
    });
  let body: CappedBody;
  try {
    body = await readCappedBody(response, limits.maxResponseBytes);
  } catch (error) {
    throw transportError(error, request.method, request.url, limits.timeoutMs, "body");
  }
  if (!body.ok) throw tooLarge(body.receivedBytes, body.declaredBytes);
  return body.bytes;
}

function headersMention(response: Response, token: string): boolean {
  for (const [, value] of response.headers) if (mentions(value, token)) return true;
  return false;
}

/** The answer rebuilt from the bytes read (the original body is consumed), redacted when it mentions the token. */
function rebuilt(
  response: Response,
  bytes: Uint8Array<ArrayBuffer>,
  text: string,
  token: string | undefined,
): { response: Response; text: string } {
  const redact = token !== undefined && (mentions(text, token) || headersMention(response, token));
  const headers = new Headers();
  for (const [name, value] of response.headers) headers.append(name, redact ? redactText(value, token) : value);
  const body = redact ? redactBody(text, token) : text;
  if (redact) headers.delete("content-length");
  const copy = new Response(redact ? body : bytes, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
  const record = callRecordOf(response);
  if (record) recordCall(copy, record);
  return { response: copy, text: body };
}

export function responseBodyMiddleware(
  options: BodyLimits & { tokenSentWith: (request: Request) => string | undefined },
): Middleware {
  return {
    async onResponse({ request, response, schemaPath }) {
      if (BODILESS.has(response.status) || request.method === "HEAD" || response.body === null) return undefined;
      const bytes = await readBounded(request, response, schemaPath, options);
      const vetted = rebuilt(response, bytes, new TextDecoder().decode(bytes), options.tokenSentWith(request));
      if (vetted.response.ok && vetted.text.trim().length > 0) {
        try {
          JSON.parse(vetted.text);
        } catch {
          throw GraphRequestError.notJson(vetted.response, vetted.text);
        }
      }
      return vetted.response;
    },
  };
}
