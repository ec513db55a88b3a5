import { z } from 'zod';
import { TextParams } from './common';

/**
 * Marketing permissions: Custobar's state brought back to the store (poll and webhook), consents
 * given or withdrawn at the till, and joining the loyalty programme at the till.
 */

/** Where a consent change came from: a poll of Custobar, Custobar's webhook, or this till. */
export const PermissionSource = z.enum(['poll', 'webhook', 'till']);
export type PermissionSource = z.infer<typeof PermissionSource>;

const phone = z.string().trim().min(3, 'a phone number').max(32);
const email = z.string().trim().max(254);
const name = z.string().trim().max(100);
const textVersion = z.string().trim().min(1, 'the version of the consent text shown').max(64);

export const JoinInput = z.strictObject({
  phone_number: phone,
  email: email.optional(),
  first_name: name.optional(),
  last_name: name.optional(),
  /** What the customer ticked. E-mail consent is asked only when there is an e-mail address. */
  consents: z.strictObject({ sms: z.boolean(), email: z.boolean() }),
  consent_text_version: textVersion,
});

export const JoinResult = z.object({
  /** The phone number already belonged to a customer: that customer joined, no second one was made. */
  existing: z.boolean(),
  customerId: z.string().nullable(),
  name: z.string().nullable(),
  maskedPhone: z.string(),
  /** Event types queued for Custobar, in the order they are sent after the customer. */
  events: z.array(z.string()),
});
export type JoinResult = z.infer<typeof JoinResult>;

export const ConsentInput = z
  .strictObject({
    phone_number: phone,
    sms: z.boolean().optional(),
    email: z.boolean().optional(),
    consent_text_version: textVersion,
  })
  .refine((c) => c.sms !== undefined || c.email !== undefined, { message: 'give sms, email or both', path: ['sms'] });

export const ConsentResult = z.object({
  existing: z.boolean(),
  maskedPhone: z.string(),
  events: z.array(z.string()),
});
export type ConsentResult = z.infer<typeof ConsentResult>;

export const ConsentLogInput = z.strictObject({
  /** Only this customer's entries (any spelling the till accepts; normalised to E.164). */
  phone_number: z.string().max(32).optional(),
  limit: z.number().int().min(1).max(1000).default(100),
  pin: z.string().max(32).optional(),
});

/** One consent given or withdrawn at a till: what was asked, what was answered, where and when. */
export const ConsentLogEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  action: z.enum(['join', 'consent']),
  phone_number: z.string(),
  customer_id: z.string().nullable(),
  shop_id: z.string(),
  till_id: z.string(),
  consent_text_version: z.string(),
  /** null: not asked. */
  sms: z.boolean().nullable(),
  email: z.boolean().nullable(),
});
export type ConsentLogEntry = z.infer<typeof ConsentLogEntry>;

export const PermissionsStatus = z.object({
  /** Cron expression, or "off". */
  schedule: z.string(),
  nextPollAt: z.string().nullable(),
  polling: z.boolean(),
  lastPoll: z
    .object({
      startedAt: z.string(),
      finishedAt: z.string().nullable(),
      pages: z.number().int(),
      customers: z.number().int(),
      changes: z.number().int(),
      error: z.string().nullable(),
      /** The error as a code and its values (absent in polls recorded before codes were kept). */
      errorCode: z.string().nullable().optional(),
      errorParams: TextParams.nullable().optional(),
    })
    .nullable(),
  webhook: z.object({
    enabled: z.boolean(),
    lastCallAt: z.string().nullable(),
    lastReceived: z.number().int().nullable(),
    lastApplied: z.number().int().nullable(),
  }),
  /** Changes recorded after the last cursor the POS read from GET /ingest/permissions. */
  waitingForPos: z.number().int(),
  /** Optional JSONL folder for the POS; "" = off. */
  outDir: z.string(),
  lastFile: z.string().nullable(),
  /** Consents changed at this till whose upload Custobar has not confirmed yet. */
  heldAtTill: z.number().int(),
});
export type PermissionsStatus = z.infer<typeof PermissionsStatus>;

/** The latest known consent of the customer on the card: when it last changed and where. */
export const ConsentChange = z.object({
  at: z.string(),
  source: PermissionSource,
});
export type ConsentChange = z.infer<typeof ConsentChange>;
