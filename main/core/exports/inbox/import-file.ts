import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { DiskGuard } from '../../outbox/disk-guard';
import type { OutboxItem, OutboxStore } from '../../outbox/outbox-store';
import type { RecordError } from '../ingest';
import { prepareRecords } from '../ingest';
import type { NormalizeContext } from '../normalize/fields';
import { createRowNumbering } from '../normalize/normalize';
import { FileFormatError, readRecords, type FileFormat } from '../parsers/read-records';
import type { ExportType } from '../../custobar/types';

export interface FileImport {
  name: string;
  type: ExportType;
  format: FileFormat;
  records: number;
  accepted: number;
  rejected: number;
  errors: RecordError[];
  /** Fields dropped from accepted records (unknown to Custobar); written to the errors file too. */
  warnings?: RecordError[];
  /** The file as a whole could not be read: nothing was imported. */
  fileError?: string;
  /** Already imported before (a crash between commit and move): nothing imported again. */
  duplicate?: boolean;
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const STAGE_EVERY = 2000;
const MAX_REPORTED_ERRORS = 10_000;

/**
 * Imports one claimed inbox file: streams and validates it record by record, stages the valid ones,
 * and commits them all to the outbox in one transaction at the end (all of the file's valid records
 * or none of them, without holding a huge file in memory).
 */
export async function importFile(
  path: string,
  name: string,
  type: ExportType,
  format: FileFormat,
  deps: { store: OutboxStore; disk: DiskGuard; context: NormalizeContext; committed?: (items: readonly OutboxItem[]) => void },
): Promise<FileImport> {
  const result: FileImport = { name, type, format, records: 0, accepted: 0, rejected: 0, errors: [] };
  const sha = await sha256File(path);
  if (deps.store.fileImported(sha)) return { ...result, duplicate: true };
  const ctx = { ...deps.context, fromCsv: format === 'csv' };
  deps.store.clearStaging(sha);
  let batch: { position: string; value: unknown }[] = [];
  let staged = 0;
  // One numbering for the whole file: a sale's rows may span staging chunks.
  const numbering = createRowNumbering();
  // Customers of the file, handed to the customer cache once the file is committed (bounded).
  const seen: OutboxItem[] = [];
  const flush = (): void => {
    const { items, errors, warnings } = prepareRecords(type, batch, ctx, `inbox:${name}`, numbering);
    for (const w of warnings) if ((result.warnings ??= []).length < MAX_REPORTED_ERRORS) result.warnings.push(w);
    batch = [];
    if (items.length) deps.store.stage(sha, staged, items);
    if (items.length && type === 'customers') seen.push(...items);
    staged += items.length;
    result.accepted += items.length;
    result.rejected += errors.length;
    for (const e of errors) if (result.errors.length < MAX_REPORTED_ERRORS) result.errors.push(e);
  };
  try {
    for await (const input of readRecords(path, format, type)) {
      result.records += 1;
      if ('error' in input) {
        result.rejected += 1;
        if (result.errors.length < MAX_REPORTED_ERRORS) result.errors.push({ position: input.position, errors: [input.error] });
        continue;
      }
      batch.push(input);
      if (batch.length >= STAGE_EVERY) flush();
    }
    flush();
  } catch (error) {
    discardStaged(deps.store, sha);
    if (error instanceof FileFormatError) return { ...result, accepted: 0, fileError: error.message };
    // A full disk: unavailable with the reason and the Status view's warning; the file is tried again.
    throw deps.disk.diskFull(error) ?? error;
  }
  if (result.accepted > 0) {
    try {
      deps.disk.check();
      deps.store.commitStaged(sha, type, name, result.accepted);
    } catch (error) {
      discardStaged(deps.store, sha);
      throw deps.disk.diskFull(error) ?? error;
    }
    deps.disk.wrote();
    deps.committed?.(seen);
  }
  return result;
}

/** Drops a file's staged rows; if even that is refused (a full disk), the next try of the file or the next start does it. */
function discardStaged(store: OutboxStore, sha: string): void {
  try {
    store.clearStaging(sha);
  } catch {
    // Staged rows are never sent: left over, they only take space until then.
  }
}
