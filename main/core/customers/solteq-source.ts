import { loadAxios } from '../common/http-lib';
import type { Settings } from '../../../preload/contract';
import type { Customer, CustomerSource, LookupResult } from './customer';

type SolteqSettings = Settings['customers']['solteq'];

const pick = (r: Record<string, unknown>, ...names: string[]): string | null => {
  for (const n of names) {
    const v = r[n];
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number') return String(v);
  }
  return null;
};

/**
 * Solteq Commerce Cloud: a customer by its CustomerCard identifier. OAuth2 client credentials; the
 * token is cached until shortly before it expires. The customer path is not public, so it is a
 * setting; the answer is mapped from the field names Commerce Cloud uses (camelCase) or Custobar's.
 */
export function solteqSource(settings: () => SolteqSettings, secret: () => string | undefined, timeoutMs: () => number, now: () => number = Date.now): CustomerSource & { tokenRequests(): number } {
  let token: { value: string; expiresAt: number; key: string } | null = null;
  let requests = 0;

  const accessToken = async (signal: AbortSignal, force = false): Promise<string> => {
    const s = settings();
    const key = `${s.tokenUrl}|${s.clientId}|${s.scope}`;
    if (!force && token && token.key === key && token.expiresAt - 60_000 > now()) return token.value;
    requests += 1;
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: s.clientId, client_secret: secret() ?? '', ...(s.scope ? { scope: s.scope } : {}) });
    const axios = await loadAxios();
    const res = await axios.post(s.tokenUrl, form.toString(), { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, timeout: timeoutMs(), signal, validateStatus: () => true });
    const body = res.data as { access_token?: string; expires_in?: number };
    if (res.status !== 200 || !body.access_token) throw Object.assign(new Error(`Solteq refused the client credentials (${res.status})`), { unauthorized: true });
    token = { value: body.access_token, expiresAt: now() + (body.expires_in ?? 300) * 1000, key };
    return token.value;
  };

  const lookupOnce = async (cardId: string, signal: AbortSignal, force: boolean) => {
    const s = settings();
    const url = `${s.apiBase.replace(/\/+$/, '')}${s.pathTemplate.replace('{card}', encodeURIComponent(cardId))}`;
    return (await loadAxios()).get(url, { headers: { Authorization: `Bearer ${await accessToken(signal, force)}` }, timeout: timeoutMs(), signal, validateStatus: () => true });
  };

  return {
    name: 'solteq',
    tokenRequests: () => requests,
    async lookup(cardId, signal): Promise<LookupResult> {
      if (!settings().clientId || !secret()) return { kind: 'error', reason: 'Solteq is not configured (client id and secret).' };
      try {
        let res = await lookupOnce(cardId, signal, false);
        if (res.status === 401) res = await lookupOnce(cardId, signal, true); // the token may have been revoked early
        if (res.status === 404) return { kind: 'not_found' };
        if (res.status === 401 || res.status === 403) return { kind: 'unauthorized', reason: `Solteq refused the request (${res.status})` };
        if (res.status !== 200 || typeof res.data !== 'object' || res.data === null) return { kind: 'offline', reason: `Solteq answered ${res.status}` };
        const r = res.data as Record<string, unknown>;
        const permissions = (r.permissions ?? r.marketingPermissions ?? {}) as Record<string, unknown>;
        const customer: Customer = {
          cardId,
          customerId: pick(r, 'externalId', 'customerId', 'id', 'external_id'),
          firstName: pick(r, 'firstName', 'first_name'),
          lastName: pick(r, 'lastName', 'last_name'),
          phone: pick(r, 'mobilePhone', 'phoneNumber', 'phone', 'phone_number'),
          email: pick(r, 'email', 'emailAddress'),
          consents: {
            email: typeof permissions.email === 'boolean' ? permissions.email : null,
            sms: typeof permissions.sms === 'boolean' ? permissions.sms : null,
            post: typeof permissions.post === 'boolean' ? permissions.post : null,
            profile: typeof permissions.profile === 'boolean' ? permissions.profile : null,
            push: typeof permissions.push === 'boolean' ? permissions.push : null,
          },
          source: 'solteq',
        };
        return { kind: 'found', customer };
      } catch (error) {
        if ((error as { unauthorized?: boolean }).unauthorized) return { kind: 'unauthorized', reason: (error as Error).message };
        return { kind: 'offline', reason: `Solteq cannot be reached (${(error as { code?: string }).code ?? (error as Error).message})` };
      }
    },
  };
}
