// The delta builders and the result split bound to one workload of the family, typed for it: its body key, its
// item and result types, its paths. Items of one workload do not compile in another's delta.
import { workload, type WorkloadName, type WorkloadOf } from "../contract/workloads.ts";
import {
  addArtifact,
  removeArtifact,
  workloadDeltaBody,
  type AddArtifactOptions,
  type RemoveArtifactOptions,
} from "./delta.ts";
import {
  splitWorkloadDeltaResult,
  type DeltaRequestLike,
  type DeltaResultLike,
  type DeltaSplit,
} from "./delta-result.ts";
import type {
  AdditionItem,
  DeltaItem,
  DeltaRequest,
  RemovalItem,
  RemovalReason,
  RequestDestinationType,
} from "./types.ts";

export interface DeltaHelpers<W extends WorkloadName> {
  /** The workload's names: paths (`sessionPath` for `client.PATCH`), `deltaKey`, type names, operationIds. */
  readonly workload: WorkloadOf<W>;
  /** An addition for this workload's delta (see the root `addArtifact`). */
  addArtifact(
    restorePointId: string,
    destinationType: RequestDestinationType,
    options?: AddArtifactOptions,
  ): AdditionItem<W>;
  /** A removal for this workload's delta (see the root `removeArtifact`). */
  removeArtifact(artifactId: string, reason?: RemovalReason, options?: RemoveArtifactOptions): RemovalItem<W>;
  /** This workload's delta PATCH body, checked before anything is sent (1 to 50 items, no duplicates). */
  deltaBody(items: readonly DeltaItem<W>[]): DeltaRequest<W>;
  /** Splits this workload's PATCH answer into added, removed, failed and unanswered, correlated by id. */
  splitDeltaResult(response: DeltaResultLike<W>, request?: DeltaRequestLike<W>): DeltaSplit<W>;
}

/**
 * The delta helpers of one workload (`"exchange"`, `"onedrive"`, `"sharepoint"`):
 *
 * ```ts
 * const onedrive = deltaHelpers("onedrive");
 * const body = onedrive.deltaBody([onedrive.addArtifact(restorePointId, "new"), onedrive.removeArtifact(artifactId)]);
 * // { "driveRestoreArtifacts@delta": [...] }: accepted by client.PATCH(onedrive.workload.sessionPath, …) only
 * ```
 *
 * The root `addArtifact`, `removeArtifact` and `deltaBody` are Exchange's (`deltaHelpers("exchange")`).
 * An unknown name throws a RangeError naming the workloads.
 */
export function deltaHelpers<W extends WorkloadName>(name: W): DeltaHelpers<W> {
  const entry = workload(name);
  return Object.freeze({
    workload: entry,
    // The built items carry no @odata.type, so the same objects serve every workload; the types keep them apart.
    addArtifact: addArtifact as DeltaHelpers<W>["addArtifact"],
    removeArtifact: removeArtifact as DeltaHelpers<W>["removeArtifact"],
    deltaBody: (items: readonly DeltaItem<W>[]) => workloadDeltaBody(items, name),
    splitDeltaResult: (response: DeltaResultLike<W>, request?: DeltaRequestLike<W>) =>
      splitWorkloadDeltaResult(response, request, name),
  });
}
