import type { IncomingMessage, ServerResponse } from 'node:http';
import { CompanionError } from '../common/errors';
import { BodyError, readJson, sendJson } from '../http/node-http';
import type { IngestResult } from './ingest';
import { isExportType, type ExportType } from '../custobar/types';

export type IngestFn = (type: ExportType, records: readonly unknown[], options: { partial: boolean; source: string }) => IngestResult;

const MAX_BODY = 64 * 1024 * 1024;

/**
 * POST /ingest/<type>: the POS pushes records in real time. The body is a JSON list (or Custobar's
 * wrapped form). 202 comes only after the records are committed to the outbox; 400 lists every bad
 * record (nothing stored unless ?partial=1); 503 when the outbox is full. Auth and Origin are checked
 * by the server in front of this.
 */
export async function handleIngest(req: IncomingMessage, res: ServerResponse, typeName: string, ingestFn: IngestFn): Promise<void> {
  const type = typeName.replace(/\/+$/, '');
  if (!isExportType(type)) {
    return sendJson(res, 404, { error: { reason: `unknown type "${type.slice(0, 40)}": use customers, products, sales, shops or events` } });
  }
  let body: unknown;
  try {
    body = await readJson(req, MAX_BODY);
  } catch (error) {
    if (error instanceof BodyError) return sendJson(res, error.status, { error: { reason: error.message } });
    throw error;
  }
  const records = Array.isArray(body) ? body : body && typeof body === 'object' ? (body as Record<string, unknown>)[type] : undefined;
  if (!Array.isArray(records)) return sendJson(res, 400, { error: { reason: `expected a JSON list of ${type}, or {"${type}": [...]}` } });
  const partial = /[?&]partial=(1|true)\b/.test(req.url ?? '');
  try {
    const result = ingestFn(type, records, { partial, source: 'ingest' });
    sendJson(res, 202, { type, ...result });
  } catch (error) {
    if (error instanceof CompanionError && error.code === 'invalid_input') {
      return sendJson(res, 400, { error: { reason: error.message, records: error.details } });
    }
    if (error instanceof CompanionError && error.code === 'unavailable') return sendJson(res, 503, { error: { reason: error.message } });
    throw error;
  }
}
