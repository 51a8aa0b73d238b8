// Mutants that blur the workloads of the family: one workload answering with another's names (delta key, artifacts
// key, @odata.type), one workload's limit not enforced, sessions or their artifacts reachable from another
// workload's collection, and the defects the SharePoint pages show (an addition nobody requested, a session created
// activating), which only the contract's decisions E37 and E42 refuse.
import { isObject, type JsonObject } from "../../src/contract/wire-names.ts";
import { WORKLOADS, type WorkloadName } from "../../src/contract/workloads.ts";
import type { HandlerOverride } from "../reference/context.ts";
import { graphError } from "../reference/graph-error.ts";
import { sessionODataType } from "../reference/representations.ts";
import type { ReferenceStore } from "../reference/store.ts";
import { inEveryWorkload, mapListedItems, rewriteBodies } from "./hooks.ts";
import type { ServerVariant } from "./server-variant.ts";
import { workloadMutant } from "./server-variant.ts";

const { exchange, onedrive, sharepoint } = WORKLOADS;
const EVERY: readonly WorkloadName[] = ["exchange", "onedrive", "sharepoint"];

/** The store as a collection that ignores which workload a session belongs to: every session is in every one. */
function withoutCollections(store: ReferenceStore): ReferenceStore {
  return new Proxy(store, {
    get(target, key) {
      if (key === "sessions") return () => target.sessions();
      if (key === "getSession") return (id: string) => target.getSession(id);
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** A handler override that runs the default handler on a store without collections. */
const acrossCollections: HandlerOverride = (ctx, next) => next({ ...ctx, store: withoutCollections(ctx.store) });

export const WORKLOAD_BOUNDARY_MUTANTS: readonly ServerVariant[] = [
  workloadMutant(
    "onedrive-answer-under-exchange-delta-key",
    "the OneDrive PATCH answer reports its entries under mailboxRestoreArtifacts@delta",
    ["onedrive"],
    {
      transformResponse: rewriteBodies({ operationId: onedrive.operationIds.update, status: 200 }, (body) => {
        const { [onedrive.deltaKey]: entries, ...rest } = body;
        return { ...rest, [exchange.deltaKey]: entries };
      }),
    },
  ),
  workloadMutant(
    "onedrive-create-takes-exchange-key",
    "a OneDrive create takes its initial artifacts under mailboxRestoreArtifacts and refuses driveRestoreArtifacts",
    ["onedrive"],
    {
      handlers: {
        [onedrive.operationIds.create]: (ctx, next) => {
          if (!isObject(ctx.body)) return next(ctx);
          if (onedrive.artifactsKey in ctx.body)
            return graphError(
              ctx.request,
              400,
              "ErrorInvalidPatchRequest",
              `"${onedrive.artifactsKey}" is not a member.`,
            );
          const { [exchange.artifactsKey]: items, ...rest } = ctx.body;
          return next({ ...ctx, body: items === undefined ? rest : { ...rest, [onedrive.artifactsKey]: items } });
        },
      },
    },
  ),
  workloadMutant(
    "sharepoint-sessions-typed-onedrive",
    "SharePoint sessions name their type #microsoft.graph.oneDriveForBusinessRestoreSession",
    ["sharepoint"],
    {
      transformResponse: rewriteBodies(
        {
          operationId: [sharepoint.operationIds.create, sharepoint.operationIds.get, sharepoint.operationIds.list],
          status: [200, 201],
        },
        (body, ctx) => {
          const typed = (session: unknown) =>
            isObject(session) ? { "@odata.type": sessionODataType("onedrive"), ...session } : session;
          return ctx.operationId === sharepoint.operationIds.list && Array.isArray(body.value)
            ? { ...body, value: body.value.map(typed) }
            : (typed(body) as JsonObject);
        },
      ),
    },
  ),
  workloadMutant(
    "onedrive-artifacts-typed-exchange",
    "listed OneDrive artifacts name their type #microsoft.graph.mailboxRestoreArtifact",
    ["onedrive"],
    {
      transformResponse: mapListedItems(onedrive.operationIds.listArtifacts, (item) => ({
        "@odata.type": `#microsoft.graph.${exchange.artifactType}`,
        ...item,
      })),
    },
  ),
  workloadMutant(
    "sharepoint-delta-limit-not-enforced",
    "SharePoint PATCHes take any number of items (the 50-item limit holds in Exchange and OneDrive only)",
    ["sharepoint"],
    { workloads: { sharepoint: { maxDeltaItems: 1000 } } },
  ),
  workloadMutant(
    "onedrive-artifacts-of-any-session",
    "the OneDrive artifact list serves the artifacts of any workload's session, answered with that workload's names",
    EVERY,
    {
      handlers: {
        [onedrive.operationIds.listArtifacts]: (ctx, next) => {
          const session = ctx.store.getSession(ctx.params[onedrive.sessionIdParameter] ?? "");
          if (!session) return next(ctx);
          const owner = WORKLOADS[session.workload];
          return next({ ...ctx, workload: owner, params: { [owner.sessionIdParameter]: session.id } });
        },
      },
    },
  ),
  workloadMutant(
    "sessions-listed-in-every-collection",
    "every workload's session list lists the sessions of all three workloads",
    EVERY,
    { handlers: inEveryWorkload("list", acrossCollections) },
  ),
  workloadMutant(
    "session-found-in-every-collection",
    "get, PATCH and DELETE find a session by its id in any workload's collection",
    EVERY,
    {
      handlers: {
        ...inEveryWorkload("get", acrossCollections),
        ...inEveryWorkload("update", acrossCollections),
        ...inEveryWorkload("delete", acrossCollections),
      },
    },
  ),
  workloadMutant(
    "sharepoint-unrequested-addition",
    "the SharePoint PATCH answer also reports an addition nobody requested, as the SharePoint page's example does (E37)",
    ["sharepoint"],
    {
      transformResponse: rewriteBodies({ operationId: sharepoint.operationIds.update, status: 200 }, (body) => ({
        ...body,
        [sharepoint.deltaKey]: [
          ...(Array.isArray(body[sharepoint.deltaKey]) ? (body[sharepoint.deltaKey] as unknown[]) : []),
          {
            id: "99954f18-c8ec-4b62-85bf-cdf3b70b140e",
            restorePoint: { id: "7b014d8c-71fe-4d00-a01a-31850bc5b32c" },
            destinationType: "new",
            status: "added",
          },
        ],
      })),
    },
  ),
  workloadMutant(
    "sharepoint-created-activating",
    "a SharePoint session is created activating, as the SharePoint create page's example shows (E42)",
    ["sharepoint"],
    {
      transformResponse: rewriteBodies({ operationId: sharepoint.operationIds.create, status: 201 }, (body) => ({
        ...body,
        status: "activating",
      })),
    },
  ),
];
