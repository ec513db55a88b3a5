import { createHash } from 'node:crypto';
import { demoBenefits, demoCustomers, type SimBenefit } from './seed';
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
  private redemptionSeq = 0;

  constructor(seed: boolean) {
    if (seed) this.seed();
  }

  private seed(): void {
    for (const customer of demoCustomers) this.records.customers.set(customer.external_id, { ...customer });
    for (const benefit of demoBenefits()) this.benefits.set(benefit.id, { ...benefit });
  }

  /** Stores an accepted batch: customers and products merge (only supplied keys change), the rest upsert. */
  store(type: UploadType, batch: Rec[]): void {
    const table = this.records[type];
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
      const merged = type === 'customers' || type === 'products' ? { ...(table.get(key) ?? {}), ...rec } : rec;
      if (type === 'customers' && rec.is_deleted === true) table.delete(key);
      else table.set(key, merged);
    }
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
