import type { Db } from '../db/database';

export type RedemptionState = 'pending' | 'committed' | 'rejected' | 'voided';

export interface RedemptionRow {
  id: string;
  idempotency_key: string;
  checkout_id: string;
  benefit_id: string;
  benefit_title: string;
  benefit_kind: string;
  phone: string;
  /** The customer's first name, for today's list (null: not known, or a redemption from before it was kept). */
  first_name: string | null;
  customer_id: string | null;
  card_id: string | null;
  shop_id: string;
  till_id: string;
  redeemed_at: string;
  state: RedemptionState;
  offline: number;
  cancel_requested: number;
  remote_id: string | null;
  reason: string | null;
  attempts: number;
  void_key: string | null;
  void_reason: string | null;
  void_state: 'pending' | 'done' | null;
  created_at: number;
  updated_at: number;
}

/** Allowed state changes: anything else is a bug and is refused. */
const TRANSITIONS: Record<RedemptionState, RedemptionState[]> = {
  pending: ['pending', 'committed', 'rejected'],
  committed: ['committed', 'voided'],
  rejected: [],
  voided: [],
};

/** Redemptions in SQLite: written before the first request, updated on every outcome. */
export class RedemptionStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs fn in one transaction (the outbox shares this database, so its writes join it). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  insert(row: Omit<RedemptionRow, 'attempts' | 'void_key' | 'void_reason' | 'void_state' | 'remote_id' | 'reason' | 'cancel_requested' | 'created_at' | 'updated_at'>): RedemptionRow {
    const at = this.now();
    this.db
      .prepare(
        `INSERT INTO redemptions (id, idempotency_key, checkout_id, benefit_id, benefit_title, benefit_kind, phone, first_name, customer_id, card_id, shop_id, till_id, redeemed_at, state, offline, created_at, updated_at)
         VALUES (@id, @idempotency_key, @checkout_id, @benefit_id, @benefit_title, @benefit_kind, @phone, @first_name, @customer_id, @card_id, @shop_id, @till_id, @redeemed_at, @state, @offline, @at, @at)`,
      )
      .run({ ...row, at });
    return this.get(row.id)!;
  }

  get(id: string): RedemptionRow | null {
    return (this.db.prepare('SELECT * FROM redemptions WHERE id = ?').get(id) as RedemptionRow | undefined) ?? null;
  }

  /** A redemption of this benefit in this checkout that is not over: a double click or scan reuses it. */
  active(checkoutId: string, benefitId: string): RedemptionRow | null {
    return (
      (this.db
        .prepare("SELECT * FROM redemptions WHERE checkout_id = ? AND benefit_id = ? AND state IN ('pending', 'committed') ORDER BY created_at DESC LIMIT 1")
        .get(checkoutId, benefitId) as RedemptionRow | undefined) ?? null
    );
  }

  update(id: string, patch: Partial<Pick<RedemptionRow, 'state' | 'remote_id' | 'reason' | 'offline' | 'cancel_requested' | 'void_key' | 'void_reason' | 'void_state'>>, countAttempt = false): RedemptionRow {
    const current = this.get(id);
    if (!current) throw new Error(`redemption ${id} not found`);
    if (patch.state && !TRANSITIONS[current.state].includes(patch.state)) {
      throw new Error(`redemption ${id}: ${current.state} → ${patch.state} is not allowed`);
    }
    const next = { ...current, ...patch, attempts: current.attempts + (countAttempt ? 1 : 0), updated_at: this.now() };
    this.db
      .prepare(
        `UPDATE redemptions SET state = @state, remote_id = @remote_id, reason = @reason, offline = @offline, cancel_requested = @cancel_requested,
         void_key = @void_key, void_reason = @void_reason, void_state = @void_state, attempts = @attempts, updated_at = @updated_at WHERE id = @id`,
      )
      .run(next);
    return next;
  }

  /** Everything whose outcome is still open: unresolved redemptions and voids in progress. */
  open(): RedemptionRow[] {
    return this.db.prepare("SELECT * FROM redemptions WHERE state = 'pending' OR void_state = 'pending' ORDER BY created_at").all() as RedemptionRow[];
  }

  since(from: number): RedemptionRow[] {
    return this.db.prepare('SELECT * FROM redemptions WHERE created_at >= ? ORDER BY created_at DESC').all(from) as RedemptionRow[];
  }

  offlineCount(kind: string, from: number): number {
    return (this.db.prepare('SELECT count(*) AS n FROM redemptions WHERE offline = 1 AND benefit_kind = ? AND created_at >= ?').get(kind, from) as { n: number }).n;
  }

  /** Offline redemptions the service refused when they were reconciled: the manager must see these. */
  conflicts(): RedemptionRow[] {
    return this.db.prepare("SELECT * FROM redemptions WHERE offline = 1 AND state = 'rejected' ORDER BY created_at DESC LIMIT 200").all() as RedemptionRow[];
  }

  audit(row: Pick<RedemptionRow, 'id' | 'till_id' | 'benefit_id'>, action: string, outcome: string): void {
    this.db
      .prepare('INSERT INTO redemption_audit (at, redemption_id, till_id, benefit_id, action, outcome) VALUES (?, ?, ?, ?, ?, ?)')
      .run(this.now(), row.id, row.till_id, row.benefit_id, action, outcome);
  }

  auditLog(limit: number): { at: string; redemptionId: string; tillId: string; benefitId: string; action: string; outcome: string }[] {
    return (this.db.prepare('SELECT * FROM redemption_audit ORDER BY id DESC LIMIT ?').all(limit) as { at: number; redemption_id: string; till_id: string; benefit_id: string; action: string; outcome: string }[]).map((r) => ({
      at: new Date(r.at).toISOString(),
      redemptionId: r.redemption_id,
      tillId: r.till_id,
      benefitId: r.benefit_id,
      action: r.action,
      outcome: r.outcome,
    }));
  }
}
