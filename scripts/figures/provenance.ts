// Where a machine-dependent figure came from: the command, the date, the commit measured (and whether the working
// tree had other changes), the Node version and the machine. Written as a header of each figure file, read back by
// the drift checks (test/figures/*.test.ts).
import { execFileSync } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { repoRoot } from "../repo-root.ts";

export interface Provenance {
  command: string;
  /** ISO 8601, UTC. */
  date: string;
  /** The full commit id, `+ uncommitted changes` when the tree differed from it, or why it is unknown. */
  commit: string;
  machine: string;
}

/** Figures are written under docs/figures/: regenerating one must not count as a change to the code measured. */
const FIGURES_DIRECTORY = "docs/figures/";

function git(args: string[]): string | undefined {
  try {
    // trimEnd only: `git status --porcelain` lines start with a status column that may be a space.
    return execFileSync("git", args, {
      cwd: repoRoot,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trimEnd();
  } catch {
    return undefined;
  }
}

export function commitMeasured(): string {
  const head = git(["rev-parse", "HEAD"]);
  if (head === undefined) return "unknown (not a git checkout)";
  const changed = (git(["status", "--porcelain", "--untracked-files=no"]) ?? "")
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.slice(3).startsWith(FIGURES_DIRECTORY));
  return changed.length === 0 ? head : `${head} + uncommitted changes`;
}

export function currentProvenance(command: string): Provenance {
  const [load] = loadavg();
  return {
    command,
    date: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    commit: commitMeasured(),
    machine: `Node ${process.version}, ${availableParallelism()} core(s), ${process.platform}-${process.arch}, load average ${(load ?? 0).toFixed(2)} at the start`,
  };
}

const FIELDS = ["command", "date", "commit", "machine"] as const;

/** The header lines: `- command: \`…\``, `- date: …`, `- commit: …`, `- machine: …`. */
export function provenanceLines(provenance: Provenance): string[] {
  return FIELDS.map((field) =>
    field === "command" ? `- command: \`${provenance.command}\`` : `- ${field}: ${provenance[field]}`,
  );
}

/** Reads the header back; throws naming the first field that is missing. */
export function parseProvenance(text: string): Provenance {
  const values: Partial<Record<(typeof FIELDS)[number], string>> = {};
  for (const field of FIELDS) {
    const match = new RegExp(`^- ${field}: (.+)$`, "m").exec(text);
    if (!match) throw new Error(`the figure file has no "- ${field}:" line`);
    values[field] = field === "command" ? (match[1] as string).replace(/^`|`$/g, "") : match[1];
  }
  return values as Provenance;
}
