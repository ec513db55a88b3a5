import { createHash } from 'node:crypto';
import type { CustobarRecord, ExportType } from '../../custobar/types';
import { normalizeField, type NormalizeContext } from './fields';
import { specs } from './record-specs';
import { isSaleLevel } from './sale-rows';

export type Normalized = { ok: true; record: CustobarRecord; key: string; warnings?: string[] } | { ok: false; errors: string[] };

/**
 * The longest text one field may hold. Custobar documents no limit, but refuses oversized uploads
 * (413) again and again; a POS bug that puts a whole file into one name is stopped here, with a reason.
 */
export const MAX_FIELD_CHARS = 10_000;

/** The longest string in a field's value (a list's items count one by one). */
function longestText(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce<number>((n, v) => Math.max(n, typeof v === 'string' ? v.length : 0), 0);
  return 0;
}

/** Company-specific fields, as Custobar names them: COMPANY__field (a short name, two underscores). */
const COMPANY_FIELD = /^[A-Za-z][A-Za-z0-9]*__[A-Za-z0-9_]+$/;

/** Edit distance, for "did you mean": field names are short, so the plain algorithm is enough. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const next = [i];
    for (let j = 1; j <= b.length; j += 1) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** "phone_numbr: not a Custobar field (did you mean phone_number?)". */
function unknownField(name: string, known: readonly string[]): string {
  const nearest = known.map((k) => ({ k, d: distance(name.toLowerCase(), k) })).sort((a, b) => a.d - b.d)[0];
  const hint = nearest && nearest.d <= Math.max(2, Math.floor(name.length / 3)) ? ` (did you mean ${nearest.k}?)` : '';
  return `${name || '(empty column name)'}: not a Custobar field${hint}`;
}

/** Fields that say who a record is about: an empty one counts as absent, never as an identity. */
const IDENTIFIERS: Partial<Record<ExportType, readonly string[]>> = {
  customers: ['external_id', 'phone_number', 'email'],
  events: ['customer_id', 'phone_number', 'email', 'customer_token'],
  sales: ['sale_customer_id', 'sale_phone_number', 'sale_email'],
};

const NONE: readonly string[] = [];
/** What a sale row must have itself (the sale-level fields may come on another row of the sale). */
const SALE_ROW_REQUIRED = specs.sales.required.filter((f) => !isSaleLevel(f));

const present = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

/** What makes a resend an update of the same record (and what coalesces in the outbox). */
export function recordKey(type: ExportType, r: CustobarRecord): string {
  switch (type) {
    case 'customers':
      // Only a non-empty identifier keys a customer: two guests with "" would otherwise be one record.
      return present(r.external_id) ? String(r.external_id) : present(r.phone_number) ? `phone:${String(r.phone_number)}` : `email:${String(r.email)}`;
    case 'sales':
      return `${String(r.sale_external_id)}/${String(r.external_id)}`;
    case 'events':
      // Events have no id of their own: identical content is the same event (a resend).
      return r.external_id !== undefined ? `id:${String(r.external_id)}` : createHash('sha1').update(JSON.stringify(r)).digest('hex');
    default:
      return String(r.external_id);
  }
}

/**
 * Validates one input record against Custobar's rules and converts it (cents, E.164, zoned ISO
 * dates, upper-case event types). Every problem is listed with its field; nothing partial is kept.
 */
export function normalizeRecord(
  type: ExportType,
  input: unknown,
  ctx: NormalizeContext,
  rowNumbering?: (record: CustobarRecord) => CustobarRecord,
): Normalized {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, errors: ['the record must be an object with named fields'] };
  const spec = specs[type];
  const errors: string[] = [];
  const warnings: string[] = [];
  const record: CustobarRecord = {};
  const fields = input as Record<string, unknown>;
  for (const rawName of Object.keys(fields)) {
    const value = fields[rawName];
    // Own keys only: a field called "valueOf" or "constructor" must not find Object's methods.
    const trimmed = rawName.trim();
    const name = ctx.fieldMap && Object.hasOwn(ctx.fieldMap, trimmed) ? ctx.fieldMap[trimmed]! : trimmed;
    const tooLong = longestText(value);
    if (tooLong > MAX_FIELD_CHARS) {
      errors.push(`${name}: ${tooLong.toLocaleString('en-US')} characters; at most ${MAX_FIELD_CHARS.toLocaleString('en-US')} per field`);
      continue;
    }
    const kind = Object.hasOwn(spec.fields, name) ? spec.fields[name] : undefined;
    if (!kind) {
      // Events are the exception: their extra fields are data for the company's automations.
      const free = type === 'events' && /^[A-Za-z][A-Za-z0-9_]*$/.test(name);
      if (!free && !COMPANY_FIELD.test(name) && !ctx.extraFields?.includes(name)) {
        // Custobar refuses the whole batch for a field it does not know: never send one as it is.
        const problem = unknownField(name, Object.keys(spec.fields));
        if (ctx.unknownFields === 'refuse') errors.push(problem);
        else if (value !== undefined && value !== null && value !== '') warnings.push(`${problem}; dropped`);
      } else if (value !== null && value !== undefined && typeof value === 'object') {
        errors.push(`${name}: custom fields must hold a simple value`);
      } else if (value !== undefined && value !== null && !(ctx.fromCsv && value === '')) {
        record[name] = value;
      }
      continue;
    }
    const result = normalizeField(kind, value, ctx);
    if (!result.ok) errors.push(`${name}: ${result.reason}`);
    else if (!('omit' in result)) record[name] = result.value;
  }
  for (const field of IDENTIFIERS[type] ?? NONE) if (record[field] === '') delete record[field];
  // A field that was present but invalid already has its error; "required" is for missing ones.
  const reported = (field: string) => errors.some((e) => e.startsWith(`${field}:`));
  // Rows of an upload (numbered as rows of their sale) are checked as whole sales afterwards
  // (sale-rows.ts): a sale-level field such as sale_date may come on another row of the sale.
  const required = type === 'sales' && rowNumbering ? SALE_ROW_REQUIRED : spec.required;
  for (const field of required) {
    if ((record[field] === undefined || record[field] === '') && !reported(field)) errors.push(`${field}: required`);
  }
  if (spec.oneOf && !spec.oneOf.some((f) => (typeof record[f] === 'string' && record[f] !== '') || reported(f))) {
    errors.push(`one of ${spec.oneOf.join(', ')} is required`);
  }
  if (type === 'sales' && record.external_id === '') errors.push('external_id: must not be empty');
  if (type === 'sales' && record.external_id === undefined && !rowNumbering && !reported('external_id')) errors.push('external_id: required (the row id)');
  if (errors.length > 0) return { ok: false, errors };
  const complete = type === 'sales' && rowNumbering ? rowNumbering(record) : record;
  return warnings.length ? { ok: true, record: complete, key: recordKey(type, complete), warnings } : { ok: true, record: complete, key: recordKey(type, complete) };
}

/**
 * Sales rows need a stable row id so a resend is an upsert. When the POS gives none, the row's
 * position within its sale in this input is used: "<sale_external_id>-<n>".
 */
export function createRowNumbering() {
  const seen = new Map<string, number>();
  return (record: CustobarRecord): CustobarRecord => {
    if (record.external_id !== undefined) return record;
    const sale = String(record.sale_external_id);
    const n = (seen.get(sale) ?? 0) + 1;
    seen.set(sale, n);
    return { ...record, external_id: `${sale}-${n}` };
  };
}
