import type { FastifyReply } from 'fastify';
import type { ErrorCode } from '../../preload/contract';
import { httpStatusFor } from '../core/contract-dispatch';

/**
 * The two error envelopes the app's HTTP clients read: the contract's (the UI, support tools) and
 * the ingest API's, which mirrors Custobar's `{"error":{"reason":…}}` so POS integrators see one style.
 */
export type ErrorShape = 'contract' | 'ingest';

const codeFor = (status: number): ErrorCode =>
  (Object.entries(httpStatusFor).find(([, s]) => s === status)?.[0] as ErrorCode | undefined) ?? (status >= 500 ? 'internal' : 'invalid_input');

/** Answers are never cached: they carry customers' data or live status. */
export function replyJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).header('Cache-Control', 'no-store').type('application/json; charset=utf-8').send(body);
}

export function replyError(reply: FastifyReply, shape: ErrorShape | undefined, status: number, message: string, extra: Record<string, unknown> = {}): FastifyReply {
  if (shape === 'ingest') return replyJson(reply, status, { error: { reason: message, ...extra } });
  // 413 and 415 are the caller's input, whatever the status table says.
  const code: ErrorCode = status === 413 || status === 415 ? 'invalid_input' : codeFor(status);
  return replyJson(reply, status, { ok: false, error: { code, message } });
}
