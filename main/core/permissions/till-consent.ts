import type { ConsentResult, JoinResult, MethodInput } from '../../../preload/contract';
import type { CoreContext } from '../context/context';
import type { CustobarRecord, ExportType } from '../custobar/types';
import type { OutboxItem } from '../outbox/outbox-store';
import { CompanionError } from '../common/errors';
import { toE164 } from '../common/phone';
import { maskPhone } from '../logging/redact';
import type { ConsentLog } from './consent-log';
import type { PermissionStore } from './permission-store';

/** Someone this till or Custobar already knows by the phone number. */
export interface KnownCustomer {
  externalId: string | null;
  email: string | null;
  name: string | null;
}

export interface TillConsentDeps {
  ctx: CoreContext;
  store: PermissionStore;
  log: ConsentLog;
  /** Queues records of several types in one transaction, in order. */
  enqueue: (groups: { type: ExportType; records: CustobarRecord[] }[], source: string) => OutboxItem[];
  /** The customer with this phone number, if any (local data first, then Custobar when reachable). */
  findByPhone: (phone: string) => Promise<KnownCustomer | null>;
  changed: () => void;
}

type JoinInput = MethodInput<'customers.join'>;
type ConsentInput = MethodInput<'customers.consent'>;

function phoneOf(raw: string, country: string): string {
  const phone = toE164(raw, country);
  if (!phone) throw new CompanionError('invalid_input', `phone_number: "${raw}" is not a valid phone number (country ${country})`, [{ field: 'phone_number', code: 'phone' }]);
  return phone;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Consents given at the till: joining the loyalty programme, and giving or withdrawing SMS and
 * e-mail permission. Each queues, in one transaction, the customer upload (only the consents the
 * customer was asked about, so nothing turns false by omission), the *_SUBSCRIBE / *_UNSUBSCRIBE
 * events, and for a join the company's join event; the outbox sends the customer before the events.
 */
export function tillConsent(deps: TillConsentDeps) {
  const { ctx, store, log } = deps;
  const settings = () => ctx.settings.get();

  const event = (type: string, who: { customer_id?: string; phone_number: string; email?: string }, extra: CustobarRecord = {}): CustobarRecord => ({
    type,
    date: ctx.now().toISOString(),
    ...who,
    ...extra,
  });

  /**
   * The queued records, the consent log entry and the hold that keeps this consent over an older
   * Custobar state: one transaction, so a crash leaves all of them or none.
   */
  function commit(
    groups: { type: ExportType; records: CustobarRecord[] }[],
    source: string,
    entry: Parameters<ConsentLog['add']>[0],
    who: { externalId: string | null; phone: string; email: string | null },
    consents: { can_sms?: boolean; can_email?: boolean },
  ): void {
    store.db.transaction(() => {
      const items = deps.enqueue(groups, source);
      log.add(entry);
      store.recordTill(who, consents, items.find((i) => i.type === 'customers')!.key);
    })();
    deps.changed();
  }

  async function join(input: JoinInput): Promise<JoinResult> {
    const { defaultCountry } = settings().general;
    const phone = phoneOf(input.phone_number, defaultCountry);
    const email = input.email ? input.email.toLowerCase() : null;
    if (email && !EMAIL.test(email)) throw new CompanionError('invalid_input', `email: "${input.email}" is not an e-mail address`, [{ field: 'email', code: 'email' }]);
    if (input.consents.email && !email) {
      throw new CompanionError('invalid_input', 'email: an e-mail address is needed for e-mail consent', [{ field: 'email', code: 'email_required' }]);
    }
    const known = await deps.findByPhone(phone);
    const { shopId, tillId } = ctx.ids();
    const version = input.consent_text_version;
    const customer: CustobarRecord = {
      ...(known?.externalId ? { external_id: known.externalId } : {}),
      phone_number: phone,
      ...(email ? { email } : {}),
      ...(input.first_name ? { first_name: input.first_name } : {}),
      ...(input.last_name ? { last_name: input.last_name } : {}),
      can_sms: input.consents.sms,
      // Asked only with an address to write to; otherwise not sent, so a known consent is kept.
      ...(email ? { can_email: input.consents.email } : {}),
    };
    const who = { ...(known?.externalId ? { customer_id: known.externalId } : {}), phone_number: phone, ...(email ? { email } : {}) };
    const events: CustobarRecord[] = [];
    if (input.consents.sms) events.push(event('SMS_SUBSCRIBE', who));
    if (input.consents.email && email) events.push(event('MAIL_SUBSCRIBE', who));
    events.push(event(settings().permissions.joinEventType, who, { shop_id: shopId, till_id: tillId, consent_text_version: version }));
    commit(
      [{ type: 'customers', records: [customer] }, { type: 'events', records: events }],
      'join',
      { action: 'join', phone, customerId: known?.externalId ?? null, shopId, tillId, textVersion: version, sms: input.consents.sms, email: email ? input.consents.email : null },
      { externalId: known?.externalId ?? null, phone, email: email ?? known?.email ?? null },
      { can_sms: input.consents.sms, ...(email ? { can_email: input.consents.email } : {}) },
    );
    const name = known?.name ?? ([input.first_name, input.last_name].filter(Boolean).join(' ') || null);
    return { existing: known !== null, customerId: known?.externalId ?? null, name, maskedPhone: maskPhone(phone), events: events.map((e) => String(e.type)) };
  }

  async function consent(input: ConsentInput): Promise<ConsentResult> {
    const phone = phoneOf(input.phone_number, settings().general.defaultCountry);
    const known = await deps.findByPhone(phone);
    if (input.email === true && !known?.email) {
      throw new CompanionError('invalid_input', 'email: no e-mail address is known for this customer; add it by joining with the address', [{ field: 'email', code: 'email_required' }]);
    }
    const { shopId, tillId } = ctx.ids();
    const consents = { ...(input.sms !== undefined ? { can_sms: input.sms } : {}), ...(input.email !== undefined ? { can_email: input.email } : {}) };
    const customer: CustobarRecord = { ...(known?.externalId ? { external_id: known.externalId } : {}), phone_number: phone, ...consents };
    const who = { ...(known?.externalId ? { customer_id: known.externalId } : {}), phone_number: phone, ...(known?.email ? { email: known.email } : {}) };
    const events: CustobarRecord[] = [];
    if (input.sms !== undefined) events.push(event(input.sms ? 'SMS_SUBSCRIBE' : 'SMS_UNSUBSCRIBE', who));
    if (input.email !== undefined) events.push(event(input.email ? 'MAIL_SUBSCRIBE' : 'MAIL_UNSUBSCRIBE', who));
    commit(
      [{ type: 'customers', records: [customer] }, { type: 'events', records: events }],
      'consent',
      { action: 'consent', phone, customerId: known?.externalId ?? null, shopId, tillId, textVersion: input.consent_text_version, sms: input.sms ?? null, email: input.email ?? null },
      { externalId: known?.externalId ?? null, phone, email: known?.email ?? null },
      consents,
    );
    return { existing: known !== null, maskedPhone: maskPhone(phone), events: events.map((e) => String(e.type)) };
  }

  return { join, consent };
}
