// No false failures: a server that makes a different choice the contract allows passes every scenario, and the
// report names the reading it took where the docs are ambiguous.
import { afterEach, describe, expect, it } from "vitest";
import type { ReferenceResponse, ResponseContext } from "../../conformance/reference/context.ts";
import { startDeviatingServer, type DeviatingServer, type DeviationOptions } from "./support/deviating-server.ts";
import { failures, runAgainst } from "./support/run.ts";

const DELTA = "mailboxRestoreArtifacts@delta";
const FAILED_ITEM = "@Core.DataModificationException";

let server: DeviatingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function conformsFully(options: DeviationOptions) {
  server = await startDeviatingServer(options);
  const report = await runAgainst(server.baseUrl);
  expect(failures(report)).toEqual([]);
  expect(report.summary.skipped).toBe(0);
  expect(report.exitCode).toBe(0);
  return report;
}

function mapJson(rewrite: (body: Record<string, unknown>, ctx: ResponseContext) => unknown) {
  return (ctx: ResponseContext, response: ReferenceResponse): ReferenceResponse =>
    response.body !== undefined && typeof response.body === "object" && response.status < 400
      ? { ...response, body: rewrite(structuredClone(response.body) as Record<string, unknown>, ctx) }
      : response;
}

function readings(report: Awaited<ReturnType<typeof conformsFully>>): Record<string, string[]> {
  const byQuestion: Record<string, string[]> = {};
  for (const reading of report.readings) {
    const list = byQuestion[reading.question] ?? [];
    list.push(reading.reading);
    byQuestion[reading.question] = list;
  }
  return byQuestion;
}

describe("servers that make another allowed choice conform", () => {
  it("the reference server's own choices: whole-request 400 for a held restore point and for the destination sentinel, removals omitted", async () => {
    const report = await conformsFully({});
    expect(readings(report)).toEqual({
      "re-adding a held restore point": ["whole-request 400 DuplicateArtifactInList, nothing applied"],
      "successful removals": ["omitted from the answer"],
      "adding a restore point with destinationType unknownFutureValue": ["whole-request 400, nothing applied"],
    });
  });

  it("re-adding a held restore point as a per-item failure with the rest applied", async () => {
    const report = await conformsFully({ behavior: { duplicateRestorePoint: "fail-item" } });
    expect(readings(report)["re-adding a held restore point"]).toEqual([
      "200 with a per-item failure for the held restore point, the rest applied",
    ]);
  });

  it("an addition asking for the destination sentinel as a per-item failure with the rest applied", async () => {
    const report = await conformsFully({ behavior: { unknownFutureDestination: "fail-item" } });
    expect(readings(report)["adding a restore point with destinationType unknownFutureValue"]).toEqual([
      "200 with a per-item failure for that addition, the rest applied",
    ]);
  });

  it("successful removals echoed as @removed entries, content ids as @contentId", async () => {
    const report = await conformsFully({ behavior: { echoRemovals: true, contentIdAnnotation: "@contentId" } });
    expect(readings(report)["successful removals"]).toEqual(["echoed as @removed entries"]);
  });

  it("delta results in reverse order (correlation never uses positions)", async () => {
    await conformsFully({
      transform: mapJson((body) =>
        Array.isArray(body[DELTA]) ? { ...body, [DELTA]: [...(body[DELTA] as unknown[])].reverse() } : body,
      ),
    });
  });

  it("restore points answered as OData IRIs, and artifact lists that omit restorePoint", async () => {
    await conformsFully({
      transform: mapJson((body, ctx) => {
        if (Array.isArray(body[DELTA])) {
          body[DELTA] = (body[DELTA] as Record<string, unknown>[]).map((entry) => {
            const id = (entry.restorePoint as { id?: string } | undefined)?.id;
            return id
              ? {
                  ...entry,
                  restorePoint: {
                    "@odata.id": `https://graph.microsoft.com/v1.0/solutions/backupRestore/restorePoints('${id}')`,
                  },
                }
              : entry;
          });
        }
        if (ctx.operationId === "listMailboxRestoreArtifacts" && Array.isArray(body.value)) {
          body.value = (body.value as Record<string, unknown>[]).map(({ restorePoint: _omitted, ...rest }) => rest);
        }
        return body;
      }),
    });
  });

  it("unknown annotations and properties in every answer (the contract is open on what it does not name)", async () => {
    await conformsFully({
      transform: mapJson((body) => {
        const annotate = (value: unknown): unknown =>
          Array.isArray(value)
            ? value.map(annotate)
            : value && typeof value === "object"
              ? {
                  ...Object.fromEntries(Object.entries(value).map(([key, item]) => [key, annotate(item)])),
                  "@odata.etag": 'W/"1"',
                }
              : value;
        return { ...(annotate(body) as Record<string, unknown>), vendorExtension: { note: "ignored" } };
      }),
    });
  });

  it("a failed removal reported the OData way (failedOperation delete, responseCode 404)", async () => {
    await conformsFully({
      transform: mapJson((body) =>
        Array.isArray(body[DELTA])
          ? {
              ...body,
              [DELTA]: (body[DELTA] as Record<string, Record<string, unknown>>[]).map((entry) =>
                entry[FAILED_ITEM]
                  ? { ...entry, [FAILED_ITEM]: { ...entry[FAILED_ITEM], failedOperation: "delete", responseCode: 404 } }
                  : entry,
              ),
            }
          : body,
      ),
    });
  });

  it("plain application/json and one artifact per page", async () => {
    await conformsFully({ behavior: { responseContentType: "application/json", pageSize: 1 } });
  });
});
