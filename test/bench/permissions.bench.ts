import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { CustobarClient } from '../../main/core/custobar/client';
import { openDatabase } from '../../main/core/db/database';
import { PermissionStore } from '../../main/core/permissions/permission-store';
import { pollPermissions, POLL_FIELDS } from '../../main/core/permissions/poller';
import { projectRoot, tempDir } from '../helpers/service-process';
import { hrMs, spread, type Row } from './lib';

const CUSTOMERS = 100_000;
const PAGE = 1000;
const REPEATS = 3;
const TOKEN = 'bench-token';

/** The simulator in its own process, so its work of serving pages is not counted as the poll's. */
async function startSimulatorProcess(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'dist/simulator/cli.js'), '--port', '0', '--token', TOKEN, '--no-seed'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`simulator exited (${code}); is dist/ built?`)));
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
  });
  return { url, child };
}

const customer = (i: number) => ({
  external_id: `C-${i}`,
  phone_number: `+35840${String(1_000_000 + i).padStart(7, '0')}`,
  email: `customer${i}@example.fi`,
  can_email: i % 3 === 0,
  can_sms: i % 2 === 0,
  can_post: false,
  can_profile: i % 5 !== 0,
});

/** Peak resident memory while `run` works, sampled every 10 ms. */
async function peakRss<T>(run: () => Promise<T>): Promise<{ result: T; peakMb: number; baseMb: number }> {
  const baseMb = process.memoryUsage().rss / 1e6;
  let peak = baseMb;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss / 1e6)), 10);
  try {
    const result = await run();
    peak = Math.max(peak, process.memoryUsage().rss / 1e6);
    return { result, peakMb: peak, baseMb };
  } finally {
    clearInterval(timer);
  }
}

/**
 * A permission poll of 100,000 customers against the simulator, beside a raw fetch of the same
 * pages (same client, same projection, nothing compared or stored) in the same run.
 */
export async function permissionsBench(): Promise<Row[]> {
  const sim = await startSimulatorProcess();
  try {
    // The throttle is lifted for both sides alike: the figure is the poll's own cost, not the wait.
    const client = new CustobarClient({ settings: { baseUrl: sim.url, authScheme: 'Token', timeoutMs: 60_000, requestsPerMinute: 6_000_000 }, token: TOKEN });
    for (let start = 0; start < CUSTOMERS; start += 5000) {
      const outcome = await client.upload('customers', Array.from({ length: 5000 }, (_, i) => customer(start + i)));
      if (outcome.kind !== 'ok') throw new Error(`seeding the simulator failed: ${outcome.reason}`);
    }

    const raw: number[] = [];
    const first: number[] = [];
    const steady: number[] = [];
    let peak = 0;
    let rawPeak = 0;
    let base = 0;
    for (let r = 0; r < REPEATS; r += 1) {
      let seen = 0;
      let t = process.hrtime.bigint();
      const fetched = await peakRss(async () => {
        for await (const page of client.readPages('customers', { fields: POLL_FIELDS, limit: String(PAGE) })) seen += page.length;
      });
      raw.push(hrMs(t));
      rawPeak = Math.max(rawPeak, fetched.peakMb - fetched.baseMb);
      if (seen !== CUSTOMERS) throw new Error(`the raw fetch saw ${seen} customers, not ${CUSTOMERS}`);

      const db = openDatabase(path.join(tempDir('bench-permissions-'), 'till-companion.db'));
      const store = new PermissionStore(db, Date.now, () => 3_600_000, () => false);
      t = process.hrtime.bigint();
      const measured = await peakRss(() => pollPermissions(client, store, { pageSize: PAGE, defaultCountry: 'FI' }));
      first.push(hrMs(t));
      if (measured.result.changes !== CUSTOMERS) throw new Error(`the first poll recorded ${measured.result.changes} changes, not ${CUSTOMERS}`);
      peak = Math.max(peak, measured.peakMb - measured.baseMb);
      base = measured.baseMb;

      t = process.hrtime.bigint();
      const again = await pollPermissions(client, store, { pageSize: PAGE, defaultCountry: 'FI' });
      steady.push(hrMs(t));
      if (again.changes !== 0 || again.customers !== CUSTOMERS) throw new Error(`the second poll saw ${again.customers} customers and ${again.changes} changes`);
      db.close();
    }
    const reference = spread(raw);
    const firstPass = spread(first);
    const steadyPass = spread(steady);
    const goal = (value: number) => (value <= 1.5 * reference.value ? 'goal ≤ 1.5× met' : 'goal ≤ 1.5× MISSED');
    return [
      { figure: `raw fetch, ${CUSTOMERS.toLocaleString('en-US')} customers (${CUSTOMERS / PAGE} pages)`, value: reference.value, unit: 'ms', repeats: reference.repeats, lowerIsBetter: true },
      {
        figure: 'permission poll, first pass (every customer new)',
        ...firstPass,
        unit: 'ms',
        reference: { label: 'raw fetch', value: reference.value },
        lowerIsBetter: true,
        note: goal(firstPass.value),
      },
      {
        figure: 'permission poll, next pass (no changes)',
        ...steadyPass,
        unit: 'ms',
        reference: { label: 'raw fetch', value: reference.value },
        lowerIsBetter: true,
        note: goal(steadyPass.value),
      },
      {
        figure: 'peak RSS above baseline during a first pass',
        value: peak,
        unit: 'MB',
        reference: { label: 'the raw fetch alone', value: rawPeak },
        lowerIsBetter: true,
        note: `${peak <= 50 ? 'goal ≤ +50 MB met' : 'goal ≤ +50 MB MISSED'} (baseline ${Math.round(base)} MB)`,
      },
    ];
  } finally {
    sim.child.kill('SIGTERM');
  }
}
