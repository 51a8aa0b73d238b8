// Locates the suite's data (scenarios, schemas, registries, expectations) whether the runner runs from conformance/
// or from the compiled dist/conformance/ (tsc copies no data files; the package ships conformance/ data beside
// dist/), and reads a YAML data file checked against its JSON Schema.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { locateAbove } from "../../src/contract/document.ts";
import { ConfigError } from "./config-error.ts";

export function locateConformanceData(relative: string): string {
  return locateAbove(join("conformance", relative), import.meta.url);
}

/** `.ts` when running from source, `.js` when compiled: for spawning sibling entry points. */
export const MODULE_EXTENSION = import.meta.url.endsWith(".ts") ? ".ts" : ".js";

/** How a user starts this runner: `npm run conformance --` in a clone (the sources), the package's bin where the
 *  package is installed (the compiled dist/). For commands the runner prints. */
export const RUNNER_COMMAND = MODULE_EXTENSION === ".ts" ? "npm run conformance --" : "npx exchange-restore-contract";

/** The scenario schema as a file saved where RUNNER_COMMAND runs finds it (the clone's root, or the project that
 *  installed the package), for the `$schema` of a scenario the runner prints. */
export const SCENARIO_SCHEMA_REFERENCE =
  MODULE_EXTENSION === ".ts"
    ? "conformance/scenario.schema.json"
    : "node_modules/exchange-restore-contract/conformance/scenario.schema.json";

/**
 * Parses a YAML data file and validates it against one of the suite's schemas (`sources.schema.json`, …). Throws
 * ConfigError naming `what` (e.g. "sources file"), the path and the first problems.
 */
export function readDataFile<T>(path: string, schemaFile: string, what: string): T {
  let data: unknown;
  try {
    data = parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ConfigError(`${what} ${path}: ${(error as Error).message.split("\n")[0]}`);
  }
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile(
    JSON.parse(readFileSync(locateConformanceData(schemaFile), "utf8")) as object,
  );
  if (!validate(data)) {
    const errors = (validate.errors ?? [])
      .slice(0, 3)
      .map((error) => `${error.instancePath || "(root)"}: ${error.message}`);
    throw new ConfigError(`${what} ${path} does not match ${schemaFile}: ${errors.join("; ")}`);
  }
  return data as T;
}
