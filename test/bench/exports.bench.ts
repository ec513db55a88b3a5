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
import type { StreamedRecord } from '../../main/core/exports/ingest-stream';
import { startSimulator } from '../../main/simulator/server';
import { makeCompanion } from '../helpers/companion';
import { companionFor } from '../helpers/exports';
import { LISTEN_LINE, projectRoot, tempDir } from '../helpers/service-process';
import { hrMs, repeatedRow, type Row } from './lib';

/** Every figure and its reference are measured this many times, one after the other (min / median / max printed). */
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

const sale = (i: number, prefix = '') => ({
  sale_external_id: `${prefix}S-${Math.floor(i / 3)}`,
  external_id: `${prefix}R-${i}`,
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

async function rateAsync(n: number, run: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return n / (hrMs(start) / 1000);
}

/** What the POS sends for a sale row: local time, money in units, a national phone number (all normalised on the way in). */
const posSale = (i: number, prefix = '') => ({ ...sale(i, prefix), sale_date: '2026-11-22 10:00', unit_price: '19.90', total: '19.90', sale_phone_number: '040 123 4567' });

/** One request's body as the ingest API hands it on: a single record. */
const oneRecord = (value: unknown): AsyncIterable<StreamedRecord> =>
  (async function* () {
    yield { position: 'record 0', value };
  })();

/**
 * `writers` POS terminals posting one sale each, again and again, each waiting for its answer (202)
 * before the next: through the real entry point of the ingest API (the exports capability's
 * ingestStream, as POST /ingest/sales calls it, minus HTTP), validation and group commit included.
 */
async function concurrentIngest(writers: number, perWriter: number, round: number, grouped = true): Promise<number> {
  // Without grouping: at most one request per transaction, as before group commit.
  const companion = await makeCompanion({}, tempDir('bench-group-'), grouped ? {} : { exports: { groupCommit: { maxRecords: 1 } } });
  try {
    return await rateAsync(writers * perWriter, async () => {
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          for (let i = 0; i < perWriter; i += 1) {
            await companion.exports.ingestStream('sales', oneRecord(posSale(i, `W${round}-${w}-`)), { partial: false, source: 'bench' });
          }
        }),
      );
    });
  } finally {
    await companion.close();
  }
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

  // 1. Durable single-record enqueue (one commit each) vs raw single-row commits; and the same
  //    through the ingest entry point with group commit, by one writer and by eight at once.
  const single = 2000;
  const rawSingle: number[] = [];
  const enqueueRates: number[] = [];
  const eightWriters: number[] = [];
  const eightUngrouped: number[] = [];
  const oneWriter: number[] = [];
  // Untimed: the first requests of a process run cold code (the first repeat came out at half the others).
  await concurrentIngest(8, 200, -1);
  for (let round = 0; round < REPEATS; round += 1) {
    const raw = rawDb();
    const insert = raw.prepare('INSERT INTO q (type, k, payload) VALUES (?, ?, ?)');
    rawSingle.push(
      rate(single, () => {
        for (let i = 0; i < single; i += 1) insert.run('sales', item(i).key, JSON.stringify(sale(i)));
      }),
    );
    raw.close();
    const store = new OutboxStore(openDatabase(path.join(tempDir('bench-'), 'till.db')));
    enqueueRates.push(
      rate(single, () => {
        for (let i = 0; i < single; i += 1) store.enqueue([item(i)]);
      }),
    );
    store.db.close();
    eightWriters.push(await concurrentIngest(8, 500, round));
    eightUngrouped.push(await concurrentIngest(8, 500, round + 100, false));
    oneWriter.push(await concurrentIngest(1, single, round));
  }
  const rawLabel = { label: 'raw better-sqlite3 single-row commits', values: rawSingle };
  rows.push(repeatedRow('durable single-record enqueue (one commit each)', 'records/s', enqueueRates, rawLabel, { note: 'goal ≥ 0.8×' }));
  rows.push(
    repeatedRow('durable ingest, 8 concurrent writers of one sale each (ingest entry point, validated, group commit)', 'records/s', eightWriters, rawLabel, {
      note: 'goal ≥ 3×; 8 × 500 requests, each awaiting its commit',
    }),
  );
  rows.push(
    repeatedRow('… the same 8 writers with one commit per request (group commit off)', 'records/s', eightUngrouped, rawLabel, {
      note: 'what the 8 writers got before group commit',
    }),
  );
  rows.push(repeatedRow('durable ingest, 1 writer of one sale at a time (same entry point)', 'records/s', oneWriter, rawLabel, { note: '2,000 requests; what group commit costs a lone writer' }));

  // 2. Batched ingest: transactions of 1,000; and 2b, the whole ingest path: validation and
  //    normalisation (E.164, zoned dates, cents) plus enqueue.
  const batched = 200_000;
  const items = Array.from({ length: batched }, (_, i) => item(i + single));
  const inputs = items.map((it) => ({ ...it.record, sale_date: '2026-11-22 10:00', unit_price: '19.90', total: '19.90', sale_phone_number: '040 123 4567' }));
  // 2c. The same, but as a day's sales are: every sale its own second and its customer's own phone
  //     number (the rows of a sale share them), so the conversion caches mostly miss.
  const hms = (s: number) => [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60].map((n) => String(n).padStart(2, '0')).join(':');
  const distinctInputs = items.map((it) => {
    const s = Number(String(it.record.sale_external_id).slice(2));
    return { ...it.record, sale_date: `2026-11-22 ${hms(s % 86_400)}`, unit_price: '19.90', total: '19.90', sale_phone_number: `040 ${String(1_000_000 + s).slice(-7)}` };
  });
  const rawBatches: number[] = [];
  const batchRates: number[] = [];
  const validatedRates: number[] = [];
  const distinctRates: number[] = [];
  for (let round = 0; round < REPEATS; round += 1) {
    const raw2 = rawDb();
    const insert2 = raw2.prepare('INSERT INTO q (type, k, payload) VALUES (?, ?, ?)');
    const rawBatch = raw2.transaction((from: number) => {
      for (let i = from; i < from + 1000; i += 1) insert2.run('sales', items[i]!.key, JSON.stringify(items[i]!.record));
    });
    rawBatches.push(
      rate(batched, () => {
        for (let i = 0; i < batched; i += 1000) rawBatch(i);
      }),
    );
    raw2.close();
    const batchStore = new OutboxStore(openDatabase(path.join(tempDir('bench-'), 'till.db')));
    batchRates.push(
      rate(batched, () => {
        for (let i = 0; i < batched; i += 1000) batchStore.enqueue(items.slice(i, i + 1000));
      }),
    );
    batchStore.db.close();
    const validStore = new OutboxStore(openDatabase(path.join(tempDir('bench-'), 'till.db')));
    const deps = { store: validStore, staging: new StagingStore(validStore.db), disk: { check: () => undefined, wrote: () => undefined } as never, context: () => ({ timeZone: 'Europe/Helsinki', defaultCountry: 'FI', fromCsv: false }), arrived: () => undefined };
    validatedRates.push(
      rate(batched, () => {
        for (let i = 0; i < batched; i += 1000) ingest(deps, 'sales', inputs.slice(i, i + 1000), { partial: false, source: 'bench' });
      }),
    );
    validStore.db.close();
    const distinctStore = new OutboxStore(openDatabase(path.join(tempDir('bench-'), 'till.db')));
    const distinctDeps = { ...deps, store: distinctStore, staging: new StagingStore(distinctStore.db) };
    distinctRates.push(
      rate(batched, () => {
        for (let i = 0; i < batched; i += 1000) ingest(distinctDeps, 'sales', distinctInputs.slice(i, i + 1000), { partial: false, source: 'bench' });
      }),
    );
    distinctStore.db.close();
  }
  const rawBatchLabel = { label: 'raw batched SQLite inserts', values: rawBatches };
  rows.push(repeatedRow('batched ingest into the outbox (transactions of 1,000)', 'rows/s', batchRates, rawBatchLabel, { note: 'goal ≥ 0.5×' }));
  rows.push(repeatedRow('validated ingest (normalise + enqueue, batches of 1,000)', 'rows/s', validatedRates, rawBatchLabel, { note: 'goal ≥ 0.5×; every row the same time and phone number' }));
  rows.push(
    repeatedRow('validated ingest, every sale its own time and phone number', 'rows/s', distinctRates, rawBatchLabel, {
      note: '3 rows a sale; 66,667 distinct times and numbers (libphonenumber on each new one)',
    }),
  );

  // 3. The naive peer: a JSON array in electron-store/conf, read-push-write per record, up to 5,000
  //    items (once: a run takes over a minute), against the median durable enqueue above.
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
  const enqueueMedian = rows[0]!.value;
  rows.push({ figure: 'naive electron-store JSON-array queue, 0 → 5,000 items', value: confRate, unit: 'records/s', reference: { label: 'outbox durable single-record enqueue', value: enqueueMedian }, note: 'one run' });
  rows.push({ figure: 'naive electron-store queue, items 4,000 → 5,000', value: lastThousand, unit: 'records/s', reference: { label: 'outbox durable single-record enqueue', value: enqueueMedian }, note: 'one run' });

  // 4. Flush to the simulator: the dispatcher vs posting the same batches directly. The records wait
  //    in the outbox of a till that was offline (they arrived an hour ago, so they are due: no sale
  //    waits out its second after arrival); timed from "send now" until the outbox is empty.
  const sim = await startSimulator({ seed: false });
  const flushN = 50_000;
  const flushRates: number[] = [];
  const directRates: number[] = [];
  const noSchedule = { customers: '0 0 1 1 *', products: '0 0 1 1 *', sales: '0 0 1 1 *', shops: '0 0 1 1 *', events: '0 0 1 1 *' };
  // Round -1 is an untimed warm-up of 5,000 records (cold code, the simulator's first uploads).
  for (let round = -1; round < REPEATS; round += 1) {
    const n = round < 0 ? 5000 : flushN;
    // New keys every round, for both: the simulator stores each record the first time, as Custobar would.
    const records = Array.from({ length: n }, (_, i) => sale(i, `F${round}-`));
    const flushDir = tempDir('bench-flush-');
    const queued = new OutboxStore(openDatabase(path.join(flushDir, 'till-companion.db')), () => Date.now() - 3_600_000);
    queued.enqueue(records.map((r) => ({ type: 'sales', key: `${r.sale_external_id}/${r.external_id}`, record: r })));
    queued.db.close();
    const companion = await companionFor(sim, { custobar: { baseUrl: sim.url, requestsPerMinute: 6000, timeoutMs: 30_000 }, exports: { schedules: noSchedule } }, flushDir);
    const flushed = await rateAsync(n, () => companion.exports.dispatcher.sendNow(['sales']));
    const left = companion.exports.store.counts('sales');
    const arrived = [...sim.state.records.sales.keys()].filter((k) => k.startsWith(`F${round}-`)).length;
    if (left.pending + left.inflight > 0 || arrived !== n) throw new Error(`flush incomplete: ${arrived} arrived, ${JSON.stringify(left)} left`);
    await companion.close();
    const direct = Array.from({ length: n }, (_, i) => sale(i, `D${round}-`));
    const client = axios.create({ baseURL: `${sim.url}/api/`, headers: { Authorization: `Token ${sim.token}` } });
    const posted = await rateAsync(n, async () => {
      for (let i = 0; i < n; i += 500) await client.post('sales/upload/', { sales: direct.slice(i, i + 500) });
    });
    if (round < 0) continue;
    flushRates.push(flushed);
    directRates.push(posted);
  }
  await sim.close();
  rows.push(
    repeatedRow(`flush to the simulator (${flushN.toLocaleString('en-US')} due sales rows, batches of 500, "send now" → outbox empty)`, 'records/s', flushRates, { label: 'posting the same batches directly with axios', values: directRates }, {
      note: 'goal ≥ 0.6×; throttle at its 6,000 req/min maximum; the default 180 req/min caps sending at 1,500 records/s',
    }),
  );

  // 5. RSS and startup time with 1,000,000 pending records, against an empty outbox.
  const bigDir = tempDir('bench-1m-');
  const big = new OutboxStore(openDatabase(path.join(bigDir, 'till-companion.db')));
  for (let i = 0; i < 1_000_000; i += 5000) big.enqueue(Array.from({ length: 5000 }, (_, j) => item(i + j)));
  big.db.close();
  const emptyRuns: { startupMs: number; rssMb: number }[] = [];
  const loadedRuns: { startupMs: number; rssMb: number }[] = [];
  for (let round = 0; round < REPEATS; round += 1) {
    emptyRuns.push(await rssAndStartup(tempDir('bench-empty-')));
    loadedRuns.push(await rssAndStartup(bigDir));
  }
  rows.push(repeatedRow('startup to first status, 1,000,000 pending records', 'ms', loadedRuns.map((r) => r.startupMs), { label: 'empty outbox', values: emptyRuns.map((r) => r.startupMs) }, { lowerIsBetter: true }));
  rows.push(repeatedRow('RSS after startup, 1,000,000 pending records', 'MB', loadedRuns.map((r) => r.rssMb), { label: 'empty outbox', values: emptyRuns.map((r) => r.rssMb) }, { lowerIsBetter: true }));
  return rows;
}
