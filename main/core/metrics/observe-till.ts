import type { CoreContext } from '../context/context';
import type { createExports } from '../exports/exports';
import type { createScanning } from '../scanning/scanning';
import type { Metrics } from './till-metrics';

/**
 * Connects the metrics to the running till: the state a scrape reads (backlog, scanner, upstream
 * services, identity) and the scans it counts. Events that happen deeper inside (redemptions,
 * deliveries, scan → benefits) are reported through `ctx.metrics` where they happen.
 */
export function observeTill(ctx: CoreContext, metrics: Metrics, parts: { scanning: ReturnType<typeof createScanning>; exports: ReturnType<typeof createExports> }): void {
  parts.scanning.intake.onScan((scan) => metrics.scan(scan.accepted ? 'accepted' : 'rejected'));
  metrics.observe({
    // The Status view's export section: maintained counts, cached for a second, never a scan of the outbox.
    outbox: () => parts.exports.status().types,
    // No scanner configured (scanner kind none) is not a disconnected scanner: no series.
    scanner: () => {
      const scanner = parts.scanning.manager.status();
      return scanner.kind === 'none' ? null : { kind: scanner.kind, connected: scanner.state === 'connected' };
    },
    // Not yet tried (or not configured) is neither up nor down: no series, so no false "down" alert.
    upstreamUp: (service) => {
      const state = ctx.connections[service].get().state;
      return state === 'unknown' || state === 'unconfigured' ? null : state === 'online';
    },
    info: () => ({ version: ctx.config.version, ...ctx.ids(), mode: ctx.config.mode === 'service' ? 'service' : 'desktop' }),
    now: () => ctx.now().getTime(),
  });
}
