// A tiny read-only static file server for the built docs site, on 127.0.0.1 only (node:http, no dependencies).
import { createReadStream, realpathSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, resolve, sep } from "node:path";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".yaml": "application/yaml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** The file under `root` that a URL path names, or undefined when it names nothing servable (or escapes root). */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0")) return undefined;
  const rootReal = realpathSync(root);
  let candidate = resolve(rootReal, `.${decoded.startsWith("/") ? decoded : `/${decoded}`}`);
  try {
    if (statSync(candidate).isDirectory()) candidate = join(candidate, "index.html");
    candidate = realpathSync(candidate);
    if (!statSync(candidate).isFile()) return undefined;
  } catch {
    return undefined;
  }
  return candidate === rootReal || candidate.startsWith(rootReal + sep) ? candidate : undefined;
}

function plain(
  response: import("node:http").ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers });
  response.end(`${text}\n`);
}

export function startStaticServer(root: string, port = 0): Promise<StaticServer> {
  statSync(root); // fail early and clearly when the site has not been built
  const server: Server = createServer((request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      return plain(response, 405, `${request.method} is not allowed: this server only serves files`, {
        allow: "GET, HEAD",
      });
    }
    const urlPath = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    const file = resolveStaticPath(root, urlPath);
    if (file === undefined) return plain(response, 404, `Not found: ${urlPath}`);
    const size = statSync(file).size;
    response.writeHead(200, {
      "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
      "content-length": String(size),
      "cache-control": "no-cache",
      "x-content-type-options": "nosniff",
    });
    if (request.method === "HEAD") return response.end();
    createReadStream(file)
      .on("error", () => response.destroy())
      .pipe(response);
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const boundPort = typeof address === "object" && address ? address.port : port;
      resolvePromise({
        url: `http://127.0.0.1:${boundPort}/`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
