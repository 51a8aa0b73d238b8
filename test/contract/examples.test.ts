// Every example in spec/components/examples is used, and validates against the schema of every body it illustrates.
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadOpenApiDocument } from "../../src/contract/document.ts";
import { formatViolations, validateSchema } from "../../src/contract/validators.ts";
import { repoRoot } from "../../scripts/repo-root.ts";
import { mediaExamples } from "./media-examples.ts";

const document = loadOpenApiDocument();
const usages = mediaExamples(document);
const examplesDir = join(repoRoot, "spec/components/examples");
const exampleFiles = readdirSync(examplesDir).filter((file) => /\.ya?ml$/.test(file));

describe("every example validates against the schema of each body that shows it", () => {
  it("finds examples on every operation", () => {
    const operations = new Set(usages.map((usage) => usage.usage.split(" ")[0]));
    expect([...operations].sort()).toEqual([
      "activateRestoreSession",
      "createExchangeRestoreSession",
      "deleteExchangeRestoreSession",
      "getExchangeRestoreSession",
      "listExchangeRestoreSessions",
      "listMailboxRestoreArtifacts",
      "updateExchangeRestoreSession",
    ]);
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
