// Hostile and malformed input: every case gets a specific 4xx naming what was wrong and where, and the server
// keeps serving (checked after each test).
import { connect } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DOCUMENTED_RESTORE_POINTS } from "../../conformance/reference/restore-points.ts";
import {
  SESSIONS_PATH,
  TOKEN,
  addItem,
  createSession,
  readAllArtifacts,
  startHarness,
  type Harness,
} from "./harness.ts";

let harness: Harness;
let sessionId: string;
beforeAll(async () => {
  harness = await startHarness();
  sessionId = await createSession(harness);
});
afterAll(() => harness.close());
afterEach(async () => {
  expect(harness.problems).toEqual([]);
  // Still alive and still consistent.
  expect((await harness.raw("GET", `${SESSIONS_PATH}/${sessionId}`)).status).toBe(200);
});

const RP = DOCUMENTED_RESTORE_POINTS[0]!;
const VALID = JSON.stringify({ "mailboxRestoreArtifacts@delta": [addItem(RP)] });

function patchRaw(
  body: BodyInit | undefined,
  headers: Record<string, string> = { "content-type": "application/json" },
) {
  return harness.raw("PATCH", `${SESSIONS_PATH}/${sessionId}`, { headers, ...(body === undefined ? {} : { body }) });
}

/** Sends raw bytes over a socket and resolves with what came back (until the server closes or `waitMs` passes). */
function rawExchange(
  chunks: Array<string | Buffer>,
  options: { waitMs?: number; destroyAfterWrite?: boolean } = {},
): Promise<string> {
  const { port } = harness.server;
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(received);
    };
    const timer = setTimeout(done, options.waitMs ?? 3000);
    socket.on("data", (data) => {
      received += data.toString("latin1");
    });
    socket.on("error", done);
    socket.on("close", done);
    socket.on("connect", () => {
      for (const chunk of chunks) socket.write(chunk);
      if (options.destroyAfterWrite) setTimeout(() => socket.destroy(), 20);
    });
  });
}

function requestHead(extraHeaders: string[]): string {
  return [
    `PATCH /v1.0${SESSIONS_PATH}/${sessionId} HTTP/1.1`,
    `Host: 127.0.0.1:${harness.server.port}`,
    `Authorization: Bearer ${TOKEN}`,
    "Content-Type: application/json",
    ...extraHeaders,
    "",
    "",
  ].join("\r\n");
}

describe("size", () => {
  it("413 when the declared length is over the limit, answered before the body arrives", async () => {
    const started = performance.now();
    const answer = await rawExchange(
      [requestHead([`Content-Length: ${100 * 1024 * 1024}`]), '{"mailboxRestoreArtifacts@delta":['],
      { waitMs: 5000 },
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('"code":"RequestEntityTooLarge"');
    expect(answer).toMatch(/declares 104857600 bytes/);
    expect(performance.now() - started).toBeLessThan(4000);
  });

  it("413 when a chunked body grows past the limit", async () => {
    const chunk = new TextEncoder().encode(" ".repeat(256 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 64) return controller.close();
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const answer = await patchRaw(stream);
    expect(answer.status).toBe(413);
    expect(answer.json.error.message).toMatch(/sent more than 1048576 bytes/);
    expect(sent).toBeLessThan(64);
  });

  it("a body just under the limit is read and judged on its content", async () => {
    const padded = `{"mailboxRestoreArtifacts@delta":[${JSON.stringify(addItem(RP))}]${" ".repeat(1024 * 1024 - 200)}}`;
    const answer = await patchRaw(padded);
    expect(answer.status).toBe(200);
    const removed = await harness.raw("PATCH", `${SESSIONS_PATH}/${sessionId}`, {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        "mailboxRestoreArtifacts@delta": [
          { "@removed": { reason: "changed" }, id: answer.json["mailboxRestoreArtifacts@delta"][0].id },
        ],
      }),
    });
    expect(removed.status).toBe(200);
  });
});

describe("media type", () => {
  it.each([
    "application/json",
    "application/json; charset=utf-8",
    "application/json;odata.metadata=minimal",
    "Application/JSON; charset=UTF-8",
  ])("%s is JSON", async (contentType) => {
    const answer = await patchRaw(VALID, { "content-type": contentType });
    expect(answer.status).toBe(200);
    const id = answer.json["mailboxRestoreArtifacts@delta"][0].id;
    await patchRaw(JSON.stringify({ "mailboxRestoreArtifacts@delta": [{ "@removed": {}, id }] }));
  });

  it.each([
    ["text/plain", /"text\/plain" is not JSON/],
    ["application/x-www-form-urlencoded", /is not JSON/],
    ["application/json; charset=iso-8859-1", /charset "iso-8859-1"/],
  ])("415 for %s", async (contentType, detail) => {
    const answer = await patchRaw(VALID, { "content-type": contentType });
    expect(answer.status).toBe(415);
    expect(answer.json.error.code).toBe("UnsupportedMediaType");
    expect(answer.json.error.message).toMatch(detail);
  });

  it("415 for a body without a Content-Type", async () => {
    const answer = await patchRaw(new TextEncoder().encode(VALID), {});
    expect(answer.status).toBe(415);
    expect(answer.json.error.message).toMatch(/no Content-Type/);
  });
});

describe("400 for malformed bodies, naming what and where", () => {
  it.each([
    ["an empty body", "", /The body is empty/],
    ["a whitespace body", "  \n ", /only whitespace/],
    [
      "a // comment",
      '{\n  // add one\n  "mailboxRestoreArtifacts@delta": []\n}',
      /comments are not JSON, and a \/\/ comment starts at line 2, column 3/,
    ],
    [
      "a /* */ comment",
      '{"mailboxRestoreArtifacts@delta": [ /* none */ ]}',
      /a \/\* \*\/ comment starts at line 1, column 37/,
    ],
    [
      "a trailing comma",
      '{"mailboxRestoreArtifacts@delta": [1,]}',
      /not valid JSON: Unexpected token .* at line 1, column 38\./,
    ],
    ["trailing garbage", `${VALID} x`, /Unexpected non-whitespace character after JSON at line 1, column \d+\./],
    [
      "single quotes",
      "{'mailboxRestoreArtifacts@delta': []}",
      /not valid JSON: Expected property name or .* at line 1, column 2\./,
    ],
    ["a truncated body", VALID.slice(0, 40), /not valid JSON: .* at line 1, column 4[01]\./],
    ["100 000 nested arrays", "[".repeat(100_000), /nests JSON deeper than 64 levels \(at line 1, column 65\)/],
    [
      "deep objects inside a valid-looking delta",
      `{"mailboxRestoreArtifacts@delta":[${'{"a":'.repeat(5000)}1${"}".repeat(5000)}]}`,
      /deeper than 64 levels/,
    ],
  ])("%s", async (_, body, detail) => {
    const answer = await patchRaw(body);
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe("InvalidPatchRequest");
    expect(answer.json.error.message).toMatch(detail);
  });

  it("invalid UTF-8, with the byte offset", async () => {
    const prefix = Buffer.from('{"mailboxRestoreArtifacts@delta":[{"restorePoint":{"id":"', "utf8");
    const body = Buffer.concat([prefix, Buffer.from([0xc3, 0x28]), Buffer.from('"},"destinationType":"new"}]}')]);
    const answer = await patchRaw(body);
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toBe(
      `Can't process the request because it's malformed or incorrect. The body is not valid UTF-8: invalid byte sequence at byte offset ${prefix.length} (byte 0xC3).`,
    );
  });

  it("multi-byte UTF-8 and a byte-order mark are fine", async () => {
    const answer = await patchRaw(
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(
          JSON.stringify({ "mailboxRestoreArtifacts@delta": [{ ...addItem(RP), "@Core.ContentID": "恢复-1 🔁" }] }),
        ),
      ]),
    );
    expect(answer.status).toBe(200);
    expect(answer.json["mailboxRestoreArtifacts@delta"][0]["@Core.ContentID"]).toBe("恢复-1 🔁");
    await patchRaw(
      JSON.stringify({
        "mailboxRestoreArtifacts@delta": [{ "@removed": {}, id: answer.json["mailboxRestoreArtifacts@delta"][0].id }],
      }),
    );
  });

  it("nothing malformed was applied", async () => {
    expect((await readAllArtifacts(harness, sessionId)).artifacts).toEqual([]);
  });
});

describe("connections", () => {
  it("a client that disconnects mid-body does not crash the server or change state", async () => {
    const partial = `{"mailboxRestoreArtifacts@delta":[{"restorePoint":{"id":"${RP}`;
    const answer = await rawExchange([requestHead([`Content-Length: 1000`]), partial], {
      destroyAfterWrite: true,
      waitMs: 500,
    });
    expect(answer).toBe("");
    expect((await readAllArtifacts(harness, sessionId)).artifacts).toEqual([]);
  });

  it("a client that disconnects before the headers end does not crash the server", async () => {
    await rawExchange([`GET /v1.0${SESSIONS_PATH} HTTP/1.1\r\nHost: x\r\nAuthori`], {
      destroyAfterWrite: true,
      waitMs: 300,
    });
  });

  it("a client that sends part of a body and then stalls gets 408 after the request timeout", async () => {
    const local = await startHarness({ requestTimeoutMs: 300 });
    try {
      const started = performance.now();
      const answer = await new Promise<string>((resolve) => {
        const socket = connect(local.server.port, "127.0.0.1");
        let received = "";
        socket.on("data", (data) => (received += data.toString("latin1")));
        socket.on("close", () => resolve(received));
        socket.on("error", () => resolve(received));
        socket.on("connect", () =>
          socket.write(
            `PATCH /v1.0${SESSIONS_PATH}/x HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"mailbox`,
          ),
        );
        setTimeout(() => socket.destroy(), 5000);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(answer).toContain('"code":"RequestTimeout"');
      expect(performance.now() - started).toBeLessThan(4000);
      expect((await local.raw("GET", SESSIONS_PATH)).status).toBe(200);
    } finally {
      await local.close();
    }
  });

  it("garbage instead of HTTP gets a 400 and the connection is closed", async () => {
    const answer = await rawExchange(["THIS IS NOT HTTP\r\n\r\n"]);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"code":"BadRequest"');
  });

  it("oversized headers get 431", async () => {
    const answer = await rawExchange([
      `GET /v1.0${SESSIONS_PATH} HTTP/1.1\r\nHost: x\r\nX-Padding: ${"p".repeat(40_000)}\r\n\r\n`,
    ]);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer).toContain(`"code":"RequestHeaderFieldsTooLarge"`);
  });
});

describe("routing and headers", () => {
  it.each([
    ["/solutions/backupRestore/nothingHere"],
    ["/solutions/backupRestore/exchangeRestoreSessions/a/b/c"],
    ["http-outside-base"],
  ])("404 envelope for an unknown path (%s)", async (path) => {
    const url = path === "http-outside-base" ? harness.server.baseUrl.replace("/v1.0", "/beta/solutions") : path;
    const answer = await harness.raw("GET", url);
    expect(answer.status).toBe(404);
    expect(answer.json.error.code).toBe("ResourceNotFound");
  });

  it.each([
    ["PUT", `${SESSIONS_PATH}/x`, "DELETE, GET, HEAD, PATCH"],
    ["GET", "/solutions/backupRestore/restoreSessions/x/activate", "POST"],
    ["DELETE", SESSIONS_PATH, "GET, HEAD, POST"],
  ])("405 envelope with Allow for %s %s", async (method, path, allow) => {
    const answer = await harness.raw(method, path);
    expect(answer.status).toBe(405);
    expect(answer.json.error.code).toBe("MethodNotAllowed");
    expect(answer.headers.get("allow")).toBe(allow);
  });

  /** The status line, the headers by name, and the bytes after the headers, of one request on its own connection. */
  async function exchangeOnce(method: string, path: string, auth = true) {
    const text = await rawExchange([
      [
        `${method} /v1.0${path} HTTP/1.1`,
        `Host: 127.0.0.1:${harness.server.port}`,
        ...(auth ? [`Authorization: Bearer ${TOKEN}`] : []),
        "Connection: close",
        "",
        "",
      ].join("\r\n"),
    ]);
    const end = text.indexOf("\r\n\r\n");
    const [status = "", ...lines] = text.slice(0, end).split("\r\n");
    const headers = Object.fromEntries(
      lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]),
    );
    return { status, headers, body: text.slice(end + 4) };
  }

  it.each([
    ["the session list", SESSIONS_PATH],
    ["a session", "SESSION"],
    ["an artifact list", "SESSION/mailboxRestoreArtifacts"],
    ["an unknown session", `${SESSIONS_PATH}/missing`],
  ])("HEAD on %s answers as GET does, without a body (RFC 9110 §9.3.2)", async (_, template) => {
    const path = template.replace("SESSION", `${SESSIONS_PATH}/${sessionId}`);
    const head = await exchangeOnce("HEAD", path);
    const get = await exchangeOnce("GET", path);
    expect(head.status).toBe(get.status);
    expect(head.status).not.toMatch(/ 405 /);
    expect(head.body).toBe("");
    expect(get.body).not.toBe("");
    expect(head.headers["content-type"]).toBe(get.headers["content-type"]);
    expect(head.headers["content-length"]).toBe(String(Buffer.byteLength(get.body)));
  });

  it("HEAD needs the token as GET does, and is refused where GET is (activate)", async () => {
    expect((await exchangeOnce("HEAD", SESSIONS_PATH, false)).status).toMatch(/^HTTP\/1\.1 401 /);
    const activate = await exchangeOnce("HEAD", `/solutions/backupRestore/restoreSessions/${sessionId}/activate`);
    expect(activate.status).toMatch(/^HTTP\/1\.1 405 /);
    expect(activate.headers.allow).toBe("POST");
    expect(activate.body).toBe("");
  });

  it("literal path segments match case-insensitively, as Graph's do", async () => {
    const answer = await harness.raw("GET", `/Solutions/BackupRestore/ExchangeRestoreSessions/${sessionId}`);
    expect(answer.status).toBe(200);
  });

  it("echoes client-request-id in the header and the error envelope, and sends a request-id", async () => {
    const answer = await harness.raw("GET", `${SESSIONS_PATH}/missing`, {
      headers: { "client-request-id": "c0ffee-1" },
    });
    expect(answer.headers.get("client-request-id")).toBe("c0ffee-1");
    expect(answer.json.error.innerError["client-request-id"]).toBe("c0ffee-1");
    expect(answer.headers.get("request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
