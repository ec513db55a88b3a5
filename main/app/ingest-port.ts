import { randomBytes } from 'node:crypto';
import type { Companion } from '../core/companion';
import type { Logger } from '../core/logging/logger';
import { ingestRoutes } from '../http/routes/ingest';
import { metricsRoutes } from '../http/routes/metrics';
import { permissionRoutes } from '../http/routes/permissions';
import { campaignRoutes } from '../http/routes/campaigns';
import { startHttpServer, type HttpServer } from '../http/server';

export interface IngestPort {
  /** The listening server; null while it is off. */
  readonly server: HttpServer | null;
  close(): Promise<void>;
}

/**
 * The desktop app's ingest port, following Settings: setting a token, the port or where it listens
 * turns it on, off or moves it at once, without a restart (a manager who sets the metrics token
 * expects the store's Prometheus to reach the till now).
 */
export async function openIngestPort(companion: Companion, logger: Logger): Promise<IngestPort> {
  const shape = (): string => {
    const s = companion.context.settings.get();
    const secrets = companion.context.secrets;
    // The ingest token is in the server's guard; the webhook secrets and the metrics token are read per request.
    const perRequest = Boolean(companion.permissions.webhookSecret() || companion.prompts.webhookSecret() || secrets.get('metricsToken'));
    return JSON.stringify([s.exports.ingestPort, s.fleet.metricsBind, secrets.get('ingestToken') ?? '', perRequest]);
  };
  let current = shape();
  let server = await startIngestPort(companion, logger);
  let chain: Promise<void> = Promise.resolve();
  let closed = false;
  const off = companion.events.on('settings', () => {
    chain = chain.then(async () => {
      const next = shape();
      if (closed || next === current) return;
      current = next;
      await server?.close();
      server = await startIngestPort(companion, logger);
      logger.info(server ? `ingest API now on ${server.url}` : 'ingest API off');
    }).catch((error: unknown) => logger.error('the ingest API could not follow the new settings', { error }));
  });
  return {
    get server() {
      return server;
    },
    close: async () => {
      closed = true;
      off();
      await chain;
      await server?.close();
      server = null;
    },
  };
}

/**
 * The desktop app's ingest API for the POS, Custobar's permissions and campaigns webhooks and the store
 * scraper's GET /metrics. It needs an ingest token, a webhook secret or a metrics token: with none set in
 * Settings it stays off. It listens on loopback unless the fleet setting puts it on the store LAN.
 * It serves no page, so every browser request is refused.
 */
async function startIngestPort(companion: Companion, logger: Logger): Promise<HttpServer | null> {
  const settings = companion.context.settings.get();
  const port = settings.exports.ingestPort;
  const secrets = companion.context.secrets;
  const token = secrets.get('ingestToken');
  const webhook = companion.permissions.webhookSecret() || companion.prompts.webhookSecret();
  const metricsToken = (): string | undefined => secrets.get('metricsToken') || undefined;
  // The port follows Settings: a failure to listen reported before is over once it is off or listens.
  const warnings = companion.context.warnings;
  if (port === 0 || (!token && !webhook && !metricsToken())) {
    warnings.clear('ingest_port');
    logger.info('ingest API off (set an ingest token and port in Settings to turn it on)');
    return null;
  }
  const host = settings.fleet.metricsBind === 'lan' ? '0.0.0.0' : '127.0.0.1';
  try {
    const server = await startHttpServer({
      host,
      port,
      // Only the webhook is on: the token routes answer 401 to everyone (nobody holds this one).
      token: token || randomBytes(24).toString('base64url'),
      allowOwnOrigin: false,
      logger: logger.child('ingest'),
      routes: [permissionRoutes(() => companion.permissions), campaignRoutes(() => companion.prompts), ingestRoutes(companion.exports.ingestStream), metricsRoutes(() => companion.metrics, metricsToken)],
    });
    warnings.clear('ingest_port');
    return server;
  } catch (error) {
    warnings.raise('ingest_port', `The ingest API could not listen on port ${port}: ${(error as Error).message}`, { port });
    return null;
  }
}
