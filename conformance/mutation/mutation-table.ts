// The mutation run as text: a console table, the markdown table of docs/figures/mutation.md, and the gap list (one
// entry per surviving mutant or false failure, saying what the suite lacks or over-demands).
import pc from "picocolors";
import type { MutationResult, MutationRow } from "./mutation-run.ts";

const KIND_ORDER = { reference: 0, conforming: 1, mutant: 2 } as const;

function ordered(rows: readonly MutationRow[]): MutationRow[] {
  return [...rows].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
}

function checksText(row: MutationRow): string {
  return row.failedChecks.map(({ check, count }) => (count > 1 ? `${check} ×${count}` : check)).join(", ");
}

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(_\d+_\d+_\d+)?/gi;
const TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/g;

/** One line, at most `max` characters, with run-specific ids, times and ports replaced so the table reads the same every run. */
function clip(text: string, max: number): string {
  const single = text
    .replace(GUID, "{id}")
    .replace(TIMESTAMP, "{time}")
    .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:{port}")
    .replace(/\s+/g, " ")
    .trim();
  return single.length > max ? `${single.slice(0, max - 1)}…` : single;
}

function whereText(row: MutationRow): string {
  const first = row.firstFailure;
  return first ? `${first.scenario} › ${first.step ?? "-"}` : "";
}

/** What the table says about a row: the killing checks, the false failure, or the error. */
function detail(row: MutationRow, messageWidth: number): string {
  if (row.verdict === "ERROR") return clip(row.error ?? "the run did not complete", messageWidth);
  if (row.verdict === "SURVIVED") {
    const lost = row.seeds?.filter((entry) => entry.verdict === "SURVIVED").map((entry) => entry.seed);
    const which = lost && row.seeds && lost.length < row.seeds.length ? ` (at seed ${lost.join(", ")})` : "";
    return row.needs ? `needs: ${clip(row.needs, messageWidth)}${which}` : `no check failed${which}`;
  }
  if (row.failedChecks.length === 0) return "";
  const first = row.firstFailure;
  return `${checksText(row)} — first: ${whereText(row)}${first ? `: ${clip(first.message, messageWidth)}` : ""}`;
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1).replace(/\.0$/, "")} %`;
}

/** What the run found, the same every run (no timings): the markdown table's summary. */
export function summaryLines(result: MutationResult): string[] {
  const { summary } = result;
  const seeds =
    summary.seeds.length > 1
      ? ` (worst of ${summary.seeds.length} exploration seeds, ${summary.seeds[0]}–${summary.seeds.at(-1)})`
      : ` (exploration seed ${summary.seeds[0]})`;
  return [
    `kill rate ${percent(summary.killRate)} of the default run (${summary.killed} of ${summary.mutants} mutants killed, ${summary.advisoryOnly} caught only by advisories, ${summary.survived} survived)${seeds}`,
    `kill rate with --strict ${percent(summary.strictKillRate)}; the scenarios alone (--no-explore) ${percent(summary.scenarioKillRate)}`,
    `false failures ${summary.falseFailures} of ${summary.conforming} conforming variants; reference ${summary.referencePassed ? "passes" : "FAILS"}${summary.errors ? `; ${summary.errors} run(s) errored` : ""}`,
    `caught by the scenarios only ${summary.killedBy.scenarios}, by the exploration only ${summary.killedBy.exploration}, by both ${summary.killedBy.both}`,
  ];
}

/** How long the run took: printed on the console and in the gap list, kept out of the markdown table. */
function durationLine(result: MutationResult): string {
  return `total ${(result.summary.durationMs / 1000).toFixed(1)} s on ${result.summary.concurrency} worker thread(s)`;
}

/** `scenarios`, `exploration`, `both`; `only --strict` when only advisories (contract decisions) caught it. */
function killedByText(row: MutationRow): string {
  if (!row.killedBy) return "";
  return row.verdict === "ADVISORY" ? `${row.killedBy}, only --strict` : row.killedBy;
}

function escapeCell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

/**
 * The markdown table (and summary) for test-output/mutation.md and docs/figures/mutation.md: without timings, so a
 * run with the same variants and seeds writes the same text (the mutation test compares it with the committed one).
 */
export function markdownReport(result: MutationResult): string {
  const lines = [
    "| Variant | Kind | Deviation or choice | Verdict | Killed by | Failing checks (first failure) |",
    "| --- | --- | --- | --- | --- | --- |",
    ...ordered(result.rows).map(
      (row) =>
        `| \`${row.id}\` | ${row.kind} | ${escapeCell(row.description)} | **${row.verdict}** | ${killedByText(row)} | ${escapeCell(detail(row, 110))} |`,
    ),
    "",
    ...summaryLines(result).map((line) => `- ${line[0]?.toUpperCase()}${line.slice(1)}`),
  ];
  return `${lines.join("\n")}\n`;
}

const VERDICT_COLOR: Record<MutationRow["verdict"], (text: string) => string> = {
  KILLED: pc.green,
  ADVISORY: pc.yellow,
  PASS: pc.green,
  SURVIVED: pc.red,
  "FALSE FAILURE": pc.red,
  ERROR: pc.red,
};

/** One line per variant, aligned, for the terminal. */
export function consoleReport(result: MutationResult, color: boolean): string {
  const rows = ordered(result.rows);
  const idWidth = Math.max(...rows.map((row) => row.id.length), 7);
  const paint = (row: MutationRow, text: string) => (color ? VERDICT_COLOR[row.verdict](text) : text);
  const lines = [`${"variant".padEnd(idWidth)}  ${"kind".padEnd(10)}  ${"verdict".padEnd(13)}  description`];
  for (const row of rows) {
    const by = row.killedBy ? ` [${killedByText(row)}]` : "";
    lines.push(
      `${row.id.padEnd(idWidth)}  ${row.kind.padEnd(10)}  ${paint(row, row.verdict.padEnd(13))}  ${row.description}${by}`,
    );
    const text = detail(row, 100);
    if (text) lines.push(`${" ".repeat(idWidth + 28)}${color ? pc.dim(text) : text}`);
  }
  return `${lines.join("\n")}\n\n${[...summaryLines(result), durationLine(result)].join("\n")}\n`;
}

/** Every surviving mutant and false failure: what the suite lacks (or wrongly demands). Empty list: no gaps. */
export function gapsReport(result: MutationResult): string {
  const survivors = ordered(result.rows).filter((row) => row.verdict === "SURVIVED");
  const falseFailures = ordered(result.rows).filter(
    (row) => row.verdict === "FALSE FAILURE" || (row.kind !== "mutant" && row.verdict === "ERROR"),
  );
  const lines = [
    "# Mutation gaps",
    "",
    `Generated by \`npm run mutation\`. ${[...summaryLines(result), durationLine(result)].join("; ")}.`,
    "",
  ];
  lines.push("## Surviving mutants (a scenario or check is missing)", "");
  if (survivors.length === 0) lines.push("None: every mutant is killed.", "");
  for (const row of survivors) {
    lines.push(`- \`${row.id}\`: ${row.description}.`);
    lines.push(
      `  - Missing: ${row.needs ?? "no scenario or check fails this server; add one that exercises the rule above."}`,
    );
  }
  const advisoryOnly = ordered(result.rows).filter((row) => row.verdict === "ADVISORY");
  if (advisoryOnly.length > 0) {
    lines.push("", "## Caught only by advisories (a default run reports them; --strict kills them)", "");
    for (const row of advisoryOnly)
      lines.push(
        `- \`${row.id}\`: ${row.description} — ${row.firstFailure ? `${whereText(row)}: ${clip(row.firstFailure.message, 200)} (${row.firstFailure.source})` : ""}`,
      );
  }
  lines.push("", "## False failures (the suite demands more than the contract)", "");
  if (falseFailures.length === 0) lines.push("None: the reference and every conforming variant pass.", "");
  for (const row of falseFailures) {
    const failing = row.seeds?.filter((entry) => entry.verdict !== "PASS").map((entry) => entry.seed);
    lines.push(`- \`${row.id}\`: ${row.description}.${failing?.length ? ` (at seed ${failing.join(", ")})` : ""}`);
    for (const failure of row.failures.slice(0, 5)) {
      lines.push(
        `  - ${failure.scenario} › ${failure.step ?? "-"}: ${failure.check ?? "-"}: ${clip(failure.message, 300)}`,
      );
    }
    if (row.error) lines.push(`  - error: ${row.error}`);
  }
  return `${lines.join("\n")}\n`;
}
