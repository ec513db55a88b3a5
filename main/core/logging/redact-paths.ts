/**
 * Redaction by key, for pino's `redact` option. Pattern redaction (redact.ts) only catches values
 * that look like a phone number or a credential; a field named token or pin is secret whatever it
 * looks like, so these keys are censored before the line is even serialized.
 */
import { maskEmail, maskPhone } from './redact';

const CREDENTIAL_KEYS = ['token', 'authorization', 'Authorization', 'password', 'secret', 'pin', 'client_secret', 'apiKey', 'api_key'];
const PHONE_KEYS = ['phone', 'phone_number', 'sale_phone_number'];
const EMAIL_KEYS = ['email', 'sale_email'];

const phoneKeys = new Set(PHONE_KEYS);
const emailKeys = new Set(EMAIL_KEYS);

/** Each key at the top level and one and two levels down (fields.customer.phone, req.headers.authorization). */
export const REDACT_PATHS = [...CREDENTIAL_KEYS, ...PHONE_KEYS, ...EMAIL_KEYS].flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

/**
 * Credentials become '[redacted]'; phone numbers and e-mails are masked instead, so support can still
 * match "the customer ending 567" with the till operator without the log holding the whole number.
 */
export function censor(value: unknown, path: string[]): unknown {
  const key = path[path.length - 1] ?? '';
  if (typeof value === 'string' && phoneKeys.has(key)) return maskPhone(value);
  if (typeof value === 'string' && emailKeys.has(key)) return maskEmail(value);
  return '[redacted]';
}
