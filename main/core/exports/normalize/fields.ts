import { hasValidCheckDigit } from '../../common/gs1';
import { toDate, toZonedIso } from '../../common/dates';
import { toCents } from '../../common/money';
import { toE164 } from '../../common/phone';

export interface NormalizeContext {
  timeZone: string;
  defaultCountry: string;
  /** CSV cells are all strings, and an empty cell means "no value", not "clear the field". */
  fromCsv: boolean;
  /** POS field name → Custobar field name, applied before anything else (e.g. state → province). */
  fieldMap?: Readonly<Record<string, string>>;
  /** A field Custobar does not document: dropped with a warning (default), or the record refused. */
  unknownFields?: 'drop' | 'refuse';
  /** Custom fields this tenant is known to have (the card field), accepted as they are. */
  extraFields?: readonly string[];
}

export type FieldResult = { ok: true; value: unknown } | { ok: false; reason: string } | { ok: true; omit: true };

export type FieldKind =
  /** A customer's external_id (and what names one): letters, digits and dashes, as Custobar requires. */
  | 'id'
  /** Any other id (a product, sale, sale row or shop): any non-empty text of at most 255 characters. */
  | 'textId'
  | 'string'
  /** One text or a list of texts, kept as given: a text is never split (a category may hold a comma). */
  | 'textOrList'
  /** An absolute http(s) address. */
  | 'url'
  /** A shop's kind: offline or online. */
  | 'shopType'
  /** A three-letter ISO 4217 currency code, upper case (EUR). */
  | 'currency'
  | 'bool'
  | 'money'
  | 'int'
  | 'number'
  | 'datetime'
  | 'date'
  | 'phone'
  | 'email'
  | 'country'
  | 'language'
  | 'strlist'
  | 'strOrList'
  | 'ean'
  | 'stock'
  | 'eventType';

const ok = (value: unknown): FieldResult => ({ ok: true, value });
const bad = (reason: string): FieldResult => ({ ok: false, reason });

/** The longest id Custobar's ids may be, counted in characters (not UTF-16 units). */
export const MAX_ID_CHARS = 255;

const TRUE = new Set(['true', '1', 'yes', 'y', 'x']);
const FALSE = new Set(['false', '0', 'no', 'n']);

function listOf(value: unknown): string[] | null {
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string') ? value.map((v) => v.trim()).filter(Boolean) : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text.startsWith('[')) {
    try {
      return listOf(JSON.parse(text));
    } catch {
      return null;
    }
  }
  return text.split(/[;,|]/).map((v) => v.trim()).filter(Boolean);
}

/** A text or number as trimmed text (ids are often numbers in a POS); anything else is null. */
function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** A text, or a list of texts (or a JSON list in one text, as a CSV cell holds one); never split on commas. */
function textOrList(value: unknown): string | string[] | null {
  if (Array.isArray(value)) {
    const items = value.map(textOf);
    return items.every((v): v is string => v !== null) ? items.filter(Boolean) : null;
  }
  const text = textOf(value);
  if (text !== null && text.startsWith('[') && text.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(text);
      return Array.isArray(parsed) ? textOrList(parsed) : null;
    } catch {
      return null;
    }
  }
  return text;
}

/** Checks and converts one field value to what Custobar expects. */
export function normalizeField(kind: FieldKind, value: unknown, ctx: NormalizeContext): FieldResult {
  if (value === null || value === undefined) return { ok: true, omit: true };
  if (typeof value === 'string' && value.trim() === '') {
    // JSON "" clears a field in Custobar; an empty CSV cell is just empty. Neither turns a boolean false.
    return ctx.fromCsv || kind === 'bool' ? { ok: true, omit: true } : ok('');
  }
  switch (kind) {
    case 'id': {
      const id = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
      return typeof id === 'string' && /^[A-Za-z0-9-]{1,255}$/.test(id.trim()) ? ok(id.trim()) : bad('must be letters, digits or dashes');
    }
    case 'textId': {
      const id = typeof value === 'number' ? (Number.isSafeInteger(value) ? String(value) : null) : textOf(value);
      if (id === null) return bad('must be text (an id)');
      // Characters, not UTF-16 units; no text has more characters than units, so a short one needs no count.
      return id.length <= MAX_ID_CHARS || [...id].length <= MAX_ID_CHARS ? ok(id) : bad(`must be at most ${MAX_ID_CHARS} characters`);
    }
    case 'string':
      return typeof value === 'string' || typeof value === 'number' ? ok(String(value).trim()) : bad('must be text');
    case 'textOrList': {
      const v = textOrList(value);
      if (v !== null) return ok(v);
      return typeof value === 'string' ? bad('must be a JSON list of texts such as ["a","b"] when it starts with [') : bad('must be text or a list of texts');
    }
    case 'url': {
      const text = typeof value === 'string' ? value.trim() : '';
      let url: URL | null = null;
      try {
        url = new URL(text);
      } catch {
        url = null;
      }
      return url && (url.protocol === 'http:' || url.protocol === 'https:') && !/\s/.test(text) ? ok(text) : bad('must be an http(s) address such as https://example.com/p/1');
    }
    case 'shopType': {
      const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
      return text === 'offline' || text === 'online' ? ok(text) : bad('must be offline or online');
    }
    case 'currency':
      return typeof value === 'string' && /^[A-Za-z]{3}$/.test(value.trim()) ? ok(value.trim().toUpperCase()) : bad('must be a three-letter currency code such as EUR');
    case 'bool': {
      if (typeof value === 'boolean') return ok(value);
      const text = String(value).trim().toLowerCase();
      if (TRUE.has(text)) return ok(true);
      if (FALSE.has(text)) return ok(false);
      return bad('must be true or false');
    }
    case 'money': {
      const cents = toCents(value);
      return cents.ok ? ok(cents.cents) : bad(cents.reason);
    }
    case 'int': {
      const n = typeof value === 'string' ? Number(value.trim()) : value;
      return typeof n === 'number' && Number.isSafeInteger(n) ? ok(n) : bad('must be a whole number');
    }
    case 'number': {
      const n = typeof value === 'string' ? Number(value.trim().replace(',', '.')) : value;
      return typeof n === 'number' && Number.isFinite(n) ? ok(n) : bad('must be a number');
    }
    case 'datetime': {
      const d = toZonedIso(value, ctx.timeZone);
      return d.ok ? ok(d.value) : bad(d.reason);
    }
    case 'date': {
      const d = toDate(value);
      return d.ok ? ok(d.value) : bad(d.reason);
    }
    case 'phone': {
      if (typeof value !== 'string' && typeof value !== 'number') return bad('must be a phone number');
      const e164 = toE164(String(value), ctx.defaultCountry);
      return e164 ? ok(e164) : bad(`"${String(value).slice(0, 30)}" is not a valid phone number`);
    }
    case 'email':
      return typeof value === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim()) ? ok(value.trim().toLowerCase()) : bad('is not an e-mail address');
    case 'country':
      return typeof value === 'string' && /^[A-Za-z]{2}$/.test(value.trim()) ? ok(value.trim().toLowerCase()) : bad('must be a two-letter country code');
    case 'language':
      return typeof value === 'string' && /^[A-Za-z]{2}([-_][A-Za-z]{2})?$/.test(value.trim()) ? ok(value.trim().toLowerCase()) : bad('must be a language code such as fi');
    case 'strlist':
    case 'strOrList': {
      const list = listOf(value);
      return list ? ok(list) : bad('must be a list of text values');
    }
    case 'ean': {
      const text = typeof value === 'number' ? String(value) : value;
      if (typeof text !== 'string' || !/^\d{8}$|^\d{12,14}$/.test(text.trim())) return bad('must be an EAN of 8, 12, 13 or 14 digits');
      return hasValidCheckDigit(text.trim()) ? ok(text.trim()) : bad(`EAN ${text.trim()} has a wrong check digit`);
    }
    case 'stock': {
      let stock = value;
      if (typeof stock === 'string') {
        try {
          stock = JSON.parse(stock);
        } catch {
          return bad('must be a list of {shop_id, quantity}');
        }
      }
      if (!Array.isArray(stock)) return bad('must be a list of {shop_id, quantity}');
      const rows = stock.map((s: unknown) => s as Record<string, unknown>);
      return rows.every((s) => s && typeof s === 'object' && (typeof s.shop_id === 'string' || typeof s.shop_id === 'number') && Number.isFinite(Number(s.quantity)))
        ? ok(rows.map((s) => ({ shop_id: String(s.shop_id), quantity: Number(s.quantity) })))
        : bad('must be a list of {shop_id, quantity}');
    }
    case 'eventType':
      return typeof value === 'string' && /^[A-Za-z0-9_]{1,64}$/.test(value.trim()) ? ok(value.trim().toUpperCase()) : bad('must be an event type such as BENEFIT_REDEEMED');
  }
}
