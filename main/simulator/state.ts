import { createHash } from 'node:crypto';
import { demoBenefits, demoCustomers, type SimBenefit } from './seed';
import { permissionFields, permissionOf, permissionsOf, HISTORY_LIMIT, type PermissionChange } from './permissions';
import { customerSource, plainSource, type ReadSource } from './reads';
import { CustomerTable, OrderedMap } from './tables';
import { recordKey, uploadTypes, type UploadType } from './validate';

type Rec = Record<string, unknown>;

export interface SimRedemption {
  id: string;
  benefit_id: string;
  status: 'committed' | 'voided';
  phone_number: string;
  shop_id: string;
  till_id: string;
  redeemed_at: string;
  void_reason?: string;
}

export interface StoredReply {
  fingerprint: string;
  status: number;
  body: unknown;
}

export interface UploadLogEntry {
  type: UploadType;
  records: number;
  status: number;
  at: string;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Any of the three identifiers Custobar accepts for a customer. */
export interface CustomerIds {
  external_id?: unknown;
  phone_number?: unknown;
  email?: unknown;
}

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
  readonly benefits = new Map<string, SimBenefit>();
  readonly redemptions = new Map<string, SimRedemption>();
  /** Idempotency-Key → first reply, replayed for every retry (as Stripe does, errors included). */
  readonly idempotency = new Map<string, StoredReply>();
  /** Customer key → the latest permission changes, oldest first. */
  readonly history = new Map<string, PermissionChange[]>();
  private redemptionSeq = 0;

  constructor(seed: boolean) {
    if (seed) this.seed();
  }

  private seed(): void {
    for (const customer of demoCustomers) this.records.customers.set(customer.external_id, { ...customer, mailing_lists: [...customer.mailing_lists] });
    for (const benefit of demoBenefits()) this.benefits.set(benefit.id, { ...benefit });
  }

  /** Stores an accepted batch: customers and products merge (only supplied keys change), the rest upsert. */
  store(type: UploadType, batch: Rec[]): void {
    const table = this.records[type];
    const at = new Date().toISOString();
    for (const rec of batch) {
      const key = recordKey(type, rec);
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
      if (type === 'customers') this.storeCustomer(rec, at);
      else table.set(key, type === 'products' ? { ...(table.get(key) ?? {}), ...rec } : rec);
    }
  }

  /**
   * Merges an uploaded customer into the one Custobar would match: the same external_id, else the same
   * phone or e-mail on a customer that has no external_id yet (or when the upload brings none). A customer
   * first known by phone and then given an external_id moves to that key, so it is not listed twice.
   */
  private storeCustomer(rec: Rec, at: string): void {
    const table = this.records.customers;
    const found = this.matchUpload(rec);
    const old = found === undefined ? undefined : table.get(found);
    if (rec.is_deleted === true) {
      if (found !== undefined) table.delete(found);
      return;
    }
    const merged = { ...(old ?? {}), ...rec };
    const key = recordKey('customers', merged);
    if (found !== undefined && found !== key) this.rekey(found, key);
    table.set(key, merged);
    for (const field of permissionFields) {
      if (field in rec && rec[field] !== old?.[field]) this.recordChange(key, { field, value: permissionOf(rec, field), at, how: 'upload' });
    }
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
    if (key === undefined || !rec) return null;
    return { key, status: 'live', record: rec, permissions: permissionsOf(rec), history: this.history.get(key) ?? [] };
  }

  /** What GET /api/data/<type>/ reads, in listing order. */
  readSources(type: UploadType): ReadSource[] {
    if (type === 'customers') return [customerSource(this.records.customers)];
    return [plainSource(this.records[type], type === 'products' || type === 'shops' ? 'external_id' : null)];
  }

  logUpload(entry: UploadLogEntry): void {
    this.uploads.push(entry);
    if (this.uploads.length > 5000) this.uploads.splice(0, this.uploads.length - 5000);
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
    this.benefits.clear();
    this.redemptions.clear();
    this.idempotency.clear();
    this.history.clear();
    this.redemptionSeq = 0;
    if (seed) this.seed();
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
    };
  }
}

export const fingerprint = hashOf;
