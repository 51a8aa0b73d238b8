// The one redaction every output path goes through (console, JSON report, JUnit, error messages): the run's
// secrets (token, client secret) wherever they appear, whatever their length, plus anything shaped like a bearer
// credential, a JWT or a credential query parameter's value (src/http/credential-text.ts). A very short token
// (`--token abc`) also blanks that text inside unrelated words: the price of never printing it.

import { CREDENTIAL_HINT, redactCredentialShapes } from "../../src/http/credential-text.ts";

export const REDACTED = "[REDACTED]";

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
  const suspect = new RegExp([...(secretPattern ? [secretPattern.source] : []), CREDENTIAL_HINT.source].join("|"), "i");
  return (text: string): string => {
    if (!suspect.test(text)) return text;
    return redactCredentialShapes(secretPattern ? text.replace(secretPattern, REDACTED) : text, REDACTED);
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
