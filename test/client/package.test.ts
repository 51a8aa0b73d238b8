// The package as users get it: `npm pack` (prepack builds dist/, once per run), installed into a scratch consumer
// project, whose programs (ESM .ts and CommonJS .cts) type-check with this repo's tsc; the README examples, a
// CommonJS caller and the bin run from it, on Node 24 and on Node 22.12 (the floor of `engines`). The README's own
// lines to get the package (`npm install` of the tarball, the `npx` lines) run as written in projects of their own.
import { execFile } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startPrism } from "../../conformance/targets/prism.ts";
import type { RunningServer } from "../../conformance/targets/process.ts";
import { ALL_VARIANTS, EXPLORATION_MUTANTS } from "../../conformance/mutants/index.ts";
import { startDeviatingServer } from "../conformance/support/deviating-server.ts";
import { AZURE_IDENTITY_MISSING } from "../../conformance/targets/token.ts";
import { CLONE_PLACEHOLDER, shellCommands, tarballName } from "../docs/support/documented-commands.ts";
import { supportedNodes } from "./support/node-versions.ts";

const run = promisify(execFile);
const repo = fileURLToPath(new URL("../..", import.meta.url));
const PACKAGE = "exchange-restore-contract";

// A consumer program: PATCHes a session with a built body and splits the answer. The @ts-expect-error lines
// fail the type-check if the package's types were missing or `any`.
const CONSUMER_PROGRAM = `
import { addArtifact, createRestoreClient, deltaBody, removeArtifact, splitDeltaResult, unwrap, type DeltaRequest } from "${PACKAGE}";

const client = createRestoreClient({ baseUrl: "https://graph.microsoft.com/v1.0", token: async () => "token" });
const body: DeltaRequest = deltaBody([addArtifact("rp-1", "inPlace", { form: "odata.id" }), removeArtifact("artifact-1", "deleted")]);

export async function patchSession(exchangeRestoreSessionId: string): Promise<string[]> {
  const result = await client.PATCH("/solutions/backupRestore/exchangeRestoreSessions/{exchangeRestoreSessionId}", {
    params: { path: { exchangeRestoreSessionId } },
    body,
  });
  return splitDeltaResult(unwrap(result), body).added.map((added) => added.restorePointId);
}

// @ts-expect-error a wrong destinationType does not compile
addArtifact("rp-2", "elsewhere");
// @ts-expect-error an empty delta does not compile
void client.PATCH("/solutions/backupRestore/exchangeRestoreSessions/{exchangeRestoreSessionId}", { params: { path: { exchangeRestoreSessionId: "s" } }, body: { "mailboxRestoreArtifacts@delta": [] } });
// @ts-expect-error a restore point given in both forms does not compile
deltaBody([{ restorePoint: { id: "rp-3", "@odata.id": "rp-3" }, destinationType: "new" }]);
// @ts-expect-error a body without the delta key does not compile
void client.PATCH("/solutions/backupRestore/exchangeRestoreSessions/{exchangeRestoreSessionId}", { params: { path: { exchangeRestoreSessionId: "s" } }, body: {} });
`;

// A CommonJS caller in TypeScript: `import … = require()` of the ES module package (Node 22.12+ require(esm)).
const CJS_CONSUMER_PROGRAM = `
import restore = require("${PACKAGE}");
import reference = require("${PACKAGE}/reference");

export async function addOne(): Promise<string[]> {
  const server = await reference.startReferenceServer();
  const client = restore.createRestoreClient({ baseUrl: server.baseUrl, token: "token" });
  const body: restore.DeltaRequest = restore.deltaBody([restore.addArtifact("rp-1", "new")]);
  await server.close();
  return body["mailboxRestoreArtifacts@delta"].map((item) => ("restorePoint" in item ? restore.restorePointIdOf(item.restorePoint) ?? "" : item.id)).concat(typeof client.PATCH);
}

// @ts-expect-error a wrong destinationType does not compile from CommonJS either
restore.addArtifact("rp-2", "elsewhere");
`;

// The same from plain CommonJS JavaScript, run: create a session on the reference server and add to it.
const CJS_PROGRAM = `
const { addArtifact, createRestoreClient, deltaBody, splitDeltaResult, unwrap } = require("${PACKAGE}");
const { startReferenceServer } = require("${PACKAGE}/reference");

(async () => {
  const server = await startReferenceServer({ restorePoints: ["rp-cjs"] });
  try {
    const client = createRestoreClient({ baseUrl: server.baseUrl, token: "token" });
    const session = unwrap(await client.POST("/solutions/backupRestore/exchangeRestoreSessions", { body: {} }));
    const body = deltaBody([addArtifact("rp-cjs", "inPlace")]);
    const answer = await client.PATCH("/solutions/backupRestore/exchangeRestoreSessions/{exchangeRestoreSessionId}", {
      params: { path: { exchangeRestoreSessionId: session.id } },
      body,
    });
    console.log(splitDeltaResult(unwrap(answer), body).added.map((added) => added.restorePointId).join(","));
  } finally {
    await server.close();
  }
})();
`;

/** The caller's example of the README's quick start (its one `js` block), run as written. */
function readmeQuickStart(): { install: string; program: string } {
  const readme = readFileSync(join(repo, "README.md"), "utf8");
  const section = /<!-- section:quick-start -->([\s\S]*?)<!-- \/section:quick-start -->/.exec(readme)?.[1];
  if (!section) throw new Error("README.md has no quick-start section");
  const programs = [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1] as string);
  if (programs.length !== 1)
    throw new Error(`the README quick start should show one js example, found ${programs.length}`);
  return { install: section, program: programs[0] as string };
}

// Makes @azure/identity unresolvable, as in an install without that optional peer dependency.
const HIDE_AZURE_IDENTITY = `
import { register } from "node:module";
const hooks = \`export async function resolve(specifier, context, next) {
  if (specifier === "@azure/identity" || specifier.startsWith("@azure/identity/")) {
    const error = new Error("Cannot find package '@azure/identity' imported from " + context.parentURL);
    error.code = "ERR_MODULE_NOT_FOUND";
    throw error;
  }
  return next(specifier, context);
}\`;
register("data:text/javascript," + encodeURIComponent(hooks));
`;

const CONSUMER_TSCONFIG = {
  compilerOptions: {
    target: "ES2023",
    lib: ["ES2023", "DOM"],
    module: "NodeNext",
    moduleResolution: "NodeNext",
    strict: true,
    noUncheckedIndexedAccess: true,
    noEmit: true,
    skipLibCheck: false,
    types: ["node"],
  },
  files: ["main.ts", "client-usage.ts", "cjs-consumer.cts"],
};

let scratch: string;
let tarballPath: string;
let app: string;
let installed: string;
let prism: RunningServer | undefined;
const NODES = supportedNodes();

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "restore-client-pack-"));
  const prismStarting = startPrism();
  try {
    // prepack runs `npm run build`; the repo's node_modules/.bin comes first on PATH for npm test / npx vitest.
    await run("npm", ["pack", "--pack-destination", scratch, "--silent"], { cwd: repo, maxBuffer: 16 << 20 });
  } finally {
    prism = await prismStarting;
  }
  const tarball = readdirSync(scratch).find((name) => name.endsWith(".tgz"));
  if (!tarball) throw new Error(`npm pack wrote no tarball into ${scratch}`);
  tarballPath = join(scratch, tarball);
  // The consumer resolves the package's dependencies the way a hoisted install would: from a node_modules above
  // it, here this repo's (so no registry is needed). The package itself is unpacked exactly as npm installs it.
  const root = join(scratch, "consumer-root");
  app = join(root, "app");
  installed = join(app, "node_modules", PACKAGE);
  mkdirSync(installed, { recursive: true });
  symlinkSync(join(repo, "node_modules"), join(root, "node_modules"), "dir");
  await run("tar", ["-xzf", join(scratch, tarball), "-C", installed, "--strip-components=1"]);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  writeFileSync(join(app, "tsconfig.json"), JSON.stringify(CONSUMER_TSCONFIG, null, 2));
  writeFileSync(join(app, "main.ts"), CONSUMER_PROGRAM);
  writeFileSync(join(app, "cjs-consumer.cts"), CJS_CONSUMER_PROGRAM);
  writeFileSync(join(app, "cjs-caller.cjs"), CJS_PROGRAM);
  writeFileSync(join(app, "hide-azure-identity.mjs"), HIDE_AZURE_IDENTITY);
  writeFileSync(join(app, "quick-start.mjs"), readmeQuickStart().program);
  cpSync(join(repo, "examples", "client-usage.ts"), join(app, "client-usage.ts"));
}, 60_000);

afterAll(async () => {
  await prism?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

interface Manifest {
  name: string;
  license: string;
  bin: Record<string, string>;
  engines: Record<string, string>;
  exports: Record<string, unknown>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, unknown>;
}

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node args…` in the consumer project; never throws for an exit code. */
async function runNode(node: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  return run(node, args, { cwd: app, env: { PATH: process.env.PATH, ...env }, maxBuffer: 16 << 20 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: error.code ?? -1,
      stdout: error.stdout ?? "",
      stderr: error.stderr ?? "",
    }),
  );
}

/** stderr without Node 22.12's notice that require(esm) is experimental (the warning went away in 22.13). */
function withoutRequireEsmWarning(stderr: string): string {
  return stderr
    .split("\n")
    .filter(
      (line) =>
        !/ExperimentalWarning: CommonJS module .* is loading ES Module .* using require\(\)|Support for loading ES Module in require\(\)|node --trace-warnings/.test(
          line,
        ),
    )
    .join("\n")
    .trim();
}

describe("the packed package", () => {
  test("holds the built library with types, the generated contract and the conformance code, and no sources or tests", () => {
    const files = filesUnder(installed).map((path) => relative(installed, path));
    for (const expected of [
      "package.json",
      "README.md",
      "spec/ERRATA.md",
      "generated/openapi.json",
      "generated/openapi.yaml",
      "dist/src/index.js",
      "dist/src/index.d.ts",
      "dist/src/client/create-client.js",
      "dist/src/contract/document.js",
      "dist/generated/openapi.d.ts",
      "dist/conformance/targets/prism.js",
      "dist/conformance/targets/process.d.ts",
    ]) {
      expect(files).toContain(expected);
    }
    expect(files.filter((file) => /^(src|test|examples|scripts|node_modules)\//.test(file))).toEqual([]);
    // Neither the mutant catalogue nor the mutation harness: found by name, and by the catalogue's own text.
    expect(files.filter((file) => /mutant|mutation/i.test(file))).toEqual([]);
    const descriptions = ALL_VARIANTS.filter((variant) => variant.kind !== "reference").map((v) => v.description);
    expect(descriptions.length).toBeGreaterThan(100);
    const carriesCatalogue = (path: string) => {
      const text = readFileSync(path, "utf8");
      return descriptions.some((line) => text.includes(line) || text.includes(JSON.stringify(line).slice(1, -1)));
    };
    // The detector sees the catalogue where the build put it (the repository's dist/, which prepack just built) …
    expect(
      filesUnder(join(repo, "dist")).filter((path) => path.endsWith(".js") && carriesCatalogue(path)).length,
    ).toBeGreaterThan(0);
    // … and finds it nowhere in the package.
    expect(files.filter((file) => file.endsWith(".js") && carriesCatalogue(join(installed, file)))).toEqual([]);
    expect(files.filter((file) => /\.test(-d)?\.(js|d\.ts)$/.test(file))).toEqual([]);
    const js = files.filter((file) => file.endsWith(".js"));
    expect(js.filter((file) => !files.includes(file.replace(/\.js$/, ".d.ts")))).toEqual([]);
    const tsSpecifiers = js.filter((file) =>
      /from\s+["']\.{1,2}\/[^"']+\.ts["']/.test(readFileSync(join(installed, file), "utf8")),
    );
    expect(tsSpecifiers).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as Manifest;
    expect(manifest.license).toBe("MIT");
    expect(files).toContain("LICENSE");
    const license = readFileSync(join(installed, "LICENSE"), "utf8");
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} exchange-restore-contract contributors\n/);
    expect(license).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
    // A bin named like the package: `npx exchange-restore-contract` can only ever run this package.
    expect(manifest.bin[manifest.name]).toBe("dist/conformance/cli.js");
    expect(manifest.bin["exchange-restore-conformance"]).toBe("dist/conformance/cli.js");
    expect(manifest.exports["."]).toEqual({
      types: "./dist/src/index.d.ts",
      import: "./dist/src/index.js",
      require: "./dist/src/index.js",
    });
  });

  test("runs on Node 22.12 and later, and installs without @azure/identity (an optional peer dependency)", () => {
    const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as Manifest;
    expect(manifest.engines).toEqual({ node: ">=22.12.0" });
    expect(Object.keys(manifest.dependencies)).not.toContain("@azure/identity");
    expect(manifest.peerDependencies["@azure/identity"]).toBeDefined();
    expect(manifest.peerDependenciesMeta["@azure/identity"]).toEqual({ optional: true });
    // Only the CLI's token module loads it, and only when the AZURE_* variables are set.
    const importers = filesUnder(join(installed, "dist"))
      .filter(
        (file) =>
          file.endsWith(".js") &&
          /(\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']@azure\/identity["']/.test(readFileSync(file, "utf8")),
      )
      .map((file) => relative(installed, file));
    expect(importers).toEqual(["dist/conformance/targets/token.js"]);
  });

  test("a consumer program that PATCHes a session type-checks against the installed types", async () => {
    const tsc = join(repo, "node_modules", "typescript", "bin", "tsc");
    const result = await run(process.execPath, [tsc, "-p", join(app, "tsconfig.json")], { cwd: app }).catch(
      (error: { stdout?: string; stderr?: string }) => ({
        stdout: error.stdout ?? "",
        stderr: error.stderr ?? "failed",
        failed: true,
      }),
    );
    expect(result.stdout + result.stderr).toBe("");
  });

  test("the installed package finds its bundled contract (generated/openapi.json) from dist/", async () => {
    const documentModule = join(installed, "dist", "src", "contract", "document.js");
    const { stdout } = await run(process.execPath, [
      "--input-type=module",
      "-e",
      `const m = await import(${JSON.stringify(documentModule)}); console.log(m.locateGeneratedFile("openapi.json")); console.log(Object.keys(m.loadOpenApiDocument().paths).length);`,
    ]);
    const [located, pathCount] = stdout.trim().split("\n");
    expect(located).toBe(join(installed, "generated", "openapi.json"));
    expect(Number(pathCount)).toBeGreaterThanOrEqual(4);
  });

  test("the README example runs from the installed package against Prism", async () => {
    if (!prism) throw new Error("Prism did not start");
    const { stdout, stderr } = await run(process.execPath, ["client-usage.ts"], {
      cwd: app,
      env: { ...process.env, GRAPH_BASE_URL: prism.baseUrl, GRAPH_TOKEN: "token-for-the-mock" },
    });
    expect(stderr).toBe("");
    expect(stdout.trim().split("\n")).toEqual([
      "added 1b014d8c-71fe-4d00-a01a-31850bc5b32c as artifact 89014d8c-71fe-4d00-a01a-31850bc5b32c",
      "added 2b014d8c-71fe-4d00-a01a-31850bc5b32c as artifact 67014d8c-71fe-4d00-a01a-31850bc5b32c",
      "added 3b014d8c-71fe-4d00-a01a-31850bc5b32c as artifact 56014d8c-71fe-4d00-a01a-31850bc5b32c",
      "added 4b014d8c-71fe-4d00-a01a-31850bc5b32c as artifact 32014d8c-71fe-4d00-a01a-31850bc5b32c",
      "removed 99954f18-c8ec-4b62-85bf-cdf3b70b140e (not echoed)",
      "removed 3667e382-71a9-4c07-bef7-bda97e09c0d2 (not echoed)",
      "could not remove 4267e382-71a9-4c07-bef7-bda97e09c0d2: 409 Invalid: The identifier to be removed from the Restore Session does not exist",
    ]);
  });
});

describe("a shrunk exploration failure, from the installed package", () => {
  test("prints the bin's --scenarios command, and that command replays the saved file from the user's own folder", async () => {
    const { transformResponse, ...behavior } =
      EXPLORATION_MUTANTS.find((variant) => variant.id === "create-answer-count-zero")?.behavior ?? {};
    const server = await startDeviatingServer({
      behavior,
      ...(transformResponse ? { transform: transformResponse } : {}),
    });
    try {
      const cli = join(installed, "dist", "conformance", "cli.js");
      const target = ["--target", server.baseUrl, "--token", "installed-token", "--allow-writes"];
      const report = join(app, "explore-report.json");
      const explored = await runNode(process.execPath, [
        cli,
        ...target,
        "--grep",
        "^$",
        "--explore",
        "--runs",
        "20",
        "--seed",
        "11",
        "--report-json",
        report,
      ]);
      expect(explored.code, explored.stderr).toBe(1);
      const printed = `npx ${PACKAGE} --target ${server.baseUrl} --token "$TOKEN" --allow-writes --no-explore --scenarios explored-seed-11.yaml`;
      expect(explored.stdout).toContain(`save it as explored-seed-11.yaml and replay it: ${printed}):`);
      expect(explored.stdout).not.toContain("conformance/scenarios/");
      const { yaml } = (JSON.parse(readFileSync(report, "utf8")) as { exploration: { failure: { yaml: string } } })
        .exploration.failure;
      expect(yaml).toContain(
        `replay it: npx ${PACKAGE} --target <target> --no-explore --scenarios explored-seed-11.yaml`,
      );
      // Its $schema resolves from the folder it is saved in (the consumer project), for an editor's validation.
      const schema = /^\$schema: (\S+)$/m.exec(yaml)?.[1];
      expect(schema).toBe("node_modules/exchange-restore-contract/conformance/scenario.schema.json");
      expect(existsSync(join(app, schema ?? "-"))).toBe(true);
      writeFileSync(join(app, "explored-seed-11.yaml"), yaml);
      // The printed command's arguments, run by the installed bin in the folder the file was saved to.
      const args = printed
        .split(" ")
        .slice(2)
        .map((word) => (word === '"$TOKEN"' ? "installed-token" : word));
      const replay = await runNode(process.execPath, [cli, ...args]);
      expect(replay.code, replay.stderr).toBe(1);
      expect(replay.stdout).toMatch(/^FAIL explored-seed-11 /m);
      expect(replay.stdout).toMatch(/· 1 scenarios in /);
    } finally {
      await server.close();
    }
  }, 60_000);
});

/** A machine with Node 24 (a supported Node) first on its PATH and this repository's tools nowhere on it. */
function userEnvironment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const path = [dirname(process.execPath), ...(process.env.PATH ?? "").split(delimiter)]
    .filter((entry) => entry !== "" && !entry.includes("node_modules"))
    .join(delimiter);
  return {
    PATH: path,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    CI: "1",
    NO_COLOR: "1",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
    npm_config_prefer_offline: "true",
    ...extra,
  };
}

describe("the README's lines to get the package and run it, run as written", () => {
  // The quick start's commands outside a clone: `npm run …` lines run in a clone (their scripts are checked by
  // test/docs/repository-docs.test.ts); everything else is run here, in order, where a user would run it.
  const commands = () =>
    shellCommands(readmeQuickStart().install).filter(([program, sub]) => !(program === "npm" && sub === "run"));

  test("npm pack writes the tarball the README names", () => {
    expect(commands()).toContainEqual(["npm", "pack"]);
    expect(tarballPath.endsWith(`/${tarballName()}`)).toBe(true);
    const documented = commands()
      .flat()
      .filter((word) => word.endsWith(".tgz"));
    expect(documented.length).toBeGreaterThanOrEqual(2);
    expect(new Set(documented)).toEqual(new Set([`${CLONE_PLACEHOLDER}${tarballName()}`]));
  });

  test("npm install of the tarball, each npx line and the optional peer install work where the package was not installed", async () => {
    const project = join(scratch, "user-project");
    const elsewhere = join(scratch, "no-project");
    mkdirSync(project);
    mkdirSync(elsewhere);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "user-project", private: true }));
    const ran: string[] = [];
    for (const words of commands()) {
      if (words[0] === "npm" && words[1] === "pack") continue;
      const [program, ...args] = words.map((word) => word.replace(CLONE_PLACEHOLDER, `${scratch}/`)) as [
        string,
        ...string[],
      ];
      const withoutInstalling = program === "npx" && args.includes("-p");
      if (program !== "npm" && program !== "npx")
        throw new Error(`the quick start shows a line this test cannot run: ${words.join(" ")}`);
      // npx of a tarball path installs into npm's cache; an isolated one keeps runs from reusing each other's.
      const env = userEnvironment(withoutInstalling ? { npm_config_cache: join(scratch, "npx-cache") } : {});
      const result = await run(program, args, {
        cwd: withoutInstalling ? elsewhere : project,
        env,
        maxBuffer: 16 << 20,
      }).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (error: { code?: number; stdout?: string; stderr?: string }) => ({
          code: error.code ?? -1,
          stdout: error.stdout ?? "",
          stderr: error.stderr ?? "",
        }),
      );
      expect(result.code, `${words.join(" ")}\n${result.stdout.slice(-1500)}\n${result.stderr.slice(-1500)}`).toBe(0);
      if (program === "npx")
        expect(result.stdout, words.join(" ")).toMatch(/^Verdict: every required check passed\.$/m);
      ran.push(words.slice(0, 2).join(" "));
    }
    expect(ran).toEqual(["npm install", "npx exchange-restore-contract", "npx --yes", "npm install"]);
    const installed = JSON.parse(readFileSync(join(project, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(installed.dependencies).sort()).toEqual(["@azure/identity", PACKAGE]);
    expect(readdirSync(elsewhere)).toEqual([]);
  }, 300_000);
});

describe.each(NODES)("the installed package on $name", ({ path: node }) => {
  test("the README quick start's caller example runs as written (saved as quick-start.mjs)", async () => {
    const { code, stdout, stderr } = await runNode(node, ["quick-start.mjs"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^added 1b014d8c-71fe-4d00-a01a-31850bc5b32c as artifact [^\s]+\n$/);
  });

  test("CommonJS: require() of the package and of /reference works, and a PATCH through them succeeds", async () => {
    const { code, stdout, stderr } = await runNode(node, ["cjs-caller.cjs"]);
    expect(withoutRequireEsmWarning(stderr)).toBe("");
    expect(code).toBe(0);
    expect(stdout.trim()).toBe("rp-cjs");
  });

  test("the bin runs the whole suite against its reference target and passes", async () => {
    const cli = join(installed, "dist", "conformance", "cli.js");
    const { code, stdout, stderr } = await runNode(node, [cli, "--target", "reference"], { CI: "1" });
    expect(stderr).toBe("");
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/^Verdict: /m);
  }, 60_000);

  test("with AZURE_* set and @azure/identity not installed, the bin stops (exit 2) and says what to install; the library loads without it", async () => {
    const cli = join(installed, "dist", "conformance", "cli.js");
    const env = { AZURE_TENANT_ID: "tenant", AZURE_CLIENT_ID: "client", AZURE_CLIENT_SECRET: "secret-value-for-test" };
    const missing = await runNode(
      node,
      ["--import", "./hide-azure-identity.mjs", cli, "--target", "http://127.0.0.1:9/v1.0"],
      env,
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`exchange-restore-conformance: ${AZURE_IDENTITY_MISSING}\n`);
    expect(AZURE_IDENTITY_MISSING).toContain("npm install @azure/identity");
    const library = await runNode(node, [
      "--import",
      "./hide-azure-identity.mjs",
      "--input-type=module",
      "-e",
      `const root = await import("${PACKAGE}"); const reference = await import("${PACKAGE}/reference"); console.log(typeof root.createRestoreClient, typeof reference.startReferenceServer);`,
    ]);
    expect(library.stderr).toBe("");
    expect(library.stdout.trim()).toBe("function function");
  });
});
