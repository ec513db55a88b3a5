import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { STATE } from '../../main/core/outbox/codes';
import type { Arrival } from '../../main/simulator/arrival-log';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { waitFor } from '../helpers/pty';
import { startKillableService, tempDir } from '../helpers/service-process';
import { jsonOf, simGet } from '../helpers/simulator-http';

const TOKEN = 'ordering-kill-token';
const KILLS = Number(process.env.ORDERING_KILLS ?? 8);
const PER_BATCH = 3;
/** Between the requests of one batch (all within one second). */
const GAP_MS = 250;

const startChild = (dataDir: string, sim: Simulator, config: string) => startKillableService(dataDir, sim, TOKEN, config);

const post = (base: string, type: string, rows: unknown[]) =>
  fetch(`${base}/ingest/${type}`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify(rows) });

async function exportsStatus(base: string): Promise<{ type: string; pending: number; inFlight: number }[]> {
  const res = await fetch(`${base}/api/exports.status`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: '{}' });
  return ((await res.json()) as { value: { types: { type: string; pending: number; inFlight: number }[] } }).value.types;
}

/** Who a sale or event row names, from its key as the simulator logs it. */
function customerOf(sim: Simulator, arrival: Arrival): string {
  if (arrival.type === 'events') return (JSON.parse(arrival.key) as unknown[])[2] as string;
  return sim.state.records.sales.get(arrival.key)!.sale_customer_id as string;
}

/**
 * Customers before their sales and events, across crashes: the real service process is SIGKILLed
 * again and again while it delivers (records in flight), with the simulator failing uploads (503, 429,
 * resets, commit-then-reset, latency). Between kills the POS posts new customers with their sales and
 * events in the same second, in either order. Restarted on the same data dir each time, the service
 * must never let a sale or event reach Custobar before the customer it names (read from the
 * simulator's arrival log), and must deliver every record it acknowledged with 202.
 */
describe('customers before their sales and events, under SIGKILL', () => {
  let sim: Simulator;
  afterAll(async () => sim?.close());

  it(`holds over ${KILLS} kills while delivering, with both orders of posting and upload faults`, async () => {
    sim = await startSimulator({
      seed: false,
      randomSeed: 23,
      faults: { uploads: { error5xx: 0.1, rateLimit: 0.08, retryAfterSec: 0, resetBeforeReply: 0.06, commitThenReset: 0.1, latencyMs: 40 } },
    });
    const dataDir = tempDir('ordering-kill-');
    const config = path.join(dataDir, 'settings.json');
    // Small batches: many requests, so kills and faults land between a customer and its sales.
    // The throttle at its maximum and a short timeout keep the final drain quick.
    fs.writeFileSync(config, JSON.stringify({ custobar: { requestsPerMinute: 6000, timeoutMs: 2000 }, exports: { batchSize: 10 } }));
    const acked = { customers: new Set<string>(), sales: new Set<string>(), events: new Set<string>() };
    type Request = { type: keyof typeof acked; rows: unknown[]; keys: string[] };
    let batch = 0;
    let salesFirst = 0;
    const inFlightAtKill: number[] = [];

    /** One receipt's records: new customers, their sales and a visit each; every other batch sales and events first. */
    const nextBatch = (): Request[] => {
      batch += 1;
      const n = batch;
      const ids = Array.from({ length: PER_BATCH }, (_, i) => `C-${n}-${i}`);
      const at = new Date(Date.UTC(2026, 11, 1, 8, 0, n % 60)).toISOString();
      const customers = ids.map((id) => ({ external_id: id, first_name: 'Kill', last_name: id }));
      const sales = ids.flatMap((id) =>
        [1, 2].map((row) => ({ sale_external_id: `S-${id}`, external_id: `S-${id}-${row}`, sale_date: at, sale_customer_id: id, product_id: `P-${row}`, quantity: 1, unit_price: 990, total: 990 })),
      );
      const events = ids.map((id) => ({ type: 'VISIT', date: at, customer_id: id, external_id: `E-${id}` }));
      const requests: Request[] = [
        { type: 'customers', rows: customers, keys: ids },
        { type: 'sales', rows: sales, keys: sales.map((r) => `${r.sale_external_id}/${r.external_id}`) },
        { type: 'events', rows: events, keys: events.map((e) => e.external_id) },
      ];
      // A POS that exports on every receipt may send the sale before the customer who just joined.
      if (n % 2 === 0) {
        requests.push(requests.shift()!);
        salesFirst += 1;
      }
      return requests;
    };

    for (let round = 0; round < KILLS; round += 1) {
      const { child, base, exited } = await startChild(dataDir, sim, config);
      let posting = true;
      // The POS posts a batch's requests within one second, a quarter of a second apart (long enough
      // for a continuous send to start in between), and finishes the batch it is on before the kill:
      // a kill between a sale and its customer's post would leave the customer to a POS retry seconds
      // later, which no order can be promised for. Kills in the middle of a request are crash.test.ts's.
      const poster = (async () => {
        while (posting) {
          for (const [i, request] of nextBatch().entries()) {
            if (i > 0) await new Promise((r) => setTimeout(r, GAP_MS));
            const res = await post(base, request.type, request.rows);
            if (res.status !== 202) throw new Error(`ingest ${request.type} answered ${res.status}: ${await res.text()}`);
            request.keys.forEach((k) => acked[request.type].add(k));
          }
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      await new Promise((r) => setTimeout(r, 700 + Math.random() * 800));
      posting = false;
      await poster;
      // The kill comes while uploads are on the wire: once the service reports records in flight.
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && !(await exportsStatus(base)).some((t) => t.inFlight > 0)) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, Math.random() * 30));
      child.kill('SIGKILL');
      await exited;
      // What the kill interrupted: records on the wire (in flight) are sent again after the restart.
      const db = new Database(path.join(dataDir, 'till-companion.db'));
      inFlightAtKill.push((db.prepare(`SELECT count(*) AS n FROM outbox WHERE state = ${STATE.inflight}`).get() as { n: number }).n);
      db.close();
    }

    const killedAt = Date.now();
    const { child, base, exited } = await startChild(dataDir, sim, config);
    const eventIds = () => new Set([...sim.state.records.events.keys()].map((k) => (JSON.parse(k) as unknown[])[3] as string));
    const missing = () => ({
      customers: [...acked.customers].filter((k) => !sim.state.records.customers.has(k)),
      sales: [...acked.sales].filter((k) => !sim.state.records.sales.has(k)),
      events: [...acked.events].filter((k) => !eventIds().has(k)),
    });
    try {
      await waitFor(() => Object.values(missing()).every((m) => m.length === 0), 45_000, 'every acknowledged record to reach the simulator').catch(async (error: Error) => {
        throw new Error(`${error.message}: missing ${JSON.stringify(missing()).slice(0, 400)}; outbox ${JSON.stringify(await exportsStatus(base))}`);
      });
      const deadline = Date.now() + 20_000;
      while (!(await exportsStatus(base)).every((t) => t.pending === 0 && t.inFlight === 0)) {
        if (Date.now() > deadline) throw new Error(`the outbox did not drain: ${JSON.stringify(await exportsStatus(base))}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      console.log(`ordering under SIGKILL: delivered ${Date.now() - killedAt} ms after the last kill`);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }

    // The arrival log, read as any client of the simulator reads it.
    const { arrivals } = (await jsonOf(simGet(sim, '/__sim/arrivals'))) as { arrivals: Arrival[] };
    expect(arrivals.length).toBe(sim.state.arrivals.length);
    const rows = arrivals.filter((a) => a.type === 'sales' || a.type === 'events');
    const early = rows
      .map((a) => ({ arrival: a, customer: customerOf(sim, a) }))
      .filter(({ arrival, customer }) => !(sim.state.firstArrival('customers', customer)! < arrival.seq))
      .map(({ arrival, customer }) => `${arrival.type} ${arrival.key} (#${arrival.seq}) before customer ${customer} (#${sim.state.firstArrival('customers', customer) ?? 'never'})`);
    expect(early, 'rows that reached Custobar before their customer').toEqual([]);
    expect(sim.state.eventsBeforeCustomer).toEqual([]);
    expect(sim.state.orphans).toEqual([]);
    // Resends after a kill or a lost reply are upserts of the same record, never a changed one.
    expect(sim.state.conflicts).toEqual([]);

    const db = new Database(path.join(dataDir, 'till-companion.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT count(*) AS n FROM outbox').get(), 'nothing left in the outbox').toEqual({ n: 0 });
    db.close();

    // The run did what it claims: both orders, upload faults, and kills while records were on the wire.
    expect(acked.sales.size).toBeGreaterThan(KILLS * PER_BATCH * 2);
    expect(salesFirst).toBeGreaterThanOrEqual(KILLS);
    expect(Object.values(sim.state.faultsInjected).reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
    expect(rows.length).toBeGreaterThanOrEqual(acked.sales.size + acked.events.size);
    expect(inFlightAtKill.filter((n) => n > 0).length, `records in flight at each kill: ${inFlightAtKill.join(', ')}`).toBeGreaterThanOrEqual(KILLS - 1);
    console.log(`ordering under SIGKILL: ${acked.customers.size} customers, ${acked.sales.size} sales, ${acked.events.size} events acknowledged; in flight at the kills ${inFlightAtKill.join(',')}; ${arrivals.length} arrivals; faults ${JSON.stringify(sim.state.faultsInjected)}`);
  }, 90_000);
});
