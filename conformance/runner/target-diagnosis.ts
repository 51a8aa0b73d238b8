// Is this a Graph restore-session API at all? A static web server, a wrong base path or an unrelated service answers
// every request with a web page, a 404 for the session collection itself, a redirect, or errors that are not Graph's
// envelope — and would otherwise give hundreds of failures. The first answers of a run are classified; when the
// first FOREIGN_ANSWERS of them all look foreign and none looked like Graph, the run stops (exit 2) saying what it
// saw and the likely cause. One answer that looks like Graph (a JSON success, a Graph error envelope) settles it
// for the rest of the run.
//
// What never counts against a target: a 404 for one session (Graph's documented answer for an unknown id, with or
// without an envelope), throttling, a transport failure, and an API's own broken JSON (the checks judge those).
// What never counts for it: a 401 (authentication comes before routing, so any path of a Graph-like host gets one).
import { WORKLOADS } from "../../src/contract/workloads.ts";
import type { AnsweredAttempt } from "../transport/http-exchange.ts";
import { decodeJsonBody } from "../transport/http-exchange.ts";
import { clip, noRedaction, type Redact } from "../vocabulary/redaction.ts";

/** Foreign answers, with no Graph-like one among them, that stop the run. */
export const FOREIGN_ANSWERS = 4;

type Verdict = { kind: "graph" } | { kind: "neutral" } | { kind: "foreign"; what: ForeignKind; shown: string };
type ForeignKind = "page" | "collection-404" | "redirect" | "other-json";

const COLLECTIONS: readonly string[] = Object.values(WORKLOADS).map((workload) => workload.collectionPath);

function mediaTypeOf(headers: Headers): string {
  return headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
}

function isJsonType(mediaType: string): boolean {
  return mediaType === "application/json" || mediaType.endsWith("+json");
}

function isGraphError(value: unknown): boolean {
  const error = (value as { error?: { code?: unknown } } | null)?.error;
  return typeof error === "object" && error !== null && typeof error.code === "string";
}

/** The request's path below the base URL (`/solutions/backupRestore/…`), or undefined when it is elsewhere. */
function pathBelow(baseUrl: string, url: string): string | undefined {
  const base = new URL(baseUrl);
  const target = new URL(url);
  const prefix = base.pathname.replace(/\/+$/, "");
  if (target.origin !== base.origin || !target.pathname.startsWith(prefix)) return undefined;
  return target.pathname.slice(prefix.length);
}

/** One answer: like Graph, neither way, or foreign (and how it shows). */
export function classifyAnswer(answer: AnsweredAttempt, baseUrl: string, redact: Redact = noRedaction): Verdict {
  const { status, headers, bytes, request } = answer;
  if (status === 429 || status === 503) return { kind: "neutral" };
  const path = pathBelow(baseUrl, request.url);
  const line = `${request.method} ${path ?? request.url}`;
  if (status >= 300 && status < 400) {
    const location = headers.get("location");
    return { kind: "foreign", what: "redirect", shown: `${status}${location ? ` to ${location}` : ""} (${line})` };
  }
  const mediaType = mediaTypeOf(headers);
  const decoded = decodeJsonBody(bytes);
  const page = decoded.kind === "invalid" && !isJsonType(mediaType);
  const shownType = mediaType || "without a Content-Type";
  if (status === 404) {
    // The collection always exists; one session may not (an unknown id, however the 404 looks): no evidence.
    if (path === undefined || !COLLECTIONS.includes(path)) return { kind: "neutral" };
    return page
      ? { kind: "foreign", what: "page", shown: `404 ${shownType} (${line})` }
      : { kind: "foreign", what: "collection-404", shown: `404 for the session collection itself (${line})` };
  }
  // A web page or plain text is not an API's answer; an API's own broken JSON is the checks' to judge.
  if (page) return { kind: "foreign", what: "page", shown: `${status} ${shownType} (${line})` };
  if (decoded.kind === "invalid") return { kind: "neutral" };
  // A JSON 401 says only that an authentication layer is there, below the base URL or not.
  if (status === 401) return { kind: "neutral" };
  if (status >= 200 && status < 300) return { kind: "graph" };
  if (decoded.kind === "json") {
    if (isGraphError(decoded.value)) return { kind: "graph" };
    return {
      kind: "foreign",
      what: "other-json",
      shown: `${status} ${clip(JSON.stringify(decoded.value), 60, redact)} (${line})`,
    };
  }
  return { kind: "neutral" };
}

const CAUSES: Readonly<Record<ForeignKind, string>> = {
  page: "a web server answers, not the API",
  "collection-404": "the session collection does not exist under this base URL",
  redirect: "the target redirects every request, and the runner never follows redirects",
  "other-json": 'another service answers (its errors are not Graph\'s {"error": {"code", …}})',
};

/** Watches a run's answers; calls `onForeign(diagnosis)` once when the target does not look like Graph at all. */
export class TargetDiagnosis {
  readonly #baseUrl: string;
  readonly #redact: Redact;
  readonly #onForeign: (diagnosis: TargetMismatch) => void;
  #settled = false;
  readonly #foreign: Array<{ what: ForeignKind; shown: string }> = [];

  constructor(baseUrl: string, redact: Redact, onForeign: (diagnosis: TargetMismatch) => void) {
    this.#baseUrl = baseUrl;
    this.#redact = redact;
    this.#onForeign = onForeign;
  }

  observe(answer: AnsweredAttempt): void {
    if (this.#settled) return;
    const verdict = classifyAnswer(answer, this.#baseUrl, this.#redact);
    if (verdict.kind === "graph") this.#settled = true;
    if (verdict.kind !== "foreign") return;
    this.#foreign.push({ what: verdict.what, shown: verdict.shown });
    if (this.#foreign.length < FOREIGN_ANSWERS) return;
    this.#settled = true;
    this.#onForeign(describeMismatch(this.#baseUrl, this.#foreign));
  }
}

/** What the run saw, and the likely cause, for the report. */
export interface TargetMismatch {
  /** One sentence: what every answer was, and the likely cause. */
  reason: string;
  /** The answers seen, one line each. */
  seen: string[];
}

function describeMismatch(
  baseUrl: string,
  foreign: ReadonlyArray<{ what: ForeignKind; shown: string }>,
): TargetMismatch {
  const kinds = new Set(foreign.map((entry) => entry.what));
  const main = foreign
    .map((entry) => entry.what)
    .sort(
      (a, b) => foreign.filter((entry) => entry.what === b).length - foreign.filter((entry) => entry.what === a).length,
    )[0] as ForeignKind;
  const lastSegment = new URL(baseUrl).pathname.replace(/\/+$/, "").split("/").pop() ?? "";
  const basePath =
    main === "page" || main === "collection-404"
      ? ` — is the base URL right? It must be the Graph root ending in /v1.0 (e.g. https://graph.microsoft.com/v1.0), under which ${COLLECTIONS[0]} is the session collection${lastSegment === "v1.0" ? "" : `; ${baseUrl} does not end in /v1.0`}`
      : "";
  const what =
    kinds.size === 1
      ? `every answer (${foreign.length}) was ${{ page: "a web page or plain text", "collection-404": "a 404 for the session collection", redirect: "a redirect", "other-json": "JSON that is not a Graph error" }[main]}`
      : `the first ${foreign.length} answers were none of Graph's`;
  return {
    reason: `the target does not answer like Microsoft Graph: ${what}; likely cause: ${CAUSES[main]}${basePath}`,
    seen: foreign.map((entry) => entry.shown),
  };
}
