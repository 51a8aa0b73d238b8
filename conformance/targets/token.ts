// The bearer token for a run: --token, else GRAPH_TOKEN, else a client-credentials token from Entra ID
// (AZURE_TENANT_ID / AZURE_CLIENT_ID / AZURE_CLIENT_SECRET through @azure/identity). Never printed.
// @azure/identity is an optional peer dependency: loaded only here, only when those variables are set.
import { ConfigError } from "../vocabulary/config-error.ts";

export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

export interface TokenSource {
  token: string;
  /** Where it came from, for the report (never the token itself). */
  source: "--token" | "GRAPH_TOKEN" | "AZURE_CLIENT_SECRET" | "dummy";
  /** Secrets to redact besides the token (the client secret). */
  secrets: string[];
}

/** What to install when the AZURE_* variables are set without @azure/identity (an optional peer dependency). */
export const AZURE_IDENTITY_MISSING =
  "AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET are set, but @azure/identity, which turns them into a token, " +
  "is not installed: `npm install @azure/identity@4`, or pass --token or set GRAPH_TOKEN instead";

type AzureIdentity = typeof import("@azure/identity");

function isMissingAzureIdentity(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") &&
    typeof message === "string" &&
    message.includes("@azure/identity")
  );
}

async function loadAzureIdentity(): Promise<AzureIdentity> {
  try {
    return await import("@azure/identity");
  } catch (error) {
    if (isMissingAzureIdentity(error)) throw new ConfigError(AZURE_IDENTITY_MISSING);
    throw error;
  }
}

/**
 * Why a token cannot go into an `Authorization: Bearer …` header (a line break, a control or non-ASCII character,
 * blanks around it), or undefined when it can. Says what is wrong and never shows the token.
 */
export function tokenProblem(token: string, from: string): string | undefined {
  if (token.trim() === "") return `${from} is empty`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
  const bad = /[\u0000-\u001f\u007f-\uffff]/.exec(token);
  if (bad) {
    const char = bad[0];
    const what =
      char === "\n" || char === "\r"
        ? "a line break"
        : char === "\t"
          ? "a tab"
          : char.charCodeAt(0) < 0x20 || char === "\u007f"
            ? "a control character"
            : "a non-ASCII character";
    return `${from} contains ${what} (character ${bad.index + 1} of ${token.length}); a token is one line of printable ASCII (it goes in the Authorization header)${bad.index === token.length - 1 && char === "\n" ? " (read from a file with its final newline?)" : ""}`;
  }
  if (token !== token.trim()) return `${from} starts or ends with a space`;
  return undefined;
}

function checkedToken(token: string, from: string): string {
  const problem = tokenProblem(token, from);
  if (problem) throw new ConfigError(problem);
  return token;
}

export async function resolveToken(options: {
  token?: string;
  env: NodeJS.ProcessEnv;
  dummy?: boolean;
}): Promise<TokenSource> {
  const { env } = options;
  const clientSecret = env.AZURE_CLIENT_SECRET;
  const secrets = clientSecret ? [clientSecret] : [];
  if (options.token !== undefined) return { token: checkedToken(options.token, "--token"), source: "--token", secrets };
  if (options.dummy) return { token: "conformance-dummy-token", source: "dummy", secrets };
  if (env.GRAPH_TOKEN) return { token: checkedToken(env.GRAPH_TOKEN, "GRAPH_TOKEN"), source: "GRAPH_TOKEN", secrets };
  const tenantId = env.AZURE_TENANT_ID;
  const clientId = env.AZURE_CLIENT_ID;
  if (tenantId && clientId && clientSecret) {
    const { ClientSecretCredential } = await loadAzureIdentity();
    try {
      const credential = new ClientSecretCredential(tenantId, clientId, clientSecret);
      const accessToken = await credential.getToken(GRAPH_SCOPE);
      if (!accessToken?.token) throw new Error("Entra ID returned no token");
      return { token: accessToken.token, source: "AZURE_CLIENT_SECRET", secrets };
    } catch (error) {
      throw new ConfigError(
        `could not get a token for ${GRAPH_SCOPE} with AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET: ${(error as Error).message.split("\n")[0]}`,
      );
    }
  }
  const partial = [
    tenantId && "AZURE_TENANT_ID",
    clientId && "AZURE_CLIENT_ID",
    clientSecret && "AZURE_CLIENT_SECRET",
  ].filter(Boolean);
  throw new ConfigError(
    `no token: pass --token, set GRAPH_TOKEN, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET${partial.length ? ` (only ${partial.join(", ")} set)` : ""}`,
  );
}
