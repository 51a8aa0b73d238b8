// What every exploration command is (a fast-check command on the model and the real sequence), the base of the
// commands on one of the sequence's sessions, and the arbitraries they share.
import fc from "fast-check";
import type { Sequence } from "../sequence.ts";
import type { WireNames } from "../../../src/contract/wire-names.ts";
import type { Destination, ExploreModel, ModelSession } from "../session-model.ts";

export type ExploreCommand = fc.AsyncCommand<ExploreModel, Sequence>;

/** The destinationType of the additions a command sends (unknownFutureValue is a reading of its own). */
export const destination = fc.constantFrom<Destination>("new", "inPlace");
/** Which of the sequence's sessions a command names (wrapping). */
export const sessionPick = fc.nat({ max: 1000 });

/** The path parameters naming a session of the model. */
export function sessionPath(names: Pick<WireNames, "sessionParameter">, session: ModelSession): Record<string, string> {
  return { [names.sessionParameter]: session.ref };
}

/** A command on one of the sessions the sequence made (picked by index, wrapping); any session, in any state. */
export abstract class SessionCommand implements ExploreCommand {
  readonly pick: number;

  constructor(pick: number) {
    this.pick = pick;
  }

  check(model: Readonly<ExploreModel>): boolean {
    return model.sessions.length > 0;
  }

  abstract run(model: ExploreModel, real: Sequence): Promise<void>;
}
