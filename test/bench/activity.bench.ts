/**
 * `npm run bench -- activity`: what the customer card's recent activity costs where it matters.
 * Scan → benefits on the till, in the core (the scan handed in, until the benefits are in the checkout
 * state), customer cached, against the simulator on loopback: with the activity panel on — the UI's
 * `customers.activity` call made right after the benefits are shown, not awaited, so the next scan
 * comes while it runs — and the same with the panel off (the reference), alternating, 3 repeats.
 * Every scan is another customer with purchases in Custobar, so each activity call reads Custobar
 * (nothing is answered from the activity cache), and the outbox holds a backlog of sales it looks
 * through. Goal: the benefits are not slowed (≤ 1 ms added at p95).
 *
 * BENCH_ACTIVITY_SCANS=20 makes a quick smoke run.
 */
import { createEnvSecretStore, SERVICE_SECRET_ENV } from '../../main/core/secrets/secret-store';
import type { OutboxItem } from '../../main/core/outbox/outbox-store';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { makeCompanion } from '../helpers/companion';
import { tempDir } from '../helpers/service-process';
import { percentile, repeatedRow, type Row } from './lib';

const REPEATS = 3;
const SCANS = Number(process.env.BENCH_ACTIVITY_SCANS) || 300;
/** Sales rows waiting in the outbox (a day or two offline), a few of them the scanned customers'. */
const BACKLOG = 20_000;
const card = (i: number) => `GEN-${String(i).padStart(7, '0')}`;

/** Each scanned customer: 3 purchases of 4 rows in Custobar, and one benefit. */
function seed(sim: Simulator): void {
  for (let i = 1; i <= SCANS; i += 1) {
    const customer = sim.state.records.customers.get(card(i))!;
    for (let s = 1; s <= 3; s += 1) {
      const sale = `BS-${i}-${s}`;
      for (let r = 1; r <= 4; r += 1) {
        const row = {
          sale_external_id: sale,
          sale_date: `2026-0${s}-1${r}T12:00:00+02:00`,
          sale_customer_id: card(i),
          sale_shop_id: `SHOP-${s}`,
          sale_total: 4000,
          external_id: `${sale}-${r}`,
          product_id: `P-${(i + r) % 40}`,
          quantity: r,
          total: 1000,
        };
        sim.state.records.sales.set(`${sale}/${row.external_id}`, row);
      }
    }
    sim.state.benefits.set(`BB-${i}`, { id: `BB-${i}`, phone_number: String(customer.phone_number), title: 'Free coffee', description: '', kind: 'item', value: 1, valid_until: '2999-12-31', uses_left: null });
  }
}

async function tillFor(sim: Simulator) {
  const companion = await makeCompanion(
    {
      overrides: {
        general: { tillId: 'TILL-B', shopId: 'SHOP-B' },
        custobar: { baseUrl: sim.url, requestsPerMinute: 6000 },
        benefits: { baseUrl: sim.url },
        scanner: { sameCardWindowSec: 0 },
        // The backlog stays where it is during the measure.
        exports: { schedules: { sales: '0 0 1 1 *' } },
      },
    },
    tempDir('bench-activity-'),
    { secrets: createEnvSecretStore({ TILL_CUSTOBAR_TOKEN: sim.token, TILL_BENEFITS_TOKEN: sim.benefitsToken }, SERVICE_SECRET_ENV) },
  );
  const items: OutboxItem[] = [];
  for (let n = 0; n < BACKLOG; n += 1) {
    const who = n % 100 === 0 ? card(1 + (n % SCANS)) : `OTHER-${n % 5000}`;
    const record = { sale_external_id: `BL-${n >> 2}`, external_id: `BL-${n >> 2}-${n & 3}`, sale_date: '2026-05-01T10:00:00+03:00', sale_customer_id: who, product_id: 'P-1', quantity: 1, total: 100 };
    items.push({ type: 'sales', key: `${record.sale_external_id}/${record.external_id}`, record });
  }
  for (let i = 0; i < items.length; i += 5000) companion.exports.store.enqueue(items.slice(i, i + 5000));
  return companion;
}

type Till = Awaited<ReturnType<typeof tillFor>>;

/** Scans a card and resolves when its benefits are in the checkout state. */
async function scan(till: Till, cardId: string): Promise<void> {
  const ready = new Promise<void>((resolve) => {
    const off = till.events.on('checkout', (state) => {
      if (state.cardId === cardId && state.benefitsState === 'ready') {
        off();
        resolve();
      }
    });
  });
  till.scanning.intake.receive({ source: 'manual', text: cardId });
  await ready;
}

/** p95 of scan → benefits over SCANS scans of different customers, their customers cached; with the panel on, each one's activity asked for at once. */
async function measure(till: Till, panel: boolean): Promise<{ p95: number; activityP95: number | null; failed: number }> {
  for (let i = 1; i <= SCANS; i += 1) await scan(till, card(i)); // fills the customer cache
  const times: number[] = [];
  const activity: Promise<number>[] = [];
  for (let i = 1; i <= SCANS; i += 1) {
    const started = performance.now();
    await scan(till, card(i));
    const shown = performance.now();
    times.push(shown - started);
    if (panel) activity.push(till.dispatch('customers.activity', { cardId: card(i) }).then((r) => (r.ok && (r.value as { purchases: unknown[] }).purchases.length > 0 ? performance.now() - shown : Number.NaN)));
  }
  const answered = await Promise.all(activity);
  const ok = answered.filter((t) => !Number.isNaN(t)).sort((a, b) => a - b);
  return { p95: percentile(times.sort((a, b) => a - b), 95), activityP95: panel ? percentile(ok, 95) : null, failed: answered.length - ok.length };
}

export async function activityBench(): Promise<Row[]> {
  const sim = await startSimulator({ randomSeed: 7, customers: SCANS });
  seed(sim);
  const on: number[] = [];
  const off: number[] = [];
  const answered: number[] = [];
  let failed = 0;
  try {
    for (let r = 0; r < REPEATS; r += 1) {
      for (const panel of [false, true]) {
        const till = await tillFor(sim);
        try {
          const result = await measure(till, panel);
          (panel ? on : off).push(result.p95);
          if (result.activityP95 !== null) answered.push(result.activityP95);
          failed += result.failed;
        } finally {
          await till.close();
        }
      }
    }
  } finally {
    await sim.close();
  }
  const added = on.map((v, i) => v - off[i]!);
  const spreadOf = (values: number[]) => [...values].sort((a, b) => a - b);
  return [
    {
      ...repeatedRow(`scan → benefits p95 in the core, activity panel on (${SCANS} scans of different customers, cached; ${BACKLOG.toLocaleString('en-US')} sales waiting)`, 'ms', on, { label: 'the same, panel off', values: off }, { lowerIsBetter: true }),
      note: `added ${added.map((a) => a.toFixed(2)).join(' / ')} ms (goal ≤ 1 ms at p95)`,
    },
    {
      figure: 'benefits shown → activity answered p95 (12 Custobar sale rows each, the outbox looked through)',
      unit: 'ms',
      value: spreadOf(answered)[Math.floor((answered.length - 1) / 2)] ?? Number.NaN,
      repeats: spreadOf(answered),
      note: failed === 0 ? 'every call answered with the purchases' : `${failed} call(s) failed or came back empty`,
    },
  ];
}
