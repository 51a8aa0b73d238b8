// `--restore-points FILE|ID,ID,…`, read the same way by the runner's and the reference server's CLIs: a file, a
// comma list, and a mistyped path reported as such instead of being taken for an id.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidArgumentError } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import {
  looksLikePath,
  MAX_LIST_FILE_BYTES,
  parseRestorePointList,
  readRestorePointsOption,
  restorePointsAccumulator,
  shownValue,
} from "../../conformance/flags/restore-points-flag.ts";

const dir = mkdtempSync(join(tmpdir(), "restore-points-option-"));
/** 51 ids shaped like real Graph restore-point ids (53 characters each): what the limit scenarios need. */
const REAL_IDS = Array.from(
  { length: 51 },
  (_, index) => `ffd2687a-f507-4a82-9dff-2fa78cfd${String(index).padStart(4, "0")}_1801645000_12_2`,
);
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
    ["[1, 2]", /item 0 is the number 1;/],
    ['["ok", ""]', /item 1 is ""/],
    ['["ok", null]', /item 1 is null/],
    ["[oops", /not a valid JSON array/],
    ['{"not": "an array"}', /expected a JSON array of restore-point ids, found a JSON object$/],
    ['"rp-1"', /found the string "rp-1"$/],
    ["42", /found the number 42$/],
    ["", /no restore-point ids/],
  ])("refused when it holds %j, naming the file and what it found", (text, message) => {
    expect(() => parseRestorePointList(text, "points.json")).toThrow(message);
    const path = file("bad.json", text);
    expect(() => readRestorePointsOption(path)).toThrow(path);
  });

  it.each(["", "# only a comment\n", "\n  \n"])("refused when it holds %j: no ids", (text) => {
    const path = file("empty.txt", text);
    expect(() => readRestorePointsOption(path)).toThrow(`${path}: no restore-point ids`);
  });

  it("holding a JSON object is refused whatever its name (it never becomes an id)", () => {
    const path = file("object-list", '{"not": "an array"}\n');
    expect(() => readRestorePointsOption(path)).toThrow(
      `${path}: expected a JSON array of restore-point ids, found a JSON object`,
    );
    expect(() => readRestorePointsOption(file("quoted.txt", '"rp-1"\n'))).toThrow(/found the string "rp-1"/);
  });

  it("holding binary data is refused, saying where", () => {
    expect(() => readRestorePointsOption(file("binary.txt", "rp-1\n\u0000\u0001"))).toThrow(
      /binary\.txt: not a list of restore-point ids: it holds binary data \(a NUL byte at offset 5\)/,
    );
  });

  it(`is read up to ${MAX_LIST_FILE_BYTES} bytes: a larger file, or a device without end, is refused at once`, () => {
    const ids = Array.from({ length: 80_000 }, (_, index) => `${REAL_IDS[0]}-${index}`);
    const big = file("big.txt", `${ids.join("\n")}\n`);
    expect(() => readRestorePointsOption(big)).toThrow(`${big} is larger than 4 MiB`);
    const fits = file("fits.txt", `${ids.slice(0, 60_000).join("\n")}\n`);
    expect(readRestorePointsOption(fits)).toHaveLength(60_000);
    const started = performance.now();
    expect(() => readRestorePointsOption("/dev/zero")).toThrow("/dev/zero is larger than 4 MiB");
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("a UTF-8 byte-order mark is not part of the first id", () => {
    expect(readRestorePointsOption(file("bom.txt", "\uFEFFrp-1\nrp-2\n"))).toEqual(["rp-1", "rp-2"]);
    expect(readRestorePointsOption(file("bom.json", '\uFEFF["rp-1"]'))).toEqual(["rp-1"]);
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
    [" ", /^the restore-point list is empty$/],
    [" , ", /^" , ": entry 1 of 2 is empty$/],
    ["x-1,,x-2", /^"x-1,,x-2": entry 2 of 3 is empty$/],
    ["x-1,", /^"x-1,": entry 2 of 2 is empty$/],
  ])("%j: an empty entry is an error naming its position", (value, message) => {
    expect(() => readRestorePointsOption(value)).toThrow(message);
  });

  it("of 51 real-length ids (2.7 kB, past a file name's 255 bytes) is a list, never looked up as a file", () => {
    const value = REAL_IDS.join(",");
    expect(value.length).toBeGreaterThan(2700);
    expect(readRestorePointsOption(value)).toEqual(REAL_IDS);
    expect(readRestorePointsOption(REAL_IDS.slice(0, 5).join(", "))).toEqual(REAL_IDS.slice(0, 5));
  });

  it("too long to show is shortened in a message, with its length and entry count, never echoed whole", () => {
    const value = `${REAL_IDS.join(",")},`;
    let message = "";
    try {
      readRestorePointsOption(value);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      `"ffd2687a-f507-4a82-9dff-2fa78cfd0000_180…050_1801645000_12_2," (${value.length} characters) holding 52 entries: entry 52 of 52 is empty`,
    );
    expect(message.length).toBeLessThan(160);
  });

  it("names a file only as its own value: a path-like entry is an error saying so, whether or not it exists", () => {
    const existing = file("in-a-list.txt", "rp-1\n");
    expect(() => readRestorePointsOption(`rp-1,${existing}`)).toThrow(
      /entry 2 of 2, ".*in-a-list\.txt", looks like a file name; a comma list holds ids only/,
    );
  });
});

describe("a single word", () => {
  it("is one id unless a file of that name exists in the current directory", () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      writeFileSync(join(dir, "ids"), "rp-from-file\n");
      expect(readRestorePointsOption("ids")).toEqual(["rp-from-file"]);
      expect(readRestorePointsOption("no-such-name-here")).toEqual(["no-such-name-here"]);
    } finally {
      process.chdir(cwd);
    }
  });

  it("too long to be a file name is one id (no ENAMETOOLONG)", () => {
    const id = "x".repeat(300);
    expect(readRestorePointsOption(id)).toEqual([id]);
  });
});

describe("shownValue", () => {
  it("quotes a short value whole and a long one by its ends, with its length", () => {
    expect(shownValue("rp-1")).toBe('"rp-1"');
    expect(shownValue("a".repeat(50) + "b".repeat(50), 12)).toBe('"aaaaaaaa…bbbb" (100 characters)');
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
      /^"rp-1,points\.json": entry 2 of 2, "points\.json", looks like a file name/,
    );
  });

  it("too long for a file name is still an error naming it (shortened), not a crash", () => {
    const missing = `lists/${"p".repeat(400)}.txt`;
    expect(() => readRestorePointsOption(missing)).toThrow(/^"lists\/p+…p+\.txt" \(410 characters\): no such file/);
    const tooLong = join(dir, `${"p".repeat(300)}.txt`);
    expect(() => readRestorePointsOption(tooLong)).toThrow(
      /^cannot read ".*…p+\.txt" \(\d+ characters\): ENAMETOOLONG$/,
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
