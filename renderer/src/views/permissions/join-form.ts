import type { MethodInput, SettingsView } from '../../../../preload/contract';
import { visibleDigits } from '../../components/format';

/** What the join form holds while the cashier types. */
export interface JoinDraft {
  phone: string;
  email: string;
  firstName: string;
  lastName: string;
  sms: boolean;
  emailConsent: boolean;
}
export type JoinField = keyof JoinDraft;
export const emptyJoin: JoinDraft = { phone: '', email: '', firstName: '', lastName: '', sms: false, emailConsent: false };

/** Field errors as i18n keys; the form-level error is text already worded. */
export interface JoinErrors {
  fields: Partial<Record<JoinField, string>>;
}

export type Channel = 'sms' | 'email';

/** What can be checked before asking the core; the core normalises and checks the number itself. */
export function validateJoin(d: JoinDraft): JoinErrors {
  const fields: JoinErrors['fields'] = {};
  if (d.phone.trim().length < 3) fields.phone = 'join.errors.phoneRequired';
  if (d.emailConsent && d.email.trim() === '') fields.emailConsent = 'join.errors.emailRequired';
  return { fields };
}

const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());

export function toJoinInput(d: JoinDraft, textVersion: string): MethodInput<'customers.join'> {
  const email = optional(d.email);
  return {
    phone_number: d.phone.trim(),
    ...(email ? { email } : {}),
    ...(optional(d.firstName) ? { first_name: optional(d.firstName) } : {}),
    ...(optional(d.lastName) ? { last_name: optional(d.lastName) } : {}),
    // E-mail consent without an address would be a permission nobody can use; the core refuses it.
    consents: { sms: d.sms, email: d.emailConsent && email !== undefined },
    consent_text_version: textVersion,
  };
}

const FIELD_OF: Record<string, JoinField> = {
  phone_number: 'phone',
  email: 'email',
  first_name: 'firstName',
  last_name: 'lastName',
  'consents.sms': 'sms',
  'consents.email': 'emailConsent',
  sms: 'sms',
};

const KEY_OF_CODE: Record<string, string> = {
  phone: 'join.errors.phone',
  email: 'join.errors.email',
  email_required: 'join.errors.emailRequired',
  too_big: 'join.errors.tooLong',
};

/**
 * A refused join or consent, put at its fields: the core's own problems ({field, code}) or the
 * contract's schema issues ({path, code}). Returns no fields when nothing could be placed, so the
 * caller shows the message at the form instead.
 */
export function joinErrorsFromContract(details: unknown): JoinErrors {
  const fields: JoinErrors['fields'] = {};
  const list = Array.isArray(details) ? details : Array.isArray((details as { fields?: unknown })?.fields) ? (details as { fields: unknown[] }).fields : [];
  for (const item of list as { field?: unknown; path?: unknown; code?: unknown }[]) {
    const path = typeof item.field === 'string' ? item.field : Array.isArray(item.path) ? item.path.join('.') : '';
    const field = FIELD_OF[path];
    if (!field) continue;
    const code = typeof item.code === 'string' ? item.code : '';
    fields[field] = KEY_OF_CODE[code] ?? (field === 'phone' && code === 'too_small' ? 'join.errors.phoneRequired' : 'join.errors.invalid');
  }
  return { fields };
}

/** The text the customer is told: the store's own wording from Settings, or the app's built-in one. */
export function consentText(settings: SettingsView | null, channel: Channel, t: (key: string) => string): string {
  const own = settings?.settings.permissions.consentText[channel].trim() ?? '';
  return own !== '' ? own : t(`consentText.${channel}`);
}

export const textVersion = (settings: SettingsView | null): string => settings?.settings.permissions.consentText.version ?? 'till-1';

/**
 * The card shows only the last digits of the customer's number; the number the cashier types for a
 * consent change must end with them, so a permission is not recorded for someone else by a typo.
 */
export function phoneMatchesCard(typed: string, maskedPhone: string | null): boolean {
  const shown = visibleDigits(maskedPhone);
  return shown === '' || typed.replace(/\D/g, '').endsWith(shown);
}

/** Removes a scanner burst that landed in a text field (the scan itself is handled as a scan). */
export function withoutBurst(value: string, burst: string, prefix: string): string {
  for (const typed of [prefix + burst, burst]) {
    if (typed === '') continue;
    const at = value.lastIndexOf(typed);
    if (at >= 0) return value.slice(0, at) + value.slice(at + typed.length);
  }
  return value;
}
