// Mutants whose collections are wrong: $top, @odata.nextLink and $skiptoken paging, and what the lists hold.
import { EXCHANGE, isObject, type JsonObject } from "../../src/contract/wire-names.ts";
import { graphError } from "../reference/graph-error.ts";
import { findSession } from "../reference/handlers/common.ts";
import { encodeSkipToken } from "../reference/page-request.ts";
import { sessionResource } from "../reference/representations.ts";
import { mapListedItems, rewriteBodies, sessionNamed } from "./hooks.ts";
import { explorationMutant, mutant, type ServerVariant } from "./server-variant.ts";

function skipTokenSeq(link: string): number | undefined {
  const token = new URL(link).searchParams.get("$skiptoken");
  const match = token === null ? null : /^seq:(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function withSkipToken(link: string, token: string): string {
  const url = new URL(link);
  url.searchParams.set("$skiptoken", token);
  return url.href.replaceAll("%24", "$");
}

function isValidTop(value: string): boolean {
  return /^[0-9]{1,3}$/.test(value) && Number(value) >= 1;
}

const deletedSessions = new Map<string, JsonObject>();

export const COLLECTION_MUTANTS: readonly ServerVariant[] = [
  mutant("top-ignored", "$top is ignored: artifact pages hold the server's page size whatever $top asks", {
    handlers: {
      listMailboxRestoreArtifacts: (ctx, next) => {
        const url = new URL(ctx.request.url);
        url.searchParams.delete("$top");
        return next({ ...ctx, request: { ...ctx.request, url } });
      },
    },
  }),
  mutant("paging-loop", "from the second page on, @odata.nextLink points to the page itself", {
    transformResponse: rewriteBodies({ operationId: EXCHANGE.operations.listArtifacts, status: 200 }, (body, ctx) =>
      typeof body["@odata.nextLink"] === "string" && ctx.request.url.searchParams.has("$skiptoken")
        ? {
            ...body,
            "@odata.nextLink": `${new URL(ctx.baseUrl).origin}${ctx.request.url.pathname}${ctx.request.url.search}`,
          }
        : body,
    ),
  }),
  mutant("paging-skips-items", "each @odata.nextLink skips the first item of the next page", {
    transformResponse: rewriteBodies({ operationId: EXCHANGE.operations.listArtifacts, status: 200 }, (body) => {
      const link = body["@odata.nextLink"];
      const seq = typeof link === "string" ? skipTokenSeq(link) : undefined;
      return seq === undefined
        ? body
        : { ...body, "@odata.nextLink": withSkipToken(link as string, encodeSkipToken(seq + 1)) };
    }),
  }),
  mutant(
    "paging-link-on-last-page",
    "the last artifact page carries an @odata.nextLink too (to a token the server refuses)",
    {
      transformResponse: rewriteBodies({ operationId: EXCHANGE.operations.listArtifacts, status: 200 }, (body, ctx) =>
        body["@odata.nextLink"] === undefined
          ? {
              ...body,
              "@odata.nextLink": withSkipToken(`${new URL(ctx.baseUrl).origin}${ctx.request.url.pathname}`, "end"),
            }
          : body,
      ),
    },
  ),
  mutant(
    "session-list-without-next-link",
    "with two sessions per page (allowed), the session list omits @odata.nextLink, hiding every later page",
    {
      pageSize: 2,
      transformResponse: rewriteBodies(
        { operationId: EXCHANGE.operations.list, status: 200 },
        ({ "@odata.nextLink": _dropped, ...body }) => body,
      ),
    },
  ),
  mutant(
    "invalid-top-ignored",
    "an invalid $top ($top=0, $top=abc) is ignored (200) instead of answered 400",
    {
      handlers: {
        listMailboxRestoreArtifacts: (ctx, next) => {
          const top = ctx.request.url.searchParams.get("$top");
          if (top === null || isValidTop(top)) return next(ctx);
          const url = new URL(ctx.request.url);
          url.searchParams.delete("$top");
          return next({ ...ctx, request: { ...ctx.request, url } });
        },
      },
    },
    "a scenario that lists artifacts (and sessions) with `$top=0`, `$top=1000` and `$top=abc`, expecting 400 in the Graph error envelope (parameters/top.yaml: integer 1\u2013999; responses/ListBadRequest.yaml)",
  ),
  mutant(
    "invalid-skiptoken-restarts",
    "a $skiptoken the server never issued restarts at the first page (200) instead of 400",
    {
      handlers: {
        listMailboxRestoreArtifacts: (ctx, next) => {
          const token = ctx.request.url.searchParams.get("$skiptoken");
          if (token === null || skipTokenSeq(`http://x/?$skiptoken=${encodeURIComponent(token)}`) !== undefined)
            return next(ctx);
          const url = new URL(ctx.request.url);
          url.searchParams.delete("$skiptoken");
          return next({ ...ctx, request: { ...ctx.request, url } });
        },
      },
    },
    "a scenario that lists artifacts (and sessions) with a $skiptoken the server never issued (e.g. `$skiptoken=not-a-token`), expecting 400 in the Graph error envelope (responses/ListBadRequest.yaml and QueryBadRequest.yaml: an invalid $skiptoken is a 400)",
  ),
  mutant(
    "top-max-refused",
    "$top=999 (the documented maximum) is refused with 400",
    {
      handlers: {
        listMailboxRestoreArtifacts: (ctx, next) =>
          ctx.request.url.searchParams.get("$top") === "999"
            ? graphError(ctx.request, 400, { code: "BadRequest", message: "Invalid $top value." })
            : next(ctx),
        listExchangeRestoreSessions: (ctx, next) =>
          ctx.request.url.searchParams.get("$top") === "999"
            ? graphError(ctx.request, 400, { code: "BadRequest", message: "Invalid $top value." })
            : next(ctx),
      },
    },
    "a scenario listing sessions and artifacts with $top=1 and $top=999 (the bounds of parameters/top.yaml), expecting 200",
  ),
  explorationMutant(
    "session-list-top-without-next-link",
    "the session list asked with $top omits @odata.nextLink: sessions past the first page cannot be reached",
    {
      transformResponse: rewriteBodies({ operationId: EXCHANGE.operations.list, status: 200 }, (body, ctx) => {
        if (!ctx.request.url.searchParams.has("$top")) return body;
        const { "@odata.nextLink": _dropped, ...rest } = body;
        return rest;
      }),
    },
  ),
  explorationMutant(
    "artifact-paging-drops-full-last-page",
    "with $top, when the artifacts left exactly fill one more page, @odata.nextLink is omitted and that page is lost",
    {
      transformResponse: rewriteBodies({ operationId: EXCHANGE.operations.listArtifacts, status: 200 }, (body, ctx) => {
        const top = Number(ctx.request.url.searchParams.get("$top") ?? Number.NaN);
        const session = sessionNamed(ctx);
        const last = Array.isArray(body.value) ? body.value[body.value.length - 1] : undefined;
        if (!session || !Number.isInteger(top) || body["@odata.nextLink"] === undefined || !isObject(last)) return body;
        const lastSeq = session.artifacts.get(String(last.id))?.seq ?? Number.POSITIVE_INFINITY;
        const left = [...session.artifacts.values()].filter((artifact) => artifact.seq > lastSeq).length;
        if (left !== top) return body;
        const { "@odata.nextLink": _dropped, ...rest } = body;
        return rest;
      }),
    },
  ),
  mutant(
    "list-destination-type-new",
    "the artifact list reports destinationType new for every artifact, whatever was added",
    {
      transformResponse: rewriteBodies({ operationId: EXCHANGE.operations.listArtifacts, status: 200 }, (body) => ({
        ...body,
        value: Array.isArray(body.value)
          ? body.value.map((item) => (isObject(item) ? { ...item, destinationType: "new" } : item))
          : body.value,
      })),
    },
    "the state check (or a body assertion on a `pages: all` list step) comparing each listed artifact's destinationType with the one it was added with, e.g. in patch-mixed (inPlace) and patch-add-only (new)",
  ),
  mutant(
    "session-list-drafts-only",
    "the session list leaves out sessions that are no longer drafts",
    {
      transformResponse: rewriteBodies({ operationId: EXCHANGE.operations.list, status: 200 }, (body) => ({
        ...body,
        value: Array.isArray(body.value)
          ? body.value.filter((session) => !isObject(session) || session.status === "draft")
          : body.value,
      })),
    },
    "activated-session-is-locked (or a new step after activation) listing every page of the session list and asserting it includes the activated session",
  ),
  explorationMutant("deleted-session-listed", "a deleted session stays in the session list (as it was when deleted)", {
    handlers: {
      deleteExchangeRestoreSession: (ctx, next) => {
        const found = findSession(ctx);
        const resource = found.session ? sessionResource(found.session, ctx.behavior, ctx.now) : undefined;
        const response = next(ctx);
        if (!(response instanceof Promise) && response.status === 204 && resource)
          deletedSessions.set(String(resource.id), resource);
        return response;
      },
    },
    transformResponse: rewriteBodies({ operationId: EXCHANGE.operations.list, status: 200 }, (body, ctx) =>
      Array.isArray(body.value) && body["@odata.nextLink"] === undefined && !ctx.request.url.searchParams.has("$top")
        ? { ...body, value: [...body.value, ...deletedSessions.values()] }
        : body,
    ),
  }),
  explorationMutant(
    "session-list-count-zero",
    "the session list reports restoreSessionArtifactCount.total 0 for every session (get is right)",
    {
      transformResponse: mapListedItems(EXCHANGE.operations.list, (item) =>
        isObject(item.restoreSessionArtifactCount)
          ? { ...item, restoreSessionArtifactCount: { ...item.restoreSessionArtifactCount, total: 0 } }
          : item,
      ),
    },
  ),
  mutant(
    "listed-restore-points-swapped",
    "the artifact list gives its first two artifacts each other's restore point (the PATCH answer and the ids are right)",
    {
      transformResponse: rewriteBodies({ operationId: EXCHANGE.operations.listArtifacts, status: 200 }, (body) => {
        const value = body.value;
        if (!Array.isArray(value) || value.length < 2 || !isObject(value[0]) || !isObject(value[1])) return body;
        const [first, second, ...rest] = value as JsonObject[];
        return {
          ...body,
          value: [
            { ...first, restorePoint: second?.restorePoint },
            { ...second, restorePoint: first?.restorePoint },
            ...rest,
          ],
        };
      }),
    },
  ),
];
