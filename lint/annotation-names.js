// Which `@`-keys this contract may spell, and the nearest correct spelling of one it may not.
// OData's JSON format is case-sensitive: `@odata.nextlink` or `@core.ContentID` are silently ignored by clients,
// so a misspelled annotation is a defect, not a style issue.

/** Instance annotations (`@name`) the contract uses, spelled as OData (and Graph, for `@contentId`) spell them. */
export const KNOWN_ANNOTATIONS = Object.freeze([
  "removed",
  "odata.context",
  "odata.id",
  "odata.type",
  "odata.nextLink",
  "odata.etag",
  "odata.count",
  "odata.deltaLink",
  "Core.DataModificationException",
  "Core.ContentID",
  "Org.OData.Core.V1.DataModificationException",
  "Org.OData.Core.V1.ContentID",
  "contentId",
]);

/** Annotations of a property (`<property>@name`): the delta payload plus the OData control information. */
const PROPERTY_ANNOTATIONS = Object.freeze([
  "delta",
  ...KNOWN_ANNOTATIONS.filter((name) => name !== "removed" && name !== "contentId"),
]);

const PROPERTY_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Edit distance with adjacent transpositions (optimal string alignment). */
function editDistance(a, b) {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The allowed term closest to `term`: a case-insensitive match first, else one within a few edits. */
function nearest(term, allowed) {
  const lower = term.toLowerCase();
  const sameLetters = allowed.find((candidate) => candidate.toLowerCase() === lower);
  if (sameLetters) return sameLetters;
  let best;
  let bestDistance = Math.max(2, Math.floor(term.length / 5)) + 1;
  for (const candidate of allowed) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Checks one JSON member name. Names without `@` are not annotations and always pass. Returns undefined when the
 * name is allowed, else `{ message, suggestion? }` where `suggestion` is the corrected member name.
 *
 * @param {string} name
 * @param {readonly string[]} [extraAnnotations] further allowed terms (without `@`), e.g. from rule options
 * @returns {{ message: string, suggestion?: string } | undefined}
 */
export function checkAnnotationName(name, extraAnnotations = []) {
  const at = name.indexOf("@");
  if (at < 0) return undefined;
  const property = name.slice(0, at);
  const term = name.slice(at + 1);
  if (property === "") {
    const allowed = [...KNOWN_ANNOTATIONS, ...extraAnnotations];
    if (allowed.includes(term)) return undefined;
    const guess = nearest(term, allowed);
    return {
      message: `"${name}" is not an annotation this contract knows (OData/Graph spelling is case-sensitive)${guess ? `; did you mean "@${guess}"?` : ""}`,
      ...(guess ? { suggestion: `@${guess}` } : {}),
    };
  }
  if (!PROPERTY_NAME.test(property)) {
    return { message: `"${name}" annotates "${property}", which is not a property name` };
  }
  const allowed = [...PROPERTY_ANNOTATIONS, ...extraAnnotations];
  if (allowed.includes(term)) return undefined;
  const guess = nearest(term, allowed);
  return {
    message: `"${name}" is not a property annotation this contract knows (expected "${property}@delta" or "${property}@odata.…")${guess ? `; did you mean "${property}@${guess}"?` : ""}`,
    ...(guess ? { suggestion: `${property}@${guess}` } : {}),
  };
}
