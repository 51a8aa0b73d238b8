// --junit: JUnit XML for CI systems (xmlbuilder2): a testsuite per scenario, a testcase per step × check, with
// <failure> and <skipped> elements; a scenario that did not run is one skipped testcase with the reason. An
// advisory (a contract decision where the docs are silent) is a skipped testcase whose message starts
// "advisory", so that a CI job does not go red on it. Failures and advisories name their source and its link.
import { create } from "xmlbuilder2";
import { isExplorationScenario, type RunReport } from "./run-report.ts";
import type { CheckResult } from "../vocabulary/check-result.ts";

function firstLine(text: string): string {
  const line = text.split("\n")[0] ?? "";
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

export function junitReport(report: RunReport): string {
  const redact = report.redact;
  const root = create({ version: "1.0", encoding: "UTF-8" }).ele("testsuites", {
    name: "exchange-restore-conformance",
    tests: String(report.results.length),
    failures: String(report.summary.failed),
    skipped: String(report.summary.skipped + report.summary.advisories),
    errors: "0",
    time: (report.durationMs / 1000).toFixed(3),
  });
  const byScenario = new Map<string, CheckResult[]>();
  for (const result of report.results)
    byScenario.set(result.scenario, [...(byScenario.get(result.scenario) ?? []), result]);
  for (const outcome of report.scenarios) {
    const results = byScenario.get(outcome.scenario) ?? [];
    const suite = root.ele("testsuite", {
      name: outcome.scenario,
      tests: String(results.length),
      failures: String(results.filter((result) => result.status === "failed").length),
      skipped: String(results.filter((result) => result.status === "skipped" || result.status === "advisory").length),
      errors: "0",
      time: (outcome.durationMs / 1000).toFixed(3),
    });
    suite
      .ele("properties")
      .ele("property", { name: "description", value: redact(outcome.description) })
      .up()
      .ele("property", { name: "level", value: outcome.level })
      .up()
      .ele("property", { name: "target", value: redact(report.target.name) })
      .up()
      // The run's seed on every suite: --seed replays the same exploration.
      .ele("property", { name: "seed", value: String(report.seed) });
    const exploration = report.exploration;
    const explored = exploration !== undefined && isExplorationScenario(report, outcome.scenario);
    for (const result of results) {
      const name = result.step === null ? "(scenario)" : `${result.step} › ${result.check ?? "(step)"}`;
      const testcase = suite.ele("testcase", { classname: outcome.scenario, name, time: "0" });
      const message = redact(result.message);
      const source = result.source === null ? undefined : report.sources[result.source];
      const cited = source ? `${message}\nsource: ${source.title} — ${source.url}` : message;
      if (result.status === "failed")
        testcase.ele("failure", { message: firstLine(message), type: result.check ?? "step" }).txt(cited);
      else if (result.status === "advisory")
        testcase.ele("skipped", { message: `advisory (${result.source}): ${firstLine(message)}` }).txt(cited);
      else if (result.status === "skipped") testcase.ele("skipped", { message: firstLine(message) });
    }
    // The shrunk failing sequence, as a scenario file to replay.
    if (explored && exploration.failure) suite.ele("system-out").txt(redact(exploration.failure.yaml));
  }
  return root.end({ prettyPrint: true });
}
