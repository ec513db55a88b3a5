import { CompanionError } from '../common/errors';
import type { DiskGuard } from '../outbox/disk-guard';
import type { GroupCommit } from '../outbox/group-commit';
import type { OutboxItem, OutboxStore } from '../outbox/outbox-store';
import type { StagingStore } from '../outbox/staging-store';
import type { NormalizeContext } from './normalize/fields';
import { createRowNumbering, normalizeRecord } from './normalize/normalize';
import { mergeSaleFields, missingSaleFields } from './normalize/sale-rows';
import type { ExportType } from '../custobar/types';

export interface RecordError {
  /** Where the record was: its index in the request, or "line 12" in a file. */
  position: string;
  errors: string[];
}

export interface IngestResult {
  received: number;
  accepted: number;
  rejected: number;
  errors: RecordError[];
  /** Fields dropped from accepted records (unknown to Custobar), per record; absent when none. */
  warnings?: RecordError[];
}

/** A record decoded with replacement characters had bytes that were not UTF-8: refuse it, don't guess. */
export function hasInvalidUtf8(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\uFFFD');
  // Deeper than any record can be: not walked (the field is refused as not a simple value anyway).
  if (depth > 32) return false;
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) if (hasInvalidUtf8(v, depth + 1)) return true;
  }
  return false;
}

export interface PreparedRow {
  position: string;
  item: OutboxItem;
}

/** Validates input records one by one; returns the valid ones as outbox items, and every problem. */
export function prepareRecords(
  type: ExportType,
  records: readonly { position: string; value: unknown }[],
  ctx: NormalizeContext,
  source: string,
  numbering = createRowNumbering(),
) {
  const rows: PreparedRow[] = [];
  const errors: RecordError[] = [];
  const warnings: RecordError[] = [];
  for (const { position, value } of records) {
    if (hasInvalidUtf8(value)) {
      errors.push({ position, errors: ['contains bytes that are not valid UTF-8'] });
      continue;
    }
    const result = normalizeRecord(type, value, ctx, numbering);
    if (result.ok) {
      rows.push({ position, item: { type, key: result.key, record: result.record, source } });
      if (result.warnings) warnings.push({ position, errors: result.warnings });
    } else errors.push({ position, errors: result.errors });
  }
  return { rows, errors, warnings };
}

/**
 * Sale rows that are all in memory (one request, one chunk) validated as whole sales: sale-level
 * fields from any row of a sale go on all of its rows; a sale missing one on every row, or rows that
 * disagree, are refused with every row named.
 */
export function completeSales(rows: readonly PreparedRow[], errors: RecordError[]): PreparedRow[] {
  const { sales, conflicts } = mergeSaleFields(rows.map((r) => ({ position: r.position, record: r.item.record })));
  const complete: PreparedRow[] = [];
  rows.forEach((row, i) => {
    const sale = sales.get(String(row.item.record.sale_external_id))!;
    const problems = [...(conflicts.get(i) ?? []), ...missingSaleFields(sale)];
    if (problems.length > 0) errors.push({ position: row.position, errors: problems });
    else complete.push({ position: row.position, item: { ...row.item, record: { ...row.item.record, ...sale.fields } } });
  });
  return complete;
}

/** Validates records all in memory: prepareRecords, then whole sales. */
export function validateInMemory(type: ExportType, records: readonly { position: string; value: unknown }[], ctx: NormalizeContext, source: string) {
  const prepared = prepareRecords(type, records, ctx, source);
  const rows = type === 'sales' ? completeSales(prepared.rows, prepared.errors) : prepared.rows;
  return { items: rows.map((r) => r.item), errors: prepared.errors, warnings: prepared.warnings };
}

export interface IngestDeps {
  store: OutboxStore;
  staging: StagingStore;
  disk: DiskGuard;
  context: () => NormalizeContext;
  /** Tells the dispatcher records arrived (continuous schedules send soon). */
  arrived: (type: ExportType, count: number) => void;
  /** Says on the Status view which unknown fields were dropped. */
  dropped?: (message: string, params?: { type: string; count: number; fields: string }) => void;
  /** Sees every accepted record once committed (the customer cache learns cards from exports). */
  committed?: (items: readonly OutboxItem[]) => void;
  /** A sealed upload could not be moved into the outbox now (a full disk): try again later. */
  moveLater?: (error: unknown) => void;
  /** Commits concurrent small requests together (one transaction, one fsync); without it each commits alone. */
  group?: GroupCommit;
}

export interface IngestOptions {
  partial: boolean;
  source: string;
}

/**
 * The real-time path from the POS, for records already in memory: validate, then commit durably
 * (one transaction) before answering. By default all-or-nothing (any bad record → nothing stored,
 * every problem listed); with `partial` the valid records are stored and the bad ones reported.
 * Throws invalid_input (every bad record) or unavailable (disk full or over the cap).
 */
export function ingest(deps: IngestDeps, type: ExportType, input: readonly unknown[], options: IngestOptions, importedFile?: { sha256: string; name: string }): IngestResult {
  return commitInMemory(deps, type, input.map((value, i) => ({ position: `record ${i}`, value })), options, deps.context(), importedFile);
}

export function commitInMemory(
  deps: IngestDeps,
  type: ExportType,
  input: readonly { position: string; value: unknown }[],
  options: IngestOptions,
  ctx: NormalizeContext,
  importedFile?: { sha256: string; name: string },
): IngestResult {
  const valid = validForCommit(type, input, options, ctx);
  if (valid.items.length > 0) {
    deps.disk.check();
    enqueue(deps, valid.items, importedFile);
  }
  return committedResult(deps, type, input.length, valid);
}

/**
 * commitInMemory for concurrent requests: the records are committed with those of the requests that
 * arrive at the same time, in one transaction (GroupCommit, when deps.group is set). Validation, the
 * cap, the answer and every refusal are the same; a full disk (or the cap) refuses every request of the group.
 */
export async function commitInMemoryGrouped(
  deps: IngestDeps,
  type: ExportType,
  input: readonly { position: string; value: unknown }[],
  options: IngestOptions,
  ctx: NormalizeContext,
  importedFile?: { sha256: string; name: string },
): Promise<IngestResult> {
  const group = deps.group;
  if (!group) return commitInMemory(deps, type, input, options, ctx, importedFile);
  const valid = validForCommit(type, input, options, ctx);
  // The group checks the outbox's cap before its transaction.
  if (valid.items.length > 0) await group.commit(valid.items, importedFile);
  return committedResult(deps, type, input.length, valid);
}

/** The records to commit; throws invalid_input (every problem) when any is bad and the request is not partial. */
function validForCommit(type: ExportType, input: readonly { position: string; value: unknown }[], options: IngestOptions, ctx: NormalizeContext) {
  const valid = validateInMemory(type, input, ctx, options.source);
  if (valid.errors.length > 0 && !options.partial) {
    throw new CompanionError('invalid_input', `${valid.errors.length} of ${input.length} records are invalid; nothing was stored.`, valid.errors);
  }
  return valid;
}

/** After the commit: tell the dispatcher and the cache, warn about dropped fields, and the answer. */
function committedResult(
  deps: IngestDeps,
  type: ExportType,
  received: number,
  { items, errors, warnings }: { items: OutboxItem[]; errors: RecordError[]; warnings: RecordError[] },
): IngestResult {
  if (items.length > 0) {
    deps.arrived(type, items.length);
    deps.committed?.(items);
  }
  if (warnings.length > 0 && items.length > 0) deps.dropped?.(droppedMessage(type, warnings), droppedParams(type, warnings));
  return { received, accepted: items.length, rejected: errors.length, errors, ...(warnings.length ? { warnings } : {}) };
}

/** "Fields Custobar does not know were dropped from 3 sales: mage_foo: not a Custobar field; …". */
export function droppedMessage(type: ExportType, warnings: readonly RecordError[]): string {
  const distinct = [...new Set(warnings.flatMap((w) => w.errors))].slice(0, 5);
  return `Fields Custobar does not know were dropped from ${warnings.length} ${type} record(s): ${distinct.join('; ')}. Rename them with the field map (exports.fieldMap) or fix the export.`;
}

/** The values of droppedMessage for the UI's own words: the type, how many records, the dropped field names. */
export function droppedParams(type: ExportType, warnings: readonly RecordError[]): { type: string; count: number; fields: string } {
  const names = warnings.flatMap((w) => w.errors).map((e) => e.split(':')[0]!.trim());
  return { type, count: warnings.length, fields: [...new Set(names)].slice(0, 5).join(', ') };
}

/**
 * Several types committed in one transaction, in the order given (a joining customer and the events
 * that name them): either all of them are queued or, on any invalid record, none.
 */
export function ingestTogether(deps: IngestDeps, groups: readonly { type: ExportType; records: readonly unknown[] }[], source: string): OutboxItem[] {
  const prepared = groups.map(({ type, records }) => validateInMemory(type, records.map((value, i) => ({ position: `${type} ${i}`, value })), deps.context(), source));
  const errors = prepared.flatMap((p) => p.errors);
  if (errors.length > 0) throw new CompanionError('invalid_input', errors.flatMap((e) => e.errors).join('; '), errors);
  const items = prepared.flatMap((p) => p.items);
  deps.disk.check();
  enqueue(deps, items);
  for (const { type } of groups) deps.arrived(type, items.filter((i) => i.type === type).length);
  deps.committed?.(items);
  return items;
}

/** One transaction; a full disk rolls it back whole and is reported as such (503), not as a crash. */
function enqueue(deps: IngestDeps, items: readonly OutboxItem[], importedFile?: { sha256: string; name: string }): void {
  try {
    deps.store.enqueue(items, importedFile);
  } catch (error) {
    throw deps.disk.diskFull(error) ?? error;
  }
  deps.disk.wrote();
}
