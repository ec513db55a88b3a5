type Rec = Record<string, unknown>;

/**
 * A Map that also keeps its keys in an array, in the Map's own insertion order, so a data API page is a
 * slice of that array: a page of a 100,000-customer tenant costs the page, not the tenant. It extends
 * Map rather than wrapping one because tests read and seed the tables directly (get, set, has, size).
 */
export class OrderedMap<V> extends Map<string, V> {
  private order: string[] = [];
  private stale = false;

  override set(key: string, value: V): this {
    if (!this.stale && !super.has(key)) this.order.push(key);
    return super.set(key, value);
  }

  override delete(key: string): boolean {
    const had = super.delete(key);
    // Splicing the array on every delete would cost the table's size each time; rebuild once, on the next read.
    if (had) this.stale = true;
    return had;
  }

  override clear(): void {
    super.clear();
    this.order = [];
    this.stale = false;
  }

  /** The keys in insertion order; the array is only valid until the next change to the table. */
  orderedKeys(): readonly string[] {
    if (this.stale) {
      this.order = [...super.keys()];
      this.stale = false;
    }
    return this.order;
  }
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * The customers table, indexed by phone number and e-mail as well, because Custobar identifies a customer
 * by any of the three: events and uploads that name only a phone must find the customer without a scan.
 * The index follows every set and delete, including the ones tests make directly.
 */
export class CustomerTable extends OrderedMap<Rec> {
  private readonly phones = new Map<string, string>();
  private readonly emails = new Map<string, string>();

  override set(key: string, value: Rec): this {
    const old = super.get(key);
    if (old) this.unindex(key, old);
    super.set(key, value);
    const phone = text(value.phone_number);
    const email = text(value.email);
    if (phone) this.phones.set(phone, key);
    if (email) this.emails.set(email, key);
    return this;
  }

  override delete(key: string): boolean {
    const old = super.get(key);
    if (old) this.unindex(key, old);
    return super.delete(key);
  }

  override clear(): void {
    super.clear();
    this.phones.clear();
    this.emails.clear();
  }

  keyByPhone(phone: string): string | undefined {
    const key = this.phones.get(phone);
    return key !== undefined && super.get(key)?.phone_number === phone ? key : undefined;
  }

  keyByEmail(email: string): string | undefined {
    const key = this.emails.get(email);
    return key !== undefined && super.get(key)?.email === email ? key : undefined;
  }

  private unindex(key: string, rec: Rec): void {
    const phone = text(rec.phone_number);
    const email = text(rec.email);
    // Two customers may share a phone; only drop the entry if it still points at this one.
    if (phone && this.phones.get(phone) === key) this.phones.delete(phone);
    if (email && this.emails.get(email) === key) this.emails.delete(email);
  }
}
