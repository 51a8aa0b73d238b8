// Integer values of command-line flags, parsed the same way by every CLI of the project (the conformance runner,
// the reference server, the scripts): digits only, within bounds, and a usage error naming the flag otherwise.
import { InvalidArgumentError } from "commander";

/** The largest value a flag that counts or seeds may take. */
export const MAX_FLAG_INTEGER = 2 ** 31 - 1;

/** A commander argument parser for `flag`: an integer from `min` to `max` (digits only: no sign, no exponent). */
export function integerFlag(flag: string, min: number, max: number = MAX_FLAG_INTEGER): (value: string) => number {
  return (value: string): number => {
    const number = Number(value);
    if (!/^[0-9]+$/.test(value) || number < min || number > max)
      throw new InvalidArgumentError(`${flag} must be an integer from ${min} to ${max}.`);
    return number;
  };
}
