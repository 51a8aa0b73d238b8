// --junit: JUnit XML for CI systems (xmlbuilder2): a testsuite per scenario, a testcase per step × check (with the
// time its check and step took), with <failure> and <skipped> elements; a scenario that did not run is one skipped
// testcase with the reason. An advisory (a contract decision where the docs are silent) is a skipped testcase whose
// message starts "advisory", so that a CI job does not go red on it. A consequence of the scenario's first failure
// is a skipped testcase whose message starts "consequence of", and is listed in its cause's <failure> text: one
// failure per cause. Failures and advisories name their source and its link; a failure's text ends with the run's
// hints (a missing permission, unknown restore points), which CI systems show where a console is not read. A run
// judging more than Exchange names each suite `<scenario> [<workload>]` and its testcases' class
// `<workload>.<scenario>`, so that CI systems group the results by workload.
import { create } from "xmlbuilder2";
import { isExplorationScenario, namesWorkloads, type RunReport, scenarioLabel } from "./run-report.ts";
import type { CheckResult } from "../vocabulary/check-result.ts";
import { consequencesOf } from "../runner/consequences.ts";

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
    skipped: String(report.summary.skipped + report.summary.advisories + report.summary.consequences),
    errors: "0",
    time: (report.durationMs / 1000).toFixed(3),
  });
  const key = (row: { scenario: string; workload?: string }) => `${row.workload ?? ""}\u0000${row.scenario}`;
  const byScenario = new Map<string, CheckResult[]>();
  for (const result of report.results) byScenario.set(key(result), [...(byScenario.get(key(result)) ?? []), result]);
  const grouped = namesWorkloads(report);
  for (const outcome of report.scenarios) {
    const results = byScenario.get(key(outcome)) ?? [];
    const failed = results.filter((result) => result.status === "failed" && !result.consequenceOf).length;
    const classname = grouped && outcome.workload ? `${outcome.workload}.${outcome.scenario}` : outcome.scenario;
    const suite = root.ele("testsuite", {
      name: scenarioLabel(report, outcome),
      tests: String(results.length),
      failures: String(failed),
      skipped: String(results.length - failed - results.filter((result) => result.status === "passed").length),
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
    if (outcome.workload) suite.first().ele("property", { name: "workload", value: outcome.workload });
    const exploration = report.exploration;
    const explored = exploration !== undefined && isExplorationScenario(report, outcome.scenario);
    for (const result of results) {
      const name = result.step === null ? "(scenario)" : `${result.step} › ${result.check ?? "(step)"}`;
      const time = ((result.durationMs ?? 0) / 1000).toFixed(3);
      const testcase = suite.ele("testcase", { classname, name, time });
      const message = redact(result.message);
      const source = result.source === null ? undefined : report.sources[result.source];
      const cited = source ? `${message}\nsource: ${source.title} — ${source.url}` : message;
      const cause = result.consequenceOf;
      if (cause) {
        testcase
          .ele("skipped", { message: `consequence of ${cause.step} › ${cause.check}: ${firstLine(message)}` })
          .txt(cited);
        continue;
      }
      const followers = consequencesOf(result, results).map(
        (consequence) => `  ${consequence.step} › ${consequence.check}: ${firstLine(redact(consequence.message))}`,
      );
      const explained = [
        cited,
        ...(followers.length
          ? [`later failures of this scenario that follow it (${followers.length}):`, ...followers]
          : []),
        ...report.hints.map((hint) => `hint: ${redact(hint)}`),
      ].join("\n");
      if (result.status === "failed")
        testcase.ele("failure", { message: firstLine(message), type: result.check ?? "step" }).txt(explained);
      else if (result.status === "advisory")
        testcase.ele("skipped", { message: `advisory (${result.source}): ${firstLine(message)}` }).txt(cited);
      else if (result.status === "skipped") testcase.ele("skipped", { message: firstLine(message) });
    }
    // The shrunk failing sequence, as a scenario file to replay.
    if (explored && exploration.failure) suite.ele("system-out").txt(redact(exploration.failure.yaml));
  }
  return root.end({ prettyPrint: true });
}
