import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Companion } from '../../main/core/companion';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { companionFor, drained } from '../helpers/exports';
import { waitFor } from '../helpers/pty';
import { tempDir } from '../helpers/service-process';
import { canMountTmpfs, fillUp, mountTmpfs } from '../helpers/tmpfs';

const FILE_ROWS = 2000;
const CONTINUOUS = { customers: 'continuous', products: 'continuous', sales: 'continuous', shops: 'continuous', events: 'continuous' };
const canMount = canMountTmpfs();

describe.skipIf(!canMount)('a full disk (tmpfs)', () => {
  let mount: string | null = null;
  let sim: Simulator | null = null;
  let companion: Companion | null = null;
  afterEach(async () => {
    await companion?.close();
    await sim?.close();
    if (mount) execFileSync('umount', ['-l', mount]);
  });

  it('answers unavailable with the reason, keeps nothing of that request, warns, serves checkout, and delivers everything once space returns', async () => {
    mount = mountTmpfs(8, 'disk-full-')!;
    sim = await startSimulator();
    sim.setFaults({ uploads: { down: true } });
    const dataDir = path.join(mount, 'data');
    companion = await companionFor(sim, {}, dataDir);
    const c = companion;
    // Leave about 700 kB free: the database grows into it until the disk refuses.
    const free = () => Number(fs.statfsSync(mount!).bavail) * Number(fs.statfsSync(mount!).bsize);
    fs.writeFileSync(path.join(mount, 'filler'), Buffer.alloc(Math.max(0, free() - 700 * 1024)));

    let accepted = 0;
    let refusal: (Error & { code?: string }) | null = null;
    for (let round = 0; round < 200 && !refusal; round += 1) {
      const batch = Array.from({ length: 100 }, (_, i) => ({ external_id: `D-${round}-${i}`, first_name: 'x'.repeat(300), city: 'Helsinki' }));
      const held = () => {
        const n = c.exports.store.counts('customers');
        return n.pending + n.inflight + n.dead;
      };
      const before = held();
      try {
        accepted += c.exports.ingest('customers', batch, { partial: false, source: 'test' }).accepted;
      } catch (error) {
        refusal = error as Error & { code?: string };
        // All or nothing: not one record of the refused request was kept.
        expect(held()).toBe(before);
      }
    }
    expect(refusal, 'the disk never filled').not.toBeNull();
    expect(refusal!.code).toBe('unavailable');
    expect(refusal!.message).toMatch(/disk holding .* is full: nothing of this request was stored/);
    expect(accepted).toBeGreaterThan(0);
    expect(c.context.warnings.list().map((w) => w.code)).toContain('disk_full');

    // Settings cannot be saved either: said so, and no empty temporary file is left behind.
    await expect(c.api['settings.update']({ patch: { general: { shopId: 'SHOP-FULL' } } })).rejects.toMatchObject({ code: 'unavailable' });
    expect(fs.readdirSync(dataDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // The cashier's side still answers.
    await expect(c.api['checkout.get']({})).resolves.toMatchObject({ customerState: 'idle' });

    // Space again, Custobar back: every record that was accepted arrives.
    fs.rmSync(path.join(mount, 'filler'));
    sim.setFaults({ uploads: { down: false } });
    await c.api['exports.sendNow']({ type: 'all' });
    await drained(c, 60_000);
    expect([...sim.state.records.customers.keys()].filter((k) => k.startsWith('D-')).length).toBe(accepted);
    c.exports.ingest('customers', [{ external_id: 'D-after' }], { partial: false, source: 'test' });
    expect(c.context.warnings.list().map((w) => w.code)).not.toContain('disk_full');
  });

  it('an inbox file dropped while the disk is full: nothing of it is imported or staged, a warning, checkout works; once space returns it is imported and everything delivered', async () => {
    mount = mountTmpfs(8, 'disk-full-')!;
    sim = await startSimulator();
    // Custobar answers 503, slowly: an upload is on the wire when the disk fills, and its records must go back to waiting.
    sim.setFaults({ uploads: { error5xx: 1, latencyMs: 300 } });
    const dataDir = path.join(mount, 'data');
    // The POS drops its files on another disk, which still has room; the database's disk is full.
    const inbox = tempDir('disk-full-inbox-');
    companion = await companionFor(sim, { exports: { schedules: CONTINUOUS, inboxDir: inbox, pollMs: 60_000 } }, dataDir);
    const c = companion;
    const poll = () => c.exports.inbox.poll();
    const ls = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);
    const count = (sql: string) => (c.exports.db.prepare(sql).get() as { n: number }).n;
    const held = () => {
      const n = c.exports.store.counts('customers');
      return n.pending + n.inflight + n.dead;
    };

    // Accepted while there was room: these must arrive in the end.
    const before = Array.from({ length: 50 }, (_, i) => ({ external_id: `B-${i}`, first_name: 'Before' }));
    expect(c.exports.ingest('customers', before, { partial: false, source: 'test' }).accepted).toBe(50);
    await waitFor(() => c.exports.store.counts('customers').inflight === 50, 5000, 'an upload on the wire');
    // Not a byte left.
    fillUp(path.join(mount, 'filler'));

    const rows = Array.from({ length: FILE_ROWS }, (_, i) => `F-${i},${'y'.repeat(100)},Tampere`);
    fs.writeFileSync(path.join(inbox, 'customers-full.csv'), `external_id,first_name,city\n${rows.join('\n')}\n`);
    await poll(); // sees the file
    await poll(); // claims it; the disk refuses
    // The disk stays full a while: the poll comes again, and the uploads Custobar refuses are retried.
    for (let i = 0; i < 5; i += 1) {
      await new Promise((r) => setTimeout(r, 200));
      await poll();
    }

    expect(held(), 'nothing of the file reached the outbox').toBe(50);
    expect(count('SELECT count(*) AS n FROM inbox_staging'), 'no staged rows left behind').toBe(0);
    expect(count('SELECT count(*) AS n FROM inbox_files'), 'the file is not marked imported').toBe(0);
    expect(c.exports.db.inTransaction, 'no refused transaction left open').toBe(false);
    // Kept for the next poll, not moved to done/ or rejected/, and no half-written errors file.
    expect([ls(inbox), ls(path.join(inbox, 'processing')), ls(path.join(inbox, 'done')), ls(path.join(inbox, 'rejected'))]).toEqual([
      ['done', 'processing', 'rejected'],
      ['customers-full.csv'],
      [],
      [],
    ]);
    expect(ls(dataDir).filter((f) => /\.tmp$|-journal$/.test(f))).toEqual([]);
    const status = await c.api['status.get']({});
    expect(status.warnings.find((w) => w.code === 'disk_full')?.message).toMatch(/disk holding .* is full: nothing of this request was stored/);
    expect(status.warnings.find((w) => w.code === 'disk_full')?.params).toEqual({ file: expect.stringMatching(/till-companion\.db$/) });
    await expect(c.api['checkout.get']({})).resolves.toMatchObject({ customerState: 'idle' });

    // Space again, Custobar back: the whole file is imported once, and everything accepted arrives.
    fs.rmSync(path.join(mount, 'filler'));
    await poll();
    expect(held()).toBe(50 + FILE_ROWS);
    expect(count('SELECT count(*) AS n FROM inbox_staging')).toBe(0);
    expect(ls(path.join(inbox, 'processing'))).toEqual([]);
    expect(ls(path.join(inbox, 'done'))).toEqual(['customers-full.csv']);
    expect(c.context.warnings.list().map((w) => w.code)).not.toContain('disk_full');
    sim.setFaults({ uploads: { error5xx: 0, latencyMs: 0 } });
    await c.api['exports.sendNow']({ type: 'all' });
    await drained(c, 20_000).catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(c.exports.db.prepare('SELECT state, count(*) AS n, max(attempts) AS attempts FROM outbox GROUP BY state').all())}`);
    });
    const keys = [...sim.state.records.customers.keys()];
    expect(keys.filter((k) => k.startsWith('B-')).length).toBe(50);
    expect(keys.filter((k) => k.startsWith('F-')).length).toBe(FILE_ROWS);
  });
});
