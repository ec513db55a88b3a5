import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Companion } from '../../main/core/companion';
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

  it('with a damaged page: the app starts, the old file is kept, and the readable outbox rows are salvaged', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    // Not configured for Custobar: everything waits in the outbox.
    for (let i = 0; i < 6; i += 1) first.exports.ingest('customers', customers(3000).slice(i * 500, i * 500 + 500), { partial: false, source: 'test' });
    expect(first.exports.store.counts('customers').pending).toBe(3000);
    await first.close();
    open.length = 0;

    // Scribble over a run of pages in the middle of the file, as a failing disk would.
    const file = path.join(dataDir, DB);
    const size = fs.statSync(file).size;
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(3 * 4096, 0xa5), 0, 3 * 4096, Math.floor(size / 2 / 4096) * 4096);
    fs.closeSync(fd);

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

  it('a healthy database is left alone', async () => {
    const dataDir = tempDir();
    (await start(dataDir)).exports.ingest('customers', customers(10), { partial: false, source: 'test' });
    await open[0]!.close();
    open.length = 0;
    const c = await start(dataDir);
    expect(c.context.warnings.list().map((w) => w.code)).not.toContain('database_salvaged');
    expect(c.exports.store.counts('customers').pending).toBe(10);
  });
});
