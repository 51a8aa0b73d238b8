// The wire names an exploration sends for the workload it explores, in the shape its commands read (src/contract/
// wire-names.ts's EXCHANGE), built from the workload registry: every command and helper of the exploration takes
// its names from here, through the sequence, so that exploring another workload is a parameter.
import { WORKLOADS, type WorkloadName } from "../../src/contract/workloads.ts";

export interface WireNames {
  readonly workload: WorkloadName;
  /** `/solutions/backupRestore/<collection>`. */
  readonly collection: string;
  readonly deltaKey: string;
  readonly artifactsKey: string;
  /** `#microsoft.graph.<type>`. */
  readonly sessionType: string;
  readonly artifactType: string;
  readonly sessionParameter: string;
  readonly schemas: { readonly createRequest: string; readonly deltaRequest: string; readonly addition: string };
  readonly operations: {
    readonly create: string;
    readonly list: string;
    readonly get: string;
    readonly update: string;
    readonly delete: string;
    readonly listArtifacts: string;
  };
}

export const EXPLORED_WORKLOAD: WorkloadName = "exchange";

export function explorationNames(name: WorkloadName = EXPLORED_WORKLOAD): WireNames {
  const workload = WORKLOADS[name];
  const { activate: _shared, ...operations } = workload.operationIds;
  return {
    workload: name,
    collection: workload.collectionPath.split("/").pop() as string,
    deltaKey: workload.deltaKey,
    artifactsKey: workload.artifactsKey,
    sessionType: `#microsoft.graph.${workload.sessionType}`,
    artifactType: `#microsoft.graph.${workload.artifactType}`,
    sessionParameter: workload.sessionIdParameter,
    schemas: {
      createRequest: workload.schemas.createRequest,
      deltaRequest: workload.schemas.deltaRequest,
      addition: workload.schemas.addition,
    },
    operations,
  };
}
