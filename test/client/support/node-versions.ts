// The Node versions the installed package is run on: the development Node 24 (the `node` devDependency) and
// Node 22.12.0, the floor of the package's `engines`, which `npm ci` installs under .ci/node22 (see its package.json).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface NodeVersion {
  name: string;
  path: string;
}

export const NODE_22_PATH = fileURLToPath(new URL("../../../.ci/node22/node_modules/node/bin/node", import.meta.url));

function versionOf(path: string): string {
  return execFileSync(path, ["--version"], { encoding: "utf8" }).trim();
}

/** Node 24 (this process) and Node 22.12.0; throws, naming the fix, when either is not what it should be. */
export function supportedNodes(): NodeVersion[] {
  if (!existsSync(NODE_22_PATH))
    throw new Error(
      `Node 22 is not installed at ${NODE_22_PATH}: run \`npm ci\` (the node22 devDependency installs it)`,
    );
  const nodes = [
    { name: "Node 24", path: process.execPath, expected: /^v24\./ },
    { name: "Node 22.12", path: NODE_22_PATH, expected: /^v22\.12\.0$/ },
  ];
  for (const { name, path, expected } of nodes) {
    const version = versionOf(path);
    if (!expected.test(version)) throw new Error(`${path} is ${version}, expected ${name}`);
  }
  return nodes.map(({ name, path }) => ({ name, path }));
}
