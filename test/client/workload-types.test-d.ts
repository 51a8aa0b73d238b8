// Every workload's delta compiles through its own builders, types and path; one workload's delta, items or answer
// used with another's is a compile error.
import { describe, expectTypeOf, test } from "vitest";
import {
  createRestoreClient,
  deltaBody,
  deltaHelpers,
  splitDeltaResult,
  unwrap,
  type AdditionItem,
  type DeltaItem,
  type DeltaRequest,
  type DeltaResponse,
  type DeltaSplit,
  type DriveRestoreArtifact,
  type SiteRestoreArtifact,
} from "../../src/index.ts";

const client = createRestoreClient({ baseUrl: "https://graph.microsoft.com/v1.0", token: "t" });
const exchange = deltaHelpers("exchange");
const onedrive = deltaHelpers("onedrive");
const sharepoint = deltaHelpers("sharepoint");

const EXCHANGE_PATH = "/solutions/backupRestore/exchangeRestoreSessions/{exchangeRestoreSessionId}";
const ONEDRIVE_PATH =
  "/solutions/backupRestore/oneDriveForBusinessRestoreSessions/{oneDriveForBusinessRestoreSessionId}";
const SHAREPOINT_PATH = "/solutions/backupRestore/sharePointRestoreSessions/{sharePointRestoreSessionId}";
const exchangeParams = { path: { exchangeRestoreSessionId: "s" } };
const onedriveParams = { path: { oneDriveForBusinessRestoreSessionId: "s" } };
const sharepointParams = { path: { sharePointRestoreSessionId: "s" } };

const exchangeBody = exchange.deltaBody([exchange.addArtifact("rp", "inPlace"), exchange.removeArtifact("a")]);
const onedriveBody = onedrive.deltaBody([onedrive.addArtifact("rp", "new"), onedrive.removeArtifact("a")]);
const sharepointBody = sharepoint.deltaBody([sharepoint.addArtifact("rp", "new"), sharepoint.removeArtifact("a")]);

describe("each workload's delta compiles", () => {
  test("the helpers build the workload's items and body, under its own key", () => {
    expectTypeOf(onedrive.addArtifact("rp", "new")).toEqualTypeOf<AdditionItem<"onedrive">>();
    expectTypeOf(onedriveBody).toEqualTypeOf<DeltaRequest<"onedrive">>();
    expectTypeOf(onedriveBody["driveRestoreArtifacts@delta"][0]).toEqualTypeOf<DeltaItem<"onedrive">>();
    expectTypeOf(sharepointBody).toEqualTypeOf<DeltaRequest<"sharepoint">>();
    expectTypeOf(sharepointBody["siteRestoreArtifacts@delta"][0]).toEqualTypeOf<DeltaItem<"sharepoint">>();
    expectTypeOf(exchangeBody).toEqualTypeOf<DeltaRequest>();
    expectTypeOf(exchange.addArtifact("rp", "new")).toEqualTypeOf<AdditionItem>();
    expectTypeOf(onedrive.workload.sessionPath).toEqualTypeOf<typeof ONEDRIVE_PATH>();
    expectTypeOf(sharepoint.workload.deltaKey).toEqualTypeOf<"siteRestoreArtifacts@delta">();
  });

  test("the published OneDrive and SharePoint bodies, written out, with their own @odata.type", () => {
    const published = {
      "driveRestoreArtifacts@delta": [
        { restorePoint: { id: "1b014d8c-71fe-4d00-a01a-31850bc5b32c" }, destinationType: "new" },
        {
          restorePoint: { "@odata.id": "2b014d8c-71fe-4d00-a01a-31850bc5b32c" },
          destinationType: "new",
          "@odata.type": "#microsoft.graph.driveRestoreArtifact",
        },
        { "@removed": { reason: "changed" }, id: "99954f18-c8ec-4b62-85bf-cdf3b70b140e" },
      ],
    } satisfies DeltaRequest<"onedrive">;
    void client.PATCH(ONEDRIVE_PATH, { params: onedriveParams, body: published });
    const site = {
      "siteRestoreArtifacts@delta": [
        { restorePoint: { id: "1b014d8c-71fe-4d00-a01a-31850bc5b32c" }, destinationType: "new" },
        {
          "@removed": { reason: "changed" },
          id: "959ba739-70b5-43c4-8c90-b2c22014f18a",
          "@odata.type": "#microsoft.graph.siteRestoreArtifact",
        },
      ],
    } satisfies DeltaRequest<"sharepoint">;
    void client.PATCH(SHAREPOINT_PATH, { params: sharepointParams, body: site });
  });

  test("client.PATCH and client.POST take each workload's body on its own path", async () => {
    const onedriveResult = await client.PATCH(ONEDRIVE_PATH, { params: onedriveParams, body: onedriveBody });
    expectTypeOf(unwrap(onedriveResult)).toExtend<DeltaResponse<"onedrive">>();
    const onedriveData = unwrap(onedriveResult);
    expectTypeOf<DeltaResponse<"onedrive">>().toExtend<typeof onedriveData>();
    const sharepointResult = await client.PATCH(SHAREPOINT_PATH, { params: sharepointParams, body: sharepointBody });
    expectTypeOf(unwrap(sharepointResult)).toExtend<DeltaResponse<"sharepoint">>();
    expectTypeOf(unwrap(sharepointResult)).not.toExtend<DeltaResponse<"onedrive">>();
    void client.PATCH(EXCHANGE_PATH, { params: exchangeParams, body: exchangeBody });
    void client.POST("/solutions/backupRestore/oneDriveForBusinessRestoreSessions", {
      body: { driveRestoreArtifacts: [onedrive.addArtifact("rp", "new")] },
    });
    void client.POST("/solutions/backupRestore/sharePointRestoreSessions", { body: {} });
  });

  test("splitDeltaResult follows the answer's workload; the helpers' split is typed the same", async () => {
    const answer = unwrap(await client.PATCH(ONEDRIVE_PATH, { params: onedriveParams, body: onedriveBody }));
    const split = splitDeltaResult(answer, onedriveBody);
    expectTypeOf(split).toEqualTypeOf<DeltaSplit<"onedrive">>();
    expectTypeOf(onedrive.splitDeltaResult(answer, onedriveBody)).toEqualTypeOf<DeltaSplit<"onedrive">>();
    const added = split.added[0]!;
    expectTypeOf(added.entry.restoredSiteId).toEqualTypeOf<DriveRestoreArtifact["restoredSiteId"]>();
    expectTypeOf(added.entry.restoredSiteWebUrl).toEqualTypeOf<string | null | undefined>();
    expectTypeOf(split.unanswered).toEqualTypeOf<AdditionItem<"onedrive">[]>();
    const site = splitDeltaResult({} as DeltaResponse<"sharepoint">);
    expectTypeOf(site.added[0]!.entry.restoredSiteName).toEqualTypeOf<SiteRestoreArtifact["restoredSiteName"]>();
    expectTypeOf(splitDeltaResult({} as DeltaResponse)).toEqualTypeOf<DeltaSplit>();
  });
});

describe("a mixed-up delta does not compile", () => {
  test("one workload's body on another's path", () => {
    // @ts-expect-error a drive delta sent to the Exchange path
    void client.PATCH(EXCHANGE_PATH, { params: exchangeParams, body: onedriveBody });
    // @ts-expect-error an Exchange delta sent to the OneDrive path
    void client.PATCH(ONEDRIVE_PATH, { params: onedriveParams, body: exchangeBody });
    // @ts-expect-error a site delta sent to the OneDrive path
    void client.PATCH(ONEDRIVE_PATH, { params: onedriveParams, body: sharepointBody });
    // @ts-expect-error a drive delta sent to the SharePoint path
    void client.PATCH(SHAREPOINT_PATH, { params: sharepointParams, body: onedriveBody });
    void client.PATCH(ONEDRIVE_PATH, {
      params: onedriveParams,
      // @ts-expect-error the Exchange key written out on the OneDrive path
      body: { "mailboxRestoreArtifacts@delta": [onedrive.addArtifact("rp", "new")] },
    });
    void client.PATCH(EXCHANGE_PATH, {
      params: exchangeParams,
      // @ts-expect-error a body carrying two workloads' delta keys
      body: { ...exchangeBody, "driveRestoreArtifacts@delta": onedriveBody["driveRestoreArtifacts@delta"] },
    });
    // @ts-expect-error the OneDrive path takes the OneDrive session id
    void client.PATCH(ONEDRIVE_PATH, { params: { path: { exchangeRestoreSessionId: "s" } }, body: onedriveBody });
    void client.POST("/solutions/backupRestore/sharePointRestoreSessions", {
      // @ts-expect-error the create body of SharePoint takes siteRestoreArtifacts
      body: { driveRestoreArtifacts: [onedrive.addArtifact("rp", "new")] },
    });
  });

  test("one workload's items in another's delta", () => {
    // @ts-expect-error a site item in a drive delta
    onedrive.deltaBody([sharepoint.addArtifact("rp", "new")]);
    // @ts-expect-error a drive removal in a site delta
    sharepoint.deltaBody([onedrive.removeArtifact("a")]);
    // @ts-expect-error a drive item in the (Exchange) root deltaBody
    deltaBody([onedrive.addArtifact("rp", "new")]);
    // @ts-expect-error an Exchange item in a drive delta
    onedrive.deltaBody([exchange.addArtifact("rp", "new")]);
    expectTypeOf<AdditionItem<"onedrive">>().not.toExtend<DeltaItem<"sharepoint">>();
    expectTypeOf<AdditionItem<"sharepoint">>().not.toExtend<DeltaItem>();
    onedrive.deltaBody([
      // @ts-expect-error a mailbox @odata.type on a drive item
      { restorePoint: { id: "rp" }, destinationType: "new", "@odata.type": "#microsoft.graph.mailboxRestoreArtifact" },
    ]);
    const drive = {
      "driveRestoreArtifacts@delta": [
        // @ts-expect-error a site @odata.type in a drive body written out
        { "@removed": { reason: "changed" }, id: "a", "@odata.type": "#microsoft.graph.siteRestoreArtifact" },
      ],
    } satisfies DeltaRequest<"onedrive">;
    void drive;
  });

  test("one workload's answer split with another's request or helpers", async () => {
    const answer = unwrap(await client.PATCH(ONEDRIVE_PATH, { params: onedriveParams, body: onedriveBody }));
    // @ts-expect-error a OneDrive answer split against an Exchange request
    splitDeltaResult(answer, exchangeBody);
    // @ts-expect-error a OneDrive answer split by SharePoint's helpers
    sharepoint.splitDeltaResult(answer);
    // @ts-expect-error an Exchange answer split by OneDrive's helpers
    onedrive.splitDeltaResult({} as DeltaResponse);
  });

  test("the empty delta and an unknown workload", () => {
    expectTypeOf<{ "driveRestoreArtifacts@delta": [] }>().not.toExtend<DeltaRequest<"onedrive">>();
    // @ts-expect-error at least one item, in every workload
    const empty: DeltaRequest<"sharepoint"> = { "siteRestoreArtifacts@delta": [] };
    void empty;
    // @ts-expect-error "teams" is not a workload of the family
    deltaHelpers("teams");
  });
});
