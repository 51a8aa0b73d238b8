// Checks every link between the pages of the docs site before anything is written: a link to a page that does not
// exist, to a heading id that is not there, or to a repository file the site does not carry fails the build.

export interface PageLinks {
  file: string;
  hrefs: readonly string[];
}

/** file → the fragments that page answers (heading ids, or Redoc's `tag/…/operation/…` anchors). */
export type PageAnchors = ReadonlyMap<string, ReadonlySet<string>>;

export function findBrokenLinks(
  pages: readonly PageLinks[],
  anchors: PageAnchors,
  otherFiles: ReadonlySet<string>,
): string[] {
  const broken: string[] = [];
  for (const page of pages) {
    for (const href of page.hrefs) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(href)) continue; // https:, mailto: — readers follow those online
      const hashAt = href.indexOf("#");
      const target = hashAt === -1 ? href : href.slice(0, hashAt);
      const fragment = hashAt === -1 ? "" : decodeURIComponent(href.slice(hashAt + 1));
      const targetFile = target === "" ? page.file : target;
      const targetAnchors = anchors.get(targetFile);
      if (targetAnchors === undefined) {
        if (!otherFiles.has(targetFile) || fragment !== "") {
          broken.push(
            `${page.file}: link "${href}" names no page of the site (a repository file is not published; link a site page instead)`,
          );
        }
        continue;
      }
      if (fragment !== "" && !targetAnchors.has(fragment)) {
        broken.push(`${page.file}: link "${href}" names no anchor "${fragment}" in ${targetFile}`);
      }
    }
  }
  return broken;
}

/** The anchors Redoc 2 gives the reference page: `tag/<tag>` and `tag/<tag>/operation/<operationId>`. */
export function redocAnchors(document: Record<string, unknown>): Set<string> {
  const anchors = new Set<string>();
  const paths = (document.paths ?? {}) as Record<string, Record<string, { operationId?: string; tags?: string[] }>>;
  for (const pathItem of Object.values(paths)) {
    for (const operation of Object.values(pathItem)) {
      if (typeof operation !== "object" || operation === null || typeof operation.operationId !== "string") continue;
      for (const tag of operation.tags ?? []) {
        anchors.add(`tag/${tag}`);
        anchors.add(`tag/${tag}/operation/${operation.operationId}`);
      }
    }
  }
  return anchors;
}
