// Debian's chromium driven by playwright-core: headless, no sandbox (CI runs as root), nothing of its own on the
// network (no component updates, sync or QUIC), and never a browser downloaded by Playwright.
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's chromium; `CHROMIUM_PATH` names another build (any Chromium that Playwright can drive). */
export const DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium";

const LAUNCH_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** The browser to drive: `CHROMIUM_PATH` when set, else Debian's. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): { path: string; from: string } {
  const fromEnv = env.CHROMIUM_PATH?.trim();
  return fromEnv ? { path: fromEnv, from: "CHROMIUM_PATH" } : { path: DEFAULT_CHROMIUM_PATH, from: "the default" };
}

export async function launchChromium(env: NodeJS.ProcessEnv = process.env): Promise<Browser> {
  const { path, from } = chromiumPath(env);
  if (!existsSync(path)) {
    const hint =
      from === "CHROMIUM_PATH"
        ? "set CHROMIUM_PATH to a Chromium executable, or unset it to use Debian's /usr/bin/chromium"
        : "run `apt-get install -y chromium` (.ci/run does it in CI), or set CHROMIUM_PATH to another Chromium executable";
    throw new Error(`no chromium at ${path} (${from}): ${hint}`);
  }
  return chromium.launch({ executablePath: path, headless: true, args: LAUNCH_ARGS });
}

export interface PageWatch {
  /** Every URL the page requested, in order. */
  requests: string[];
  /** Requests whose URL is not local (another host, or a scheme that leaves the machine). */
  foreignRequests(): string[];
  /** Console errors, uncaught page errors, failed requests and HTTP error answers. */
  errors: string[];
  /** Console warnings (Redoc warns about schema forms it does not render, dropping what they say). */
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
  page.on("requestfailed", (request) =>
    watch.errors.push(`request failed: ${request.url()} (${request.failure()?.errorText})`),
  );
  page.on("response", (response) => {
    if (response.status() >= 400) watch.errors.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return watch;
}
