// Seeded random bodies for PATCH and create, mostly almost-right: every answer is a documented 200/201 or 400
// (never a 500), conforms to the contract, and a 400 changes nothing.
import { describe, expect, it } from "vitest";
import { defaultRestorePoints } from "../../conformance/reference/restore-points.ts";
import { SESSIONS_PATH, createSession, readAllArtifacts, useHarness } from "./harness.ts";

const harness = useHarness();

/** mulberry32: a small seeded generator, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generator(seed: number, artifactIds: string[]) {
  const next = random(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const oddValues = [null, 0, -1, 1.5, true, "", " ", "\u0000", "é😀", [], {}, [null], { id: null }, "x".repeat(300)];
  const known = defaultRestorePoints();
  const restorePointIds = [...known.slice(0, 4), "unknown-rp", ""];
  const reference = () =>
    pick([
      () => ({ id: pick(restorePointIds) }),
      () => ({ "@odata.id": pick(restorePointIds) }),
      () => ({
        "@odata.id": `https://graph.microsoft.com/v1.0/solutions/backupRestore/restorePoints('${pick(restorePointIds)}')`,
      }),
      () => ({ id: pick(restorePointIds), "@odata.id": pick(restorePointIds) }),
      () => pick(oddValues),
    ])();
  const validItem = (): unknown =>
    next() < 0.6
      ? {
          restorePoint: pick([{ id: pick(known) }, { "@odata.id": pick(known) }]),
          destinationType: pick(["new", "inPlace"]),
        }
      : { "@removed": { reason: pick(["changed", "deleted"]) }, id: pick([...artifactIds, ...artifactIds, "absent"]) };
  const item = (): unknown =>
    next() < 0.85
      ? validItem()
      : pick([
          () => ({
            restorePoint: reference(),
            destinationType: pick(["new", "inPlace", "unknownFutureValue", "other", null]),
          }),
          () => ({
            "@removed": pick([{ reason: "changed" }, { reason: "deleted" }, {}, { reason: "x" }, null]),
            id: pick([...artifactIds, "absent", "", 5]),
          }),
          () => ({ restorePoint: reference(), destinationType: "new", "@removed": { reason: "changed" } }),
          () => ({ restorePoint: reference(), destinationType: "new", "@Core.ContentID": pick(["c1", "", 3]) }),
          () => ({ restorePoint: reference() }),
          () => pick(oddValues),
        ])();
  const deltaBody = (): unknown =>
    pick([
      () => ({ "mailboxRestoreArtifacts@delta": Array.from({ length: Math.floor(next() * 5) }, item) }),
      () => ({ "mailboxRestoreArtifacts@delta": Array.from({ length: 1 + Math.floor(next() * 3) }, validItem) }),
      () => ({ "mailboxRestoreArtifacts@delta": Array.from({ length: 49 + Math.floor(next() * 4) }, item) }),
      () => ({ "mailboxRestoreArtifacts@delta": pick(oddValues) }),
      () => ({
        "mailboxRestoreArtifacts@delta": [item()],
        [pick(["@odata.type", "extra", "mailboxRestoreArtifacts"])]: pick(oddValues),
      }),
      () => pick(oddValues),
    ])();
  const createBody = (): unknown =>
    pick([
      () => ({ mailboxRestoreArtifacts: Array.from({ length: Math.floor(next() * 4) }, item) }),
      () => ({ mailboxRestoreArtifacts: pick(oddValues) }),
      () => ({ "@odata.type": pick(["#microsoft.graph.exchangeRestoreSession", "#x", 1]) }),
      () => pick(oddValues),
    ])();
  return { deltaBody, createBody };
}

describe("random bodies", () => {
  it("300 PATCHes: only 200 or 400, conforming answers, and a 400 changes nothing", async () => {
    const sessionId = await createSession(harness);
    const statuses = new Map<number, number>();
    for (let round = 0; round < 300; round++) {
      const before = (await readAllArtifacts(harness, sessionId)).artifacts.map((artifact) => artifact.id);
      const { deltaBody } = generator(round + 1, before);
      const body = JSON.stringify(deltaBody());
      const answer = await harness.raw("PATCH", `${SESSIONS_PATH}/${sessionId}`, {
        headers: { "content-type": "application/json" },
        body,
      });
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      expect([200, 400], `round ${round}: ${body} → ${answer.text}`).toContain(answer.status);
      if (answer.status === 400) {
        expect(
          (await readAllArtifacts(harness, sessionId)).artifacts.map((artifact) => artifact.id),
          `round ${round}`,
        ).toEqual(before);
      }
    }
    // The generator reaches both outcomes often enough to mean something.
    expect(statuses.get(200)).toBeGreaterThan(20);
    expect(statuses.get(400)).toBeGreaterThan(100);
  });

  it("200 creates: only 201, 400 or 413, and conforming answers", async () => {
    for (let round = 0; round < 200; round++) {
      const body = JSON.stringify(generator(10_000 + round, []).createBody());
      const answer = await harness.raw("POST", SESSIONS_PATH, {
        headers: { "content-type": "application/json" },
        body,
      });
      expect([201, 400, 413], `round ${round}: ${body} → ${answer.text}`).toContain(answer.status);
    }
  });
});
