import axios, { type AxiosInstance } from 'axios';
import http from 'node:http';
import https from 'node:https';
import { z } from 'zod';

/** A benefit as the benefits service describes it (README: "The benefits contract"); validated, because it is outside data. */
export const RemoteBenefit = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  title: z.string(),
  description: z.string().default(''),
  kind: z.enum(['percent', 'amount', 'item', 'text']).catch('text'),
  value: z.number().default(0),
  valid_until: z.string().nullable().default(null),
  uses_left: z.number().int().nullable().default(null),
});
export type RemoteBenefit = z.infer<typeof RemoteBenefit>;

/**
 * What an answer means. "unreachable": the request certainly never arrived (connection refused, no
 * route), so it is safe to say "offline". "unknown": it may have arrived (timeout, reset, 5xx), so a
 * redemption must be retried with the same key until the outcome is known.
 */
export type BenefitsOutcome<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'conflict'; reason: string }
  | { kind: 'not_found'; reason: string }
  | { kind: 'refused'; reason: string }
  | { kind: 'unauthorized'; reason: string }
  | { kind: 'unreachable'; reason: string }
  | { kind: 'unknown'; reason: string };

const NEVER_ARRIVED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

export interface RedeemBody {
  phone_number: string;
  shop_id: string;
  till_id: string;
  redeemed_at: string;
}

export class BenefitsClient {
  private readonly http: AxiosInstance;

  constructor(baseUrl: string, token: string | undefined, timeoutMs: number) {
    this.http = axios.create({
      baseURL: baseUrl.replace(/\/+$/, ''),
      timeout: timeoutMs,
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: 8 }),
      httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 8 }),
      validateStatus: () => true,
    });
  }

  private async call<T>(request: () => Promise<{ status: number; data: unknown }>, parse: (data: unknown) => T): Promise<BenefitsOutcome<T>> {
    let res: { status: number; data: unknown };
    try {
      res = await request();
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (NEVER_ARRIVED.has(code)) return { kind: 'unreachable', reason: `the benefits service cannot be reached (${code})` };
      return { kind: 'unknown', reason: code === 'ECONNABORTED' || code === 'ETIMEDOUT' ? 'the benefits service did not answer in time' : `the connection was lost (${code || 'network error'})` };
    }
    const reason = (res.data as { error?: { reason?: string } } | null)?.error?.reason ?? `HTTP ${res.status}`;
    if (res.status >= 200 && res.status < 300) {
      try {
        return { kind: 'ok', value: parse(res.data) };
      } catch (error) {
        return { kind: 'unknown', reason: `unexpected answer from the benefits service: ${(error as Error).message}` };
      }
    }
    if (res.status === 409) return { kind: 'conflict', reason };
    if (res.status === 404) return { kind: 'not_found', reason };
    if (res.status === 401 || res.status === 403) return { kind: 'unauthorized', reason: `the benefits service refused the credentials (${res.status})` };
    if (res.status >= 500 || res.status === 429 || res.status === 408) return { kind: 'unknown', reason: `benefits service error ${res.status}: ${reason}` };
    return { kind: 'refused', reason };
  }

  list(phone: string): Promise<BenefitsOutcome<RemoteBenefit[]>> {
    return this.call(
      () => this.http.get('/benefits/', { params: { phone_number: phone } }),
      (data) => z.object({ benefits: z.array(RemoteBenefit) }).parse(data).benefits,
    );
  }

  redeem(benefitId: string, key: string, body: RedeemBody): Promise<BenefitsOutcome<{ id: string; status: string }>> {
    return this.call(
      () => this.http.post(`/benefits/${encodeURIComponent(benefitId)}/redemptions/`, body, { headers: { 'Idempotency-Key': key } }),
      (data) => z.object({ redemption: z.object({ id: z.union([z.string(), z.number()]).transform(String), status: z.string() }) }).parse(data).redemption,
    );
  }

  void(remoteId: string, key: string, reason: string): Promise<BenefitsOutcome<{ id: string; status: string }>> {
    return this.call(
      () => this.http.post(`/redemptions/${encodeURIComponent(remoteId)}/void/`, { reason }, { headers: { 'Idempotency-Key': key } }),
      (data) => z.object({ redemption: z.object({ id: z.union([z.string(), z.number()]).transform(String), status: z.string() }) }).parse(data).redemption,
    );
  }
}
