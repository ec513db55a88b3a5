import Database from 'better-sqlite3';
import Conf from 'conf';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import axios from 'axios';
import { openDatabase } from '../../main/core/db/database';
import { OutboxStore, type OutboxItem } from '../../main/core/outbox/outbox-store';
import { StagingStore } from '../../main/core/outbox/staging-store';
import { ingest } from '../../main/core/exports/ingest';
import { startSimulator } from '../../main/simulator/server';
import { companionFor, drained } from '../helpers/exports';
import { LISTEN_LINE, projectRoot, tempDir } from '../helpers/service-process';
import { hrMs, type Row } from './lib';

const sale = (i: number) => ({
  sale_external_id: `S-${Math.floor(i / 3)}`,
  external_id: `R-${i}`,
  sale_date: '2026-11-22T10:00:00+02:00',
  product_id: `P-${i % 100}`,
  quantity: 1,
  unit_price: 1990,
  total: 1990,
  sale_customer_id: `C-${Math.floor(i / 3) % 500}`,
});
const item = (i: number): OutboxItem => ({ type: 'sales', key: `S-${Math.floor(i / 3)}/R-${i}`, record: sale(i) });

/** A plain table with the same pragmas: what SQLite itself can do, the reference for the outbox. */
function rawDb(): Database.Database {
  const db = new Database(path.join(tempDir('bench-raw-'), 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE q (id INTEGER PRIMARY KEY, type TEXT, k TEXT, payload TEXT)');
  return db;
}

function rate(n: number, run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return n / (hrMs(start) / 1000);
}

async function rssAndStartup(dataDir: string): Promise<{ startupMs: number; rssMb: number }> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [path.join(projectRoot, 'dist/service/cli.js'), '--data-dir', dataDir, '--port', '0', '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const base = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`service exited (${code}) before listening; is dist/ built?`)));
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = LISTEN_LINE.exec(out.trim());
      if (m) resolve(m[0].replace('Till Companion listening on ', ''));
    });
  });
  const url = new URL(base);
  const token = url.searchParams.get('token')!;
  // Ready = the Status view's numbers are available.
  await fetch(`${url.origin}/api/exports.status`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: '{}' });
  const startupMs = hrMs(started);
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { startupMs, rssMb: rssKb / 1024 };
}

export async function exportsBench(): Promise<Row[]> {
  const rows: Row[] = [];

  // 1. Durable single-record enqueue (one commit each) vs raw single-row commits.
  const single = 2000;
  const store = new OutboxStore(openDatabase(path.join(tempDir('bench-'), 'till.db')));
  const enqueueRate = rate(single, () => {
    for (let i = 0; i < single; i += 1) store.enqueue([item(i)]);
  });
  const raw = rawDb();
  const insert = raw.prepare('INSERT INTO q (type, k, payload) VALUES (?, ?, ?)');
  const rawRate = rate(single, () => {
    for (let i = 0; i < single; i += 1) insert.run('sales', item(i).key, JSON.stringify(sale(i)));
  });
  rows.push({ figure: 'durable single-record enqueue (one commit each)', value: enqueueRate, unit: 'records/s', reference: { label: 'raw better-sqlite3 single-row commits', value: rawRate } });

  // 2. Batched ingest: transactions of 1,000.
  const batched = 200_000;
  const items = Array.from({ length: batched }, (_, i) => item(i + single));
  const batchStore = new OutboxStore(openDatabase(path.join(tempDir('bench-'), 'till.db')));
  const batchRate = rate(batched, () => {
    for (let i = 0; i < batched; i += 1000) batchStore.enqueue(items.slice(i, i + 1000));
  });
  const raw2 = rawDb();
  const insert2 = raw2.prepare('INSERT INTO q (type, k, payload) VALUES (?, ?, ?)');
  const rawBatch = raw2.transaction((from: number) => {
    for (let i = from; i < from + 1000; i += 1) insert2.run('sales', items[i]!.key, JSON.stringify(items[i]!.record));
  });
  const rawBatchRate = rate(batched, () => {
    for (let i = 0; i < batched; i += 1000) rawBatch(i);
  });
  rows.push({ figure: 'batched ingest into the outbox (transactions of 1,000)', value: batchRate, unit: 'rows/s', reference: { label: 'raw batched SQLite inserts', value: rawBatchRate }, note: 'goal ≥ 0.5×' });

  // 2b. The whole ingest path: validation and normalisation (E.164, zoned dates, cents) plus enqueue.
  const validStore = new OutboxStore(openDatabase(path.join(tempDir('bench-'), 'till.db')));
  const deps = { store: validStore, staging: new StagingStore(validStore.db), disk: { check: () => undefined, wrote: () => undefined } as never, context: () => ({ timeZone: 'Europe/Helsinki', defaultCountry: 'FI', fromCsv: false }), arrived: () => undefined };
  const inputs = items.map((it) => ({ ...it.record, sale_date: '2026-11-22 10:00', unit_price: '19.90', total: '19.90', sale_phone_number: '040 123 4567' }));
  const validatedRate = rate(batched, () => {
    for (let i = 0; i < batched; i += 1000) ingest(deps, 'sales', inputs.slice(i, i + 1000), { partial: false, source: 'bench' });
  });
  rows.push({ figure: 'validated ingest (normalise + enqueue, batches of 1,000)', value: validatedRate, unit: 'rows/s', reference: { label: 'raw batched SQLite inserts', value: rawBatchRate } });

  // 3. The naive peer: a JSON array in electron-store/conf, read-push-write per record, up to 5,000 items.
  const conf = new Conf<{ queue: unknown[] }>({ cwd: tempDir('bench-conf-'), projectName: 'till-bench', defaults: { queue: [] } });
  const confItems = 5000;
  let lastThousand = 0;
  const confRate = rate(confItems, () => {
    let mark = process.hrtime.bigint();
    for (let i = 0; i < confItems; i += 1) {
      const queue = conf.get('queue');
      queue.push(sale(i));
      conf.set('queue', queue);
      if (i === confItems - 1001) mark = process.hrtime.bigint();
    }
    lastThousand = 1000 / (hrMs(mark) / 1000);
  });
  rows.push({ figure: 'naive electron-store JSON-array queue, 0 → 5,000 items', value: confRate, unit: 'records/s', reference: { label: 'outbox durable single-record enqueue', value: enqueueRate } });
  rows.push({ figure: 'naive electron-store queue, items 4,000 → 5,000', value: lastThousand, unit: 'records/s', reference: { label: 'outbox durable single-record enqueue', value: enqueueRate } });

  // 4. Flush to the simulator: the dispatcher vs posting the same batches directly.
  const sim = await startSimulator({ seed: false });
  const flushN = 50_000;
  const records = Array.from({ length: flushN }, (_, i) => sale(i));
  // Queue first (the outbox file of a till that was offline), then time the drain alone.
  const flushDir = tempDir('bench-flush-');
  const queued = new OutboxStore(openDatabase(path.join(flushDir, 'till-companion.db')));
  queued.enqueue(records.map((r) => ({ type: 'sales', key: `${r.sale_external_id}/${r.external_id}`, record: r })));
  queued.db.close();
  let start = process.hrtime.bigint();
  const companion = await companionFor(sim, { custobar: { baseUrl: sim.url, requestsPerMinute: 6000, timeoutMs: 30_000 } }, flushDir);
  await drained(companion, 300_000);
  const flushRate = flushN / (hrMs(start) / 1000);
  await companion.close();
  const client = axios.create({ baseURL: `${sim.url}/api/`, headers: { Authorization: `Token ${sim.token}` } });
  start = process.hrtime.bigint();
  for (let i = 0; i < flushN; i += 500) await client.post('sales/upload/', { sales: records.slice(i, i + 500) });
  const directRate = flushN / (hrMs(start) / 1000);
  await sim.close();
  rows.push({ figure: `flush to the simulator (${flushN.toLocaleString('en-US')} sales rows, batches of 500)`, value: flushRate, unit: 'records/s', reference: { label: 'posting the same batches directly with axios', value: directRate }, note: 'throttle at its 6,000 req/min maximum; the default 180 req/min caps sending at 1,500 records/s' });

  // 5. RSS and startup time with 1,000,000 pending records, against an empty outbox.
  const bigDir = tempDir('bench-1m-');
  const big = new OutboxStore(openDatabase(path.join(bigDir, 'till-companion.db')));
  for (let i = 0; i < 1_000_000; i += 5000) big.enqueue(Array.from({ length: 5000 }, (_, j) => item(i + j)));
  big.db.close();
  const empty = await rssAndStartup(tempDir('bench-empty-'));
  const loaded = await rssAndStartup(bigDir);
  rows.push({ figure: 'startup to first status, 1,000,000 pending records', value: loaded.startupMs, unit: 'ms', reference: { label: 'empty outbox', value: empty.startupMs }, lowerIsBetter: true });
  rows.push({ figure: 'RSS after startup, 1,000,000 pending records', value: loaded.rssMb, unit: 'MB', reference: { label: 'empty outbox', value: empty.rssMb }, lowerIsBetter: true });
  return rows;
}
