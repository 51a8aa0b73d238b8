// The built docs site in a real browser (Debian chromium): it renders offline, asks no other host for anything,
// and shows what readers come for: the delta PATCH, its examples, its error codes, the guide and the errata.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderDocsSite, writeDocsSite } from "../../scripts/build-docs.ts";
import { startStaticServer, type StaticServer } from "../../scripts/docs/static-server.ts";
import { repoRoot } from "../../scripts/repo-root.ts";
import { loadOpenApiDocument } from "../../src/contract/document.ts";
import { WORKLOAD_NAMES, WORKLOADS } from "../../src/contract/workloads.ts";
import { mediaExamples } from "../contract/media-examples.ts";
import { launchChromium, watchPage, type PageWatch } from "./chromium.ts";

const PATCH_SECTION = "tag/exchangeRestoreSessions/operation/updateExchangeRestoreSession";
const SCREENSHOT_DIR = join(repoRoot, "test-output", "docs");

/** Every error code documented for the PATCH, and the response tab whose examples show it. */
const PATCH_ERROR_CODES: Record<string, string> = {
  InvalidPatchRequest: "400",
  InvalidArtifactRequest: "400",
  RestoreArtifactsLimitBreached: "400",
  DuplicateArtifactInList: "400",
  InvalidRestorePoint: "400",
  InvalidAuthenticationToken: "401",
  RestoreSessionActionNotAllowed: "403",
  RestoreSessionNotFound: "404",
};

let siteRoot: string;
let siteDir: string;
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  siteRoot = mkdtempSync(join(tmpdir(), "docs-browser-"));
  siteDir = join(siteRoot, "docs");
  writeDocsSite(renderDocsSite(), siteDir);
  server = await startStaticServer(siteDir);
  browser = await launchChromium();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(siteRoot, { recursive: true, force: true });
});

async function openPage(isLocal: (url: string) => boolean): Promise<{ page: Page; watch: PageWatch }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  return { page, watch: watchPage(page, isLocal) };
}

const servedLocally = (url: string) =>
  url.startsWith(server.url) || url.startsWith(`blob:${server.url.slice(0, -1)}/`) || url.startsWith("data:");

async function waitForRedoc(page: Page): Promise<void> {
  await page.waitForSelector("html[data-redoc-ready=true]", { timeout: 20_000 });
}

function expectQuiet(watch: PageWatch): void {
  expect(watch.errors).toEqual([]);
  expect(watch.foreignRequests()).toEqual([]);
}

/** The text of every example a response tab offers, selecting each one in its example dropdown. */
async function examplesOfTab(samples: Locator, tab: Locator): Promise<string[]> {
  await tab.click();
  const panel = samples.locator(`[role=tabpanel][aria-labelledby="${await tab.getAttribute("id")}"]`);
  const json = panel.locator(".redoc-json").first();
  const select = panel.locator("select.dropdown-select");
  if ((await select.count()) === 0) return (await json.isVisible()) ? [(await json.textContent()) ?? ""] : [];
  const texts: string[] = [];
  for (const value of await select
    .locator("option")
    .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))) {
    await select.selectOption(value);
    if (await json.isVisible()) texts.push((await json.textContent()) ?? "");
  }
  return texts;
}

describe("the API reference page (Redoc) served from 127.0.0.1", () => {
  let page: Page;
  let watch: PageWatch;
  let patch: Locator;

  beforeAll(async () => {
    ({ page, watch } = await openPage(servedLocally));
    await page.goto(server.url);
    await waitForRedoc(page);
    patch = page.locator(`[data-section-id="${PATCH_SECTION}"]`);
  });
  afterAll(async () => {
    await page?.close();
  });

  it("renders in standards mode with the delta PATCH visible", async () => {
    expect(await page.evaluate(() => document.compatMode)).toBe("CSS1Compat");
    const heading = patch.locator("h2").first();
    await heading.scrollIntoViewIfNeeded();
    expect(await heading.isVisible()).toBe(true);
    expect((await heading.textContent())?.trim()).toBe("Add and remove mailbox restore artifacts (delta PATCH)");
    expect(await patch.locator("[type=patch]").first().textContent()).toMatch(/^patch$/i);
  });

  it("shows mailboxRestoreArtifacts@delta in the request example", async () => {
    const requestExample = patch.locator('h3:has-text("Request samples") + div .redoc-json').first();
    expect(await requestExample.isVisible()).toBe(true);
    const text = (await requestExample.textContent()) ?? "";
    expect(text).toContain('"mailboxRestoreArtifacts@delta"');
    expect(text).toContain('"@removed"');
  });

  it("shows @Core.DataModificationException in the 200 example a reader sees first", async () => {
    const samples = patch.locator('h3:has-text("Response samples") + div');
    const selectedTab = samples.locator('[role=tab][aria-selected="true"]');
    expect(await selectedTab.textContent()).toBe("200");
    const example = samples.locator("[role=tabpanel].react-tabs__tab-panel--selected .redoc-json").first();
    expect(await example.isVisible()).toBe(true);
    const text = (await example.textContent()) ?? "";
    expect(text).toContain('"@Core.DataModificationException"');
    expect(text).toMatch(/"failedOperation":\s*"remove"/);
    expect(text).toMatch(/"responseCode":\s*409/);
    // A viewport tall enough for the whole panel, so the fixed site navigation is not stitched into the image.
    await page.setViewportSize({ width: 1400, height: 2400 });
    await samples.screenshot({ path: join(SCREENSHOT_DIR, "reference-patch-200-example.png") });
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  it("shows every documented error code of the PATCH under its status", async () => {
    const samples = patch.locator('h3:has-text("Response samples") + div');
    const shownUnder = new Map<string, string[]>();
    for (const tab of await samples.locator("[role=tab]").all()) {
      const status = (await tab.textContent()) ?? "";
      for (const text of await examplesOfTab(samples, tab)) {
        for (const match of text.matchAll(/"code":\s*"([^"]+)"/g)) {
          shownUnder.set(match[1] ?? "", [...(shownUnder.get(match[1] ?? "") ?? []), status]);
        }
      }
    }
    for (const [code, status] of Object.entries(PATCH_ERROR_CODES)) {
      expect(shownUnder.get(code), `${code} under ${status}`).toContain(status);
    }
    await samples.locator("[role=tab]", { hasText: "200" }).click();
  });

  it("shows the add/remove rules in the PATCH's request body: what an addition and a removal never carry", async () => {
    const requestBody = patch
      .locator('h5:has-text("Request Body schema") + table, h5:has-text("Request Body schema") ~ table')
      .first();
    await requestBody.locator("button", { hasText: "mailboxRestoreArtifacts@delta" }).first().click();
    const addition =
      "Must be absent. A MailboxRestoreArtifactAddition never carries @removed; it marks a MailboxRestoreArtifactRemoval.";
    await requestBody.getByText(addition).first().waitFor({ state: "visible", timeout: 5_000 });
    expect(
      await requestBody
        .getByText("A MailboxRestoreArtifactAddition never carries id; it marks a MailboxRestoreArtifactRemoval.")
        .isVisible(),
    ).toBe(true);
    await requestBody
      .locator("button", { hasText: /^MailboxRestoreArtifactRemoval$/ })
      .first()
      .click();
    const removal =
      "Must be absent. A MailboxRestoreArtifactRemoval never carries restorePoint; it marks a MailboxRestoreArtifactAddition.";
    await requestBody.getByText(removal).first().waitFor({ state: "visible", timeout: 5_000 });
    await requestBody.screenshot({ path: join(SCREENSHOT_DIR, "reference-patch-request-rules.png") });
  });

  it("finds the PATCH when a reader searches for exchangeRestoreSession, and jumps to it", async () => {
    await page.locator("input.search-input").fill("exchangeRestoreSession");
    const hit = page.locator(`[data-role="search:results"] [data-item-id="${PATCH_SECTION}"]`);
    await hit.waitFor({ state: "visible", timeout: 5_000 });
    expect(await hit.textContent()).toContain("Add and remove mailbox restore artifacts (delta PATCH)");
    await hit.click();
    await page.waitForFunction((id) => decodeURIComponent(location.hash) === `#${id}`, PATCH_SECTION, {
      timeout: 5_000,
    });
    await page.waitForTimeout(300); // let Redoc's smooth scroll settle before the screenshot
    const top = (await patch.boundingBox())?.y ?? Number.NaN;
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(200);
    await page.screenshot({ path: join(SCREENSHOT_DIR, "reference-patch.png") });
  });

  it("made no request to another host and logged no error and no Redoc warning", () => {
    expect(watch.requests.some((url) => url.endsWith("/assets/redoc.standalone.js"))).toBe(true);
    expectQuiet(watch);
    expect(watch.warnings).toEqual([]);
  });
});

/** Each workload's delta PATCH as the reference shows it: its section, its summary, its first (shown) examples. */
const FAMILY_PATCHES = WORKLOAD_NAMES.map((name) => {
  const { collectionPath, sessionPath, operationIds, deltaKey, schemas } = WORKLOADS[name];
  const document = loadOpenApiDocument();
  const shown = (usage: string) =>
    (mediaExamples(document).find((example) => example.usage === `${operationIds.update} ${usage}`)?.value ??
      {}) as Record<string, Array<Record<string, unknown>>>;
  const requestItems = shown("request application/json")[deltaKey] ?? [];
  const failed = (shown("response 200 application/json")[deltaKey] ?? []).find(
    (entry) => "@Core.DataModificationException" in entry,
  );
  return {
    name,
    section: `tag/${collectionPath.split("/").pop()}/operation/${operationIds.update}`,
    summary: String((document.paths[sessionPath]?.patch as { summary?: string } | undefined)?.summary),
    deltaKey,
    addition: schemas.addition,
    removal: schemas.removal,
    requestItems: requestItems.length,
    additions: requestItems.filter((item) => "restorePoint" in item).length,
    failedId: String(failed?.id),
  };
});

describe("the three delta PATCHes (Exchange, OneDrive, SharePoint) in the reference", () => {
  let page: Page;
  let watch: PageWatch;

  beforeAll(async () => {
    ({ page, watch } = await openPage(servedLocally));
    await page.goto(server.url);
    await waitForRedoc(page);
  });
  afterAll(async () => {
    await page?.close();
  });

  it("lists a PATCH under each workload's tag in the navigation", async () => {
    for (const { section, summary } of FAMILY_PATCHES) {
      const entry = page.locator(`[data-item-id="${section}"]`).first();
      expect(await entry.count(), section).toBe(1);
      expect((await entry.textContent())?.replace(/\s+/g, " "), section).toContain(summary);
    }
  });

  it.each(FAMILY_PATCHES.map((patch) => [patch.name, patch] as const))(
    "%s: its PATCH, its corrected published request and answer, and its add/remove rules",
    async (_name, { section, summary, deltaKey, addition, removal, requestItems, additions, failedId }) => {
      const patch = page.locator(`[data-section-id="${section}"]`);
      const heading = patch.locator("h2").first();
      await heading.scrollIntoViewIfNeeded();
      expect((await heading.textContent())?.trim()).toBe(summary);
      expect(await patch.locator("[type=patch]").first().textContent()).toMatch(/^patch$/i);

      const request =
        (await patch.locator('h3:has-text("Request samples") + div .redoc-json').first().textContent()) ?? "";
      expect(request).toContain(`"${deltaKey}"`);
      expect(request).toContain('"@removed"');
      // E2: the truncated restore point is completed; E1: no comments.
      expect(request).toContain('"2b014d8c-71fe-4d00-a01a-31850bc5b32c"');
      expect(request).not.toContain("//");
      expect(request.match(/"restorePoint"|"@removed"/g)).toHaveLength(requestItems);

      const samples = patch.locator('h3:has-text("Response samples") + div');
      expect(await samples.locator('[role=tab][aria-selected="true"]').textContent()).toBe("200");
      const answer =
        (await samples.locator("[role=tabpanel].react-tabs__tab-panel--selected .redoc-json").first().textContent()) ??
        "";
      expect(answer).toContain(`"${deltaKey}"`);
      expect(answer).toContain('"@Core.DataModificationException"');
      // E3 and E37: the failure names the request's own removal (its content id too), and every addition of the
      // request is answered once, none more.
      expect(answer.match(new RegExp(`"${failedId}"`, "g"))).toHaveLength(2);
      expect(answer.match(/"status":\s*"added"/g)).toHaveLength(additions);

      const requestBody = patch
        .locator('h5:has-text("Request Body schema") + table, h5:has-text("Request Body schema") ~ table')
        .first();
      await requestBody.locator("button", { hasText: deltaKey }).first().click();
      await requestBody
        .getByText(`Must be absent. A ${addition} never carries @removed; it marks a ${removal}.`)
        .first()
        .waitFor({ state: "visible", timeout: 5_000 });
      await requestBody
        .locator("button", { hasText: new RegExp(`^${removal}$`) })
        .first()
        .click();
      await requestBody
        .getByText(`Must be absent. A ${removal} never carries restorePoint; it marks a ${addition}.`)
        .first()
        .waitFor({ state: "visible", timeout: 5_000 });
    },
  );

  it("the guide names the three PATCHes, each linked to its section of the reference", async () => {
    await page.goto(`${server.url}guide.html`);
    expect(await page.locator("main h2", { hasText: "Three workloads, one PATCH" }).isVisible()).toBe(true);
    const text = (await page.locator("main").textContent()) ?? "";
    for (const { section, deltaKey } of FAMILY_PATCHES) {
      expect(await page.locator(`main a[href="index.html#${section}"]`).count(), section).toBeGreaterThanOrEqual(1);
      expect(text).toContain(deltaKey);
    }
    const sharepoint = FAMILY_PATCHES[2]?.section as string;
    await page.locator(`main a[href="index.html#${sharepoint}"]`).first().click();
    await waitForRedoc(page);
    await page.waitForFunction(
      (id) => {
        const top = document.querySelector(`[data-section-id="${id}"]`)?.getBoundingClientRect().top;
        return top !== undefined && top >= 0 && top < 200;
      },
      sharepoint,
      { timeout: 5_000 },
    );
  });

  it("made no request to another host and logged no error and no Redoc warning", () => {
    expectQuiet(watch);
    expect(watch.warnings).toEqual([]);
  });
});

describe("the guide and the errata", () => {
  it("are reachable by link from the reference page and link back to the PATCH and to errata entries", async () => {
    const { page, watch } = await openPage(servedLocally);
    try {
      await page.goto(server.url);
      await waitForRedoc(page);

      await page.locator("#site-nav a", { hasText: "Delta PATCH guide" }).click();
      await page.waitForURL(/\/guide\.html$/);
      expect(await page.locator("main h1").textContent()).toBe("Guide to the delta PATCH");
      for (const code of Object.keys(PATCH_ERROR_CODES))
        expect(await page.locator("main table").textContent()).toContain(code);
      await page.screenshot({ path: join(SCREENSHOT_DIR, "guide.png") });

      await page.locator("main a", { hasText: "errata E9" }).click();
      await page.waitForURL(/\/errata\.html#e9-/);
      const anchor = decodeURIComponent(new URL(page.url()).hash.slice(1));
      const entry = page.locator(`[id="${anchor}"]`);
      expect(await entry.textContent()).toMatch(/^E9\. /);
      expect(await entry.isVisible()).toBe(true);
      const errataTitle = /^# (.+)$/m.exec(readFileSync(join(repoRoot, "spec/ERRATA.md"), "utf8"))?.[1];
      expect(await page.locator("main h1").textContent()).toBe(errataTitle?.replaceAll("`", ""));

      await page.locator("#site-nav a", { hasText: "Delta PATCH guide" }).click();
      await page.waitForURL(/\/guide\.html$/);
      await page.locator("main a", { hasText: "API reference" }).first().click();
      await page.waitForURL(/\/index\.html#tag\/exchangeRestoreSessions\/operation\/updateExchangeRestoreSession$/);
      await waitForRedoc(page);
      const patch = page.locator(`[data-section-id="${PATCH_SECTION}"]`);
      await page.waitForFunction(
        (id) => {
          const top = document.querySelector(`[data-section-id="${id}"]`)?.getBoundingClientRect().top;
          return top !== undefined && top >= 0 && top < 200;
        },
        PATCH_SECTION,
        { timeout: 5_000 },
      );
      expect(await patch.isVisible()).toBe(true);

      await page.locator("#site-nav a", { hasText: "Errata" }).click();
      await page.waitForURL(/\/errata\.html$/);
      await page.locator("#site-nav a", { hasText: "API reference" }).click();
      await page.waitForURL(/\/index\.html$/);
      await waitForRedoc(page);

      expectQuiet(watch);
    } finally {
      await page.close();
    }
  });
});

describe("the site opened from disk (file://), with no server at all", () => {
  it("renders the reference and asks for nothing outside the site directory", async () => {
    const siteUrl = pathToFileURL(siteDir).href;
    const { page, watch } = await openPage(
      (url) => url.startsWith(`${siteUrl}/`) || url.startsWith("data:") || url.startsWith("blob:null/"),
    );
    try {
      await page.goto(`${siteUrl}/index.html`);
      await waitForRedoc(page);
      expect((await page.locator(`[data-section-id="${PATCH_SECTION}"] h2`).first().textContent())?.trim()).toBe(
        "Add and remove mailbox restore artifacts (delta PATCH)",
      );
      await page.locator("#site-nav a", { hasText: "Errata" }).click();
      await page.waitForURL(/\/errata\.html$/);
      expect(watch.requests.length).toBeGreaterThanOrEqual(3);
      expectQuiet(watch);
    } finally {
      await page.close();
    }
  });
});
