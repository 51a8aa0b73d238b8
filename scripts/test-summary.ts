// Prints the plain closing line CI reads, `N passed, N failed`, from vitest's JSON reports (one per vitest run:
// `npm test` on Node 24, `npm run test:node22`), summed. A report that is missing counts as one failure.
import { existsSync, readFileSync } from "node:fs";

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  testResults: { status: string; assertionResults: unknown[] }[];
}

function counts(file: string): { passed: number; failed: number } {
  if (!existsSync(file)) {
    console.error(`test-summary: ${file} is missing (that vitest run did not finish)`);
    return { passed: 0, failed: 1 };
  }
  const report = JSON.parse(readFileSync(file, "utf8")) as VitestReport;
  // A test file that fails to load has no test results of its own; count it as one failure.
  const brokenFiles = report.testResults.filter((r) => r.status === "failed" && r.assertionResults.length === 0).length;
  return { passed: report.numPassedTests, failed: report.numFailedTests + brokenFiles };
}

const files = process.argv.length > 2 ? process.argv.slice(2) : ["test-output/vitest.json"];
const total = files
  .map(counts)
  .reduce((sum, next) => ({ passed: sum.passed + next.passed, failed: sum.failed + next.failed }));
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed > 0 ? 1 : 0);
