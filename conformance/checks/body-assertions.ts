// body: the step's own assertions on the answer, each at a JSON pointer (for a paged read, `value` holds every
// page's items).
import { isDeepStrictEqual } from "node:util";
import { ExpressionError, readPointer } from "../vocabulary/expressions.ts";
import { expectationSource, type Assertion } from "../vocabulary/scenario.ts";
import { failedWith, notChecked, shown, type Check, type CheckContext, type Problem } from "./check.ts";

function includesAll(candidate: unknown, wanted: Record<string, unknown>): boolean {
  if (!candidate || typeof candidate !== "object") return false;
  return Object.entries(wanted).every(([key, value]) =>
    isDeepStrictEqual((candidate as Record<string, unknown>)[key], value),
  );
}

/** Where a value disagrees with another representation of the same entity (an expression), when both report one. */
function disagreement(at: string, actual: unknown, other: string, context: CheckContext): string | undefined {
  if (actual === undefined || actual === null) return undefined;
  let reported: unknown;
  try {
    reported = context.resolve(other);
  } catch (error) {
    // The other representation did not report this property: there is nothing to compare.
    if (error instanceof ExpressionError) return undefined;
    throw error;
  }
  if (reported === undefined || reported === null) return undefined;
  return isDeepStrictEqual(actual, reported)
    ? undefined
    : `${at}: received ${shown(actual, context.redact)}, but ${other.replace(/^\$steps\.([^.]+)\.outputs\..*$/, "step $1")} reported ${shown(reported, context.redact)} for the same entity`;
}

function evaluateAssertion(assertion: Assertion, body: unknown, context: CheckContext): string | undefined {
  const at = assertion.pointer || "(root)";
  const show = (value: unknown, max?: number): string => shown(value, context.redact, max);
  const actual = readPointer(body, assertion.pointer);
  if ("absent" in assertion)
    return actual === undefined ? undefined : `${at}: received ${show(actual)}, expected nothing there`;
  if ("present" in assertion) return actual !== undefined ? undefined : `${at}: nothing there, expected a value`;
  if ("length" in assertion) {
    if (!Array.isArray(actual)) return `${at}: received ${show(actual)}, expected an array of ${assertion.length}`;
    return actual.length === assertion.length
      ? undefined
      : `${at}: ${actual.length} entries, expected ${assertion.length}`;
  }
  if ("equalsIfPresent" in assertion) {
    if (actual === undefined || actual === null) return undefined;
    const expected = context.resolve(assertion.equalsIfPresent);
    return isDeepStrictEqual(actual, expected)
      ? undefined
      : `${at}: received ${show(actual)}, expected ${show(expected)} (or no value: the property is optional and nullable)`;
  }
  if ("agrees" in assertion) return disagreement(at, actual, assertion.agrees, context);
  if ("entryAgrees" in assertion) {
    if (!Array.isArray(actual)) return `${at}: received ${show(actual)}, expected an array`;
    const where = context.resolve(assertion.entryAgrees.where) as Record<string, unknown>;
    const position = actual.findIndex((item) => includesAll(item, where));
    if (position < 0) return `${at}: none of the ${actual.length} entries has ${show(where)}`;
    const entry = actual[position] as Record<string, unknown>;
    const problems = Object.entries(assertion.entryAgrees.with).flatMap(([property, other]) => {
      const problem = disagreement(`${at}/${position}/${property}`, entry[property], other, context);
      return problem ? [problem] : [];
    });
    return problems.length ? problems.join("; ") : undefined;
  }
  if ("equals" in assertion) {
    const expected = context.resolve(assertion.equals);
    return isDeepStrictEqual(actual, expected)
      ? undefined
      : `${at}: received ${show(actual)}, expected ${show(expected)}`;
  }
  if ("oneOf" in assertion) {
    const options = context.resolve(assertion.oneOf) as unknown[];
    return options.some((option) => isDeepStrictEqual(actual, option))
      ? undefined
      : `${at}: received ${show(actual)}, expected one of ${show(options, 160)}`;
  }
  if (!Array.isArray(actual)) return `${at}: received ${show(actual)}, expected an array`;
  if ("excludes" in assertion) {
    const unwanted = context.resolve(assertion.excludes) as Record<string, unknown>;
    const position = actual.findIndex((item) => includesAll(item, unwanted));
    return position < 0 ? undefined : `${at}/${position}: has ${show(unwanted)}, expected no such entry`;
  }
  const wanted = context.resolve(assertion.includes) as Record<string, unknown>;
  return actual.some((item) => includesAll(item, wanted))
    ? undefined
    : `${at}: none of the ${actual.length} entries has ${show(wanted)}`;
}

export const bodyAssertions: Check = {
  name: "body",
  description: "the values the step asserts at JSON pointers of the answer",
  usesExpectation: true,
  run(context) {
    const assertions = context.expectation.body;
    if (!assertions || context.response.body === undefined) return null;
    const problems: Problem[] = [];
    // A collection the runner's own page bound cut short cannot be judged: its assertions are not made.
    const bound = context.response.allPages ? context.response.pagingBound : undefined;
    let notMade = 0;
    for (const assertion of assertions) {
      if (bound !== undefined && (assertion.pointer === "/value" || assertion.pointer.startsWith("/value/"))) {
        notMade++;
        continue;
      }
      const source = assertion.source ?? expectationSource(context.expectation, "body");
      try {
        const problem = evaluateAssertion(assertion, context.response.body, context);
        if (problem) problems.push({ message: problem, source });
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        problems.push({
          message: `${assertion.pointer || "(root)"}: cannot evaluate the expected value: ${error.message}`,
          source,
        });
      }
    }
    if (problems.length) return failedWith(problems);
    if (notMade > 0) return notChecked(`${notMade} assertion(s) on /value ${bound}`);
    return {
      status: "passed",
      message: `${assertions.length} assertion(s)`,
      source: expectationSource(context.expectation, "body"),
    };
  },
};
