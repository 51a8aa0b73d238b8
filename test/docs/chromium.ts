// Debian's chromium driven by playwright-core: headless, no sandbox (CI runs as root), nothing of its own on the
// network (no component updates, sync or QUIC), and never a browser downloaded by Playwright.
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM_PATH = "/usr/bin/chromium";

const LAUNCH_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Debian's chromium is not installed at ${CHROMIUM_PATH}: run \`apt-get install -y chromium\` (.ci/run does it in CI)`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: LAUNCH_ARGS });
}

export interface PageWatch {
  /** Every URL the page requested, in order. */
  requests: string[];
  /** Requests whose URL is not local (another host, or a scheme that leaves the machine). */
  foreignRequests(): string[];
  /** Console errors, uncaught page errors, failed requests and HTTP error answers. */
  errors: string[];
  /** Console warnings (Redoc warns about schema features it does not render; reported, not failed). */
  warnings: string[];
}

/** Records everything the page asks for and complains about. `isLocal` decides which URLs stay on the machine. */
export function watchPage(page: Page, isLocal: (url: string) => boolean): PageWatch {
  const watch: PageWatch = {
    requests: [],
    errors: [],
    warnings: [],
    foreignRequests: () => watch.requests.filter((url) => !isLocal(url)),
  };
  page.on("request", (request) => watch.requests.push(request.url()));
  page.on("console", (message) => {
    if (message.type() === "error") watch.errors.push(`console: ${message.text()}`);
    if (message.type() === "warning") watch.warnings.push(message.text());
  });
  page.on("pageerror", (error) => watch.errors.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => watch.errors.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  page.on("response", (response) => {
    if (response.status() >= 400) watch.errors.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return watch;
}
