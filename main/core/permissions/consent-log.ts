import type { Db } from '../db/database';
import type { ConsentLogEntry } from '../../../preload/contract';

export interface ConsentRecord {
  action: ConsentLogEntry['action'];
  phone: string;
  customerId: string | null;
  shopId: string;
  tillId: string;
  textVersion: string;
  /** null: the customer was not asked. */
  sms: boolean | null;
  email: boolean | null;
}

const int = (v: boolean | null): number | null => (v === null ? null : v ? 1 : 0);
const bool = (v: number | null): boolean | null => (v === null ? null : v === 1);

/**
 * Every consent given or withdrawn at this till: when, where, what the customer was told (the text
 * version) and what they answered. Kept so the store can show how a permission was collected.
 */
export class ConsentLog {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  add(record: ConsentRecord): number {
    return Number(
      this.db
        .prepare('INSERT INTO consent_log (at, action, phone, customer_id, shop_id, till_id, text_version, sms, email) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(this.now(), record.action, record.phone, record.customerId, record.shopId, record.tillId, record.textVersion, int(record.sms), int(record.email)).lastInsertRowid,
    );
  }

  /** Newest first. */
  list(options: { phone?: string; limit: number }): ConsentLogEntry[] {
    const rows = (
      options.phone
        ? this.db.prepare('SELECT * FROM consent_log WHERE phone = ? ORDER BY id DESC LIMIT ?').all(options.phone, options.limit)
        : this.db.prepare('SELECT * FROM consent_log ORDER BY id DESC LIMIT ?').all(options.limit)
    ) as { id: number; at: number; action: 'join' | 'consent'; phone: string; customer_id: string | null; shop_id: string; till_id: string; text_version: string; sms: number | null; email: number | null }[];
    return rows.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      action: r.action,
      phone_number: r.phone,
      customer_id: r.customer_id,
      shop_id: r.shop_id,
      till_id: r.till_id,
      consent_text_version: r.text_version,
      sms: bool(r.sms),
      email: bool(r.email),
    }));
  }
}
