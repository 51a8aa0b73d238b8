// The documented seed scenario end to end, in both published forms of the request (English page {"id"},
// Chinese page {"@odata.id"}): create, PATCH with the seed body, read back, delete, and 404 afterwards.
import { describe, expect, it } from "vitest";
import { restorePointIdOf } from "../../src/contract/restore-point.ts";
import { RFC3339_UTC_MS, SESSIONS_PATH, createSession, example, readAllArtifacts, useHarness } from "./harness.ts";

const harness = useHarness();

const ABSENT_REMOVAL = {
  failedOperation: "remove",
  responseCode: 409,
  info: { code: "Invalid", message: "The identifier to be removed from the Restore Session does not exist" },
};

describe.each([
  ['English seed ({"id"})', "UpdateRequestSeedEn", "id"],
  ['Chinese seed ({"@odata.id"})', "UpdateRequestSeedZh", "@odata.id"],
])("%s", (_, exampleName, referenceKey) => {
  it("creates, patches, reads back, deletes, and then answers 404", async () => {
    const seed = example(exampleName);
    const sessionId = await createSession(harness);

    const { data, response } = await harness.api.PATCH(`${SESSIONS_PATH}/{exchangeRestoreSessionId}`, {
      params: { path: { exchangeRestoreSessionId: sessionId } },
      body: seed,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(
      "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8",
    );
    const entries = data!["mailboxRestoreArtifacts@delta"];
    const added = entries.filter((entry) => "status" in entry && entry.status === "added") as any[];
    const failed = entries.filter((entry) => "@Core.DataModificationException" in entry) as any[];
    expect(entries).toHaveLength(7);

    // Four additions, each answered with a new opaque id and the reference in the form it was sent.
    const sentAdditions = seed["mailboxRestoreArtifacts@delta"].filter((item: any) => "restorePoint" in item);
    expect(added.map((entry) => restorePointIdOf(entry.restorePoint)).sort()).toEqual(
      sentAdditions.map((item: any) => restorePointIdOf(item.restorePoint)).sort(),
    );
    for (const entry of added) {
      expect(Object.keys(entry.restorePoint)).toEqual([referenceKey]);
      expect(entry.destinationType).toBe("inPlace");
      expect(entry.createdDateTime).toMatch(RFC3339_UTC_MS);
      expect(typeof entry.id).toBe("string");
    }
    expect(new Set(added.map((entry) => entry.id)).size).toBe(4);

    // None of the three removed ids is in a fresh session: three per-item 409 failures, the rest applied.
    expect(failed.map((entry) => entry.id).sort()).toEqual([
      "3667e382-71a9-4c07-bef7-bda97e09c0d2",
      "4267e382-71a9-4c07-bef7-bda97e09c0d2",
      "99954f18-c8ec-4b62-85bf-cdf3b70b140e",
    ]);
    for (const entry of failed) expect(entry["@Core.DataModificationException"]).toEqual(ABSENT_REMOVAL);

    // Read back: exactly the four added artifacts.
    const readBack = await readAllArtifacts(harness, sessionId);
    expect(readBack.artifacts.map((artifact) => artifact.id).sort()).toEqual(added.map((entry) => entry.id).sort());
    expect(
      readBack.artifacts.every((artifact) => artifact.status === "added" && artifact.destinationType === "inPlace"),
    ).toBe(true);
    const session = await harness.api.GET(`${SESSIONS_PATH}/{exchangeRestoreSessionId}`, {
      params: { path: { exchangeRestoreSessionId: sessionId } },
    });
    expect(session.data?.status).toBe("draft");
    expect(session.data?.restoreSessionArtifactCount?.total).toBe(4);

    // Delete, then every operation on it is 404 RestoreSessionNotFound.
    const deleted = await harness.api.DELETE(`${SESSIONS_PATH}/{exchangeRestoreSessionId}`, {
      params: { path: { exchangeRestoreSessionId: sessionId } },
    });
    expect(deleted.response.status).toBe(204);
    const afterDelete = await Promise.all([
      harness.raw("GET", `${SESSIONS_PATH}/${sessionId}`),
      harness.raw("PATCH", `${SESSIONS_PATH}/${sessionId}`, {
        headers: { "content-type": "application/json" },
        body: JSON.stringify(seed),
      }),
      harness.raw("DELETE", `${SESSIONS_PATH}/${sessionId}`),
      harness.raw("GET", `${SESSIONS_PATH}/${sessionId}/mailboxRestoreArtifacts`),
      harness.raw("POST", `/solutions/backupRestore/restoreSessions/${sessionId}/activate`),
    ]);
    for (const answer of afterDelete) {
      expect(answer.status).toBe(404);
      expect(answer.json.error.code).toBe("RestoreSessionNotFound");
    }
  });

  it("removes artifacts the session holds and reports only the absent one", async () => {
    const sessionId = await createSession(harness);
    const first = await harness.api.PATCH(`${SESSIONS_PATH}/{exchangeRestoreSessionId}`, {
      params: { path: { exchangeRestoreSessionId: sessionId } },
      body: example(exampleName),
    });
    const held = first
      .data!["mailboxRestoreArtifacts@delta"].filter((entry) => "status" in entry)
      .map((entry) => entry.id as string);
    const second = await harness.api.PATCH(`${SESSIONS_PATH}/{exchangeRestoreSessionId}`, {
      params: { path: { exchangeRestoreSessionId: sessionId } },
      body: {
        "mailboxRestoreArtifacts@delta": [
          { "@removed": { reason: "changed" }, id: held[0]! },
          { "@removed": { reason: "deleted" }, id: held[1]!, "@Core.ContentID": "second" },
          { "@removed": { reason: "changed" }, id: "not-in-this-session", "@Core.ContentID": "absent" },
        ],
      },
    });
    expect(second.response.status).toBe(200);
    // Successful removals are not echoed (as on the seed page); the failure carries the content id it was sent with.
    expect(second.data!["mailboxRestoreArtifacts@delta"]).toEqual([
      { "@Core.ContentID": "absent", id: "not-in-this-session", "@Core.DataModificationException": ABSENT_REMOVAL },
    ]);
    const readBack = await readAllArtifacts(harness, sessionId);
    expect(readBack.artifacts.map((artifact) => artifact.id).sort()).toEqual(held.slice(2).sort());
  });
});
