import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonBodyError, JsonRecordScanner, jsonRecords } from '../../../main/core/exports/parsers/json-records';

/** Feeds text to the scanner in the given chunk sizes (bytes), as a socket would. */
function scan(text: string | Buffer, cuts: number[] = [], options: Partial<ConstructorParameters<typeof JsonRecordScanner>[0]> = {}) {
  const scanner = new JsonRecordScanner({ type: 'customers', maxDepth: 32, ...options });
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const out: unknown[] = [];
  const valueOf = (r: { value?: unknown; error?: string }) => ("error" in r ? { error: r.error } : r.value);
  let at = 0;
  for (const size of cuts) {
    out.push(...scanner.push(bytes.subarray(at, at + size)).map(valueOf));
    at += size;
  }
  out.push(...scanner.push(bytes.subarray(at)).map(valueOf));
  scanner.end();
  return out;
}
const failure = (text: string, options = {}) => {
  try {
    scan(text, [], options);
  } catch (error) {
    expect(error).toBeInstanceOf(JsonBodyError);
    return (error as JsonBodyError).message;
  }
  throw new Error(`accepted: ${text}`);
};

describe('streaming the records out of a JSON upload', () => {
  it('yields the records of a list or of the wrapped form, however the bytes are cut', () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    fc.assert(
      fc.property(fc.array(json, { maxLength: 12 }), fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 30 }), fc.boolean(), fc.boolean(), (records, cuts, wrapped, pretty) => {
        const list = JSON.stringify(records, null, pretty ? 2 : undefined);
        const text = wrapped ? `{"meta": {"a": [1, {"b": "]"}]}, "customers": ${list}, "more": "x,}"}` : list;
        // JSON.parse is the reference (it also turns -0 into 0 the same way)
        expect(scan(text, cuts)).toEqual(JSON.parse(list));
      }),
      { numRuns: 400 },
    );
  });

  it('keeps a multi-byte character cut between two chunks whole', () => {
    const text = JSON.stringify([{ first_name: 'Äänekoski 🌲 Åsa' }]);
    for (let cut = 1; cut < Buffer.byteLength(text); cut += 1) expect(scan(text, [cut])).toEqual([{ first_name: 'Äänekoski 🌲 Åsa' }]);
  });

  it('skips a UTF-8 byte-order mark, and reads an empty file as no records', () => {
    expect(scan(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[{"a":1}]')]))).toEqual([{ a: 1 }]);
    expect(scan('')).toEqual([]);
    expect(scan('  [ ]  ')).toEqual([]);
    expect(failure('', { requireDocument: true })).toMatch(/expected a JSON list of customers/);
  });

  it('refuses nesting beyond the limit while scanning, before anything parses it', () => {
    expect(failure(`[${'['.repeat(40)}${']'.repeat(40)}]`)).toMatch(/nested more than 32 levels/);
    expect(failure(`${'['.repeat(200_000)}`)).toMatch(/nested more than 32 levels/);
    // Brackets inside strings are text, not nesting.
    expect(scan(`[{"a": "${'['.repeat(100)}"}]`)).toEqual([{ a: '['.repeat(100) }]);
  });

  it('names what is wrong with a body that is not a list of records', () => {
    expect(failure('{"sales": []}')).toMatch(/expected a JSON list of customers, or \{"customers": \[\.\.\.\]\}/);
    expect(failure('"text"')).toMatch(/expected a JSON list/);
    expect(failure('{"customers": {"a": 1}}')).toMatch(/"customers" must hold a list/);
    expect(failure('[{"a": 1},]')).toMatch(/unexpected "\]"/);
    expect(failure('[{"a": 1},,{"b": 2}]')).toMatch(/empty record/);
    expect(failure('[{"a": 1}] x')).toMatch(/unexpected "x"/);
    expect(failure('[{"a": 1}')).toMatch(/ends too early \(in record 1\)/);
    expect(failure('[{"a": 1}, ')).toMatch(/ends too early \(after record 1\)/);
    expect(failure('[{"a": 1}, {"b": nope}]')).toMatch(/record 2 is not valid JSON/);
    expect(failure('[1 2]')).toMatch(/record 1 is not valid JSON/);
  });

  it('bounds a body and a single record by size', () => {
    expect(() => scan(`[${'1,'.repeat(100)}1]`, [], { maxBytes: 50 })).toThrow(expect.objectContaining({ status: 413 }));
    // A record too big to hold is refused on its own (its bytes are let go), and the rest is read on.
    expect(scan(JSON.stringify([{ a: 'x'.repeat(2000) }, { b: 1 }]), [300, 300, 300], { maxRecordBytes: 1000 })).toEqual([
      { error: 'the record is 2,008 bytes of JSON; at most 1,000 per record' },
      { b: 1 },
    ]);
  });

  it('streams: records come out as their chunks arrive, not at the end', async () => {
    async function* slowly() {
      yield '[{"n": 1}, {"n"';
      yield ': 2}, ';
      yield '{"n": 3}]';
    }
    const seen: number[] = [];
    for await (const r of jsonRecords(slowly(), { type: 'customers', maxDepth: 32 })) seen.push(r.index);
    expect(seen).toEqual([0, 1, 2]);
  });
});
