// The sessions a run created, so that every one can be deleted at the end, and the creates whose answer never
// came: such a create may have made a session whose id the run never learned, so it is named (with the time it
// was sent) instead of silently left behind. Each session is remembered with its workload, whose collection
// deletes it. One tracker serves the whole run: a part of it that deletes its own sessions early (an explored
// sequence) records into a child, which records everything into the run's tracker too.
import type { WorkloadName } from "../../src/contract/workloads.ts";

export interface CreateSite {
  scenario: string;
  step: string;
  /** The workload whose collection the create was sent to (default exchange). */
  workload?: WorkloadName;
}

export interface PossiblyCreated extends CreateSite {
  /** When the create was sent (its last attempt), ISO 8601. */
  sentAt: string;
  /** Why its answer does not tell whether a session was made. */
  reason: string;
}

/** A create request on its way: `sent` at each attempt, then exactly one of `answered`, `unanswered`, `notSent`. */
export interface CreateTicket {
  sent(): void;
  /** The answer came: a session with this id exists (or none, for an error answer). */
  answered(id: string | undefined): void;
  /** The request may have reached the target but no usable answer came. */
  unanswered(reason: string): void;
  /** The request never left (refused connection, the run stopped first). */
  notSent(): void;
}

export class SessionTracker {
  /** Open session id → its workload. */
  readonly #open = new Map<string, WorkloadName>();
  readonly #inFlight = new Map<object, PossiblyCreated>();
  readonly #possiblyCreated: PossiblyCreated[] = [];
  readonly #parent: SessionTracker | undefined;

  constructor(parent?: SessionTracker) {
    this.#parent = parent;
  }

  /** A tracker for a part of the run: it knows that part's sessions, and the run's tracker knows them too. */
  child(): SessionTracker {
    return new SessionTracker(this);
  }

  created(id: string, workload: WorkloadName = "exchange"): void {
    this.#open.set(id, workload);
    this.#parent?.created(id, workload);
  }

  /** The workload a session was created in (exchange for one the tracker does not know). */
  workloadOf(id: string): WorkloadName {
    return this.#open.get(id) ?? this.#parent?.workloadOf(id) ?? "exchange";
  }

  deleted(id: string): void {
    this.#open.delete(id);
    this.#parent?.deleted(id);
  }

  /** Sessions created and not yet deleted, in creation order. */
  open(): string[] {
    return [...this.#open.keys()];
  }

  /** Creates whose answer never came, in the order they were given up on. */
  possiblyCreated(): PossiblyCreated[] {
    return [...this.#possiblyCreated];
  }

  /** Creates sent and not answered yet (what a second signal, exiting at once, must name too). */
  inFlight(): PossiblyCreated[] {
    return [...this.#inFlight.values()];
  }

  createStarted(site: CreateSite): CreateTicket {
    const own = this.#ticket(site);
    const parent = this.#parent?.createStarted(site);
    if (!parent) return own;
    return {
      sent: () => {
        own.sent();
        parent.sent();
      },
      answered: (id) => {
        own.answered(id);
        parent.answered(id);
      },
      unanswered: (reason) => {
        own.unanswered(reason);
        parent.unanswered(reason);
      },
      notSent: () => {
        own.notSent();
        parent.notSent();
      },
    };
  }

  #ticket(site: CreateSite): CreateTicket {
    const key = {};
    const entry: PossiblyCreated = {
      ...site,
      sentAt: "",
      reason: "no answer yet (the run ended while the create was in flight)",
    };
    const settle = () => this.#inFlight.delete(key);
    return {
      sent: () => {
        entry.sentAt = new Date().toISOString();
        this.#inFlight.set(key, entry);
      },
      answered: (id) => {
        settle();
        if (id !== undefined) this.#open.set(id, site.workload ?? "exchange");
      },
      unanswered: (reason) => {
        settle();
        this.#possiblyCreated.push({ ...entry, sentAt: entry.sentAt || new Date().toISOString(), reason });
      },
      notSent: settle,
    };
  }
}
