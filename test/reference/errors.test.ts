// Every documented error is reachable, with its documented status, code and message, in the Graph envelope; and a
// request rejected as a whole changes nothing (read back).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DOCUMENTED_RESTORE_POINTS, defaultRestorePoints } from "../../conformance/reference/restore-points.ts";
import {
  SESSIONS_PATH,
  addItem,
  createSession,
  example,
  patch,
  readAllArtifacts,
  removeItem,
  startHarness,
  useHarness,
  withHarness,
  type Harness,
  type RawAnswer,
} from "./harness.ts";

const harness = useHarness();

const [RP1, RP2, RP3, RP4] = DOCUMENTED_RESTORE_POINTS as [string, string, string, string];
const MANY = defaultRestorePoints();
const JSON_HEADERS = { "content-type": "application/json" };

/** Asserts the documented error: status, code, the example's message (plus detail), and the envelope's ids. */
function expectError(answer: RawAnswer, status: number, exampleName: string, detail?: RegExp) {
  const documented = example(exampleName).error;
  expect(answer.status, answer.text).toBe(status);
  expect(answer.json.error.code).toBe(documented.code);
  expect(answer.json.error.message.startsWith(documented.message)).toBe(true);
  if (detail) expect(answer.json.error.message).toMatch(detail);
  expect(answer.json.error.innerError["request-id"]).toBe(answer.headers.get("request-id"));
  expect(answer.json.error.innerError.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
}

async function sessionWith(restorePoints: string[]): Promise<{ id: string; artifactIds: string[] }> {
  const id = await createSession(harness);
  const answer = await patch(
    harness,
    id,
    restorePoints.map((rp) => addItem(rp)),
  );
  expect(answer.status).toBe(200);
  return { id, artifactIds: answer.json["mailboxRestoreArtifacts@delta"].map((entry: any) => entry.id) };
}

async function artifactIds(sessionId: string): Promise<string[]> {
  return (await readAllArtifacts(harness, sessionId)).artifacts.map((artifact) => artifact.id);
}

describe("401 InvalidAuthenticationToken", () => {
  it.each([
    ["no Authorization header", undefined],
    ["an empty bearer token", "Bearer "],
    ["another scheme", "Basic dXNlcjpwYXNz"],
  ])("%s", async (_, authorization) => {
    const answer = await harness.raw("GET", SESSIONS_PATH, {
      auth: false,
      headers: authorization ? { authorization } : {},
    });
    expectError(answer, 401, "ErrorInvalidAuthenticationToken");
    expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });
});

describe("404 RestoreSessionNotFound", () => {
  it.each([
    ["GET", `${SESSIONS_PATH}/no-such-session`],
    ["PATCH", `${SESSIONS_PATH}/no-such-session`],
    ["DELETE", `${SESSIONS_PATH}/no-such-session`],
    ["GET", `${SESSIONS_PATH}/no-such-session/mailboxRestoreArtifacts`],
    ["POST", "/solutions/backupRestore/restoreSessions/no-such-session/activate"],
  ])("%s %s", async (method, path) => {
    const body = method === "PATCH" ? JSON.stringify({ "mailboxRestoreArtifacts@delta": [addItem(RP1)] }) : undefined;
    const answer = await harness.raw(method, path, { headers: JSON_HEADERS, ...(body ? { body } : {}) });
    expectError(answer, 404, "ErrorRestoreSessionNotFound", /"no-such-session"/);
  });
});

describe("400 InvalidRestoreSessionId", () => {
  it.each([
    ["a blank id", `${SESSIONS_PATH}/%20%20`],
    ["an empty id (trailing slash)", `${SESSIONS_PATH}/`],
    ["control characters", `${SESSIONS_PATH}/ab%01cd`],
    ["an id over 256 characters", `${SESSIONS_PATH}/${"x".repeat(300)}`],
    ["broken percent-encoding", `${SESSIONS_PATH}/%E0%A4%A`],
  ])("%s", async (_, path) => {
    expectError(await harness.raw("GET", path), 400, "ErrorInvalidRestoreSessionId");
  });

  it("on activate too", async () => {
    expectError(
      await harness.raw("POST", "/solutions/backupRestore/restoreSessions/%20/activate"),
      400,
      "ErrorInvalidRestoreSessionId",
    );
  });
});

describe("PATCH whole-request errors", () => {
  it.each([
    [
      "a missing delta",
      { mailboxRestoreArtifacts: [addItem(RP1)] },
      /no "mailboxRestoreArtifacts@delta" \(it has "mailboxRestoreArtifacts"\)/,
    ],
    ["a null delta", { "mailboxRestoreArtifacts@delta": null }, /is null/],
    ["an empty delta", { "mailboxRestoreArtifacts@delta": [] }, /empty array/],
  ])("400 InvalidArtifactRequest for %s", async (_, body, detail) => {
    const { id } = await sessionWith([RP1]);
    const answer = await harness.raw("PATCH", `${SESSIONS_PATH}/${id}`, {
      headers: JSON_HEADERS,
      body: JSON.stringify(body),
    });
    expectError(answer, 400, "ErrorInvalidArtifactRequest", detail);
  });

  it("400 RestoreArtifactsLimitBreached for 51 items, while 50 are accepted", async () => {
    const id = await createSession(harness);
    const tooMany = await patch(
      harness,
      id,
      MANY.slice(0, 51).map((rp) => addItem(rp)),
    );
    expectError(tooMany, 400, "ErrorRestoreArtifactsLimitBreachedPatch", /51 items; at most 50/);
    expect(await artifactIds(id)).toEqual([]);
    const fifty = await patch(
      harness,
      id,
      MANY.slice(0, 50).map((rp) => addItem(rp)),
    );
    expect(fifty.status).toBe(200);
    expect(await artifactIds(id)).toHaveLength(50);
  });

  it.each([
    [
      "an unknown destinationType",
      [{ restorePoint: { id: RP1 }, destinationType: "elsewhere" }],
      /\/mailboxRestoreArtifacts@delta\/0\/destinationType: must be one of "new", "inPlace", "unknownFutureValue"/,
    ],
    [
      "an item that both adds and removes",
      [{ ...addItem(RP1), "@removed": { reason: "changed" } }],
      /\/mailboxRestoreArtifacts@delta\/0\/@removed: must not be present/,
    ],
    [
      "an unknown removal reason",
      [addItem(RP1), { "@removed": { reason: "gone" }, id: "x" }],
      /\/mailboxRestoreArtifacts@delta\/1\/@removed\/reason/,
    ],
    [
      "a restore point with both id forms",
      [{ restorePoint: { id: RP1, "@odata.id": RP1 }, destinationType: "new" }],
      /\/mailboxRestoreArtifacts@delta\/0\/restorePoint/,
    ],
    ["an unknown top-level property", { extra: true }, /\(root\): has unknown property "extra"/],
  ])("400 InvalidPatchRequest for %s, naming where", async (_, itemsOrExtra, detail) => {
    const { id } = await sessionWith([RP2]);
    const body = Array.isArray(itemsOrExtra)
      ? { "mailboxRestoreArtifacts@delta": itemsOrExtra }
      : { "mailboxRestoreArtifacts@delta": [addItem(RP1)], ...itemsOrExtra };
    const answer = await harness.raw("PATCH", `${SESSIONS_PATH}/${id}`, {
      headers: JSON_HEADERS,
      body: JSON.stringify(body),
    });
    expectError(answer, 400, "ErrorInvalidPatchRequest", detail);
  });

  it.each([
    ["the same restore point twice", [addItem(RP1), addItem(RP1)]],
    [
      "one restore point as {id} and as {@odata.id}",
      [addItem(RP1), { restorePoint: { "@odata.id": RP1 }, destinationType: "new" }],
    ],
    [
      "one restore point as an id and as an IRI",
      [
        addItem(RP1),
        {
          restorePoint: {
            "@odata.id": `https://graph.microsoft.com/v1.0/solutions/backupRestore/restorePoints('${RP1}')`,
          },
          destinationType: "new",
        },
      ],
    ],
    ["the same artifact removed twice", [removeItem("a-1"), removeItem("a-1", "deleted")]],
  ])("400 DuplicateArtifactInList for %s", async (_, items) => {
    const id = await createSession(harness);
    expectError(
      await patch(harness, id, items),
      400,
      "ErrorDuplicateArtifactInListPatch",
      /\/mailboxRestoreArtifacts@delta\/0 and again at \/mailboxRestoreArtifacts@delta\/1/,
    );
    expect(await artifactIds(id)).toEqual([]);
  });

  it("400 DuplicateArtifactInList when re-adding a restore point the session holds (whole-request reading)", async () => {
    const { id, artifactIds: before } = await sessionWith([RP1]);
    const answer = await patch(harness, id, [
      addItem(RP2),
      { restorePoint: { "@odata.id": RP1 }, destinationType: "inPlace" },
    ]);
    expectError(answer, 400, "ErrorDuplicateArtifactInListPatch", /already holds restore point/);
    expect(await artifactIds(id)).toEqual(before);
  });

  it("re-adding is fine when the same request removes the artifact that holds it", async () => {
    const {
      id,
      artifactIds: [held],
    } = await sessionWith([RP1]);
    const answer = await patch(harness, id, [removeItem(held!), addItem(RP1, "inPlace")]);
    expect(answer.status).toBe(200);
    const after = await readAllArtifacts(harness, id);
    expect(after.artifacts).toHaveLength(1);
    expect(after.artifacts[0].id).not.toBe(held);
    expect(after.artifacts[0].destinationType).toBe("inPlace");
  });

  it("400 InvalidRestorePoint (not a crash) for an IRI with a malformed percent-escape", async () => {
    const id = await createSession(harness);
    const answer = await patch(harness, id, [
      {
        restorePoint: {
          "@odata.id": "https://graph.microsoft.com/v1.0/solutions/backupRestore/restorePoints/%E0%A4%A",
        },
        destinationType: "new",
      },
    ]);
    expectError(answer, 400, "ErrorInvalidRestorePoint", /"%E0%A4%A"/);
  });

  it("400 InvalidRestorePoint for a restore point the server does not know", async () => {
    const id = await createSession(harness);
    const answer = await patch(harness, id, [addItem(RP1), addItem("no-such-restore-point")]);
    expectError(
      answer,
      400,
      "ErrorInvalidRestorePoint",
      /"no-such-restore-point" at \/mailboxRestoreArtifacts@delta\/1\/restorePoint/,
    );
  });
});

describe("a request rejected as a whole changes nothing", () => {
  it.each([
    ["over the limit", () => [removeItem("$HELD"), ...MANY.slice(10, 60).map((rp) => addItem(rp))]],
    ["a duplicate at the end", () => [removeItem("$HELD"), addItem(RP3), addItem(RP4), addItem(RP3)]],
    ["an unknown restore point at the end", () => [removeItem("$HELD"), addItem(RP3), addItem("unknown-rp")]],
    [
      "a schema violation at the end",
      () => [removeItem("$HELD"), addItem(RP3), { restorePoint: { id: RP4 }, destinationType: "sideways" }],
    ],
    ["a re-added restore point at the end", () => [removeItem("$OTHER"), addItem(RP3), addItem(RP2)]],
  ])("%s: valid removals and additions earlier in the request are not applied", async (_, items) => {
    const { id, artifactIds: before } = await sessionWith([RP1, RP2]);
    const body = items().map((item: any) =>
      item.id === "$HELD" ? { ...item, id: before[0] } : item.id === "$OTHER" ? { ...item, id: before[0] } : item,
    );
    const sessionBefore = (await harness.raw("GET", `${SESSIONS_PATH}/${id}`)).json;
    const answer = await patch(harness, id, body);
    expect(answer.status).toBe(400);
    expect(await artifactIds(id)).toEqual(before);
    const sessionAfter = (await harness.raw("GET", `${SESSIONS_PATH}/${id}`)).json;
    expect(sessionAfter.lastModifiedDateTime).toBe(sessionBefore.lastModifiedDateTime);
  });
});

describe("create errors", () => {
  async function create(body: unknown) {
    return harness.raw("POST", SESSIONS_PATH, { headers: JSON_HEADERS, body: JSON.stringify(body) });
  }
  async function sessionCount() {
    let count = 0;
    let url: string | undefined = SESSIONS_PATH;
    while (url) {
      const page: RawAnswer = await harness.raw("GET", url);
      count += page.json.value.length;
      url = page.json["@odata.nextLink"];
    }
    return count;
  }

  it("413 RestoreArtifactsLimitBreached for 51 artifacts (create answers 413 where PATCH answers 400), 50 accepted", async () => {
    const before = await sessionCount();
    expectError(
      await create({ mailboxRestoreArtifacts: MANY.slice(0, 51).map((rp) => addItem(rp)) }),
      413,
      "ErrorRestoreArtifactsLimitBreachedCreate",
      /51 artifacts/,
    );
    expect(await sessionCount()).toBe(before);
    const fifty = await create({ mailboxRestoreArtifacts: MANY.slice(0, 50).map((rp) => addItem(rp)) });
    expect(fifty.status).toBe(201);
    expect(fifty.json.mailboxRestoreArtifacts).toHaveLength(50);
    expect(fifty.headers.get("location")).toBe(`${harness.server.baseUrl}${SESSIONS_PATH}/${fifty.json.id}`);
    expect((await readAllArtifacts(harness, fifty.json.id)).artifacts).toHaveLength(50);
  });

  it.each([
    [
      "400 InvalidPathType for a missing destinationType",
      { mailboxRestoreArtifacts: [{ restorePoint: { id: RP1 } }] },
      400,
      "ErrorInvalidPathType",
    ],
    [
      "400 InvalidPathType for an unknown destinationType",
      { mailboxRestoreArtifacts: [{ restorePoint: { id: RP1 }, destinationType: "x" }] },
      400,
      "ErrorInvalidPathType",
    ],
    [
      "400 DifferentRestoreDestinationType for new and inPlace mixed",
      { mailboxRestoreArtifacts: [addItem(RP1, "new"), addItem(RP2, "inPlace")] },
      400,
      "ErrorDifferentRestoreDestinationType",
    ],
    [
      "400 DuplicateArtifactInList for one restore point twice",
      { mailboxRestoreArtifacts: [addItem(RP1), { restorePoint: { "@odata.id": RP1 }, destinationType: "new" }] },
      400,
      "ErrorDuplicateArtifactInListCreate",
    ],
    [
      "400 InvalidRestorePoint for an unknown restore point",
      { mailboxRestoreArtifacts: [addItem("nope")] },
      400,
      "ErrorInvalidRestorePoint",
    ],
    [
      "400 InvalidArtifactRequest for a null list",
      { mailboxRestoreArtifacts: null },
      400,
      "ErrorInvalidArtifactRequest",
    ],
    ["400 InvalidPatchRequest for an unknown property", { displayName: "x" }, 400, "ErrorInvalidPatchRequest"],
    ["400 InvalidPatchRequest for a body that is not an object", [1, 2], 400, "ErrorInvalidPatchRequest"],
  ])("%s", async (_, body, status, exampleName) => {
    const before = await sessionCount();
    expectError(await create(body), status, exampleName);
    expect(await sessionCount()).toBe(before);
  });
});

describe("after activation (403 RestoreSessionActionNotAllowed) and the active-session limit", () => {
  let local: Harness;
  beforeAll(async () => {
    // Activated sessions stay activating here (no timeline), so that slow test machines see the same states.
    local = await startHarness({ behavior: { maxActiveSessions: 3, activeAfterMs: null, completedAfterMs: null } });
  });
  afterAll(() => local.close());
  afterEach(() => {
    expect(local.problems).toEqual([]);
  });

  it("activate answers 200 activating; then PATCH, DELETE and activate are 403 with their documented messages", async () => {
    const id = await createSession(local);
    const activated = await local.api.POST("/solutions/backupRestore/restoreSessions/{restoreSessionBaseId}/activate", {
      params: { path: { restoreSessionBaseId: id } },
    });
    expect(activated.response.status).toBe(200);
    expect(activated.data?.status).toBe("activating");
    const patched = await patch(local, id, [addItem(RP1)]);
    expect(patched.status).toBe(403);
    expect(
      patched.json.error.message.startsWith(example("ErrorRestoreSessionActionNotAllowedPatch").error.message),
    ).toBe(true);
    const deleted = await local.raw("DELETE", `${SESSIONS_PATH}/${id}`);
    expect(
      deleted.json.error.message.startsWith(example("ErrorRestoreSessionActionNotAllowedDelete").error.message),
    ).toBe(true);
    const again = await local.raw("POST", `/solutions/backupRestore/restoreSessions/${id}/activate`);
    expect(
      again.json.error.message.startsWith(example("ErrorRestoreSessionActionNotAllowedActivate").error.message),
    ).toBe(true);
    for (const answer of [patched, deleted, again]) {
      expect(answer.status).toBe(403);
      expect(answer.json.error.code).toBe("RestoreSessionActionNotAllowed");
    }
    expect((await local.raw("GET", `${SESSIONS_PATH}/${id}`)).json.status).toBe("activating");
    expect((await readAllArtifacts(local, id)).artifacts).toEqual([]);
  });

  it("500 TooManyActiveRestoreSessions once the limit is reached", async () => {
    // One session is already activating (previous test); the limit here is 3.
    const ids = await Promise.all([createSession(local), createSession(local), createSession(local)]);
    const answers: RawAnswer[] = [];
    for (const id of ids)
      answers.push(await local.raw("POST", `/solutions/backupRestore/restoreSessions/${id}/activate`));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 500]);
    expectError(answers[2]!, 500, "ErrorTooManyActiveRestoreSessions", /3 sessions are already activating or active/);
    expect((await local.raw("GET", `${SESSIONS_PATH}/${ids[2]}`)).json.status).toBe("draft");
  });
});

describe("the contract's default of 25 active sessions", () => {
  it("accepts 25 activations and refuses the 26th until the first ones complete (1 s later by default)", async () => {
    let now = new Date("2026-01-01T00:00:00.000Z");
    await withHarness({ behavior: { clock: () => now } }, async (local) => {
      const ids = await Promise.all(Array.from({ length: 26 }, () => createSession(local)));
      const statuses: number[] = [];
      for (const id of ids)
        statuses.push((await local.raw("POST", `/solutions/backupRestore/restoreSessions/${id}/activate`)).status);
      expect(statuses.slice(0, 25).every((status) => status === 200)).toBe(true);
      expect(statuses[25]).toBe(500);
      now = new Date("2026-01-01T00:00:00.999Z");
      expect((await local.raw("POST", `/solutions/backupRestore/restoreSessions/${ids[25]}/activate`)).status).toBe(
        500,
      );
      now = new Date("2026-01-01T00:00:01.000Z");
      expect((await local.raw("GET", `${SESSIONS_PATH}/${ids[0]}`)).json.status).toBe("completed");
      expect((await local.raw("POST", `/solutions/backupRestore/restoreSessions/${ids[25]}/activate`)).status).toBe(
        200,
      );
      // A completed session is still not a draft: it cannot be deleted (ERRATA E18).
      expect((await local.raw("DELETE", `${SESSIONS_PATH}/${ids[0]}`)).status).toBe(403);
    });
  });
});

describe("413, 415", () => {
  it("413 RequestEntityTooLarge for a body over the limit", async () => {
    const id = await createSession(harness);
    const answer = await harness.raw("PATCH", `${SESSIONS_PATH}/${id}`, {
      headers: JSON_HEADERS,
      body: `{"x":"${"a".repeat(1024 * 1024)}"}`,
    });
    expectError(answer, 413, "ErrorRequestTooLarge", /the limit is 1048576 bytes/);
  });

  it("415 UnsupportedMediaType for a body that is not JSON", async () => {
    const id = await createSession(harness);
    const answer = await harness.raw("PATCH", `${SESSIONS_PATH}/${id}`, {
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ "mailboxRestoreArtifacts@delta": [addItem(RP1)] }),
    });
    expectError(answer, 415, "ErrorUnsupportedMediaType", /"text\/plain" is not JSON/);
    expect(await artifactIds(id)).toEqual([]);
  });
});

describe("injected faults (errors an in-memory server never meets on its own)", () => {
  it.each([
    ["TooManyRequests", 429, "ErrorTooManyRequests"],
    ["ServiceUnavailable", 503, "ErrorServiceUnavailable"],
    ["accessDenied", 403, "ErrorAccessDenied"],
  ] as const)("%s answers %i once, then the request goes through", async (code, status, exampleName) => {
    const id = await createSession(harness);
    harness.server.injectFault({ error: code, operationId: "updateExchangeRestoreSession", retryAfterSeconds: 2 });
    const faulted = await patch(harness, id, [addItem(RP1)]);
    expectError(faulted, status, exampleName);
    if (status !== 403) expect(faulted.headers.get("retry-after")).toBe("2");
    expect(await artifactIds(id)).toEqual([]);
    expect((await patch(harness, id, [addItem(RP1)])).status).toBe(200);
  });

  it("IncompleteArtifactDeletion answers 500 on delete, twice, and the session survives", async () => {
    const id = await createSession(harness);
    harness.server.injectFault({
      error: "IncompleteArtifactDeletion",
      operationId: "deleteExchangeRestoreSession",
      times: 2,
    });
    expectError(await harness.raw("DELETE", `${SESSIONS_PATH}/${id}`), 500, "ErrorIncompleteArtifactDeletion");
    expectError(await harness.raw("DELETE", `${SESSIONS_PATH}/${id}`), 500, "ErrorIncompleteArtifactDeletion");
    expect((await harness.raw("GET", `${SESSIONS_PATH}/${id}`)).status).toBe(200);
    expect((await harness.raw("DELETE", `${SESSIONS_PATH}/${id}`)).status).toBe(204);
  });
});
