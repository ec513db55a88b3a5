/**
 * The till's fleet metrics: what a retailer's Prometheus (or OpenTelemetry collector) sees of each
 * till. Capabilities report events here (a scan, a redemption's outcome, records sent); the current
 * state (backlog, scanner, upstream services) is read from them when a scrape asks.
 *
 * prom-client costs about 60 ms to load, so it is not on the start-up path: it is loaded a moment
 * after the start, or at the first scrape if that comes sooner. Events reported before it is loaded
 * wait in a bounded list and are replayed into it.
 *
 * Labels carry only fixed vocabularies (type, outcome, result, service) and the till's own identity:
 * no customer, card or phone value ever becomes a label.
 */
import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import type { MetricsRecorder } from '../context/metrics-recorder';
import type { MetricsSnapshot, MetricsState } from './metrics-state';
import { buildRegistry, type TillRegistry } from './registry';

export type { MetricsSnapshot, MetricsState, UpstreamService } from './metrics-state';

export interface Metrics extends MetricsRecorder {
  /** Where the current state is read from; set once the capabilities exist. */
  observe(state: MetricsState): void;
  /** The Prometheus text format, with the process and Node.js default metrics. */
  render(): Promise<MetricsSnapshot>;
  /** The same metrics as prom-client's JSON (the OpenTelemetry export encodes these). */
  json(): Promise<MetricObjectWithValues<MetricValue<string>>[]>;
  close(): void;
}

/** Events kept while prom-client loads; a till scans a few times a minute, so this is never reached in practice. */
const EARLY_LIMIT = 10_000;
/** prom-client is loaded this long after the start, off the path to the first screen. */
const LOAD_DELAY_MS = 1500;


export function createMetrics(options: { loadDelayMs?: number } = {}): Metrics {
  let state: MetricsState | null = null;
  let registry: TillRegistry | null = null;
  let loading: Promise<TillRegistry> | null = null;
  let early: ((r: TillRegistry) => void)[] = [];
  let closed = false;

  const load = (): Promise<TillRegistry> =>
    (loading ??= buildRegistry(() => state).then((built) => {
      registry = built;
      for (const replay of early) replay(built);
      early = [];
      return built;
    }).catch((error: unknown) => {
      // A failed load is tried again at the next scrape, not remembered until a restart.
      loading = null;
      throw error;
    }));
  const timer = setTimeout(() => void load().catch(() => undefined), options.loadDelayMs ?? LOAD_DELAY_MS);
  timer.unref();

  const record = (apply: (r: TillRegistry) => void): void => {
    if (closed) return;
    if (registry) apply(registry);
    else if (early.length < EARLY_LIMIT) early.push(apply);
  };

  return {
    scan: (result) => record((r) => r.scans.inc({ result })),
    scanToBenefits: (seconds) => record((r) => r.scanToBenefits.observe(seconds)),
    redemption: (outcome) => record((r) => r.redemptions.inc({ outcome })),
    sent: (type, records) => record((r) => r.sent.inc({ type }, records)),
    failed: (type, records) => record((r) => r.failed.inc({ type }, records)),
    observe: (next) => {
      state = next;
    },
    render: async () => {
      const r = await load();
      return { contentType: r.contentType, text: await r.text() };
    },
    json: async () => (await load()).json(),
    close: () => {
      closed = true;
      clearTimeout(timer);
      early = [];
      registry?.close();
    },
  };
}

