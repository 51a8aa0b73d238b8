// A documented answer about the tenant (sources.yaml tenantConditions: activate's 500 TooManyActiveRestoreSessions)
// skips the step that expected success and the rest of its scenario, naming why; anything else stays a failure.
import { afterEach, describe, expect, it } from "vitest";
import type { HandlerOverride } from "../../conformance/reference/context.ts";
import { graphError } from "../../conformance/reference/graph-error.ts";
import { EXCHANGE } from "../../src/contract/wire-names.ts";
import { type DeviatingServer, startDeviatingServer } from "./support/deviating-server.ts";
import { runAgainst } from "./support/run.ts";

let server: DeviatingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const LOCKED = "^activated-session-is-locked$";

describe("a tenant without room for another active session", () => {
  it("skips the scenario from its activate step on, saying why, and fails nothing", async () => {
    server = await startDeviatingServer({ behavior: { maxActiveSessions: 0 } });
    const report = await runAgainst(server.baseUrl, { grep: LOCKED, workloads: ["exchange"] });
    expect(report.results.filter((row) => row.status === "failed")).toEqual([]);
    const outcome = report.scenarios.find((entry) => entry.scenario === "activated-session-is-locked");
    expect(outcome?.status).toBe("skipped");
    expect(outcome?.reason).toMatch(
      /^not judged: the tenant could not take this step: the tenant has no room for another active restore session \(500 TooManyActiveRestoreSessions, documented: errors-activate-TooManyActiveRestoreSessions\)/,
    );
    const rows = report.results.filter((row) => row.scenario === "activated-session-is-locked");
    const activate = rows.filter((row) => row.step === "activate");
    expect(activate.map((row) => row.status)).toEqual(["skipped"]);
    // The steps before it were judged; every step after it is a skipped row naming the cause.
    expect(rows.some((row) => row.step === "prepare" && row.status === "passed")).toBe(true);
    const after = rows.slice(rows.indexOf(activate[0]!) + 1);
    expect(after.length).toBeGreaterThan(2);
    expect(
      after.every((row) => row.status === "skipped" && /no room for another active restore session/.test(row.message)),
    ).toBe(true);
  });

  it("stays a failure when the refusal is not the documented one (another code, or another operation)", async () => {
    const refuse =
      (code: string): HandlerOverride =>
      (ctx) =>
        graphError(ctx.request, 500, { code, message: "Refused." });
    server = await startDeviatingServer({
      behavior: { handlers: { activateRestoreSession: refuse("InternalServerError") } },
    });
    const otherCode = await runAgainst(server.baseUrl, { grep: LOCKED, workloads: ["exchange"] });
    expect(otherCode.scenarios.find((entry) => entry.scenario === "activated-session-is-locked")?.status).toBe(
      "failed",
    );
    await server.close();
    server = await startDeviatingServer({
      behavior: { handlers: { [EXCHANGE.operations.update]: refuse("TooManyActiveRestoreSessions") } },
    });
    const otherOperation = await runAgainst(server.baseUrl, { grep: LOCKED, workloads: ["exchange"] });
    expect(otherOperation.scenarios.find((entry) => entry.scenario === "activated-session-is-locked")?.status).toBe(
      "failed",
    );
  });
});
