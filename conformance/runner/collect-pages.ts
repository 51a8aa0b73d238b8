// An answer as the checks see it (one page, or every page of a collection), and server-driven paging: follow each
// @odata.nextLink exactly as given, on the target's origin only, a bounded number of times, never in a loop.
import { validateResponseBody } from "../../src/contract/validators.ts";
import {
  decodeJsonBody,
  send,
  type DecodedBody,
  type HttpExchange,
  type HttpOptions,
} from "../transport/http-exchange.ts";
import type { PreparedRequest } from "./request-builder.ts";
import type { Problem } from "../vocabulary/source-registry.ts";
import { EXCHANGE } from "../../src/contract/wire-names.ts";

export const MAX_PAGES = 100;

export interface Page {
  url: string;
  exchange: HttpExchange;
  decoded: DecodedBody;
}

export interface StepResponse {
  request: PreparedRequest;
  /** At least one: the step's own request, then each followed @odata.nextLink. */
  pages: Page[];
  /** Paging rules the answers broke (link off the origin, a loop, too many pages, a page larger than $top). */
  pagingProblems: Problem[];
  /** False when a problem stopped the paging early, so the pages do not hold the whole collection. */
  pagingComplete: boolean;
  /** Whether the step asked for every page. */
  allPages: boolean;
  /** The JSON the step's assertions and outputs read: page 1, or page 1 with `value` holding every page's items. */
  body: unknown;
}

function requestedTop(url: string): number | undefined {
  const match = /[?&](?:\$|%24)top=([0-9]+)/i.exec(url);
  return match ? Number(match[1]) : undefined;
}

function itemsOf(decoded: DecodedBody): unknown[] | undefined {
  if (decoded.kind !== "json" || !decoded.value || typeof decoded.value !== "object") return undefined;
  const value = (decoded.value as Record<string, unknown>).value;
  return Array.isArray(value) ? value : undefined;
}

/** Fetches the first page and, when `follow`, every next page; stops at the first answer that is not a JSON 200. */
export async function collectPages(
  request: PreparedRequest,
  options: HttpOptions & { origin: string; follow: boolean },
): Promise<{ pages: Page[]; problems: Problem[]; complete: boolean }> {
  const pages: Page[] = [];
  const problems: Problem[] = [];
  const nextLinkProblem = (message: string) => problems.push({ message, source: "odata-next-link" });
  let complete = true;
  const top = requestedTop(request.url);
  const seen = new Set<string>();
  let current: PreparedRequest = request;
  for (;;) {
    const exchange = await send(current, options);
    const decoded = decodeJsonBody(exchange.bytes);
    pages.push({ url: current.url, exchange, decoded });
    seen.add(current.url);
    const items = itemsOf(decoded);
    if (top !== undefined && items && items.length > top) {
      problems.push({
        message: `page ${pages.length} has ${items.length} items, more than the requested $top=${top}`,
        source: "odata-top",
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
      nextLinkProblem(`more than ${MAX_PAGES} pages; the runner stopped following @odata.nextLink`);
      complete = false;
      break;
    }
    current = {
      method: "GET",
      url: nextUrl.href,
      headers: { ...request.headers, "client-request-id": crypto.randomUUID() },
    };
  }
  return { pages, problems, complete };
}

/** Page 1's JSON, with `value` replaced by every page's items when all pages were read. */
export function mergedBody(pages: readonly Page[], allPages: boolean): unknown {
  const first = pages[0];
  if (first?.decoded.kind !== "json") return undefined;
  if (!allPages || pages.length === 1) return first.decoded.value;
  const base = { ...(first.decoded.value as Record<string, unknown>) };
  delete base["@odata.nextLink"];
  base.value = pages.flatMap((page) => itemsOf(page.decoded) ?? []);
  return base;
}

export interface ListedArtifact {
  id: unknown;
  restorePoint: unknown;
  destinationType: unknown;
  /** Where it was listed: `page 2, /value/3`. */
  where: string;
}

export type ArtifactListing = { ok: true; artifacts: ListedArtifact[]; pages: number } | { ok: false; problem: string };

/** The artifacts of a paging, or the first problem that makes the listing untrustworthy (`incomplete`: why the
 *  paging stopped before the last page). */
export function artifactListing(pages: readonly Page[], incomplete: readonly Problem[]): ArtifactListing {
  for (const [index, page] of pages.entries()) {
    const where = pages.length > 1 ? `page ${index + 1}: ` : "";
    if (page.exchange.failure) return { ok: false, problem: `${where}${page.exchange.failure.message}` };
    if (page.exchange.status !== 200)
      return { ok: false, problem: `${where}received ${page.exchange.status}, expected 200` };
    if (page.decoded.kind !== "json")
      return {
        ok: false,
        problem: `${where}${page.decoded.kind === "invalid" ? page.decoded.message : "the body is empty"}`,
      };
    const validation = validateResponseBody(EXCHANGE.operations.listArtifacts, 200, page.decoded.value);
    if (validation.kind === "checked" && validation.violations.length > 0) {
      const first = validation.violations[0];
      return { ok: false, problem: `${where}response-schema: ${first?.instancePath || "(root)"}: ${first?.message}` };
    }
  }
  if (incomplete.length > 0) return { ok: false, problem: incomplete.map((problem) => problem.message).join("; ") };
  const artifacts: ListedArtifact[] = [];
  for (const [index, page] of pages.entries()) {
    for (const [position, item] of (itemsOf(page.decoded) ?? []).entries()) {
      const record = (item ?? {}) as Record<string, unknown>;
      artifacts.push({
        id: record.id,
        restorePoint: record.restorePoint,
        destinationType: record.destinationType,
        where: `${pages.length > 1 ? `page ${index + 1}, ` : ""}/value/${position}`,
      });
    }
  }
  return { ok: true, artifacts, pages: pages.length };
}
