// Server-driven paging with absolute @odata.nextLink, $top, $skiptoken; and no lost update under concurrent PATCHes.
import { describe, expect, it } from "vitest";
import { defaultRestorePoints } from "../../conformance/reference/restore-points.ts";
import {
  SESSIONS_PATH,
  addItem,
  createSession,
  patch,
  readAllArtifacts,
  removeItem,
  useHarness,
  withHarness,
} from "./harness.ts";

const harness = useHarness();

const RESTORE_POINTS = defaultRestorePoints();

async function sessionWithArtifacts(count: number, offset = 0): Promise<string> {
  const id = await createSession(harness);
  const answer = await patch(
    harness,
    id,
    RESTORE_POINTS.slice(offset, offset + count).map((rp) => addItem(rp)),
  );
  expect(answer.status).toBe(200);
  return id;
}

describe("listing artifacts", () => {
  it("50 artifacts read back take 3 pages of the default size 20, with absolute next links on the same base", async () => {
    const id = await sessionWithArtifacts(50);
    const { artifacts, pages } = await readAllArtifacts(harness, id);
    expect(pages.map((page) => page.size)).toEqual([20, 20, 10]);
    expect(pages[2]!.nextLink).toBeUndefined();
    for (const page of pages.slice(0, 2)) {
      expect(
        page.nextLink!.startsWith(`${harness.server.baseUrl}${SESSIONS_PATH}/${id}/mailboxRestoreArtifacts?`),
      ).toBe(true);
    }
    expect(artifacts.map((artifact) => artifact.restorePoint.id)).toEqual(RESTORE_POINTS.slice(0, 50));
    expect(new Set(artifacts.map((artifact) => artifact.id)).size).toBe(50);
  });

  it("$top asks for smaller pages and is kept in the next link", async () => {
    const id = await sessionWithArtifacts(23);
    const { artifacts, pages } = await readAllArtifacts(harness, id, 7);
    expect(pages.map((page) => page.size)).toEqual([7, 7, 7, 2]);
    expect(pages[0]!.nextLink).toMatch(/[?&]\$top=7(&|$)/);
    expect(artifacts.map((artifact) => artifact.restorePoint.id)).toEqual(RESTORE_POINTS.slice(0, 23));
  });

  it("$top above the server's page size gets the server's page size ($top is a request, not a promise)", async () => {
    const id = await sessionWithArtifacts(25);
    const { pages } = await readAllArtifacts(harness, id, 100);
    expect(pages.map((page) => page.size)).toEqual([20, 5]);
  });

  it("an empty session is one empty page without a next link", async () => {
    const id = await createSession(harness);
    const { data } = await harness.api.GET(`${SESSIONS_PATH}/{exchangeRestoreSessionId}/mailboxRestoreArtifacts`, {
      params: { path: { exchangeRestoreSessionId: id } },
    });
    expect(data?.value).toEqual([]);
    expect(data?.["@odata.nextLink"]).toBeUndefined();
  });

  it("entries removed or added between pages are neither repeated nor skipped", async () => {
    const id = await sessionWithArtifacts(10, 60);
    const first = await harness.raw("GET", `${SESSIONS_PATH}/${id}/mailboxRestoreArtifacts?$top=4`);
    const firstIds = first.json.value.map((artifact: any) => artifact.id);
    // Remove one artifact already served and add a new one, then continue.
    expect((await patch(harness, id, [removeItem(firstIds[0]), addItem(RESTORE_POINTS[100]!)])).status).toBe(200);
    const rest: any[] = [];
    let url: string | undefined = first.json["@odata.nextLink"];
    while (url) {
      const page = await harness.raw("GET", url);
      rest.push(...page.json.value);
      url = page.json["@odata.nextLink"];
    }
    const seen = [...firstIds, ...rest.map((artifact) => artifact.id)];
    expect(new Set(seen).size).toBe(seen.length);
    expect(rest.map((artifact) => artifact.restorePoint.id)).toEqual([
      ...RESTORE_POINTS.slice(64, 70),
      RESTORE_POINTS[100],
    ]);
  });

  it.each([
    ["$top=0", /Invalid \$top value "0"/],
    ["$top=1000", /Invalid \$top value "1000": expected an integer from 1 to 999/],
    ["$top=-3", /Invalid \$top value "-3"/],
    ["$top=ten", /Invalid \$top value "ten"/],
    ["$top=2.5", /Invalid \$top value "2.5"/],
    ["$top=", /Invalid \$top value ""/],
    ["$top=2&$top=3", /\$top is given 2 times/],
    ["$skiptoken=bm90LWEtdG9rZW4", /Invalid \$skiptoken "bm90LWEtdG9rZW4": it is not a token this server issued/],
    ["$skiptoken=%%%", /Invalid \$skiptoken/],
    ["$skiptoken=", /Invalid \$skiptoken ""/],
  ])("400 for %s", async (query, message) => {
    const id = await createSession(harness);
    const answer = await harness.raw("GET", `${SESSIONS_PATH}/${id}/mailboxRestoreArtifacts?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toMatch(message);
  });
});

describe("listing sessions", () => {
  it("pages through every session with the server's page size", async () => {
    await withHarness({ pageSize: 3 }, async (local) => {
      const ids = [];
      for (let index = 0; index < 8; index++) ids.push(await createSession(local));
      const seen: string[] = [];
      const sizes: number[] = [];
      let url: string | undefined = SESSIONS_PATH;
      while (url) {
        const page = await local.raw("GET", url);
        expect(page.status).toBe(200);
        seen.push(...page.json.value.map((session: any) => session.id));
        sizes.push(page.json.value.length);
        url = page.json["@odata.nextLink"];
      }
      expect(sizes).toEqual([3, 3, 2]);
      expect(seen).toEqual(ids);
      expect((await local.raw("GET", `${SESSIONS_PATH}?$top=abc`)).status).toBe(400);
    });
  });
});

describe("concurrency", () => {
  it("20 PATCHes of one session in parallel, each adding a distinct restore point: all 20 are kept", async () => {
    const id = await createSession(harness);
    const additions = RESTORE_POINTS.slice(30, 50);
    const answers = await Promise.all(additions.map((rp) => patch(harness, id, [addItem(rp)])));
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    const { artifacts, pages } = await readAllArtifacts(harness, id, 6);
    expect(pages.length).toBe(4);
    expect(artifacts.map((artifact) => artifact.restorePoint.id).sort()).toEqual([...additions].sort());
    const session = await harness.raw("GET", `${SESSIONS_PATH}/${id}`);
    expect(session.json.restoreSessionArtifactCount.total).toBe(20);
  });

  it("20 PATCHes in parallel adding the same restore point: exactly one wins, the others are rejected whole", async () => {
    const id = await createSession(harness);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => patch(harness, id, [addItem(RESTORE_POINTS[7]!)])),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(
      answers.filter((answer) => answer.status === 400 && answer.json.error.code === "DuplicateArtifactInList"),
    ).toHaveLength(19);
    expect((await readAllArtifacts(harness, id)).artifacts).toHaveLength(1);
  });
});
