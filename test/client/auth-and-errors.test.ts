// Token sources, error decoding, and the rule that a token never shows up in anything the client throws.
import { inspect } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, describe, expect, test } from "vitest";
import {
  createRestoreClient,
  GRAPH_DEFAULT_SCOPE,
  GraphRequestError,
  GraphTransportError,
  TokenProviderError,
  unwrap,
  type AccessTokenLike,
  type RestoreClientOptions,
  type TokenCredentialLike,
} from "../../src/index.ts";
import { envelope, startStubGraph, type StubGraph, type StubReply } from "./support/stub-graph.ts";

const GET_PATH = "/solutions/backupRestore/exchangeRestoreSessions/{exchangeRestoreSessionId}";
const SECRET = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.c2lnbmF0dXJl";
const SESSION = { id: "session-1", status: "draft" };
/** A token no answer of these tests contains by accident (every occurrence of a token is redacted). */
const PLAIN = "plain-token-7f3e";

let stub: StubGraph | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

async function serve(reply: (authorization: string | undefined, index: number) => StubReply): Promise<StubGraph> {
  stub = await startStubGraph((request, index) => reply(request.headers.authorization, index));
  return stub;
}

function getSession(options: RestoreClientOptions) {
  return createRestoreClient(options).GET(GET_PATH, { params: { path: { exchangeRestoreSessionId: "session-1" } } });
}

async function thrownBy(action: () => unknown): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error("expected the action to throw");
}

/** Everything a logger could print of a thrown value. */
function everythingPrintable(error: unknown): string {
  return [
    String(error),
    JSON.stringify(error),
    JSON.stringify(error, Object.getOwnPropertyNames(error as object)),
    inspect(error, { depth: 10, showHidden: true, getters: true }),
  ].join("\n");
}

describe("token sources", () => {
  const ok = (): StubReply => ({ status: 200, body: SESSION });

  test("a string is sent as a bearer token", async () => {
    const server = await serve(ok);
    await getSession({ baseUrl: server.baseUrl, token: "plain-token" });
    expect(server.requests[0]?.headers.authorization).toBe("Bearer plain-token");
  });

  test("a sync function is called for every call", async () => {
    const server = await serve(ok);
    let calls = 0;
    const client = createRestoreClient({ baseUrl: server.baseUrl, token: () => `sync-${++calls}` });
    for (let i = 0; i < 2; i++) await client.GET(GET_PATH, { params: { path: { exchangeRestoreSessionId: "s" } } });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer sync-1", "Bearer sync-2"]);
  });

  test("an async function is awaited", async () => {
    const server = await serve(ok);
    await getSession({ baseUrl: server.baseUrl, token: async () => await Promise.resolve("async-token") });
    expect(server.requests[0]?.headers.authorization).toBe("Bearer async-token");
  });

  function fakeCredential(tokens: AccessTokenLike[]): TokenCredentialLike & { scopes: (string | string[])[] } {
    const scopes: (string | string[])[] = [];
    return {
      scopes,
      async getToken(requested) {
        scopes.push(requested);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return tokens[Math.min(scopes.length - 1, tokens.length - 1)] ?? null;
      },
    };
  }

  test("a TokenCredential is asked for the Graph scope once and its token cached until near expiry", async () => {
    const server = await serve(ok);
    const credential = fakeCredential([{ token: "credential-token-1", expiresOnTimestamp: Date.now() + 3600_000 }]);
    const client = createRestoreClient({ baseUrl: server.baseUrl, token: credential });
    await Promise.all(
      [0, 1, 2].map(() => client.GET(GET_PATH, { params: { path: { exchangeRestoreSessionId: "s" } } })),
    );
    await client.GET(GET_PATH, { params: { path: { exchangeRestoreSessionId: "s" } } });
    expect(credential.scopes).toEqual([[GRAPH_DEFAULT_SCOPE]]);
    expect(new Set(server.requests.map((r) => r.headers.authorization))).toEqual(
      new Set(["Bearer credential-token-1"]),
    );
  });

  test("a credential token that expires within the refresh margin is fetched again", async () => {
    const server = await serve(ok);
    const credential = fakeCredential([
      { token: "expiring-token", expiresOnTimestamp: Date.now() + 60_000 },
      { token: "fresh-token", expiresOnTimestamp: Date.now() + 3600_000 },
    ]);
    const client = createRestoreClient({
      baseUrl: server.baseUrl,
      token: credential,
      scopes: ["api://custom/.default"],
    });
    for (let i = 0; i < 3; i++) await client.GET(GET_PATH, { params: { path: { exchangeRestoreSessionId: "s" } } });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      "Bearer expiring-token",
      "Bearer fresh-token",
      "Bearer fresh-token",
    ]);
    expect(credential.scopes).toEqual([["api://custom/.default"], ["api://custom/.default"]]);
  });

  const failingSources: [string, RestoreClientOptions["token"], RegExp][] = [
    [
      "a function that throws",
      (): string => {
        throw new Error("vault locked");
      },
      /the token function failed: Error: vault locked/,
    ],
    ["a function returning an empty string", () => "", /the token function gave an empty string/],
    ["a function returning a number", (() => 42) as unknown as () => string, /the token function gave a number/],
    [
      "a credential returning null",
      { getToken: async () => null },
      /the credential returned no token for https:\/\/graph\.microsoft\.com\/\.default/,
    ],
    [
      "a credential that rejects",
      { getToken: async () => Promise.reject(new Error("AADSTS7000215: Invalid client secret")) },
      /could not get a token.*AADSTS7000215/,
    ],
  ];
  test.each(failingSources)(
    "%s fails the call with a TokenProviderError and sends nothing",
    async (_, token, message) => {
      const server = await serve(ok);
      const error = await thrownBy(() => getSession({ baseUrl: server.baseUrl, token }));
      expect(error).toBeInstanceOf(TokenProviderError);
      expect((error as Error).message).toMatch(message);
      expect(server.requests).toHaveLength(0);
    },
  );

  test("an unusable token option is refused when the client is created", () => {
    expect(() =>
      createRestoreClient({ baseUrl: "https://graph.microsoft.com/v1.0", token: 7 as unknown as string }),
    ).toThrow(/the `token` option is a number; expected a string, a function returning one, or a TokenCredential/);
    expect(() => createRestoreClient({ baseUrl: "graph.microsoft.com", token: PLAIN })).toThrow(
      /baseUrl must be an absolute URL/,
    );
  });

  test.each([
    "https://graph.microsoft.com/v1.0?sig=s3cr3t-signature",
    "https://graph.microsoft.com/v1.0?",
    "https://graph.microsoft.com/v1.0#s3cr3t-fragment",
  ])("a baseUrl with a query string or fragment (%s) is refused without showing it", (baseUrl) => {
    let message = "";
    try {
      createRestoreClient({ baseUrl, token: PLAIN });
    } catch (error) {
      expect(error).toBeInstanceOf(TypeError);
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /^baseUrl must not have a query string \(\?…\) or fragment \(#…\), got https:\/\/graph\.microsoft\.com\/v1\.0 followed by one;/,
    );
    expect(message).not.toContain("s3cr3t");
  });
});

describe("the token never appears in what the client throws", () => {
  test("a 401 body and header that echo the token are redacted", async () => {
    const server = await serve((authorization) => ({
      status: 401,
      headers: {
        "www-authenticate": `Bearer error="invalid_token", token="${authorization}"`,
        "request-id": "req-401",
      },
      body: envelope("InvalidAuthenticationToken", `Access token is invalid: ${authorization}`),
    }));
    const result = await getSession({ baseUrl: server.baseUrl, token: SECRET });
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${SECRET}`);
    const error = await thrownBy(() => unwrap(result));
    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error).toMatchObject({ status: 401, code: "InvalidAuthenticationToken", requestId: "req-401" });
    expect((error as GraphRequestError).serviceMessage).toBe("Access token is invalid: Bearer [redacted]");
    expect(everythingPrintable(error)).not.toContain(SECRET);
    expect(JSON.stringify(result.error)).not.toContain(SECRET);
    expect(result.response.headers.get("www-authenticate")).not.toContain(SECRET);
  });

  test("a non-JSON 2xx body that echoes the token", async () => {
    const server = await serve((authorization) => ({
      status: 200,
      headers: { "content-type": "text/html" },
      body: `<p>${authorization}</p>`,
    }));
    const error = await thrownBy(() => getSession({ baseUrl: server.baseUrl, token: SECRET }));
    expect(error).toBeInstanceOf(GraphRequestError);
    expect((error as Error).message).toContain("expected a JSON body, got text/html: <p>Bearer [redacted]</p>");
    expect(everythingPrintable(error)).not.toContain(SECRET);
  });

  test("a 3-character token is redacted wherever the answer repeats it, and the JSON stays JSON", async () => {
    const short = "Zq7";
    const server = await serve(() => ({
      status: 403,
      headers: { "x-echo": `token ${short}` },
      body: envelope("accessDenied", `token ${short} may not; ${short}${short} neither`, { [`key-${short}`]: short }),
    }));
    const result = await getSession({ baseUrl: server.baseUrl, token: short });
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${short}`);
    const error = (await thrownBy(() => unwrap(result))) as GraphRequestError;
    expect(error).toMatchObject({
      status: 403,
      code: "accessDenied",
      serviceMessage: "token [redacted] may not; [redacted][redacted] neither",
    });
    expect(everythingPrintable(error)).not.toContain(short);
    expect(JSON.stringify(result.error)).not.toContain(short);
    expect(result.response.headers.get("x-echo")).toBe("token [redacted]");
  });

  test("a connection reset", async () => {
    const server = await serve(() => ({ reset: true }));
    const error = await thrownBy(() => getSession({ baseUrl: server.baseUrl, token: SECRET }));
    expect(error).toBeInstanceOf(GraphTransportError);
    expect(everythingPrintable(error)).not.toContain(SECRET);
  });

  test("a token function returning a malformed token", async () => {
    const server = await serve(() => ({ status: 200, body: SESSION }));
    const error = await thrownBy(() =>
      getSession({ baseUrl: server.baseUrl, token: () => `${SECRET}\r\nX-Injected: 1` }),
    );
    expect(error).toBeInstanceOf(TokenProviderError);
    expect((error as Error).message).toMatch(/whitespace, control or non-ASCII characters/);
    expect(everythingPrintable(error)).not.toContain(SECRET);
    expect(server.requests).toHaveLength(0);
  });
});

describe("errors are easy to handle", () => {
  test("a Graph error envelope is decoded into status, code, message and ids", async () => {
    const server = await serve(() => ({
      status: 404,
      headers: { "request-id": "7c2b-req" },
      body: envelope("RestoreSessionNotFound", "The restore session was not found.", {
        date: "2026-01-01T00:00:00",
        "request-id": "7c2b-inner",
      }),
    }));
    const result = await getSession({ baseUrl: server.baseUrl, token: PLAIN });
    expect(result.error?.error.code).toBe("RestoreSessionNotFound");
    const error = (await thrownBy(() => unwrap(result))) as GraphRequestError;
    expect(error).toMatchObject({
      name: "GraphRequestError",
      status: 404,
      code: "RestoreSessionNotFound",
      serviceMessage: "The restore session was not found.",
      requestId: "7c2b-req",
      method: "GET",
      attempts: 1,
    });
    expect(error.clientRequestId).toBe(server.requests[0]?.headers["client-request-id"]);
    expect(error.url).toBe(`${server.baseUrl}/solutions/backupRestore/exchangeRestoreSessions/session-1`);
    expect(error.message).toBe(
      `GET ${error.url} → HTTP 404 RestoreSessionNotFound: The restore session was not found. [request-id 7c2b-req]`,
    );
  });

  test("a non-JSON error body: expected JSON error envelope, got text/html and the first 200 characters", async () => {
    const html = `<html><head><title>502 Bad Gateway</title></head><body>${"upstream unreachable ".repeat(30)}</body></html>`;
    const server = await serve(() => ({
      status: 502,
      headers: { "content-type": "text/html; charset=utf-8" },
      body: html,
    }));
    const result = await getSession({ baseUrl: server.baseUrl, token: PLAIN });
    const error = (await thrownBy(() => unwrap(result))) as GraphRequestError;
    expect(error.status).toBe(502);
    expect(error.code).toBeUndefined();
    const expectedPreview = html.slice(0, 200);
    expect(error.message).toContain(`HTTP 502: expected JSON error envelope, got text/html: ${expectedPreview}…`);
    expect(error.message).not.toContain(html.slice(0, 201));
  });

  test("JSON that is not an envelope, and an empty error body", async () => {
    const server = await serve((_, index) =>
      index === 0
        ? { status: 500, body: { message: "boom" } }
        : { status: 500, headers: { "content-type": "text/plain" }, body: "" },
    );
    const first = await thrownBy(async () => unwrap(await getSession({ baseUrl: server.baseUrl, token: PLAIN })));
    expect((first as Error).message).toContain(
      'expected JSON error envelope, got application/json: {"message":"boom"}',
    );
    const second = await thrownBy(async () => unwrap(await getSession({ baseUrl: server.baseUrl, token: PLAIN })));
    expect((second as Error).message).toContain("expected JSON error envelope, got an empty body");
  });

  test("a 2xx body that is not JSON throws instead of a SyntaxError", async () => {
    const server = await serve(() => ({
      status: 200,
      headers: { "content-type": "application/json" },
      body: '{"id": "session-1", ',
    }));
    const error = await thrownBy(() => getSession({ baseUrl: server.baseUrl, token: PLAIN }));
    expect(error).toBeInstanceOf(GraphRequestError);
    expect((error as Error).message).toMatch(
      /HTTP 200: expected a JSON body, got application\/json: \{"id": "session-1",$/,
    );
  });

  test("a server that never answers hits the timeout", async () => {
    const server = await serve(() => ({ hang: true }));
    const started = performance.now();
    const error = await thrownBy(() => getSession({ baseUrl: server.baseUrl, token: PLAIN, timeoutMs: 300 }));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(error).toBeInstanceOf(GraphTransportError);
    expect(error).toMatchObject({ timedOut: true, method: "GET" });
    expect((error as Error).message).toMatch(
      /^GET http:\/\/127\.0\.0\.1:\d+\/v1\.0\/solutions\/backupRestore\/exchangeRestoreSessions\/session-1: no response within 300 ms$/,
    );
  });

  test("a body that stalls half-way hits the timeout", async () => {
    const server = await serve(() => ({ stallBody: true, status: 200 }));
    const error = await thrownBy(() => getSession({ baseUrl: server.baseUrl, token: PLAIN, timeoutMs: 300 }));
    expect(error).toBeInstanceOf(GraphTransportError);
    expect((error as Error).message).toMatch(/the response body was not complete within 300 ms$/);
  });

  test("a body that stalls hits the timeout even when garbage collections run meanwhile", async () => {
    setFlagsFromString("--expose-gc");
    const collectGarbage = runInNewContext("gc") as () => void;
    const collector = setInterval(collectGarbage, 10);
    try {
      const server = await serve(() => ({ stallBody: true, status: 200 }));
      const error = await thrownBy(() => getSession({ baseUrl: server.baseUrl, token: PLAIN, timeoutMs: 300 }));
      expect((error as Error).message).toMatch(/the response body was not complete within 300 ms$/);
    } finally {
      clearInterval(collector);
    }
  });

  test("a connection reset and a refused connection are transport errors naming the call", async () => {
    const server = await serve(() => ({ reset: true }));
    const reset = await thrownBy(() => getSession({ baseUrl: server.baseUrl, token: PLAIN }));
    expect(reset).toMatchObject({ name: "GraphTransportError", timedOut: false });
    expect((reset as Error).message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/v1\.0\/solutions\/.*: request failed: /);
    const closedUrl = server.baseUrl;
    await server.close();
    stub = undefined;
    const refused = await thrownBy(() => getSession({ baseUrl: closedUrl, token: PLAIN }));
    expect(refused).toBeInstanceOf(GraphTransportError);
    expect((refused as Error).message).toMatch(/request failed: .*ECONNREFUSED/);
  });
});
