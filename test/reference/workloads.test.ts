// The reference server serves the three workloads of the family with one behaviour, each in its own collection:
// its own delta key, artifacts key and type names, the same limits and errors, the shared activation; a session of
// one workload is in no other's collection. Knobs can differ per workload, and a workload the server does not serve
// answers 404 ResourceNotFound on every path (what the runner reports as "not served").
import { describe, expect, it } from "vitest";
import { WORKLOAD_NAMES, WORKLOADS, type Workload } from "../../src/contract/workloads.ts";
import { resolveBehavior as resolve } from "../../conformance/reference/behavior.ts";
import { type Harness, useHarness, withHarness } from "./harness.ts";

const harness = useHarness();
const JSON_HEADERS = { "content-type": "application/json" };
const POINTS = ["1b014d8c-71fe-4d00-a01a-31850bc5b32c", "2b014d8c-71fe-4d00-a01a-31850bc5b32c"];

function sessionPath(entry: Workload, id: string): string {
  return entry.sessionPath.replace(`{${entry.sessionIdParameter}}`, encodeURIComponent(id));
}

async function create(local: Harness, entry: Workload, body: unknown = {}): Promise<string> {
  const answer = await local.raw("POST", entry.collectionPath, { headers: JSON_HEADERS, body: JSON.stringify(body) });
  expect(answer.status, answer.text).toBe(201);
  return answer.json.id;
}

async function patch(local: Harness, entry: Workload, id: string, items: unknown[]) {
  return local.raw("PATCH", sessionPath(entry, id), {
    headers: JSON_HEADERS,
    body: JSON.stringify({ [entry.deltaKey]: items }),
  });
}

const add = (id: string) => ({ restorePoint: { id }, destinationType: "new" });

describe.each(WORKLOAD_NAMES.map((name) => WORKLOADS[name] as Workload))("$title", (entry) => {
  const others = WORKLOAD_NAMES.filter((name) => name !== entry.name).map((name) => WORKLOADS[name] as Workload);

  it("creates, patches under its own delta key, lists and deletes a session of its collection", async () => {
    const created = await harness.raw("POST", entry.collectionPath, {
      headers: JSON_HEADERS,
      body: JSON.stringify({ [entry.artifactsKey]: [add(POINTS[0] as string)] }),
    });
    expect(created.status, created.text).toBe(201);
    expect(created.headers.get("location")).toMatch(new RegExp(`${entry.collectionPath}/${created.json.id}$`));
    expect(created.json["@odata.context"]).toMatch(new RegExp(`#${entry.collectionPath.slice(1)}/\\$entity$`));
    expect(created.json[entry.artifactsKey]).toHaveLength(1);
    const id: string = created.json.id;
    const patched = await patch(harness, entry, id, [add(POINTS[1] as string)]);
    expect(patched.status, patched.text).toBe(200);
    expect(Object.keys(patched.json)).toContain(entry.deltaKey);
    expect(patched.json[entry.deltaKey]).toMatchObject([{ status: "added", restorePoint: { id: POINTS[1] } }]);
    const listed = await harness.raw("GET", `${sessionPath(entry, id)}/${entry.artifactsKey}`);
    expect(listed.status).toBe(200);
    expect(listed.json.value.map((artifact: { restorePoint: { id: string } }) => artifact.restorePoint.id)).toEqual(
      POINTS,
    );
    const sessions = await harness.raw("GET", entry.collectionPath);
    expect(sessions.json.value.map((session: { id: string }) => session.id)).toContain(id);
    expect((await harness.raw("DELETE", sessionPath(entry, id))).status).toBe(204);
    expect((await harness.raw("GET", sessionPath(entry, id))).status).toBe(404);
  });

  it("answers its artifacts with its own restore-target properties", async () => {
    const id = await create(harness, entry, { [entry.artifactsKey]: [add(POINTS[0] as string)] });
    const listed = await harness.raw("GET", `${sessionPath(entry, id)}/${entry.artifactsKey}`);
    const own = entry.name === "exchange" ? "restoredFolderId" : "restoredSiteId";
    const foreign = entry.name === "exchange" ? "restoredSiteId" : "restoredFolderId";
    expect(listed.json.value[0]).toHaveProperty(own, null);
    expect(listed.json.value[0]).not.toHaveProperty(foreign);
  });

  it("refuses another workload's delta key and artifacts key with 400, applying nothing", async () => {
    const id = await create(harness, entry);
    for (const other of others) {
      const foreignDelta = await harness.raw("PATCH", sessionPath(entry, id), {
        headers: JSON_HEADERS,
        body: JSON.stringify({ [other.deltaKey]: [add(POINTS[0] as string)] }),
      });
      expect(foreignDelta.status, foreignDelta.text).toBe(400);
      const foreignCreate = await harness.raw("POST", entry.collectionPath, {
        headers: JSON_HEADERS,
        body: JSON.stringify({ [other.artifactsKey]: [add(POINTS[0] as string)] }),
      });
      expect(foreignCreate.status, foreignCreate.text).toBe(400);
    }
    const listed = await harness.raw("GET", `${sessionPath(entry, id)}/${entry.artifactsKey}`);
    expect(listed.json.value).toEqual([]);
  });

  it("keeps its sessions out of every other workload's collection", async () => {
    const id = await create(harness, entry);
    for (const other of others) {
      for (const [method, path, body] of [
        ["GET", sessionPath(other, id), undefined],
        ["PATCH", sessionPath(other, id), JSON.stringify({ [other.deltaKey]: [add(POINTS[0] as string)] })],
        ["DELETE", sessionPath(other, id), undefined],
        ["GET", `${sessionPath(other, id)}/${other.artifactsKey}`, undefined],
      ] as const) {
        const answer = await harness.raw(method, path, { headers: JSON_HEADERS, ...(body ? { body } : {}) });
        expect(answer.status, `${method} ${path}: ${answer.text}`).toBe(404);
        expect(answer.json.error.code).toBe("RestoreSessionNotFound");
      }
      const listed = await harness.raw("GET", other.collectionPath);
      expect(listed.json.value.map((session: { id: string }) => session.id)).not.toContain(id);
    }
    expect((await harness.raw("GET", sessionPath(entry, id))).status).toBe(200);
  });

  it("is activated by the shared restoreSessions/{id}/activate, answering its own session type", async () => {
    const id = await create(harness, entry);
    const answer = await harness.raw("POST", `/solutions/backupRestore/restoreSessions/${id}/activate`);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json["@odata.type"]).toBe(`#microsoft.graph.${entry.sessionType}`);
    expect((await patch(harness, entry, id, [add(POINTS[0] as string)])).status).toBe(403);
  });

  it("enforces the same 50-item limit", async () => {
    const id = await create(harness, entry);
    const items = Array.from({ length: 51 }, (_, index) => add(harness.server.restorePoints[index] as string));
    const answer = await patch(harness, entry, id, items);
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe("RestoreArtifactsLimitBreached");
  });
});

describe("knobs per workload", () => {
  it("apply to one workload's operations only", async () => {
    await withHarness(
      { behavior: { workloads: { sharepoint: { maxDeltaItems: 2, echoRemovals: true } } } },
      async (local) => {
        const items = POINTS.map(add).concat(add(local.server.restorePoints[10] as string));
        const site = WORKLOADS.sharepoint as Workload;
        const mail = WORKLOADS.exchange as Workload;
        expect((await patch(local, site, await create(local, site), items)).status).toBe(400);
        const mailbox = await create(local, mail);
        const applied = await patch(local, mail, mailbox, items);
        expect(applied.status, applied.text).toBe(200);
        const artifactId: string = applied.json[mail.deltaKey][0].id;
        const removed = await patch(local, mail, mailbox, [{ "@removed": { reason: "changed" }, id: artifactId }]);
        expect(removed.json[mail.deltaKey]).toEqual([]);
      },
    );
  });

  it("are checked like the server's own, naming the workload", () => {
    expect(() => resolve({ workloads: { onedrive: { pageSize: 0 } } })).toThrow(
      /behavior\.workloads\.onedrive\.pageSize/,
    );
    expect(() => resolve({ workloads: { teams: {} } as never })).toThrow(/workload "teams"/);
    expect(() => resolve({ served: ["exchange", "mail" as never] })).toThrow(/workload "mail"/);
  });
});

describe("a server that serves only some workloads", () => {
  it("answers 404 ResourceNotFound on every path of the others, and serves its own", async () => {
    await withHarness({ behavior: { served: ["exchange"] } }, async (local) => {
      for (const name of ["onedrive", "sharepoint"] as const) {
        const entry = WORKLOADS[name] as Workload;
        const session = sessionPath(entry, "845457dc-4bb2-4815-bef3-8628ebd1952e");
        for (const [method, path, body] of [
          ["POST", entry.collectionPath, "{}"],
          ["GET", entry.collectionPath, undefined],
          ["GET", session, undefined],
          ["PATCH", session, JSON.stringify({ [entry.deltaKey]: [add(POINTS[0] as string)] })],
          ["DELETE", session, undefined],
          ["GET", `${session}/${entry.artifactsKey}`, undefined],
        ] as const) {
          const answer = await local.raw(method, path, { headers: JSON_HEADERS, ...(body ? { body } : {}) });
          expect(answer.status, `${method} ${path}`).toBe(404);
          expect(answer.json.error.code).toBe("ResourceNotFound");
        }
      }
      expect((await local.raw("GET", (WORKLOADS.exchange as Workload).collectionPath)).status).toBe(200);
    });
  });
});
