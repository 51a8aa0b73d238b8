// The bodies the validation benchmark validates, taken from the reference server itself: a 200 PATCH answer
// with 50 added entries, and a 10 000-artifact page of the artifact list (the listed artifact, repeated with
// distinct ids and restore points).
import { startReferenceServer } from "../../conformance/reference/server.ts";

const SESSIONS = "/solutions/backupRestore/exchangeRestoreSessions";
const HEADERS = { authorization: "Bearer bench", "content-type": "application/json" };

export interface BenchBodies {
  patchAnswer50: unknown;
  artifactPage10k: unknown;
}

async function json(response: Response, expected: number): Promise<Record<string, unknown>> {
  const body = (await response.json()) as Record<string, unknown>;
  if (response.status !== expected)
    throw new Error(`expected ${expected}, got ${response.status}: ${JSON.stringify(body).slice(0, 200)}`);
  return body;
}

export async function benchBodies(): Promise<BenchBodies> {
  const server = await startReferenceServer();
  try {
    const session = await json(
      await fetch(`${server.baseUrl}${SESSIONS}`, { method: "POST", headers: HEADERS, body: "{}" }),
      201,
    );
    const url = `${server.baseUrl}${SESSIONS}/${String(session.id)}`;
    const delta = server.restorePoints
      .slice(0, 50)
      .map((id, index) => ({ restorePoint: { id }, destinationType: index % 2 ? "inPlace" : "new" }));
    const patchAnswer50 = await json(
      await fetch(url, {
        method: "PATCH",
        headers: HEADERS,
        body: JSON.stringify({ "mailboxRestoreArtifacts@delta": delta }),
      }),
      200,
    );
    const firstPage = await json(await fetch(`${url}/mailboxRestoreArtifacts?$top=1`, { headers: HEADERS }), 200);
    const [listed] = firstPage.value as Array<Record<string, unknown>>;
    if (!listed) throw new Error("the artifact list is empty");
    const value = Array.from({ length: 10_000 }, (_, index) => ({
      ...structuredClone(listed),
      id: `${String(listed.id).slice(0, 24)}${index.toString(16).padStart(12, "0")}`,
      restorePoint: { id: `restore-point-${index}` },
    }));
    return {
      patchAnswer50,
      artifactPage10k: {
        "@odata.context": firstPage["@odata.context"],
        "@odata.nextLink": `${url}/mailboxRestoreArtifacts?$skiptoken=next`,
        value,
      },
    };
  } finally {
    await server.close();
  }
}
