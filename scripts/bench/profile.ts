// CPU profile of a piece of work, in-process (node:inspector), summarised by what the time went to: waiting
// (idle), the HTTP client, ajv, YAML, garbage collection, module loading, or a file of the project.
import { Session } from "node:inspector/promises";

interface CallFrame {
  functionName: string;
  url: string;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  /** Milliseconds per category, largest first. */
  categories: Array<{ category: string; ms: number }>;
}

const HTTP_CLIENT = /undici|node:net|stream_base|node:internal\/streams|node:internal\/webstreams/;

function categorize(frames: CallFrame[]): string {
  const leaf = frames[0];
  if (!leaf) return "other";
  if (leaf.functionName === "(idle)") return "idle (waiting on the server)";
  if (leaf.functionName === "(garbage collector)") return "garbage collection";
  if (leaf.functionName === "(program)") return "V8 (program)";
  if (frames.some((frame) => frame.url.endsWith("/scripts/bench/profile.ts"))) return "the profiler itself";
  const has = (pattern: RegExp) => frames.some((frame) => pattern.test(frame.url));
  if (has(/\/yaml\/dist\//)) return "YAML parsing (scenario files)";
  if (has(/ajv\/dist\/(compile|core)/)) return "ajv schema compilation";
  if (frames.some((frame) => /^validate\d+$/.test(frame.functionName))) return "ajv validation";
  if (has(/modules\/(esm|cjs)|amaro/)) return "module loading";
  if (has(/child_process/)) return "spawning processes";
  if (has(HTTP_CLIENT) || /^write(v|Latin1String|Utf8String|Buffer)$/.test(leaf.functionName))
    return "HTTP client (undici, sockets, streams)";
  const own = frames.find((frame) => /\/(conformance|src|scripts)\//.test(frame.url));
  if (own)
    return `${own.functionName || "(anonymous)"} (${own.url.replace(/^.*?\/((conformance|src|scripts)\/.*)$/, "$1")})`;
  return `other (${leaf.functionName || "anonymous"})`;
}

export function summarizeProfile(profile: Profile): ProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const stackCategory = new Map<number, string>();
  const totals = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((sample, index) => {
    let category = stackCategory.get(sample);
    if (category === undefined) {
      const frames: CallFrame[] = [];
      for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
        const node = nodes.get(id);
        if (node) frames.push(node.callFrame);
      }
      category = categorize(frames);
      stackCategory.set(sample, category);
    }
    const delta = profile.timeDeltas[index] ?? 0;
    totals.set(category, (totals.get(category) ?? 0) + delta);
    totalUs += delta;
  });
  return {
    totalMs: totalUs / 1000,
    categories: [...totals].map(([category, us]) => ({ category, ms: us / 1000 })).sort((a, b) => b.ms - a.ms),
  };
}

/** Runs `work` under the V8 CPU profiler and summarises where its time went. */
export async function profile<T>(work: () => Promise<T>): Promise<{ result: T; summary: ProfileSummary }> {
  const session = new Session();
  session.connect();
  try {
    await session.post("Profiler.enable");
    // 0.5 ms: fine enough for a run of a few hundred milliseconds, coarse enough not to distort it.
    await session.post("Profiler.setSamplingInterval", { interval: 500 });
    await session.post("Profiler.start");
    const result = await work();
    const { profile: data } = (await session.post("Profiler.stop")) as unknown as { profile: Profile };
    return { result, summary: summarizeProfile(data) };
  } finally {
    session.disconnect();
  }
}
