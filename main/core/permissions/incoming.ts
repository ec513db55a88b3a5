import { phoneKey } from '../common/phone';
import { CONSENT_FIELDS, type ConsentField, type IncomingPermission } from './permission-store';

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null);
const bool = (v: unknown): boolean | null | undefined => (v === undefined ? undefined : typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : null);

/**
 * One customer record from Custobar (data API page or webhook item) → what the snapshot compares.
 * null when the record names nobody (no external id, valid phone or e-mail).
 */
export function toIncoming(record: unknown, defaultCountry: string): IncomingPermission | null {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return null;
  const r = record as Record<string, unknown>;
  const rawPhone = str(r.phone_number);
  // Custobar already stores E.164: checking the shape is enough, and full parsing (libphonenumber)
  // would cost more than the whole rest of a poll. Other spellings (a webhook's) are parsed.
  const phone = rawPhone ? phoneKey(rawPhone, defaultCountry) : null;
  const email = str(r.email)?.toLowerCase() ?? null;
  const externalId = str(r.external_id);
  if (!externalId && !phone && !email) return null;
  const consents: Partial<Record<ConsentField, boolean | null>> = {};
  for (const field of CONSENT_FIELDS) {
    const value = bool(r[field]);
    if (value !== undefined) consents[field] = value;
  }
  return { externalId, phone, email, consents, gone: r.is_forgotten === true || r.is_deleted === true };
}
