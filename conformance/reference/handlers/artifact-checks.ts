// Rules JSON Schema cannot express, shared by create and PATCH: no restore point or artifact id twice in one
// request, and every restore point must exist. Positions are JSON pointers into the request body.

export interface Addition {
  /** JSON pointer of the item in the request, e.g. `/mailboxRestoreArtifacts@delta/3`. */
  pointer: string;
  restorePointId: string;
}

export interface Duplicate {
  value: string;
  firstPointer: string;
  secondPointer: string;
}

/** The first value that occurs twice (compared exactly), with both positions. */
export function firstDuplicate(entries: Array<{ pointer: string; value: string }>): Duplicate | undefined {
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const first = seen.get(entry.value);
    if (first !== undefined) return { value: entry.value, firstPointer: first, secondPointer: entry.pointer };
    seen.set(entry.value, entry.pointer);
  }
  return undefined;
}

/** The first addition whose restore point the server does not know. */
export function firstUnknownRestorePoint(additions: Addition[], known: ReadonlySet<string>): Addition | undefined {
  return additions.find((addition) => !known.has(addition.restorePointId));
}
