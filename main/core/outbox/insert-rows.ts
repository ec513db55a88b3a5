import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database';
import type { CustobarRecord, ExportType } from '../custobar/types';
import { STATE, TYPE_CODE } from './codes';

/** An OutboxItem (outbox-store.ts), named here so neither module imports the other. */
interface Item {
  type: ExportType;
  key: string;
  record: CustobarRecord;
  source?: string;
}

/** Rows per multi-row INSERT: a statement per row cost more than the row itself (measured: ~10 → ~7 µs a row). */
const ROWS_PER_STATEMENT = 50;
const COLUMNS = 6;

/**
 * Writes outbox rows with multi-row INSERT statements, ROWS_PER_STATEMENT at a time (the rest one by
 * one). SQLite inserts the rows of one statement in order, each seeing the ones before it, and its
 * ON CONFLICT clause applies row by row: a record that appears twice merges or replaces exactly as
 * two statements would (test/unit/outbox/group-commit.test.ts compares the rows). Runs inside the
 * caller's transaction.
 */
export class OutboxInserter {
  private readonly single: Record<'merge' | 'replace', Statement>;
  private readonly multi: Record<'merge' | 'replace', Statement>;

  constructor(db: Db) {
    const values = (n: number) => Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?)').join(', ');
    const statement = (n: number, update: string) =>
      db.prepare(
        `INSERT INTO outbox (type, record_key, payload, created_at, updated_at, source) VALUES ${values(n)}
         ON CONFLICT (type, record_key) WHERE state = ${STATE.pending} DO UPDATE SET payload = ${update}, updated_at = excluded.updated_at`,
      );
    const MERGE = 'json_patch(outbox.payload, excluded.payload)';
    const REPLACE = 'excluded.payload';
    this.single = { merge: statement(1, MERGE), replace: statement(1, REPLACE) };
    this.multi = { merge: statement(ROWS_PER_STATEMENT, MERGE), replace: statement(ROWS_PER_STATEMENT, REPLACE) };
  }

  /** Inserts the items in their order; `merges` says which coalesce by merging (JSON merge patch) and which replace. */
  insert(items: readonly Item[], at: number, merges: (item: Item) => boolean): void {
    let i = 0;
    while (i < items.length) {
      // A run of items that take the same statement, in order.
      const kind = merges(items[i]!) ? 'merge' : 'replace';
      let end = i + 1;
      while (end < items.length && (merges(items[end]!) ? 'merge' : 'replace') === kind) end += 1;
      for (; i + ROWS_PER_STATEMENT <= end; i += ROWS_PER_STATEMENT) {
        const args = new Array<unknown>(ROWS_PER_STATEMENT * COLUMNS);
        for (let j = 0; j < ROWS_PER_STATEMENT; j += 1) fill(args, j * COLUMNS, items[i + j]!, at);
        this.multi[kind].run(args);
      }
      const one = new Array<unknown>(COLUMNS);
      for (; i < end; i += 1) this.single[kind].run(fill(one, 0, items[i]!, at));
    }
  }
}

function fill(args: unknown[], offset: number, item: Item, at: number): unknown[] {
  args[offset] = TYPE_CODE[item.type];
  args[offset + 1] = item.key;
  args[offset + 2] = JSON.stringify(item.record);
  args[offset + 3] = at;
  args[offset + 4] = at;
  args[offset + 5] = item.source ?? null;
  return args;
}
