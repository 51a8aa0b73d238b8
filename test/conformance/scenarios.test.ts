// Scenario files are data: each validates against conformance/scenario.schema.json (one test per file, as the
// Arazzo and JSON-Schema-Test-Suite runners do), descriptions follow the suite's rules, and a broken file is
// rejected with a message naming the file and the place.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ConfigError } from "../../conformance/vocabulary/config-error.ts";
import {
  defaultScenariosDirectory,
  loadScenarios,
  parseScenarioFile,
  scenarioSchemaValidator,
} from "../../conformance/runner/scenario-loader.ts";
import { sourceRegistry } from "../../conformance/vocabulary/source-registry.ts";
import { operation } from "../../src/contract/operations.ts";
import { scenarioForWorkload, stepOperationId } from "../../conformance/runner/scenario-for-workload.ts";

const directory = defaultScenariosDirectory();
const files = readdirSync(directory)
  .filter((name) => name.endsWith(".yaml"))
  .sort();
const scenarios = loadScenarios();

describe("every scenario file validates against scenario.schema.json", () => {
  it.each(files)("%s", (file) => {
    const validate = scenarioSchemaValidator();
    const valid = validate(parse(readFileSync(join(directory, file), "utf8")));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });
});

describe("the suite's own rules", () => {
  it("scenario ids are unique and every description is one short factual line", () => {
    const ids = scenarios.map((scenario) => scenario.id);
    expect(new Set(ids).size).toBe(ids.length);
    const descriptions = scenarios.flatMap((scenario) => [
      scenario.description,
      ...scenario.steps.flatMap((step) => (step.description ? [step.description] : [])),
    ]);
    for (const description of descriptions) {
      expect(description.length).toBeLessThanOrEqual(150);
      expect(description).not.toMatch(/\b(should|test that)\b/i);
      expect(description).not.toMatch(/\n/);
    }
  });

  it("covers the cases the contract requires, at both levels, with accepted and rejected cases side by side", () => {
    const ids = new Set(scenarios.map((scenario) => scenario.id));
    for (const required of [
      "seed-patch",
      "seed-patch-odata-id",
      "seed-patch-applied",
      "seed-patch-applied-odata-id",
      "patch-add-only",
      "patch-remove-only",
      "patch-mixed",
      "patch-remove-absent",
      "patch-one-item",
      "patch-fifty-items",
      "patch-over-limit",
      "patch-empty-delta",
      "patch-missing-delta",
      "patch-duplicate-restore-point",
      "patch-unknown-restore-point",
      "patch-readd-held-restore-point",
      "patch-malformed-json",
      "patch-malformed-items",
      "patch-malformed-applies-nothing",
      "unknown-session",
      "deleted-session",
      "activated-session-is-locked",
      "auth-required",
      "artifact-list-paging",
    ]) {
      expect(ids.has(required), required).toBe(true);
    }
    expect(scenarios.filter((scenario) => scenario.level === "schema").length).toBeGreaterThan(8);
    expect(scenarios.filter((scenario) => scenario.level === "behavior").length).toBeGreaterThan(15);
    const malformed = scenarios.find((scenario) => scenario.id === "patch-malformed-items");
    expect(malformed?.steps.map((step) => step.id)).toEqual(
      expect.arrayContaining([
        "both-keys",
        "restore-point-string",
        "unknown-destination-type",
        "missing-destination-type",
        "unknown-removed-reason",
        "removal-without-id",
      ]),
    );
    expect(scenarios.find((scenario) => scenario.id === "patch-fifty-items")?.needs.poolEntries).toBe(50);
    expect(scenarios.find((scenario) => scenario.id === "patch-over-limit")?.needs.poolEntries).toBe(51);
  });

  it("the safety tags match what the steps do: every request that is not a GET writes, activation activates", () => {
    for (const scenario of scenarios) {
      const operations = scenario.workloads.flatMap((workload) =>
        scenario.steps.map((step) => stepOperationId(step, workload)),
      );
      const writes = operations.some((operationId) => operation(operationId).method !== "get");
      const activates = operations.includes("activateRestoreSession");
      expect(scenario.tags.includes("writes"), scenario.id).toBe(writes);
      expect(scenario.tags.includes("activates"), scenario.id).toBe(activates);
    }
  });

  it("every assertion names a source that sources.yaml lists", () => {
    const registry = sourceRegistry();
    let named = 0;
    for (const scenario of scenarios) {
      for (const step of scenario.steps) {
        const expectations = "anyOf" in step.expect ? step.expect.anyOf : [step.expect];
        for (const expectation of expectations) {
          const sources = [
            expectation.source,
            ...Object.values(expectation.sources ?? {}),
            ...(expectation.body ?? []).flatMap((assertion) => assertion.source ?? []),
          ];
          for (const source of sources) {
            expect(registry.has(source), `${scenario.id} › ${step.id}: ${source}`).toBe(true);
            named++;
          }
        }
      }
    }
    expect(named).toBeGreaterThan(200);
  });
});

const STEP = `
      - id: create
        operationId: createExchangeRestoreSession
        body: {}
        expect: { source: graph-create, status: 201 }
        outputs: { sessionId: $response.body#/id }`;

function file(scenarioBody: string): string {
  return `description: a test file\nscenarios:\n  - id: broken\n    description: a broken scenario is rejected\n    level: behavior\n    tags: [writes]\n${scenarioBody}`;
}

describe("a broken scenario file is rejected with its place named", () => {
  const cases: Array<[string, string, RegExp]> = [
    ["YAML that does not parse", "description: [unclosed\n", /^broken\.yaml: not valid YAML: /],
    [
      "an unknown key",
      file(`    steps:${STEP}\n        retries: 3`),
      /^broken\.yaml: does not match scenario\.schema\.json: \/scenarios\/0\/steps\/0: must NOT have additional properties "retries"/,
    ],
    [
      "a description that says should",
      file(`    steps:${STEP}`).replace("a broken scenario is rejected", "the server should reject it"),
      /^broken\.yaml: does not match scenario\.schema\.json: \/scenarios\/0\/description: must NOT be valid/,
    ],
    [
      "a description over 150 characters",
      file(`    steps:${STEP}`).replace("a broken scenario is rejected", "x".repeat(151)),
      /\/scenarios\/0\/description: must NOT have more than 150 characters/,
    ],
    [
      "an unknown operation",
      file(`    steps:${STEP.replace("createExchangeRestoreSession", "createSession")}`),
      /\/scenarios\/0\/steps\/0\/operationId: must be equal to one of the allowed values/,
    ],
    [
      "an unknown level",
      file(`    steps:${STEP}`).replace("level: behavior", "level: smoke"),
      /\/scenarios\/0\/level: must be equal to one of the allowed values/,
    ],
    [
      "an expectation without a source",
      file(`    steps:${STEP.replace("source: graph-create, ", "")}`),
      /\/scenarios\/0\/steps\/0\/expect: must have required property 'source'/,
    ],
    [
      "a malformed generator",
      file(
        `    steps:\n      - id: patch\n        operationId: updateExchangeRestoreSession\n        path: { exchangeRestoreSessionId: x }\n        delta: [{ $additions: { restorePoint: "$pool[0]" } }]\n        expect: { source: graph-get-session, status: 200 }`,
      ),
      /\/scenarios\/0\/steps\/0\/delta\/0\/\$additions: must have required property 'restorePoints'/,
    ],
  ];
  it.each(cases)("%s", (_, text, message) => {
    expect(() => parseScenarioFile("broken.yaml", text)).toThrow(message);
    expect(() => parseScenarioFile("broken.yaml", text)).toThrow(ConfigError);
  });

  it("semantic mistakes are caught at load time: outputs used before they exist, unknown examples, path parameters", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const load = (text: string) => {
      const dir = mkdtempSync(join(tmpdir(), "scenarios-"));
      writeFileSync(join(dir, "topic.yaml"), text);
      return () => loadScenarios(dir);
    };
    expect(
      load(
        file(
          `    steps:\n      - id: get\n        operationId: getExchangeRestoreSession\n        path: { exchangeRestoreSessionId: $steps.create.outputs.sessionId }\n        expect: { source: graph-get-session, status: 200 }`,
        ),
      ),
    ).toThrow(
      "topic.yaml: scenario broken, step get: uses $steps.create.outputs.sessionId, which no earlier step declares",
    );
    expect(
      load(
        file(
          `    steps:\n      - id: create\n        operationId: createExchangeRestoreSession\n        bodyExample: NoSuchExample\n        expect: { source: graph-create, status: 201 }`,
        ),
      ),
    ).toThrow("topic.yaml: scenario broken, step create: the contract has no example named NoSuchExample");
    expect(
      load(
        file(
          `    steps:\n      - id: get\n        operationId: getExchangeRestoreSession\n        expect: { source: graph-get-session, status: 200 }`,
        ),
      ),
    ).toThrow(
      "topic.yaml: scenario broken, step get: getExchangeRestoreSession needs path parameter(s) exchangeRestoreSessionId",
    );
    expect(
      load(
        file(
          `    steps:\n      - id: get\n        operationId: getExchangeRestoreSession\n        path: { exchangeRestoreSessionId: "$pool[x]" }\n        expect: { source: graph-get-session, status: 200 }`,
        ),
      ),
    ).toThrow(/^topic\.yaml: scenario broken, step get: "\$pool\[x\]" is not an expression/);
    expect(
      load(
        file(
          `    steps:\n      - id: get\n        operationId: getExchangeRestoreSession\n        path: { exchangeRestoreSessionId: x }\n        pages: all\n        expect: { source: graph-get-session, status: 200 }`,
        ),
      ),
    ).toThrow("topic.yaml: scenario broken, step get: pages applies to list operations only");
    expect(load(file(`    steps:${STEP}${STEP}`))).toThrow(
      "topic.yaml: scenario broken, step create: step id used twice",
    );
    expect(load(file(`    steps:${STEP}`).replace("    tags: [writes]\n", ""))).toThrow(
      "topic.yaml: scenario broken, step create: sends POST (createExchangeRestoreSession), so the scenario must be tagged writes (a read-only run sends only GET)",
    );
    expect(load(file(`    steps:${STEP.replace("source: graph-create", "source: my-opinion")}`))).toThrow(
      'topic.yaml: scenario broken, step create: names source "my-opinion", which conformance/sources.yaml does not list',
    );
  });
});

describe("scenarios are written once for the family and run per workload", () => {
  const template = (id: string) => {
    const found = scenarios.find((scenario) => scenario.id === id);
    if (!found) throw new Error(`no scenario ${id}`);
    return found;
  };

  it("the bundled files name abstract operations and the workload's keys, never Exchange's", () => {
    const directory = defaultScenariosDirectory();
    for (const name of readdirSync(directory)) {
      const text = readFileSync(join(directory, name), "utf8");
      expect(text, name).not.toMatch(/operationId:|exchangeRestoreSessionId|restoreSessionBaseId/);
      // Exchange's keys appear only inside the published page's comment that a raw body reproduces.
      expect(text.replaceAll("//Create a new mailbox restore artifact", ""), name).not.toMatch(
        /mailboxRestoreArtifacts/,
      );
    }
    expect(scenarios.filter((scenario) => scenario.workloads.length === 3).length).toBeGreaterThan(50);
  });

  it("a scenario runs in every workload unless an example or a concrete operation ties it to one", () => {
    expect(template("seed-patch").workloads).toEqual(["exchange", "onedrive", "sharepoint"]);
    expect(template("seed-patch-odata-id").workloads).toEqual(["exchange"]);
    expect(template("session-in-its-own-collection")).toMatchObject({ crossWorkload: true });
  });

  it("in a workload, each step names that workload's operation, path parameter, example and sources", () => {
    const seed = scenarioForWorkload(template("seed-patch"), "onedrive", ["onedrive"]);
    expect(seed?.workload).toBe("onedrive");
    expect(seed?.steps.map((step) => step.operationId)).toEqual([
      "createOneDriveForBusinessRestoreSession",
      "updateOneDriveForBusinessRestoreSession",
      "deleteOneDriveForBusinessRestoreSession",
    ]);
    const patch = seed?.steps[1];
    expect(patch?.path).toEqual({ oneDriveForBusinessRestoreSessionId: "$steps.create.outputs.sessionId" });
    expect(patch?.bodyExample).toBe("OneDriveUpdateRequestSeed");
    expect(patch?.expect).toMatchObject({ source: "onedrive-update-example" });
    expect(seed?.needs.restorePoints).toEqual(expect.arrayContaining(["1b014d8c-71fe-4d00-a01a-31850bc5b32c"]));
    const draft = scenarioForWorkload(template("session-created-as-draft"), "sharepoint", ["sharepoint"]);
    expect(draft?.steps[0]?.expect).toMatchObject({ source: "sharepoint-create-empty", sources: { body: "E42" } });
    const activation = scenarioForWorkload(template("activate-session"), "sharepoint", ["sharepoint"]);
    expect(activation?.steps.find((step) => step.operationId === "activateRestoreSession")?.path).toEqual({
      restoreSessionBaseId: "$steps.create.outputs.sessionId",
    });
    expect(scenarioForWorkload(template("seed-patch-odata-id"), "onedrive", ["onedrive"])).toBeUndefined();
  });

  it("a cross-workload step runs once in each other workload judged; with none judged the scenario does not run", () => {
    const isolation = template("session-in-its-own-collection");
    expect(scenarioForWorkload(isolation, "exchange", ["exchange"])).toBeUndefined();
    const instance = scenarioForWorkload(isolation, "onedrive", ["exchange", "onedrive", "sharepoint"]);
    const ids = instance?.steps.map((step) => `${step.id}: ${step.operationId}`) ?? [];
    expect(ids).toContain("get-elsewhere-exchange: getExchangeRestoreSession");
    expect(ids).toContain("get-elsewhere-sharepoint: getSharePointRestoreSession");
    expect(ids).not.toContain("get-elsewhere-onedrive: getOneDriveForBusinessRestoreSession");
    expect(ids[0]).toBe("create: createOneDriveForBusinessRestoreSession");
  });

  it("mistakes of the family vocabulary are caught at load time", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const load = (steps: string) => {
      const dir = mkdtempSync(join(tmpdir(), "scenarios-"));
      writeFileSync(join(dir, "topic.yaml"), file(`    steps:\n${steps}`));
      return () => loadScenarios(dir);
    };
    const create = `      - id: create\n        operation: createSession\n        body: {}\n        expect: { source: graph-create, status: 201 }\n        outputs: { sessionId: $response.body#/id }\n`;
    expect(
      load(
        `${create}      - id: get\n        operation: getSession\n        path: { exchangeRestoreSessionId: $steps.create.outputs.sessionId }\n        expect: { source: graph-get-session, status: 200 }`,
      ),
    ).toThrow(
      "topic.yaml: scenario broken, step get: getSession names the session as path.session, not exchangeRestoreSessionId",
    );
    expect(
      load(
        `${create}      - id: get\n        workload: other\n        operationId: getOneDriveForBusinessRestoreSession\n        path: { oneDriveForBusinessRestoreSessionId: x }\n        expect: { source: graph-get-session, status: 404 }`,
      ),
    ).toThrow("step get: workload: other needs an abstract operation (operation:, not operationId:)");
    expect(
      load(
        `${create}      - id: get\n        workload: other\n        operation: getSession\n        path: { session: x }\n        expect: { source: graph-get-session, status: 404 }\n        outputs: { id: $response.body#/id }`,
      ),
    ).toThrow("step get: a step that runs in the other workloads declares no outputs");
    expect(
      load(
        `      - id: create\n        operationId: createOneDriveForBusinessRestoreSession\n        body: {}\n        expect: { source: graph-create, status: 201 }\n      - id: patch\n        operation: updateSession\n        path: { session: x }\n        bodyExample: UpdateRequestSeedEn\n        expect: { source: graph-update-example, status: 200 }`,
      ),
    ).toThrow(
      'topic.yaml: scenario broken: bodyExample "UpdateRequestSeedEn" fits none of the workloads its other steps run in',
    );
    expect(
      load(
        `${create}      - id: get\n        operation: getSession\n        path: { session: x }\n        delta: [{ $additions: { restorePoints: "$pool[0]" } }]\n        expect: { source: graph-get-session, status: 200 }`,
      ),
    ).toThrow(/step get \((exchange|onedrive|sharepoint)\): getSession takes no request body/);
    expect(
      load(
        `      - id: create\n        operation: createSession\n        body: { "{$workload.deltaKeys}": [] }\n        expect: { source: graph-create, status: 201 }`,
      ),
    ).toThrow(/step create: "\$workload\.deltaKeys" is not an expression/);
  });
});
