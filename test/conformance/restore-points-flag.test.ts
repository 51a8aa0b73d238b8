// `--restore-points FILE|ID,ID,…`, read the same way by the runner's and the reference server's CLIs: a file, a
// comma list, and a mistyped path reported as such instead of being taken for an id.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidArgumentError } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import {
  looksLikePath,
  parseRestorePointList,
  readRestorePointsOption,
  restorePointsAccumulator,
} from "../../conformance/flags/restore-points-flag.ts";

const dir = mkdtempSync(join(tmpdir(), "restore-points-option-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("a file", () => {
  it("holding a JSON array (duplicates dropped)", () => {
    expect(readRestorePointsOption(file("points.json", JSON.stringify(["a", "b", "a"])))).toEqual(["a", "b"]);
  });

  it("holding one id per line, blank lines and # comments ignored", () => {
    expect(readRestorePointsOption(file("points.txt", "# tenant A\nrp-1\r\n\n  rp-2  \n"))).toEqual(["rp-1", "rp-2"]);
  });

  it("of any name, as long as it exists", () => {
    expect(readRestorePointsOption(file("ids", "rp-9\n"))).toEqual(["rp-9"]);
  });

  it.each([
    ["[1, 2]", /item 0 is 1/],
    ['["ok", ""]', /item 1 is ""/],
    ["[oops", /not a valid JSON array/],
    ["# only a comment\n", /no restore-point ids/],
    ["", /no restore-point ids/],
  ])("refused when it holds %j, naming the file", (text, message) => {
    expect(() => parseRestorePointList(text, "points.json")).toThrow(message);
    const path = file("bad.json", text);
    expect(() => readRestorePointsOption(path)).toThrow(path);
  });

  it("a directory is refused", () => {
    mkdirSync(join(dir, "folder"), { recursive: true });
    expect(() => readRestorePointsOption(join(dir, "folder"))).toThrow(/folder is a directory/);
  });
});

describe("a comma list", () => {
  it("is split and trimmed; one id is a list of one", () => {
    expect(readRestorePointsOption("x-1, x-2 ,x-3,x-1")).toEqual(["x-1", "x-2", "x-3"]);
    expect(readRestorePointsOption("ffd2687a-f507-4a82-9dff-2fa78cfdaa41_1801645000_12_2")).toEqual([
      "ffd2687a-f507-4a82-9dff-2fa78cfdaa41_1801645000_12_2",
    ]);
  });

  it.each([
    ["", /^the restore-point list is empty$/],
    [" , ", /^" , ": entry 1 of 2 is empty$/],
    ["x-1,,x-2", /^"x-1,,x-2": entry 2 of 3 is empty$/],
    ["x-1,", /^"x-1,": entry 2 of 2 is empty$/],
  ])("%j: an empty entry is an error naming its position", (value, message) => {
    expect(() => readRestorePointsOption(value)).toThrow(message);
  });
});

describe("a value that looks like a path but names nothing", () => {
  it.each(["points.json", "ids.TXT", "./points", "../points", "lists/points", "C:\\lists\\points", ".points"])(
    "%j is an error naming it, not an id",
    (value) => {
      expect(looksLikePath(value)).toBe(true);
      expect(() => readRestorePointsOption(value)).toThrow(`${value}: no such file`);
    },
  );

  it("inside a comma list too", () => {
    expect(() => readRestorePointsOption("rp-1,points.json")).toThrow(
      /^"rp-1,points\.json": entry 2 of 2 points\.json: no such file/,
    );
  });

  it("real-shaped ids do not look like paths", () => {
    for (const id of [
      "1b014d8c-71fe-4d00-a01a-31850bc5b32c",
      "ffd2687a-f507-4a82-9dff-2fa78cfdaa41_1801645000_12_2",
      "rp-1",
    ])
      expect(looksLikePath(id)).toBe(false);
  });
});

describe("the commander parser", () => {
  it("gathers every use of either flag into one list, first use first", () => {
    const parse = restorePointsAccumulator((message) => new InvalidArgumentError(message));
    parse(file("first.txt", "rp-b\nrp-a\n"));
    parse("rp-c");
    expect(parse("rp-a,rp-d")).toEqual(["rp-b", "rp-a", "rp-c", "rp-d"]);
  });

  it("turns a problem into the usage error it is given", () => {
    const parse = restorePointsAccumulator((message) => new InvalidArgumentError(message));
    expect(() => parse("missing.txt")).toThrow(InvalidArgumentError);
  });
});
