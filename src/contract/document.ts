// The bundled contract (generated/openapi.json), located from this module whether it runs from src/ or dist/.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown>; [kind: string]: Record<string, unknown> | undefined };
  [key: string]: unknown;
}

/**
 * The first `<dir>/<relative>` that exists, walking up from `fromUrl`'s folder: data files sit at the package
 * root whether the code runs from the sources or from the compiled dist/ (tsc copies no data files).
 */
export function locateAbove(relative: string, fromUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(fromUrl));
  for (let depth = 0; depth < 6; depth++) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`${relative} not found above ${fileURLToPath(fromUrl)}; run \`npm run generate\` if it is generated`);
}

export function locateGeneratedFile(name: string): string {
  return locateAbove(join("generated", name));
}

let cached: OpenApiDocument | undefined;

/** The bundled OpenAPI document, parsed once. */
export function loadOpenApiDocument(): OpenApiDocument {
  cached ??= JSON.parse(readFileSync(locateGeneratedFile("openapi.json"), "utf8")) as OpenApiDocument;
  return cached;
}
