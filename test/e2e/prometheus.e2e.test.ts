import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrometheus, type PrometheusServer } from '../helpers/prometheus';
import { startServiceProcess, type ServiceProcess } from '../helpers/service-process';

/**
 * The fleet's view, end to end: a real Prometheus server scrapes service mode's GET /metrics with
 * the API token, as a store's Prometheus scrapes its tills, and the backlog an ingest leaves shows
 * in Prometheus's query API.
 */
describe('a real Prometheus scraping service mode', () => {
  let service: ServiceProcess;
  let prometheus: PrometheusServer;

  beforeAll(async () => {
    // Sales wait for their cron schedule (the default, hourly): the ingest below stays pending.
    service = await startServiceProcess(['--port', '0', '--shop-id', 'SHOP-42', '--till-id', 'TILL-7', '--schedule', 'sales=0 3 * * *'], { viaNpm: false });
    prometheus = await startPrometheus({ name: 'till', targets: [new URL(service.base).host], token: service.token, labels: { shop_id: 'SHOP-42', till_id: 'TILL-7' } });
  });

  afterAll(async () => {
    await prometheus?.stop();
    await service?.stop();
  });

  it('scrapes with the bearer token and sees till_outbox_pending after an ingest', async () => {
    await expect.poll(async () => (await prometheus.query('up{job="till"}'))[0]?.value, { timeout: 30_000, interval: 500 }).toBe(1);
    const sales = [1, 2, 3, 4, 5].map((n) => ({ sale_external_id: `PROM-${n}`, sale_date: '2026-12-01T10:00:00Z', sale_shop_id: 'SHOP-42', sale_total: 500, product_id: 'P-1', sale_quantity: 1, sale_unit_price: 500 }));
    const res = await fetch(`${service.base}/ingest/sales`, { method: 'POST', headers: { authorization: `Bearer ${service.token}`, 'content-type': 'application/json' }, body: JSON.stringify(sales) });
    expect(res.status).toBe(202);
    await expect.poll(async () => (await prometheus.query('till_outbox_pending{job="till",type="sales"}'))[0]?.value, { timeout: 30_000, interval: 500 }).toBe(5);
    const info = await prometheus.query('till_info{job="till"}');
    expect(info[0]!.metric).toMatchObject({ shop_id: 'SHOP-42', till_id: 'TILL-7', mode: 'service' });
    // The default process metrics come along.
    expect((await prometheus.query('process_resident_memory_bytes{job="till"}'))[0]!.value).toBeGreaterThan(10_000_000);
  });

  it('a scrape without the token is refused: Prometheus marks the target down', async () => {
    const stranger = await startPrometheus({ name: 'stranger', targets: [new URL(service.base).host], token: 'not-the-token' });
    try {
      await expect.poll(async () => (await stranger.query('up{job="stranger"}'))[0]?.value, { timeout: 30_000, interval: 500 }).toBe(0);
    } finally {
      await stranger.stop();
    }
  });
});
