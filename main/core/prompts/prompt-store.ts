import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database';

export type PromptState = 'new' | 'shown' | 'told' | 'dismissed';
export type PromptAnswer = 'told' | 'dismissed';

/** Who a prompt is for: any of the customer's keys (at least one). */
export interface PromptCustomer {
  externalId: string | null;
  /** E.164. */
  phone: string | null;
  /** Lower case. */
  email: string | null;
}

export interface IncomingPrompt extends PromptCustomer {
  campaignId: string;
  /** Plain text, already cleaned (intake.ts). */
  message: string;
  /** Epoch ms; null = no end. */
  validUntil: number | null;
}

export interface PromptRow {
  id: string;
  campaign_id: string;
  external_id: string | null;
  phone: string | null;
  email: string | null;
  message: string;
  valid_until: number | null;
  received_at: number;
  state: PromptState;
  shown_at: number | null;
  answered_at: number | null;
}

export type CountField = 'received' | 'shown' | 'told' | 'dismissed';

export interface CampaignCounts {
  campaignId: string;
  today: Record<CountField, number>;
  week: Record<CountField, number>;
}

function statements(db: Db) {
  return {
    sameCampaign: db.prepare(
      `SELECT * FROM campaign_prompts WHERE campaign_id = @c AND (external_id = @e OR phone = @p OR email = @m) ORDER BY received_at DESC, rowid DESC`,
    ),
    insert: db.prepare(
      `INSERT INTO campaign_prompts (id, campaign_id, external_id, phone, email, message, valid_until, received_at, state)
       VALUES (@id, @campaignId, @externalId, @phone, @email, @message, @validUntil, @at, 'new')`,
    ),
    widen: db.prepare(
      `UPDATE campaign_prompts SET external_id = coalesce(external_id, @externalId), phone = coalesce(phone, @phone), email = coalesce(email, @email) WHERE id = @id`,
    ),
    remove: db.prepare('DELETE FROM campaign_prompts WHERE id = ?'),
    open: db.prepare(
      `SELECT * FROM campaign_prompts WHERE (external_id = @e OR phone = @p OR email = @m) AND state IN ('new', 'shown')
       AND (valid_until IS NULL OR valid_until > @now) ORDER BY received_at DESC, rowid DESC`,
    ),
    show: db.prepare(`UPDATE campaign_prompts SET state = 'shown', shown_at = @now WHERE id = @id AND state = 'new'`),
    answer: db.prepare(`UPDATE campaign_prompts SET state = @state, answered_at = @now WHERE id = @id AND state IN ('new', 'shown')`),
    get: db.prepare('SELECT * FROM campaign_prompts WHERE id = ?'),
    count: db.prepare(
      `INSERT INTO campaign_counts (campaign_id, day, received, shown, told, dismissed) VALUES (@c, @day, @received, @shown, @told, @dismissed)
       ON CONFLICT (campaign_id, day) DO UPDATE SET received = received + excluded.received, shown = shown + excluded.shown,
         told = told + excluded.told, dismissed = dismissed + excluded.dismissed`,
    ),
    forget: db.prepare('DELETE FROM campaign_prompts WHERE external_id = @e OR phone = @p OR email = @m'),
    purge: db.prepare('DELETE FROM campaign_prompts WHERE (valid_until IS NOT NULL AND valid_until <= @now) OR received_at <= @oldest'),
    purgeCounts: db.prepare('DELETE FROM campaign_counts WHERE day < ?'),
    stats: db.prepare(
      `SELECT campaign_id,
         sum(CASE WHEN day = @today THEN received ELSE 0 END) AS d_received, sum(CASE WHEN day = @today THEN shown ELSE 0 END) AS d_shown,
         sum(CASE WHEN day = @today THEN told ELSE 0 END) AS d_told, sum(CASE WHEN day = @today THEN dismissed ELSE 0 END) AS d_dismissed,
         sum(received) AS w_received, sum(shown) AS w_shown, sum(told) AS w_told, sum(dismissed) AS w_dismissed
       FROM campaign_counts WHERE day >= @weekStart AND day <= @today GROUP BY campaign_id ORDER BY campaign_id`,
    ),
  };
}

/** Keys no real customer has: a missing key matches nothing. */
const NONE = '\u0000';
const who = (c: PromptCustomer) => ({ e: c.externalId ?? NONE, p: c.phone ?? NONE, m: c.email ?? NONE });

/**
 * Campaign prompts per customer, and the per-campaign per-day counts the manager view reads. The
 * counts are their own table, so purging prompts (expired, forgotten, answered long ago) keeps them.
 */
export class PromptStore {
  private readonly stmts: ReturnType<typeof statements>;

  constructor(
    readonly db: Db,
    private readonly now: () => number,
    /** The store's calendar date (YYYY-MM-DD) of an instant: the day a count belongs to. */
    private readonly dayOf: (ms: number) => string,
  ) {
    this.stmts = statements(db);
  }

  transaction<T>(run: () => T): T {
    return this.db.transaction(run)();
  }

  private bump(campaignId: string, field: CountField, n = 1): void {
    const zero = { received: 0, shown: 0, told: 0, dismissed: 0 };
    this.stmts.count.run({ c: campaignId, day: this.dayOf(this.now()), ...zero, [field]: n });
  }

  /**
   * Keeps a prompt. The same campaign's prompt for the same customer (any key in common) is replaced by
   * a newer one; the very same prompt again (a repeated push, or each pull of an unchanged feed) is a
   * repeat: kept as it is, answer included, so an answered prompt does not come back.
   */
  put(prompt: IncomingPrompt): 'stored' | 'repeat' {
    return this.transaction(() => {
      const existing = this.stmts.sameCampaign.all({ c: prompt.campaignId, ...who(prompt) }) as PromptRow[];
      const same = existing.find((r) => r.message === prompt.message && r.valid_until === prompt.validUntil);
      if (same) {
        this.stmts.widen.run({ id: same.id, externalId: prompt.externalId, phone: prompt.phone, email: prompt.email });
        return 'repeat';
      }
      for (const old of existing) this.stmts.remove.run(old.id);
      this.stmts.insert.run({ ...prompt, id: randomUUID(), at: this.now() });
      this.bump(prompt.campaignId, 'received');
      return 'stored';
    });
  }

  /** The prompts to show this customer: not answered, not expired; one per campaign, the newest. */
  openFor(customer: PromptCustomer): PromptRow[] {
    const rows = this.stmts.open.all({ ...who(customer), now: this.now() }) as PromptRow[];
    const seen = new Set<string>();
    return rows.filter((r) => !seen.has(r.campaign_id) && seen.add(r.campaign_id)).reverse();
  }

  /** Marks prompts as put on a checkout; each counts as shown once. */
  markShown(rows: readonly PromptRow[]): void {
    const fresh = rows.filter((r) => r.state === 'new');
    if (fresh.length === 0) return;
    this.transaction(() => {
      const now = this.now();
      for (const r of fresh) if (this.stmts.show.run({ id: r.id, now }).changes > 0) this.bump(r.campaign_id, 'shown');
    });
  }

  get(id: string): PromptRow | null {
    return (this.stmts.get.get(id) as PromptRow | undefined) ?? null;
  }

  /** The cashier's answer; false when the prompt is no longer open. Run inside the caller's transaction with its event. */
  answer(row: PromptRow, state: PromptAnswer): boolean {
    if (this.stmts.answer.run({ id: row.id, state, now: this.now() }).changes === 0) return false;
    this.bump(row.campaign_id, state);
    return true;
  }

  /** Custobar says this person is forgotten or deleted: their prompts go (the counts stay, they name nobody). */
  forget(customer: PromptCustomer): number {
    return this.stmts.forget.run(who(customer)).changes;
  }

  /** Removes expired prompts, and any received before `oldest` (a prompt without an end is not kept for ever). */
  purge(oldest: number, countsBefore: string): number {
    const n = this.stmts.purge.run({ now: this.now(), oldest }).changes;
    this.stmts.purgeCounts.run(countsBefore);
    return n;
  }

  stats(today: string, weekStart: string): CampaignCounts[] {
    const rows = this.stmts.stats.all({ today, weekStart }) as Record<string, number | string>[];
    const counts = (r: Record<string, number | string>, p: 'd' | 'w') => ({
      received: Number(r[`${p}_received`]),
      shown: Number(r[`${p}_shown`]),
      told: Number(r[`${p}_told`]),
      dismissed: Number(r[`${p}_dismissed`]),
    });
    return rows.map((r) => ({ campaignId: String(r.campaign_id), today: counts(r, 'd'), week: counts(r, 'w') }));
  }
}
