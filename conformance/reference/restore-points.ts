// The restore points the reference server knows by default: the documented ids plus deterministic generated ones
// (a list the user gives is read by ../flags/restore-points-flag.ts). The conformance runner uses the same defaults.
import { createHash } from "node:crypto";

/**
 * The restore-point ids the published pages use: the four seed ids, the real-shaped id of the Exchange list page,
 * and the two of the OneDrive and SharePoint create examples.
 */
export const DOCUMENTED_RESTORE_POINTS: readonly string[] = Object.freeze([
  "1b014d8c-71fe-4d00-a01a-31850bc5b32c",
  "2b014d8c-71fe-4d00-a01a-31850bc5b32c",
  "3b014d8c-71fe-4d00-a01a-31850bc5b32c",
  "4b014d8c-71fe-4d00-a01a-31850bc5b32c",
  "ffd2687a-f507-4a82-9dff-2fa78cfdaa41_1801645000_12_2",
  "1f1fccc3-a642-4f61-bf49-f37b9a888279",
  "1f1fccc3-a642-4f61-bf49-f37b9a888280",
]);

/** Enough for the 50/51-item scenarios twice over, with room for concurrency tests. */
export const GENERATED_RESTORE_POINT_COUNT = 128;

function guidFrom(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Deterministic restore-point ids: odd positions are GUIDs, even ones have the real service's
 * `{protectionUnitId}_{epochSeconds}_{n}_{m}` shape (restore-point ids are not GUIDs in real data).
 */
export function generatedRestorePoints(count = GENERATED_RESTORE_POINT_COUNT): string[] {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const hex = createHash("sha256").update(`exchange-restore-contract/restore-point/${index}`).digest("hex");
    const guid = guidFrom(hex);
    ids.push(index % 2 === 1 ? guid : `${guid}_${1801645000 + index * 3600}_${12 + (index % 7)}_${index % 3}`);
  }
  return ids;
}

/** The documented ids followed by the generated ones: the server's default and the runner's default list. */
export function defaultRestorePoints(): string[] {
  return [...DOCUMENTED_RESTORE_POINTS, ...generatedRestorePoints()];
}
