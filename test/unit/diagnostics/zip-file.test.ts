import fs from 'node:fs';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { freePath, safePart, writePrivate, zipAsync, zipName } from '../../../main/core/diagnostics/zip-file';
import { tempDir } from '../../helpers/service-process';

describe('the diagnostics zip file', () => {
  it('is named by shop, till and UTC time, in characters safe for any shell or ticket', () => {
    const at = new Date('2026-12-31T23:59:58.765+02:00');
    expect(zipName('STORE-1', 'TILL_2', at)).toBe('till-companion-diagnostics-STORE-1-TILL_2-20261231T215958Z.zip');
    expect(zipName('Kauppa Ä/../x', '$(rm -rf ~)', at)).toBe('till-companion-diagnostics-Kauppa_x-rm_-rf-20261231T215958Z.zip');
  });

  it('replaces an id with nothing safe in it, and shortens a long one', () => {
    expect(safePart('../..')).toBe('unknown');
    expect(safePart('x'.repeat(100))).toHaveLength(40);
  });

  it('takes the next free name when one is taken', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.zip'), '');
    fs.writeFileSync(path.join(dir, 'a-2.zip'), '');
    expect(await freePath(dir, 'a.zip')).toBe(path.join(dir, 'a-3.zip'));
    expect(await freePath(dir, 'b.zip')).toBe(path.join(dir, 'b.zip'));
  });

  it('zips empty, small and many-chunk entries into one readable archive', async () => {
    // Varied text, so a chunk mixed up or dropped between pushes changes the result.
    const big = Array.from({ length: 20_000 }, (_, i) => `line ${i}\n`).join('');
    const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
    const data = await zipAsync({ 'a.json': encode('{}'), 'empty.txt': encode(''), 'logs/big.log': encode(big) }, new Date());
    const files = unzipSync(data);
    expect(Object.keys(files).sort()).toEqual(['a.json', 'empty.txt', 'logs/big.log']);
    expect(strFromU8(files['a.json']!)).toBe('{}');
    expect(files['empty.txt']).toHaveLength(0);
    expect(strFromU8(files['logs/big.log']!)).toBe(big);
  });

  it('writes the file whole under its final name and leaves no partial file behind', async () => {
    const file = path.join(tempDir(), 'x.zip');
    await writePrivate(file, new Uint8Array([1, 2, 3]));
    expect([...fs.readFileSync(file)]).toEqual([1, 2, 3]);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});
