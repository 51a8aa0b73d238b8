// The registry of where assertions come from: every source is well-formed, every contract decision is an ERRATA
// entry that exists and is listed in the advisory table (docs/advisories.md), and every check names a source.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHECKS } from "../../conformance/checks/index.ts";
import { loadSourceRegistry, sourceRegistry } from "../../conformance/vocabulary/source-registry.ts";
import { renderMarkdownPage } from "../../scripts/docs/markdown-page.ts";

const registry = sourceRegistry();
const contractSources = registry.all().filter((source) => source.kind === "contract");

describe("conformance/sources.yaml", () => {
  it("names every kind of source, and each contract decision is an ERRATA entry whose heading exists", () => {
    expect(new Set(registry.all().map((source) => source.kind))).toEqual(
      new Set(["docs", "odata", "http", "contract"]),
    );
    const errataAnchors = renderMarkdownPage(readFileSync("spec/ERRATA.md", "utf8"), "spec/ERRATA.md", new Map()).ids;
    expect(contractSources.length).toBeGreaterThan(5);
    for (const source of contractSources) {
      expect(source.id, source.id).toMatch(/^E[0-9]+$/);
      const anchor = source.url.replace("spec/ERRATA.md#", "");
      expect(anchor.startsWith(`${source.id.toLowerCase()}-`), source.url).toBe(true);
      expect(errataAnchors.has(anchor), `${source.id}: ${source.url}`).toBe(true);
    }
    for (const source of registry.all().filter((candidate) => candidate.errata !== undefined)) {
      expect(
        [...errataAnchors].some((anchor) => anchor.startsWith(`${source.errata?.toLowerCase()}-`)),
        `${source.id} → ${source.errata}`,
      ).toBe(true);
    }
  });

  it("the advisory table (docs/advisories.md) lists exactly the contract decisions, each linked to its ERRATA entry", () => {
    const page = readFileSync("docs/advisories.md", "utf8");
    const table = page.slice(page.indexOf("| ERRATA | the contract's decision | why |"));
    const rows = [...table.matchAll(/^\| \[(E[0-9]+)\]\(\.\.\/(spec\/ERRATA\.md#[^)]+)\) \|/gm)].map(
      (match) => `${match[1]} ${match[2]}`,
    );
    expect(rows.sort()).toEqual(contractSources.map((source) => `${source.id} ${source.url}`).sort());
  });

  it("a schema decision must name a contract source", () => {
    const bad =
      "description: x\nsources:\n  graph-openapi-schema: { kind: docs, title: t, url: 'https://example.com' }\nschemaDecisions:\n  - { pointer: /a, keywords: [required], source: graph-openapi-schema }\n";
    const path = join(mkdtempSync(join(tmpdir(), "sources-")), "sources.yaml");
    writeFileSync(path, bad);
    expect(() => loadSourceRegistry(path)).toThrow(
      /schema decision \/a names graph-openapi-schema, which is not a contract decision/,
    );
  });

  it("every check that does not judge a step's own expectation names its source", () => {
    for (const check of CHECKS) {
      if (check.usesExpectation) continue;
      expect(check.source, check.name).toBeDefined();
      expect(registry.has(check.source as string), check.name).toBe(true);
    }
  });
});
