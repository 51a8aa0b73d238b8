// The one redaction every output path goes through (console, JSON report, JUnit, error messages, the shrunk
// scenario file): the run's secrets (token, client secret) wherever they appear, plus anything shaped like a
// bearer credential, a JWT or a credential query parameter's value (src/http/credential-text.ts).
//
// - Whole tokens: a secret shorter than WORD_SAFE_LENGTH is replaced only where it stands alone (not inside a
//   longer word), so `--token t` leaves "activated" alone; a longer one is replaced wherever it appears.
// - Fragments: a run of token characters of at least FRAGMENT_LENGTH that is part of a long secret is replaced
//   too, so a token the target (or anything) cut short still never shows.
// - Text from a target is redacted before it is shortened: `clip` does both, in that order.

import { CREDENTIAL_HINT, redactCredentialShapes } from "../../src/http/credential-text.ts";

export const REDACTED = "[REDACTED]";

/** Secrets at least this long cannot be a word of prose: they are replaced even inside other text. */
const WORD_SAFE_LENGTH = 16;
/** A fragment of a secret this long (or longer) is replaced as if it were the secret. */
const FRAGMENT_LENGTH = 20;
/** Characters a token is made of (RFC 6750 b64token, and what opaque tokens use). */
const TOKEN_RUN = new RegExp(`[A-Za-z0-9\\-._~+/=]{${FRAGMENT_LENGTH},}`, "g");

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export type Redact = (text: string) => string;

/** No redaction (a run without secrets, or a test). */
export const noRedaction: Redact = (text) => text;

/** A redactor for these secrets (empty and undefined ones are ignored). */
export function createRedactor(secrets: ReadonlyArray<string | undefined>): Redact {
  const present = secrets.filter((secret): secret is string => typeof secret === "string" && secret.length > 0);
  // Each secret as written and JSON-escaped (a "/" or a quote inside it), longest first, replaced in one pass.
  const forms = [...new Set(present.flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)]))].sort(
    (a, b) => b.length - a.length,
  );
  const alternatives = forms.map((form) =>
    form.length >= WORD_SAFE_LENGTH ? escapeRegExp(form) : `(?<![A-Za-z0-9])${escapeRegExp(form)}(?![A-Za-z0-9])`,
  );
  const secretPattern = alternatives.length ? new RegExp(alternatives.join("|"), "g") : undefined;
  const long = forms.filter((form) => form.length >= FRAGMENT_LENGTH);
  // One cheap test first: most strings (check names, short messages) contain nothing worth replacing.
  const suspect = new RegExp(
    [...forms.map(escapeRegExp), CREDENTIAL_HINT.source, ...(long.length ? [TOKEN_RUN.source] : [])].join("|"),
    "i",
  );
  return (text: string): string => {
    if (!suspect.test(text)) return text;
    let redacted = secretPattern ? text.replace(secretPattern, REDACTED) : text;
    if (long.length)
      redacted = redacted.replace(TOKEN_RUN, (run) => (long.some((secret) => secret.includes(run)) ? REDACTED : run));
    return redactCredentialShapes(redacted, REDACTED);
  };
}

/** Text from a target, redacted and then cut to `max` characters (an ellipsis marks the cut). */
export function clip(text: string, max: number, redact: Redact): string {
  const redacted = redact(text);
  return redacted.length > max ? `${redacted.slice(0, max)}…` : redacted;
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
