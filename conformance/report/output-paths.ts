// Report paths (--report-json, --junit) are made ready before the first request: missing directories are created
// one level at a time, the path is resolved through its symbolic links (two flags naming one file, by any path, are
// refused), and what the report will be written to is proven writable without creating or truncating the report
// itself — or the run is refused with a message naming the path and the problem. A recursive mkdir is never used:
// under /proc it loops forever instead of failing.
//
// A report is written to a temporary file beside it and renamed over it, so an interrupted run (a second signal,
// SIGKILL) leaves either the previous file or nothing, never an empty or half-written report. A character device
// (/dev/null, /dev/stdout on a terminal) or a named pipe is written in place; a pipe must have a reader, both when
// the run starts and when the report is written, since opening one without a reader would block the run (and its
// signal handling) for ever.
import {
  accessSync,
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { ConfigError } from "../vocabulary/config-error.ts";

export interface PreparedOutput {
  flag: string;
  /** The path as given, for messages. */
  given: string;
  /** The file the report goes to: the given path with every symbolic link resolved. */
  path: string;
  /** `replace`: written beside it and renamed over it; `in-place`: a device, a pipe or a stream, appended to. */
  mode: "replace" | "in-place";
}

function problem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = (error as Error).message.replace(/^[A-Z]+: /, "").replace(/, \w+ '.*'$/, "");
  return code ? `${code}, ${message}` : message;
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
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
      if (codeOf(error) !== "ENOENT" || dirname(directory) === directory)
        throw new ConfigError(`${flag} ${given}: cannot use the directory ${directory} (${problem(error)})`);
      missing.unshift(directory);
    }
  }
}

/** A temporary file's name beside `path` (hidden, unique to this process). */
function temporaryBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
}

/** Whether a named pipe has a reader now (opening it for writing without one would block). */
function pipeHasReader(path: string): boolean {
  try {
    closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
    return true;
  } catch (error) {
    if (codeOf(error) === "ENXIO") return false;
    throw error;
  }
}

const NO_READER = "is a named pipe (FIFO) with no reader; start its reader first or give a regular file";

/** The file `resolved` names once its symbolic links are followed (the file itself, or a link's target, need not
 *  exist yet). */
function finalPath(resolved: string, flag: string, given: string): string {
  let current = resolved;
  try {
    for (let hops = 0; hops < 40; hops++) {
      try {
        return realpathSync(current);
      } catch (error) {
        if (codeOf(error) !== "ENOENT") throw error;
      }
      let target: string | undefined;
      try {
        target = lstatSync(current).isSymbolicLink() ? readlinkSync(current) : undefined;
      } catch (error) {
        if (codeOf(error) !== "ENOENT") throw error;
      }
      if (target === undefined) return join(realpathSync(dirname(current)), basename(current));
      current = resolve(dirname(current), target);
    }
    throw Object.assign(new Error("too many symbolic links"), { code: "ELOOP" });
  } catch (error) {
    throw new ConfigError(`${flag} ${given}: cannot use this path (${problem(error)})`);
  }
}

/** Creates what `given` needs and proves the report can be written there, without touching an existing file. */
export function prepareOutput(flag: string, given: string): PreparedOutput {
  if (given.trim() === "") throw new ConfigError(`${flag} needs a file path`);
  const resolved = resolve(given);
  for (const directory of missingDirectories(resolved, flag, given)) {
    try {
      mkdirSync(directory);
    } catch (error) {
      if (codeOf(error) !== "EEXIST")
        throw new ConfigError(`${flag} ${given}: cannot create the directory ${directory} (${problem(error)})`);
    }
  }
  const cannotWrite = (error: unknown) =>
    new ConfigError(`${flag} ${given}: cannot write this file (${problem(error)})`);
  // A pipe or a device (/dev/stdout, /dev/null) is written where the given path points, as it is.
  let device: ReturnType<typeof statSync> | undefined;
  try {
    device = statSync(resolved);
  } catch (error) {
    if (codeOf(error) !== "ENOENT") throw cannotWrite(error);
  }
  if (device?.isFIFO()) {
    if (!pipeHasReader(resolved)) throw new ConfigError(`${flag} ${given}: ${NO_READER}`);
    return { flag, given, path: resolved, mode: "in-place" };
  }
  if (device?.isCharacterDevice()) {
    try {
      closeSync(openSync(resolved, "a"));
    } catch (error) {
      throw cannotWrite(error);
    }
    return { flag, given, path: resolved, mode: "in-place" };
  }
  const path = finalPath(resolved, flag, given);
  let existing: ReturnType<typeof statSync> | undefined;
  try {
    existing = statSync(path);
  } catch (error) {
    if (codeOf(error) !== "ENOENT") throw cannotWrite(error);
  }
  if (existing?.isDirectory()) throw cannotWrite(Object.assign(new Error("is a directory"), { code: "EISDIR" }));
  if (existing && !existing.isFile()) throw new ConfigError(`${flag} ${given}: is neither a file nor a device`);
  try {
    if (existing) accessSync(path, constants.W_OK);
    // The rename needs a file of our own beside the report: prove one can be created there.
    const probe = temporaryBeside(path);
    closeSync(openSync(probe, "wx"));
    unlinkSync(probe);
  } catch (error) {
    throw cannotWrite(error);
  }
  // A /proc or /dev path (/dev/stdout redirected to a file) is written in place, through the path as given:
  // renaming over the file would detach it from the stream.
  if (/^\/(proc|dev)\//.test(resolved)) return { flag, given, path: resolved, mode: "in-place" };
  return { flag, given, path, mode: "replace" };
}

/** Prepares every given report path; two flags naming one file (by any path or link) are refused. */
export function prepareOutputs(outputs: ReadonlyArray<{ flag: string; path: string | undefined }>): PreparedOutput[] {
  const prepared: PreparedOutput[] = [];
  for (const { flag, path } of outputs) {
    if (path === undefined) continue;
    const ready = prepareOutput(flag, path);
    const clash = prepared.find((other) => other.path === ready.path);
    if (clash) {
      const same = clash.given === ready.given ? path : `${clash.given} and ${path} (both ${ready.path})`;
      throw new ConfigError(`${clash.flag} and ${flag} name the same file ${same}; give each report its own file`);
    }
    prepared.push(ready);
  }
  return prepared;
}

/**
 * Writes a report to a prepared path: beside it, then renamed over it (a regular file), or directly (a device, a
 * pipe that still has a reader). Asynchronous, so that a slow reader never holds up signal handling.
 */
export async function writeOutput(output: PreparedOutput, text: string): Promise<void> {
  const failed = (error: unknown) =>
    new ConfigError(`${output.flag} ${output.given}: cannot write the report (${problem(error)})`);
  if (output.mode === "in-place") {
    try {
      if (statSync(output.path).isFIFO() && !pipeHasReader(output.path))
        throw new ConfigError(`${output.flag} ${output.given}: ${NO_READER} any more; the report was not written`);
      // Appended: a stream (/dev/stdout into a file) keeps what was written to it before.
      await writeFile(output.path, text, { flag: "a" });
    } catch (error) {
      throw error instanceof ConfigError ? error : failed(error);
    }
    return;
  }
  const temporary = temporaryBeside(output.path);
  try {
    // The report keeps the permissions of the file it replaces.
    const mode = (() => {
      try {
        return statSync(output.path).mode & 0o7777;
      } catch {
        return undefined;
      }
    })();
    writeFileSync(temporary, text, { flag: "wx", ...(mode === undefined ? {} : { mode }) });
    renameSync(temporary, output.path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // never created, or already renamed
    }
    throw failed(error);
  }
}
