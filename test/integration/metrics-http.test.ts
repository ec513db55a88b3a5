import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../main/core/logging/logger';
import { parseServiceArgs } from '../../main/service/args';
import { startService, type RunningService } from '../../main/service/run-service';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { waitFor } from '../helpers/pty';
import { startDesktopApp } from '../helpers/app';
import { api, tempDir } from '../helpers/service-process';

const TOKEN = 'metrics-api-token-0123';
const AINO = { card: 'CU-7H3K9P2A', phone: '+358401234567', digits: '401234567' };

/** One sample's value from the text format, e.g. sample(text, 'till_outbox_pending{type="sales"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function scrape(url: string, token?: string): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(`${url}/metrics`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

/** `promtool check metrics` reads a scrape on stdin and lints names, types, units and help texts. */
function promtoolCheck(text: string): { status: number | null; output: string } {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (run.error) throw new Error(`promtool is needed (Debian package "prometheus"; .ci/run installs it): ${run.error.message}`);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('GET /metrics in service mode (real HTTP, real SQLite, the simulator as Custobar and the benefits service)', () => {
  let sim: Simulator;
  let service: RunningService;
  const call = (method: string, input: unknown = {}) => api<{ ok: boolean; value?: { state?: string } }>(service.url, TOKEN, method, input);

  beforeAll(async () => {
    sim = await startSimulator({ randomSeed: 5 });
    const rendererDir = tempDir();
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>ui</title>');
    const args = ['--port', '0', '--data-dir', tempDir(), '--api-token', TOKEN, '--custobar-url', sim.url, '--benefits-url', sim.url, '--shop-id', 'SHOP-7', '--till-id', 'TILL-3'];
    service = await startService(parseServiceArgs(args, {}), { rendererDir, logger: createMemoryLogger(), env: { TILL_CUSTOBAR_TOKEN: sim.token, TILL_BENEFITS_TOKEN: sim.benefitsToken } });
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
    await sim?.close();
  });

  it('answers 401 without the API token, and with a wrong one', async () => {
    expect((await scrape(service.url)).status).toBe(401);
    expect((await scrape(service.url, 'not-the-token')).status).toBe(401);
  });

  it('serves the Prometheus text format with every till metric, the defaults, and the till identity', async () => {
    const { status, type, text } = await scrape(service.url, TOKEN);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of ['till_outbox_pending', 'till_outbox_oldest_pending_seconds', 'till_outbox_sent_total', 'till_outbox_failed_total', 'till_dead_letters', 'till_redemptions_total', 'till_scan_to_benefits_seconds', 'till_scans_total', 'till_scanner_connected', 'till_upstream_up', 'till_info']) {
      expect(text, name).toContain(`# TYPE ${name} `);
    }
    expect(text).toContain('process_resident_memory_bytes');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text).toMatch(/^till_info\{version="[^"]+",shop_id="SHOP-7",till_id="TILL-3",mode="service"\} 1$/m);
    for (const outcome of ['committed', 'rejected', 'voided', 'offline_queued', 'conflict']) expect(sample(text, `till_redemptions_total{outcome="${outcome}"}`)).toBe(0);
  });

  it('counts a scan, its scan → benefits time and a redemption; no card, phone or name appears', async () => {
    await call('scans.submit', { source: 'manual', raw: AINO.card });
    await call('scans.submit', { source: 'manual', raw: 'NOT A CARD' });
    await waitFor(() => service.companion.checkout.checkout.get().benefitsState === 'ready', 10_000, 'benefits');
    const redeemed = await call('checkout.redeem', { benefitId: 'B-1002' });
    expect(redeemed.body.value?.state).toBe('committed');
    const { text } = await scrape(service.url, TOKEN);
    expect(sample(text, 'till_scans_total{result="accepted"}')).toBe(1);
    expect(sample(text, 'till_scans_total{result="rejected"}')).toBe(1);
    expect(sample(text, 'till_scan_to_benefits_seconds_count')).toBe(1);
    expect(sample(text, 'till_scan_to_benefits_seconds_sum')).toBeGreaterThan(0);
    expect(sample(text, 'till_redemptions_total{outcome="committed"}')).toBe(1);
    expect(sample(text, 'till_upstream_up{service="benefits"}')).toBe(1);
    for (const secret of [AINO.card, AINO.digits, 'Aino', 'Virtanen', 'NOT A CARD']) expect(text).not.toContain(secret);
  });

  it('shows the backlog after an ingest, and what was sent once Custobar took it', async () => {
    const sales = [1, 2, 3].map((n) => ({ sale_external_id: `M-${n}`, sale_customer_id: 'CU-7H3K9P2A', sale_date: '2026-12-01T10:00:00Z', sale_shop_id: 'SHOP-7', sale_total: 1000, product_id: 'P-1', sale_quantity: 1, sale_unit_price: 1000 }));
    expect(service.companion.exports.ingest('sales', sales, { partial: false, source: 'test' }).accepted).toBe(3);
    const before = await scrape(service.url, TOKEN);
    expect(sample(before.text, 'till_outbox_pending{type="sales"}')).toBe(3);
    expect(sample(before.text, 'till_outbox_oldest_pending_seconds{type="sales"}')).toBeGreaterThanOrEqual(0);
    expect((await call('exports.sendNow', { type: 'sales' })).status).toBe(200);
    await waitFor(() => service.companion.exports.store.counts('sales').pending === 0, 20_000, 'sales sent');
    await new Promise((r) => setTimeout(r, 1100)); // the Status view's one-second cache
    const after = await scrape(service.url, TOKEN);
    expect(sample(after.text, 'till_outbox_pending{type="sales"}')).toBe(0);
    expect(sample(after.text, 'till_outbox_sent_total{type="sales"}')).toBe(3);
    expect(sample(after.text, 'till_upstream_up{service="custobar"}')).toBe(1);
  });

  it('counts a record Custobar refused as failed, and shows it among the dead letters', async () => {
    sim.setFaults({ uploads: { rejectKeys: ['BAD-1'] } });
    service.companion.exports.ingest('products', [{ external_id: 'BAD-1', price: 100 }], { partial: false, source: 'test' });
    expect((await call('exports.sendNow', { type: 'products' })).status).toBe(200);
    await waitFor(() => service.companion.exports.store.counts('products').dead === 1, 20_000, 'dead letter');
    await new Promise((r) => setTimeout(r, 1100)); // the Status view's one-second cache
    const { text } = await scrape(service.url, TOKEN);
    expect(sample(text, 'till_dead_letters{type="products"}')).toBe(1);
    expect(sample(text, 'till_outbox_failed_total{type="products"}')).toBe(1);
    expect(sample(text, 'till_outbox_sent_total{type="products"}')).toBe(0);
  });

  it('passes promtool check metrics', async () => {
    const { text } = await scrape(service.url, TOKEN);
    const checked = promtoolCheck(text);
    expect(checked.output).toBe('');
    expect(checked.status).toBe(0);
  });
});

describe('GET /metrics on the desktop app’s ingest port', () => {
  const start = async (env: Record<string, string>, fleet: Record<string, unknown> = {}) => (await startDesktopApp(env, { fleet })).app;

  it('is off (404) until a metrics token is set; the ingest token does not open it', async () => {
    const app = await start({ TILL_INGEST_TOKEN: 'desk-ingest-token' });
    try {
      expect((await scrape(app.server!.url, 'desk-ingest-token')).status).toBe(404);
      expect((await scrape(app.server!.url)).status).toBe(404);
    } finally {
      await app.stop();
    }
  });

  it('with a metrics token: the port opens on it alone, 401 without it or with the ingest token, 200 with it, on loopback by default', async () => {
    const app = await start({ TILL_METRICS_TOKEN: 'desk-metrics-token' });
    try {
      expect(app.server).not.toBeNull();
      expect((app.server!.app.server.address() as { address: string }).address).toBe('127.0.0.1');
      expect((await scrape(app.server!.url)).status).toBe(401);
      expect((await scrape(app.server!.url, 'desk-ingest-token')).status).toBe(401);
      const ok = await scrape(app.server!.url, 'desk-metrics-token');
      expect(ok.status).toBe(200);
      expect(ok.text).toMatch(/^till_info\{.*mode="desktop"\} 1$/m);
      // The ingest API has no token here: nobody can post.
      const post = await fetch(`${app.server!.url}/ingest/sales`, { method: 'POST', headers: { Authorization: 'Bearer desk-metrics-token', 'Content-Type': 'application/json' }, body: '[]' });
      expect(post.status).toBe(401);
    } finally {
      await app.stop();
    }
  });

  it('turns on when the manager sets a metrics token in Settings, without a restart', async () => {
    const app = await start({});
    try {
      expect(app.server).toBeNull();
      await app.companion.api['secrets.set']({ name: 'metricsToken', value: 'set-at-the-till' });
      await expect.poll(() => app.server?.url ?? null, { timeout: 10_000 }).not.toBeNull();
      expect((await scrape(app.server!.url, 'set-at-the-till')).status).toBe(200);
      await app.companion.api['secrets.set']({ name: 'metricsToken', value: '' });
      await expect.poll(() => app.server, { timeout: 10_000 }).toBeNull();
    } finally {
      await app.stop();
    }
  });

  it('listens on every interface when the fleet setting puts it on the store LAN', async () => {
    const app = await start({ TILL_METRICS_TOKEN: 'desk-metrics-token' }, { metricsBind: 'lan' });
    try {
      expect((app.server!.app.server.address() as { address: string }).address).toBe('0.0.0.0');
      const port = app.server!.port;
      expect((await scrape(`http://127.0.0.1:${port}`, 'desk-metrics-token')).status).toBe(200);
    } finally {
      await app.stop();
    }
  });
});
