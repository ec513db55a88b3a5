import type { DiskGuard } from './disk-guard';
import type { EnqueueBatch, OutboxItem, OutboxStore } from './outbox-store';

/** How many commits carried how many requests and records: the proof that requests were grouped. */
export interface GroupCommitStats {
  /** Transactions written (each one fsync with synchronous=FULL). */
  transactions: number;
  /** Requests committed (each acknowledged after its transaction). */
  requests: number;
  records: number;
  /** The most requests one transaction carried. */
  largestGroup: number;
}

interface Waiting extends EnqueueBatch {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /** At most this many records in one transaction (a burst is committed in several, none holding the event loop long). */
  maxRecords?: number;
  /** While requests keep arriving, the group waits up to this many turns of the event loop for more… */
  lingerTurns?: number;
  /** …and never longer than this after its first request. */
  lingerMs?: number;
}

/**
 * Group commit: requests that arrive together (eight terminals posting a sale each at once) are
 * committed in one transaction, so one fsync makes all of them durable instead of one fsync each.
 *
 * A request hands over its records, already validated, and waits; its promise resolves only once
 * the transaction holding them is committed (then it may be acknowledged), and rejects when it was
 * not. The group is written after the current turn of the event loop, or a few turns later while
 * more requests keep arriving (each turn costs microseconds when the loop is idle). Within the
 * transaction the requests go in the order they arrived, each as OutboxStore.enqueue would have
 * written it on its own: ordering, coalescing and dedup are what sequential commits give.
 *
 * - A full disk refuses the whole transaction: every request of the group gets the disk-full error
 *   (503) and nothing of any of them is stored. So does the outbox's cap, checked once per group.
 * - Any other failure of the transaction (not expected) says nothing about which request caused it:
 *   each request of the group is then committed on its own, as without group commit.
 */
export class GroupCommit {
  readonly stats: GroupCommitStats = { transactions: 0, requests: 0, records: 0, largestGroup: 0 };
  private queue: Waiting[] = [];
  private timer: NodeJS.Immediate | null = null;
  private arrivedSinceTurn = false;
  private turns = 0;
  private firstAt = 0;
  private readonly maxRecords: number;
  private readonly lingerTurns: number;
  private readonly lingerMs: number;

  constructor(
    private readonly store: Pick<OutboxStore, 'enqueueAll'>,
    private readonly disk: Pick<DiskGuard, 'check' | 'diskFull' | 'wrote'>,
    options: GroupCommitOptions = {},
  ) {
    // About 10 ms of the event loop for a full group; in-memory requests hold at most 201 records each.
    this.maxRecords = options.maxRecords ?? 1000;
    this.lingerTurns = options.lingerTurns ?? 3;
    this.lingerMs = options.lingerMs ?? 2;
  }

  /** Commits these records with whatever else arrives now; resolves once they are durable. */
  commit(items: readonly OutboxItem[], importedFile?: EnqueueBatch['importedFile']): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.queue.length === 0) this.firstAt = performance.now();
      this.queue.push({ items, ...(importedFile ? { importedFile } : {}), resolve, reject });
      this.arrivedSinceTurn = true;
      this.timer ??= setImmediate(() => this.turn());
    });
  }

  /** Requests waiting for their commit. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Commits everything waiting now (before the database closes). */
  flush(): void {
    if (this.timer) clearImmediate(this.timer);
    this.timer = null;
    while (this.queue.length > 0) this.write(this.take());
  }

  private turn(): void {
    this.timer = null;
    // Requests came during the last turn: their neighbours may be a turn behind (still being read).
    if (this.arrivedSinceTurn && this.turns < this.lingerTurns && performance.now() - this.firstAt < this.lingerMs) {
      this.arrivedSinceTurn = false;
      this.turns += 1;
      this.timer = setImmediate(() => this.turn());
      return;
    }
    this.turns = 0;
    this.arrivedSinceTurn = false;
    this.write(this.take());
    if (this.queue.length > 0) {
      this.firstAt = performance.now();
      this.timer = setImmediate(() => this.turn());
    }
  }

  /** The oldest waiting requests, up to maxRecords (always at least one). */
  private take(): Waiting[] {
    let records = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || records + this.queue[n]!.items.length <= this.maxRecords)) {
      records += this.queue[n]!.items.length;
      n += 1;
    }
    return this.queue.splice(0, n);
  }

  private write(group: Waiting[]): void {
    // The outbox's cap, once for the group: nothing is written between its requests, so each would
    // have found the same size (refused at the cap, with the warning).
    try {
      this.disk.check();
    } catch (error) {
      for (const request of group) request.reject(error);
      return;
    }
    try {
      this.store.enqueueAll(group);
    } catch (error) {
      const full = this.disk.diskFull(error);
      if (full || group.length === 1) {
        for (const request of group) request.reject(full ?? error);
        return;
      }
      for (const request of group) this.write([request]);
      return;
    }
    this.stats.transactions += 1;
    this.stats.requests += group.length;
    this.stats.records += group.reduce((n, r) => n + r.items.length, 0);
    this.stats.largestGroup = Math.max(this.stats.largestGroup, group.length);
    this.disk.wrote();
    for (const request of group) request.resolve();
  }
}
