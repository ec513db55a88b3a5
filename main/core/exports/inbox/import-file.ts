import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { IngestDeps, RecordError } from '../ingest';
import { ingestStream } from '../ingest-stream';
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

/**
 * Imports one claimed inbox file: streams and validates it record by record and commits its valid
 * records to the outbox (all of them or, on a full disk or a crash, none), without holding a big
 * file in memory (see ingestStream). Bad records are reported, not imported.
 */
export async function importFile(path: string, name: string, type: ExportType, format: FileFormat, deps: IngestDeps): Promise<FileImport> {
  const result: FileImport = { name, type, format, records: 0, accepted: 0, rejected: 0, errors: [] };
  const sha = await sha256File(path);
  if (deps.store.fileImported(sha)) return { ...result, duplicate: true };
  try {
    const done = await ingestStream(deps, type, readRecords(path, format, type), {
      partial: true,
      source: `inbox:${name}`,
      context: { fromCsv: format === 'csv' },
      file: { sha256: sha, name },
    });
    return { ...result, records: done.received, accepted: done.accepted, rejected: done.rejected, errors: done.errors, ...(done.warnings ? { warnings: done.warnings } : {}) };
  } catch (error) {
    if (error instanceof FileFormatError) return { ...result, fileError: error.message };
    throw error;
  }
}
