// Builds the static, self-contained docs site into generated/docs/: the Redoc API reference of the bundled spec,
// the delta PATCH guide (docs/delta-patch-guide.md) and the errata (spec/ERRATA.md), linked to each other.
// Opening any page makes no request to another host: Redoc is a local copy and fonts are system fonts.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { loadOpenApiDocument, locateGeneratedFile } from "../src/contract/document.ts";
import { findBrokenLinks, redocAnchors } from "./docs/link-check.ts";
import { GENERATED_NOTICE, SITE_PAGES, articleDocument } from "./docs/layout.ts";
import { renderMarkdownPage, type SourcePages } from "./docs/markdown-page.ts";
import { REDOC_ASSET, REDOC_LICENSE_ASSET, loadRedocAssets, referencePage } from "./docs/reference-page.ts";
import { redocView } from "./docs/redoc-view.ts";
import { repoRoot } from "./repo-root.ts";

export const DOCS_OUTPUT_DIR = join(repoRoot, "generated", "docs");

const MARKDOWN_PAGES = [
  { source: "docs/delta-patch-guide.md", page: "guide.html" },
  { source: "spec/ERRATA.md", page: "errata.html" },
] as const;

/** Sources whose links are rewritten to site pages (`../spec/openapi.yaml#tag/…` → `index.html#tag/…`). */
const SOURCE_PAGES: SourcePages = new Map<string, string>([
  ...MARKDOWN_PAGES.map(({ source, page }): [string, string] => [source, page]),
  ["spec/openapi.yaml", "index.html"],
]);

export class DocsBuildError extends Error {}

function readSource(sourceRoot: string, relative: string, missingHint: string): string {
  const path = join(sourceRoot, relative);
  if (!existsSync(path)) throw new DocsBuildError(`${relative} is missing: ${missingHint}`);
  return readFileSync(path, "utf8");
}

/**
 * Renders every file of the site in memory: relative path → content. Throws DocsBuildError on a broken input.
 * `sourceRoot` holds the Markdown sources (docs/, spec/ERRATA.md); the spec always comes from generated/.
 */
export function renderDocsSite(options: { sourceRoot?: string } = {}): Map<string, string> {
  const sourceRoot = options.sourceRoot ?? repoRoot;
  const document = loadOpenApiDocument() as Record<string, unknown>;
  const openapiYaml = readFileSync(locateGeneratedFile("openapi.yaml"), "utf8");
  const redoc = loadRedocAssets();

  const files = new Map<string, string>();
  const anchors = new Map<string, ReadonlySet<string>>([["index.html", redocAnchors(document)]]);
  const links = [{ file: "index.html", hrefs: SITE_PAGES.map((page) => page.file) }];

  for (const { source, page } of MARKDOWN_PAGES) {
    const hint =
      source === "spec/ERRATA.md"
        ? "the maintainer's errata are published as errata.html, so the docs cannot be built without them."
        : "the guide to the delta PATCH is published as guide.html.";
    const rendered = renderMarkdownPage(readSource(sourceRoot, source, hint), source, SOURCE_PAGES);
    files.set(page, articleDocument({ file: page, title: rendered.title, bodyHtml: rendered.bodyHtml }));
    anchors.set(page, rendered.ids);
    links.push({ file: page, hrefs: rendered.hrefs });
  }
  // Redoc renders a docs-only view of the contract (rules it would drop, rewritten); openapi.yaml is the contract.
  files.set("index.html", referencePage(redocView(document), redoc.version));
  files.set("openapi.yaml", openapiYaml);
  files.set(REDOC_ASSET, redoc.script);
  files.set(REDOC_LICENSE_ASSET, redoc.license);
  files.set("README.txt", `${GENERATED_NOTICE}\nPreview: npm run docs:serve\n`);

  const broken = findBrokenLinks(links, anchors, new Set(files.keys()));
  if (broken.length > 0) throw new DocsBuildError(`broken links in the docs site:\n  ${broken.join("\n  ")}`);
  return files;
}

/** Site modes: a web server running as another user must read it, whatever the umask of the build. */
const DIRECTORY_MODE = 0o755;
const FILE_MODE = 0o644;

/** Makes every directory under `dir` 0755 and every file 0644 (mkdtemp creates 0700; the umask masks the rest). */
function makeWorldReadable(dir: string): void {
  chmodSync(dir, DIRECTORY_MODE);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) makeWorldReadable(path);
    else chmodSync(path, FILE_MODE);
  }
}

/** Writes the site next to the target and swaps it in, so a half-written site never replaces a whole one. */
export function writeDocsSite(files: ReadonlyMap<string, string>, outputDir: string = DOCS_OUTPUT_DIR): number {
  mkdirSync(dirname(outputDir), { recursive: true });
  // A build killed half-way leaves its staging directory behind; the next build clears it.
  for (const entry of readdirSync(dirname(outputDir))) {
    if (entry.startsWith(`${basename(outputDir)}.staging-`))
      rmSync(join(dirname(outputDir), entry), { recursive: true, force: true });
  }
  const staging = mkdtempSync(`${outputDir}.staging-`);
  let bytes = 0;
  try {
    for (const [relative, content] of files) {
      const path = join(staging, relative);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
      bytes += Buffer.byteLength(content);
    }
    makeWorldReadable(staging);
    rmSync(outputDir, { recursive: true, force: true });
    renameSync(staging, outputDir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return bytes;
}

function main(): void {
  const started = performance.now();
  try {
    const files = renderDocsSite();
    const bytes = writeDocsSite(files);
    const ms = Math.round(performance.now() - started);
    console.log(
      `generated/docs written: ${files.size} files, ${bytes} bytes, in ${ms} ms (preview: npm run docs:serve)`,
    );
  } catch (error) {
    if (!(error instanceof DocsBuildError)) throw error;
    console.error(`npm run docs failed: ${error.message}`);
    process.exit(1);
  }
}

if (import.meta.main) main();
