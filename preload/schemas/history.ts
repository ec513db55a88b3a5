import { z } from 'zod';

/** The manager dashboard: per-minute history (kept 7 days) and the day's and shift's totals. */
export const HistoryRange = z.enum(['24h', '7d']);
export type HistoryRange = z.infer<typeof HistoryRange>;

export const HistoryInput = z.strictObject({ range: HistoryRange.default('24h') });

export const HistoryPoint = z.object({
  /** Start of the bucket (ISO). */
  at: z.string(),
  /** Records waiting or in flight at the end of the bucket (the highest sample in it), per type. */
  queued: z.object({ customers: z.number().int(), products: z.number().int(), sales: z.number().int(), shops: z.number().int(), events: z.number().int() }),
  /** Failed records (dead letters) waiting for the manager, highest sample in the bucket. */
  failed: z.number().int(),
  /** Records delivered, redemptions committed and voids done during the bucket. */
  sent: z.number().int(),
  redemptions: z.number().int(),
  voids: z.number().int(),
});
export type HistoryPoint = z.infer<typeof HistoryPoint>;

export const HistorySeries = z.object({
  range: HistoryRange,
  bucketMinutes: z.number().int(),
  /** The window shown (ISO): the last 24 hours or 7 days up to now. */
  from: z.string(),
  to: z.string(),
  /** Oldest first; buckets without a sample (the app was not running) are left out. */
  points: z.array(HistoryPoint),
});
export type HistorySeries = z.infer<typeof HistorySeries>;

const Totals = z.object({ since: z.string(), redemptions: z.number().int(), voids: z.number().int() });
export const HistoryTotals = z.object({
  /** Since midnight in the store's time zone. */
  day: Totals,
  /** The shift: the last 8 hours (a fixed, settings-free window). */
  shift: Totals,
});
export type HistoryTotals = z.infer<typeof HistoryTotals>;
