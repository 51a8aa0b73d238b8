// The target of a run: its kind, the restore-point pool, the token and the run's redaction, and the server the
// run starts (mock, reference) booting in its own process while this one prepares the suite; a URL target is
// probed after. Whatever the preparation throws, a server the run started is stopped again.
import { operations } from "../../src/contract/operations.ts";
import { validatorFor } from "../../src/contract/validators.ts";
import { defaultRestorePoints } from "../reference/restore-points.ts";
import { openTarget, type Target, type TargetKind, targetUrl } from "../targets/index.ts";
import { resolveToken, type TokenSource } from "../targets/token.ts";
import { ConfigError } from "../vocabulary/config-error.ts";
import { createRedactor, type Redact } from "../vocabulary/redaction.ts";
import type { RunOptions } from "./run-options.ts";

export interface RunTarget<Prepared> {
  target: Target;
  /** The restore-point ids the scenarios add. */
  pool: string[];
  poolSource: "--restore-points" | "reference server defaults";
  token: TokenSource;
  redact: Redact;
  /** What `prepare` returned. */
  prepared: Prepared;
}

/** `url` for a base URL or `graph`, else the name itself (`mock`, `reference`). */
export function targetKindOf(spec: string): TargetKind {
  return targetUrl(spec) ? "url" : (spec as TargetKind);
}

/** Compiles every response schema the contract documents, so that no step pays for a first compilation. */
function warmUpResponseValidators(): void {
  for (const info of operations().values()) {
    for (const response of info.responses.values()) {
      const name = response.schemaRef?.replace("#/components/schemas/", "");
      if (name) validatorFor(name);
    }
  }
}

/** Opens the run's target; `prepare(kind)` and the validators' compilation run while a server the run starts boots. */
export async function openRunTarget<Prepared>(
  options: RunOptions,
  timeoutMs: number,
  prepare: (kind: TargetKind) => Prepared,
): Promise<RunTarget<Prepared>> {
  const spec = options.target ?? "mock";
  const kind = targetKindOf(spec);
  if (spec === "graph" && options.allowWrites && !options.restorePoints?.length) {
    throw new ConfigError(
      "against graph, pass the tenant's restore-point ids with --restore-points FILE|ID,… (the defaults exist only on the reference server)",
    );
  }
  const given = Boolean(options.restorePoints?.length);
  const pool = given ? [...new Set(options.restorePoints)] : defaultRestorePoints();
  const token = await resolveToken({ token: options.token, env: options.env ?? process.env, dummy: kind !== "url" });
  const redact = createRedactor([token.token, ...token.secrets]);
  const open = () => openTarget(spec, { timeoutMs, ...(kind === "reference" && given ? { restorePoints: pool } : {}) });
  const starting = kind === "url" ? undefined : open();
  starting?.catch(() => undefined);
  try {
    const prepared = prepare(kind);
    warmUpResponseValidators();
    const target = await (starting ?? open());
    return {
      target,
      pool,
      poolSource: given ? "--restore-points" : "reference server defaults",
      token,
      redact,
      prepared,
    };
  } catch (error) {
    await starting?.then(
      (started) => started.stop(),
      () => undefined,
    );
    throw error;
  }
}
