// Renders one Markdown source (the guide, the errata) to HTML with marked: headings get GitHub-compatible ids (so
// `ERRATA.md#e9-…` anchors work on GitHub and in the site alike), and links to other site sources are rewritten to
// their pages (`../spec/ERRATA.md#e9` → `errata.html#e9`).
import { posix } from "node:path";
import { Marked, type Token, type Tokens } from "marked";
import { escapeHtml } from "./layout.ts";

export interface RenderedMarkdown {
  title: string;
  bodyHtml: string;
  /** Every id given to a heading, for the link check. */
  ids: Set<string>;
  /** Every href in the rendered body, after rewriting. */
  hrefs: string[];
}

/** Repository-relative source path → site page, e.g. `spec/ERRATA.md` → `errata.html`. */
export type SourcePages = ReadonlyMap<string, string>;

function plainText(tokens: readonly Token[]): string {
  return tokens
    .map((token) => {
      if ("tokens" in token && Array.isArray(token.tokens) && token.type !== "codespan") return plainText(token.tokens);
      return "text" in token && typeof token.text === "string" ? token.text : "";
    })
    .join("");
}

/** GitHub's heading slug: lower case, punctuation and symbols dropped, spaces to hyphens, repeats numbered. */
function createSlugger(): (text: string) => string {
  const seen = new Map<string, number>();
  return (text) => {
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "")
      .replaceAll(" ", "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base}-${count}`;
  };
}

function isExternalOrFragment(href: string): boolean {
  return href.startsWith("#") || /^[a-z][a-z0-9+.-]*:/i.test(href);
}

/** Rewrites a relative link that names another site source; leaves every other href as it is. */
export function rewriteHref(href: string, sourcePath: string, sourcePages: SourcePages): string {
  if (isExternalOrFragment(href)) return href;
  const hashAt = href.indexOf("#");
  const target = hashAt === -1 ? href : href.slice(0, hashAt);
  const fragment = hashAt === -1 ? "" : href.slice(hashAt);
  const resolved = posix.normalize(posix.join(posix.dirname(sourcePath), target));
  const page = sourcePages.get(resolved);
  return page === undefined ? href : `${page}${fragment}`;
}

export function renderMarkdownPage(markdown: string, sourcePath: string, sourcePages: SourcePages): RenderedMarkdown {
  const slug = createSlugger();
  const ids = new Set<string>();
  const hrefs: string[] = [];
  let title: string | undefined;

  const marked = new Marked({
    gfm: true,
    async: false,
    walkTokens(token) {
      if (token.type === "link") {
        const link = token as Tokens.Link;
        link.href = rewriteHref(link.href, sourcePath, sourcePages);
        hrefs.push(link.href);
      }
    },
    renderer: {
      heading({ tokens, depth }) {
        const text = plainText(tokens);
        const id = slug(text);
        ids.add(id);
        if (depth === 1 && title === undefined) title = text;
        return `<h${depth} id="${escapeHtml(id)}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
      },
    },
  });
  const bodyHtml = marked.parse(markdown) as string;
  if (title === undefined) throw new Error(`${sourcePath}: no level-1 heading to use as the page title`);
  return { title, bodyHtml, ids, hrefs };
}
