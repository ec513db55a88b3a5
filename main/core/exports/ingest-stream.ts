import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { CompanionError } from '../common/errors';
import { collectGarbage } from '../common/memory';
import { withoutFsync } from '../db/database';
import type { ExportType } from '../custobar/types';
import { commitInMemoryGrouped, droppedMessage, droppedParams, prepareRecords, type IngestDeps, type IngestOptions, type IngestResult, type RecordError } from './ingest';
import type { NormalizeContext } from './normalize/fields';
import { createRowNumbering } from './normalize/normalize';
import { mergeSaleFields, missingSaleFields, SALE_REQUIRED } from './normalize/sale-rows';

/**
 * Records per chunk: validating and staging one chunk holds the event loop for a few milliseconds
 * (see `npm run bench -- exports`), and memory is bounded by one chunk, not by the upload.
 */
export const CHUNK_RECORDS = 200;
/** From this size on, an upload's memory is given back at once when it is done (see collectGarbage). */
const BIG_UPLOAD_RECORDS = 20_000;
/** Problems listed in one answer or errors file; the counts always cover all of them. */
export const MAX_REPORTED_ERRORS = 10_000;

/** What the ingest API calls: records as they stream in, committed before it resolves. */
export type IngestStreamFn = (type: ExportType, records: AsyncIterable<StreamedRecord>, options: IngestOptions) => Promise<IngestResult>;

export type StreamedRecord = { position: string; value: unknown } | { position: string; error: string };

export interface StreamOptions extends IngestOptions {
  /** Overrides for this input (CSV cells are all text). */
  context?: Partial<NormalizeContext>;
  /** The inbox file the records come from: marked imported in the commit, never imported twice. */
  file?: { sha256: string; name: string };
}

/**
 * Ingests records as they are read (a request body, an inbox file), committing all of them or none.
 *
 * - An upload of one chunk or less is validated in memory and committed in one transaction, as
 *   small requests always were; requests arriving at the same time share that transaction and its
 *   fsync (group commit, deps.group).
 * - A bigger one is staged chunk by chunk (validated, its valid records written aside), then sealed
 *   in one tiny transaction — the commit point, after which a crash cannot lose it — and then moved
 *   into the outbox a chunk per transaction (StagingStore). Without `partial`, any bad record means
 *   nothing is sealed and every problem is listed; with `partial`, the valid records are sealed.
 * - Rows of a sale are validated as one sale across chunks (sale-rows.ts).
 *
 * Throws invalid_input (with the problems), unavailable (disk full or over the outbox cap).
 */
export async function ingestStream(deps: IngestDeps, type: ExportType, input: AsyncIterable<StreamedRecord>, options: StreamOptions): Promise<IngestResult> {
  const ctx = { ...deps.context(), ...options.context };
  const iterator = input[Symbol.asyncIterator]();
  const first: StreamedRecord[] = [];
  let ended = false;
  while (first.length <= CHUNK_RECORDS) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    first.push(next.value);
  }
  if (ended) return inMemory(deps, type, first, options, ctx);
  return staged(deps, type, first, iterator, options, ctx);
}

async function inMemory(deps: IngestDeps, type: ExportType, records: StreamedRecord[], options: StreamOptions, ctx: NormalizeContext): Promise<IngestResult> {
  const unreadable: RecordError[] = records.filter((r) => 'error' in r).map((r) => ({ position: r.position, errors: [(r as { error: string }).error] }));
  const readable = records.filter((r): r is { position: string; value: unknown } => 'value' in r);
  if (unreadable.length > 0 && !options.partial) {
    throw new CompanionError('invalid_input', `${unreadable.length} of ${records.length} records are invalid; nothing was stored.`, unreadable);
  }
  try {
    const result = await commitInMemoryGrouped(deps, type, readable, options, ctx, options.file);
    return { ...result, received: records.length, rejected: result.rejected + unreadable.length, errors: [...unreadable, ...result.errors] };
  } catch (error) {
    if (error instanceof CompanionError && error.code === 'invalid_input') {
      const errors = [...unreadable, ...((error.details as RecordError[] | undefined) ?? [])];
      throw new CompanionError('invalid_input', `${errors.length} of ${records.length} records are invalid; nothing was stored.`, errors);
    }
    throw error;
  }
}

async function staged(
  deps: IngestDeps,
  type: ExportType,
  first: StreamedRecord[],
  rest: AsyncIterator<StreamedRecord>,
  options: StreamOptions,
  ctx: NormalizeContext,
): Promise<IngestResult> {
  const { staging } = deps;
  const batch = options.file?.sha256 ?? `ingest:${randomUUID()}`;
  const result: IngestResult = { received: 0, accepted: 0, rejected: 0, errors: [] };
  const warnings: RecordError[] = [];
  const numbering = createRowNumbering();
  let seq = 0;
  let sealed = false;
  const problem = (e: RecordError): void => {
    result.rejected += 1;
    if (result.errors.length < MAX_REPORTED_ERRORS) result.errors.push(e);
  };
  // Once a record is bad, an all-or-nothing upload will not be stored: the rest is only validated.
  const storing = (): boolean => options.partial || result.rejected === 0;

  const stageChunk = (chunk: { position: string; value: unknown }[]): void => {
    const prepared = prepareRecords(type, chunk, ctx, options.source, numbering);
    prepared.errors.forEach(problem);
    for (const w of prepared.warnings) if (warnings.length < MAX_REPORTED_ERRORS) warnings.push(w);
    let rows = prepared.rows;
    if (type === 'sales') {
      const ids = [...new Set(rows.map((r) => String(r.item.record.sale_external_id)))];
      const { sales, conflicts } = mergeSaleFields(
        rows.map((r) => ({ position: r.position, record: r.item.record })),
        staging.sales(batch, ids),
      );
      rows = rows.filter((row, i) => (conflicts.has(i) ? (problem({ position: row.position, errors: conflicts.get(i)! }), false) : true));
      staging.saveSales(batch, [...sales.values()]);
    }
    if (storing() && rows.length > 0) staging.stage(batch, seq, rows.map((r) => r.item));
    seq += rows.length;
    result.accepted += rows.length;
  };

  try {
    deps.disk.check();
    staging.discard(batch);
    let chunk: { position: string; value: unknown }[] = [];
    const take = async (record: StreamedRecord): Promise<void> => {
      result.received += 1;
      if ('error' in record) problem({ position: record.position, errors: [record.error] });
      else chunk.push(record);
      if (chunk.length >= CHUNK_RECORDS) {
        stageChunk(chunk);
        chunk = [];
        await yieldToEventLoop();
      }
    };
    for (const record of first) await take(record);
    for (let next = await rest.next(); !next.done; next = await rest.next()) await take(next.value);
    stageChunk(chunk);

    if (type === 'sales') {
      for (const field of SALE_REQUIRED) {
        const incomplete = staging.salesWithout(batch, field);
        for (const sale of incomplete) {
          problem({ position: sale.firstPosition, errors: missingSaleFields(sale) });
          result.rejected += sale.rows - 1;
          result.accepted -= sale.rows;
        }
        if (options.partial && incomplete.length > 0) staging.dropSales(batch, incomplete.map((s) => s.sale));
      }
    }
    if (result.rejected > 0 && !options.partial) {
      throw new CompanionError('invalid_input', `${result.rejected} of ${result.received} records are invalid; nothing was stored.`, result.errors);
    }
    if (result.accepted > 0) {
      deps.disk.check();
      staging.seal(batch, type, options.source, result.accepted, options.file);
      sealed = true;
      deps.disk.wrote();
    }
  } catch (error) {
    if (!sealed) discardQuietly(deps, batch);
    throw deps.disk.diskFull(error) ?? error;
  }
  if (sealed) await moveBatch(deps, batch, type);
  if (warnings.length > 0 && result.accepted > 0) deps.dropped?.(droppedMessage(type, warnings), droppedParams(type, warnings));
  return warnings.length ? { ...result, warnings } : result;
}

/** On a full disk even the cleanup may fail; the next start drops what was never sealed. */
function discardQuietly(deps: IngestDeps, batch: string): void {
  try {
    deps.staging.discard(batch);
  } catch {
    // left for discardUnsealed() at the next start
  }
}

/**
 * Moves a sealed batch into the outbox, a chunk per transaction, yielding between chunks. The
 * batch is committed already: a move the disk refuses is not the caller's error, and is retried.
 */
export async function moveBatch(deps: IngestDeps, batch: string, type: ExportType): Promise<void> {
  let total = 0;
  try {
    for (;;) {
      const { moved, done, customers } = deps.staging.moveSome(batch, CHUNK_RECORDS, type === 'customers');
      total += moved;
      if (moved > 0) deps.arrived(type, moved);
      // The customer cache is a cache: its writes may skip the fsync too.
      if (customers.length > 0) withoutFsync(deps.store.db, () => deps.committed?.(customers));
      if (done) break;
      await yieldToEventLoop();
    }
    // The page cache filled with the upload's pages, the heap with its garbage: give that memory back.
    deps.store.db.pragma('shrink_memory');
    if (total >= BIG_UPLOAD_RECORDS) collectGarbage();
  } catch (error) {
    deps.moveLater?.(error);
  }
}
