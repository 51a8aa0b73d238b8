// The delta builders and the split work for every workload: each builds its own key's body, which its own PATCH
// schema accepts, names its own key in errors, refuses another workload's @odata.type, and splits its published
// answer by id.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { formatViolations, validateRequestBody } from "../../src/contract/validators.ts";
import {
  DeltaBodyError,
  DeltaResultError,
  WORKLOADS,
  deltaBody,
  deltaHelpers,
  splitDeltaResult,
  type DeltaRequest,
  type DeltaResponse,
} from "../../src/index.ts";

function example<T>(name: string): T {
  const file = new URL(`../../spec/components/examples/${name}.yaml`, import.meta.url);
  return (parse(readFileSync(file, "utf8")) as { value: T }).value;
}

function caught(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error("expected an error");
}

const PUBLISHED = {
  onedrive: {
    request: example<DeltaRequest<"onedrive">>("OneDriveUpdateRequestSeed"),
    answer: example<DeltaResponse<"onedrive">>("OneDriveUpdateResponseSeed"),
    removals: [
      "99954f18-c8ec-4b62-85bf-cdf3b70b140e",
      "4267e382-71a9-4c07-bef7-bda97e09c0d2",
      "3667e382-71a9-4c07-bef7-bda97e09c0d2",
    ],
  },
  sharepoint: {
    request: example<DeltaRequest<"sharepoint">>("SharePointUpdateRequestSeed"),
    answer: example<DeltaResponse<"sharepoint">>("SharePointUpdateResponseSeed"),
    removals: [
      "959ba739-70b5-43c4-8c90-b2c22014f18a",
      "959ba739-70b5-43c4-8c90-b2c22014f18b",
      "959ba739-70b5-43c4-8c90-b2c22014f18c",
    ],
  },
} as const;
const rp = (prefix: string) => `${prefix}014d8c-71fe-4d00-a01a-31850bc5b32c`;

describe.each(["onedrive", "sharepoint"] as const)("deltaHelpers(%s)", (name) => {
  const helpers = deltaHelpers(name);
  const { deltaKey, artifactType, operationIds } = WORKLOADS[name];
  const published = PUBLISHED[name];

  test("is the workload's registry entry and its builders, frozen", () => {
    expect(helpers.workload).toBe(WORKLOADS[name]);
    expect(Object.isFrozen(helpers)).toBe(true);
  });

  test("builds the published body under the workload's key, and the contract's PATCH schema accepts it", () => {
    const body = helpers.deltaBody([
      ...["1b", "2b", "3b", "4b"].map((prefix) => helpers.addArtifact(rp(prefix), "new")),
      ...published.removals.map((id) => helpers.removeArtifact(id)),
    ]);
    expect(Object.keys(body)).toEqual([deltaKey]);
    expect(body).toEqual(published.request);
    const violations = validateRequestBody(operationIds.update, body);
    expect(violations, formatViolations(violations)).toEqual([]);
    expect(validateRequestBody(WORKLOADS.exchange.operationIds.update, body)).not.toEqual([]);
  });

  test("names the workload's key in what it refuses", () => {
    expect(caught(() => helpers.deltaBody([])).message).toBe(
      `${deltaKey} is empty: send 1 to 50 items (the service answers 400 InvalidArtifactRequest)`,
    );
    const duplicate = caught(() => helpers.deltaBody([helpers.removeArtifact("a"), helpers.removeArtifact("a")]));
    expect(duplicate).toMatchObject({ name: "DeltaBodyError", problem: "duplicate-artifact", index: 1 });
    expect(duplicate.message).toMatch(new RegExp(`^${deltaKey.replace(".", "\\.")}\\[1\\] removes artifact "a" again`));
    const tooMany = caught(() =>
      helpers.deltaBody(Array.from({ length: 51 }, (_, index) => helpers.removeArtifact(`a-${index}`))),
    );
    expect(tooMany).toMatchObject({ problem: "too-many-items", index: 50 });
  });

  test("allows its own artifact type on items and refuses another workload's", () => {
    const own = `#microsoft.graph.${artifactType}` as const;
    expect(() =>
      helpers.deltaBody([{ restorePoint: { id: "rp" }, destinationType: "new", "@odata.type": own } as never]),
    ).not.toThrow();
    const foreign = caught(() =>
      helpers.deltaBody([
        helpers.removeArtifact("a"),
        { "@removed": {}, id: "b", "@odata.type": "#microsoft.graph.mailboxRestoreArtifact" } as never,
      ]),
    );
    expect(foreign).toBeInstanceOf(DeltaBodyError);
    expect(foreign).toMatchObject({ problem: "invalid-item", index: 1 });
    expect(foreign.message).toBe(
      `${deltaKey}[1]: @odata.type must be one of "${own}", got "#microsoft.graph.mailboxRestoreArtifact"`,
    );
  });

  test("splits the published answer by id: four added, one failed removal, two removals implied", () => {
    for (const split of [
      helpers.splitDeltaResult(published.answer, published.request),
      splitDeltaResult(published.answer, published.request),
    ]) {
      expect(split.added.map((added) => added.restorePointId)).toEqual(["1b", "2b", "3b", "4b"].map(rp));
      expect(split.added.map((added) => added.artifactId)).toEqual([
        "89014d8c-71fe-4d00-a01a-31850bc5b32c",
        "67014d8c-71fe-4d00-a01a-31850bc5b32c",
        "56014d8c-71fe-4d00-a01a-31850bc5b32c",
        "32014d8c-71fe-4d00-a01a-31850bc5b32c",
      ]);
      const failedId = published.removals[name === "onedrive" ? 1 : 2];
      expect(split.failed).toMatchObject([
        {
          operation: "remove",
          artifactId: failedId,
          responseCode: 409,
          failedOperation: "remove",
          contentId: failedId,
        },
      ]);
      expect(split.removed.map((removed) => [removed.artifactId, removed.echoed])).toEqual(
        published.removals.filter((id) => id !== failedId).map((id) => [id, false]),
      );
      expect(split.unanswered).toEqual([]);
    }
  });

  test("refuses to split an answer without its own delta array, naming the key", () => {
    const exchangeAnswer = example<DeltaResponse>("UpdateResponseSeedEn");
    const error = caught(() => helpers.splitDeltaResult(exchangeAnswer as never));
    expect(error).toBeInstanceOf(DeltaResultError);
    expect(error.message).toBe(`the answer has no ${deltaKey} array (got nothing)`);
  });
});

describe("the root functions", () => {
  test("deltaBody builds Exchange's body; deltaHelpers('exchange') is the same", () => {
    const exchange = deltaHelpers("exchange");
    const items = [exchange.addArtifact("rp", "inPlace"), exchange.removeArtifact("a")];
    expect(deltaBody(items)).toEqual(exchange.deltaBody(items));
    expect(Object.keys(deltaBody(items))).toEqual(["mailboxRestoreArtifacts@delta"]);
  });

  test("splitDeltaResult takes the workload from the answer, else from the request", () => {
    expect(splitDeltaResult(PUBLISHED.sharepoint.answer).added).toHaveLength(4);
    const error = caught(() => splitDeltaResult({} as DeltaResponse<"onedrive">, PUBLISHED.onedrive.request));
    expect(error.message).toBe("the answer has no driveRestoreArtifacts@delta array (got nothing)");
  });

  test("deltaHelpers refuses a workload outside the family, naming the ones it has", () => {
    expect(() => deltaHelpers("teams" as never)).toThrow(
      new RangeError('unknown workload "teams"; the workloads are exchange, onedrive, sharepoint'),
    );
  });
});
