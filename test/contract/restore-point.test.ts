// restorePointIdOf: the id every documented restore-point reference form names.
import { describe, expect, it } from "vitest";
import { restorePointIdOf, type RestorePointRef } from "../../src/contract/restore-point.ts";

const ID = "ffd2687a-f507-4a82-9dff-2fa78cfdaa41_1801645000_12_2";

describe("restorePointIdOf", () => {
  it.each<[string, RestorePointRef, string]>([
    ["{id} (English seed)", { id: ID }, ID],
    ["{@odata.id} with the bare id (Chinese seed)", { "@odata.id": ID }, ID],
    [
      "an IRI ending in restorePoints/X",
      { "@odata.id": `https://graph.microsoft.com/v1.0/solutions/backupRestore/restorePoints/${ID}` },
      ID,
    ],
    ["a relative restorePoints/X", { "@odata.id": `restorePoints/${ID}` }, ID],
    [
      "an IRI ending in restorePoints('X')",
      { "@odata.id": `https://graph.microsoft.com/v1.0/solutions/backupRestore/restorePoints('${ID}')` },
      ID,
    ],
    ["a relative restorePoints('X')", { "@odata.id": `restorePoints('${ID}')` }, ID],
    ["a trailing slash after restorePoints/X", { "@odata.id": `restorePoints/${ID}/` }, ID],
    ["a percent-encoded key", { "@odata.id": "restorePoints('a%20b')" }, "a b"],
    ["a key with a doubled quote", { "@odata.id": "restorePoints('it''s_1801645000_12_2')" }, "it's_1801645000_12_2"],
    ["id preferred over @odata.id", { id: "from-id", "@odata.id": "restorePoints/from-odata-id" }, "from-id"],
    ["an empty id falls back to @odata.id", { id: "", "@odata.id": `restorePoints/${ID}` }, ID],
    ["a null id falls back to @odata.id", { id: null, "@odata.id": ID }, ID],
    [
      "an expanded restore point (extra properties)",
      { id: ID, protectionDateTime: "2024-09-09T23:00:00Z" } as RestorePointRef,
      ID,
    ],
  ])("%s", (_form, ref, expected) => {
    expect(restorePointIdOf(ref)).toBe(expected);
  });

  it.each<[string, RestorePointRef | null | undefined]>([
    ["null", null],
    ["undefined", undefined],
    ["an empty object", {}],
    ["an empty @odata.id", { "@odata.id": "" }],
    ["null id and @odata.id", { id: null, "@odata.id": null }],
  ])("names no id for %s", (_form, ref) => {
    expect(restorePointIdOf(ref)).toBeUndefined();
  });
});
