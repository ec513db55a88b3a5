import type { ExportType } from '../custobar/types';

/**
 * The outbox stores type and state as small integers: index entries stay short and compare fast,
 * which is most of what batched ingest costs. The view `outbox_view` shows the names, for people.
 */
export const TYPE_CODE: Record<ExportType, number> = { customers: 1, products: 2, sales: 3, shops: 4, events: 5 };
export const TYPE_NAME: Record<number, ExportType> = { 1: 'customers', 2: 'products', 3: 'sales', 4: 'shops', 5: 'events' };
export const STATE = { pending: 0, inflight: 1, dead: 2 } as const;
