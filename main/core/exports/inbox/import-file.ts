import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { IngestDeps, RecordError } from '../ingest';
import { ingestStream } from '../ingest-stream';
import { FileFormatError, readRecords, type FileFormat } from '../parsers/read-records';
import type { ExportType } from '../../custobar/types';
import { coded, type CodedText } from '../../context/coded-text';

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
  /** Why, as a code: not named as an import file, or not readable as its format. */
  fileErrorCode?: 'inbox_not_import_file' | 'inbox_unreadable';
  /** Already imported before (a crash between commit and move): nothing imported again. */
  duplicate?: boolean;
}

/** The codes of the Status view's inbox line, for the UI's check that it words each one. */
export const INBOX_RESULT_CODES = ['inbox_imported', 'inbox_not_import_file', 'inbox_unreadable'] as const;

/** The Status view's line about the last file, as a code with its values (names and the parser's words stay as they are). */
export function inboxResultText(result: FileImport): CodedText {
  if (result.fileError !== undefined) return coded(result.fileErrorCode ?? 'inbox_unreadable', result.fileError, { name: result.name, detail: result.fileError });
  return coded('inbox_imported', `${result.accepted} accepted, ${result.rejected} rejected`, { accepted: result.accepted, rejected: result.rejected });
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
    if (error instanceof FileFormatError) return { ...result, fileError: error.message, fileErrorCode: 'inbox_unreadable' };
    throw error;
  }
}
