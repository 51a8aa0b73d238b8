// The operations exploration sends, one command per file, weighted here: mostly PATCHes, the centre of the
// contract. Each command holds only what fast-check generated (picks, forms, choices), builds its steps from the
// model when it runs, sends them, and updates the model from what the server did (which reading it took). Commands
// apply to any session in any state: a deleted one must answer 404, an activated one 403, and a rejected request
// must leave the session as it was.
import fc from "fast-check";
import { activateCommand } from "./activate-command.ts";
import { compareCommand } from "./compare-command.ts";
import { createCommand } from "./create-command.ts";
import { deleteCommand } from "./delete-command.ts";
import type { ExploreCommand } from "./explore-command.ts";
import { getCommand } from "./get-command.ts";
import { limitPatchCommand } from "./limit-patch-command.ts";
import { listArtifactsCommand } from "./list-artifacts-command.ts";
import { listSessionsCommand } from "./list-sessions-command.ts";
import { patchCommand } from "./patch-command.ts";
import { reAddCommand } from "./readd-command.ts";
import { rejectedCreateCommand } from "./rejected-create-command.ts";
import { rejectedPatchCommand } from "./rejected-patch-command.ts";

export type { ExploreCommand } from "./explore-command.ts";

/** Every command, weighted (the order and weights decide the sequences a seed makes). */
export function commandArbitraries(): fc.Arbitrary<ExploreCommand>[] {
  return [
    fc.oneof(
      { weight: 3, arbitrary: createCommand },
      { weight: 9, arbitrary: patchCommand },
      { weight: 6, arbitrary: rejectedPatchCommand },
      { weight: 1, arbitrary: rejectedCreateCommand },
      { weight: 2, arbitrary: getCommand },
      { weight: 2, arbitrary: listArtifactsCommand },
      { weight: 2, arbitrary: listSessionsCommand },
      { weight: 2, arbitrary: deleteCommand },
      { weight: 1, arbitrary: activateCommand },
      { weight: 1, arbitrary: reAddCommand },
      { weight: 1, arbitrary: limitPatchCommand },
      { weight: 1, arbitrary: compareCommand },
    ),
  ];
}
