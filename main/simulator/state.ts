import { createHash } from 'node:crypto';
import { demoBenefits, demoCustomers, MAX_SYNTHETIC_CUSTOMERS, syntheticCustomer, type SimBenefit } from './seed';
import { permissionFields, permissionOf, permissionsOf, webhookItem, HISTORY_LIMIT, type PermissionChange, type PermissionField, type PermissionPatch, type WebhookItem } from './permissions';
import { customerSource, plainSource, tombstoneSource, type ReadSource } from './reads';
import { CustomerTable, OrderedMap } from './tables';
import { ArrivalLog } from './arrival-log';
import type { WebhookCall } from './webhook';
import { subscriptionEvents, text, tombstoneKey, type CustomerIds, type PermissionChangeResult, type Removal, type RequestLogEntry, type SimRedemption, type StoredReply, type UploadLogEntry } from './state-types';

export type { CustomerIds, PermissionChangeResult, Removal, RequestLogEntry, SimRedemption, StoredReply, UploadLogEntry } from './state-types';
import { recordKey, uploadTypes, type UploadType } from './validate';

type Rec = Record<string, unknown>;

const hashOf = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** Keys whose content must never change once delivered: a changed sale row is a corrupted sale. */
const immutableTypes: ReadonlySet<UploadType> = new Set(['sales', 'events']);

/** Everything the simulator has accepted, inspectable by tests through GET /__sim/state. */
export class SimulatorState {
  readonly records: { customers: CustomerTable } & Record<Exclude<UploadType, 'customers'>, OrderedMap<Rec>> = {
    customers: new CustomerTable(), products: new OrderedMap(), sales: new OrderedMap(), shops: new OrderedMap(), events: new OrderedMap(),
  };
  /** How many times each key was delivered, and with which content hashes. */
  readonly deliveries = new Map<string, { count: number; hashes: Set<string> }>();
  readonly conflicts: string[] = [];
  /** How often each fault was injected, so tests can check every kind really happened. */
  readonly faultsInjected: Record<string, number> = {};
  /** Sales or events that named a customer Custobar had not received yet (customers must go first). */
  readonly orphans: string[] = [];
  readonly uploads: UploadLogEntry[] = [];
  /** Every upload, data API and benefits request, oldest first (the last 5000), with its timing. */
  readonly requests: RequestLogEntry[] = [];
  readonly benefits = new Map<string, SimBenefit>();
  readonly redemptions = new Map<string, SimRedemption>();
  /** Idempotency-Key → first reply, replayed for every retry (as Stripe does, errors included). */
  readonly idempotency = new Map<string, StoredReply>();
  private readonly log = new ArrivalLog();
  readonly arrivals = this.log.arrivals;
  readonly eventsBeforeCustomer = this.log.eventsBeforeCustomer;
  /**
   * Told which customers' permissions an events upload changed, so the server can call the webhook.
   * Customer uploads never call it: those changes came from the app itself.
   */
  onPermissionChange: ((keys: readonly string[]) => void) | null = null;
  /**
   * Customers removed by is_deleted or is_forgotten: {external_id, is_deleted?, is_forgotten?} only. The data
   * API lists them after the live customers so a poller sees the removal and can purge its own copy.
   */
  readonly tombstones = new OrderedMap<Rec>();
  /** Customers the app uploaded again after forgetting them: their personal data came back. */
  readonly forgottenResent: string[] = [];
  /** The demo churn's next step; kept here so a reset starts the round-robin over with the data. */
  churnPosition = 0;
  /** Calls made to the app's marketing-permission webhook, oldest first. */
  readonly webhookCalls: WebhookCall[] = [];
  /** Customer key → the latest permission changes, oldest first. */
  readonly history = new Map<string, PermissionChange[]>();
  private redemptionSeq = 0;
  /** How many synthetic customers exist; the next one generated is number generated + 1. */
  private generated = 0;

  /** `customers`: synthetic customers every start and reset begins with (a big tenant for benchmarks). */
  constructor(
    seed: boolean,
    private readonly options: { customers?: number } = {},
  ) {
    this.begin(seed);
  }

  private begin(seed: boolean): void {
    if (seed) this.seed();
    if (this.options.customers) this.generateCustomers(this.options.customers);
  }

  /** Adds `count` synthetic customers after the ones already made; see syntheticCustomer. */
  generateCustomers(count: number): { first: number; count: number; customers: number } {
    const n = Math.max(0, Math.min(Math.floor(count), MAX_SYNTHETIC_CUSTOMERS - this.generated));
    const first = this.generated + 1;
    const table = this.records.customers;
    for (let i = first; i < first + n; i += 1) {
      const rec = syntheticCustomer(i);
      table.set(rec.external_id as string, rec);
    }
    this.generated += n;
    return { first, count: n, customers: table.size };
  }

  private seed(): void {
    for (const customer of demoCustomers) this.records.customers.set(customer.external_id, { ...customer, mailing_lists: [...customer.mailing_lists] });
    for (const benefit of demoBenefits()) this.benefits.set(benefit.id, { ...benefit });
  }

  /** Stores an accepted batch: customers and products merge (only supplied keys change), the rest upsert. */
  store(type: UploadType, batch: Rec[]): void {
    const table = this.records[type];
    const at = new Date().toISOString();
    const changed = new Set<string>();
    for (const rec of batch) {
      const key = recordKey(type, rec);
      const arrival = this.log.arrive(type, key, at);
      const customer = type === 'sales' ? rec.sale_customer_id : type === 'events' ? rec.customer_id : undefined;
      if (typeof customer === 'string' && !this.records.customers.has(customer)) this.orphans.push(`${type}:${key}`);
      const delivery = this.deliveries.get(`${type}:${key}`) ?? { count: 0, hashes: new Set<string>() };
      const hash = hashOf(rec);
      if (immutableTypes.has(type) && delivery.hashes.size > 0 && !delivery.hashes.has(hash)) {
        this.conflicts.push(`${type}:${key}`);
      }
      delivery.count += 1;
      delivery.hashes.add(hash);
      this.deliveries.set(`${type}:${key}`, delivery);
      if (type === 'customers') {
        arrival.customer = this.storeCustomer(rec, at);
      } else if (type === 'events') {
        this.checkEventCustomer(rec, key, arrival.seq);
        table.set(key, rec);
        const touched = this.applyEvent(rec, at);
        if (touched !== undefined) changed.add(touched);
      } else {
        table.set(key, type === 'products' ? { ...(table.get(key) ?? {}), ...rec } : rec);
      }
    }
    if (changed.size > 0) this.onPermissionChange?.([...changed]);
  }

  /** The seq of the first arrival of a record, by its key as sent (recordKey). */
  firstArrival(type: UploadType, key: string): number | undefined {
    return this.log.firstArrival(type, key);
  }

  /**
   * Orphans keep their meaning (a customer_id Custobar does not have) and now also cover events that name
   * only a phone or e-mail, except SUBSCRIBE events, which create their customer. Separately, any event whose
   * customer no customer upload has named yet is listed, to check the app sends a customer before its events.
   */
  private checkEventCustomer(rec: Rec, key: string, seq: number): void {
    const ids = { customer_id: text(rec.customer_id), phone_number: text(rec.phone_number), email: text(rec.email) };
    const subscribes = String(rec.type).endsWith('_SUBSCRIBE');
    if (ids.customer_id === undefined && !subscribes && this.findCustomer({ phone_number: ids.phone_number, email: ids.email }) === undefined) {
      this.orphans.push(`events:${key}`);
    }
    this.log.checkEvent(rec, key, seq);
  }

  /** Applies a SUBSCRIBE/UNSUBSCRIBE event; returns the key of the customer whose permission changed. */
  private applyEvent(rec: Rec, at: string): string | undefined {
    const type = String(rec.type);
    const effect = subscriptionEvents[type];
    if (!effect) return undefined;
    const ids = { external_id: rec.customer_id, phone_number: rec.phone_number, email: rec.email };
    const table = this.records.customers;
    const found = this.findCustomer(ids);
    if (found === undefined) {
      // Nothing to turn off on a customer Custobar does not have.
      if (!effect.value) return undefined;
      const created: Rec = {};
      for (const [field, v] of Object.entries(ids)) if (text(v) !== undefined) created[field] = v;
      for (const field of permissionFields) created[field] = false;
      created[effect.field] = true;
      const key = recordKey('customers', created);
      this.revive(key, created);
      table.set(key, created);
      this.recordChange(key, { field: effect.field, value: true, at, how: 'event', detail: type });
      return key;
    }
    const current = table.get(found)!;
    if (permissionOf(current, effect.field) === effect.value) return undefined;
    table.set(found, { ...current, [effect.field]: effect.value });
    this.recordChange(found, { field: effect.field, value: effect.value, at, how: 'event', detail: type });
    return found;
  }

  /**
   * Merges an uploaded customer into the one Custobar would match: the same external_id, else the same
   * phone or e-mail on a customer that has no external_id yet (or when the upload brings none). A customer
   * first known by phone and then given an external_id moves to that key, so it is not listed twice.
   */
  private storeCustomer(rec: Rec, at: string): string {
    const table = this.records.customers;
    const found = this.matchUpload(rec);
    if (rec.is_deleted === true || rec.is_forgotten === true) {
      return this.bury(found ?? recordKey('customers', rec), text(rec.external_id), rec.is_forgotten === true ? 'forgotten' : 'deleted', rec.is_deleted === true);
    }
    const old = found === undefined ? undefined : table.get(found);
    const merged = { ...(old ?? {}), ...rec };
    const key = recordKey('customers', merged);
    if (found !== undefined && found !== key) this.rekey(found, key);
    if (!table.has(key) && this.revive(key, merged)?.is_forgotten === true) this.forgottenResent.push(key);
    table.set(key, merged);
    for (const field of permissionFields) {
      if (field in rec && rec[field] !== old?.[field]) this.recordChange(key, { field, value: permissionOf(rec, field), at, how: 'upload' });
    }
    this.log.customerUploaded(merged);
    return key;
  }

  /**
   * Replaces a customer with its tombstone (also when Custobar never had it: the removal still has to reach
   * pollers). Forgetting drops the personal data this state holds about the customer, history included.
   */
  private bury(key: string, externalId: string | undefined, how: Removal, alsoDeleted = false): string {
    const table = this.records.customers;
    const old = table.get(key);
    const id = text(old?.external_id) ?? externalId;
    const tombKey = tombstoneKey(key, id);
    const tomb: Rec = { ...(id === undefined ? {} : { external_id: id }), ...this.tombstones.get(tombKey) };
    if (how === 'forgotten') tomb.is_forgotten = true;
    if (how === 'deleted' || alsoDeleted) tomb.is_deleted = true;
    this.tombstones.set(tombKey, tomb);
    table.delete(key);
    this.history.delete(key);
    if (how === 'forgotten') this.log.forget([old?.phone_number, old?.email, key]);
    return key;
  }

  /** A customer created again under a removed one's key is live again; returns the tombstone it replaced. */
  private revive(key: string, rec: Rec): Rec | undefined {
    for (const tombKey of [text(rec.external_id), tombstoneKey(key, undefined)]) {
      if (tombKey === undefined) continue;
      const tomb = this.tombstones.get(tombKey);
      if (tomb) {
        this.tombstones.delete(tombKey);
        return tomb;
      }
    }
    return undefined;
  }

  /**
   * Changes permissions as if someone did it in Custobar (its UI, a form, another integration): recorded
   * with how 'sim'. Returns null when no live customer matches.
   */
  changePermissions(ids: CustomerIds, patch: PermissionPatch, detail: string): PermissionChangeResult | null {
    const key = this.findCustomer(ids);
    if (key === undefined) return null;
    const table = this.records.customers;
    const rec = { ...table.get(key)!, ...patch };
    const at = new Date().toISOString();
    const changed: PermissionField[] = [];
    for (const field of permissionFields) {
      const value = patch[field];
      if (value === undefined || permissionOf(table.get(key)!, field) === value) continue;
      changed.push(field);
      this.recordChange(key, { field, value, at, how: 'sim', detail });
    }
    table.set(key, rec);
    return { key, changed, permissions: permissionsOf(rec), item: webhookItem(rec) };
  }

  /** The webhook item for a live customer, as it is now. */
  itemFor(key: string): WebhookItem | undefined {
    const rec = this.records.customers.get(key);
    return rec ? webhookItem(rec) : undefined;
  }

  /** POST /__sim/customers/delete and /forget: as if removed in Custobar. */
  removeCustomer(ids: CustomerIds, how: Removal): { key: string; tombstone: Rec } | null {
    const key = this.findCustomer(ids);
    if (key === undefined) return null;
    const externalId = text(this.records.customers.get(key)?.external_id);
    this.bury(key, externalId, how);
    return { key, tombstone: this.tombstones.get(tombstoneKey(key, externalId))! };
  }

  private matchUpload(rec: Rec): string | undefined {
    const table = this.records.customers;
    const id = text(rec.external_id);
    if (id !== undefined && table.has(id)) return id;
    const phone = text(rec.phone_number);
    const email = text(rec.email);
    for (const other of [phone && table.keyByPhone(phone), email && table.keyByEmail(email)]) {
      if (other && (id === undefined || text(table.get(other)?.external_id) === undefined)) return other;
    }
    return undefined;
  }

  /** The key of the live customer an event or control names: by external_id, else phone, else e-mail. */
  findCustomer(ids: CustomerIds): string | undefined {
    const table = this.records.customers;
    const id = text(ids.external_id);
    if (id !== undefined && table.has(id)) return id;
    const phone = text(ids.phone_number);
    const byPhone = phone === undefined ? undefined : table.keyByPhone(phone);
    if (byPhone !== undefined) return byPhone;
    const email = text(ids.email);
    return email === undefined ? undefined : table.keyByEmail(email);
  }

  private rekey(from: string, to: string): void {
    this.records.customers.delete(from);
    const moved = this.history.get(from);
    if (moved) {
      this.history.delete(from);
      this.history.set(to, [...(this.history.get(to) ?? []), ...moved].slice(-HISTORY_LIMIT));
    }
  }

  recordChange(key: string, change: PermissionChange): void {
    const list = this.history.get(key) ?? [];
    list.push(change);
    if (list.length > HISTORY_LIMIT) list.splice(0, list.length - HISTORY_LIMIT);
    this.history.set(key, list);
  }

  /** GET /__sim/customers/:key — one customer by key, phone or e-mail, with its permissions and their history. */
  customerDetail(identifier: string): Record<string, unknown> | null {
    const table = this.records.customers;
    const key = table.has(identifier) ? identifier : this.findCustomer({ phone_number: identifier, email: identifier });
    const rec = key === undefined ? undefined : table.get(key);
    if (key === undefined || !rec) {
      const tombKey = this.tombstones.has(identifier) ? identifier : tombstoneKey(identifier, undefined);
      const tomb = this.tombstones.get(tombKey);
      if (!tomb) return null;
      return { key: tombKey, status: tomb.is_forgotten === true ? 'forgotten' : 'deleted', record: tomb, history: [], arrivals: [] };
    }
    return {
      key,
      status: 'live',
      record: rec,
      permissions: permissionsOf(rec),
      history: this.history.get(key) ?? [],
      arrivals: this.arrivals.filter((a) => a.customer === key).map((a) => a.seq),
    };
  }

  /**
   * What GET /api/data/<type>/ reads, in listing order. Tombstones are listed in full reads and in reads
   * filtered on is_deleted or is_forgotten; a lookup by card, phone or e-mail sees only live customers, so a
   * removed customer's card is simply not found, as Custobar answers once the customer is gone.
   */
  readSources(type: UploadType, filterFields: readonly string[] = []): ReadSource[] {
    if (type === 'customers') {
      const live = customerSource(this.records.customers);
      const wantsRemoved = filterFields.length === 0 || filterFields.some((f) => f === 'is_deleted' || f === 'is_forgotten');
      return wantsRemoved ? [live, tombstoneSource(this.tombstones)] : [live];
    }
    return [plainSource(this.records[type], type === 'products' || type === 'shops' ? 'external_id' : null)];
  }

  logUpload(entry: UploadLogEntry): void {
    this.uploads.push(entry);
    if (this.uploads.length > 5000) this.uploads.splice(0, this.uploads.length - 5000);
  }

  /** Starts a request's log entry; the server sets its end and status when the answer goes. */
  logRequest(entry: RequestLogEntry): RequestLogEntry {
    this.requests.push(entry);
    if (this.requests.length > 5000) this.requests.splice(0, this.requests.length - 5000);
    return entry;
  }

  nextRedemptionId(): string {
    this.redemptionSeq += 1;
    return `R-${String(this.redemptionSeq).padStart(6, '0')}`;
  }

  reset(seed: boolean): void {
    for (const type of uploadTypes) this.records[type].clear();
    this.deliveries.clear();
    this.conflicts.length = 0;
    this.orphans.length = 0;
    this.uploads.length = 0;
    this.requests.length = 0;
    this.benefits.clear();
    this.redemptions.clear();
    this.idempotency.clear();
    this.history.clear();
    this.tombstones.clear();
    this.forgottenResent.length = 0;
    this.webhookCalls.length = 0;
    this.churnPosition = 0;
    this.log.clear();
    this.redemptionSeq = 0;
    this.generated = 0;
    this.begin(seed);
  }

  summary(): Record<string, unknown> {
    return {
      counts: Object.fromEntries(uploadTypes.map((t) => [t, this.records[t].size])),
      deliveries: [...this.deliveries.values()].reduce((n, d) => n + d.count, 0),
      duplicates: [...this.deliveries.values()].filter((d) => d.count > 1).length,
      conflicts: this.conflicts,
      orphans: this.orphans,
      faultsInjected: this.faultsInjected,
      uploads: this.uploads.length,
      redemptions: [...this.redemptions.values()],
      benefits: [...this.benefits.values()],
      tombstones: this.tombstones.size,
      forgottenResent: this.forgottenResent,
      lastArrival: this.log.last,
      webhookCalls: this.webhookCalls,
      eventsBeforeCustomer: this.eventsBeforeCustomer,
    };
  }
}

export const fingerprint = hashOf;
