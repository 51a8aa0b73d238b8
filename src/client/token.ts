// Bearer tokens from a string, a function, or an @azure/identity credential (anything with getToken).
import { TokenProviderError } from "./errors.ts";

/** The part of `@azure/core-auth`'s `AccessToken` this client reads. */
export interface AccessTokenLike {
  token: string;
  /** Expiry, in milliseconds since the epoch. */
  expiresOnTimestamp: number;
  /** When the credential suggests refreshing, in milliseconds since the epoch. */
  refreshAfterTimestamp?: number;
}

/**
 * Structurally an `@azure/identity` `TokenCredential` (`ClientSecretCredential`, `DefaultAzureCredential`, …);
 * declared here so the library's types do not depend on `@azure/core-auth` being resolvable by the caller.
 */
export interface TokenCredentialLike {
  getToken(scopes: string | string[], options?: object): Promise<AccessTokenLike | null>;
}

/** A bearer token, a function returning one (sync or async), or a `TokenCredential`. */
export type TokenSource = string | (() => string | Promise<string>) | TokenCredentialLike;

/** Microsoft Graph's application scope. */
export const GRAPH_DEFAULT_SCOPE = "https://graph.microsoft.com/.default";

/** A credential's token is fetched again this long before it expires. */
export const TOKEN_REFRESH_MARGIN_MS = 2 * 60 * 1000;

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return value.length === 0 ? "an empty string" : "a string";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** Accepts a non-empty token usable in a header; never echoes the value (it is a secret). */
function checkedToken(value: unknown, origin: string): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new TokenProviderError(`${origin} gave ${describeValue(value)}; expected a non-empty bearer token string`);
  }
  const token = value.startsWith("Bearer ") ? value.slice("Bearer ".length) : value;
  if (token.length === 0 || /[^\u0021-\u007e]/.test(token)) {
    throw new TokenProviderError(
      `${origin} gave a token with whitespace, control or non-ASCII characters (${value.length} chars); a bearer token is one word of printable ASCII`,
    );
  }
  return token;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function isCredential(source: unknown): source is TokenCredentialLike {
  return (
    typeof source === "object" && source !== null && typeof (source as TokenCredentialLike).getToken === "function"
  );
}

function credentialProvider(credential: TokenCredentialLike, scopes: string[]): () => Promise<string> {
  let cached: { token: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;
  const fetchToken = async (): Promise<string> => {
    let access: AccessTokenLike | null;
    try {
      access = await credential.getToken(scopes);
    } catch (error) {
      throw new TokenProviderError(
        `the credential could not get a token for ${scopes.join(" ")}: ${messageOf(error)}`,
        { cause: error },
      );
    }
    if (!access) throw new TokenProviderError(`the credential returned no token for ${scopes.join(" ")}`);
    const token = checkedToken(access.token, "the credential");
    const expiresAt = Number.isFinite(access.expiresOnTimestamp) ? access.expiresOnTimestamp : Date.now();
    const refreshAt = Math.min(
      expiresAt - TOKEN_REFRESH_MARGIN_MS,
      access.refreshAfterTimestamp ?? Number.POSITIVE_INFINITY,
    );
    cached = { token, refreshAt };
    return token;
  };
  return () => {
    if (cached && Date.now() < cached.refreshAt) return Promise.resolve(cached.token);
    // Concurrent calls share one getToken round trip.
    inFlight ??= fetchToken().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}

/**
 * Turns a {@link TokenSource} into a function that yields the bearer token for the next request.
 * Strings are used as given, functions are called for every request (they do their own caching), credentials
 * are asked for `scopes` and their token is cached until {@link TOKEN_REFRESH_MARGIN_MS} before it expires.
 */
export function tokenProvider(
  source: TokenSource,
  scopes: string | string[] = GRAPH_DEFAULT_SCOPE,
): () => Promise<string> {
  if (typeof source === "string") {
    const token = checkedToken(source, "the `token` option");
    return () => Promise.resolve(token);
  }
  if (isCredential(source)) return credentialProvider(source, Array.isArray(scopes) ? scopes : [scopes]);
  if (typeof source === "function") {
    return async () => {
      let value: unknown;
      try {
        value = await source();
      } catch (error) {
        throw new TokenProviderError(`the token function failed: ${messageOf(error)}`, { cause: error });
      }
      return checkedToken(value, "the token function");
    };
  }
  throw new TokenProviderError(
    `the \`token\` option is ${describeValue(source)}; expected a string, a function returning one, or a TokenCredential (an object with getToken)`,
  );
}
