// POST …/exchangeRestoreSessions: a new draft session, empty (`{}`) or with initial artifacts that all share one
// destinationType. Validated whole before anything is created.
import type { components } from "../../../generated/openapi.ts";
import { restorePointIdOf } from "../../../src/contract/restore-point.ts";
import { validateRequestBody } from "../../../src/contract/validators.ts";
import type { OperationContext, ReferenceResponse } from "../context.ts";
import { artifactResource, metadataContext, sessionResource } from "../representations.ts";
import type { NewArtifact } from "../store.ts";
import { firstDuplicate, firstUnknownRestorePoint } from "./artifact-checks.ts";
import { describeViolations, fail, isPlainObject, json, jsonKind } from "./common.ts";

const ARTIFACTS_KEY = "mailboxRestoreArtifacts";
const ARTIFACTS_POINTER = `/${ARTIFACTS_KEY}`;

type CreateRequest = components["schemas"]["ExchangeRestoreSessionCreateRequest"];

/** A violation about an artifact's destinationType (missing or not a known value): the docs' InvalidPathType. */
function concernsDestinationType(instancePath: string, message: string): boolean {
  const artifactPath = new RegExp(`^${ARTIFACTS_POINTER}/\\d+`);
  if (!artifactPath.test(instancePath)) return false;
  return instancePath.endsWith("/destinationType") || message.includes("'destinationType'");
}

export function createExchangeRestoreSession(ctx: OperationContext): ReferenceResponse {
  const body = ctx.body;
  if (!isPlainObject(body)) {
    return fail(
      ctx,
      400,
      "ErrorInvalidPatchRequest",
      `The body must be a JSON object ({} creates an empty session); it is ${jsonKind(body)}.`,
    );
  }
  const requested = body[ARTIFACTS_KEY];
  if (requested === null)
    return fail(
      ctx,
      400,
      "ErrorInvalidArtifactRequest",
      `"${ARTIFACTS_KEY}" is null; omit it to create an empty session.`,
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
    (v) => !(v.instancePath === ARTIFACTS_POINTER && v.keyword === "maxItems"),
  );
  const pathType = violations.filter((v) => concernsDestinationType(v.instancePath, v.message));
  if (pathType.length > 0) return fail(ctx, 400, "ErrorInvalidPathType", describeViolations(pathType));
  if (violations.length > 0) {
    return fail(
      ctx,
      400,
      "ErrorInvalidPatchRequest",
      `The body is not a valid create request: ${describeViolations(violations)}`,
    );
  }

  const artifacts = ((body as CreateRequest)[ARTIFACTS_KEY] ?? []).map((item, index) => ({
    pointer: `${ARTIFACTS_POINTER}/${index}`,
    restorePointId: restorePointIdOf(item.restorePoint) ?? "",
    restorePoint: item.restorePoint as Record<string, unknown>,
    destinationType: item.destinationType,
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

  const session = ctx.store.createSession(ctx.now);
  const created = artifacts.map((artifact: NewArtifact) => ctx.store.addArtifact(session, artifact, ctx.now));
  const location = `${ctx.baseUrl}/solutions/backupRestore/exchangeRestoreSessions/${encodeURIComponent(session.id)}`;
  return json(
    201,
    {
      "@odata.context": metadataContext(ctx.baseUrl, "solutions/backupRestore/exchangeRestoreSessions/$entity"),
      ...sessionResource(session, ctx.behavior, ctx.now),
      ...(created.length > 0
        ? { [ARTIFACTS_KEY]: created.map((artifact) => artifactResource(artifact, session, ctx.behavior, ctx.now)) }
        : {}),
    },
    { location },
  );
}
