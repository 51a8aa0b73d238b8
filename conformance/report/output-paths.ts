// Report paths (--report-json, --junit) are made ready before the first request: missing directories are created
// one level at a time and the file is opened for writing, or the run is refused with a message naming the path and
// the problem. A recursive mkdir is never used: under /proc it loops forever instead of failing.
import { closeSync, mkdirSync, openSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ConfigError } from "../vocabulary/config-error.ts";

export interface PreparedOutput {
  flag: string;
  path: string;
  /** The file did not exist before (an unused one is removed when the run never starts). */
  created: boolean;
}

function problem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = (error as Error).message.replace(/^[A-Z]+: /, "").replace(/, \w+ '.*'$/, "");
  return code ? `${code}, ${message}` : message;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ENOENT";
}

/** The directories above `file` that do not exist yet, outermost first; throws when an ancestor is not a directory. */
function missingDirectories(file: string, flag: string, given: string): string[] {
  const missing: string[] = [];
  for (let directory = dirname(file); ; directory = dirname(directory)) {
    try {
      if (statSync(directory).isDirectory()) return missing;
      throw new ConfigError(`${flag} ${given}: ${directory} exists and is not a directory`);
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      if (!isMissing(error) || dirname(directory) === directory)
        throw new ConfigError(`${flag} ${given}: cannot use the directory ${directory} (${problem(error)})`);
      missing.unshift(directory);
    }
  }
}

/** Creates what `path` needs and proves the file can be written (without truncating an existing one). */
export function prepareOutput(flag: string, given: string): PreparedOutput {
  if (given.trim() === "") throw new ConfigError(`${flag} needs a file path`);
  const path = resolve(given);
  for (const directory of missingDirectories(path, flag, given)) {
    try {
      mkdirSync(directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST")
        throw new ConfigError(`${flag} ${given}: cannot create the directory ${directory} (${problem(error)})`);
    }
  }
  let existed = true;
  try {
    statSync(path);
  } catch {
    existed = false;
  }
  try {
    closeSync(openSync(path, "a"));
  } catch (error) {
    throw new ConfigError(`${flag} ${given}: cannot write this file (${problem(error)})`);
  }
  return { flag, path, created: !existed };
}

/** Prepares every given report path; two flags naming one file are refused. */
export function prepareOutputs(outputs: ReadonlyArray<{ flag: string; path: string | undefined }>): PreparedOutput[] {
  const prepared: PreparedOutput[] = [];
  try {
    for (const { flag, path } of outputs) {
      if (path === undefined) continue;
      const ready = prepareOutput(flag, path);
      const clash = prepared.find((other) => other.path === ready.path);
      if (clash)
        throw new ConfigError(`${clash.flag} and ${flag} name the same file ${path}; give each report its own file`);
      prepared.push(ready);
    }
  } catch (error) {
    discardUnused(prepared);
    throw error;
  }
  return prepared;
}

/** Removes the files prepareOutputs created when the run never produced a report. */
export function discardUnused(outputs: readonly PreparedOutput[]): void {
  for (const output of outputs) {
    if (!output.created) continue;
    try {
      if (statSync(output.path).size === 0) unlinkSync(output.path);
    } catch {
      // already gone
    }
  }
}

/** Writes a report to a prepared path. */
export function writeOutput(output: PreparedOutput, text: string): void {
  try {
    writeFileSync(output.path, text);
  } catch (error) {
    throw new ConfigError(`${output.flag} ${output.path}: cannot write the report (${problem(error)})`);
  }
}
