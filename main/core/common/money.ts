/**
 * Money → integer cents, exactly. Custobar wants integer cents; POS exports often carry "19.90" or
 * "19,90". Parsing goes through the decimal string, never float arithmetic, so 19.90 is 1990, not
 * 1989.9999. Integers are taken as cents already (Custobar's own format); a value with a decimal
 * separator is in currency units.
 */
export type MoneyResult = { ok: true; cents: number } | { ok: false; reason: string };

export function toCents(value: unknown): MoneyResult {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, reason: 'is not a number' };
    if (Number.isInteger(value)) return Number.isSafeInteger(value) ? { ok: true, cents: value } : { ok: false, reason: 'is too large' };
    return toCents(String(value));
  }
  if (typeof value !== 'string') return { ok: false, reason: 'must be an amount such as 1990 (cents) or "19.90"' };
  const text = value.trim().replace(/[\s\u00a0\u202f]/g, '');
  const m = /^([+-]?)(\d+)(?:[.,](\d{1,2}))?$/.exec(text);
  if (!m) {
    return { ok: false, reason: /[.,]\d{3,}$/.test(text) ? 'has more than two decimals' : `"${value.slice(0, 30)}" is not an amount` };
  }
  const [, sign, whole, fraction] = m;
  const cents = Number(whole) * 100 + (fraction === undefined ? 0 : Number(fraction.padEnd(2, '0')));
  const result = fraction === undefined ? Number(whole) : cents;
  if (!Number.isSafeInteger(result)) return { ok: false, reason: 'is too large' };
  return { ok: true, cents: sign === '-' ? -result : result };
}
