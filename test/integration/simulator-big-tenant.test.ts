import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { jsonOf, simGet, simPost } from '../helpers/simulator-http';

type Row = Record<string, unknown>;

describe('simulator: a 100,000-customer tenant', () => {
  const N = 100_000;
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ randomSeed: 1, customers: N });
  });
  afterAll(async () => sim?.close());

  it('pages every customer once through absolute next_urls, each page cut from an ordered index', async () => {
    const table = sim.state.records.customers;
    // Walking the whole table per page is what a big tenant must not cost: count walks and reads.
    let walks = 0;
    let reads = 0;
    const originalValues = table.values.bind(table);
    const originalEntries = table.entries.bind(table);
    const originalGet = table.get.bind(table);
    table.values = () => ((walks += 1), originalValues());
    table.entries = () => ((walks += 1), originalEntries());
    table.get = (key: string) => ((reads += 1), originalGet(key));

    const seen = new Set<string>();
    let pages = 0;
    let next: string | undefined = `${sim.url}/api/data/customers/?fields=external_id,phone_number,email,can_sms,can_email&limit=1000`;
    try {
      while (next) {
        const page = await jsonOf(simGet(sim, next));
        const rows = page.customers as Row[];
        expect(rows.length).toBeLessThanOrEqual(1000);
        for (const r of rows) seen.add(r.external_id as string);
        pages += 1;
        next = page.next_url;
        if (next) expect(new URL(next).origin).toBe(sim.url);
      }
    } finally {
      delete (table as Partial<typeof table>).values;
      delete (table as Partial<typeof table>).entries;
      delete (table as Partial<typeof table>).get;
    }
    expect(seen.size).toBe(N + 5);
    expect(pages).toBe(Math.ceil((N + 5) / 1000));
    expect(walks).toBe(0);
    expect(reads).toBe(N + 5);
  });

  it('makes realistic, deterministic customers: Finnish E.164 mobiles, e-mails, external ids and varied consents', async () => {
    const rows = (await jsonOf(simGet(sim, '/api/data/customers/?offset=5&limit=10000'))).customers as Row[];
    expect(rows).toHaveLength(10_000);
    expect(rows[0]).toMatchObject({ external_id: 'GEN-0000001' });
    for (const r of rows) {
      expect(r.phone_number).toMatch(/^\+358(40|41|44|45|46|50)\d{7}$/);
      expect(r.email).toMatch(/^[a-z]+\.[a-z]+\.\d+@example\.fi$/);
      expect(r.external_id).toMatch(/^GEN-\d{7}$/);
    }
    expect(new Set(rows.map((r) => r.phone_number)).size).toBe(rows.length);
    for (const [field, low, high] of [['can_email', 0.5, 0.75], ['can_sms', 0.35, 0.6], ['can_post', 0.1, 0.3], ['can_profile', 0.6, 0.85], ['can_push', 0.15, 0.4]] as const) {
      const share = rows.filter((r) => r[field] === true).length / rows.length;
      expect(share, field).toBeGreaterThan(low);
      expect(share, field).toBeLessThan(high);
    }
    const other = await startSimulator({ seed: false, customers: 3 });
    try {
      expect([...other.state.records.customers.values()]).toEqual(rows.slice(0, 3));
    } finally {
      await other.close();
    }
  });

  it('finds one of them by card or phone without a scan, and generates more on request, continuing the numbering', async () => {
    const card = await jsonOf(simGet(sim, '/api/data/customers/?external_id=GEN-0054321&fields=external_id,phone_number'));
    expect(card.customers).toHaveLength(1);
    const phone = encodeURIComponent(card.customers[0].phone_number);
    expect((await jsonOf(simGet(sim, `/api/data/customers/?phone_number=${phone}&fields=external_id`))).customers).toEqual([{ external_id: 'GEN-0054321' }]);

    const made = await jsonOf(simPost(sim, '/__sim/customers/generate', { count: 10 }));
    expect(made).toEqual({ first: N + 1, count: 10, customers: N + 15 });
    expect(sim.state.records.customers.has(`GEN-0${N + 10}`)).toBe(true);
    expect((await simPost(sim, '/__sim/customers/generate', { count: 'many' })).status).toBe(400);
  });
});
