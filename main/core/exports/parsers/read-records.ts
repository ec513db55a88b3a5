import { parse as parseCsv } from 'csv-parse';
import fs from 'node:fs';
import readline from 'node:readline';
import chain from 'stream-chain';
import { parser } from 'stream-json';
import { pick } from 'stream-json/filters/pick.js';
import { streamArray } from 'stream-json/streamers/stream-array.js';

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
  const start = (await firstBytes(file, 4096)).trimStart();
  if (start === '') return;
  if (start[0] !== '[' && start[0] !== '{') throw new FileFormatError('not JSON: expected a list [...] or {"<type>": [...]}');
  const steps = start[0] === '[' ? [parser(), streamArray()] : [parser(), pick({ filter: type }), streamArray()];
  let count = 0;
  try {
    for await (const item of chain([fs.createReadStream(file), ...steps]) as AsyncIterable<{ key: number; value: unknown }>) {
      count += 1;
      yield { position: `record ${item.key + 1}`, value: item.value };
    }
  } catch (error) {
    throw new FileFormatError(`JSON syntax error after record ${count}: ${(error as Error).message}`);
  }
  if (count === 0 && start[0] === '{' && !new RegExp(`"${type}"\\s*:`).test(start)) {
    throw new FileFormatError(`expected the wrapped form {"${type}": [...]}`);
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
