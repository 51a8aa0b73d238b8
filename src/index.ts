// The package's root export: the typed client, the delta builders and result helper (Exchange's at the root, every
// workload's through deltaHelpers), the workload registry, errors and contract types.
export { createRestoreClient, type RestoreClient, type RestoreClientOptions } from "./client/create-client.ts";
export {
  addArtifact,
  removeArtifact,
  deltaBody,
  MAX_DELTA_ITEMS,
  type AddArtifactOptions,
  type RemoveArtifactOptions,
} from "./client/delta.ts";
export {
  splitDeltaResult,
  type AddedArtifact,
  type DeltaRequestLike,
  type DeltaResultLike,
  type DeltaSplit,
  type FailedAddition,
  type FailedArtifact,
  type FailedRemoval,
  type RemovedArtifact,
  type WorkloadOfResult,
} from "./client/delta-result.ts";
export { deltaHelpers, type DeltaHelpers } from "./client/delta-helpers.ts";
export {
  WORKLOAD_NAMES,
  WORKLOADS,
  isWorkloadName,
  workload,
  type Workload,
  type WorkloadOf,
} from "./contract/workloads.ts";
export {
  DeltaBodyError,
  DeltaResultError,
  GraphRequestError,
  GraphResponseTooLargeError,
  GraphTransportError,
  RestoreClientError,
  TokenProviderError,
  unwrap,
  type DeltaBodyProblem,
  type Unwrapped,
} from "./client/errors.ts";
export { authMiddleware } from "./client/auth.ts";
export { requestIdMiddleware } from "./client/request-id.ts";
export { retryMiddleware, DEFAULT_RETRY, RETRYABLE_STATUSES, type RetryOptions } from "./client/retry.ts";
export { parseRetryAfter } from "./http/retry-after.ts";
export {
  GRAPH_DEFAULT_SCOPE,
  tokenProvider,
  type AccessTokenLike,
  type TokenCredentialLike,
  type TokenSource,
} from "./client/token.ts";
export { restorePointIdOf, type RestorePointRef } from "./contract/restore-point.ts";
export type * from "./client/types.ts";
