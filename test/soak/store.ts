import type { ExportType } from '../../preload/schemas/exports';

/**
 * The busy store, at 1× — one till of a busy shop, per minute of opening hours:
 *
 * - 1 sale of 3 rows. Half of the sales are by a new loyalty customer, whose customer record the POS
 *   sends first and the sale right after it ("customers and their sales arrive together"); a quarter
 *   by a returning customer; a quarter anonymous.
 * - 1 product change (a new product or a price change).
 * - 1 event (a store visit of a known customer).
 * - 2 scans of a loyalty card, each a customer lookup and a benefit list (one every 30 s).
 * - A redemption on every 6th scan that shows the customer's benefits (about one every 3 minutes);
 *   every 5th committed redemption is voided again.
 *
 * The store opens with its shop, 20 products and 5 customers. `--speed 10` (the default) runs all of
 * it ten times as often.
 */
export const BASE_INTERVAL_MS = { sale: 60_000, product: 60_000, event: 60_000, scan: 30_000 } as const;
export const REDEEM_EVERY_NTH_SCAN = 6;
export const VOID_EVERY_NTH_COMMIT = 5;
export const OPENING = { products: 20, customers: 5 } as const;
export const SHOP_ID = 'SOAK-SHOP';

type Rec = Record<string, unknown>;

/** One request the POS sends, and the keys (type:key, as the simulator counts them) of its records. */
export interface PosBatch {
  type: ExportType;
  records: Rec[];
  keys: string[];
}

export interface SoakCustomer {
  id: string;
  phone: string;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
const cents = (c: number) => `${Math.floor(c / 100)}.${pad(c % 100, 2)}`;
const firstNames = ['Aino', 'Eero', 'Venla', 'Onni', 'Lilja', 'Leo', 'Iida', 'Elias'];
const lastNames = ['Virtanen', 'Laine', 'Salo', 'Niemi', 'Koskinen', 'Heikkilä'];

/** What the POS knows and sends: every record it makes is new or a change, with a key of its own. */
export class BusyStore {
  readonly customers: SoakCustomer[] = [];
  private readonly products: { id: string; price: number }[] = [];
  private sales = 0;
  private events = 0;

  constructor(private readonly random: () => number) {}

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)]!;
  }

  opening(): PosBatch[] {
    const batches: PosBatch[] = [{ type: 'shops', records: [{ external_id: SHOP_ID, name: 'Soak store' }], keys: [`shops:${SHOP_ID}`] }];
    batches.push(this.batch('products', Array.from({ length: OPENING.products }, () => this.newProduct())));
    batches.push(this.batch('customers', Array.from({ length: OPENING.customers }, () => this.newCustomer())));
    return batches;
  }

  /** A sale; by a new customer it is two requests, the customer first. */
  sale(now: number): PosBatch[] {
    const roll = this.random();
    const batches: PosBatch[] = [];
    let customer: SoakCustomer | null = null;
    if (roll < 0.5 || this.customers.length === 0) {
      const rec = this.newCustomer();
      batches.push(this.batch('customers', [rec]));
      customer = this.customers.at(-1)!;
    } else if (roll < 0.75) {
      customer = this.pick(this.customers);
    }
    this.sales += 1;
    const saleId = `SOAK-S${pad(this.sales, 6)}`;
    const rows: Rec[] = [1, 2, 3].map((row) => {
      const product = this.pick(this.products);
      const quantity = 1 + Math.floor(this.random() * 3);
      return {
        sale_external_id: saleId,
        external_id: `${saleId}-${row}`,
        sale_date: iso(now),
        sale_shop_id: SHOP_ID,
        ...(customer ? { sale_customer_id: customer.id } : {}),
        product_id: product.id,
        quantity,
        unit_price: cents(product.price),
        total: cents(product.price * quantity),
      };
    });
    batches.push(this.batch('sales', rows));
    return batches;
  }

  product(): PosBatch[] {
    if (this.random() < 0.5) return [this.batch('products', [this.newProduct()])];
    const product = this.pick(this.products);
    product.price = 100 + Math.floor(this.random() * 4900);
    return [this.batch('products', [{ external_id: product.id, price: cents(product.price) }])];
  }

  event(now: number): PosBatch[] {
    this.events += 1;
    const customer = this.pick(this.customers);
    return [this.batch('events', [{ type: 'STORE_VISIT', date: iso(now), customer_id: customer.id, external_id: `SOAK-E${pad(this.events, 6)}` }])];
  }

  private newProduct(): Rec {
    const id = `SOAK-P${pad(this.products.length + 1, 5)}`;
    const price = 100 + Math.floor(this.random() * 4900);
    this.products.push({ id, price });
    return { external_id: id, title: `Product ${this.products.length}`, price: cents(price), category: this.pick(['Food', 'Garden', 'Pets', 'Home']) };
  }

  private newCustomer(): Rec {
    const n = this.customers.length + 1;
    const customer = { id: `SOAK-C${pad(n, 6)}`, phone: `+358459${pad(n, 6)}` };
    this.customers.push(customer);
    return {
      external_id: customer.id,
      first_name: this.pick(firstNames),
      last_name: this.pick(lastNames),
      phone_number: customer.phone,
      email: `soak.c${pad(n, 6)}@example.fi`,
      can_sms: this.random() < 0.5,
      can_email: this.random() < 0.6,
    };
  }

  private batch(type: ExportType, records: Rec[]): PosBatch {
    return { type, records, keys: records.map((r) => soakKey(type, r)) };
  }
}

/** The soak's key of a record: type and the key the simulator stores it by (events: their external_id). */
export function soakKey(type: ExportType, rec: Rec): string {
  switch (type) {
    case 'sales':
      return `sales:${String(rec.sale_external_id)}/${String(rec.external_id)}`;
    case 'events':
      return `events:${String(rec.external_id)}`;
    default:
      return `${type}:${String(rec.external_id)}`;
  }
}

/** The simulator's delivery key ("type:recordKey") in the soak's key space; events are keyed by their external_id. */
export function soakKeyOfDelivery(deliveryKey: string): string {
  if (!deliveryKey.startsWith('events:')) return deliveryKey;
  try {
    const parts = JSON.parse(deliveryKey.slice('events:'.length)) as unknown[];
    return `events:${String(parts[3])}`;
  } catch {
    return deliveryKey;
  }
}
