import { z } from 'zod';
import { TextParams } from './common';

export const ExportType = z.enum(['customers', 'products', 'sales', 'shops', 'events']);
export type ExportType = z.infer<typeof ExportType>;

export const TypeStatus = z.object({
  type: ExportType,
  schedule: z.string(),
  pending: z.number().int(),
  inFlight: z.number().int(),
  dead: z.number().int(),
  oldestPendingAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  lastError: z.string().nullable(),
  /** The last error as a code and its values, for the UI's own words (lastError is the English fallback). */
  lastErrorCode: z.string().nullable(),
  lastErrorParams: TextParams.nullable(),
  lastErrorAt: z.string().nullable(),
  nextRunAt: z.string().nullable(),
  running: z.boolean(),
  sentTotal: z.number().int(),
  /** Records delivered during the last minute. */
  throughputPerMin: z.number().int(),
  /** Waiting rows (sales, events) held back because a customer they name has not been delivered yet. */
  waitingForCustomer: z.number().int(),
  /** Of those, rows whose customer is a failed record: they go anyway once the setting's wait is over. */
  waitingForFailedCustomer: z.number().int(),
  /** While a backlog drains: how far along this run is. */
  draining: z.object({ total: z.number().int(), done: z.number().int() }).nullable(),
});
export type TypeStatus = z.infer<typeof TypeStatus>;

export const ExportsStatus = z.object({
  configured: z.boolean(),
  paused: z.object({ reason: z.string(), code: z.string(), params: TextParams, since: z.string() }).nullable(),
  disk: z.object({ usedBytes: z.number(), capBytes: z.number() }),
  inbox: z.object({
    dir: z.string(),
    lastFile: z.string().nullable(),
    lastResult: z.string().nullable(),
    lastResultCode: z.string().nullable(),
    lastResultParams: TextParams.nullable(),
  }),
  types: z.array(TypeStatus),
});
export type ExportsStatus = z.infer<typeof ExportsStatus>;

export const SendNowInput = z.strictObject({ type: z.union([ExportType, z.literal('all')]).default('all') });

export const DeadLetter = z.object({
  id: z.number().int(),
  type: ExportType,
  key: z.string(),
  reason: z.string(),
  attempts: z.number().int(),
  failedAt: z.string(),
  record: z.record(z.string(), z.unknown()),
});
export type DeadLetter = z.infer<typeof DeadLetter>;

export const DeadLetterListInput = z.strictObject({
  type: ExportType.optional(),
  limit: z.number().int().min(1).max(500).default(50),
  offset: z.number().int().min(0).default(0),
  /** Failed records hold customers' data: with a manager PIN set, they are listed only with it. */
  pin: z.string().max(32).optional(),
});
export const DeadLetterAuditInput = z.strictObject({ pin: z.string().max(32).optional() });

const Ids = z.union([z.array(z.number().int()).min(1).max(10_000), z.literal('all')]);

export const DeadLetterRetryInput = z.strictObject({ ids: Ids, type: ExportType.optional(), pin: z.string().max(32).optional() });
export const DeadLetterDiscardInput = z.strictObject({
  ids: Ids,
  type: ExportType.optional(),
  reason: z.string().trim().min(3, 'Say why the records are discarded').max(500),
  pin: z.string().max(32).optional(),
});
export const DeadLetterFixInput = z.strictObject({
  id: z.number().int(),
  record: z.record(z.string(), z.unknown()),
  pin: z.string().max(32).optional(),
});
