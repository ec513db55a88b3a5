import { coded, type CodedText } from '../context/coded-text';

/**
 * What a Custobar answer (or the lack of one) means for the queue. `reason` is the English text of
 * `why`; `why.params.detail` is Custobar's own words, shown as they came.
 */
export type Outcome =
  | { kind: 'ok'; status: number }
  | ({ kind: 'retry'; status: number | null; retryAfterMs: number | null; offline: boolean } & Failure)
  | ({ kind: 'rejected'; status: number } & Failure)
  | ({ kind: 'auth'; status: number } & Failure)
  | ({ kind: 'config'; status: number } & Failure);

interface Failure {
  reason: string;
  why: CodedText;
}

/** The codes below, for the UI's check that it words each one in every language. */
export const CUSTOBAR_REASON_CODES = ['custobar_no_answer', 'custobar_unreachable', 'custobar_rate_limited', 'custobar_error', 'custobar_credentials', 'custobar_address', 'custobar_refused', 'custobar_foreign_next_page'] as const;

function failure(code: (typeof CUSTOBAR_REASON_CODES)[number], text: string, params: CodedText['params'] = {}): Failure {
  return { reason: text, why: coded(code, text, params) };
}

/** No answer at all: a time-out, or the connection never made or lost (`code` is Node's, e.g. ECONNREFUSED). */
export function networkFailure(code: string | undefined, message?: string): Extract<Outcome, { kind: 'retry' }> {
  const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT';
  const why = timedOut ? failure('custobar_no_answer', 'Custobar did not answer in time') : failure('custobar_unreachable', `cannot reach Custobar (${code ?? message ?? 'network error'})`, { detail: code ?? message ?? '' });
  return { kind: 'retry', status: null, retryAfterMs: null, offline: true, ...why };
}

/** Custobar's next page is on another origin: not followed, so the token stays with the tenant. */
export function foreignNextPage(origin: string, base: string): Extract<Outcome, { kind: 'config' }> {
  return { kind: 'config', status: 200, ...failure('custobar_foreign_next_page', `Custobar's next page is on another address (${origin}); it was not followed, so the token stays with ${base}`, { origin, base }) };
}

export function retryAfterMs(header: string | undefined, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 3_600_000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.min(date - now, 3_600_000));
}

function reasonOf(body: unknown): string | null {
  if (body && typeof body === 'object') {
    const error = (body as { error?: unknown }).error;
    if (error && typeof error === 'object' && typeof (error as { reason?: unknown }).reason === 'string') return (error as { reason: string }).reason;
    if (typeof error === 'string') return error;
    if (typeof (body as { detail?: unknown }).detail === 'string') return (body as { detail: string }).detail;
  }
  return typeof body === 'string' && body.length > 0 ? body.slice(0, 300) : null;
}

/**
 * Sorts answers by what to do: network errors, 5xx and 429 are retried (honouring Retry-After);
 * 400/413/422 mean these records are refused (bisect to find which); 401/403 pause dispatch until
 * the manager fixes the credentials; 404 means the address is wrong.
 */
export function classify(status: number | null, body: unknown, headers: Record<string, string | undefined>): Outcome {
  if (status === null) return networkFailure(undefined);
  if (status >= 200 && status < 300) return { kind: 'ok', status };
  const detail = reasonOf(body) ?? `HTTP ${status}`;
  if (status === 429 || status >= 500 || status === 408) {
    const why = status === 429 ? failure('custobar_rate_limited', `rate limited by Custobar (${detail})`, { detail }) : failure('custobar_error', `Custobar error ${status}: ${detail}`, { status, detail });
    return { kind: 'retry', status, retryAfterMs: retryAfterMs(headers['retry-after']), offline: false, ...why };
  }
  if (status === 401 || status === 403) return { kind: 'auth', status, ...failure('custobar_credentials', `Custobar refused the credentials (${status}): ${detail}`, { status, detail }) };
  if (status === 404 || status === 405) return { kind: 'config', status, ...failure('custobar_address', `Custobar address looks wrong (${status} for the upload endpoint)`, { status }) };
  // The record's own refusal: Custobar's words are the reason (dead letters keep them as they came).
  return { kind: 'rejected', status, reason: detail, why: coded('custobar_refused', detail, { status, detail }) };
}
