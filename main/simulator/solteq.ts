import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { bearerToken } from '../http/guard';
import { readBody } from './http';
import type { Reply, Route } from './routes';
import type { SimulatorState } from './state';

export const SOLTEQ_CLIENT = { id: 'demo-client', secret: 'demo-secret' };
export const SOLTEQ_PATH = '/customer/v1-ext/customers/by-identifier/CustomerCard/';

/**
 * A stand-in for Solteq Commerce Cloud: the OAuth2 client-credentials token endpoint and a
 * customer-by-CustomerCard call answering in Commerce Cloud's camelCase shape.
 */
const tokens = new Map<string, number>();

export function solteqRoute(req: IncomingMessage, url: URL, parts: string[], state: SimulatorState): Route | null {
  if (url.pathname === '/connect/token' && req.method === 'POST') {
    return {
      area: 'control', // its own auth; no Custobar token or faults
      run: async (): Promise<Reply> => {
        const form = new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8'));
        if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== SOLTEQ_CLIENT.id || form.get('client_secret') !== SOLTEQ_CLIENT.secret) {
          return { status: 400, body: { error: 'invalid_client' } };
        }
        const token = randomBytes(16).toString('hex');
        tokens.set(token, Date.now() + 3600_000);
        return { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: 3600 } };
      },
    };
  }
  if (url.pathname.startsWith(SOLTEQ_PATH) && req.method === 'GET' && parts.length === 6) {
    return {
      area: 'control', // its own auth; no Custobar token or faults
      run: async (): Promise<Reply> => {
        const token = bearerToken(req.headers.authorization);
        if (!token || (tokens.get(token) ?? 0) < Date.now()) return { status: 401, body: { error: 'invalid_token' } };
        const card = decodeURIComponent(parts[5]!);
        const c = state.records.customers.get(card);
        if (!c) return { status: 404, body: { error: 'not found' } };
        return {
          status: 200,
          body: {
            customerId: c.external_id,
            firstName: c.first_name,
            lastName: c.last_name,
            mobilePhone: c.phone_number,
            email: c.email,
            permissions: { email: c.can_email, sms: c.can_sms, post: c.can_post, profile: c.can_profile },
          },
        };
      },
    };
  }
  return null;
}
