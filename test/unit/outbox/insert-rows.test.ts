import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../main/core/db/database';
import { OutboxStore, type OutboxItem } from '../../../main/core/outbox/outbox-store';
import { tempDir } from '../../helpers/service-process';

const open = () => {
  const db = openDatabase(path.join(tempDir(), 'till.db'));
  return { db, store: new OutboxStore(db, () => 5000) };
};
const rows = (db: Db) => db.prepare('SELECT seq, type, record_key, state, payload, created_at, updated_at, source FROM outbox ORDER BY seq').all();
const counts = (db: Db) => db.prepare('SELECT type, state, n FROM outbox_counts WHERE n <> 0 ORDER BY type, state').all();

describe('multi-row inserts into the outbox', () => {
  it('write exactly the rows that one statement per record writes: order, merges, replacements, counts', () => {
    // 260 records: runs of customers (merged) and sales (replaced) longer and shorter than one
    // statement, with the same keys again within a statement, across statements and across runs.
    const items: OutboxItem[] = [];
    for (let i = 0; i < 260; i += 1) {
      const run = Math.floor(i / 70);
      if (run % 2 === 0) items.push({ type: 'customers', key: `C-${i % 37}`, record: { external_id: `C-${i % 37}`, [`f${i % 5}`]: i, ...(i % 3 ? { can_sms: i % 2 === 0 } : {}) }, source: `s${i % 4}` });
      else items.push({ type: 'sales', key: `S/${i % 23}`, record: { sale_external_id: 'S', external_id: String(i % 23), total: i }, ...(i % 7 ? { source: 'ingest' } : {}) });
    }
    items.splice(100, 0, { type: 'products', key: 'P-1', record: { external_id: 'P-1', price: 1 } }, { type: 'products', key: 'P-1', record: { external_id: 'P-1', title: 'x' } });

    const oneByOne = open();
    for (const item of items) oneByOne.store.enqueue([item]);
    const together = open();
    together.store.enqueue(items);
    expect(rows(together.db)).toEqual(rows(oneByOne.db));
    expect(counts(together.db)).toEqual(counts(oneByOne.db));
    expect(rows(together.db).length).toBe(37 + 23 + 1);
  });

  it('a record still waiting merges with a later upload, one in flight gets a new waiting row', () => {
    const { db, store } = open();
    const customers = (n: number, extra: Record<string, unknown>): OutboxItem[] => Array.from({ length: n }, (_, i) => ({ type: 'customers', key: `C-${i}`, record: { external_id: `C-${i}`, ...extra } }));
    store.enqueue(customers(120, { can_sms: true }));
    store.claim('customers', 10);
    store.enqueue(customers(120, { city: 'Oulu' }));
    const all = db.prepare("SELECT record_key, state, payload FROM outbox_view WHERE record_key = 'C-0' OR record_key = 'C-50' ORDER BY seq").all() as { record_key: string; state: string; payload: string }[];
    expect(all.map((r) => [r.record_key, r.state, JSON.parse(r.payload)])).toEqual([
      ['C-0', 'inflight', { external_id: 'C-0', can_sms: true }],
      ['C-50', 'pending', { external_id: 'C-50', can_sms: true, city: 'Oulu' }],
      ['C-0', 'pending', { external_id: 'C-0', city: 'Oulu' }],
    ]);
  });
});
