// Every server variant the mutation run knows: the unchanged reference, the conforming variants (another choice the
// contract allows: the suite must pass each) and the mutants (one deviation each: the suite must fail each),
// grouped by what they break.
import { ABSENT_REMOVAL_MUTANTS } from "./absent-removals.ts";
import { APPLIED_CHANGE_MUTANTS } from "./applied-changes.ts";
import { AUTHENTICATION_MUTANTS } from "./authentication.ts";
import { COLLECTION_MUTANTS } from "./collections.ts";
import { CONFORMING_VARIANTS } from "./conforming-variants.ts";
import { CREATE_VALIDATION_MUTANTS } from "./create-validation.ts";
import { DELTA_ANSWER_MUTANTS } from "./delta-answers.ts";
import { ERROR_ANSWER_MUTANTS } from "./error-answers.ts";
import { HELD_RESTORE_POINT_MUTANTS } from "./held-restore-points.ts";
import { MEDIA_TYPE_MUTANTS } from "./media-types.ts";
import { PATCH_VALIDATION_MUTANTS } from "./patch-validation.ts";
import { READING_CONSISTENCY_MUTANTS } from "./reading-consistency.ts";
import { EXPLORATION_NEEDS, REFERENCE, type ServerVariant } from "./server-variant.ts";
import { SESSION_LIFECYCLE_MUTANTS } from "./session-lifecycle.ts";
import { SESSION_PROPERTY_MUTANTS } from "./session-properties.ts";
import { STATUS_CODE_MUTANTS } from "./status-codes.ts";
import { WORKLOAD_BOUNDARY_MUTANTS } from "./workload-boundaries.ts";

/** Every mutant, by what it breaks. */
export const MUTANTS: readonly ServerVariant[] = [
  ...STATUS_CODE_MUTANTS,
  ...AUTHENTICATION_MUTANTS,
  ...ERROR_ANSWER_MUTANTS,
  ...MEDIA_TYPE_MUTANTS,
  ...DELTA_ANSWER_MUTANTS,
  ...ABSENT_REMOVAL_MUTANTS,
  ...APPLIED_CHANGE_MUTANTS,
  ...HELD_RESTORE_POINT_MUTANTS,
  ...READING_CONSISTENCY_MUTANTS,
  ...PATCH_VALIDATION_MUTANTS,
  ...CREATE_VALIDATION_MUTANTS,
  ...SESSION_LIFECYCLE_MUTANTS,
  ...SESSION_PROPERTY_MUTANTS,
  ...COLLECTION_MUTANTS,
  ...WORKLOAD_BOUNDARY_MUTANTS,
];

/** The mutants only the exploration can see (no scenario sends or compares what they break). */
export const EXPLORATION_MUTANTS: readonly ServerVariant[] = MUTANTS.filter(
  (variant) => variant.needs === EXPLORATION_NEEDS,
);

export { CONFORMING_VARIANTS, REFERENCE };
export type { ServerVariant, VariantKind } from "./server-variant.ts";

/** The reference first, then the conforming variants, then the mutants. */
export const ALL_VARIANTS: readonly ServerVariant[] = [REFERENCE, ...CONFORMING_VARIANTS, ...MUTANTS];

export function variantById(id: string): ServerVariant {
  const variant = ALL_VARIANTS.find((candidate) => candidate.id === id);
  if (!variant)
    throw new Error(`no server variant "${id}"; known: ${ALL_VARIANTS.map((candidate) => candidate.id).join(", ")}`);
  return variant;
}
