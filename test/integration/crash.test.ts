import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { waitFor } from '../helpers/pty';
import { LISTEN_LINE, projectRoot, tempDir } from '../helpers/service-process';

const TOKEN = 'crash-test-token';
const KILLS = 50;

function startChild(dataDir: string, sim: Simulator): Promise<{ child: ChildProcess; base: string; exited: Promise<void> }> {
  const child = spawn(
    process.execPath,
    [path.join(projectRoot, 'dist/service/cli.js'), '--data-dir', dataDir, '--port', '0', '--custobar-url', sim.url, '--schedule', 'all=continuous', '--api-token', TOKEN, '--log-level', 'warn'],
    { env: { ...process.env, TILL_CUSTOBAR_TOKEN: sim.token }, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = LISTEN_LINE.exec(out.trim());
      if (m) resolve({ child, base: m[1]!, exited });
    });
    child.once('exit', (code) => reject(new Error(`service exited (${code}) before listening`)));
  });
}

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
    const acked = new Set<string>();
    let batch = 0;
    let killsDuringPost = 0;

    for (let round = 0; round < KILLS; round += 1) {
      const { child, base, exited } = await startChild(dataDir, sim);
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
        }
      })();
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 450));
      child.kill('SIGKILL');
      await exited;
      alive = false;
      await poster;
    }

    const { child, exited } = await startChild(dataDir, sim);
    const delivered = () => [...acked].every((id) => sim.state.records.sales.has(`K${id.slice(1, id.indexOf('-'))}/${id}`));
    await waitFor(delivered, 120_000, 'every acknowledged record to reach the simulator');
    child.kill('SIGTERM');
    await exited;

    const db = new Database(path.join(dataDir, 'till-companion.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    expect(acked.size).toBeGreaterThan(KILLS * 25);
    expect(sim.state.conflicts).toEqual([]);
    // The kills landed in the middle of real work, not only between requests.
    expect(killsDuringPost).toBeGreaterThan(0);
  }, 600_000);
});
