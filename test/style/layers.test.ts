// The layers of conformance/ hold (.dependency-cruiser.cjs, `npm run lint:deps`): the tree has no import cycle and
// no import against a layer's direction, and the same rules fail small trees that have one.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/repo-root.ts";

const run = promisify(execFile);
const CONFIG = join(repoRoot, ".dependency-cruiser.cjs");
const DEPCRUISE = join(repoRoot, "node_modules/dependency-cruiser/bin/dependency-cruiser.mjs");

async function cruise(cwd: string, paths: string[]): Promise<{ code: number; output: string }> {
  return run(process.execPath, [DEPCRUISE, ...paths, "--config", CONFIG, "--output-type", "err"], { cwd }).then(
    (ok) => ({ code: 0, output: `${ok.stdout}${ok.stderr}` }),
    (failed: { code: number; stdout: string; stderr: string }) => ({
      code: failed.code,
      output: `${failed.stdout}${failed.stderr}`,
    }),
  );
}

const fixtures: string[] = [];
afterAll(() => {
  for (const directory of fixtures) rmSync(directory, { recursive: true, force: true });
});

/** A small tree of TypeScript modules (path → the modules it imports), cruised with the project's rules. */
async function cruiseTree(modules: Record<string, string[]>): Promise<{ code: number; output: string }> {
  const root = mkdtempSync(join(tmpdir(), "layers-"));
  fixtures.push(root);
  writeFileSync(
    join(root, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { module: "nodenext", allowImportingTsExtensions: true, noEmit: true } }),
  );
  for (const [path, imports] of Object.entries(modules)) {
    mkdirSync(join(root, dirname(path)), { recursive: true });
    const lines = imports.map((target, index) => `import { value as v${index} } from "${target}";`);
    writeFileSync(
      join(root, path),
      `${lines.join("\n")}\nexport const value = () => [${imports.map((_, i) => `v${i}`)}];\n`,
    );
  }
  return cruise(root, ["conformance"]);
}

describe("the layers of conformance/", () => {
  it("hold in the tree: no cycle, no import against a layer's direction", async () => {
    const result = await cruise(repoRoot, ["src", "conformance"]);
    expect(result.output).toMatch(/no dependency violations found \(\d+ modules/);
    expect(result.code, result.output).toBe(0);
  });

  it("fail a cycle between two folders (checks/ ⇄ runner/), naming the cycle and the broken direction", async () => {
    const result = await cruiseTree({
      "conformance/checks/status.ts": ["../runner/step.ts"],
      "conformance/runner/step.ts": ["../checks/status.ts"],
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/no-circular: conformance\/checks\/status\.ts/);
    expect(result.output).toMatch(/layer-checks: conformance\/checks\/status\.ts → conformance\/runner\/step\.ts/);
  });

  it("fail a cycle between two files of one folder", async () => {
    const result = await cruiseTree({
      "conformance/reference/behavior.ts": ["./context.ts"],
      "conformance/reference/context.ts": ["./behavior.ts"],
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/no-circular: conformance\/reference\/behavior\.ts/);
    expect(result.output).not.toMatch(/layer-/);
  });

  it("fail an output that reads the run instead of the report's shape", async () => {
    const result = await cruiseTree({
      "conformance/report/console.ts": ["../run.ts"],
      "conformance/run.ts": [],
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/layer-report: conformance\/report\/console\.ts → conformance\/run\.ts/);
  });
});

describe("module names under conformance/", () => {
  it("name one module each: no two share a file name (index.ts aside)", () => {
    const modules = readdirSync(join(repoRoot, "conformance"), { recursive: true, encoding: "utf8" }).filter((path) =>
      path.endsWith(".ts"),
    );
    expect(modules.length).toBeGreaterThan(50);
    const byName = new Map<string, string[]>();
    for (const path of modules) byName.set(basename(path), [...(byName.get(basename(path)) ?? []), path]);
    const shared = [...byName].filter(([name, paths]) => name !== "index.ts" && paths.length > 1);
    expect(shared).toEqual([]);
  });
});
