// One integer-flag parser for every CLI: digits within bounds pass, anything else is a usage error naming the flag.
import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { integerFlag, MAX_FLAG_INTEGER } from "../../conformance/flags/integer-flag.ts";

describe("integerFlag", () => {
  const port = integerFlag("--port", 0, 65_535);

  it("takes digits within its bounds, the bounds included", () => {
    expect(port("0")).toBe(0);
    expect(port("8080")).toBe(8080);
    expect(port("65535")).toBe(65_535);
    expect(integerFlag("--seed", 0)(String(MAX_FLAG_INTEGER))).toBe(MAX_FLAG_INTEGER);
  });

  it.each(["", "-1", "+1", "1e3", "0x10", "1.5", " 8", "8 ", "65536", "abc"])(
    "refuses %j, naming the flag",
    (value) => {
      expect(() => port(value)).toThrow(InvalidArgumentError);
      expect(() => port(value)).toThrow("--port must be an integer from 0 to 65535.");
    },
  );

  it("is bounded by default at 2^31 - 1", () => {
    expect(() => integerFlag("--seed", 0)(String(MAX_FLAG_INTEGER + 1))).toThrow(
      "--seed must be an integer from 0 to 2147483647.",
    );
  });
});
