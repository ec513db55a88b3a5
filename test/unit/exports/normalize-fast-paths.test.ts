import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { offsetMinutes, toZonedIso } from '../../../main/core/common/dates';
import { createRowNumbering, normalizeRecord } from '../../../main/core/exports/normalize/normalize';
import { mergeSaleFields } from '../../../main/core/exports/normalize/sale-rows';

/**
 * The caches and fast paths of normalisation (issue 13) against what they replace: the same
 * answers, whatever was asked before.
 */

const formats = new Map<string, Intl.DateTimeFormat>();
/** The conversion as it was before the caches: Intl for every offset, both offsets of the day tried. */
function oracle(value: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0'] = m;
  const wallUtc = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s, Number(frac.padEnd(3, '0').slice(0, 3)));
  const f = formats.get(timeZone) ?? formats.set(timeZone, new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })).get(timeZone)!;
  const offset = (instant: number) => {
    const p = Object.fromEntries(f.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
    return Math.round((Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!) - Math.floor(instant / 1000) * 1000) / 60000);
  };
  const day = 86_400_000;
  const offsets = [...new Set([offset(wallUtc - day), offset(wallUtc + day)])];
  const valid = offsets.map((o) => wallUtc - o * 60000).filter((i) => wallUtc - offset(i) * 60000 === i);
  const instant = valid.length > 0 ? Math.min(...valid) : wallUtc - offsets[0]! * 60000;
  const o = offset(instant);
  const wall = new Date(instant + o * 60000);
  const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');
  const ms = wall.getUTCMilliseconds();
  return (
    `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}` +
    `${ms ? `.${pad(ms, 3)}` : ''}${o >= 0 ? '+' : '-'}${pad(Math.trunc(o / 60))}:${pad(o % 60)}`
  );
}

// Zones with daylight saving in both hemispheres, half-hour and 45-minute offsets, and a 30-minute change.
const ZONES = ['Europe/Helsinki', 'Europe/Stockholm', 'America/New_York', 'America/St_Johns', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'UTC'];
const wallText = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

describe('zoned dates with the caches', () => {
  it('every wall-clock time converts as without the caches, daylight-saving changes included', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: Date.UTC(1990, 0, 1) / 900_000, max: Date.UTC(2060, 0, 1) / 900_000 }), (zone, quarter) => {
        const text = wallText(quarter * 900_000);
        expect(toZonedIso(text, zone)).toEqual({ ok: true, value: oracle(text, zone) });
      }),
      { numRuns: 3000 },
    );
  });

  it('around each change of 2026: the skipped and repeated times, minute by minute', () => {
    for (const zone of ['Europe/Helsinki', 'America/New_York', 'Australia/Lord_Howe']) {
      // Two days around each: New York 8 March and 1 November, Helsinki 29 March and 25 October, Lord Howe 5 April and 4 October.
      for (const [month, date] of [[2, 8], [2, 29], [3, 5], [9, 4], [9, 25], [10, 1]] as const) {
        for (let t = Date.UTC(2026, month, date - 1); t < Date.UTC(2026, month, date + 1); t += 60_000 * 7) {
          const text = wallText(t);
          expect(toZonedIso(text, zone), `${text} in ${zone}`).toEqual({ ok: true, value: oracle(text, zone) });
        }
      }
    }
  });

  it('the same text in another zone is another time; an answer changed by its caller does not change the next', () => {
    expect(toZonedIso('2026-11-22 10:00', 'Europe/Helsinki')).toEqual({ ok: true, value: '2026-11-22T10:00:00+02:00' });
    expect(toZonedIso('2026-11-22 10:00', 'Europe/Stockholm')).toEqual({ ok: true, value: '2026-11-22T10:00:00+01:00' });
    const first = toZonedIso('2026-11-22 11:00', 'Europe/Helsinki') as { ok: true; value: string };
    first.value = 'changed';
    expect(toZonedIso('2026-11-22 11:00', 'Europe/Helsinki')).toEqual({ ok: true, value: '2026-11-22T11:00:00+02:00' });
    // Refusals are kept too, and stay refusals.
    expect(toZonedIso('2026-02-30 10:00', 'Europe/Helsinki')).toEqual({ ok: false, reason: '"2026-02-30 10:00" is not a real date or time' });
    expect(toZonedIso('2026-02-30 10:00', 'Europe/Helsinki')).toEqual({ ok: false, reason: '"2026-02-30 10:00" is not a real date or time' });
    // A long text is never kept, and still answered.
    const long = `2026-11-22 10:00${' '.repeat(100)}`;
    expect(toZonedIso(long, 'Europe/Helsinki')).toEqual({ ok: true, value: '2026-11-22T10:00:00+02:00' });
  });

  it('offsets are kept per zone', () => {
    const at = Date.UTC(2026, 6, 1, 12);
    expect(offsetMinutes(at, 'Europe/Helsinki')).toBe(180);
    expect(offsetMinutes(at, 'Asia/Kathmandu')).toBe(345);
    expect(offsetMinutes(at, 'America/St_Johns')).toBe(-150);
  });
});

describe('sale rows and ids on their fast paths', () => {
  it('rows of one sale agree when their values are equal as JSON, whether or not the same object', () => {
    const coupons = (): string[] => ['A', 'B'];
    const rows = [
      { position: 'record 0', record: { sale_external_id: 'S', external_id: '1', sale_date: '2026-11-22T10:00:00+02:00', sale_coupon_codes: coupons() } },
      { position: 'record 1', record: { sale_external_id: 'S', external_id: '2', sale_date: '2026-11-22T10:00:00+02:00', sale_coupon_codes: coupons() } },
      { position: 'record 2', record: { sale_external_id: 'S', external_id: '3', sale_coupon_codes: ['A'] } },
      { position: 'record 3', record: { sale_external_id: 'T', external_id: '1', sale_total: 100 } },
      { position: 'record 4', record: { sale_external_id: 'T', external_id: '2', sale_total: 100 } },
      { position: 'record 5', record: { sale_external_id: 'T', external_id: '3', sale_total: 101 } },
    ];
    const { sales, conflicts } = mergeSaleFields(rows);
    expect([...conflicts]).toEqual([
      [2, ['sale_coupon_codes: differs from another row of sale S (["A","B"])']],
      [5, ['sale_total: differs from another row of sale T (100)']],
    ]);
    expect(sales.get('S')).toEqual({ sale: 'S', fields: { sale_date: '2026-11-22T10:00:00+02:00', sale_coupon_codes: ['A', 'B'] }, firstPosition: 'record 0', rows: 2 });
    // What an earlier chunk knew is copied, never changed.
    const known = new Map([['T', { sale: 'T', fields: { sale_total: 100 }, firstPosition: 'line 1', rows: 4 }]]);
    const next = mergeSaleFields([{ position: 'line 9', record: { sale_external_id: 'T', external_id: '9', sale_state: 'paid' } }], known);
    expect(next.sales.get('T')).toEqual({ sale: 'T', fields: { sale_total: 100, sale_state: 'paid' }, firstPosition: 'line 1', rows: 5 });
    expect(known.get('T')).toEqual({ sale: 'T', fields: { sale_total: 100 }, firstPosition: 'line 1', rows: 4 });
  });

  it('an id is counted in characters: 255 emoji pass, 256 do not, whatever their length in UTF-16', () => {
    const sale = (id: string) => normalizeRecord('sales', { sale_external_id: id, external_id: 'R-1', sale_date: '2026-11-22' }, { timeZone: 'Europe/Helsinki', defaultCountry: 'FI', fromCsv: false }, createRowNumbering());
    expect(sale('👟'.repeat(255))).toMatchObject({ ok: true });
    expect(sale('👟'.repeat(256))).toEqual({ ok: false, errors: ['sale_external_id: must be at most 255 characters'] });
    expect(sale('x'.repeat(255))).toMatchObject({ ok: true });
  });

  it('fields are read in their order, own fields only, and a field named __proto__ is an unknown field', () => {
    const input = JSON.parse('{"external_id":"C-1","__proto__":{"x":1},"city":"Oulu","toString":"x"}') as unknown;
    const result = normalizeRecord('customers', input, { timeZone: 'Europe/Helsinki', defaultCountry: 'FI', fromCsv: false });
    expect(result).toMatchObject({ ok: true, record: { external_id: 'C-1', city: 'Oulu' } });
    expect(Object.keys((result as { record: object }).record)).toEqual(['external_id', 'city']);
    expect((result as { warnings: string[] }).warnings.map((w) => w.split(':')[0])).toEqual(['__proto__', 'toString']);
  });
});
