import { loadAxios } from '../common/http-lib';
import http from 'node:http';
import https from 'node:https';
import type { ServiceCheck } from '../../../preload/schemas/setup';
import { checkAddress } from './addresses';

/** A phone number no real customer has: the benefits check must never show anyone's benefits. */
export const TEST_PHONE = '+358000000000';

export const DEFAULT_TEST_TIMEOUT_MS = 5_000;

/** Timeouts are told apart from "cannot reach" because the advice differs (try again vs. check the address). */
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ERR_CANCELED']);

interface Probe {
  /** "Custobar" or "The benefits service", as the sentence starts. */
  name: string;
  /** The API mid-sentence: "Custobar's API". */
  apiName: string;
  /** What to check when the token is refused. */
  tokenAdvice: string;
  url: string;
  authorization: string;
  /** Is this 2xx body what the service would send? */
  looksRight: (body: unknown) => boolean;
  /** What the address should look like, for a 404. */
  addressHint: string;
  timeoutMs: number;
}

const check = (code: ServiceCheck['code'], message: string, status: number | null = null): ServiceCheck => ({ ok: code === 'ok', code, message, status });

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * ONE read with the values typed, never saved. Fresh connections each time (no keep-alive), so a test
 * after fixing a typo is not answered over a connection to the old address.
 */
async function probe(p: Probe): Promise<ServiceCheck> {
  let res: { status: number; data: unknown };
  try {
    const axios = await loadAxios();
    res = await axios.get(p.url, {
      headers: { Authorization: p.authorization, Accept: 'application/json' },
      timeout: p.timeoutMs,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: 3,
      httpAgent: new http.Agent({ keepAlive: false }),
      httpsAgent: new https.Agent({ keepAlive: false }),
    });
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (TIMEOUT_CODES.has(code)) {
      return check('timeout', `${p.name} did not answer within ${Math.round(p.timeoutMs / 1000)} seconds. Check the address, or try again in a moment.`);
    }
    const detail = code || (error as Error).message || 'network error';
    const tls = /CERT|SSL|TLS/i.test(code);
    return check(
      'unreachable',
      tls
        ? `${p.name} could not be reached securely: its certificate was not accepted (${detail}). Check the address.`
        : `${p.name} could not be reached at this address (${detail}). Check the address and this computer's network connection.`,
    );
  }
  const { status } = res;
  if (status === 401 || status === 403) {
    return check('unauthorized', `${p.name} answered: the token was refused. ${p.tokenAdvice}`, status);
  }
  if (status === 404 || status === 405) {
    return check('not_found', `Something answered at this address, but not ${p.apiName} (HTTP ${status}). Check the address: ${p.addressHint}.`, status);
  }
  if (status < 200 || status >= 300) {
    return check('unexpected', `${p.name} answered with an error (HTTP ${status}). Try again later, or ask the service's support.`, status);
  }
  if (!p.looksRight(parseJson(res.data))) {
    return check('unexpected', `Something answered at this address, but not like ${p.apiName}. Check the address: ${p.addressHint}.`, status);
  }
  return check('ok', `${p.name} answered: the address and the token work.`, status);
}

const isObject = (body: unknown): body is Record<string, unknown> => typeof body === 'object' && body !== null && !Array.isArray(body);

export interface CustobarTarget {
  baseUrl: string;
  authScheme: 'Token' | 'Bearer';
  token: string;
}

/** Custobar's data API: GET <tenant>/api/data/customers/?limit=1 — a read every working token may do. */
export function testCustobar(target: CustobarTarget, timeoutMs = DEFAULT_TEST_TIMEOUT_MS): Promise<ServiceCheck> {
  if (target.baseUrl.trim() === '' && target.token === '') return Promise.resolve(check('not_configured', 'Type the Custobar address and token first.'));
  const address = checkAddress(target.baseUrl, 'Custobar', { stripApi: true });
  if (!address.ok) return Promise.resolve(check(address.code === 'required' ? 'not_configured' : 'invalid_address', address.message));
  if (target.token === '') return Promise.resolve(check('not_configured', 'Type the Custobar API token first.'));
  return probe({
    name: 'Custobar',
    apiName: "Custobar's API",
    tokenAdvice: 'Check the token and the authorization scheme.',
    url: `${address.url}/api/data/customers/?limit=1`,
    authorization: `${target.authScheme} ${target.token}`,
    looksRight: isObject,
    addressHint: 'it is your Custobar address, such as https://yourcompany.custobar.com',
    timeoutMs,
  });
}

/** The benefits contract's list call, for a number that holds no benefits. */
export function testBenefits(target: { baseUrl: string; token: string }, timeoutMs = DEFAULT_TEST_TIMEOUT_MS): Promise<ServiceCheck> {
  if (target.baseUrl.trim() === '') return Promise.resolve(check('not_configured', 'No benefits service address: the checkout will not show benefits.'));
  const address = checkAddress(target.baseUrl, 'benefits service');
  if (!address.ok) return Promise.resolve(check('invalid_address', address.message));
  if (target.token === '') return Promise.resolve(check('not_configured', 'Type the benefits service token first.'));
  return probe({
    name: 'The benefits service',
    apiName: 'the benefits API',
    tokenAdvice: 'Check the token.',
    url: `${address.url}/benefits/?phone_number=${encodeURIComponent(TEST_PHONE)}`,
    authorization: `Bearer ${target.token}`,
    looksRight: (body) => isObject(body) && Array.isArray(body.benefits),
    addressHint: 'it is the address your benefits provider gave, without /benefits',
    timeoutMs,
  });
}
