// The tree is formatted and lint-clean by the project's Biome configuration: `biome ci` (format and lint, no writes)
// exits 0 with no diagnostic at all. A file formatted by hand another way, or a new lint finding, fails here.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/repo-root.ts";

const run = promisify(execFile);

describe("biome ci", () => {
  it("finds nothing to format and nothing to lint", async () => {
    const biome = join(repoRoot, "node_modules/.bin/biome");
    const result = await run(biome, ["ci", "--reporter=summary", "--colors=off", "."], { cwd: repoRoot }).then(
      (ok) => ({ code: 0, output: `${ok.stdout}${ok.stderr}` }),
      (failed: { code: number; stdout: string; stderr: string }) => ({
        code: failed.code,
        output: `${failed.stdout}${failed.stderr}`,
      }),
    );
    expect(result.output).toMatch(/Checked \d+ files/);
    expect(result.output).not.toMatch(/Found \d+ (error|warning|info)/);
    expect(result.code, result.output).toBe(0);
  });
});
