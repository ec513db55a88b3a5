import { CompanionError } from '../../core/common/errors';
import type { IngestFn } from '../../core/exports/ingest';
import { isExportType } from '../../core/custobar/types';
import { replyError, replyJson } from '../replies';
import type { RoutePlugin } from '../server';

/** A day's export from a big store fits; anything larger belongs in the inbox folder. */
const MAX_BODY = 64 * 1024 * 1024;
const config = { auth: 'token', errors: 'ingest' } as const;

/**
 * POST /ingest/<type>: the POS pushes records in real time. The body is a JSON list (or Custobar's
 * wrapped form). 202 comes only after the records are committed to the outbox; 400 lists every bad
 * record (nothing stored unless ?partial=1); 503 when the outbox is full.
 */
export function ingestRoutes(ingest: IngestFn): RoutePlugin {
  return (app) => {
    app.post<{ Params: { type: string }; Querystring: { partial?: string } }>('/ingest/:type', { config, bodyLimit: MAX_BODY }, async (request, reply) => {
      const type = request.params.type;
      if (!isExportType(type)) {
        return replyError(reply, 'ingest', 404, `unknown type "${type.slice(0, 40)}": use customers, products, sales, shops or events`);
      }
      const body = request.body;
      const records = Array.isArray(body) ? body : body && typeof body === 'object' ? (body as Record<string, unknown>)[type] : undefined;
      if (!Array.isArray(records)) return replyError(reply, 'ingest', 400, `expected a JSON list of ${type}, or {"${type}": [...]}`);
      const partial = request.query.partial === '1' || request.query.partial === 'true';
      try {
        return replyJson(reply, 202, { type, ...ingest(type, records, { partial, source: 'ingest' }) });
      } catch (error) {
        if (error instanceof CompanionError && error.code === 'invalid_input') return replyError(reply, 'ingest', 400, error.message, { records: error.details });
        if (error instanceof CompanionError && error.code === 'unavailable') return replyError(reply, 'ingest', 503, error.message);
        throw error;
      }
    });

    app.route({
      method: ['GET', 'PUT', 'PATCH', 'DELETE'],
      url: '/ingest/:type',
      config,
      handler: (_request, reply) => replyError(reply.header('Allow', 'POST'), 'ingest', 405, 'Use POST'),
    });
  };
}
