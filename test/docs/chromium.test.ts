// Which browser the docs tests drive: CHROMIUM_PATH when set, else Debian's, and a clear error when it is missing.
import { describe, expect, it } from "vitest";
import { chromiumPath, DEFAULT_CHROMIUM_PATH, launchChromium } from "./chromium.ts";

describe("the chromium the docs tests drive", () => {
  it("is Debian's /usr/bin/chromium unless CHROMIUM_PATH names another", () => {
    expect(DEFAULT_CHROMIUM_PATH).toBe("/usr/bin/chromium");
    expect(chromiumPath({})).toEqual({ path: "/usr/bin/chromium", from: "the default" });
    expect(chromiumPath({ CHROMIUM_PATH: "  " })).toEqual({ path: "/usr/bin/chromium", from: "the default" });
    expect(chromiumPath({ CHROMIUM_PATH: "/opt/chromium/chrome" })).toEqual({
      path: "/opt/chromium/chrome",
      from: "CHROMIUM_PATH",
    });
  });

  it("names the missing path and where it came from", async () => {
    await expect(launchChromium({ CHROMIUM_PATH: "/nonexistent/chromium-for-test" })).rejects.toThrow(
      "no chromium at /nonexistent/chromium-for-test (CHROMIUM_PATH): set CHROMIUM_PATH to a Chromium executable, or unset it to use Debian's /usr/bin/chromium",
    );
  });
});
