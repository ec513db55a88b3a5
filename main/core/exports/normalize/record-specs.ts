import type { ExportType } from '../../custobar/types';
import type { FieldKind } from './fields';

/**
 * Custobar's documented upload fields per type, with the kind each must have.
 * Fields not listed are allowed when they are company fields (COMPANY__field), the tenant's card field
 * or any field of an event, and hold a simple value (normalize.ts); any other is dropped or refused.
 */
export interface RecordSpec {
  fields: Record<string, FieldKind>;
  required: string[];
  /** At least one of these identifies the record. */
  oneOf?: string[];
}

const customerStrings = [
  'canonical_id', 'first_name', 'last_name', 'shop_id', 'city', 'company', 'gender', 'house_number',
  'house_number_addition', 'province', 'street_address', 'street_name', 'vat_number', 'zip_code',
];

/**
 * A sale's fields, as opposed to its rows' fields: Custobar takes one row per line item, and every row
 * carries these (the same on each row of one sale). A sale sent as a head with lines spreads them.
 */
export const SALE_LEVEL_FIELDS = [
  'sale_external_id', 'sale_date', 'sale_customer_id', 'sale_phone_number', 'sale_email', 'sale_shop_id',
  'sale_total', 'sale_discount', 'sale_payment_method', 'sale_state', 'sale_coupon_codes',
  'sale_currency', 'sale_exchange_rate', 'sale_shipping', 'sale_shipping_method', 'sale_shipping_in_currency',
] as const;

/** The fields of one sale row (one line item). */
export const SALE_ROW_FIELDS = [
  'external_id', 'product_id', 'product_sku', 'product_ean', 'quantity', 'unit_price', 'unit_price_in_currency',
  'discount', 'total', 'tags',
] as const;

const saleLevelKinds: Record<(typeof SALE_LEVEL_FIELDS)[number], FieldKind> = {
  sale_external_id: 'textId', sale_date: 'datetime',
  // The sale's customer is a customer's external_id, so the customer id rule applies.
  sale_customer_id: 'id', sale_phone_number: 'phone', sale_email: 'email', sale_shop_id: 'textId',
  sale_total: 'money', sale_discount: 'money', sale_payment_method: 'string', sale_state: 'string', sale_coupon_codes: 'strlist',
  sale_currency: 'currency', sale_exchange_rate: 'number',
  sale_shipping: 'money', sale_shipping_method: 'string', sale_shipping_in_currency: 'money',
};

const saleRowKinds: Record<(typeof SALE_ROW_FIELDS)[number], FieldKind> = {
  external_id: 'textId', product_id: 'textId', product_sku: 'string', product_ean: 'ean',
  quantity: 'number', unit_price: 'money', unit_price_in_currency: 'money', discount: 'money', total: 'money', tags: 'strlist',
};

export const specs: Record<ExportType, RecordSpec> = {
  customers: {
    fields: {
      external_id: 'id', phone_number: 'phone', email: 'email',
      ...Object.fromEntries(customerStrings.map((f) => [f, 'string' as const])),
      can_email: 'bool', can_post: 'bool', can_profile: 'bool', can_push: 'bool', can_sms: 'bool', is_forgotten: 'bool', is_deleted: 'bool',
      date_joined: 'datetime', last_login: 'datetime', birth_date: 'date', country: 'country', language: 'language',
      mailing_lists: 'strOrList', tags: 'strlist', 'tags.add': 'strOrList', 'tags.remove': 'strOrList',
      'mailing_lists.add': 'strOrList', 'mailing_lists.remove': 'strOrList',
    },
    required: [],
    oneOf: ['external_id', 'phone_number', 'email'],
  },
  products: {
    fields: {
      external_id: 'textId', price: 'money',
      type: 'string', category: 'textOrList', category_id: 'textOrList', vendor: 'string', ean: 'ean', sku: 'string',
      shop_id: 'textId', brand: 'string', title: 'string', image: 'url', date: 'datetime', url: 'url', sale_price: 'money',
      description: 'string', short_description: 'string', rating: 'number', visible: 'bool', in_stock: 'bool', stock: 'stock',
      tags: 'strlist', unit: 'string', language: 'language',
    },
    required: ['external_id', 'price'],
  },
  sales: {
    fields: { ...saleLevelKinds, ...saleRowKinds },
    required: ['sale_external_id', 'sale_date'],
  },
  shops: {
    fields: {
      external_id: 'textId', name: 'string', email: 'email', shop_type: 'shopType', phone_number: 'phone',
      street_address: 'string', city: 'string', country: 'country', is_hidden: 'bool',
    },
    required: ['external_id'],
  },
  events: {
    fields: {
      type: 'eventType', date: 'datetime',
      // customer_id is a customer's external_id; the token is Custobar's own, taken as it is.
      customer_id: 'id', phone_number: 'phone', email: 'email', customer_token: 'textId',
      label: 'string', product_ean: 'ean', product_id: 'textId', path: 'string', url: 'url',
      utm_source: 'string', utm_medium: 'string', utm_campaign: 'string', utm_term: 'string', utm_content: 'string',
      sale_id: 'textId', tracking_number: 'string', sentiment_value: 'number',
      // Not documented by Custobar, but an event's own id lets a resend be recognised (recordKey).
      external_id: 'string',
    },
    required: ['type', 'date'],
    oneOf: ['customer_id', 'phone_number', 'email', 'customer_token'],
  },
};
