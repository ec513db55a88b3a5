import type { UploadType } from './validate';

type Rec = Record<string, unknown>;
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Keeps about this many arrivals; the first arrival per record is always kept. */
const ARRIVAL_LIMIT = 200_000;

/** One accepted record, in the order records arrived: how tests check that a customer reached Custobar before its events. */
export interface Arrival {
  seq: number;
  type: UploadType;
  /** The record's key as sent (the one `deliveries` counts). */
  key: string;
  /** For customers: the key the record was stored under, which differs when a phone-only upload matched a known customer. */
  customer?: string;
  at: string;
}

/** An event that arrived while no customer upload had yet named its customer_id, phone number or e-mail. */
export interface EventBeforeCustomer {
  seq: number;
  key: string;
  type: string;
  customer_id?: string;
  phone_number?: string;
  email?: string;
}

/**
 * The order records reached the simulator, and the events that came before any upload of their
 * customer: what the ordering tests assert on. Seeded or event-created customers do not count as received.
 */
export class ArrivalLog {
  readonly arrivals: Arrival[] = [];
  readonly eventsBeforeCustomer: EventBeforeCustomer[] = [];
  /** "type:key" → seq of its first arrival; kept when the log is trimmed. */
  private readonly firstArrivals = new Map<string, number>();
  private seq = 0;
  /** Identifiers seen on customer uploads. */
  private readonly uploaded = { external_id: new Set<string>(), phone_number: new Set<string>(), email: new Set<string>() };

  get last(): number {
    return this.seq;
  }

  arrive(type: UploadType, key: string, at: string): Arrival {
    this.seq += 1;
    const arrival: Arrival = { seq: this.seq, type, key, at };
    this.arrivals.push(arrival);
    if (this.arrivals.length > ARRIVAL_LIMIT * 1.25) this.arrivals.splice(0, this.arrivals.length - ARRIVAL_LIMIT);
    if (!this.firstArrivals.has(`${type}:${key}`)) this.firstArrivals.set(`${type}:${key}`, arrival.seq);
    return arrival;
  }

  /** The seq of the first arrival of a record, by its key as sent (recordKey). */
  firstArrival(type: UploadType, key: string): number | undefined {
    return this.firstArrivals.get(`${type}:${key}`);
  }

  /** A customer upload named these identifiers. */
  customerUploaded(rec: Rec): void {
    for (const id of ['external_id', 'phone_number', 'email'] as const) {
      const v = text(rec[id]);
      if (v !== undefined) this.uploaded[id].add(v);
    }
  }

  /** A forgotten customer's phone and e-mail no longer count as received. */
  forget(values: readonly unknown[]): void {
    for (const v of values) {
      if (typeof v !== 'string') continue;
      this.uploaded.phone_number.delete(v);
      this.uploaded.email.delete(v);
    }
  }

  /** Lists the event when no customer upload has named its customer yet. */
  checkEvent(rec: Rec, key: string, seq: number): void {
    const ids = { customer_id: text(rec.customer_id), phone_number: text(rec.phone_number), email: text(rec.email) };
    const received =
      (ids.customer_id !== undefined && this.uploaded.external_id.has(ids.customer_id)) ||
      (ids.phone_number !== undefined && this.uploaded.phone_number.has(ids.phone_number)) ||
      (ids.email !== undefined && this.uploaded.email.has(ids.email));
    if (!received) {
      const named = Object.fromEntries(Object.entries(ids).filter(([, v]) => v !== undefined));
      this.eventsBeforeCustomer.push({ seq, key, type: String(rec.type), ...named });
    }
  }

  clear(): void {
    this.arrivals.length = 0;
    this.eventsBeforeCustomer.length = 0;
    this.firstArrivals.clear();
    this.seq = 0;
    for (const set of Object.values(this.uploaded)) set.clear();
  }
}
