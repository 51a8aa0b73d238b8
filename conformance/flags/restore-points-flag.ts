// `--restore-points FILE|ID,ID,…` (and its repeatable alias `--restore-point`), read the same way by both CLIs:
// the conformance runner's and the reference server's. Which of the two a value is gets decided from the value
// itself, never by asking the file system about an arbitrary string (a 51-id list is 2.7 kB, far past a file
// name's 255): a value with a comma is a list; a value that looks like a path must name a file (a mistyped one is
// an error naming it, never an id); a single word is a file only if one of that name exists in the current
// directory, else one id. A list file is read up to MAX_LIST_FILE_BYTES (so `/dev/zero` fails fast) and must hold
// a JSON array of non-empty strings or one id per line. Messages show a long value shortened, with its size.
import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";

/** The largest restore-point list file read (about 80 000 real-length ids). */
export const MAX_LIST_FILE_BYTES = 4 * 1024 * 1024;
const MAX_LIST_FILE_SIZE = "4 MiB";
/** A single path component longer than this cannot name a file on the file systems Node runs on. */
const MAX_FILE_NAME = 255;

/** The rules above, for the `--help` of both CLIs. */
export const RESTORE_POINTS_HELP = `Restore points: --restore-points FILE reads a JSON array of ids or one id per line (# comments) from a
file of at most ${MAX_LIST_FILE_SIZE}; --restore-points ID,ID,… lists them (51 real-length ids are fine). A value with a comma is
always a list of ids; a value with / or \\, ending in .json or .txt, or starting with . must name a file; any other
single word is a file if one of that name exists in the current directory, and one id if not.`;

/** Contains a path separator, ends in .json or .txt, or starts with a dot: meant as a file, not as an id. */
export function looksLikePath(value: string): boolean {
  return /[/\\]/.test(value) || /\.(json|txt)$/i.test(value) || value.startsWith(".");
}

/** A value in a message: quoted, and when long, its start and end with its length, never the whole of it. */
export function shownValue(value: string, max = 60): string {
  if (value.length <= max) return JSON.stringify(value);
  const head = Math.ceil((max * 2) / 3);
  return `${JSON.stringify(`${value.slice(0, head)}…${value.slice(value.length - (max - head))}`)} (${value.length} characters)`;
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

function describeJson(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "a JSON object";
  if (typeof value === "string") return `the string ${shownValue(value)}`;
  return `${typeof value === "number" ? "the number" : "the value"} ${String(value)}`;
}

/** A file path in a message: whole unless it is absurdly long. */
function shownPath(path: string): string {
  return path.length <= 200 ? path : shownValue(path, 200);
}

/**
 * Parses a restore-point list file: a JSON array of non-empty strings, or one id per line (`#` comments, blank
 * lines ignored). `source` (the file's path) names the file in messages; a name ending in .json means JSON.
 */
export function parseRestorePointList(text: string, source: string, json = /\.json$/i.test(source)): string[] {
  const nul = text.indexOf("\u0000");
  if (nul !== -1)
    throw new Error(`${source}: not a list of restore-point ids: it holds binary data (a NUL byte at offset ${nul})`);
  const trimmed = text.replace(/^\uFEFF/, "").trim();
  if (trimmed === "") throw new Error(`${source}: no restore-point ids`);
  let ids: string[];
  // JSON: a file named *.json, or text opening like a JSON array, object or string (never an id).
  if (json || /^[[{"]/.test(trimmed)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new Error(`${source}: not a valid JSON array of restore-point ids: ${(error as Error).message}`);
    }
    if (!Array.isArray(parsed))
      throw new Error(`${source}: expected a JSON array of restore-point ids, found ${describeJson(parsed)}`);
    parsed.forEach((id: unknown, index) => {
      if (typeof id !== "string" || id.trim() === "") {
        throw new Error(
          `${source}: item ${index} is ${id === "" ? '""' : describeJson(id)}; every restore-point id must be a non-empty string`,
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

/** Reads at most MAX_LIST_FILE_BYTES of a file, pipe or device; more is an error, found after one read too many. */
function readCapped(path: string): string {
  const shown = shownPath(path);
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new Error(
        `${shown}: no such file (a value with / or \\, ending in .json or .txt, or starting with . is read as a file, not as an id)`,
      );
    throw new Error(`cannot read ${shown}: ${code ?? (error as Error).message}`);
  }
  try {
    if (fstatSync(fd).isDirectory())
      throw new Error(`${shown} is a directory; give a file of restore-point ids or ID,ID,…`);
    const buffer = Buffer.alloc(MAX_LIST_FILE_BYTES + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > MAX_LIST_FILE_BYTES)
        throw new Error(
          `${shown} is larger than ${MAX_LIST_FILE_SIZE}, the most a restore-point list file may hold; is it the right file?`,
        );
    }
    return buffer.toString("utf8", 0, length);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
    throw new Error(`cannot read ${shown}: ${(error as NodeJS.ErrnoException).code}`);
  } finally {
    closeSync(fd);
  }
}

function readListFile(path: string): string[] {
  return parseRestorePointList(readCapped(path), shownPath(path), /\.json$/i.test(path));
}

/** A single word (no comma, not path-like) that names an existing file here: checked only when it can be a name. */
function namesFileHere(value: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a name with control characters is not looked up
  if (value.length > MAX_FILE_NAME || /[\u0000-\u001f]/.test(value)) return false;
  try {
    return statSync(value, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

function readCommaList(value: string): string[] {
  const entries = value.split(",").map((entry) => entry.trim());
  const where = (index: number) =>
    `${shownValue(value)}${value.length > 60 ? ` holding ${entries.length} entries` : ""}: entry ${index + 1} of ${entries.length}`;
  entries.forEach((entry, index) => {
    if (entry === "") throw new Error(`${where(index)} is empty`);
    if (looksLikePath(entry)) {
      throw new Error(
        `${where(index)}, ${shownValue(entry)}, looks like a file name; a comma list holds ids only (give a file as a --restore-points of its own)`,
      );
    }
  });
  return unique(entries);
}

/** The ids one `--restore-points` value names. Throws an Error that says what was wrong and where. */
export function readRestorePointsOption(value: string): string[] {
  if (value.trim() === "") throw new Error("the restore-point list is empty");
  if (value.includes(",")) return readCommaList(value);
  const single = value.trim();
  if (looksLikePath(single) || namesFileHere(single)) return readListFile(single);
  return [single];
}

/**
 * A commander argParser for `--restore-points` and its alias `--restore-point`: every use of either adds to one
 * list, in command-line order (duplicates dropped). Give both options the same parser from one call.
 * `toUsageError` turns a message into the CLI's usage error (it may also report it and throw, as commander's
 * `program.error` does; commander's own InvalidArgumentError would echo the whole value again).
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
