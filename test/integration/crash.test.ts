import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { waitFor } from '../helpers/pty';
import { startKillableService, tempDir } from '../helpers/service-process';

const TOKEN = 'crash-test-token';
const KILLS = Number(process.env.CRASH_KILLS ?? 50);

const startChild = (dataDir: string, sim: Simulator, config: string) => startKillableService(dataDir, sim, TOKEN, config);

/**
 * Crash safety: a service process ingests and dispatches while it is SIGKILLed at random moments.
 * Every record it acknowledged (202) must reach the simulator in the end, and the database must pass
 * SQLite's integrity check.
 */
describe('SIGKILL at random moments', () => {
  let sim: Simulator;
  afterAll(async () => sim?.close());

  it(`loses no acknowledged record over ${KILLS} kills`, async () => {
    sim = await startSimulator({ seed: false, randomSeed: 7, faults: { uploads: { error5xx: 0.05, commitThenReset: 0.05 } } });
    const dataDir = tempDir('crash-');
    // The throttle at its maximum, so the final drain is quick; the point here is durability.
    const config = path.join(dataDir, 'settings.json');
    fs.writeFileSync(config, JSON.stringify({ custobar: { requestsPerMinute: 6000 } }));
    const acked = new Set<string>();
    let batch = 0;
    let killsDuringPost = 0;

    for (let round = 0; round < KILLS; round += 1) {
      const { child, base, exited } = await startChild(dataDir, sim, config);
      let alive = true;
      const poster = (async () => {
        while (alive) {
          batch += 1;
          const ids = Array.from({ length: 25 }, (_, i) => `K${batch}-${i}`);
          const rows = ids.map((id) => ({ sale_external_id: `K${batch}`, external_id: id, sale_date: '2026-11-22 10:00', total: 100 }));
          try {
            const res = await fetch(`${base}/ingest/sales`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify(rows) });
            if (res.status === 202) ids.forEach((id) => acked.add(id));
          } catch {
            killsDuringPost += 1; // killed mid-request: not acknowledged, may or may not be stored
          }
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 450));
      child.kill('SIGKILL');
      await exited;
      alive = false;
      await poster;
    }

    const { child, base, exited } = await startChild(dataDir, sim, config);
    // Records that were stored but not acknowledged (killed mid-request) are delivered too.
    const outboxEmpty = async (): Promise<boolean> => {
      const res = await fetch(`${base}/api/exports.status`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: '{}' });
      const status = (await res.json()) as { value: { types: { pending: number; inFlight: number }[] } };
      return status.value.types.every((t) => t.pending === 0 && t.inFlight === 0);
    };
    const delivered = () => [...acked].every((id) => sim.state.records.sales.has(`K${id.slice(1, id.indexOf('-'))}/${id}`));
    try {
      await waitFor(delivered, 120_000, 'every acknowledged record to reach the simulator');
      const deadline = Date.now() + 60_000;
      while (!(await outboxEmpty()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    } catch (error) {
      const db = new Database(path.join(dataDir, 'till-companion.db'), { readonly: true });
      const missing = [...acked].filter((id) => !sim.state.records.sales.has(`K${id.slice(1, id.indexOf('-'))}/${id}`));
      const rows = db.prepare('SELECT state, count(*) AS n, max(attempts) AS attempts, max(next_attempt_at) AS next, max(last_error) AS error FROM outbox GROUP BY state').all();
      db.close();
      throw new Error(`${(error as Error).message}: ${missing.length} of ${acked.size} missing (e.g. ${missing.slice(0, 3).join(', ')}); outbox: ${JSON.stringify(rows)}; now ${Date.now()}`);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }

    const db = new Database(path.join(dataDir, 'till-companion.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const stuck = db.prepare('SELECT state, count(*) AS n, max(attempts) AS attempts, max(next_attempt_at) AS next, max(last_error) AS error FROM outbox GROUP BY state').all();
    expect(stuck, 'nothing left in the outbox').toEqual([]);
    db.close();
    expect(acked.size).toBeGreaterThan(KILLS * 25);
    expect(sim.state.conflicts).toEqual([]);
    // The kills landed in the middle of real work, not only between requests.
    expect(killsDuringPost).toBeGreaterThan(0);
  }, 600_000);
});
