// The contract describes three workloads; the reference server serves Exchange's so far. The others' operations
// answer 404 ResourceNotFound in the Graph envelope (what a service that does not have the collection answers, and
// what the runner will report as "not served"), never a crash, while Exchange keeps working beside them.
import { describe, expect, it } from "vitest";
import { WORKLOADS } from "../../src/contract/workloads.ts";
import { SESSIONS_PATH, createSession, useHarness } from "./harness.ts";

const harness = useHarness();
const JSON_HEADERS = { "content-type": "application/json" };

describe.each([WORKLOADS.onedrive, WORKLOADS.sharepoint])("$title", (entry) => {
  const session = entry.sessionPath.replace(`{${entry.sessionIdParameter}}`, "845457dc-4bb2-4815-bef3-8628ebd1952e");
  const body = JSON.stringify({ [entry.deltaKey]: [{ "@removed": { reason: "changed" }, id: "a" }] });

  it.each([
    ["POST", entry.collectionPath, "{}"],
    ["GET", entry.collectionPath, undefined],
    ["GET", session, undefined],
    ["PATCH", session, body],
    ["DELETE", session, undefined],
    ["GET", `${session}/${entry.artifactsKey}`, undefined],
  ])("%s %s answers 404 ResourceNotFound", async (method, path, requestBody) => {
    const answer = await harness.raw(method, path, {
      headers: JSON_HEADERS,
      ...(requestBody === undefined ? {} : { body: requestBody }),
    });
    expect(answer.status, answer.text).toBe(404);
    expect(answer.json.error.code).toBe("ResourceNotFound");
    expect(answer.json.error.innerError["request-id"]).toBe(answer.headers.get("request-id"));
  });
});

it("Exchange sessions are served beside them", async () => {
  const id = await createSession(harness);
  expect((await harness.raw("GET", `${SESSIONS_PATH}/${id}`)).status).toBe(200);
});
