// A server variant: the reference server with one change of behaviour, described in one line. A mutant breaks the
// contract in exactly one way (the suite must fail it); a conforming variant makes another choice the contract
// allows (the suite must pass it). Both are data: knobs and tiny hooks of conformance/reference/behavior.ts. The
// mutation run judges the reference and every conforming variant in every workload (no false failure anywhere), a
// mutant in the workloads it names (by default Exchange's, where the catalogue's first mutants deviate).
import type { WorkloadName } from "../../src/contract/workloads.ts";
import type { ReferenceBehavior } from "../reference/behavior.ts";

export type VariantKind = "reference" | "mutant" | "conforming";

export interface ServerVariant {
  /** Short kebab-case name, unique across mutants and conforming variants. */
  id: string;
  kind: VariantKind;
  /** One line: what this server does differently. */
  description: string;
  /** Passed to startReferenceServer({ behavior }). */
  behavior: Partial<ReferenceBehavior>;
  /** For a mutant probing a rule no scenario covered when it was written: what the suite needs to catch it. */
  needs?: string;
  /** The workloads the mutation run judges it in (default: every one for the reference and a conforming variant,
   *  Exchange for a mutant). */
  workloads?: readonly WorkloadName[];
}

/** The workloads the mutation run judges a variant in (`--workload`). */
export function judgedWorkloads(variant: ServerVariant): readonly WorkloadName[] {
  return variant.workloads ?? (variant.kind === "mutant" ? ["exchange"] : ["exchange", "onedrive", "sharepoint"]);
}

/** The unchanged reference server: the control every other row is compared with. */
export const REFERENCE: ServerVariant = Object.freeze({
  id: "reference",
  kind: "reference",
  description: "the reference server itself, unchanged",
  behavior: {},
}) as ServerVariant;

/** What an exploration mutant needs: no scenario sends or compares what it breaks. */
export const EXPLORATION_NEEDS = "exploration (no scenario sends or compares this)";

/** A mutant; `needs` names what the suite needs to catch it, when no scenario covered its rule when it was written. */
export function mutant(
  id: string,
  description: string,
  behavior: ServerVariant["behavior"],
  needs?: string,
): ServerVariant {
  return { id, kind: "mutant", description, behavior, ...(needs === undefined ? {} : { needs }) };
}

/** A mutant only the exploration can see (facts two answers must agree on, request shapes no scenario sends, …). */
export function explorationMutant(id: string, description: string, behavior: ServerVariant["behavior"]): ServerVariant {
  return mutant(id, description, behavior, EXPLORATION_NEEDS);
}

/** A conforming variant: another choice the contract allows. */
export function conforming(id: string, description: string, behavior: ServerVariant["behavior"]): ServerVariant {
  return { id, kind: "conforming", description, behavior };
}

/** A mutant that deviates in (or across) the workloads it names, judged in those. */
export function workloadMutant(
  id: string,
  description: string,
  workloads: readonly WorkloadName[],
  behavior: ServerVariant["behavior"],
  needs?: string,
): ServerVariant {
  return { ...mutant(id, description, behavior, needs), workloads };
}
