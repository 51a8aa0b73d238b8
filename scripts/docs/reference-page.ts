// The API reference page: Redoc 2.5.4's standalone bundle (a local copy under assets/, never a CDN) renders the
// bundled spec, which is embedded in the page as JSON so the page also works from file:// with no request at all.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { MONOSPACE_FONTS, NAV_HEIGHT_PX, SYSTEM_FONTS, htmlDocument } from "./layout.ts";

export const REDOC_ASSET = "assets/redoc.standalone.js";
export const REDOC_LICENSE_ASSET = "assets/redoc.standalone.js.LICENSE.txt";

export interface RedocAssets {
  version: string;
  script: string;
  license: string;
}

export function loadRedocAssets(): RedocAssets {
  const require = createRequire(import.meta.url);
  const packageJsonPath = require.resolve("redoc/package.json");
  const { version } = JSON.parse(readFileSync(packageJsonPath, "utf8")) as { version: string };
  const bundles = join(dirname(packageJsonPath), "bundles");
  const script = makeOffline(readFileSync(join(bundles, "redoc.standalone.js"), "utf8"), version);
  const license = readFileSync(join(bundles, "redoc.standalone.js.LICENSE.txt"), "utf8");
  return { version, script, license };
}

/** The one URL Redoc 2 loads by itself: the sidebar footer's logo, which no option turns off. */
const REDOC_CDN_LOGO = '"https://cdn.redoc.ly/redoc/logo-mini.svg"';
const EMPTY_IMAGE = `"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='0' height='0'/%3E"`;

/**
 * Redoc's bundle, minus its only outgoing request (the footer logo, replaced by an empty inline image) and minus
 * its source-map reference (the 3.9 MB map is not shipped; a browser's devtools would ask for it).
 */
function makeOffline(script: string, version: string): string {
  const logoCount = script.split(REDOC_CDN_LOGO).length - 1;
  if (logoCount !== 1) {
    throw new Error(
      `redoc ${version}: expected the CDN logo URL once in redoc.standalone.js, found it ${logoCount} times; ` +
        "check the bundle for requests to other hosts before updating the docs build",
    );
  }
  return script.replace(REDOC_CDN_LOGO, EMPTY_IMAGE).replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n");
}

/** Redoc 2 options; fonts are system fonts so the theme never reaches for a font host. */
export const REDOC_OPTIONS = {
  scrollYOffset: NAV_HEIGHT_PX,
  expandResponses: "200",
  jsonSampleExpandLevel: "all",
  requiredPropsFirst: true,
  downloadDefinitionUrl: "openapi.yaml",
  theme: {
    typography: {
      fontFamily: SYSTEM_FONTS,
      headings: { fontFamily: SYSTEM_FONTS },
      code: { fontFamily: MONOSPACE_FONTS },
    },
    // The default 40% clips the long example names and ids of the delta examples.
    rightPanel: { width: "45%" },
  },
} as const;

/** JSON that is safe inside a <script> element (no `</script>`, no `<!--`, no line separators). */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll("<", "\\u003c")
    .replaceAll("\u2028", "\\u2028")
    .replaceAll("\u2029", "\\u2029");
}

export function referencePage(document: Record<string, unknown>, redocVersion: string): string {
  const info = document.info as { title?: string } | undefined;
  const title = `${info?.title ?? "API"} — API reference`;
  const { "x-generated": _notice, ...spec } = document;
  return htmlDocument({
    file: "index.html",
    title,
    head: `<meta name="generator" content="Redoc ${redocVersion}">
  <style>body { margin: 0; padding-top: ${NAV_HEIGHT_PX}px; }
  #redoc-status { font-family: ${SYSTEM_FONTS}; padding: 2rem; }</style>`,
    body: `<div id="redoc-status">
    <noscript>The API reference needs JavaScript. The contract itself is <a href="openapi.yaml">openapi.yaml</a>;
    see also the <a href="guide.html">delta PATCH guide</a> and the <a href="errata.html">errata</a>.</noscript>
  </div>
  <div id="redoc"></div>
  <script type="application/json" id="openapi-document">${scriptSafeJson(spec)}</script>
  <script src="${REDOC_ASSET}"></script>
  <script>
    (function () {
      var status = document.getElementById("redoc-status");
      if (typeof Redoc === "undefined") {
        status.textContent = "The Redoc bundle (${REDOC_ASSET}) could not be loaded.";
        return;
      }
      var spec = JSON.parse(document.getElementById("openapi-document").textContent);
      Redoc.init(spec, ${scriptSafeJson(REDOC_OPTIONS)}, document.getElementById("redoc"), function (error) {
        if (error) {
          status.textContent = "Redoc could not render the contract: " + error;
          console.error(error);
          return;
        }
        status.remove();
        document.documentElement.setAttribute("data-redoc-ready", "true");
      });
    })();
  </script>`,
  });
}
