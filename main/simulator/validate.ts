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
/** A customer's external_id (and a reference to one): Custobar allows letters, digits and dashes. */
const isId: Check = (v) => (typeof v === 'string' && /^[A-Za-z0-9-]+$/.test(v) ? null : 'expected letters, digits or dashes');
/** Any other id (product, sale, sale row, shop): any non-empty string. */
const isTextId: Check = (v) => (typeof v === 'string' && v.trim() !== '' && [...v].length <= 255 ? null : 'expected a non-empty string of at most 255 characters');
const isPhone: Check = (v) => (typeof v === 'string' && /^\+[1-9]\d{5,14}$/.test(v) ? null : 'expected a country-prefixed phone number');
const isEmail: Check = (v) => (typeof v === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? null : 'expected an e-mail address');
const isDate: Check = (v) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? null : 'expected a date YYYY-MM-DD');
const isDateTime: Check = (v) =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v))
    ? null
    : 'expected an ISO 8601 date or date-time';
const isStrList: Check = (v) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? null : 'expected a list of strings');
const isStrOrList: Check = (v) => (typeof v === 'string' ? null : isStrList(v));
const isUrl: Check = (v) => (typeof v === 'string' && /^https?:\/\/[^\s/?#]+[^\s]*$/i.test(v) ? null : 'expected an http(s) URL');
const isEan: Check = (v) => (typeof v === 'string' && /^\d{8,14}$/.test(v) ? null : 'expected EAN digits');
const isCountry: Check = (v) => (typeof v === 'string' && /^[a-zA-Z]{2}$/.test(v) ? null : 'expected a two-letter country code');
const isLanguage: Check = (v) => (typeof v === 'string' && /^[a-zA-Z]{2}([-_][a-zA-Z]{2})?$/.test(v) ? null : 'expected a language code');
const isStock: Check = (v) =>
  Array.isArray(v) && v.every((s) => typeof s === 'object' && s !== null && typeof (s as Rec).shop_id === 'string' && typeof (s as Rec).quantity === 'number')
    ? null
    : 'expected a list of {shop_id, quantity}';

const withStrings = (checks: Record<string, Check>, strings: readonly string[]): Record<string, Check> => ({
  ...Object.fromEntries(strings.map((f) => [f, isStr])),
  ...checks,
});

const customerFields = withStrings(
  {
    external_id: isId, phone_number: isPhone, email: isEmail,
    can_email: isBool, can_post: isBool, can_profile: isBool, can_push: isBool, can_sms: isBool, is_forgotten: isBool, is_deleted: isBool,
    date_joined: isDateTime, last_login: isDateTime, birth_date: isDate, country: isCountry, language: isLanguage,
    mailing_lists: isStrOrList, tags: isStrList, 'tags.add': isStrOrList, 'tags.remove': isStrOrList,
    'mailing_lists.add': isStrOrList, 'mailing_lists.remove': isStrOrList,
  },
  ['canonical_id', 'first_name', 'last_name', 'shop_id', 'city', 'company', 'gender', 'house_number', 'house_number_addition', 'province', 'street_address', 'street_name', 'vat_number', 'zip_code'],
);

const productFields = withStrings(
  {
    external_id: isTextId, price: isInt, category: isStrOrList, category_id: isStrOrList, ean: isEan, shop_id: isTextId,
    image: isUrl, date: isDateTime, url: isUrl, sale_price: isInt, rating: isNum, visible: isBool, in_stock: isBool, stock: isStock,
    tags: isStrList, language: isLanguage,
  },
  ['type', 'vendor', 'sku', 'brand', 'title', 'description', 'short_description', 'unit'],
);

const saleFields = withStrings(
  {
    sale_external_id: isTextId, sale_date: isDateTime, sale_customer_id: isId, sale_phone_number: isPhone, sale_email: isEmail, sale_shop_id: isTextId,
    sale_total: isInt, sale_discount: isInt, sale_coupon_codes: isStrList,
    sale_currency: (v) => (typeof v === 'string' && /^[A-Za-z]{3}$/.test(v) ? null : 'expected a three-letter currency code'),
    sale_exchange_rate: isNum, sale_shipping: isInt, sale_shipping_in_currency: isInt,
    external_id: isTextId, product_id: isTextId, product_ean: isEan, quantity: isNum, unit_price: isInt, unit_price_in_currency: isInt,
    discount: isInt, total: isInt, tags: isStrList,
  },
  ['sale_payment_method', 'sale_state', 'sale_shipping_method', 'product_sku'],
);

const shopFields = withStrings(
  {
    external_id: isTextId, email: isEmail, phone_number: isPhone, country: isCountry, is_hidden: isBool,
    shop_type: (v) => (v === 'offline' || v === 'online' ? null : 'expected offline or online'),
  },
  ['name', 'street_address', 'city'],
);

const eventFields = withStrings(
  {
    type: (v) => (typeof v === 'string' && /^[A-Z0-9_]+$/.test(v) ? null : 'expected an upper-case event type'),
    date: isDateTime, customer_id: isId, phone_number: isPhone, email: isEmail, customer_token: isTextId,
    product_ean: isEan, product_id: isTextId, url: isUrl, sale_id: isTextId, sentiment_value: isNum,
  },
  ['label', 'path', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'tracking_number'],
);

interface Rule {
  fields: Record<string, Check>;
  required: string[];
  oneOf?: string[];
  /** Events carry the company's own fields under any name (their automations read them). */
  freeFields?: boolean;
}

const rules: Record<UploadType, Rule> = {
  customers: { fields: customerFields, required: [], oneOf: ['external_id', 'phone_number', 'email'] },
  products: { fields: productFields, required: ['external_id', 'price'] },
  sales: { fields: saleFields, required: ['sale_external_id', 'sale_date', 'external_id'] },
  shops: { fields: shopFields, required: ['external_id'] },
  events: { fields: eventFields, required: ['type', 'date'], oneOf: ['customer_id', 'phone_number', 'email', 'customer_token'], freeFields: true },
};

/** The documented fields of a type, for tests that compare the app's field list with the simulator's. */
export const documentedFields = (type: UploadType): string[] => Object.keys(rules[type].fields);

/** Company-specific fields, as Custobar names them: COMPANY__field. */
const COMPANY_FIELD = /^[A-Za-z][A-Za-z0-9]*__[A-Za-z0-9_]+$/;
const PLAIN_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Returns a Custobar-style reason for the first problem, or null when the record would be accepted.
 * A field Custobar does not document is refused (the whole batch fails, as in Custobar) unless it is a
 * company field (COMPANY__field), a field of an event, or one of the account's own customFields.
 */
export function validateRecord(type: UploadType, record: unknown, customFields: readonly string[] = []): string | null {
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
    const check = Object.hasOwn(rule.fields, field) ? rule.fields[field] : undefined;
    // "" clears a key in Custobar, so it is valid for any optional field.
    if (value === '' && !rule.required.includes(field)) continue;
    if (check) {
      const problem = check(value);
      if (problem) return `${field}: ${problem}`;
      continue;
    }
    const allowed = COMPANY_FIELD.test(field) || customFields.includes(field) || (rule.freeFields === true && PLAIN_NAME.test(field));
    if (!allowed) return `${field}: unknown field`;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return `${field}: expected a simple value`;
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
