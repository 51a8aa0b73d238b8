// The one workload an exploration explores, and the wire names it sends for it (src/contract/wire-names.ts). Every
// command and helper of the exploration takes its names from here, through the sequence, so that exploring another
// workload is a parameter. Exchange's today: the runner and the checks still read Exchange's names, so another
// workload is refused until they take the parameter too.
import { EXCHANGE } from "../../src/contract/wire-names.ts";
import type { WorkloadName } from "../../src/contract/workloads.ts";
import { ConfigError } from "../vocabulary/config-error.ts";

export type WireNames = typeof EXCHANGE;

export const EXPLORED_WORKLOAD: WorkloadName = "exchange";

export function explorationNames(workload: WorkloadName = EXPLORED_WORKLOAD): WireNames {
  if (workload !== "exchange")
    throw new ConfigError(`exploration judges the exchange workload only (asked for ${workload})`);
  return EXCHANGE;
}
