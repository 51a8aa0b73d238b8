// Server-driven paging: fetch a step's first page and, when asked, follow each @odata.nextLink exactly as given, on
// the target's origin only, a bounded number of times, never in a loop. The bound is the runner's own, never the
// server's fault: a listing that reaches it is reported as not checked, with the reason.
import { decodeJsonBody, send, type HttpOptions } from "../transport/http-exchange.ts";
import type { Problem } from "../vocabulary/source-registry.ts";
import { collectionItems, type Page, type PreparedRequest } from "../vocabulary/step-response.ts";

export const MAX_PAGES = 100;

/** Where "no page holds more than the requested $top" comes from: neither list page documents $top (ERRATA E45). */
export const TOP_SOURCE = "E45";

function requestedTop(url: string): number | undefined {
  const match = /[?&](?:\$|%24)top=([0-9]+)/i.exec(url);
  return match ? Number(match[1]) : undefined;
}

/** Fetches the first page and, when `follow`, every next page; stops at the first answer that is not a JSON 200. */
export async function collectPages(
  request: PreparedRequest,
  options: HttpOptions & { origin: string; follow: boolean },
): Promise<{ pages: Page[]; problems: Problem[]; complete: boolean; bound?: string }> {
  const pages: Page[] = [];
  const problems: Problem[] = [];
  const nextLinkProblem = (message: string) => problems.push({ message, source: "odata-next-link" });
  let complete = true;
  let bound: string | undefined;
  const top = requestedTop(request.url);
  const seen = new Set<string>();
  let current: PreparedRequest = request;
  for (;;) {
    const exchange = await send(current, options);
    const decoded = decodeJsonBody(exchange.bytes, options.redact);
    pages.push({ url: current.url, exchange, decoded });
    seen.add(current.url);
    const items = collectionItems(decoded);
    if (top !== undefined && items && items.length > top) {
      problems.push({
        message: `page ${pages.length} has ${items.length} items, more than the requested $top=${top}`,
        source: TOP_SOURCE,
      });
    }
    if (!options.follow || exchange.status !== 200 || decoded.kind !== "json") break;
    const next = (decoded.value as Record<string, unknown> | null)?.["@odata.nextLink"];
    if (next === undefined || next === null) break;
    if (typeof next !== "string") {
      nextLinkProblem(`page ${pages.length}: @odata.nextLink is ${JSON.stringify(next)}, not a URL`);
      complete = false;
      break;
    }
    let nextUrl: URL;
    try {
      nextUrl = new URL(next, current.url);
    } catch {
      nextLinkProblem(`page ${pages.length}: @odata.nextLink ${JSON.stringify(next)} is not a URL`);
      complete = false;
      break;
    }
    if (nextUrl.origin !== options.origin) {
      problems.push({
        message: `page ${pages.length}: @odata.nextLink ${next} leaves the target's origin ${options.origin}; it was not followed`,
        source: "E32",
      });
      complete = false;
      break;
    }
    if (seen.has(nextUrl.href)) {
      nextLinkProblem(
        `page ${pages.length}: @odata.nextLink ${next} points back to a page already read (a paging loop)`,
      );
      complete = false;
      break;
    }
    if (pages.length >= MAX_PAGES) {
      bound = `not checked: the listing exceeded ${MAX_PAGES} pages, the runner's own bound (it stopped following @odata.nextLink)`;
      complete = false;
      break;
    }
    current = {
      method: "GET",
      url: nextUrl.href,
      headers: { ...request.headers, "client-request-id": crypto.randomUUID() },
    };
  }
  return { pages, problems, complete, ...(bound === undefined ? {} : { bound }) };
}

/** Page 1's JSON, with `value` replaced by every page's items when all pages were read. */
export function mergedBody(pages: readonly Page[], allPages: boolean): unknown {
  const first = pages[0];
  if (first?.decoded.kind !== "json") return undefined;
  if (!allPages || pages.length === 1) return first.decoded.value;
  const base = { ...(first.decoded.value as Record<string, unknown>) };
  delete base["@odata.nextLink"];
  base.value = pages.flatMap((page) => collectionItems(page.decoded) ?? []);
  return base;
}
