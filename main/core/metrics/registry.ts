/**
 * The prom-client side of the till's metrics, loaded on demand (see till-metrics.ts). Counters and
 * the histogram are fed by events; the gauges read the app's state at each scrape through
 * prom-client's `collect()`, so a scrape costs a few constant-time reads and never scans the outbox.
 */
import type { Counter, Histogram, MetricObjectWithValues, MetricValue, Registry } from 'prom-client';
import { exportTypes } from '../custobar/types';
import type { MetricsState } from './metrics-state';

export interface TillRegistry {
  scans: Counter<'result'>;
  scanToBenefits: Histogram;
  redemptions: Counter<'outcome'>;
  sent: Counter<'type'>;
  failed: Counter<'type'>;
  contentType: string;
  text(): Promise<string>;
  json(): Promise<MetricObjectWithValues<MetricValue<string>>[]>;
  close(): void;
}

type PromClient = typeof import('prom-client');

/**
 * The process and Node.js default metrics belong to the process, not to one data set: they are
 * registered once, in their own registry, however often the data set is restarted (each
 * registration would start another event-loop monitor and GC observer).
 */
let processRegistry: Registry | null = null;

/** Seconds on a till's scale: a cached customer's benefits in 10–50 ms on a store LAN, a slow network in seconds. */
const SCAN_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10];

export async function buildRegistry(state: () => MetricsState | null): Promise<TillRegistry> {
  const loaded = (await import('prom-client')) as PromClient & { default?: PromClient };
  // prom-client is CommonJS: in the bundle its exports arrive as the module's default.
  const prom: PromClient = loaded.default ?? loaded;
  if (!processRegistry) {
    processRegistry = new prom.Registry();
    prom.collectDefaultMetrics({ register: processRegistry });
    // Gauges named like counters: Prometheus's own lint (promtool check metrics) refuses them, and
    // nodejs_active_handles / _requests / _resources{type} carry the same numbers by type.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) processRegistry.removeSingleMetric(name);
  }
  const shared = processRegistry;
  const registry = new prom.Registry();
  const registers = [registry];

  const outboxGauge = (name: string, help: string, value: (t: ReturnType<MetricsState['outbox']>[number], now: number) => number) =>
    new prom.Gauge({
      name,
      help,
      labelNames: ['type'] as const,
      registers,
      collect() {
        const s = state();
        if (!s) return;
        const now = s.now();
        for (const t of s.outbox()) this.set({ type: t.type }, value(t, now));
      },
    });
  outboxGauge('till_outbox_pending', 'Records waiting in the outbox to be sent to Custobar', (t) => t.pending);
  outboxGauge('till_outbox_oldest_pending_seconds', 'Age of the oldest record not yet sent (0 when none waits)', (t, now) =>
    t.oldestPendingAt ? Math.max(0, (now - Date.parse(t.oldestPendingAt)) / 1000) : 0,
  );
  outboxGauge('till_dead_letters', 'Records Custobar refused, parked for a manager to fix or discard', (t) => t.dead);

  new prom.Gauge({
    name: 'till_scanner_connected',
    help: '1 when the configured loyalty-card scanner (kind: serial, hid, wedge) is connected; absent when none is configured',
    labelNames: ['kind'] as const,
    registers,
    collect() {
      const s = state();
      if (!s) return;
      // Labelled, so "no scanner configured" can be no series at all rather than a 0 that alerts.
      this.reset();
      const scanner = s.scanner();
      if (scanner) this.set({ kind: scanner.kind }, scanner.connected ? 1 : 0);
    },
  });
  new prom.Gauge({
    name: 'till_upstream_up',
    help: '1 when the last request to the service succeeded, 0 when it failed (absent until the first request)',
    labelNames: ['service'] as const,
    registers,
    collect() {
      const s = state();
      if (!s) return;
      this.reset();
      for (const service of ['custobar', 'benefits'] as const) {
        const up = s.upstreamUp(service);
        if (up !== null) this.set({ service }, up ? 1 : 0);
      }
    },
  });
  new prom.Gauge({
    name: 'till_info',
    help: 'The till: its version, shop, till id and mode (value 1)',
    labelNames: ['version', 'shop_id', 'till_id', 'mode'] as const,
    registers,
    collect() {
      const s = state();
      if (!s) return;
      // A changed till id must not leave the old series behind.
      this.reset();
      const info = s.info();
      this.set({ version: info.version, shop_id: info.shopId, till_id: info.tillId, mode: info.mode }, 1);
    },
  });

  const scans = new prom.Counter({ name: 'till_scans_total', help: 'Scans read, by whether they were a loyalty card', labelNames: ['result'] as const, registers });
  const redemptions = new prom.Counter({ name: 'till_redemptions_total', help: 'Benefit redemptions by outcome', labelNames: ['outcome'] as const, registers });
  const sent = new prom.Counter({ name: 'till_outbox_sent_total', help: 'Records Custobar accepted', labelNames: ['type'] as const, registers });
  const failed = new prom.Counter({ name: 'till_outbox_failed_total', help: 'Records whose delivery failed (to be retried, or refused)', labelNames: ['type'] as const, registers });
  const scanToBenefits = new prom.Histogram({ name: 'till_scan_to_benefits_seconds', help: 'From a card scan to its benefits on the screen', buckets: SCAN_BUCKETS, registers });
  // Every series exists from the first scrape, at 0: rate() and alerts see a till with no conflicts yet.
  for (const result of ['accepted', 'rejected']) scans.inc({ result }, 0);
  for (const outcome of ['committed', 'rejected', 'voided', 'offline_queued', 'conflict']) redemptions.inc({ outcome }, 0);
  for (const type of exportTypes) {
    sent.inc({ type }, 0);
    failed.inc({ type }, 0);
  }

  return {
    scans,
    scanToBenefits,
    redemptions,
    sent,
    failed,
    contentType: registry.contentType,
    text: async () => (await shared.metrics()) + (await registry.metrics()),
    json: async () => [...(await shared.getMetricsAsJSON()), ...(await registry.getMetricsAsJSON())],
    close: () => registry.clear(),
  };
}
