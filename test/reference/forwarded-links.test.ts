// Behind a reverse proxy, every absolute URL the reference server writes (`@odata.nextLink`, `@odata.context`,
// `Location`) points at the proxy, from Forwarded / X-Forwarded-Host / -Proto / -Prefix / Host; a malformed value
// is ignored, never reflected. Proven through a real small proxy on loopback, by hand and by the conformance runner.
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { publicBaseUrl } from "../../conformance/reference/public-base-url.ts";
import { startReferenceServer, type ReferenceServer } from "../../conformance/reference/server.ts";
import { runCli } from "../conformance/support/cli.ts";

const LISTENING = "http://127.0.0.1:4100/v1.0";
const SESSIONS = "/solutions/backupRestore/exchangeRestoreSessions";
const AUTH = { authorization: "Bearer forwarded-links-token" };

function base(headers: IncomingHttpHeaders): string {
  return publicBaseUrl(headers, LISTENING, "/v1.0");
}

describe("publicBaseUrl", () => {
  it("is the listening address without headers, and the Host a client used", () => {
    expect(base({})).toBe(LISTENING);
    expect(base({ host: "localhost:4100" })).toBe("http://localhost:4100/v1.0");
    expect(base({ host: "[::1]:4100" })).toBe("http://[::1]:4100/v1.0");
  });

  it("takes X-Forwarded-Host, -Proto and -Prefix (first value of each list) over Host", () => {
    expect(
      base({
        host: "127.0.0.1:4100",
        "x-forwarded-host": "api.example.test, inner.proxy",
        "x-forwarded-proto": "https, http",
        "x-forwarded-prefix": "/graph/",
      }),
    ).toBe("https://api.example.test/graph/v1.0");
  });

  it("takes Forwarded (RFC 7239, first element, quoted values) over X-Forwarded-*", () => {
    expect(
      base({
        host: "127.0.0.1:4100",
        forwarded: 'for=192.0.2.60;proto=https;host="gw.example.test:8443", for=10.0.0.1;host=inner',
        "x-forwarded-host": "other.example.test",
        "x-forwarded-proto": "http",
      }),
    ).toBe("https://gw.example.test:8443/v1.0");
    expect(base({ host: "a.test", forwarded: "for=192.0.2.60" })).toBe("http://a.test/v1.0");
  });

  it.each([
    [{ "x-forwarded-host": "evil.test/<script>" }],
    [{ "x-forwarded-host": "evil.test:99999" }],
    [{ "x-forwarded-host": "a b" }],
    [{ "x-forwarded-host": "user@evil.test" }],
    [{ "x-forwarded-proto": "javascript" }],
    [{ "x-forwarded-prefix": "/../admin" }],
    [{ "x-forwarded-prefix": "relative" }],
    [{ "x-forwarded-prefix": "/a?b=1" }],
    [{ "x-forwarded-prefix": "/a//b" }],
    [{ "x-forwarded-prefix": "/%zz" }],
    [{ forwarded: 'host="evil.test/<x>"' }],
    [{ forwarded: 'host=";proto=https' }],
    [{ forwarded: "proto=gopher" }],
  ])("ignores a malformed value, never reflecting it: %j", (headers) => {
    const url = base({ host: "proxy.test:8080", ...headers });
    expect(url).toBe("http://proxy.test:8080/v1.0");
  });

  it("ignores a malformed Host too, falling back to the listening address", () => {
    expect(base({ host: "bad host/x" })).toBe(LISTENING);
  });
});

interface Proxy {
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * A reverse proxy on loopback serving the reference server below `prefix` and saying so with the headers
 * `describe` picks from the Host the client sent (how a given proxy product reports itself).
 */
async function startProxy(
  upstream: ReferenceServer,
  describe: (proxyHost: string) => Record<string, string>,
  prefix = "/graph",
): Promise<Proxy> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? "/").slice(prefix.length);
    const forwarded = httpRequest(
      {
        host: "127.0.0.1",
        port: upstream.port,
        method: request.method,
        path,
        headers: { ...request.headers, host: `127.0.0.1:${upstream.port}`, ...describe(request.headers.host ?? "") },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    forwarded.on("error", () => response.destroy());
    request.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    baseUrl: `http://127.0.0.1:${port}${prefix}/v1.0`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const PROXY_STYLES: Array<[string, (proxyHost: string) => Record<string, string>]> = [
  [
    "X-Forwarded-Host/-Proto/-Prefix",
    (host) => ({ "x-forwarded-host": host, "x-forwarded-proto": "http", "x-forwarded-prefix": "/graph" }),
  ],
  [
    "Forwarded and X-Forwarded-Prefix",
    (host) => ({ forwarded: `for=127.0.0.1;host="${host}";proto=http`, "x-forwarded-prefix": "/graph" }),
  ],
];

let reference: ReferenceServer | undefined;
let proxy: Proxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await reference?.close();
  proxy = undefined;
  reference = undefined;
});

describe("through a reverse proxy on loopback", () => {
  it.each(PROXY_STYLES)("every link points at the proxy and works through it (%s)", async (_, style) => {
    reference = await startReferenceServer({ pageSize: 2 });
    proxy = await startProxy(reference, style);
    const ids = reference.restorePoints.slice(0, 5);
    const created = await fetch(`${proxy.baseUrl}${SESSIONS}`, {
      method: "POST",
      headers: { ...AUTH, "content-type": "application/json" },
      body: JSON.stringify({
        mailboxRestoreArtifacts: ids.map((id) => ({ restorePoint: { id }, destinationType: "new" })),
      }),
    });
    expect(created.status).toBe(201);
    const session = (await created.json()) as { id: string; "@odata.context": string };
    expect(created.headers.get("location")).toBe(`${proxy.baseUrl}${SESSIONS}/${session.id}`);
    expect(session["@odata.context"]).toBe(
      `${proxy.baseUrl}/$metadata#solutions/backupRestore/exchangeRestoreSessions/$entity`,
    );

    const seen: string[] = [];
    const links: string[] = [];
    let url: string | undefined = `${proxy.baseUrl}${SESSIONS}/${session.id}/mailboxRestoreArtifacts?$top=2`;
    while (url) {
      const page = await fetch(url, { headers: AUTH });
      expect(page.status).toBe(200);
      const body = (await page.json()) as {
        value: Array<{ restorePoint: { id: string } }>;
        "@odata.nextLink"?: string;
      };
      seen.push(...body.value.map((artifact) => artifact.restorePoint.id));
      url = body["@odata.nextLink"];
      if (url) links.push(url);
    }
    expect(seen.sort()).toEqual([...ids].sort());
    expect(links).toHaveLength(2);
    for (const link of links)
      expect(
        link.startsWith(`${proxy.baseUrl}${SESSIONS}/${session.id}/mailboxRestoreArtifacts?$top=2&$skiptoken=`),
      ).toBe(true);
  });

  it("a proxy that passes the client's Host on (no prefix) gets links to itself", async () => {
    reference = await startReferenceServer({ pageSize: 1 });
    proxy = await startProxy(reference, (host) => ({ host }), "");
    for (let count = 0; count < 2; count++)
      await fetch(`${proxy.baseUrl}${SESSIONS}`, {
        method: "POST",
        headers: { ...AUTH, "content-type": "application/json" },
        body: "{}",
      });
    const page = (await (await fetch(`${proxy.baseUrl}${SESSIONS}`, { headers: AUTH })).json()) as {
      "@odata.nextLink": string;
    };
    expect(page["@odata.nextLink"].startsWith(`${proxy.baseUrl}${SESSIONS}?$skiptoken=`)).toBe(true);
  });

  it("the conformance runner pages through the proxy without a link pointing past it", async () => {
    reference = await startReferenceServer({ pageSize: 2 });
    proxy = await startProxy(reference, PROXY_STYLES[0]![1]);
    const outcome = await runCli([
      "--target",
      proxy.baseUrl,
      "--token",
      "forwarded-links-token",
      "--allow-writes",
      "--grep",
      "paging|first-page",
    ]);
    expect(outcome.stderr).toBe("");
    expect(outcome.stdout).toMatch(/checks: [1-9]\d* passed, 0 failed, 0 advisories/);
    expect(outcome.code).toBe(0);
  });
});
