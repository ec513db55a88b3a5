import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Companion } from '../../main/core/companion';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { companionFor, drained } from '../helpers/exports';
import { tempDir } from '../helpers/service-process';

/** A real full disk: a small tmpfs (CI runs as root, so it can mount one). */
function mountTmpfs(sizeMb: number): string | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null;
  const dir = tempDir('disk-full-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    return null;
  }
}

const probe = mountTmpfs(1);
if (probe) execFileSync('umount', [probe]);

describe.skipIf(!probe)('a full disk (tmpfs)', () => {
  let mount: string | null = null;
  let sim: Simulator | null = null;
  let companion: Companion | null = null;
  afterEach(async () => {
    await companion?.close();
    await sim?.close();
    if (mount) execFileSync('umount', ['-l', mount]);
  });

  it('answers unavailable with the reason, keeps nothing of that request, warns, serves checkout, and delivers everything once space returns', async () => {
    mount = mountTmpfs(8)!;
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
});
