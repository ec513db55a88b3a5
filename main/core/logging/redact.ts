/**
 * Log redaction. Phone numbers, e-mail addresses and credentials must never reach a log file:
 * a till's log is often attached to a support ticket, and a log with customers' numbers,
 * addresses or the till's API token in it is a privacy (or security) incident.
 */
// International numbers (+358 40 123 4567) and national ones starting with 0 (040 123 4567).
// Dates, ports and ids do not start with + or 0 followed by a phone-like grouping, so they survive.
const PHONE = /(?<![\w/.:])(?:\+\d[\d -]{5,16}\d|0\d{1,3}[ -]?\d{3}[ -]?\d{3,4})(?![\w])/g;
const BEARER = /\b(Bearer|Token|Basic)\s+[A-Za-z0-9._~+/=-]{4,}/gi;
const SECRET_KV = /("?(?:token|secret|password|pin|authorization|client_secret|api[_-]?key)"?\s*[:=]\s*)("[^"]*"|[^\s,}&]+)/gi;
const QUERY_TOKEN = /([?&](?:token|access_token)=)[^&\s]+/gi;
// local@domain.tld. The masked form (a•••@domain) no longer matches, so redacting twice is harmless;
// a URL without an "@" never matches, and one with user:password@host loses the password.
const EMAIL = /(?<![\w.%+-])[\w%+-][\w.%+-]*@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?![\w-])/g;

/** Deeper than this, structured values are cut off rather than walked: a log line needs no more. */
const MAX_DEPTH = 8;

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 4) return '•••';
  return `${phone.startsWith('+') ? '+' : ''}${'•'.repeat(digits.length - 3)}${digits.slice(-3)}`;
}

/** Keeps the first character and the domain, which is usually enough for support to tell two apart. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 1 ? '[redacted]' : `${email[0]}•••${email.slice(at)}`;
}

export function redact(text: string): string {
  return text
    .replace(BEARER, (_m, scheme: string) => `${scheme} [redacted]`)
    .replace(SECRET_KV, (_m, key: string) => `${key}"[redacted]"`)
    .replace(QUERY_TOKEN, (_m, key: string) => `${key}[redacted]`)
    .replace(EMAIL, (m) => maskEmail(m))
    .replace(PHONE, (m) => maskPhone(m));
}

/**
 * redact() applied to every string (keys included) of a JSON-like value. Used on each parsed log
 * record, so it also covers what pino serializers produced (fastify's req.url, err.stack).
 */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [redact(key), redactValue(item, depth + 1)]));
}
