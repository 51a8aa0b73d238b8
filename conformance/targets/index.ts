// Resolves `--target`: `mock` (Prism, started here), `reference` (the reference server, started here), `graph`
// (https://graph.microsoft.com/v1.0) or any http(s) base URL. A URL target is probed first, so an unreachable one
// is a configuration error within seconds, not a page of timeouts.
import { ConfigError, UnreachableTargetError } from "../vocabulary/config-error.ts";
import { classifyNetworkError } from "../transport/http-exchange.ts";
import { startPrism } from "./prism.ts";
import { startReference } from "./reference.ts";
import { EXCHANGE } from "../../src/contract/wire-names.ts";

export const GRAPH_BASE_URL = "https://graph.microsoft.com/v1.0";

export type TargetKind = "mock" | "reference" | "url";

export interface Target {
  kind: TargetKind;
  /** `mock`, `reference`, `graph` or the URL as given. */
  name: string;
  baseUrl: string;
  origin: string;
  /** Holds state between requests (behavior scenarios can run). */
  stateful: boolean;
  /** Writing and activating scenarios need --allow-writes / --allow-activate (a target the run did not start). */
  guarded: boolean;
  /** Milliseconds the run spent starting it (0 for a URL). */
  startupMs: number;
  stop(): Promise<void>;
}

/**
 * A `--target` value as messages show it: without credentials in it (`user:pass@`) and without what follows a
 * `?` or `#` (a query may hold a signature, a code or a key).
 */
export function shownTarget(spec: string): string {
  const cut = spec.search(/[?#]/);
  const kept = cut === -1 ? spec : `${spec.slice(0, cut)}${spec[cut]}…`;
  return kept.replace(/^([^/?#]*\/\/)[^/?#]*@/, "$1…@");
}

/** The base URL of a `--target` value that is a URL (or `graph`), validated; undefined for mock/reference. */
export function targetUrl(spec: string): URL | undefined {
  if (spec === "mock" || spec === "reference") return undefined;
  const text = spec === "graph" ? GRAPH_BASE_URL : spec;
  const shown = shownTarget(spec);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`--target ${JSON.stringify(shown)} is neither mock, reference, graph nor an http(s) URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new ConfigError(`--target ${shown}: only http and https URLs are supported`);
  if (url.username || url.password) throw new ConfigError(`--target: give credentials with --token, not in the URL`);
  if (url.search || url.hash || /[?#]/.test(text))
    throw new ConfigError(
      `--target ${shown}: give the base URL without a query or fragment (credentials go in --token, not in the URL)`,
    );
  return url;
}

/** Any HTTP answer proves the target is there; refused connections, DNS failures and silence do not. */
export async function probe(baseUrl: string, timeoutMs: number): Promise<void> {
  const url = `${baseUrl.replace(/\/+$/, "")}/solutions/backupRestore/${EXCHANGE.collection}`;
  try {
    const response = await fetch(url, { method: "GET", redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel().catch(() => undefined);
  } catch (error) {
    const name = (error as { name?: string }).name;
    const reason =
      name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : classifyNetworkError(error, url).message;
    throw new UnreachableTargetError(`the target ${baseUrl} cannot be reached: ${reason}`);
  }
}

export interface OpenTargetOptions {
  timeoutMs: number;
  /** Restore points for a reference server the run starts (default: its own). */
  restorePoints?: readonly string[];
}

export async function openTarget(spec: string, options: OpenTargetOptions): Promise<Target> {
  const started = performance.now();
  if (spec === "mock" || spec === "reference") {
    const server =
      spec === "mock" ? await startPrism() : await startReference({ restorePoints: options.restorePoints });
    return {
      kind: spec,
      name: spec,
      baseUrl: server.baseUrl,
      origin: new URL(server.baseUrl).origin,
      stateful: spec === "reference",
      guarded: false,
      startupMs: performance.now() - started,
      stop: () => server.stop(),
    };
  }
  const url = targetUrl(spec) as URL;
  const baseUrl = url.href.replace(/\/+$/, "");
  await probe(baseUrl, Math.min(options.timeoutMs, 5000));
  return {
    kind: "url",
    name: spec,
    baseUrl,
    origin: url.origin,
    stateful: true,
    guarded: true,
    startupMs: performance.now() - started,
    stop: async () => undefined,
  };
}
