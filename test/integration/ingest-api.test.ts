import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../main/core/logging/logger';
import { parseServiceArgs } from '../../main/service/args';
import { startService, type RunningService } from '../../main/service/run-service';
import { tempDir } from '../helpers/service-process';

const TOKEN = 'ingest-test-token';

describe('ingest API on the service port', () => {
  let service: RunningService;
  const post = (type: string, body: unknown, headers: Record<string, string> = {}, query = '') =>
    fetch(`${service.url}/ingest/${type}${query}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- loosely shaped JSON replies
  const json = async (res: Response): Promise<any> => res.json();

  beforeAll(async () => {
    service = await startService(parseServiceArgs(['--port', '0', '--data-dir', tempDir(), '--api-token', TOKEN], {}), { logger: createMemoryLogger() });
  });
  afterAll(async () => service?.stop());

  it('answers 202 with counts only once the records are committed', async () => {
    const res = await post('customers', [{ external_id: 'C-1', phone_number: '0401234567' }, { external_id: 'C-2' }]);
    expect(res.status).toBe(202);
    expect(await json(res)).toEqual({ type: 'customers', received: 2, accepted: 2, rejected: 0, errors: [] });
    // Committed before the answer: the rows are in the database now.
    const rows = service.companion.exports.db.prepare("SELECT record_key, payload FROM outbox_view WHERE type = 'customers' ORDER BY seq").all() as { record_key: string; payload: string }[];
    expect(rows.map((r) => r.record_key)).toEqual(['C-1', 'C-2']);
    expect(JSON.parse(rows[0]!.payload).phone_number).toBe('+358401234567');
    expect((await post('sales', { sales: [{ sale_external_id: 'S1', external_id: 'S1-1', sale_date: '2026-11-22' }] })).status).toBe(202);
  });

  it('answers 400 with every bad record, storing nothing; with ?partial=1 stores the good ones', async () => {
    const body = [{ external_id: 'P-1', price: 100 }, { external_id: ['P 2'], price: 'x' }, { title: 'no id' }];
    const res = await post('products', body);
    expect(res.status).toBe(400);
    expect((await json(res)).error).toEqual({
      reason: '2 of 3 records are invalid; nothing was stored.',
      records: [
        { position: 'record 1', errors: ['external_id: must be text (an id)', 'price: "x" is not an amount'] },
        { position: 'record 2', errors: ['external_id: required', 'price: required'] },
      ],
    });
    expect(service.companion.exports.store.counts('products').pending).toBe(0);
    const partial = await post('products', body, {}, '?partial=1');
    expect(partial.status).toBe(202);
    expect(await json(partial)).toMatchObject({ accepted: 1, rejected: 2 });
    expect(service.companion.exports.store.counts('products').pending).toBe(1);
  });

  it('refuses missing tokens, foreign origins, unknown types and malformed bodies', async () => {
    expect((await post('customers', [], { Authorization: 'Bearer wrong-token-xx' })).status).toBe(401);
    expect((await post('customers', [], { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await post('orders', [])).status).toBe(404);
    expect((await post('customers', '{broken')).status).toBe(400);
    expect((await post('customers', { something: [] })).status).toBe(400);
    expect((await fetch(`${service.url}/ingest/customers`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(405);
  });

  it('refuses a body nested deeper than 32 levels with 400, and a field longer than 10,000 characters, storing nothing', async () => {
    const before = service.companion.exports.store.counts('customers').pending;
    const deep = await post('customers', '['.repeat(100_000) + ']'.repeat(100_000));
    expect(deep.status).toBe(400);
    expect((await json(deep)).error.reason).toMatch(/nested more than 32 levels deep; at most 32/);
    // Brackets inside strings are text, not nesting.
    const brackets = await post('customers', [{ external_id: 'C-BRACKETS', first_name: '[[[[{{{{'.repeat(10) }]);
    expect(brackets.status).toBe(202);
    const long = await post('customers', [{ external_id: 'C-LONG', first_name: 'x'.repeat(10_001) }]);
    expect(long.status).toBe(400);
    expect((await json(long)).error.records[0].errors).toEqual(['first_name: 10,001 characters; at most 10,000 per field']);
    // A record too big to hold is refused on its own; it is never held in memory whole.
    const huge = await post('customers', [{ external_id: 'C-OK-1' }, { external_id: 'C-HUGE', first_name: 'x'.repeat(11_000_000) }]);
    expect(huge.status).toBe(400);
    expect((await json(huge)).error.records).toEqual([{ position: 'record 1', errors: ['the record is 11,000,040 bytes of JSON; at most 1,048,576 per record'] }]);
    expect(service.companion.exports.store.counts('customers').pending).toBe(before + 1);
    // The contract API refuses deep nesting the same way.
    const contract = await fetch(`${service.url}/api/status.get`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` }, body: '{"a":' + '['.repeat(50) + ']'.repeat(50) + '}' });
    expect(contract.status).toBe(400);
  });

  it('drops a field Custobar does not know, says so in the answer and on the Status view, and sends the rest', async () => {
    const res = await post('customers', [{ external_id: 'C-TYPO', phone_numbr: '0401234567', first_name: 'Typo' }]);
    expect(res.status).toBe(202);
    expect(await json(res)).toMatchObject({ accepted: 1, warnings: [{ position: 'record 0', errors: ['phone_numbr: not a Custobar field (did you mean phone_number?); dropped'] }] });
    const row = service.companion.exports.db.prepare("SELECT payload FROM outbox_view WHERE type = 'customers' AND record_key = 'C-TYPO'").get() as { payload: string };
    expect(JSON.parse(row.payload)).toEqual({ external_id: 'C-TYPO', first_name: 'Typo' });
    const status = await service.companion.api['status.get']({});
    expect(status.warnings.find((w) => w.code === 'unknown_fields')?.message).toMatch(/phone_numbr: not a Custobar field \(did you mean phone_number\?\)/);
    // The values for the UI's own words: the type, how many records, the dropped field names only.
    expect(status.warnings.find((w) => w.code === 'unknown_fields')?.params).toMatchObject({ type: expect.any(String), count: expect.any(Number), fields: expect.stringContaining('phone_numbr') });
    expect(String(status.warnings.find((w) => w.code === 'unknown_fields')?.params?.fields)).not.toContain('did you mean');
    // A clean request has no warnings in its answer.
    expect(await json(await post('customers', [{ external_id: 'C-CLEAN' }]))).not.toHaveProperty('warnings');
  });

  it('refuses new records with 503 when the outbox reaches its disk cap, and warns first', async () => {
    await service.companion.api['settings.update']({ patch: { exports: { maxDiskMb: 1 } } });
    const big = Array.from({ length: 2000 }, (_, i) => ({ external_id: `F-${i}`, title: 'x'.repeat(200), price: i }));
    let status = 202;
    for (let i = 0; i < 20 && status === 202; i += 1) {
      status = (await post('products', big.map((p) => ({ ...p, external_id: `${p.external_id}-${i}` })))).status;
    }
    expect(status).toBe(503);
    const warnings = (await service.companion.api['status.get']({})).warnings;
    expect(warnings.find((w) => w.code === 'outbox_disk')!.message).toMatch(/outbox is full/);
  });
});
