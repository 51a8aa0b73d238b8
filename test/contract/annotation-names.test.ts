// The annotation allow-list behind graph-contract/annotation-spelling: OData's and Graph's spellings pass, near
// misses are caught and the correct spelling is suggested.
import { describe, expect, it } from "vitest";
import { checkAnnotationName, KNOWN_ANNOTATIONS } from "../../lint/annotation-names.js";

describe("checkAnnotationName", () => {
  it.each([
    "@removed",
    "@odata.context",
    "@odata.id",
    "@odata.type",
    "@odata.nextLink",
    "@odata.etag",
    "@odata.count",
    "@odata.deltaLink",
    "@Core.DataModificationException",
    "@Core.ContentID",
    "@Org.OData.Core.V1.DataModificationException",
    "@Org.OData.Core.V1.ContentID",
    "@contentId",
    "mailboxRestoreArtifacts@delta",
    "value@odata.nextLink",
    "members@odata.count",
    "restorePoint",
    "id",
  ])("accepts %s", (name) => {
    expect(checkAnnotationName(name)).toBeUndefined();
  });

  it.each([
    ["@remove", "@removed"],
    ["@Removed", "@removed"],
    ["@Core.DataModificationExeption", "@Core.DataModificationException"],
    ["@core.DataModificationException", "@Core.DataModificationException"],
    ["@odata.nextlink", "@odata.nextLink"],
    ["@odata.NextLink", "@odata.nextLink"],
    ["@odata.deltalink", "@odata.deltaLink"],
    ["@odata.ETag", "@odata.etag"],
    ["@core.ContentID", "@Core.ContentID"],
    ["@Core.ContentId", "@Core.ContentID"],
    ["@contentID", "@contentId"],
    ["@Org.OData.Core.V1.ContentId", "@Org.OData.Core.V1.ContentID"],
    ["mailboxRestoreArtifacts@Delta", "mailboxRestoreArtifacts@delta"],
    ["mailboxRestoreArtifacts@detla", "mailboxRestoreArtifacts@delta"],
    ["value@odata.nextlink", "value@odata.nextLink"],
  ])("rejects %s and suggests %s", (name, suggestion) => {
    const problem = checkAnnotationName(name);
    expect(problem?.suggestion).toBe(suggestion);
    expect(problem?.message).toContain(`"${name}"`);
    expect(problem?.message).toContain(`did you mean "${suggestion}"`);
  });

  it.each(["@Custom.Note", "@odata.bogus", "@Core.Computed", "@"])(
    "rejects %s (a term this contract does not know)",
    (name) => {
      expect(checkAnnotationName(name)?.message).toContain(`"${name}"`);
    },
  );

  it("rejects an annotation of something that is not a property name", () => {
    expect(checkAnnotationName("mailbox-artifacts@delta")?.message).toContain("is not a property name");
  });

  it("accepts extra terms given by the rule's options, exactly as spelled", () => {
    expect(checkAnnotationName("@Custom.Note", ["Custom.Note"])).toBeUndefined();
    expect(checkAnnotationName("@custom.note", ["Custom.Note"])?.suggestion).toBe("@Custom.Note");
  });

  it("allows only OData's own spellings: every known term is the canonical one", () => {
    for (const term of KNOWN_ANNOTATIONS) expect(checkAnnotationName(`@${term}`)).toBeUndefined();
    expect(new Set(KNOWN_ANNOTATIONS.map((term) => term.toLowerCase())).size).toBe(KNOWN_ANNOTATIONS.length);
  });
});
