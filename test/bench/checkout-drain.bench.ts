import fs from 'node:fs';
import type { Page } from 'playwright-core';
import type { RunningService } from '../../main/service/run-service';
import { percentile, spread, type Row } from './lib';
import { paintProbe } from './paint-probe';

const CARDS = ['CU-7H3K9P2A', 'CU-4M8Q1Z6T', 'CU-9R2W5X8L', 'CU-3B6N0V4C'];
const BACKLOG = 20_000;
const ROUNDS = 3;
const IDLE_SCANS = 40;
const wallNow = (): number => performance.timeOrigin + performance.now();

const INSTALL_CUSTOMER_PROBE = paintProbe('__shown', 'customer-name', '(name) => Boolean(name.textContent)');

async function scanOnce(page: Page, writer: number, card: string): Promise<number> {
  await page.evaluate(`window.__shown = null; window.__expect = ${JSON.stringify(card)};`);
  fs.writeSync(writer, `${card}\r`);
  const start = wallNow();
  const handle = await page.waitForFunction('window.__shown', undefined, { polling: 'raf', timeout: 20_000 });
  return Number(await handle.jsonValue()) - start;
}

function sales(round: number): Record<string, unknown>[] {
  return Array.from({ length: BACKLOG }, (_, i) => ({
    sale_external_id: `DRAIN-${round}-${Math.floor(i / 2)}`,
    external_id: `DRAIN-${round}-${i}`,
    sale_date: '2026-11-30T12:00:00+02:00',
    product_id: 'P-1',
    quantity: 1,
    unit_price: 100,
    total: 100,
  }));
}

/**
 * The lookup lane under load: scan → customer shown while a 20,000-sale backlog drains at the default
 * throttle (180 requests/min) to a simulator that answers uploads after 200 ms, beside the same
 * figure with an empty outbox, in each of three rounds.
 */
export async function drainBench(service: RunningService, page: Page, writer: number): Promise<Row[]> {
  const sim = service.demo!.simulator;
  const store = service.companion.exports.store;
  await service.companion.api['settings.update']({ patch: { custobar: { requestsPerMinute: 180 } } });
  sim.setFaults({ benefits: { latencyMs: 0 }, data: { latencyMs: 0 }, uploads: { latencyMs: 200 } });
  await page.evaluate(INSTALL_CUSTOMER_PROBE);
  const idleP95: number[] = [];
  const drainP95: number[] = [];
  let drainScans = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    const idle: number[] = [];
    for (let i = 0; i < IDLE_SCANS; i += 1) idle.push(await scanOnce(page, writer, CARDS[i % CARDS.length]!));
    const queued = service.companion.exports.ingest('sales', sales(round), { partial: false, source: 'bench' });
    if (queued.accepted !== BACKLOG) throw new Error(`the backlog was not queued: ${JSON.stringify(queued.errors.slice(0, 3))}`);
    const during: number[] = [];
    // Scan for as long as the backlog is still draining (at least one upload still to go).
    for (let i = 0; store.counts('sales').pending > 500; i += 1) during.push(await scanOnce(page, writer, CARDS[i % CARDS.length]!));
    if (during.length === 0) throw new Error('the backlog drained before a single scan: nothing was measured during the drain');
    drainScans += during.length;
    idle.sort((a, b) => a - b);
    during.sort((a, b) => a - b);
    idleP95.push(percentile(idle, 95));
    drainP95.push(percentile(during, 95));
    while (store.counts('sales').pending > 0) await new Promise((r) => setTimeout(r, 200));
  }
  const idleFigure = spread(idleP95);
  const drainFigure = spread(drainP95);
  const goal = drainFigure.value <= 1.5 * idleFigure.value;
  return [
    {
      figure: `scan → customer shown p95 while ${BACKLOG.toLocaleString('en-US')} sales drain (180 req/min, uploads answered in 200 ms)`,
      ...drainFigure,
      unit: 'ms',
      reference: { label: 'same, empty outbox p95', value: idleFigure.value },
      lowerIsBetter: true,
      note: `goal ≤ 1.5× idle: ${goal ? 'met' : 'MISSED'}; ${drainScans} scans during drains, ${ROUNDS * IDLE_SCANS} idle`,
    },
  ];
}
