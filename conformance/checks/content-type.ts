// content-type: a body is declared as JSON (`application/json`, parameters such as odata.metadata allowed) in UTF-8.
import { failed, pagePrefix, passed, type Check, type Problem } from "./check.ts";

const JSON_MEDIA_TYPE = /^application\/json\s*(;|$)/i;

export function contentTypeProblem(contentType: string | null, bodyBytes: number, status: number): Problem | undefined {
  if (bodyBytes === 0) return undefined;
  if (contentType === null) {
    return {
      message: `no Content-Type on a ${status} answer with a ${bodyBytes}-byte body; the contract answers application/json`,
      source: "rfc9110-content-type",
    };
  }
  if (!JSON_MEDIA_TYPE.test(contentType.trim())) {
    return {
      message: `received Content-Type ${JSON.stringify(contentType)}; the contract answers application/json (parameters such as odata.metadata are allowed)`,
      source: "graph-json",
    };
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
  if (charset && charset.toLowerCase() !== "utf-8" && charset.toLowerCase() !== "utf8") {
    return {
      message: `received Content-Type ${JSON.stringify(contentType)}; JSON is UTF-8 (RFC 8259), not ${charset}`,
      source: "rfc8259-utf8",
    };
  }
  return undefined;
}

export const contentType: Check = {
  name: "content-type",
  description: "a body is declared as application/json (odata parameters allowed) in UTF-8",
  usesExpectation: false,
  source: "graph-json",
  run({ response }) {
    const { pages } = response;
    if (pages.every((page) => (page.exchange.bytes?.length ?? 0) === 0)) return null;
    for (const [index, page] of pages.entries()) {
      const problem = contentTypeProblem(
        page.exchange.headers?.get("content-type") ?? null,
        page.exchange.bytes?.length ?? 0,
        page.exchange.status ?? 0,
      );
      if (problem) return failed(`${pagePrefix(index, pages.length)}${problem.message}`, problem.source);
    }
    return passed(pages[0]?.exchange.headers?.get("content-type") ?? undefined);
  },
};
