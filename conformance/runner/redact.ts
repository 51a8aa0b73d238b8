// The one redaction every output path goes through (console, JSON report, JUnit, error messages): the run's
// secrets (token, client secret) wherever they appear, plus anything shaped like a bearer credential or a JWT.

export const REDACTED = "[REDACTED]";

/** Secrets shorter than this are replaced only where they appear as a bearer credential (replacing every "x"
 *  of a `--token x` would garble the report without protecting anything). */
const MIN_LITERAL_SECRET = 6;

/** RFC 6750 b64token (token68) after "Bearer". */
const BEARER = /\b(Bearer)(\s+)[A-Za-z0-9\-._~+/]+=*/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const SECRET_QUERY = /([?&](?:access_token|client_secret|code|token)=)[^&#\s"']+/gi;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export type Redact = (text: string) => string;

/** A redactor for these secrets (empty and undefined ones are ignored). */
export function createRedactor(secrets: ReadonlyArray<string | undefined>): Redact {
  const literal = [...new Set(secrets.filter((secret): secret is string => typeof secret === "string" && secret.length >= MIN_LITERAL_SECRET))]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp);
  const literalPattern = literal.length ? new RegExp(literal.join("|"), "g") : undefined;
  // JSON-escaped forms of a secret (a "/" or a quote inside it) are covered by also matching the escaped text.
  const escapedPattern = literal.length
    ? new RegExp(
        secrets
          .filter((secret): secret is string => typeof secret === "string" && secret.length >= MIN_LITERAL_SECRET)
          .map((secret) => JSON.stringify(secret).slice(1, -1))
          .filter((escaped, index, all) => all.indexOf(escaped) === index)
          .map(escapeRegExp)
          .join("|"),
        "g",
      )
    : undefined;
  // One cheap test first: most strings (check names, short messages) contain nothing worth replacing.
  const suspect = new RegExp(
    [...(literalPattern ? [literalPattern.source] : []), ...(escapedPattern ? [escapedPattern.source] : []), "bearer", "eyJ", "[?&](?:access_token|client_secret|code|token)="].join("|"),
    "i",
  );
  return (text: string): string => {
    if (!suspect.test(text)) return text;
    let result = text;
    if (literalPattern) result = result.replace(literalPattern, REDACTED);
    if (escapedPattern) result = result.replace(escapedPattern, REDACTED);
    return result
      .replace(BEARER, (_, word: string, space: string) => `${word}${space}${REDACTED}`)
      .replace(JWT, REDACTED)
      .replace(SECRET_QUERY, (_, prefix: string) => `${prefix}${REDACTED}`);
  };
}

/** Redacts every string inside a JSON-like value (keys included), for structured reports. */
export function redactDeep<T>(value: T, redact: Redact): T {
  if (typeof value === "string") return redact(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [redact(key), redactDeep(item, redact)])) as T;
  }
  return value;
}
