// What callers read back is typed from the contract: no `any` reaches them.
import { describe, expectTypeOf, test } from "vitest";
import {
  createRestoreClient,
  GraphRequestError,
  splitDeltaResult,
  unwrap,
  type AddedResult,
  type DeltaResponse,
  type DeltaSplit,
  type DestinationType,
  type FailedArtifact,
  type RemovalReason,
} from "../../src/index.ts";

const client = createRestoreClient({ baseUrl: "https://graph.microsoft.com/v1.0", token: async () => "t" });
const PATH = "/solutions/backupRestore/exchangeRestoreSessions/{exchangeRestoreSessionId}";

describe("PATCH answers", () => {
  test("data and error are typed from the contract", async () => {
    const result = await client.PATCH(PATH, {
      params: { path: { exchangeRestoreSessionId: "s" } },
      body: { "mailboxRestoreArtifacts@delta": [{ "@removed": { reason: "changed" }, id: "a" }] },
    });
    expectTypeOf(result.data).not.toBeAny();
    expectTypeOf(result.error).not.toBeAny();
    if (result.data) {
      expectTypeOf(result.data).toExtend<DeltaResponse>();
      expectTypeOf<DeltaResponse>().toExtend<typeof result.data>();
      expectTypeOf(result.data["mailboxRestoreArtifacts@delta"]).not.toBeAny();
      expectTypeOf(result.data.status).toEqualTypeOf<DeltaResponse["status"]>();
    }
    if (result.error) expectTypeOf(result.error.error.code).toEqualTypeOf<string>();
    const data = unwrap(result);
    expectTypeOf(data).not.toBeAny();
    expectTypeOf(data).toExtend<DeltaResponse>();
    expectTypeOf(data).not.toBeUndefined();
    expectTypeOf(splitDeltaResult(data).added).toEqualTypeOf<DeltaSplit["added"]>();
  });

  test("unwrap of a 204 (DELETE) is undefined, of a page its collection type", async () => {
    const params = { path: { exchangeRestoreSessionId: "s" } };
    const deleted = unwrap(await client.DELETE(PATH, { params }));
    expectTypeOf(deleted).toEqualTypeOf<undefined>();
    const page = unwrap(
      await client.GET(`${PATH}/mailboxRestoreArtifacts`, { params: { ...params, query: { $top: 5 } } }),
    );
    expectTypeOf(page.value[0]!.id).toEqualTypeOf<string>();
    expectTypeOf(page["@odata.nextLink"]).toEqualTypeOf<string | undefined>();
  });

  test("splitDeltaResult gives correlated, typed entries", () => {
    const split = splitDeltaResult({} as DeltaResponse);
    expectTypeOf(split).toEqualTypeOf<DeltaSplit>();
    const added = split.added[0]!;
    expectTypeOf(added).not.toBeAny();
    expectTypeOf(added.restorePointId).toEqualTypeOf<string>();
    expectTypeOf(added.artifactId).toEqualTypeOf<string>();
    expectTypeOf(added.entry).toEqualTypeOf<AddedResult>();
    expectTypeOf(added.entry.destinationType).toEqualTypeOf<DestinationType | null>();
    const removed = split.removed[0]!;
    expectTypeOf(removed.artifactId).toEqualTypeOf<string>();
    expectTypeOf(removed.reason).toEqualTypeOf<RemovalReason>();
    expectTypeOf(removed.echoed).toEqualTypeOf<boolean>();
    const failed: FailedArtifact = split.failed[0]!;
    expectTypeOf(failed.code).toEqualTypeOf<string>();
    expectTypeOf(failed.responseCode).toEqualTypeOf<number>();
    expectTypeOf(failed.entry["@Core.DataModificationException"].info.message).toEqualTypeOf<string>();
    if (failed.operation === "add") {
      expectTypeOf(failed.restorePointId).toEqualTypeOf<string>();
      expectTypeOf(failed.artifactId).toEqualTypeOf<string | undefined>();
    } else {
      expectTypeOf(failed.artifactId).toEqualTypeOf<string>();
    }
  });

  test("errors expose status, code, serviceMessage and requestId", () => {
    const error = new GraphRequestError("m", { status: 404 });
    expectTypeOf(error.status).toEqualTypeOf<number>();
    expectTypeOf(error.code).toEqualTypeOf<string | undefined>();
    expectTypeOf(error.serviceMessage).toEqualTypeOf<string | undefined>();
    expectTypeOf(error.requestId).toEqualTypeOf<string | undefined>();
    expectTypeOf(error).toExtend<Error>();
  });
});
