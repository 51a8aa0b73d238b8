// The README and the pages under docs/ as a reader meets them in the repository: every command in a shell block
// works as written (see support/documented-commands.ts for the rules), every relative link and anchor resolves, and
// every repository path written as code exists. Moving a file or renaming a script without updating them fails here.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix } from "node:path";
import { describe, expect, it } from "vitest";
import { renderMarkdownPage } from "../../scripts/docs/markdown-page.ts";
import { repoRoot } from "../../scripts/repo-root.ts";
import {
  CLONE_PLACEHOLDER,
  commandProblem,
  missingPaths,
  repositoryPaths,
  shellCommands,
  shellWords,
  tarballName,
} from "./support/documented-commands.ts";

function markdownUnder(directory: string): string[] {
  return readdirSync(join(repoRoot, directory)).flatMap((name) => {
    const path = posix.join(directory, name);
    if (statSync(join(repoRoot, path)).isDirectory()) return markdownUnder(path);
    return name.endsWith(".md") ? [path] : [];
  });
}

const PAGES = ["README.md", ...markdownUnder("docs")];
const read = (path: string) => readFileSync(join(repoRoot, path), "utf8");
const headingIds = new Map<string, Set<string>>();
function idsOf(path: string): Set<string> {
  let ids = headingIds.get(path);
  if (!ids) {
    ids = renderMarkdownPage(read(path), path, new Map()).ids;
    headingIds.set(path, ids);
  }
  return ids;
}

/** Relative links of a page that name no file, or no heading of the Markdown file they name. */
function brokenLinks(page: string): string[] {
  const broken: string[] = [];
  for (const href of renderMarkdownPage(read(page), page, new Map()).hrefs) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href)) continue;
    const hashAt = href.indexOf("#");
    const target = hashAt === -1 ? href : href.slice(0, hashAt);
    const fragment = hashAt === -1 ? "" : decodeURIComponent(href.slice(hashAt + 1));
    const path = target === "" ? page : posix.normalize(posix.join(posix.dirname(page), target));
    if (path.startsWith("..") || !existsSync(join(repoRoot, path))) {
      broken.push(`${page}: ${href}: no such file`);
      continue;
    }
    if (fragment !== "" && path.endsWith(".md") && !idsOf(path).has(fragment))
      broken.push(`${page}: ${href}: ${path} has no heading "${fragment}"`);
  }
  return broken;
}

describe("the README and docs/", () => {
  it("cover the pages this test reads (the README, the guides, the figures)", () => {
    expect(PAGES).toEqual(
      expect.arrayContaining([
        "README.md",
        "docs/conformance.md",
        "docs/advisories.md",
        "docs/figures/mutation.md",
        "docs/figures/bench.md",
      ]),
    );
  });

  it("show only shell commands that work as written", () => {
    const problems = PAGES.flatMap((page) =>
      shellCommands(read(page)).flatMap((words) => {
        const problem = commandProblem(words);
        return problem === undefined ? [] : [`${page}: ${words.join(" ")}: ${problem}`];
      }),
    );
    expect(problems).toEqual([]);
    expect(PAGES.flatMap((page) => shellCommands(read(page))).length).toBeGreaterThan(20);
  });

  it("link only to files and headings that exist", () => {
    expect(PAGES.flatMap(brokenLinks)).toEqual([]);
  });

  it("name only repository paths that exist", () => {
    const missing = PAGES.flatMap((page) =>
      missingPaths(repositoryPaths(read(page))).map((path) => `${page}: ${path}`),
    );
    expect(missing).toEqual([]);
  });

  it("the README stays a guide: at most 400 lines, no line over 160 characters outside code and tables", () => {
    const readme = read("README.md");
    expect(readme.split("\n").length).toBeLessThanOrEqual(400);
    let inCode = false;
    const long = readme.split("\n").filter((line) => {
      if (line.startsWith("```")) inCode = !inCode;
      return !inCode && !line.startsWith("|") && line.length > 160;
    });
    expect(long).toEqual([]);
  });
});

describe("the rules for documented commands", () => {
  it("refuse what fails on a machine without the package, or runs something else", () => {
    expect(commandProblem(["npx", "exchange-restore-conformance", "--target", "reference"])).toMatch(
      /asks the registry for a package named exchange-restore-conformance/,
    );
    expect(commandProblem(["npm", "install", "exchange-restore-contract"])).toMatch(/not on the registry/);
    expect(commandProblem(["npm", "install", `${CLONE_PLACEHOLDER}exchange-restore-contract-0.0.1.tgz`])).toMatch(
      /not on the registry/,
    );
    expect(commandProblem(["node", "conformance/reference/main.ts", "--port", "0"])).toMatch(/a bare node/);
    expect(commandProblem(["npm", "run", "no-such-script"])).toMatch(/no such script/);
    expect(commandProblem(["npx", "-p", "someone-else", "exchange-restore-conformance"])).toMatch(/not this package/);
    expect(commandProblem(["npx", "left-pad"])).toMatch(/neither this package's bin nor a tool/);
    expect(commandProblem(["npm", "install", "@stoplight/prism-cli@5.15.0"])).toMatch(/pins/);
  });

  it("accept this package's bin, its tarball, its scripts, its optional peers and the repository's tools", () => {
    for (const words of [
      ["npx", "exchange-restore-contract", "--target", "reference"],
      ["npx", "-p", "exchange-restore-contract", "exchange-restore-conformance", "--help"],
      ["npx", "--yes", "-p", `${CLONE_PLACEHOLDER}${tarballName()}`, "exchange-restore-contract"],
      ["npm", "install", `${CLONE_PLACEHOLDER}${tarballName()}`],
      ["npm", "run", "-s", "reference", "--", "--port", "0"],
      ["npm", "install", "@azure/identity"],
      ["npx", "prism", "mock", "generated/openapi.yaml"],
      ["node", "quick-start.mjs"],
      ["node_modules/.bin/node", "conformance/reference/main.ts"],
    ])
      expect(commandProblem(words), words.join(" ")).toBeUndefined();
  });

  it("read commands out of shell blocks: comments, &&, variables and quotes", () => {
    const markdown = [
      "```sh",
      "npm ci && npm run conformance   # the main job",
      "GRAPH_TOKEN=x npm run conformance -- --grep '^$' --token \"$TOKEN\"",
      "npm run -s reference -- [--port N]",
      "                        [--quiet]",
      "```",
      "```text",
      "npx not-a-command",
      "```",
    ].join("\n");
    expect(shellCommands(markdown)).toEqual([
      ["npm", "ci"],
      ["npm", "run", "conformance"],
      ["npm", "run", "conformance", "--", "--grep", "^$", "--token", "$TOKEN"],
      ["npm", "run", "-s", "reference", "--", "[--port", "N]"],
    ]);
    expect(shellWords(`a 'b c' "d # e"`)).toEqual(["a", "b c", "d # e"]);
  });

  it("find repository paths written as code, and the ones that do not exist", () => {
    const paths = repositoryPaths(
      "See `conformance/run.ts`, `scripts/no-such.ts`, `test/client/*.test-d.ts` and `npm ci`.",
    );
    expect(paths).toEqual(["conformance/run.ts", "scripts/no-such.ts"]);
    expect(missingPaths(paths)).toEqual(["scripts/no-such.ts"]);
  });
});
