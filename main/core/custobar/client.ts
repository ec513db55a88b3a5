import type { AxiosInstance } from 'axios';
import { loadAxios } from '../common/http-lib';
import http from 'node:http';
import https from 'node:https';
import type { Settings } from '../../../preload/contract';
import type { CustobarRecord, ExportType } from './types';
import { classify, foreignNextPage, networkFailure, type Outcome } from './classify';
import { Throttle } from './throttle';

export interface CustobarClientOptions {
  settings: Settings['custobar'];
  token: string | undefined;
  /**
   * 'upload' (default): the background lane, held to the client-side throttle, with the upload
   * timeout. 'lookup': the cashier's lane, with its own connections, its own (short) timeout and no
   * throttle, so a customer lookup never queues behind a backlog drain or an upload in flight.
   */
  lane?: 'upload' | 'lookup';
  /** The lookup lane's time limit (the customer lookup setting). */
  timeoutMs?: number;
}

/**
 * Custobar's REST API over axios: keep-alive connections, a timeout, the client-side throttle on the
 * upload lane, and every answer sorted into an Outcome. The tenant address is a setting; the client
 * adds /api/….
 */
export class CustobarClient {
  private http: Promise<AxiosInstance> | null = null;
  private readonly baseURL: string;
  readonly throttle: Throttle | null;

  constructor(readonly options: CustobarClientOptions) {
    const { settings } = options;
    this.throttle = options.lane === 'lookup' ? null : new Throttle(settings.requestsPerMinute);
    this.baseURL = `${settings.baseUrl.replace(/\/+$/, '')}/api/`;
  }

  /** The axios instance, made at the first request (see loadAxios). */
  private client(): Promise<AxiosInstance> {
    const { settings, token, lane, timeoutMs } = this.options;
    this.http ??= loadAxios().then((axios) => axios.create({
      baseURL: this.baseURL,
      timeout: lane === 'lookup' ? (timeoutMs ?? settings.timeoutMs) : settings.timeoutMs,
      headers: { 'Content-Type': 'application/json; charset=utf-8', ...(token ? { Authorization: `${settings.authScheme} ${token}` } : {}) },
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: 4 }),
      httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 4 }),
      validateStatus: () => true,
      maxBodyLength: 64 * 1024 * 1024,
      // Large batches are JSON; axios must not try to be clever with them.
      transitional: { clarifyTimeoutError: true },
    }));
    return this.http;
  }

  get configured(): boolean {
    return this.options.settings.baseUrl !== '' && Boolean(this.options.token);
  }

  private async request(method: 'get' | 'post', url: string, data?: unknown, signal?: AbortSignal): Promise<{ outcome: Outcome; body: unknown }> {
    await this.throttle?.take(signal);
    try {
      const res = await (await this.client()).request({ method, url, data, signal });
      const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k.toLowerCase(), v === undefined ? undefined : String(v)]));
      return { outcome: classify(res.status, res.data, headers), body: res.data };
    } catch (error) {
      const e = error as { code?: string; message?: string };
      return { outcome: networkFailure(e.code, e.message), body: null };
    }
  }

  /** POST /api/<type>/upload/ in the wrapped form {"<type>": [...]}, which every type accepts. */
  async upload(type: ExportType, records: readonly CustobarRecord[], signal?: AbortSignal): Promise<Outcome> {
    return (await this.request('post', `${type}/upload/`, { [type]: records }, signal)).outcome;
  }

  /**
   * A next page is followed only on the tenant's own origin: the Authorization header goes with
   * every request of this client, so an absolute next_url elsewhere would hand the token to that host.
   */
  private sameOrigin(next: string): string {
    const base = new URL(this.baseURL);
    const target = new URL(next, base);
    if (target.origin !== base.origin) {
      const outcome = foreignNextPage(target.origin, base.origin);
      throw Object.assign(new Error(outcome.reason), { outcome });
    }
    return next;
  }

  /** Reads the data API page by page, following next_url (on the same origin) until it is absent. */
  async *readPages(type: 'customers' | 'products' | 'sales', params: Record<string, string>, signal?: AbortSignal): AsyncGenerator<CustobarRecord[], void, void> {
    let url: string | null = `data/${type}/?${new URLSearchParams(params).toString()}`;
    while (url) {
      const { outcome, body } = await this.request('get', url, undefined, signal);
      if (outcome.kind !== 'ok') throw Object.assign(new Error(outcome.reason), { outcome });
      const page = body as Record<string, unknown>;
      const list = page[type] ?? page.results ?? page.data ?? [];
      yield Array.isArray(list) ? (list as CustobarRecord[]) : [];
      url = typeof page.next_url === 'string' && page.next_url ? this.sameOrigin(page.next_url) : null;
    }
  }
}
