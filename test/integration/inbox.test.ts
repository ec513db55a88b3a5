import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Companion } from '../../main/core/companion';
import { makeCompanion } from '../helpers/companion';
import { tempDir } from '../helpers/service-process';

/** The inbox folder with real files and a real SQLite outbox; polls are driven by the test. */
describe('inbox folder', () => {
  let inbox: string;
  let companion: Companion;

  beforeEach(async () => {
    inbox = tempDir('inbox-');
    // Custobar not configured: records stay in the outbox, where the test can count them.
    companion = await makeCompanion({ overrides: { exports: { inboxDir: inbox, pollMs: 60_000 } } });
  });
  afterEach(async () => companion.close());

  const drop = (name: string, content: string | Buffer) => fs.writeFileSync(path.join(inbox, name), content);
  /** Two polls: the first sees the file, the second finds it unchanged and claims it. */
  const settle = async () => {
    await companion.exports.inbox.poll();
    await companion.exports.inbox.poll();
  };
  const pending = (type: string) => companion.exports.store.counts(type as never).pending;
  const ls = (sub: string) => fs.readdirSync(path.join(inbox, sub)).sort();
  const errorsOf = (sub: string, name: string) => JSON.parse(fs.readFileSync(path.join(inbox, sub, `${name}.errors.json`), 'utf8'));
  const payload = (type: string, key: string) =>
    JSON.parse((companion.exports.db.prepare('SELECT payload FROM outbox_view WHERE type = ? AND record_key = ?').get(type, key) as { payload: string }).payload);

  it('imports CSV, JSON (list or wrapped) and JSONL, then moves each file to done/', async () => {
    drop('customers-1.csv', 'external_id,first_name,can_sms\nC-1,Aino,true\nC-2,Eero,\n');
    drop('products.json', JSON.stringify([{ external_id: 'P-1', price: '19.90' }]));
    drop('shops.json', JSON.stringify({ shops: [{ external_id: 'S1', name: 'Main street' }] }));
    drop('events.jsonl', '{"type":"visit","date":"2026-11-22","customer_id":"C-1"}\n\n{"type":"visit","date":"2026-11-23","customer_id":"C-2"}\n');
    await settle();
    expect([pending('customers'), pending('products'), pending('shops'), pending('events')]).toEqual([2, 1, 1, 2]);
    expect(ls('done')).toEqual(['customers-1.csv', 'events.jsonl', 'products.json', 'shops.json']);
    expect(ls('.').filter((n) => !['done', 'processing', 'rejected'].includes(n))).toEqual([]);
    expect(payload('customers', 'C-2')).toEqual({ external_id: 'C-2', first_name: 'Eero' });
    expect(payload('products', 'P-1')).toEqual({ external_id: 'P-1', price: 1990 });
  });

  it('handles an empty file, a byte-order mark and semicolon-separated spreadsheets', async () => {
    drop('sales-empty.csv', '');
    drop('customers-bom.csv', '\uFEFFexternal_id;first_name\nC-9;Maria\n');
    drop('products-bom.json', '\uFEFF[{"external_id":"P-9","price":100}]');
    await settle();
    expect(ls('done')).toEqual(['customers-bom.csv', 'products-bom.json', 'sales-empty.csv']);
    expect(payload('customers', 'C-9')).toEqual({ external_id: 'C-9', first_name: 'Maria' });
    expect(pending('products')).toBe(1);
  });

  it('parses CSV quoting and embedded newlines', async () => {
    drop('products.csv', 'external_id,title,price\r\nP-1,"Garden hose, 25 m\r\nGreen ""Pro""",39.90\r\nP-2,Plain,1\r\n');
    await settle();
    expect(payload('products', 'P-1')).toEqual({ external_id: 'P-1', title: 'Garden hose, 25 m\r\nGreen "Pro"', price: 3990 });
    expect(pending('products')).toBe(2);
  });

  it('refuses records with invalid UTF-8 or wrong types, lists them, and imports the rest', async () => {
    drop('customers.csv', Buffer.concat([Buffer.from('external_id,first_name\nC-1,Ok\nC-2,'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\nC-3,Fine\n')]));
    drop('products.json', JSON.stringify([{ external_id: 'P-1', price: 'abc' }, { external_id: 'P-2', price: 5 }, 'not a record']));
    await settle();
    expect(pending('customers')).toBe(2);
    expect(errorsOf('done', 'customers.csv')).toMatchObject({ accepted: 2, rejected: 1, errors: [{ position: 'line 3', errors: ['contains bytes that are not valid UTF-8'] }] });
    expect(errorsOf('done', 'products.json').errors).toEqual([
      { position: 'record 1', errors: ['price: "abc" is not an amount'] },
      { position: 'record 3', errors: ['the record must be an object with named fields'] },
    ]);
  });

  it('moves a file with nothing valid, broken syntax or an unknown name to rejected/', async () => {
    drop('products.csv', 'external_id,price\nP 1,abc\n');
    drop('sales.json', '[{"sale_external_id":"S1",');
    drop('readme.txt', 'hello');
    await settle();
    expect(ls('rejected')).toEqual(['products.csv', 'products.csv.errors.json', 'readme.txt', 'readme.txt.errors.json', 'sales.json', 'sales.json.errors.json']);
    expect(errorsOf('rejected', 'sales.json').fileError).toMatch(/JSON syntax error/);
    expect(errorsOf('rejected', 'readme.txt').fileError).toMatch(/not an import file/);
    expect(pending('products') + pending('sales')).toBe(0);
  });

  it('waits for a file that is still being written', async () => {
    const file = path.join(inbox, 'customers.jsonl');
    fs.writeFileSync(file, '{"external_id":"C-1"}\n');
    await companion.exports.inbox.poll();
    fs.appendFileSync(file, '{"external_id":"C-2"}\n');
    await companion.exports.inbox.poll();
    expect(ls('done')).toEqual([]);
    fs.appendFileSync(file, '{"external_id":"C-3"}\n');
    await companion.exports.inbox.poll();
    await companion.exports.inbox.poll();
    expect(pending('customers')).toBe(3);
    expect(ls('done')).toEqual(['customers.jsonl']);
  });

  it('imports a second file with the same name without overwriting the first', async () => {
    drop('shops.csv', 'external_id,name\nS1,One\n');
    await settle();
    drop('shops.csv', 'external_id,name\nS2,Two\n');
    await settle();
    expect(ls('done')).toEqual(['shops.1.csv', 'shops.csv']);
    expect(pending('shops')).toBe(2);
  });

  it('does not import a file twice after a crash between commit and move', async () => {
    drop('shops.csv', 'external_id,name\nS1,One\n');
    await settle();
    fs.renameSync(path.join(inbox, 'done', 'shops.csv'), path.join(inbox, 'processing', 'shops.csv'));
    companion.exports.db.prepare('DELETE FROM outbox').run();
    await companion.exports.inbox.poll();
    expect(pending('shops')).toBe(0);
    expect(ls('processing')).toEqual([]);
  });

  it('imports a file of 200,000 rows in one transaction, streaming', async () => {
    const lines = ['sale_external_id,external_id,sale_date,product_id,quantity,unit_price,total'];
    for (let i = 0; i < 200_000; i += 1) lines.push(`S-${Math.floor(i / 4)},R-${i},2026-11-22 10:00,P-${i % 50},1,"${(i % 100) + 1},90","${(i % 100) + 1},90"`);
    drop('sales-big.csv', `${lines.join('\n')}\n`);
    await settle();
    expect(pending('sales')).toBe(200_000);
    expect(payload('sales', 'S-49999/R-199999')).toMatchObject({ unit_price: 10090, sale_date: '2026-11-22T10:00:00+02:00' });
    expect(ls('done')).toEqual(['sales-big.csv']);
  }, 180_000);
});
