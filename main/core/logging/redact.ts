/**
 * Log redaction. Phone numbers and credentials must never reach a log file (DESIGN §8): a log is
 * often attached to a support ticket, and a till log with customers' numbers is a privacy incident.
 */
// International numbers (+358 40 123 4567) and national ones starting with 0 (040 123 4567).
// Dates, ports and ids do not start with + or 0 followed by a phone-like grouping, so they survive.
const PHONE = /(?<![\w/.:])(?:\+\d[\d -]{5,16}\d|0\d{1,3}[ -]?\d{3}[ -]?\d{3,4})(?![\w])/g;
const BEARER = /\b(Bearer|Token|Basic)\s+[A-Za-z0-9._~+/=-]{4,}/gi;
const SECRET_KV = /("?(?:token|secret|password|pin|authorization|client_secret|api[_-]?key)"?\s*[:=]\s*)("[^"]*"|[^\s,}&]+)/gi;
const QUERY_TOKEN = /([?&](?:token|access_token)=)[^&\s]+/gi;

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 4) return '•••';
  return `${phone.startsWith('+') ? '+' : ''}${'•'.repeat(digits.length - 3)}${digits.slice(-3)}`;
}

export function redact(text: string): string {
  return text
    .replace(BEARER, (_m, scheme: string) => `${scheme} [redacted]`)
    .replace(SECRET_KV, (_m, key: string) => `${key}"[redacted]"`)
    .replace(QUERY_TOKEN, (_m, key: string) => `${key}[redacted]`)
    .replace(PHONE, (m) => maskPhone(m));
}
