import { z } from 'zod';

/** customers.activity: the card of a customer already looked up at this till. */
export const ActivityInput = z.strictObject({ cardId: z.string().min(1).max(128) });

export const PurchaseItem = z.object({
  product_id: z.string(),
  /** The product's title when known (the sale row's own, or the product waiting in the outbox). */
  title: z.string().optional(),
  /** Summed over the purchase's rows of this product. */
  quantity: z.number(),
});

/** One purchase: the sale rows with one sale_external_id. */
export const Purchase = z.object({
  sale_external_id: z.string(),
  /** sale_date as Custobar holds it (ISO 8601 with the store's offset). */
  date: z.string(),
  /** sale_shop_id; null when the sale names no shop. */
  shop_id: z.string().nullable(),
  /** Cents: sale_total, or the sum of the rows' totals; null when neither is known. */
  total: z.number().int().nullable(),
  /** The top items by quantity, at most 5. */
  items: z.array(PurchaseItem),
});

export const Activity = z.object({
  /** Newest first, at most customers.activity.purchases; this till's sales still in the outbox included. */
  purchases: z.array(Purchase),
  /** The customer fields listed in customers.activity.fields that the tenant holds for this customer, and no others. */
  fields: z.record(z.string(), z.json()),
  /** Custobar could not be read: the purchases are this till's own, the fields what was cached (often none). */
  offline: z.literal(true).optional(),
});
export type Activity = z.infer<typeof Activity>;
export type Purchase = z.infer<typeof Purchase>;
