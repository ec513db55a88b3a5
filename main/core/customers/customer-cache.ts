import type { Db } from '../db/database';
import type { Customer } from './customer';

/** Who a forget names: card ids or customer ids (exports), or a person by any of their ids (Custobar's removal). */
export interface ForgottenCustomer {
  ids?: readonly string[];
  externalId?: string | null;
  phone?: string | null;
  email?: string | null;
}

/**
 * Customers this till has seen (from exports and lookups), so a card is recognised while Custobar
 * is unreachable and the benefits request can start before a fresh lookup returns. Personal data is
 * kept only until it expires (a setting) and is removed at once for a forgotten customer.
 */
export class CustomerCache {
  private readonly forgetting = new Set<(who: ForgottenCustomer) => void>();

  constructor(
    private readonly db: Db,
    private readonly ttlMs: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  get(cardId: string): Customer | null {
    const row = this.db.prepare('SELECT * FROM customer_cache WHERE card_id = ? AND expires_at > ?').get(cardId, this.now()) as
      | { card_id: string; customer_id: string | null; first_name: string | null; last_name: string | null; phone: string | null; email: string | null; consents: string | null; source: string }
      | undefined;
    if (!row) return null;
    return {
      cardId: row.card_id,
      customerId: row.customer_id,
      firstName: row.first_name,
      lastName: row.last_name,
      phone: row.phone,
      email: row.email,
      consents: row.consents ? JSON.parse(row.consents) : { email: null, sms: null, post: null, profile: null, push: null },
      source: 'cache',
    };
  }

  /** Stores or refreshes customers; fields a newer source leaves empty keep their cached value. */
  put(customers: readonly Customer[], source: string): void {
    const at = this.now();
    const stmt = this.db.prepare(
      `INSERT INTO customer_cache (card_id, customer_id, first_name, last_name, phone, email, consents, source, updated_at, expires_at)
       VALUES (@cardId, @customerId, @firstName, @lastName, @phone, @email, @consents, @source, @at, @expires)
       ON CONFLICT (card_id) DO UPDATE SET
         customer_id = coalesce(excluded.customer_id, customer_id), first_name = coalesce(excluded.first_name, first_name),
         last_name = coalesce(excluded.last_name, last_name), phone = coalesce(excluded.phone, phone), email = coalesce(excluded.email, email),
         consents = coalesce(excluded.consents, consents), source = excluded.source, updated_at = excluded.updated_at, expires_at = excluded.expires_at`,
    );
    this.db.transaction(() => {
      for (const c of customers) {
        const hasConsent = Object.values(c.consents).some((v) => v !== null);
        stmt.run({ ...c, consents: hasConsent ? JSON.stringify(c.consents) : null, source, at, expires: at + this.ttlMs() });
      }
    })();
  }

  forget(cardIds: readonly string[]): void {
    const stmt = this.db.prepare('DELETE FROM customer_cache WHERE card_id = ? OR customer_id = ?');
    this.db.transaction(() => cardIds.forEach((id) => stmt.run(id, id)))();
    this.forgotten({ ids: cardIds });
  }

  /** Told of every customer forgotten here, so what else the till keeps about them (their activity) goes too. */
  onForget(listener: (who: ForgottenCustomer) => void): () => void {
    this.forgetting.add(listener);
    return () => this.forgetting.delete(listener);
  }

  private forgotten(who: ForgottenCustomer): void {
    for (const listener of this.forgetting) listener(who);
  }

  /** A cached customer with this phone number (E.164), for joining without making a second one. */
  byPhone(phone: string): Customer | null {
    const row = this.db.prepare('SELECT card_id FROM customer_cache WHERE phone = ? AND expires_at > ? ORDER BY updated_at DESC LIMIT 1').get(phone, this.now()) as
      | { card_id: string }
      | undefined;
    return row ? this.get(row.card_id) : null;
  }

  /** The keys this till knows a person by, from every cached card matching any of the given ones. */
  keysOf(who: { externalId: string | null; phone: string | null; email: string | null }): { externalId: string | null; phone: string | null; email: string | null }[] {
    const none = '\u0000';
    const rows = this.db
      .prepare('SELECT customer_id, phone, email FROM customer_cache WHERE customer_id = ? OR phone = ? OR email = ?')
      .all(who.externalId ?? none, who.phone ?? none, who.email ?? none) as { customer_id: string | null; phone: string | null; email: string | null }[];
    return rows.map((r) => ({ externalId: r.customer_id, phone: r.phone, email: r.email?.toLowerCase() ?? null }));
  }

  /** Custobar says this person is forgotten or deleted: every cached card of theirs goes. */
  forgetPerson(who: { externalId: string | null; phone: string | null; email: string | null }): number {
    const none = '\u0000';
    const changes = this.db
      .prepare('DELETE FROM customer_cache WHERE customer_id = ? OR phone = ? OR email = ?')
      .run(who.externalId ?? none, who.phone ?? none, who.email ?? none).changes;
    this.forgotten(who);
    return changes;
  }

  /** Removes expired personal data; returns how many customers were purged. */
  purgeExpired(): number {
    return this.db.prepare('DELETE FROM customer_cache WHERE expires_at <= ?').run(this.now()).changes;
  }
}
