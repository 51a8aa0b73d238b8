// Request bodies: media type, bounded reading, UTF-8 and JSON checks. Each problem is described precisely
// (what was wrong and where: byte offset, line and column) and none of them can crash the server.
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { parse as parseTolerant, printParseErrorCode, type ParseError } from "jsonc-parser";

/** Why the Content-Type is not JSON, or undefined when it is (`application/json`, any parameters, UTF-8 only). */
export function contentTypeProblem(header: string | undefined): string | undefined {
  if (header === undefined || header.trim() === "")
    return "The request has no Content-Type header; send the body as application/json.";
  const [mediaType = "", ...parameters] = header.split(";").map((part) => part.trim());
  const shown = header.length > 100 ? `${header.slice(0, 100)}…` : header;
  if (mediaType.toLowerCase() !== "application/json") {
    return `Content-Type "${shown}" is not JSON; send the body as application/json.`;
  }
  for (const parameter of parameters) {
    const [name = "", value = ""] = parameter.split("=").map((part) => part.trim());
    const charset = value.replace(/^"(.*)"$/, "$1").toLowerCase();
    if (name.toLowerCase() === "charset" && charset !== "utf-8" && charset !== "utf8") {
      return `Content-Type "${shown}" names charset "${value}"; JSON bodies must be UTF-8.`;
    }
  }
  return undefined;
}

export type BodyRead =
  | { kind: "complete"; bytes: Buffer }
  | { kind: "too-large"; declaredBytes: number | undefined; receivedBytes: number }
  | { kind: "aborted" };

/**
 * Reads a body, keeping at most `maxBytes`. A declared Content-Length over the limit is refused before a byte is
 * read; a body that grows past it (chunked) is refused the moment it does. Resolves `aborted` if the client goes away.
 * `beforeReading` runs once the body is going to be read (the place to send `100 Continue`).
 */
export function readBody(request: IncomingMessage, maxBytes: number, beforeReading?: () => void): Promise<BodyRead> {
  const declared =
    request.headers["content-length"] === undefined ? undefined : Number(request.headers["content-length"]);
  if (declared !== undefined && declared > maxBytes) {
    return Promise.resolve({ kind: "too-large", declaredBytes: declared, receivedBytes: 0 });
  }
  beforeReading?.();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const finish = (result: BodyRead) => {
      if (settled) return;
      settled = true;
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("aborted", onAborted);
      request.off("close", onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) {
        chunks.length = 0;
        finish({ kind: "too-large", declaredBytes: declared, receivedBytes: received });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish({ kind: "complete", bytes: Buffer.concat(chunks) });
    const onAborted = () => finish({ kind: "aborted" });
    const onClose = () => {
      if (!request.complete) finish({ kind: "aborted" });
    };
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("aborted", onAborted);
    request.on("close", onClose);
  });
}

/**
 * After an early answer (401, 413, 415, …) the rest of the body is unread. Node would close the connection as
 * soon as the answer is written, and closing a socket with unread bytes makes the kernel send a reset, which
 * can destroy the answer before the client reads it (clients then see EPIPE or ECONNRESET, not the status).
 * So: send the answer and a FIN, keep reading and discarding the body, and close when it has all arrived (or the
 * client closes). Only time bounds this, never a byte count: a client that writes its whole body before it reads
 * (Python's http.client, curl without Expect) is reset, and loses the answer, whenever the drain stops first;
 * with a byte bound of 8 MiB an 11 MiB upload lost its 413 one time in five. After `maxMs` the connection is
 * dropped whatever is left. A client that sent `Expect: 100-continue` was never told to send the body, and
 * closes once it has read the answer.
 */
export function lingerBeforeClose(request: IncomingMessage, maxMs: number): void {
  if (request.complete) return;
  const socket = request.socket as Socket & { destroySoon?: () => void };
  const close = () => {
    clearTimeout(timer);
    if (socket.destroyed) return;
    // Whatever is still queued (the answer) goes out before the close.
    if (socket.writableFinished || !socket.writable) socket.destroy();
    else socket.once("finish", () => socket.destroy()).end();
  };
  const timer = setTimeout(() => socket.destroy(), maxMs);
  timer.unref();
  // Node calls destroySoon() once the answer is written; half-close instead, and close when the body is read.
  socket.destroySoon = () => {
    if (socket.writable) socket.end();
  };
  socket.once("end", close);
  socket.once("close", () => clearTimeout(timer));
  request.once("end", close);
  request.resume();
}

/** Byte offset of the first byte of the first invalid UTF-8 sequence, or -1 when the bytes are valid UTF-8. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let index = 0;
  const continuation = (at: number, low = 0x80, high = 0xbf) =>
    at < bytes.length && (bytes[at] as number) >= low && (bytes[at] as number) <= high;
  while (index < bytes.length) {
    const lead = bytes[index] as number;
    let length: number;
    let ok: boolean;
    if (lead < 0x80) {
      index += 1;
      continue;
    } else if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
      ok = continuation(index + 1);
    } else if (lead === 0xe0) {
      length = 3;
      ok = continuation(index + 1, 0xa0) && continuation(index + 2);
    } else if ((lead >= 0xe1 && lead <= 0xec) || lead === 0xee || lead === 0xef) {
      length = 3;
      ok = continuation(index + 1) && continuation(index + 2);
    } else if (lead === 0xed) {
      length = 3;
      ok = continuation(index + 1, 0x80, 0x9f) && continuation(index + 2);
    } else if (lead === 0xf0) {
      length = 4;
      ok = continuation(index + 1, 0x90) && continuation(index + 2) && continuation(index + 3);
    } else if (lead >= 0xf1 && lead <= 0xf3) {
      length = 4;
      ok = continuation(index + 1) && continuation(index + 2) && continuation(index + 3);
    } else if (lead === 0xf4) {
      length = 4;
      ok = continuation(index + 1, 0x80, 0x8f) && continuation(index + 2) && continuation(index + 3);
    } else {
      return index;
    }
    if (!ok) return index;
    index += length;
  }
  return -1;
}

/** 1-based line and column of a character index. */
export function lineAndColumn(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf("\n"); at !== -1 && at < index; at = text.indexOf("\n", at + 1)) {
    line += 1;
    lineStart = at + 1;
  }
  return { line, column: index - lineStart + 1 };
}

function where(text: string, index: number): string {
  const { line, column } = lineAndColumn(text, index);
  return `line ${line}, column ${column}`;
}

/** Index of the bracket that nests deeper than `maxDepth` (strings skipped), or -1. Linear, no recursion. */
export function excessiveNestingIndex(text: string, maxDepth: number): number {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index += 1;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b || char === 0x7b) {
      depth += 1;
      if (depth > maxDepth) return index;
    } else if (char === 0x5d || char === 0x7d) {
      depth -= 1;
    }
  }
  return -1;
}

export type ParsedBody = { ok: true; value: unknown } | { ok: false; problem: string };

function syntaxProblem(text: string, error: Error): string {
  const errors: ParseError[] = [];
  parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first && printParseErrorCode(first.error) === "InvalidCommentToken") {
    const kind = text.startsWith("/*", first.offset) ? "/* */" : "//";
    return `The body is not valid JSON: comments are not JSON, and a ${kind} comment starts at ${where(text, first.offset)}.`;
  }
  // V8 says what it expected; keep that, drop its quotation of the input, and state the location one way.
  let message = error.message.replace(/, (\.\.\.)?".*"(\.\.\.)? is not valid JSON$/s, "");
  const position = /\s*(?:in JSON )?at position (\d+)(?: \(line \d+ column \d+\))?/.exec(message);
  if (position) message = message.replace(position[0], "");
  const index = position ? Number(position[1]) : first?.offset;
  return `The body is not valid JSON: ${message}${index === undefined ? "" : ` at ${where(text, index)}`}.`;
}

/** Decodes and parses a JSON request body; every failure is described with its location. */
export function parseJsonBody(bytes: Uint8Array, maxDepth: number): ParsedBody {
  if (bytes.length === 0) return { ok: false, problem: "The body is empty; send a JSON object." };
  const invalidAt = firstInvalidUtf8Offset(bytes);
  if (invalidAt !== -1) {
    const byte = (bytes[invalidAt] as number).toString(16).toUpperCase().padStart(2, "0");
    return {
      ok: false,
      problem: `The body is not valid UTF-8: invalid byte sequence at byte offset ${invalidAt} (byte 0x${byte}).`,
    };
  }
  const text = new TextDecoder("utf-8").decode(bytes);
  if (text.trim() === "") return { ok: false, problem: "The body is only whitespace; send a JSON object." };
  const deepAt = excessiveNestingIndex(text, maxDepth);
  if (deepAt !== -1) {
    return {
      ok: false,
      problem: `The body nests JSON deeper than ${maxDepth} levels (at ${where(text, deepAt)}); a delta body is 4 levels deep.`,
    };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, problem: syntaxProblem(text, error as Error) };
  }
}
