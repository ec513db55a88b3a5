import type { Purchase } from '../../../preload/schemas/activity';
import type { CustobarRecord } from '../custobar/types';

/** The most items a purchase lists (by quantity). */
export const TOP_ITEMS = 5;

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);
const amount = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : null;
};

/** What identifies a sale row: its sale and its own id (as the outbox keys it), else its place in the answer. */
export const saleRowKey = (row: CustobarRecord, fallback: number | string): string | null => {
  const sale = text(row.sale_external_id);
  if (sale === null) return null;
  return `${sale}/${text(row.external_id) ?? `#${fallback}`}`;
};

/** A product's title as a sale row may carry it (Custobar documents none, tenants and POS exports add one). */
const rowTitle = (row: CustobarRecord): string | null => text(row.title) ?? text(row.product_title) ?? text(row.product_name);

/** The product a row is about: product_id, else its SKU or EAN; null for a row that names none (shipping, a fee). */
const productOf = (row: CustobarRecord): string | null => text(row.product_id) ?? text(row.product_sku) ?? text(row.product_ean);

/**
 * Sale rows → purchases: grouped by sale_external_id, the date, shop and total from the sale-level
 * fields (the first row that has one: pass this till's own rows first, they are the newer), the total
 * otherwise summed from the rows, the items summed per product and the top TOP_ITEMS by quantity;
 * newest first, at most `max`.
 */
export function purchasesOf(rows: readonly CustobarRecord[], titles: ReadonlyMap<string, string>, max: number): Purchase[] {
  const sales = new Map<string, CustobarRecord[]>();
  for (const row of rows) {
    const id = text(row.sale_external_id);
    if (id === null) continue;
    const list = sales.get(id);
    if (list) list.push(row);
    else sales.set(id, [row]);
  }
  const purchases: (Purchase & { at: number })[] = [];
  for (const [id, list] of sales) {
    const first = (field: string): unknown => list.find((r) => r[field] !== undefined && r[field] !== null && r[field] !== '')?.[field];
    const saleTotal = amount(first('sale_total'));
    const rowTotals = list.map((r) => amount(r.total)).filter((n): n is number => n !== null);
    const items = new Map<string, { product_id: string; title?: string; quantity: number; order: number }>();
    for (const row of list) {
      const product = productOf(row);
      if (product === null) continue;
      const item = items.get(product) ?? { product_id: product, quantity: 0, order: items.size };
      item.quantity += amount(row.quantity) ?? 1;
      const title = item.title ?? rowTitle(row) ?? titles.get(product);
      if (title) item.title = title;
      items.set(product, item);
    }
    const date = text(first('sale_date')) ?? '';
    purchases.push({
      sale_external_id: id,
      date,
      shop_id: text(first('sale_shop_id')),
      total: saleTotal !== null ? Math.round(saleTotal) : rowTotals.length > 0 ? Math.round(rowTotals.reduce((a, b) => a + b, 0)) : null,
      items: [...items.values()]
        .sort((a, b) => b.quantity - a.quantity || a.order - b.order)
        .slice(0, TOP_ITEMS)
        .map(({ product_id, title, quantity }) => (title ? { product_id, title, quantity } : { product_id, quantity })),
      at: Date.parse(date),
    });
  }
  const when = (p: { at: number }) => (Number.isNaN(p.at) ? Number.NEGATIVE_INFINITY : p.at);
  return purchases
    .sort((a, b) => when(b) - when(a) || (a.sale_external_id < b.sale_external_id ? 1 : -1))
    .slice(0, max)
    .map(({ at: _at, ...p }) => p);
}

