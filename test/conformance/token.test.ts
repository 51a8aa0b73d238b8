// The token must fit in an `Authorization: Bearer …` header: one with a line break, a control or non-ASCII
// character, or blanks around it is a usage error (exit 2) that says what is wrong and never shows the token.
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../conformance/vocabulary/config-error.ts";
import { resolveToken, tokenProblem } from "../../conformance/targets/token.ts";
import { runCli } from "./support/cli.ts";
import { closedPort } from "./support/deviating-server.ts";

const SECRET = "eyJsecret-token-part";

describe("tokenProblem", () => {
  it.each([
    [
      `${SECRET}\nmore`,
      /^--token contains a line break \(character 21 of 25\); a token is one line of printable ASCII \(it goes in the Authorization header\)$/,
    ],
    [`${SECRET}\n`, /a line break \(character 21 of 21\); .* \(read from a file with its final newline\?\)$/],
    [`${SECRET}\r\n`, /a line break/],
    [`${SECRET}\tx`, /a tab/],
    [`${SECRET}\u0000`, /a control character/],
    [`${SECRET}é`, /a non-ASCII character/],
    [` ${SECRET}`, /starts or ends with a space/],
    ["  ", /^--token is empty$/],
  ])("refuses %j, without showing it", (token, message) => {
    const problem = tokenProblem(token, "--token");
    expect(problem).toMatch(message);
    expect(problem).not.toContain(SECRET);
  });

  it("accepts a JWT-shaped token and any printable ASCII", () => {
    expect(tokenProblem("eyJ0eXAi.eyJhdWQi.c2ln-_~+/=", "--token")).toBeUndefined();
    expect(tokenProblem("dev token!", "--token")).toBeUndefined();
  });
});

describe("resolveToken", () => {
  it("refuses --token and GRAPH_TOKEN with a line break as a ConfigError naming where it came from", async () => {
    await expect(resolveToken({ token: `${SECRET}\nx`, env: {} })).rejects.toThrow(ConfigError);
    await expect(resolveToken({ env: { GRAPH_TOKEN: `${SECRET}\n` } })).rejects.toThrow(
      /^GRAPH_TOKEN contains a line break/,
    );
    await expect(resolveToken({ token: `${SECRET}\nx`, env: {}, dummy: true })).rejects.toThrow(/^--token contains/);
  });
});

describe("the CLI", () => {
  it("exits 2 for a token with a newline, before any request, with no token in its output", async () => {
    const outcome = await runCli([
      "--target",
      `http://127.0.0.1:${await closedPort()}/v1.0`,
      "--token",
      `${SECRET}\nx`,
    ]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toBe(
      "exchange-restore-conformance: --token contains a line break (character 21 of 22); a token is one line of printable ASCII (it goes in the Authorization header)\n",
    );
    expect(`${outcome.stdout}${outcome.stderr}`).not.toContain("secret-token-part");
  });
});
