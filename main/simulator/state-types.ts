import { createHash } from 'node:crypto';
import type { PermissionField, WebhookItem } from './permissions';
import type { UploadType } from './validate';

/**
 * The shapes the simulator's state holds and hands out (redemptions, stored replies, the upload log,
 * permission changes), and the small rules about customers it applies: which events change a
 * permission, and how a removed customer is listed. The state itself is in state.ts.
 */
export interface SimRedemption {
  id: string;
  benefit_id: string;
  status: 'committed' | 'voided';
  phone_number: string;
  shop_id: string;
  till_id: string;
  redeemed_at: string;
  void_reason?: string;
}

export interface StoredReply {
  fingerprint: string;
  status: number;
  body: unknown;
}

export interface UploadLogEntry {
  type: UploadType;
  records: number;
  status: number;
  at: string;
}

/**
 * One request to the Custobar or benefits side (not the /__sim controls), with when it arrived and when
 * its answer went (milliseconds since the epoch, sub-millisecond: performance.timeOrigin + now()), so a
 * test can check which request waited for which.
 */
export interface RequestLogEntry {
  area: string;
  method: string;
  /** Path and query as requested. */
  url: string;
  startedAt: number;
  /** null while it is being answered. */
  finishedAt: number | null;
  /** null when the connection was dropped without an answer. */
  status: number | null;
}

export const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Any of the three identifiers Custobar accepts for a customer. */
export interface CustomerIds {
  external_id?: unknown;
  phone_number?: unknown;
  email?: unknown;
}

/** The four events that change a permission; SUBSCRIBE creates the customer when none matches. */
export const subscriptionEvents: Record<string, { field: 'can_sms' | 'can_email'; value: boolean }> = {
  SMS_SUBSCRIBE: { field: 'can_sms', value: true },
  SMS_UNSUBSCRIBE: { field: 'can_sms', value: false },
  MAIL_SUBSCRIBE: { field: 'can_email', value: true },
  MAIL_UNSUBSCRIBE: { field: 'can_email', value: false },
};

export type Removal = 'deleted' | 'forgotten';

/**
 * A removed customer is listed by its external_id alone; one that never had an external_id gets an opaque
 * key, because its phone or e-mail must not outlive the customer.
 */
export const tombstoneKey = (key: string, externalId: string | undefined): string =>
  externalId ?? `#${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;

export interface PermissionChangeResult {
  key: string;
  /** The fields whose value actually changed. */
  changed: PermissionField[];
  permissions: Record<PermissionField, boolean>;
  /** The customer's full state as the webhook sends it. */
  item: WebhookItem;
}
