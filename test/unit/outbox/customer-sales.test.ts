import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/core/db/database';
import { OutboxStore, type OutboxItem } from '../../../main/core/outbox/outbox-store';
import { tempDir } from '../../helpers/service-process';

const open = () => new OutboxStore(openDatabase(path.join(tempDir(), 'till.db')));
const row = (n: number, customer: string): OutboxItem => ({
  type: 'sales',
  key: `S-${n}/S-${n}-1`,
  record: { sale_external_id: `S-${n}`, external_id: `S-${n}-1`, sale_customer_id: customer, sale_date: '2026-05-01T10:00:00+03:00', product_id: 'P' },
});
const ids = (steps: Iterable<Record<string, unknown>[]>) => [...steps].flat().map((r) => r.sale_external_id);

describe('a customer’s sales in the outbox (the card’s recent activity)', () => {
  it('finds the rows waiting or in flight that name the customer, not the delivered or dead ones, nor anyone else’s', () => {
    const store = open();
    store.enqueue([row(1, 'C-1'), row(2, 'C-2'), row(3, 'C-1'), row(4, 'C-1'), row(5, 'C-1')]);
    const claimed = store.claim('sales', 2); // S-1, S-2 in flight
    store.ack('sales', [claimed[1]!.seq]);
    const [dead] = store.claim('sales', 1); // S-3
    store.deadLetter(dead!.seq, 'refused');
    expect(ids(store.salesNaming('sale_customer_id', 'C-1')).sort()).toEqual(['S-1', 'S-4', 'S-5']);
    expect(ids(store.salesNaming('sale_customer_id', 'C-9'))).toEqual([]);
    // Any field name is quoted into the JSON path, never into the SQL.
    expect(ids(store.salesNaming('sale_customer_id"] OR 1=1 --', 'C-1'))).toEqual([]);
  });

  it('looks at the newest rows only, a chunk per step (the caller yields between them)', () => {
    const store = open();
    store.enqueue(Array.from({ length: 25 }, (_, i) => row(i + 1, i % 2 === 0 ? 'C-1' : 'C-2')));
    const steps = [...store.salesNaming('sale_customer_id', 'C-1', { window: 10, chunk: 4 })];
    expect(steps.map((s) => s.length)).toEqual([2, 2, 1]);
    expect(ids(steps)).toEqual(['S-25', 'S-23', 'S-21', 'S-19', 'S-17']);
  });

  it('gives the titles of products waiting or in flight, the waiting one first unless it leaves the title out', () => {
    const store = open();
    store.enqueue([{ type: 'products', key: 'P-1', record: { external_id: 'P-1', title: 'Old title', price: 100 } }]);
    store.claim('products', 1);
    store.enqueue([{ type: 'products', key: 'P-1', record: { external_id: 'P-1', price: 120 } }]);
    store.enqueue([{ type: 'products', key: 'P-2', record: { external_id: 'P-2', title: 'Rye bread', price: 349 } }]);
    expect(store.productTitles(['P-1', 'P-2', 'P-3'])).toEqual(new Map([['P-1', 'Old title'], ['P-2', 'Rye bread']]));
  });
});
