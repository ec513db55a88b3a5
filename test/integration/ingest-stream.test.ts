import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../main/core/logging/logger';
import { CHUNK_RECORDS } from '../../main/core/exports/ingest-stream';
import { parseServiceArgs } from '../../main/service/args';
import { startService, type RunningService } from '../../main/service/run-service';
import { StagingStore } from '../../main/core/outbox/staging-store';
import { tempDir } from '../helpers/service-process';

const TOKEN = 'stream-test-token';

/**
 * Uploads bigger than one chunk take the staged path (validated and staged chunk by chunk, sealed,
 * moved): these check that it keeps the promises of the small path — all-or-nothing, every bad
 * record listed, ?partial=1 — and that the rows of a sale are one sale across chunks.
 */
describe('ingest of uploads bigger than one chunk', () => {
  let service: RunningService;
  let inbox: string;
  const post = (type: string, body: unknown, query = '') =>
    fetch(`${service.url}/ingest/${type}${query}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(body),
    });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- loosely shaped JSON replies
  const json = async (res: Response): Promise<any> => res.json();
  const rows = (type: string, like = '%') =>
    (service.companion.exports.db.prepare('SELECT record_key, payload FROM outbox_view WHERE type = ? AND record_key LIKE ? ORDER BY seq').all(type, like) as { record_key: string; payload: string }[]).map(
      (r) => ({ key: r.record_key, ...JSON.parse(r.payload) }),
    );
  const staged = () => (service.companion.exports.db.prepare('SELECT (SELECT count(*) FROM inbox_staging) + (SELECT count(*) FROM staging_sales) + (SELECT count(*) FROM staged_batches) AS n').get() as { n: number }).n;

  beforeAll(async () => {
    const dataDir = tempDir();
    inbox = path.join(dataDir, 'inbox');
    fs.mkdirSync(inbox, { recursive: true });
    service = await startService(parseServiceArgs(['--port', '0', '--data-dir', dataDir, '--api-token', TOKEN], {}), { logger: createMemoryLogger() });
    await service.companion.api['settings.update']({ patch: { exports: { inboxDir: inbox, pollMs: 200 } } });
  });
  afterAll(async () => service?.stop());

  const n = CHUNK_RECORDS * 2 + 500;
  const customers = (prefix: string) => Array.from({ length: n }, (_, i) => ({ external_id: `${prefix}-${i}`, first_name: `Name ${i}`, phone_number: `040${String(1000000 + i)}` }));

  it('commits all of a big upload, or — with one bad record at its very end — none of it, listing it', async () => {
    const good = await post('customers', customers('BIG'));
    expect(good.status).toBe(202);
    expect(await json(good)).toEqual({ type: 'customers', received: n, accepted: n, rejected: 0, errors: [] });
    expect(rows('customers', 'BIG-%')).toHaveLength(n);
    expect(rows('customers', 'BIG-%')[n - 1]).toMatchObject({ external_id: `BIG-${n - 1}`, phone_number: `+35840${1000000 + n - 1}` });

    const body = [...customers('ALL'), { external_id: 'ALL-BAD', email: 'not an address' }];
    const bad = await post('customers', body);
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toEqual({
      reason: `1 of ${n + 1} records are invalid; nothing was stored.`,
      records: [{ position: `record ${n}`, errors: ['email: is not an e-mail address'] }],
    });
    expect(rows('customers', 'ALL-%')).toHaveLength(0);
    expect(staged()).toBe(0);

    const partial = await post('customers', body, '?partial=1');
    expect(partial.status).toBe(202);
    expect(await json(partial)).toMatchObject({ received: n + 1, accepted: n, rejected: 1 });
    expect(rows('customers', 'ALL-%')).toHaveLength(n);
    expect(staged()).toBe(0);
  });

  // Magento's plugin puts the order's fields on its first row only.
  const order = (id: string, items: number, levelOnRow = 0) =>
    Array.from({ length: items }, (_, i) => ({
      sale_external_id: id,
      external_id: `${id}-${i + 1}`,
      product_id: `KS.38${i}`,
      quantity: 1,
      unit_price: 1990,
      ...(i === levelOnRow ? { sale_date: '2026-11-30 12:00', sale_customer_id: 'C-42', sale_total: 1990 * items, sale_payment_method: 'card' } : {}),
    }));

  it('puts a sale’s fields, given on one row, on every row — also when its rows span chunks', async () => {
    // 2,501 rows: the order's fields come on its last row, 1,500 rows after its first, in another chunk.
    const filler = Array.from({ length: 1000 }, (_, i) => order(`F${i}`, 1)).flat();
    const long = order('M-LONG', 1501, 1500);
    const res = await post('sales', [...long.slice(0, 1000), ...filler, ...long.slice(1000)]);
    expect(res.status).toBe(202);
    expect(await json(res)).toMatchObject({ accepted: 2501, rejected: 0 });
    const saved = rows('sales', 'M-LONG/%');
    expect(saved).toHaveLength(1501);
    for (const row of [saved[0], saved[999], saved[1500]]) {
      expect(row).toMatchObject({ sale_date: '2026-11-30T12:00:00+02:00', sale_customer_id: 'C-42', sale_total: 1990 * 1501, sale_payment_method: 'card' });
    }
    // In a small request too.
    expect((await post('sales', order('M-SMALL', 3, 2))).status).toBe(202);
    expect(rows('sales', 'M-SMALL/%').map((r) => r.sale_date)).toEqual(Array(3).fill('2026-11-30T12:00:00+02:00'));
  });

  it('refuses a sale none of whose rows has a date, and rows of one sale that disagree', async () => {
    const undated = order('U-1', 3, -1);
    const res = await post('sales', [...order('OK-1', 2), ...undated]);
    expect(res.status).toBe(400);
    expect((await json(res)).error.records).toEqual([
      { position: 'record 2', errors: ['sale_date: required on at least one row of sale U-1 (3 rows)'] },
      { position: 'record 3', errors: ['sale_date: required on at least one row of sale U-1 (3 rows)'] },
      { position: 'record 4', errors: ['sale_date: required on at least one row of sale U-1 (3 rows)'] },
    ]);
    const disagree = order('D-1', 2);
    disagree[1] = { ...disagree[1]!, sale_date: '2026-11-29 09:00' } as (typeof disagree)[number];
    const conflict = await json(await post('sales', disagree));
    expect(conflict.error.records[0].errors[0]).toMatch(/^sale_date: differs from another row of sale D-1/);
    // Across chunks, with ?partial=1: the undated sale's rows are refused, the rest kept.
    const big = [...Array.from({ length: 1200 }, (_, i) => order(`P${i}`, 1)).flat(), ...order('U-2', 1500, -1)];
    const partial = await post('sales', big, '?partial=1');
    expect(partial.status).toBe(202);
    const answer = await json(partial);
    expect(answer).toMatchObject({ received: 2700, accepted: 1200, rejected: 1500 });
    expect(answer.errors).toEqual([{ position: 'record 1200', errors: ['sale_date: required on at least one row of sale U-2 (1500 rows)'] }]);
    expect(rows('sales', 'U-2/%')).toHaveLength(0);
    expect(rows('sales', 'P1199/%')).toHaveLength(1);
    expect(staged()).toBe(0);
  });

  it('reads an inbox file of many chunks the same way, sale fields across its rows', async () => {
    fs.mkdirSync(inbox, { recursive: true });
    const lines = order('FILE-1', 2200, 2199).map((r) => JSON.stringify(r));
    fs.writeFileSync(path.join(inbox, 'sales.jsonl'), lines.join('\n'));
    const deadline = Date.now() + 20_000;
    while (rows('sales', 'FILE-1/%').length < 2200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const saved = rows('sales', 'FILE-1/%');
    expect(saved).toHaveLength(2200);
    expect(saved[0]).toMatchObject({ sale_customer_id: 'C-42', sale_date: '2026-11-30T12:00:00+02:00' });
  });
});

describe('an upload sealed when the app stopped', () => {
  it('is moved into the outbox at the next start; one never sealed is dropped', async () => {
    const dataDir = tempDir();
    const args = parseServiceArgs(['--port', '0', '--data-dir', dataDir, '--api-token', TOKEN], {});
    const first = await startService(args, { logger: createMemoryLogger() });
    const staging = new StagingStore(first.companion.exports.db);
    const item = (i: number) => ({ type: 'customers' as const, key: `R-${i}`, record: { external_id: `R-${i}` } });
    // As a crash would leave them: one batch sealed (acknowledged) and half moved, one still staging.
    staging.stage('sealed', 0, [0, 1, 2, 3].map(item));
    staging.seal('sealed', 'customers', 'ingest', 4);
    staging.moveSome('sealed', 2);
    staging.stage('unsealed', 0, [item(9)]);
    await first.stop();

    const second = await startService(args, { logger: createMemoryLogger() });
    try {
      const db = second.companion.exports.db;
      const deadline = Date.now() + 5000;
      const keys = () => (db.prepare("SELECT record_key FROM outbox_view WHERE type = 'customers' ORDER BY seq").all() as { record_key: string }[]).map((r) => r.record_key);
      while (keys().length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(keys()).toEqual(['R-0', 'R-1', 'R-2', 'R-3']);
      expect(db.prepare('SELECT count(*) AS n FROM inbox_staging').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT count(*) AS n FROM staged_batches').get()).toEqual({ n: 0 });
    } finally {
      await second.stop();
    }
  });
});
