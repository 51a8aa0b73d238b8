// A tenant is shared: while a default run (scenarios and exploration, every workload) is under way, another client
// creates sessions in every workload, adds the same restore points to them, removes some and deletes others. Every
// assertion about a collection concerns the sessions the run itself created (issue 20), so nothing of that is a
// failure, and the other client's sessions are left alone.
import { afterEach, describe, expect, it } from "vitest";
import { defaultRestorePoints } from "../../conformance/reference/restore-points.ts";
import { WORKLOAD_NAMES, WORKLOADS } from "../../src/contract/workloads.ts";
import { type DeviatingServer, startDeviatingServer } from "../conformance/support/deviating-server.ts";
import { runAgainst, TOKEN } from "../conformance/support/run.ts";

let server: DeviatingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Another client of the same tenant, busy until `stop()`: the ids of the sessions it still holds. */
function otherClient(baseUrl: string) {
  const restorePoints = defaultRestorePoints();
  const held: Array<{ workload: (typeof WORKLOAD_NAMES)[number]; id: string }> = [];
  const deleted = new Set<string>();
  let running = true;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: "Bearer other-client-token", "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: response.status === 204 ? undefined : await response.json() };
  };
  const loop = (async () => {
    for (let round = 0; running; round++) {
      const workload = WORKLOADS[WORKLOAD_NAMES[round % WORKLOAD_NAMES.length] as (typeof WORKLOAD_NAMES)[number]];
      const collection = workload.collectionPath;
      const restorePoint = restorePoints[round % restorePoints.length];
      const created = await call("POST", collection, {
        [workload.artifactsKey]: [{ restorePoint: { id: restorePoint }, destinationType: "new" }],
      });
      if (created.status !== 201)
        throw new Error(`the other client's create answered ${created.status}: ${JSON.stringify(created.body)}`);
      const id = (created.body as { id: string }).id;
      const session = `${collection}/${id}`;
      const patched = await call("PATCH", session, {
        [workload.deltaKey]: [
          { restorePoint: { id: restorePoints[(round + 1) % restorePoints.length] }, destinationType: "inPlace" },
        ],
      });
      if (patched.status !== 200) throw new Error(`the other client's PATCH answered ${patched.status}`);
      if (round % 3 === 0) {
        await call("DELETE", session);
        deleted.add(id);
      } else held.push({ workload: workload.name, id });
    }
  })();
  return {
    held,
    deleted,
    async stop() {
      running = false;
      await loop;
    },
  };
}

describe("another client on the same tenant", () => {
  it("changes nothing in the verdict of a default run, and keeps its own sessions", { timeout: 120_000 }, async () => {
    server = await startDeviatingServer();
    const other = otherClient(server.baseUrl);
    let report: Awaited<ReturnType<typeof runAgainst>>;
    try {
      report = await runAgainst(server.baseUrl, {
        token: TOKEN,
        workloads: ["all"],
        strict: false,
        explore: undefined,
        seed: 31,
      });
    } finally {
      await other.stop();
    }
    expect(report.results.filter((row) => row.status === "failed")).toEqual([]);
    expect(report.exploration?.status).toBe("passed");
    expect(report.exploration?.workloads).toEqual(["exchange", "onedrive", "sharepoint"]);
    expect(report.coverage.workloads.judged).toEqual(["exchange", "onedrive", "sharepoint"]);
    // The other client was busy throughout, and the run deleted none of its sessions.
    expect(other.held.length).toBeGreaterThan(20);
    const remaining = new Set(server.reference.store.sessions().map((session) => session.id));
    expect(other.held.filter((session) => !remaining.has(session.id))).toEqual([]);
  });
});
