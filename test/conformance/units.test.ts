// The runner's building blocks: expressions, request generation, redaction, Retry-After, body decoding, and one
// HTTP exchange against servers that truncate, stream too much, or are not there.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import {
  evaluate,
  ExpressionError,
  parseExpression,
  resolveIdList,
  resolveValue,
  type ExpressionScope,
} from "../../conformance/vocabulary/expressions.ts";
import { DEFAULT_RETRY, decodeJsonBody, send, type HttpOptions } from "../../conformance/transport/http-exchange.ts";
import { clip, createRedactor, noRedaction, redactDeep } from "../../conformance/vocabulary/redaction.ts";
import { buildBodyValue, prepareRequest, sentItemsOf } from "../../conformance/runner/request-builder.ts";
import { WORKLOADS } from "../../src/contract/workloads.ts";
import { bodyAssertions } from "../../conformance/checks/body-assertions.ts";
import type { CheckContext, Verdict } from "../../conformance/checks/check.ts";
import type { Assertion } from "../../conformance/vocabulary/scenario.ts";
import { closedPort } from "./support/deviating-server.ts";
import { SharedThrottle } from "../../conformance/transport/shared-throttle.ts";

const scope: ExpressionScope = {
  pool: ["rp-a", "rp-b", "rp-c"],
  outputs: new Map([["prepare", { artifactIds: ["art-1", "art-2"], sessionId: "s-1" }]]),
  absent: (name) => `absent-${name}`,
};

describe("expressions", () => {
  it("name pool entries, slices, step outputs and absent ids", () => {
    expect(resolveValue("$pool[1]", scope)).toBe("rp-b");
    expect(resolveValue("$pool[0:2]", scope)).toEqual(["rp-a", "rp-b"]);
    expect(resolveValue("$steps.prepare.outputs.artifactIds[1]", scope)).toBe("art-2");
    expect(resolveValue("$absent.session", scope)).toBe("absent-session");
    expect(resolveValue("restorePoints('{$pool[2]}')", scope)).toBe("restorePoints('rp-c')");
    expect(resolveValue({ a: ["$pool[0]", 3, null] }, scope)).toEqual({ a: ["rp-a", 3, null] });
    expect(resolveIdList(["$pool[0:2]", "$steps.prepare.outputs.sessionId"], scope, "ids")).toEqual([
      "rp-a",
      "rp-b",
      "s-1",
    ]);
    expect(
      evaluate(parseExpression("$response.body#/value/0/id")!, { ...scope, responseBody: { value: [{ id: "x~/" }] } }),
    ).toBe("x~/");
  });

  it("fail with the reason when a value is missing", () => {
    expect(() => resolveValue("$pool[3]", scope)).toThrow(
      new ExpressionError("the restore-point pool has 3 entries; [3] is past the end"),
    );
    expect(() =>
      resolveValue("$steps.create.outputs.sessionId", {
        ...scope,
        missingOutputs: new Map([["create.sessionId", "the answer has nothing at /id"]]),
      }),
    ).toThrow(
      "$steps.create.outputs.sessionId has no value (step create did not produce it: the answer has nothing at /id)",
    );
    expect(() => parseExpression("$nope")).toThrow(/is not an expression/);
    expect(() => evaluate(parseExpression("$response.body#/id")!, { ...scope, responseBody: {} })).toThrow(
      "the answer has nothing at /id",
    );
  });
});

describe("request generation", () => {
  it("expands generators in place and records the items sent for correlation", () => {
    const body = {
      "mailboxRestoreArtifacts@delta": buildBodyValue(
        [
          {
            $additions: {
              restorePoints: "$pool[0:2]",
              destinationType: "inPlace",
              reference: "odata-id",
              contentIds: true,
            },
          },
          { restorePoint: "$pool[2]", destinationType: "new" },
          { $removals: { ids: "$steps.prepare.outputs.artifactIds", reason: "deleted" } },
        ],
        scope,
      ),
    };
    expect(body).toEqual({
      "mailboxRestoreArtifacts@delta": [
        { restorePoint: { "@odata.id": "rp-a" }, destinationType: "inPlace", "@Core.ContentID": "add:rp-a" },
        { restorePoint: { "@odata.id": "rp-b" }, destinationType: "inPlace", "@Core.ContentID": "add:rp-b" },
        { restorePoint: "rp-c", destinationType: "new" },
        { "@removed": { reason: "deleted" }, id: "art-1" },
        { "@removed": { reason: "deleted" }, id: "art-2" },
      ],
    });
    expect(sentItemsOf(body, "mailboxRestoreArtifacts@delta")).toEqual([
      { index: 0, kind: "add", restorePointId: "rp-a", contentId: "add:rp-a" },
      { index: 1, kind: "add", restorePointId: "rp-b", contentId: "add:rp-b" },
      { index: 2, kind: "other" },
      { index: 3, kind: "remove", artifactId: "art-1" },
      { index: 4, kind: "remove", artifactId: "art-2" },
    ]);
  });

  it("builds the URL from the contract's path template, keeps OData's $ in the query and sends the token only when asked", () => {
    const step = {
      id: "list",
      operationId: "listMailboxRestoreArtifacts",
      path: { exchangeRestoreSessionId: "a b/c" },
      query: { $top: 7 },
      expect: { source: "graph-list-artifacts", status: 200 },
    };
    const request = prepareRequest(step, scope, {
      baseUrl: "http://127.0.0.1:9/v1.0/",
      token: "tok",
      workload: WORKLOADS.exchange,
    });
    expect(request.method).toBe("GET");
    expect(request.url).toBe(
      "http://127.0.0.1:9/v1.0/solutions/backupRestore/exchangeRestoreSessions/a%20b%2Fc/mailboxRestoreArtifacts?$top=7",
    );
    expect(request.headers.authorization).toBe("Bearer tok");
    expect(request.body).toBeUndefined();
    const anonymous = prepareRequest({ ...step, auth: "none" as const }, scope, {
      baseUrl: "http://x/v1.0",
      token: "tok",
      workload: WORKLOADS.exchange,
    });
    expect(anonymous.headers.authorization).toBeUndefined();
  });
});

describe("redaction", () => {
  const redact = createRedactor(["s3cret-token-value", 'client/secret"x', undefined, "abc"]);
  it("removes the secrets, their JSON-escaped forms, bearer credentials and JWTs", () => {
    expect(redact("token s3cret-token-value here")).toBe("token [REDACTED] here");
    expect(redact(JSON.stringify({ m: 'client/secret"x' }))).toBe('{"m":"[REDACTED]"}');
    expect(redact("Authorization: Bearer anything.at-all")).toBe("Authorization: Bearer [REDACTED]");
    expect(redact("(denied for Bearer a.b-c_d~e+f/g==), next")).toBe("(denied for Bearer [REDACTED]), next");
    expect(redact("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln end")).toBe("jwt [REDACTED] end");
    expect(redact("https://x/?access_token=abcdef&b=1")).toBe("https://x/?access_token=[REDACTED]&b=1");
  });
  it("removes the values of every credential query parameter: SAS and presigned signatures, codes, keys", () => {
    expect(redact("GET https://x/v1.0?sv=1&sig=s4s-sig&X-Amz-Signature=f00d&apikey=k3y&refresh_token=rt")).toBe(
      "GET https://x/v1.0?sv=1&sig=[REDACTED]&X-Amz-Signature=[REDACTED]&apikey=[REDACTED]&refresh_token=[REDACTED]",
    );
  });
  it("replaces a short secret as a whole word only, a long one wherever it appears, and reaches into values (not keys)", () => {
    expect(redact("abc is short; xabcx is another word")).toBe("[REDACTED] is short; xabcx is another word");
    expect(createRedactor(["t"])("activated-session-is-locked › list-sessions: t, Bearer t")).toBe(
      "activated-session-is-locked › list-sessions: [REDACTED], Bearer [REDACTED]",
    );
    expect(createRedactor(["q"])("a q, a qq")).toBe("a [REDACTED], a qq");
    expect(redact("xs3cret-token-valuex")).toBe("x[REDACTED]x");
    expect(
      redactDeep({ list: ["s3cret-token-value"], nested: { k: "Bearer s3cret-token-value" }, abc: "abc" }, redact),
    ).toEqual({
      list: ["[REDACTED]"],
      nested: { k: "Bearer [REDACTED]" },
      abc: "[REDACTED]",
    });
  });
  it("replaces a long secret's fragments (a token cut short) and leaves prose after 'bearer' alone", () => {
    const token = `tk-${"0123456789abcdefghij".repeat(60)}`;
    const withToken = createRedactor([token]);
    expect(withToken(`echo: ${token.slice(0, 97)}… (cut)`)).toBe("echo: [REDACTED]… (cut)");
    expect(withToken(`tail ${token.slice(500, 530)}`)).toBe("tail [REDACTED]");
    expect(withToken("a GUID 3f1c2d4e-0000-4000-8000-000000000001 stays")).toBe(
      "a GUID 3f1c2d4e-0000-4000-8000-000000000001 stays",
    );
    expect(withToken("the bearer token was rejected")).toBe("the bearer token was rejected");
  });
  it("clip redacts before it shortens", () => {
    const token = "Z".repeat(1200);
    const clipped = clip(`{"error":{"message":"bad token ${token}"}}`, 100, createRedactor([token]));
    expect(clipped).toBe('{"error":{"message":"bad token [REDACTED]"}}');
    expect(clip("x".repeat(120), 100, noRedaction)).toBe(`${"x".repeat(100)}…`);
  });
});

describe("body decoding", () => {
  it("tells empty, JSON, bad UTF-8 and non-JSON apart", () => {
    expect(decodeJsonBody(new Uint8Array())).toEqual({ kind: "empty" });
    expect(decodeJsonBody(Buffer.from('\ufeff{"a":1}'))).toEqual({ kind: "json", value: { a: 1 } });
    expect(decodeJsonBody(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]))).toEqual({
      kind: "invalid",
      message: "the body is not valid UTF-8 (first bad byte at offset 2)",
    });
    expect(decodeJsonBody(gzipSync('{"a":1}'))).toEqual({
      kind: "invalid",
      message: "the body is gzip data (starts 1f 8b) without a Content-Encoding: gzip header (27 bytes)",
    });
    expect(decodeJsonBody(Buffer.from('{"a":'))).toEqual({
      kind: "invalid",
      message: expect.stringMatching(/^the body is not JSON \(.+\): "\{\\"a\\":"$/),
    });
    expect(decodeJsonBody(Buffer.from("   "))).toEqual({
      kind: "invalid",
      message: "the body is only whitespace (3 bytes)",
    });
  });
  it("quotes a body that is not JSON redacted, then shortened: a long token in it never shows in part", () => {
    const token = "T0k".repeat(400);
    const decoded = decodeJsonBody(Buffer.from(`<html>denied ${token}</html>`), createRedactor([token]));
    expect(decoded).toEqual({
      kind: "invalid",
      message: expect.stringMatching(/: "<html>denied \[REDACTED\]<\/html>"$/),
    });
  });
});

describe("one HTTP exchange", () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });
  async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(handler);
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
  }
  const options: HttpOptions = { timeoutMs: 2000, maxBodyBytes: 1000, retry: { ...DEFAULT_RETRY, defaultWaitMs: 10 } };

  it("a body cut short is a truncated answer", async () => {
    const url = await listen((_, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      response.write('{"partial":');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const exchange = await send({ method: "GET", url, headers: {} }, options);
    expect(exchange.failure?.kind).toBe("truncated");
    expect(exchange.failure?.message).toMatch(
      /^the answer \(200\) ended before its body was complete \(content-length 100\): /,
    );
  });

  it("a streamed body past the cap is not read further", async () => {
    const url = await listen((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      const chunk = "x".repeat(400);
      let sent = 0;
      const timer = setInterval(() => {
        if (response.destroyed || sent++ > 50) return clearInterval(timer);
        response.write(chunk);
      }, 1);
    });
    const exchange = await send({ method: "GET", url, headers: {} }, options);
    expect(exchange.failure).toEqual({
      kind: "too-large",
      message: "the body exceeds 1000 bytes; the runner stopped reading it",
    });
  });

  it("a 503 without Retry-After is retried after the default wait, at most maxRetries times", async () => {
    let calls = 0;
    const url = await listen((_, response) => {
      calls++;
      response.writeHead(503, { "content-type": "application/json" }).end('{"error":{"code":"x","message":"busy"}}');
    });
    const exchange = await send(
      { method: "GET", url, headers: {} },
      { ...options, retry: { ...options.retry, maxRetries: 2 } },
    );
    expect(calls).toBe(3);
    expect(exchange.status).toBe(503);
    expect(exchange.throttled).toEqual([
      { status: 503, retryAfter: null, waitedMs: 10 },
      { status: 503, retryAfter: null, waitedMs: 10 },
    ]);
    expect(exchange.throttleGaveUp).toBe("still 503 after 3 attempts");
  });

  it("a Retry-After the runner refuses to wait for fails the request without pausing the pool", async () => {
    const url = await listen((_, response) => {
      response.writeHead(429, { "content-type": "application/json", "retry-after": "3600" });
      response.end('{"error":{"code":"TooManyRequests","message":"later"}}');
    });
    const throttle = new SharedThrottle({ maxWindow: 4, budgetMs: 300_000 });
    const exchange = await send({ method: "GET", url, headers: {} }, { ...options, throttle });
    expect(exchange.throttleGaveUp).toBe("Retry-After 3600 asks for 3600 s, more than the 60 s the runner waits");
    const asked = performance.now();
    const release = await throttle.acquire(false);
    release?.();
    expect(performance.now() - asked).toBeLessThan(100);
    expect(throttle.stats()).toEqual({ throttledAnswers: 1, pausedMs: 0, narrowestWindow: 2 });
  });

  it("a refused connection is named as such", async () => {
    const port = await closedPort();
    const exchange = await send({ method: "GET", url: `http://127.0.0.1:${port}/x`, headers: {} }, options);
    expect(exchange.failure).toEqual({ kind: "refused", message: `connection refused by 127.0.0.1:${port}` });
  });
});

describe("body assertions", () => {
  function judge(body: unknown, assertion: Assertion): Verdict {
    const context = {
      expectation: { source: "graph-session-resource", status: 200, body: [assertion] },
      response: { body },
      resolve: (value: unknown) => value,
      redact: noRedaction,
    } as unknown as CheckContext;
    return bodyAssertions.run(context) as Verdict;
  }

  it("equalsIfPresent accepts an absent or null value (optional, nullable properties) and otherwise wants the value", () => {
    const assertion: Assertion = { pointer: "/restoreSessionArtifactCount/total", equalsIfPresent: 3 };
    expect(judge({}, assertion)).toEqual({
      status: "passed",
      message: "1 assertion(s)",
      source: "graph-session-resource",
    });
    expect(judge({ restoreSessionArtifactCount: null }, assertion)?.status).toBe("passed");
    expect(judge({ restoreSessionArtifactCount: { total: null } }, assertion)?.status).toBe("passed");
    expect(judge({ restoreSessionArtifactCount: { total: 3 } }, assertion)?.status).toBe("passed");
    expect(judge({ restoreSessionArtifactCount: { total: 0 } }, assertion)).toEqual({
      status: "failed",
      message:
        "/restoreSessionArtifactCount/total: received 0, expected 3 (or no value: the property is optional and nullable)",
      source: "graph-session-resource",
    });
  });
});
