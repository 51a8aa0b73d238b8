// Every example in spec/components/examples is used, and validates against the schema of every body it illustrates.
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadOpenApiDocument } from "../../src/contract/document.ts";
import { operations } from "../../src/contract/operations.ts";
import { WORKLOAD_NAMES, WORKLOADS } from "../../src/contract/workloads.ts";
import { formatViolations, validateSchema } from "../../src/contract/validators.ts";
import { repoRoot } from "../../scripts/repo-root.ts";
import { mediaExamples } from "./media-examples.ts";

const document = loadOpenApiDocument();
const usages = mediaExamples(document);
const examplesDir = join(repoRoot, "spec/components/examples");
const exampleFiles = readdirSync(examplesDir).filter((file) => /\.ya?ml$/.test(file));

describe("every example validates against the schema of each body that shows it", () => {
  it("finds examples on every operation of the contract, the three workloads' and activation", () => {
    const operationsWithExamples = new Set(usages.map((usage) => usage.usage.split(" ")[0]));
    const familyOperations = new Set(WORKLOAD_NAMES.flatMap((name) => Object.values(WORKLOADS[name].operationIds)));
    expect(familyOperations.size).toBe(19);
    expect([...operationsWithExamples].sort()).toEqual([...familyOperations].sort());
    expect([...operations().keys()].sort()).toEqual([...familyOperations].sort());
  });

  it("shows each workload's PATCH its own published example, request and answer", () => {
    for (const name of WORKLOAD_NAMES) {
      const { operationIds, deltaKey } = WORKLOADS[name];
      const shown = usages.filter((usage) => usage.usage.startsWith(`${operationIds.update} `));
      const request = shown.find((usage) => usage.usage.endsWith("request application/json"));
      const answer = shown.find((usage) => usage.usage.includes(" response 200 "));
      expect(Object.keys(request?.value as object), name).toEqual([deltaKey]);
      expect(Object.keys(answer?.value as object), name).toContain(deltaKey);
    }
  });

  it.each(usages.map((usage) => [`${usage.usage} ${usage.exampleKey} → ${usage.schema}`, usage] as const))(
    "%s",
    (_name, usage) => {
      expect(usage.value, "example has no value").toBeDefined();
      const violations = validateSchema(usage.schema, usage.value);
      expect(violations, formatViolations(violations)).toEqual([]);
    },
  );
});

describe("every example file is used (no orphan) and is the one the bundle shows", () => {
  const referenced = new Set(usages.flatMap((usage) => (usage.component ? [usage.component] : [])));

  it("spec/components/examples is not empty", () => {
    expect(exampleFiles.length).toBeGreaterThan(0);
  });

  it.each(exampleFiles)("%s", (file) => {
    const name = basename(file).replace(/\.ya?ml$/, "");
    expect(referenced.has(name), `${file} is referenced by no request or response`).toBe(true);
    const bundled = (document.components.examples as Record<string, { value?: unknown }> | undefined)?.[name];
    const source = parse(readFileSync(join(examplesDir, file), "utf8")) as { value?: unknown };
    expect(bundled?.value).toEqual(source.value);
  });
});
