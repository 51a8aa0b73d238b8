// Restore-point references come in several documented forms; every consumer extracts the id the same way.

/** A restore-point reference as sent or answered: `{"id": X}` or `{"@odata.id": V}`, possibly with more keys. */
export interface RestorePointRef {
  id?: string | null;
  "@odata.id"?: string | null;
}

/** A malformed percent-escape (`%E0%A4%A`) names the id as written rather than throwing. */
function decodedOrRaw(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

// OData key literals double a quote inside the quotes: restorePoints('it''s') names it's.
const IRI_FORMS: [RegExp, (key: string) => string][] = [
  [/restorePoints\('((?:[^']|'')+)'\)\/?$/, (key) => key.replaceAll("''", "'")],
  [/restorePoints\/([^/?#]+)\/?$/, (key) => key],
];

/**
 * The restore-point id a reference names: `id`, else `@odata.id` as a bare id (Chinese seed) or an IRI ending in
 * `restorePoints/X` or `restorePoints('X')`. Undefined when the reference names none.
 */
export function restorePointIdOf(ref: RestorePointRef | null | undefined): string | undefined {
  if (!ref) return undefined;
  if (typeof ref.id === "string" && ref.id.length > 0) return ref.id;
  const odataId = ref["@odata.id"];
  if (typeof odataId !== "string" || odataId.length === 0) return undefined;
  for (const [form, unquote] of IRI_FORMS) {
    const match = form.exec(odataId);
    if (match?.[1]) return decodedOrRaw(unquote(match[1]));
  }
  return odataId;
}
