import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * A number as a key to match people by: one already in E.164 (as Custobar and the till's own
 * records carry it) as it is, without libphonenumber's cost; any other spelling through toE164.
 */
export function phoneKey(raw: string, country: string): string | null {
  return E164.test(raw) ? raw : toE164(raw, country);
}

/** libphonenumber is thorough but slow (~8 µs); a store's files repeat the same customers' numbers. */
const phoneCache = new Map<string, string | null>();
/** A phone number in E.164 (+358401234567), or null when it is not a valid number for the country. */
export function toE164(raw: string, country: string): string | null {
  const key = `${country}|${raw}`;
  let result = phoneCache.get(key);
  if (result === undefined) {
    if (phoneCache.size > 20_000) phoneCache.clear();
    const parsed = parsePhoneNumberFromString(raw, country as CountryCode);
    result = parsed?.isValid() ? parsed.number : null;
    phoneCache.set(key, result);
  }
  return result;
}
