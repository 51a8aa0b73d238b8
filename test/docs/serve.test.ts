import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../../conformance/targets/process.ts";
import { startStaticServer, type StaticServer } from "../../scripts/docs/static-server.ts";
import { repoRoot } from "../../scripts/repo-root.ts";

/** A raw request, so paths like `/../x` reach the server unnormalised (fetch would resolve the dots). */
function rawGet(
  url: string,
  path: string,
  method = "GET",
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

let root: string;
let site: string;
let server: StaticServer;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "docs-serve-"));
  site = join(root, "site");
  mkdirSync(join(site, "assets"), { recursive: true });
  writeFileSync(join(site, "index.html"), "<!doctype html><title>index</title>");
  writeFileSync(join(site, "assets", "app.js"), "console.log(1)");
  writeFileSync(join(site, "openapi.yaml"), "openapi: 3.1.0\n");
  writeFileSync(join(root, "secret.txt"), "outside the site");
  symlinkSync(join(root, "secret.txt"), join(site, "link-out.txt"));
  server = await startStaticServer(site);
});

afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe("startStaticServer", () => {
  it("listens on 127.0.0.1 and serves index.html for /", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const response = await rawGet(server.url, "/");
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(response.body).toContain("<title>index</title>");
  });

  it("serves files with their content type", async () => {
    expect((await rawGet(server.url, "/assets/app.js")).headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect((await rawGet(server.url, "/openapi.yaml")).headers["content-type"]).toBe("application/yaml; charset=utf-8");
  });

  it("answers HEAD without a body", async () => {
    const response = await rawGet(server.url, "/index.html", "HEAD");
    expect(response.status).toBe(200);
    expect(response.headers["content-length"]).toBe("35");
    expect(response.body).toBe("");
  });

  it("never serves anything outside the site directory", async () => {
    for (const path of [
      "/../secret.txt",
      "/%2e%2e/secret.txt",
      "/assets/..%2f..%2fsecret.txt",
      "/link-out.txt",
      "/%00",
      "/%E0%A4%A",
    ]) {
      const response = await rawGet(server.url, path);
      expect(response.status, path).toBe(404);
      expect(response.body, path).not.toContain("outside the site");
    }
  });

  it("answers 404 naming the path, and 405 to anything but GET and HEAD", async () => {
    const missing = await rawGet(server.url, "/nope.html");
    expect(missing.status).toBe(404);
    expect(missing.body).toBe("Not found: /nope.html\n");
    const post = await rawGet(server.url, "/index.html", "POST");
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe("GET, HEAD");
  });
});

describe("npm run docs:serve (scripts/serve-docs.ts)", () => {
  const node = join(repoRoot, "node_modules/.bin/node");
  const script = join(repoRoot, "scripts/serve-docs.ts");

  it("prints the URL first, serves the site and stops on SIGTERM", async () => {
    const running = await startServer({
      name: "docs:serve",
      command: node,
      args: [script, "--dir", site],
      ready: /^(http:\/\/127\.0\.0\.1:\d+\/)$/m,
      toBaseUrl: (match) => match[1] ?? "",
      timeoutMs: 15_000,
    });
    try {
      expect((await rawGet(running.baseUrl, "/")).body).toContain("<title>index</title>");
    } finally {
      await running.stop();
    }
    await expect(rawGet(running.baseUrl, "/")).rejects.toThrow(/ECONNREFUSED/);
  });

  it("refuses to start, with exit code 2, when the site has not been built", async () => {
    const started = startServer({
      name: "docs:serve",
      command: node,
      args: [script, "--dir", join(root, "not-built")],
      ready: /^http/m,
      toBaseUrl: () => "",
      timeoutMs: 15_000,
    });
    await expect(started).rejects.toThrow(
      /exited early \(code 2[\s\S]*not-built\/index\.html does not exist: run `npm run docs` first/,
    );
  });

  it("rejects a port that is not a number", async () => {
    const started = startServer({
      name: "docs:serve",
      command: node,
      args: [script, "--dir", site, "--port", "eighty"],
      ready: /^http/m,
      toBaseUrl: () => "",
      timeoutMs: 15_000,
    });
    await expect(started).rejects.toThrow(/--port must be an integer from 0 to 65535/);
  });
});
