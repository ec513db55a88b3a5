import { describe, expect, it } from 'vitest';
import { purchasesOf, saleRowKey } from '../../../main/core/customers/purchases';

describe('sale rows → purchases (the customer card’s recent activity)', () => {
  it('groups rows by sale, takes the sale-level fields from the first row that has them, and lists the newest first', () => {
    const rows = [
      { sale_external_id: 'A', sale_date: '2026-01-01T10:00:00+02:00', product_id: 'P1', quantity: 1, total: 100 },
      { sale_external_id: 'B', sale_date: '2026-02-01T10:00:00+02:00', sale_shop_id: 7, sale_total: '1234', product_id: 'P1', quantity: '2' },
      { sale_external_id: 'A', product_id: 'P1', quantity: 2, total: 200, title: 'Coffee' },
      { sale_external_id: 'A', product_sku: 'SKU-9', total: 50 },
      { sale_external_id: 'A', total: 5 },
      { product_id: 'no sale id' },
    ];
    expect(purchasesOf(rows, new Map([['SKU-9', 'Bread']]), 5)).toEqual([
      { sale_external_id: 'B', date: '2026-02-01T10:00:00+02:00', shop_id: '7', total: 1234, items: [{ product_id: 'P1', quantity: 2 }] },
      {
        sale_external_id: 'A',
        date: '2026-01-01T10:00:00+02:00',
        shop_id: null,
        total: 355,
        items: [
          { product_id: 'P1', title: 'Coffee', quantity: 3 },
          { product_id: 'SKU-9', title: 'Bread', quantity: 1 },
        ],
      },
    ]);
  });

  it('keeps at most N purchases and 5 items; a sale without totals has none; one without a readable date goes last', () => {
    const rows = [
      { sale_external_id: 'OLD', sale_date: 'not a date', product_id: 'X' },
      ...Array.from({ length: 7 }, (_, i) => ({ sale_external_id: 'BIG', sale_date: '2026-03-01T00:00:00Z', product_id: `P${i}`, quantity: i + 1 })),
      { sale_external_id: 'NEW', sale_date: '2026-04-01T00:00:00Z' },
    ];
    const all = purchasesOf(rows, new Map(), 10);
    expect(all.map((p) => [p.sale_external_id, p.total])).toEqual([['NEW', null], ['BIG', null], ['OLD', null]]);
    expect(all[1]!.items.map((i) => i.product_id)).toEqual(['P6', 'P5', 'P4', 'P3', 'P2']);
    expect(purchasesOf(rows, new Map(), 1).map((p) => p.sale_external_id)).toEqual(['NEW']);
  });

  it('keys a row as the outbox does: sale/row id', () => {
    expect(saleRowKey({ sale_external_id: 'S', external_id: 'S-1' }, 0)).toBe('S/S-1');
    expect(saleRowKey({ sale_external_id: 'S' }, 3)).toBe('S/#3');
    expect(saleRowKey({ external_id: 'S-1' }, 0)).toBeNull();
  });
});
