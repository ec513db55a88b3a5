/** What a Custobar answer (or the lack of one) means for the queue. */
export type Outcome =
  | { kind: 'ok'; status: number }
  | { kind: 'retry'; status: number | null; reason: string; retryAfterMs: number | null; offline: boolean }
  | { kind: 'rejected'; status: number; reason: string }
  | { kind: 'auth'; status: number; reason: string }
  | { kind: 'config'; status: number; reason: string };

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
export function classify(status: number | null, body: unknown, headers: Record<string, string | undefined>, networkError?: string): Outcome {
  if (status === null) return { kind: 'retry', status: null, reason: networkError ?? 'network error', retryAfterMs: null, offline: true };
  if (status >= 200 && status < 300) return { kind: 'ok', status };
  const reason = reasonOf(body) ?? `HTTP ${status}`;
  if (status === 429 || status >= 500 || status === 408) {
    return { kind: 'retry', status, reason: status === 429 ? `rate limited by Custobar (${reason})` : `Custobar error ${status}: ${reason}`, retryAfterMs: retryAfterMs(headers['retry-after']), offline: false };
  }
  if (status === 401 || status === 403) return { kind: 'auth', status, reason: `Custobar refused the credentials (${status}): ${reason}` };
  if (status === 404 || status === 405) return { kind: 'config', status, reason: `Custobar address looks wrong (${status} for the upload endpoint)` };
  return { kind: 'rejected', status, reason };
}
