// Retries of 429/503/504: they happen, honour Retry-After (seconds and HTTP-date), re-send the body intact with
// the same client-request-id, and stop at the attempt and wait bounds.
import { afterEach, describe, expect, test } from "vitest";
import {
  addArtifact,
  createRestoreClient,
  deltaBody,
  GraphRequestError,
  removeArtifact,
  unwrap,
  type RestoreClientOptions,
} from "../../src/index.ts";
import { envelope, startStubGraph, type StubGraph, type StubReply } from "./support/stub-graph.ts";

const PATH = "/solutions/backupRestore/exchangeRestoreSessions/{exchangeRestoreSessionId}";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const OK_ANSWER = {
  "mailboxRestoreArtifacts@delta": [
    { id: "a-1", restorePoint: { id: "rp-1" }, destinationType: "inPlace", status: "added" },
  ],
};
const THROTTLED = (retryAfter?: string): StubReply => ({
  status: 429,
  headers: retryAfter === undefined ? {} : { "retry-after": retryAfter },
  body: envelope("TooManyRequests", "Too many requests"),
});

let stub: StubGraph | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

async function serve(replies: StubReply[]): Promise<StubGraph> {
  stub = await startStubGraph((_, index) => replies[Math.min(index, replies.length - 1)] as StubReply);
  return stub;
}

function clientFor(server: StubGraph, options: Partial<RestoreClientOptions> = {}) {
  return createRestoreClient({ baseUrl: server.baseUrl, token: "token-for-tests", ...options });
}

// Non-ASCII content ids make a byte-level comparison meaningful (UTF-8 multi-byte sequences must survive).
const body = deltaBody([
  addArtifact("1b014d8c-71fe-4d00-a01a-31850bc5b32c", "inPlace", { contentId: "add-é-✓" }),
  removeArtifact("99954f18-c8ec-4b62-85bf-cdf3b70b140e", "deleted"),
]);

function patch(client: ReturnType<typeof createRestoreClient>) {
  return client.PATCH(PATH, { params: { path: { exchangeRestoreSessionId: "session-1" } }, body });
}

describe("retry", () => {
  test("429 then 200: retried once; body byte-identical; same client-request-id; token on both", async () => {
    const server = await serve([THROTTLED("0"), { status: 200, body: OK_ANSWER }]);
    const result = await patch(clientFor(server));
    expect(result.response.status).toBe(200);
    expect(unwrap(result)["mailboxRestoreArtifacts@delta"]).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
    const [first, second] = server.requests as [(typeof server.requests)[0], (typeof server.requests)[0]];
    expect(first.body.length).toBeGreaterThan(0);
    expect(second.body.equals(first.body)).toBe(true);
    expect(JSON.parse(first.body.toString("utf8"))).toEqual(body);
    expect(first.headers["client-request-id"]).toMatch(UUID);
    expect(second.headers["client-request-id"]).toBe(first.headers["client-request-id"]);
    expect(second.headers.authorization).toBe("Bearer token-for-tests");
    expect(second.headers["content-type"]).toBe("application/json");
    expect(second.method).toBe("PATCH");
    expect(second.url).toBe("/v1.0/solutions/backupRestore/exchangeRestoreSessions/session-1");
  });

  test("Retry-After in seconds is honoured", async () => {
    const server = await serve([THROTTLED("1"), { status: 200, body: OK_ANSWER }]);
    const started = performance.now();
    const result = await patch(clientFor(server));
    expect(result.response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  test("503 with an HTTP-date Retry-After waits until that date", async () => {
    const server = await serve([
      {
        status: 503,
        headers: { "retry-after": new Date(Date.now() + 2000).toUTCString() },
        body: envelope("serviceNotAvailable", "down"),
      },
      { status: 200, body: OK_ANSWER },
    ]);
    const started = performance.now();
    const result = await patch(clientFor(server));
    const elapsed = performance.now() - started;
    expect(result.response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
    // The date has whole-second precision: the wait is between 1 and 2 seconds.
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(3000);
    expect(server.requests[1]?.body.equals(server.requests[0]?.body as Buffer)).toBe(true);
  });

  test("504 without Retry-After is retried after a backoff", async () => {
    const server = await serve([
      { status: 504, body: "gateway timeout", headers: { "content-type": "text/plain" } },
      { status: 200, body: OK_ANSWER },
    ]);
    const result = await patch(clientFor(server));
    expect(result.response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
  });

  test("the attempt bound stops retrying and returns the last answer, which unwraps to a clear error", async () => {
    const server = await serve([THROTTLED("0")]);
    const result = await patch(clientFor(server, { retry: { maxAttempts: 3 } }));
    expect(server.requests).toHaveLength(3);
    expect(result.response.status).toBe(429);
    expect(result.error?.error.code).toBe("TooManyRequests");
    const ids = new Set(server.requests.map((request) => request.headers["client-request-id"]));
    expect(ids.size).toBe(1);
    const error = (() => {
      try {
        unwrap(result);
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error).toMatchObject({ status: 429, code: "TooManyRequests", attempts: 3, retryAfterMs: 0 });
    expect((error as Error).message).toContain("gave up after 3 attempts");
  });

  test("the wait bound: a Retry-After beyond the budget is not waited for", async () => {
    const server = await serve([THROTTLED("120"), { status: 200, body: OK_ANSWER }]);
    const started = performance.now();
    const result = await patch(clientFor(server, { retry: { maxAttempts: 5, maxTotalWaitMs: 5000 } }));
    // Not waited for: far below the 120 s asked for, with room for a loaded machine.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(server.requests).toHaveLength(1);
    expect(result.response.status).toBe(429);
    expect(() => unwrap(result)).toThrow(/Retry-After of 120 s exceeds the remaining retry budget of 5 s/);
  });

  test("the wait bound counts every wait of the call", async () => {
    const server = await serve([THROTTLED("1"), THROTTLED("1"), { status: 200, body: OK_ANSWER }]);
    const result = await patch(clientFor(server, { retry: { maxAttempts: 5, maxTotalWaitMs: 1500 } }));
    expect(server.requests).toHaveLength(2);
    expect(result.response.status).toBe(429);
    expect(() => unwrap(result)).toThrow(/remaining retry budget of 0\.5 s; 2 attempts made/);
  });

  test("retry: false sends once", async () => {
    const server = await serve([THROTTLED("0"), { status: 200, body: OK_ANSWER }]);
    const result = await patch(clientFor(server, { retry: false }));
    expect(server.requests).toHaveLength(1);
    expect(result.response.status).toBe(429);
  });

  test.each([400, 401, 403, 404, 409, 500, 502])("HTTP %i is not retried", async (status) => {
    const server = await serve([
      { status, body: envelope("SomeError", "no") },
      { status: 200, body: OK_ANSWER },
    ]);
    const result = await patch(clientFor(server));
    expect(server.requests).toHaveLength(1);
    expect(result.response.status).toBe(status);
  });

  test("invalid retry bounds are refused when the client is created", () => {
    expect(() =>
      createRestoreClient({ baseUrl: "https://graph.microsoft.com/v1.0", token: "t", retry: { maxAttempts: 0 } }),
    ).toThrow(/retry.maxAttempts must be an integer ≥ 1, got 0/);
    expect(() =>
      createRestoreClient({ baseUrl: "https://graph.microsoft.com/v1.0", token: "t", retry: { maxTotalWaitMs: -1 } }),
    ).toThrow(/retry.maxTotalWaitMs/);
  });
});

describe("client-request-id", () => {
  test("every call gets its own UUID; a caller's own id is kept", async () => {
    const server = await serve([{ status: 200, body: OK_ANSWER }]);
    const client = clientFor(server);
    await patch(client);
    await patch(client);
    await client.PATCH(PATH, {
      params: { path: { exchangeRestoreSessionId: "session-1" } },
      body,
      headers: { "client-request-id": "caller-chosen-id" },
    });
    const ids = server.requests.map((request) => request.headers["client-request-id"]);
    expect(ids[0]).toMatch(UUID);
    expect(ids[1]).toMatch(UUID);
    expect(ids[0]).not.toBe(ids[1]);
    expect(ids[2]).toBe("caller-chosen-id");
  });
});
