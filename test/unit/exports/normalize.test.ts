import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toZonedIso, toDate, offsetMinutes } from '../../../main/core/common/dates';
import { toCents } from '../../../main/core/common/money';
import { createRowNumbering, normalizeRecord } from '../../../main/core/exports/normalize/normalize';
import type { ExportType } from '../../../main/core/custobar/types';
import { specs } from '../../../main/core/exports/normalize/record-specs';

const specsForTest = Object.fromEntries(Object.entries(specs).map(([t, s]) => [t, s.fields]));

const ctx = { timeZone: 'Europe/Helsinki', defaultCountry: 'FI', fromCsv: false };
const csv = { ...ctx, fromCsv: true };
const ok = (type: ExportType, input: Record<string, unknown>, c = ctx) => {
  const r = normalizeRecord(type, input, c, type === 'sales' ? createRowNumbering() : undefined);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r;
};
const errors = (type: ExportType, input: unknown, c = ctx) => {
  const r = normalizeRecord(type, input, c);
  return r.ok ? [] : r.errors;
};

describe('money in integer cents', () => {
  it('converts decimal strings exactly, never through floats', () => {
    expect(toCents('19.90')).toEqual({ ok: true, cents: 1990 });
    expect(toCents('19,90')).toEqual({ ok: true, cents: 1990 });
    expect(toCents('0.1')).toEqual({ ok: true, cents: 10 });
    expect(toCents('1 234,5')).toEqual({ ok: true, cents: 123450 });
    expect(toCents('-4.05')).toEqual({ ok: true, cents: -405 });
    expect(toCents(1990)).toEqual({ ok: true, cents: 1990 });
    expect(toCents('1990')).toEqual({ ok: true, cents: 1990 });
    expect(toCents(19.9)).toEqual({ ok: true, cents: 1990 });
    expect(toCents('19.999')).toMatchObject({ ok: false, reason: 'has more than two decimals' });
    expect(toCents('abc')).toMatchObject({ ok: false });
    expect(toCents(null)).toMatchObject({ ok: false });
  });

  it('round-trips every amount written with two decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000_00, max: 10_000_000_00 }), (cents) => {
        const text = `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;
        expect(toCents(text)).toEqual({ ok: true, cents });
        expect(toCents(text.replace('.', ','))).toEqual({ ok: true, cents });
      }),
      { numRuns: 3000 },
    );
  });
});

describe('dates with the store time zone', () => {
  it('adds the store offset to local times, in winter and in summer', () => {
    expect(toZonedIso('2026-01-15 10:15', 'Europe/Helsinki')).toEqual({ ok: true, value: '2026-01-15T10:15:00+02:00' });
    expect(toZonedIso('2026-07-15T10:15:30', 'Europe/Helsinki')).toEqual({ ok: true, value: '2026-07-15T10:15:30+03:00' });
    expect(toZonedIso('2026-07-15', 'Europe/Stockholm')).toEqual({ ok: true, value: '2026-07-15T00:00:00+02:00' });
  });

  it('keeps the instant of zoned input and shows it in store time', () => {
    expect(toZonedIso('2026-11-22T08:00:00Z', 'Europe/Helsinki')).toEqual({ ok: true, value: '2026-11-22T10:00:00+02:00' });
    expect(toZonedIso('2026-11-22T10:00:00.250+0100', 'Europe/Helsinki')).toEqual({ ok: true, value: '2026-11-22T11:00:00.250+02:00' });
  });

  it('handles the daylight-saving change: the skipped hour and the repeated hour', () => {
    // 2026-03-29 03:00 → 04:00 in Helsinki; 03:30 does not exist and moves forward.
    expect(toZonedIso('2026-03-29 03:30', 'Europe/Helsinki')).toEqual({ ok: true, value: '2026-03-29T04:30:00+03:00' });
    // 2026-10-25 04:00 → 03:00; 03:30 happens twice, the first (summer time) is taken.
    expect(toZonedIso('2026-10-25 03:30', 'Europe/Helsinki')).toEqual({ ok: true, value: '2026-10-25T03:30:00+03:00' });
    expect(offsetMinutes(Date.UTC(2026, 0, 1), 'America/New_York')).toBe(-300);
  });

  it('refuses what is not a real date', () => {
    expect(toZonedIso('2026-02-30 10:00', 'Europe/Helsinki')).toMatchObject({ ok: false });
    expect(toZonedIso('22.11.2026', 'Europe/Helsinki')).toMatchObject({ ok: false });
    expect(toZonedIso('2026-11-22 25:00', 'Europe/Helsinki')).toMatchObject({ ok: false });
    expect(toDate('1990-02-29')).toMatchObject({ ok: false });
    expect(toDate('1992-02-29')).toEqual({ ok: true, value: '1992-02-29' });
  });
});

describe('customers', () => {
  it('normalizes phone numbers to E.164 with the default country, and e-mails', () => {
    const r = ok('customers', { external_id: 'C-1', phone_number: '040 123 4567', email: ' Aino@Example.FI ' });
    expect(r.record).toEqual({ external_id: 'C-1', phone_number: '+358401234567', email: 'aino@example.fi' });
    expect(ok('customers', { phone_number: '+46 70 123 45 67' }).record.phone_number).toBe('+46701234567');
    expect(errors('customers', { external_id: 'C-1', phone_number: '12' })).toEqual(['phone_number: "12" is not a valid phone number']);
    expect(errors('customers', { external_id: 'C-1', phone_number: '+358 40 123' })).toHaveLength(1);
  });

  it('requires an identifier and checks external_id characters', () => {
    expect(errors('customers', { first_name: 'A' })).toEqual(['one of external_id, phone_number, email is required']);
    expect(errors('customers', { external_id: 'C 1' })).toEqual(['external_id: must be letters, digits or dashes']);
    expect(ok('customers', { external_id: 12345 }).record.external_id).toBe('12345');
  });

  it('never turns consent false by omission: empty cells and missing fields stay absent', () => {
    const fromCsv = ok('customers', { external_id: 'C-1', can_email: '', can_sms: 'true', can_post: '0', can_push: 'yes' }, csv);
    expect(fromCsv.record).toEqual({ external_id: 'C-1', can_sms: true, can_post: false, can_push: true });
    expect(ok('customers', { external_id: 'C-1', can_email: '' }).record).toEqual({ external_id: 'C-1' });
    expect(errors('customers', { external_id: 'C-1', can_sms: 'maybe' })).toEqual(['can_sms: must be true or false']);
  });

  it('checks every other customer field type', () => {
    const r = ok('customers', {
      external_id: 'C-2', first_name: 'Aino', date_joined: '2024-05-01 12:00', birth_date: '1990-04-30', country: 'FI', language: 'fi',
      tags: 'vip;garden', mailing_lists: 'news', is_forgotten: false, COMPANY__segment: 'gold', custom_points: 12,
    });
    expect(r.record).toMatchObject({ date_joined: '2024-05-01T12:00:00+03:00', birth_date: '1990-04-30', country: 'fi', tags: ['vip', 'garden'], mailing_lists: ['news'], COMPANY__segment: 'gold' });
    // A field Custobar does not document is never sent as it is: dropped, and the record says so.
    expect(r.record).not.toHaveProperty('custom_points');
    expect(r.warnings).toEqual(['custom_points: not a Custobar field; dropped']);
    expect(errors('customers', { external_id: 'C', country: 'FIN', language: 'finnish', birth_date: '1990-13-01', email: 'nope', 'bad field': 1 })).toEqual([
      'country: must be a two-letter country code',
      'language: must be a language code such as fi',
      'birth_date: "1990-13-01" is not a real date',
      'email: is not an e-mail address',
    ]);
    expect(ok('customers', { external_id: 'C-3', first_name: '' }).record).toEqual({ external_id: 'C-3', first_name: '' });
  });

  it('refuses what is not a record', () => {
    expect(errors('customers', [1, 2])).toEqual(['the record must be an object with named fields']);
    expect(errors('customers', 'x')).toHaveLength(1);
  });
});

describe('products, sales, shops and events', () => {
  it('products: external id, price in cents and an EAN with its check digit', () => {
    expect(ok('products', { external_id: 'P-1', price: '54.90', ean: '6417182001239', in_stock: 'true', stock: '[{"shop_id":"S1","quantity":"4"}]' }).record).toEqual({
      external_id: 'P-1', price: 5490, ean: '6417182001239', in_stock: true, stock: [{ shop_id: 'S1', quantity: 4 }],
    });
    expect(errors('products', { external_id: 'P-1', price: 100, ean: '6417182001238' })).toEqual(['ean: EAN 6417182001238 has a wrong check digit']);
    expect(errors('products', { external_id: 'P-1' })).toEqual(['price: required']);
  });

  it('sales: money in cents, zoned dates, E.164, coupon lists, and stable row ids', () => {
    const numbering = createRowNumbering();
    const row = (extra: Record<string, unknown>) => normalizeRecord('sales', { sale_external_id: 'S-1', sale_date: '2026-11-22 14:05', ...extra }, ctx, numbering);
    const a = row({ product_id: 'P-1', quantity: '2', unit_price: '5,49', total: '10.98', sale_phone_number: '0401234567', sale_coupon_codes: 'XMAS,VIP' });
    const b = row({ product_id: 'P-2', quantity: 1, unit_price: 349, total: 349 });
    expect(a).toMatchObject({ ok: true, key: 'S-1/S-1-1', record: { external_id: 'S-1-1', sale_date: '2026-11-22T14:05:00+02:00', quantity: 2, unit_price: 549, total: 1098, sale_phone_number: '+358401234567', sale_coupon_codes: ['XMAS', 'VIP'] } });
    expect(b).toMatchObject({ ok: true, key: 'S-1/S-1-2' });
    expect(normalizeRecord('sales', { sale_external_id: 'S-2', sale_date: '2026-11-22', external_id: 'R9' }, ctx)).toMatchObject({ ok: true, key: 'S-2/R9' });
    expect(normalizeRecord('sales', { sale_external_id: 'S-2', sale_date: '2026-11-22' }, ctx)).toMatchObject({ ok: false, errors: ['external_id: required (the row id)'] });
    expect(errors('sales', { sale_external_id: 'S-3', external_id: 'x', sale_date: 'yesterday', unit_price: '1.234' })).toEqual([
      'sale_date: "yesterday" is not an ISO 8601 date-time',
      'unit_price: has more than two decimals',
    ]);
  });

  it('shops need an id (a name is optional, as Custobar documents); events an upper-case type, a date and a customer', () => {
    expect(errors('shops', { name: 'Main street' })).toEqual(['external_id: required']);
    expect(ok('shops', { external_id: 'S1' }).record).toEqual({ external_id: 'S1' });
    expect(ok('events', { type: 'benefit_redeemed', date: '2026-11-22T10:00:00+02:00', customer_id: 'C-1' }).record.type).toBe('BENEFIT_REDEEMED');
    expect(errors('events', { type: 'X', date: '2026-11-22' })).toEqual(['one of customer_id, phone_number, email, customer_token is required']);
    const e1 = ok('events', { type: 'VISIT', date: '2026-11-22', customer_id: 'C-1' });
    const e2 = ok('events', { type: 'VISIT', date: '2026-11-22', customer_id: 'C-1' });
    expect(e1.key).toBe(e2.key);
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.constantFrom<ExportType>('customers', 'products', 'sales', 'shops', 'events'), fc.anything(), (type, value) => {
        const r = normalizeRecord(type, value, ctx, createRowNumbering());
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('every field rule of every type', () => {
  // A valid and an invalid sample for each kind of field Custobar documents.
  const samples: Record<string, [unknown, unknown]> = {
    id: ['ABC-123', 'a b'],
    textId: ['KS.3801', { no: 1 }],
    string: ['text', { no: 1 }],
    textOrList: [['a', 'b'], { no: 1 }],
    url: ['https://example.com/p/1', 'example.com'],
    shopType: ['online', 'popup'],
    currency: ['EUR', 'euro'],
    bool: [true, 'maybe'],
    money: ['12.50', '12.505'],
    int: [3, 'three'],
    number: ['1,5', 'many'],
    datetime: ['2026-11-22 10:00', 'noon'],
    date: ['2001-02-03', '2001-02-30'],
    phone: ['+358401234567', '12'],
    email: ['a@b.fi', 'a@b'],
    country: ['se', 'swe'],
    language: ['sv', 'svenska'],
    strlist: ['a;b', 5],
    strOrList: [['a'], 5],
    ean: ['4006381333931', '4006381333932'],
    stock: [[{ shop_id: 'S1', quantity: 2 }], [{ quantity: 2 }]],
    eventType: ['visit', 'not ok!'],
  };
  const base: Record<ExportType, Record<string, unknown>> = {
    customers: { external_id: 'C-1' },
    products: { external_id: 'P-1', price: 1 },
    sales: { sale_external_id: 'S-1', sale_date: '2026-11-22', external_id: 'R-1' },
    shops: { external_id: 'S-1' },
    events: { type: 'VISIT', date: '2026-11-22', customer_id: 'C-1' },
  };
  for (const [type, spec] of Object.entries(specsForTest) as [ExportType, Record<string, string>][]) {
    it(`${type}: accepts a valid and refuses an invalid value in each field`, () => {
      for (const [field, kind] of Object.entries(spec)) {
        const [good, bad] = samples[kind]!;
        expect(normalizeRecord(type, { ...base[type], [field]: good }, ctx).ok, `${type}.${field} = ${JSON.stringify(good)}`).toBe(true);
        const refused = normalizeRecord(type, { ...base[type], [field]: bad }, ctx);
        expect(refused.ok, `${type}.${field} = ${JSON.stringify(bad)}`).toBe(false);
        expect(!refused.ok && refused.errors.some((e) => e.startsWith(`${field}:`))).toBe(true);
      }
    });
  }
});

describe('identifiers', () => {
  it('an empty identifier counts as absent: two guests with phone_number "" never become one record', () => {
    const a = normalizeRecord('customers', { phone_number: '', email: 'a@example.fi', can_sms: true }, ctx);
    const b = normalizeRecord('customers', { phone_number: '', email: 'b@example.fi', can_sms: false }, ctx);
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect([a.key, b.key]).toEqual(['email:a@example.fi', 'email:b@example.fi']);
    expect(a.record).not.toHaveProperty('phone_number');
    expect(normalizeRecord('customers', { external_id: '', phone_number: '', email: '' }, ctx)).toMatchObject({ ok: false, errors: ['one of external_id, phone_number, email is required'] });
    const event = normalizeRecord('events', { type: 'VISIT', date: '2026-11-22', customer_id: '', phone_number: '0401234567' }, ctx);
    expect(event.ok && event.record).toEqual(expect.not.objectContaining({ customer_id: '' }));
  });
});

describe('fields Custobar does not document', () => {
  it('are dropped with the nearest known name, refused when the setting says so, renamed by the field map', () => {
    const typo = normalizeRecord('customers', { external_id: 'C-1', phone_numbr: '0401234567', state: 'Uusimaa', mage_weight: 3 }, ctx);
    expect(typo.ok && typo.warnings).toEqual([
      'phone_numbr: not a Custobar field (did you mean phone_number?); dropped',
      'state: not a Custobar field; dropped',
      'mage_weight: not a Custobar field; dropped',
    ]);
    expect(typo.ok && typo.record).toEqual({ external_id: 'C-1' });
    const refused = normalizeRecord('customers', { external_id: 'C-1', phone_numbr: '0401234567' }, { ...ctx, unknownFields: 'refuse' as const });
    expect(refused).toEqual({ ok: false, errors: ['phone_numbr: not a Custobar field (did you mean phone_number?)'] });
    const mapped = normalizeRecord('customers', { external_id: 'C-1', state: 'Uusimaa' }, { ...ctx, fieldMap: { state: 'province' } });
    expect(mapped).toMatchObject({ ok: true, record: { external_id: 'C-1', province: 'Uusimaa' } });
    expect(mapped).not.toHaveProperty('warnings');
    // Company fields and the tenant's own card field pass as they are.
    expect(normalizeRecord('customers', { external_id: 'C-1', ACME__tier: 'gold', loyalty_card: 'L-1' }, { ...ctx, extraFields: ['loyalty_card'] })).toMatchObject({ ok: true, record: { ACME__tier: 'gold', loyalty_card: 'L-1' } });
  });
});

describe('field names that are also names of Object methods', () => {
  it('are plain unknown fields, with or without a field map', () => {
    for (const fieldMap of [undefined, { state: 'province' }]) {
      const result = normalizeRecord('sales', { sale_external_id: 'S-1', external_id: '1', sale_date: '2026-11-30', valueOf: 0, constructor: 'x', toString: 1, __proto__x: 2 }, { ...ctx, fieldMap });
      expect(result.ok).toBe(true);
      expect(result.ok && result.warnings?.map((w) => w.split(':')[0])).toEqual(['valueOf', 'constructor', 'toString', '__proto__x']);
    }
  });
});
