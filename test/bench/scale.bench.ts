/**
 * `npm run bench -- scale`: the service with a long backlog (a till offline over a weekend, a store
 * server): ingest, the Status view, dispatch, cold start and memory, each beside the same figure
 * with a small or empty outbox (or a bare `node -e 0`) measured in the same run, 3 repeats each.
 *
 * Every figure comes from the built service as systemd runs it (`node --max-semi-space-size=2
 * dist/service/cli.js`), talking over loopback; the backlog is written straight into its database
 * file beforehand (1,000,000 sales rows take ~10 s that way, minutes over HTTP).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../main/core/db/database';
import { closeChecked } from '../../main/core/db/salvage';
import { OutboxStore, type OutboxItem } from '../../main/core/outbox/outbox-store';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { LISTEN_LINE, projectRoot, SERVICE_NODE_FLAGS, tempDir } from '../helpers/service-process';
import { hrMs, percentile, spread, type Row } from './lib';

const REPEATS = 3;
const BIG = 1_000_000;
const TOKEN = 'bench-scale-token';

const sale = (i: number) => ({
  sale_external_id: `BS-${Math.floor(i / 3)}`,
  external_id: `R-${i}`,
  sale_date: '2026-11-28T10:00:00+02:00',
  sale_customer_id: `BC-${Math.floor(i / 3) % 5000}`,
  product_id: `P-${i % 977}`,
  quantity: 1,
  unit_price: 1250,
  total: 1250,
});

/**
 * A data dir whose outbox holds `n` pending sales rows, written directly (as the service itself
 * would) and closed as the service closes it at a clean stop (checked and marked sound).
 */
export function backlog(n: number): string {
  const dir = tempDir('bench-scale-');
  const file = path.join(dir, 'till-companion.db');
  const store = new OutboxStore(openDatabase(file));
  for (let i = 0; i < n; i += 10_000) {
    store.enqueue(Array.from({ length: Math.min(10_000, n - i) }, (_, j): OutboxItem => ({ type: 'sales', key: `BS-${Math.floor((i + j) / 3)}/R-${i + j}`, record: sale(i + j) })));
  }
  closeChecked(store.db, file);
  return dir;
}

/** A copy of a prepared data dir, so each repeat starts from the same backlog. */
export function copyOf(dir: string): string {
  const copy = tempDir('bench-scale-copy-');
  for (const name of fs.readdirSync(dir)) fs.copyFileSync(path.join(dir, name), path.join(copy, name));
  return copy;
}

export interface Service {
  child: ChildProcess;
  base: string;
  /** ms from spawn to the listening line. */
  listeningMs: number;
  startedAt: bigint;
  call<T = unknown>(method: string, input?: unknown): Promise<T>;
  rssMb(): number;
  stop(): Promise<void>;
}

export async function startService(dataDir: string, options: { custobar?: Simulator; requestsPerMinute?: number } = {}): Promise<Service> {
  const config = path.join(dataDir, 'bench-settings.json');
  const settings: Record<string, unknown> = { exports: { schedules: { customers: 'continuous', products: 'continuous', sales: 'continuous', shops: 'continuous', events: 'continuous' } } };
  if (options.requestsPerMinute) settings.custobar = { requestsPerMinute: options.requestsPerMinute };
  fs.writeFileSync(config, JSON.stringify(settings));
  const args = ['--data-dir', dataDir, '--port', '0', '--api-token', TOKEN, '--log-level', 'warn', '--config', config];
  if (options.custobar) args.push('--custobar-url', options.custobar.url);
  const startedAt = process.hrtime.bigint();
  const child = spawn(process.execPath, [SERVICE_NODE_FLAGS, path.join(projectRoot, 'dist/service/cli.js'), ...args], {
    env: { ...process.env, ...(options.custobar ? { TILL_CUSTOBAR_TOKEN: options.custobar.token } : {}) },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = LISTEN_LINE.exec(out.trim());
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`service exited (${code}) before listening; is dist/ built?`)));
  });
  const listeningMs = hrMs(startedAt);
  const call = async <T>(method: string, input: unknown = {}): Promise<T> => {
    const res = await fetch(`${base}/api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });
    const body = (await res.json()) as { ok: boolean; value: T; error?: unknown };
    if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
    return body.value;
  };
  return {
    child,
    base,
    listeningMs,
    startedAt,
    call,
    rssMb: () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) / 1024,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export const post = async (svc: Service, type: string, records: unknown[]): Promise<void> => {
  const res = await fetch(`${svc.base}/ingest/${type}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(records) });
  if (res.status !== 202) throw new Error(`ingest answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  await res.arrayBuffer().catch(() => undefined);
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** HTTP ingest, batches of 500 sales rows, one request after the other: records/s. */
async function ingestRate(svc: Service, offset: number): Promise<number> {
  const batches = 60;
  const started = process.hrtime.bigint();
  for (let b = 0; b < batches; b += 1) {
    await post(svc, 'sales', Array.from({ length: 500 }, (_, j) => sale(5_000_000 + offset + b * 500 + j)));
  }
  return (batches * 500) / (hrMs(started) / 1000);
}

/**
 * p95 of status.get, each computed afresh: a one-record ingest before it ends the status view's
 * one-second cache. It starts 2 s after the bulk ingest before it, so the figure is the status
 * view's and not the tail of that ingest (its WAL checkpoint); 200 samples, so one stall is not the p95.
 */
async function statusP95(svc: Service, offset: number): Promise<number> {
  await sleep(2000);
  const times: number[] = [];
  for (let i = 0; i < 200; i += 1) {
    await post(svc, 'products', [{ external_id: `BP-${offset + i}`, price: 100 }]);
    const started = process.hrtime.bigint();
    await svc.call('status.get');
    times.push(hrMs(started));
  }
  return percentile(times.sort((a, b) => a - b), 95);
}

/** Records the simulator accepted per second, from its first upload to the 40,000th record (both backlogs still draining then). */
async function dispatchRate(dataDir: string): Promise<number> {
  const sim = await startSimulator({ token: 'bench-scale-custobar' });
  const svc = await startService(dataDir, { custobar: sim, requestsPerMinute: 6000 });
  try {
    const delivered = () => sim.state.uploads.reduce((n, u) => n + (u.status < 300 ? u.records : 0), 0);
    const until = async (n: number): Promise<bigint> => {
      for (let waited = 0; delivered() < n; waited += 5) {
        if (waited > 120_000) throw new Error(`fewer than ${n} records delivered in 2 minutes`);
        await sleep(5);
      }
      return process.hrtime.bigint();
    };
    const first = await until(1);
    const base = delivered();
    await until(40_000);
    return (delivered() - base) / (hrMs(first) / 1000);
  } finally {
    await svc.stop();
    await sim.close();
  }
}

function nodeBare(): number {
  const started = process.hrtime.bigint();
  spawnSync(process.execPath, ['-e', '0']);
  return hrMs(started);
}

/** Spawn → the first answered status.get. */
async function coldStart(dataDir: string): Promise<{ firstStatusMs: number; listeningMs: number }> {
  const svc = await startService(dataDir);
  await svc.call('status.get');
  const firstStatusMs = hrMs(svc.startedAt);
  await svc.stop();
  return { firstStatusMs, listeningMs: svc.listeningMs };
}

export async function scaleBench(): Promise<Row[]> {
  const rows: Row[] = [];
  process.stderr.write(`scale: writing a backlog of ${BIG.toLocaleString('en-US')} sales rows…\n`);
  const big = backlog(BIG);
  const fifty = backlog(50_000);

  // Ingest and the Status view: the same service, empty outbox vs 1M pending (nothing is sent: no Custobar).
  const ingest = { empty: [] as number[], big: [] as number[] };
  const status = { empty: [] as number[], big: [] as number[] };
  for (let r = 0; r < REPEATS; r += 1) {
    for (const which of ['empty', 'big'] as const) {
      const svc = await startService(which === 'big' ? copyOf(big) : tempDir('bench-scale-empty-'));
      try {
        ingest[which].push(await ingestRate(svc, r * 100_000));
        status[which].push(await statusP95(svc, r * 1000));
      } finally {
        await svc.stop();
      }
    }
  }
  const ingestBig = spread(ingest.big);
  rows.push({ figure: `HTTP ingest, batches of 500 sales rows, with ${BIG.toLocaleString('en-US')} pending`, ...ingestBig, unit: 'records/s', reference: { label: 'the same, empty outbox', value: spread(ingest.empty).value }, note: 'goal ≥ 0.7×' });
  const statusBig = spread(status.big);
  rows.push({ figure: `status.get p95 (each computed afresh), ${BIG.toLocaleString('en-US')} pending`, ...statusBig, unit: 'ms', lowerIsBetter: true, reference: { label: 'the same, empty outbox', value: spread(status.empty).value }, note: 'goal ≤ 5 ms' });

  // Dispatch at the throttle's 6,000 requests/min, a 1M backlog vs a 50k one.
  const dispatch = { fifty: [] as number[], big: [] as number[] };
  for (let r = 0; r < REPEATS; r += 1) {
    dispatch.fifty.push(await dispatchRate(copyOf(fifty)));
    dispatch.big.push(await dispatchRate(copyOf(big)));
  }
  rows.push({ figure: `dispatch to the simulator at 6,000 req/min, ${BIG.toLocaleString('en-US')} pending`, ...spread(dispatch.big), unit: 'records/s', reference: { label: 'the same, 50,000 pending', value: spread(dispatch.fifty).value }, note: 'goal ≥ 0.9×' });

  // Cold start: spawn → first status, and spawn → listening line, against a bare node.
  const bare: number[] = [];
  const coldBig: number[] = [];
  const coldEmpty: number[] = [];
  const listening: number[] = [];
  for (let r = 0; r < REPEATS; r += 1) {
    bare.push(nodeBare());
    const empty = await coldStart(tempDir('bench-scale-cold-'));
    coldEmpty.push(empty.firstStatusMs);
    listening.push(empty.listeningMs);
    coldBig.push((await coldStart(copyOf(big))).firstStatusMs);
  }
  const bareMs = spread(bare).value;
  const emptyMs = spread(coldEmpty).value;
  rows.push({ figure: `cold start to first status, ${BIG.toLocaleString('en-US')} pending`, ...spread(coldBig), unit: 'ms', lowerIsBetter: true, reference: { label: `3 × node -e 0 (${bareMs.toFixed(0)} ms) + empty-outbox start (${emptyMs.toFixed(0)} ms)`, value: 3 * bareMs + emptyMs }, note: 'goal ≤ 700 ms and ≤ 1.0× the reference' });
  rows.push({ figure: 'service start to its listening line (empty outbox)', ...spread(listening), unit: 'ms', lowerIsBetter: true, reference: { label: 'node -e 0', value: bareMs }, note: 'goal ≤ 3×' });

  // Memory: idle, and 30 s after a 200,000-record ingest has been delivered.
  const idle: number[] = [];
  const after: number[] = [];
  for (let r = 0; r < REPEATS; r += 1) {
    const sim = await startSimulator({ token: 'bench-scale-custobar' });
    const svc = await startService(tempDir('bench-scale-rss-'), { custobar: sim, requestsPerMinute: 6000 });
    try {
      await sleep(5000);
      idle.push(svc.rssMb());
      for (let i = 0; i < 200_000; i += 500) await post(svc, 'products', Array.from({ length: 500 }, (_, j) => ({ external_id: `RP-${r}-${i + j}`, price: 100 + j, title: `Product ${i + j}` })));
      for (let waited = 0; ; waited += 500) {
        const status = await svc.call<{ exports: { types: { pending: number; inFlight: number }[] } }>('status.get');
        if (status.exports.types.every((t) => t.pending === 0 && t.inFlight === 0)) break;
        if (waited > 120_000) throw new Error('the 200,000 products were not delivered in 2 minutes');
        await sleep(500);
      }
      await sleep(30_000);
      after.push(svc.rssMb());
    } finally {
      await svc.stop();
      await sim.close();
    }
  }
  const idleMb = spread(idle);
  rows.push({ figure: 'RSS idle (5 s after start, empty outbox)', ...idleMb, unit: 'MB', lowerIsBetter: true, note: 'goal ≤ 70 MB' });
  rows.push({ figure: 'RSS 30 s after a 200,000-record ingest was delivered', ...spread(after), unit: 'MB', lowerIsBetter: true, reference: { label: 'idle', value: idleMb.value }, note: 'goal ≤ idle + 25 MB' });
  return rows;
}
