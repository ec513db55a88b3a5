import fs from 'node:fs';
import readline from 'node:readline';
import { JsonBodyError, jsonRecords, MAX_JSON_DEPTH } from './json-records';

/** One record's JSON text: far above any real record (fields are capped at 10,000 characters each). */
export const MAX_RECORD_BYTES = 1024 * 1024;

export type FileFormat = 'json' | 'jsonl' | 'csv';

/** One input record and where it was, for error reports ("line 12", "record 3"). */
export type InputRecord = { position: string; value: unknown } | { position: string; error: string };

/** A problem with the file as a whole (syntax): nothing from it may be imported. */
export class FileFormatError extends Error {}

export function formatOf(name: string): FileFormat | null {
  const ext = name.toLowerCase().split('.').pop();
  if (ext === 'json') return 'json';
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  if (ext === 'csv') return 'csv';
  return null;
}

async function firstBytes(file: string, n: number): Promise<string> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(n);
    const { bytesRead } = await handle.read(buffer, 0, n, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
  } finally {
    await handle.close();
  }
}

/** JSON: a list of records, or Custobar's wrapped form {"sales": [...]}; streamed, never loaded whole. */
async function* readJson(file: string, type: string): AsyncGenerator<InputRecord> {
  try {
    for await (const record of jsonRecords(fs.createReadStream(file, { highWaterMark: 256 * 1024 }), { type, maxDepth: MAX_JSON_DEPTH, maxRecordBytes: MAX_RECORD_BYTES })) {
      yield { ...record, position: `record ${record.index + 1}` };
    }
  } catch (error) {
    if (error instanceof JsonBodyError) throw new FileFormatError(`JSON syntax error: ${error.message}`);
    throw error;
  }
}

/** JSON Lines: one record per line; a bad line is a bad record, not a bad file. */
async function* readJsonl(file: string): AsyncGenerator<InputRecord> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const raw of lines) {
    n += 1;
    const line = (n === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim();
    if (line === '') continue;
    try {
      yield { position: `line ${n}`, value: JSON.parse(line) };
    } catch {
      yield { position: `line ${n}`, error: 'not valid JSON' };
    }
  }
}

/** CSV with a header row of Custobar field names; ";" is detected for spreadsheet exports. */
async function* readCsv(file: string): AsyncGenerator<InputRecord> {
  const header = (await firstBytes(file, 8192)).split(/\r?\n/)[0] ?? '';
  if (header.trim() === '') return;
  const delimiter = (header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? ';' : header.includes('\t') && !header.includes(',') ? '\t' : ',';
  const skipped: InputRecord[] = [];
  // Loaded with the first CSV file, not at start.
  const { parse: parseCsv } = await import('csv-parse');
  const csv = fs.createReadStream(file).pipe(
    parseCsv({
      bom: true,
      columns: (names: string[]) => names.map((c) => c.trim()),
      delimiter,
      skip_empty_lines: true,
      relax_quotes: false,
      info: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        skipped.push({ position: `line ${(error as { lines?: number }).lines ?? '?'}`, error: (error as Error).message });
      },
    }),
  );
  try {
    for await (const { record, info } of csv as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      while (skipped.length) yield skipped.shift()!;
      yield { position: `line ${info.lines}`, value: record };
    }
  } catch (error) {
    throw new FileFormatError(`CSV error: ${(error as Error).message}`);
  }
  while (skipped.length) yield skipped.shift()!;
}

export function readRecords(file: string, format: FileFormat, type: string): AsyncGenerator<InputRecord> {
  if (format === 'json') return readJson(file, type);
  if (format === 'jsonl') return readJsonl(file);
  return readCsv(file);
}
