// An answer as a check sees it: the request as sent (with the delta items reduced for correlation), one page or
// every page of a collection, and a session's artifact list read from such pages. The runner fills it; checks,
// exploration and the report read it.
import { validateResponseBody } from "../../src/contract/validators.ts";
import type { DecodedBody, HttpExchange, HttpRequest } from "../transport/http-exchange.ts";
import type { Problem } from "./source-registry.ts";

/** A delta item as sent, reduced to what correlates its result. */
export type SentItem =
  | { index: number; kind: "add"; restorePointId: string; contentId?: string }
  | { index: number; kind: "remove"; artifactId: string; contentId?: string }
  | { index: number; kind: "other" };

export interface PreparedRequest extends HttpRequest {
  /** The PATCH's delta items as sent (undefined for other operations or a body that is not a delta). */
  sentItems?: SentItem[];
  /** The destinationType each addition asks for, by restore-point id (create and PATCH). */
  destinations?: Map<string, string>;
}

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
  /** Set when the runner's own bound (pages) stopped the paging: why the collection was not checked. */
  pagingBound?: string;
  /** Whether the step asked for every page. */
  allPages: boolean;
  /** The JSON the step's assertions and outputs read: page 1, or page 1 with `value` holding every page's items. */
  body: unknown;
}

/** The `value` array of a collection page, when it has one. */
export function collectionItems(decoded: DecodedBody): unknown[] | undefined {
  if (decoded.kind !== "json" || !decoded.value || typeof decoded.value !== "object") return undefined;
  const value = (decoded.value as Record<string, unknown>).value;
  return Array.isArray(value) ? value : undefined;
}

export interface ListedArtifact {
  id: unknown;
  restorePoint: unknown;
  destinationType: unknown;
  /** Where it was listed: `page 2, /value/3`. */
  where: string;
}

export type ArtifactListing =
  | { ok: true; artifacts: ListedArtifact[]; pages: number }
  | { ok: false; problem: string }
  /** The runner's own bound stopped the listing: nothing can be judged of it (never the server's failure). */
  | { ok: false; notChecked: string };

/** The artifacts of a paging of `listOperationId` (a workload's artifact list), or the first problem that makes the
 *  listing untrustworthy (`incomplete`: why the paging stopped before the last page; `bound`: the runner's own bound
 *  stopped it). */
export function artifactListing(
  pages: readonly Page[],
  incomplete: readonly Problem[],
  listOperationId: string,
  bound?: string,
): ArtifactListing {
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
    const validation = validateResponseBody(listOperationId, 200, page.decoded.value);
    if (validation.kind === "checked" && validation.violations.length > 0) {
      const first = validation.violations[0];
      return { ok: false, problem: `${where}response-schema: ${first?.instancePath || "(root)"}: ${first?.message}` };
    }
  }
  if (incomplete.length > 0) return { ok: false, problem: incomplete.map((problem) => problem.message).join("; ") };
  if (bound !== undefined) return { ok: false, notChecked: bound };
  const artifacts: ListedArtifact[] = [];
  for (const [index, page] of pages.entries()) {
    for (const [position, item] of (collectionItems(page.decoded) ?? []).entries()) {
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
