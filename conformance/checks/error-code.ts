// error-code: where the documentation names an error code for the cause, error.code is that code.
import { expectationSource } from "../vocabulary/scenario.ts";
import { failed, shown, type Check } from "./check.ts";

export const errorCode: Check = {
  name: "error-code",
  description: "error.code is the code the documentation names for the cause",
  usesExpectation: true,
  run({ response, expectation, redact }) {
    const expected = expectation.errorCode;
    const first = response.pages[0];
    if (expected === undefined || !first || (first.exchange.status ?? 0) < 400 || first.decoded.kind !== "json")
      return null;
    const code = (first.decoded.value as { error?: { code?: unknown } } | null)?.error?.code;
    const source = expectationSource(expectation, "errorCode");
    if (code === expected) return { status: "passed", message: expected, source };
    return failed(
      `/error/code: received ${shown(code, redact)}, expected ${JSON.stringify(expected)} (the code named for this cause)`,
      source,
    );
  },
};
