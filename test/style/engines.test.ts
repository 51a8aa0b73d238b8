// npm checks every package's `engines` against the Node that runs npm, which on a developer's machine is not the
// Node that runs this project (npm ci installs Node 24 as the `node` package, and every npm script uses it). So the
// check that matters is made here, against the Nodes that really run each package: every installed package supports
// the pinned Node 24, and every package a user installs with ours supports the floor of our `engines`.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/repo-root.ts";

interface LockedPackage {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  engines?: { node?: string } | string[];
}

const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
  engines: { node: string };
  devEngines?: { runtime?: { name: string; version: string; onFail?: string } };
  devDependencies: Record<string, string>;
};
const lock = JSON.parse(readFileSync(join(repoRoot, "package-lock.json"), "utf8")) as {
  packages: Record<string, LockedPackage>;
};

/** Installed packages (the root and the nested Node 22 of .ci/node22 aside) with their `engines.node` range. */
function lockedEngines(): Array<{ path: string; range: string; dev: boolean }> {
  return Object.entries(lock.packages)
    .filter(([path]) => path !== "" && !path.startsWith(".ci/"))
    .flatMap(([path, entry]) => {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      return range === undefined ? [] : [{ path, range, dev: entry.dev === true }];
    });
}

/** Ranges that do not admit `version`; an unparsable range counts as not admitting it. */
function unsupporting(packages: ReturnType<typeof lockedEngines>, version: string): string[] {
  return packages
    .filter(({ range }) => !semver.satisfies(version, range, { includePrerelease: false }))
    .map(({ path, range }) => `${path} (${range})`);
}

describe("engines", () => {
  it("every package npm ci installs supports the pinned Node 24 that runs the project", () => {
    const runtime = manifest.devDependencies.node as string;
    expect(runtime).toMatch(/^24\.\d+\.\d+$/);
    expect(process.version).toBe(`v${runtime}`);
    expect(lockedEngines().length).toBeGreaterThan(100);
    expect(unsupporting(lockedEngines(), runtime)).toEqual([]);
  });

  it("every package a user installs with this one supports the floor of its engines", () => {
    const floor = semver.minVersion(manifest.engines.node)?.version;
    expect(floor).toBe("22.12.0");
    const production = lockedEngines().filter((entry) => !entry.dev);
    expect(production.map((entry) => entry.path)).toContain("node_modules/commander");
    expect(unsupporting(production, floor as string)).toEqual([]);
  });

  it("the check finds a package whose engines exclude the Node it runs on", () => {
    const packages = [
      { path: "node_modules/ok", range: ">=22.12.0", dev: false },
      { path: "node_modules/too-new", range: ">=26", dev: false },
      { path: "node_modules/only-22", range: "^22.0.0", dev: true },
    ];
    expect(unsupporting(packages, "24.21.0")).toEqual([
      "node_modules/too-new (>=26)",
      "node_modules/only-22 (^22.0.0)",
    ]);
  });

  it("devEngines names the Node that runs npm itself (npm 11's own range), so npm does not hold the machine's Node to the users' floor", () => {
    expect(manifest.devEngines?.runtime).toEqual({ name: "node", version: "^20.17.0 || >=22.9.0", onFail: "warn" });
  });
});
