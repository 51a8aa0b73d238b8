// The bearer token for a run: --token, else GRAPH_TOKEN, else a client-credentials token from Entra ID
// (AZURE_TENANT_ID / AZURE_CLIENT_ID / AZURE_CLIENT_SECRET through @azure/identity). Never printed.
import { ConfigError } from "../runner/errors.ts";

export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

export interface TokenSource {
  token: string;
  /** Where it came from, for the report (never the token itself). */
  source: "--token" | "GRAPH_TOKEN" | "AZURE_CLIENT_SECRET" | "dummy";
  /** Secrets to redact besides the token (the client secret). */
  secrets: string[];
}

export async function resolveToken(options: { token?: string; env: NodeJS.ProcessEnv; dummy?: boolean }): Promise<TokenSource> {
  const { env } = options;
  const clientSecret = env.AZURE_CLIENT_SECRET;
  const secrets = clientSecret ? [clientSecret] : [];
  if (options.token !== undefined) {
    if (options.token.trim() === "") throw new ConfigError("--token is empty");
    return { token: options.token, source: "--token", secrets };
  }
  if (options.dummy) return { token: "conformance-dummy-token", source: "dummy", secrets };
  if (env.GRAPH_TOKEN) return { token: env.GRAPH_TOKEN, source: "GRAPH_TOKEN", secrets };
  const tenantId = env.AZURE_TENANT_ID;
  const clientId = env.AZURE_CLIENT_ID;
  if (tenantId && clientId && clientSecret) {
    const { ClientSecretCredential } = await import("@azure/identity");
    try {
      const credential = new ClientSecretCredential(tenantId, clientId, clientSecret);
      const accessToken = await credential.getToken(GRAPH_SCOPE);
      if (!accessToken?.token) throw new Error("Entra ID returned no token");
      return { token: accessToken.token, source: "AZURE_CLIENT_SECRET", secrets };
    } catch (error) {
      throw new ConfigError(`could not get a token for ${GRAPH_SCOPE} with AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET: ${(error as Error).message.split("\n")[0]}`);
    }
  }
  const partial = [tenantId && "AZURE_TENANT_ID", clientId && "AZURE_CLIENT_ID", clientSecret && "AZURE_CLIENT_SECRET"].filter(Boolean);
  throw new ConfigError(
    `no token: pass --token, set GRAPH_TOKEN, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET${partial.length ? ` (only ${partial.join(", ")} set)` : ""}`,
  );
}
