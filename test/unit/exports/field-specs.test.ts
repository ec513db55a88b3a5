import { describe, expect, it } from 'vitest';
import type { ExportType } from '../../../main/core/custobar/types';
import { normalizeField } from '../../../main/core/exports/normalize/fields';
import { createRowNumbering, normalizeRecord } from '../../../main/core/exports/normalize/normalize';
import { SALE_LEVEL_FIELDS, SALE_ROW_FIELDS, specs } from '../../../main/core/exports/normalize/record-specs';
import { documentedFields, validateRecord } from '../../../main/simulator/validate';

const ctx = { timeZone: 'Europe/Helsinki', defaultCountry: 'FI', fromCsv: false };

/** One documented field: a valid input and what it becomes, an invalid input and the reason given. */
type Row = [field: string, valid: unknown, normalized: unknown, invalid: unknown, reason: string];

const text = (field: string): Row => [field, `  ${field} text `, `${field} text`, { not: 'text' }, 'must be text'];
const bool = (field: string): Row => [field, 'yes', true, 'maybe', 'must be true or false'];
const list = (field: string): Row => [field, 'vip', ['vip'], 5, 'must be a list of text values'];
const phone = (field: string): Row => [field, '040 123 4567', '+358401234567', '12', '"12" is not a valid phone number'];
const email = (field: string): Row => [field, ' Aino@Example.FI ', 'aino@example.fi', 'aino@', 'is not an e-mail address'];
const customerId = (field: string): Row => [field, 'C-100', 'C-100', 'a b', 'must be letters, digits or dashes'];
const textId = (field: string, id: string): Row => [field, id, id, { id: 1 }, 'must be text (an id)'];
const money = (field: string): Row => [field, '10.50', 1050, '10.505', 'has more than two decimals'];
const url = (field: string): Row => [field, 'https://shop.example.com/p/KS.3801?c=1', 'https://shop.example.com/p/KS.3801?c=1', 'ftp://shop.example.com/x', 'must be an http(s) address such as https://example.com/p/1'];
const ean = (field: string): Row => [field, '6417182001239', '6417182001239', '6417182001238', 'EAN 6417182001238 has a wrong check digit'];
const datetime = (field: string): Row => [field, '2026-11-22 14:05', '2026-11-22T14:05:00+02:00', 'yesterday', '"yesterday" is not an ISO 8601 date-time'];
const number = (field: string): Row => [field, '1,5', 1.5, 'many', 'must be a number'];
const strlist = (field: string): Row => [field, 'a;b', ['a', 'b'], [1], 'must be a list of text values'];
const country: Row = ['country', 'FI', 'fi', 'FIN', 'must be a two-letter country code'];
const language: Row = ['language', 'sv-FI', 'sv-fi', 'svenska', 'must be a language code such as fi'];

/** Custobar's documented fields per type, written out here (not read from record-specs.ts) on purpose. */
const documented: Record<ExportType, Row[]> = {
  customers: [
    customerId('external_id'), phone('phone_number'), email('email'),
    ...['canonical_id', 'first_name', 'last_name', 'shop_id', 'city', 'company', 'gender', 'house_number', 'house_number_addition', 'province', 'street_address', 'street_name', 'vat_number', 'zip_code'].map(text),
    ...['can_email', 'can_post', 'can_profile', 'can_push', 'can_sms', 'is_forgotten', 'is_deleted'].map(bool),
    datetime('date_joined'), datetime('last_login'),
    ['birth_date', '1990-04-30', '1990-04-30', '1990-13-01', '"1990-13-01" is not a real date'],
    country, language,
    ['mailing_lists', ['news', 'offers'], ['news', 'offers'], { news: true }, 'must be a list of text values'],
    ['tags', ['vip', 'garden'], ['vip', 'garden'], [1], 'must be a list of text values'],
    list('tags.add'), list('tags.remove'), list('mailing_lists.add'), list('mailing_lists.remove'),
  ],
  products: [
    textId('external_id', 'KS.3801'), money('price'),
    text('type'),
    ['category', ['Dogs', 'Food, dry'], ['Dogs', 'Food, dry'], { a: 1 }, 'must be text or a list of texts'],
    ['category_id', ['12', 13], ['12', '13'], [true], 'must be text or a list of texts'],
    text('vendor'), ean('ean'), text('sku'), textId('shop_id', 'Shop 1'), text('brand'), text('title'), url('image'),
    ['date', '2026-11-22', '2026-11-22T00:00:00+02:00', 'someday', '"someday" is not an ISO 8601 date-time'],
    url('url'),
    ['sale_price', 9.9, 990, 'cheap', '"cheap" is not an amount'],
    text('description'), text('short_description'),
    ['rating', '4,5', 4.5, 'good', 'must be a number'],
    bool('visible'), ['in_stock', 'false', false, 'sometimes', 'must be true or false'],
    ['stock', [{ shop_id: 'S1', quantity: 3 }], [{ shop_id: 'S1', quantity: 3 }], [{ quantity: 3 }], 'must be a list of {shop_id, quantity}'],
    ['tags', ['new', 'eco'], ['new', 'eco'], 7, 'must be a list of text values'],
    text('unit'), language,
  ],
  sales: [
    textId('sale_external_id', 'R 2026/11/22.001'), datetime('sale_date'),
    customerId('sale_customer_id'), phone('sale_phone_number'), email('sale_email'),
    textId('sale_shop_id', 'Shop 1'), money('sale_total'),
    ['sale_discount', 100, 100, 'lots', '"lots" is not an amount'],
    text('sale_payment_method'), text('sale_state'),
    ['sale_coupon_codes', 'XMAS,VIP', ['XMAS', 'VIP'], { XMAS: 1 }, 'must be a list of text values'],
    ['sale_currency', 'sek', 'SEK', 'kr', 'must be a three-letter currency code such as EUR'],
    ['sale_exchange_rate', '0,087', 0.087, 'low', 'must be a number'],
    money('sale_shipping'), text('sale_shipping_method'), money('sale_shipping_in_currency'),
    textId('external_id', 'KS.3801/1'), textId('product_id', 'OL 300'), text('product_sku'), ean('product_ean'),
    number('quantity'), money('unit_price'), money('unit_price_in_currency'), money('discount'), money('total'), strlist('tags'),
  ],
  shops: [
    textId('external_id', 'Main Street 1'), text('name'), email('email'),
    ['shop_type', 'Online', 'online', 'popup', 'must be offline or online'],
    phone('phone_number'), text('street_address'), text('city'), country, bool('is_hidden'),
  ],
  events: [
    ['type', 'benefit_redeemed', 'BENEFIT_REDEEMED', 'not ok!', 'must be an event type such as BENEFIT_REDEEMED'],
    datetime('date'), customerId('customer_id'), phone('phone_number'), email('email'), textId('customer_token', 'tok.9f/3=='),
    text('label'), ean('product_ean'), textId('product_id', 'KS.3801'), text('path'), url('url'),
    text('utm_source'), text('utm_medium'), text('utm_campaign'), text('utm_term'), text('utm_content'),
    textId('sale_id', 'R 2026/11/22.001'), text('tracking_number'),
    ['sentiment_value', '-0.5', -0.5, 'happy', 'must be a number'],
  ],
};

/** Not documented by Custobar: the app keeps an event's own id so a resend is recognised (recordKey). */
const appOnly: Partial<Record<ExportType, string[]>> = { events: ['external_id'] };

const base: Record<ExportType, Record<string, unknown>> = {
  customers: { external_id: 'C-1' },
  products: { external_id: 'P-1', price: 100 },
  sales: { sale_external_id: 'S-1', sale_date: '2026-11-22', external_id: 'R-1' },
  shops: { external_id: 'SH-1' },
  events: { type: 'VISIT', date: '2026-11-22', customer_id: 'C-1' },
};

const types = Object.keys(documented) as ExportType[];

describe('every field Custobar documents', () => {
  for (const type of types) {
    it(`${type}: the app knows exactly the documented fields`, () => {
      const names = documented[type].map(([field]) => field);
      expect(new Set(names).size).toBe(names.length);
      expect(Object.keys(specs[type].fields).sort()).toEqual([...names, ...(appOnly[type] ?? [])].sort());
    });

    describe(type, () => {
      it.each(documented[type])('%s: accepts %j as %j and refuses %j with a reason', (field, valid, normalized, invalid, reason) => {
        // Sales rows get their row numbering, as the ingest path gives them, so only this field's error shows.
        const numbering = () => (type === 'sales' ? createRowNumbering() : undefined);
        const good = normalizeRecord(type, { ...base[type], [field]: valid }, ctx, numbering());
        expect(good).toMatchObject({ ok: true });
        expect(good.ok && good.record[field]).toEqual(normalized);
        expect(good.ok && good.warnings).toBeUndefined();
        expect(normalizeRecord(type, { ...base[type], [field]: invalid }, ctx, numbering())).toEqual({ ok: false, errors: [`${field}: ${reason}`] });
      });
    });
  }
});

describe('lists where Custobar takes lists', () => {
  const product = (extra: Record<string, unknown>, fromCsv = false) => normalizeRecord('products', { external_id: 'P-1', price: 100, ...extra }, { ...ctx, fromCsv });

  it('products take category and category_id as one text or a list, and tags as a list', () => {
    expect(product({ category: ['Dogs', 'Food'], category_id: ['C1', 'C2'], tags: ['new', 'eco'] })).toMatchObject({
      ok: true, record: { category: ['Dogs', 'Food'], category_id: ['C1', 'C2'], tags: ['new', 'eco'] },
    });
    // One text stays one text: a category name may hold a comma.
    expect(product({ category: 'Shoes, boots', category_id: 17 })).toMatchObject({ ok: true, record: { category: 'Shoes, boots', category_id: '17' } });
    expect(product({ category: [] })).toMatchObject({ ok: true, record: { category: [] } });
    expect(product({ category: ['Dogs', { sub: 'Food' }] })).toEqual({ ok: false, errors: ['category: must be text or a list of texts'] });
  });

  it('a CSV cell holds a list as JSON; tags also split on ; , or |', () => {
    expect(product({ category: '["Dogs","Food, dry"]', category_id: '[12, 13]', tags: 'new|eco' }, true)).toMatchObject({
      ok: true, record: { category: ['Dogs', 'Food, dry'], category_id: ['12', '13'], tags: ['new', 'eco'] },
    });
    expect(product({ category: '[Dogs, Food]' }, true)).toEqual({ ok: false, errors: ['category: must be a JSON list of texts such as ["a","b"] when it starts with ['] });
    expect(product({ category: '[{"a":1}]' }, true)).toEqual({ ok: false, errors: ['category: must be a JSON list of texts such as ["a","b"] when it starts with ['] });
    // Text that only starts with a bracket is one category.
    expect(product({ category: '[Sale] shoes' }, true)).toMatchObject({ ok: true, record: { category: '[Sale] shoes' } });
  });
});

describe('ids', () => {
  const product = (id: unknown) => normalizeRecord('products', { external_id: id, price: 100 }, ctx);

  it.each(['KS.3801', 'OL 300', 'Kenkä-ÅÄÖ', '靴/42', 'SKU#7_b+c', '👟-1'])('any non-empty text is a product id: %j', (id) => {
    expect(product(id)).toMatchObject({ ok: true, record: { external_id: id }, key: id });
  });

  it('product, sale, sale row, shop and event references take the same ids', () => {
    const row = normalizeRecord('sales', { sale_external_id: 'R 1/2', sale_date: '2026-11-22', external_id: 'R 1/2.1', product_id: 'KS.3801', sale_shop_id: 'Shop 1' }, ctx);
    expect(row).toMatchObject({ ok: true, key: 'R 1/2/R 1/2.1', record: { product_id: 'KS.3801', sale_shop_id: 'Shop 1' } });
    expect(normalizeRecord('shops', { external_id: 'OL 300' }, ctx)).toMatchObject({ ok: true, key: 'OL 300' });
    expect(normalizeRecord('events', { type: 'VIEW', date: '2026-11-22', customer_id: 'C-1', product_id: 'OL 300' }, ctx)).toMatchObject({ ok: true });
  });

  it('trims ids, takes whole numbers as text, and refuses empty, over-long or non-text ids with a reason', () => {
    expect(product('  KS.3801 ')).toMatchObject({ ok: true, record: { external_id: 'KS.3801' } });
    expect(product(3801)).toMatchObject({ ok: true, record: { external_id: '3801' } });
    expect(product('   ')).toEqual({ ok: false, errors: ['external_id: required'] });
    expect(product('x'.repeat(256))).toEqual({ ok: false, errors: ['external_id: must be at most 255 characters'] });
    // Characters, not UTF-16 units: 255 emoji are 255 characters.
    expect(product('👟'.repeat(255))).toMatchObject({ ok: true });
    expect(product(38.01)).toEqual({ ok: false, errors: ['external_id: must be text (an id)'] });
    expect(product(true)).toEqual({ ok: false, errors: ['external_id: must be text (an id)'] });
    expect(product(['KS.3801'])).toEqual({ ok: false, errors: ['external_id: must be text (an id)'] });
  });

  it('a customer external_id (and what names a customer) stays letters, digits and dashes', () => {
    const refused = ['external_id: must be letters, digits or dashes'];
    expect(normalizeRecord('customers', { external_id: 'a b' }, ctx)).toEqual({ ok: false, errors: refused });
    expect(normalizeRecord('customers', { external_id: 'KS.3801' }, ctx)).toEqual({ ok: false, errors: refused });
    expect(normalizeRecord('customers', { external_id: 'Kenkä' }, ctx)).toEqual({ ok: false, errors: refused });
    expect(normalizeRecord('sales', { ...base.sales, sale_customer_id: 'a b' }, ctx)).toEqual({ ok: false, errors: ['sale_customer_id: must be letters, digits or dashes'] });
    expect(normalizeRecord('events', { type: 'VISIT', date: '2026-11-22', customer_id: 'a b' }, ctx)).toEqual({ ok: false, errors: ['customer_id: must be letters, digits or dashes'] });
  });

  it('an event names its customer by customer_token alone', () => {
    expect(normalizeRecord('events', { type: 'VISIT', date: '2026-11-22', customer_token: 'tok-1' }, ctx)).toMatchObject({ ok: true, record: { customer_token: 'tok-1' } });
    expect(normalizeRecord('events', { type: 'VISIT', date: '2026-11-22' }, ctx)).toEqual({ ok: false, errors: ['one of customer_id, phone_number, email, customer_token is required'] });
  });
});

describe('money in integer cents', () => {
  const money = (value: unknown) => normalizeField('money', value, ctx);

  it('a value with decimals is in currency units; a whole number is cents already (Custobar’s own form)', () => {
    expect(money('10.50')).toEqual({ ok: true, value: 1050 });
    expect(money('10,50')).toEqual({ ok: true, value: 1050 });
    expect(money(10.5)).toEqual({ ok: true, value: 1050 });
    expect(money('10.5')).toEqual({ ok: true, value: 1050 });
    expect(money(1050)).toEqual({ ok: true, value: 1050 });
    expect(money('1050')).toEqual({ ok: true, value: 1050 });
    // A whole number written without decimals is not euros: "10" is ten cents.
    expect(money('10')).toEqual({ ok: true, value: 10 });
    expect(money('-2.00')).toEqual({ ok: true, value: -200 });
    expect(money('10.505')).toEqual({ ok: false, reason: 'has more than two decimals' });
    expect(money(true)).toEqual({ ok: false, reason: 'must be an amount such as 1990 (cents) or "19.90"' });
  });

  it('every money field of products and sales is in cents', () => {
    const moneyFields = (type: ExportType) => Object.entries(specs[type].fields).filter(([, kind]) => kind === 'money').map(([f]) => f);
    expect(moneyFields('products').sort()).toEqual(['price', 'sale_price']);
    expect(moneyFields('sales').sort()).toEqual(['discount', 'sale_discount', 'sale_shipping', 'sale_shipping_in_currency', 'sale_total', 'total', 'unit_price', 'unit_price_in_currency']);
    const row = normalizeRecord('sales', { ...base.sales, ...Object.fromEntries(moneyFields('sales').map((f) => [f, '19.90'])) }, ctx);
    expect(row.ok && moneyFields('sales').map((f) => row.record[f])).toEqual(moneyFields('sales').map(() => 1990));
  });
});

describe('sale-level and row-level fields', () => {
  it('SALE_LEVEL_FIELDS and SALE_ROW_FIELDS split the sales fields between them', () => {
    expect([...SALE_LEVEL_FIELDS, ...SALE_ROW_FIELDS].sort()).toEqual(Object.keys(specs.sales.fields).sort());
    expect(SALE_LEVEL_FIELDS.filter((f) => (SALE_ROW_FIELDS as readonly string[]).includes(f))).toEqual([]);
    expect(SALE_LEVEL_FIELDS.every((f) => f.startsWith('sale_'))).toBe(true);
    expect(SALE_ROW_FIELDS.some((f) => f.startsWith('sale_'))).toBe(false);
    for (const f of ['sale_external_id', 'sale_date', 'sale_customer_id', 'sale_phone_number', 'sale_email', 'sale_shop_id']) expect(SALE_LEVEL_FIELDS).toContain(f);
  });
});

describe('shops', () => {
  it('need only an external id; a name is optional, as Custobar documents', () => {
    expect(normalizeRecord('shops', { external_id: 'S1' }, ctx)).toMatchObject({ ok: true, record: { external_id: 'S1' } });
    expect(normalizeRecord('shops', { name: 'Main street' }, ctx)).toEqual({ ok: false, errors: ['external_id: required'] });
  });
});

/** One record of each type with every documented field, as a POS might send it (JSON). */
const full: Record<ExportType, { input: Record<string, unknown>; record: Record<string, unknown> }> = {
  customers: {
    input: {
      external_id: 'C-7', phone_number: '040 123 4567', email: 'Aino@Example.fi', canonical_id: 'CAN-7', first_name: 'Aino', last_name: 'Virtanen',
      shop_id: 'Shop 1', city: 'Oulu', company: 'Oy Ab', gender: 'f', house_number: 12, house_number_addition: 'B', province: 'Pohjois-Pohjanmaa',
      street_address: 'Kauppakatu 12 B', street_name: 'Kauppakatu', vat_number: 'FI12345678', zip_code: '90100',
      can_email: true, can_post: 'no', can_profile: 'yes', can_push: false, can_sms: '1', is_forgotten: false, is_deleted: false,
      date_joined: '2024-05-01 12:00', last_login: '2026-11-22T08:00:00Z', birth_date: '1990-04-30', country: 'FI', language: 'fi',
      mailing_lists: 'news', tags: ['vip'], 'tags.add': ['garden'], 'tags.remove': 'old', 'mailing_lists.add': ['offers'], 'mailing_lists.remove': 'spam',
      ACME__tier: 'gold',
    },
    record: {
      external_id: 'C-7', phone_number: '+358401234567', email: 'aino@example.fi', canonical_id: 'CAN-7', first_name: 'Aino', last_name: 'Virtanen',
      shop_id: 'Shop 1', city: 'Oulu', company: 'Oy Ab', gender: 'f', house_number: '12', house_number_addition: 'B', province: 'Pohjois-Pohjanmaa',
      street_address: 'Kauppakatu 12 B', street_name: 'Kauppakatu', vat_number: 'FI12345678', zip_code: '90100',
      can_email: true, can_post: false, can_profile: true, can_push: false, can_sms: true, is_forgotten: false, is_deleted: false,
      date_joined: '2024-05-01T12:00:00+03:00', last_login: '2026-11-22T10:00:00+02:00', birth_date: '1990-04-30', country: 'fi', language: 'fi',
      mailing_lists: ['news'], tags: ['vip'], 'tags.add': ['garden'], 'tags.remove': ['old'], 'mailing_lists.add': ['offers'], 'mailing_lists.remove': ['spam'],
      ACME__tier: 'gold',
    },
  },
  products: {
    input: {
      external_id: 'KS.3801', price: '54.90', type: 'simple', category: ['Dogs', 'Food'], category_id: ['12', '13'], vendor: 'Acme', ean: '6417182001239',
      sku: 'SKU-3801', shop_id: 'Shop 1', brand: 'Acme', title: 'Dog food 10 kg', image: 'https://cdn.example.com/ks3801.jpg', date: '2026-11-01',
      url: 'https://shop.example.com/p/KS.3801', sale_price: '49,90', description: 'Dry food.', short_description: 'Dry', rating: 4.5,
      visible: true, in_stock: 'yes', stock: [{ shop_id: 'Shop 1', quantity: 4 }], tags: ['new'], unit: 'kg', language: 'fi', ACME__margin: 12,
    },
    record: {
      external_id: 'KS.3801', price: 5490, type: 'simple', category: ['Dogs', 'Food'], category_id: ['12', '13'], vendor: 'Acme', ean: '6417182001239',
      sku: 'SKU-3801', shop_id: 'Shop 1', brand: 'Acme', title: 'Dog food 10 kg', image: 'https://cdn.example.com/ks3801.jpg', date: '2026-11-01T00:00:00+02:00',
      url: 'https://shop.example.com/p/KS.3801', sale_price: 4990, description: 'Dry food.', short_description: 'Dry', rating: 4.5,
      visible: true, in_stock: true, stock: [{ shop_id: 'Shop 1', quantity: 4 }], tags: ['new'], unit: 'kg', language: 'fi', ACME__margin: 12,
    },
  },
  sales: {
    input: {
      sale_external_id: 'R 1001', sale_date: '2026-11-22 14:05', sale_customer_id: 'C-7', sale_phone_number: '0401234567', sale_email: 'aino@example.fi',
      sale_shop_id: 'Shop 1', sale_total: '109.80', sale_discount: '10.00', sale_payment_method: 'card', sale_state: 'COMPLETE', sale_coupon_codes: ['XMAS'],
      sale_currency: 'sek', sale_exchange_rate: 0.087, sale_shipping: '4.90', sale_shipping_method: 'post', sale_shipping_in_currency: '56.30',
      external_id: 'R 1001.1', product_id: 'OL 300', product_sku: 'SKU-300', product_ean: '4006381333931', quantity: 2, unit_price: '54.90',
      unit_price_in_currency: '631.00', discount: '0.00', total: '109.80', tags: ['promo'], ACME__till: 'T-2',
    },
    record: {
      sale_external_id: 'R 1001', sale_date: '2026-11-22T14:05:00+02:00', sale_customer_id: 'C-7', sale_phone_number: '+358401234567', sale_email: 'aino@example.fi',
      sale_shop_id: 'Shop 1', sale_total: 10980, sale_discount: 1000, sale_payment_method: 'card', sale_state: 'COMPLETE', sale_coupon_codes: ['XMAS'],
      sale_currency: 'SEK', sale_exchange_rate: 0.087, sale_shipping: 490, sale_shipping_method: 'post', sale_shipping_in_currency: 5630,
      external_id: 'R 1001.1', product_id: 'OL 300', product_sku: 'SKU-300', product_ean: '4006381333931', quantity: 2, unit_price: 5490,
      unit_price_in_currency: 63100, discount: 0, total: 10980, tags: ['promo'], ACME__till: 'T-2',
    },
  },
  shops: {
    input: {
      external_id: 'Shop 1', name: 'Main street', email: 'shop1@example.fi', shop_type: 'offline', phone_number: '08 123 4567',
      street_address: 'Kauppakatu 1', city: 'Oulu', country: 'fi', is_hidden: 'false', ACME__region: 'north',
    },
    record: {
      external_id: 'Shop 1', name: 'Main street', email: 'shop1@example.fi', shop_type: 'offline', phone_number: '+35881234567',
      street_address: 'Kauppakatu 1', city: 'Oulu', country: 'fi', is_hidden: false, ACME__region: 'north',
    },
  },
  events: {
    input: {
      type: 'product_view', date: '2026-11-22 14:05', customer_id: 'C-7', phone_number: '0401234567', email: 'aino@example.fi', customer_token: 'tok.9f',
      label: 'Dog food', product_ean: '6417182001239', product_id: 'KS.3801', path: '/p/KS.3801', url: 'https://shop.example.com/p/KS.3801',
      utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'xmas', utm_term: 'dog food', utm_content: 'banner',
      sale_id: 'R 1001', tracking_number: 'JJFI123', sentiment_value: 0.8, ACME__screen: 'kiosk', till: 'T-2',
    },
    record: {
      type: 'PRODUCT_VIEW', date: '2026-11-22T14:05:00+02:00', customer_id: 'C-7', phone_number: '+358401234567', email: 'aino@example.fi', customer_token: 'tok.9f',
      label: 'Dog food', product_ean: '6417182001239', product_id: 'KS.3801', path: '/p/KS.3801', url: 'https://shop.example.com/p/KS.3801',
      utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'xmas', utm_term: 'dog food', utm_content: 'banner',
      sale_id: 'R 1001', tracking_number: 'JJFI123', sentiment_value: 0.8, ACME__screen: 'kiosk', till: 'T-2',
    },
  },
};

describe('one whole record of each type with every documented field', () => {
  it.each(types)('%s: normalizeRecord takes it, converts each field, and the simulator accepts the result', (type) => {
    const documentedNames = documented[type].map(([field]) => field);
    expect(documentedNames.filter((f) => !(f in full[type].input))).toEqual([]);
    const r = normalizeRecord(type, full[type].input, ctx, type === 'sales' ? createRowNumbering() : undefined);
    expect(r).toMatchObject({ ok: true });
    if (!r.ok) return;
    expect(r.record).toEqual(full[type].record);
    expect(r.warnings).toBeUndefined();
    expect(validateRecord(type, r.record)).toBeNull();
  });
});

describe('the simulator accepts what Custobar documents', () => {
  for (const type of types) {
    it(`${type}: it knows the same documented fields as the app`, () => {
      expect(documentedFields(type).sort()).toEqual(documented[type].map(([field]) => field).sort());
    });

    it.each(documented[type])(`${type}.%s: the app's form of a valid value is accepted`, (field, valid) => {
      const r = normalizeRecord(type, { ...base[type], [field]: valid }, ctx);
      expect(r.ok && validateRecord(type, r.record)).toBeNull();
    });
  }

  it('refuses a field Custobar does not document, but takes company fields, event fields and the account’s own fields', () => {
    expect(validateRecord('customers', { external_id: 'C-1', phone_numbr: '+358401234567' })).toBe('phone_numbr: unknown field');
    expect(validateRecord('products', { external_id: 'P-1', price: 1, colour: 'red' })).toBe('colour: unknown field');
    expect(validateRecord('sales', { ...base.sales, till: 'T-2' })).toBe('till: unknown field');
    expect(validateRecord('shops', { external_id: 'S-1', 'bad field': 1 })).toBe('bad field: unknown field');
    expect(validateRecord('products', { external_id: 'P-1', price: 1, ACME__colour: 'red' })).toBeNull();
    expect(validateRecord('events', { ...base.events, till: 'T-2' })).toBeNull();
    expect(validateRecord('events', { ...base.events, 'bad field': 1 })).toBe('bad field: unknown field');
    expect(validateRecord('customers', { external_id: 'C-1', loyalty_card: 'L-1' }, ['loyalty_card'])).toBeNull();
    expect(validateRecord('customers', { external_id: 'C-1', ACME__x: { nested: 1 } })).toBe('ACME__x: expected a simple value');
    // Names that are Object.prototype members are unknown fields, not checks.
    expect(validateRecord('customers', { external_id: 'C-1', toString: 'x' })).toBe('toString: unknown field');
  });

  it('takes any non-empty string as a product, sale or shop id, but a customer id stays letters, digits and dashes', () => {
    expect(validateRecord('products', { external_id: 'KS.3801', price: 1 })).toBeNull();
    expect(validateRecord('products', { external_id: 'OL 300', price: 1 })).toBeNull();
    expect(validateRecord('sales', { sale_external_id: 'R 1', sale_date: '2026-11-22', external_id: 'R 1.1', product_id: 'KS.3801' })).toBeNull();
    expect(validateRecord('shops', { external_id: 'Shop 1' })).toBeNull();
    expect(validateRecord('products', { external_id: '   ', price: 1 })).toBe('external_id: expected a non-empty string of at most 255 characters');
    expect(validateRecord('customers', { external_id: 'a b' })).toBe('external_id: expected letters, digits or dashes');
    expect(validateRecord('events', { type: 'VISIT', date: '2026-11-22', customer_token: 'tok.9f' })).toBeNull();
  });

  it('refuses money that is not in cents and lists where Custobar takes none', () => {
    expect(validateRecord('products', { external_id: 'P-1', price: 19.9 })).toBe('price: expected an integer (money in cents)');
    expect(validateRecord('sales', { ...base.sales, sale_shipping: '4.90' })).toBe('sale_shipping: expected an integer (money in cents)');
    expect(validateRecord('products', { external_id: 'P-1', price: 1, category: ['Dogs', 'Food'], tags: ['a'] })).toBeNull();
    expect(validateRecord('products', { external_id: 'P-1', price: 1, title: ['Dogs'] })).toBe('title: expected a string');
    expect(validateRecord('shops', { external_id: 'S-1', shop_type: 'popup' })).toBe('shop_type: expected offline or online');
  });
});
