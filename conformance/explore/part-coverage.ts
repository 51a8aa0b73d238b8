// Coverage-guided choices within one part of the exploration: where a command chooses among a finite set of
// alternatives (the invalid requests derived from a schema, …), it takes the one this part has sent least, and each
// part starts its preference at another offset of the set, so that the parts together send every alternative
// early instead of whichever a random index happens to hit. The counts belong to the part (its sequences run one
// after another), so the choices are the same for a seed at any concurrency; shrinking replays do not count.

export class PartCoverage {
  readonly #counts = new Map<string, number>();
  readonly #part: number;
  readonly #parts: number;
  /** Set while fast-check shrinks a failure: replays choose, but do not count. */
  frozen = false;

  constructor(part: number, parts: number) {
    this.#part = part;
    this.#parts = Math.max(1, parts);
  }

  /**
   * The index of the candidate to send: the least sent so far by this part (per `family`; candidates may share a
   * key), preferring, among equals, the candidates from this part's offset onwards.
   */
  choose(family: string, keys: readonly string[]): number | undefined {
    if (keys.length === 0) return undefined;
    const offset = Math.floor((this.#part * keys.length) / this.#parts);
    let best = -1;
    let bestRank: [number, number] = [Number.POSITIVE_INFINITY, 0];
    keys.forEach((key, index) => {
      const rank: [number, number] = [
        this.#counts.get(`${family}\u0000${key}`) ?? 0,
        (index - offset + keys.length) % keys.length,
      ];
      if (rank[0] < bestRank[0] || (rank[0] === bestRank[0] && rank[1] < bestRank[1])) {
        best = index;
        bestRank = rank;
      }
    });
    if (!this.frozen) {
      const chosen = `${family}\u0000${keys[best]}`;
      this.#counts.set(chosen, (this.#counts.get(chosen) ?? 0) + 1);
    }
    return best;
  }
}
