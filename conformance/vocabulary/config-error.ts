// Errors that end a run before any verdict: both are exit code 2.

/** A usage or configuration problem (bad flag, bad scenario or expectations file, no token). */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** The target cannot be reached at all (connection refused, DNS, no answer to the probe). */
export class UnreachableTargetError extends Error {
  override name = "UnreachableTargetError";
}
