import { z } from 'zod';
import { ConsentChange } from './permissions';

export const Consents = z.object({
  email: z.boolean().nullable(),
  sms: z.boolean().nullable(),
  post: z.boolean().nullable(),
  profile: z.boolean().nullable(),
  push: z.boolean().nullable(),
});

/** What the cashier sees of a customer: never the full phone number. */
export const CustomerView = z.object({
  cardId: z.string(),
  customerId: z.string().nullable(),
  name: z.string().nullable(),
  maskedPhone: z.string().nullable(),
  consents: Consents,
  /** When the consents above last changed and where (poll, webhook or this till); null = not known. */
  consentChange: ConsentChange.nullable(),
  source: z.enum(['custobar', 'solteq', 'cache']),
  /** Shown from this till's cache because the customer source could not be reached. */
  offline: z.boolean(),
});
export type CustomerView = z.infer<typeof CustomerView>;

export const RedemptionState = z.enum(['pending', 'committed', 'rejected', 'voided']);

export const RedemptionView = z.object({
  id: z.string(),
  checkoutId: z.string(),
  benefitId: z.string(),
  benefitTitle: z.string(),
  benefitKind: z.string(),
  state: RedemptionState,
  /** Queued while offline, to be reconciled when the connection returns. */
  offline: z.boolean(),
  cancelRequested: z.boolean(),
  reason: z.string().nullable(),
  /** Why it was refused, as a code: cancelled, offline_refused, or refused (reason is then the benefits service's own words). */
  reasonCode: z.string().nullable().optional(),
  remoteId: z.string().nullable(),
  createdAt: z.string(),
  maskedPhone: z.string(),
  /** The customer's first name only (today's list shows it with the masked phone); null when not known. */
  firstName: z.string().nullable(),
  tillId: z.string(),
  voidState: z.enum(['pending', 'done']).nullable(),
  voidReason: z.string().nullable(),
});
export type RedemptionView = z.infer<typeof RedemptionView>;

export const BenefitView = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  kind: z.enum(['percent', 'amount', 'item', 'text']),
  value: z.number(),
  validUntil: z.string().nullable(),
  usesLeft: z.number().int().nullable(),
  available: z.boolean(),
  unavailableReason: z.string().nullable(),
  /** This checkout's redemption of the benefit, if any. */
  redemption: RedemptionView.nullable(),
});
export type BenefitView = z.infer<typeof BenefitView>;

/**
 * A Custobar campaign's word for this customer ("Tell them about the autumn sale"): plain text, shown
 * as text (never as markup) until the cashier says it was told or dismisses it.
 */
export const PromptView = z.object({
  id: z.string(),
  campaignId: z.string(),
  message: z.string(),
  /** When the campaign stops asking (store time with offset); null = until it is answered. */
  validUntil: z.string().nullable(),
});
export type PromptView = z.infer<typeof PromptView>;

export const CheckoutState = z.object({
  checkoutId: z.string().nullable(),
  cardId: z.string().nullable(),
  customerState: z.enum(['idle', 'loading', 'ready', 'not_found', 'error']),
  customer: CustomerView.nullable(),
  benefitsState: z.enum(['idle', 'loading', 'ready', 'error']),
  benefits: z.array(BenefitView),
  /** The list is the last one fetched, shown because the benefits service is unreachable. */
  benefitsOffline: z.boolean(),
  message: z.string().nullable(),
  messageCode: z.string().nullable(),
  /** Campaign prompts for the customer on the card (matched by customer id, phone or e-mail). */
  prompts: z.array(PromptView).default([]),
});
export type CheckoutState = z.infer<typeof CheckoutState>;

/**
 * Esc: a new customer. With the checkout the UI saw (null = none), a scan that already started a
 * newer checkout is kept; without it, the checkout is reset unconditionally.
 */
export const NewCheckoutInput = z.strictObject({ checkoutId: z.string().max(100).nullable().optional() });

export const RedeemInput = z.strictObject({ benefitId: z.string().min(1).max(200) });
export const RedemptionIdInput = z.strictObject({ redemptionId: z.string().min(1).max(100) });
export const VoidInput = z.strictObject({
  redemptionId: z.string().min(1).max(100),
  reason: z.string().trim().min(3, 'Give a reason for the void').max(300),
  /** Needed when a manager PIN is set and the setting benefits.voidNeedsPin is on (the default). */
  pin: z.string().max(32).optional(),
});
export const AuditInput = z.strictObject({ limit: z.number().int().min(1).max(1000).default(100) });
export const AuditEntry = z.object({ at: z.string(), redemptionId: z.string(), tillId: z.string(), benefitId: z.string(), action: z.string(), outcome: z.string() });
