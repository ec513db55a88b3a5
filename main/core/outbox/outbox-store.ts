import type { Statement } from 'better-sqlite3';
import { atomically, type Db } from '../db/database';
import type { CustobarRecord, ExportType } from '../custobar/types';
import { coded, type CodedText } from '../context/coded-text';
import { STATE, TYPE_CODE, TYPE_NAME } from './codes';
import { OutboxInserter } from './insert-rows';

export interface OutboxItem {
  type: ExportType;
  key: string;
  record: CustobarRecord;
  source?: string;
}

/** One request's records (and the inbox file they came from, marked imported with them). */
export interface EnqueueBatch {
  items: readonly OutboxItem[];
  importedFile?: { sha256: string; name: string };
}

export interface OutboxRow {
  seq: number;
  type: ExportType;
  record_key: string;
  payload: string;
  attempts: number;
  created_at: number;
  last_error: string | null;
}

/** Customers and products are partial updates: a later update merges into the waiting one (JSON merge patch). */
export const mergesUpdates = (type: ExportType): boolean => type === 'customers' || type === 'products';

const { pending: PENDING, inflight: INFLIGHT, dead: DEAD } = STATE;
const ROW = 'seq, type, record_key, payload, attempts, created_at, last_error';
const toRow = (r: Omit<OutboxRow, 'type'> & { type: number }): OutboxRow => ({ ...r, type: TYPE_NAME[r.type]! });

/**
 * The durable queue, in SQL. A record waits as pending (at most one pending row per record key:
 * updates coalesce into it), is in flight while a request carries it, and is deleted once Custobar
 * accepted it, or parked as dead with the reason when Custobar refused it.
 */
export class OutboxStore {
  private readonly inserter: OutboxInserter;
  private readonly newestFirst: Statement;
  /** One record by key, in each state, each along its own (partial) index. */
  private readonly byKey: Record<number, Statement>;

  /** Prepared once, by their text: the Status view alone ran some 40 statements per refresh, each prepared anew. */
  private readonly statements = new Map<string, Statement>();

  constructor(
    readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.inserter = new OutboxInserter(db);
    const byKey = (state: number, index: string) => db.prepare(`SELECT seq, updated_at FROM outbox INDEXED BY ${index} WHERE type = ? AND record_key = ? AND state = ${state}`);
    this.byKey = { [PENDING]: byKey(PENDING, 'outbox_pending_key'), [INFLIGHT]: byKey(INFLIGHT, 'outbox_inflight_key'), [DEAD]: byKey(DEAD, 'outbox_dead_key') };
    this.newestFirst = db.prepare(`SELECT created_at FROM outbox INDEXED BY outbox_by_state WHERE type = ? AND state = ${PENDING} ORDER BY seq DESC`);
  }

  private sql(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  /**
   * Durably adds records, all in one transaction: when this returns, they survive a crash. An inbox
   * file they came from is marked imported in the same transaction (never imported twice).
   */
  enqueue(items: readonly OutboxItem[], importedFile?: { sha256: string; name: string }): void {
    this.enqueueAll([{ items, importedFile }]);
  }

  /**
   * Several requests' records in one transaction (group commit, see GroupCommit): each batch is
   * written in the order given exactly as enqueue would write it on its own, with one commit for all.
   */
  enqueueAll(batches: readonly EnqueueBatch[]): void {
    const at = this.now();
    // One after the other, as separate enqueues would be: the insert's ON CONFLICT merges a waiting
    // record's updates (customers, products) or replaces it (see OutboxInserter).
    const items = batches.length === 1 ? batches[0]!.items : batches.flatMap((b) => b.items);
    atomically(this.db, () => {
      this.inserter.insert(items, at, (item) => mergesUpdates(item.type));
      for (const { items: of, importedFile } of batches) if (importedFile) this.markImported(importedFile.sha256, importedFile.name, of.length, at);
    });
  }

  markImported(sha256: string, name: string, records: number, at = this.now()): void {
    this.sql('INSERT OR REPLACE INTO inbox_files (sha256, name, records, imported_at) VALUES (?, ?, ?, ?)').run(sha256, name, records, at);
  }

  fileImported(sha256: string): boolean {
    return this.sql('SELECT 1 FROM inbox_files WHERE sha256 = ?').get(sha256) !== undefined;
  }

  private markInflight(rows: OutboxRow[]): OutboxRow[] {
    const mark = this.sql(`UPDATE outbox SET state = ${INFLIGHT}, updated_at = ? WHERE seq = ?`);
    const at = this.now();
    for (const row of rows) mark.run(at, row.seq);
    return rows;
  }

  /** Takes up to `limit` due records of a type that arrived by `arrivedBy`, oldest first, and marks them in flight. */
  claim(type: ExportType, limit: number, arrivedBy = Number.MAX_SAFE_INTEGER): OutboxRow[] {
    return this.db.transaction(() => {
      // In seq order along outbox_by_state, stopping after `limit`: left to itself SQLite ranges over
      // outbox_due and sorts every due row first (327 ms a claim with 1,000,000 waiting, 1 ms this way).
      const rows = this.db
        .prepare(`SELECT ${ROW} FROM outbox INDEXED BY outbox_by_state WHERE type = ? AND state = ${PENDING} AND next_attempt_at <= ? AND created_at <= ? ORDER BY seq LIMIT ?`)
        .all(TYPE_CODE[type], this.now(), arrivedBy, limit) as (Omit<OutboxRow, 'type'> & { type: number })[];
      return this.markInflight(rows.map(toRow));
    })();
  }

  /** When the oldest waiting record of a type that arrived after `arrivedAfter` arrived; null when there is none. */
  firstArrivedAfter(type: ExportType, arrivedAfter: number): number | null {
    // Records arrive in seq order, so the young ones are the newest: walk back from the newest and
    // stop at the first older one, instead of looking at every waiting row (270 ms with 1,000,000).
    let first: number | null = null;
    for (const row of this.newestFirst.iterate(TYPE_CODE[type]) as IterableIterator<{ created_at: number }>) {
      if (row.created_at <= arrivedAfter) break;
      first = first === null ? row.created_at : Math.min(first, row.created_at);
    }
    return first;
  }

  /** Pending records with these keys (customers sent ahead of the sales and events that refer to them). */
  claimKeys(type: ExportType, keys: readonly string[]): OutboxRow[] {
    if (keys.length === 0) return [];
    return this.db.transaction(() => {
      const find = this.sql(`SELECT ${ROW} FROM outbox WHERE type = ? AND record_key = ? AND state = ${PENDING} AND next_attempt_at <= ?`);
      const rows = keys
        .map((k) => find.get(TYPE_CODE[type], k, this.now()) as (Omit<OutboxRow, 'type'> & { type: number }) | undefined)
        .filter((r): r is Omit<OutboxRow, 'type'> & { type: number } => r !== undefined);
      return this.markInflight(rows.map(toRow));
    })();
  }

  /** The outbox still holds this record in any state (waiting, in flight or parked as dead). */
  holds(type: ExportType, key: string): boolean {
    // One index lookup per state (see migration 10): a lookup by key alone walked every row of the type.
    const code = TYPE_CODE[type];
    return [PENDING, INFLIGHT, DEAD].some((state) => this.byKey[state]!.get(code, key) !== undefined);
  }

  /**
   * Sales rows still waiting or in flight whose `field` names `value` (a customer's recent purchases
   * at this till, for the customer card): one step per `chunk` rows of the outbox looked at (what it
   * found there, often nothing), so a caller can yield to the event loop between steps. Only the newest `window` rows of each state are
   * looked at (along outbox_by_state): the cost stays bounded however long the backlog, and a recent
   * sale is among the newest rows. `field` is a Custobar field name (letters, digits, _).
   */
  *salesNaming(field: string, value: string, { window = 10_000, chunk = 1_000 }: { window?: number; chunk?: number } = {}): Generator<CustobarRecord[], void, void> {
    const path = `$."${field.replace(/[^A-Za-z0-9_]/g, '')}"`;
    for (const state of [INFLIGHT, PENDING]) {
      // Where the next `chunk` rows end (the index alone), then the matching rows among them.
      const edge = this.sql(`SELECT min(seq) AS last, count(*) AS n FROM (SELECT seq FROM outbox INDEXED BY outbox_by_state WHERE type = ? AND state = ${state} AND seq < ? ORDER BY seq DESC LIMIT ?)`);
      const matching = this.sql(`SELECT payload FROM outbox INDEXED BY outbox_by_state WHERE type = ? AND state = ${state} AND seq < ? AND seq >= ? AND json_extract(payload, ?) = ? ORDER BY seq DESC`);
      let before = Number.MAX_SAFE_INTEGER;
      for (let seen = 0; seen < window; seen += chunk) {
        const step = Math.min(chunk, window - seen);
        const { last, n } = edge.get(TYPE_CODE.sales, before, step) as { last: number | null; n: number };
        if (last === null) break;
        yield (matching.all(TYPE_CODE.sales, before, last, path, value) as { payload: string }[]).map((r) => JSON.parse(r.payload) as CustobarRecord);
        before = last;
        if (n < step) break;
      }
    }
  }

  /** Titles of these products as waiting or in flight in the outbox (the newest one per product), by product id. */
  productTitles(ids: readonly string[]): Map<string, string> {
    const titles = new Map<string, string>();
    const code = TYPE_CODE.products;
    const pending = this.sql(`SELECT json_extract(payload, '$.title') AS title FROM outbox INDEXED BY outbox_pending_key WHERE type = ? AND record_key = ? AND state = ${PENDING}`);
    const inflight = this.sql(`SELECT json_extract(payload, '$.title') AS title FROM outbox INDEXED BY outbox_inflight_key WHERE type = ? AND record_key = ? AND state = ${INFLIGHT} ORDER BY seq DESC LIMIT 1`);
    for (const id of new Set(ids)) {
      // A waiting update may leave the title out (updates merge): the one in flight may still have it.
      for (const statement of [pending, inflight]) {
        const title = (statement.get(code, id) as { title: unknown } | undefined)?.title;
        if (typeof title === 'string' && title !== '') {
          titles.set(id, title);
          break;
        }
      }
    }
    return titles;
  }

  /**
   * Which of these customer keys still have a record waiting or in flight (apart from the given
   * rows), and which are parked as dead since `deadSince` or later; the rest do not hold anything.
   * Each key is looked up by index, so the cost follows the batch, not the backlog.
   */
  waitingKeys(type: ExportType, keys: readonly string[], except: readonly number[], deadSince = Number.POSITIVE_INFINITY): { waiting: Set<string>; failed: Set<string> } {
    const waiting = new Set<string>();
    const failed = new Set<string>();
    if (keys.length === 0) return { waiting, failed };
    const code = TYPE_CODE[type];
    const skip = new Set(except);
    const since = Number.isFinite(deadSince) ? deadSince : Number.MAX_SAFE_INTEGER;
    for (const key of new Set(keys)) {
      const live = [PENDING, INFLIGHT].some((state) => (this.byKey[state]!.all(code, key) as { seq: number }[]).some((r) => !skip.has(r.seq)));
      if (live) waiting.add(key);
      else if ((this.byKey[DEAD]!.all(code, key) as { updated_at: number }[]).some((r) => r.updated_at >= since)) failed.add(key);
    }
    // A sealed upload still moving into the outbox holds its customers too (see StagingStore).
    const staged = this.db
      .prepare(`SELECT DISTINCT record_key FROM inbox_staging WHERE file IN (SELECT id FROM staged_batches) AND type = ? AND record_key IN (SELECT value FROM json_each(?))`)
      .all(code, JSON.stringify(keys)) as { record_key: string }[];
    for (const r of staged) waiting.add(r.record_key);
    return { waiting, failed };
  }

  /** Waiting rows of a type held back for their customer (see the dispatcher), and how many for a failed one. */
  heldForCustomer(type: ExportType, waitingReason: string, failedReason: string): { waiting: number; failed: number } {
    const count = (reason: string) =>
      (this.sql(`SELECT count(*) AS n FROM outbox WHERE type = ? AND state = ${PENDING} AND last_error = ?`).get(TYPE_CODE[type], reason) as { n: number }).n;
    const failed = count(failedReason);
    return { waiting: count(waitingReason) + failed, failed };
  }

  /** Custobar accepted these: they leave the queue. */
  ack(type: ExportType, seqs: readonly number[]): void {
    const at = this.now();
    this.db.transaction(() => {
      const del = this.sql('DELETE FROM outbox WHERE seq = ?');
      for (const seq of seqs) del.run(seq);
      this.db
        .prepare(
          `INSERT INTO outbox_stats (type, sent_total, last_success_at) VALUES (?, ?, ?)
           ON CONFLICT (type) DO UPDATE SET sent_total = sent_total + excluded.sent_total, last_success_at = excluded.last_success_at`,
        )
        .run(type, seqs.length, at);
    })();
  }

  /**
   * Back to waiting, to be tried again after `delayMs`. If an update for the same record arrived
   * meanwhile, the two are merged into that newer row (newer values win), keeping one row per key.
   */
  release(seqs: readonly number[], delayMs: number, error: string | null, countAttempt = true): void {
    const at = this.now();
    this.db.transaction(() => {
      for (const seq of seqs) this.backToPending(seq, countAttempt ? 1 : 0, at + delayMs, error);
    })();
  }

  /** Only records in flight go back; acked ones are gone and dead ones stay parked. */
  private backToPending(seq: number, attemptsDelta: number, nextAttemptAt: number, error: string | null): void {
    const row = this.sql(`SELECT type, record_key, payload FROM outbox WHERE seq = ? AND state = ${INFLIGHT}`).get(seq) as
      | { type: number; record_key: string; payload: string }
      | undefined;
    if (!row) return;
    const newer = this.sql(`SELECT seq FROM outbox WHERE type = ? AND record_key = ? AND state = ${PENDING}`).get(row.type, row.record_key) as { seq: number } | undefined;
    if (newer) {
      if (mergesUpdates(TYPE_NAME[row.type]!)) this.sql('UPDATE outbox SET payload = json_patch(?, payload) WHERE seq = ?').run(row.payload, newer.seq);
      this.sql('DELETE FROM outbox WHERE seq = ?').run(seq);
      return;
    }
    this.db
      .prepare(`UPDATE outbox SET state = ${PENDING}, attempts = attempts + ?, next_attempt_at = ?, last_error = ?, updated_at = ? WHERE seq = ?`)
      .run(attemptsDelta, nextAttemptAt, error, this.now(), seq);
  }

  /** Custobar refused this record for good: park it with the reason. */
  deadLetter(seq: number, reason: string): void {
    this.sql(`UPDATE outbox SET state = ${DEAD}, last_error = ?, attempts = attempts + 1, updated_at = ? WHERE seq = ?`).run(reason, this.now(), seq);
  }

  recordError(type: ExportType, why: CodedText): void {
    this.db
      .prepare(
        `INSERT INTO outbox_stats (type, last_error_at, last_error, last_error_code, last_error_params) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (type) DO UPDATE SET last_error_at = excluded.last_error_at, last_error = excluded.last_error,
           last_error_code = excluded.last_error_code, last_error_params = excluded.last_error_params`,
      )
      .run(type, this.now(), why.text, why.code, JSON.stringify(why.params));
  }

  /** After a crash, records that were in flight are simply waiting again (resending is an upsert). */
  recoverInflight(): number {
    // Per type along outbox_by_state: a scan of the whole outbox took 176 ms of every start with 1,000,000 waiting.
    const inflight = this.sql(`SELECT seq FROM outbox WHERE type = ? AND state = ${INFLIGHT} ORDER BY seq`);
    const seqs = Object.values(TYPE_CODE).flatMap((code) => (inflight.all(code) as { seq: number }[]).map((r) => r.seq));
    this.db.transaction(() => seqs.forEach((seq) => this.backToPending(seq, 0, 0, null)))();
    return seqs.length;
  }

  counts(type: ExportType): { pending: number; inflight: number; dead: number; oldestPendingAt: number | null; nextDueAt: number | null } {
    const code = TYPE_CODE[type];
    // Kept by triggers (migration 6): constant time, however long the backlog.
    const count = (state: number) => (this.sql('SELECT n FROM outbox_counts WHERE type = ? AND state = ?').get(code, state) as { n: number } | undefined)?.n ?? 0;
    const oldest = this.sql(`SELECT created_at FROM outbox WHERE type = ? AND state = ${PENDING} ORDER BY seq LIMIT 1`).get(code) as { created_at: number } | undefined;
    const due = this.sql(`SELECT min(next_attempt_at) AS at FROM outbox WHERE type = ? AND state = ${PENDING}`).get(code) as { at: number | null };
    return { pending: count(PENDING), inflight: count(INFLIGHT), dead: count(DEAD), oldestPendingAt: oldest?.created_at ?? null, nextDueAt: due.at };
  }

  stats(type: ExportType): { sentTotal: number; lastSuccessAt: number | null; lastErrorAt: number | null; lastError: CodedText | null } {
    const row = this.sql('SELECT sent_total, last_success_at, last_error_at, last_error, last_error_code, last_error_params FROM outbox_stats WHERE type = ?').get(type) as
      | { sent_total: number; last_success_at: number | null; last_error_at: number | null; last_error: string | null; last_error_code: string | null; last_error_params: string | null }
      | undefined;
    // An error stored before codes were kept has none: the UI then shows its English text.
    const lastError = row?.last_error ? coded(row.last_error_code ?? '', row.last_error, row.last_error_params ? (JSON.parse(row.last_error_params) as CodedText['params']) : {}) : null;
    return { sentTotal: row?.sent_total ?? 0, lastSuccessAt: row?.last_success_at ?? null, lastErrorAt: row?.last_error_at ?? null, lastError };
  }
}
