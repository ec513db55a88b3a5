import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CompanionError } from '../../../main/core/common/errors';
import { Warnings } from '../../../main/core/context/warnings';
import { openDatabase, type Db } from '../../../main/core/db/database';
import type { IngestDeps } from '../../../main/core/exports/ingest';
import { ingestStream, type StreamedRecord } from '../../../main/core/exports/ingest-stream';
import { DiskGuard } from '../../../main/core/outbox/disk-guard';
import { GroupCommit } from '../../../main/core/outbox/group-commit';
import { OutboxStore, type EnqueueBatch, type OutboxItem } from '../../../main/core/outbox/outbox-store';
import { StagingStore } from '../../../main/core/outbox/staging-store';
import { tempDir } from '../../helpers/service-process';

const open = () => {
  const file = path.join(tempDir(), 'till.db');
  const db = openDatabase(file);
  const warnings = new Warnings();
  const disk = new DiskGuard(file, () => 1e12, warnings);
  return { db, file, store: new OutboxStore(db, () => 1000), disk, warnings };
};
const rows = (db: Db) => db.prepare('SELECT seq, type, record_key, state, payload, source, created_at FROM outbox ORDER BY seq').all();
const count = (db: Db) => (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;

/** Requests that overlap: the same customer twice (merged), a resent sale row (replaced), several records per request. */
const requests: OutboxItem[][] = [
  [{ type: 'customers', key: 'C-1', record: { external_id: 'C-1', can_sms: true, city: 'Turku' }, source: 'ingest' }],
  [{ type: 'sales', key: 'S-1/R-1', record: { sale_external_id: 'S-1', external_id: 'R-1', total: 100 }, source: 'ingest' }],
  [
    { type: 'customers', key: 'C-1', record: { external_id: 'C-1', city: 'Oulu' }, source: 'ingest' },
    { type: 'customers', key: 'C-2', record: { external_id: 'C-2' }, source: 'ingest' },
  ],
  [{ type: 'sales', key: 'S-1/R-1', record: { sale_external_id: 'S-1', external_id: 'R-1', total: 200 }, source: 'ingest' }],
  [{ type: 'products', key: 'P-1', record: { external_id: 'P-1', price: 990 }, source: 'ingest' }],
  [{ type: 'products', key: 'P-1', record: { external_id: 'P-1', title: 'Leash' }, source: 'ingest' }],
];

describe('group commit', () => {
  it('commits requests that arrive together in one transaction, with the rows sequential commits give', async () => {
    const sequential = open();
    for (const items of requests) sequential.store.enqueue(items);

    const grouped = open();
    const group = new GroupCommit(grouped.store, grouped.disk);
    const done = requests.map((items) => group.commit(items));
    // Nothing is written (or acknowledged) before the group's turn.
    expect(count(grouped.db)).toBe(0);
    await Promise.all(done);
    expect(group.stats).toEqual({ transactions: 1, requests: requests.length, records: 7, largestGroup: requests.length });
    expect(rows(grouped.db)).toEqual(rows(sequential.db));
    expect((grouped.db.prepare("SELECT payload FROM outbox WHERE record_key = 'C-1'").get() as { payload: string }).payload).toBe('{"external_id":"C-1","can_sms":true,"city":"Oulu"}');
  });

  it('resolves a request only once its records are committed', async () => {
    const { db, store, disk } = open();
    const group = new GroupCommit(store, disk);
    let resolved = false;
    const done = group.commit(requests[0]!).then(() => {
      resolved = true;
      expect(count(db)).toBe(1);
    });
    await Promise.resolve();
    expect(resolved).toBe(false);
    await done;
    expect(resolved).toBe(true);
  });

  it('a full disk refuses every request of the group, each with the 503 error, and stores nothing of any', async () => {
    const { db, store, disk, warnings } = open();
    let failNext = true;
    // The disk fills while the group's transaction is written: SQLite refuses it (here: the COMMIT).
    const filling = {
      enqueueAll: (batches: readonly EnqueueBatch[]) => {
        if (!failNext) return store.enqueueAll(batches);
        db.transaction(() => {
          store.enqueueAll(batches);
          throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
        })();
      },
    };
    const group = new GroupCommit(filling, disk);
    const outcomes = await Promise.allSettled(requests.map((items) => group.commit(items)));
    expect(outcomes.map((o) => o.status)).toEqual(requests.map(() => 'rejected'));
    for (const o of outcomes) {
      const reason = (o as PromiseRejectedResult).reason as CompanionError;
      expect(reason).toBeInstanceOf(CompanionError);
      expect(reason.code).toBe('unavailable');
      expect(reason.message).toMatch(/is full: nothing of this request was stored/);
    }
    expect(count(db)).toBe(0);
    expect(group.stats.transactions).toBe(0);
    expect(warnings.list().map((w) => w.code)).toContain('disk_full');
    // Space again: the next group goes through and the warning goes.
    failNext = false;
    await Promise.all(requests.slice(0, 2).map((items) => group.commit(items)));
    expect(count(db)).toBe(2);
    expect(warnings.list().map((w) => w.code)).not.toContain('disk_full');
  });

  it('the outbox at its cap refuses every request of the group (checked once for it), storing nothing', async () => {
    const { db, store, file, warnings } = open();
    let cap = 1;
    const group = new GroupCommit(store, new DiskGuard(file, () => cap, warnings));
    const outcomes = await Promise.allSettled(requests.map((items) => group.commit(items)));
    expect(outcomes.map((o) => o.status)).toEqual(requests.map(() => 'rejected'));
    for (const o of outcomes) expect((o as PromiseRejectedResult).reason).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/^The outbox is full/) });
    expect(count(db)).toBe(0);
    expect(warnings.list().find((w) => w.code === 'outbox_disk')?.params).toMatchObject({ variant: 'full' });
    cap = 1e12;
    await group.commit(requests[0]!);
    expect(count(db)).toBe(1);
  });

  it('any other failure of a group: each request is committed on its own, so one request cannot fail the others', async () => {
    const { db, store, disk } = open();
    const poisoned: OutboxItem = { type: 'sales', key: 'BAD', record: { external_id: 'BAD' } };
    const picky = {
      enqueueAll: (batches: readonly EnqueueBatch[]) => {
        store.enqueueAll(batches);
        if (batches.some((b) => b.items.includes(poisoned))) throw new Error('constraint failed');
      },
    };
    // As a failing statement would: the whole transaction is rolled back.
    const atomic = { enqueueAll: (batches: readonly EnqueueBatch[]) => db.transaction(() => picky.enqueueAll(batches))() };
    const group = new GroupCommit(atomic, disk);
    const outcomes = await Promise.allSettled([group.commit(requests[0]!), group.commit([poisoned]), group.commit(requests[1]!)]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ message: 'constraint failed' });
    expect((rows(db) as { record_key: string }[]).map((r) => r.record_key)).toEqual(['C-1', 'S-1/R-1']);
  });

  it('splits a burst into transactions of at most maxRecords, in arrival order', async () => {
    const { db, store, disk } = open();
    const group = new GroupCommit(store, disk, { maxRecords: 3 });
    const items = (i: number): OutboxItem[] => [0, 1].map((j) => ({ type: 'sales', key: `S/${i}-${j}`, record: { i, j } }));
    await Promise.all([0, 1, 2, 3, 4].map((i) => group.commit(items(i))));
    // 2 records each, at most 3 per transaction: one request per transaction.
    expect(group.stats).toMatchObject({ transactions: 5, requests: 5, records: 10, largestGroup: 1 });
    expect((rows(db) as { record_key: string }[]).map((r) => r.record_key)).toEqual([0, 1, 2, 3, 4].flatMap((i) => [`S/${i}-0`, `S/${i}-1`]));
  });

  it('flush() commits whatever waits at once (before the database closes)', async () => {
    const { db, store, disk } = open();
    const group = new GroupCommit(store, disk);
    const done = Promise.all(requests.map((items) => group.commit(items)));
    group.flush();
    // Six requests, seven records, four rows: C-1, S-1/R-1 and P-1 coalesced.
    expect(count(db)).toBe(4);
    expect(group.waiting).toBe(0);
    await done;
  });
});

describe('ingestStream with group commit', () => {
  const deps = () => {
    const { db, store, disk } = open();
    const group = new GroupCommit(store, disk);
    const arrived: number[] = [];
    const d: IngestDeps = {
      store,
      staging: new StagingStore(db),
      disk,
      group,
      context: () => ({ timeZone: 'Europe/Helsinki', defaultCountry: 'FI', fromCsv: false }),
      arrived: (_type, n) => arrived.push(n),
    };
    return { db, group, deps: d, arrived };
  };
  const one = (value: unknown): AsyncIterable<StreamedRecord> =>
    (async function* () {
      yield { position: 'record 0', value };
    })();
  const sale = (i: number) => ({ sale_external_id: `S-${i}`, external_id: `S-${i}-1`, sale_date: '2026-11-22 10:00', total: '19.90', sale_phone_number: '040 123 4567' });

  it('eight concurrent single-record requests: one transaction; a bad record refuses its own request only', async () => {
    const { db, group, deps: d, arrived } = deps();
    const bodies = [0, 1, 2, 3, { sale_external_id: 'S-bad', external_id: 'S-bad-1', sale_date: 'yesterday' }, 5, 6, 7].map((v) => (typeof v === 'number' ? sale(v) : v));
    const outcomes = await Promise.allSettled(bodies.map((b) => ingestStream(d, 'sales', one(b), { partial: false, source: 'ingest' })));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect((outcomes[4] as PromiseRejectedResult).reason).toMatchObject({ code: 'invalid_input', details: [{ position: 'record 0', errors: ['sale_date: "yesterday" is not an ISO 8601 date-time'] }] });
    expect((outcomes[0] as PromiseFulfilledResult<unknown>).value).toEqual({ received: 1, accepted: 1, rejected: 0, errors: [] });
    expect(group.stats).toMatchObject({ transactions: 1, requests: 7, records: 7 });
    expect(arrived).toEqual([1, 1, 1, 1, 1, 1, 1]);
    const stored = db.prepare('SELECT record_key, payload FROM outbox ORDER BY seq').all() as { record_key: string; payload: string }[];
    expect(stored.map((r) => r.record_key)).toEqual([0, 1, 2, 3, 5, 6, 7].map((i) => `S-${i}/S-${i}-1`));
    expect(JSON.parse(stored[0]!.payload)).toEqual({ sale_external_id: 'S-0', external_id: 'S-0-1', sale_date: '2026-11-22T10:00:00+02:00', total: 1990, sale_phone_number: '+358401234567' });
  });
});
