// Locates the suite's data (scenarios, schemas, expectations) whether the runner runs from conformance/ or from
// the compiled dist/conformance/ (tsc copies no data files; the package ships conformance/ data beside dist/).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export function locateConformanceData(relative: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    const candidate = join(dir, "conformance", relative);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`conformance/${relative} not found above ${fileURLToPath(import.meta.url)}`);
}

/** `.ts` when running from source, `.js` when compiled: for spawning sibling entry points. */
export const MODULE_EXTENSION = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
