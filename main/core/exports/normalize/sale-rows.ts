import type { CustobarRecord } from '../../custobar/types';
import type { StagedSale } from '../../outbox/staging-store';
import { SALE_LEVEL_FIELDS } from './record-specs';

/**
 * A sale is one or more rows with the same `sale_external_id`. Custobar wants the sale-level fields
 * (SALE_LEVEL_FIELDS but the id: date, customer, shop, totals, payment, coupons, currency, ...)
 * on every row, but integrations do not all send them so: Magento's plugin puts them on one row of
 * the order only. So the rows of a sale are validated as one sale: a sale-level field given on any
 * of its rows applies to all of them and is sent on every row; rows that disagree are refused.
 */
const SALE_LEVEL: ReadonlySet<string> = new Set(SALE_LEVEL_FIELDS.filter((f) => f !== 'sale_external_id'));
export const isSaleLevel = (field: string): boolean => SALE_LEVEL.has(field);

/** What every sale needs on at least one of its rows. */
export const SALE_REQUIRED = ['sale_date'] as const;

export interface SaleRow {
  position: string;
  record: CustobarRecord;
}

/** The same value as sent (JSON); identical values need no serialising. */
const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

/**
 * Merges the sale-level fields of these rows into what is known of their sales (`known`: from
 * earlier chunks of the same upload). Returns every sale these rows touched, updated, and the rows
 * refused because a sale-level field contradicts another row of the same sale (by index in `rows`).
 */
export function mergeSaleFields(rows: readonly SaleRow[], known: ReadonlyMap<string, StagedSale> = new Map()) {
  const sales = new Map<string, StagedSale>();
  const conflicts = new Map<number, string[]>();
  rows.forEach((row, i) => {
    const id = String(row.record.sale_external_id);
    let sale = sales.get(id);
    if (sale === undefined) {
      const earlier = known.get(id);
      sale = earlier ? structuredClone(earlier) : { sale: id, fields: {}, firstPosition: row.position, rows: 0 };
      sales.set(id, sale);
    }
    const own = Object.keys(row.record).filter(isSaleLevel);
    const disagree = own.filter((field) => sale.fields[field] !== undefined && !same(sale.fields[field], row.record[field]));
    if (disagree.length > 0) {
      conflicts.set(
        i,
        disagree.map((field) => `${field}: differs from another row of sale ${id} (${JSON.stringify(sale.fields[field]).slice(0, 40)})`),
      );
      return;
    }
    for (const field of own) sale.fields[field] = row.record[field];
    sale.rows += 1;
  });
  return { sales, conflicts };
}

/** "sale_date: required on at least one row of sale S-1 (3 rows)". */
export function missingSaleFields(sale: StagedSale): string[] {
  return SALE_REQUIRED.filter((field) => sale.fields[field] === undefined || sale.fields[field] === '').map(
    (field) => `${field}: required on at least one row of sale ${sale.sale} (${sale.rows} row${sale.rows === 1 ? '' : 's'})`,
  );
}
