import type { Settings } from '../../../preload/contract';
import { memoByInputs } from '../common/memo';
import { CustobarClient } from '../custobar/client';
import { fromCustobar, type CustomerSource, type LookupResult } from './customer';

const FIELDS = 'external_id,first_name,last_name,phone_number,email,can_email,can_sms,can_post,can_profile,can_push,is_forgotten,is_deleted';

/**
 * The cashier's own Custobar client (the lookup lane): rebuilt when the address, token or timeout
 * changes, never shared with the uploads.
 */
export function lookupClient(custobar: () => Settings['custobar'], token: () => string | undefined, timeoutMs: () => number): () => CustobarClient | null {
  return memoByInputs(
    () => ({ settings: custobar(), token: token(), timeoutMs: timeoutMs() }),
    (options): CustobarClient | null => (options.settings.baseUrl ? new CustobarClient({ ...options, lane: 'lookup' }) : null),
  );
}

/** GET /api/data/customers/?<card field>=<card id> on the Custobar data API. */
export function custobarSource(client: () => CustobarClient | null, cardField: () => string): CustomerSource {
  return {
    name: 'custobar',
    async lookup(cardId, signal): Promise<LookupResult> {
      const c = client();
      if (!c?.configured) return { kind: 'error', reason: 'Custobar is not configured (address and token).' };
      try {
        for await (const page of c.readPages('customers', { [cardField()]: cardId, fields: FIELDS, limit: '2' }, signal)) {
          const record = page.find((r) => r.is_forgotten !== true && r.is_deleted !== true);
          return record ? { kind: 'found', customer: fromCustobar(cardId, record) } : { kind: 'not_found' };
        }
        return { kind: 'not_found' };
      } catch (error) {
        const outcome = (error as { outcome?: { kind: string; reason: string; offline?: boolean } }).outcome;
        if (outcome?.kind === 'auth') return { kind: 'unauthorized', reason: outcome.reason };
        if (outcome?.kind === 'retry') return { kind: 'offline', reason: outcome.reason };
        return { kind: 'error', reason: outcome?.reason ?? (error as Error).message };
      }
    },
  };
}
