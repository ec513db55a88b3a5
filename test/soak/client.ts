import type { MethodName, MethodOutput } from '../../preload/contract';

/** What one HTTP call to the service came to: an answer, or no answer (refused, reset, timed out). */
export type Answer<T> = { kind: 'ok'; value: T; ms: number } | { kind: 'error'; status: number; code: string; message: string; ms: number } | { kind: 'no-answer'; reason: string; ms: number };

/** The contract over HTTP and the ingest API, as the UI and the POS call them: bearer token, JSON. */
export class ServiceClient {
  constructor(
    private readonly base: () => string,
    private readonly token: string,
  ) {}

  private async post(path: string, body: unknown, timeoutMs: number): Promise<{ status: number; json: unknown; ms: number } | { reason: string; ms: number }> {
    const start = performance.now();
    try {
      const res = await fetch(`${this.base()}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const json = (await res.json()) as unknown;
      return { status: res.status, json, ms: performance.now() - start };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      return { reason: cause?.code ?? (error as Error).name ?? 'error', ms: performance.now() - start };
    }
  }

  async call<M extends MethodName>(method: M, input: unknown = {}, timeoutMs = 15_000): Promise<Answer<MethodOutput<M>>> {
    const res = await this.post(`/api/${method}`, input, timeoutMs);
    if ('reason' in res) return { kind: 'no-answer', reason: res.reason, ms: res.ms };
    const result = res.json as { ok: true; value: MethodOutput<M> } | { ok: false; error: { code: string; message: string } };
    if (result.ok) return { kind: 'ok', value: result.value, ms: res.ms };
    return { kind: 'error', status: res.status, code: result.error.code, message: result.error.message, ms: res.ms };
  }

  /** POST /ingest/<type>: 202 with the accepted count, or why not. */
  async ingest(type: string, records: unknown[], timeoutMs = 15_000): Promise<Answer<{ received: number; accepted: number; rejected: number }>> {
    const res = await this.post(`/ingest/${type}`, records, timeoutMs);
    if ('reason' in res) return { kind: 'no-answer', reason: res.reason, ms: res.ms };
    if (res.status === 202) return { kind: 'ok', value: res.json as { received: number; accepted: number; rejected: number }, ms: res.ms };
    const reason = (res.json as { error?: { reason?: string } }).error?.reason ?? `HTTP ${res.status}`;
    return { kind: 'error', status: res.status, code: String(res.status), message: reason, ms: res.ms };
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
