// `--restore-points FILE|ID,ID,…` (and its repeatable alias `--restore-point`), read the same way by both CLIs:
// the conformance runner's and the reference server's. A value that names an existing file is read (a JSON array
// of ids, or one id per line with `#` comments); a value that looks like a path but names nothing is an error
// naming that path, never an id; anything else is a comma-separated list, where an empty entry is an error.
import { readFileSync, statSync } from "node:fs";

/** Contains a path separator, ends in .json or .txt, or starts with a dot: meant as a file, not as an id. */
export function looksLikePath(value: string): boolean {
  return /[/\\]/.test(value) || /\.(json|txt)$/i.test(value) || value.startsWith(".");
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/** Parses a restore-point list file: a JSON array of non-empty strings, or one id per line (`#` comments, blank lines ignored). */
export function parseRestorePointList(text: string, source: string): string[] {
  const trimmed = text.trim();
  let ids: string[];
  if (trimmed.startsWith("[")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new Error(`${source}: not a valid JSON array of restore-point ids: ${(error as Error).message}`);
    }
    if (!Array.isArray(parsed)) throw new Error(`${source}: expected a JSON array of restore-point ids`);
    parsed.forEach((id: unknown, index) => {
      if (typeof id !== "string" || id.trim() === "") {
        throw new Error(
          `${source}: item ${index} is ${JSON.stringify(id)}; every restore-point id must be a non-empty string`,
        );
      }
    });
    ids = (parsed as string[]).map((id) => id.trim());
  } else {
    ids = trimmed
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#"));
  }
  if (ids.length === 0) throw new Error(`${source}: no restore-point ids`);
  return unique(ids);
}

function readListFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
  return parseRestorePointList(text, path);
}

/** The ids one `--restore-points` value names. Throws an Error that says what was wrong and where. */
export function readRestorePointsOption(value: string): string[] {
  const stats = statSync(value, { throwIfNoEntry: false });
  if (stats?.isDirectory()) throw new Error(`${value} is a directory; give a file of restore-point ids or ID,ID,…`);
  if (stats) return readListFile(value);
  const entries = value.split(",").map((entry) => entry.trim());
  entries.forEach((entry, index) => {
    const where = entries.length === 1 ? "" : `${JSON.stringify(value)}: entry ${index + 1} of ${entries.length} `;
    if (entry === "") throw new Error(entries.length === 1 ? "the restore-point list is empty" : `${where}is empty`);
    if (looksLikePath(entry)) {
      throw new Error(
        `${where}${entry}: no such file (a value with / or \\, ending in .json or .txt, or starting with . is read as a file, not as an id)`,
      );
    }
  });
  return unique(entries);
}

/**
 * A commander argParser for `--restore-points` and its alias `--restore-point`: every use of either adds to one
 * list, in command-line order (duplicates dropped). Give both options the same parser from one call.
 */
export function restorePointsAccumulator(toUsageError: (message: string) => Error): (value: string) => string[] {
  const all: string[] = [];
  return (value) => {
    let ids: string[];
    try {
      ids = readRestorePointsOption(value);
    } catch (error) {
      throw toUsageError((error as Error).message);
    }
    for (const id of ids) if (!all.includes(id)) all.push(id);
    return all;
  };
}
