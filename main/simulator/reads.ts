import { isPermissionField, permissionOf, permissionsOf } from './permissions';
import type { CustomerTable, OrderedMap } from './tables';

type Rec = Record<string, unknown>;

/**
 * One table the data API reads from: how a filter value is read off a record, how a record is cut down to
 * the requested fields, and which filter fields an index answers without a scan.
 */
export interface ReadSource {
  table: OrderedMap<Rec>;
  value(rec: Rec, field: string): unknown;
  project(rec: Rec, fields: readonly string[] | undefined): Rec;
  /** The key of the one record that can match `field=wanted`, or null when `field` is not indexed. */
  lookup(field: string, wanted: string): string | undefined | null;
}

export const plainSource = (table: OrderedMap<Rec>, keyField: string | null): ReadSource => ({
  table,
  value: (rec, field) => rec[field],
  project: (rec, fields) => (fields ? Object.fromEntries(fields.filter((f) => f in rec).map((f) => [f, rec[f]])) : rec),
  lookup: (field, wanted) => (field === keyField ? wanted : null),
});

/**
 * Picks records [offset, offset + limit) of the sources read one after another. Without a filter it slices
 * the ordered keys, so a page costs its own size; a filter on an indexed field looks one key up; any other
 * filter walks the records, stopping once it knows whether another page follows.
 */
export function readPage(sources: readonly ReadSource[], filters: readonly [string, string][], offset: number, limit: number): { rows: { rec: Rec; source: ReadSource }[]; more: boolean } {
  const rows: { rec: Rec; source: ReadSource }[] = [];
  let skip = offset;
  if (filters.length === 0) {
    const total = sources.reduce((n, s) => n + s.table.orderedKeys().length, 0);
    for (const source of sources) {
      if (rows.length === limit) break;
      const keys = source.table.orderedKeys();
      if (skip >= keys.length) {
        skip -= keys.length;
        continue;
      }
      const end = Math.min(keys.length, skip + limit - rows.length);
      for (let i = skip; i < end; i += 1) rows.push({ rec: source.table.get(keys[i]!)!, source });
      skip = 0;
    }
    return { rows, more: offset + limit < total };
  }
  for (const source of sources) {
    const matches = (rec: Rec) =>
      filters.every(([field, wanted]) => {
        const v = source.value(rec, field);
        return v !== undefined && String(v) === wanted;
      });
    let candidates: Iterable<Rec> = source.table.values();
    for (const [field, wanted] of filters) {
      const key = source.lookup(field, wanted);
      if (key === null) continue;
      const rec = key === undefined ? undefined : source.table.get(key);
      candidates = rec ? [rec] : [];
      break;
    }
    for (const rec of candidates) {
      if (!matches(rec)) continue;
      if (skip > 0) {
        skip -= 1;
        continue;
      }
      if (rows.length === limit) return { rows, more: true };
      rows.push({ rec, source });
    }
  }
  return { rows, more: false };
}

/**
 * Customers are found by external_id (their key), phone number or e-mail without a scan, and read with
 * every permission present: one never sent is off, which is what Custobar answers for it.
 */
export const customerSource = (table: CustomerTable): ReadSource => ({
  table,
  value: (rec, field) => (isPermissionField(field) ? permissionOf(rec, field) : rec[field]),
  project: (rec, fields) => {
    if (!fields) return { ...rec, ...permissionsOf(rec) };
    const out: Rec = {};
    for (const f of fields) {
      if (isPermissionField(f)) out[f] = permissionOf(rec, f);
      else if (f in rec) out[f] = rec[f];
    }
    return out;
  },
  lookup: (field, wanted) =>
    field === 'external_id' ? wanted : field === 'phone_number' ? table.keyByPhone(wanted) : field === 'email' ? table.keyByEmail(wanted) : null,
});

/**
 * Removed customers: the removal flags are part of every row whatever `fields` asks for, because a row with
 * only an external_id would read as a live customer with its data cleared.
 */
export const tombstoneSource = (table: OrderedMap<Rec>): ReadSource => {
  const plain = plainSource(table, 'external_id');
  return {
    ...plain,
    project: (rec, fields) => {
      const out = { ...plain.project(rec, fields) };
      if (rec.is_deleted === true) out.is_deleted = true;
      if (rec.is_forgotten === true) out.is_forgotten = true;
      return out;
    },
  };
};
