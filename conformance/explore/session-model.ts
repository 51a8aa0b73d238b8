// The model of what the target holds, one per explored sequence: up to three sessions, each with its status and
// its artifacts (restore point, destinationType). Ids the server assigns are never stored as values: every session
// and artifact is named by the scenario expression that yields its id (`$steps.create-1.outputs.sessionId`), so the
// steps that use them replay unchanged as a scenario.

import type { PartCoverage } from "./part-coverage.ts";

export type SessionStatus = "draft" | "activated" | "deleted";
export type Destination = "new" | "inPlace";

export interface ModelArtifact {
  /** Index into the run's restore-point pool (`$pool[i]`). */
  pool: number;
  destinationType: Destination;
  /** The expression naming the artifact's id. */
  ref: string;
}

export interface ModelSession {
  /** s1, s2, s3: how messages and step ids name it. */
  label: string;
  /** The expression naming the session's id. */
  ref: string;
  status: SessionStatus;
  artifacts: ModelArtifact[];
  /** Artifacts it held earlier (their ids now name nothing in it). */
  former: ModelArtifact[];
  /** The expression naming the createdDateTime the create answer reported, when it reported one. */
  createdRef?: string;
}

/** Activations a part of the exploration may still send (each is a real restore on a tenant): shared by its
 *  sequences, shrinking included. */
export interface ActivationBudget {
  left: number;
}

/** What a part learnt of the target's session list (every session of the tenant, not only the exploration's). */
export interface SessionListing {
  /** Entries the last complete read of the list held. */
  size?: number;
}

/** What the sequences of one part share: its activation budget, what it learnt of the session list, and the
 *  coverage that guides its choices. */
export interface PartState {
  activations: ActivationBudget;
  sessionList: SessionListing;
  coverage: PartCoverage;
}

export interface ExploreModel extends PartState {
  sessions: ModelSession[];
  poolSize: number;
}

export const MAX_SESSIONS = 3;

export function newModel(poolSize: number, part: PartState): ExploreModel {
  return { sessions: [], poolSize, ...part };
}

/** The session a command's pick names (picks wrap, so every command applies once a session exists). */
export function sessionAt(model: ExploreModel, pick: number): ModelSession {
  const session = model.sessions[pick % model.sessions.length];
  if (!session) throw new Error("sessionAt: the model has no session");
  return session;
}

export function heldPools(session: ModelSession): Set<number> {
  return new Set(session.artifacts.map((artifact) => artifact.pool));
}

/** The pool indices a session's artifact list must name, as `$pool[i]` expressions. */
export function expectedRestorePoints(session: ModelSession): string[] {
  return [...session.artifacts].sort((a, b) => a.pool - b.pool).map((artifact) => poolRef(artifact.pool));
}

export function poolRef(index: number): string {
  return `$pool[${index}]`;
}

/** The element of `candidates` a pick names (wrapping), or undefined when there is none. */
export function picked<T>(candidates: readonly T[], pick: number): T | undefined {
  return candidates.length === 0 ? undefined : candidates[pick % candidates.length];
}

/** The `$pool[i]` expressions of some pool indices. */
export function poolRefs(indices: readonly number[]): string[] {
  return indices.map(poolRef);
}

/** One pool index per pick, among those not in `taken` and not picked before (wrapping); fewer when the pool runs out. */
export function freePools(model: ExploreModel, taken: ReadonlySet<number>, picks: readonly number[]): number[] {
  const chosen: number[] = [];
  for (const pick of picks) {
    const free: number[] = [];
    for (let index = 0; index < model.poolSize; index++)
      if (!taken.has(index) && !chosen.includes(index)) free.push(index);
    const index = picked(free, pick);
    if (index !== undefined) chosen.push(index);
  }
  return chosen;
}

/** Where a delta's artifact ids come from once it is applied. */
export function adoptArtifacts(
  session: ModelSession,
  indices: readonly number[],
  destinationType: Destination,
  stepId: string,
): void {
  indices.forEach((pool, position) => {
    session.artifacts.push({ pool, destinationType, ref: `$steps.${stepId}.outputs.artifactIds[${position}]` });
  });
}

/** The artifacts a removal took out of a session: they name nothing in it any more. */
export function forget(session: ModelSession, removed: readonly ModelArtifact[]): void {
  session.artifacts = session.artifacts.filter((artifact) => !removed.includes(artifact));
  session.former.push(...removed);
}
