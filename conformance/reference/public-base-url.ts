// The base URL as the client sees it, for every absolute URL the server writes (`@odata.nextLink`,
// `@odata.context`, `Location`): behind a reverse proxy the listening address (127.0.0.1:PORT) is not where the
// client can reach the server. Each part comes from the first of these that is present and well-formed; a value
// that is not (a host with a path or spaces, a proto other than http/https, a prefix with `..`) is ignored,
// never copied into an answer:
//   scheme  Forwarded `proto=` (RFC 7239, first element), X-Forwarded-Proto (first value), else http
//   host    Forwarded `host=`, X-Forwarded-Host (first value), Host, else the listening address
//   prefix  X-Forwarded-Prefix (first value), a path put before /v1.0 (a proxy serving the API at /graph/v1.0)
// The reference server is a test double on loopback: it believes these headers from anyone.
import type { IncomingHttpHeaders } from "node:http";
import parseForwarded from "forwarded-parse";

/** `name` or `name:port`, `[v6]` or `[v6]:port`; a DNS name or IPv4 address, at most 253 characters. */
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]{2,45}\])(?::(\d{1,5}))?$/;
/** `/segment/…` of unreserved characters and percent-escapes, no `.` or `..` segment, no trailing slash. */
const PREFIX_SEGMENT = /^(?:[A-Za-z0-9_~-]|%[0-9A-Fa-f]{2}|\.(?!\.?$))+$/;

function firstValue(header: string | string[] | undefined): string | undefined {
  const text = Array.isArray(header) ? header[0] : header;
  const first = text?.split(",")[0]?.trim();
  return first === "" ? undefined : first;
}

function validHost(value: string | undefined): string | undefined {
  if (value === undefined || value.length > 260) return undefined;
  const match = HOST.exec(value);
  if (!match) return undefined;
  const port = match[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return undefined;
  return value.toLowerCase();
}

function validProto(value: string | undefined): string | undefined {
  const proto = value?.toLowerCase();
  return proto === "http" || proto === "https" ? proto : undefined;
}

function validPrefix(value: string | undefined): string | undefined {
  if (value === undefined || value.length > 200 || !value.startsWith("/")) return undefined;
  const trimmed = value.replace(/\/+$/, "");
  if (trimmed === "") return "";
  const segments = trimmed.slice(1).split("/");
  return segments.every((segment) => PREFIX_SEGMENT.test(segment)) ? trimmed : undefined;
}

/** The first element of a `Forwarded` header; nothing when the header is absent or malformed. */
function forwardedElement(header: string | string[] | undefined): Record<string, string> {
  const text = Array.isArray(header) ? header.join(", ") : header;
  if (text === undefined || text.length > 2000) return {};
  try {
    return parseForwarded(text)[0] ?? {};
  } catch {
    return {};
  }
}

/**
 * The base URL (`scheme://host[/prefix]/v1.0`) a client reached this request through. `listeningBaseUrl` is the
 * server's own (`http://127.0.0.1:PORT/v1.0`); `basePath` its path (`/v1.0`).
 */
export function publicBaseUrl(headers: IncomingHttpHeaders, listeningBaseUrl: string, basePath: string): string {
  const listening = new URL(listeningBaseUrl);
  const forwarded = forwardedElement(headers.forwarded);
  const proto =
    validProto(forwarded.proto) ??
    validProto(firstValue(headers["x-forwarded-proto"])) ??
    listening.protocol.slice(0, -1);
  const host =
    validHost(forwarded.host) ??
    validHost(firstValue(headers["x-forwarded-host"])) ??
    validHost(headers.host) ??
    listening.host;
  const prefix = validPrefix(firstValue(headers["x-forwarded-prefix"])) ?? "";
  return `${proto}://${host}${prefix}${basePath}`;
}
