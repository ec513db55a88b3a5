import type { AxiosInstance } from 'axios';
import { loadAxios } from '../common/http-lib';
import http from 'node:http';
import https from 'node:https';
import { z } from 'zod';
import { coded, type CodedText } from '../context/coded-text';

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
export type BenefitsOutcome<T> = { kind: 'ok'; value: T } | { kind: 'conflict' | 'not_found' | 'refused' | 'unauthorized' | 'unreachable' | 'unknown'; reason: string; why: CodedText };

/** The codes of `why` (with `status`, `detail`: the service's own words), for the UI's check that it words each one. */
export const BENEFITS_REASON_CODES = ['benefits_unreachable', 'benefits_no_answer', 'benefits_connection_lost', 'benefits_bad_answer', 'benefits_credentials', 'benefits_error', 'benefits_refused'] as const;

type Failed = Exclude<BenefitsOutcome<never>, { kind: 'ok' }>;
function failed(kind: Failed['kind'], code: (typeof BENEFITS_REASON_CODES)[number], text: string, params: CodedText['params'] = {}): Failed {
  return { kind, reason: text, why: coded(code, text, params) };
}

const NEVER_ARRIVED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

export interface RedeemBody {
  phone_number: string;
  shop_id: string;
  till_id: string;
  redeemed_at: string;
}

export class BenefitsClient {
  private http: Promise<AxiosInstance> | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string | undefined,
    private readonly timeoutMs: number,
  ) {}

  /** The axios instance, made at the first request (see loadAxios). */
  private client(): Promise<AxiosInstance> {
    this.http ??= loadAxios().then((axios) =>
      axios.create({
        baseURL: this.baseUrl.replace(/\/+$/, ''),
        timeout: this.timeoutMs,
        headers: this.token ? { Authorization: `Bearer ${this.token}` } : {},
        httpAgent: new http.Agent({ keepAlive: true, maxSockets: 8 }),
        httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 8 }),
        validateStatus: () => true,
      }),
    );
    return this.http;
  }

  private async call<T>(request: (http: AxiosInstance) => Promise<{ status: number; data: unknown }>, parse: (data: unknown) => T): Promise<BenefitsOutcome<T>> {
    let res: { status: number; data: unknown };
    try {
      res = await request(await this.client());
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (NEVER_ARRIVED.has(code)) return failed('unreachable', 'benefits_unreachable', `the benefits service cannot be reached (${code})`, { detail: code });
      if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') return failed('unknown', 'benefits_no_answer', 'the benefits service did not answer in time');
      return failed('unknown', 'benefits_connection_lost', `the connection was lost (${code || 'network error'})`, { detail: code });
    }
    const status = res.status;
    const detail = (res.data as { error?: { reason?: string } } | null)?.error?.reason ?? `HTTP ${status}`;
    if (status >= 200 && status < 300) {
      try {
        return { kind: 'ok', value: parse(res.data) };
      } catch (error) {
        return failed('unknown', 'benefits_bad_answer', `unexpected answer from the benefits service: ${(error as Error).message}`, { detail: (error as Error).message });
      }
    }
    // A refusal of this benefit is the service's own words (the cashier's reason codes come from them).
    if (status === 409) return failed('conflict', 'benefits_refused', detail, { status, detail });
    if (status === 404) return failed('not_found', 'benefits_refused', detail, { status, detail });
    if (status === 401 || status === 403) return failed('unauthorized', 'benefits_credentials', `the benefits service refused the credentials (${status})`, { status });
    if (status >= 500 || status === 429 || status === 408) return failed('unknown', 'benefits_error', `benefits service error ${status}: ${detail}`, { status, detail });
    return failed('refused', 'benefits_refused', detail, { status, detail });
  }

  list(phone: string): Promise<BenefitsOutcome<RemoteBenefit[]>> {
    return this.call(
      (http) => http.get('/benefits/', { params: { phone_number: phone } }),
      (data) => z.object({ benefits: z.array(RemoteBenefit) }).parse(data).benefits,
    );
  }

  redeem(benefitId: string, key: string, body: RedeemBody): Promise<BenefitsOutcome<{ id: string; status: string }>> {
    return this.call(
      (http) => http.post(`/benefits/${encodeURIComponent(benefitId)}/redemptions/`, body, { headers: { 'Idempotency-Key': key } }),
      (data) => z.object({ redemption: z.object({ id: z.union([z.string(), z.number()]).transform(String), status: z.string() }) }).parse(data).redemption,
    );
  }

  void(remoteId: string, key: string, reason: string): Promise<BenefitsOutcome<{ id: string; status: string }>> {
    return this.call(
      (http) => http.post(`/redemptions/${encodeURIComponent(remoteId)}/void/`, { reason }, { headers: { 'Idempotency-Key': key } }),
      (data) => z.object({ redemption: z.object({ id: z.union([z.string(), z.number()]).transform(String), status: z.string() }) }).parse(data).redemption,
    );
  }
}
