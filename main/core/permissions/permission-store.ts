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
  /** Position in the change feed: the newest change of this customer. */
  seq: number;
  digest: string;
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
const mark = (v: boolean | null | undefined): string => (v === true ? '1' : v === false ? '0' : '-');
/** Consents and identity as one comparable string (the snapshot's digest column). */
function digestOf(state: Partial<Record<ConsentField, boolean | null>>, who: { external_id: string | null; phone: string | null; email: string | null }): string {
  return `${CONSENT_FIELDS.map((f) => mark(state[f])).join('')}|${who.external_id ?? ''}|${who.phone ?? ''}|${who.email ?? ''}`;
}
const toColumns = (state: ConsentState): Record<ConsentField, number | null> => ({
  can_email: toInt(state.can_email),
  can_sms: toInt(state.can_sms),
  can_post: toInt(state.can_post),
  can_profile: toInt(state.can_profile),
  can_push: toInt(state.can_push),
});

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
  private readonly byKeys: Statement;
  private readonly digests: Statement;

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
    // One row per customer, replaced whole: a change takes the next seq, so it moves to the feed's end.
    this.upsert = db.prepare(
      `INSERT OR REPLACE INTO permission_snapshot (customer_key, seq, digest, external_id, phone, email, can_email, can_sms, can_post, can_profile, can_push, changed_at, source)
       VALUES (@customer_key, @seq, @digest, @external_id, @phone, @email, @can_email, @can_sms, @can_post, @can_profile, @can_push, @changed_at, @source)`,
    );
    this.byKeys = db.prepare('SELECT * FROM permission_snapshot WHERE customer_key IN (SELECT value FROM json_each(?))');
    this.digests = db.prepare('SELECT customer_key, digest FROM permission_snapshot WHERE customer_key IN (SELECT value FROM json_each(?))').raw();
  }

  /** Whether any customer is known by phone only (joined at a till, not yet given an id by Custobar). */
  private hasPhoneKeys(): boolean {
    return this.db.prepare("SELECT 1 FROM permission_snapshot WHERE customer_key >= 'phone:' AND customer_key < 'phone;' LIMIT 1").get() !== undefined;
  }

  /** The next position in the change feed (writes happen only in this process, in transactions). */
  private nextSeq(): () => number {
    let seq = this.lastSeq();
    return () => (seq += 1);
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
      const next = this.nextSeq();
      const named = items.map((item) => ({ item, key: permissionKey(item) })).filter((k): k is { item: IncomingPermission; key: string } => k.key !== null);
      // Most customers of a poll are unchanged: their digest says so, and their row is not read.
      const known = new Map((this.digests.all(JSON.stringify(named.map((k) => k.key))) as [string, string][]).map(([k, d]) => [k, d]));
      const keyed = named.filter(({ item, key }) => {
        if (item.gone || known.get(key) !== digestOf(item.consents, { external_id: item.externalId, phone: item.phone, email: item.email })) return true;
        if (holds.size > 0 && ((item.phone && holds.has(`phone:${item.phone}`)) || (item.externalId && holds.has(`id:${item.externalId}`)))) return true;
        result.applied += 1;
        return false;
      });
      const existing = keyed.filter(({ key }) => known.has(key)).map(({ key }) => key);
      const rows = new Map(existing.length ? (this.byKeys.all(JSON.stringify(existing)) as SnapshotRow[]).map((r) => [r.customer_key, r]) : []);
      // A customer first seen by phone (joined at the till) may come back with an external id.
      const byPhone = this.hasPhoneKeys() ? keyed.filter(({ item, key }) => item.phone && !rows.has(key) && key !== `phone:${item.phone}`).map(({ item }) => `phone:${item.phone}`) : [];
      if (byPhone.length > 0) for (const r of this.byKeys.all(JSON.stringify(byPhone)) as SnapshotRow[]) rows.set(r.customer_key, r);
      for (const { item, key } of keyed) {
        if (item.gone) {
          result.purged += this.purge(item);
          rows.delete(key);
          result.applied += 1;
          continue;
        }
        const previousRow = rows.get(key) ?? (item.phone ? rows.get(`phone:${item.phone}`) : undefined);
        const previous = stateOf(previousRow);
        const state: ConsentState = { ...previous };
        for (const field of CONSENT_FIELDS) {
          const value = item.consents[field];
          if (value !== undefined && value !== null) state[field] = value;
        }
        const hold = holds.size > 0 ? ((item.phone && holds.get(`phone:${item.phone}`)) || (item.externalId && holds.get(`id:${item.externalId}`)) || undefined) : undefined;
        let heldBack = false;
        if (hold) {
          const confirmed = HELD_FIELDS.every((f) => hold[f] === null || item.consents[f] === toBool(hold[f]));
          if (confirmed) this.db.prepare('DELETE FROM permission_holds WHERE phone = ?').run(hold.phone);
          else {
            for (const f of HELD_FIELDS) {
              if (hold[f] !== null && state[f] !== toBool(hold[f])) {
                state[f] = toBool(hold[f]);
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
        const changed = !previousRow || CONSENT_FIELDS.some((f) => state[f] !== previous[f]);
        const moved =
          previousRow !== undefined &&
          (previousRow.customer_key !== key || identity.email !== previousRow.email || identity.phone !== previousRow.phone || identity.external_id !== previousRow.external_id);
        if (changed || moved) {
          if (previousRow && previousRow.customer_key !== key) this.db.prepare('DELETE FROM permission_snapshot WHERE customer_key = ?').run(previousRow.customer_key);
          const row: SnapshotRow = {
            customer_key: key,
            seq: changed ? next() : previousRow!.seq,
            digest: digestOf(state, identity),
            ...identity,
            ...toColumns(state),
            changed_at: changed ? at : previousRow!.changed_at,
            source: changed ? source : previousRow!.source,
          };
          this.upsert.run(row);
          rows.set(key, row);
          if (changed) result.changes += 1;
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
    // By key and by phone only (both indexed): a poll that purges many customers must not scan the table for each.
    const keys = [key, item.phone ? `phone:${item.phone}` : null, item.email ? `email:${item.email}` : null].filter(Boolean);
    const snap = this.db
      .prepare('DELETE FROM permission_snapshot WHERE customer_key IN (SELECT value FROM json_each(?)) OR phone = ?')
      .run(JSON.stringify(keys), item.phone ?? '\u0000').changes;
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
      const state = { ...stateOf(previous), ...consents };
      if (previous && previous.customer_key !== key) this.db.prepare('DELETE FROM permission_snapshot WHERE customer_key = ?').run(previous.customer_key);
      const identity = { external_id: who.externalId ?? previous?.external_id ?? null, phone: who.phone, email: who.email ?? previous?.email ?? null };
      const row: SnapshotRow = {
        customer_key: key,
        seq: this.nextSeq()(),
        digest: digestOf(state, identity),
        ...identity,
        ...toColumns(state),
        changed_at: at,
        source: 'till',
      };
      this.upsert.run(row);
    })();
  }

  /** The latest known consents of a customer, and when and where they last changed. */
  latest(who: { externalId: string | null; phone: string | null }): { consents: ConsentState; changedAt: number; source: PermissionSource } | null {
    const row = ((who.externalId && this.db.prepare('SELECT * FROM permission_snapshot WHERE customer_key = ?').get(who.externalId)) ||
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
    const rows = this.db.prepare('SELECT * FROM permission_snapshot WHERE seq > ? ORDER BY seq LIMIT ?').all(cursor, limit) as SnapshotRow[];
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
    return (this.db.prepare('SELECT count(*) AS n FROM permission_snapshot WHERE seq > ?').get(cursor) as { n: number }).n;
  }

  lastSeq(): number {
    return (this.db.prepare('SELECT coalesce(max(seq), 0) AS n FROM permission_snapshot').get() as { n: number }).n;
  }

  /** A consent changed at this till for this customer is not confirmed by Custobar yet. */
  isHeld(who: { externalId: string | null; phone: string | null }): boolean {
    return this.db.prepare('SELECT 1 FROM permission_holds WHERE phone = ? OR external_id = ? LIMIT 1').get(who.phone ?? '\u0000', who.externalId ?? '\u0000') !== undefined;
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
