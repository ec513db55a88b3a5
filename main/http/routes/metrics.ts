import { bearerToken, sameSecret } from '../guard';
import { replyError } from '../replies';
import type { RoutePlugin } from '../server';
import type { MetricsSnapshot } from '../../core/metrics/till-metrics';

export interface MetricsHttp {
  render(): Promise<MetricsSnapshot>;
}

/**
 * How a scrape proves itself:
 * - 'api-token': service mode, the API's bearer token (the server's guard checks it);
 * - a function: the desktop app's ingest port, a metrics token of its own (a setting), so the store's
 *   scraper never holds the token that can post sales. Without a metrics token the endpoint is off (404).
 */
export type MetricsAuth = 'api-token' | (() => string | undefined);

/** `GET /metrics`: the till's Prometheus metrics in the text format. */
export function metricsRoutes(current: () => MetricsHttp | null, auth: MetricsAuth): RoutePlugin {
  return (app) => {
    app.get('/metrics', { config: { auth: auth === 'api-token' ? 'token' : 'secret', errors: 'ingest' } }, async (request, reply) => {
      if (auth !== 'api-token') {
        const token = auth();
        if (!token) return replyError(reply, 'ingest', 404, 'Metrics are off on this till (no metrics token set)');
        if (!sameSecret(bearerToken(request.headers.authorization), token)) {
          reply.header('WWW-Authenticate', 'Bearer');
          return replyError(reply, 'ingest', 401, 'Missing or wrong metrics token');
        }
      }
      const metrics = current();
      if (!metrics) return replyError(reply, 'ingest', 503, 'The app is switching data sets; try again in a moment');
      const snapshot = await metrics.render();
      return reply.code(200).header('Cache-Control', 'no-store').type(snapshot.contentType).send(snapshot.text);
    });
  };
}
