// The behavior knobs and hooks that variants of the server are built from: conforming variants still conform,
// and a deliberate deviation made through a hook is caught by the same checks the other tests rely on.
import { describe, expect, it } from "vitest";
import { DEFAULT_BEHAVIOR, resolveBehavior } from "../../conformance/reference/behavior.ts";
import { DOCUMENTED_RESTORE_POINTS } from "../../conformance/reference/restore-points.ts";
import {
  SESSIONS_PATH,
  addItem,
  createSession,
  example,
  patch,
  readAllArtifacts,
  removeItem,
  startHarness,
  type Harness,
} from "./harness.ts";

const [RP1, RP2, RP3] = DOCUMENTED_RESTORE_POINTS as [string, string, string];

async function withHarness(
  options: Parameters<typeof startHarness>[0],
  run: (harness: Harness) => Promise<void>,
): Promise<void> {
  const harness = await startHarness(options);
  try {
    await run(harness);
  } finally {
    await harness.close();
  }
}

describe("conforming variants", () => {
  it("echoRemovals: successful removals come back as @removed entries with their content id", () =>
    withHarness({ behavior: { echoRemovals: true } }, async (harness) => {
      const id = await createSession(harness);
      const added = await patch(harness, id, [addItem(RP1)]);
      const artifactId = added.json["mailboxRestoreArtifacts@delta"][0].id;
      const removed = await patch(harness, id, [{ ...removeItem(artifactId, "deleted"), "@Core.ContentID": "r1" }]);
      expect(removed.json["mailboxRestoreArtifacts@delta"]).toEqual([
        { "@Core.ContentID": "r1", "@removed": { reason: "deleted" }, id: artifactId },
      ]);
      expect(harness.problems).toEqual([]);
    }));

  it('contentIdAnnotation "@contentId" (the seed page\'s spelling)', () =>
    withHarness({ behavior: { contentIdAnnotation: "@contentId" } }, async (harness) => {
      const id = await createSession(harness);
      const answer = await patch(harness, id, [
        { ...addItem(RP1), "@Core.ContentID": "a1" },
        { ...removeItem("absent"), "@Core.ContentID": "r1" },
      ]);
      const [added, failed] = answer.json["mailboxRestoreArtifacts@delta"];
      expect(added["@contentId"]).toBe("a1");
      expect(failed["@contentId"]).toBe("r1");
      expect(added["@Core.ContentID"]).toBeUndefined();
      expect(harness.problems).toEqual([]);
    }));

  it('duplicateRestorePoint "fail-item": a re-added restore point fails alone, the rest is applied', () =>
    withHarness({ behavior: { duplicateRestorePoint: "fail-item" } }, async (harness) => {
      const id = await createSession(harness);
      const first = await patch(harness, id, [addItem(RP1)]);
      const heldBy = first.json["mailboxRestoreArtifacts@delta"][0].id;
      const answer = await patch(harness, id, [
        { restorePoint: { "@odata.id": RP1 }, destinationType: "new", "@Core.ContentID": "dup" },
        addItem(RP2),
      ]);
      expect(answer.status).toBe(200);
      const [refused, added] = answer.json["mailboxRestoreArtifacts@delta"];
      expect(refused).toEqual({
        "@Core.ContentID": "dup",
        restorePoint: { "@odata.id": RP1 },
        "@Core.DataModificationException": {
          failedOperation: "insert",
          responseCode: 409,
          info: {
            code: "DuplicateArtifact",
            message: `The restore point is already in the Restore Session (artifact ${heldBy}).`,
          },
        },
      });
      expect(added.status).toBe("added");
      expect((await readAllArtifacts(harness, id)).artifacts.map((artifact) => artifact.restorePoint.id)).toEqual([
        RP1,
        RP2,
      ]);
      expect(harness.problems).toEqual([]);
    }));

  it("transformResponse: entries in another order and extra annotations still conform", () =>
    withHarness(
      {
        behavior: {
          transformResponse: (ctx, response) => {
            if (ctx.operationId !== "updateExchangeRestoreSession" || response.status !== 200) return response;
            const body = response.body as Record<string, any>;
            const entries = [...body["mailboxRestoreArtifacts@delta"]]
              .reverse()
              .map((entry) => ({ ...entry, "@odata.etag": 'W/"1"' }));
            return {
              ...response,
              body: { ...body, "mailboxRestoreArtifacts@delta": entries, "@vendor.note": "reordered" },
            };
          },
        },
      },
      async (harness) => {
        const id = await createSession(harness);
        const answer = await harness.api.PATCH(`${SESSIONS_PATH}/{exchangeRestoreSessionId}`, {
          params: { path: { exchangeRestoreSessionId: id } },
          body: example("UpdateRequestSeedEn"),
        });
        expect(answer.response.status).toBe(200);
        const entries = answer.data!["mailboxRestoreArtifacts@delta"];
        expect("@Core.DataModificationException" in entries[0]!).toBe(true);
        expect(harness.problems).toEqual([]);
      },
    ));

  it("activation timeline: activating → active → completed on a pinned clock, and completed sessions free a slot", async () => {
    let now = new Date("2026-01-01T00:00:00.000Z");
    await withHarness(
      { behavior: { clock: () => now, activeAfterMs: 1000, completedAfterMs: 5000, maxActiveSessions: 1 } },
      async (harness) => {
        const first = await createSession(harness);
        await patch(harness, first, [addItem(RP1)]);
        const second = await createSession(harness);
        const activate = (id: string) => harness.raw("POST", `/solutions/backupRestore/restoreSessions/${id}/activate`);
        expect((await activate(first)).json.status).toBe("activating");
        expect((await activate(second)).status).toBe(500);
        now = new Date("2026-01-01T00:00:01.000Z");
        const active = await harness.raw("GET", `${SESSIONS_PATH}/${first}`);
        expect(active.json.status).toBe("active");
        expect(active.json.restoreSessionArtifactCount.inProgress).toBe(1);
        expect((await readAllArtifacts(harness, first)).artifacts[0].status).toBe("inProgress");
        now = new Date("2026-01-01T00:00:05.000Z");
        const completed = await harness.raw("GET", `${SESSIONS_PATH}/${first}`);
        expect(completed.json.status).toBe("completed");
        expect(completed.json.completedDateTime).toBe("2026-01-01T00:00:05.000Z");
        const [artifact] = (await readAllArtifacts(harness, first)).artifacts;
        expect(artifact).toMatchObject({
          status: "succeeded",
          startDateTime: "2026-01-01T00:00:01.000Z",
          completionDateTime: "2026-01-01T00:00:05.000Z",
        });
        expect((await activate(second)).status).toBe(200);
        expect((await patch(harness, first, [addItem(RP2)])).status).toBe(403);
        expect(harness.problems).toEqual([]);
      },
    );
  });

  it("requireAuth false accepts requests without a token", () =>
    withHarness({ behavior: { requireAuth: false } }, async (harness) => {
      expect((await harness.raw("GET", SESSIONS_PATH, { auth: false })).status).toBe(200);
      expect(harness.problems).toEqual([]);
    }));

  it("a custom restore-point list replaces the defaults", () =>
    withHarness({ restorePoints: ["rp-a", "rp-b"] }, async (harness) => {
      const id = await createSession(harness);
      expect((await patch(harness, id, [addItem("rp-a")])).status).toBe(200);
      expect((await patch(harness, id, [addItem(RP3)])).json.error.code).toBe("InvalidRestorePoint");
      expect(harness.problems).toEqual([]);
    }));
});

describe("hooks for variants that deviate (the checks catch them)", () => {
  it("transformResponse can send a string responseCode; the contract check reports it", () =>
    withHarness(
      {
        behavior: {
          transformResponse: (ctx, response) => {
            if (ctx.operationId !== "updateExchangeRestoreSession" || response.status !== 200) return response;
            const text = JSON.stringify(response.body).replaceAll('"responseCode":409', '"responseCode":"409"');
            return { ...response, body: JSON.parse(text) };
          },
        },
      },
      async (harness) => {
        const id = await createSession(harness);
        await patch(harness, id, [removeItem("absent")]);
        expect(harness.problems.join("\n")).toMatch(
          /updateExchangeRestoreSession 200: .*responseCode: must be integer/,
        );
      },
    ));

  it("transformResponse can answer plain text; the contract check reports it", () =>
    withHarness(
      {
        behavior: {
          transformResponse: (_, response) =>
            response.status >= 400
              ? { ...response, headers: { ...response.headers, "content-type": "text/plain" }, rawBody: "nope" }
              : response,
        },
      },
      async (harness) => {
        await harness.raw("GET", `${SESSIONS_PATH}/missing`);
        expect(harness.problems.join("\n")).toMatch(/content-type text\/plain[\s\S]*body is not JSON/);
      },
    ));

  it("a handler override wrapping next() on a cloned store answers without persisting", () =>
    withHarness(
      {
        behavior: {
          handlers: { updateExchangeRestoreSession: (ctx, next) => next({ ...ctx, store: ctx.store.clone() }) },
        },
      },
      async (harness) => {
        const id = await createSession(harness);
        const answer = await patch(harness, id, [addItem(RP1)]);
        expect(answer.status).toBe(200);
        expect(answer.json["mailboxRestoreArtifacts@delta"][0].status).toBe("added");
        expect((await readAllArtifacts(harness, id)).artifacts).toEqual([]);
      },
    ));

  it("a handler that throws becomes a 500 envelope, and the server goes on", () =>
    withHarness(
      {
        behavior: {
          handlers: {
            getExchangeRestoreSession: () => {
              throw new Error("boom");
            },
          },
        },
      },
      async (harness) => {
        const answer = await harness.raw("GET", `${SESSIONS_PATH}/x`);
        expect(answer.status).toBe(500);
        expect(answer.json.error.code).toBe("InternalServerError");
        expect((await harness.raw("GET", SESSIONS_PATH)).status).toBe(200);
      },
    ));

  it("limits are knobs (an off-by-one variant accepts 51 items)", () =>
    withHarness({ behavior: { maxDeltaItems: 51 } }, async (harness) => {
      const id = await createSession(harness);
      const restorePoints = harness.server.restorePoints.slice(0, 51);
      expect(
        (
          await patch(
            harness,
            id,
            restorePoints.map((rp) => addItem(rp)),
          )
        ).status,
      ).toBe(200);
    }));
});

describe("resolveBehavior", () => {
  it("defaults are the contract's numbers", () => {
    expect(DEFAULT_BEHAVIOR).toMatchObject({
      maxDeltaItems: 50,
      maxCreateItems: 50,
      maxActiveSessions: 25,
      pageSize: 20,
      maxBodyBytes: 1048576,
      requireAuth: true,
    });
  });

  it.each([
    [{ pageSize: 0 }, /pageSize must be a positive integer/],
    [{ pageSize: 1000 }, /at most 999/],
    [{ maxBodyBytes: 1.5 }, /maxBodyBytes must be a positive integer/],
    [{ activeAfterMs: -1 }, /activeAfterMs must be null or a non-negative/],
  ])("rejects %o", (overrides, message) => {
    expect(() => resolveBehavior(overrides)).toThrow(message);
  });
});
