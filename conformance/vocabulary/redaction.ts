// The one redaction every output path goes through (console, JSON report, JUnit, error messages): the run's
// secrets (token, client secret) wherever they appear, whatever their length, plus anything shaped like a bearer
// credential or a JWT. A very short token (`--token abc`) also blanks that text inside unrelated words: the
// price of never printing it.

export const REDACTED = "[REDACTED]";

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
  const present = secrets.filter((secret): secret is string => typeof secret === "string" && secret.length > 0);
  // Each secret as written and JSON-escaped (a "/" or a quote inside it), longest first, replaced in one pass.
  const forms = [...new Set(present.flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)]))].sort(
    (a, b) => b.length - a.length,
  );
  const secretPattern = forms.length ? new RegExp(forms.map(escapeRegExp).join("|"), "g") : undefined;
  // One cheap test first: most strings (check names, short messages) contain nothing worth replacing.
  const suspect = new RegExp(
    [
      ...(secretPattern ? [secretPattern.source] : []),
      "bearer",
      "eyJ",
      "[?&](?:access_token|client_secret|code|token)=",
    ].join("|"),
    "i",
  );
  return (text: string): string => {
    if (!suspect.test(text)) return text;
    const result = secretPattern ? text.replace(secretPattern, REDACTED) : text;
    return result
      .replace(BEARER, (_, word: string, space: string) => `${word}${space}${REDACTED}`)
      .replace(JWT, REDACTED)
      .replace(SECRET_QUERY, (_, prefix: string) => `${prefix}${REDACTED}`);
  };
}

/**
 * Redacts every string value inside a JSON-like value, for structured reports. Keys are the report's own field
 * names, never text from the target, and stay readable whatever the token is.
 */
export function redactDeep<T>(value: T, redact: Redact): T {
  if (typeof value === "string") return redact(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item, redact)])) as T;
  }
  return value;
}
