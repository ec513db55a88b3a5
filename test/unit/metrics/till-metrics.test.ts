import { describe, expect, it } from 'vitest';
import { createMetrics, type MetricsState } from '../../../main/core/metrics/till-metrics';

const state = (over: Partial<MetricsState> = {}): MetricsState => ({
  outbox: () => [{ type: 'sales', pending: 7, dead: 2, oldestPendingAt: new Date(1_000_000).toISOString() }],
  scanner: () => ({ kind: 'serial', connected: false }),
  upstreamUp: (service) => (service === 'custobar' ? false : null),
  info: () => ({ version: '9.9.9', shopId: 'S-1', tillId: 'T-"1"', mode: 'desktop' }),
  now: () => 1_000_000 + 90_000,
  ...over,
});

describe('the till metrics', () => {
  it('keeps what happened before prom-client was loaded and replays it at the first scrape', async () => {
    const metrics = createMetrics({ loadDelayMs: 60_000 });
    metrics.observe(state());
    metrics.scan('accepted');
    metrics.scan('accepted');
    metrics.scanToBenefits(0.12);
    metrics.redemption('offline_queued');
    metrics.sent('sales', 500);
    metrics.failed('customers', 3);
    const { text, contentType } = await metrics.render();
    expect(contentType).toMatch(/^text\/plain/);
    expect(text).toMatch(/^till_scans_total\{result="accepted"\} 2$/m);
    expect(text).toMatch(/^till_scans_total\{result="rejected"\} 0$/m);
    expect(text).toMatch(/^till_scan_to_benefits_seconds_bucket\{le="0\.2"\} 1$/m);
    expect(text).toMatch(/^till_scan_to_benefits_seconds_bucket\{le="0\.1"\} 0$/m);
    expect(text).toMatch(/^till_redemptions_total\{outcome="offline_queued"\} 1$/m);
    expect(text).toMatch(/^till_outbox_sent_total\{type="sales"\} 500$/m);
    expect(text).toMatch(/^till_outbox_failed_total\{type="customers"\} 3$/m);
    metrics.close();
  });

  it('reads the state at each scrape: backlog age in seconds, scanner, upstream (absent until tried), identity escaped', async () => {
    const metrics = createMetrics({ loadDelayMs: 0 });
    metrics.observe(state());
    const { text } = await metrics.render();
    expect(text).toMatch(/^till_outbox_pending\{type="sales"\} 7$/m);
    expect(text).toMatch(/^till_outbox_oldest_pending_seconds\{type="sales"\} 90$/m);
    expect(text).toMatch(/^till_dead_letters\{type="sales"\} 2$/m);
    expect(text).toMatch(/^till_scanner_connected\{kind="serial"\} 0$/m);
    expect(text).toMatch(/^till_upstream_up\{service="custobar"\} 0$/m);
    expect(text).not.toMatch(/till_upstream_up\{service="benefits"\}/);
    expect(text).toContain('till_info{version="9.9.9",shop_id="S-1",till_id="T-\\"1\\"",mode="desktop"} 1');
    metrics.observe(state({ scanner: () => null }));
    expect((await metrics.render()).text).not.toMatch(/^till_scanner_connected/m);
    metrics.close();
  });

  it('a changed till id leaves no old till_info series behind', async () => {
    let tillId = 'OLD';
    const metrics = createMetrics({ loadDelayMs: 0 });
    metrics.observe(state({ info: () => ({ version: '1', shopId: 'S', tillId, mode: 'service' }) }));
    expect((await metrics.render()).text).toContain('till_id="OLD"');
    tillId = 'NEW';
    const { text } = await metrics.render();
    expect(text).toContain('till_id="NEW"');
    expect(text).not.toContain('till_id="OLD"');
    metrics.close();
  });

  it('after close, events are ignored and nothing is kept', async () => {
    const metrics = createMetrics({ loadDelayMs: 60_000 });
    metrics.close();
    for (let i = 0; i < 20_000; i += 1) metrics.scan('accepted');
    const { text } = await metrics.render();
    expect(text).toMatch(/^till_scans_total\{result="accepted"\} 0$/m);
  });
});
