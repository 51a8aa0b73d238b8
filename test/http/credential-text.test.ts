// One list of what a credential looks like in text, for the runner's reports and the reference server's log:
// bearer credentials, JWTs, and the values of credential query parameters (OAuth, SAS, presigned URLs, API keys).
import { describe, expect, it } from "vitest";
import { isSensitiveQueryName, redactCredentialShapes } from "../../src/http/credential-text.ts";

const R = "[R]";

describe("isSensitiveQueryName", () => {
  it.each([
    "access_token",
    "Access_Token",
    "refresh_token",
    "code",
    "sig",
    "X-Amz-Signature",
    "x_amz_credential",
    "client_assertion",
    "apikey",
    "api-key",
    "API_KEY",
    "password",
  ])("%s carries a credential", (name) => {
    expect(isSensitiveQueryName(name)).toBe(true);
  });

  it.each(["$top", "$skiptoken", "sv", "se", "keys", "codes", "tokenType"])("%s does not", (name) => {
    expect(isSensitiveQueryName(name)).toBe(false);
  });
});

describe("redactCredentialShapes", () => {
  it.each([
    ["https://h/v1.0?sig=abc%2Bdef&sv=2024", `https://h/v1.0?sig=${R}&sv=2024`],
    [
      "https://h/p?a=1&X-Amz-Signature=f00d&X-Amz-Credential=AKIA%2F1",
      `https://h/p?a=1&X-Amz-Signature=${R}&X-Amz-Credential=${R}`,
    ],
    ["GET /x?refresh_token=rt-1 failed", `GET /x?refresh_token=${R} failed`],
    ["https://h/?code=0.AXoA&state=s", `https://h/?code=${R}&state=s`],
    ["Authorization: Bearer abc.def", `Authorization: Bearer ${R}`],
    ["jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln end", `jwt ${R} end`],
  ])("%j", (text, expected) => {
    expect(redactCredentialShapes(text, R)).toBe(expected);
  });

  it.each(["the bearer token was rejected.", "Bearer authentication is required", "send a Bearer token."])(
    "leaves prose after the word bearer alone: %j",
    (text) => {
      expect(redactCredentialShapes(text, R)).toBe(text);
    },
  );

  it.each([
    ["Bearer dev1", `Bearer ${R}`],
    ["Bearer abcdefghijklmnopqrstuvwxyz", `Bearer ${R}`],
    ["Bearer a.b", `Bearer ${R}`],
    ["q=Bearer LEAKbearer", `q=Bearer ${R}`],
  ])("still replaces a credential after Bearer: %j", (text, expected) => {
    expect(redactCredentialShapes(text, R)).toBe(expected);
  });

  it("leaves ordinary URLs alone", () => {
    const url = "https://h/v1.0/solutions/backupRestore/exchangeRestoreSessions?$top=5&$skiptoken=c2VxOjE";
    expect(redactCredentialShapes(url, R)).toBe(url);
  });
});
