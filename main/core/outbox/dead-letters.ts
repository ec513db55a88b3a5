import type { Db } from '../db/database';
import type { CustobarRecord, ExportType } from '../custobar/types';
import { STATE, TYPE_CODE, TYPE_NAME } from './codes';
import type { OutboxStore } from './outbox-store';

export interface DeadLetter {
  id: number;
  type: ExportType;
  key: string;
  reason: string;
  attempts: number;
  failedAt: string;
  record: CustobarRecord;
}

/**
 * Poison records: Custobar refused them (400) after bisection isolated them. The manager can see
 * why, fix the record, retry it or discard it; every retry/fix/discard is written to the audit table.
 */
export class DeadLetters {
  constructor(
    private readonly db: Db,
    private readonly store: OutboxStore,
    private readonly now: () => number = Date.now,
  ) {}

  list(options: { type?: ExportType; limit: number; offset: number }): { items: DeadLetter[]; total: number } {
    const where = options.type ? `state = ${STATE.dead} AND type = ?` : `state = ${STATE.dead}`;
    const args = options.type ? [TYPE_CODE[options.type]] : [];
    const rows = this.db
      .prepare(`SELECT seq, type, record_key, payload, attempts, updated_at, last_error FROM outbox WHERE ${where} ORDER BY seq DESC LIMIT ? OFFSET ?`)
      .all(...args, options.limit, options.offset) as { seq: number; type: number; record_key: string; payload: string; attempts: number; updated_at: number; last_error: string | null }[];
    const total = (this.db.prepare(`SELECT count(*) AS n FROM outbox WHERE ${where}`).get(...args) as { n: number }).n;
    return {
      total,
      items: rows.map((r) => ({
        id: r.seq,
        type: TYPE_NAME[r.type]!,
        key: r.record_key,
        reason: r.last_error ?? 'refused by Custobar',
        attempts: r.attempts,
        failedAt: new Date(r.updated_at).toISOString(),
        record: JSON.parse(r.payload) as CustobarRecord,
      })),
    };
  }

  typeOf(seq: number): ExportType | null {
    const row = this.db.prepare(`SELECT type FROM outbox WHERE seq = ? AND state = ${STATE.dead}`).get(seq) as { type: number } | undefined;
    return row ? TYPE_NAME[row.type]! : null;
  }

  private deadIds(ids: readonly number[] | 'all', type?: ExportType): number[] {
    if (ids !== 'all') return [...ids];
    const rows = type
      ? this.db.prepare(`SELECT seq FROM outbox WHERE state = ${STATE.dead} AND type = ?`).all(TYPE_CODE[type])
      : this.db.prepare(`SELECT seq FROM outbox WHERE state = ${STATE.dead}`).all();
    return (rows as { seq: number }[]).map((r) => r.seq);
  }

  private audit(action: string, seq: number, reason: string | null): { type: ExportType } | null {
    const row = this.db.prepare(`SELECT type, record_key, payload FROM outbox WHERE seq = ? AND state = ${STATE.dead}`).get(seq) as
      | { type: number; record_key: string; payload: string }
      | undefined;
    if (!row) return null;
    const type = TYPE_NAME[row.type]!;
    this.db
      .prepare('INSERT INTO outbox_audit (at, action, type, record_key, reason, payload) VALUES (?, ?, ?, ?, ?, ?)')
      .run(this.now(), action, type, row.record_key, reason, row.payload);
    return { type };
  }

  /** Back into the queue as they are (after the cause was fixed on the Custobar side). */
  retry(ids: readonly number[] | 'all', type?: ExportType): ExportType[] {
    const touched = new Set<ExportType>();
    this.db.transaction(() => {
      for (const seq of this.deadIds(ids, type)) {
        const row = this.audit('retry', seq, null);
        if (!row) continue;
        this.db.prepare(`UPDATE outbox SET state = ${STATE.inflight} WHERE seq = ?`).run(seq);
        this.store.release([seq], 0, null, false);
        this.db.prepare('UPDATE outbox SET attempts = 0 WHERE seq = ?').run(seq);
        touched.add(row.type);
      }
    })();
    return [...touched];
  }

  /** Replaces a dead record with a corrected (already validated) one and queues it again. */
  fix(seq: number, record: CustobarRecord, key: string): ExportType | null {
    return this.db.transaction(() => {
      const row = this.audit('fix', seq, null);
      if (!row) return null;
      this.db.prepare(`UPDATE outbox SET payload = ?, record_key = ?, state = ${STATE.inflight}, attempts = 0 WHERE seq = ?`).run(JSON.stringify(record), key, seq);
      this.store.release([seq], 0, null, false);
      return row.type;
    })();
  }

  /** Removes dead records for good, with the manager's reason kept in the audit table. */
  discard(ids: readonly number[] | 'all', reason: string, type?: ExportType): number {
    return this.db.transaction(() => {
      let n = 0;
      for (const seq of this.deadIds(ids, type)) {
        if (!this.audit('discard', seq, reason)) continue;
        this.db.prepare('DELETE FROM outbox WHERE seq = ?').run(seq);
        n += 1;
      }
      return n;
    })();
  }

  auditLog(limit = 100): { at: string; action: string; type: string; key: string; reason: string | null }[] {
    return (this.db.prepare('SELECT at, action, type, record_key, reason FROM outbox_audit ORDER BY id DESC LIMIT ?').all(limit) as {
      at: number;
      action: string;
      type: string;
      record_key: string;
      reason: string | null;
    }[]).map((r) => ({ at: new Date(r.at).toISOString(), action: r.action, type: r.type, key: r.record_key, reason: r.reason }));
  }
}
