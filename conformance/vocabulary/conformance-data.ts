// Locates the suite's data (scenarios, schemas, expectations) whether the runner runs from conformance/ or from
// the compiled dist/conformance/ (tsc copies no data files; the package ships conformance/ data beside dist/).
import { join } from "node:path";
import { locateAbove } from "../../src/contract/document.ts";

export function locateConformanceData(relative: string): string {
  return locateAbove(join("conformance", relative), import.meta.url);
}

/** `.ts` when running from source, `.js` when compiled: for spawning sibling entry points. */
export const MODULE_EXTENSION = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
