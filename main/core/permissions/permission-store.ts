import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database';
import type { PermissionSource } from '../../../preload/contract';

export const CONSENT_FIELDS = ['can_email', 'can_sms', 'can_post', 'can_profile', 'can_push'] as const;
export type ConsentField = (typeof CONSENT_FIELDS)[number];
/** true / false, or null when not known. */
export type ConsentState = Record<ConsentField, boolean | null>;

/** One customer's permissions as Custobar (or this till) reports them; undefined = not reported. */
export interface IncomingPermission {
  externalId: string | null;
  phone: string | null;
  email: string | null;
  consents: Partial<Record<ConsentField, boolean | null>>;
  /** is_forgotten or is_deleted: the customer's data leaves this till. */
  gone: boolean;
}

export interface PermissionChange extends ConsentState {
  external_id: string | null;
  phone_number: string | null;
  email: string | null;
  changed_at: string;
  source: PermissionSource;
}

export interface ApplyResult {
  /** Items taken as they came (not held back by a consent changed at this till). */
  applied: number;
  changes: number;
  purged: number;
}

interface SnapshotRow {
  customer_key: string;
  external_id: string | null;
  phone: string | null;
  email: string | null;
  can_email: number | null;
  can_sms: number | null;
  can_post: number | null;
  can_profile: number | null;
  can_push: number | null;
  changed_at: number;
  source: PermissionSource;
}

interface HoldRow {
  phone: string;
  external_id: string | null;
  email: string | null;
  can_sms: number | null;
  can_email: number | null;
  outbox_key: string;
  changed_at: number;
  delivered_at: number | null;
}

const toBool = (v: number | null): boolean | null => (v === null ? null : v === 1);
const toInt = (v: boolean | null): number | null => (v === null ? null : v ? 1 : 0);
const HELD_FIELDS = ['can_sms', 'can_email'] as const;

/** The same identity rule as the outbox: external id, else phone, else e-mail. */
export function permissionKey(p: { externalId: string | null; phone: string | null; email: string | null }): string | null {
  if (p.externalId) return p.externalId;
  if (p.phone) return `phone:${p.phone}`;
  if (p.email) return `email:${p.email}`;
  return null;
}

function stateOf(row: SnapshotRow | undefined): ConsentState {
  return {
    can_email: row ? toBool(row.can_email) : null,
    can_sms: row ? toBool(row.can_sms) : null,
    can_post: row ? toBool(row.can_post) : null,
    can_profile: row ? toBool(row.can_profile) : null,
    can_push: row ? toBool(row.can_push) : null,
  };
}

/**
 * The permissions tables in SQL: the snapshot of every customer's last known consents, the change
 * feed (its seq is the POS's cursor), the holds that keep a consent changed at this till from being
 * overwritten by an older Custobar state, and the till's consent log.
 */
export class PermissionStore {
  private readonly upsert: Statement;
  private readonly insertChange: Statement;
  private readonly byKeys: Statement;

  constructor(
    readonly db: Db,
    private readonly now: () => number,
    /** How long a delivered till change still wins over Custobar (Custobar imports on its own time). */
    private readonly holdMs: () => number,
    /** The outbox still holds this customer upload (waiting, in flight or dead-lettered). */
    private readonly inOutbox: (customerKey: string) => boolean,
    /** Removes the person from the rest of the till (the customer cache), in the same transaction. */
    private readonly onGone: (who: IncomingPermission) => void = () => undefined,
  ) {
    this.upsert = db.prepare(
      `INSERT INTO permission_snapshot (customer_key, external_id, phone, email, can_email, can_sms, can_post, can_profile, can_push, changed_at, source)
       VALUES (@customer_key, @external_id, @phone, @email, @can_email, @can_sms, @can_post, @can_profile, @can_push, @changed_at, @source)
       ON CONFLICT (customer_key) DO UPDATE SET external_id = excluded.external_id, phone = excluded.phone, email = excluded.email,
         can_email = excluded.can_email, can_sms = excluded.can_sms, can_post = excluded.can_post, can_profile = excluded.can_profile,
         can_push = excluded.can_push, changed_at = excluded.changed_at, source = excluded.source`,
    );
    this.insertChange = db.prepare(
      `INSERT INTO permission_changes (customer_key, external_id, phone, email, can_email, can_sms, can_post, can_profile, can_push, changed_at, source)
       VALUES (@customer_key, @external_id, @phone, @email, @can_email, @can_sms, @can_post, @can_profile, @can_push, @changed_at, @source)`,
    );
    this.byKeys = db.prepare('SELECT * FROM permission_snapshot WHERE customer_key IN (SELECT value FROM json_each(?))');
  }

  /** Holds still in force, by phone and by external id; expired or confirmed ones are dropped. */
  private activeHolds(): Map<string, HoldRow> {
    const at = this.now();
    const holds = new Map<string, HoldRow>();
    for (const hold of this.db.prepare('SELECT * FROM permission_holds').all() as HoldRow[]) {
      if (!this.inOutbox(hold.outbox_key)) {
        if (hold.delivered_at === null) {
          hold.delivered_at = at;
          this.db.prepare('UPDATE permission_holds SET delivered_at = ? WHERE phone = ?').run(at, hold.phone);
        }
        if (at - hold.delivered_at >= this.holdMs()) {
          this.db.prepare('DELETE FROM permission_holds WHERE phone = ?').run(hold.phone);
          continue;
        }
      }
      holds.set(`phone:${hold.phone}`, hold);
      if (hold.external_id) holds.set(`id:${hold.external_id}`, hold);
    }
    return holds;
  }

  /**
   * Compares a batch (a page of a poll, a webhook call) with the snapshot and records what changed,
   * in one transaction. A consent not reported keeps its known value: nothing turns false by omission.
   */
  apply(items: readonly IncomingPermission[], source: Exclude<PermissionSource, 'till'>): ApplyResult {
    const at = this.now();
    return this.db.transaction((): ApplyResult => {
      const result: ApplyResult = { applied: 0, changes: 0, purged: 0 };
      const holds = this.activeHolds();
      const keyed = items.map((item) => ({ item, key: permissionKey(item) })).filter((k): k is { item: IncomingPermission; key: string } => k.key !== null);
      const wanted = new Set<string>();
      for (const { item, key } of keyed) {
        wanted.add(key);
        // A customer first seen by phone (joined at the till) may come back with an external id.
        if (item.phone) wanted.add(`phone:${item.phone}`);
      }
      const rows = new Map((this.byKeys.all(JSON.stringify([...wanted])) as SnapshotRow[]).map((r) => [r.customer_key, r]));
      for (const { item, key } of keyed) {
        if (item.gone) {
          result.purged += this.purge(item);
          rows.delete(key);
          result.applied += 1;
          continue;
        }
        const phoneKey = item.phone ? `phone:${item.phone}` : null;
        const previousRow = rows.get(key) ?? (phoneKey ? rows.get(phoneKey) : undefined);
        const previous = stateOf(previousRow);
        const next: ConsentState = { ...previous };
        for (const field of CONSENT_FIELDS) {
          const value = item.consents[field];
          if (value !== undefined && value !== null) next[field] = value;
        }
        const hold = (item.phone && holds.get(`phone:${item.phone}`)) || (item.externalId && holds.get(`id:${item.externalId}`)) || undefined;
        let heldBack = false;
        if (hold) {
          const confirmed = HELD_FIELDS.every((f) => hold[f] === null || item.consents[f] === toBool(hold[f]));
          if (confirmed) this.db.prepare('DELETE FROM permission_holds WHERE phone = ?').run(hold.phone);
          else {
            for (const f of HELD_FIELDS) {
              if (hold[f] !== null && next[f] !== toBool(hold[f])) {
                next[f] = toBool(hold[f]);
                heldBack = true;
              }
            }
          }
        }
        const identity = {
          external_id: item.externalId ?? previousRow?.external_id ?? null,
          phone: item.phone ?? previousRow?.phone ?? null,
          email: item.email ?? previousRow?.email ?? null,
        };
        const changed = !previousRow || CONSENT_FIELDS.some((f) => next[f] !== previous[f]);
        if (previousRow && previousRow.customer_key !== key) this.db.prepare('DELETE FROM permission_snapshot WHERE customer_key = ?').run(previousRow.customer_key);
        if (changed || previousRow?.customer_key !== key || identity.email !== previousRow.email || identity.phone !== previousRow.phone || identity.external_id !== previousRow.external_id) {
          const row: SnapshotRow = {
            customer_key: key,
            ...identity,
            ...(Object.fromEntries(CONSENT_FIELDS.map((f) => [f, toInt(next[f])])) as Record<ConsentField, number | null>),
            changed_at: changed ? at : previousRow!.changed_at,
            source: changed ? source : previousRow!.source,
          };
          this.upsert.run(row);
          rows.set(key, row);
          if (changed) {
            this.insertChange.run(row);
            result.changes += 1;
          }
        }
        if (!heldBack) result.applied += 1;
      }
      return result;
    })();
  }

  /** Removes a forgotten or deleted customer everywhere this store keeps them; returns rows removed. */
  private purge(item: IncomingPermission): number {
    const key = permissionKey(item)!;
    const ids = [item.externalId, item.phone, item.email].map((v) => v ?? '\u0000');
    const snap = this.db.prepare('DELETE FROM permission_snapshot WHERE customer_key = ? OR external_id = ? OR phone = ? OR email = ?').run(key, ...ids).changes;
    this.db.prepare('DELETE FROM permission_changes WHERE customer_key = ? OR external_id = ? OR phone = ? OR email = ?').run(key, ...ids);
    this.db.prepare('DELETE FROM permission_holds WHERE external_id = ? OR phone = ? OR email = ?').run(...ids);
    this.onGone(item);
    return snap;
  }

  /** A consent given or withdrawn at this till: it wins over Custobar until Custobar shows it. */
  recordTill(who: { externalId: string | null; phone: string; email: string | null }, consents: Partial<Record<'can_sms' | 'can_email', boolean>>, outboxKey: string): void {
    const at = this.now();
    this.db.transaction(() => {
      const existing = this.db.prepare('SELECT * FROM permission_holds WHERE phone = ?').get(who.phone) as HoldRow | undefined;
      this.db
        .prepare(
          `INSERT OR REPLACE INTO permission_holds (phone, external_id, email, can_sms, can_email, outbox_key, changed_at, delivered_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, NULL)`,
        )
        .run(
          who.phone,
          who.externalId ?? existing?.external_id ?? null,
          who.email ?? existing?.email ?? null,
          consents.can_sms === undefined ? (existing?.can_sms ?? null) : toInt(consents.can_sms),
          consents.can_email === undefined ? (existing?.can_email ?? null) : toInt(consents.can_email),
          outboxKey,
          at,
        );
      const key = permissionKey(who)!;
      const previous = (this.byKeys.all(JSON.stringify([key, `phone:${who.phone}`])) as SnapshotRow[]).sort((a) => (a.customer_key === key ? -1 : 1))[0];
      const next = { ...stateOf(previous), ...consents };
      if (previous && previous.customer_key !== key) this.db.prepare('DELETE FROM permission_snapshot WHERE customer_key = ?').run(previous.customer_key);
      const row: SnapshotRow = {
        customer_key: key,
        external_id: who.externalId ?? previous?.external_id ?? null,
        phone: who.phone,
        email: who.email ?? previous?.email ?? null,
        ...(Object.fromEntries(CONSENT_FIELDS.map((f) => [f, toInt(next[f])])) as Record<ConsentField, number | null>),
        changed_at: at,
        source: 'till',
      };
      this.upsert.run(row);
      this.insertChange.run(row);
    })();
  }

  /** The latest known consents of a customer, and when and where they last changed. */
  latest(who: { externalId: string | null; phone: string | null }): { consents: ConsentState; changedAt: number; source: PermissionSource } | null {
    const row = ((who.externalId && this.db.prepare('SELECT * FROM permission_snapshot WHERE external_id = ? ORDER BY changed_at DESC LIMIT 1').get(who.externalId)) ||
      (who.phone && this.db.prepare('SELECT * FROM permission_snapshot WHERE phone = ? ORDER BY changed_at DESC LIMIT 1').get(who.phone)) ||
      undefined) as SnapshotRow | undefined;
    return row ? { consents: stateOf(row), changedAt: row.changed_at, source: row.source } : null;
  }

  /** A known customer with this phone number (snapshot), for joining without making a second one. */
  byPhone(phone: string): { externalId: string | null; email: string | null } | null {
    const row = this.db.prepare('SELECT external_id, email FROM permission_snapshot WHERE phone = ? ORDER BY external_id IS NULL LIMIT 1').get(phone) as
      | { external_id: string | null; email: string | null }
      | undefined;
    return row ? { externalId: row.external_id, email: row.email } : null;
  }

  /** Changes after a cursor, oldest first. */
  changesSince(cursor: number, limit: number): { seq: number; change: PermissionChange }[] {
    const rows = this.db.prepare('SELECT * FROM permission_changes WHERE seq > ? ORDER BY seq LIMIT ?').all(cursor, limit) as (SnapshotRow & { seq: number })[];
    return rows.map((r) => ({
      seq: r.seq,
      change: {
        external_id: r.external_id,
        phone_number: r.phone,
        email: r.email,
        ...stateOf(r),
        changed_at: new Date(r.changed_at).toISOString(),
        source: r.source,
      },
    }));
  }

  countSince(cursor: number): number {
    return (this.db.prepare('SELECT count(*) AS n FROM permission_changes WHERE seq > ?').get(cursor) as { n: number }).n;
  }

  lastSeq(): number {
    return (this.db.prepare('SELECT coalesce(max(seq), 0) AS n FROM permission_changes').get() as { n: number }).n;
  }

  holdCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM permission_holds').get() as { n: number }).n;
  }

  meta(key: string): string | null {
    return (this.db.prepare('SELECT value FROM permission_meta WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT OR REPLACE INTO permission_meta (key, value) VALUES (?, ?)').run(key, value);
  }
}
