// A wrong delta body is a compile error, through the builders and through client.PATCH; the seed bodies compile.
import type { ClientSecretCredential } from "@azure/identity";
import { describe, expectTypeOf, test } from "vitest";
import {
  addArtifact,
  createRestoreClient,
  deltaBody,
  removeArtifact,
  type AdditionItem,
  type DeltaItem,
  type DeltaRequest,
  type RemovalItem,
  type RestorePointReference,
  type TokenSource,
} from "../../src/index.ts";

const PATH = "/solutions/backupRestore/exchangeRestoreSessions/{exchangeRestoreSessionId}";
const params = { path: { exchangeRestoreSessionId: "2b814d8c-71fd-4d00-a01a-31850bc5b32c" } };
const client = createRestoreClient({ baseUrl: "https://graph.microsoft.com/v1.0", token: "t" });

describe("the documented seed bodies compile", () => {
  test("English seed: restorePoint as {id}", () => {
    const seedEn: DeltaRequest = {
      "mailboxRestoreArtifacts@delta": [
        { restorePoint: { id: "1b014d8c-71fe-4d00-a01a-31850bc5b32c" }, destinationType: "inPlace" },
        { restorePoint: { id: "2b014d8c-71fe-4d00-a01a-31850bc5b32c" }, destinationType: "inPlace" },
        { "@removed": { reason: "changed" }, id: "99954f18-c8ec-4b62-85bf-cdf3b70b140e" },
      ],
    };
    void client.PATCH(PATH, { params, body: seedEn });
    expectTypeOf(seedEn).toExtend<DeltaRequest>();
  });

  test("Chinese seed: restorePoint as {@odata.id}", () => {
    const seedZh = {
      "mailboxRestoreArtifacts@delta": [
        { restorePoint: { "@odata.id": "1b014d8c-71fe-4d00-a01a-31850bc5b32c" }, destinationType: "inPlace" },
        { "@removed": { reason: "changed" }, id: "3667e382-71a9-4c07-bef7-bda97e09c0d2" },
      ],
    } satisfies DeltaRequest;
    void client.PATCH(PATH, { params, body: seedZh });
    expectTypeOf(seedZh).toExtend<DeltaRequest>();
  });

  test("the builders produce the item types and the body type", () => {
    expectTypeOf(addArtifact("rp", "inPlace")).toEqualTypeOf<AdditionItem>();
    expectTypeOf(addArtifact("rp", "new", { form: "odata.id", contentId: "c1" })).toEqualTypeOf<AdditionItem>();
    expectTypeOf(removeArtifact("artifact")).toEqualTypeOf<RemovalItem>();
    expectTypeOf(removeArtifact("artifact", "deleted", { contentId: "c2" })).toEqualTypeOf<RemovalItem>();
    expectTypeOf(deltaBody([addArtifact("rp", "new"), removeArtifact("a")])).toEqualTypeOf<DeltaRequest>();
    expectTypeOf(deltaBody).parameter(0).toEqualTypeOf<readonly DeltaItem[]>();
  });
});

describe("wrong bodies do not compile", () => {
  test("an item with both addition and removal keys", () => {
    // @ts-expect-error an item is an addition or a removal, never both
    deltaBody([{ restorePoint: { id: "rp" }, destinationType: "new", "@removed": { reason: "changed" }, id: "a" }]);
    void client.PATCH(PATH, {
      params,
      body: {
        "mailboxRestoreArtifacts@delta": [
          // @ts-expect-error the same through the client
          { restorePoint: { id: "rp" }, destinationType: "new", "@removed": { reason: "changed" }, id: "a" },
        ],
      },
    });
    expectTypeOf<{
      restorePoint: { id: string };
      destinationType: "new";
      "@removed": { reason: "changed" };
      id: string;
    }>().not.toExtend<DeltaItem>();
    // @ts-expect-error an addition may not carry an artifact id
    const withId: AdditionItem = { restorePoint: { id: "rp" }, destinationType: "new", id: "a" };
    void withId;
  });

  test("an addition without destinationType", () => {
    expectTypeOf<{ restorePoint: { id: string } }>().not.toExtend<DeltaItem>();
    // @ts-expect-error destinationType is required
    addArtifact("rp");
    // @ts-expect-error destinationType is required in a literal item
    deltaBody([{ restorePoint: { id: "rp" } }]);
    void client.PATCH(PATH, {
      params,
      // @ts-expect-error the same through the client
      body: { "mailboxRestoreArtifacts@delta": [{ restorePoint: { id: "rp" } }] },
    });
  });

  test("the evolvable-enum sentinel as a requested destination", () => {
    expectTypeOf<{ restorePoint: { id: string }; destinationType: "unknownFutureValue" }>().not.toExtend<DeltaItem>();
    expectTypeOf<{ restorePoint: { id: string }; destinationType: "inPlace" }>().toExtend<DeltaItem>();
    // @ts-expect-error a request may not ask for unknownFutureValue (Graph's evolvable-enum guidelines: 400)
    addArtifact("rp", "unknownFutureValue");
    // @ts-expect-error the same in a literal item
    deltaBody([{ restorePoint: { id: "rp" }, destinationType: "unknownFutureValue" }]);
    void client.PATCH(PATH, {
      params,
      body: {
        // @ts-expect-error the same through the client
        "mailboxRestoreArtifacts@delta": [{ restorePoint: { id: "rp" }, destinationType: "unknownFutureValue" }],
      },
    });
  });

  test("an unknown enum value", () => {
    expectTypeOf<{ restorePoint: { id: string }; destinationType: "elsewhere" }>().not.toExtend<DeltaItem>();
    // @ts-expect-error "elsewhere" is not a destinationType
    addArtifact("rp", "elsewhere");
    // @ts-expect-error "gone" is not a removal reason
    removeArtifact("a", "gone");
    // @ts-expect-error "id" | "odata.id" only
    addArtifact("rp", "new", { form: "iri" });
    void client.PATCH(PATH, {
      params,
      // @ts-expect-error the same through the client
      body: { "mailboxRestoreArtifacts@delta": [{ restorePoint: { id: "rp" }, destinationType: "elsewhere" }] },
    });
    void client.PATCH(PATH, {
      params,
      // @ts-expect-error an unknown removal reason through the client
      body: { "mailboxRestoreArtifacts@delta": [{ "@removed": { reason: "gone" }, id: "a" }] },
    });
  });

  test("restorePoint as a bare string", () => {
    expectTypeOf<{ restorePoint: string; destinationType: "new" }>().not.toExtend<DeltaItem>();
    // @ts-expect-error restorePoint is {id} or {@odata.id}, not a string
    deltaBody([{ restorePoint: "rp", destinationType: "new" }]);
    void client.PATCH(PATH, {
      params,
      // @ts-expect-error the same through the client
      body: { "mailboxRestoreArtifacts@delta": [{ restorePoint: "rp", destinationType: "new" }] },
    });
  });

  test("an empty delta", () => {
    expectTypeOf<{ "mailboxRestoreArtifacts@delta": [] }>().not.toExtend<DeltaRequest>();
    // @ts-expect-error at least one item (the service answers 400 InvalidArtifactRequest)
    const empty: DeltaRequest = { "mailboxRestoreArtifacts@delta": [] };
    void empty;
    // @ts-expect-error the same through the client
    void client.PATCH(PATH, { params, body: { "mailboxRestoreArtifacts@delta": [] } });
    // A plain array may be empty: it becomes a body through deltaBody, which checks its length at run time.
    const items: DeltaItem[] = [addArtifact("rp", "new")];
    expectTypeOf<{ "mailboxRestoreArtifacts@delta": DeltaItem[] }>().not.toExtend<DeltaRequest>();
    void client.PATCH(PATH, { params, body: deltaBody(items) });
  });

  test("a restore point given in both forms", () => {
    expectTypeOf<{ id: string; "@odata.id": string }>().not.toExtend<RestorePointReference>();
    expectTypeOf<{
      restorePoint: { id: string; "@odata.id": string };
      destinationType: "new";
    }>().not.toExtend<DeltaItem>();
    // @ts-expect-error {"id"} or {"@odata.id"}, never both (the service answers 400)
    const both: AdditionItem = { restorePoint: { id: "rp", "@odata.id": "rp" }, destinationType: "new" };
    void both;
    // @ts-expect-error the same in a literal item
    deltaBody([{ restorePoint: { id: "rp", "@odata.id": "rp" }, destinationType: "new" }]);
    void client.PATCH(PATH, {
      params,
      body: {
        // @ts-expect-error the same through the client
        "mailboxRestoreArtifacts@delta": [{ restorePoint: { id: "rp", "@odata.id": "rp" }, destinationType: "new" }],
      },
    });
    void client.POST("/solutions/backupRestore/exchangeRestoreSessions", {
      // @ts-expect-error and in the artifacts of a new session
      body: { mailboxRestoreArtifacts: [{ restorePoint: { id: "rp", "@odata.id": "rp" }, destinationType: "new" }] },
    });
    void client.POST("/solutions/backupRestore/exchangeRestoreSessions", {
      body: { mailboxRestoreArtifacts: [addArtifact("rp", "new", { form: "odata.id" })] },
    });
  });

  test("a body without the delta key", () => {
    expectTypeOf<{ "@odata.type": "#microsoft.graph.exchangeRestoreSession" }>().not.toExtend<DeltaRequest>();
    // @ts-expect-error mailboxRestoreArtifacts@delta is required
    const empty: DeltaRequest = {};
    void empty;
    // @ts-expect-error the same through the client
    void client.PATCH(PATH, { params, body: {} });
    void client.PATCH(PATH, {
      params,
      // @ts-expect-error a misspelt delta key (the Python SDK snippet's snake_case)
      body: { "mailbox_restore_artifacts@delta": [addArtifact("rp", "new")] },
    });
    // @ts-expect-error the session id is required
    void client.PATCH(PATH, { body: deltaBody([addArtifact("rp", "new")]) });
  });
});

describe("token sources", () => {
  test("an @azure/identity credential, a string and sync or async functions are accepted", () => {
    expectTypeOf<ClientSecretCredential>().toExtend<TokenSource>();
    expectTypeOf<string>().toExtend<TokenSource>();
    expectTypeOf<() => string>().toExtend<TokenSource>();
    expectTypeOf<() => Promise<string>>().toExtend<TokenSource>();
    expectTypeOf<number>().not.toExtend<TokenSource>();
    expectTypeOf<() => Promise<number>>().not.toExtend<TokenSource>();
  });
});
