import type { Readable } from 'node:stream';
import { CompanionError } from '../../core/common/errors';
import type { IngestStreamFn } from '../../core/exports/ingest-stream';
import { JsonBodyError, jsonRecords, MAX_JSON_DEPTH } from '../../core/exports/parsers/json-records';
import { MAX_RECORD_BYTES } from '../../core/exports/parsers/read-records';
import { isExportType } from '../../core/custobar/types';
import { replyError, replyJson } from '../replies';
import type { RoutePlugin } from '../server';

/** A day's export from a big store fits; anything larger belongs in the inbox folder. */
export const MAX_INGEST_BODY = 64 * 1024 * 1024;
const config = { auth: 'token', errors: 'ingest' } as const;

/**
 * POST /ingest/<type>: the POS pushes records in real time. The body is a JSON list (or Custobar's
 * wrapped form), read as a stream: records are validated and staged as they arrive, so a 50 MB body
 * neither freezes the app nor sits in memory (see ingestStream). 202 comes only after the records
 * are committed; 400 lists every bad record (nothing stored unless ?partial=1); 413 over the size
 * limit; 503 when the disk is full or the outbox at its cap.
 */
export function ingestRoutes(ingest: IngestStreamFn): RoutePlugin {
  return (app) => {
    // This scope takes its JSON raw: the body is parsed as it streams in, not buffered whole.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', (_request, payload, done) => done(null, payload));

    app.post<{ Params: { type: string }; Querystring: { partial?: string } }>('/ingest/:type', { config }, async (request, reply) => {
      const type = request.params.type;
      if (!isExportType(type)) {
        request.raw.resume(); // drain what the client still sends; the answer does not depend on it
        return replyError(reply, 'ingest', 404, `unknown type "${type.slice(0, 40)}": use customers, products, sales, shops or events`);
      }
      if (Number(request.headers['content-length'] ?? 0) > MAX_INGEST_BODY) {
        return replyError(reply.header('Connection', 'close'), 'ingest', 413, `Request body over the limit of ${MAX_INGEST_BODY.toLocaleString('en-US')} bytes: use the inbox folder for files this big`);
      }
      const body = request.body as Readable | undefined;
      if (!body || request.headers['content-length'] === '0') return replyError(reply, 'ingest', 400, `expected a JSON list of ${type}, or {"${type}": [...]}`);
      const partial = request.query.partial === '1' || request.query.partial === 'true';
      const records = (async function* () {
        for await (const record of jsonRecords(body, { type, maxDepth: MAX_JSON_DEPTH, maxBytes: MAX_INGEST_BODY, maxRecordBytes: MAX_RECORD_BYTES, requireDocument: true })) {
          yield { ...record, position: `record ${record.index}` };
        }
      })();
      try {
        return replyJson(reply, 202, { type, ...(await ingest(type, records, { partial, source: 'ingest' })) });
      } catch (error) {
        // Answered before the whole body was read: the rest must not be taken for the next request.
        if (!body.readableEnded) {
          reply.header('Connection', 'close');
          body.resume();
        }
        if (error instanceof JsonBodyError) return replyError(reply, 'ingest', error.status, error.message);
        if (error instanceof CompanionError && error.code === 'invalid_input') return replyError(reply, 'ingest', 400, error.message, { records: error.details });
        if (error instanceof CompanionError && error.code === 'unavailable') return replyError(reply, 'ingest', 503, error.message);
        if (body.readableAborted || (error as { code?: string }).code === 'ECONNRESET') return replyError(reply, 'ingest', 400, 'The request body ended early; nothing was stored.');
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
