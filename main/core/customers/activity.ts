import { setMaxListeners } from 'node:events';
import type { Settings } from '../../../preload/contract';
import type { Activity } from '../../../preload/schemas/activity';
import { CompanionError } from '../common/errors';
import type { CustobarClient } from '../custobar/client';
import type { CustobarRecord } from '../custobar/types';
import type { Logger } from '../logging/logger';
import type { Customer } from './customer';
import type { ForgottenCustomer } from './customer-cache';
import { purchasesOf, saleRowKey } from './purchases';

/** What the activity reads from the outbox: this till's sales not delivered yet, and product titles. */
export interface ActivityOutbox {
  /** One step per chunk of the outbox looked at (see OutboxStore.salesNaming). */
  salesNaming(field: string, value: string): Iterable<CustobarRecord[]>;
  productTitles(ids: readonly string[]): Map<string, string>;
}

export interface ActivityDeps {
  settings: () => Settings['customers'];
  /** The card's customer as this till knows it (the resolver's cache); null = never looked up, expired or forgotten. */
  customer: (cardId: string) => Customer | null;
  /** The lookup lane (its own connections, the lookup timeout, no upload throttle); null = Custobar not configured. */
  client: () => CustobarClient | null;
  outbox: () => ActivityOutbox | null;
  /** Benefits are loading for a scan right now: the activity's requests wait (see Checkout.benefitsSettled). */
  benefitsLoading: () => boolean;
  benefitsSettled: () => Promise<void>;
  /** The longest a request waits for the benefits (they are answered or failed by then). */
  settleLimitMs: () => number;
  now: () => number;
  logger?: Pick<Logger, 'warn'>;
}

/** Customers whose activity is kept in memory at most (least recently used go first). */
export const ACTIVITY_CACHE_SIZE = 500;
/** The data API pages of sales read at most for one customer. */
export const MAX_SALES_PAGES = 10;
/** This till's own sale rows remembered per customer at most. */
const OWN_ROWS = 500;
/** Product titles remembered from exports at most. */
const PRODUCT_TITLES = 20_000;
/** After Custobar could not be read, calls within this time answer offline without trying again. */
const OFFLINE_RETRY_MS = 15_000;

interface Entry {
  key: string;
  cardIds: Set<string>;
  customerId: string | null;
  phone: string | null;
  email: string | null;
  /** What Custobar held, read once per TTL. */
  remote: { rows: CustobarRecord[]; fields: Record<string, unknown>; expiresAt: number } | null;
  /**
   * This till's own sale rows for the customer, seen in the outbox or as they were committed, by row
   * key: a sale delivered after Custobar was read is still shown until the cached part is read again.
   */
  own: Map<string, CustobarRecord>;
  ownExpiresAt: number;
  /** Until then the outbox need not be looked through again: commits since are remembered as they come. */
  ownReadUntil: number;
  offlineUntil: number;
  /** The Custobar read in progress (a second call waits for it instead of making its own). */
  reading: Promise<void> | null;
}

/**
 * The customer card's recent activity: the last purchases (Custobar's data API sales, with this
 * till's sales still in the outbox merged in, so it works offline) and the lifetime fields Custobar
 * holds. Read on the lookup lane, only once no benefits are loading; cached in memory with the
 * customer cache's TTL, purged with it, and dropped at once for a forgotten customer.
 */
export class CustomerActivity {
  private readonly entries = new Map<string, Entry>();
  private readonly stopping = new AbortController();
  /** Product titles seen in exports (not personal data), least recently seen first out. */
  private readonly titles = new Map<string, string>();

  constructor(private readonly deps: ActivityDeps) {
    // Every read in flight listens for the stop (each customer's, a page at a time): not a leak.
    setMaxListeners(ACTIVITY_CACHE_SIZE * 2, this.stopping.signal);
  }

  private get ttlMs(): number {
    return this.deps.settings().cacheTtlHours * 3_600_000;
  }

  /** customers.activity */
  async forCard(cardId: string): Promise<Activity> {
    const settings = this.deps.settings();
    if (!settings.activity.enabled) throw new CompanionError('conflict', 'The recent activity is turned off in Settings (customers.activity.enabled).', { reasonCode: 'activity_off' });
    const customer = this.known(cardId);
    const { saleCustomerField: field } = settings.activity;
    const value = saleValue(field, customer);
    const entry = this.entry(value === null ? `card:${cardId}` : `${field}=${value}`, customer);
    // Sales committed from now on are remembered as they come (salesCommitted), so one look at the
    // outbox per TTL will do.
    if (value !== null && entry.ownReadUntil <= this.deps.now()) {
      await this.ownSales(entry, field, value);
      entry.ownReadUntil = this.deps.now() + this.ttlMs;
    }
    const now = this.deps.now();
    if (!entry.remote || entry.remote.expiresAt <= now) {
      entry.remote = null;
      if (entry.offlineUntil <= now) {
        entry.reading ??= this.read(entry, cardId, field, value).finally(() => (entry.reading = null));
        await entry.reading;
      }
    }
    // Forgotten meanwhile (an export, Custobar's removal): nothing is shown for them.
    this.known(cardId);
    if (this.entries.get(entry.key) !== entry) throw unknownCard(cardId);
    return this.answer(entry, settings.activity.purchases);
  }

  private known(cardId: string): Customer {
    const customer = this.deps.customer(cardId);
    if (!customer) throw unknownCard(cardId);
    return customer;
  }

  /** The cache entry (least recently used first out), refreshed with who the customer is. */
  private entry(key: string, customer: Customer): Entry {
    const now = this.deps.now();
    let entry = this.entries.get(key);
    if (entry) this.entries.delete(key);
    if (entry && entry.ownExpiresAt <= now) entry.own.clear();
    entry ??= { key, cardIds: new Set(), customerId: null, phone: null, email: null, remote: null, own: new Map(), ownExpiresAt: 0, ownReadUntil: 0, offlineUntil: 0, reading: null };
    entry.cardIds.add(customer.cardId);
    entry.customerId = customer.customerId;
    entry.phone = customer.phone;
    entry.email = customer.email;
    this.entries.set(key, entry);
    while (this.entries.size > ACTIVITY_CACHE_SIZE) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }

  private remember(entry: Entry, rows: readonly CustobarRecord[]): void {
    if (rows.length === 0) return;
    rows.forEach((row, i) => {
      const key = saleRowKey(row, `own-${i}`);
      if (key === null) return;
      entry.own.delete(key);
      entry.own.set(key, row);
    });
    while (entry.own.size > OWN_ROWS) entry.own.delete(entry.own.keys().next().value!);
    entry.ownExpiresAt = this.deps.now() + this.ttlMs;
  }

  /**
   * This till's sales for the customer still in the outbox, remembered in the entry: read a chunk at a
   * time, yielding between chunks and waiting while benefits load, so a long backlog never holds up a scan.
   */
  private async ownSales(entry: Entry, field: string, value: string): Promise<void> {
    const outbox = this.deps.outbox();
    if (!outbox) return;
    for (const found of outbox.salesNaming(field, value)) {
      this.remember(entry, found);
      await new Promise<void>((resolve) => setImmediate(resolve));
      await this.afterBenefits();
      if (this.stopping.signal.aborted) return;
    }
  }

  /** Waits until no benefits are loading (at most settleLimitMs): the activity never competes with them. */
  private async afterBenefits(): Promise<void> {
    // Real time, not the till's clock (which tests may hold still).
    const deadline = performance.now() + this.deps.settleLimitMs();
    while (this.deps.benefitsLoading() && !this.stopping.signal.aborted) {
      const left = deadline - performance.now();
      if (left <= 0) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.deps.benefitsSettled(), new Promise<void>((resolve) => (timer = setTimeout(resolve, left)))]);
      clearTimeout(timer);
    }
  }

  /** Reads the customer's sales and fields from Custobar; a failure marks the entry offline for a while. */
  private async read(entry: Entry, cardId: string, field: string, value: string | null): Promise<void> {
    const client = this.deps.client();
    if (!client?.configured) {
      entry.offlineUntil = this.deps.now() + OFFLINE_RETRY_MS;
      return;
    }
    const settings = this.deps.settings();
    const wanted = [...new Set(settings.activity.fields)];
    const signal = this.stopping.signal;
    try {
      await this.afterBenefits();
      const [rows, fields] = await Promise.all([
        value === null ? [] : this.sales(client, field, value, settings.activity.pageSize, signal),
        wanted.length === 0 ? {} : this.fields(client, settings.cardField, cardId, wanted, signal),
      ]);
      entry.remote = { rows, fields, expiresAt: this.deps.now() + this.ttlMs };
    } catch (error) {
      if (signal.aborted) throw new CompanionError('unavailable', 'Till Companion is stopping.');
      const outcome = (error as { outcome?: { reason?: string } }).outcome;
      this.deps.logger?.warn(`the customer's recent activity could not be read from Custobar: ${outcome?.reason ?? (error as Error).message}`);
      entry.offlineUntil = this.deps.now() + OFFLINE_RETRY_MS;
    }
  }

  /** GET /api/data/sales/?<field>=<value>, page by page (each page waits for any benefits loading). */
  private async sales(client: CustobarClient, field: string, value: string, pageSize: number, signal: AbortSignal): Promise<CustobarRecord[]> {
    const rows: CustobarRecord[] = [];
    let pages = 0;
    for await (const page of client.readPages('sales', { [field]: value, limit: String(pageSize) }, signal)) {
      // Only rows that name this customer: a tenant that ignored the filter must not show anyone else's purchases.
      const theirs = page.filter((r) => r !== null && typeof r === 'object' && r[field] !== undefined && String(r[field]) === value);
      rows.push(...theirs);
      if (theirs.length === 0 && page.length > 0) {
        this.deps.logger?.warn(`Custobar's sales did not follow the filter ${field}=…: the till's own sales are shown only`);
        break;
      }
      pages += 1;
      if (pages >= MAX_SALES_PAGES) break;
      await this.afterBenefits();
    }
    return rows;
  }

  /** GET /api/data/customers/?<card field>=<card>&fields=<the listed ones>: only those are kept. */
  private async fields(client: CustobarClient, cardField: string, cardId: string, wanted: readonly string[], signal: AbortSignal): Promise<Record<string, unknown>> {
    for await (const page of client.readPages('customers', { [cardField]: cardId, fields: wanted.join(','), limit: '2' }, signal)) {
      const record = page.find((r) => r.is_forgotten !== true && r.is_deleted !== true);
      if (!record) return {};
      return Object.fromEntries(wanted.filter((f) => Object.hasOwn(record, f) && record[f] !== undefined).map((f) => [f, record[f]]));
    }
    return {};
  }

  private answer(entry: Entry, max: number): Activity {
    // This till's rows are the newer: they replace Custobar's copy of the same row, and come first.
    const own = [...entry.own.values()].reverse();
    const ownKeys = new Set(entry.own.keys());
    const remote = (entry.remote?.rows ?? []).filter((row, i) => !ownKeys.has(saleRowKey(row, i) ?? ''));
    const purchases = purchasesOf([...own, ...remote], new Map(), max);
    // Titles the rows do not carry, from the products waiting in the outbox (only for what is shown).
    const untitled = purchases.flatMap((p) => p.items.filter((i) => i.title === undefined).map((i) => i.product_id));
    if (untitled.length > 0) {
      const titles = this.deps.outbox()?.productTitles(untitled) ?? new Map<string, string>();
      for (const item of purchases.flatMap((p) => p.items)) {
        const title = item.title ?? titles.get(item.product_id) ?? this.titles.get(item.product_id);
        if (title) item.title = title;
      }
    }
    const answer: Activity = { purchases, fields: { ...(entry.remote?.fields ?? {}) } as Activity['fields'] };
    return entry.remote ? answer : { ...answer, offline: true };
  }

  /** Products just committed to the outbox: their titles are remembered (bounded), for the items of later purchases. */
  productsCommitted(records: readonly CustobarRecord[]): void {
    for (const record of records) {
      const id = record.external_id;
      if ((typeof id !== 'string' && typeof id !== 'number') || typeof record.title !== 'string' || record.title === '') continue;
      this.titles.delete(String(id));
      this.titles.set(String(id), record.title);
    }
    while (this.titles.size > PRODUCT_TITLES) this.titles.delete(this.titles.keys().next().value!);
  }

  /** Sales rows just committed to the outbox: remembered for the customers whose activity is cached. */
  salesCommitted(records: readonly CustobarRecord[]): void {
    if (this.entries.size === 0) return;
    const field = this.deps.settings().activity.saleCustomerField;
    for (const record of records) {
      const value = record[field];
      if (typeof value !== 'string' || value === '') continue;
      const entry = this.entries.get(`${field}=${value}`);
      if (entry) this.remember(entry, [record]);
    }
  }

  /** A forgotten customer's activity goes at once. */
  forget(who: ForgottenCustomer): number {
    const ids = new Set(who.ids ?? []);
    let removed = 0;
    for (const [key, e] of this.entries) {
      const named =
        [...e.cardIds].some((c) => ids.has(c)) ||
        (e.customerId !== null && (ids.has(e.customerId) || e.customerId === who.externalId)) ||
        (e.phone !== null && e.phone === who.phone) ||
        (e.email !== null && e.email === who.email);
      if (named) {
        this.entries.delete(key);
        removed += 1;
      }
    }
    return removed;
  }

  /** Removes what expired (the customer cache's TTL); returns how many customers' activity went. */
  purgeExpired(): number {
    const now = this.deps.now();
    let removed = 0;
    for (const [key, e] of this.entries) {
      if (e.remote && e.remote.expiresAt <= now) e.remote = null;
      if (e.ownExpiresAt <= now) e.own.clear();
      if (!e.remote && e.own.size === 0 && !e.reading) {
        this.entries.delete(key);
        removed += 1;
      }
    }
    return removed;
  }

  get size(): number {
    return this.entries.size;
  }

  close(): void {
    this.stopping.abort();
    this.entries.clear();
  }
}

/** The value the sales' customer field holds for this customer: the phone or e-mail for those fields, else the customer id. */
export function saleValue(field: string, customer: Customer): string | null {
  if (field === 'sale_phone_number') return customer.phone;
  if (field === 'sale_email') return customer.email;
  return customer.customerId;
}

const unknownCard = (cardId: string): CompanionError =>
  new CompanionError('not_found', `No customer with the card ${cardId} is known at this till: scan the card first.`, { reasonCode: 'activity_unknown_card', params: { card: cardId } });
