// The commands and paths the README and docs/ tell readers to use, read from the Markdown, and the rules each must
// keep to so that it works as written: an npm script that exists, `npx` of this package's own bin or of a tool this
// repository installs (never a name npx would fetch from the registry), the tarball of the current version, a bare
// `node` never running a repository file (that is the machine's Node, which may not run TypeScript).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Marked, type Token, type Tokens } from "marked";
import { repoRoot } from "../../../scripts/repo-root.ts";

interface Manifest {
  name: string;
  version: string;
  scripts: Record<string, string>;
  bin: Record<string, string>;
  peerDependencies: Record<string, string>;
}

export const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as Manifest;

/** Where the docs say the reader's clone is: `npm install /path/to/<tarball>`. */
export const CLONE_PLACEHOLDER = "/path/to/";

export function tarballName(): string {
  return `${manifest.name}-${manifest.version}.tgz`;
}

function tokens(markdown: string): Token[] {
  const all: Token[] = [];
  const marked = new Marked({ gfm: true });
  marked.walkTokens(marked.lexer(markdown), (token) => {
    all.push(token);
  });
  return all;
}

/** Splits one shell line into words, honouring single and double quotes (no other shell syntax). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let current = "";
  let quote: string | undefined;
  let started = false;
  for (const char of line) {
    if (quote) {
      if (char === quote) quote = undefined;
      else current += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      started = true;
    } else if (/\s/.test(char)) {
      if (started) words.push(current);
      current = "";
      started = false;
    } else {
      current += char;
      started = true;
    }
  }
  if (started) words.push(current);
  return words;
}

/** The text of a shell line before its comment (a `#` after whitespace, outside quotes). */
function withoutComment(line: string): string {
  let quote: string | undefined;
  for (let index = 0; index < line.length; index++) {
    const char = line[index] as string;
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === "#" && (index === 0 || /\s/.test(line[index - 1] as string))) return line.slice(0, index);
  }
  return line;
}

/**
 * Every command of every ```sh block, as words: comments dropped, `a && b` split, leading `VAR=value` assignments
 * dropped. Indented lines continue a usage synopsis and are not commands.
 */
export function shellCommands(markdown: string): string[][] {
  const commands: string[][] = [];
  for (const token of tokens(markdown)) {
    if (token.type !== "code" || (token as Tokens.Code).lang !== "sh") continue;
    for (const line of (token as Tokens.Code).text.split("\n")) {
      if (/^\s/.test(line)) continue;
      for (const part of withoutComment(line).split("&&")) {
        const words = shellWords(part);
        while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0] as string)) words.shift();
        if (words.length > 0) commands.push(words);
      }
    }
  }
  return commands;
}

/** Inline code that names a repository file or folder, e.g. `conformance/run.ts` (no globs or placeholders). */
export function repositoryPaths(markdown: string): string[] {
  return tokens(markdown)
    .filter((token): token is Tokens.Codespan => token.type === "codespan")
    .map((token) => token.text)
    .filter((text) => /^(\.ci|conformance|docs|examples|generated|scripts|spec|src|test)\/[\w./-]*$/.test(text));
}

/** Paths the build writes (ignored by git), which a clone lacks until the command that writes them has run. */
const BUILD_OUTPUTS = ["generated/docs"];

export function missingPaths(paths: readonly string[]): string[] {
  return paths.filter(
    (path) =>
      !BUILD_OUTPUTS.some((output) => path === output || path.startsWith(`${output}/`)) &&
      !existsSync(join(repoRoot, path)),
  );
}

const repositoryBin = (name: string) => existsSync(join(repoRoot, "node_modules", ".bin", name));

function isOwnTarball(spec: string): boolean {
  return spec === `${CLONE_PLACEHOLDER}${tarballName()}`;
}

function checkNpm(args: string[]): string | undefined {
  const [subcommand, ...rest] = args;
  if (subcommand === "ci" || subcommand === "test" || subcommand === "pack") return undefined;
  if (subcommand === "run") {
    const script = rest.find((word) => !word.startsWith("-"));
    if (script === undefined) return "npm run names no script";
    return script in manifest.scripts ? undefined : `npm run ${script}: package.json has no such script`;
  }
  if (subcommand === "install" || subcommand === "i") {
    const specs = rest.filter((word) => !word.startsWith("-"));
    if (specs.length === 0) return "a bare npm install: use npm ci in a clone";
    for (const spec of specs) {
      if (isOwnTarball(spec)) continue;
      if (spec.startsWith(manifest.name) || spec.endsWith(".tgz"))
        return `${spec}: the package is not on the registry; install ${CLONE_PLACEHOLDER}${tarballName()} (npm pack in a clone)`;
      const at = spec.lastIndexOf("@");
      const name = at > 0 ? spec.slice(0, at) : spec;
      const peer = manifest.peerDependencies[name];
      if (peer === undefined) return `npm install ${spec}: not one of the package's optional peer dependencies`;
      if (at > 0 && spec.slice(at + 1) !== peer) return `npm install ${spec}: the package pins ${name}@${peer}`;
    }
    return undefined;
  }
  return `npm ${subcommand}: not a command the docs should need`;
}

function checkNpx(args: string[]): string | undefined {
  const packages: string[] = [];
  let index = 0;
  while (index < args.length && (args[index] as string).startsWith("-")) {
    const flag = args[index] as string;
    if (flag === "-p" || flag === "--package") {
      packages.push(args[index + 1] ?? "");
      index += 2;
    } else if (flag.startsWith("--package=")) {
      packages.push(flag.slice("--package=".length));
      index += 1;
    } else index += 1;
  }
  const command = args[index];
  if (command === undefined) return "npx runs nothing";
  if (packages.length > 0) {
    const foreign = packages.filter((spec) => spec !== manifest.name && !isOwnTarball(spec));
    if (foreign.length > 0) return `npx -p ${foreign.join(" ")}: not this package (nor its tarball)`;
    return command in manifest.bin ? undefined : `npx -p … ${command}: the package has no bin of that name`;
  }
  if (command === manifest.name && command in manifest.bin) return undefined;
  if (command in manifest.bin)
    return `npx ${command}: without the package installed, npx asks the registry for a package named ${command}; write npx ${manifest.name} or npx -p ${manifest.name} ${command}`;
  return repositoryBin(command)
    ? undefined
    : `npx ${command}: neither this package's bin nor a tool the repository installs`;
}

/** Why a documented command would not work as written, or undefined when it would. */
export function commandProblem(words: readonly string[]): string | undefined {
  const [program, ...args] = words;
  if (program === "npm") return checkNpm(args);
  if (program === "npx") return checkNpx(args);
  if (program === "node") {
    const file = args.find((word) => !word.startsWith("-"));
    if (file !== undefined && existsSync(join(repoRoot, file)))
      return `node ${file}: a bare node is the machine's, which may not run this project; use an npm script or node_modules/.bin/node`;
    return undefined;
  }
  if (program === "node_modules/.bin/node") {
    const file = args.find((word) => !word.startsWith("-"));
    return file !== undefined && !existsSync(join(repoRoot, file)) ? `${file} does not exist` : undefined;
  }
  return undefined;
}
