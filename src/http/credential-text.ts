// Text shaped like a credential, whoever's it is: a bearer credential, a JWT, and the value of a query parameter
// that carries one (OAuth codes and tokens, client secrets and assertions, SAS and presigned-URL signatures, API
// keys, passwords). One list for everything that prints or logs a URL: the conformance runner's reports and
// errors, and the reference server's request log.

/** Query parameter names (compared case-insensitively) whose values are credentials. */
export const SENSITIVE_QUERY_NAMES: readonly string[] = [
  "access_token",
  "id_token",
  "refresh_token",
  "token",
  "code",
  "client_secret",
  "client_assertion",
  "assertion",
  "secret",
  "password",
  "passwd",
  "sig",
  "signature",
  "key",
  "api_key",
  "api-key",
  "apikey",
  "x-amz-signature",
  "x-amz-credential",
  "x-amz-security-token",
  "x-goog-signature",
  "x-goog-credential",
];

const NAMES = SENSITIVE_QUERY_NAMES.map((name) => name.replace(/[-_]/g, "[-_]")).join("|");
const NAME = new RegExp(`^(?:${NAMES})$`, "i");

/** RFC 6750 b64token (token68) after "Bearer". */
const BEARER = /\b(Bearer)(\s+)([A-Za-z0-9\-._~+/]+=*)/gi;
/** A word of prose after "bearer" ("the bearer token.", "Bearer Authentication"), not a credential: a lowercase or
 *  capitalised word (a sentence's full stop aside) shorter than any token; mixed case or a digit is a credential. */
const PROSE_WORD = /^[A-Za-z][a-z]{0,18}[.]*$/;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
/** `?name=value` or `&name=value` in running text (a URL inside a message). */
const QUERY_VALUE = new RegExp(`([?&](?:${NAMES})=)[^&#\\s"']+`, "gi");

/** A cheap test: could `text` hold anything redactCredentialShapes replaces? */
export const CREDENTIAL_HINT = new RegExp(`bearer|eyJ|[?&](?:${NAMES})=`, "i");

/** Whether a query parameter of this name carries a credential. */
export function isSensitiveQueryName(name: string): boolean {
  return NAME.test(name);
}

/** `text` with bearer credentials, JWTs and the values of credential query parameters replaced. */
export function redactCredentialShapes(text: string, replacement: string): string {
  if (!CREDENTIAL_HINT.test(text)) return text;
  return text
    .replace(BEARER, (match: string, word: string, space: string, credential: string) =>
      PROSE_WORD.test(credential) ? match : `${word}${space}${replacement}`,
    )
    .replace(JWT, replacement)
    .replace(QUERY_VALUE, (_, prefix: string) => `${prefix}${replacement}`);
}
