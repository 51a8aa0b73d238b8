// Prism serves the contract: the documented example for a valid PATCH, a 400 naming the violation for an invalid
// one, 401 without a token; and it is stopped by pid afterwards.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { startPrism } from "../../conformance/targets/prism.ts";
import type { RunningServer } from "../../conformance/targets/process.ts";
import { loadOpenApiDocument } from "../../src/contract/document.ts";
import { expandPath, operation } from "../../src/contract/operations.ts";
import { formatViolations, validateResponseBody } from "../../src/contract/validators.ts";
import { repoRoot } from "../../scripts/repo-root.ts";

function exampleValue(name: string): unknown {
  return (parse(readFileSync(join(repoRoot, "spec/components/examples", `${name}.yaml`), "utf8")) as { value: unknown })
    .value;
}

/** The component name of the first example of the PATCH's 200 answer, the one Prism serves by default. */
function firstPatchResponseExample(): string {
  const patchOperation = loadOpenApiDocument().paths[operation("updateExchangeRestoreSession").pathTemplate]?.patch as {
    responses: Record<string, { content: Record<string, { examples: Record<string, { $ref: string }> }> }>;
  };
  const examples = patchOperation.responses["200"]?.content["application/json"]?.examples ?? {};
  return Object.values(examples)[0]?.$ref.replace("#/components/examples/", "") ?? "(none)";
}

const seedRequest = exampleValue("UpdateRequestSeedEn");
const patch = operation("updateExchangeRestoreSession");

let prism: RunningServer | undefined;
let sessionUrl: string;

beforeAll(async () => {
  prism = await startPrism();
  sessionUrl = `${prism.baseUrl}${expandPath(patch.pathTemplate, { exchangeRestoreSessionId: "2b814d8c-71fd-4d00-a01a-31850bc5b32c" })}`;
});

afterAll(async () => {
  await prism?.stop();
});

function expectConforming(operationId: string, status: number, body: unknown): void {
  const validation = validateResponseBody(operationId, status, body);
  expect(validation.kind).toBe("checked");
  if (validation.kind === "checked") expect(validation.violations, formatViolations(validation.violations)).toEqual([]);
}

function send(
  body: unknown,
  headers: Record<string, string> = { authorization: "Bearer test-token" },
): Promise<Response> {
  return fetch(sessionUrl, {
    method: "PATCH",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
}

describe("Prism serving the bundled contract", () => {
  it("answers the seed PATCH with 200 and the first 200 example, which conforms", async () => {
    const response = await send(seedRequest);
    const body: unknown = await response.json();
    expect(response.status).toBe(200);
    expect(response.headers.get("sl-violations")).toBeNull();
    expect(firstPatchResponseExample()).toBe("UpdateResponseSeedEn");
    expect(body).toEqual(exampleValue("UpdateResponseSeedEn"));
    expectConforming("updateExchangeRestoreSession", 200, body);
  });

  it("rejects restorePoint given as a string with 400 and an sl-violations header naming the location", async () => {
    const invalid = {
      "mailboxRestoreArtifacts@delta": [
        { restorePoint: "1b014d8c-71fe-4d00-a01a-31850bc5b32c", destinationType: "new" },
      ],
    };
    const response = await send(invalid);
    expect(response.status).toBe(400);
    expectConforming("updateExchangeRestoreSession", 400, await response.json());
    const header = response.headers.get("sl-violations");
    expect(header, "no sl-violations header").not.toBeNull();
    const violations = JSON.parse(header as string) as { location: string[] }[];
    expect(violations.map((v) => v.location)).toContainEqual([
      "request",
      "body",
      "mailboxRestoreArtifacts@delta",
      "0",
      "restorePoint",
    ]);
  });

  it("answers 401 without a bearer token", async () => {
    const response = await send(seedRequest, {});
    expect(response.status).toBe(401);
    expectConforming("updateExchangeRestoreSession", 401, await response.json());
  });

  it("is stopped by pid, and the process is gone", async () => {
    const running = prism as RunningServer;
    expect(() => process.kill(running.pid, 0)).not.toThrow();
    await running.stop();
    expect(() => process.kill(running.pid, 0)).toThrow();
    prism = undefined;
  });
});
