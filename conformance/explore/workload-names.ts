// The wire names an exploration sends for the workload it explores (src/contract/wire-names.ts, from the workload
// registry): every command and helper of the exploration takes its names from here, through the sequence, so that
// exploring another workload is a parameter.
import { type WireNames, wireNames } from "../../src/contract/wire-names.ts";
import type { WorkloadName } from "../../src/contract/workloads.ts";

export type { WireNames };

export const EXPLORED_WORKLOAD: WorkloadName = "exchange";

export function explorationNames(name: WorkloadName = EXPLORED_WORKLOAD): WireNames {
  return wireNames(name);
}
