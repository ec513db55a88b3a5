/**
 * The simulator's own reading of Custobar's documented upload rules (identifiers, field types, cents), written
 * independently of the app's normalizer on purpose: if both shared one implementation, a bug in it
 * would pass every test.
 */
export type UploadType = 'customers' | 'products' | 'sales' | 'shops' | 'events';
export const uploadTypes: readonly UploadType[] = ['customers', 'products', 'sales', 'shops', 'events'];

type Rec = Record<string, unknown>;
type Check = (value: unknown) => string | null;

const isStr: Check = (v) => (typeof v === 'string' ? null : 'expected a string');
const isBool: Check = (v) => (typeof v === 'boolean' ? null : 'expected true or false');
const isInt: Check = (v) => (Number.isInteger(v) ? null : 'expected an integer (money in cents)');
const isNum: Check = (v) => (typeof v === 'number' && Number.isFinite(v) ? null : 'expected a number');
const isId: Check = (v) => (typeof v === 'string' && /^[A-Za-z0-9-]+$/.test(v) ? null : 'expected letters, digits or dashes');
const isPhone: Check = (v) => (typeof v === 'string' && /^\+[1-9]\d{5,14}$/.test(v) ? null : 'expected a country-prefixed phone number');
const isEmail: Check = (v) => (typeof v === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? null : 'expected an e-mail address');
const isDate: Check = (v) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? null : 'expected a date YYYY-MM-DD');
const isDateTime: Check = (v) =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v))
    ? null
    : 'expected an ISO 8601 date or date-time';
const isStrList: Check = (v) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? null : 'expected a list of strings');
const isStrOrList: Check = (v) => (typeof v === 'string' ? null : isStrList(v));
const isStock: Check = (v) =>
  Array.isArray(v) && v.every((s) => typeof s === 'object' && s !== null && typeof (s as Rec).shop_id === 'string' && typeof (s as Rec).quantity === 'number')
    ? null
    : 'expected a list of {shop_id, quantity}';

const customerFields: Record<string, Check> = {
  external_id: isId, phone_number: isPhone, email: isEmail,
  can_email: isBool, can_post: isBool, can_profile: isBool, can_push: isBool, can_sms: isBool, is_forgotten: isBool, is_deleted: isBool,
  date_joined: isDateTime, last_login: isDateTime, birth_date: isDate,
  country: (v) => (typeof v === 'string' && /^[a-zA-Z]{2}$/.test(v) ? null : 'expected a two-letter country code'),
  language: (v) => (typeof v === 'string' && /^[a-zA-Z]{2}([-_][a-zA-Z]{2})?$/.test(v) ? null : 'expected a language code'),
  mailing_lists: isStrOrList, tags: isStrList, 'tags.add': isStrOrList, 'tags.remove': isStrOrList,
  'mailing_lists.add': isStrOrList, 'mailing_lists.remove': isStrOrList,
};
for (const f of ['canonical_id', 'first_name', 'last_name', 'shop_id', 'city', 'company', 'gender', 'house_number', 'house_number_addition', 'province', 'street_address', 'street_name', 'vat_number', 'zip_code']) {
  customerFields[f] = isStr;
}

const productFields: Record<string, Check> = {
  external_id: isId, price: isInt, ean: (v) => (typeof v === 'string' && /^\d{8,14}$/.test(v) ? null : 'expected EAN digits'),
  sku: isStr, title: isStr, category: isStr, brand: isStr, shop_id: isStr, in_stock: isBool, stock: isStock,
};

const saleFields: Record<string, Check> = {
  sale_external_id: isStr, sale_date: isDateTime, sale_customer_id: isId, sale_phone_number: isPhone, sale_email: isEmail,
  external_id: isStr, product_id: isStr, quantity: isNum, unit_price: isInt, discount: isInt, total: isInt,
  sale_shop_id: isStr, sale_total: isInt, sale_discount: isInt, sale_payment_method: isStr, sale_state: isStr, sale_coupon_codes: isStrList,
};

const shopFields: Record<string, Check> = { external_id: isId, name: isStr };

const eventFields: Record<string, Check> = {
  type: (v) => (typeof v === 'string' && /^[A-Z0-9_]+$/.test(v) ? null : 'expected an upper-case event type'),
  date: isDateTime, customer_id: isId, phone_number: isPhone, email: isEmail,
};

const rules: Record<UploadType, { fields: Record<string, Check>; required: string[]; oneOf?: string[] }> = {
  customers: { fields: customerFields, required: [], oneOf: ['external_id', 'phone_number', 'email'] },
  products: { fields: productFields, required: ['external_id', 'price'] },
  sales: { fields: saleFields, required: ['sale_external_id', 'sale_date', 'external_id'] },
  shops: { fields: shopFields, required: ['external_id', 'name'] },
  events: { fields: eventFields, required: ['type', 'date'], oneOf: ['customer_id', 'phone_number', 'email'] },
};

/** Returns a Custobar-style reason for the first problem, or null when the record would be accepted. */
export function validateRecord(type: UploadType, record: unknown): string | null {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return 'expected an object';
  const rec = record as Rec;
  const rule = rules[type];
  for (const field of rule.required) {
    if (rec[field] === undefined || rec[field] === null || rec[field] === '') return `${field}: required`;
  }
  if (rule.oneOf && !rule.oneOf.some((f) => typeof rec[f] === 'string' && rec[f] !== '')) {
    return `one of ${rule.oneOf.join(', ')} is required`;
  }
  for (const [field, value] of Object.entries(rec)) {
    const check = rule.fields[field];
    // "" clears a key in Custobar, so it is valid for any optional field.
    if (value === '' && !rule.required.includes(field)) continue;
    if (check) {
      const problem = check(value);
      if (problem) return `${field}: ${problem}`;
    } else if (!/^[A-Za-z][A-Za-z0-9_]*(__[A-Za-z0-9_]+)?$/.test(field) || (typeof value === 'object' && value !== null && !Array.isArray(value))) {
      return `${field}: unknown field`;
    }
  }
  return null;
}

/** The key that makes a resend an upsert: what Custobar identifies the record by. */
export function recordKey(type: UploadType, rec: Rec): string {
  switch (type) {
    case 'sales':
      return `${String(rec.sale_external_id)}/${String(rec.external_id)}`;
    case 'customers':
      return String(rec.external_id ?? rec.phone_number ?? rec.email);
    case 'events':
      return JSON.stringify([rec.type, rec.date, rec.customer_id ?? rec.phone_number ?? rec.email, rec.external_id ?? null]);
    default:
      return String(rec.external_id);
  }
}
