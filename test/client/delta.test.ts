// Delta builders refuse bodies the service would reject (before sending), and splitDeltaResult correlates the
// answer by ids whatever the order, echoed or omitted removals alike.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, test } from "vitest";
import { parse } from "yaml";
import {
  addArtifact,
  createRestoreClient,
  DeltaBodyError,
  deltaBody,
  DeltaResultError,
  MAX_DELTA_ITEMS,
  removeArtifact,
  splitDeltaResult,
  type DeltaItem,
  type DeltaRequest,
  type DeltaResponse,
  type DeltaSplit,
} from "../../src/index.ts";
import { startStubGraph, type StubGraph } from "./support/stub-graph.ts";

function example<T>(name: string): T {
  const file = new URL(`../../spec/components/examples/${name}.yaml`, import.meta.url);
  return (parse(readFileSync(file, "utf8")) as { value: T }).value;
}

const seedRequestEn = example<DeltaRequest>("UpdateRequestSeedEn");
const seedRequestZh = example<DeltaRequest>("UpdateRequestSeedZh");
const seedResponseEn = example<DeltaResponse>("UpdateResponseSeedEn");
const seedResponseZh = example<DeltaResponse>("UpdateResponseSeedZh");
const partialFailure = example<DeltaResponse>("UpdateResponsePartialFailure");

function caught(action: () => unknown): DeltaBodyError | DeltaResultError {
  try {
    action();
  } catch (error) {
    if (error instanceof DeltaBodyError || error instanceof DeltaResultError) return error;
    throw error;
  }
  throw new Error("expected a DeltaBodyError or DeltaResultError");
}

describe("addArtifact / removeArtifact", () => {
  test("build the documented item shapes", () => {
    expect(addArtifact("rp-1", "inPlace")).toEqual({ restorePoint: { id: "rp-1" }, destinationType: "inPlace" });
    expect(addArtifact("rp-1", "new", { form: "odata.id", contentId: "c-1" })).toEqual({
      restorePoint: { "@odata.id": "rp-1" },
      destinationType: "new",
      "@Core.ContentID": "c-1",
    });
    expect(removeArtifact("a-1")).toEqual({ "@removed": { reason: "changed" }, id: "a-1" });
    expect(removeArtifact("a-1", "deleted", { contentId: "c-2" })).toEqual({
      "@removed": { reason: "deleted" },
      id: "a-1",
      "@Core.ContentID": "c-2",
    });
  });

  test("the seed bodies are exactly what the builders make", () => {
    const rebuilt = (form: "id" | "odata.id") =>
      deltaBody([
        ...["1b", "2b", "3b", "4b"].map((prefix) =>
          addArtifact(`${prefix}014d8c-71fe-4d00-a01a-31850bc5b32c`, "inPlace", { form }),
        ),
        ...[
          "99954f18-c8ec-4b62-85bf-cdf3b70b140e",
          "4267e382-71a9-4c07-bef7-bda97e09c0d2",
          "3667e382-71a9-4c07-bef7-bda97e09c0d2",
        ].map((id) => removeArtifact(id)),
      ]);
    expect(JSON.stringify(rebuilt("id"))).toBe(JSON.stringify(seedRequestEn));
    expect(JSON.stringify(rebuilt("odata.id"))).toBe(JSON.stringify(seedRequestZh));
  });

  test("refuse what the types forbid, for callers without types", () => {
    expect(() => addArtifact("", "new")).toThrow(/the restore point id must be a non-empty string, got ""/);
    expect(() => addArtifact("rp", "elsewhere" as never)).toThrow(
      /destinationType must be one of "new", "inPlace", got "elsewhere"/,
    );
    expect(() => addArtifact("rp", "unknownFutureValue" as never)).toThrow(
      /destinationType must be one of "new", "inPlace", got "unknownFutureValue"/,
    );
    expect(() => deltaBody([{ restorePoint: { id: "rp" }, destinationType: "unknownFutureValue" } as never])).toThrow(
      /destinationType must be one of "new", "inPlace", got "unknownFutureValue"/,
    );
    expect(() => removeArtifact("a", "gone" as never)).toThrow(
      /reason must be one of "changed", "deleted", got "gone"/,
    );
    expect(() => removeArtifact(42 as never)).toThrow(/the artifact id must be a non-empty string, got 42/);
  });
});

describe("deltaBody refuses bodies the service would reject", () => {
  const additions = (count: number) => Array.from({ length: count }, (_, i) => addArtifact(`rp-${i}`, "new"));

  test("0 items", () => {
    const error = caught(() => deltaBody([]));
    expect(error).toMatchObject({ name: "DeltaBodyError", problem: "empty", index: undefined });
    expect(error.message).toMatch(/is empty: send 1 to 50 items/);
  });

  test("51 items, naming index 50; 50 are fine", () => {
    expect(deltaBody(additions(MAX_DELTA_ITEMS))["mailboxRestoreArtifacts@delta"]).toHaveLength(50);
    const error = caught(() => deltaBody(additions(51)));
    expect(error).toMatchObject({ problem: "too-many-items", index: 50 });
    expect(error.message).toMatch(/has 51 items; at most 50 per request/);
  });

  test("the same restore point twice, also across the {id} and {@odata.id} forms", () => {
    const sameForm = caught(() =>
      deltaBody([addArtifact("rp-1", "new"), removeArtifact("a-1"), addArtifact("rp-1", "inPlace")]),
    );
    expect(sameForm).toMatchObject({ problem: "duplicate-restore-point", index: 2 });
    expect(sameForm.message).toBe(
      'mailboxRestoreArtifacts@delta[2] adds restore point "rp-1" again (item 0 already does; the service answers 400 DuplicateArtifactInList)',
    );
    const crossForm = caught(() =>
      deltaBody([
        addArtifact("rp-7", "new"),
        {
          restorePoint: {
            "@odata.id": "https://graph.microsoft.com/v1.0/solutions/backupRestore/restorePoints('rp-7')",
          },
          destinationType: "new",
        },
      ]),
    );
    expect(crossForm).toMatchObject({ problem: "duplicate-restore-point", index: 1 });
  });

  test("the same artifact id twice, and the same content id twice", () => {
    expect(
      caught(() => deltaBody([removeArtifact("a-1"), addArtifact("rp", "new"), removeArtifact("a-1", "deleted")])),
    ).toMatchObject({
      problem: "duplicate-artifact",
      index: 2,
    });
    expect(
      caught(() =>
        deltaBody([removeArtifact("a-1", "changed", { contentId: "x" }), addArtifact("rp", "new", { contentId: "x" })]),
      ),
    ).toMatchObject({
      problem: "duplicate-content-id",
      index: 1,
    });
  });

  test("@odata.type #microsoft.graph.mailboxRestoreArtifact is allowed on additions and removals", () => {
    const type = "#microsoft.graph.mailboxRestoreArtifact" as const;
    expect(() =>
      deltaBody([
        { restorePoint: { id: "rp" }, destinationType: "new", "@odata.type": type },
        { "@removed": { reason: "changed" }, id: "a", "@odata.type": type },
      ]),
    ).not.toThrow();
    expect(
      caught(() => deltaBody([{ "@removed": {}, id: "a", "@odata.type": "#microsoft.graph.user" as typeof type }])),
    ).toMatchObject({
      problem: "invalid-item",
      index: 0,
    });
  });

  test("a restore point id equal to an artifact id is not a duplicate (different kinds of id)", () => {
    expect(() => deltaBody([addArtifact("same", "new"), removeArtifact("same")])).not.toThrow();
  });

  test.each([
    [
      "both addition and removal keys",
      { restorePoint: { id: "rp" }, destinationType: "new", "@removed": { reason: "changed" }, id: "a" },
      /has both addition keys/,
    ],
    ["neither kind", { destination: "new" }, /is neither an addition .* nor a removal/],
    ["restorePoint as a string", { restorePoint: "rp", destinationType: "new" }, /restorePoint must be exactly one of/],
    [
      "restorePoint with both id and @odata.id",
      { restorePoint: { id: "rp", "@odata.id": "rp" }, destinationType: "new" },
      /restorePoint must be exactly one of/,
    ],
    ["a missing destinationType", { restorePoint: { id: "rp" } }, /destinationType must be one of .* got undefined/],
    [
      "an unknown property",
      { restorePoint: { id: "rp" }, destinationType: "new", restore_point: 1 },
      /has unknown property "restore_point"/,
    ],
    ["@removed that is not an object", { "@removed": "changed", id: "a" }, /\["@removed"\] must be an object/],
    [
      "a removal without id",
      { "@removed": { reason: "changed" } },
      /the artifact id must be a non-empty string, got undefined/,
    ],
    ["a null item", null, /must be an object, got null/],
  ])("an item with %s (index named)", (_, bad, message) => {
    const error = caught(() => deltaBody([addArtifact("ok", "new"), bad as unknown as DeltaItem]));
    expect(error).toMatchObject({ problem: "invalid-item", index: 1 });
    expect(error.message).toMatch(/^mailboxRestoreArtifacts@delta\[1\]/);
    expect(error.message).toMatch(message);
  });

  describe("before anything is sent", () => {
    let stub: StubGraph | undefined;
    afterEach(async () => {
      await stub?.close();
      stub = undefined;
    });

    test("a refused body never reaches the server", async () => {
      stub = await startStubGraph(() => ({ status: 200, body: { "mailboxRestoreArtifacts@delta": [] } }));
      const client = createRestoreClient({ baseUrl: stub.baseUrl, token: "t" });
      const send = () =>
        client.PATCH("/solutions/backupRestore/exchangeRestoreSessions/{exchangeRestoreSessionId}", {
          params: { path: { exchangeRestoreSessionId: "s" } },
          body: deltaBody(additions(51)),
        });
      expect(send).toThrow(DeltaBodyError);
      expect(stub.requests).toHaveLength(0);
    });
  });
});

function byId<T extends { artifactId?: string; restorePointId?: string }>(list: T[]): T[] {
  return [...list].sort((a, b) =>
    `${a.artifactId}/${a.restorePointId}`.localeCompare(`${b.artifactId}/${b.restorePointId}`),
  );
}

function normalised(split: DeltaSplit) {
  return {
    added: byId(split.added),
    removed: byId(split.removed),
    failed: byId(split.failed),
    unanswered: split.unanswered,
  };
}

function withEntries(response: DeltaResponse, entries: DeltaResponse["mailboxRestoreArtifacts@delta"]): DeltaResponse {
  return { ...response, "mailboxRestoreArtifacts@delta": entries };
}

describe("splitDeltaResult on the seed answer", () => {
  const rp = (prefix: string) => `${prefix}014d8c-71fe-4d00-a01a-31850bc5b32c`;

  test("English seed: four added, one failed removal, two removals implied by the request", () => {
    const split = splitDeltaResult(seedResponseEn, seedRequestEn);
    expect(split.added.map(({ restorePointId, artifactId }) => [restorePointId, artifactId])).toEqual([
      [rp("1b"), "89014d8c-71fe-4d00-a01a-31850bc5b32c"],
      [rp("2b"), "67014d8c-71fe-4d00-a01a-31850bc5b32c"],
      [rp("3b"), "56014d8c-71fe-4d00-a01a-31850bc5b32c"],
      [rp("4b"), "32014d8c-71fe-4d00-a01a-31850bc5b32c"],
    ]);
    expect(split.added[0]?.entry.status).toBe("added");
    expect(split.failed).toHaveLength(1);
    expect(split.failed[0]).toMatchObject({
      operation: "remove",
      artifactId: "4267e382-71a9-4c07-bef7-bda97e09c0d2",
      code: "Invalid",
      message: "The identifier to be removed from the Restore Session does not exist",
      responseCode: 409,
      failedOperation: "remove",
      contentId: "4267e382-71a9-4c07-bef7-bda97e09c0d2",
    });
    expect(split.removed).toEqual([
      {
        artifactId: "99954f18-c8ec-4b62-85bf-cdf3b70b140e",
        reason: "changed",
        echoed: false,
        contentId: undefined,
        entry: undefined,
      },
      {
        artifactId: "3667e382-71a9-4c07-bef7-bda97e09c0d2",
        reason: "changed",
        echoed: false,
        contentId: undefined,
        entry: undefined,
      },
    ]);
    expect(split.unanswered).toEqual([]);
  });

  test("without the request, omitted removals are not reported", () => {
    const split = splitDeltaResult(seedResponseEn);
    expect(split.added).toHaveLength(4);
    expect(split.failed).toHaveLength(1);
    expect(split.removed).toEqual([]);
  });

  test("Chinese seed: {@odata.id} references correlate to the same restore points", () => {
    const en = normalised(splitDeltaResult(seedResponseEn, seedRequestEn));
    const zh = normalised(splitDeltaResult(seedResponseZh, seedRequestZh));
    expect(zh.added.map((a) => [a.restorePointId, a.artifactId])).toEqual(
      en.added.map((a) => [a.restorePointId, a.artifactId]),
    );
    expect(zh.removed).toEqual(en.removed);
    expect(zh.failed.map((f) => f.artifactId)).toEqual(en.failed.map((f) => f.artifactId));
  });

  test("any order of entries gives the same split", () => {
    const entries = seedResponseEn["mailboxRestoreArtifacts@delta"];
    const expected = normalised(splitDeltaResult(seedResponseEn, seedRequestEn));
    const orders = [
      [...entries].reverse(),
      [...entries.slice(2), ...entries.slice(0, 2)],
      [entries[4], entries[0], entries[3], entries[1], entries[2]],
    ];
    for (const order of orders) {
      const split = splitDeltaResult(withEntries(seedResponseEn, order as typeof entries), seedRequestEn);
      expect(normalised(split)).toEqual(expected);
    }
  });

  test("echoed removals are reported once, as echoed; the rest stay implied", () => {
    const entries = seedResponseEn["mailboxRestoreArtifacts@delta"];
    const echoed = withEntries(seedResponseEn, [
      { "@removed": { reason: "deleted" }, id: "99954f18-c8ec-4b62-85bf-cdf3b70b140e", "@Core.ContentID": "rm-1" },
      ...entries,
    ]);
    const split = splitDeltaResult(echoed, seedRequestEn);
    expect(split.removed).toHaveLength(2);
    expect(split.removed.find((r) => r.artifactId === "99954f18-c8ec-4b62-85bf-cdf3b70b140e")).toMatchObject({
      echoed: true,
      reason: "deleted",
      contentId: "rm-1",
      entry: { id: "99954f18-c8ec-4b62-85bf-cdf3b70b140e" },
    });
    expect(split.removed.find((r) => r.artifactId === "3667e382-71a9-4c07-bef7-bda97e09c0d2")).toMatchObject({
      echoed: false,
    });
  });

  test("an addition the answer does not mention is listed as unanswered", () => {
    const entries = seedResponseEn["mailboxRestoreArtifacts@delta"].filter(
      (entry) => entry.id !== "32014d8c-71fe-4d00-a01a-31850bc5b32c",
    );
    const split = splitDeltaResult(withEntries(seedResponseEn, entries), seedRequestEn);
    expect(split.added).toHaveLength(3);
    expect(split.unanswered).toEqual([{ restorePoint: { id: rp("4b") }, destinationType: "inPlace" }]);
  });
});

describe("splitDeltaResult on other answers", () => {
  test("the partial-failure example: IRI restore point, echoed removal, failed removal", () => {
    const split = splitDeltaResult(partialFailure);
    expect(split.added).toEqual([
      expect.objectContaining({
        restorePointId: "1b014d8c-71fe-4d00-a01a-31850bc5b32c",
        artifactId: "b8d2f3e4-1c5a-4f6b-9d7e-0a1b2c3d4e5f",
      }),
    ]);
    expect(split.removed).toEqual([
      expect.objectContaining({ artifactId: "67014d8c-71fe-4d00-a01a-31850bc5b32c", echoed: true, reason: "changed" }),
    ]);
    expect(split.failed).toEqual([
      expect.objectContaining({
        operation: "remove",
        artifactId: "00000000-0000-4000-8000-00000000dead",
        contentId: "remove-absent",
      }),
    ]);
  });

  test("a failed addition is recognised by its restore point, or (given the request) by an id that is a requested restore point", () => {
    const failure = {
      failedOperation: "insert",
      responseCode: 400,
      info: { code: "InvalidRestorePoint", message: "no such restore point" },
    } as const;
    const request = deltaBody([addArtifact("rp-a", "new"), addArtifact("rp-b", "new"), removeArtifact("rp-c")]);
    const split = splitDeltaResult(
      {
        "mailboxRestoreArtifacts@delta": [
          { "@Core.DataModificationException": failure, restorePoint: { id: "rp-a" } },
          { "@Core.DataModificationException": failure, id: "rp-b" },
          {
            "@Core.DataModificationException": { ...failure, failedOperation: "remove", responseCode: 409 },
            id: "rp-c",
          },
        ],
      },
      request,
    );
    expect(split.failed.map((f) => [f.operation, f.restorePointId, f.artifactId])).toEqual([
      ["add", "rp-a", undefined],
      ["add", "rp-b", undefined],
      ["remove", undefined, "rp-c"],
    ]);
    expect(split.unanswered).toEqual([]);
    expect(split.removed).toEqual([]);
  });

  test.each([
    ["no delta array", {}, /the answer has no mailboxRestoreArtifacts@delta array \(got nothing\)/, undefined],
    ["a delta that is not an array", { "mailboxRestoreArtifacts@delta": "x" }, /got string/, undefined],
    ["an entry that is not an object", { "mailboxRestoreArtifacts@delta": [5] }, /\[0\] is not an object: 5/, 0],
    [
      "an added entry without a restore point id",
      { "mailboxRestoreArtifacts@delta": [{ id: "a", restorePoint: {} }] },
      /\[0\] is an added artifact whose restorePoint names no id/,
      0,
    ],
    [
      "a failure naming nothing",
      {
        "mailboxRestoreArtifacts@delta": [
          { id: "a", restorePoint: { id: "r" } },
          {
            "@Core.DataModificationException": {
              failedOperation: "remove",
              responseCode: 409,
              info: { code: "c", message: "m" },
            },
          },
        ],
      },
      /\[1\] is a failure that names neither/,
      1,
    ],
    [
      "an @removed entry without id",
      { "mailboxRestoreArtifacts@delta": [{ "@removed": {} }] },
      /\[0\] is an @removed entry without an artifact id/,
      0,
    ],
  ])("an answer with %s throws a DeltaResultError", (_, answer, message, index) => {
    const error = caught(() => splitDeltaResult(answer as unknown as DeltaResponse));
    expect(error).toBeInstanceOf(DeltaResultError);
    expect(error.message).toMatch(message);
    expect(error.index).toBe(index);
  });
});
