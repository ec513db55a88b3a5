import { atomically, withoutFsync, type Db } from '../db/database';
import type { CustobarRecord, ExportType } from '../custobar/types';
import { STATE, TYPE_CODE, TYPE_NAME } from './codes';
import { mergesUpdates, type OutboxItem } from './outbox-store';

/** The sale-level fields of one sale as known so far, and where its first row was (for errors). */
export interface StagedSale {
  sale: string;
  fields: CustobarRecord;
  firstPosition: string;
  rows: number;
}

/**
 * Where a big upload (an inbox file, a request body over one chunk) waits while it is read:
 * 1. stage: its valid records arrive chunk by chunk, each chunk a short transaction;
 * 2. seal: one tiny transaction marks the batch complete — from here it is committed, and a restart
 *    finishes it (an inbox file is marked imported in the same transaction);
 * 3. move: the staged rows go into the outbox a chunk at a time, each chunk one transaction that
 *    inserts and deletes, so the event loop is never held by the whole batch; the seal goes last.
 * An unsealed batch found at start was never acknowledged and is dropped.
 */
export class StagingStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  stage(batch: string, firstSeq: number, items: readonly OutboxItem[]): void {
    const stmt = this.db.prepare('INSERT INTO inbox_staging (file, seq, type, record_key, payload) VALUES (?, ?, ?, ?, ?)');
    // Not durable until the seal (a FULL commit), and it need not be: nothing staged is acknowledged.
    withoutFsync(this.db, () => atomically(this.db, () => items.forEach((item, i) => stmt.run(batch, firstSeq + i, TYPE_CODE[item.type], item.key, JSON.stringify(item.record)))));
  }

  /** What is known of these sales in this batch (sale-level fields from rows of earlier chunks). */
  sales(batch: string, sales: readonly string[]): Map<string, StagedSale> {
    const rows = this.db
      .prepare('SELECT sale, fields, first_position, rows FROM staging_sales WHERE file = ? AND sale IN (SELECT value FROM json_each(?))')
      .all(batch, JSON.stringify(sales)) as { sale: string; fields: string; first_position: string; rows: number }[];
    return new Map(rows.map((r) => [r.sale, { sale: r.sale, fields: JSON.parse(r.fields) as CustobarRecord, firstPosition: r.first_position, rows: r.rows }]));
  }

  saveSales(batch: string, sales: readonly StagedSale[]): void {
    const stmt = this.db.prepare(
      `INSERT INTO staging_sales (file, sale, fields, first_position, rows) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (file, sale) DO UPDATE SET fields = excluded.fields, rows = excluded.rows`,
    );
    withoutFsync(this.db, () => atomically(this.db, () => sales.forEach((s) => stmt.run(batch, s.sale, JSON.stringify(s.fields), s.firstPosition, s.rows))));
  }

  /** Sales of this batch still missing a field every sale needs (it was on none of their rows). */
  salesWithout(batch: string, field: string): StagedSale[] {
    const rows = this.db
      .prepare(`SELECT sale, fields, first_position, rows FROM staging_sales WHERE file = ? AND json_extract(fields, ?) IS NULL ORDER BY rowid`)
      .all(batch, `$."${field}"`) as { sale: string; fields: string; first_position: string; rows: number }[];
    return rows.map((r) => ({ sale: r.sale, fields: JSON.parse(r.fields) as CustobarRecord, firstPosition: r.first_position, rows: r.rows }));
  }

  /** Drops the staged rows of these sales (a partial upload keeps the other sales). */
  dropSales(batch: string, sales: readonly string[]): void {
    atomically(this.db, () => {
      this.db
        .prepare(`DELETE FROM inbox_staging WHERE file = ? AND json_extract(payload, '$.sale_external_id') IN (SELECT value FROM json_each(?))`)
        .run(batch, JSON.stringify(sales));
      this.db.prepare('DELETE FROM staging_sales WHERE file = ? AND sale IN (SELECT value FROM json_each(?))').run(batch, JSON.stringify(sales));
    });
  }

  /** The batch is complete and committed (with the inbox file it came from, if any). */
  seal(batch: string, type: ExportType, source: string, records: number, file?: { sha256: string; name: string }): void {
    const at = this.now();
    atomically(this.db, () => {
      this.db.prepare('INSERT INTO staged_batches (id, type, source, records, sealed_at) VALUES (?, ?, ?, ?, ?)').run(batch, TYPE_CODE[type], source, records, at);
      if (file) this.db.prepare('INSERT OR REPLACE INTO inbox_files (sha256, name, records, imported_at) VALUES (?, ?, ?, ?)').run(file.sha256, file.name, records, at);
    });
  }

  /**
   * Moves up to `limit` staged rows of a sealed batch into the outbox (sale rows get their sale's
   * fields), in one transaction; `withRecords` returns what moved (the customer cache learns from it).
   * When `done`, the batch is finished and its seal gone.
   */
  moveSome(batch: string, limit: number, withRecords = false): { moved: number; done: boolean; customers: OutboxItem[] } {
    const sealed = this.db.prepare('SELECT type, source FROM staged_batches WHERE id = ?').get(batch) as { type: number; source: string } | undefined;
    if (!sealed) return { moved: 0, done: true, customers: [] };
    const type = TYPE_NAME[sealed.type]!;
    const at = this.now();
    let moved = 0;
    let done = false;
    let records: OutboxItem[] = [];
    // A move lost to a power cut is redone at the next start (the batch stays sealed until its last
    // move): atomic, but no fsync of its own.
    withoutFsync(this.db, () => atomically(this.db, () => {
      const last = this.db.prepare('SELECT seq FROM inbox_staging WHERE file = ? ORDER BY seq LIMIT 1 OFFSET ?').get(batch, limit - 1) as { seq: number } | undefined;
      const upTo = last?.seq ?? Number.MAX_SAFE_INTEGER;
      if (withRecords) {
        const rows = this.db.prepare('SELECT record_key, payload FROM inbox_staging WHERE file = ? AND seq <= ? ORDER BY seq').all(batch, upTo) as { record_key: string; payload: string }[];
        records = rows.map((r) => ({ type, key: r.record_key, record: JSON.parse(r.payload) as CustobarRecord, source: sealed.source }));
      }
      const update = mergesUpdates(type) ? 'json_patch(outbox.payload, excluded.payload)' : 'excluded.payload';
      moved = this.db
        .prepare(
          `INSERT INTO outbox (type, record_key, payload, created_at, updated_at, source)
           SELECT s.type, s.record_key, CASE WHEN g.fields IS NULL THEN s.payload ELSE json_patch(s.payload, g.fields) END, ?, ?, ?
             FROM inbox_staging s LEFT JOIN staging_sales g ON g.file = s.file AND g.sale = json_extract(s.payload, '$.sale_external_id')
            WHERE s.file = ? AND s.seq <= ? ORDER BY s.seq
           ON CONFLICT (type, record_key) WHERE state = ${STATE.pending} DO UPDATE SET payload = ${update}, updated_at = excluded.updated_at`,
        )
        .run(at, at, sealed.source, batch, upTo).changes;
      this.db.prepare('DELETE FROM inbox_staging WHERE file = ? AND seq <= ?').run(batch, upTo);
      done = last === undefined;
      if (done) {
        this.db.prepare('DELETE FROM staging_sales WHERE file = ?').run(batch);
        this.db.prepare('DELETE FROM staged_batches WHERE id = ?').run(batch);
      }
    }));
    return { moved, done, customers: records };
  }

  /** Sealed batches not yet fully moved (after a crash, or a move the disk refused). */
  sealed(): { id: string; type: ExportType }[] {
    const rows = this.db.prepare('SELECT id, type FROM staged_batches ORDER BY sealed_at').all() as { id: string; type: number }[];
    return rows.map((r) => ({ id: r.id, type: TYPE_NAME[r.type]! }));
  }

  /** Drops a batch that will not be sealed (refused, or failed while staging). */
  discard(batch: string): void {
    atomically(this.db, () => {
      this.db.prepare('DELETE FROM inbox_staging WHERE file = ?').run(batch);
      this.db.prepare('DELETE FROM staging_sales WHERE file = ?').run(batch);
    });
  }

  /** At start: staged rows of batches never sealed were never acknowledged; they go. */
  discardUnsealed(): void {
    atomically(this.db, () => {
      this.db.exec('DELETE FROM inbox_staging WHERE file NOT IN (SELECT id FROM staged_batches)');
      this.db.exec('DELETE FROM staging_sales WHERE file NOT IN (SELECT id FROM staged_batches)');
    });
  }
}
