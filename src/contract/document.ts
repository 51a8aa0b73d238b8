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

export function locateGeneratedFile(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    const candidate = join(dir, "generated", name);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`generated/${name} not found above ${fileURLToPath(import.meta.url)}; run \`npm run generate\``);
}

let cached: OpenApiDocument | undefined;

/** The bundled OpenAPI document, parsed once. */
export function loadOpenApiDocument(): OpenApiDocument {
  cached ??= JSON.parse(readFileSync(locateGeneratedFile("openapi.json"), "utf8")) as OpenApiDocument;
  return cached;
}
