// One Retry-After parser (RFC 9110 §10.2.3) for the client and the conformance suite: what the suite's check
// accepts is exactly what the client waits for, and an ISO 8601 timestamp is neither.
import { describe, expect, it } from "vitest";
import { retryAfter } from "../../conformance/checks/retry-after.ts";
import type { CheckContext } from "../../conformance/checks/check.ts";
import { parseHttpDate, parseRetryAfter, readRetryAfter } from "../../src/http/retry-after.ts";
import { parseRetryAfter as exportedParser } from "../../src/index.ts";

const NOW = Date.parse("2026-11-24T10:00:00Z");

describe("parseRetryAfter", () => {
  it.each([
    ["7", 7000],
    [" 7\t", 7000],
    ["0", 0],
    ["Tue, 24 Nov 2026 10:00:05 GMT", 5000],
    ["Tuesday, 24-Nov-26 10:00:05 GMT", 5000],
    ["Tue Nov 24 10:00:05 2026", 5000],
    ["Tue Nov  4 10:00:05 2026", 0],
    ["Tue, 24 Nov 2026 09:00:00 GMT", 0],
    ["Tue, 24 Nov 2026 10:00:60 GMT", 60_000],
    ["99999999999999999999999", 2 ** 31 * 1000],
  ])("%j asks for %i ms", (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });

  it.each([
    "2026-11-24T10:00:05Z",
    "2026-11-24T10:00:05.000+00:00",
    "soon",
    "-1",
    "1.5",
    "",
    "tue, 24 Nov 2026 10:00:05 GMT",
    "Tue, 24 Nov 2026 10:00:05 UTC",
    "Tue, 31 Feb 2026 10:00:05 GMT",
    "Tue, 24 Nov 2026 24:00:00 GMT",
    "5, 5",
  ])("%j is unusable", (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });

  it("absent is undefined, not a problem", () => {
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(readRetryAfter(null, NOW)).toBeUndefined();
  });

  it("reads an RFC 850 two-digit year as at most 50 years ahead", () => {
    expect(parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT", NOW)?.toISOString()).toBe("1994-11-06T08:49:37.000Z");
    expect(parseHttpDate("Monday, 06-Nov-70 08:49:37 GMT", NOW)?.getUTCFullYear()).toBe(2070);
    expect(parseHttpDate("Monday, 06-Nov-77 08:49:37 GMT", NOW)?.getUTCFullYear()).toBe(1977);
  });

  it("says why an ISO 8601 timestamp is refused", () => {
    expect(readRetryAfter("2026-11-24T10:00:05Z", NOW)).toEqual({
      kind: "invalid",
      problem: expect.stringContaining('"2026-11-24T10:00:05Z" is an ISO 8601 timestamp, not an HTTP-date'),
    });
  });

  it("quotes an unusable value through the caller's redaction before it shortens it", () => {
    const token = "Q".repeat(100);
    expect(readRetryAfter(`later ${token}`, NOW, (text) => text.replaceAll(token, "[R]"))).toEqual({
      kind: "invalid",
      problem: expect.stringMatching(/^"later \[R\]" is neither delta-seconds/),
    });
  });

  it("is the parser the package exports", () => {
    expect(exportedParser).toBe(parseRetryAfter);
  });
});

function checkVerdict(value: string) {
  const headers = new Headers({ "retry-after": value });
  const context = {
    response: { pages: [{ exchange: { status: 429, headers, throttled: [] } }] },
    redact: (text: string) => text,
  } as unknown as CheckContext;
  return retryAfter.run(context);
}

describe("the suite's retry-after check and the client agree", () => {
  it.each([
    "5",
    "Tue, 24 Nov 2026 10:00:05 GMT",
    "Tuesday, 24-Nov-26 10:00:05 GMT",
    "Tue Nov 24 10:00:05 2026",
    "2026-11-24T10:00:05Z",
    "in a minute",
  ])("Retry-After %j", async (value) => {
    const verdict = await checkVerdict(value);
    const clientWaits = parseRetryAfter(value) !== undefined;
    expect(verdict?.status).toBe(clientWaits ? "passed" : "failed");
  });

  it("the check names the ISO 8601 mistake", async () => {
    expect(await checkVerdict("2026-11-24T10:00:05Z")).toEqual({
      status: "failed",
      message: expect.stringMatching(
        /^a 429 answer has Retry-After "2026-11-24T10:00:05Z" is an ISO 8601 timestamp, not an HTTP-date/,
      ),
    });
  });
});
