// The whole project type-checks (strict tsconfig): sources, scripts, conformance suite, tests and generated types.
import { describe, expect, it } from "vitest";
import { runTool } from "./run-tool.ts";

describe("tsc --noEmit -p .", () => {
  it("exits 0 with no diagnostics", async () => {
    const run = await runTool("tsc", ["--noEmit", "-p", "."], { timeoutMs: 120_000 });
    expect(run.stdout + run.stderr, "tsc diagnostics").toBe("");
    expect(run.code).toBe(0);
  }, 120_000);
});
