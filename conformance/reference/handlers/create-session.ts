// POST …/<collection>: a new draft session in this workload's collection, empty (`{}`) or with initial artifacts
// (under the workload's artifacts key) that all share one destinationType. Validated whole before anything is
// created.
import type { components } from "../../../generated/openapi.ts";
import { restorePointIdOf, type RestorePointRef } from "../../../src/contract/restore-point.ts";
import { validateRequestBody } from "../../../src/contract/validators.ts";
import type { DestinationType } from "../../../src/contract/wire-names.ts";
import type { OperationContext, ReferenceResponse } from "../context.ts";
import { artifactResource, entityContext, sessionResource } from "../representations.ts";
import type { NewArtifact } from "../store.ts";
import { firstDuplicate, firstUnknownRestorePoint } from "./artifact-checks.ts";
import { describeViolations, fail, isPlainObject, json, jsonKind, workloadOf } from "./common.ts";

/** An initial artifact of a create request (the same shape in every workload). */
type CreateItem = NonNullable<
  components["schemas"]["ExchangeRestoreSessionCreateRequest"]["mailboxRestoreArtifacts"]
>[number];

/** A violation about an artifact's destinationType (missing or not a known value): the docs' InvalidPathType. */
function concernsDestinationType(artifactsPointer: string, instancePath: string, message: string): boolean {
  const artifactPath = new RegExp(`^${artifactsPointer}/\\d+`);
  if (!artifactPath.test(instancePath)) return false;
  return instancePath.endsWith("/destinationType") || message.includes("'destinationType'");
}

export function createSession(ctx: OperationContext): ReferenceResponse {
  const workload = workloadOf(ctx);
  const artifactsKey = workload.artifactsKey;
  const artifactsPointer = `/${artifactsKey}`;
  const body = ctx.body;
  if (!isPlainObject(body)) {
    return fail(
      ctx,
      400,
      "ErrorInvalidPatchRequest",
      `The body must be a JSON object ({} creates an empty session); it is ${jsonKind(body)}.`,
    );
  }
  const requested = body[artifactsKey];
  if (requested === null)
    return fail(
      ctx,
      400,
      "ErrorInvalidArtifactRequest",
      `"${artifactsKey}" is null; omit it to create an empty session.`,
    );
  if (Array.isArray(requested) && requested.length > ctx.behavior.maxCreateItems) {
    return fail(
      ctx,
      413,
      "ErrorRestoreArtifactsLimitBreachedCreate",
      `The request has ${requested.length} artifacts; at most ${ctx.behavior.maxCreateItems} are allowed.`,
    );
  }
  const violations = validateRequestBody(ctx.operationId, body).filter(
    (v) => !(v.instancePath === artifactsPointer && v.keyword === "maxItems"),
  );
  const pathType = violations.filter((v) => concernsDestinationType(artifactsPointer, v.instancePath, v.message));
  if (pathType.length > 0) return fail(ctx, 400, "ErrorInvalidPathType", describeViolations(pathType));
  if (violations.length > 0) {
    return fail(
      ctx,
      400,
      "ErrorInvalidPatchRequest",
      `The body is not a valid create request: ${describeViolations(violations)}`,
    );
  }

  const artifacts = ((body[artifactsKey] ?? []) as CreateItem[]).map((item, index) => ({
    pointer: `${artifactsPointer}/${index}`,
    restorePointId: restorePointIdOf(item.restorePoint as RestorePointRef) ?? "",
    restorePoint: item.restorePoint as Record<string, unknown>,
    destinationType: item.destinationType as DestinationType,
  }));
  const sentinel = artifacts.find((artifact) => artifact.destinationType === "unknownFutureValue");
  if (sentinel && ctx.behavior.unknownFutureDestination !== "accept") {
    return fail(
      ctx,
      400,
      "ErrorInvalidPathType",
      `${sentinel.pointer}/destinationType is unknownFutureValue, the enum's sentinel, which no request may ask for.`,
    );
  }
  const destinations = new Set(artifacts.map((artifact) => artifact.destinationType));
  if (destinations.size > 1) {
    return fail(
      ctx,
      400,
      "ErrorDifferentRestoreDestinationType",
      `The artifacts use ${[...destinations].map((d) => JSON.stringify(d)).join(" and ")}; one request takes one destinationType.`,
    );
  }
  const twice = firstDuplicate(
    artifacts.map((artifact) => ({ pointer: artifact.pointer, value: artifact.restorePointId })),
  );
  if (twice) {
    return fail(
      ctx,
      400,
      "ErrorDuplicateArtifactInListCreate",
      `Restore point ${JSON.stringify(twice.value)} is at ${twice.firstPointer} and again at ${twice.secondPointer}.`,
    );
  }
  const unknown = firstUnknownRestorePoint(artifacts, ctx.restorePoints);
  if (unknown) {
    return fail(
      ctx,
      400,
      "ErrorInvalidRestorePoint",
      `Restore point ${JSON.stringify(unknown.restorePointId)} at ${unknown.pointer}/restorePoint does not exist.`,
    );
  }

  const session = ctx.store.createSession(ctx.now, workload.name);
  const created = artifacts.map((artifact: NewArtifact) => ctx.store.addArtifact(session, artifact, ctx.now));
  const location = `${ctx.baseUrl}${workload.collectionPath}/${encodeURIComponent(session.id)}`;
  return json(
    201,
    {
      "@odata.context": entityContext(ctx.baseUrl, workload.name),
      ...sessionResource(session, ctx.behavior, ctx.now),
      ...(created.length > 0
        ? { [artifactsKey]: created.map((artifact) => artifactResource(artifact, session, ctx.behavior, ctx.now)) }
        : {}),
    },
    { location },
  );
}
