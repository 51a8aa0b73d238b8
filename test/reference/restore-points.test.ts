// The restore points the server knows by default (and the runner's default --restore-point list), and the
// --restore-points FILE|ID,… input.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  DOCUMENTED_RESTORE_POINTS,
  defaultRestorePoints,
  generatedRestorePoints,
  loadRestorePoints,
  parseRestorePointList,
} from "../../conformance/reference/restore-points.ts";
import { example } from "./harness.ts";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const dir = mkdtempSync(join(tmpdir(), "reference-rp-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("defaults", () => {
  it("start with every restore point the seed requests use, and the real-shaped id of the list page", () => {
    const defaults = defaultRestorePoints();
    for (const name of ["UpdateRequestSeedEn", "UpdateRequestSeedZh", "UpdateRequestAddOnly", "CreateRequestWithArtifacts"]) {
      const value = example(name);
      const items = value["mailboxRestoreArtifacts@delta"] ?? value.mailboxRestoreArtifacts;
      const references = items.filter((item: any) => "restorePoint" in item).map((item: any) => item.restorePoint);
      expect(references.length).toBeGreaterThan(0);
      for (const ref of references) expect(defaults).toContain(ref.id ?? ref["@odata.id"]);
    }
    expect(defaults.slice(0, DOCUMENTED_RESTORE_POINTS.length)).toEqual([...DOCUMENTED_RESTORE_POINTS]);
    expect(defaults).toContain("ffd2687a-f507-4a82-9dff-2fa78cfdaa41_1801645000_12_2");
  });

  it("add at least 120 generated ids: unique, deterministic, and not all GUID-shaped", () => {
    const generated = generatedRestorePoints();
    expect(generated.length).toBeGreaterThanOrEqual(120);
    expect(new Set(defaultRestorePoints()).size).toBe(defaultRestorePoints().length);
    expect(generatedRestorePoints()).toEqual(generated);
    const guids = generated.filter((id) => GUID.test(id));
    expect(guids.length).toBeGreaterThan(0);
    expect(guids.length).toBeLessThan(generated.length);
    expect(generated.filter((id) => /^[0-9a-f-]{36}_\d+_\d+_\d+$/.test(id)).length).toBe(generated.length - guids.length);
  });
});

describe("--restore-points", () => {
  it("reads a JSON array file", () => {
    const file = join(dir, "points.json");
    writeFileSync(file, JSON.stringify(["a", "b", "a"]));
    expect(loadRestorePoints(file)).toEqual(["a", "b"]);
  });

  it("reads a file with one id per line, ignoring blank lines and # comments", () => {
    const file = join(dir, "points.txt");
    writeFileSync(file, "# tenant A\nrp-1\r\n\n  rp-2  \n");
    expect(loadRestorePoints(file)).toEqual(["rp-1", "rp-2"]);
  });

  it("reads a comma-separated list when the argument is not a file", () => {
    expect(loadRestorePoints("x-1, x-2,,x-3")).toEqual(["x-1", "x-2", "x-3"]);
  });

  it.each([
    ["[1, 2]", /item 0 is 1/],
    ['["ok", ""]', /item 1 is ""/],
    ["[oops", /not a valid JSON array/],
    ["# only a comment\n", /no restore-point ids/],
  ])("rejects %j", (text, message) => {
    expect(() => parseRestorePointList(text, "points.json")).toThrow(message);
  });

  it("rejects an empty list", () => {
    expect(() => loadRestorePoints(" , ")).toThrow(/no restore-point ids/);
  });
});
