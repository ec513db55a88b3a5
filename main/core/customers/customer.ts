/** A customer as the checkout needs it, whichever system it came from. */
export interface Customer {
  cardId: string;
  customerId: string | null;
  firstName: string | null;
  lastName: string | null;
  /** E.164, the key to the customer's benefits. Stays in the core; the UI gets it masked. */
  phone: string | null;
  email: string | null;
  consents: { email: boolean | null; sms: boolean | null; post: boolean | null; profile: boolean | null; push: boolean | null };
  source: 'custobar' | 'solteq' | 'cache';
}

export type LookupResult =
  | { kind: 'found'; customer: Customer }
  | { kind: 'not_found' }
  | { kind: 'offline'; reason: string }
  | { kind: 'unauthorized'; reason: string }
  | { kind: 'error'; reason: string };

export interface CustomerSource {
  readonly name: Customer['source'];
  lookup(cardId: string, signal: AbortSignal): Promise<LookupResult>;
}

const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);

/** A Custobar customer record (data API, exports) → Customer. */
export function fromCustobar(cardId: string, r: Record<string, unknown>, source: Customer['source'] = 'custobar'): Customer {
  return {
    cardId,
    customerId: str(r.external_id),
    firstName: str(r.first_name),
    lastName: str(r.last_name),
    phone: str(r.phone_number),
    email: str(r.email),
    consents: { email: bool(r.can_email), sms: bool(r.can_sms), post: bool(r.can_post), profile: bool(r.can_profile), push: bool(r.can_push) },
    source,
  };
}
