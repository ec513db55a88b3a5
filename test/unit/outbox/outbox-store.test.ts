import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../main/core/db/migrations';
import { DatabaseSetupError, migrate, openDatabase } from '../../../main/core/db/database';
import { DeadLetters } from '../../../main/core/outbox/dead-letters';
import { OutboxStore } from '../../../main/core/outbox/outbox-store';
import { StagingStore } from '../../../main/core/outbox/staging-store';
import { classify, networkFailure, retryAfterMs } from '../../../main/core/custobar/classify';
import { Throttle } from '../../../main/core/custobar/throttle';
import { backoffDelay } from '../../../main/core/common/retry';
import { tempDir } from '../../helpers/service-process';

const open = () => {
  const file = path.join(tempDir(), 'till.db');
  const db = openDatabase(file);
  return { db, file, store: new OutboxStore(db) };
};
const payloads = (db: Database.Database) => (db.prepare('SELECT state, payload FROM outbox_view ORDER BY seq').all() as { state: string; payload: string }[]).map((r) => [r.state, JSON.parse(r.payload)]);

describe('the SQLite database', () => {
  it('runs in WAL with synchronous=FULL, read back, and migrates by user_version', () => {
    const { db, file } = open();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    db.close();
    const again = openDatabase(file);
    expect(again.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(migrate(again)).toBe(migrations.length);
    again.pragma(`user_version = ${migrations.length + 5}`);
    expect(() => migrate(again)).toThrow(DatabaseSetupError);
  });
});

describe('outbox store', () => {
  it('coalesces waiting customer updates, merging fields so an earlier consent is not lost', () => {
    const { db, store } = open();
    store.enqueue([{ type: 'customers', key: 'C-1', record: { external_id: 'C-1', can_sms: true, city: 'Turku' } }]);
    store.enqueue([{ type: 'customers', key: 'C-1', record: { external_id: 'C-1', city: 'Oulu' } }]);
    expect(payloads(db)).toEqual([['pending', { external_id: 'C-1', can_sms: true, city: 'Oulu' }]]);
  });

  it('replaces a waiting sale row on resend (upsert), and keeps different rows apart', () => {
    const { db, store } = open();
    store.enqueue([{ type: 'sales', key: 'S/1', record: { a: 1, b: 1 } }]);
    store.enqueue([{ type: 'sales', key: 'S/1', record: { a: 2 } }, { type: 'sales', key: 'S/2', record: { a: 3 } }]);
    expect(payloads(db)).toEqual([['pending', { a: 2 }], ['pending', { a: 3 }]]);
  });

  it('keeps an update that arrives while the record is in flight, and merges it back if the send fails', () => {
    const { db, store } = open();
    store.enqueue([{ type: 'customers', key: 'C-1', record: { external_id: 'C-1', can_sms: true, city: 'Turku' } }]);
    const claimed = store.claim('customers', 10);
    store.enqueue([{ type: 'customers', key: 'C-1', record: { external_id: 'C-1', city: 'Oulu' } }]);
    expect(payloads(db).map(([s]) => s)).toEqual(['inflight', 'pending']);
    store.release(claimed.map((r) => r.seq), 0, 'network');
    expect(payloads(db)).toEqual([['pending', { external_id: 'C-1', can_sms: true, city: 'Oulu' }]]);
  });

  it('acks, dead-letters and releases with a delay, counting attempts', () => {
    let now = 1_000;
    const { db, store } = open();
    const timed = new OutboxStore(db, () => now);
    timed.enqueue([1, 2, 3].map((i) => ({ type: 'products' as const, key: `P-${i}`, record: { external_id: `P-${i}`, price: i } })));
    const [a, b, c] = timed.claim('products', 10);
    timed.ack('products', [a!.seq]);
    timed.deadLetter(b!.seq, 'bad price');
    timed.release([c!.seq], 5_000, 'HTTP 503');
    expect(timed.claim('products', 10)).toEqual([]);
    now = 6_000;
    expect(timed.claim('products', 10).map((r) => [r.record_key, r.attempts, r.last_error])).toEqual([['P-3', 1, 'HTTP 503']]);
    expect(timed.counts('products')).toMatchObject({ pending: 0, inflight: 1, dead: 1 });
    expect(timed.stats('products')).toMatchObject({ sentTotal: 1, lastSuccessAt: 1_000 });
    expect(store.recoverInflight()).toBe(1);
    expect(timed.counts('products')).toMatchObject({ pending: 1, inflight: 0 });
  });

  it('claims only records that arrived by the given time, and says when the next one arrived', () => {
    let now = 10_000;
    const { db } = open();
    const timed = new OutboxStore(db, () => now);
    timed.enqueue([{ type: 'sales', key: 'S/1', record: { a: 1 } }]);
    now = 10_600;
    timed.enqueue([{ type: 'sales', key: 'S/2', record: { a: 2 } }]);
    expect(timed.claim('sales', 10, 9_999)).toEqual([]);
    expect(timed.firstArrivedAfter('sales', 9_999)).toBe(10_000);
    expect(timed.claim('sales', 10, 10_000).map((r) => r.record_key)).toEqual(['S/1']);
    expect(timed.firstArrivedAfter('sales', 10_000)).toBe(10_600);
    expect(timed.firstArrivedAfter('sales', 10_600)).toBeNull();
    expect(timed.claim('sales', 10).map((r) => r.record_key)).toEqual(['S/2']);
  });

  it('stages a batch, seals it with its file, and moves it into the outbox a chunk at a time', () => {
    const { db, store } = open();
    const staging = new StagingStore(db);
    const shops = [1, 2, 3, 4, 5].map((i) => ({ type: 'shops' as const, key: `S${i}`, record: { external_id: `S${i}`, name: `Shop ${i}` } }));
    staging.stage('sha-1', 0, shops.slice(0, 3));
    staging.stage('sha-1', 3, shops.slice(3));
    expect(payloads(db)).toEqual([]);
    staging.seal('sha-1', 'shops', 'inbox:shops.json', 5, { sha256: 'sha-1', name: 'shops.json' });
    expect(store.fileImported('sha-1')).toBe(true);
    expect(staging.moveSome('sha-1', 2)).toMatchObject({ moved: 2, done: false });
    expect(payloads(db).map(([, p]) => p.external_id)).toEqual(['S1', 'S2']);
    expect(staging.sealed()).toEqual([{ id: 'sha-1', type: 'shops' }]);
    expect(staging.moveSome('sha-1', 2)).toMatchObject({ moved: 2, done: false });
    expect(staging.moveSome('sha-1', 2)).toMatchObject({ moved: 1, done: true });
    expect(payloads(db).map(([, p]) => p.external_id)).toEqual(['S1', 'S2', 'S3', 'S4', 'S5']);
    expect(staging.sealed()).toEqual([]);
    expect(db.prepare('SELECT count(*) AS n FROM inbox_staging').get()).toEqual({ n: 0 });
  });

  it('puts a sale\'s fields on every row as it moves, and drops unsealed batches at start', () => {
    const { db } = open();
    const staging = new StagingStore(db);
    const row = (n: number, extra: Record<string, unknown> = {}) => ({ type: 'sales' as const, key: `O-1/${n}`, record: { sale_external_id: 'O-1', external_id: String(n), ...extra } });
    staging.stage('b', 0, [row(1, { sale_date: '2026-11-30T10:00:00+02:00', sale_customer_id: 'C-1' }), row(2)]);
    staging.saveSales('b', [{ sale: 'O-1', fields: { sale_date: '2026-11-30T10:00:00+02:00', sale_customer_id: 'C-1' }, firstPosition: 'record 0', rows: 2 }]);
    staging.stage('never-sealed', 0, [row(9)]);
    staging.seal('b', 'sales', 'ingest', 2);
    staging.discardUnsealed();
    expect(db.prepare("SELECT count(*) AS n FROM inbox_staging WHERE file = 'never-sealed'").get()).toEqual({ n: 0 });
    expect(staging.moveSome('b', 10)).toMatchObject({ moved: 2, done: true });
    expect(payloads(db).map(([, p]) => [p.external_id, p.sale_date, p.sale_customer_id])).toEqual([
      ['1', '2026-11-30T10:00:00+02:00', 'C-1'],
      ['2', '2026-11-30T10:00:00+02:00', 'C-1'],
    ]);
  });

  it('holds a sale while its customer is in a sealed upload not yet moved', () => {
    const { db, store } = open();
    const staging = new StagingStore(db);
    staging.stage('c', 0, [{ type: 'customers', key: 'C-7', record: { external_id: 'C-7' } }]);
    expect(store.waitingKeys('customers', ['C-7'], []).waiting.has('C-7')).toBe(false); // not sealed: not committed
    staging.seal('c', 'customers', 'ingest', 1);
    expect(store.waitingKeys('customers', ['C-7'], []).waiting.has('C-7')).toBe(true);
    staging.moveSome('c', 10);
    const moved = store.claim('customers', 10);
    expect(store.waitingKeys('customers', ['C-7'], moved.map((r) => r.seq)).waiting.has('C-7')).toBe(false);
  });
});

describe('dead letters', () => {
  it('are listed, fixed, retried and discarded, each action audited', () => {
    const { db, store } = open();
    const dead = new DeadLetters(db, store);
    store.enqueue([1, 2, 3].map((i) => ({ type: 'products' as const, key: `P-${i}`, record: { external_id: `P-${i}`, price: i } })));
    for (const row of store.claim('products', 10)) store.deadLetter(row.seq, `refused ${row.record_key}`);
    const list = dead.list({ limit: 10, offset: 0 });
    expect(list.total).toBe(3);
    expect(list.items[0]).toMatchObject({ key: 'P-3', reason: 'refused P-3', record: { external_id: 'P-3', price: 3 } });
    expect(dead.retry([list.items[0]!.id])).toEqual(['products']);
    expect(dead.fix(list.items[1]!.id, { external_id: 'P-2', price: 200 }, 'P-2')).toBe('products');
    expect(dead.discard('all', 'test product, never existed')).toBe(1);
    expect(store.counts('products')).toMatchObject({ pending: 2, dead: 0 });
    expect(dead.auditLog().map((a) => [a.action, a.key, a.reason])).toEqual([
      ['discard', 'P-1', 'test product, never existed'],
      ['fix', 'P-2', null],
      ['retry', 'P-3', null],
    ]);
  });
});

describe('answers, retries and throttling', () => {
  it('sorts Custobar answers into what to do', () => {
    expect(classify(200, { response: 'ok' }, {})).toEqual({ kind: 'ok', status: 200 });
    expect(classify(400, { error: { reason: 'price must be integer' } }, {})).toEqual({
      kind: 'rejected',
      status: 400,
      reason: 'price must be integer',
      why: { code: 'custobar_refused', text: 'price must be integer', params: { status: 400, detail: 'price must be integer' } },
    });
    expect(classify(429, {}, { 'retry-after': '7' })).toMatchObject({ kind: 'retry', retryAfterMs: 7000 });
    expect(classify(503, 'busy', {})).toMatchObject({ kind: 'retry', offline: false });
    expect(networkFailure('ECONNREFUSED')).toMatchObject({ kind: 'retry', offline: true, why: { code: 'custobar_unreachable', params: { detail: 'ECONNREFUSED' } } });
    expect(networkFailure('ETIMEDOUT')).toMatchObject({ kind: 'retry', offline: true, why: { code: 'custobar_no_answer', params: {} } });
    expect(classify(429, {}, {})).toMatchObject({ why: { code: 'custobar_rate_limited' } });
    expect(classify(503, 'busy', {})).toMatchObject({ reason: 'Custobar error 503: busy', why: { code: 'custobar_error', params: { status: 503, detail: 'busy' } } });
    expect(classify(401, {}, {})).toMatchObject({ kind: 'auth', why: { code: 'custobar_credentials', params: { status: 401 } } });
    expect(classify(403, {}, {})).toMatchObject({ kind: 'auth' });
    expect(classify(404, {}, {})).toMatchObject({ kind: 'config', why: { code: 'custobar_address', params: { status: 404 } } });
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
  });

  it('backs off exponentially with jitter, within bounds', () => {
    const opts = { initialMs: 1000, maxMs: 60_000, jitter: 0.5 };
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const cap = Math.min(60_000, 1000 * 2 ** attempt);
      for (const r of [0, 0.5, 0.999]) {
        const d = backoffDelay(attempt, { ...opts, random: () => r });
        expect(d).toBeGreaterThanOrEqual(cap / 2 - 1);
        expect(d).toBeLessThanOrEqual(cap);
      }
    }
  });

  it('throttles to the configured requests per minute', () => {
    let now = 0;
    const throttle = new Throttle(180, () => now);
    const waits = Array.from({ length: 9 }, () => throttle.reserve());
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    expect(waits.at(-1)).toBeGreaterThanOrEqual(1900);
    // A client that always waits as told sends at most 180 per minute (plus the initial burst of 3).
    let sent = 0;
    const fresh = new Throttle(180, () => now);
    for (now = 0; now < 60_000; sent += 1) now += fresh.reserve();
    expect(sent).toBeGreaterThanOrEqual(180);
    expect(sent).toBeLessThanOrEqual(184);
  });

  it('says which database is damaged and what to do, and leaves the file as it was', () => {
    const dir = tempDir('damaged-');
    const file = path.join(dir, 'till-companion.db');
    const garbage = Buffer.alloc(8192, 7);
    fs.writeFileSync(file, garbage);
    let thrown: unknown;
    try {
      openDatabase(file);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DatabaseSetupError);
    expect((thrown as Error).message).toContain(file);
    expect((thrown as Error).message).toMatch(/is damaged \(file is not a database\).*keep a copy.*rename it/);
    expect(fs.readFileSync(file).equals(garbage)).toBe(true);
  });
});
