import type { ExportType } from '../../custobar/types';
import type { FieldKind } from './fields';

/**
 * Custobar's documented upload fields per type, with the kind each must have.
 * Fields not listed are allowed when they look like custom or company fields (COMPANY__field) and
 * hold a simple value, because Custobar accounts add their own fields.
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
      external_id: 'id', price: 'money', ean: 'ean', sku: 'string', title: 'string', category: 'string', brand: 'string',
      shop_id: 'string', in_stock: 'bool', stock: 'stock',
    },
    required: ['external_id', 'price'],
  },
  sales: {
    fields: {
      sale_external_id: 'string', sale_date: 'datetime', sale_customer_id: 'id', sale_phone_number: 'phone', sale_email: 'email',
      external_id: 'string', product_id: 'string', quantity: 'number', unit_price: 'money', discount: 'money', total: 'money',
      sale_shop_id: 'string', sale_total: 'money', sale_discount: 'money', sale_payment_method: 'string', sale_state: 'string',
      sale_coupon_codes: 'strlist',
    },
    required: ['sale_external_id', 'sale_date'],
  },
  shops: {
    fields: { external_id: 'id', name: 'string' },
    required: ['external_id', 'name'],
  },
  events: {
    fields: { type: 'eventType', date: 'datetime', customer_id: 'id', phone_number: 'phone', email: 'email', external_id: 'string' },
    required: ['type', 'date'],
    oneOf: ['customer_id', 'phone_number', 'email'],
  },
};
