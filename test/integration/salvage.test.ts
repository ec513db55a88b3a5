import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Companion } from '../../main/core/companion';
import { createMemoryLogger } from '../../main/core/logging/logger';
import { parseServiceArgs } from '../../main/service/args';
import { startService } from '../../main/service/run-service';
import { makeCompanion } from '../helpers/companion';
import { tempDir } from '../helpers/service-process';

const DB = 'till-companion.db';
const customers = (n: number) => Array.from({ length: n }, (_, i) => ({ external_id: `K-${i}`, first_name: `Keep ${i}`, city: 'x'.repeat(100) }));

/** A damaged database never stops the till: kept aside, readable rows salvaged, the Status view told. */
describe('a damaged database', () => {
  const open: Companion[] = [];
  afterEach(async () => {
    for (const c of open.splice(0)) await c.close();
  });
  const start = async (dataDir: string) => {
    const c = await makeCompanion({}, dataDir);
    open.push(c);
    return c;
  };

  /** 3,000 waiting customers, then a stop: clean (checked, marked) or as a crash leaves it (no mark). */
  const filled = async (dataDir: string, stop: 'clean' | 'crash') => {
    const first = await start(dataDir);
    // Not configured for Custobar: everything waits in the outbox.
    for (let i = 0; i < 6; i += 1) first.exports.ingest('customers', customers(3000).slice(i * 500, i * 500 + 500), { partial: false, source: 'test' });
    expect(first.exports.store.counts('customers').pending).toBe(3000);
    await first.close();
    open.length = 0;
    expect(fs.existsSync(path.join(dataDir, `${DB}.clean-stop`))).toBe(true);
    if (stop === 'crash') fs.rmSync(path.join(dataDir, `${DB}.clean-stop`));
  };
  /** Scribble over a run of pages in the middle of the file, as a failing disk would. */
  const scribble = (dataDir: string) => {
    const file = path.join(dataDir, DB);
    const size = fs.statSync(file).size;
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(3 * 4096, 0xa5), 0, 3 * 4096, Math.floor(size / 2 / 4096) * 4096);
    fs.closeSync(fd);
  };

  it('damaged after a clean stop: the start skips the check, the background check finds the damage, and the next start salvages', async () => {
    const dataDir = tempDir();
    await filled(dataDir, 'clean');
    scribble(dataDir);
    const damaged: string[] = [];
    const first = await makeCompanion({}, dataDir, { exports: { onDamaged: (reason) => damaged.push(reason) } });
    open.push(first);
    // No salvage at start (the file was marked sound at the last stop) …
    expect(first.context.warnings.list().map((w) => w.code)).not.toContain('database_salvaged');
    // … but the check on its own thread finds the damage, says so, and asks for a restart.
    await expect.poll(() => damaged.length, { timeout: 10_000 }).toBe(1);
    expect(first.context.warnings.list().find((w) => w.code === 'database_damaged')?.message).toMatch(/The database is damaged \(.+\); the app restarts on it/);
    await first.close();
    open.length = 0;
    // The damaged file was not marked sound at that stop: this start checks it and salvages.
    expect(fs.existsSync(path.join(dataDir, `${DB}.clean-stop`))).toBe(false);
    const again = await start(dataDir);
    expect(again.context.warnings.list().map((w) => w.code)).toContain('database_salvaged');
    expect(again.exports.store.counts('customers').pending).toBeGreaterThan(2000);
  });

  it('damaged after a clean stop, in service mode: the service restarts on its database by itself and salvages it, on the same server', async () => {
    const dataDir = tempDir();
    await filled(dataDir, 'clean');
    scribble(dataDir);
    const service = await startService(parseServiceArgs(['--port', '0', '--data-dir', dataDir, '--api-token', 'salvage-token-1', '--no-demo-feed'], {}), { logger: createMemoryLogger() });
    try {
      const url = service.server!.url;
      await expect.poll(() => service.companion.context.warnings.list().map((w) => w.code), { timeout: 15_000 }).toContain('database_salvaged');
      expect(service.companion.exports.store.counts('customers').pending).toBeGreaterThan(2000);
      expect(service.server!.url).toBe(url);
      expect(fs.readdirSync(dataDir).some((f) => f.startsWith(`${DB}.damaged-`))).toBe(true);
    } finally {
      await service.stop();
    }
  });

  it('with a damaged page after a crash: the app starts, the old file is kept, and the readable outbox rows are salvaged', async () => {
    const dataDir = tempDir();
    await filled(dataDir, 'crash');
    scribble(dataDir);

    const again = await start(dataDir);
    const warning = again.context.warnings.list().find((w) => w.code === 'database_salvaged');
    expect(warning?.message).toMatch(/The database was damaged .*It is kept as .*till-companion\.db\.damaged-\d{8}T\d{9}Z; a new one was made and \d+ outbox were salvaged/);
    const kept = fs.readdirSync(dataDir).filter((f) => /^till-companion\.db\.damaged-\d{8}T\d{9}Z$/.test(f));
    expect(kept).toHaveLength(1);
    expect(String(warning?.params?.keptAs)).toMatch(new RegExp(`${kept[0]!.replace(/\./g, '\\.')}$`));
    const salvaged = again.exports.store.counts('customers').pending;
    expect(salvaged).toBeGreaterThan(2000);
    expect(salvaged).toBeLessThanOrEqual(3000);
    // The new database works as any other.
    again.exports.ingest('customers', [{ external_id: 'K-new' }], { partial: false, source: 'test' });
    expect(again.exports.store.counts('customers').pending).toBe(salvaged + 1);
  });

  it('that is not a database at all: kept aside, and the app starts on an empty one', async () => {
    const dataDir = tempDir();
    const garbage = Buffer.alloc(16384, 0x42);
    fs.writeFileSync(path.join(dataDir, DB), garbage);
    const c = await start(dataDir);
    expect(c.context.warnings.list().find((w) => w.code === 'database_salvaged')?.message).toMatch(/no rows were salvaged/);
    const kept = fs.readdirSync(dataDir).find((f) => f.startsWith(`${DB}.damaged-`))!;
    expect(fs.readFileSync(path.join(dataDir, kept)).equals(garbage)).toBe(true);
    await expect(c.api['status.get']({})).resolves.toMatchObject({ exports: { types: expect.any(Array) } });
  });

  it('a healthy database is left alone, and its background check finds nothing', async () => {
    const dataDir = tempDir();
    (await start(dataDir)).exports.ingest('customers', customers(10), { partial: false, source: 'test' });
    await open[0]!.close();
    open.length = 0;
    const damaged: string[] = [];
    const c = await makeCompanion({}, dataDir, { exports: { onDamaged: (reason) => damaged.push(reason) } });
    open.push(c);
    expect(c.context.warnings.list().map((w) => w.code)).not.toContain('database_salvaged');
    expect(c.exports.store.counts('customers').pending).toBe(10);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(damaged).toEqual([]);
    expect(c.context.warnings.list().map((w) => w.code)).not.toContain('database_damaged');
  });
});
