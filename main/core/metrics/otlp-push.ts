import type { CoreContext } from '../context/context';
import { serviceUrlProblem } from '../../../preload/schemas/settings';
import { tapLogger } from '../logging/logger';
import type { OtlpExport } from './otlp/otlp-export';
import type { Metrics } from './till-metrics';

type LogLine = Parameters<OtlpExport['log']>[0];

/** The collector's token goes as a bearer token, and only over https (or to this computer). */
function collectorHeaders(url: string, token: string, logger: { warn(message: string): void }): Record<string, string> {
  if (!token) return {};
  const problem = serviceUrlProblem(url);
  if (problem) {
    logger.warn(`the collector token is not sent to ${url}: ${problem.message}`);
    return {};
  }
  return { Authorization: `Bearer ${token}` };
}
const EARLY_LINES = 200;

/** Its own problems are logged under this scope and not exported: a collector that is down must not feed itself. */
const SCOPE = 'otlp';

/**
 * The OpenTelemetry push, for tills a scraper cannot reach: while `fleet.otlpUrl` is set, the
 * metrics and the warning and error log lines go to that collector. A change of the address, the
 * interval or the till's identity restarts it; an empty address stops it. The exporter is loaded
 * only when an address is set.
 */
export function startOtlpPush(ctx: CoreContext, metrics: Metrics): { close(): Promise<void> } {
  const logger = ctx.logger.child(SCOPE);
  let current: { key: string; export: Promise<OtlpExport | null> } | null = null;
  /** The running exporter, once loaded: log lines go to it. */
  let exporter: OtlpExport | null = null;
  /** Lines logged while the exporter loads (the start-up's warnings are the interesting ones); bounded. */
  let early: LogLine[] = [];
  /** The collector address in use ('' = off), so a log line costs no settings read. */
  let url = '';
  let closed = false;

  const wanted = () => {
    const fleet = ctx.settings.get().fleet;
    return { url: fleet.otlpUrl, intervalMs: fleet.otlpIntervalSeconds * 1000, token: ctx.secrets.get('otlpToken') ?? '', ...ctx.ids() };
  };

  const apply = (): void => {
    const want = wanted();
    const key = JSON.stringify(want);
    if (closed || current?.key === key) return;
    const previous = current?.export;
    current = { key, export: Promise.resolve(null) };
    exporter = null;
    early = [];
    url = want.url;
    void previous?.then((running) => running?.stop());
    if (!want.url) return;
    current.export = import('./otlp/otlp-export')
      .then(({ startOtlpExport }) => {
        if (closed || current?.key !== key) return null;
        logger.info(`pushing metrics and warnings to the OpenTelemetry collector at ${want.url}`);
        exporter = startOtlpExport({
          url: want.url,
          intervalMs: want.intervalMs,
          resource: { serviceVersion: ctx.config.version, shopId: want.shopId, tillId: want.tillId, mode: ctx.config.mode === 'service' ? 'service' : 'desktop' },
          collect: () => metrics.json(),
          onProblem: (message) => logger.warn(message),
          headers: collectorHeaders(want.url, want.token, logger),
        });
        for (const line of early.splice(0)) exporter.log(line);
        return exporter;
      })
      .catch((error: unknown) => {
        logger.error('the OpenTelemetry export could not start', { error });
        return null;
      });
  };

  const offSettings = ctx.settings.onChange(apply);
  // A new collector token (secrets.set) is announced as a settings event.
  const offSecrets = ctx.events.on('settings', apply);
  apply();

  const offLogs = tapLogger(ctx.logger, (record) => {
    const level = record.level;
    if ((level !== 'warn' && level !== 'error') || !url || String(record.scope ?? '').endsWith(`:${SCOPE}`)) return;
    const line: LogLine = { level, message: String(record.msg ?? ''), time: String(record.time ?? new Date().toISOString()), scope: String(record.scope ?? 'app') };
    if (exporter) exporter.log(line);
    else if (early.length < EARLY_LINES) early.push(line);
  });

  return {
    close: async () => {
      closed = true;
      offSettings();
      offSecrets();
      offLogs();
      await (await current?.export)?.stop();
    },
  };
}
