// Server-driven paging: `$top` may ask for smaller pages, `$skiptoken` is opaque to clients and continues after
// the last entry served (by sequence number), so entries added or removed between pages are never repeated.
export const MAX_TOP = 999;

export interface PageRequest {
  /** The client's `$top`, carried into the next link. */
  top: number | undefined;
  /** Serve entries with a sequence number greater than this. */
  after: number;
}

export type PageRequestParse = { ok: true; page: PageRequest } | { ok: false; problem: string };

const TOKEN_PREFIX = "seq:";

export function encodeSkipToken(afterSeq: number): string {
  return Buffer.from(`${TOKEN_PREFIX}${afterSeq}`, "utf8").toString("base64url");
}

function decodeSkipToken(token: string): number | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const text = Buffer.from(token, "base64url").toString("utf8");
  const match = /^seq:(0|[1-9][0-9]{0,14})$/.exec(text);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function single(url: URL, name: string): { ok: true; value: string | undefined } | { ok: false; problem: string } {
  const values = url.searchParams.getAll(name);
  if (values.length > 1)
    return { ok: false, problem: `The query option ${name} is given ${values.length} times; give it at most once.` };
  return { ok: true, value: values[0] };
}

function shown(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}

/** Reads `$top` and `$skiptoken`; anything else in the query is ignored. */
export function parsePageRequest(url: URL): PageRequestParse {
  const top = single(url, "$top");
  if (!top.ok) return top;
  const token = single(url, "$skiptoken");
  if (!token.ok) return token;
  let topValue: number | undefined;
  if (top.value !== undefined) {
    if (!/^[0-9]{1,4}$/.test(top.value) || Number(top.value) < 1 || Number(top.value) > MAX_TOP) {
      return {
        ok: false,
        problem: `Invalid $top value ${shown(top.value)}: expected an integer from 1 to ${MAX_TOP}.`,
      };
    }
    topValue = Number(top.value);
  }
  let after = 0;
  if (token.value !== undefined) {
    const decoded = decodeSkipToken(token.value);
    if (decoded === undefined) {
      return {
        ok: false,
        problem: `Invalid $skiptoken ${shown(token.value)}: it is not a token this server issued; follow @odata.nextLink as given.`,
      };
    }
    after = decoded;
  }
  return { ok: true, page: { top: topValue, after } };
}

export interface Page<T> {
  items: T[];
  /** Sequence number of the last entry served when more remain (the next link continues after it). */
  continueAfter: number | undefined;
}

/** One page of `entries` (sorted by `seq`), sized by the server's page size and at most `$top`. */
export function pageOf<T extends { seq: number }>(
  entries: readonly T[],
  request: PageRequest,
  pageSize: number,
): Page<T> {
  const size = Math.min(pageSize, request.top ?? pageSize);
  const remaining = entries.filter((entry) => entry.seq > request.after);
  const items = remaining.slice(0, size);
  const last = items.at(-1);
  return { items, continueAfter: remaining.length > size && last ? last.seq : undefined };
}

/** The absolute `@odata.nextLink` for a collection below `baseUrl`, keeping the client's `$top`. */
export function nextLink(baseUrl: string, collectionPath: string, request: PageRequest, continueAfter: number): string {
  const query = [
    ...(request.top === undefined ? [] : [`$top=${request.top}`]),
    `$skiptoken=${encodeSkipToken(continueAfter)}`,
  ].join("&");
  return `${baseUrl}${collectionPath}?${query}`;
}
