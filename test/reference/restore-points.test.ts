// The restore points the server knows by default (and the runner's default list); reading --restore-points is
// tested in test/conformance/restore-points-flag.test.ts.
import { describe, expect, it } from "vitest";
import {
  DOCUMENTED_RESTORE_POINTS,
  defaultRestorePoints,
  generatedRestorePoints,
} from "../../conformance/reference/restore-points.ts";
import { example } from "./harness.ts";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("defaults", () => {
  it("start with every restore point the seed requests use, and the real-shaped id of the list page", () => {
    const defaults = defaultRestorePoints();
    for (const name of [
      "UpdateRequestSeedEn",
      "UpdateRequestSeedZh",
      "UpdateRequestAddOnly",
      "CreateRequestWithArtifacts",
    ]) {
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
    expect(generated.filter((id) => /^[0-9a-f-]{36}_\d+_\d+_\d+$/.test(id)).length).toBe(
      generated.length - guids.length,
    );
  });
});
